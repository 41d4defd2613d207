/**
 * Delta Lake facts the writing steps need, asked of Spark by SQL on a path: does a table exist
 * and how is it partitioned, which commit a run wrote (found by the tag it put in the commit's
 * `userMetadata`), the latest version, and a rollback with RESTORE.
 *
 * @module
 */
import { SparkConnectError } from "../connect/errors.ts";
import type { ExecuteOptions } from "../connect/execute.ts";
import type { SparkSession } from "../connect/session.ts";

/**
 * The session setting Delta copies into each commit's `userMetadata`.
 *
 * @example
 * await spark.conf.set(USER_METADATA, "run-42"); // what `withCommitTag` does for you
 */
export const USER_METADATA = "spark.databricks.delta.commitInfo.userMetadata";

/** Spark's error classes for "no Delta table at this path". */
const MISSING = new Set([
  "DELTA_MISSING_DELTA_TABLE",
  "DELTA_TABLE_NOT_FOUND",
  "PATH_NOT_FOUND",
  "DELTA_TABLE_ONLY_OPERATION",
]);

/**
 * A Delta table's path as a SQL table name: ``delta.`/data/reviews` ``.
 *
 * @example
 * deltaTable("/data/reviews"); // "delta.`/data/reviews`"
 */
export function deltaTable(path: string): string {
  return "delta.`" + path.replaceAll("`", "``") + "`";
}

/**
 * What the steps need to know of an existing table.
 *
 * @example
 * const t: TableDetail = { columns: ["id", "published_month"], partitionColumns: ["published_month"] };
 */
export interface TableDetail {
  /** The columns, in order. */
  columns: string[];
  /** The partition columns, in order. */
  partitionColumns: string[];
}

/**
 * The table at `path`, or undefined when there is no Delta table there. Asks `DESCRIBE
 * TABLE`, which reads only the table's metadata: `DESCRIBE DETAIL` also counts its files, and
 * after another session's commit that rebuilds the table's state (seconds, even for a tiny
 * table).
 *
 * @example
 * const detail = await describeTable(spark, "/data/reviews");
 * if (!detail) console.log("the first run creates it");
 */
export async function describeTable(
  spark: SparkSession,
  path: string,
  opts: ExecuteOptions = {},
): Promise<TableDetail | undefined> {
  let rows;
  try {
    rows = await (await spark.sql(`DESCRIBE TABLE ${deltaTable(path)}`, undefined, opts))
      .collect(opts);
  } catch (err) {
    if (err instanceof SparkConnectError && MISSING.has(err.errorClass ?? "")) return undefined;
    throw err;
  }
  const names = rows.map((r) => String(r.col_name));
  const section = names.indexOf("# Partition Information");
  const columns = section < 0 ? names : names.slice(0, section);
  const partitionColumns = section < 0 ? [] : names.slice(section + 2).filter((n) => n !== "");
  return { columns, partitionColumns };
}

/**
 * One commit of a table, from `DESCRIBE HISTORY`.
 *
 * @example
 * const c: Commit = { version: 3, operation: "MERGE", userMetadata: "{...}", metrics: { numSourceRows: 10 } };
 */
export interface Commit {
  /** The table version the commit made. */
  version: number;
  /** `WRITE`, `MERGE`, `RESTORE`, ... */
  operation: string;
  /** The commit's `userMetadata`. */
  userMetadata: string | null;
  /** Its operation metrics, as numbers. */
  metrics: Record<string, number>;
}

/**
 * The newest commits of a table, newest first.
 *
 * @example
 * const [latest] = await history(spark, "/data/reviews", 1);
 */
export async function history(
  spark: SparkSession,
  path: string,
  limit = 20,
  opts: ExecuteOptions = {},
): Promise<Commit[]> {
  const query = `DESCRIBE HISTORY ${deltaTable(path)} LIMIT ${Math.max(1, Math.floor(limit))}`;
  const rows = await (await spark.sql(query, undefined, opts)).collect(opts);
  return rows.map((r) => ({
    version: Number(r.version),
    operation: String(r.operation),
    userMetadata: (r.userMetadata ?? null) as string | null,
    metrics: Object.fromEntries(
      [...((r.operationMetrics ?? new Map()) as Map<string, string>)].map((
        [k, v],
      ) => [k, Number(v)]),
    ),
  }));
}

/**
 * The newest commit tagged `tag` among the table's last `limit` commits, if any (a MERGE that
 * changes nothing makes no commit); only commits after version `after` count, so that a tag
 * used before is not mistaken for this write's.
 *
 * @example
 * const [latest] = await history(spark, "/data/reviews", 1);
 * // ... the write, tagged ...
 * const commit = await commitTagged(spark, "/data/reviews", tag, latest?.version);
 */
export async function commitTagged(
  spark: SparkSession,
  path: string,
  tag: string,
  after = -1,
  limit = 20,
): Promise<Commit | undefined> {
  return (await history(spark, path, limit)).find((c) =>
    c.userMetadata === tag && c.version > after
  );
}

/**
 * The table's latest version, or -1 when there is no table.
 *
 * @example
 * const before = await latestVersion(spark, "/data/reviews");
 */
export async function latestVersion(spark: SparkSession, path: string): Promise<number> {
  try {
    return (await history(spark, path, 1))[0]?.version ?? -1;
  } catch (err) {
    if (err instanceof SparkConnectError && MISSING.has(err.errorClass ?? "")) return -1;
    throw err;
  }
}

/**
 * Runs `fn` with the session's commits tagged `tag` (`userMetadata`), then puts the setting
 * back as it was, whatever happens.
 *
 * @example
 * await withCommitTag(spark, '{"runId":"r1"}', () => spark.sql("MERGE INTO ..."));
 */
export async function withCommitTag<T>(
  spark: SparkSession,
  tag: string,
  fn: () => Promise<T>,
): Promise<T> {
  const before = await spark.conf.getAll(USER_METADATA);
  await spark.conf.set(USER_METADATA, tag);
  try {
    return await fn();
  } finally {
    if (USER_METADATA in before) await spark.conf.set(USER_METADATA, before[USER_METADATA]);
    else await spark.conf.unset(USER_METADATA);
  }
}

/**
 * Puts a table back at `version` (a new commit, tagged `tag`), unless a commit newer than
 * `expectLatest` exists, which would be someone else's: then nothing is done and false returned.
 *
 * @example
 * const undone = await restoreIfLatest(spark, "/data/reviews", 6, 7, '{"runId":"r1","rollback":true}');
 */
export async function restoreIfLatest(
  spark: SparkSession,
  path: string,
  version: number,
  expectLatest: number,
  tag: string,
): Promise<boolean> {
  const [latest] = await history(spark, path, 1);
  if (!latest || latest.version !== expectLatest) return false;
  await withCommitTag(
    spark,
    tag,
    () => spark.sql(`RESTORE TABLE ${deltaTable(path)} TO VERSION AS OF ${version}`),
  );
  return true;
}
