/**
 * JSON functions, with PySpark's names and arguments.
 *
 * @module
 */
import { type Column, type ColumnOrName, toColumn } from "../column.ts";
import { DataType } from "../types/mod.ts";
import { invoke, litOrColumn } from "./invoke.ts";

/** Reader or writer options of the JSON functions (`mode`, `dateFormat`, ...). */
export type JsonOptions = Readonly<Record<string, string | number | boolean>>;

// Options travel as a map<string,string> literal, as PySpark sends them.
function optionsColumn(options: JsonOptions): Column {
  const kv = Object.entries(options).flatMap(([k, v]) => [litOrColumn(k), litOrColumn(String(v))]);
  return invoke("map", kv, { fragment: "options" });
}

/**
 * JSON text parsed into a struct, array or map of `schema` (a `DataType`, a DDL string such as
 * `"a INT, b STRING"`, or a column); null for malformed text in the default PERMISSIVE mode.
 *
 * @example
 * from_json("payload", "id BIGINT, tags ARRAY<STRING>");
 * from_json("payload", new StructType().add("id", DataTypes.LongType), { mode: "FAILFAST" });
 */
export function from_json(
  col: ColumnOrName,
  schema: DataType | Column | string,
  options?: JsonOptions,
): Column {
  const s = schema instanceof DataType ? litOrColumn(schema.json()) : litOrColumn(schema);
  const args = [toColumn(col), s];
  return invoke("from_json", options ? [...args, optionsColumn(options)] : args);
}

/**
 * A struct, array, map or variant as JSON text.
 *
 * @example
 * to_json(struct("id", "name"));
 */
export function to_json(col: ColumnOrName, options?: JsonOptions): Column {
  const args = [toColumn(col)];
  return invoke("to_json", options ? [...args, optionsColumn(options)] : args);
}

/**
 * The value at a JSONPath (`$.a.b[0]`) of JSON text, as text; null when absent or malformed.
 *
 * @example
 * get_json_object("payload", "$.address.city");
 */
export function get_json_object(col: ColumnOrName, path: string): Column {
  return invoke("get_json_object", [toColumn(col), litOrColumn(path)]);
}
