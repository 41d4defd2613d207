import assert from "node:assert/strict";
import { Storage, StorageError } from "../../src/storage/mod.ts";
import { startS3Server, startThrottlingProxy } from "../helpers/s3.ts";

const opts = { sanitizeResources: false, sanitizeOps: false };

Deno.test(
  "S3 round trip on a real server: write, list with globs, read, exists, delete",
  opts,
  async () => {
    await using s3 = await startS3Server();
    using storage = new Storage({ endpoint: s3.endpoint, credentials: s3.credentials });
    const root = `s3://${s3.bucket}`;
    await storage.write(`${root}/in/2026/a.jsonl`, '{"id":1}\n');
    await storage.write(`${root}/in/2026/b.json`, "{}");
    await storage.write(`${root}/in/c.jsonl`, new Uint8Array([1, 2, 3]));
    await storage.write(`${root}/inbox/d.jsonl`, "x");

    const paths = async (p: string) => (await storage.list(p)).map((f) => f.path);
    assert.deepEqual(await paths(`${root}/in/*.jsonl`), [`${root}/in/c.jsonl`]);
    assert.deepEqual(await paths(`${root}/in/**/*.jsonl`), [
      `${root}/in/2026/a.jsonl`,
      `${root}/in/c.jsonl`,
    ]);
    // A folder lists what is under it, not its siblings sharing the prefix ("inbox").
    assert.deepEqual(await paths(`${root}/in`), [
      `${root}/in/2026/a.jsonl`,
      `${root}/in/2026/b.json`,
      `${root}/in/c.jsonl`,
    ]);
    assert.deepEqual(await paths(`${root}/in/c.jsonl`), [`${root}/in/c.jsonl`]);
    assert.equal((await storage.list(`${root}/in/c.jsonl`))[0].size, 3);

    assert.equal(await storage.readText(`${root}/in/2026/a.jsonl`), '{"id":1}\n');
    assert.deepEqual(await storage.read(`${root}/in/c.jsonl`), new Uint8Array([1, 2, 3]));
    assert.equal(await storage.exists(`${root}/in/c.jsonl`), true);
    assert.equal(await storage.exists(`${root}/in/2026`), true);
    assert.equal(await storage.exists(`${root}/in/20`), false);

    await storage.delete(`${root}/in/c.jsonl`);
    assert.equal(await storage.exists(`${root}/in/c.jsonl`), false);
    await assert.rejects(
      storage.read(`${root}/in/c.jsonl`),
      (err) => err instanceof StorageError && err.kind === "not_found",
    );
    await assert.rejects(
      storage.read(`s3://no-such-bucket-${s3.bucket}/a`),
      (err) => err instanceof StorageError && err.kind === "no_bucket",
    );
  },
);

Deno.test(
  "a file larger than 5 MiB is written as a multipart upload and reads back intact",
  opts,
  async () => {
    await using s3 = await startS3Server();
    using storage = new Storage({
      endpoint: s3.endpoint,
      credentials: s3.credentials,
      partSize: 5 * 1024 * 1024,
    });
    const data = new Uint8Array(12 * 1024 * 1024 + 17);
    for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 11)) & 0xff;
    const path = `s3://${s3.bucket}/big/blob.bin`;
    await storage.write(path, data);
    const head = await storage.stat(path);
    // A multipart object's ETag ends in "-<number of parts>".
    assert.match(head?.etag ?? "", /-3"?$/);
    assert.equal(head?.size, data.length);
    const back = await storage.read(path);
    assert.equal(back.length, data.length);
    assert.deepEqual(back, data);

    const streamed = await new Response(await storage.open(path)).arrayBuffer();
    assert.equal(streamed.byteLength, data.length);
  },
);

Deno.test(
  "a server answering 503 SlowDown for a while is survived with backoff",
  opts,
  async () => {
    await using s3 = await startS3Server();
    await using proxy = await startThrottlingProxy(s3.endpoint, 4);
    using storage = new Storage({
      endpoint: proxy.endpoint,
      credentials: s3.credentials,
      maxAttempts: 6,
    });
    const path = `s3://${s3.bucket}/retry/a.txt`;
    await storage.write(path, "survived");
    assert.equal(proxy.failed, 4);
    assert.equal(await storage.readText(path), "survived");

    // Longer than the attempts allow: a clear error, not a hang.
    proxy.failNext(10);
    using impatient = new Storage({
      endpoint: proxy.endpoint,
      credentials: s3.credentials,
      maxAttempts: 2,
    });
    await assert.rejects(
      impatient.read(path),
      (err) => err instanceof StorageError && err.kind === "throttled" && err.status === 503,
    );
  },
);

Deno.test("a wrong key gives a clear error that does not contain the secret", opts, async () => {
  await using s3 = await startS3Server();
  const secret = "wrong-secret-Zq8vX1c9Lk";
  using storage = new Storage({
    endpoint: s3.endpoint,
    credentials: { accessKeyId: "AKIAWRONGKEY0000", secretAccessKey: secret },
  });
  const err = await storage.read(`s3://${s3.bucket}/a.txt`).then(
    () => assert.fail("expected an error"),
    (e) => e,
  );
  assert.ok(err instanceof StorageError);
  assert.equal(err.kind, "bad_credentials");
  assert.match(err.message, /InvalidAccessKeyId/);
  assert.match(err.message, /AWS_ACCESS_KEY_ID/);
  assert.ok(!err.message.includes(secret));
  assert.ok(!String(err.stack).includes(secret));
  assert.ok(!JSON.stringify(err).includes(secret));
});

Deno.test(
  "an unreachable endpoint fails with one clear error, after its retries",
  opts,
  async () => {
    using storage = new Storage({
      endpoint: "http://127.0.0.1:9", // discard port: nothing listens
      credentials: { accessKeyId: "a", secretAccessKey: "unreachable-secret" },
      maxAttempts: 2,
    });
    const err = await storage.list("s3://lake/in/*.jsonl").then(() => undefined, (e) => e);
    assert.ok(err instanceof StorageError);
    assert.equal(err.kind, "unreachable");
    assert.match(
      err.message,
      /^cannot list s3:\/\/lake\/in\/\*\.jsonl: .*ECONNREFUSED.*AWS_ENDPOINT_URL/,
    );
    assert.ok(!err.message.includes("unreachable-secret"));
  },
);
