/**
 * Spark's nested data types (arrays, maps, structs and their fields) and user-defined types.
 *
 * @module
 */

import { DataType, jsonEquals, type JsonValue, type Metadata } from "./data_type.ts";
import { StringType } from "./atomic_types.ts";

/**
 * Spark's `array<T>`; `containsNull` says whether elements may be null.
 *
 * @example
 * new ArrayType(new StringType()).simpleString(); // "array<string>"
 */
export class ArrayType extends DataType {
  /** Creates `array<elementType>`. */
  constructor(readonly elementType: DataType, readonly containsNull: boolean = true) {
    super();
    Object.freeze(this);
  }

  /** Returns `array`. */
  typeName(): string {
    return "array";
  }

  /** Returns `array<element>`. */
  override simpleString(): string {
    return `array<${this.elementType.simpleString()}>`;
  }

  /** Returns `ARRAY<ELEMENT>`; DDL cannot say `containsNull = false`. */
  override sql(): string {
    return `ARRAY<${this.elementType.sql()}>`;
  }

  /** Returns `{"type":"array","elementType":...,"containsNull":...}`. */
  override jsonValue(): JsonValue {
    return {
      type: "array",
      elementType: this.elementType.jsonValue(),
      containsNull: this.containsNull,
    };
  }

  /** Whether `other` is an array of an equal element type and the same `containsNull`. */
  override equals(other: unknown): boolean {
    return other instanceof ArrayType && other.containsNull === this.containsNull &&
      this.elementType.equals(other.elementType);
  }
}

/**
 * Spark's `map<K,V>`; keys are never null, `valueContainsNull` says whether values may be.
 *
 * @example
 * new MapType(new StringType(), new LongType()).sql(); // "MAP<STRING, BIGINT>"
 */
export class MapType extends DataType {
  /** Creates `map<keyType,valueType>`. */
  constructor(
    readonly keyType: DataType,
    readonly valueType: DataType,
    readonly valueContainsNull: boolean = true,
  ) {
    super();
    Object.freeze(this);
  }

  /** Returns `map`. */
  typeName(): string {
    return "map";
  }

  /** Returns `map<key,value>`. */
  override simpleString(): string {
    return `map<${this.keyType.simpleString()},${this.valueType.simpleString()}>`;
  }

  /** Returns `MAP<KEY, VALUE>`; DDL cannot say `valueContainsNull = false`. */
  override sql(): string {
    return `MAP<${this.keyType.sql()}, ${this.valueType.sql()}>`;
  }

  /** Returns `{"type":"map","keyType":...,"valueType":...,"valueContainsNull":...}`. */
  override jsonValue(): JsonValue {
    return {
      type: "map",
      keyType: this.keyType.jsonValue(),
      valueType: this.valueType.jsonValue(),
      valueContainsNull: this.valueContainsNull,
    };
  }

  /** Whether `other` is a map of equal key and value types and the same `valueContainsNull`. */
  override equals(other: unknown): boolean {
    return other instanceof MapType && other.valueContainsNull === this.valueContainsNull &&
      this.keyType.equals(other.keyType) && this.valueType.equals(other.valueType);
  }
}

/** Backtick-quotes a name unless it is a plain identifier, as Spark's `quoteIfNeeded` does. */
function quoteIfNeeded(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) && !/^[0-9]+$/.test(name)
    ? name
    : `\`${name.replaceAll("`", "``")}\``;
}

/** Writes a SQL string literal that Spark's parser reads back as `text`. */
function sqlStringLiteral(text: string): string {
  return `'${text.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

/** Copies and deep-freezes a JSON value, so metadata cannot change behind a field's back. */
function frozenCopy<T extends JsonValue>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  const copy = Array.isArray(value)
    ? value.map((item) => frozenCopy(item))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, frozenCopy(v)]));
  return Object.freeze(copy) as T;
}

/** The metadata key under which Spark's JSON carries non-default string collations. */
export const COLLATIONS_METADATA_KEY = "__COLLATIONS";

/** Maps `path` (and `path.element`, `path.key`, `path.value` inside it) to collations. */
function collectCollations(dataType: DataType, path: string, into: Record<string, string>): void {
  if (dataType instanceof StringType && !dataType.isDefaultCollation) {
    // Spark names the provider: its own for UTF8_* collations, ICU for the rest.
    const provider = dataType.collation.toUpperCase().startsWith("UTF8") ? "spark" : "icu";
    into[path] = `${provider}.${dataType.collation}`;
  } else if (dataType instanceof ArrayType) {
    collectCollations(dataType.elementType, `${path}.element`, into);
  } else if (dataType instanceof MapType) {
    collectCollations(dataType.keyType, `${path}.key`, into);
    collectCollations(dataType.valueType, `${path}.value`, into);
  }
}

/**
 * One named field of a {@linkcode StructType}: name, type, nullability and metadata.
 *
 * @example
 * new StructField("id", new LongType(), false).toDDL(); // "id BIGINT NOT NULL"
 */
export class StructField {
  /** The field's metadata; a DDL `COMMENT` is kept under `comment`. */
  readonly metadata: Metadata;

  /** Creates a field; the metadata is copied and frozen. */
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable: boolean = true,
    metadata: Metadata = {},
  ) {
    this.metadata = frozenCopy(metadata);
    Object.freeze(this);
  }

  /** Returns `name:type`, the name unquoted as in Spark. */
  simpleString(): string {
    return `${this.name}:${this.dataType.simpleString()}`;
  }

  /** Returns the field as it appears inside `STRUCT<...>`, e.g. `` `a b`: INT NOT NULL``. */
  sql(): string {
    return `${quoteIfNeeded(this.name)}: ${this.dataType.sql()}${this.#ddlSuffix()}`;
  }

  /** Returns the field as a DDL column, e.g. `id BIGINT NOT NULL COMMENT 'key'`. */
  toDDL(): string {
    return `${quoteIfNeeded(this.name)} ${this.dataType.sql()}${this.#ddlSuffix()}`;
  }

  #ddlSuffix(): string {
    const comment = this.metadata.comment;
    return (this.nullable ? "" : " NOT NULL") +
      (typeof comment === "string" ? ` COMMENT ${sqlStringLiteral(comment)}` : "");
  }

  /** Returns Spark's JSON form; non-default collations go to `metadata.__COLLATIONS`. */
  jsonValue(): JsonValue {
    const collations: Record<string, string> = {};
    collectCollations(this.dataType, this.name, collations);
    const metadata = Object.keys(collations).length === 0
      ? this.metadata
      : { ...this.metadata, [COLLATIONS_METADATA_KEY]: collations };
    return {
      name: this.name,
      type: this.dataType.jsonValue(),
      nullable: this.nullable,
      metadata,
    };
  }

  /** Whether `other` has the same name, an equal type, nullability and metadata. */
  equals(other: unknown): boolean {
    return other instanceof StructField && other.name === this.name &&
      other.nullable === this.nullable && this.dataType.equals(other.dataType) &&
      jsonEquals(this.metadata, other.metadata);
  }

  /** Returns {@linkcode StructField.simpleString}. */
  toString(): string {
    return this.simpleString();
  }
}

/**
 * Spark's `struct<...>`: an ordered list of fields, the type of a row and of a DataFrame schema.
 *
 * @example
 * const schema = new StructType()
 *   .add("a", new IntegerType(), false)
 *   .add("b", new ArrayType(new StringType()));
 * schema.simpleString(); // "struct<a:int,b:array<string>>"
 * schema.toDDL(); // "a INT NOT NULL, b ARRAY<STRING>"
 */
export class StructType extends DataType implements Iterable<StructField> {
  /** The fields, in order. */
  readonly fields: readonly StructField[];

  /** Creates a struct of `fields` (Spark allows duplicate names). */
  constructor(fields: Iterable<StructField> = []) {
    super();
    this.fields = Object.freeze([...fields]);
    Object.freeze(this);
  }

  /** Returns a new struct with `field` appended. */
  add(field: StructField): StructType;
  /** Returns a new struct with a field made of these parts appended. */
  add(name: string, dataType: DataType, nullable?: boolean, metadata?: Metadata): StructType;
  add(
    fieldOrName: StructField | string,
    dataType?: DataType,
    nullable = true,
    metadata: Metadata = {},
  ): StructType {
    if (fieldOrName instanceof StructField) return new StructType([...this.fields, fieldOrName]);
    if (dataType === undefined) {
      throw new TypeError(`StructType.add("${fieldOrName}") needs a data type`);
    }
    return new StructType([
      ...this.fields,
      new StructField(fieldOrName, dataType, nullable, metadata),
    ]);
  }

  /** The field names, in order. */
  fieldNames(): string[] {
    return this.fields.map((field) => field.name);
  }

  /** The first field called `name` (case-sensitive), or the field at an index; else undefined. */
  get(nameOrIndex: string | number): StructField | undefined {
    return typeof nameOrIndex === "number"
      ? this.fields[nameOrIndex]
      : this.fields.find((field) => field.name === nameOrIndex);
  }

  /** Iterates over the fields. */
  [Symbol.iterator](): Iterator<StructField> {
    return this.fields[Symbol.iterator]();
  }

  /** Returns `struct`. */
  typeName(): string {
    return "struct";
  }

  /** Returns `struct<name:type,...>`, names unquoted as in Spark. */
  override simpleString(): string {
    return `struct<${this.fields.map((field) => field.simpleString()).join(",")}>`;
  }

  /** Returns `STRUCT<name: TYPE, ...>`, names quoted where needed. */
  override sql(): string {
    return `STRUCT<${this.fields.map((field) => field.sql()).join(", ")}>`;
  }

  /** Returns the fields as a DDL schema, e.g. `` a INT NOT NULL, `b c` STRING COMMENT 'x' ``. */
  toDDL(): string {
    return this.fields.map((field) => field.toDDL()).join(", ");
  }

  /** Returns `{"type":"struct","fields":[...]}`. */
  override jsonValue(): JsonValue {
    return { type: "struct", fields: this.fields.map((field) => field.jsonValue()) };
  }

  /** Whether `other` is a struct with equal fields in the same order. */
  override equals(other: unknown): boolean {
    return other instanceof StructType && other.fields.length === this.fields.length &&
      this.fields.every((field, i) => field.equals(other.fields[i]));
  }
}

/** The classes that name a user-defined type; at least one must be given. */
export interface UserDefinedTypeOptions {
  /** The type that values are stored as. */
  sqlType: DataType;
  /** The Scala/Java UDT class, e.g. `org.apache.spark.ml.linalg.VectorUDT`. */
  jvmClass?: string;
  /** The Python UDT class, e.g. `pyspark.ml.linalg.VectorUDT`. */
  pythonClass?: string;
  /** The pickled Python UDT class, as PySpark sends it. */
  serializedPythonClass?: string;
}

/**
 * A user-defined type (such as MLlib's vectors) as it appears in schemas; values are
 * stored as `sqlType`.
 *
 * @example
 * const vector = new UserDefinedType({
 *   jvmClass: "org.apache.spark.ml.linalg.VectorUDT",
 *   sqlType: new StructType().add("type", new ByteType(), false),
 * });
 * vector.typeName(); // "vector"
 */
export class UserDefinedType extends DataType {
  /** The type that values are stored as. */
  readonly sqlType: DataType;
  /** The Scala/Java UDT class, if any. */
  readonly jvmClass: string | undefined;
  /** The Python UDT class, if any. */
  readonly pythonClass: string | undefined;
  /** The pickled Python UDT class, if any. */
  readonly serializedPythonClass: string | undefined;

  /** Creates a UDT; throws a `TypeError` when neither class is given. */
  constructor(options: UserDefinedTypeOptions) {
    super();
    if (options.jvmClass === undefined && options.pythonClass === undefined) {
      throw new TypeError("a user-defined type needs a jvmClass or a pythonClass");
    }
    this.sqlType = options.sqlType;
    this.jvmClass = options.jvmClass;
    this.pythonClass = options.pythonClass;
    this.serializedPythonClass = options.serializedPythonClass;
    Object.freeze(this);
  }

  /** Returns the class's simple name without a `UDT`/`Type` suffix, lower-cased, as Spark. */
  typeName(): string {
    const simpleName = (this.jvmClass ?? this.pythonClass ?? "").split(".").pop() ?? "";
    return simpleName.replace(/\$$/, "").replace(/Type$/, "").replace(/UDT$/, "").toLowerCase();
  }

  /** Returns the SQL form of the stored type. */
  override sql(): string {
    return this.sqlType.sql();
  }

  /** Returns Spark's `{"type":"udt",...}` form (Scala's when a JVM class is known). */
  override jsonValue(): JsonValue {
    return this.jvmClass !== undefined
      ? {
        type: "udt",
        class: this.jvmClass,
        pyClass: this.pythonClass ?? null,
        sqlType: this.sqlType.jsonValue(),
      }
      : {
        type: "udt",
        pyClass: this.pythonClass ?? null,
        serializedClass: this.serializedPythonClass ?? null,
        sqlType: this.sqlType.jsonValue(),
      };
  }

  /** Whether `other` names the same classes and stores an equal type. */
  override equals(other: unknown): boolean {
    return other instanceof UserDefinedType && other.jvmClass === this.jvmClass &&
      other.pythonClass === this.pythonClass && this.sqlType.equals(other.sqlType);
  }
}
