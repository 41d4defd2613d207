/**
 * Shared fixtures of the DataFrame tests: a small table with nulls and Unicode, registered as
 * the temp view `people` of a session, and row comparison that ignores order.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { DataFrame } from "../../../src/connect/dataframe.ts";
import type { Row } from "../../../src/connect/rows.ts";
import type { SparkSession } from "../../../src/connect/session.ts";
import { withSpark } from "../../helpers/spark.ts";

/** Five people: null names, ratings and cities, CJK and emoji text. */
export const PEOPLE_SQL = `SELECT * FROM VALUES
  (1, 'Zoë', 4.5D, 'Paris'),
  (2, '東京タワー', CAST(NULL AS DOUBLE), 'Tokyo'),
  (3, CAST(NULL AS STRING), 3.0D, 'Paris'),
  (4, 'Ana 😀', 5.0D, CAST(NULL AS STRING)),
  (5, 'Bob', 2.0D, 'Tokyo')
  AS t(id, name, rating, city)`;

/** Cities, one without people and one with a null name. */
export const CITIES_SQL = `SELECT * FROM VALUES
  ('Paris', 'FR'), ('Tokyo', 'JP'), ('Lima', 'PE'), (CAST(NULL AS STRING), '??')
  AS t(city, country)`;

/** Runs `fn` on a session where the views `people` and `cities` exist. */
export function withPeople(
  fn: (spark: SparkSession, people: DataFrame, cities: DataFrame) => Promise<void>,
): Promise<void> {
  return withSpark(async (spark) => {
    await spark.sql(`CREATE OR REPLACE TEMP VIEW people AS ${PEOPLE_SQL}`);
    await spark.sql(`CREATE OR REPLACE TEMP VIEW cities AS ${CITIES_SQL}`);
    await fn(
      spark,
      await spark.sql("SELECT * FROM people"),
      await spark.sql("SELECT * FROM cities"),
    );
  });
}

/** A row as stable text (bigints, bytes, dates and maps included). */
export function rowKey(row: Row): string {
  return JSON.stringify(row, (_k, v) => {
    if (typeof v === "bigint") return `${v}n`;
    if (v instanceof Uint8Array) return [...v];
    if (v instanceof Map) return [...v];
    return v;
  });
}

/**
 * Asserts that a DataFrame has the columns and rows of a SQL query, in any order (or, with
 * `ordered`, in the same order). Returns the rows.
 */
export async function assertSameRows(
  spark: SparkSession,
  actual: DataFrame,
  expectedSql: string,
  opts: { ordered?: boolean } = {},
): Promise<Row[]> {
  const expected = await spark.sql(expectedSql);
  const [got, want] = [await actual.collect(), await expected.collect()];
  const norm = (rows: Row[]) => opts.ordered ? rows.map(rowKey) : rows.map(rowKey).sort();
  assert.deepEqual(await actual.columns, await expected.columns);
  assert.deepEqual(norm(got), norm(want));
  return got;
}
