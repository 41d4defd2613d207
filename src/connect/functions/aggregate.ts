/**
 * Aggregate functions, with PySpark's names, argument order and defaults. They skip nulls
 * (except `count("*")`), and give null over no rows (except the counts, which give 0).
 *
 * @module
 */
import { Column, type ColumnOrName, toColumn } from "../column.ts";
import { literalExpression, type LiteralValue } from "../plan/literal.ts";
import { ArrayType, DoubleType } from "../types/mod.ts";
import { invoke, invokeOnColumns, litOrColumn } from "./invoke.ts";

/**
 * The number of non-null values; `count("*")` counts rows (sent as `count(1)`, as PySpark).
 *
 * @example
 * count("*");
 * count("text");
 */
export function count(col: ColumnOrName): Column {
  const c = toColumn(col);
  const all = col === "*" || c.expr.exprType.case === "unresolvedStar";
  return invoke("count", [all ? litOrColumn(1) : c]);
}

/**
 * The number of distinct non-null values (of the column tuple, when several).
 *
 * @example
 * count_distinct("restaurantId");
 */
export function count_distinct(col: ColumnOrName, ...cols: ColumnOrName[]): Column {
  return invoke("count", [col, ...cols].map(toColumn), {
    distinct: true,
    fragment: "count_distinct",
  });
}

/**
 * The same as {@linkcode count_distinct}.
 *
 * @example
 * countDistinct("restaurantId");
 */
export function countDistinct(col: ColumnOrName, ...cols: ColumnOrName[]): Column {
  return invoke("count", [col, ...cols].map(toColumn), {
    distinct: true,
    fragment: "countDistinct",
  });
}

/**
 * An estimate of the distinct count (HyperLogLog++), within relative error `rsd` (0.05).
 *
 * @example
 * approx_count_distinct("userId", 0.01);
 */
export function approx_count_distinct(col: ColumnOrName, rsd?: number): Column {
  const args = [toColumn(col)];
  return invoke("approx_count_distinct", rsd === undefined ? args : [...args, litOrColumn(rsd)]);
}

/**
 * The sum.
 *
 * @example
 * sum("amount");
 */
export function sum(col: ColumnOrName): Column {
  return invokeOnColumns("sum", col);
}

/**
 * The sum of distinct values.
 *
 * @example
 * sum_distinct("amount");
 */
export function sum_distinct(col: ColumnOrName): Column {
  return invoke("sum", [toColumn(col)], { distinct: true, fragment: "sum_distinct" });
}

/**
 * The mean.
 *
 * @example
 * avg("rating");
 */
export function avg(col: ColumnOrName): Column {
  return invokeOnColumns("avg", col);
}

/**
 * The mean (Spark's `avg`).
 *
 * @example
 * mean("rating");
 */
export function mean(col: ColumnOrName): Column {
  return invoke("avg", [toColumn(col)], { fragment: "mean" });
}

/**
 * The minimum.
 *
 * @example
 * min("publishedAt");
 */
export function min(col: ColumnOrName): Column {
  return invokeOnColumns("min", col);
}

/**
 * The maximum.
 *
 * @example
 * max("publishedAt");
 */
export function max(col: ColumnOrName): Column {
  return invokeOnColumns("max", col);
}

/**
 * The value of `col` on the row with the smallest `ord`.
 *
 * @example
 * min_by("name", "price");
 */
export function min_by(col: ColumnOrName, ord: ColumnOrName): Column {
  return invokeOnColumns("min_by", col, ord);
}

/**
 * The value of `col` on the row with the largest `ord`.
 *
 * @example
 * max_by("name", "price");
 */
export function max_by(col: ColumnOrName, ord: ColumnOrName): Column {
  return invokeOnColumns("max_by", col, ord);
}

/**
 * The first value met (order is not deterministic without a sorted window); with
 * `ignorenulls`, the first non-null one.
 *
 * @example
 * first("text", true);
 */
export function first(col: ColumnOrName, ignorenulls = false): Column {
  return invoke("first", [toColumn(col), litOrColumn(ignorenulls)]);
}

/**
 * The last value met; with `ignorenulls`, the last non-null one.
 *
 * @example
 * last("text", true);
 */
export function last(col: ColumnOrName, ignorenulls = false): Column {
  return invoke("last", [toColumn(col), litOrColumn(ignorenulls)]);
}

/**
 * The values as an array, nulls skipped (order not deterministic).
 *
 * @example
 * collect_list("tag");
 */
export function collect_list(col: ColumnOrName): Column {
  return invokeOnColumns("collect_list", col);
}

/**
 * The distinct values as an array, nulls skipped.
 *
 * @example
 * collect_set("tag");
 */
export function collect_set(col: ColumnOrName): Column {
  return invokeOnColumns("collect_set", col);
}

/**
 * The approximate percentile(s): one percentage gives a value, an array an array. `accuracy`
 * trades memory for precision (relative error 1/accuracy).
 *
 * @example
 * percentile_approx("latency", [0.5, 0.99]);
 */
export function percentile_approx(
  col: ColumnOrName,
  percentage: Column | number | readonly number[],
  accuracy: Column | number = 10000,
): Column {
  return invoke("percentile_approx", [
    toColumn(col),
    percentages(percentage),
    litOrColumn(accuracy),
  ]);
}

/**
 * The exact percentile(s), interpolated; `frequency` weights each row.
 *
 * @example
 * percentile("latency", 0.5);
 */
export function percentile(
  col: ColumnOrName,
  percentage: Column | number | readonly number[],
  frequency: Column | number = 1,
): Column {
  return invoke("percentile", [toColumn(col), percentages(percentage), litOrColumn(frequency)]);
}

// Percentages are DOUBLEs for Spark even when written 0 or 1, and an array of them has no nulls.
function percentages(p: Column | number | readonly number[]): Column {
  if (p instanceof Column) return p;
  const type = Array.isArray(p) ? new ArrayType(new DoubleType(), false) : new DoubleType();
  return new Column(literalExpression(p as LiteralValue, type));
}

/**
 * The median (the 50% percentile, interpolated).
 *
 * @example
 * median("latency");
 */
export function median(col: ColumnOrName): Column {
  return invokeOnColumns("median", col);
}

/**
 * The sample standard deviation.
 *
 * @example
 * stddev("rating");
 */
export function stddev(col: ColumnOrName): Column {
  return invokeOnColumns("stddev", col);
}

/**
 * The population standard deviation.
 *
 * @example
 * stddev_pop("rating");
 */
export function stddev_pop(col: ColumnOrName): Column {
  return invokeOnColumns("stddev_pop", col);
}

/**
 * The sample variance.
 *
 * @example
 * variance("rating");
 */
export function variance(col: ColumnOrName): Column {
  return invokeOnColumns("variance", col);
}

/**
 * The population variance.
 *
 * @example
 * var_pop("rating");
 */
export function var_pop(col: ColumnOrName): Column {
  return invokeOnColumns("var_pop", col);
}

/**
 * The Pearson correlation of two columns.
 *
 * @example
 * corr("price", "rating");
 */
export function corr(col1: ColumnOrName, col2: ColumnOrName): Column {
  return invokeOnColumns("corr", col1, col2);
}

/**
 * The number of rows where the condition is true.
 *
 * @example
 * count_if(col("rating").geq(4));
 */
export function count_if(col: ColumnOrName): Column {
  return invokeOnColumns("count_if", col);
}

/**
 * Whether the condition is true on every row.
 *
 * @example
 * bool_and(col("verified"));
 */
export function bool_and(col: ColumnOrName): Column {
  return invokeOnColumns("bool_and", col);
}

/**
 * Whether the condition is true on some row.
 *
 * @example
 * bool_or(col("flagged"));
 */
export function bool_or(col: ColumnOrName): Column {
  return invokeOnColumns("bool_or", col);
}
