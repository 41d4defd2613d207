import assert from "node:assert/strict";
import { redact, toStorageError } from "../../src/storage/errors.ts";
import { resolveS3Settings, s3aConf } from "../../src/storage/mod.ts";

function withEnv(vars: Record<string, string | undefined>, fn: () => void) {
  const old = Object.fromEntries(Object.keys(vars).map((k) => [k, Deno.env.get(k)]));
  const set = (v: Record<string, string | undefined>) => {
    for (const [k, val] of Object.entries(v)) {
      val === undefined ? Deno.env.delete(k) : Deno.env.set(k, val);
    }
  };
  set(vars);
  try {
    fn();
  } finally {
    set(old);
  }
}

Deno.test("AWS_ENDPOINT_URL selects an S3-compatible server, with path-style URLs", () => {
  withEnv({
    AWS_ENDPOINT_URL: "http://127.0.0.1:9000",
    AWS_ENDPOINT_URL_S3: undefined,
    AWS_REGION: "eu-west-1",
  }, () => {
    const s = resolveS3Settings();
    assert.equal(s.endpoint, "http://127.0.0.1:9000");
    assert.equal(s.forcePathStyle, true);
    assert.equal(s.region, "eu-west-1");
    assert.equal(resolveS3Settings({ forcePathStyle: false }).forcePathStyle, false);
  });
  withEnv({ AWS_ENDPOINT_URL: undefined, AWS_ENDPOINT_URL_S3: undefined }, () => {
    assert.equal(resolveS3Settings().forcePathStyle, false); // AWS itself: virtual-hosted
  });
});

Deno.test("Spark's s3a settings follow the same endpoint and never hold a secret", () => {
  withEnv({
    AWS_ENDPOINT_URL: "http://127.0.0.1:9000",
    AWS_SECRET_ACCESS_KEY: "very-secret-value",
  }, () => {
    const conf = s3aConf();
    assert.equal(conf["spark.hadoop.fs.s3a.endpoint"], "http://127.0.0.1:9000");
    assert.equal(conf["spark.hadoop.fs.s3a.path.style.access"], "true");
    assert.equal(conf["spark.hadoop.fs.s3a.connection.ssl.enabled"], "false");
    assert.equal(conf["spark.hadoop.fs.s3.impl"], "org.apache.hadoop.fs.s3a.S3AFileSystem");
    assert.ok(!JSON.stringify(conf).includes("very-secret-value"));
  });
});

Deno.test("errors are classified by the SDK's error name and status, and secrets are redacted", () => {
  const sdk = (name: string, status: number, message: string) =>
    Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
  const bad = toStorageError(
    sdk("SignatureDoesNotMatch", 403, "sig for s3cr3t-key"),
    "read",
    "s3://b/k",
    ["s3cr3t-key"],
  );
  assert.equal(bad.kind, "bad_credentials");
  assert.ok(!bad.message.includes("s3cr3t-key"));
  assert.match(
    bad.message,
    /^cannot read s3:\/\/b\/k: sig for \*\*\* \[SignatureDoesNotMatch, HTTP 403\]/,
  );
  assert.equal(toStorageError(sdk("Unknown", 503, "x"), "read", "p", []).kind, "throttled");
  assert.equal(toStorageError(sdk("Unknown", 500, "x"), "read", "p", []).kind, "server");
  assert.equal(toStorageError(sdk("NoSuchBucket", 404, "x"), "read", "p", []).kind, "no_bucket");
  const refused = Object.assign(new Error("connect failed"), { code: "ECONNREFUSED" });
  const unreachable = toStorageError(refused, "list", "s3://b/", []);
  assert.equal(unreachable.kind, "unreachable");
  assert.match(unreachable.message, /AWS_ENDPOINT_URL/);
  assert.equal(redact("a abcd b abcd", ["abcd", "", "xy"]), "a *** b ***");
});
