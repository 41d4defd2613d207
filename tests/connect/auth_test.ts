import { ok, strictEqual } from "node:assert/strict";
import { AuthenticationError } from "../../src/connect/errors.ts";
import { SparkSession } from "../../src/connect/session.ts";
import { withDedicatedServer } from "../helpers/spark.ts";

const TOKEN = "tok-Very-Secret-123";

Deno.test("a token server accepts the right token and rejects others clearly", async () => {
  await withDedicatedServer({ token: TOKEN }, async (server) => {
    const good = await SparkSession.connect(`${server.url}/;token=${TOKEN}`);
    try {
      const [row] = await (await good.sql("SELECT 1 AS one")).collect();
      strictEqual(row.one, 1);
    } finally {
      await good.stop();
    }

    const wrong = await SparkSession.connect(`${server.url}/;token=not-the-token`);
    const err = await wrong.sql("SELECT 1").then(() => null, (e) => e);
    await wrong.stop();
    ok(err instanceof AuthenticationError, `got ${err}`);
    ok(err.message.includes("refused the credentials"), err.message);
    ok(err.message.includes("Invalid authentication token"), err.message);
    ok(!err.message.includes("not-the-token"), "the token must never appear in errors");
    ok(err.message.includes("token=***"), err.message);

    const none = await SparkSession.connect(server.url);
    const err2 = await none.sql("SELECT 1").then(() => null, (e) => e);
    await none.stop();
    ok(err2 instanceof AuthenticationError, `got ${err2}`);
    ok(err2.message.includes("add ;token="), err2.message);

    const log = await Deno.readTextFile(server.logFile);
    ok(!log.includes(TOKEN), "the server log must not hold the token");
  });
});
