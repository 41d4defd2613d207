/**
 * Actions against the real server: counts, rows, the cached schema, printSchema, views,
 * caching and observed metrics. Round trips are counted by wrapping the session's client.
 */
import assert from "node:assert/strict";
import { DataFrame } from "../../../src/connect/dataframe.ts";
import { count, lit, max, sum } from "../../../src/connect/functions/mod.ts";
import { Observation } from "../../../src/connect/observation.ts";
import { rootPlan } from "../../../src/connect/plan/relation.ts";
import type { SparkSession } from "../../../src/connect/session.ts";
import { treeString } from "../../../src/connect/show.ts";
import { StorageLevels } from "../../../src/connect/storage_level.ts";
import { withSpark } from "../../helpers/spark.ts";
import { withPeople } from "./fixtures.ts";

/** Counts the session's ExecutePlan and AnalyzePlan calls from now on. */
function countCalls(spark: SparkSession): { execute: number; analyze: number } {
  const calls = { execute: 0, analyze: 0 };
  const client = spark.client;
  const [execute, analyze] = [client.execute.bind(client), client.analyze.bind(client)];
  client.execute = (...args) => (calls.execute++, execute(...args));
  client.analyze = (...args) => (calls.analyze++, analyze(...args));
  return calls;
}

Deno.test("count is the number of rows, in exactly one ExecutePlan", () =>
  withPeople(async (spark, people) => {
    const calls = countCalls(spark);
    assert.equal(await people.filter("rating > 2").count(), 3);
    assert.deepEqual(calls, { execute: 1, analyze: 0 });
    assert.equal(await people.filter("false").count(), 0);
    const big = await spark.sql("SELECT id FROM range(123456)");
    assert.equal(await big.count(), 123456);
  }));

Deno.test("first, head, take and tail", () =>
  withPeople(async (_spark, people) => {
    const ordered = people.orderBy("id").select("id", "name");
    assert.deepEqual(await ordered.first(), { id: 1, name: "Zoë" });
    assert.deepEqual(await ordered.head(), { id: 1, name: "Zoë" });
    assert.deepEqual(await ordered.head(2), [{ id: 1, name: "Zoë" }, {
      id: 2,
      name: "東京タワー",
    }]);
    assert.deepEqual((await ordered.take(3)).map((r) => r.id), [1, 2, 3]);
    assert.deepEqual((await ordered.tail(2)).map((r) => r.id), [4, 5]);
    assert.equal(await ordered.filter("false").first(), undefined);
    assert.deepEqual(await ordered.filter("false").take(5), []);
  }));

Deno.test("isEmpty reads at most one row", () =>
  withPeople(async (_spark, people) => {
    assert.equal(await people.isEmpty(), false);
    assert.equal(await people.filter("id > 99").isEmpty(), true);
    const plan = await people.filter("id > 99").explain();
    assert.ok(plan.length > 0);
  }));

Deno.test("the schema is fetched once per DataFrame, then columns and dtypes are free", () =>
  withPeople(async (spark, people) => {
    const calls = countCalls(spark);
    const df = people.withColumn("tags", lit(["a"]));
    const schema = await df.schema();
    assert.equal(calls.analyze, 1);
    assert.deepEqual(await df.columns, ["id", "name", "rating", "city", "tags"]);
    assert.deepEqual(await df.dtypes, [
      ["id", "int"],
      ["name", "string"],
      ["rating", "double"],
      ["city", "string"],
      ["tags", "array<string>"],
    ]);
    assert.equal(await df.schema(), schema);
    assert.equal(calls.analyze, 1, "columns, dtypes and schema() reused the first answer");
    await df.limit(1).filter("id > 0").columns; // both keep the schema: no new request
    assert.equal(calls.analyze, 1);
    await df.select("id").columns; // a new schema: asks again
    assert.equal(calls.analyze, 2);
  }));

Deno.test("a failed schema request is not cached", () =>
  withSpark(async (spark) => {
    const bad = (await spark.sql("SELECT 1 AS a")).select("nope");
    await assert.rejects(bad.schema(), /nope/);
    await assert.rejects(bad.columns, /nope/);
  }));

Deno.test("printSchema prints the server's tree for nested types", () =>
  withSpark(async (spark) => {
    const df = await spark.sql(
      `SELECT 1L AS id, array(named_struct('a', 1, 'b', map('k', 2.5D))) AS xs,
      CAST(NULL AS DECIMAL(12, 3)) AS d, X'00' AS bin, DATE'2024-01-01' AS day, 'é' AS \`wéird\``,
    );
    const res = await spark.client.analyze({
      case: "treeString",
      value: { plan: rootPlan(df.relation) },
    });
    const server = res.result.case === "treeString" ? res.result.value.treeString : "";
    assert.equal(treeString(await df.schema()), server);
    const printed: string[] = [];
    const log = console.log;
    console.log = (s: string) => printed.push(s);
    try {
      await df.printSchema();
    } finally {
      console.log = log;
    }
    assert.deepEqual(printed, [server]);
  }));

Deno.test("isLocal: command results are local, queries are not", () =>
  withSpark(async (spark) => {
    assert.equal(await (await spark.sql("SHOW DATABASES")).isLocal(), true);
    assert.equal(await (await spark.sql("SELECT id FROM range(3)")).isLocal(), false);
  }));

Deno.test("toLocalIterator yields every row; stopping early is fine", () =>
  withSpark(async (spark) => {
    const df = await spark.sql("SELECT id FROM range(25000)");
    let n = 0n;
    for await (const row of df.toLocalIterator()) n += row.id as bigint;
    assert.equal(n, 24999n * 25000n / 2n);
    let seen = 0;
    for await (const _ of df) if (++seen === 3) break;
    assert.equal(seen, 3);
    assert.equal(await df.count(), 25000);
  }));

Deno.test("temp views: create, replace, refuse a taken name; global ones span sessions", () =>
  withPeople(async (spark, people) => {
    await people.filter("city = 'Paris'").createTempView("parisians");
    assert.deepEqual(
      (await (await spark.sql("SELECT id FROM parisians ORDER BY id")).collect()).map((r) => r.id),
      [1, 3],
    );
    await assert.rejects(people.createTempView("parisians"), /already exists/i);
    await people.select("name").createOrReplaceTempView("parisians");
    assert.deepEqual(await (await spark.sql("SELECT * FROM parisians")).columns, ["name"]);
    const name = `people_${crypto.randomUUID().slice(0, 8)}`;
    await people.createGlobalTempView(name);
    await assert.rejects(people.createGlobalTempView(name), /already exists/i);
    await people.limit(2).createOrReplaceGlobalTempView(name);
    await withSpark(async (other) => {
      assert.equal(await (await other.sql(`SELECT * FROM global_temp.${name}`)).count(), 2);
    });
    await spark.sql(`DROP VIEW global_temp.${name}`);
  }));

Deno.test("cache, persist and unpersist set the storage level the server reports", () =>
  withPeople(async (_spark, people) => {
    const df = people.filter("rating > 1");
    assert.deepEqual(await df.storageLevel, StorageLevels.NONE);
    assert.equal(await df.cache(), df);
    assert.deepEqual(await df.storageLevel, StorageLevels.MEMORY_AND_DISK_DESER);
    assert.equal(await df.count(), 4);
    await df.unpersist(true);
    assert.deepEqual(await df.storageLevel, StorageLevels.NONE);
    await df.persist(StorageLevels.DISK_ONLY);
    assert.deepEqual(await df.storageLevel, StorageLevels.DISK_ONLY);
    await df.unpersist(true);
  }));

Deno.test("observed metrics arrive with any action, like PySpark's Observation", () =>
  withPeople(async (_spark, people) => {
    const seen = new Observation("people_stats");
    const observed = people.observe(
      seen,
      count(lit(1)).alias("rows"),
      max("rating").alias("best"),
      sum("id").alias("ids"),
    );
    assert.equal(seen.isReady, false);
    // (No global sort after observe: its sampling job would feed the metrics twice, in Spark.)
    const rows = await observed.filter("city IS NOT NULL").collect();
    assert.equal(rows.length, 4);
    assert.deepEqual(seen.get(), { rows: 5n, best: 5, ids: 15n });

    const later = new Observation();
    const kept = people.filter("rating >= 3").observe(later, count(lit(1)).alias("n"));
    assert.equal(await kept.join(people.select("id"), "id").count(), 3);
    assert.deepEqual(later.get(), { n: 3n });

    const streamed = new Observation("streamed");
    for await (const _ of people.observe(streamed, sum("id").alias("s")).toLocalIterator()) {
      // consume
    }
    assert.deepEqual(streamed.get(), { s: 15n });
  }));

Deno.test("a DataFrame from a server relation gets a plan id, leaving the relation as it was", () =>
  withSpark(async (spark) => {
    const df = await spark.sql("SELECT 1 AS a");
    const again = new DataFrame(spark, df.relation);
    assert.equal(again.relation, df.relation, "a relation with a plan id is kept as it is");
    assert.ok(df.relation.common?.planId !== undefined);
  }));
