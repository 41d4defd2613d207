/**
 * Chart bundles without a server: exactly vega-lite 5 and text, data inline as JSON from Arrow,
 * and specs that vega-lite 5 accepts.
 */
import assert from "node:assert/strict";
import {
  DateDay,
  Decimal,
  Field,
  Float64,
  Int64,
  List,
  makeData,
  makeVector,
  Map_,
  Struct,
  Table,
  TimestampMicrosecond,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { JUPYTER_DISPLAY, VEGA_LITE_MIME } from "../../src/display/bundle.ts";
import { arrowToJson, chartFromArrow, chartFromValues } from "../../src/display/chart.ts";
import { assertValidVegaLite } from "./vega.ts";

/** A DECIMAL(10, 2) column of unscaled values (no nulls). */
function decimals(unscaled: bigint[]) {
  const words = new Uint32Array(unscaled.length * 4);
  unscaled.forEach((v, i) => {
    let x = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; w++, x >>= 32n) words[i * 4 + w] = Number(x & 0xffffffffn);
  });
  return makeVector(
    makeData({ type: new Decimal(2, 10, 128), length: unscaled.length, data: words }),
  );
}

const BAR = {
  title: "Reviews per rating",
  mark: { type: "bar", tooltip: true },
  encoding: {
    x: { field: "rating", type: "ordinal" },
    y: { field: "reviews", type: "quantitative" },
  },
};

Deno.test("a chart's bundle holds exactly vega-lite v5 and text/plain, the data inline", async () => {
  const table = new Table({
    rating: vectorFromArray([1, 2, 5], new Float64()),
    reviews: vectorFromArray([3n, 10n, 2n ** 60n], new Int64()),
  });
  const c = chartFromArrow(table, BAR);
  const bundle = await c[JUPYTER_DISPLAY]();
  assert.deepEqual(Object.keys(bundle).sort(), [VEGA_LITE_MIME, "text/plain"].sort());
  assert.equal(VEGA_LITE_MIME, "application/vnd.vegalite.v5+json");
  const spec = bundle[VEGA_LITE_MIME]!;
  assert.ok(String(spec.$schema).endsWith("/vega-lite/v5.json"));
  assert.deepEqual(spec.data, {
    values: [
      { rating: 1, reviews: 3 },
      { rating: 2, reviews: 10 },
      { rating: 5, reviews: "1152921504606846976" },
    ],
  });
  assert.deepEqual(JSON.parse(JSON.stringify(spec)), spec, "the spec is plain JSON");
  assertValidVegaLite(spec);
  assert.equal(
    bundle["text/plain"],
    [
      "Reviews per rating: bar chart (x=rating, y=reviews) of 3 rows",
      "+------+-------------------+",
      "|rating|reviews            |",
      "+------+-------------------+",
      "|1     |3                  |",
      "|2     |10                 |",
      "|5     |1152921504606846976|",
      "+------+-------------------+",
    ].join("\n"),
  );
  assert.equal(Deno.inspect(c), bundle["text/plain"], "console.log prints the text");
});

Deno.test("Arrow values become JSON: bigint, dates, timestamps, decimals, nested and odd numbers", () => {
  const table = new Table({
    big: vectorFromArray([9_007_199_254_740_991n, 9_007_199_254_740_993n, null], new Int64()),
    day: vectorFromArray([new Date(Date.UTC(2024, 1, 29)), null, null], new DateDay()),
    at: vectorFromArray(
      [Date.UTC(2024, 2, 1, 10, 30, 0, 250), null, null],
      new TimestampMicrosecond(),
    ),
    price: decimals([1234n, -5n, 100n]),
    x: vectorFromArray([NaN, Infinity, 1.5], new Float64()),
    ids: vectorFromArray(
      [[1n, 2n ** 60n], [], null],
      new List(new Field("element", new Int64(), true)),
    ),
    who: vectorFromArray(
      [{ id: 7n, name: "<b>" }, null, null],
      new Struct([new Field("id", new Int64(), true), new Field("name", new Utf8(), true)]),
    ),
  });
  assert.deepEqual(arrowToJson(table), [
    {
      big: 9_007_199_254_740_991,
      day: "2024-02-29",
      at: "2024-03-01T10:30:00.250Z",
      price: 12.34,
      x: null,
      ids: [1, "1152921504606846976"],
      who: { id: 7, name: "<b>" },
    },
    { big: "9007199254740993", day: null, at: null, price: -0.05, x: null, ids: [], who: null },
    { big: null, day: null, at: null, price: 1, x: 1.5, ids: null, who: null },
  ]);
});

Deno.test("maps become objects, their values converted too", () => {
  const entries = new Struct([
    new Field("key", new Utf8(), false),
    new Field("value", new Int64(), true),
  ]);
  const table = new Table({
    m: vectorFromArray(
      [new Map([["a", 1n], ["b", null]])],
      new Map_(new Field("entries", entries, false)),
    ),
  });
  assert.deepEqual(arrowToJson(table), [{ m: { a: 1, b: null } }]);
});

Deno.test("a layered, temporal chart with dates from Arrow is valid vega-lite 5", () => {
  const table = new Table({
    month: vectorFromArray(
      [new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2024, 1, 1))],
      new DateDay(),
    ),
    reviews: vectorFromArray([5n, 8n], new Int64()),
  });
  const c = chartFromArrow(table, {
    encoding: {
      x: { field: "month", type: "temporal", timeUnit: "utcyearmonth" },
      y: { field: "reviews", type: "quantitative" },
    },
    layer: [{ mark: "line" }, { mark: "point" }],
  });
  assert.deepEqual(c.values, [
    { month: "2024-01-01", reviews: 5 },
    { month: "2024-02-01", reviews: 8 },
  ]);
  assertValidVegaLite(c.spec);
  assert.ok(c.spec.$schema);
});

Deno.test("the validator itself rejects a misspelled property and an unknown mark", () => {
  assert.throws(() =>
    assertValidVegaLite({
      data: { values: [] },
      mark: "bar",
      encoding: { x: { feild: "a", type: "nominal" } },
    })
  );
  assert.throws(() => assertValidVegaLite({ data: { values: [] }, mark: "pie-ish" }));
});

Deno.test("a spec that brings its own data is refused; a foreign $schema is replaced", () => {
  assert.throws(
    () => chartFromValues([], { data: { url: "x.csv" }, mark: "bar" }),
    /leave `data` out/,
  );
  const c = chartFromValues([{ a: 1 }], {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    mark: "point",
  });
  assert.equal(c.spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  assert.deepEqual(Object.keys(c.spec), ["$schema", "mark", "data"]);
});
