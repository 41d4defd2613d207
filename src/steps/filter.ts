/**
 * `filterRows`: keeps the rows for which a Spark SQL condition is true; the others (false or
 * null, as in SQL's WHERE) are marked `filter` and go to quarantine with the condition as the
 * detail.
 *
 * @module
 */
import type { DataFrame } from "../connect/dataframe.ts";
import { coalesce, expr, lit, not } from "../connect/functions/mod.ts";
import { asBatch, dataColumns, markWhere, rawLine, rejectMark, stepResult } from "./marks.ts";
import type { StepResult } from "./types.ts";

/**
 * Options of {@linkcode filterRows}.
 *
 * @example
 * const opts: FilterOptions = { step: "filter" };
 */
export interface FilterOptions {
  /** The step's name in marks and metrics (default `filter`). */
  step?: string;
  /** Aborts the Spark calls. */
  signal?: AbortSignal;
}

/**
 * Keeps rows meeting `condition` (parameters already bound); resolves to them, the rows that
 * failed it (rule `filter`) and the counts (one Spark job).
 *
 * @example
 * const { df, quarantined, metrics } = await filterRows(reviews, "rating BETWEEN 1 AND 5");
 * metrics.rejected; // { filter: 1 }
 */
export async function filterRows(
  df: DataFrame,
  condition: string,
  opts: FilterOptions = {},
): Promise<StepResult> {
  const started = performance.now();
  const marked = await markFiltered(df, condition, opts);
  return await stepResult(marked, opts.step ?? "filter", started, { signal: opts.signal });
}

/**
 * The lazy plan of {@linkcode filterRows}: alive rows failing `condition` marked `filter`.
 *
 * @example
 * const marked = await markFiltered(batch, "rating BETWEEN 1 AND 5");
 */
export async function markFiltered(
  df: DataFrame,
  condition: string,
  opts: FilterOptions = {},
): Promise<DataFrame> {
  const batch = await asBatch(df);
  const failed = not(coalesce(expr(condition), lit(false)));
  const mark = rejectMark(
    opts.step ?? "filter",
    "filter",
    null,
    condition,
    rawLine(await dataColumns(batch)),
  );
  return markWhere(batch, failed, mark);
}
