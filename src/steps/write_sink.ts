/**
 * `writeSink`: writes a result to one sink of a config: a Delta table (append, overwrite or
 * merge, see `merge_into.ts`) or files (JSON lines, CSV, Parquet). Delta commits are tagged;
 * partitioned writes shuffle rows by partition value first, so each partition gets one file;
 * `single_file` writes one file (for small results such as aggregates).
 *
 * A file sink is written by Spark's file committer: an `overwrite` first deletes what is there,
 * so a failed write can leave the folder empty; rerunning the job writes it again.
 *
 * @module
 */
import type { DataFrame } from "../connect/dataframe.ts";
import type { ExecutionProgress } from "../connect/execute.ts";
import { col, expr } from "../connect/functions/mod.ts";
import type { SinkTarget } from "../config/types.ts";
import { commitTagged, describeTable, latestVersion } from "./delta.ts";
import { quoted } from "./marks.ts";
import { mergeInto, withoutInternal } from "./merge_into.ts";
import type { SinkResult } from "./types.ts";

/**
 * Options of {@linkcode writeSink}.
 *
 * @example
 * const opts: WriteSinkOptions = { tag: "run-42", rows: 12, sortBy: ["restaurantId"] };
 */
export interface WriteSinkOptions {
  /** A Delta commit's `userMetadata` (default: a fresh id). */
  tag?: string;
  /** The number of rows, when known (saves counting them). */
  rows?: number;
  /** Order of rows within each file (e.g. an aggregate's group columns, for stable files). */
  sortBy?: readonly string[];
  /** For merges: check that keys are unique (default true; see `MergeOptions`). */
  checkUniqueKeys?: boolean;
  /** The step's name in metrics (default `write_sink`, `merge_into` for merges). */
  step?: string;
  /** Aborts the write; a Delta commit is then not made. */
  signal?: AbortSignal;
  /** Spark's progress reports of the write. */
  onProgress?: (progress: ExecutionProgress) => void;
}

/**
 * Writes `df` (internal columns left out) to a sink; partition expressions and paths must have
 * their parameters bound already.
 *
 * @example
 * const { write } = await writeSink(groups, {
 *   format: "json", path: "/out/review_aggregation/as_of=2026-05-01", mode: "overwrite",
 *   single_file: true,
 * });
 */
export async function writeSink(
  df: DataFrame,
  sink: SinkTarget,
  opts: WriteSinkOptions = {},
): Promise<SinkResult> {
  const mode = sink.mode ?? "append";
  if (mode === "merge") {
    if (sink.format !== "delta") throw new Error(`sink ${sink.path}: merge needs format delta`);
    if (!sink.keys?.length) throw new Error(`sink ${sink.path}: merge needs keys`);
    return await mergeInto(df, sink.path, {
      keys: sink.keys,
      updateWhenNewer: sink.update_when_newer,
      partitionBy: sink.partition_by,
      tag: opts.tag,
      rows: opts.rows,
      checkUniqueKeys: opts.checkUniqueKeys,
      step: opts.step,
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
  }
  const started = performance.now();
  const exec = { signal: opts.signal, onProgress: opts.onProgress };
  const tag = opts.tag ?? JSON.stringify({ write: crypto.randomUUID() });
  const parts = Object.keys(sink.partition_by ?? {});
  let out = withoutInternal(df, await df.columns);
  if (parts.length > 0) {
    out = out.withColumns(
      Object.fromEntries(parts.map((p) => [p, expr(sink.partition_by![p])])),
    );
  }
  const rows = opts.rows ?? await out.count(exec);
  const [first, ...more] = parts.map((p) => col(quoted(p)));
  if (sink.single_file) out = out.coalesce(1);
  else if (first) out = out.repartition(first, ...more);
  if (opts.sortBy?.length) {
    out = out.sortWithinPartitions(...opts.sortBy.map((c) => col(quoted(c))));
  }
  const delta = sink.format === "delta";
  const creating = delta && !await describeTable(df.session, sink.path, exec);
  const before = delta && !creating ? await latestVersion(df.session, sink.path) : -1;
  let writer = out.write.format(sink.format).mode(mode).options(sink.options ?? {});
  if (parts.length > 0) writer = writer.partitionBy(...parts);
  if (delta) writer = writer.option("userMetadata", tag);
  if (creating) writer = writer.option("delta.enableDeletionVectors", true);
  await writer.save(sink.path, exec);
  const commit = delta ? await commitTagged(df.session, sink.path, tag, before) : undefined;
  const inserted = commit?.metrics.numOutputRows ?? rows;
  return {
    metrics: {
      step: opts.step ?? "write_sink",
      rowsIn: rows,
      rowsOut: inserted,
      rejected: {},
      seconds: (performance.now() - started) / 1000,
      details: { path: sink.path, format: sink.format, mode, version: commit?.version ?? null },
    },
    write: {
      path: sink.path,
      format: sink.format,
      mode,
      rows,
      inserted,
      updated: 0,
      unchanged: 0,
      version: commit?.version ?? null,
      created: creating,
      sourceRows: commit ? inserted : null,
    },
  };
}
