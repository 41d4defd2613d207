/**
 * Marking rows: the helpers every step builds on to reject rows into the {@linkcode REJECT}
 * column, count a marked batch's rows by step and rule in one Spark job, and split it into the
 * rows kept and the rows taken out.
 *
 * @module
 */
import type { Column } from "../connect/column.ts";
import type { DataFrame } from "../connect/dataframe.ts";
import type { ExecuteOptions } from "../connect/execute.ts";
import { col, count, lit, struct, sum, to_json, when } from "../connect/functions/mod.ts";
import {
  CORRUPT_RECORD,
  INTERNAL_COLUMNS,
  NOT_QUARANTINED,
  REJECT,
  REJECT_TYPE,
  type Rule,
  type RuleCount,
  SOURCE_FILE,
  type StepResult,
} from "./types.ts";

/**
 * The mark of a row rejected under `rule`, as a struct column; `raw` is the row's text (its
 * corrupt record, else `to_json` of its data columns), kept only for rules whose rows go to
 * quarantine: a superseded duplicate or a row outside a window is counted, never stored, and
 * writing out its text cost seconds per million rows.
 *
 * @example
 * rejectMark("filter", "filter", null, "rating BETWEEN 1 AND 5", rawLine(["rating"]));
 */
export function rejectMark(
  step: string,
  rule: Rule,
  column: string | null,
  detail: string,
  raw: Column,
): Column {
  return struct(
    lit(step).alias("step"),
    lit(rule).alias("rule"),
    lit(column).cast("string").alias("column"),
    lit(detail).alias("detail"),
    (NOT_QUARANTINED.includes(rule) ? lit(null).cast("string") : raw).alias("raw"),
  );
}

/**
 * Marks rows for which `rejected` is true (and that are still alive) with `mark`; rows marked
 * before keep their mark, so each row has the first rule it broke.
 *
 * @example
 * const marked = markWhere(batch, col("rating").gt(5), rejectMark(...));
 */
export function markWhere(batch: DataFrame, rejected: Column, mark: Column): DataFrame {
  return batch.withColumn(REJECT, when(alive().and(rejected), mark).otherwise(col(REJECT)));
}

/**
 * True for rows not rejected yet.
 *
 * @example
 * batch.filter(alive());
 */
export function alive(): Column {
  return col(REJECT).isNull();
}

/**
 * A batch with an empty mark column, ready for marking steps (a no-op when it has one).
 *
 * @example
 * const batch = await asBatch(df);
 */
export async function asBatch(df: DataFrame): Promise<DataFrame> {
  if ((await df.columns).includes(REJECT)) return df;
  return df.withColumn(REJECT, lit(null).cast(REJECT_TYPE));
}

/**
 * The data columns of a batch: all but the internal ones.
 *
 * @example
 * await dataColumns(batch); // ["restaurantId", "reviewId", "text", "rating", "publishedAt"]
 */
export async function dataColumns(df: DataFrame): Promise<string[]> {
  return (await df.columns).filter((c) => !INTERNAL_COLUMNS.includes(c));
}

/**
 * A row's text for quarantine: its corrupt record when it has one, else its data columns as
 * JSON (`to_json(struct(...))`).
 *
 * @example
 * rawLine(["restaurantId", "text"], true);
 */
export function rawLine(columns: readonly string[], hasCorrupt = false): Column {
  // to_json leaves null fields out, as a JSON line without them would be.
  const json = to_json(struct(...columns.map((c) => col(quoted(c)))));
  return hasCorrupt
    ? when(col(CORRUPT_RECORD).isNotNull(), col(CORRUPT_RECORD)).otherwise(json)
    : json;
}

/**
 * A column name as `col()` takes it: backticks around names that are not plain identifiers.
 *
 * @example
 * quoted("published month"); // "`published month`"
 */
export function quoted(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : "`" + name.replaceAll("`", "``") + "`";
}

/**
 * Rows by rule of one step, from rows counted by `(step, rule)`.
 *
 * @example
 * rejectedBy(counts, "dedupe"); // { duplicate: 7 }
 */
export function rejectedBy(
  counts: readonly RuleCount[],
  step: string,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of counts) {
    if (c.step === step && c.rule !== null) out[c.rule] = (out[c.rule] ?? 0) + c.rows;
  }
  return out;
}

/**
 * Counts a marked batch's rows by `(step, rule)` in one Spark job; `sums` adds sums of other
 * columns to each count.
 *
 * @example
 * const counts = await countMarks(batch); // [{ step: null, rule: null, rows: 193 }, ...]
 */
export async function countMarks(
  batch: DataFrame,
  opts: {
    signal?: AbortSignal;
    onProgress?: ExecuteOptions["onProgress"];
    sums?: Record<string, Column>;
  } = {},
): Promise<RuleCount[]> {
  const sums = Object.entries(opts.sums ?? {});
  const rows = await batch
    .groupBy(col(`${REJECT}.step`).alias("step"), col(`${REJECT}.rule`).alias("rule"))
    .agg(count(lit(1)).alias("rows"), ...sums.map(([name, c]) => sum(c).alias(`sum_${name}`)))
    .collect({ signal: opts.signal, onProgress: opts.onProgress });
  return rows.map((r) => ({
    step: r.step as string | null,
    rule: r.rule as string | null,
    rows: Number(r.rows),
    ...(sums.length > 0
      ? { sums: Object.fromEntries(sums.map(([name]) => [name, Number(r[`sum_${name}`] ?? 0)])) }
      : {}),
  }));
}

/**
 * The rows a step took out, as quarantine rows: `step, rule, column, detail, raw,
 * source_file` (all steps' when `step` is not given).
 *
 * @example
 * await (await rejectedRows(marked, "filter")).show();
 */
export async function rejectedRows(marked: DataFrame, step?: string): Promise<DataFrame> {
  const file = (await marked.columns).includes(SOURCE_FILE)
    ? col(SOURCE_FILE)
    : lit(null).cast("string");
  const taken = step === undefined
    ? marked.filter(col(REJECT).isNotNull())
    : marked.filter(col(`${REJECT}.step`).eqNullSafe(step));
  return taken.select(
    ...["step", "rule", "column", "detail", "raw"].map((f) => col(`${REJECT}.${f}`).alias(f)),
    file.alias("source_file"),
  );
}

/**
 * Finishes a step run on its own (in a notebook): counts the marked batch in one Spark job
 * and splits it into the rows kept and the rows `step` took out.
 *
 * @example
 * const result = await stepResult(marked, "dedupe", performance.now());
 */
export async function stepResult(
  marked: DataFrame,
  step: string,
  started: number,
  opts: {
    signal?: AbortSignal;
    details?: StepResult["metrics"]["details"];
    counts?: readonly RuleCount[];
  } = {},
): Promise<StepResult> {
  const counts = opts.counts ?? await countMarks(marked, opts);
  const rowsOut = counts.filter((c) => c.step === null).reduce((n, c) => n + c.rows, 0);
  const rejected = rejectedBy(counts, step);
  const rowsIn = rowsOut + Object.values(rejected).reduce((n, c) => n + c, 0);
  const metrics = {
    step,
    rowsIn,
    rowsOut,
    rejected,
    seconds: (performance.now() - started) / 1000,
    ...(opts.details ? { details: opts.details } : {}),
  };
  return {
    df: marked.filter(alive()).drop(REJECT),
    quarantined: await rejectedRows(marked, step),
    metrics,
  };
}
