/**
 * `show` against the real server: Lakebook's table must read exactly as Spark's own
 * (the server's ShowString relation) for every layout option.
 */
import assert from "node:assert/strict";
import { collectTable } from "../../../src/connect/arrow.ts";
import type { DataFrame } from "../../../src/connect/dataframe.ts";
import { rootPlan } from "../../../src/connect/plan/relation.ts";
import { relation } from "../../../src/connect/plan/relations.ts";
import { withSpark } from "../../helpers/spark.ts";
import { PEOPLE_SQL } from "./fixtures.ts";

/** Spark's own `showString`, computed by the server. */
async function sparkShowString(
  df: DataFrame,
  numRows: number,
  truncate: number,
  vertical: boolean,
) {
  const show = relation({
    case: "showString",
    value: { input: df.relation, numRows, truncate, vertical },
  });
  const table = await collectTable(df.session.client.execute(rootPlan(show)));
  return String(table.getChildAt(0)!.get(0));
}

const LAYOUTS: [number, number, boolean][] = [
  [20, 20, false],
  [2, 0, false],
  [1, 3, false],
  [3, 5, true],
  [20, 0, true],
];

const QUERIES = [
  PEOPLE_SQL,
  `SELECT id, repeat('ab', id) AS s, 'tab\there\nnewline' AS ctl, CAST(NULL AS INT) AS n
    FROM range(25)`,
  `SELECT X'4C61FF' AS bin, array(1, 2) AS arr, map('k', 1) AS m, named_struct('a', 1, 'b', 'x') AS st,
    '日本語テキスト' AS cjk, DATE'2024-01-02' AS day, TIMESTAMP'2024-01-02 03:04:05.123' AS ts,
    1.0E10D AS big, CAST(1.5 AS DECIMAL(10, 2)) AS dec, true AS flag,
    INTERVAL '1 2:03' DAY TO MINUTE AS iv, 'Ünïcödé 😀' AS \`wéird name\``,
  "SELECT * FROM range(0)",
];

Deno.test("showString is Spark's show text, in every layout", () =>
  withSpark(async (spark) => {
    for (const q of QUERIES) {
      const df = await spark.sql(q);
      for (const [n, truncate, vertical] of LAYOUTS) {
        assert.equal(
          await df.showString(n, truncate, vertical),
          await sparkShowString(df, n, truncate, vertical),
          `${q.slice(0, 40)}… n=${n} truncate=${truncate} vertical=${vertical}`,
        );
      }
    }
  }));

Deno.test("show prints the table; truncate=true means 20 characters", () =>
  withSpark(async (spark) => {
    const df = await spark.sql("SELECT repeat('é', 30) AS long, 1 AS one");
    const printed: string[] = [];
    const log = console.log;
    console.log = (s: string) => printed.push(s);
    try {
      await df.show();
      await df.show(20, false);
    } finally {
      console.log = log;
    }
    assert.deepEqual(printed, [
      await sparkShowString(df, 20, 20, false),
      await sparkShowString(df, 20, 0, false),
    ]);
    assert.match(printed[0], /\|é{17}\.\.\.\|/);
  }));

Deno.test("nested nulls read `null` where Spark's show writes `NULL` (documented)", () =>
  withSpark(async (spark) => {
    const df = await spark.sql("SELECT array(1, NULL) AS xs, CAST(NULL AS ARRAY<INT>) AS none");
    const text = await df.showString();
    assert.match(text, /\|\[1, null\]\|NULL\|/);
    assert.match(await sparkShowString(df, 20, 20, false), /\|\[1, NULL\]\|NULL\|/);
  }));
