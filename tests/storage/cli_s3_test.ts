import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Storage } from "../../src/storage/mod.ts";
import { startS3Server } from "../helpers/s3.ts";
import { lakebook } from "../server/cli_process.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };
const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** The files of the review job's project that its config names, uploaded under `project`. */
async function uploadProject(storage: Storage, project: string): Promise<void> {
  for (
    const f of [
      "ingestion_config/reviews.yaml",
      "ingestion_config/schemas/review.json",
      "data/inappropriate_words.txt",
    ]
  ) {
    await storage.write(`${project}/${f}`, await Deno.readFile(`${REPO}${f}`));
  }
}

Deno.test(
  "configs on s3://: validate resolves relative paths against the config's S3 project; problems name the s3:// file",
  opts,
  async () => {
    await using s3 = await startS3Server();
    using storage = new Storage({ endpoint: s3.endpoint, credentials: s3.credentials });
    const project = `s3://${s3.bucket}/jobs`;
    await uploadProject(storage, project);
    const config = `${project}/ingestion_config/reviews.yaml`;
    const ok = await lakebook(["validate", "--no-spark", config], { env: s3.env });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.equal(ok.stdout.trim(), `${config}: ok`);

    // The schema and words files are read from the project on S3: without them, two problems.
    await storage.delete(`${project}/ingestion_config/schemas/review.json`);
    await storage.delete(`${project}/data/inappropriate_words.txt`);
    const bad = await lakebook(["validate", "--no-spark", config], { env: s3.env });
    assert.equal(bad.code, 1);
    const lines = bad.stdout.trim().split("\n");
    assert.equal(lines.length, 2, bad.stdout);
    assert.match(lines[0], /reviews\.yaml:\d+:\d+: source\.schema: .*no such file/);
    assert.match(lines[1], /reviews\.yaml:\d+:\d+: .*words.*does not exist/);
    assert.ok(lines.every((l) => l.startsWith(`${config}:`)));

    const missing = await lakebook(["validate", "--no-spark", `${project}/nope.yaml`], {
      env: s3.env,
    });
    assert.equal(missing.code, 1);
    assert.equal(missing.stdout.trim(), `${project}/nope.yaml:1:1: no such file`);
  },
);

Deno.test(
  "lakebook generate reviews --out s3://: one object, or part files with stale parts removed",
  opts,
  async () => {
    await using s3 = await startS3Server();
    using storage = new Storage({ endpoint: s3.endpoint, credentials: s3.credentials });
    const one = `s3://${s3.bucket}/in/reviews.jsonl`;
    const gen = (out: string, files: string) =>
      lakebook(
        ["generate", "reviews", "--rows", "120", "--seed", "3", "--files", files, "--out", out],
        { env: s3.env },
      );
    const single = await gen(one, "1");
    assert.equal(single.code, 0, single.stderr);
    const local = await Deno.makeTempFile({ suffix: ".jsonl" });
    try {
      const same = await gen(local, "1");
      assert.equal(same.code, 0, same.stderr);
      // The same options give the same bytes, wherever they go.
      assert.deepEqual(await storage.read(one), await Deno.readFile(local));
    } finally {
      await Deno.remove(local);
    }

    const folder = `s3://${s3.bucket}/parts/`;
    assert.equal((await gen(folder, "3")).code, 0);
    const three = (await storage.list(`${folder}*.jsonl`)).map((f) => f.path);
    assert.deepEqual(three, [0, 1, 2].map((i) => `${folder}part-0000${i}.jsonl`));
    assert.equal((await gen(folder, "2")).code, 0);
    const two = await storage.list(`${folder}*.jsonl`);
    assert.deepEqual(two.map((f) => f.path), [0, 1].map((i) => `${folder}part-0000${i}.jsonl`));
    const lines = (await Promise.all(two.map((f) => storage.readText(f.path))))
      .join("").split("\n").filter(Boolean);
    assert.equal(lines.length, 120);
  },
);

Deno.test(
  "bad S3 input: a wrong key, a missing bucket and an unreachable endpoint give one clear line each, no secret",
  opts,
  async () => {
    await using s3 = await startS3Server();
    using storage = new Storage({ endpoint: s3.endpoint, credentials: s3.credentials });
    await uploadProject(storage, `s3://${s3.bucket}/jobs`);
    const config = `s3://${s3.bucket}/jobs/ingestion_config/reviews.yaml`;

    const wrongSecret = "wrong-secret-7Rk2Qw9Zp4Lm";
    const wrong = await lakebook(["validate", "--no-spark", config], {
      env: { ...s3.env, AWS_SECRET_ACCESS_KEY: wrongSecret },
    });
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.stdout.trim(),
      /^s3:\/\/\S+\/reviews\.yaml:1:1: cannot read s3:\/\/\S+: .*SignatureDoesNotMatch.*\(check the AWS credentials/,
    );
    assert.equal(wrong.stdout.trim().split("\n").length, 1);
    assert.ok(!(wrong.stdout + wrong.stderr).includes(wrongSecret));

    const noBucket = `s3://missing-${s3.bucket}/jobs/reviews.yaml`;
    const missing = await lakebook(["validate", "--no-spark", noBucket], { env: s3.env });
    assert.equal(missing.code, 1);
    assert.match(
      missing.stdout.trim(),
      /^s3:\/\/missing-\S+:1:1: cannot read s3:\/\/\S+: .*NoSuchBucket.*create the bucket first/,
    );
    const history = await lakebook(["history", "--history", `s3://missing-${s3.bucket}/h`], {
      env: s3.env,
    });
    assert.equal(history.code, 1);
    assert.match(
      history.stderr.trim(),
      /^lakebook: cannot list s3:\/\/missing-\S+\/h: .*NoSuchBucket.*create the bucket first/,
    );
    assert.equal(history.stderr.trim().split("\n").length, 1);

    const down = await lakebook(["validate", "--no-spark", config], {
      env: { ...s3.env, AWS_ENDPOINT_URL: "http://127.0.0.1:9" },
    });
    assert.equal(down.code, 1);
    assert.match(
      down.stdout.trim(),
      /^s3:\/\/\S+:1:1: cannot read s3:\/\/\S+: .*ECONNREFUSED.*check AWS_ENDPOINT_URL/,
    );
    assert.ok(!(down.stdout + down.stderr).includes(s3.credentials.secretAccessKey));
  },
);
