/**
 * What every step shares: the columns a batch carries besides its data, the shape of a step's
 * result, and its metrics (plain data, so they print, serialize and compare as they are).
 *
 * A step never deletes rows it rejects: it *marks* them in the struct column {@linkcode REJECT}
 * (`{step, rule, column, detail, raw}`, null while a row is alive), so a whole job can run as
 * one Spark plan, count every row's fate in one pass, and send rejected rows to quarantine.
 * The notebook functions (`maskWords`, `dedupe`, ...) then split a marked batch into the rows
 * kept (`df`) and the rows taken out (`quarantined`).
 *
 * @module
 */
import type { DataFrame } from "../connect/dataframe.ts";

/**
 * The mark of a rejected row: `{step, rule, column, detail, raw}`; null while it is alive.
 *
 * @example
 * batch.filter(col(REJECT).isNull()); // the rows still alive
 */
export const REJECT = "_reject";
/**
 * The file a row was read from (`_metadata.file_path`).
 *
 * @example
 * raw.select(SOURCE_FILE).distinct(); // the files read
 */
export const SOURCE_FILE = "_source_file";
/**
 * The raw text of a line Spark could not read with the schema (PERMISSIVE mode).
 *
 * @example
 * raw.filter(col(CORRUPT_RECORD).isNotNull()); // after readSource persisted the rows
 */
export const CORRUPT_RECORD = "_corrupt_record";

/**
 * Characters `mask_words` masked in a row.
 *
 * @example
 * marked.agg(sum(MASKED_CHARS));
 */
export const MASKED_CHARS = "_masked_chars";

/**
 * The columns a batch carries besides its data.
 *
 * @example
 * (await df.columns).filter((c) => !INTERNAL_COLUMNS.includes(c)); // the data columns
 */
export const INTERNAL_COLUMNS: readonly string[] = [
  REJECT,
  SOURCE_FILE,
  CORRUPT_RECORD,
  MASKED_CHARS,
];

/**
 * Why a row left the batch. The schema rules and `filter` send rows to quarantine;
 * `mask_words` rows are dropped (and quarantined, to be found again); `duplicate` rows are
 * older versions of a kept row; `outside_window` rows are outside an aggregate's window.
 *
 * @example
 * const rule: Rule = "maximum"; // e.g. rating 9 where the schema says maximum 5
 */
export type Rule = typeof RULES[number];

/**
 * Every rule, in the order of the table in `validate_rows.ts`, then the steps' own.
 *
 * @example
 * RULES.includes("duplicate"); // true
 */
export const RULES = [
  "malformed",
  "type",
  "required",
  "format",
  "enum",
  "minimum",
  "maximum",
  "exclusive_minimum",
  "exclusive_maximum",
  "min_length",
  "max_length",
  "pattern",
  "null_key",
  "filter",
  "mask_words",
  "duplicate",
  "outside_window",
] as const;

/**
 * Rules whose rows are not bad data, only superseded or out of scope: never quarantined.
 *
 * @example
 * NOT_QUARANTINED.includes("duplicate"); // true
 */
export const NOT_QUARANTINED: readonly Rule[] = ["duplicate", "outside_window"];

/**
 * One step's account of a run: rows in and out, rows rejected by rule, wall time, and facts
 * of its own (`details`). Plain data: JSON-serializable, nothing lazy.
 *
 * @example
 * const m: StepMetrics = {
 *   step: "dedupe", rowsIn: 200, rowsOut: 193, rejected: { duplicate: 7 }, seconds: 0.8,
 * };
 */
export interface StepMetrics {
  /** The step's name: `read_source`, `validate_rows`, `mask_words`, `filter`, ... */
  step: string;
  /** Rows the step received. */
  rowsIn: number;
  /** Rows the step passed on. */
  rowsOut: number;
  /** Rows taken out, by rule (`rowsIn - rowsOut` in all for a marking step). */
  rejected: Record<string, number>;
  /** Wall time of the Spark work that computed the step, in seconds. */
  seconds: number;
  /** In a job run: the stage (one Spark job) that computed the step. Steps of one stage ran
   * together, so they share its `seconds`: the time is the stage's, not the step's alone. */
  stage?: number;
  /** Facts of this step (words loaded, characters masked, partitions touched, ...). */
  details?: Record<string, string | number | boolean | null | string[]>;
}

/**
 * What a step gives back: the rows kept, the rows it took out (with their rule, raw line and
 * source file; lazy: nothing runs until you use it) and its metrics.
 *
 * @example
 * const { df, quarantined, metrics } = await maskWords(reviews, { column: "text", words });
 * console.table([metrics]);
 * await quarantined.show();
 */
export interface StepResult {
  /** The rows the step kept, without the internal columns it added. */
  df: DataFrame;
  /** The rows it took out: its quarantine rows (see `rejectedRows` in `marks.ts`). */
  quarantined: DataFrame;
  /** Its account of the rows. */
  metrics: StepMetrics;
}

/**
 * The Spark type of the mark column.
 *
 * @example
 * lit(null).cast(REJECT_TYPE); // an empty mark
 */
export const REJECT_TYPE =
  "STRUCT<step: STRING, rule: STRING, column: STRING, detail: STRING, raw: STRING>";

/**
 * How many rows of a batch each `(step, rule)` rejected; `step` and `rule` are null for the
 * rows still alive.
 *
 * @example
 * const c: RuleCount = { step: "dedupe", rule: "duplicate", rows: 7 };
 */
export interface RuleCount {
  /** The step that rejected the rows, or null for alive rows. */
  step: string | null;
  /** The rule, or null for alive rows. */
  rule: string | null;
  /** How many rows. */
  rows: number;
  /** Sums of extra columns over these rows, when asked for. */
  sums?: Record<string, number>;
}

/**
 * What one write did: rows offered, and for Delta, what the commit says. For `append` and
 * `overwrite`, `inserted` is the rows written; for `merge`, `unchanged` rows matched a row of
 * the table that they did not replace (not newer, or equal).
 *
 * @example
 * const w: SinkWrite = {
 *   path: "/out/reviews", format: "delta", mode: "merge", rows: 10, inserted: 7, updated: 2,
 *   unchanged: 1, version: 4, created: false,
 * };
 */
export interface SinkWrite {
  /** Where. */
  path: string;
  /** `delta`, `json`, `csv` or `parquet`. */
  format: string;
  /** `append`, `overwrite` or `merge`. */
  mode: string;
  /** Rows offered to the sink. */
  rows: number;
  /** Rows added to the table (written, for files). */
  inserted: number;
  /** Rows of the table replaced by newer ones. */
  updated: number;
  /** Rows offered that changed nothing. */
  unchanged: number;
  /** The Delta version committed; null when nothing was committed or not Delta. */
  version: number | null;
  /** The write created the table. */
  created: boolean;
  /** Rows the commit says it read (Delta's `numSourceRows`/`numOutputRows`), when known: a
   * check on `rows`. */
  sourceRows?: number | null;
  /** The partition values a MERGE was pruned to. */
  partitions?: string[];
}

/**
 * A write's result: its metrics as a step, and what it wrote.
 *
 * @example
 * const { metrics, write } = await writeSink(groups, sink, { rows: 12 });
 */
export interface SinkResult {
  /** The write as a step: rows in, rows out (written), seconds. */
  metrics: StepMetrics;
  /** What it wrote. */
  write: SinkWrite;
}
