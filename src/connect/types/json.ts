/**
 * Reads Spark's schema JSON (what `DataType.json` and `df.schema.json()` write) back into types.
 *
 * @module
 */

import type { DataType, JsonValue, Metadata } from "./data_type.ts";
import { CharType, DecimalType, StringType, VarcharType } from "./atomic_types.ts";
import { DayTimeIntervalType, TimeType, YearMonthIntervalType } from "./datetime_types.ts";
import { DataTypes } from "./singletons.ts";
import {
  ArrayType,
  COLLATIONS_METADATA_KEY,
  MapType,
  StructField,
  StructType,
  UserDefinedType,
} from "./complex_types.ts";

type JsonObject = { readonly [key: string]: JsonValue };

/** Every type Spark writes as a bare name, keyed by that name. */
const NAMED_TYPES: ReadonlyMap<string, DataType> = new Map(
  [
    ...Object.values(DataTypes),
    ...([[0, 0], [0, 1], [0, 2], [0, 3], [1, 1], [1, 2], [1, 3], [2, 2], [2, 3], [3, 3]] as const)
      .map(([start, end]) => new DayTimeIntervalType(start, end)),
    ...([[0, 0], [0, 1], [1, 1]] as const).map(([start, end]) =>
      new YearMonthIntervalType(start, end)
    ),
  ].map((type): [string, DataType] => [type.typeName(), type]),
);

/** Names Spark still reads for backward compatibility. */
const LEGACY_NAMES: Readonly<Record<string, DataType>> = {
  null: DataTypes.NullType,
  timestamp_ltz: DataTypes.TimestampType,
  decimal: new DecimalType(),
};

const DECIMAL = /^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$/;
const CHAR = /^char\(\s*(\d+)\s*\)$/;
const VARCHAR = /^varchar\(\s*(\d+)\s*\)$/;
const TIME = /^time\(\s*(\d+)\s*\)$/;

/** A JSON value that is not a valid Spark type, with the path to it. */
function invalid(path: string, problem: string): never {
  throw new TypeError(`invalid Spark type JSON at ${path}: ${problem}`);
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function field<T>(
  object: JsonObject,
  key: string,
  path: string,
  check: (value: JsonValue) => value is T & JsonValue,
  what: string,
): T {
  const value = object[key];
  if (value === undefined || !check(value)) {
    invalid(`${path}.${key}`, `expected ${what}, got ${JSON.stringify(value) ?? "nothing"}`);
  }
  return value;
}

const isBoolean = (value: JsonValue): value is boolean => typeof value === "boolean";
const isString = (value: JsonValue): value is string => typeof value === "string";
const isArray = (value: JsonValue): value is readonly JsonValue[] => Array.isArray(value);

/** Turns a type name such as `integer` or `decimal(10,2)` into its type. */
function namedType(name: string, path: string): DataType {
  const known = NAMED_TYPES.get(name) ?? LEGACY_NAMES[name];
  if (known !== undefined) return known;
  let match: RegExpExecArray | null;
  try {
    if ((match = DECIMAL.exec(name))) return new DecimalType(Number(match[1]), Number(match[2]));
    if ((match = CHAR.exec(name))) return new CharType(Number(match[1]));
    if ((match = VARCHAR.exec(name))) return new VarcharType(Number(match[1]));
    if ((match = TIME.exec(name))) return new TimeType(Number(match[1]));
  } catch (e) {
    if (e instanceof RangeError) invalid(path, e.message);
    throw e;
  }
  return invalid(path, `unknown type name '${name}'`);
}

/**
 * Parses one type; `collations` maps a field path (`name`, `name.element`, `name.key`, ...) to
 * the collation Spark stored for the string at that path.
 */
function parseType(
  value: JsonValue,
  path: string,
  fieldPath: string,
  collations: Readonly<Record<string, string>>,
): DataType {
  const collation = collations[fieldPath];
  if (collation !== undefined && value !== "string") {
    invalid(path, `a collation is recorded for '${fieldPath}', which is not a string`);
  }
  if (typeof value === "string") {
    return collation !== undefined ? new StringType(collation) : namedType(value, path);
  }
  if (!isObject(value)) return invalid(path, `expected a type name or object, got ${value}`);
  const type = field(value, "type", path, isString, "a string");
  switch (type) {
    case "array":
      return new ArrayType(
        parseType(value.elementType, `${path}.elementType`, `${fieldPath}.element`, collations),
        field(value, "containsNull", path, isBoolean, "a boolean"),
      );
    case "map":
      return new MapType(
        parseType(value.keyType, `${path}.keyType`, `${fieldPath}.key`, collations),
        parseType(value.valueType, `${path}.valueType`, `${fieldPath}.value`, collations),
        field(value, "valueContainsNull", path, isBoolean, "a boolean"),
      );
    case "struct":
      return new StructType(
        field(value, "fields", path, isArray, "an array")
          .map((item, i) => parseField(item, `${path}.fields[${i}]`)),
      );
    case "udt":
      return parseUserDefinedType(value, path);
  }
  return invalid(`${path}.type`, `unknown type '${type}'`);
}

/** Parses a struct field; `nullable` and `metadata` default as in Spark when missing. */
function parseField(value: JsonValue, path: string): StructField {
  if (!isObject(value)) return invalid(path, "expected a struct field object");
  const name = field(value, "name", path, isString, "a string");
  const nullable = value.nullable === undefined
    ? true
    : field(value, "nullable", path, isBoolean, "a boolean");
  const rawMetadata = value.metadata ?? {};
  if (!isObject(rawMetadata)) return invalid(`${path}.metadata`, "expected an object");
  const { [COLLATIONS_METADATA_KEY]: rawCollations, ...metadata } = rawMetadata;
  const collations: Record<string, string> = {};
  if (rawCollations !== undefined) {
    if (!isObject(rawCollations)) {
      invalid(`${path}.metadata.${COLLATIONS_METADATA_KEY}`, "expected an object");
    }
    for (const [fieldPath, name] of Object.entries(rawCollations)) {
      if (typeof name !== "string") {
        invalid(`${path}.metadata.${COLLATIONS_METADATA_KEY}`, `expected a collation name`);
      }
      // Spark writes `provider.NAME`, e.g. `icu.UNICODE_CI`.
      collations[fieldPath] = name.slice(name.indexOf(".") + 1);
    }
  }
  const type = parseType(value.type ?? null, `${path}.type`, name, collations);
  return new StructField(name, type, nullable, metadata as Metadata);
}

/** Parses Scala's `{type, class, pyClass, sqlType}` or Python's `{type, pyClass, ...}` UDT. */
function parseUserDefinedType(value: JsonObject, path: string): UserDefinedType {
  const optional = (key: string) => {
    const item = value[key];
    if (item !== undefined && item !== null && typeof item !== "string") {
      invalid(`${path}.${key}`, "expected a string");
    }
    return item ?? undefined;
  };
  const jvmClass = optional("class");
  const pythonClass = optional("pyClass");
  if (jvmClass === undefined && pythonClass === undefined) {
    invalid(path, "a user-defined type needs a class or a pyClass");
  }
  return new UserDefinedType({
    sqlType: parseType(value.sqlType ?? null, `${path}.sqlType`, "", {}),
    jvmClass,
    pythonClass,
    serializedPythonClass: optional("serializedClass"),
  });
}

/**
 * Reads a type from Spark's JSON form: JSON text (`'{"type":"struct",...}'`, `'"integer"'`), an
 * already-parsed value, or a bare type name (`integer`, `decimal(10,2)`).
 *
 * @example
 * const schema = fromJSON(
 *   '{"type":"struct","fields":[{"name":"a","type":"integer","nullable":true,"metadata":{}}]}',
 * );
 * schema.simpleString(); // "struct<a:int>"
 */
export function fromJSON(json: unknown): DataType {
  let value = json;
  if (typeof json === "string" && /^\s*[{"]/.test(json)) value = JSON.parse(json);
  return parseType(value as JsonValue, "$", "", {});
}
