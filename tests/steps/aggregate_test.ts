import { deepStrictEqual } from "node:assert/strict";
import { aggregate } from "../../src/steps/aggregate.ts";
import { withSpark } from "../helpers/spark.ts";

Deno.test("aggregate: a time window, then per-group metrics and struct metrics", async () => {
  await withSpark(async (spark) => {
    const df = await spark.createDataFrame([
      { r: 1, rating: 5, text: "abc", at: new Date("2026-01-31T23:59:00Z") }, // the window's last day
      { r: 1, rating: 2, text: "a", at: new Date("2023-01-31T00:00:00Z") }, // its first instant
      { r: 1, rating: 1, text: "old", at: new Date("2023-01-30T23:59:59Z") }, // outside
      { r: 2, rating: 4, text: "later", at: new Date("2026-02-01T00:00:00Z") }, // outside
      { r: 2, rating: 3, text: "ok", at: new Date("2025-01-31T12:00:00Z") },
      { r: 3, rating: 3, text: "no date", at: null }, // outside
    ], "r INT, rating INT, text STRING, at TIMESTAMP");
    const until = "DATE'2026-01-31'";
    const { df: groups, quarantined, metrics } = await aggregate(df, {
      groupBy: ["r"],
      window: { column: "at", last: "3 years", until },
      metrics: {
        n: "count(*)",
        avgRating: "avg(rating)",
        len: "avg(length(text))",
        age: { oldest: `max(datediff(${until}, at))`, newest: `min(datediff(${until}, at))` },
      },
    });
    deepStrictEqual(await groups.orderBy("r").collect(), [
      { r: 1, n: 2n, avgRating: 3.5, len: 2, age: { oldest: 1096, newest: 0 } },
      { r: 2, n: 1n, avgRating: 3, len: 2, age: { oldest: 365, newest: 365 } },
    ]);
    deepStrictEqual(
      (await quarantined.collect()).map((q) => q.rule),
      ["outside_window", "outside_window", "outside_window"],
    );
    deepStrictEqual(
      [metrics.rowsIn, metrics.rowsOut, metrics.rejected, metrics.details],
      [6, 2, { outside_window: 3 }, { aggregated: 3, groupBy: ["r"] }],
    );
  });
});
