import { ok, strictEqual } from "node:assert/strict";
import { connect } from "../../src/server/embedded.ts";
import { localServerStatus, stopLocalServer } from "../../src/server/local.ts";
import { sharedUrl } from "../helpers/spark.ts";

Deno.test("connect() with no URL and no SPARK_REMOTE starts the local server, then reuses it", async () => {
  const stateDir = await Deno.makeTempDir({ prefix: "lakebook-embedded-" });
  const remote = Deno.env.get("SPARK_REMOTE");
  Deno.env.delete("SPARK_REMOTE");
  try {
    const local = { stateDir, memory: "1g", port: 15250 };
    const first = await connect(undefined, { local });
    const running = await localServerStatus({ stateDir });
    ok(running, "a local server runs after connect()");
    strictEqual((await (await first.sql("SELECT 41 + 1 AS n")).collect())[0].n, 42);
    await first.stop();

    const second = await connect(undefined, { local });
    strictEqual((await localServerStatus({ stateDir }))?.pid, running.pid, "the server is reused");
    await second.stop();
  } finally {
    if (remote !== undefined) Deno.env.set("SPARK_REMOTE", remote);
    await stopLocalServer({ stateDir });
    await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  }
});

Deno.test("connect() honours SPARK_REMOTE, and an explicit URL over it", async () => {
  const spark = await connect();
  try {
    strictEqual(spark.client.url, sharedUrl());
  } finally {
    await spark.stop();
  }
  const err = await connect("sc://127.0.0.1:1").then(() => null, (e) => e);
  ok(err instanceof Error && err.message.startsWith("no Spark Connect server at sc://127.0.0.1:1"));
});
