/**
 * A source's JSON Schema file (`source.schema`): read, checked as a JSON Schema, and read as
 * columns with the Spark SQL type each has when rows are read, for the checks made before any
 * data is.
 *
 * @module
 */
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";
import { readTextFile, StorageError } from "../storage/mod.ts";

/**
 * What a column holds, as far as config checks care.
 *
 * @example
 * const kind: ColumnKind = "timestamp"; // a string with format date-time
 */
export type ColumnKind =
  | "string"
  | "integer"
  | "number"
  | "boolean"
  | "date"
  | "timestamp"
  | "array"
  | "struct"
  | "map";

/**
 * One column of a source: its name, kind and Spark SQL type.
 *
 * @example
 * const col: SourceColumn = { name: "publishedAt", kind: "timestamp", sqlType: "TIMESTAMP" };
 */
export interface SourceColumn {
  /** The column name, as in the schema's `properties`. */
  name: string;
  /** What the column holds. */
  kind: ColumnKind;
  /** The Spark SQL type rows are read with, e.g. `TIMESTAMP`. */
  sqlType: string;
}

/**
 * A JSON Schema (or any part of one) as parsed JSON.
 *
 * @example
 * const schema: JsonSchema = { type: "object", properties: {} };
 */
export type JsonSchema = Record<string, unknown>;

/**
 * Reads a JSON Schema file describing one row; resolves to its columns, or to why it cannot be
 * used (missing, not JSON, not a valid draft-07 JSON Schema, not an object with properties).
 *
 * @example
 * const read = await readSourceSchema("/repo/ingestion_config/schemas/review.json");
 * if ("columns" in read) read.columns.map((c) => c.name); // ["restaurantId", ...]
 */
export async function readSourceSchema(
  path: string,
): Promise<{ columns: SourceColumn[] } | { error: string }> {
  let text: string;
  try {
    text = await readTextFile(path);
  } catch (err) {
    const missing = err instanceof StorageError && err.kind === "not_found";
    return { error: missing ? "no such file" : err instanceof Error ? err.message : String(err) };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { error: `not valid JSON: ${err instanceof Error ? err.message : err}` };
  }
  const invalid = jsonSchemaError(json);
  return invalid ? { error: invalid } : { columns: columnsOf(json as JsonSchema) };
}

/**
 * Why a value is not a usable row schema (a valid draft-07 JSON Schema of an object with
 * `properties`), or undefined when it is.
 *
 * @example
 * jsonSchemaError({ type: "object", properties: { id: { type: "int" } } });
 * // "not a valid JSON Schema: /properties/id/type must be one of array, boolean, ..."
 */
export function jsonSchemaError(json: unknown): string | undefined {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    return "not a JSON Schema: expected a JSON object";
  }
  const declared = (json as JsonSchema).$schema;
  if (declared !== undefined && !String(declared).includes("draft-07")) {
    return `unsupported $schema '${declared}': use draft-07 (http://json-schema.org/draft-07/schema#)`;
  }
  // A fresh validator each time: a schema's $id may only be registered once per instance.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
  ajvFormats.default(ajv); // the CommonJS module, whose `default` is the plugin
  if (!ajv.validateSchema(json)) {
    const err = ajv.errors?.[0];
    const allowed = err?.params && "allowedValues" in err.params
      ? `: ${(err.params.allowedValues as unknown[]).join(", ")}`
      : "";
    return `not a valid JSON Schema: ${err?.instancePath || "/"} ${err?.message}${allowed}`;
  }
  try {
    ajv.compile(json);
  } catch (err) {
    return `not a valid JSON Schema: ${err instanceof Error ? err.message : err}`;
  }
  const schema = json as JsonSchema;
  if (schema.type !== "object" || typeof schema.properties !== "object") {
    return "must describe an object (type: object) with properties, one per column";
  }
  return undefined;
}

/**
 * The columns a row schema describes, in order, with Spark types: integer as BIGINT, number as
 * DOUBLE, strings with format date-time or date as TIMESTAMP or DATE, arrays, nested objects
 * as structs (maps when they have no properties).
 *
 * @example
 * columnsOf({ type: "object", properties: { n: { type: "integer" } } });
 * // [{ name: "n", kind: "integer", sqlType: "BIGINT" }]
 */
export function columnsOf(schema: JsonSchema): SourceColumn[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).map(([name, property]) => {
    const { kind, sqlType } = sparkTypeOf(resolveRef(property, schema), schema);
    return { name, kind, sqlType };
  });
}

function sparkTypeOf(schema: JsonSchema, root: JsonSchema): { kind: ColumnKind; sqlType: string } {
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter((t) =>
    t !== "null" && t !== undefined
  );
  const type = types.length === 1 ? types[0] : "string";
  switch (type) {
    case "integer":
      return { kind: "integer", sqlType: "BIGINT" };
    case "number":
      return { kind: "number", sqlType: "DOUBLE" };
    case "boolean":
      return { kind: "boolean", sqlType: "BOOLEAN" };
    case "array": {
      const items = resolveRef((schema.items ?? {}) as JsonSchema, root);
      return { kind: "array", sqlType: `ARRAY<${sparkTypeOf(items, root).sqlType}>` };
    }
    case "object": {
      if (typeof schema.properties !== "object") {
        return { kind: "map", sqlType: "MAP<STRING, STRING>" };
      }
      const fields = columnsOf(schema).map((c) => `${quoteName(c.name)}: ${c.sqlType}`);
      return { kind: "struct", sqlType: `STRUCT<${fields.join(", ")}>` };
    }
    default:
      if (schema.format === "date-time") return { kind: "timestamp", sqlType: "TIMESTAMP" };
      if (schema.format === "date") return { kind: "date", sqlType: "DATE" };
      return { kind: "string", sqlType: "STRING" };
  }
}

function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = (node as JsonSchema | undefined)?.[part];
  return typeof node === "object" && node !== null ? node as JsonSchema : schema;
}

/**
 * A column name quoted for Spark SQL with backticks.
 *
 * @example
 * quoteName("published month"); // "`published month`"
 */
export function quoteName(name: string): string {
  return "`" + name.replaceAll("`", "``") + "`";
}
