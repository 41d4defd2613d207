/**
 * `aggregate`: groups rows and computes metrics, optionally over a time window only. Rows
 * outside the window are marked `outside_window` (counted, never quarantined); the result has
 * the group columns followed by one column per metric (a struct for a mapping of metrics).
 *
 * @module
 */
import type { Column } from "../connect/column.ts";
import type { DataFrame } from "../connect/dataframe.ts";
import { coalesce, col, expr, lit, not, struct } from "../connect/functions/mod.ts";
import {
  alive,
  asBatch,
  countMarks,
  dataColumns,
  markWhere,
  quoted,
  rawLine,
  rejectedBy,
  rejectedRows,
  rejectMark,
} from "./marks.ts";
import type { StepResult } from "./types.ts";

/**
 * A window of time: rows with `column` >= `until` - `last` and < `until` + 1 day (so a date
 * `until` covers its whole day). `until` is a SQL expression, parameters already bound.
 *
 * @example
 * const w: TimeWindow = { column: "publishedAt", last: "3 years", until: "DATE'2026-05-01'" };
 */
export interface TimeWindow {
  /** A date or timestamp column. */
  column: string;
  /** The window's length: `<n> days|weeks|months|years`. */
  last: string;
  /** The window's end, a date or timestamp SQL expression. */
  until: string;
}

/**
 * Options of {@linkcode aggregate}: the config's `aggregate` keys, in camelCase, parameters
 * already bound.
 *
 * @example
 * const opts: AggregateOptions = {
 *   groupBy: ["restaurantId"],
 *   metrics: { reviewCount: "count(*)", reviewAge: { oldest: "max(datediff(DATE'2026-05-01', publishedAt))" } },
 * };
 */
export interface AggregateOptions {
  /** The grouping columns. */
  groupBy: readonly string[];
  /** Output columns: a SQL aggregate expression, or a mapping of names to them (a struct). */
  metrics: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  /** Aggregate only the rows of this window. */
  window?: TimeWindow;
  /** The step's name in marks and metrics (default `aggregate`). */
  step?: string;
  /** Aborts the Spark calls. */
  signal?: AbortSignal;
}

/**
 * Aggregates rows; resolves to the groups (`df`), the rows left out by the window
 * (`quarantined`, rule `outside_window`, `raw` null) and the counts: `rowsIn` rows, `rowsOut`
 * groups.
 *
 * @example
 * const { df: perRestaurant, metrics } = await aggregate(reviews, {
 *   groupBy: ["restaurantId"],
 *   window: { column: "publishedAt", last: "3 years", until: "DATE'2026-05-01'" },
 *   metrics: { reviewCount: "count(*)", averageRating: "avg(rating)" },
 * });
 */
export async function aggregate(df: DataFrame, opts: AggregateOptions): Promise<StepResult> {
  const started = performance.now();
  const step = opts.step ?? "aggregate";
  const marked = opts.window ? await markOutsideWindow(df, opts.window, step) : await asBatch(df);
  const counts = await countMarks(marked, { signal: opts.signal });
  const groups = aggregateAlive(marked, opts);
  const rowsOut = await groups.count({ signal: opts.signal });
  const rejected = rejectedBy(counts, step);
  const aggregated = counts.filter((c) => c.step === null).reduce((n, c) => n + c.rows, 0);
  return {
    df: groups,
    quarantined: await rejectedRows(marked, step),
    metrics: {
      step,
      rowsIn: aggregated + Object.values(rejected).reduce((n, c) => n + c, 0),
      rowsOut,
      rejected,
      seconds: (performance.now() - started) / 1000,
      details: { aggregated, groupBy: [...opts.groupBy] },
    },
  };
}

/**
 * Marks alive rows outside a time window `outside_window` (rows with a null time included).
 *
 * @example
 * const marked = await markOutsideWindow(batch, { column: "publishedAt", last: "3 years", until: "current_date()" });
 */
export async function markOutsideWindow(
  df: DataFrame,
  window: TimeWindow,
  step = "aggregate",
): Promise<DataFrame> {
  const batch = await asBatch(df);
  const detail = `${window.column} is outside the last ${window.last} until ${window.until}`;
  const mark = rejectMark(
    step,
    "outside_window",
    window.column,
    detail,
    rawLine(await dataColumns(batch)),
  );
  return markWhere(batch, not(coalesce(windowCondition(window), lit(false))), mark);
}

/**
 * The window as a SQL condition.
 *
 * @example
 * windowCondition({ column: "publishedAt", last: "3 years", until: "DATE'2026-05-01'" });
 * // publishedAt >= (DATE'2026-05-01') - INTERVAL 3 years AND publishedAt < (DATE'2026-05-01') + INTERVAL 1 DAY
 */
export function windowCondition(window: TimeWindow): Column {
  const c = quoted(window.column);
  const until = `(${window.until})`;
  return expr(
    `${c} >= ${until} - INTERVAL ${window.last} AND ${c} < ${until} + INTERVAL 1 DAY`,
  );
}

/**
 * The groups of a batch's alive rows: group columns, then one column per metric (lazy).
 *
 * @example
 * const groups = aggregateAlive(marked, { groupBy: ["restaurantId"], metrics: { n: "count(*)" } });
 */
export function aggregateAlive(batch: DataFrame, opts: AggregateOptions): DataFrame {
  const metrics = Object.entries(opts.metrics).map(([name, m]) =>
    typeof m === "string"
      ? expr(m).alias(name)
      : struct(...Object.entries(m).map(([field, e]) => expr(e).alias(field))).alias(name)
  );
  const [first, ...more] = metrics;
  return batch.filter(alive())
    .groupBy(...opts.groupBy.map((g) => col(quoted(g))))
    .agg(first, ...more);
}
