import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SparkSession } from "../../src/connect/session.ts";
import type { RunRecord } from "../../src/jobs/history.ts";
import { s3aConf, Storage } from "../../src/storage/mod.ts";
import { startS3Server, startThrottlingProxy } from "../helpers/s3.ts";
import { cleanUpServer, lakebook, testPort } from "../server/cli_process.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };
const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** The S3 runtime's own Lakebook home (see spark_s3_test.ts). */
const S3_HOME = fileURLToPath(new URL("../out/lakebook-s3-home", import.meta.url));

Deno.test(
  "the review job from an s3:// project: JSON lines from S3 MERGEd into a Delta table on S3, history on S3, 503s survived, no secret kept",
  opts,
  async () => {
    await using s3 = await startS3Server();
    // Every client, Spark's s3a included, reaches S3 through a proxy that can answer 503.
    await using proxy = await startThrottlingProxy(s3.endpoint);
    const env = { ...s3.env, AWS_ENDPOINT_URL: proxy.endpoint, LAKEBOOK_HOME: S3_HOME };
    const installed = await lakebook(["spark", "install", "--s3"], { env });
    assert.equal(installed.code, 0, installed.stderr);

    using storage = new Storage({ endpoint: s3.endpoint, credentials: s3.credentials });
    const project = `s3://${s3.bucket}/project`;
    for (
      const f of [
        "ingestion_config/reviews.yaml",
        "ingestion_config/schemas/review.json",
        "data/inappropriate_words.txt",
      ]
    ) {
      await storage.write(`${project}/${f}`, await Deno.readFile(join(REPO, f)));
    }
    const config = `${project}/ingestion_config/reviews.yaml`;
    const input = `${project}/data/sample/reviews.jsonl`;
    const generate = (seed: number) =>
      lakebook([
        ...["generate", "reviews", "--rows", "400", "--seed", String(seed)],
        ...["--bad-ratio", "0.05", "--restaurants", "20", "--out", input],
      ], { env });
    assert.equal((await generate(1)).code, 0);

    const stateDir = await Deno.makeTempDir({ prefix: "lakebook-test-s3-job-" });
    try {
      const conf = Object.entries(s3aConf({ endpoint: proxy.endpoint }))
        .flatMap(([k, v]) => ["--conf", `${k}=${v}`]);
      const started = await lakebook([
        ...["spark", "start", "--state-dir", stateDir, "--port", String(testPort())],
        ...["--memory", "1g", ...conf],
      ], { env });
      assert.equal(started.code, 0, started.stderr);
      const url = started.stdout.trim();

      const history = `${project}/.lakebook/history`;
      const first = await lakebook(["run", config, "--spark", url], { env });
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.match(first.stdout, new RegExp(`record: ${history}/reviews/\\S+\\.json`));

      // A newer file with overlapping reviews, while S3 answers 503 for a while.
      assert.equal((await generate(2)).code, 0);
      proxy.failNext(4);
      const second = await lakebook(["run", config, "--spark", url], {
        env: { ...env, LAKEBOOK_HISTORY: history },
      });
      assert.equal(second.code, 0, second.stdout + second.stderr);
      assert.equal(proxy.failed, 4);

      const listed = await lakebook(["history", "--json", "--history", history], { env });
      assert.equal(listed.code, 0, listed.stderr);
      const runs = JSON.parse(listed.stdout) as RunRecord[];
      assert.equal(runs.length, 2);
      assert.ok(runs.every((r) => r.status === "succeeded" && r.reconciliation?.balanced));
      assert.equal(runs[0].config.path, config);
      const [latest, earliest] = runs.map((r) => r.reconciliation!);
      assert.ok(latest.updated + latest.unchanged > 0, "the second file overlaps the first");
      const records = await storage.list(`${history}/reviews/*.json`);
      assert.equal(records.length, 2);

      // Spark's s3a survives 503s as well, and the table holds exactly what the runs reported.
      proxy.failNext(4);
      const spark = await SparkSession.connect(url);
      try {
        const table = `delta.\`${project}/data/output/reviews\``;
        const [count] = await (await spark.sql(`SELECT count(*) AS n FROM ${table}`)).collect();
        assert.equal(count.n, BigInt(earliest.inserted + latest.inserted));
        const ops = (await (await spark.sql(`DESCRIBE HISTORY ${table}`)).collect())
          .sort((a, b) => Number(a.version) - Number(b.version));
        assert.deepEqual(ops.map((o) => o.operation), ["WRITE", "MERGE"]);
      } finally {
        await spark.stop();
      }
      assert.equal(proxy.failed, 8);

      const secret = s3.credentials.secretAccessKey;
      for (const r of records) assert.ok(!(await storage.readText(r.path)).includes(secret));
      assert.ok(!(await Deno.readTextFile(join(stateDir, "server.log"))).includes(secret));
      assert.ok(!(first.stdout + first.stderr + second.stdout + second.stderr).includes(secret));
    } finally {
      await cleanUpServer(stateDir);
    }
  },
);
