/**
 * Session settings for the length of one piece of work.
 *
 * @module
 */
import type { SparkSession } from "../connect/session.ts";

/**
 * Runs `fn` with the session's settings `conf` changed, then puts them back as they were (unset
 * when they were not set), whether `fn` succeeds or throws.
 *
 * @example
 * await withConf(spark, { "spark.sql.shuffle.partitions": "8" }, () => df.count());
 */
export async function withConf<T>(
  spark: SparkSession,
  conf: Readonly<Record<string, string>>,
  fn: () => Promise<T>,
): Promise<T> {
  const before: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(conf)) {
    before[key] = (await spark.conf.getAll(key))[key];
    await spark.conf.set(key, value);
  }
  try {
    return await fn();
  } finally {
    for (const [key, value] of Object.entries(before)) {
      if (value === undefined) await spark.conf.unset(key);
      else await spark.conf.set(key, value);
    }
  }
}
