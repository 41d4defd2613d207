/**
 * The abstract base of every Spark SQL data type, and the JSON shapes the types serialise to.
 *
 * @module
 */

/**
 * A JSON value, as found in Spark's schema JSON and in field metadata.
 *
 * @example
 * const value: JsonValue = { type: "array", elementType: "string", containsNull: true };
 */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * The metadata of a struct field: a JSON object (Spark keeps a column comment under `comment`).
 *
 * @example
 * const metadata: Metadata = { comment: "when the review was published" };
 */
export type Metadata = { readonly [key: string]: JsonValue };

/**
 * The base of all Spark SQL data types: names, string forms, JSON form and equality.
 *
 * @example
 * const t: DataType = new ArrayType(new StringType());
 * t.simpleString(); // "array<string>"
 */
export abstract class DataType {
  /** The name Spark uses for this type in JSON, e.g. `integer`, `decimal(10,2)`, `struct`. */
  abstract typeName(): string;

  /** The readable form Spark prints, e.g. `int`, `array<string>`, `struct<a:int>`. */
  simpleString(): string {
    return this.typeName();
  }

  /** The SQL/DDL form of this type, e.g. `INT`, `ARRAY<STRING>`, `STRUCT<a: INT>`. */
  sql(): string {
    return this.simpleString().toUpperCase();
  }

  /** This type as a JSON value in Spark's schema JSON form. */
  jsonValue(): JsonValue {
    return this.typeName();
  }

  /** This type as compact JSON text, exactly as Spark's `DataType.json` writes it. */
  json(): string {
    return JSON.stringify(this.jsonValue());
  }

  /** Makes `JSON.stringify` write Spark's JSON form, also for a type nested in other data. */
  toJSON(): JsonValue {
    return this.jsonValue();
  }

  /** Whether `other` is the same type, including parameters, nullability and metadata. */
  equals(other: unknown): boolean {
    return other instanceof DataType && other.constructor === this.constructor;
  }

  /** The same as {@linkcode DataType.simpleString}, so types read well in messages. */
  toString(): string {
    return this.simpleString();
  }
}

/**
 * Whether two JSON values are equal, ignoring the order of object keys.
 *
 * @example
 * jsonEquals({ a: 1, b: [true] }, { b: [true], a: 1 }); // true
 */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => jsonEquals(item, b[i]));
  }
  const objA = a as { readonly [key: string]: JsonValue };
  const objB = b as { readonly [key: string]: JsonValue };
  const keys = Object.keys(objA);
  if (keys.length !== Object.keys(objB).length) return false;
  return keys.every((key) => Object.hasOwn(objB, key) && jsonEquals(objA[key], objB[key]));
}
