/**
 * The server API in-process, with a real JVM: token handling, reuse through
 * `ensureLocalServer`, and a start cancelled half-way.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import {
  ensureLocalServer,
  localServerStatus,
  startLocalServer,
  stopLocalServer,
} from "../../src/server/local.ts";
import { isProcessAlive } from "../../src/server/process.ts";
import { readServerState } from "../../src/server/state.ts";
import { cleanUpServer, testPort } from "./cli_process.ts";

Deno.test("a token reaches the server only through its environment", async () => {
  const stateDir = await Deno.makeTempDir({ prefix: "lakebook-server-test-" });
  const token = `tok-${crypto.randomUUID()}`;
  try {
    const server = await startLocalServer({ stateDir, port: testPort(), memory: "1g", token });
    strictEqual(server.reused, false);
    const environ = await Deno.readTextFile(`/proc/${server.pid}/environ`);
    ok(environ.split("\0").includes(`SPARK_CONNECT_AUTHENTICATE_TOKEN=${token}`));
    ok(environ.split("\0").includes("SPARK_LOCAL_IP=127.0.0.1"));
    const cmdline = await Deno.readTextFile(`/proc/${server.pid}/cmdline`);
    ok(!cmdline.includes(token), "not on the command line");
    for await (const entry of Deno.readDir(stateDir)) {
      if (!entry.isFile) continue;
      ok(!(await Deno.readTextFile(join(stateDir, entry.name))).includes(token), entry.name);
    }

    const { reused: _, ...record } = server;
    deepStrictEqual(await ensureLocalServer({ stateDir }), record, "ensure reuses it");
    deepStrictEqual(await localServerStatus({ stateDir }), record);

    deepStrictEqual(await stopLocalServer({ stateDir }), record);
    ok(!isProcessAlive(server.pid));
    strictEqual(await localServerStatus({ stateDir }), undefined);
    strictEqual(await stopLocalServer({ stateDir }), undefined, "stopping twice is a no-op");
  } finally {
    await cleanUpServer(stateDir);
  }
});

Deno.test("an aborted start stops the JVM it launched and leaves no record", async () => {
  const stateDir = await Deno.makeTempDir({ prefix: "lakebook-server-test-" });
  const controller = new AbortController();
  let pid = 0;
  try {
    const start = startLocalServer({
      stateDir,
      port: testPort(),
      memory: "1g",
      signal: controller.signal,
      log: (line) => {
        if (line.startsWith("starting ")) {
          // The record is written right after the spawn; abort once it names the JVM.
          const poll = setInterval(async () => {
            const record = await readServerState(stateDir);
            if (record) {
              pid = record.pid;
              clearInterval(poll);
              controller.abort(new Error("cancelled by the test"));
            }
          }, 20);
        }
      },
    });
    await rejects(start, { message: "cancelled by the test" });
    ok(pid > 0, "the JVM had been launched");
    ok(!isProcessAlive(pid), "and is gone");
    strictEqual(await readServerState(stateDir), undefined);
    await Deno.stat(join(stateDir, "start.lock")).then(
      () => ok(false, "the start lock is released"),
      (err) => ok(err instanceof Deno.errors.NotFound),
    );
  } finally {
    await cleanUpServer(stateDir, pid ? [pid] : []);
  }
});
