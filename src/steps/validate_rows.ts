/**
 * `validateRows`: checks rows against their row schema and marks each bad row with the first
 * rule it breaks, so that it goes to quarantine with its raw line instead of into a table:
 *
 * | rule | when |
 * | --- | --- |
 * | `malformed` | the line is not a record (for JSON lines: not a JSON object) |
 * | `type` | a value has the wrong type (`"rating": "five"`; `column` names it when it can) |
 * | `required` | a required column is missing or null |
 * | `format` | a `date-time` or `date` string does not parse (strict RFC 3339) |
 * | `enum`, `minimum`, `maximum`, `exclusive_minimum`, `exclusive_maximum` | out of range |
 * | `min_length`, `max_length`, `pattern` | a string breaking its constraint |
 * | `null_key` | a null in a column that must not be null (merge keys: MERGE never matches a null key, so every rerun would insert the row again) |
 *
 * Dates and timestamps are read as text and converted here with `try_to_date` /
 * `try_to_timestamp` and a strict pattern (Spark's lenient cast takes `yesterday` for a date).
 * Spark's JSON reader keeps a number given for a string column as its text: such a value is
 * accepted, not quarantined.
 *
 * @module
 */
import type { Column } from "../connect/column.ts";
import type { DataFrame } from "../connect/dataframe.ts";
import {
  call_function,
  col,
  get_json_object,
  length,
  lit,
  not,
  regexp_like,
  try_to_timestamp,
  when,
} from "../connect/functions/mod.ts";
import {
  alive,
  asBatch,
  dataColumns,
  markWhere,
  quoted,
  rawLine,
  rejectMark,
  stepResult,
} from "./marks.ts";
import type { FieldSpec, RowSchema } from "./row_schema.ts";
import { CORRUPT_RECORD, INTERNAL_COLUMNS, REJECT, type Rule, type StepResult } from "./types.ts";

/**
 * RFC 3339 date-time, as `format: date-time` means: offset required, fraction optional.
 *
 * @example
 * try_to_timestamp(col("publishedAt"), lit(DATE_TIME_PATTERN)); // "2025-01-01T10:00:00Z" parses
 */
export const DATE_TIME_PATTERN = "yyyy-MM-dd'T'HH:mm:ss[.SSSSSSSSS]XXX";
/**
 * RFC 3339 full-date, as `format: date` means.
 *
 * @example
 * call_function("try_to_date", col("day"), lit(DATE_PATTERN)); // "2025-02-30" gives null
 */
export const DATE_PATTERN = "yyyy-MM-dd";

/**
 * Options of {@linkcode validateRows}.
 *
 * @example
 * const opts: ValidateRowsOptions = { notNull: ["restaurantId", "reviewId", "publishedAt"] };
 */
export interface ValidateRowsOptions {
  /** Columns that must not be null even where the schema allows it (merge keys and the
   * merge's ordering column): rule `null_key`. */
  notNull?: readonly string[];
  /** The step's name in marks and metrics (default `validate_rows`). */
  step?: string;
  /** Aborts the Spark calls. */
  signal?: AbortSignal;
}

/**
 * Checks rows read by `readSource` against their schema: resolves to the valid rows (dates and
 * timestamps converted, `_corrupt_record` gone), the rejected ones with their rule, and the
 * counts (one Spark job).
 *
 * @example
 * const { df: raw, schema } = await readSource(spark, spec.source);
 * const { df: reviews, quarantined, metrics } = await validateRows(raw, schema!, {
 *   notNull: ["restaurantId", "reviewId", "publishedAt"],
 * });
 * metrics.rejected; // { malformed: 1, type: 1, required: 1, format: 1, maximum: 1, null_key: 1 }
 */
export async function validateRows(
  df: DataFrame,
  schema: RowSchema,
  opts: ValidateRowsOptions = {},
): Promise<StepResult> {
  const started = performance.now();
  const step = opts.step ?? "validate_rows";
  const marked = await markInvalid(df, schema, opts);
  return await stepResult(marked, step, started, { signal: opts.signal });
}

/**
 * The lazy plan of {@linkcode validateRows}: `df` as a batch with bad rows marked in `_reject`
 * (one Spark analysis call, to see which columns still need converting).
 *
 * @example
 * const marked = await markInvalid(raw, schema, { notNull: ["reviewId"] });
 */
export async function markInvalid(
  df: DataFrame,
  schema: RowSchema,
  opts: ValidateRowsOptions = {},
): Promise<DataFrame> {
  const step = opts.step ?? "validate_rows";
  const types = new Map(
    (await df.schema({ signal: opts.signal })).fields.map((f) => [f.name, f.dataType.sql()]),
  );
  const corrupt = types.has(CORRUPT_RECORD);
  const fields = schema.fields.filter((f) => types.has(f.name));
  const dataNames = [...types.keys()].filter((n) => !INTERNAL_COLUMNS.includes(n));
  const raw = rawLine(dataNames, corrupt);
  const rules: [Column, Column][] = [];
  if (corrupt) rules.push([col(CORRUPT_RECORD).isNotNull(), corruptMark(step, fields, raw)]);
  for (const f of fields) {
    const text = types.get(f.name) === "STRING";
    for (const [rule, broken, detail] of fieldRules(f, text)) {
      rules.push([broken, rejectMark(step, rule, f.name, detail, raw)]);
    }
  }
  for (const name of opts.notNull ?? []) {
    if (!types.has(name)) throw new Error(`validate_rows: no column ${name} to check for nulls`);
    const detail = `${name} is null: a MERGE never matches a null key`;
    rules.push([col(quoted(name)).isNull(), rejectMark(step, "null_key", name, detail, raw)]);
  }
  // Dates and timestamps are parsed once, into columns of their own (the rules and the
  // conversion then read them; Spark does not inline a costly expression used twice).
  const converts = fields.filter((f) =>
    types.get(f.name) === "STRING" && (f.kind === "timestamp" || f.kind === "date")
  );
  const parsedCols = Object.fromEntries(converts.map((f) => [parsedName(f), parsed(f)]));
  const batch = converts.length > 0
    ? (await asBatch(df)).withColumns(parsedCols)
    : await asBatch(df);
  let marked = batch;
  if (rules.length > 0) {
    const [[first, firstMark], ...more] = rules;
    let mark = when(first, firstMark);
    for (const [broken, m] of more) mark = mark.when(broken, m);
    marked = batch.withColumn(
      REJECT,
      when(alive(), mark.otherwise(col(REJECT))).otherwise(col(REJECT)),
    );
  }
  const out = converts.length > 0
    ? marked
      .withColumns(Object.fromEntries(converts.map((f) => [f.name, col(parsedName(f))])))
      .drop(...converts.map(parsedName))
    : marked;
  return corrupt ? out.drop(CORRUPT_RECORD) : out;
}

/** The checks of one column, in order: `[rule, broken (a condition), detail]`. */
function fieldRules(f: FieldSpec, text: boolean): [Rule, Column, string][] {
  const c = col(quoted(f.name));
  const out: [Rule, Column, string][] = [];
  if (f.required && !f.nullable) out.push(["required", c.isNull(), `${f.name} is missing or null`]);
  const converts = text && (f.kind === "timestamp" || f.kind === "date");
  if (converts) {
    const what = f.kind === "date" ? "an RFC 3339 date (yyyy-MM-dd)" : "an RFC 3339 date-time";
    const p = col(parsedName(f));
    out.push(["format", c.isNotNull().and(p.isNull()), `${f.name} is not ${what}`]);
  }
  const v = converts ? col(parsedName(f)) : c;
  if (f.enum) {
    const allowed = f.enum.filter((x) => x !== null);
    const detail = `${f.name} is not one of ${JSON.stringify(f.enum)}`;
    out.push(["enum", v.isNotNull().and(not(v.isin(...allowed))), detail]);
  }
  const bound = (rule: Rule, n: number | undefined, broken: (n: number) => Column, op: string) => {
    if (n !== undefined) out.push([rule, broken(n), `${f.name} must be ${op} ${n}`]);
  };
  bound("minimum", f.minimum, (n) => v.lt(n), ">=");
  bound("maximum", f.maximum, (n) => v.gt(n), "<=");
  bound("exclusive_minimum", f.exclusiveMinimum, (n) => v.leq(n), ">");
  bound("exclusive_maximum", f.exclusiveMaximum, (n) => v.geq(n), "<");
  if (f.kind === "string") {
    if (f.minLength !== undefined) {
      const detail = `${f.name} is shorter than ${f.minLength} characters`;
      out.push(["min_length", length(v).lt(f.minLength), detail]);
    }
    if (f.maxLength !== undefined) {
      const detail = `${f.name} is longer than ${f.maxLength} characters`;
      out.push(["max_length", length(v).gt(f.maxLength), detail]);
    }
    if (f.pattern !== undefined) {
      const broken = not(regexp_like(v, lit(f.pattern)));
      out.push(["pattern", broken, `${f.name} does not match ${f.pattern}`]);
    }
  }
  return out;
}

/** The column holding a date or timestamp column's parsed value during validation. */
function parsedName(f: FieldSpec): string {
  return `_parsed_${f.name.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/** A date or timestamp column parsed from its text; null when it does not parse. */
function parsed(f: FieldSpec): Column {
  const c = col(quoted(f.name));
  return f.kind === "date"
    ? call_function("try_to_date", c, lit(DATE_PATTERN))
    : try_to_timestamp(c, lit(DATE_TIME_PATTERN));
}

/**
 * The mark of a corrupt record: `malformed` when the line is not a JSON object, else
 * `type` at the first column whose value is in the JSON but did not fit its type.
 */
function corruptMark(step: string, fields: readonly FieldSpec[], raw: Column): Column {
  const line = col(CORRUPT_RECORD);
  const notObject = call_function("json_object_keys", line).isNull();
  let mark = when(
    notObject,
    rejectMark(step, "malformed", null, "the line is not a record (a JSON object)", raw),
  );
  for (const f of fields) {
    const given = get_json_object(line, jsonPath(f.name)).isNotNull();
    const lost = col(quoted(f.name)).isNull().and(given);
    const detail = `${f.name} is not ${article(f.kind)} ${f.kind}`;
    mark = mark.when(lost, rejectMark(step, "type", f.name, detail, raw));
  }
  return mark.otherwise(rejectMark(step, "type", null, "the line does not fit the schema", raw));
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? "an" : "a";
}

/** A JSONPath to a top-level key: `$.name`, or `$['odd name']`. */
function jsonPath(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
    ? `$.${name}`
    : `$['${name.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}']`;
}

/**
 * Marks alive rows with a null in any of `columns` `null_key` (for keys checked after an
 * aggregate, where no schema applies).
 *
 * @example
 * const marked = await markNullKeys(groups, ["asOf", "restaurantId"], "sink_keys");
 */
export async function markNullKeys(
  df: DataFrame,
  columns: readonly string[],
  step: string,
): Promise<DataFrame> {
  let batch = await asBatch(df);
  const names = await dataColumns(batch);
  for (const name of columns) {
    if (!names.includes(name)) {
      throw new Error(`${step}: no column ${name}; the rows have: ${names}`);
    }
    const detail = `${name} is null: a MERGE never matches a null key`;
    batch = markWhere(
      batch,
      col(quoted(name)).isNull(),
      rejectMark(step, "null_key", name, detail, rawLine(names)),
    );
  }
  return batch;
}
