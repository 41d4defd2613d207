/**
 * Display against the real Spark at `$SPARK_REMOTE`: a DataFrame's table runs one bounded query
 * when shown (ExecutePlan calls counted on a wrapped transport), charts inline converted rows,
 * and the review charts collect only Spark's aggregates.
 */
import assert from "node:assert/strict";
import type { DataFrame } from "../../src/connect/dataframe.ts";
import type { ExecutePlanRequest } from "../../src/connect/proto/gen/spark/connect/base_pb.ts";
import { SparkSession } from "../../src/connect/session.ts";
import { GrpcTransport, type Transport } from "../../src/connect/transport.ts";
import { parseConnectionString } from "../../src/connect/url.ts";
import { JUPYTER_DISPLAY, type TableBundle, VEGA_LITE_MIME } from "../../src/display/bundle.ts";
import { chart, ChartDataTooLargeError } from "../../src/display/chart.ts";
import { toBundle } from "../../src/display/display.ts";
import { installDisplay } from "../../src/display/install.ts";
import {
  ratingDistribution,
  reviewsPerMonth,
  topRestaurants,
} from "../../src/display/review_charts.ts";
import { table } from "../../src/display/table.ts";
import { sharedUrl } from "../helpers/spark.ts";
import { assertValidVegaLite } from "./vega.ts";

/** The ExecutePlan requests and AnalyzePlan calls a session made. */
interface Calls {
  executes: ExecutePlanRequest[];
  analyzes: number;
}

/** Runs `fn` on a session of the shared server whose transport records its calls. */
async function withCountingSpark(fn: (spark: SparkSession, calls: Calls) => Promise<void>) {
  const url = sharedUrl();
  const calls: Calls = { executes: [], analyzes: 0 };
  const inner = new GrpcTransport(parseConnectionString(url));
  const transport = new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (prop === "executePlan") calls.executes.push(args[0] as ExecutePlanRequest);
        if (prop === "analyzePlan") calls.analyzes++;
        return value.apply(target, args);
      };
    },
  }) as Transport;
  const spark = await SparkSession.connect(url, { transport });
  try {
    await fn(spark, calls);
  } finally {
    await spark.stop();
  }
}

/** The relation types in a plan, outermost first, with each limit's value. */
function relations(message: unknown, out: string[] = []): string[] {
  if (typeof message !== "object" || message === null || message instanceof Uint8Array) return out;
  const rel = (message as { relType?: { case?: string; value?: { limit?: number } } }).relType;
  if (rel?.case) out.push(rel.case === "limit" ? `limit ${rel.value?.limit}` : rel.case);
  for (const v of Object.values(message)) relations(v, out);
  return out;
}

const show = (df: DataFrame) =>
  (df as unknown as { [JUPYTER_DISPLAY](): Promise<TableBundle> })[JUPYTER_DISPLAY]();

Deno.test("a DataFrame shown as a cell's last value runs one bounded query, and only then", async () => {
  installDisplay({ rows: 20 });
  await withCountingSpark(async (spark, calls) => {
    const df = (await spark.sql(
      `SELECT id, concat('<script>', id) AS s, CAST(id AS DECIMAL(10, 2)) AS d,
        date_add(DATE'2024-01-01', CAST(id AS INT)) AS day FROM range(100)`,
    )).filter("id >= 10");
    calls.executes.length = 0;
    calls.analyzes = 0;
    const bundle = await show(df);
    assert.equal(calls.executes.length, 1, "one ExecutePlan");
    assert.ok(relations(calls.executes[0]).includes("limit 21"), "bounded to rows + 1");
    assert.equal(calls.analyzes, 1, "the schema, once");
    assert.deepEqual(Object.keys(bundle).sort(), ["text/html", "text/plain"]);
    const html = bundle["text/html"];
    assert.equal(html.match(/<tr><td>/g)?.length, 20);
    assert.ok(html.includes(
      "<tr><td>10</td><td>&lt;script&gt;10</td><td>10.00</td>" +
        "<td>2024-01-11</td></tr>",
    ));
    assert.ok(html.includes("<td>29</td>") && !html.includes("<td>30</td>"));
    assert.ok(!html.includes("<script"));
    for (const type of ["bigint", "string", "decimal(10,2)", "date"]) {
      assert.ok(html.includes(`<small>${type}</small>`), type);
    }
    assert.ok(html.endsWith("<p>only showing top 20 rows</p>\n"));
    const text = bundle["text/plain"].split("\n");
    assert.equal(text[0], "DataFrame[id: bigint, s: string, d: decimal(10,2), day: date]");
    assert.equal(text[4], "| 10|<script>10|10.00|2024-01-11|");
    assert.equal(text.at(-1), "only showing top 20 rows");
    await show(df);
    assert.equal(calls.executes.length, 2, "each display runs the query again");
    assert.equal(calls.analyzes, 1, "the schema stays cached");
  });
});

Deno.test("installDisplay's row count holds for every DataFrame; table() and toBundle() set their own", async () => {
  await withCountingSpark(async (spark, calls) => {
    const df = await spark.sql("SELECT id FROM range(10)");
    calls.executes.length = 0;
    try {
      installDisplay({ rows: 3 });
      const three = await show(df);
      assert.equal(three["text/html"].match(/<tr><td>/g)?.length, 3);
      assert.ok(three["text/plain"].endsWith("only showing top 3 rows"));
      const two = await toBundle(df, { rows: 2 });
      assert.equal(two["text/html"]?.match(/<tr><td>/g)?.length, 2, "options beat the defaults");
      const all = await table(df, { rows: 10 }).bundle();
      assert.equal(all["text/html"].match(/<tr><td>/g)?.length, 10);
      assert.ok(!all["text/plain"].includes("only showing"), "exactly 10 rows: no note");
      assert.deepEqual(calls.executes.map((r) => relations(r).find((s) => s.startsWith("limit"))), [
        "limit 4",
        "limit 3",
        "limit 11",
      ]);
    } finally {
      installDisplay({ rows: 20 });
    }
  });
});

Deno.test("chart() inlines Spark's rows converted to JSON, and refuses more than maxRows", async () => {
  await withCountingSpark(async (spark, calls) => {
    const df = await spark.sql(`SELECT * FROM VALUES
      (1L, 9007199254740993L, CAST(12.34 AS DECIMAL(10, 2)), DATE'2024-02-29',
        TIMESTAMP'2024-03-01 10:30:00.250 UTC'),
      (2L, CAST(NULL AS BIGINT), CAST(-0.05 AS DECIMAL(10, 2)), CAST(NULL AS DATE),
        CAST(NULL AS TIMESTAMP))
      AS t(id, big, price, day, at)`);
    const c = await chart(df, {
      mark: "point",
      encoding: {
        x: { field: "day", type: "temporal" },
        y: { field: "price", type: "quantitative" },
      },
    });
    assert.deepEqual(c.values, [
      {
        id: 1,
        big: "9007199254740993",
        price: 12.34,
        day: "2024-02-29",
        at: "2024-03-01T10:30:00.250Z",
      },
      { id: 2, big: null, price: -0.05, day: null, at: null },
    ]);
    const bundle = await c.bundle();
    assert.deepEqual(Object.keys(bundle).sort(), [VEGA_LITE_MIME, "text/plain"].sort());
    assertValidVegaLite(bundle[VEGA_LITE_MIME]);
    calls.executes.length = 0;
    const many = await spark.sql("SELECT id FROM range(1000000)");
    await assert.rejects(chart(many, { mark: "tick" }, { maxRows: 10 }), ChartDataTooLargeError);
    assert.ok(relations(calls.executes.at(-1)).includes("limit 11"));
  });
});

Deno.test("the review charts aggregate in Spark and collect only a handful of rows", async () => {
  await withCountingSpark(async (spark, calls) => {
    const reviews = await spark.sql(`SELECT id % 7 AS restaurantId, id AS reviewId,
        concat('review ', id) AS text, CAST(1 + id % 5 AS DOUBLE) AS rating,
        TIMESTAMP'2024-01-01 00:00:00 UTC' + make_interval(0, 0, 0, CAST(id % 90 AS INT)) AS publishedAt
      FROM range(5000)`);
    calls.executes.length = 0;
    const ratings = await ratingDistribution(reviews);
    assert.deepEqual(ratings.values, [1, 2, 3, 4, 5].map((rating) => ({ rating, reviews: 1000 })));
    const months = await reviewsPerMonth(reviews);
    assert.deepEqual(months.values.map((v) => v.month), ["2024-01-01", "2024-02-01", "2024-03-01"]);
    assert.equal(months.values.reduce((n, v) => n + (v.reviews as number), 0), 5000);
    const top = await topRestaurants(reviews, { n: 3 });
    assert.deepEqual(top.values.map((v) => v.restaurantId), [0, 1, 2]);
    assert.deepEqual(top.values[0], { restaurantId: 0, reviews: 715, averageRating: 3 });
    assert.equal(calls.executes.length, 3, "one query a chart");
    for (const request of calls.executes) assert.ok(relations(request).includes("aggregate"));
    for (const c of [ratings, months, top]) {
      const bundle = await c.bundle();
      assert.deepEqual(Object.keys(bundle).sort(), [VEGA_LITE_MIME, "text/plain"].sort());
      assertValidVegaLite(bundle[VEGA_LITE_MIME]);
    }
  });
});
