/**
 * `spark.catalog` against the test server: listing after creating a Delta table and a temporary
 * view, existence checks, columns, the current database, and dropping temporary views.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { DataFrameWriter } from "../../src/connect/writer.ts";
import { withSpark } from "../helpers/spark.ts";

Deno.test("the catalog lists a new Delta table and a temporary view, with their columns", async () => {
  await withSpark(async (spark) => {
    const suffix = crypto.randomUUID().slice(0, 8);
    const db = `lakebook_cat_${suffix}`;
    const view = `recent_${suffix}`;
    try {
      strictEqual(await spark.catalog.currentDatabase(), "default");
      strictEqual(await spark.catalog.databaseExists(db), false);
      await spark.sql(`CREATE DATABASE ${db}`);
      ok(await spark.catalog.databaseExists(db));
      ok((await spark.catalog.listDatabases()).some((d) => d.name === db));
      deepStrictEqual(
        (await spark.catalog.listDatabases(`lakebook_cat_${suffix}*`)).map((d) => d.name),
        [db],
      );

      const df = await spark.createDataFrame(
        [{ id: 1n, day: "2024-01-01", tags: ["a"] }],
        "id BIGINT, day STRING, tags ARRAY<STRING>",
      );
      await new DataFrameWriter(df).format("delta").partitionBy("day").saveAsTable(`${db}.reviews`);
      await spark.sql(`CREATE TEMP VIEW ${view} AS SELECT id FROM ${db}.reviews`);

      ok(await spark.catalog.tableExists(`${db}.reviews`));
      ok(await spark.catalog.tableExists("reviews", db));
      strictEqual(await spark.catalog.tableExists(`${db}.missing`), false);
      ok(await spark.catalog.tableExists(view));

      const tables = await spark.catalog.listTables(db);
      const reviews = tables.find((t) => t.name === "reviews");
      deepStrictEqual(reviews, {
        name: "reviews",
        catalog: "spark_catalog",
        namespace: [db],
        description: null,
        tableType: "MANAGED",
        isTemporary: false,
      });
      const temp = tables.find((t) => t.name === view);
      strictEqual(temp?.isTemporary, true);
      strictEqual(temp?.tableType, "TEMPORARY");
      deepStrictEqual(
        (await spark.catalog.listTables(db, { pattern: "rev*" })).map((t) => t.name),
        [
          "reviews",
        ],
      );

      const columns = await spark.catalog.listColumns(`${db}.reviews`);
      deepStrictEqual(
        columns.map((c) => [c.name, c.dataType, c.nullable, c.isPartition]),
        [["id", "bigint", true, false], ["day", "string", true, true], [
          "tags",
          "array<string>",
          true,
          false,
        ]],
      );

      await spark.catalog.setCurrentDatabase(db);
      strictEqual(await spark.catalog.currentDatabase(), db);
      ok(await spark.catalog.tableExists("reviews"));
      deepStrictEqual(await spark.table("reviews").collect(), [
        { id: 1n, day: "2024-01-01", tags: ["a"] },
      ]);
      await spark.catalog.setCurrentDatabase("default");
      strictEqual(await spark.catalog.currentCatalog(), "spark_catalog");
      ok((await spark.catalog.listCatalogs()).some((c) => c.name === "spark_catalog"));

      strictEqual(await spark.catalog.dropTempView(view), true);
      strictEqual(await spark.catalog.dropTempView(view), false);
      strictEqual(await spark.catalog.tableExists(view), false);
    } finally {
      await spark.catalog.dropTempView(view).catch(() => {});
      await spark.sql(`DROP DATABASE IF EXISTS ${db} CASCADE`);
    }
  });
});
