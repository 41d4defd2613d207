/**
 * Higher-order functions taking JS lambdas, as PySpark takes Python ones:
 * `transform(col("xs"), (x) => x.plus(1))` sends Spark's `transform(xs, x -> x + 1)`. The JS
 * function runs once, here, on lambda variables, to build the lambda's body; it may leave out
 * trailing parameters it does not use (`(k) => upper(k)` for `transform_keys`).
 *
 * @module
 */
import type { Column, ColumnOrName } from "../column.ts";
import { higherOrder } from "./invoke.ts";

// transform and filter pass the index as a second argument only to lambdas that take it.
const withIndex = (f: (...xs: Column[]) => Column) => f.length >= 2 ? 2 : 1;

/**
 * Each array element mapped by `f(x)` or `f(x, i)` (`i` the 0-based index).
 *
 * @example
 * transform("xs", (x) => x.multiply(2));
 * transform("xs", (x, i) => x.plus(i));
 */
export function transform(
  col: ColumnOrName,
  f: (x: Column, i: Column) => Column,
): Column {
  return higherOrder("transform", [col], [[f, withIndex(f)]]);
}

/**
 * The array elements for which `f(x)` (or `f(x, i)`) is true.
 *
 * @example
 * filter("xs", (x) => x.gt(0));
 */
export function filter(
  col: ColumnOrName,
  f: (x: Column, i: Column) => Column,
): Column {
  return higherOrder("filter", [col], [[f, withIndex(f)]]);
}

/**
 * Whether `f(x)` is true for some element (three-valued: null when only nulls could match).
 *
 * @example
 * exists("xs", (x) => x.lt(0));
 */
export function exists(col: ColumnOrName, f: (x: Column) => Column): Column {
  return higherOrder("exists", [col], [[f, 1]]);
}

/**
 * Whether `f(x)` is true for every element.
 *
 * @example
 * forall("xs", (x) => x.isNotNull());
 */
export function forall(col: ColumnOrName, f: (x: Column) => Column): Column {
  return higherOrder("forall", [col], [[f, 1]]);
}

/**
 * A fold: `merge(acc, x)` from `initialValue` over the elements, then `finish(acc)` if given.
 * The initial value's type is the accumulator's (cast it to widen).
 *
 * @example
 * aggregate("xs", lit(0), (acc, x) => acc.plus(x));
 * aggregate("xs", lit(0).cast("double"), (acc, x) => acc.plus(x), (acc) => acc.divide(size("xs")));
 */
export function aggregate(
  col: ColumnOrName,
  initialValue: ColumnOrName,
  merge: (acc: Column, x: Column) => Column,
  finish?: (acc: Column) => Column,
): Column {
  return higherOrder(
    "aggregate",
    [col, initialValue],
    finish ? [[merge, 2], [finish, 1]] : [[merge, 2]],
  );
}

/**
 * The same as {@linkcode aggregate} (Spark's `reduce`).
 *
 * @example
 * reduce("xs", lit(1), (acc, x) => acc.multiply(x));
 */
export function reduce(
  col: ColumnOrName,
  initialValue: ColumnOrName,
  merge: (acc: Column, x: Column) => Column,
  finish?: (acc: Column) => Column,
): Column {
  return higherOrder(
    "reduce",
    [col, initialValue],
    finish ? [[merge, 2], [finish, 1]] : [[merge, 2]],
  );
}

/**
 * Two arrays merged element-wise by `f(x, y)` (the shorter padded with nulls).
 *
 * @example
 * zip_with("prices", "quantities", (p, q) => p.multiply(q));
 */
export function zip_with(
  left: ColumnOrName,
  right: ColumnOrName,
  f: (x: Column, y: Column) => Column,
): Column {
  return higherOrder("zip_with", [left, right], [[f, 2]]);
}

/**
 * The map with each key replaced by `f(k, v)`.
 *
 * @example
 * transform_keys("attributes", (k, _v) => upper(k));
 */
export function transform_keys(col: ColumnOrName, f: (k: Column, v: Column) => Column): Column {
  return higherOrder("transform_keys", [col], [[f, 2]]);
}

/**
 * The map with each value replaced by `f(k, v)`.
 *
 * @example
 * transform_values("scores", (_k, v) => v.multiply(10));
 */
export function transform_values(col: ColumnOrName, f: (k: Column, v: Column) => Column): Column {
  return higherOrder("transform_values", [col], [[f, 2]]);
}

/**
 * The map's entries for which `f(k, v)` is true.
 *
 * @example
 * map_filter("scores", (_k, v) => v.gt(0));
 */
export function map_filter(col: ColumnOrName, f: (k: Column, v: Column) => Column): Column {
  return higherOrder("map_filter", [col], [[f, 2]]);
}

/**
 * Two maps merged by key with `f(k, v1, v2)` (a missing side is null).
 *
 * @example
 * map_zip_with("a", "b", (_k, v1, v2) => coalesce(v1, v2));
 */
export function map_zip_with(
  col1: ColumnOrName,
  col2: ColumnOrName,
  f: (k: Column, v1: Column, v2: Column) => Column,
): Column {
  return higherOrder("map_zip_with", [col1, col2], [[f, 3]]);
}
