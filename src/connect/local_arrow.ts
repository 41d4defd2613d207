/**
 * JS rows to an Arrow table of the Arrow types a Spark schema implies, as Spark reads them back
 * (timestamps as microseconds, UTC; decimals as 128-bit; dates as days). JS values go in the
 * forms `collect()` gives back (see `rows.ts`), plus a few more:
 *
 * | Spark type | accepted JS values |
 * | --- | --- |
 * | BOOLEAN | `boolean` |
 * | TINYINT, SMALLINT, INT | integral `number` (or `bigint`) in range |
 * | BIGINT | `bigint`, or a safe integral `number` |
 * | FLOAT, DOUBLE | `number` (or `bigint`) |
 * | DECIMAL(p,s) | `string` (exact: `"12.34"`, `"1e-3"`), `number` or `bigint`; rounded half up |
 * | STRING | `string` (numbers, bigints and booleans are written as text) |
 * | BINARY | `Uint8Array`, `ArrayBuffer` or another typed array |
 * | DATE | `Date` (its UTC day) or `"YYYY-MM-DD"` |
 * | TIMESTAMP | `Date`, an ISO-8601 string (zone-less: UTC), or `bigint` µs since the epoch |
 * | TIMESTAMP_NTZ | `Date` whose UTC fields are the wall clock, a zone-less ISO string, `bigint` µs |
 * | INTERVAL DAY TO SECOND | `bigint` (or `number`) microseconds |
 * | INTERVAL YEAR TO MONTH | `number` of months |
 * | CALENDAR INTERVAL | `{ months, days, nanoseconds }` |
 * | ARRAY | `Array` |
 * | MAP | `Map`, or a plain object |
 * | STRUCT | a plain object by field name, or an array by position |
 *
 * `null` and `undefined` are SQL NULL, refused in NOT NULL fields. ISO strings keep digits
 * past the millisecond.
 *
 * @module
 */
import {
  Binary,
  Bool,
  type Data,
  type DataType as ArrowType,
  DateDay,
  Decimal,
  DurationMicrosecond,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  IntervalMonthDayNano,
  IntervalYearMonth,
  List,
  makeData,
  Map_,
  Null,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMicrosecond,
  Utf8,
} from "apache-arrow";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  ByteType,
  CalendarIntervalType,
  CharType,
  type DataType,
  DateType,
  DayTimeIntervalType,
  DecimalType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  ShortType,
  StringType,
  StructType,
  TimestampNTZType,
  TimestampType,
  VarcharType,
  YearMonthIntervalType,
} from "./types/mod.ts";

/**
 * One local row: an object by column name, or an array by position.
 *
 * @example
 * const rows: LocalRow[] = [{ id: 1n, name: "Ana" }, [2n, "Bo"]];
 */
export type LocalRow = Record<string, unknown> | readonly unknown[];

/**
 * Converts JS rows to an Arrow table whose types are what Spark's schema implies.
 *
 * @example
 * const table = toArrowTable([{ day: "2024-01-01", n: 1n }], parseDDL("day DATE, n BIGINT"));
 */
export function toArrowTable(rows: readonly LocalRow[], schema: StructType): Table {
  const columns = schema.fields.map((f, i) =>
    columnData(f.dataType, f.nullable, rows.map((row) => pick(row, f.name, i)), f.name)
  );
  const fields = schema.fields.map((f, i) => new Field(f.name, columns[i].type, f.nullable));
  const data = makeData({ type: new Struct(fields), length: rows.length, children: columns });
  return new Table([new RecordBatch(new Schema(fields), data)]);
}

/** A value of a row (or struct) by name, or by position for arrays. */
function pick(row: unknown, name: string, i: number): unknown {
  if (row === null || row === undefined) return undefined;
  return Array.isArray(row) ? row[i] : (row as Record<string, unknown>)[name];
}

type Typed = Int8Array | Int16Array | Int32Array | Float32Array | Float64Array | BigInt64Array;

/** A fixed-width type: its Arrow type, its buffer, and the JS value to buffer value rule. */
interface FixedWidth {
  arrow: ArrowType;
  buffer: (n: number) => Typed;
  /** The value to store, or undefined when `v` is not one of the accepted forms. */
  convert: (v: unknown) => number | bigint | undefined;
  expected: string;
}

function fixedWidth(type: DataType): FixedWidth | undefined {
  const int = (arrow: ArrowType, bits: number, buffer: (n: number) => Typed): FixedWidth => ({
    arrow,
    buffer,
    convert: (v) => {
      const n = typeof v === "bigint" ? Number(v) : v;
      const max = 2 ** (bits - 1);
      return Number.isInteger(n) && -max <= (n as number) && (n as number) < max
        ? n as number
        : undefined;
    },
    expected: `an integer of ${bits} bits`,
  });
  const micros = (arrow: ArrowType): FixedWidth => ({
    arrow,
    buffer: (n) => new BigInt64Array(n),
    convert: toMicros,
    expected: "a Date, an ISO-8601 string or bigint microseconds",
  });
  const long = (v: unknown) =>
    typeof v === "bigint" ? v : Number.isSafeInteger(v) ? BigInt(v as number) : undefined;
  const num = (v: unknown) =>
    typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined;
  if (type instanceof ByteType) return int(new Int8(), 8, (n) => new Int8Array(n));
  if (type instanceof ShortType) return int(new Int16(), 16, (n) => new Int16Array(n));
  if (type instanceof IntegerType) return int(new Int32(), 32, (n) => new Int32Array(n));
  if (type instanceof LongType) {
    return {
      arrow: new Int64(),
      buffer: (n) => new BigInt64Array(n),
      convert: long,
      expected: "a bigint",
    };
  }
  if (type instanceof FloatType) {
    return {
      arrow: new Float32(),
      buffer: (n) => new Float32Array(n),
      convert: num,
      expected: "a number",
    };
  }
  if (type instanceof DoubleType) {
    return {
      arrow: new Float64(),
      buffer: (n) => new Float64Array(n),
      convert: num,
      expected: "a number",
    };
  }
  if (type instanceof DateType) {
    return {
      arrow: new DateDay(),
      buffer: (n) => new Int32Array(n),
      convert: toEpochDay,
      expected: "a Date or a YYYY-MM-DD string",
    };
  }
  if (type instanceof TimestampType) return micros(new TimestampMicrosecond("UTC"));
  if (type instanceof TimestampNTZType) return micros(new TimestampMicrosecond(null));
  if (type instanceof DayTimeIntervalType) {
    return {
      arrow: new DurationMicrosecond(),
      buffer: (n) => new BigInt64Array(n),
      convert: long,
      expected: "bigint microseconds",
    };
  }
  if (type instanceof YearMonthIntervalType) {
    return {
      arrow: new IntervalYearMonth(),
      buffer: (n) => new Int32Array(n),
      convert: (v) => (Number.isInteger(v) ? v as number : undefined),
      expected: "a number of months",
    };
  }
  return undefined;
}

/** The Arrow data of one column (or nested child) of a Spark type. */
function columnData(type: DataType, nullable: boolean, values: unknown[], path: string): Data {
  const length = values.length;
  const validity = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v !== null && v !== undefined) validity[i >> 3] |= 1 << (i & 7);
    else if (nullable) nullCount++;
    else throw new TypeError(`${path} is NOT NULL, but row ${i} holds ${v}`);
  });
  const base = { length, nullCount, nullBitmap: nullCount > 0 ? validity : undefined };
  /** Converts each non-null value with `fn`; `fn` returns undefined for a value it refuses. */
  const each = <T>(expected: string, fn: (v: unknown) => T | undefined): (T | undefined)[] =>
    values.map((v, i) => {
      if (v === null || v === undefined) return undefined;
      const out = fn(v);
      if (out === undefined) {
        throw new TypeError(`${path} (row ${i}): ${type.sql()} needs ${expected}, got ${show(v)}`);
      }
      return out;
    });

  const fixed = fixedWidth(type);
  if (fixed) {
    const data = fixed.buffer(length);
    each(fixed.expected, fixed.convert).forEach((x, i) =>
      x !== undefined && (data[i] = x as never)
    );
    return makeData({ type: fixed.arrow, ...base, data } as never);
  }
  if (type instanceof NullType) return makeData({ type: new Null(), length });
  if (type instanceof BooleanType) {
    const data = new Uint8Array((length + 7) >> 3);
    each("a boolean", (v) => (typeof v === "boolean" ? v : undefined))
      .forEach((b, i) => b && (data[i >> 3] |= 1 << (i & 7)));
    return makeData({ type: new Bool(), ...base, data });
  }
  if (type instanceof DecimalType) {
    const data = new Uint32Array(length * 4);
    const limit = 10n ** BigInt(type.precision);
    each(`a decimal of at most ${type.precision} digits`, (v) => {
      const u = toUnscaled(v, type.scale);
      return u !== undefined && -limit < u && u < limit ? u : undefined;
    }).forEach((u, i) => {
      for (let w = 0, x = u ?? 0n; w < 4; w++, x >>= 32n) data[i * 4 + w] = Number(x & 0xffffffffn);
    });
    return makeData({ type: new Decimal(type.scale, type.precision, 128), ...base, data });
  }
  if (type instanceof CalendarIntervalType) {
    const data = new Int32Array(length * 4);
    each("{ months, days, nanoseconds }", toCalendarWords).forEach((w, i) =>
      w && data.set(w, i * 4)
    );
    return makeData({ type: new IntervalMonthDayNano(), ...base, data });
  }
  if (type instanceof StringType || type instanceof CharType || type instanceof VarcharType) {
    const encoder = new TextEncoder();
    const text = each(
      "a string",
      (v) =>
        typeof v === "string" || typeof v === "number" || typeof v === "bigint" ||
          typeof v === "boolean"
          ? encoder.encode(String(v))
          : undefined,
    );
    const { valueOffsets, data } = packBytes(text);
    return makeData({ type: new Utf8(), ...base, valueOffsets, data });
  }
  if (type instanceof BinaryType) {
    const { valueOffsets, data } = packBytes(each("bytes", toBytes));
    return makeData({ type: new Binary(), ...base, valueOffsets, data });
  }
  if (type instanceof ArrayType) {
    const lists = each("an array", (v) => (Array.isArray(v) ? v as unknown[] : undefined));
    const child = columnData(type.elementType, type.containsNull, flat(lists), `${path}[]`);
    const field = new Field("element", child.type, type.containsNull);
    return makeData({ type: new List(field), ...base, valueOffsets: offsets(lists), child });
  }
  if (type instanceof MapType) {
    const maps = each(
      "a Map",
      (v) => v instanceof Map ? [...v] : isPlainObject(v) ? Object.entries(v) : undefined,
    );
    const entries = flat(maps);
    const keys = columnData(type.keyType, false, entries.map((e) => e[0]), `${path} key`);
    const vals = columnData(
      type.valueType,
      type.valueContainsNull,
      entries.map((e) => e[1]),
      `${path} value`,
    );
    const struct = new Struct([
      new Field("key", keys.type, false),
      new Field("value", vals.type, type.valueContainsNull),
    ]);
    const child = makeData({ type: struct, length: entries.length, children: [keys, vals] });
    const mapType = new Map_(new Field("entries", struct, false));
    return makeData({ type: mapType, ...base, valueOffsets: offsets(maps), child });
  }
  if (type instanceof StructType) {
    const objects = each("an object", (v) => (typeof v === "object" ? v : undefined));
    const children = type.fields.map((f, j) =>
      columnData(
        f.dataType,
        f.nullable,
        objects.map((o) => pick(o, f.name, j)),
        `${path}.${f.name}`,
      )
    );
    const fields = type.fields.map((f, j) => new Field(f.name, children[j].type, f.nullable));
    return makeData({ type: new Struct(fields), ...base, children });
  }
  throw new TypeError(`${path}: createDataFrame does not support ${type.sql()} values`);
}

function flat<T>(lists: (readonly T[] | undefined)[]): T[] {
  return lists.flatMap((l) => l ?? []);
}

function offsets(parts: readonly ({ length: number } | undefined)[]): Int32Array {
  const out = new Int32Array(parts.length + 1);
  parts.forEach((p, i) => (out[i + 1] = out[i] + (p?.length ?? 0)));
  return out;
}

function packBytes(parts: (Uint8Array | undefined)[]) {
  const valueOffsets = offsets(parts);
  const data = new Uint8Array(valueOffsets[parts.length]);
  parts.forEach((p, i) => p && data.set(p, valueOffsets[i]));
  return { valueOffsets, data };
}

function toBytes(v: unknown): Uint8Array | undefined {
  if (v instanceof Uint8Array) return v;
  if (v instanceof ArrayBuffer) return new Uint8Array(v);
  if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  return undefined;
}

function toEpochDay(v: unknown): number | undefined {
  const ms = v instanceof Date
    ? v.getTime()
    : typeof v === "string" && /^\d{4}-\d\d-\d\d$/.test(v)
    ? Date.parse(`${v}T00:00:00Z`)
    : NaN;
  return Number.isFinite(ms) ? Math.floor(ms / 86_400_000) : undefined;
}

/** Microseconds since the epoch (wall clock in UTC for zone-less strings). */
function toMicros(v: unknown): bigint | undefined {
  if (typeof v === "bigint") return v;
  if (v instanceof Date) {
    return Number.isFinite(v.getTime()) ? BigInt(v.getTime()) * 1000n : undefined;
  }
  if (typeof v !== "string") return undefined;
  let iso = v.trim().replace(" ", "T");
  if (iso.includes("T") && !/(Z|[+-]\d\d(:?\d\d)?)$/i.test(iso)) iso += "Z";
  const sub = /^(.*\.\d{3})(\d{1,3})(.*)$/.exec(iso);
  const ms = Date.parse(sub ? sub[1] + sub[3] : iso);
  if (!Number.isFinite(ms)) return undefined;
  return BigInt(ms) * 1000n + BigInt(sub ? sub[2].padEnd(3, "0") : 0);
}

/** A decimal's unscaled value at `scale`, rounded half away from zero (Spark's HALF_UP). */
function toUnscaled(v: unknown, scale: number): bigint | undefined {
  if (typeof v === "bigint") return v * 10n ** BigInt(scale);
  const text = typeof v === "number" && Number.isFinite(v)
    ? String(v)
    : typeof v === "string"
    ? v.trim()
    : "";
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  const [, sign, whole, fraction = "", exponent = "0"] = m ?? [];
  if (!m || whole.length + fraction.length === 0) return undefined;
  const digits = BigInt(whole + fraction);
  const shift = scale - fraction.length + Number(exponent);
  let unscaled = digits * 10n ** BigInt(Math.max(shift, 0));
  if (shift < 0) {
    const divisor = 10n ** BigInt(-shift);
    unscaled = digits / divisor + ((digits % divisor) * 2n >= divisor ? 1n : 0n);
  }
  return sign === "-" ? -unscaled : unscaled;
}

/** A calendar interval as Arrow's MONTH_DAY_NANO words: months, days, nanoseconds (int64). */
function toCalendarWords(v: unknown): Int32Array | undefined {
  if (!isPlainObject(v)) return undefined;
  const { months = 0, days = 0, nanoseconds = 0n } = v as {
    months?: number;
    days?: number;
    nanoseconds?: bigint | number;
  };
  if (!Number.isInteger(months) || !Number.isInteger(days)) return undefined;
  if (typeof nanoseconds !== "bigint" && !Number.isSafeInteger(nanoseconds)) return undefined;
  const nanos = BigInt.asUintN(64, BigInt(nanoseconds));
  const low = Number(nanos & 0xffffffffn) | 0;
  return Int32Array.of(months, days, low, Number(nanos >> 32n) | 0);
}

/**
 * Whether `v` is a plain object (a struct value), not a Date, Map, array or class instance.
 *
 * @example
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new Map()); // false
 */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A short form of a JS value for messages.
 *
 * @example
 * show(5n); // "5n"
 */
export function show(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? "invalid" : v.toISOString()})`;
  try {
    return JSON.stringify(v)?.slice(0, 60) ?? String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}
