/**
 * Array, map and struct functions, with PySpark's names, argument order and defaults.
 * Functions taking a JS lambda (`transform`, `filter`, ...) are in `higher_order.ts`.
 *
 * @module
 */
import { type Column, type ColumnOrName, type ColumnOrValue, toColumn } from "../column.ts";
import { invoke, invokeOnColumns, lambda, litOrColumn, numberOrColumn } from "./invoke.ts";

/** Columns as separate arguments or as one array: PySpark takes `f(a, b)` and `f([a, b])`. */
export type ColumnList = ColumnOrName[] | [readonly ColumnOrName[]];

function spread(cols: ColumnList): ColumnOrName[] {
  return cols.length === 1 && Array.isArray(cols[0]) ? [...cols[0]] : cols as ColumnOrName[];
}

/**
 * An array of the columns' values.
 *
 * @example
 * array("a", "b", lit(0));
 */
export function array(...cols: ColumnList): Column {
  return invokeOnColumns("array", ...spread(cols));
}

/**
 * A map from alternating key and value columns.
 *
 * @example
 * create_map(lit("city"), "city", lit("zip"), "zip");
 */
export function create_map(...cols: ColumnList): Column {
  return invoke("map", spread(cols).map(toColumn), { fragment: "create_map" });
}

/**
 * The same as {@linkcode create_map} (Spark's SQL name).
 *
 * @example
 * map(lit("k"), "v");
 */
export function map(...cols: ColumnList): Column {
  return invoke("map", spread(cols).map(toColumn), { fragment: "map" });
}

/**
 * A struct of the columns, fields named after them.
 *
 * @example
 * struct("street", "city");
 */
export function struct(...cols: ColumnList): Column {
  return invokeOnColumns("struct", ...spread(cols));
}

/**
 * A struct from alternating name and value columns.
 *
 * @example
 * named_struct(lit("x"), "lon", lit("y"), "lat");
 */
export function named_struct(...cols: ColumnOrName[]): Column {
  return invokeOnColumns("named_struct", ...cols);
}

/**
 * The number of elements of an array or map; -1 for null (Spark's legacy default).
 *
 * @example
 * size("tags");
 */
export function size(col: ColumnOrName): Column {
  return invokeOnColumns("size", col);
}

/**
 * Whether the array contains `value` (null if it does not but holds a null).
 *
 * @example
 * array_contains("tags", "vegan");
 */
export function array_contains(col: ColumnOrName, value: ColumnOrValue): Column {
  return invoke("array_contains", [toColumn(col), litOrColumn(value)]);
}

/**
 * The 1-based position of the first `value`, 0 if absent.
 *
 * @example
 * array_position("tags", "vegan");
 */
export function array_position(col: ColumnOrName, value: ColumnOrValue): Column {
  return invoke("array_position", [toColumn(col), litOrColumn(value)]);
}

/**
 * The array without any element equal to `element`.
 *
 * @example
 * array_remove("tags", "");
 */
export function array_remove(col: ColumnOrName, element: ColumnOrValue): Column {
  return invoke("array_remove", [toColumn(col), litOrColumn(element)]);
}

/**
 * The array with `value` appended.
 *
 * @example
 * array_append("tags", "new");
 */
export function array_append(col: ColumnOrName, value: ColumnOrValue): Column {
  return invoke("array_append", [toColumn(col), litOrColumn(value)]);
}

/**
 * The array's elements joined by `delimiter`; nulls are skipped unless `null_replacement`.
 *
 * @example
 * array_join("tags", ", ", "?");
 */
export function array_join(
  col: ColumnOrName,
  delimiter: string,
  null_replacement?: string,
): Column {
  const args = [toColumn(col), litOrColumn(delimiter)];
  const more = null_replacement === undefined ? [] : [litOrColumn(null_replacement)];
  return invoke("array_join", [...args, ...more]);
}

/**
 * The array without duplicates.
 *
 * @example
 * array_distinct("tags");
 */
export function array_distinct(col: ColumnOrName): Column {
  return invokeOnColumns("array_distinct", col);
}

/**
 * The elements of `col1` not in `col2`, without duplicates.
 *
 * @example
 * array_except("tags", "hidden");
 */
export function array_except(col1: ColumnOrName, col2: ColumnOrName): Column {
  return invokeOnColumns("array_except", col1, col2);
}

/**
 * The elements in both arrays, without duplicates.
 *
 * @example
 * array_intersect("a", "b");
 */
export function array_intersect(col1: ColumnOrName, col2: ColumnOrName): Column {
  return invokeOnColumns("array_intersect", col1, col2);
}

/**
 * The elements in either array, without duplicates.
 *
 * @example
 * array_union("a", "b");
 */
export function array_union(col1: ColumnOrName, col2: ColumnOrName): Column {
  return invokeOnColumns("array_union", col1, col2);
}

/**
 * The largest element, nulls skipped.
 *
 * @example
 * array_max("scores");
 */
export function array_max(col: ColumnOrName): Column {
  return invokeOnColumns("array_max", col);
}

/**
 * The smallest element, nulls skipped.
 *
 * @example
 * array_min("scores");
 */
export function array_min(col: ColumnOrName): Column {
  return invokeOnColumns("array_min", col);
}

/**
 * The array sorted ascending with nulls last, or by `comparator(a, b)` returning a negative,
 * zero or positive integer column.
 *
 * @example
 * array_sort("tags");
 * array_sort("xs", (a, b) => b.minus(a)); // descending
 */
export function array_sort(
  col: ColumnOrName,
  comparator?: (left: Column, right: Column) => Column,
): Column {
  const args = [toColumn(col)];
  return invoke("array_sort", comparator ? [...args, lambda(comparator, 2)] : args);
}

/**
 * The array sorted ascending (nulls first) or descending (nulls last).
 *
 * @example
 * sort_array("scores", false);
 */
export function sort_array(col: ColumnOrName, asc = true): Column {
  return invoke("sort_array", [toColumn(col), litOrColumn(asc)]);
}

/**
 * The element at 1-based `extraction` of an array (negative from the end), or the value at
 * key `extraction` of a map.
 *
 * @example
 * element_at("tags", 1);
 * element_at("attributes", "color");
 */
export function element_at(col: ColumnOrName, extraction: ColumnOrValue): Column {
  return invoke("element_at", [toColumn(col), litOrColumn(extraction)]);
}

/**
 * The element at 0-based `index`, null when out of range (a string is a column name).
 *
 * @example
 * get("tags", 0);
 */
export function get(col: ColumnOrName, index: ColumnOrName | number): Column {
  return invoke("get", [toColumn(col), numberOrColumn(index)]);
}

/**
 * `length` elements from 1-based `start` (negative from the end).
 *
 * @example
 * slice("tags", 1, 3);
 */
export function slice(
  x: ColumnOrName,
  start: ColumnOrName | number,
  length: ColumnOrName | number,
): Column {
  return invoke("slice", [toColumn(x), numberOrColumn(start), numberOrColumn(length)]);
}

/**
 * The array (or string) reversed.
 *
 * @example
 * reverse("tags");
 */
export function reverse(col: ColumnOrName): Column {
  return invokeOnColumns("reverse", col);
}

/**
 * An array of arrays flattened one level.
 *
 * @example
 * flatten("nested");
 */
export function flatten(col: ColumnOrName): Column {
  return invokeOnColumns("flatten", col);
}

/**
 * The integers (or dates) from `start` to `stop` inclusive, by `step`.
 *
 * @example
 * sequence(lit(1), lit(5));
 */
export function sequence(start: ColumnOrName, stop: ColumnOrName, step?: ColumnOrName): Column {
  return step === undefined
    ? invokeOnColumns("sequence", start, stop)
    : invokeOnColumns("sequence", start, stop, step);
}

/**
 * Whether two arrays share a non-null element.
 *
 * @example
 * arrays_overlap("a", "b");
 */
export function arrays_overlap(a1: ColumnOrName, a2: ColumnOrName): Column {
  return invokeOnColumns("arrays_overlap", a1, a2);
}

/**
 * An array of structs pairing the arrays' elements by position.
 *
 * @example
 * arrays_zip("names", "scores");
 */
export function arrays_zip(...cols: ColumnOrName[]): Column {
  return invokeOnColumns("arrays_zip", ...cols);
}

/**
 * One row per array element (or map entry, as `key` and `value`); none for empty or null.
 *
 * @example
 * explode("tags").alias("tag");
 */
export function explode(col: ColumnOrName): Column {
  return invokeOnColumns("explode", col);
}

/**
 * As `explode`, but one row with null for an empty or null array.
 *
 * @example
 * explode_outer("tags");
 */
export function explode_outer(col: ColumnOrName): Column {
  return invokeOnColumns("explode_outer", col);
}

/**
 * One row per element, with its 0-based position as `pos`.
 *
 * @example
 * posexplode("tags").alias("pos", "tag");
 */
export function posexplode(col: ColumnOrName): Column {
  return invokeOnColumns("posexplode", col);
}

/**
 * The map's keys as an array.
 *
 * @example
 * map_keys("attributes");
 */
export function map_keys(col: ColumnOrName): Column {
  return invokeOnColumns("map_keys", col);
}

/**
 * The map's values as an array.
 *
 * @example
 * map_values("attributes");
 */
export function map_values(col: ColumnOrName): Column {
  return invokeOnColumns("map_values", col);
}

/**
 * The map's entries as an array of `{key, value}` structs.
 *
 * @example
 * map_entries("attributes");
 */
export function map_entries(col: ColumnOrName): Column {
  return invokeOnColumns("map_entries", col);
}

/**
 * A map from an array of keys and an array of values.
 *
 * @example
 * map_from_arrays("keys", "values");
 */
export function map_from_arrays(col1: ColumnOrName, col2: ColumnOrName): Column {
  return invokeOnColumns("map_from_arrays", col1, col2);
}

/**
 * Whether the map has key `value`.
 *
 * @example
 * map_contains_key("attributes", "color");
 */
export function map_contains_key(col: ColumnOrName, value: ColumnOrValue): Column {
  return invoke("map_contains_key", [toColumn(col), litOrColumn(value)]);
}
