/**
 * Plain data as tables: a step's metrics, a list of records, an object's fields (pure: no I/O).
 * Values read as in a row of `collect()`: bigints whole, dates in ISO 8601, bytes in hex.
 *
 * @module
 */
import type { TableBundle } from "./bundle.ts";
import { tableBundle } from "./html.ts";
import { DEFAULT_ROWS } from "./table.ts";

/**
 * Metrics: name to value (nested objects are flattened to dotted names), or a list of such
 * records (one per step of a job, say).
 *
 * @example
 * const m: Metrics = { step: "dedupe", rowsIn: 200, rowsOut: 193, rejected: { duplicate: 7 } };
 */
export type Metrics =
  | Record<string, unknown>
  | ReadonlyMap<string, unknown>
  | readonly Record<string, unknown>[];

/**
 * Something that carries metrics, such as a step's result (`steps/types.ts`: `{ df,
 * quarantined, metrics }`) or a job's.
 *
 * @example
 * const result: HasMetrics = { name: "dedupe", metrics: { rowsIn: 120n, rowsOut: 118n } };
 */
export interface HasMetrics {
  /** The metrics. */
  metrics: Metrics;
  /** Shown as the table's caption. */
  name?: string;
  /** Shown as the caption when there is no `name` (else `metrics.step`, if a string). */
  step?: string;
}

/** Options of tables of plain data. */
export interface ValuesOptions {
  /** How many rows to show (default 20). */
  rows?: number;
  /** Cut cells at this many characters (`true`: 20; `false`/0 or default: never). */
  truncate?: boolean | number;
  /** The table's caption. */
  caption?: string;
}

/**
 * Whether a value has `metrics`: an object, a Map, or a list of objects.
 *
 * @example
 * hasMetrics({ metrics: { rows: 3 } }); // true
 */
export function hasMetrics(value: unknown): value is HasMetrics {
  if (typeof value !== "object" || value === null) return false;
  const metrics = (value as { metrics?: unknown }).metrics;
  return metrics instanceof Map || isPlainObject(metrics) ||
    (Array.isArray(metrics) && metrics.every(isPlainObject));
}

/**
 * A value as one cell's text.
 *
 * @example
 * formatValue(12n); // "12"
 * formatValue(new Date(0)); // "1970-01-01T00:00:00.000Z"
 */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "string") return value;
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? "Invalid Date" : value.toISOString();
  }
  if (value instanceof Uint8Array) {
    return `[${[...value].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ")}]`;
  }
  if (typeof value !== "object" && typeof value !== "function") return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return Deno.inspect(value, { colors: false, compact: true, breakLength: Infinity, depth: 4 });
}

/**
 * A result's metrics as a table captioned with its name: one object's as two columns
 * (`metric`, `value`; its `step` becomes the caption), a list's as a row per object. A value
 * without `metrics` is taken as the metrics themselves.
 *
 * @example
 * metricsBundle({ metrics: { step: "dedupe", rowsIn: 200, rowsOut: 193 } }); // captioned "dedupe"
 * metricsBundle({ name: "job", metrics: [{ step: "read", rowsOut: 200 }, { step: "dedupe", rowsOut: 193 }] });
 */
export function metricsBundle(
  result: HasMetrics | Metrics,
  opts: ValuesOptions = {},
): TableBundle {
  const holder: HasMetrics = hasMetrics(result) ? result : { metrics: result as Metrics };
  const metrics = holder.metrics;
  let caption = opts.caption ?? holder.name ?? holder.step;
  if (Array.isArray(metrics)) {
    const rows = metrics.map((m) => Object.fromEntries(flatten(m)));
    return recordsBundle(rows, { rows: rows.length, ...opts, caption });
  }
  let entries = flatten(metrics as Record<string, unknown> | ReadonlyMap<string, unknown>);
  const step = entries.find(([k]) => k === "step")?.[1];
  if (caption === undefined && typeof step === "string") {
    caption = step;
    entries = entries.filter(([k]) => k !== "step");
  }
  return tableBundle({
    names: ["metric", "value"],
    cells: entries.map(([k, v]) => [k, formatValue(v)]),
    numRows: entries.length,
    truncate: opts.truncate ?? false,
    caption,
  });
}

/**
 * Records as a table: a column per key (in order of appearance), the first `rows` records,
 * and a note when there are more.
 *
 * @example
 * recordsBundle([{ id: 1, name: "a" }, { id: 2 }]); // name is "null" in the second row
 */
export function recordsBundle(
  records: readonly Record<string, unknown>[],
  opts: ValuesOptions = {},
): TableBundle {
  const numRows = opts.rows ?? DEFAULT_ROWS;
  const shown = records.slice(0, numRows + 1);
  const names = [...new Set(shown.flatMap((r) => Object.keys(r)))];
  return tableBundle({
    names,
    cells: shown.map((r) => names.map((n) => formatValue(r[n]))),
    numRows,
    truncate: opts.truncate ?? false,
    caption: opts.caption,
  });
}

/**
 * An object's (or a Map's) entries as a `key`/`value` table, nested objects flattened.
 *
 * @example
 * fieldsBundle({ path: "/data/reviews", rows: 3n });
 */
export function fieldsBundle(
  value: Record<string, unknown> | ReadonlyMap<string, unknown>,
  opts: ValuesOptions = {},
): TableBundle {
  const entries = flatten(value);
  const numRows = opts.rows ?? entries.length;
  return tableBundle({
    names: ["key", "value"],
    cells: entries.slice(0, numRows + 1).map(([k, v]) => [k, formatValue(v)]),
    numRows,
    truncate: opts.truncate ?? false,
    caption: opts.caption,
  });
}

/**
 * Whether a value is a plain object (an object literal or `Object.create(null)`).
 *
 * @example
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new Date()); // false
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Entries with nested plain objects and Maps flattened to dotted names. */
function flatten(
  value: Record<string, unknown> | ReadonlyMap<string, unknown>,
  prefix = "",
): [string, unknown][] {
  const entries = value instanceof Map ? [...value] : Object.entries(value);
  return entries.flatMap(([k, v]): [string, unknown][] => {
    const name = `${prefix}${String(k)}`;
    return v instanceof Map || isPlainObject(v) ? flatten(v, `${name}.`) : [[name, v]];
  });
}
