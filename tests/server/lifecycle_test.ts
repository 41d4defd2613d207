/**
 * The local server's lifecycle through the real CLI, with a real JVM: start, reuse, status,
 * stop, port fallback, failures. Each test has its own state folder and port.
 */
import { deepStrictEqual, match, notStrictEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import { isProcessAlive, processCommandLine } from "../../src/server/process.ts";
import { isPortFree, tcpAccepts } from "../../src/server/net.ts";
import { readServerState } from "../../src/server/state.ts";
import { cleanUpServer, lakebook, testPort, urlPort } from "./cli_process.ts";

const MEMORY = ["--memory", "1g"];

Deno.test("start, reuse, status, stop: one server per state folder, gone after stop", async () => {
  const stateDir = await Deno.makeTempDir({ prefix: "lakebook-server-test-" });
  const port = testPort();
  const pids: number[] = [];
  try {
    // Two starts at once: the lock lets one launch, the other reuses it.
    const args = ["spark", "start", "--state-dir", stateDir, "--port", String(port), ...MEMORY];
    const [a, b] = await Promise.all([lakebook(args), lakebook(args)]);
    const record = await readServerState(stateDir);
    if (record) pids.push(record.pid);
    deepStrictEqual([a.code, b.code], [0, 0], a.stderr + b.stderr);
    deepStrictEqual(a.stdout.trim().split("\n").at(-1), `sc://127.0.0.1:${port}`);
    deepStrictEqual(b.stdout.trim().split("\n").at(-1), `sc://127.0.0.1:${port}`);
    ok(record, "server.json was written");
    deepStrictEqual(
      [a.stderr, b.stderr].map((e) =>
        /lakebook: (started|already running): pid (\d+)/.exec(e)?.slice(1)
      ).sort(),
      [["already running", String(record.pid)], ["started", String(record.pid)]],
      "one start launched the server, the other reused it",
    );
    deepStrictEqual(await javaProcessesOf(stateDir), [record.pid], "exactly one JVM runs");

    const status = await lakebook(["spark", "status", "--state-dir", stateDir]);
    deepStrictEqual(status.code, 0, status.stderr);
    match(status.stdout, new RegExp(`running: sc://127\\.0\\.0\\.1:${port}`));
    match(status.stdout, new RegExp(`pid: +${record.pid}\\b`));
    match(status.stdout, new RegExp(`log: +${escape(join(stateDir, "server.log"))}`));

    const again = await lakebook(args);
    deepStrictEqual(again.code, 0, again.stderr);
    deepStrictEqual(again.stdout.trim(), `sc://127.0.0.1:${port}`);
    match(again.stderr, new RegExp(`already running: pid ${record.pid}\\b`));
    deepStrictEqual((await readServerState(stateDir))?.pid, record.pid);

    ok(await tcpAccepts(port), "the port accepts a plain TCP connection");
    deepStrictEqual(
      await Array.fromAsync(Deno.readDir(stateDir), (e) => e.name).then((n) => n.sort()),
      [
        "server.json",
        "server.log",
        "tmp",
      ],
    );
    const log = await Deno.readTextFile(join(stateDir, "server.log"));
    match(log, /Spark Connect server started at: 127\.0\.0\.1:\d+/);

    const stop = await lakebook(["spark", "stop", "--state-dir", stateDir]);
    deepStrictEqual(stop.code, 0, stop.stderr);
    match(stop.stdout, new RegExp(`stopped .* \\(pid ${record.pid}\\)`));
    ok(!isProcessAlive(record.pid), "the JVM is gone");
    ok(!(await tcpAccepts(port)), "the port is closed");
    deepStrictEqual(await readServerState(stateDir), undefined);

    const after = await lakebook(["spark", "status", "--state-dir", stateDir]);
    deepStrictEqual(after.code, 3);
    deepStrictEqual(after.stdout.trim(), "not running");
  } finally {
    await cleanUpServer(stateDir, pids);
  }
});

Deno.test("a port taken by another listener makes start take the next free port", async () => {
  const stateDir = await Deno.makeTempDir({ prefix: "lakebook-server-test-" });
  const port = testPort();
  const listener = Deno.listen({ hostname: "127.0.0.1", port });
  try {
    const started = await lakebook([
      "spark",
      "start",
      "--state-dir",
      stateDir,
      "--port",
      String(port),
      ...MEMORY,
    ]);
    deepStrictEqual(started.code, 0, started.stderr);
    const got = urlPort(started.stdout.trim().split("\n").at(-1) ?? "");
    notStrictEqual(got, port);
    ok(got > port && got < port + 100, `port ${got} follows ${port}`);
    deepStrictEqual((await readServerState(stateDir))?.port, got);
    ok(!isPortFree(got), "the server listens on the port it reported");
  } finally {
    listener.close();
    await cleanUpServer(stateDir);
  }
});

Deno.test("without Java, start fails with one line and starts nothing", async () => {
  const stateDir = await Deno.makeTempDir({ prefix: "lakebook-server-test-" });
  const empty = await Deno.makeTempDir({ prefix: "lakebook-no-java-" });
  try {
    const result = await lakebook(["spark", "start", "--state-dir", stateDir], {
      env: { JAVA_HOME: empty, PATH: empty },
    });
    deepStrictEqual(result.code, 1);
    deepStrictEqual(result.stdout, "");
    deepStrictEqual(
      result.stderr,
      `lakebook: no Java found (JAVA_HOME=${empty} has no bin/java): install JDK 17+ or set JAVA_HOME\n`,
    );
    deepStrictEqual(await readServerState(stateDir), undefined);
  } finally {
    await cleanUpServer(stateDir);
    await Deno.remove(empty, { recursive: true });
  }
});

Deno.test("a JVM that cannot start is reported in one line naming the cause and the log", async () => {
  const stateDir = await Deno.makeTempDir({ prefix: "lakebook-server-test-" });
  try {
    const result = await lakebook([
      "spark",
      "start",
      "--state-dir",
      stateDir,
      "--port",
      String(testPort()),
      "--memory",
      "100000000g",
    ]);
    deepStrictEqual(result.code, 1);
    const errors = result.stderr.trim().split("\n").filter((l) => !/^lakebook: starting /.test(l));
    deepStrictEqual(errors, [
      `lakebook: the Spark Connect server stopped while starting: not enough memory for the JVM ` +
      `(set --memory / LAKEBOOK_SPARK_MEMORY); see ${join(stateDir, "server.log")}`,
    ]);
    deepStrictEqual(await readServerState(stateDir), undefined, "no record is left behind");
  } finally {
    await cleanUpServer(stateDir);
  }
});

Deno.test("status removes a record whose process is gone", async () => {
  const stateDir = await Deno.makeTempDir({ prefix: "lakebook-server-test-" });
  try {
    const gone = new Deno.Command("true").spawn();
    await gone.status;
    await Deno.writeTextFile(
      join(stateDir, "server.json"),
      JSON.stringify({
        url: "sc://127.0.0.1:1",
        host: "127.0.0.1",
        port: 1,
        pid: gone.pid,
        logFile: join(stateDir, "server.log"),
        stateDir,
        startedAt: new Date().toISOString(),
        sparkVersion: "4.2.0",
      }),
    );
    const status = await lakebook(["spark", "status", "--state-dir", stateDir, "--json"]);
    deepStrictEqual(status.code, 3);
    deepStrictEqual(JSON.parse(status.stdout), { running: false });
    deepStrictEqual(await readServerState(stateDir), undefined);
  } finally {
    await cleanUpServer(stateDir);
  }
});

/** Pids of live JVMs whose command line names this state folder. */
async function javaProcessesOf(stateDir: string): Promise<number[]> {
  const pids: number[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const cmd = await processCommandLine(Number(entry.name));
    if (cmd?.includes("SparkConnectServer") && cmd.includes(join(stateDir, "warehouse"))) {
      pids.push(Number(entry.name));
    }
  }
  return pids;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
