/**
 * The core functions, with PySpark's names and argument order: columns, literals, SQL
 * expressions, conditionals, null handling, sort orders, ids and hashes. `call_function` calls
 * any other Spark function by name.
 *
 * @module
 */
import { Column, type ColumnOrName, type ColumnOrValue, toColumn, valueOf } from "../column.ts";
import { call, callFunction, sqlExpression, withOrigin } from "../plan/expressions.ts";
import { literalExpression } from "../plan/literal.ts";
import { invoke, invokeOnColumns, litOrColumn, randomSeed } from "./invoke.ts";

/**
 * A column by name: `"a"`, `"t.a"`, `` "`a.b`" `` (a dotted name), `"*"` or `"t.*"`.
 *
 * @example
 * col("restaurantId");
 */
export function col(col: string): Column {
  if (typeof col !== "string") throw new TypeError(`col() takes a column name, not ${col}`);
  return toColumn(col);
}

/**
 * The same as {@linkcode col}.
 *
 * @example
 * column("restaurantId");
 */
export function column(col: string): Column {
  return toColumn(col);
}

/**
 * A literal from a JS value (see `plan/literal.ts` for the types); a Column passes through.
 * For a typed NULL, cast: `lit(null).cast("int")`.
 *
 * @example
 * lit(1); // INT
 * lit(2n ** 40n); // BIGINT
 * lit(new Date("2024-05-01T00:00:00Z")); // TIMESTAMP
 * lit(["a", null]); // ARRAY<STRING>
 */
export function lit(col: ColumnOrValue): Column {
  if (col instanceof Column) return col;
  return new Column(withOrigin(literalExpression(col), "lit"));
}

/**
 * A SQL expression, parsed by Spark.
 *
 * @example
 * expr("rating * 2 AS double_rating");
 */
export function expr(str: string): Column {
  return new Column(withOrigin(sqlExpression(str), "expr"));
}

/**
 * The first branch of a CASE expression; chain `.when(...)` and `.otherwise(...)` on it.
 * Without `otherwise`, unmatched rows get null.
 *
 * @example
 * when(col("rating").geq(4), "good").when(col("rating").isNull(), "unrated").otherwise("other");
 */
export function when(condition: Column, value: ColumnOrValue): Column {
  if (!(condition instanceof Column)) {
    throw new TypeError('when() takes a Column condition, e.g. col("x").gt(1)');
  }
  return new Column(withOrigin(call("when", [condition.expr, valueOf(value)]), "when"));
}

/**
 * Logical NOT (null stays null), PySpark's `~col`.
 *
 * @example
 * not(col("verified"));
 */
export function not(col: ColumnOrName): Column {
  return invokeOnColumns("not", col);
}

/**
 * Calls any Spark SQL function by name (built-in, or a SQL UDF, possibly qualified).
 *
 * @example
 * call_function("levenshtein", "a", "b");
 * call_function("my_catalog.my_db.normalize", col("text"));
 */
export function call_function(funcName: string, ...cols: ColumnOrName[]): Column {
  const args = cols.map((c) => toColumn(c).expr);
  return new Column(withOrigin(callFunction(funcName, args), "call_function"));
}

/**
 * The first non-null value.
 *
 * @example
 * coalesce("nickname", "name", lit("anonymous"));
 */
export function coalesce(...cols: ColumnOrName[]): Column {
  return invokeOnColumns("coalesce", ...cols);
}

/**
 * Whether the value is null.
 *
 * @example
 * isnull("text");
 */
export function isnull(col: ColumnOrName): Column {
  return invokeOnColumns("isnull", col);
}

/**
 * Whether the value is not null.
 *
 * @example
 * isnotnull("text");
 */
export function isnotnull(col: ColumnOrName): Column {
  return invokeOnColumns("isnotnull", col);
}

/**
 * Whether the value is NaN.
 *
 * @example
 * isnan("score");
 */
export function isnan(col: ColumnOrName): Column {
  return invokeOnColumns("isnan", col);
}

/**
 * `col1` unless it is NaN, else `col2` (both FLOAT or DOUBLE).
 *
 * @example
 * nanvl("score", lit(0.0));
 */
export function nanvl(col1: ColumnOrName, col2: ColumnOrName): Column {
  return invokeOnColumns("nanvl", col1, col2);
}

/**
 * Null if `col1` equals `col2`, else `col1`.
 *
 * @example
 * nullif("rating", lit(0));
 */
export function nullif(col1: ColumnOrName, col2: ColumnOrName): Column {
  return invokeOnColumns("nullif", col1, col2);
}

/**
 * `col2` where `col1` is null (the same as `nvl`).
 *
 * @example
 * ifnull("nickname", "name");
 */
export function ifnull(col1: ColumnOrName, col2: ColumnOrName): Column {
  return invokeOnColumns("ifnull", col1, col2);
}

/**
 * `col2` where `col1` is null.
 *
 * @example
 * nvl("nickname", "name");
 */
export function nvl(col1: ColumnOrName, col2: ColumnOrName): Column {
  return invokeOnColumns("nvl", col1, col2);
}

/**
 * `col2` where `col1` is not null, else `col3`.
 *
 * @example
 * nvl2("closedAt", lit("closed"), lit("open"));
 */
export function nvl2(col1: ColumnOrName, col2: ColumnOrName, col3: ColumnOrName): Column {
  return invokeOnColumns("nvl2", col1, col2, col3);
}

/**
 * Null-safe equality as a function (`<=>`): two nulls are equal, never null.
 *
 * @example
 * equal_null("a", "b");
 */
export function equal_null(col1: ColumnOrName, col2: ColumnOrName): Column {
  return invokeOnColumns("equal_null", col1, col2);
}

/**
 * The greatest value, skipping nulls (two or more columns).
 *
 * @example
 * greatest("a", "b", "c");
 */
export function greatest(...cols: ColumnOrName[]): Column {
  if (cols.length < 2) throw new TypeError("greatest() takes at least 2 columns");
  return invokeOnColumns("greatest", ...cols);
}

/**
 * The least value, skipping nulls (two or more columns).
 *
 * @example
 * least("a", "b", "c");
 */
export function least(...cols: ColumnOrName[]): Column {
  if (cols.length < 2) throw new TypeError("least() takes at least 2 columns");
  return invokeOnColumns("least", ...cols);
}

/**
 * Increasing, unique 64-bit ids (not consecutive: the partition id is in the upper bits).
 *
 * @example
 * monotonically_increasing_id().alias("row_id");
 */
export function monotonically_increasing_id(): Column {
  return invoke("monotonically_increasing_id", []);
}

/**
 * Uniform random numbers in [0, 1); the seed is drawn here when none is given, as PySpark does.
 *
 * @example
 * rand(42);
 */
export function rand(seed?: number | bigint): Column {
  return invoke("rand", [litOrColumn(seed ?? randomSeed())]);
}

/**
 * Standard normal random numbers; the seed is drawn here when none is given.
 *
 * @example
 * randn(42);
 */
export function randn(seed?: number | bigint): Column {
  return invoke("randn", [litOrColumn(seed ?? randomSeed())]);
}

/**
 * The id of the partition holding the row.
 *
 * @example
 * spark_partition_id();
 */
export function spark_partition_id(): Column {
  return invoke("spark_partition_id", []);
}

/**
 * Ascending sort order, nulls first.
 *
 * @example
 * asc("name");
 */
export function asc(col: ColumnOrName): Column {
  return toColumn(col).asc();
}

/**
 * Ascending sort order, nulls first.
 *
 * @example
 * asc_nulls_first("name");
 */
export function asc_nulls_first(col: ColumnOrName): Column {
  return toColumn(col).asc_nulls_first();
}

/**
 * Ascending sort order, nulls last.
 *
 * @example
 * asc_nulls_last("name");
 */
export function asc_nulls_last(col: ColumnOrName): Column {
  return toColumn(col).asc_nulls_last();
}

/**
 * Descending sort order, nulls last.
 *
 * @example
 * desc("rating");
 */
export function desc(col: ColumnOrName): Column {
  return toColumn(col).desc();
}

/**
 * Descending sort order, nulls first.
 *
 * @example
 * desc_nulls_first("rating");
 */
export function desc_nulls_first(col: ColumnOrName): Column {
  return toColumn(col).desc_nulls_first();
}

/**
 * Descending sort order, nulls last.
 *
 * @example
 * desc_nulls_last("rating");
 */
export function desc_nulls_last(col: ColumnOrName): Column {
  return toColumn(col).desc_nulls_last();
}

/**
 * Spark's 32-bit Murmur3 hash of the columns.
 *
 * @example
 * hash("restaurantId", "reviewId");
 */
export function hash(...cols: ColumnOrName[]): Column {
  return invokeOnColumns("hash", ...cols);
}

/**
 * Spark's 64-bit xxHash of the columns.
 *
 * @example
 * xxhash64("restaurantId", "reviewId");
 */
export function xxhash64(...cols: ColumnOrName[]): Column {
  return invokeOnColumns("xxhash64", ...cols);
}

/**
 * The MD5 digest as 32 hex characters.
 *
 * @example
 * md5("text");
 */
export function md5(col: ColumnOrName): Column {
  return invokeOnColumns("md5", col);
}

/**
 * The SHA-2 digest in hex; `numBits` is 224, 256, 384, 512 or 0 (= 256).
 *
 * @example
 * sha2("email", 256);
 */
export function sha2(col: ColumnOrName, numBits: 0 | 224 | 256 | 384 | 512): Column {
  if (![0, 224, 256, 384, 512].includes(numBits)) {
    throw new RangeError(`sha2() takes numBits 0, 224, 256, 384 or 512, not ${numBits}`);
  }
  return invoke("sha2", [toColumn(col), litOrColumn(numBits)]);
}
