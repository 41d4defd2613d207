/**
 * Spark's atomic data types other than dates and times: booleans, numbers, strings, binary,
 * `void` and `variant`.
 *
 * @module
 */

import { DataType } from "./data_type.ts";

/**
 * Spark's `boolean`.
 *
 * @example
 * new BooleanType().simpleString(); // "boolean"
 */
export class BooleanType extends DataType {
  /** Returns `boolean`. */
  typeName(): string {
    return "boolean";
  }
}

/**
 * Spark's `tinyint`: a signed 8-bit integer (`byte` in JSON).
 *
 * @example
 * new ByteType().simpleString(); // "tinyint"
 */
export class ByteType extends DataType {
  /** Returns `byte`. */
  typeName(): string {
    return "byte";
  }

  /** Returns `tinyint`. */
  override simpleString(): string {
    return "tinyint";
  }
}

/**
 * Spark's `smallint`: a signed 16-bit integer (`short` in JSON).
 *
 * @example
 * new ShortType().simpleString(); // "smallint"
 */
export class ShortType extends DataType {
  /** Returns `short`. */
  typeName(): string {
    return "short";
  }

  /** Returns `smallint`. */
  override simpleString(): string {
    return "smallint";
  }
}

/**
 * Spark's `int`: a signed 32-bit integer (`integer` in JSON).
 *
 * @example
 * new IntegerType().json(); // "\"integer\""
 */
export class IntegerType extends DataType {
  /** Returns `integer`. */
  typeName(): string {
    return "integer";
  }

  /** Returns `int`. */
  override simpleString(): string {
    return "int";
  }
}

/**
 * Spark's `bigint`: a signed 64-bit integer (`long` in JSON).
 *
 * @example
 * new LongType().sql(); // "BIGINT"
 */
export class LongType extends DataType {
  /** Returns `long`. */
  typeName(): string {
    return "long";
  }

  /** Returns `bigint`. */
  override simpleString(): string {
    return "bigint";
  }
}

/**
 * Spark's `float`: a 32-bit IEEE 754 number.
 *
 * @example
 * new FloatType().typeName(); // "float"
 */
export class FloatType extends DataType {
  /** Returns `float`. */
  typeName(): string {
    return "float";
  }
}

/**
 * Spark's `double`: a 64-bit IEEE 754 number.
 *
 * @example
 * new DoubleType().typeName(); // "double"
 */
export class DoubleType extends DataType {
  /** Returns `double`. */
  typeName(): string {
    return "double";
  }
}

/**
 * Spark's `decimal(precision,scale)`: an exact number of up to 38 digits, `scale` of them after
 * the point; `DecimalType()` is `decimal(10,0)` as in PySpark.
 *
 * @example
 * new DecimalType(10, 2).json(); // "\"decimal(10,2)\""
 */
export class DecimalType extends DataType {
  /** The largest precision Spark supports. */
  static readonly MAX_PRECISION = 38;

  /** Creates `decimal(precision,scale)`; throws a `RangeError` outside Spark's limits. */
  constructor(readonly precision: number = 10, readonly scale: number = 0) {
    super();
    if (!Number.isInteger(precision) || precision < 1 || precision > DecimalType.MAX_PRECISION) {
      throw new RangeError(`decimal precision must be an integer from 1 to 38, got ${precision}`);
    }
    if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new RangeError(
        `decimal scale must be an integer from 0 to the precision (${precision}), got ${scale}`,
      );
    }
    Object.freeze(this);
  }

  /** Returns `decimal(p,s)`. */
  typeName(): string {
    return `decimal(${this.precision},${this.scale})`;
  }

  /** Whether `other` is a decimal of the same precision and scale. */
  override equals(other: unknown): boolean {
    return other instanceof DecimalType && other.precision === this.precision &&
      other.scale === this.scale;
  }
}

/** The collation of a plain `STRING`: byte-wise comparison. */
const DEFAULT_COLLATION = "UTF8_BINARY";

/**
 * Spark's `string`, optionally with a collation such as `UTF8_LCASE` or `UNICODE_CI`.
 *
 * @example
 * new StringType("UNICODE_CI").simpleString(); // "string collate UNICODE_CI"
 */
export class StringType extends DataType {
  /** The collation name; `UTF8_BINARY` (the default) for a plain `string`. */
  readonly collation: string;

  /** Creates a string type; an empty collation means the default, `UTF8_BINARY`. */
  constructor(collation: string = DEFAULT_COLLATION) {
    super();
    this.collation = collation === "" ? DEFAULT_COLLATION : collation;
    Object.freeze(this);
  }

  /** Whether this is a plain `string` (the `UTF8_BINARY` collation). */
  get isDefaultCollation(): boolean {
    return this.collation.toUpperCase() === DEFAULT_COLLATION;
  }

  /** Returns `string`, or `string collate NAME` for another collation. */
  typeName(): string {
    return this.isDefaultCollation ? "string" : `string collate ${this.collation}`;
  }

  /** Returns `STRING`, or `STRING COLLATE NAME` (the name as written). */
  override sql(): string {
    return this.isDefaultCollation ? "STRING" : `STRING COLLATE ${this.collation}`;
  }

  /** Returns `string`: Spark keeps collations in the enclosing field's metadata instead. */
  override jsonValue(): string {
    return "string";
  }

  /** Whether `other` is a string with the same collation (names compare case-insensitively). */
  override equals(other: unknown): boolean {
    return other instanceof StringType &&
      other.collation.toUpperCase() === this.collation.toUpperCase();
  }
}

/** Checks a char/varchar length. */
function checkLength(kind: string, length: number): void {
  if (!Number.isInteger(length) || length < 0) {
    throw new RangeError(`${kind} length must be a non-negative integer, got ${length}`);
  }
}

/**
 * Spark's `char(n)`: a string padded to exactly `n` characters.
 *
 * @example
 * new CharType(3).sql(); // "CHAR(3)"
 */
export class CharType extends DataType {
  /** Creates `char(length)`. */
  constructor(readonly length: number) {
    super();
    checkLength("char", length);
    Object.freeze(this);
  }

  /** Returns `char(n)`. */
  typeName(): string {
    return `char(${this.length})`;
  }

  /** Whether `other` is a char of the same length. */
  override equals(other: unknown): boolean {
    return other instanceof CharType && other.length === this.length;
  }
}

/**
 * Spark's `varchar(n)`: a string of at most `n` characters.
 *
 * @example
 * new VarcharType(20).sql(); // "VARCHAR(20)"
 */
export class VarcharType extends DataType {
  /** Creates `varchar(length)`. */
  constructor(readonly length: number) {
    super();
    checkLength("varchar", length);
    Object.freeze(this);
  }

  /** Returns `varchar(n)`. */
  typeName(): string {
    return `varchar(${this.length})`;
  }

  /** Whether `other` is a varchar of the same length. */
  override equals(other: unknown): boolean {
    return other instanceof VarcharType && other.length === this.length;
  }
}

/**
 * Spark's `binary`: a byte array.
 *
 * @example
 * new BinaryType().typeName(); // "binary"
 */
export class BinaryType extends DataType {
  /** Returns `binary`. */
  typeName(): string {
    return "binary";
  }
}

/**
 * Spark's `void`: the type of an untyped `NULL`.
 *
 * @example
 * new NullType().sql(); // "VOID"
 */
export class NullType extends DataType {
  /** Returns `void`. */
  typeName(): string {
    return "void";
  }
}

/**
 * Spark's `variant` (Spark 4+): semi-structured, JSON-like values.
 *
 * @example
 * new VariantType().typeName(); // "variant"
 */
export class VariantType extends DataType {
  /** Returns `variant`. */
  typeName(): string {
    return "variant";
  }
}
