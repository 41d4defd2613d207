/**
 * Window functions, with PySpark's names and defaults; evaluate them with
 * `.over(Window.partitionBy(...).orderBy(...))`. Aggregate functions work over windows too.
 *
 * @module
 */
import type { Column, ColumnOrName, ColumnOrValue } from "../column.ts";
import { toColumn } from "../column.ts";
import { invoke, litOrColumn } from "./invoke.ts";

/**
 * 1, 2, 3, ... in window order, ties numbered arbitrarily.
 *
 * @example
 * row_number().over(Window.partitionBy("restaurantId").orderBy(col("publishedAt").desc()));
 */
export function row_number(): Column {
  return invoke("row_number", []);
}

/**
 * The rank with gaps after ties (1, 1, 3).
 *
 * @example
 * rank().over(Window.orderBy(col("score").desc()));
 */
export function rank(): Column {
  return invoke("rank", []);
}

/**
 * The rank without gaps after ties (1, 1, 2).
 *
 * @example
 * dense_rank().over(Window.orderBy(col("score").desc()));
 */
export function dense_rank(): Column {
  return invoke("dense_rank", []);
}

/**
 * `(rank - 1) / (rows in partition - 1)`, from 0 to 1.
 *
 * @example
 * percent_rank().over(Window.orderBy("score"));
 */
export function percent_rank(): Column {
  return invoke("percent_rank", []);
}

/**
 * The fraction of the partition's rows ordered at or before this row.
 *
 * @example
 * cume_dist().over(Window.orderBy("score"));
 */
export function cume_dist(): Column {
  return invoke("cume_dist", []);
}

/**
 * The bucket number (1 to `n`) splitting the ordered partition into `n` near-equal groups.
 *
 * @example
 * ntile(4).over(Window.orderBy("score")); // quartiles
 */
export function ntile(n: number): Column {
  return invoke("ntile", [litOrColumn(n)]);
}

/**
 * The value `offset` rows before this one; `default` (null when not given) before the start.
 *
 * @example
 * lag("price", 1, 0).over(Window.partitionBy("sku").orderBy("day"));
 */
export function lag(col: ColumnOrName, offset = 1, defaultValue?: ColumnOrValue): Column {
  return shifted("lag", col, offset, defaultValue);
}

/**
 * The value `offset` rows after this one; `default` (null when not given) past the end.
 *
 * @example
 * lead("price").over(Window.partitionBy("sku").orderBy("day"));
 */
export function lead(col: ColumnOrName, offset = 1, defaultValue?: ColumnOrValue): Column {
  return shifted("lead", col, offset, defaultValue);
}

// PySpark leaves out a null default, letting Spark use its own (null).
function shifted(name: string, col: ColumnOrName, offset: number, def?: ColumnOrValue): Column {
  const args = [toColumn(col), litOrColumn(offset)];
  return invoke(name, def === undefined || def === null ? args : [...args, litOrColumn(def)]);
}

/**
 * The value at the `offset`-th row (1-based) of the window frame; with `ignoreNulls`, of the
 * non-null ones.
 *
 * @example
 * nth_value("name", 2).over(Window.orderBy(col("score").desc()));
 */
export function nth_value(col: ColumnOrName, offset: number, ignoreNulls = false): Column {
  return invoke("nth_value", [toColumn(col), litOrColumn(offset), litOrColumn(ignoreNulls)]);
}
