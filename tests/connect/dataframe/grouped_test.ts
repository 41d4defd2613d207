/**
 * GroupedData and whole-frame aggregates against the real server, compared with SQL's GROUP BY
 * (null and Unicode keys, empty input).
 */
import assert from "node:assert/strict";
import { avg, count, count_distinct, max, min, sum } from "../../../src/connect/functions/mod.ts";
import { assertSameRows, withPeople } from "./fixtures.ts";

Deno.test("groupBy().agg with Columns matches GROUP BY, the null key its own group", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.groupBy("city").agg(avg("rating").alias("avg"), count("*").alias("n"), max("name")),
      "SELECT city, avg(rating) AS avg, count(*) AS n, max(name) FROM people GROUP BY city",
    );
  }));

Deno.test("agg with { column: function } names columns like Spark", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.groupBy("city").agg({ rating: "max", "*": "count" }),
      "SELECT city, max(rating), count(1) FROM people GROUP BY city",
    );
  }));

Deno.test("count, avg, mean, sum, min and max per group", () =>
  withPeople(async (spark, people) => {
    const by = people.groupBy("city");
    await assertSameRows(
      spark,
      by.count(),
      "SELECT city, count(1) AS count FROM people GROUP BY city",
    );
    await assertSameRows(
      spark,
      by.avg("rating", "id"),
      "SELECT city, avg(rating), avg(id) FROM people GROUP BY city",
    );
    await assertSameRows(
      spark,
      by.mean("rating"),
      "SELECT city, avg(rating) FROM people GROUP BY city",
    );
    await assertSameRows(spark, by.sum("id"), "SELECT city, sum(id) FROM people GROUP BY city");
    await assertSameRows(spark, by.min("name"), "SELECT city, min(name) FROM people GROUP BY city");
    await assertSameRows(
      spark,
      by.max("rating"),
      "SELECT city, max(rating) FROM people GROUP BY city",
    );
  }));

Deno.test("grouping by a Column expression and by several keys", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.groupBy(people.col("rating").geq(4).alias("good"), "city").count(),
      "SELECT rating >= 4 AS good, city, count(1) AS count FROM people GROUP BY 1, 2",
    );
  }));

Deno.test("agg on the whole DataFrame is one row, even when empty", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.agg(sum("id").alias("s"), count_distinct("city").alias("cities"), min("rating")),
      "SELECT sum(id) AS s, count(DISTINCT city) AS cities, min(rating) FROM people",
    );
    const empty = people.filter("false");
    const rows = await assertSameRows(
      spark,
      empty.agg({ id: "sum" }),
      "SELECT sum(id) FROM people WHERE false",
    );
    assert.deepEqual(rows, [{ "sum(id)": null }]);
    assert.equal((await empty.groupBy("city").count().collect()).length, 0);
  }));

Deno.test("rollup and cube add subtotal rows like SQL", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.rollup("city", "name").agg(count("*").alias("n")),
      "SELECT city, name, count(*) AS n FROM people GROUP BY ROLLUP(city, name)",
    );
    await assertSameRows(
      spark,
      people.cube("city").agg(sum("id").alias("s")),
      "SELECT city, sum(id) AS s FROM people GROUP BY CUBE(city)",
    );
  }));

Deno.test("pivot turns values into columns, with or without the list of values", () =>
  withPeople(async (spark, people) => {
    const sql = `SELECT * FROM (SELECT id % 2 AS odd, city, rating FROM people)
      PIVOT (sum(rating) FOR city IN ('Paris' AS Paris, 'Tokyo' AS Tokyo))`;
    const byOdd = people.withColumn("odd", people.col("id").mod(2)).groupBy("odd");
    await assertSameRows(spark, byOdd.pivot("city", ["Paris", "Tokyo"]).sum("rating"), sql);
    const found = byOdd.pivot("city").sum("rating");
    assert.deepEqual(await found.columns, ["odd", "null", "Paris", "Tokyo"]);
  }));
