import { deepStrictEqual } from "node:assert/strict";
import {
  approx_count_distinct,
  array_sort,
  avg,
  bool_and,
  bool_or,
  col,
  collect_list,
  collect_set,
  corr,
  count,
  count_distinct,
  count_if,
  countDistinct,
  first,
  last,
  max,
  max_by,
  mean,
  median,
  min,
  min_by,
  percentile,
  percentile_approx,
  stddev,
  stddev_pop,
  sum,
  sum_distinct,
  var_pop,
  variance,
} from "../../../src/connect/functions/mod.ts";
import { withSpark } from "../../helpers/spark.ts";
import { assertSameAsSql, plain } from "./eval.ts";

const v = { unresolvedAttribute: { unparsedIdentifier: "v" } };

Deno.test("count('*') is count(1), distinct counts are flagged, percentages are DOUBLEs", () => {
  const one = { literal: { integer: 1 } };
  deepStrictEqual(plain(count("*")), {
    unresolvedFunction: { functionName: "count", arguments: [one] },
  });
  deepStrictEqual(plain(count(col("*"))), {
    unresolvedFunction: { functionName: "count", arguments: [one] },
  });
  deepStrictEqual(plain(count_distinct("v", "w")), {
    unresolvedFunction: {
      functionName: "count",
      arguments: [v, { unresolvedAttribute: { unparsedIdentifier: "w" } }],
      isDistinct: true,
    },
  });
  deepStrictEqual(plain(first("v")), {
    unresolvedFunction: { functionName: "first", arguments: [v, { literal: { boolean: false } }] },
  });
  deepStrictEqual(plain(percentile_approx("v", [0, 0.5])), {
    unresolvedFunction: {
      functionName: "percentile_approx",
      arguments: [v, {
        literal: {
          array: { elements: [{ double: 0 }, { double: 0.5 }] },
          dataType: { array: { elementType: { double: {} } } },
        },
      }, { literal: { integer: 10000 } }],
    },
  });
});

const INPUT = `SELECT * FROM VALUES
  ('a', 1, 10.5, true, 'x'), ('a', 2, NULL, false, NULL), ('a', 2, 3.0, true, 'y'),
  ('b', NULL, NULL, NULL, NULL), ('b', 7, -1.0, true, 'ü'), ('c', 5, 5.0, false, '日本')
  AS t(g, i, v, f, s)`;

const CASES = [
  ["count *", count("*"), "count(*)"],
  ["count", count("v"), "count(v)"],
  ["count_distinct", count_distinct("i"), "count(DISTINCT i)"],
  ["countDistinct pair", countDistinct("i", "s"), "count(DISTINCT i, s)"],
  ["sum", sum("i"), "sum(i)"],
  ["sum_distinct", sum_distinct("i"), "sum(DISTINCT i)"],
  ["avg", avg("v"), "avg(v)"],
  ["mean", mean(col("i")), "mean(i)"],
  ["min", min("s"), "min(s)"],
  ["max", max("v"), "max(v)"],
  ["min_by", min_by("s", "i"), "min_by(s, i)"],
  ["max_by", max_by("s", "v"), "max_by(s, v)"],
  ["first ignorenulls", first("v", true), "first(v, true)"],
  ["last ignorenulls", last("s", true), "last(s, true)"],
  ["collect_list", array_sort(collect_list("i")), "array_sort(collect_list(i))"],
  ["collect_set", array_sort(collect_set("i")), "array_sort(collect_set(i))"],
  ["approx_count_distinct", approx_count_distinct("s"), "approx_count_distinct(s)"],
  ["approx_count_distinct rsd", approx_count_distinct("i", 0.1), "approx_count_distinct(i, 0.1D)"],
  ["percentile_approx", percentile_approx("v", 0.5), "percentile_approx(v, 0.5D, 10000)"],
  [
    "percentile_approx many",
    percentile_approx("i", [0, 0.5, 1], 100),
    "percentile_approx(i, array(0D, 0.5D, 1D), 100)",
  ],
  ["percentile", percentile("v", 0.25), "percentile(v, 0.25D)"],
  ["median", median("v"), "median(v)"],
  ["stddev", stddev("v"), "stddev(v)"],
  ["stddev_pop", stddev_pop("v"), "stddev_pop(v)"],
  ["variance", variance("v"), "variance(v)"],
  ["var_pop", var_pop("v"), "var_pop(v)"],
  ["corr", corr("i", "v"), "corr(i, v)"],
  ["count_if", count_if(col("i").gt(1)), "count_if(i > 1)"],
  ["bool_and", bool_and("f"), "bool_and(f)"],
  ["bool_or", bool_or(col("f")), "bool_or(f)"],
] as const;

Deno.test("aggregates over all rows agree with SQL", async () => {
  await withSpark(async (spark) => {
    await assertSameAsSql(spark, INPUT, CASES);
  });
});

Deno.test("aggregates per group agree with SQL's GROUP BY, all-null groups included", async () => {
  await withSpark(async (spark) => {
    await assertSameAsSql(
      spark,
      INPUT,
      CASES.filter(([l]) => !l.startsWith("first") && !l.startsWith("last")),
      {
        groupBy: "g",
      },
    );
  });
});

Deno.test("aggregates over no rows: counts are 0, the rest null", async () => {
  await withSpark(async (spark) => {
    await assertSameAsSql(spark, `${INPUT} WHERE false`, CASES);
  });
});
