import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { SparkSession } from "../../src/connect/session.ts";
import { Storage } from "../../src/storage/mod.ts";
import { startS3Server } from "../helpers/s3.ts";
import { cleanUpServer, lakebook, testPort } from "../server/cli_process.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };

/**
 * The S3 runtime (hadoop-aws + the AWS SDK bundle, ~1 GB) lives in a Lakebook home of its own
 * under tests/out, so the suite's other servers keep the default runtime.
 */
const S3_HOME = fileURLToPath(new URL("../out/lakebook-s3-home", import.meta.url));

Deno.test(
  "Spark started with the S3 runtime reads JSON lines from s3:// and writes Delta to s3:// with the environment's settings alone; no secret reaches its log",
  opts,
  async () => {
    await using s3 = await startS3Server();
    const env = { ...s3.env, LAKEBOOK_HOME: S3_HOME };
    const installed = await lakebook(["spark", "install", "--s3"], { env });
    assert.equal(installed.code, 0, installed.stderr);

    const root = `s3://${s3.bucket}`;
    using storage = new Storage({ endpoint: s3.endpoint, credentials: s3.credentials });
    await storage.write(`${root}/in/part-1.jsonl`, '{"id":1,"rating":5}\n{"id":2,"rating":3}\n');
    await storage.write(`${root}/in/part-2.jsonl`, '{"id":3,"rating":4}\n');

    const stateDir = await Deno.makeTempDir({ prefix: "lakebook-test-s3a-" });
    try {
      const started = await lakebook([
        "spark",
        "start",
        "--state-dir",
        stateDir,
        "--port",
        String(testPort()),
        "--memory",
        "1g",
      ], { env });
      assert.equal(started.code, 0, started.stderr);
      const spark = await SparkSession.connect(started.stdout.trim());
      try {
        const df = spark.read.schema("id BIGINT, rating INT").json(`${root}/in/*.jsonl`);
        await df.write.format("delta").mode("overwrite").save(`${root}/out/reviews`);
        const back = await (await spark.sql(
          `SELECT count(*) AS n, sum(rating) AS total FROM delta.\`${root}/out/reviews\``,
        )).collect();
        assert.deepEqual(back, [{ n: 3n, total: 12n }]);
      } finally {
        await spark.stop();
      }
      const log = await storage.list(`${root}/out/reviews/_delta_log/*.json`);
      assert.equal(log.length, 1);
      const serverLog = await Deno.readTextFile(join(stateDir, "server.log"));
      assert.ok(!serverLog.includes(s3.credentials.secretAccessKey));
    } finally {
      await cleanUpServer(stateDir);
    }
  },
);
