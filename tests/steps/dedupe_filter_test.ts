import { deepStrictEqual, rejects } from "node:assert/strict";
import { dedupe } from "../../src/steps/dedupe.ts";
import { filterRows } from "../../src/steps/filter.ts";
import { withSpark } from "../helpers/spark.ts";

const ROWS = [
  { k: 1, ts: 3, text: "newest", n: 1 },
  { k: 1, ts: 1, text: "oldest", n: 2 },
  { k: 1, ts: null, text: "no time", n: 3 },
  { k: 2, ts: 5, text: "tie a", n: 9 },
  { k: 2, ts: 5, text: "tie b", n: 1 },
  { k: 3, ts: 7, text: "alone", n: 0 },
];

Deno.test("dedupe keeps the latest row per key; ties go to the greatest other columns", async () => {
  await withSpark(async (spark) => {
    const df = await spark.createDataFrame(ROWS, "k INT, ts INT, text STRING, n INT");
    for (let i = 0; i < 2; i++) {
      // Twice, with the rows in another order: the same rows win.
      const input = i === 0 ? df : df.orderBy("n");
      const { df: latest, quarantined, metrics } = await dedupe(input, {
        keys: ["k"],
        latestBy: "ts",
      });
      deepStrictEqual(await latest.orderBy("k").collect(), [
        { k: 1, ts: 3, text: "newest", n: 1 },
        { k: 2, ts: 5, text: "tie b", n: 1 },
        { k: 3, ts: 7, text: "alone", n: 0 },
      ]);
      deepStrictEqual(metrics.rejected, { duplicate: 3 });
      deepStrictEqual(await quarantined.count(), 3);
    }
    const { df: byN } = await dedupe(df, { keys: ["k"], latestBy: "ts", tieBreak: ["n"] });
    deepStrictEqual((await byN.filter("k = 2").collect())[0].text, "tie a");
    await rejects(dedupe(df, { keys: ["kk"], latestBy: "ts" }), /dedupe: no column kk/);
  });
});

Deno.test("filterRows keeps rows meeting the condition; false and null go to quarantine", async () => {
  await withSpark(async (spark) => {
    const df = await spark.createDataFrame(ROWS, "k INT, ts INT, text STRING, n INT");
    const { df: kept, quarantined, metrics } = await filterRows(df, "ts >= 3", {
      step: "filter_2",
    });
    deepStrictEqual((await kept.orderBy("k", "n").collect()).map((r) => r.text), [
      "newest",
      "tie b",
      "tie a",
      "alone",
    ]);
    deepStrictEqual(
      (await quarantined.orderBy("raw").collect()).map((q) => [q.step, q.rule, q.detail, q.raw]),
      [
        ["filter_2", "filter", "ts >= 3", '{"k":1,"text":"no time","n":3}'],
        ["filter_2", "filter", "ts >= 3", '{"k":1,"ts":1,"text":"oldest","n":2}'],
      ],
    );
    deepStrictEqual([metrics.rowsIn, metrics.rowsOut, metrics.rejected], [6, 4, { filter: 2 }]);
  });
});
