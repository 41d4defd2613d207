/**
 * `mergeInto`: upserts rows into a Delta table by key, safely to rerun and replay.
 *
 * - Monotonic: with `updateWhenNewer`, a matched row is replaced only by a strictly newer one
 *   (`WHEN MATCHED AND s.ts > t.ts`), so an old batch replayed never undoes newer data; without
 *   it, only by a row that differs, so a rerun rewrites nothing.
 * - Pruned: the ON clause lists, as literals, the partitions the batch touches: those of its
 *   rows, and those where the table holds its keys now (found with a semi-join on the table's
 *   key and partition columns). The second set matters when the partition value can change
 *   with an update (a review edited a year later moves to another month): without it the old
 *   row would not be matched and the key would be inserted twice.
 * - Tagged: the commit carries `tag` in its `userMetadata` (the session setting is set for the
 *   MERGE only), and its metrics are read from `DESCRIBE HISTORY`.
 * - The first write creates the table in one commit, partitioned as configured (by default by
 *   month of `updateWhenNewer` when it is a date or timestamp), rows shuffled by partition value
 *   first so each partition gets one file, deletion vectors on (a MERGE then marks replaced rows
 *   instead of rewriting files, and one that changes nothing commits nothing).
 *
 * @module
 */
import type { DataFrame } from "../connect/dataframe.ts";
import type { ExecutionProgress } from "../connect/execute.ts";
import { col, count, expr, lit } from "../connect/functions/mod.ts";
import { sqlLiteral } from "../config/params.ts";
import { commitTagged, deltaTable, describeTable, latestVersion, withCommitTag } from "./delta.ts";
import { quoted } from "./marks.ts";
import { INTERNAL_COLUMNS, type SinkResult, type SinkWrite } from "./types.ts";

/**
 * Options of {@linkcode mergeInto}: the merge keys of a config's sink, in camelCase,
 * parameters already bound.
 *
 * @example
 * const opts: MergeOptions = {
 *   keys: ["restaurantId", "reviewId"], updateWhenNewer: "publishedAt",
 *   partitionBy: { published_month: "date_format(publishedAt, 'yyyy-MM')" },
 * };
 */
export interface MergeOptions {
  /** The columns identifying a row. */
  keys: readonly string[];
  /** A matched row is replaced only when this column is greater in the new row. */
  updateWhenNewer?: string;
  /** Partition columns by name: SQL expressions over the rows. */
  partitionBy?: Readonly<Record<string, string>>;
  /** The commit's `userMetadata` (default: a fresh id), e.g. the run id. */
  tag?: string;
  /** The number of rows, when known (saves counting them). */
  rows?: number;
  /** Check that no two rows share a key (default true): MERGE would fail on such rows, and a
   * first write would store both. Skip it only when the rows were deduplicated by the keys. */
  checkUniqueKeys?: boolean;
  /** The step's name in metrics (default `merge_into`). */
  step?: string;
  /** Aborts the Spark calls; the MERGE is interrupted on the server and commits nothing. */
  signal?: AbortSignal;
  /** Spark's progress reports of the write. */
  onProgress?: (progress: ExecutionProgress) => void;
}

/**
 * Upserts `df` into the Delta table at `path`, creating it on the first run; resolves to the
 * rows inserted, updated and left unchanged, and the version committed.
 *
 * @example
 * const { write } = await mergeInto(latest, "/data/curated/reviews", {
 *   keys: ["restaurantId", "reviewId"], updateWhenNewer: "publishedAt", tag: "run-42",
 * });
 * write; // { inserted: 7, updated: 2, unchanged: 1, version: 4, ... }
 */
export async function mergeInto(
  df: DataFrame,
  path: string,
  opts: MergeOptions,
): Promise<SinkResult> {
  const started = performance.now();
  const spark = df.session;
  const exec = { signal: opts.signal, onProgress: opts.onProgress };
  const tag = opts.tag ?? JSON.stringify({ merge: crypto.randomUUID() });
  const rowsIn = withoutInternal(df, await df.columns);
  const types = new Map((await rowsIn.schema(exec)).fields.map((f) => [f.name, f.dataType.sql()]));
  for (const k of [...opts.keys, ...(opts.updateWhenNewer ? [opts.updateWhenNewer] : [])]) {
    if (!types.has(k)) throw new Error(`merge into ${path}: no column ${k} in the rows`);
  }
  const table = await describeTable(spark, path, exec);
  const partitionBy = partitioning(opts, types, table?.partitionColumns, path);
  const parts = Object.keys(partitionBy);
  const src = parts.length === 0
    ? rowsIn
    : rowsIn.withColumns(Object.fromEntries(parts.map((p) => [p, expr(partitionBy[p])])));
  if (opts.checkUniqueKeys ?? true) await checkUniqueKeys(src, opts.keys, path, exec);
  const rows = opts.rows ?? await src.count(exec);
  const done = (w: Omit<SinkWrite, "path" | "format" | "mode" | "rows">): SinkResult => ({
    metrics: {
      step: opts.step ?? "merge_into",
      rowsIn: rows,
      rowsOut: w.inserted + w.updated,
      rejected: {},
      seconds: (performance.now() - started) / 1000,
      details: {
        path,
        inserted: w.inserted,
        updated: w.updated,
        unchanged: w.unchanged,
        version: w.version,
        created: w.created,
      },
    },
    write: { path, format: "delta", mode: "merge", rows, ...w },
  });

  const before = table ? await latestVersion(spark, path) : -1;
  if (!table) {
    const [first, ...more] = parts.map((p) => col(quoted(p)));
    const out = first ? src.repartition(first, ...more) : src;
    await out.write.format("delta").mode("errorifexists")
      .option("userMetadata", tag)
      .option("delta.enableDeletionVectors", true)
      .partitionBy(...parts)
      .save(path, exec);
    const commit = await commitTagged(spark, path, tag, before);
    const inserted = commit?.metrics.numOutputRows ?? rows;
    return done({
      inserted,
      updated: 0,
      unchanged: rows - inserted,
      version: commit?.version ?? null,
      created: true,
      sourceRows: inserted,
    });
  }
  if (rows === 0) {
    return done({ inserted: 0, updated: 0, unchanged: 0, version: null, created: false });
  }

  const partTypes = new Map((await src.schema(exec)).fields.map((f) => [f.name, f.dataType.sql()]));
  const touched = parts.length > 0
    ? await touchedPartitions(src, path, opts.keys, partitionBy, partTypes, exec)
    : undefined;
  const view = `lakebook_merge_${crypto.randomUUID().replaceAll("-", "")}`;
  await src.createOrReplaceTempView(view, exec);
  let result;
  try {
    const query = mergeSql(path, view, opts, [...types.keys()], types, touched?.condition);
    result = await withCommitTag(spark, tag, async () => {
      const [row] = await (await spark.sql(query, undefined, exec)).collect(exec);
      return row;
    });
  } finally {
    await spark.sql(`DROP VIEW IF EXISTS ${view}`);
  }
  // The commit's own metrics; a MERGE that changed nothing made no commit (deletion vectors
  // on): then the statement's result row, all zeros, says so.
  const commit = await commitTagged(spark, path, tag, before);
  const m = commit?.metrics ?? {};
  const inserted = m.numTargetRowsInserted ?? Number(result?.num_inserted_rows ?? 0);
  const updated = m.numTargetRowsUpdated ?? Number(result?.num_updated_rows ?? 0);
  return done({
    inserted,
    updated,
    unchanged: rows - inserted - updated,
    version: commit?.version ?? null,
    created: false,
    sourceRows: commit?.metrics.numSourceRows ?? null,
    partitions: touched?.values,
  });
}

/**
 * The table's partition columns and how to compute them: as configured; else, for an existing
 * table, its own (which must be the default's, to be computable); else the default, by month
 * of `updateWhenNewer` when it is a date or timestamp.
 */
function partitioning(
  opts: MergeOptions,
  types: ReadonlyMap<string, string>,
  existing: readonly string[] | undefined,
  path: string,
): Record<string, string> {
  const ts = opts.updateWhenNewer;
  const fallback: Record<string, string> = ts && /^(DATE|TIMESTAMP)/.test(types.get(ts) ?? "")
    ? { [`${ts}_month`]: `date_format(${quoted(ts)}, 'yyyy-MM')` }
    : {};
  const wanted = opts.partitionBy ?? (existing && existing.length === 0 ? {} : fallback);
  if (existing) {
    const names = Object.keys(wanted);
    const same = names.length === existing.length && names.every((n) => existing.includes(n));
    if (!same) {
      throw new Error(
        `merge into ${path}: the table is partitioned by (${existing.join(", ")}) but the sink ` +
          `says (${names.join(", ")}); set partition_by to match the table`,
      );
    }
  }
  return { ...wanted };
}

async function checkUniqueKeys(
  src: DataFrame,
  keys: readonly string[],
  path: string,
  exec: { signal?: AbortSignal },
): Promise<void> {
  const [dup] = await src.groupBy(...keys.map((k) => col(quoted(k))))
    .agg(count(lit(1)).alias("_rows"))
    .filter(col("_rows").gt(1))
    .limit(1)
    .collect(exec);
  if (dup) {
    const key = keys.map((k) => `${k}=${String(dup[k])}`).join(", ");
    throw new Error(
      `merge into ${path}: ${dup._rows} rows have the key ${key}; a MERGE needs one row per ` +
        `key (add a dedupe step on ${keys.join(", ")})`,
    );
  }
}

/**
 * The partitions a batch touches: its rows', and those where the table holds its keys now, as
 * values and as a condition on the target `t` (literals only, so Delta prunes files with it).
 * The table is searched only in the partitions the batch does not name already, so a rerun or
 * a replay (every key in a partition of the batch) reads none of it.
 */
async function touchedPartitions(
  src: DataFrame,
  path: string,
  keys: readonly string[],
  partitionBy: Readonly<Record<string, string>>,
  types: ReadonlyMap<string, string>,
  exec: { signal?: AbortSignal },
): Promise<{ values: string[]; condition: string }> {
  const parts = Object.keys(partitionBy);
  const asText = (df: DataFrame) =>
    df.select(...parts.map((p) => col(quoted(p)).cast("string").alias(p)));
  const tuplesOf = (rows: Record<string, unknown>[]) =>
    rows.map((r) => parts.map((p) => r[p] as string | null));
  const own = tuplesOf(await asText(src).distinct().collect(exec));
  const keyCols = keys.map((k) => col(quoted(k)));
  // Partition values computed from the keys alone never change: the batch's own are enough.
  const fromKeys = await src.select(...keyCols)
    .select(...parts.map((p) => expr(partitionBy[p])))
    .schema(exec)
    .then(() => true, () => false);
  let moved: (string | null)[][] = [];
  if (!fromKeys && own.length > 0) {
    const others = src.session.read.format("delta").load(path)
      .filter(`NOT (${partitionCondition(parts, own, types, "")})`);
    const holding = others.join(src.select(...keyCols), [...keys], "left_semi");
    moved = tuplesOf(await asText(holding).distinct().collect(exec));
  }
  const tuples = [...own, ...moved];
  const values = tuples.map((t) => (t.length === 1 ? String(t[0]) : JSON.stringify(t))).sort();
  return { values, condition: partitionCondition(parts, tuples, types, "t.") };
}

/**
 * A condition true for rows in one of the partitions `tuples` (values as text, in the order
 * of `parts`), on columns prefixed with `alias`.
 */
function partitionCondition(
  parts: readonly string[],
  tuples: readonly (readonly (string | null)[])[],
  types: ReadonlyMap<string, string>,
  alias: string,
): string {
  if (tuples.length === 0) return "FALSE";
  const column = (p: string) => `${alias}${quoted(p)}`;
  const text = (p: string) =>
    (types.get(p) ?? "STRING") === "STRING" ? column(p) : `CAST(${column(p)} AS STRING)`;
  const is = (p: string, v: string | null) =>
    v === null ? `${column(p)} IS NULL` : `${text(p)} = ${sqlLiteral("string", v)}`;
  if (parts.length === 1) {
    const [p] = parts;
    const given = tuples.map(([v]) => v).filter((v) => v !== null);
    const inList = given.length > 0
      ? `${text(p)} IN (${given.map((v) => sqlLiteral("string", String(v))).join(", ")})`
      : "";
    const nulls = tuples.some(([v]) => v === null) ? `${column(p)} IS NULL` : "";
    return [inList, nulls].filter(Boolean).join(" OR ");
  }
  return tuples.map((t) => `(${parts.map((p, i) => is(p, t[i])).join(" AND ")})`).join(" OR ");
}

/** The MERGE statement. */
function mergeSql(
  path: string,
  view: string,
  opts: MergeOptions,
  columns: readonly string[],
  types: ReadonlyMap<string, string>,
  partitions: string | undefined,
): string {
  const on = opts.keys.map((k) => `t.${quoted(k)} = s.${quoted(k)}`);
  if (partitions) on.unshift(`(${partitions})`);
  const ts = opts.updateWhenNewer;
  const changed = ts
    ? `s.${quoted(ts)} > t.${quoted(ts)}`
    : `NOT (${
      columns.filter((c) => !opts.keys.includes(c)).map((c) => {
        const [a, b] = (types.get(c) ?? "").includes("MAP<")
          ? [`to_json(t.${quoted(c)})`, `to_json(s.${quoted(c)})`]
          : [`t.${quoted(c)}`, `s.${quoted(c)}`];
        return `${a} <=> ${b}`;
      }).join(" AND ") || "TRUE"
    })`;
  return `MERGE INTO ${deltaTable(path)} AS t
USING ${view} AS s
ON ${on.join("\n  AND ")}
WHEN MATCHED AND ${changed} THEN UPDATE SET *
WHEN NOT MATCHED THEN INSERT *`;
}

/**
 * The rows without the columns steps add (`_reject`, `_source_file`, ...).
 *
 * @example
 * const data = withoutInternal(batch, await batch.columns);
 */
export function withoutInternal(df: DataFrame, columns: readonly string[]): DataFrame {
  const internal = columns.filter((c) => INTERNAL_COLUMNS.includes(c));
  return internal.length > 0 ? df.drop(...internal) : df;
}
