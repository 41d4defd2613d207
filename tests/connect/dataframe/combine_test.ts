/**
 * Joins (every PySpark join type string), set operations and self-joins against the real
 * server, each compared with the same query written as SQL.
 */
import assert from "node:assert/strict";
import type { JoinType } from "../../../src/connect/dataframe.ts";
import { col } from "../../../src/connect/functions/mod.ts";
import { assertSameRows, withPeople } from "./fixtures.ts";

/** Each join type string and the SQL join it means. */
const JOINS: [JoinType, string][] = [
  ["inner", "INNER JOIN"],
  ["outer", "FULL OUTER JOIN"],
  ["full", "FULL OUTER JOIN"],
  ["fullouter", "FULL OUTER JOIN"],
  ["full_outer", "FULL OUTER JOIN"],
  ["left", "LEFT OUTER JOIN"],
  ["leftouter", "LEFT OUTER JOIN"],
  ["left_outer", "LEFT OUTER JOIN"],
  ["right", "RIGHT OUTER JOIN"],
  ["rightouter", "RIGHT OUTER JOIN"],
  ["right_outer", "RIGHT OUTER JOIN"],
  ["semi", "LEFT SEMI JOIN"],
  ["leftsemi", "LEFT SEMI JOIN"],
  ["left_semi", "LEFT SEMI JOIN"],
  ["anti", "LEFT ANTI JOIN"],
  ["leftanti", "LEFT ANTI JOIN"],
  ["left_anti", "LEFT ANTI JOIN"],
];

Deno.test("every join type on a condition matches SQL, null keys never matching", () =>
  withPeople(async (spark, people, cities) => {
    for (const [how, sqlJoin] of JOINS) {
      const df = people.join(cities, people.col("city").eq(cities.col("city")), how);
      const cols = /SEMI|ANTI/.test(sqlJoin) ? "p.*" : "p.*, c.*";
      await assertSameRows(
        spark,
        df,
        `SELECT ${cols} FROM people p ${sqlJoin} cities c ON p.city = c.city`,
      ).catch((e) => {
        throw new Error(`join type ${how}: ${e.message}`);
      });
    }
  }));

Deno.test("joins on column names keep the key once, as SQL's USING", () =>
  withPeople(async (spark, people, cities) => {
    for (const [how, sqlJoin] of JOINS) {
      if (/SEMI|ANTI/.test(sqlJoin)) continue;
      await assertSameRows(
        spark,
        people.join(cities, "city", how),
        `SELECT * FROM people ${sqlJoin} cities USING (city)`,
      ).catch((e) => {
        throw new Error(`join type ${how}: ${e.message}`);
      });
    }
    await assertSameRows(
      spark,
      people.join(cities, ["city"], "left_semi"),
      "SELECT * FROM people LEFT SEMI JOIN cities USING (city)",
    );
  }));

Deno.test("cross joins pair every row; a join without `on` too", () =>
  withPeople(async (spark, people, cities) => {
    const sql = "SELECT * FROM people CROSS JOIN cities";
    await assertSameRows(spark, people.crossJoin(cities), sql);
    await assertSameRows(spark, people.join(cities, undefined, "cross"), sql);
    await assertSameRows(spark, people.join(cities), sql);
    assert.equal(await people.crossJoin(cities.filter("false")).count(), 0);
  }));

Deno.test("df.col tells the two sides of a self-join apart", () =>
  withPeople(async (spark, people) => {
    const a = people.filter("rating IS NOT NULL");
    const b = people.select("id", "name", "city");
    const pairs = a.join(b, a.col("city").eq(b.col("city")).and(a.col("id").lt(b.col("id"))))
      .select(a.col("name").alias("first"), b.col("name").alias("second"));
    await assertSameRows(
      spark,
      pairs,
      `SELECT x.name AS first, y.name AS second FROM people x JOIN people y
        ON x.city = y.city AND x.id < y.id WHERE x.rating IS NOT NULL`,
    );
  }));

Deno.test("aliases qualify the sides of a self-join", () =>
  withPeople(async (spark, people) => {
    const df = people.alias("x").join(people.alias("y"), col("x.id").eq(col("y.id").minus(1)))
      .select("x.name", col("y.name").alias("next"));
    await assertSameRows(
      spark,
      df,
      "SELECT x.name, y.name AS next FROM people x JOIN people y ON x.id = y.id - 1",
    );
  }));

Deno.test("union keeps duplicates; unionByName matches names, filling missing ones", () =>
  withPeople(async (spark, people) => {
    const low = people.filter("id <= 3");
    const high = people.filter("id >= 3");
    await assertSameRows(
      spark,
      low.union(high),
      "SELECT * FROM people WHERE id <= 3 UNION ALL SELECT * FROM people WHERE id >= 3",
    );
    await assertSameRows(
      spark,
      low.unionAll(high.filter("false")),
      "SELECT * FROM people WHERE id <= 3",
    );
    const swapped = people.select("name", "id");
    await assertSameRows(
      spark,
      people.select("id", "name").unionByName(swapped),
      "SELECT id, name FROM people UNION ALL SELECT id, name FROM people",
    );
    await assertSameRows(
      spark,
      people.select("id", "name").unionByName(people.select("id", "city"), true),
      `SELECT id, name, CAST(NULL AS STRING) AS city FROM people
        UNION ALL SELECT id, CAST(NULL AS STRING), city FROM people`,
    );
    await assert.rejects(
      people.select("id").union(people).collect(),
      /NUM_COLUMNS_MISMATCH|columns/i,
    );
  }));

Deno.test("intersect, intersectAll, exceptAll and subtract match SQL, duplicates included", () =>
  withPeople(async (spark, people) => {
    const twice = people.select("city").union(people.select("city"));
    const tokyoOrNull = people.select("city").filter("city = 'Tokyo' OR city IS NULL");
    const [t, n] = [
      "(SELECT city FROM people UNION ALL SELECT city FROM people)",
      "(SELECT city FROM people WHERE city = 'Tokyo' OR city IS NULL)",
    ];
    await assertSameRows(
      spark,
      twice.intersect(tokyoOrNull),
      `SELECT * FROM ${t} INTERSECT SELECT * FROM ${n}`,
    );
    await assertSameRows(
      spark,
      twice.intersectAll(tokyoOrNull.union(tokyoOrNull)),
      `SELECT * FROM ${t} INTERSECT ALL (SELECT * FROM ${n} UNION ALL SELECT * FROM ${n})`,
    );
    await assertSameRows(
      spark,
      twice.exceptAll(tokyoOrNull),
      `SELECT * FROM ${t} EXCEPT ALL SELECT * FROM ${n}`,
    );
    await assertSameRows(
      spark,
      twice.subtract(tokyoOrNull),
      `SELECT * FROM ${t} EXCEPT SELECT * FROM ${n}`,
    );
  }));
