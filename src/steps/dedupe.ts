/**
 * `dedupe`: keeps the latest version of each row by key, deterministically. Rows are ordered by
 * `latestBy` (greatest first, nulls last), ties by `tieBreak` (greatest first), or, without
 * one, by every other data column, so the same input always keeps the same row. The others are
 * marked `duplicate`: superseded versions, counted but never quarantined.
 *
 * @module
 */
import type { DataFrame } from "../connect/dataframe.ts";
import { col, row_number } from "../connect/functions/mod.ts";
import { Window } from "../connect/window.ts";
import { alive, asBatch, markWhere, quoted, rawLine, rejectMark, stepResult } from "./marks.ts";
import { INTERNAL_COLUMNS, type StepResult } from "./types.ts";

/**
 * Options of {@linkcode dedupe}: the config's `dedupe` keys, in camelCase.
 *
 * @example
 * const opts: DedupeOptions = { keys: ["restaurantId", "reviewId"], latestBy: "publishedAt" };
 */
export interface DedupeOptions {
  /** The columns that identify a row. */
  keys: readonly string[];
  /** The column ordering versions of a row; the greatest wins. */
  latestBy: string;
  /** Columns ordering rows that tie on `latestBy` (greatest wins); default: all the others. */
  tieBreak?: readonly string[];
  /** The step's name in marks and metrics (default `dedupe`). */
  step?: string;
  /** Aborts the Spark calls. */
  signal?: AbortSignal;
}

/**
 * Keeps the latest row per key; resolves to the kept rows, the superseded ones (rule
 * `duplicate`, `raw` null: they are counted, never stored) and the counts (one Spark job).
 *
 * @example
 * const { df: latest, metrics } = await dedupe(reviews, {
 *   keys: ["restaurantId", "reviewId"], latestBy: "publishedAt",
 * });
 * metrics.rejected; // { duplicate: 7 }
 */
export async function dedupe(df: DataFrame, opts: DedupeOptions): Promise<StepResult> {
  const started = performance.now();
  const marked = await markDuplicates(df, opts);
  return await stepResult(marked, opts.step ?? "dedupe", started, { signal: opts.signal });
}

/**
 * The lazy plan of {@linkcode dedupe}: rows of alive ones that are not the latest of their key
 * marked `duplicate` (one Spark analysis call, for the columns and their types).
 *
 * @example
 * const marked = await markDuplicates(batch, { keys: ["id"], latestBy: "updatedAt" });
 */
export async function markDuplicates(df: DataFrame, opts: DedupeOptions): Promise<DataFrame> {
  const step = opts.step ?? "dedupe";
  const batch = await asBatch(df);
  const fields = (await batch.schema({ signal: opts.signal })).fields
    .filter((f) => !INTERNAL_COLUMNS.includes(f.name));
  const names = fields.map((f) => f.name);
  for (const c of [...opts.keys, opts.latestBy, ...(opts.tieBreak ?? [])]) {
    if (!names.includes(c)) throw new Error(`${step}: no column ${c}; the rows have: ${names}`);
  }
  const ordered = [opts.latestBy, ...(opts.tieBreak ?? defaultTieBreak(fields, opts))];
  // Rows already rejected get partitions of their own: they never hide an alive row.
  const window = Window.partitionBy(...opts.keys.map((k) => col(quoted(k))), alive())
    .orderBy(...ordered.map((c) => col(quoted(c)).desc_nulls_last()));
  const detail = `superseded by a row of the same ${opts.keys.join(", ")} with a greater ${
    ordered.join(", ")
  }`;
  return markWhere(
    batch.withColumn("_dedupe_rank", row_number().over(window)),
    col("_dedupe_rank").gt(1),
    rejectMark(step, "duplicate", null, detail, rawLine(names)),
  ).drop("_dedupe_rank");
}

/** Every data column but the keys and `latestBy`, leaving out maps, which Spark cannot order. */
function defaultTieBreak(
  fields: readonly { name: string; dataType: { sql(): string } }[],
  opts: DedupeOptions,
): string[] {
  return fields
    .filter((f) => !opts.keys.includes(f.name) && f.name !== opts.latestBy)
    .filter((f) => !f.dataType.sql().includes("MAP<"))
    .map((f) => f.name);
}
