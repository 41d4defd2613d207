import { deepStrictEqual, match, strictEqual, throws } from "node:assert/strict";
import type { Column } from "../../../src/connect/column.ts";
import {
  aggregate,
  array,
  array_append,
  array_contains,
  array_distinct,
  array_except,
  array_intersect,
  array_join,
  array_max,
  array_min,
  array_position,
  array_remove,
  array_sort,
  array_union,
  arrays_overlap,
  arrays_zip,
  coalesce,
  col,
  create_map,
  element_at,
  exists,
  explode,
  explode_outer,
  filter,
  flatten,
  forall,
  from_json,
  get,
  get_json_object,
  lit,
  map_contains_key,
  map_entries,
  map_filter,
  map_from_arrays,
  map_keys,
  map_values,
  map_zip_with,
  named_struct,
  posexplode,
  reduce,
  reverse,
  sequence,
  size,
  slice,
  sort_array,
  struct,
  to_json,
  transform,
  transform_keys,
  transform_values,
  upper,
  zip_with,
} from "../../../src/connect/functions/mod.ts";
import { DataTypes, StructType } from "../../../src/connect/types/mod.ts";
import { withSpark } from "../../helpers/spark.ts";
import { assertSameAsSql, evaluate, plain } from "./eval.ts";

Deno.test("a JS lambda becomes a Spark lambda over fresh variables", () => {
  const json = plain(transform("xs", (x, i) => x.plus(i))) as {
    unresolvedFunction: { arguments: [unknown, { lambdaFunction: LambdaJson }] };
  };
  const fn = json.unresolvedFunction.arguments[1].lambdaFunction;
  const [x, i] = fn.arguments.map((a) => a.nameParts[0]);
  match(x, /^x_\d+$/);
  match(i, /^y_\d+$/);
  deepStrictEqual(fn.function, {
    unresolvedFunction: {
      functionName: "+",
      arguments: [
        { unresolvedNamedLambdaVariable: { nameParts: [x] } },
        { unresolvedNamedLambdaVariable: { nameParts: [i] } },
      ],
    },
  });
  throws(() => transform("xs", ((_x: Column, _i: Column, z: Column) => z) as never), /at most 2/);
  throws(() => transform("xs", ((_x: unknown) => 1) as never), /must return a Column/);
  const keys = plain(transform_keys("m", (k) => upper(k))) as {
    unresolvedFunction: { arguments: [unknown, { lambdaFunction: LambdaJson }] };
  };
  strictEqual(keys.unresolvedFunction.arguments[1].lambdaFunction.arguments.length, 2);
});

interface LambdaJson {
  function: unknown;
  arguments: { nameParts: string[] }[];
}

const INPUT = `SELECT * FROM VALUES
  (1, array(3, 1, 2, 1), array(2, 5), map('a', 1, 'b', 2), '{"a": 1, "b": [1, 2]}'),
  (2, array(), array(1), map(), '{}'),
  (3, NULL, NULL, NULL, NULL),
  (4, array(NULL, 4), array(4, NULL), map('ü', NULL), 'not json')
  AS t(id, xs, ys, m, js)`;

Deno.test("array, map and struct functions agree with SQL on empty, null and null-holding values", async () => {
  await withSpark(async (spark) => {
    await assertSameAsSql(spark, INPUT, [
      ["array", array("id", lit(0)), "array(id, 0)"],
      ["array of list", array(["id", "id"]), "array(id, id)"],
      ["create_map", create_map(lit("k"), "id"), "map('k', id)"],
      ["struct", struct("id", "ys"), "struct(id, ys)"],
      ["named_struct", named_struct(lit("n"), "id"), "named_struct('n', id)"],
      ["size", size("xs"), "size(xs)"],
      ["size map", size("m"), "size(m)"],
      ["array_contains", array_contains("xs", 1), "array_contains(xs, 1)"],
      ["array_position", array_position("xs", 1), "array_position(xs, 1)"],
      ["array_remove", array_remove("xs", 1), "array_remove(xs, 1)"],
      ["array_append", array_append("xs", 9), "array_append(xs, 9)"],
      ["array_join", array_join("xs", ","), "array_join(xs, ',')"],
      ["array_join nulls", array_join("xs", ",", "?"), "array_join(xs, ',', '?')"],
      ["array_distinct", array_distinct("xs"), "array_distinct(xs)"],
      ["array_except", array_except("xs", "ys"), "array_except(xs, ys)"],
      ["array_intersect", array_intersect("xs", "ys"), "array_intersect(xs, ys)"],
      ["array_union", array_union("xs", "ys"), "array_union(xs, ys)"],
      ["array_max", array_max("xs"), "array_max(xs)"],
      ["array_min", array_min("xs"), "array_min(xs)"],
      ["array_sort", array_sort("xs"), "array_sort(xs)"],
      ["sort_array", sort_array("xs"), "sort_array(xs, true)"],
      ["sort_array desc", sort_array("xs", false), "sort_array(xs, false)"],
      ["element_at", element_at("ys", 1), "element_at(ys, 1)"],
      ["element_at map", element_at("m", "a"), "element_at(m, 'a')"],
      ["get", get("xs", 5), "get(xs, 5)"],
      ["slice", slice("xs", 2, 2), "slice(xs, 2, 2)"],
      ["reverse", reverse("xs"), "reverse(xs)"],
      ["flatten", flatten(array("xs", "ys")), "flatten(array(xs, ys))"],
      ["sequence", sequence(lit(1), "id"), "sequence(1, id)"],
      ["arrays_overlap", arrays_overlap("xs", "ys"), "arrays_overlap(xs, ys)"],
      ["arrays_zip", arrays_zip("xs", "ys"), "arrays_zip(xs, ys)"],
      ["map_keys", map_keys("m"), "map_keys(m)"],
      ["map_values", map_values("m"), "map_values(m)"],
      ["map_entries", map_entries("m"), "map_entries(m)"],
      ["map_contains_key", map_contains_key("m", "a"), "map_contains_key(m, 'a')"],
      ["from_json", from_json("js", "a INT, b ARRAY<INT>"), "from_json(js, 'a INT, b ARRAY<INT>')"],
      [
        "from_json DataType",
        from_json("js", new StructType().add("a", DataTypes.IntegerType)),
        "from_json(js, 'a INT')",
      ],
      ["to_json", to_json(struct("id", "xs")), "to_json(struct(id, xs))"],
      ["get_json_object", get_json_object("js", "$.b[1]"), "get_json_object(js, '$.b[1]')"],
    ]);
  });
});

Deno.test("higher-order functions with JS lambdas agree with SQL lambdas", async () => {
  await withSpark(async (spark) => {
    await assertSameAsSql(spark, INPUT, [
      ["transform", transform(col("xs"), (x) => x.plus(1)), "transform(xs, x -> x + 1)"],
      [
        "transform index",
        transform("xs", (x, i) => x.multiply(i)),
        "transform(xs, (x, i) -> x * i)",
      ],
      ["filter", filter("xs", (x) => x.gt(1)), "filter(xs, x -> x > 1)"],
      ["filter index", filter("xs", (_x, i) => i.mod(2).eq(0)), "filter(xs, (x, i) -> i % 2 = 0)"],
      ["exists", exists("xs", (x) => x.eq(1)), "exists(xs, x -> x = 1)"],
      ["forall", forall("xs", (x) => x.isNotNull()), "forall(xs, x -> x IS NOT NULL)"],
      [
        "aggregate",
        aggregate("xs", lit(0), (acc, x) => acc.plus(coalesce(x, lit(0)))),
        "aggregate(xs, 0, (acc, x) -> acc + coalesce(x, 0))",
      ],
      [
        "aggregate finish",
        aggregate(
          "ys",
          lit(0).cast("double"),
          (acc, x) => acc.plus(x),
          (acc) => acc.divide(size("ys")),
        ),
        "aggregate(ys, 0D, (acc, x) -> acc + x, acc -> acc / size(ys))",
      ],
      [
        "reduce",
        reduce("ys", lit(1), (acc, x) => acc.multiply(x)),
        "reduce(ys, 1, (acc, x) -> acc * x)",
      ],
      [
        "zip_with",
        zip_with("xs", "ys", (a, b) => coalesce(a, b)),
        "zip_with(xs, ys, (a, b) -> coalesce(a, b))",
      ],
      [
        "nested lambdas",
        transform("ys", (y) => transform("xs", (x) => x.plus(y))),
        "transform(ys, y -> transform(xs, x -> x + y))",
      ],
      [
        "array_sort comparator", // a null-safe one: Spark fails on a null comparison
        array_sort("ys", (l, r) => coalesce(r, lit(0)).minus(coalesce(l, lit(0)))),
        "array_sort(ys, (l, r) -> coalesce(r, 0) - coalesce(l, 0))",
      ],
      [
        "transform_keys",
        transform_keys("m", (k) => upper(k)),
        "transform_keys(m, (k, v) -> upper(k))",
      ],
      [
        "transform_values",
        transform_values("m", (_k, v) => v.multiply(10)),
        "transform_values(m, (k, v) -> v * 10)",
      ],
      ["map_filter", map_filter("m", (k) => k.eq("a")), "map_filter(m, (k, v) -> k = 'a')"],
      [
        "map_zip_with",
        map_zip_with("m", "m", (_k, v1, v2) => v1.plus(v2)),
        "map_zip_with(m, m, (k, v1, v2) -> v1 + v2)",
      ],
    ]);
  });
});

Deno.test("generators yield one row per element, outer ones keep empty and null inputs", async () => {
  await withSpark(async (spark) => {
    const input = "SELECT * FROM VALUES (array(1, 2)), (array()), (NULL) AS t(xs)";
    const values = async (c: ReturnType<typeof explode>) =>
      (await evaluate(spark, input, [c])).map((r) => Object.values(r));
    deepStrictEqual(await values(explode("xs")), [[1], [2]]);
    deepStrictEqual(await values(explode_outer("xs")), [[1], [2], [null], [null]]);
    deepStrictEqual(await values(posexplode("xs").alias("p", "x")), [[0, 1], [1, 2]]);
    deepStrictEqual(await values(map_from_arrays(array(lit("a")), array(lit(1)))), [
      [new Map([["a", 1]])],
      [new Map([["a", 1]])],
      [new Map([["a", 1]])],
    ]);
  });
});
