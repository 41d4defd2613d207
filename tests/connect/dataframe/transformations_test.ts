/**
 * Single-DataFrame transformations against the real server, each compared with the same query
 * written as SQL (nulls, Unicode and empty inputs included).
 */
import assert from "node:assert/strict";
import { col, desc, expr, lit } from "../../../src/connect/functions/mod.ts";
import { withSpark } from "../../helpers/spark.ts";
import { assertSameRows, withPeople } from "./fixtures.ts";

Deno.test("select, selectExpr and * match SQL projections", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.select("name", col("rating").plus(1).alias("next")),
      "SELECT name, rating + 1 AS next FROM people",
    );
    await assertSameRows(
      spark,
      people.selectExpr("upper(name) AS shout", "id * 2 AS twice"),
      "SELECT upper(name) AS shout, id * 2 AS twice FROM people",
    );
    await assertSameRows(
      spark,
      people.select("*", lit("x").alias("k")),
      "SELECT *, 'x' AS k FROM people",
    );
  }));

Deno.test("filter and where take Columns or SQL text; nulls never match", () =>
  withPeople(async (spark, people) => {
    const sql = "SELECT * FROM people WHERE rating >= 3";
    await assertSameRows(spark, people.filter(col("rating").geq(3)), sql);
    await assertSameRows(spark, people.where("rating >= 3"), sql);
    await assertSameRows(
      spark,
      people.filter("city = 'Tokyo' AND name LIKE '東京%'"),
      "SELECT * FROM people WHERE city = 'Tokyo' AND name LIKE '東京%'",
    );
    const none = await assertSameRows(
      spark,
      people.filter("id > 100"),
      "SELECT * FROM people WHERE false",
    );
    assert.equal(none.length, 0);
  }));

Deno.test("withColumn adds or replaces; withColumns adds several at once", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.withColumn("twice", col("id").multiply(2)).withColumn("id", col("id").plus(100)),
      "SELECT id + 100 AS id, name, rating, city, id * 2 AS twice FROM people",
    );
    await assertSameRows(
      spark,
      people.withColumns({ len: expr("length(name)"), city: expr("coalesce(city, '?')") }),
      "SELECT id, name, rating, coalesce(city, '?') AS city, length(name) AS len FROM people",
    );
  }));

Deno.test("a chain of withColumn reading each other's columns gives SQL's result", () =>
  withPeople(async (spark, people) => {
    const df = people.withColumn("a", col("id").plus(1)).withColumn("b", col("a").multiply(2))
      .withColumn("c", lit(7)).withColumn("a", col("b").minus(col("a")));
    await assertSameRows(
      spark,
      df,
      `SELECT id, name, rating, city, b - a AS a, b, c FROM
        (SELECT *, a * 2 AS b, 7 AS c FROM (SELECT *, id + 1 AS a FROM people))`,
    );
  }));

Deno.test("renames and drops: missing names are ignored, as in PySpark", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.withColumnRenamed("name", "名前").withColumnsRenamed({ city: "town", nope: "x" }),
      "SELECT id, name AS `名前`, rating, city AS town FROM people",
    );
    await assertSameRows(
      spark,
      people.drop("rating", "nope").drop(col("city")),
      "SELECT id, name FROM people",
    );
  }));

Deno.test("orderBy and sort: ascending nulls first, descending nulls last, like SQL", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.orderBy("rating", "id"),
      "SELECT * FROM people ORDER BY rating, id",
      { ordered: true },
    );
    await assertSameRows(
      spark,
      people.sort(desc("rating"), "id"),
      "SELECT * FROM people ORDER BY rating DESC, id",
      { ordered: true },
    );
    await assertSameRows(
      spark,
      people.orderBy(["city", "id"], { ascending: [false, true] }),
      "SELECT * FROM people ORDER BY city DESC NULLS LAST, id",
      { ordered: true },
    );
    await assertSameRows(
      spark,
      people.sortWithinPartitions("id").coalesce(1).orderBy("id"),
      "SELECT * FROM people ORDER BY id",
      { ordered: true },
    );
  }));

Deno.test("limit and offset page through ordered rows", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.orderBy("id").offset(1).limit(2),
      "SELECT * FROM people ORDER BY id LIMIT 2 OFFSET 1",
      { ordered: true },
    );
    assert.equal((await people.limit(0).collect()).length, 0);
  }));

Deno.test("distinct and dropDuplicates keep one row per key", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.select("city").distinct(),
      "SELECT DISTINCT city FROM people",
    );
    const one = await people.dropDuplicates(["city"]).collect();
    assert.deepEqual(one.map((r) => r.city).sort(), ["Paris", "Tokyo", null].sort());
    const doubled = people.union(people);
    await assertSameRows(spark, doubled.dropDuplicates(), "SELECT DISTINCT * FROM people");
  }));

Deno.test("alias qualifies columns; toDF renames all by position", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.alias("p").select("p.name", "p.*"),
      "SELECT p.name, p.* FROM people p",
    );
    await assertSameRows(
      spark,
      people.toDF("a", "b", "c", "d"),
      "SELECT id AS a, name AS b, rating AS c, city AS d FROM people",
    );
  }));

Deno.test("repartition, coalesce and hints change partitioning, not rows", () =>
  withPeople(async (spark, people) => {
    const all = "SELECT * FROM people";
    await assertSameRows(spark, people.repartition(3), all);
    await assertSameRows(spark, people.repartition(2, "city"), all);
    await assertSameRows(spark, people.repartition(col("id")), all);
    await assertSameRows(spark, people.coalesce(1), all);
    await assertSameRows(spark, people.hint("repartition", 2).hint("broadcast"), all);
    const plan = await people.repartition(3).explain();
    assert.match(plan, /RoundRobinPartitioning\(3\)/);
  }));

Deno.test("sample: the same seed gives the same rows; fraction 0 none, 1 all", () =>
  withSpark(async (spark) => {
    const ids = await spark.sql("SELECT id FROM range(200)");
    const a = ids.sample(0.3, 11);
    const first = await a.collect();
    assert.deepEqual(await a.collect(), first);
    assert.deepEqual(await ids.sample(0.3, 11).collect(), first);
    assert.ok(first.length > 20 && first.length < 120, `${first.length} rows`);
    const unseeded = ids.sample(0.5);
    assert.deepEqual(await unseeded.collect(), await unseeded.collect());
    assert.equal(await ids.sample(0.0, 1).count(), 0);
    assert.equal(await ids.sample(1.0, 1).count(), 200);
    assert.ok((await ids.sample(true, 2.0, 3).count()) > 200);
  }));

Deno.test("transform chains reusable steps", () =>
  withPeople(async (spark, people) => {
    const rated = (df: typeof people, min: number) => df.filter(col("rating").geq(min));
    await assertSameRows(
      spark,
      people.transform(rated, 4),
      "SELECT * FROM people WHERE rating >= 4",
    );
  }));

Deno.test("transformations on an empty DataFrame give empty results with the right columns", () =>
  withPeople(async (spark, people) => {
    const empty = people.filter("false");
    await assertSameRows(
      spark,
      empty.withColumn("x", lit(1)).orderBy("id").select("x", "name"),
      "SELECT 1 AS x, name FROM people WHERE false",
    );
    assert.equal(await empty.distinct().count(), 0);
  }));
