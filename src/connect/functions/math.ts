/**
 * Math functions, with PySpark's names, argument order and defaults. Two-argument math
 * functions (`pow`, `atan2`, `hypot`, `pmod`) take numbers as values, as PySpark does.
 *
 * @module
 */
import type { Column, ColumnOrName } from "../column.ts";
import { toColumn } from "../column.ts";
import { invoke, invokeOnColumns, litOrColumn } from "./invoke.ts";

/**
 * The absolute value.
 *
 * @example
 * abs("delta");
 */
export function abs(col: ColumnOrName): Column {
  return invokeOnColumns("abs", col);
}

/**
 * The negated value.
 *
 * @example
 * negative("delta");
 */
export function negative(col: ColumnOrName): Column {
  return invokeOnColumns("negative", col);
}

/**
 * The square root (NaN for negatives).
 *
 * @example
 * sqrt("variance");
 */
export function sqrt(col: ColumnOrName): Column {
  return invokeOnColumns("sqrt", col);
}

/**
 * e to the power of the value.
 *
 * @example
 * exp("x");
 */
export function exp(col: ColumnOrName): Column {
  return invokeOnColumns("exp", col);
}

/**
 * The natural logarithm of `arg1`, or with two arguments the logarithm of `arg2` in base
 * `arg1`, as PySpark's `log`.
 *
 * @example
 * log("x");
 * log(10, "x");
 */
export function log(arg1: ColumnOrName | number, arg2?: ColumnOrName): Column {
  if (arg2 === undefined) {
    if (typeof arg1 === "number") throw new TypeError("log(x) takes a column");
    return invoke("ln", [toColumn(arg1)], { fragment: "log" });
  }
  return invoke("log", [litOrColumn(arg1 as number), toColumn(arg2)]);
}

/**
 * The base-10 logarithm.
 *
 * @example
 * log10("x");
 */
export function log10(col: ColumnOrName): Column {
  return invokeOnColumns("log10", col);
}

/**
 * `col1` to the power `col2` (a DOUBLE); numbers are values.
 *
 * @example
 * pow("x", 2);
 */
export function pow(col1: ColumnOrName | number, col2: ColumnOrName | number): Column {
  return binaryMath("power", col1, col2, "pow");
}

/**
 * The same as {@linkcode pow}.
 *
 * @example
 * power("x", 2);
 */
export function power(col1: ColumnOrName | number, col2: ColumnOrName | number): Column {
  return binaryMath("power", col1, col2, "power");
}

/**
 * The positive remainder of `dividend / divisor`; numbers are values.
 *
 * @example
 * pmod("x", 7);
 */
export function pmod(dividend: ColumnOrName | number, divisor: ColumnOrName | number): Column {
  return binaryMath("pmod", dividend, divisor, "pmod");
}

/**
 * The angle of point (`col2`, `col1`) in radians; numbers are values.
 *
 * @example
 * atan2("y", "x");
 */
export function atan2(col1: ColumnOrName | number, col2: ColumnOrName | number): Column {
  return binaryMath("atan2", col1, col2, "atan2");
}

/**
 * `sqrt(a² + b²)` without overflow; numbers are values.
 *
 * @example
 * hypot("dx", "dy");
 */
export function hypot(col1: ColumnOrName | number, col2: ColumnOrName | number): Column {
  return binaryMath("hypot", col1, col2, "hypot");
}

// PySpark's legacy rule for these: a number is a literal, a string a column name.
function binaryMath(
  name: string,
  a: ColumnOrName | number,
  b: ColumnOrName | number,
  fragment: string,
) {
  const arg = (v: ColumnOrName | number) => typeof v === "number" ? litOrColumn(v) : toColumn(v);
  return invoke(name, [arg(a), arg(b)], { fragment });
}

/**
 * Rounded half up to `scale` decimals (0 when not given; negative rounds left of the point).
 *
 * @example
 * round("price", 2);
 */
export function round(col: ColumnOrName, scale?: number | Column): Column {
  return scaled("round", col, scale);
}

/**
 * Rounded half to even (banker's rounding) to `scale` decimals.
 *
 * @example
 * bround("price", 2);
 */
export function bround(col: ColumnOrName, scale?: number | Column): Column {
  return scaled("bround", col, scale);
}

/**
 * Rounded down, to `scale` decimals when given.
 *
 * @example
 * floor("price");
 */
export function floor(col: ColumnOrName, scale?: number | Column): Column {
  return scaled("floor", col, scale);
}

/**
 * Rounded up, to `scale` decimals when given.
 *
 * @example
 * ceil("price");
 */
export function ceil(col: ColumnOrName, scale?: number | Column): Column {
  return scaled("ceil", col, scale);
}

/**
 * The same as {@linkcode ceil}.
 *
 * @example
 * ceiling("price");
 */
export function ceiling(col: ColumnOrName, scale?: number | Column): Column {
  return scaled("ceiling", col, scale);
}

function scaled(name: string, col: ColumnOrName, scale?: number | Column): Column {
  const args = [toColumn(col)];
  return invoke(name, scale === undefined ? args : [...args, litOrColumn(scale)]);
}

/**
 * -1, 0 or 1 by the sign (a DOUBLE).
 *
 * @example
 * signum("delta");
 */
export function signum(col: ColumnOrName): Column {
  return invokeOnColumns("signum", col);
}

/**
 * `left + right`, or null on overflow instead of an error.
 *
 * @example
 * try_add("a", "b");
 */
export function try_add(left: ColumnOrName, right: ColumnOrName): Column {
  return invokeOnColumns("try_add", left, right);
}

/**
 * `left / right`, or null for a zero divisor instead of an error.
 *
 * @example
 * try_divide("total", "n");
 */
export function try_divide(left: ColumnOrName, right: ColumnOrName): Column {
  return invokeOnColumns("try_divide", left, right);
}
