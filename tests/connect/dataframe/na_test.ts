/**
 * Null handling (`fillna`, `dropna`, `df.na`) against the real server, compared with the same
 * rule written in SQL.
 */
import { assertSameRows, withPeople } from "./fixtures.ts";

const COLS = "id, name, rating, city";

Deno.test("fillna with a number fills numeric columns only; with a string, string columns", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.fillna(0),
      "SELECT id, name, coalesce(rating, 0D) AS rating, city FROM people",
    );
    await assertSameRows(
      spark,
      people.na.fill("—"),
      "SELECT id, coalesce(name, '—') AS name, rating, coalesce(city, '—') AS city FROM people",
    );
  }));

Deno.test("fillna with a subset, or one value per column", () =>
  withPeople(async (spark, people) => {
    await assertSameRows(
      spark,
      people.fillna("?", ["city"]),
      "SELECT id, name, rating, coalesce(city, '?') AS city FROM people",
    );
    await assertSameRows(
      spark,
      people.na.fill({ rating: 1.5, name: "名無し" }),
      "SELECT id, coalesce(name, '名無し') AS name, coalesce(rating, 1.5D) AS rating, city FROM people",
    );
  }));

Deno.test("dropna: any null, all null, a subset, or a threshold of non-nulls", () =>
  withPeople(async (spark, people) => {
    const nonNulls = "(CAST(id IS NOT NULL AS INT) + CAST(name IS NOT NULL AS INT) + " +
      "CAST(rating IS NOT NULL AS INT) + CAST(city IS NOT NULL AS INT))";
    await assertSameRows(
      spark,
      people.dropna(),
      `SELECT ${COLS} FROM people WHERE name IS NOT NULL AND rating IS NOT NULL AND city IS NOT NULL`,
    );
    await assertSameRows(
      spark,
      people.select("name", "city").dropna("all"),
      "SELECT name, city FROM people WHERE name IS NOT NULL OR city IS NOT NULL",
    );
    await assertSameRows(
      spark,
      people.na.drop("any", undefined, ["rating", "city"]),
      `SELECT ${COLS} FROM people WHERE rating IS NOT NULL AND city IS NOT NULL`,
    );
    await assertSameRows(
      spark,
      people.dropna("any", 4),
      `SELECT ${COLS} FROM people WHERE ${nonNulls} >= 4`,
    );
    await assertSameRows(
      spark,
      people.dropna("all", 3),
      `SELECT ${COLS} FROM people WHERE ${nonNulls} >= 3`,
    );
    await assertSameRows(
      spark,
      people.filter("false").dropna(),
      "SELECT * FROM people WHERE false",
    );
  }));
