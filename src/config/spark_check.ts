/**
 * Checks a config's SQL expressions before any data is read, by asking Spark to analyze them
 * against the source's columns: filters, the aggregate window and metrics, and partition
 * expressions. Nothing runs: each query selects from a relation of typed NULL columns and only
 * its schema is asked for (AnalyzePlan). Analysis errors become findings at the expression.
 *
 * @module
 */
import { DataFrame } from "../connect/dataframe.ts";
import { ParseException, SparkConnectError } from "../connect/errors.ts";
import { sqlRelation } from "../connect/plan/relation.ts";
import type { SparkSession } from "../connect/session.ts";
import { type Obj, sinkEntries } from "./checks.ts";
import { bindSql, checkParamValue, type ParamValue } from "./params.ts";
import type { Finding } from "./problems.ts";
import { label } from "./schema_check.ts";
import { quoteName, type SourceColumn } from "./source_schema.ts";
import type { Param } from "./types.ts";

/**
 * What the Spark check needs besides the session.
 *
 * @example
 * const opts: SparkCheckOptions = { columns, skip: (p) => p.startsWith("/steps/2") };
 */
export interface SparkCheckOptions {
  /** The source's columns, from its schema file. */
  columns: readonly SourceColumn[];
  /** Pointers already reported by other checks: their expressions are not sent. */
  skip?: (pointer: string) => boolean;
  /** The date `today` stands for in parameter defaults. */
  today?: Date;
  /** Aborts the analysis requests. */
  signal?: AbortSignal;
}

/** A column placeholder for a parameter without a default: any value of its type will do. */
const SAMPLE_VALUES: Record<Param["type"], ParamValue> = {
  date: "2000-01-01",
  timestamp: "2000-01-01T00:00:00Z",
  string: "",
  integer: 0,
  number: 0,
  boolean: false,
};

/**
 * Asks Spark to analyze every SQL expression of a config value; resolves to one finding per
 * expression Spark rejects (`steps[2].filter: [UNRESOLVED_COLUMN.WITH_SUGGESTION] ...`).
 * Errors other than Spark's verdict on a query (e.g. a lost connection) are thrown.
 *
 * @example
 * const findings = await sparkFindings(spark, value, { columns });
 */
export async function sparkFindings(
  spark: SparkSession,
  value: Obj,
  opts: SparkCheckOptions,
): Promise<Finding[]> {
  const findings: Finding[] = [];
  const skip = opts.skip ?? (() => false);
  const params = paramsOf(value);
  const values = Object.fromEntries(
    Object.entries(params).map(([name, p]) => {
      const checked = checkParamValue(p.type, p.default ?? SAMPLE_VALUES[p.type], opts.today);
      return [name, "value" in checked ? checked.value : SAMPLE_VALUES[p.type]];
    }),
  );
  const sql = (text: string) => bindSql(text, params, values);
  /**
   * Analyzes `query`; on Spark's refusal adds a finding at `pointer` (unless `report` says the
   * error is not for this query to report) and returns undefined.
   */
  const analyze = async (
    pointer: string,
    query: string,
    report = (_: SparkConnectError) => true,
  ) => {
    try {
      const signal = { signal: opts.signal };
      // The query as a relation, analyzed in one request (`spark.sql` would first execute it).
      return await new DataFrame(spark, sqlRelation(query)).schema(signal);
    } catch (err) {
      if (!(err instanceof SparkConnectError) || err.errorClass === undefined) throw err;
      if (report(err)) {
        findings.push({ pointer, message: `${label(pointer)}: ${sparkMessage(err)}` });
      }
      return undefined;
    }
  };
  /**
   * Checks one expression: alone (written last in the query, so a syntax error is reported at
   * the expression's own end rather than at text Lakebook added), then, for an aggregate
   * metric, grouped. Resolves to the expression's type, or undefined when Spark refused it.
   */
  const expression = async (pointer: string, text: unknown, from: string, groupBy = "") => {
    if (typeof text !== "string" || skip(pointer)) return undefined;
    const parseOnly = (err: SparkConnectError) => err instanceof ParseException;
    const before = findings.length;
    const alone = await analyze(
      pointer,
      `FROM (${from}) SELECT\n${sql(text)}`,
      groupBy ? parseOnly : undefined,
    );
    if (findings.length > before) return undefined;
    if (alone && alone.fields.length !== 1) {
      findings.push({ pointer, message: `${label(pointer)}: must be a single expression` });
      return undefined;
    }
    if (!groupBy) return alone?.fields[0].dataType;
    const grouped = await analyze(pointer, `FROM (${from}) SELECT (\n${sql(text)}\n) ${groupBy}`);
    return grouped?.fields[0].dataType;
  };

  if (opts.columns.length === 0) return findings;
  let from: string | undefined = typedNulls(opts.columns.map((c) => [c.name, c.sqlType]));
  const steps = Array.isArray(value.steps) ? value.steps : [];
  for (const [i, step] of steps.entries()) {
    if (from === undefined) break;
    const [name, options] = Object.entries((step ?? {}) as Obj)[0] ?? [];
    const at = `/steps/${i}/${name}`;
    if (name === "filter" && typeof options === "string" && !skip(at)) {
      await analyze(at, `FROM (${from}) SELECT * WHERE\n${sql(options)}`);
    } else if (name === "aggregate") {
      from = await checkAggregate(at, options as Obj, from);
    }
  }
  for (const [sink, at] of sinkEntries(value)) {
    if (from === undefined) break;
    const partitions = Object.entries((sink.partition_by ?? {}) as Obj);
    for (const [name, expr] of partitions) {
      await expression(`${at}/partition_by/${name}`, expr, from);
    }
  }
  return findings;

  /** Checks an aggregate step; resolves to the relation of its output, when it is sound. */
  async function checkAggregate(at: string, o: Obj, input: string): Promise<string | undefined> {
    if (skip(at) || !Array.isArray(o.group_by) || typeof o.metrics !== "object") return undefined;
    const groupBy = (o.group_by as string[]).map(quoteName).join(", ");
    const window = o.window as Obj | undefined;
    let rows = input;
    let sound = true;
    if (window) {
      // A window that fails leaves the metrics to be checked over all rows.
      const windowed = await checkWindow(`${at}/window`, window, input);
      if (windowed) rows = windowed;
      else sound = false;
    }
    const outputs: string[] = [];
    for (const [metric, expr] of Object.entries(o.metrics as Obj)) {
      const leaves = typeof expr === "string" ? [["", expr]] : Object.entries(expr as Obj);
      for (const [field, text] of leaves) {
        const pointer = `${at}/metrics/${metric}${field ? `/${field}` : ""}`;
        sound = (await expression(pointer, text, rows, `GROUP BY ${groupBy}`)) !== undefined &&
          sound;
      }
      outputs.push(
        typeof expr === "string"
          ? `(\n${sql(expr)}\n) AS ${quoteName(metric)}`
          : `named_struct(${
            leaves.map(([f, t]) => `'${f}', (\n${sql(String(t))}\n)`).join(", ")
          }) AS ${quoteName(metric)}`,
      );
    }
    if (!sound) return undefined;
    const query = `SELECT ${groupBy}, ${outputs.join(", ")} FROM (${rows}) GROUP BY ${groupBy}`;
    const schema = await analyze(at, query);
    return schema && typedNulls(schema.fields.map((f) => [f.name, f.dataType.sql()]));
  }

  /** Checks a window's end; resolves to the windowed rows' relation when it is sound. */
  async function checkWindow(at: string, window: Obj, input: string) {
    const pointer = `${at}/until`;
    const type = await expression(pointer, window.until, input);
    if (!type) return undefined;
    if (!["DATE", "TIMESTAMP", "TIMESTAMP_NTZ"].includes(type.sql())) {
      findings.push({
        pointer,
        message: `${label(pointer)}: must be a date or a timestamp, not ${type.sql()}`,
      });
      return undefined;
    }
    const col = quoteName(String(window.column));
    const until = `(\n${sql(String(window.until))}\n)`;
    const rows = `SELECT * FROM (${input}) WHERE ${col} >= ${until} - INTERVAL ${window.last} ` +
      `AND ${col} < ${until} + INTERVAL 1 DAY`;
    return await analyze(at, rows) ? rows : undefined;
  }
}

/** A one-row relation of typed NULL columns: the source's shape, without its data. */
function typedNulls(columns: readonly (readonly [string, string])[]): string {
  return "SELECT " + columns.map(([name, type]) => `CAST(NULL AS ${type}) AS ${quoteName(name)}`)
    .join(", ");
}

function paramsOf(value: Obj): Record<string, Param> {
  const params: Record<string, Param> = {};
  for (const [name, p] of Object.entries((value.params ?? {}) as Obj)) {
    const type = (p as Obj | null)?.type;
    if (typeof type === "string" && type in SAMPLE_VALUES) params[name] = p as Param;
  }
  return params;
}

/**
 * Spark's message without the query plan and SQLSTATE it appends:
 * `[ERROR_CLASS] what went wrong`.
 *
 * @example
 * sparkMessage(err); // "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column ... with name `ratin` cannot be resolved. ..."
 */
export function sparkMessage(err: SparkConnectError): string {
  const first = err.message.split("\n").find((l) => l.trim() !== "") ?? err.message;
  const text = first.replace(/\s*SQLSTATE: \w+.*$/, "").replace(/[;:]\s*$/, "").trim();
  return text.startsWith("[") || !err.errorClass ? text : `[${err.errorClass}] ${text}`;
}
