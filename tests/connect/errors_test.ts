import { ok, rejects, strictEqual } from "node:assert/strict";
import {
  AnalysisException,
  ArithmeticException,
  ConnectionError,
  ParseException,
  SparkConnectError,
} from "../../src/connect/errors.ts";
import { SparkSession } from "../../src/connect/session.ts";
import { ConnectionStringError } from "../../src/connect/url.ts";
import { rows, withSpark } from "../helpers/spark.ts";

Deno.test("a syntax error is a ParseException with Spark's class, state and message", async () => {
  await withSpark(async (spark) => {
    const err = await spark.sql("SELEC 1").then(() => null, (e) => e);
    ok(err instanceof ParseException, `got ${err}`);
    strictEqual(err.errorClass, "PARSE_SYNTAX_ERROR");
    strictEqual(err.sqlState, "42601");
    strictEqual(err.messageParameters.error, "'SELEC'");
    ok(err.message.includes("Syntax error at or near 'SELEC'"), err.message);
  });
});

Deno.test("a missing table is an AnalysisException naming the table", async () => {
  await withSpark(async (spark) => {
    const err = await spark.sql("SELECT * FROM no_such_table").then(() => null, (e) => e);
    ok(err instanceof AnalysisException, `got ${err}`);
    strictEqual(err.errorClass, "TABLE_OR_VIEW_NOT_FOUND");
    strictEqual(err.sqlState, "42P01");
    ok(err.messageParameters.relationName.includes("no_such_table"));
    ok(err.message.includes("no_such_table"), err.message);
  });
});

Deno.test("an unresolved column is an AnalysisException with Spark's suggestion", async () => {
  await withSpark(async (spark) => {
    const err = await spark.sql("SELECT idd FROM range(1)").then(() => null, (e) => e);
    ok(err instanceof AnalysisException, `got ${err}`);
    strictEqual(err.errorClass, "UNRESOLVED_COLUMN.WITH_SUGGESTION");
    strictEqual(err.sqlState, "42703");
    ok(err.messageParameters.proposal.includes("id"));
  });
});

Deno.test("a runtime error at execution carries its class and cause chain", async () => {
  await withSpark(async (spark) => {
    await spark.conf.set("spark.sql.ansi.enabled", true);
    const df = await spark.sql("SELECT 1 / (id - 3) AS x FROM range(5)");
    const err = await df.collect().then(() => null, (e) => e);
    ok(err instanceof ArithmeticException, `got ${err}`);
    strictEqual(err.errorClass, "DIVIDE_BY_ZERO");
    strictEqual(err.sqlState, "22012");
    ok(err.classes.includes("org.apache.spark.SparkArithmeticException"), String(err.classes));
    // The session still works after a failed query.
    strictEqual((await rows(spark, "SELECT 2 AS two"))[0].two, 2);
  });
});

Deno.test("no server at the URL fails at once with what to do", async () => {
  const err = await SparkSession.connect("sc://127.0.0.1:1").then(() => null, (e) => e);
  ok(err instanceof ConnectionError, `got ${err}`);
  strictEqual(
    err.message,
    "no Spark Connect server at sc://127.0.0.1:1: start one with lakebook spark start or set SPARK_REMOTE",
  );
});

Deno.test("a malformed URL or parameter value is one clear error", async () => {
  await rejects(SparkSession.connect("http://127.0.0.1:15002"), ConnectionStringError);
  await rejects(
    SparkSession.connect("sc://127.0.0.1:15002/;use_ssl=yes;token=hidden"),
    (e: Error) => {
      ok(e instanceof ConnectionStringError);
      ok(e.message.includes("use_ssl must be true or false"), e.message);
      ok(!e.message.includes("hidden"), "the token must not appear in errors");
      return true;
    },
  );
});

Deno.test("a TLS client against a plaintext server says use_ssl is wrong, fast", async () => {
  const url = (await import("../helpers/spark.ts")).sharedUrl();
  const err = await SparkSession.connect(`${url}/;use_ssl=true`, { connectTimeoutMs: 3_000 })
    .then(() => null, (e) => e);
  ok(err instanceof SparkConnectError, `got ${err}`);
  ok(err.message.includes("did not complete a TLS gRPC handshake"), err.message);
  ok(err.message.includes("use_ssl=false"), err.message);
});
