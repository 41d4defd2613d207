import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SparkSession } from "../../src/connect/session.ts";
import type { RunRecord } from "../../src/jobs/history.ts";
import { sleep } from "../../src/server/process.ts";
import { cleanUpServer, lakebook, testPort } from "../server/cli_process.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };
const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CLI = join(REPO, "src/cli.ts");

interface Status {
  pid: number;
  cluster: {
    masterWebUiPort: number;
    driverUiPort: number;
    processes: { role: string; pid: number }[];
  };
}

async function json<T>(url: string): Promise<T> {
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  return await r.json() as T;
}

/** The review job's project (config, schema, words) in a temporary folder. */
async function reviewProject(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-test-cluster-job-" });
  for (
    const f of [
      "ingestion_config/reviews.yaml",
      "ingestion_config/schemas/review.json",
      "data/inappropriate_words.txt",
    ]
  ) {
    await Deno.mkdir(join(dir, f, ".."), { recursive: true });
    await Deno.copyFile(join(REPO, f), join(dir, f));
  }
  return dir;
}

Deno.test(
  "a worker dying mid-job on the cluster: the review job fails cleanly or Spark retries it; the Delta table is never half-written",
  opts,
  async () => {
    const project = await reviewProject();
    const stateDir = await Deno.makeTempDir({ prefix: "lakebook-test-cluster-job-state-" });
    const pids: number[] = [];
    const config = join(project, "ingestion_config/reviews.yaml");
    const input = join(project, "data/sample/reviews.jsonl");
    const generate = (rows: number, seed: number) =>
      lakebook([
        ...["generate", "reviews", "--rows", String(rows), "--seed", String(seed)],
        ...["--bad-ratio", "0.01", "--out", input],
      ]);
    try {
      const started = await lakebook([
        ...["spark", "start", "--cluster", "--workers", "2", "--state-dir", stateDir],
        ...["--port", String(testPort()), "--memory", "1g"],
      ]);
      assert.equal(started.code, 0, started.stderr);
      const url = started.stdout.trim();
      const st = await lakebook(["spark", "status", "--json", "--state-dir", stateDir]);
      const { pid, cluster } = JSON.parse(st.stdout) as Status;
      pids.push(pid, ...cluster.processes.map((p) => p.pid));
      const master = await json<{ activeapps: { id: string }[] }>(
        `http://127.0.0.1:${cluster.masterWebUiPort}/json/`,
      );
      const driver = `http://127.0.0.1:${cluster.driverUiPort}/api/v1/applications/${
        master.activeapps[0].id
      }`;

      // The table before: a first, small run.
      assert.equal((await generate(2_000, 1)).code, 0);
      const first = await lakebook(["run", config, "--spark", url]);
      assert.equal(first.code, 0, first.stdout + first.stderr);
      const table = `delta.\`${join(project, "data/output/reviews")}\``;
      const snapshot = async () => {
        const spark = await SparkSession.connect(url);
        try {
          const [row] = await (await spark.sql(
            `SELECT count(*) AS n, bit_xor(xxhash64(restaurantId, reviewId, text, rating, ` +
              `publishedAt)) AS h FROM ${table}`,
          )).collect();
          const ops = (await (await spark.sql(`DESCRIBE HISTORY ${table}`)).collect())
            .sort((a, b) => Number(a.version) - Number(b.version))
            .map((o) => String(o.operation));
          return { n: Number(row.n), h: row.h, ops };
        } finally {
          await spark.stop();
        }
      };
      const before = await snapshot();
      assert.deepEqual(before.ops, ["WRITE"]);

      // A larger second run; a worker is killed once a Spark job of it is running.
      assert.equal((await generate(50_000, 2)).code, 0);
      const seen = new Set((await json<{ jobId: number }[]>(`${driver}/jobs`)).map((j) => j.jobId));
      const child = new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", CLI, "run", config, "--spark", url],
        env: { NO_COLOR: "1" },
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const output = child.output();
      for (let i = 0;; i++) {
        const jobs = await json<{ jobId: number; status: string }[]>(`${driver}/jobs`);
        if (jobs.some((j) => !seen.has(j.jobId) && j.status === "RUNNING")) break;
        if (i > 600) throw new Error("no Spark job of the run started");
        await sleep(200);
      }
      await sleep(1500);
      const victim = cluster.processes.find((p) => p.role === "worker")!;
      Deno.kill(victim.pid, "SIGKILL");
      const out = await output;
      const text = new TextDecoder();
      const stdout = text.decode(out.stdout);
      const stderr = text.decode(out.stderr);

      const after = await snapshot();
      const recordPath = /record: (\S+\.json)/.exec(stdout)?.[1];
      assert.ok(recordPath, stdout + stderr);
      const record = JSON.parse(await Deno.readTextFile(recordPath)) as RunRecord;
      if (out.code === 0) {
        // Spark reran the lost tasks: the MERGE committed whole.
        assert.equal(record.status, "succeeded");
        assert.ok(record.reconciliation?.balanced);
        assert.deepEqual(after.ops, ["WRITE", "MERGE"]);
        assert.equal(after.n, before.n + record.reconciliation!.inserted);
      } else {
        // A clean failure: one error line, and the table as it was (restored, if committed).
        assert.equal(out.code, 1, stderr);
        assert.match(stderr, /lakebook: run \S+ of reviews failed: /);
        assert.equal(record.status, "failed");
        assert.deepEqual({ n: after.n, h: after.h }, { n: before.n, h: before.h });
        const undone = after.ops.join() === "WRITE" || after.ops.join() === "WRITE,MERGE,RESTORE";
        assert.ok(undone, after.ops.join());
      }
    } finally {
      await cleanUpServer(stateDir, pids);
      await Deno.remove(project, { recursive: true }).catch(() => {});
    }
  },
);
