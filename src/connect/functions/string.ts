/**
 * String functions, with PySpark's names, argument order and defaults. As in PySpark, an
 * argument typed `ColumnOrName` takes a string as a column name (wrap text in `lit(...)`), while
 * arguments typed `string`/`number` are values.
 *
 * @module
 */
import type { Column, ColumnOrName } from "../column.ts";
import { toColumn } from "../column.ts";
import { invoke, invokeOnColumns, litOrColumn, numberOrColumn } from "./invoke.ts";

/**
 * The number of characters (bytes for BINARY); trailing spaces count.
 *
 * @example
 * length("name");
 */
export function length(col: ColumnOrName): Column {
  return invokeOnColumns("length", col);
}

/**
 * The number of bytes of the UTF-8 form.
 *
 * @example
 * octet_length("name");
 */
export function octet_length(col: ColumnOrName): Column {
  return invokeOnColumns("octet_length", col);
}

/**
 * Lower case.
 *
 * @example
 * lower("city");
 */
export function lower(col: ColumnOrName): Column {
  return invokeOnColumns("lower", col);
}

/**
 * Upper case.
 *
 * @example
 * upper("city");
 */
export function upper(col: ColumnOrName): Column {
  return invokeOnColumns("upper", col);
}

/**
 * Each word with its first letter upper case and the rest lower case.
 *
 * @example
 * initcap("name");
 */
export function initcap(col: ColumnOrName): Column {
  return invokeOnColumns("initcap", col);
}

/**
 * Strips spaces from both ends, or the characters of `trim` (a column: wrap text in `lit`).
 *
 * @example
 * trim("name");
 * trim("code", lit("0"));
 */
export function trim(col: ColumnOrName, trim?: ColumnOrName): Column {
  return trimming("trim", col, trim);
}

/**
 * Strips spaces (or the characters of `trim`) from the start.
 *
 * @example
 * ltrim("name");
 */
export function ltrim(col: ColumnOrName, trim?: ColumnOrName): Column {
  return trimming("ltrim", col, trim);
}

/**
 * Strips spaces (or the characters of `trim`) from the end.
 *
 * @example
 * rtrim("name");
 */
export function rtrim(col: ColumnOrName, trim?: ColumnOrName): Column {
  return trimming("rtrim", col, trim);
}

// Spark's two-argument trim functions take the characters first, as PySpark sends them.
function trimming(name: string, col: ColumnOrName, chars?: ColumnOrName): Column {
  return chars === undefined ? invokeOnColumns(name, col) : invokeOnColumns(name, chars, col);
}

/**
 * Left-pads to `len` characters with `pad` (and truncates longer values to `len`).
 *
 * @example
 * lpad("zip", 5, "0");
 */
export function lpad(col: ColumnOrName, len: number, pad: string): Column {
  return invoke("lpad", [toColumn(col), litOrColumn(len), litOrColumn(pad)]);
}

/**
 * Right-pads to `len` characters with `pad` (and truncates longer values to `len`).
 *
 * @example
 * rpad("code", 8, "_");
 */
export function rpad(col: ColumnOrName, len: number, pad: string): Column {
  return invoke("rpad", [toColumn(col), litOrColumn(len), litOrColumn(pad)]);
}

/**
 * Concatenates strings, binaries or arrays; null if any input is null.
 *
 * @example
 * concat("first", lit(" "), "last");
 */
export function concat(...cols: ColumnOrName[]): Column {
  return invokeOnColumns("concat", ...cols);
}

/**
 * Joins strings (and string arrays) with `sep`, skipping nulls.
 *
 * @example
 * concat_ws(", ", "street", "city");
 */
export function concat_ws(sep: string, ...cols: ColumnOrName[]): Column {
  return invoke("concat_ws", [litOrColumn(sep), ...cols.map(toColumn)]);
}

/**
 * printf-style formatting (`%s`, `%d`, `%.2f`, ...).
 *
 * @example
 * format_string("%s has %d reviews", "name", "n");
 */
export function format_string(format: string, ...cols: ColumnOrName[]): Column {
  return invoke("format_string", [litOrColumn(format), ...cols.map(toColumn)]);
}

/**
 * A number as text like `#,###,###.##`, rounded to `d` decimals.
 *
 * @example
 * format_number("amount", 2);
 */
export function format_number(col: ColumnOrName, d: number): Column {
  return invoke("format_number", [toColumn(col), litOrColumn(d)]);
}

/**
 * The 1-based position of the first `substr` in `str`, 0 if absent.
 *
 * @example
 * instr("email", "@");
 */
export function instr(str: ColumnOrName, substr: string): Column {
  return invoke("instr", [toColumn(str), litOrColumn(substr)]);
}

/**
 * The 1-based position of the first `substr` at or after `pos`, 0 if absent.
 *
 * @example
 * locate("-", "code", 3);
 */
export function locate(substr: string, str: ColumnOrName, pos = 1): Column {
  return invoke("locate", [litOrColumn(substr), toColumn(str), litOrColumn(pos)]);
}

/**
 * `len` characters from 1-based `pos` (negative counts from the end); a number is a value, a
 * string a column name.
 *
 * @example
 * substring("name", 1, 3);
 */
export function substring(
  str: ColumnOrName,
  pos: ColumnOrName | number,
  len: ColumnOrName | number,
): Column {
  return invoke("substring", [toColumn(str), numberOrColumn(pos), numberOrColumn(len)]);
}

/**
 * The text before the `count`-th `delim` (after the `-count`-th from the end when negative).
 *
 * @example
 * substring_index("host", ".", -2); // "a.b.example.com" -> "example.com"
 */
export function substring_index(str: ColumnOrName, delim: string, count: number): Column {
  return invoke("substring_index", [toColumn(str), litOrColumn(delim), litOrColumn(count)]);
}

/**
 * Splits around matches of a Java regular expression; `limit` > 0 caps the array length.
 *
 * @example
 * split("tags", ",\\s*");
 */
export function split(
  str: ColumnOrName,
  pattern: Column | string,
  limit: ColumnOrName | number = -1,
): Column {
  return invoke("split", [toColumn(str), litOrColumn(pattern), numberOrColumn(limit)]);
}

/**
 * The `partNum`-th part (1-based; negative from the end) of `src` split by `delimiter`.
 *
 * @example
 * split_part("path", lit("/"), lit(2));
 */
export function split_part(
  src: ColumnOrName,
  delimiter: ColumnOrName,
  partNum: ColumnOrName,
): Column {
  return invokeOnColumns("split_part", src, delimiter, partNum);
}

/**
 * Replaces every match of a Java regular expression (`$1` refers to a group).
 *
 * @example
 * regexp_replace("phone", "[^0-9]", "");
 */
export function regexp_replace(
  string: ColumnOrName,
  pattern: Column | string,
  replacement: Column | string,
): Column {
  return invoke("regexp_replace", [
    toColumn(string),
    litOrColumn(pattern),
    litOrColumn(replacement),
  ]);
}

/**
 * Group `idx` of the first match (0 = whole match); `""` when nothing matches.
 *
 * @example
 * regexp_extract("email", "^([^@]+)@(.*)$", 2);
 */
export function regexp_extract(str: ColumnOrName, pattern: string, idx: number): Column {
  return invoke("regexp_extract", [toColumn(str), litOrColumn(pattern), litOrColumn(idx)]);
}

/**
 * Group `idx` (default 1) of every match, as an array; `regexp` is a column (use `lit`).
 *
 * @example
 * regexp_extract_all("text", lit("#(\\w+)"), 1);
 */
export function regexp_extract_all(
  str: ColumnOrName,
  regexp: ColumnOrName,
  idx?: number | Column,
): Column {
  const args = [toColumn(str), toColumn(regexp)];
  return invoke("regexp_extract_all", idx === undefined ? args : [...args, litOrColumn(idx)]);
}

/**
 * Whether a Java regular expression matches anywhere; `regexp` is a column (use `lit`).
 *
 * @example
 * regexp_like("code", lit("^[A-Z]{2}\\d+$"));
 */
export function regexp_like(str: ColumnOrName, regexp: ColumnOrName): Column {
  return invokeOnColumns("regexp_like", str, regexp);
}

/**
 * The number of matches of a Java regular expression; `regexp` is a column (use `lit`).
 *
 * @example
 * regexp_count("text", lit("\\s+"));
 */
export function regexp_count(str: ColumnOrName, regexp: ColumnOrName): Column {
  return invokeOnColumns("regexp_count", str, regexp);
}

/**
 * Replaces each character of `matching` by the one at the same place in `replace` (dropped
 * when `replace` is shorter).
 *
 * @example
 * translate("code", "-_", "  ");
 */
export function translate(srcCol: ColumnOrName, matching: string, replace: string): Column {
  return invoke("translate", [toColumn(srcCol), litOrColumn(matching), litOrColumn(replace)]);
}

/**
 * The string repeated `n` times.
 *
 * @example
 * repeat("pad", 3);
 */
export function repeat(col: ColumnOrName, n: ColumnOrName | number): Column {
  return invoke("repeat", [toColumn(col), numberOrColumn(n)]);
}

/**
 * The Levenshtein edit distance; with `threshold`, -1 when the distance exceeds it.
 *
 * @example
 * levenshtein("a", "b");
 */
export function levenshtein(left: ColumnOrName, right: ColumnOrName, threshold?: number): Column {
  const args = [toColumn(left), toColumn(right)];
  return invoke("levenshtein", threshold === undefined ? args : [...args, litOrColumn(threshold)]);
}

/**
 * Whether `str` starts with `prefix` (a column: wrap text in `lit`).
 *
 * @example
 * startswith("url", lit("https://"));
 */
export function startswith(str: ColumnOrName, prefix: ColumnOrName): Column {
  return invokeOnColumns("startswith", str, prefix);
}

/**
 * Whether `str` ends with `suffix` (a column: wrap text in `lit`).
 *
 * @example
 * endswith("file", lit(".json"));
 */
export function endswith(str: ColumnOrName, suffix: ColumnOrName): Column {
  return invokeOnColumns("endswith", str, suffix);
}

/**
 * Whether `left` contains `right` (a column: wrap text in `lit`).
 *
 * @example
 * contains("text", lit("great"));
 */
export function contains(left: ColumnOrName, right: ColumnOrName): Column {
  return invokeOnColumns("contains", left, right);
}

/**
 * The Base64 text of a binary (or of a string's UTF-8 bytes).
 *
 * @example
 * base64("payload");
 */
export function base64(col: ColumnOrName): Column {
  return invokeOnColumns("base64", col);
}

/**
 * The bytes of Base64 text.
 *
 * @example
 * unbase64("payload_b64");
 */
export function unbase64(col: ColumnOrName): Column {
  return invokeOnColumns("unbase64", col);
}
