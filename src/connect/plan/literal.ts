/**
 * JS values as Spark Connect literals (pure: `Expression.Literal` messages, no I/O).
 *
 * | JS value | Spark type |
 * | --- | --- |
 * | `null` | VOID (cast it for a typed NULL: `lit(null).cast("int")`) |
 * | `boolean` | BOOLEAN |
 * | `number`, an integer in int32 range | INT |
 * | `number`, another safe integer | BIGINT |
 * | `number`, any other (fractions, NaN, ±Infinity, -0, unsafe integers) | DOUBLE |
 * | `bigint` | BIGINT (a `RangeError` outside int64) |
 * | `string` | STRING |
 * | `Date` | TIMESTAMP (microseconds since the epoch) |
 * | `Uint8Array` | BINARY |
 * | `Array` | ARRAY of the elements' common type (INT with BIGINT widens to BIGINT, with a fraction to DOUBLE) |
 * | `Map` | MAP of the keys' and values' common types |
 * | plain object | STRUCT with one field per own enumerable key, in key order |
 *
 * An empty or all-null array or map has VOID elements, as Spark's `array()` does; cast it for
 * another type. `containsNull`/`valueContainsNull`/`nullable` say whether a null is present,
 * so `[1, 2]` is `ARRAY<INT>` without nulls, as SQL's `array(1, 2)`.
 *
 * @module
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type Expression,
  type Expression_Literal,
  Expression_LiteralSchema,
} from "../proto/gen/spark/connect/expressions_pb.ts";
import {
  ArrayType,
  BinaryType,
  BooleanType,
  type DataType,
  DoubleType,
  IntegerType,
  LongType,
  MapType,
  NullType,
  StringType,
  StructField,
  StructType,
  TimestampType,
  toProto,
} from "../types/mod.ts";
import { expression } from "./expressions.ts";

/** A JS value `lit` turns into a Spark literal (see the module's table). */
export type LiteralValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Date
  | Uint8Array
  | readonly LiteralValue[]
  | ReadonlyMap<LiteralValue, LiteralValue>
  | { readonly [field: string]: LiteralValue | undefined };

type LiteralInit = MessageInitShape<typeof Expression_LiteralSchema>["literalType"];

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/**
 * The Spark type of a JS value, as `lit` infers it.
 *
 * @example
 * literalType([1, 2 ** 40]).simpleString(); // "array<bigint>"
 */
export function literalType(value: LiteralValue): DataType {
  if (value === null) return new NullType();
  switch (typeof value) {
    case "boolean":
      return new BooleanType();
    case "number":
      if (!Number.isInteger(value) || Object.is(value, -0)) return new DoubleType();
      if (value >= INT_MIN && value <= INT_MAX) return new IntegerType();
      return Number.isSafeInteger(value) ? new LongType() : new DoubleType();
    case "bigint":
      if (value < LONG_MIN || value > LONG_MAX) {
        throw new RangeError(`${value} does not fit Spark's BIGINT (64-bit)`);
      }
      return new LongType();
    case "string":
      return new StringType();
  }
  if (typeof value !== "object") {
    throw new TypeError(`${describe(value)} has no Spark literal form`);
  }
  if (value instanceof Date) return new TimestampType();
  if (value instanceof Uint8Array) return new BinaryType();
  if (Array.isArray(value)) {
    return new ArrayType(commonType(value, "array element"), value.some((v) => v === null));
  }
  if (value instanceof Map) {
    const keys = [...value.keys()];
    if (keys.some((k) => k === null)) throw new TypeError("a Spark map key cannot be null");
    const values = [...value.values()];
    return new MapType(
      commonType(keys, "map key"),
      commonType(values, "map value"),
      values.some((v) => v === null),
    );
  }
  if (isPlainObject(value)) {
    return new StructType(
      fields(value).map(([name, v]) => new StructField(name, literalType(v), v === null)),
    );
  }
  throw new TypeError(`${describe(value)} has no Spark literal form`);
}

/**
 * A JS value as a literal message, of its inferred type or of `type` (which the value must
 * fit: `literal(1, new DoubleType())` is fine, a string as INT is not); the root carries the
 * full `dataType` when the value is a collection, as Spark 4.1+ reads it.
 *
 * @example
 * literal(7).literalType; // { case: "integer", value: 7 }
 * literal([0.5, 1], new ArrayType(new DoubleType(), false)); // ARRAY<DOUBLE>, not inferred
 */
export function literal(
  value: LiteralValue,
  type: DataType = literalType(value),
): Expression_Literal {
  const lit = encode(value, type);
  if (type instanceof ArrayType || type instanceof MapType || type instanceof StructType) {
    lit.dataType = toProto(type);
  }
  return lit;
}

/**
 * A JS value as a literal expression (of `type`, when given; see {@linkcode literal}).
 *
 * @example
 * const e = literalExpression("caf\u00e9");
 */
export function literalExpression(value: LiteralValue, type?: DataType): Expression {
  return expression({ case: "literal", value: literal(value, type) });
}

function encode(value: LiteralValue, type: DataType): Expression_Literal {
  return create(Expression_LiteralSchema, { literalType: encodeValue(value, type) });
}

function encodeValue(value: LiteralValue, type: DataType): LiteralInit {
  if (value === null) return { case: "null", value: toProto(type) };
  if (type instanceof BooleanType) return { case: "boolean", value: value as boolean };
  if (type instanceof IntegerType) return { case: "integer", value: Number(value) };
  if (type instanceof LongType) return { case: "long", value: BigInt(value as number | bigint) };
  if (type instanceof DoubleType) return { case: "double", value: Number(value) };
  if (type instanceof StringType) return { case: "string", value: value as string };
  if (type instanceof BinaryType) return { case: "binary", value: value as Uint8Array };
  if (type instanceof TimestampType) return { case: "timestamp", value: micros(value as Date) };
  if (type instanceof ArrayType) {
    const elements = (value as readonly LiteralValue[]).map((v) => encode(v, type.elementType));
    return { case: "array", value: { elements } };
  }
  if (type instanceof MapType) {
    const map = value as ReadonlyMap<LiteralValue, LiteralValue>;
    return {
      case: "map",
      value: {
        keys: [...map.keys()].map((k) => encode(k, type.keyType)),
        values: [...map.values()].map((v) => encode(v, type.valueType)),
      },
    };
  }
  if (type instanceof StructType) {
    const values = fields(value as Record<string, LiteralValue>);
    const elements = values.map(([, v], i) => encode(v, type.fields[i].dataType));
    return { case: "struct", value: { elements } };
  }
  throw new TypeError(`cannot encode ${describe(value)} as ${type.simpleString()}`);
}

/** The one type all non-null values share, widening numbers as Spark's `array(...)` does. */
function commonType(values: readonly LiteralValue[], what: string): DataType {
  let common: DataType = new NullType();
  for (const v of values) {
    if (v === null) continue;
    const t = literalType(v);
    const merged = merge(common, t);
    if (!merged) {
      throw new TypeError(
        `a ${what} of type ${t.simpleString()} does not fit the others (${common.simpleString()}); ` +
          `build mixed collections with array()/create_map() and cast`,
      );
    }
    common = merged;
  }
  return common;
}

const NUMERIC_RANK = [IntegerType, LongType, DoubleType];

function merge(a: DataType, b: DataType): DataType | undefined {
  if (a instanceof NullType) return b;
  if (b instanceof NullType) return a;
  const ra = NUMERIC_RANK.findIndex((c) => a instanceof c);
  const rb = NUMERIC_RANK.findIndex((c) => b instanceof c);
  if (ra >= 0 && rb >= 0) return ra >= rb ? a : b;
  if (a instanceof ArrayType && b instanceof ArrayType) {
    const e = merge(a.elementType, b.elementType);
    return e && new ArrayType(e, a.containsNull || b.containsNull);
  }
  if (a instanceof MapType && b instanceof MapType) {
    const k = merge(a.keyType, b.keyType);
    const v = merge(a.valueType, b.valueType);
    return k && v && new MapType(k, v, a.valueContainsNull || b.valueContainsNull);
  }
  if (a instanceof StructType && b instanceof StructType) {
    if (a.fields.length !== b.fields.length) return undefined;
    const out: StructField[] = [];
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i], fb = b.fields[i];
      const t = fa.name === fb.name ? merge(fa.dataType, fb.dataType) : undefined;
      if (!t) return undefined;
      out.push(new StructField(fa.name, t, fa.nullable || fb.nullable));
    }
    return new StructType(out);
  }
  return a.equals(b) ? a : undefined;
}

function micros(d: Date): bigint {
  const ms = d.getTime();
  if (Number.isNaN(ms)) throw new RangeError("an invalid Date has no Spark timestamp");
  return BigInt(ms) * 1000n;
}

function fields(obj: { readonly [field: string]: LiteralValue | undefined }) {
  return Object.entries(obj).filter((e): e is [string, LiteralValue] => e[1] !== undefined);
}

function isPlainObject(v: object): v is { readonly [field: string]: LiteralValue | undefined } {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function describe(v: unknown): string {
  if (v === undefined) return "undefined (use null for SQL NULL)";
  if (typeof v === "object" && v !== null) return `a ${v.constructor?.name ?? "object"}`;
  return `a ${typeof v}`;
}
