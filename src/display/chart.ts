/**
 * Charts: a vega-lite 5 spec with a DataFrame's rows inline, as a bundle of exactly
 * `application/vnd.vegalite.v5+json` and `text/plain` (JupyterLab shows `text/html` in
 * preference to vega-lite, so a chart never carries HTML).
 *
 * The rows come from Arrow as JSON: whole numbers (BIGINT) as numbers when they are exact in a
 * double, else as strings; DECIMAL as numbers; DATE as `YYYY-MM-DD` and timestamps as ISO 8601
 * instants (parse them with vega-lite's `utc...` time units); binary as base64; maps as objects.
 * The data is bounded: `chart()` fetches at most `maxRows + 1` rows and refuses more than
 * `maxRows`, so aggregate in Spark first.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { type DataType, type Field, type Table, Type } from "apache-arrow";
import type { DataFrame } from "../connect/dataframe.ts";
import { toRows } from "../connect/rows.ts";
import type { JsonValue } from "../connect/types/mod.ts";
import {
  type ChartBundle,
  type Display,
  JUPYTER_DISPLAY,
  VEGA_LITE_MIME,
  VEGA_LITE_SCHEMA,
  type VegaLiteSpec,
} from "./bundle.ts";
import { recordsBundle } from "./values.ts";

/** A row of a chart's inline data. */
export type JsonRow = { [column: string]: JsonValue };

/** Options of {@linkcode chart}. */
export interface ChartOptions {
  /** The most rows a chart takes (default 5000, as Altair); more is an error. */
  maxRows?: number;
  /** Aborting interrupts the query. */
  signal?: AbortSignal;
}

/** The most rows a chart takes unless told otherwise. */
export const DEFAULT_MAX_CHART_ROWS = 5000;

/** How many rows of a chart's data its text shows. */
const TEXT_ROWS = 10;

/**
 * A chart: its complete vega-lite spec (data inline) and its bundle.
 *
 * @example
 * const c = await chart(df, { mark: "bar", encoding: { x: { field: "rating", type: "ordinal" } } });
 * c.values.length; // the rows drawn
 */
export interface Chart extends Display<ChartBundle> {
  /** The vega-lite spec, with `$schema` and `data.values`. */
  readonly spec: VegaLiteSpec;
  /** The rows inline in the spec. */
  readonly values: JsonRow[];
}

/**
 * A chart's data held more rows than `maxRows`.
 *
 * @example
 * try { await chart(bigDf, spec); } catch (e) { if (e instanceof ChartDataTooLargeError) console.log(e.maxRows); }
 */
export class ChartDataTooLargeError extends Error {
  /** The error's name, for messages. */
  override name = "ChartDataTooLargeError";

  /** `maxRows`: the limit that was passed. */
  constructor(readonly maxRows: number) {
    super(
      `the chart's data has more than ${maxRows} rows: aggregate it in Spark first ` +
        `(groupBy(...).agg(...)), or pass a larger maxRows`,
    );
  }
}

/**
 * Charts a DataFrame: runs its query (at most `maxRows + 1` rows), puts the rows inline in
 * `spec` (which must not have `data`), and returns a value that renders as the chart.
 *
 * @example
 * const counts = reviews.groupBy("rating").count();
 * await chart(counts, {
 *   mark: "bar",
 *   encoding: { x: { field: "rating", type: "ordinal" }, y: { field: "count", type: "quantitative" } },
 * });
 */
export async function chart(
  df: DataFrame,
  spec: VegaLiteSpec,
  opts: ChartOptions = {},
): Promise<Chart> {
  checkSpec(spec);
  const maxRows = opts.maxRows ?? DEFAULT_MAX_CHART_ROWS;
  if (!Number.isSafeInteger(maxRows) || maxRows < 0) {
    throw new RangeError(`maxRows must be a whole number >= 0, not ${maxRows}`);
  }
  const table = await df.limit(maxRows + 1).toArrow({ signal: opts.signal });
  if (table.numRows > maxRows) throw new ChartDataTooLargeError(maxRows);
  return chartFromArrow(table, spec);
}

/**
 * Charts an Arrow table (pure: no I/O).
 *
 * @example
 * const c = chartFromArrow(await df.toArrow(), { mark: "point" });
 */
export function chartFromArrow(table: Table, spec: VegaLiteSpec): Chart {
  return chartFromValues(arrowToJson(table), spec);
}

/**
 * Charts rows that are already JSON (pure: no I/O).
 *
 * @example
 * const c = chartFromValues([{ a: 1, b: 2 }], { mark: "point" });
 * (await c.bundle())["application/vnd.vegalite.v5+json"]; // the spec, data inline
 */
export function chartFromValues(values: JsonRow[], spec: VegaLiteSpec): Chart {
  checkSpec(spec);
  const { $schema: _, ...rest } = spec;
  const full: VegaLiteSpec = { $schema: VEGA_LITE_SCHEMA, ...rest, data: { values } };
  const bundle: ChartBundle = { [VEGA_LITE_MIME]: full, "text/plain": chartText(full, values) };
  const render = () => Promise.resolve(bundle);
  return {
    spec: full,
    values,
    bundle: render,
    [JUPYTER_DISPLAY]: render,
    // `console.log(chart)` in a terminal prints the chart's text, not its spec.
    [Symbol.for("Deno.customInspect")]: () => bundle["text/plain"],
  } as Chart;
}

/**
 * Rows of an Arrow table as JSON, for charts (see the module's notes for each type).
 *
 * @example
 * arrowToJson(await df.toArrow()); // [{ id: 1, day: "2024-05-01", price: 9.99 }]
 */
export function arrowToJson(table: Table): JsonRow[] {
  const converters = table.schema.fields.map((f) => [f.name, converter(f.type)] as const);
  return toRows(table).map((row) => {
    const out: JsonRow = {};
    for (const [name, convert] of converters) out[name] = convert(row[name]);
    return out;
  });
}

/**
 * Any JS value of a row as JSON: bigints as numbers when exact, else strings; dates as ISO
 * instants; non-finite numbers as null; bytes as base64; Maps as objects.
 *
 * @example
 * toJson({ id: 2n ** 60n, at: new Date(0) }); // { id: "1152921504606846976", at: "1970-01-01T00:00:00.000Z" }
 */
export function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : null;
    case "bigint":
      return bigintJson(value);
    case "object":
      break;
    default:
      return String(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(toJson);
  const entries = value instanceof Map ? [...value] : Object.entries(value);
  const out: { [k: string]: JsonValue } = {};
  for (const [k, v] of entries) out[typeof k === "string" ? k : String(toJson(k))] = toJson(v);
  return out;
}

/**
 * A bigint as a number when the number is exact, else as its decimal string.
 *
 * @example
 * bigintJson(42n); // 42
 * bigintJson(2n ** 60n); // "1152921504606846976"
 */
export function bigintJson(value: bigint): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value.toString();
}

type Convert = (value: unknown) => JsonValue;

/** Conversions that need the Arrow type: decimals (strings in rows) and dates without time. */
function converter(type: DataType): Convert {
  switch (type.typeId) {
    case Type.Decimal:
      return (v) => v === null || v === undefined ? null : toJson(Number(v));
    case Type.Date:
    case Type.DateDay:
    case Type.DateMillisecond:
      return (v) => v instanceof Date ? v.toISOString().slice(0, 10) : toJson(v);
    case Type.List:
    case Type.FixedSizeList: {
      const inner = converter((type.children[0] as Field).type);
      return (v) => Array.isArray(v) ? v.map(inner) : toJson(v);
    }
    case Type.Map: {
      const entry = (type.children[0] as Field).type;
      const key = converter((entry.children[0] as Field).type);
      const val = converter((entry.children[1] as Field).type);
      return (v) => {
        if (!(v instanceof Map)) return toJson(v);
        const out: { [k: string]: JsonValue } = {};
        for (const [k, x] of v) {
          const name = key(k);
          out[typeof name === "string" ? name : JSON.stringify(name)] = val(x);
        }
        return out;
      };
    }
    case Type.Struct: {
      const parts = (type.children as Field[]).map((f) => [f.name, converter(f.type)] as const);
      return (v) => {
        if (v === null || typeof v !== "object") return toJson(v);
        const out: JsonRow = {};
        for (const [name, convert] of parts) out[name] = convert((v as JsonRow)[name]);
        return out;
      };
    }
    default:
      return toJson;
  }
}

function checkSpec(spec: VegaLiteSpec): void {
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    throw new TypeError("a chart's spec must be a vega-lite spec object");
  }
  if ("data" in spec) {
    throw new TypeError("chart() puts the DataFrame's rows in the spec: leave `data` out of it");
  }
}

/** A line naming the chart (title, mark, encodings), then the first rows of its data. */
function chartText(spec: VegaLiteSpec, values: JsonRow[]): string {
  const title = typeof spec.title === "string"
    ? spec.title
    : (spec.title as { text?: unknown } | undefined)?.text;
  const mark = typeof spec.mark === "string"
    ? spec.mark
    : (spec.mark as { type?: unknown } | undefined)?.type ??
      (["layer", "hconcat", "vconcat", "concat", "facet", "repeat"].find((k) => k in spec) ?? "");
  const channels = Object.entries((spec.encoding ?? {}) as Record<string, { field?: unknown }>)
    .filter(([, def]) => typeof def?.field === "string")
    .map(([channel, def]) => `${channel}=${def.field}`);
  const head = [
    typeof title === "string" ? `${title}:` : "",
    `${String(mark)} chart`.trim(),
    channels.length ? `(${channels.join(", ")})` : "",
    `of ${values.length} ${values.length === 1 ? "row" : "rows"}`,
  ].filter(Boolean).join(" ");
  if (values.length === 0) return head;
  return `${head}\n${recordsBundle(values, { rows: TEXT_ROWS })["text/plain"]}`;
}
