import assert from "node:assert/strict";
import { join } from "node:path";
import { SparkSession } from "../../src/connect/session.ts";
import { isProcessAlive, processCommandLine, sleep } from "../../src/server/process.ts";
import { sharedUrl } from "../helpers/spark.ts";
import { cleanUpServer, lakebook, testPort } from "./cli_process.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };

const QUERY = "SELECT id % 7 AS k, count(*) AS n, sum(id) AS s " +
  "FROM range(0, 200000, 1, 8) GROUP BY k ORDER BY k";

const LONG_QUERY = "SELECT count(*) AS n, sum(a) AS s FROM " +
  "(SELECT id % 1000 AS k, sum(id * 3 % 7) AS a FROM range(0, 20000000, 1, 24) GROUP BY k)";

interface Status {
  running: boolean;
  url: string;
  pid: number;
  cluster: {
    masterUrl: string;
    masterWebUiPort: number;
    driverUiPort: number;
    processes: { role: string; pid: number; webUiPort: number; logFile: string }[];
  };
}

async function json<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return await r.json() as T;
}

Deno.test(
  "spark start --cluster --workers 2: tasks run on both workers, results equal local mode's, a worker dying mid-job is survived, stop ends every process",
  opts,
  async () => {
    const stateDir = await Deno.makeTempDir({ prefix: "lakebook-test-cluster-" });
    const pids: number[] = [];
    try {
      const started = await lakebook([
        "spark",
        "start",
        "--cluster",
        "--workers",
        "2",
        "--state-dir",
        stateDir,
        "--port",
        String(testPort()),
        "--memory",
        "1g",
      ]);
      assert.equal(started.code, 0, started.stderr);
      const url = started.stdout.trim();
      assert.match(url, /^sc:\/\/127\.0\.0\.1:\d+$/);

      const st = await lakebook(["spark", "status", "--json", "--state-dir", stateDir]);
      assert.equal(st.code, 0, st.stderr);
      const status = JSON.parse(st.stdout) as Status;
      const { cluster } = status;
      pids.push(status.pid, ...cluster.processes.map((p) => p.pid));
      assert.match(cluster.masterUrl, /^spark:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual(cluster.processes.map((p) => p.role), ["master", "worker", "worker"]);

      // Every process binds loopback and logs under the state folder.
      for (const p of cluster.processes) {
        assert.ok(p.logFile.startsWith(stateDir), p.logFile);
        assert.ok((await Deno.stat(p.logFile)).size > 0);
        assert.match((await processCommandLine(p.pid)) ?? "", /--host 127\.0\.0\.1/);
      }
      const masterLog = await lakebook([
        "spark",
        "logs",
        "--of",
        "master",
        "--state-dir",
        stateDir,
      ]);
      assert.equal(masterLog.code, 0, masterLog.stderr);
      assert.match(masterLog.stdout, /Registering worker 127\.0\.0\.1:\d+/);
      const serverCmd = (await processCommandLine(status.pid)) ?? "";
      assert.ok(serverCmd.includes(`spark.master=${cluster.masterUrl}`), serverCmd);
      assert.ok((await Deno.stat(join(stateDir, "server.log"))).size > 0);

      const master = await json<{ aliveworkers: number; activeapps: { id: string }[] }>(
        `http://127.0.0.1:${cluster.masterWebUiPort}/json/`,
      );
      assert.equal(master.aliveworkers, 2);
      assert.equal(master.activeapps.length, 1);
      const appId = master.activeapps[0].id;

      // Wait until both executors joined, so the query's tasks can spread.
      const driver = `http://127.0.0.1:${cluster.driverUiPort}/api/v1/applications/${appId}`;
      type Executor = { id: string; totalTasks: number };
      const executors = async () =>
        (await json<Executor[]>(`${driver}/executors`)).filter((e) => e.id !== "driver");
      for (let i = 0; (await executors()).length < 2; i++) {
        if (i > 120) throw new Error("the executors did not register");
        await sleep(500);
      }

      const spark = await SparkSession.connect(url);
      let clusterRows;
      try {
        clusterRows = await (await spark.sql(QUERY)).collect();
      } finally {
        await spark.stop();
      }
      const local = await SparkSession.connect(sharedUrl());
      try {
        assert.deepEqual(clusterRows, await (await local.sql(QUERY)).collect());
      } finally {
        await local.stop();
      }
      assert.equal(clusterRows.length, 7);

      // Each worker hosts one executor of the app, and each of those ran tasks.
      const ran = new Map((await executors()).map((e) => [e.id, e.totalTasks]));
      for (const w of cluster.processes.filter((p) => p.role === "worker")) {
        const info = await json<{ executors: { id: number | string; appid: string }[] }>(
          `http://127.0.0.1:${w.webUiPort}/json/`,
        );
        const mine = info.executors.filter((e) => e.appid === appId);
        assert.equal(mine.length, 1, `worker on UI port ${w.webUiPort}`);
        assert.ok((ran.get(String(mine[0].id)) ?? 0) > 0, `executor ${mine[0].id} ran no task`);
      }

      // A worker that dies mid-job: Spark reruns its tasks on the other one; the result holds.
      const victim = cluster.processes[2];
      const spark2 = await SparkSession.connect(url);
      try {
        let done = false;
        const running = (await spark2.sql(LONG_QUERY)).collect().finally(() => done = true);
        await sleep(2000);
        assert.equal(done, false, "the job ended before the worker was killed");
        Deno.kill(victim.pid, "SIGKILL");
        const survived = await running;
        const local2 = await SparkSession.connect(sharedUrl());
        try {
          assert.deepEqual(survived, await (await local2.sql(LONG_QUERY)).collect());
        } finally {
          await local2.stop();
        }
      } finally {
        await spark2.stop();
      }
      assert.equal(isProcessAlive(victim.pid), false);

      const stopped = await lakebook(["spark", "stop", "--state-dir", stateDir]);
      assert.equal(stopped.code, 0, stopped.stderr);
      assert.match(stopped.stdout, /stopped the Spark cluster/);
      for (const pid of pids) assert.equal(isProcessAlive(pid), false, `pid ${pid} still runs`);
      const after = await lakebook(["spark", "status", "--state-dir", stateDir]);
      assert.equal(after.code, 3);
    } finally {
      await cleanUpServer(stateDir, pids);
    }
  },
);

Deno.test("--workers without --cluster, or a bad worker count, is a usage error", async () => {
  const a = await lakebook(["spark", "start", "--workers", "2"]);
  assert.equal(a.code, 1);
  assert.match(a.stderr, /--workers needs --cluster/);
  const b = await lakebook(["spark", "start", "--cluster", "--workers", "0"]);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /--workers needs a whole number/);
  const c = await lakebook(["spark", "logs", "--of", "../etc/passwd"]);
  assert.equal(c.code, 1);
  assert.match(c.stderr, /--of needs server, master or worker-N/);
});
