import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import {
  avg,
  col,
  count,
  cume_dist,
  dense_rank,
  first,
  lag,
  lead,
  max,
  nth_value,
  ntile,
  percent_rank,
  rank,
  row_number,
  sum,
} from "../../src/connect/functions/mod.ts";
import { Window } from "../../src/connect/window.ts";
import { withSpark } from "../helpers/spark.ts";
import { assertSameAsSql, plain } from "./functions/eval.ts";

const attr = (name: string) => ({ unresolvedAttribute: { unparsedIdentifier: name } });
const asc = (name: string) => ({
  child: attr(name),
  direction: "SORT_DIRECTION_ASCENDING",
  nullOrdering: "SORT_NULLS_FIRST",
});

Deno.test("over() builds a window expression from partitioning, ordering and frame", () => {
  const w = Window.partitionBy("g", col("h")).orderBy("v", col("t").desc())
    .rowsBetween(Window.unboundedPreceding, Window.currentRow);
  deepStrictEqual(plain(row_number().over(w)), {
    window: {
      windowFunction: { unresolvedFunction: { functionName: "row_number" } },
      partitionSpec: [attr("g"), attr("h")],
      orderSpec: [asc("v"), {
        child: attr("t"),
        direction: "SORT_DIRECTION_DESCENDING",
        nullOrdering: "SORT_NULLS_LAST",
      }],
      frameSpec: {
        frameType: "FRAME_TYPE_ROW",
        lower: { unbounded: true },
        upper: { currentRow: true },
      },
    },
  });
});

Deno.test("frame offsets: INT for rows, BIGINT for ranges, open beyond ±2^53", () => {
  const frame = (w: ReturnType<typeof Window.orderBy>) =>
    (plain(sum("v").over(w)) as { window: { frameSpec: unknown } }).window.frameSpec;
  deepStrictEqual(frame(Window.orderBy("v").rowsBetween(-2, 3)), {
    frameType: "FRAME_TYPE_ROW",
    lower: { value: { literal: { integer: -2 } } },
    upper: { value: { literal: { integer: 3 } } },
  });
  deepStrictEqual(frame(Window.orderBy("v").rangeBetween(-100, Number.MAX_SAFE_INTEGER)), {
    frameType: "FRAME_TYPE_RANGE",
    lower: { value: { literal: { long: "-100" } } },
    upper: { unbounded: true },
  });
  throws(() => Window.rowsBetween(-(2 ** 40), 0), /32-bit integer/);
  throws(() => Window.rangeBetween(0.5, 1), /integer or unbounded/);
  throws(() => Window.rowsBetween(Window.unboundedFollowing, 0), RangeError);
});

Deno.test("lag and lead leave out a null default, as PySpark does", () => {
  const args = (c: ReturnType<typeof lag>) =>
    (plain(c) as { unresolvedFunction: { arguments: unknown[] } }).unresolvedFunction.arguments;
  deepStrictEqual(args(lag("v")), [attr("v"), { literal: { integer: 1 } }]);
  deepStrictEqual(args(lead("v", 2, null)), [attr("v"), { literal: { integer: 2 } }]);
  deepStrictEqual(args(lag("v", 1, "none")), [attr("v"), { literal: { integer: 1 } }, {
    literal: { string: "none" },
  }]);
});

Deno.test("specs are immutable, and later calls replace earlier parts", () => {
  const base = Window.partitionBy("a");
  const ordered = base.orderBy("b");
  strictEqual(base.orderSpec.length, 0);
  deepStrictEqual(ordered.partitionBy(["c", "d"]).partitionSpec.length, 2);
  strictEqual(
    String(Window.partitionBy("a").orderBy(col("b").desc()).rowsBetween(-1, 1)),
    "WindowSpec(PARTITION BY a ORDER BY b DESC ROWS BETWEEN ...)",
  );
  throws(() => Window.partitionBy(1 as never), /Columns or names/);
});

Deno.test("window functions agree with SQL's OVER clauses", async () => {
  await withSpark(async (spark) => {
    const input = `SELECT * FROM VALUES
      (1, 'a', 1, 10.0), (2, 'a', 2, 20.0), (3, 'a', 2, NULL), (4, 'a', 5, 5.0),
      (5, 'b', 1, 7.0), (6, 'b', NULL, 3.0), (7, 'é', 3, 1.0)
      AS t(id, g, k, v)`;
    const byG = Window.partitionBy("g").orderBy("k", "v");
    const byGk = Window.partitionBy("g").orderBy("k");
    const sql = "PARTITION BY g ORDER BY k, v";
    await assertSameAsSql(spark, input, [
      ["row_number", row_number().over(byG), `ROW_NUMBER() OVER (${sql})`],
      ["rank", rank().over(byGk), "RANK() OVER (PARTITION BY g ORDER BY k)"],
      ["dense_rank", dense_rank().over(byGk), "DENSE_RANK() OVER (PARTITION BY g ORDER BY k)"],
      ["percent_rank", percent_rank().over(byG), `PERCENT_RANK() OVER (${sql})`],
      ["cume_dist", cume_dist().over(byGk), "CUME_DIST() OVER (PARTITION BY g ORDER BY k)"],
      ["ntile", ntile(2).over(byG), `NTILE(2) OVER (${sql})`],
      ["lag", lag("v").over(byG), `LAG(v) OVER (${sql})`],
      ["lag default", lag("v", 2, -1.0).over(byG), `LAG(v, 2, -1.0D) OVER (${sql})`],
      ["lead", lead("k", 1, 0).over(byG), `LEAD(k, 1, 0) OVER (${sql})`],
      [
        "nth_value",
        nth_value("v", 2, true).over(byG),
        `NTH_VALUE(v, 2) IGNORE NULLS OVER (${sql})`,
      ],
      [
        "desc nulls",
        row_number().over(Window.orderBy(col("k").desc(), "g", "v")),
        "ROW_NUMBER() OVER (ORDER BY k DESC, g, v)",
      ],
      [
        "running sum",
        sum("v").over(byG.rowsBetween(Window.unboundedPreceding, Window.currentRow)),
        `SUM(v) OVER (${sql} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`,
      ],
      [
        "moving avg",
        avg("v").over(byG.rowsBetween(-1, 1)),
        `AVG(v) OVER (${sql} ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)`,
      ],
      [
        "range frame",
        count("*").over(Window.partitionBy("g").orderBy("k").rangeBetween(-1, 0)),
        "COUNT(*) OVER (PARTITION BY g ORDER BY k RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)",
      ],
      [
        "whole partition",
        max("v").over(Window.partitionBy("g")),
        "MAX(v) OVER (PARTITION BY g)",
      ],
      [
        "first ignoring nulls",
        first("v", true).over(byG.rowsBetween(Window.currentRow, Window.unboundedFollowing)),
        `FIRST(v, true) OVER (${sql} ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)`,
      ],
    ], { key: "id" });
  });
});
