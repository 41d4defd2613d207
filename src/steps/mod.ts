/**
 * Steps: plain async functions on DataFrames, each usable on its own in a notebook, that a job
 * chains. A step returns the rows it kept, the rows it took out (with the rule they broke, their
 * raw line and source file) and its metrics as plain data:
 *
 * ```ts
 * import { connect } from "../server/embedded.ts";
 * import { maskWords, readSource, validateRows } from "./mod.ts";
 *
 * const spark = await connect();
 * const { df: raw, schema } = await readSource(spark, {
 *   format: "json", path: "data/sample/reviews.jsonl", schema: "ingestion_config/schemas/review.json",
 * });
 * const { df: reviews } = await validateRows(raw, schema!);
 * const { df, quarantined, metrics } = await maskWords(reviews, {
 *   column: "text", words: "data/inappropriate_words.txt", match: "word", dropIfRatioAtLeast: 0.2,
 * });
 * ```
 *
 * Each notebook function also has a lazy form (`markInvalid`, `markMasked`, `markDuplicates`,
 * `markFiltered`, `markOutsideWindow`) that only marks rows, for composing steps into one Spark
 * job as `jobs/` does.
 *
 * @module
 */
export {
  aggregate,
  aggregateAlive,
  type AggregateOptions,
  markOutsideWindow,
  type TimeWindow,
  windowCondition,
} from "./aggregate.ts";
export { dedupe, type DedupeOptions, markDuplicates } from "./dedupe.ts";
export {
  type Commit,
  deltaTable,
  describeTable,
  history,
  restoreIfLatest,
  type TableDetail,
  withCommitTag,
} from "./delta.ts";
export { type FilterOptions, filterRows, markFiltered } from "./filter.ts";
export { alive, countMarks, rejectedRows, stepResult } from "./marks.ts";
export { maskPattern, type MatchMode, parseWords, readWords } from "./mask_pattern.ts";
export { markMasked, maskWords, type MaskWordsOptions } from "./mask_words.ts";
export { mergeInto, type MergeOptions } from "./merge_into.ts";
export { type QuarantineOptions, writeQuarantine } from "./quarantine.ts";
export {
  readSource,
  type ReadSourceOptions,
  type SourceRead,
  type SourceSpec,
} from "./read_source.ts";
export { type FieldSpec, loadRowSchema, type RowSchema, rowSchemaOf } from "./row_schema.ts";
export {
  MASKED_CHARS,
  REJECT,
  type Rule,
  type RuleCount,
  type SinkResult,
  type SinkWrite,
  SOURCE_FILE,
  type StepMetrics,
  type StepResult,
} from "./types.ts";
export {
  markInvalid,
  markNullKeys,
  validateRows,
  type ValidateRowsOptions,
} from "./validate_rows.ts";
export { writeSink, type WriteSinkOptions } from "./write_sink.ts";
