/**
 * Arrow values to plain JS rows, one documented JS form per Spark type, on tables built locally.
 */
import assert from "node:assert/strict";
import {
  Binary,
  Bool,
  type DataType,
  DateDay,
  Decimal,
  DurationMicrosecond,
  Field,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  IntervalMonthDayNano,
  IntervalYearMonth,
  List,
  makeData,
  makeVector,
  Map_,
  Null,
  RecordBatch,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  TimestampMicrosecond,
  Utf8,
  type Vector,
  vectorFromArray,
} from "apache-arrow";
import { toRows } from "../../src/connect/rows.ts";

/** Validity bitmap for `valid` (true = not null), LSB first. */
function bitmap(valid: boolean[]): Uint8Array {
  const bits = new Uint8Array(Math.ceil(valid.length / 8));
  valid.forEach((v, i) => {
    if (v) bits[i >> 3] |= 1 << (i % 8);
  });
  return bits;
}

/** A Decimal128 vector of unscaled values, stored as 128-bit little-endian two's complement. */
function decimals(unscaled: (bigint | null)[], precision: number, scale: number): Vector {
  const words = new Uint32Array(unscaled.length * 4);
  unscaled.forEach((v, i) => {
    let x = BigInt.asUintN(128, v ?? 0n);
    for (let w = 0; w < 4; w++) {
      words[i * 4 + w] = Number(x & 0xffffffffn);
      x >>= 32n;
    }
  });
  return makeVector(makeData({
    type: new Decimal(scale, precision, 128),
    length: unscaled.length,
    nullCount: unscaled.filter((v) => v === null).length,
    nullBitmap: bitmap(unscaled.map((v) => v !== null)),
    data: words,
  }));
}

/** A vector of one fixed-width `type` from raw values. */
function raw<T extends DataType>(
  type: T,
  data: Int32Array | BigInt64Array,
  valid: boolean[],
): Vector<T> {
  return makeVector(makeData({
    type,
    length: valid.length,
    nullCount: valid.filter((v) => !v).length,
    nullBitmap: bitmap(valid),
    data,
  } as never)) as Vector<T>;
}

/** The values of one column of `table`, as rows give them. */
function column(vector: Vector, name = "c"): unknown[] {
  return toRows(new Table({ [name]: vector })).map((row) => row[name]);
}

Deno.test("rows are keyed by column name, one per table row", () => {
  const table = new Table({
    id: vectorFromArray([1, 2], new Int32()),
    name: vectorFromArray(["a", "b"], new Utf8()),
  });
  assert.deepEqual(toRows(table), [{ id: 1, name: "a" }, { id: 2, name: "b" }]);
});

Deno.test("BIGINT values are bigints, at the extremes too", () => {
  const values = [0n, 9_007_199_254_740_993n, -(2n ** 63n), 2n ** 63n - 1n, null];
  assert.deepEqual(column(vectorFromArray(values, new Int64())), values);
});

Deno.test("small integers, doubles, booleans, strings and binary keep their JS form", () => {
  const table = new Table({
    i8: vectorFromArray([-128, null], new Int8()),
    i16: vectorFromArray([32767, null], new Int16()),
    f: vectorFromArray([1.5, null], new Float64()),
    b: vectorFromArray([false, null], new Bool()),
    s: vectorFromArray(["héllo 😀", null], new Utf8()),
    bin: vectorFromArray([new Uint8Array([0, 255]), null], new Binary()),
  });
  const [row, nulls] = toRows(table);
  assert.deepEqual(row, {
    i8: -128,
    i16: 32767,
    f: 1.5,
    b: false,
    s: "héllo 😀",
    bin: new Uint8Array([0, 255]),
  });
  assert.deepEqual(nulls, { i8: null, i16: null, f: null, b: null, s: null, bin: null });
});

Deno.test("DECIMAL values are exact strings with their scale", () => {
  const values = column(decimals([1234n, -5n, 0n, -123456n, 100n, null], 10, 2));
  assert.deepEqual(values, ["12.34", "-0.05", "0.00", "-1234.56", "1.00", null]);
});

Deno.test("DECIMAL(38, s) keeps all 38 digits", () => {
  const max = 10n ** 38n - 1n;
  const values = column(decimals([max, -max, 1n, -1n], 38, 10));
  assert.deepEqual(values, [
    "9999999999999999999999999999.9999999999",
    "-9999999999999999999999999999.9999999999",
    "0.0000000001",
    "-0.0000000001",
  ]);
});

Deno.test("DECIMAL with scale 0 has no decimal point", () => {
  assert.deepEqual(column(decimals([42n, -42n, 2n ** 100n], 38, 0)), [
    "42",
    "-42",
    "1267650600228229401496703205376",
  ]);
});

Deno.test("DATE values are Dates at 00:00 UTC", () => {
  const days = raw(new DateDay(), Int32Array.of(0, 19782, -1), [true, true, true]);
  const values = column(days) as Date[];
  assert.ok(values.every((v) => v instanceof Date));
  assert.deepEqual(values.map((d) => d.toISOString()), [
    "1970-01-01T00:00:00.000Z",
    "2024-02-29T00:00:00.000Z",
    "1969-12-31T00:00:00.000Z",
  ]);
  assert.deepEqual(column(raw(new DateDay(), Int32Array.of(0), [false])), [null]);
});

Deno.test("TIMESTAMP values are Dates of the instant, microseconds dropped toward the past", () => {
  const micros = BigInt64Array.of(
    1_704_164_645_006_789n, // 2024-01-02T03:04:05.006789Z
    0n,
    -1_500n, // 1.5 ms before the epoch
    0n,
  );
  const ts = raw(new TimestampMicrosecond("UTC"), micros, [true, true, true, false]);
  const values = column(ts);
  assert.ok(values.slice(0, 3).every((v) => v instanceof Date));
  assert.deepEqual(values.slice(0, 3).map((d) => (d as Date).toISOString()), [
    "2024-01-02T03:04:05.006Z",
    "1970-01-01T00:00:00.000Z",
    "1969-12-31T23:59:59.998Z",
  ]);
  assert.equal(values[3], null);
});

Deno.test("TIMESTAMP_NTZ values are Dates whose UTC fields are the wall clock", () => {
  const ntz = raw(new TimestampMicrosecond(), BigInt64Array.of(1_704_164_645_000_000n), [true]);
  assert.equal((column(ntz)[0] as Date).toISOString(), "2024-01-02T03:04:05.000Z");
});

Deno.test("ARRAY values are Arrays, with null elements and null arrays", () => {
  const list = vectorFromArray(
    [[1, null, 3], null, []],
    new List(new Field("element", new Int32(), true)),
  );
  assert.deepEqual(column(list), [[1, null, 3], null, []]);
});

Deno.test("ARRAY elements are converted too", () => {
  const list = vectorFromArray(
    [[1n, null], [2n ** 62n]],
    new List(new Field("element", new Int64(), true)),
  );
  assert.deepEqual(column(list), [[1n, null], [2n ** 62n]]);
});

/** A MAP type from its key and value types. */
function mapOf<K extends DataType, V extends DataType>(key: K, value: V): Map_<K, V> {
  const entries = new Struct<{ key: K; value: V }>([
    new Field("key", key, false),
    new Field("value", value, true),
  ]);
  return new Map_<K, V>(new Field("entries", entries, false));
}

const stringToInt = mapOf(new Utf8(), new Int32());

Deno.test("MAP values are JS Maps, with null values and null maps", () => {
  const map = vectorFromArray([new Map([["a", 1], ["b", null]]), null, new Map()], stringToInt);
  const values = column(map);
  assert.ok(values[0] instanceof Map);
  assert.deepEqual(values, [new Map([["a", 1], ["b", null]]), null, new Map()]);
});

Deno.test("STRUCT values are plain objects, with null fields and null structs", () => {
  const type = new Struct([
    new Field("x", new Int32(), true),
    new Field("y", new Utf8(), true),
    new Field("big", new Int64(), true),
  ]);
  const st = vectorFromArray(
    [{ x: 1, y: "a", big: 7n }, null, { x: null, y: null, big: null }],
    type,
  );
  const values = column(st);
  assert.equal(Object.getPrototypeOf(values[0]), Object.prototype, "a plain object");
  assert.deepEqual(values, [{ x: 1, y: "a", big: 7n }, null, { x: null, y: null, big: null }]);
});

Deno.test("nested types convert and keep nulls at every level", () => {
  // ARRAY<STRUCT<tags: MAP<STRING, INT>, when: TIMESTAMP>>
  const struct = new Struct([
    new Field("tags", stringToInt, true),
    new Field("when", new TimestampMicrosecond("UTC"), true),
  ]);
  const type = new List(new Field("element", struct, true));
  const list = vectorFromArray(
    [
      [
        { tags: new Map([["k", 1], ["n", null]]), when: 86_400_000 },
        null,
        { tags: null, when: null },
      ],
      null,
    ],
    type,
  );
  assert.deepEqual(column(list), [
    [
      { tags: new Map([["k", 1], ["n", null]]), when: new Date(86_400_000) },
      null,
      { tags: null, when: null },
    ],
    null,
  ]);
});

Deno.test("a MAP of DECIMAL values converts the values", () => {
  const type = mapOf(new Int32(), new Decimal(1, 5, 128));
  // The builder takes a decimal as its little-endian 32-bit words.
  const words = (n: number) =>
    Uint32Array.of(n >>> 0, n < 0 ? 0xffffffff : 0, n < 0 ? 0xffffffff : 0, n < 0 ? 0xffffffff : 0);
  const map = vectorFromArray(
    [new Map([[1, words(15)], [2, words(-15)], [3, null]])],
    type as never,
  );
  assert.deepEqual(column(map), [new Map([[1, "1.5"], [2, "-1.5"], [3, null]])]);
});

Deno.test("INTERVAL YEAR TO MONTH values are numbers of months", () => {
  const ym = raw(new IntervalYearMonth(), Int32Array.of(14, -14, 0, 0), [true, true, true, false]);
  assert.deepEqual(column(ym), [14, -14, 0, null]);
});

Deno.test("CALENDAR INTERVAL values are {months, days, nanoseconds}", () => {
  const nanos = [3n, -1n, 2n ** 40n + 7n, -(2n ** 40n)];
  const words = new Int32Array(4 * 5);
  [[1, 2], [-1, -2], [0, 30], [12, 0]].forEach(([months, days], i) => {
    words[4 * i] = months;
    words[4 * i + 1] = days;
    const ns = BigInt.asUintN(64, nanos[i]);
    words[4 * i + 2] = Number(BigInt.asIntN(32, ns & 0xffffffffn));
    words[4 * i + 3] = Number(BigInt.asIntN(32, ns >> 32n));
  });
  const mdn = raw(new IntervalMonthDayNano(), words, [true, true, true, true, false]);
  assert.deepEqual(column(mdn), [
    { months: 1, days: 2, nanoseconds: 3n },
    { months: -1, days: -2, nanoseconds: -1n },
    { months: 0, days: 30, nanoseconds: 2n ** 40n + 7n },
    { months: 12, days: 0, nanoseconds: -(2n ** 40n) },
    null,
  ]);
});

Deno.test("INTERVAL DAY TO SECOND values are bigint microseconds", () => {
  const d = vectorFromArray([90_061_000_001n, -1n, null], new DurationMicrosecond());
  assert.deepEqual(column(d), [90_061_000_001n, -1n, null]);
});

Deno.test("VOID columns are all null", () => {
  const nulls = makeVector(makeData({ type: new Null(), length: 2 }));
  assert.deepEqual(column(nulls), [null, null]);
});

Deno.test("a record batch converts like a table", () => {
  const table = new Table({ id: vectorFromArray([5n, 6n], new Int64()) });
  const [batch] = table.batches;
  assert.ok(batch instanceof RecordBatch);
  assert.deepEqual(toRows(batch), [{ id: 5n }, { id: 6n }]);
});

Deno.test("a table of several batches gives the rows of all of them, in order", () => {
  const a = new Table({ id: vectorFromArray([1, 2], new Int32()) });
  const b = new Table({ id: vectorFromArray([3], new Int32()) });
  const both = a.concat(b);
  assert.equal(both.batches.length, 2);
  assert.deepEqual(toRows(both), [{ id: 1 }, { id: 2 }, { id: 3 }]);
});

Deno.test("rows of a table read back from Arrow IPC convert the same way", () => {
  const table = new Table({
    dec: decimals([-5n, 1234n], 10, 2),
    tags: vectorFromArray([new Map([["a", 1]]), null], stringToInt),
  });
  const back = tableFromIPC(tableToIPC(table, "stream"));
  assert.deepEqual(toRows(back), [
    { dec: "-0.05", tags: new Map([["a", 1]]) },
    { dec: "12.34", tags: null },
  ]);
});

Deno.test("an empty table has no rows", () => {
  const table = new Table({ id: vectorFromArray([], new Int32()) });
  assert.deepEqual(toRows(table), []);
});
