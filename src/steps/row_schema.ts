/**
 * A source's row schema (`source.schema`, a JSON Schema file) as the steps use it: each column
 * with the Spark type it is read with, the type it ends up with, and the constraints rows are
 * checked against. The JSON Schema -> Spark type mapping is the config's own
 * (`config/source_schema.ts`), so a config check and a run never disagree on a type.
 *
 * @module
 */
import {
  type ColumnKind,
  columnsOf,
  type JsonSchema,
  jsonSchemaError,
} from "../config/source_schema.ts";
import { readTextFile, StorageError } from "../storage/mod.ts";

/**
 * One top-level column of a row schema, with its constraints.
 *
 * @example
 * const rating: FieldSpec = {
 *   name: "rating", kind: "number", sqlType: "DOUBLE", readType: "DOUBLE",
 *   required: true, nullable: false, minimum: 1, maximum: 5,
 * };
 */
export interface FieldSpec {
  /** The column name. */
  name: string;
  /** What it holds. */
  kind: ColumnKind;
  /** Its Spark type after validation (`TIMESTAMP` for a `date-time` string). */
  sqlType: string;
  /** The Spark type it is read with: `STRING` for top-level dates and timestamps, which
   * validation converts so that an unparsable value is a rule rather than a silent null. */
  readType: string;
  /** Listed in `required`. */
  required: boolean;
  /** Its `type` admits `null`. */
  nullable: boolean;
  /** `enum` (or `const`) values. */
  enum?: (string | number | boolean | null)[];
  /** `minimum` (inclusive). */
  minimum?: number;
  /** `maximum` (inclusive). */
  maximum?: number;
  /** `exclusiveMinimum` (a number, as in draft-07). */
  exclusiveMinimum?: number;
  /** `exclusiveMaximum` (a number, as in draft-07). */
  exclusiveMaximum?: number;
  /** `minLength`, in characters. */
  minLength?: number;
  /** `maxLength`, in characters. */
  maxLength?: number;
  /** `pattern`, a regular expression matched anywhere in the value. */
  pattern?: string;
}

/**
 * A row schema: the top-level columns in order.
 *
 * @example
 * const schema = await loadRowSchema("ingestion_config/schemas/review.json");
 * schema.fields.map((f) => f.name); // ["restaurantId", "reviewId", "text", "rating", "publishedAt"]
 */
export interface RowSchema {
  /** The file it was read from, when it was. */
  path?: string;
  /** The columns, in the schema's order. */
  fields: FieldSpec[];
}

/**
 * Reads a JSON Schema file describing one row; throws an Error naming the file and what is
 * wrong with it (missing, not JSON, not a usable draft-07 object schema).
 *
 * @example
 * const schema = await loadRowSchema("ingestion_config/schemas/review.json");
 */
export async function loadRowSchema(path: string): Promise<RowSchema> {
  let json: unknown;
  try {
    json = JSON.parse(await readTextFile(path));
  } catch (err) {
    const missing = err instanceof StorageError && err.kind === "not_found";
    const why = missing ? "no such file" : err instanceof Error ? err.message : String(err);
    throw new Error(`source schema ${path}: ${why}`);
  }
  const invalid = jsonSchemaError(json);
  if (invalid) throw new Error(`source schema ${path}: ${invalid}`);
  return { path, ...rowSchemaOf(json as JsonSchema) };
}

/**
 * The row schema a parsed JSON Schema describes (it must be valid: see `jsonSchemaError`).
 *
 * @example
 * rowSchemaOf({ type: "object", required: ["id"], properties: { id: { type: "integer" } } })
 *   .fields[0]; // { name: "id", kind: "integer", sqlType: "BIGINT", readType: "BIGINT", required: true, ... }
 */
export function rowSchemaOf(json: JsonSchema): RowSchema {
  const required = new Set(Array.isArray(json.required) ? json.required as string[] : []);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const fields = columnsOf(json).map((c): FieldSpec => {
    const p = resolve(properties[c.name] ?? {}, json);
    const types = Array.isArray(p.type) ? p.type : [p.type];
    const converted = c.kind === "timestamp" || c.kind === "date";
    const field: FieldSpec = {
      name: c.name,
      kind: c.kind,
      sqlType: c.sqlType,
      readType: converted ? "STRING" : c.sqlType,
      required: required.has(c.name),
      nullable: types.includes("null"),
    };
    if (Array.isArray(p.enum)) field.enum = p.enum as FieldSpec["enum"];
    else if ("const" in p) field.enum = [p.const as string];
    for (const key of NUMERIC_KEYWORDS) {
      if (typeof p[key] === "number") field[key] = p[key] as number;
    }
    if (typeof p.pattern === "string") field.pattern = p.pattern;
    return field;
  });
  return { fields };
}

const NUMERIC_KEYWORDS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
] as const;

/**
 * The Spark schema rows are read with, as DDL: each column's read type, plus a
 * `_corrupt_record STRING` column when `corruptRecord` is set.
 *
 * @example
 * readDDL(schema, true); // "`restaurantId` BIGINT, ..., `publishedAt` STRING, `_corrupt_record` STRING"
 */
export function readDDL(schema: RowSchema, corruptRecord = false): string {
  const cols = schema.fields.map((f) => `${quote(f.name)} ${f.readType}`);
  if (corruptRecord) cols.push("`_corrupt_record` STRING");
  return cols.join(", ");
}

function quote(name: string): string {
  return "`" + name.replaceAll("`", "``") + "`";
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const ref = schema.$ref;
  if (typeof ref !== "string" || !ref.startsWith("#/")) return schema;
  let node: unknown = root;
  for (const part of ref.slice(2).split("/")) node = (node as JsonSchema | undefined)?.[part];
  return typeof node === "object" && node !== null ? node as JsonSchema : schema;
}
