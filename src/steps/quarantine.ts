/**
 * `writeQuarantine`: stores rejected rows in the quarantine Delta table, one row per rejected
 * row: `run_id, job, quarantined_at, step, rule, column, detail, source_file, raw, raw_sha256`.
 *
 * Idempotent: rows are inserted by a MERGE with only a NOT MATCHED clause, keyed by job, step,
 * rule, source file and the SHA-256 of the raw line, so a rerun or a replay of the same input
 * adds nothing (and the first run that saw a bad line keeps its run id). Two identical lines of
 * one file in one batch are both kept: they were two rows read.
 *
 * @module
 */
import type { DataFrame } from "../connect/dataframe.ts";
import type { ExecutionProgress } from "../connect/execute.ts";
import { col, lit, sha2 } from "../connect/functions/mod.ts";
import { commitTagged, deltaTable, describeTable, latestVersion, withCommitTag } from "./delta.ts";
import type { SinkResult, SinkWrite } from "./types.ts";

/**
 * Options of {@linkcode writeQuarantine}.
 *
 * @example
 * const opts: QuarantineOptions = { runId: "20260501T020000Z-3fa9c1", job: "reviews" };
 */
export interface QuarantineOptions {
  /** The run that rejected the rows. */
  runId: string;
  /** The job's name. */
  job: string;
  /** When (default: now); one time for the whole run. */
  at?: Date;
  /** The commit's `userMetadata` (default: the run id). */
  tag?: string;
  /** The number of rows, when known (saves counting them). */
  rows?: number;
  /** Aborts the Spark calls. */
  signal?: AbortSignal;
  /** Spark's progress reports of the write. */
  onProgress?: (progress: ExecutionProgress) => void;
}

/**
 * Adds rejected rows (as `rejectedRows` gives them: `step, rule, column, detail, raw,
 * source_file`) to the quarantine table at `path`, creating it when needed; nothing is
 * written, and no table created, for no rows.
 *
 * @example
 * const { quarantined } = await validateRows(raw, schema);
 * const { write } = await writeQuarantine(quarantined, "/data/quarantine/reviews", {
 *   runId: "20260501T020000Z-3fa9c1", job: "reviews",
 * });
 * write.inserted; // rows new to the table
 */
export async function writeQuarantine(
  rows: DataFrame,
  path: string,
  opts: QuarantineOptions,
): Promise<SinkResult> {
  const started = performance.now();
  const spark = rows.session;
  const exec = { signal: opts.signal, onProgress: opts.onProgress };
  const tag = opts.tag ?? opts.runId;
  const src = rows.select(
    lit(opts.runId).alias("run_id"),
    lit(opts.job).alias("job"),
    lit(opts.at ?? new Date()).cast("timestamp").alias("quarantined_at"),
    ...["step", "rule", "column", "detail", "source_file", "raw"].map((c) => col(c)),
    sha2(col("raw"), 256).alias("raw_sha256"),
  );
  const n = opts.rows ?? await src.count(exec);
  const result = (w: Omit<SinkWrite, "path" | "format" | "mode" | "rows">): SinkResult => ({
    metrics: {
      step: "quarantine",
      rowsIn: n,
      rowsOut: w.inserted,
      rejected: {},
      seconds: (performance.now() - started) / 1000,
      details: { path, inserted: w.inserted, version: w.version, created: w.created },
    },
    write: { path, format: "delta", mode: "merge", rows: n, ...w },
  });
  if (n === 0) {
    return result({ inserted: 0, updated: 0, unchanged: 0, version: null, created: false });
  }

  const exists = await describeTable(spark, path, exec);
  const before = exists ? await latestVersion(spark, path) : -1;
  if (!exists) {
    await src.write.format("delta").mode("errorifexists")
      .option("userMetadata", tag)
      .option("delta.enableDeletionVectors", true)
      .save(path, exec);
    const commit = await commitTagged(spark, path, tag, before);
    const inserted = commit?.metrics.numOutputRows ?? n;
    return result({
      inserted,
      updated: 0,
      unchanged: n - inserted,
      version: commit?.version ?? null,
      created: true,
      sourceRows: inserted,
    });
  }
  const view = `lakebook_quarantine_${crypto.randomUUID().replaceAll("-", "")}`;
  await src.createOrReplaceTempView(view, exec);
  let inserted = 0;
  try {
    const query = `MERGE INTO ${deltaTable(path)} AS t
USING ${view} AS s
ON t.raw_sha256 = s.raw_sha256 AND t.job = s.job AND t.step = s.step AND t.rule = s.rule
  AND t.source_file <=> s.source_file
WHEN NOT MATCHED THEN INSERT *`;
    inserted = await withCommitTag(spark, tag, async () => {
      const [row] = await (await spark.sql(query, undefined, exec)).collect(exec);
      return Number(row?.num_inserted_rows ?? 0);
    });
  } finally {
    await spark.sql(`DROP VIEW IF EXISTS ${view}`);
  }
  const commit = inserted > 0 ? await commitTagged(spark, path, tag, before) : undefined;
  return result({
    inserted,
    updated: 0,
    unchanged: n - inserted,
    version: commit?.version ?? null,
    created: false,
    sourceRows: commit?.metrics.numSourceRows ?? null,
  });
}
