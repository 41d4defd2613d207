/**
 * `readSource`: a job's source as a DataFrame, read with its row schema so that bad lines are
 * kept rather than lost: JSON and CSV in PERMISSIVE mode with a `_corrupt_record` column, every
 * row with the file it came from (`_source_file`, from `_metadata.file_path`).
 *
 * @module
 */
import type { DataFrame } from "../connect/dataframe.ts";
import { col } from "../connect/functions/mod.ts";
import type { SparkSession } from "../connect/session.ts";
import type { OptionValue } from "../connect/writer.ts";
import { loadRowSchema, readDDL, type RowSchema } from "./row_schema.ts";
import { CORRUPT_RECORD, SOURCE_FILE } from "./types.ts";

/**
 * What to read: a config's `source`, or the same written by hand. `schema` is a JSON Schema
 * file or an already loaded {@linkcode RowSchema}.
 *
 * @example
 * const source: SourceSpec = {
 *   format: "json", path: "data/sample/reviews.jsonl", schema: "ingestion_config/schemas/review.json",
 * };
 */
export interface SourceSpec {
  /** `json` (JSON lines), `csv`, `parquet` or `delta`. */
  format: "json" | "csv" | "parquet" | "delta";
  /** A path (globs allowed) or URL. */
  path: string;
  /** The row schema: required for `json` and `csv`; for the others, the columns relied on. */
  schema?: string | RowSchema;
  /** Reader options, passed as they are (e.g. `header: true` for CSV). */
  options?: Record<string, OptionValue>;
}

/**
 * Options of {@linkcode readSource}.
 *
 * @example
 * const opts: ReadSourceOptions = { persist: false };
 */
export interface ReadSourceOptions {
  /**
   * Persist the rows (default: true for JSON and CSV). Spark refuses a query that touches only
   * `_corrupt_record` of a raw file, and a query that reads only some columns parses only
   * those, so a row with a bad value in another column would not be seen as corrupt: persisted
   * rows were parsed once, whole. A job persists its whole batch instead and passes false.
   */
  persist?: boolean;
  /** Aborts the schema check. */
  signal?: AbortSignal;
}

/**
 * A source read: the rows (lazy, and persisted unless asked not to) and the row schema.
 *
 * @example
 * const { df, schema } = await readSource(spark, source);
 */
export interface SourceRead {
  /** The rows: the schema's columns (dates and timestamps as text, for `validateRows` to
   * convert), `_corrupt_record` for JSON and CSV, and `_source_file`. */
  df: DataFrame;
  /** The row schema, when the source has one. */
  schema?: RowSchema;
}

/**
 * Reads a source with its row schema. Nothing is read until an action runs; a missing path or
 * a schema column missing from a Parquet or Delta source fails here, before any data is read.
 *
 * @example
 * const { df: raw, schema } = await readSource(spark, {
 *   format: "json", path: "data/sample/reviews.jsonl", schema: "ingestion_config/schemas/review.json",
 * });
 * const { df: reviews, quarantined } = await validateRows(raw, schema!);
 */
export async function readSource(
  spark: SparkSession,
  source: SourceSpec,
  opts: ReadSourceOptions = {},
): Promise<SourceRead> {
  const schema = typeof source.schema === "string"
    ? await loadRowSchema(source.schema)
    : source.schema;
  const df = sourceFrame(spark, source, schema);
  await checkColumns(df, schema, source, opts.signal);
  const raw = hasCorruptRecord(source.format);
  if (opts.persist ?? raw) await df.cache(opts);
  return { df, schema };
}

/**
 * The lazy reading plan behind {@linkcode readSource}, without checks or persistence.
 *
 * @example
 * const raw = sourceFrame(spark, { format: "json", path: "/data/in.jsonl" }, schema);
 */
export function sourceFrame(
  spark: SparkSession,
  source: SourceSpec,
  schema: RowSchema | undefined,
): DataFrame {
  let reader = spark.read.format(source.format).options(source.options ?? {});
  if (hasCorruptRecord(source.format)) {
    if (!schema) {
      throw new Error(`a ${source.format} source needs a schema (source.schema): ${source.path}`);
    }
    reader = reader
      .schema(readDDL(schema, true))
      .option("mode", "PERMISSIVE")
      .option("columnNameOfCorruptRecord", CORRUPT_RECORD);
  }
  return reader.load(source.path).select(
    col("*"),
    col("_metadata.file_path").alias(SOURCE_FILE),
  );
}

/**
 * Whether rows of this format are parsed from text, and so may be corrupt.
 *
 * @example
 * hasCorruptRecord("json"); // true
 */
export function hasCorruptRecord(format: SourceSpec["format"]): boolean {
  return format === "json" || format === "csv";
}

async function checkColumns(
  df: DataFrame,
  schema: RowSchema | undefined,
  source: SourceSpec,
  signal: AbortSignal | undefined,
): Promise<void> {
  const columns = (await df.schema({ signal })).fieldNames();
  const missing = (schema?.fields ?? []).filter((f) => !columns.includes(f.name));
  if (missing.length > 0) {
    const names = missing.map((f) => f.name).join(", ");
    const has = columns.filter((c) => c !== SOURCE_FILE).join(", ");
    throw new Error(
      `source ${source.path} has no column ${names} that its schema (${
        schema?.path ?? "given"
      }) lists; it has: ${has}`,
    );
  }
}
