import { ok, rejects, strictEqual } from "node:assert/strict";
import { ConnectionError } from "../../src/connect/errors.ts";
import { SparkSession } from "../../src/connect/session.ts";
import { rows, withDedicatedServer, withSpark } from "../helpers/spark.ts";

const LONG_QUERY =
  "SELECT sum(hash(a.id, b.id)) AS s FROM range(100000) a CROSS JOIN range(100000) b";

Deno.test("aborting a long query interrupts it and the session goes on", async () => {
  await withSpark(async (spark) => {
    const controller = new AbortController();
    let sawProgress = false;
    const df = await spark.sql(LONG_QUERY);
    const running = df.collect({
      signal: controller.signal,
      onProgress: () => {
        sawProgress = true;
        controller.abort(new Error("stopped by the test"));
      },
    });
    await rejects(running, /stopped by the test/);
    ok(sawProgress, "progress reports arrive while the query runs");
    strictEqual((await rows(spark, "SELECT 3 AS three"))[0].three, 3);
  });
});

Deno.test("a server that dies mid-query gives one clear error, not a hang", async () => {
  await withDedicatedServer({}, async (server) => {
    const spark = await SparkSession.connect(server.url);
    try {
      const df = await spark.sql(LONG_QUERY);
      const running = df.collect({
        onProgress: () => {
          try {
            Deno.kill(server.pid, "SIGKILL");
          } catch {
            // Already dead: later progress reports come before the stream breaks.
          }
        },
      });
      const err = await running.then(() => null, (e) => e);
      ok(err instanceof ConnectionError, `got ${err}`);
      ok(err.message.includes("lost the Spark Connect server"), err.message);
    } finally {
      await spark.stop();
    }
  });
});

Deno.test("a huge row arrives in chunks under a small message limit; a huge request fails clearly", async () => {
  await withSpark(async (spark) => {
    const limited = await SparkSession.connect(
      `${(await import("../helpers/spark.ts")).sharedUrl()}/;grpc_max_message_size=262144`,
    );
    try {
      const [row] = await (await limited.sql("SELECT repeat('x', 1000000) AS big")).collect();
      strictEqual((row.big as string).length, 1_000_000);
      const err = await limited.sql(`SELECT '${"y".repeat(300_000)}' AS s`).then(
        () => null,
        (e) => e,
      );
      ok(err instanceof Error, "a request over the limit fails");
      ok(/262144 byte limit/.test(err.message), err.message);
    } finally {
      await limited.stop();
    }
    strictEqual((await rows(spark, "SELECT 1 AS one"))[0].one, 1);
  });
});
