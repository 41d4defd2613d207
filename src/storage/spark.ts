/**
 * The Spark side of S3: the `spark.hadoop.fs.s3a.*` settings that make Spark's `s3a` file system
 * reach the same S3 as {@linkcode Storage}, for `s3://` and `s3a://` paths alike. Credentials are
 * not among them: `s3a` reads the same AWS environment (its default chain starts with
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`), so secrets never enter a Spark conf, its UI or
 * its logs. The server needs the S3 jars: `lakebook spark install --s3`.
 *
 * @module
 */
import { resolveS3Settings, type S3Options } from "./s3.ts";

/**
 * Spark conf entries for S3 from {@linkcode S3Options} and the environment (no secrets).
 *
 * @example
 * const conf = s3aConf({ endpoint: "http://127.0.0.1:9000" });
 * conf["spark.hadoop.fs.s3a.path.style.access"]; // "true"
 */
export function s3aConf(opts: S3Options = {}): Record<string, string> {
  const s = resolveS3Settings(opts);
  const conf: Record<string, string> = {
    // `s3://` paths in configs go through s3a too.
    "spark.hadoop.fs.s3.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
    "spark.hadoop.fs.s3a.endpoint.region": s.region,
    "spark.hadoop.fs.s3a.path.style.access": String(s.forcePathStyle),
    "spark.hadoop.fs.s3a.attempts.maximum": String(s.maxAttempts),
  };
  if (s.endpoint) {
    conf["spark.hadoop.fs.s3a.endpoint"] = s.endpoint;
    conf["spark.hadoop.fs.s3a.connection.ssl.enabled"] = String(s.endpoint.startsWith("https:"));
  }
  return conf;
}
