/**
 * Arrow values to plain JavaScript rows. Each Spark type has one documented JS form:
 *
 * | Spark type | JS value in a row |
 * | --- | --- |
 * | BOOLEAN | `boolean` |
 * | TINYINT, SMALLINT, INT, FLOAT, DOUBLE | `number` |
 * | BIGINT | `bigint` |
 * | DECIMAL(p,s) | `string`, exact (`"12.345"`) |
 * | STRING, CHAR, VARCHAR | `string` |
 * | BINARY | `Uint8Array` |
 * | DATE | `Date` at 00:00 UTC of that day |
 * | TIMESTAMP | `Date` (the instant; microseconds beyond the millisecond are dropped) |
 * | TIMESTAMP_NTZ | `Date` whose UTC fields are the wall-clock fields |
 * | INTERVAL DAY TO SECOND | `bigint` microseconds |
 * | INTERVAL YEAR TO MONTH | `number` of months |
 * | CALENDAR INTERVAL | `{ months: number, days: number, nanoseconds: bigint }` |
 * | ARRAY | `Array` |
 * | MAP | `Map` |
 * | STRUCT | a plain object |
 * | VOID (null) | `null` |
 *
 * `toArrow()` keeps everything at full precision; rows are for convenience.
 *
 * @module
 */
import {
  type DataType,
  type Field,
  type RecordBatch,
  type Table,
  Type,
  type Vector,
} from "apache-arrow";

/** One result row: column name to value. */
export type Row = Record<string, unknown>;

/** A calendar interval (Spark's `CalendarIntervalType`). */
export interface CalendarInterval {
  months: number;
  days: number;
  nanoseconds: bigint;
}

type Convert = (value: unknown) => unknown;

/**
 * Converts a table or record batch to plain rows.
 *
 * @example
 * const rows = toRows(await df.toArrow()); // [{ id: 0n, name: "a" }, ...]
 */
export function toRows(data: Table | RecordBatch): Row[] {
  const fields = data.schema.fields;
  const converters = fields.map((f) => converter(f.type));
  const columns = fields.map((_, i) => data.getChildAt(i)!);
  const rows: Row[] = new Array(data.numRows);
  for (let r = 0; r < data.numRows; r++) {
    const row: Row = {};
    for (let c = 0; c < fields.length; c++) row[fields[c].name] = converters[c](columns[c].get(r));
    rows[r] = row;
  }
  return rows;
}

const identity: Convert = (v) => v;

function converter(type: DataType): Convert {
  switch (type.typeId) {
    case Type.Decimal: {
      const scale = (type as unknown as { scale: number }).scale;
      return nullable((v) => decimalToString(v as Uint32Array, scale));
    }
    case Type.Date:
    case Type.DateDay:
    case Type.DateMillisecond:
    case Type.Timestamp:
    case Type.TimestampMicrosecond:
    case Type.TimestampMillisecond:
    case Type.TimestampNanosecond:
    case Type.TimestampSecond:
      return nullable((v) => new Date(Math.floor(v as number)));
    case Type.Interval:
    case Type.IntervalYearMonth:
    case Type.IntervalMonthDayNano:
    case Type.IntervalDayTime:
      return nullable(intervalConverter(type));
    case Type.List:
    case Type.FixedSizeList: {
      const inner = converter((type.children[0] as Field).type);
      return nullable((v) => Array.from(v as Vector, inner));
    }
    case Type.Map: {
      const entry = (type.children[0] as Field).type;
      const key = converter((entry.children[0] as Field).type);
      const val = converter((entry.children[1] as Field).type);
      return nullable((v) => {
        const out = new Map<unknown, unknown>();
        for (const [k, x] of v as Iterable<[unknown, unknown]>) out.set(key(k), val(x));
        return out;
      });
    }
    case Type.Struct: {
      const parts = (type.children as Field[]).map((f) => [f.name, converter(f.type)] as const);
      return nullable((v) => {
        const row = v as Record<string, unknown>;
        const out: Row = {};
        for (const [name, conv] of parts) out[name] = conv(row[name]);
        return out;
      });
    }
    case Type.Null:
      return () => null;
    default:
      return identity;
  }
}

function nullable(fn: Convert): Convert {
  return (v) => (v === null || v === undefined ? null : fn(v));
}

function intervalConverter(type: DataType): Convert {
  const unit = (type as unknown as { unit: number }).unit;
  // IntervalUnit: 0 YEAR_MONTH, 1 DAY_TIME, 2 MONTH_DAY_NANO.
  if (unit === 0) return (v) => (v as Int32Array)[0] * 12 + (v as Int32Array)[1];
  if (unit === 2) {
    return (v): CalendarInterval => {
      const w = v as Int32Array;
      return {
        months: w[0],
        days: w[1],
        nanoseconds: (BigInt(w[3]) << 32n) | BigInt(w[2] >>> 0),
      };
    };
  }
  return (v) => ({ days: (v as Int32Array)[0], milliseconds: (v as Int32Array)[1] });
}

/** A 128-bit two's complement little-endian decimal, scaled, as an exact string. */
function decimalToString(words: Uint32Array, scale: number): string {
  let unscaled = 0n;
  for (let i = words.length - 1; i >= 0; i--) unscaled = (unscaled << 32n) | BigInt(words[i]);
  const bits = BigInt(words.length * 32);
  if (words[words.length - 1] & 0x80000000) unscaled -= 1n << bits;
  const negative = unscaled < 0n;
  let digits = (negative ? -unscaled : unscaled).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, "0");
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  }
  return negative ? `-${digits}` : digits;
}
