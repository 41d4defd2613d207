/**
 * The Column: an immutable handle on an expression, with PySpark's operators as methods.
 * Building columns is pure; nothing runs until a DataFrame action.
 *
 * Operators map to the Spark functions PySpark's Connect client sends: `eq` is `==`,
 * `eqNullSafe` is `<=>`, `notEqual` is `not(==)`, `isin` is `in`, `between(lo, hi)` is
 * `>= lo and <= hi`; SQL's null semantics apply on the server (`null == 1` is null).
 *
 * @module
 */
import type { Expression } from "./proto/gen/spark/connect/expressions_pb.ts";
import {
  aliased,
  attribute,
  call,
  cast as castExpr,
  type CastMode,
  describeExpression,
  expression,
  extractValue,
  sortOrder,
  star,
  updateField,
  withOrigin,
} from "./plan/expressions.ts";
import { literalExpression, type LiteralValue } from "./plan/literal.ts";
import { DataType, type Metadata, parseDataType, toProto } from "./types/mod.ts";
import type { WindowSpec } from "./window.ts";

/** A column, or a column's name. */
export type ColumnOrName = Column | string;

/** A column, or a JS value taken as a literal (a string is a value here, not a name). */
export type ColumnOrValue = Column | LiteralValue;

/** Options of {@linkcode Column.alias}. */
export interface AliasOptions {
  /** Metadata of the resulting field (JSON), as PySpark's `alias(..., metadata=...)`. */
  metadata: Metadata;
}

/**
 * A column expression, as in PySpark.
 *
 * @example
 * const rating = col("rating");
 * const good = rating.geq(4).and(col("text").isNotNull());
 */
export class Column {
  /** The Spark Connect expression this column stands for. */
  readonly expr: Expression;

  /** Wraps an expression; the builders (`col`, `lit`, the methods) are the usual way in. */
  constructor(expr: Expression) {
    this.expr = expr;
    Object.freeze(this);
  }

  /**
   * The column under a new name; several names for a generator yielding several columns.
   *
   * @example
   * col("id").alias("restaurant_id");
   * posexplode(col("xs")).alias("pos", "x");
   */
  alias(...names: string[]): Column;
  /** The column under a new name, with metadata for the resulting field. */
  alias(name: string, options: AliasOptions): Column;
  alias(...args: (string | AliasOptions)[]): Column {
    const opts = typeof args.at(-1) === "object" ? args.pop() as AliasOptions : undefined;
    const names = args as string[];
    if (names.length === 0) throw new TypeError("alias() needs at least one name");
    if (opts && names.length > 1) throw new TypeError("alias metadata needs a single name");
    const meta = opts ? JSON.stringify(opts.metadata) : undefined;
    return new Column(withOrigin(aliased(this.expr, names, meta), "alias"));
  }

  /** The same as {@linkcode Column.alias}.
   * @example col("id").name("restaurant_id"); */
  name(...names: string[]): Column {
    return this.alias(...names);
  }

  /** The same as {@linkcode Column.alias}.
   * @example col("id").as("restaurant_id"); */
  as(...names: string[]): Column {
    return this.alias(...names);
  }

  /**
   * A cast to a type, given as a `DataType` or a type string (`"int"`, `"array<string>"`,
   * `"decimal(10,2)"`), which is parsed here so a typo fails at once.
   *
   * @example
   * col("rating").cast("double");
   * lit(null).cast(DataTypes.IntegerType); // a typed NULL
   */
  cast(dataType: DataType | string): Column {
    return this.#cast(dataType, "default", "cast");
  }

  /** The same as {@linkcode Column.cast}.
   * @example col("rating").astype("double"); */
  astype(dataType: DataType | string): Column {
    return this.#cast(dataType, "default", "astype");
  }

  /** A cast that gives null instead of failing on a value that does not convert.
   * @example col("raw_rating").try_cast("int"); // "n/a" -> null */
  try_cast(dataType: DataType | string): Column {
    return this.#cast(dataType, "try", "try_cast");
  }

  #cast(dataType: DataType | string, mode: CastMode, fragment: string): Column {
    const type = typeof dataType === "string" ? parseDataType(dataType) : dataType;
    if (!(type instanceof DataType)) {
      throw new TypeError(`${fragment}() takes a DataType or a string`);
    }
    return new Column(withOrigin(castExpr(this.expr, toProto(type), mode), fragment));
  }

  /** `this + other`.
   * @example col("price").plus(col("tax")) */
  plus(other: ColumnOrValue): Column {
    return binary("plus", "+", this, other);
  }
  /** `this - other`.
   * @example col("end").minus(1) */
  minus(other: ColumnOrValue): Column {
    return binary("minus", "-", this, other);
  }
  /** `this * other`.
   * @example col("price").multiply(1.2) */
  multiply(other: ColumnOrValue): Column {
    return binary("multiply", "*", this, other);
  }
  /** `this / other` (always fractional, as Spark's `/`).
   * @example col("total").divide(col("n")) */
  divide(other: ColumnOrValue): Column {
    return binary("divide", "/", this, other);
  }
  /** `this % other`.
   * @example col("id").mod(2) */
  mod(other: ColumnOrValue): Column {
    return binary("mod", "%", this, other);
  }
  /** `this` to the power `other` (Spark's `power`, a DOUBLE).
   * @example col("x").pow(2) */
  pow(other: ColumnOrValue): Column {
    return binary("pow", "power", this, other);
  }

  /** `this == other` (null if either side is null).
   * @example col("city").eq("Lyon") */
  eq(other: ColumnOrValue): Column {
    return binary("eq", "==", this, other);
  }
  /** `this != other`, sent as `not(this == other)` as PySpark does.
   * @example col("city").notEqual("Lyon") */
  notEqual(other: ColumnOrValue): Column {
    return new Column(
      withOrigin(call("not", [call("==", [this.expr, valueOf(other)])]), "notEqual"),
    );
  }
  /** The same as {@linkcode Column.notEqual}.
   * @example col("city").neq("Lyon") */
  neq(other: ColumnOrValue): Column {
    return new Column(withOrigin(call("not", [call("==", [this.expr, valueOf(other)])]), "neq"));
  }
  /** `this < other`.
   * @example col("rating").lt(3) */
  lt(other: ColumnOrValue): Column {
    return binary("lt", "<", this, other);
  }
  /** `this <= other`.
   * @example col("rating").leq(3) */
  leq(other: ColumnOrValue): Column {
    return binary("leq", "<=", this, other);
  }
  /** `this > other`.
   * @example col("rating").gt(3) */
  gt(other: ColumnOrValue): Column {
    return binary("gt", ">", this, other);
  }
  /** `this >= other`.
   * @example col("rating").geq(3) */
  geq(other: ColumnOrValue): Column {
    return binary("geq", ">=", this, other);
  }
  /** `this <=> other`: equality where two nulls are equal and never null.
   * @example col("a").eqNullSafe(col("b")) */
  eqNullSafe(other: ColumnOrValue): Column {
    return binary("eqNullSafe", "<=>", this, other);
  }

  /** SQL `AND` (three-valued: `false and null` is false).
   * @example col("a").gt(1).and(col("b").lt(2)) */
  and(other: ColumnOrValue): Column {
    return binary("and", "and", this, other);
  }
  /** SQL `OR` (three-valued: `true or null` is true).
   * @example col("a").isNull().or(col("a").eq(0)) */
  or(other: ColumnOrValue): Column {
    return binary("or", "or", this, other);
  }
  /** Bitwise OR.
   * @example col("flags").bitwiseOR(4) */
  bitwiseOR(other: ColumnOrValue): Column {
    return binary("bitwiseOR", "|", this, other);
  }
  /** Bitwise AND.
   * @example col("flags").bitwiseAND(4) */
  bitwiseAND(other: ColumnOrValue): Column {
    return binary("bitwiseAND", "&", this, other);
  }
  /** Bitwise XOR.
   * @example col("flags").bitwiseXOR(4) */
  bitwiseXOR(other: ColumnOrValue): Column {
    return binary("bitwiseXOR", "^", this, other);
  }

  /** Whether the value is null.
   * @example col("text").isNull() */
  isNull(): Column {
    return unary("isNull", this);
  }
  /** Whether the value is not null.
   * @example col("text").isNotNull() */
  isNotNull(): Column {
    return unary("isNotNull", this);
  }
  /** Whether the value is NaN.
   * @example col("score").isNaN() */
  isNaN(): Column {
    return unary("isNaN", this);
  }

  /**
   * Whether the value is one of `values` (SQL `IN`); one array argument is taken as the list.
   *
   * @example
   * col("city").isin("Lyon", "Paris");
   * col("id").isin([1, 2, 3]);
   */
  isin(...values: ColumnOrValue[]): Column {
    const list = values.length === 1 && Array.isArray(values[0]) ? values[0] : values;
    return new Column(withOrigin(call("in", [this.expr, ...list.map(valueOf)]), "isin"));
  }

  /** Whether `lowerBound <= this <= upperBound`, both bounds included.
   * @example col("rating").between(2, 4); */
  between(lowerBound: ColumnOrValue, upperBound: ColumnOrValue): Column {
    const e = call("and", [
      call(">=", [this.expr, valueOf(lowerBound)]),
      call("<=", [this.expr, valueOf(upperBound)]),
    ]);
    return new Column(withOrigin(e, "between"));
  }

  /** SQL `LIKE` (`%` and `_` wildcards).
   * @example col("name").like("Caf%") */
  like(pattern: string): Column {
    return binary("like", "like", this, pattern);
  }
  /** Case-insensitive `LIKE`.
   * @example col("name").ilike("caf%") */
  ilike(pattern: string): Column {
    return binary("ilike", "ilike", this, pattern);
  }
  /** A Java regular expression match anywhere in the value.
   * @example col("code").rlike("^[A-Z]{2}\\d+$") */
  rlike(pattern: string): Column {
    return binary("rlike", "rlike", this, pattern);
  }
  /** Whether the string starts with `other`.
   * @example col("url").startswith("https://") */
  startswith(other: ColumnOrValue): Column {
    return binary("startswith", "startsWith", this, other);
  }
  /** Whether the string ends with `other`.
   * @example col("file").endswith(".json") */
  endswith(other: ColumnOrValue): Column {
    return binary("endswith", "endsWith", this, other);
  }
  /** Whether the string contains `other`.
   * @example col("text").contains("great") */
  contains(other: ColumnOrValue): Column {
    return binary("contains", "contains", this, other);
  }

  /**
   * The substring from 1-based `startPos`, `length` characters long; both numbers or both
   * columns, as in PySpark.
   *
   * @example
   * col("name").substr(1, 3);
   */
  substr(startPos: number | Column, length: number | Column): Column {
    if ((startPos instanceof Column) !== (length instanceof Column)) {
      throw new TypeError("substr() takes two numbers or two columns");
    }
    return new Column(
      withOrigin(call("substr", [this.expr, valueOf(startPos), valueOf(length)]), "substr"),
    );
  }

  /** Ascending, nulls first (Spark's default).
   * @example df.orderBy(col("rating").asc()) */
  asc(): Column {
    return this.#sort("asc", true, true);
  }
  /** Ascending, nulls first.
   * @example col("rating").asc_nulls_first() */
  asc_nulls_first(): Column {
    return this.#sort("asc_nulls_first", true, true);
  }
  /** Ascending, nulls last.
   * @example col("rating").asc_nulls_last() */
  asc_nulls_last(): Column {
    return this.#sort("asc_nulls_last", true, false);
  }
  /** Descending, nulls last (Spark's default).
   * @example col("rating").desc() */
  desc(): Column {
    return this.#sort("desc", false, false);
  }
  /** Descending, nulls first.
   * @example col("rating").desc_nulls_first() */
  desc_nulls_first(): Column {
    return this.#sort("desc_nulls_first", false, true);
  }
  /** Descending, nulls last.
   * @example col("rating").desc_nulls_last() */
  desc_nulls_last(): Column {
    return this.#sort("desc_nulls_last", false, false);
  }

  #sort(fragment: string, ascending: boolean, nullsFirst: boolean): Column {
    return new Column(withOrigin(sortOrder(this.expr, ascending, nullsFirst), fragment));
  }

  /** A field of a struct.
   * @example col("address").getField("city") */
  getField(name: string): Column {
    return new Column(withOrigin(extractValue(this.expr, literalExpression(name)), "getField"));
  }

  /** An array element (0-based) or a map value by key.
   * @example col("tags").getItem(0) */
  getItem(key: ColumnOrValue): Column {
    return new Column(withOrigin(extractValue(this.expr, valueOf(key)), "getItem"));
  }

  /** The struct with a field added or replaced; `fieldName` may be a dotted path.
   * @example col("address").withField("country", lit("FR")); */
  withField(fieldName: string, col: Column): Column {
    if (!(col instanceof Column)) throw new TypeError("withField() takes a Column value");
    return new Column(withOrigin(updateField(this.expr, fieldName, col.expr), "withField"));
  }

  /** The struct without the named fields (dotted paths reach into nested structs).
   * @example col("address").dropFields("zip", "geo.precision"); */
  dropFields(...fieldNames: string[]): Column {
    if (fieldNames.length === 0) throw new TypeError("dropFields() needs at least one field");
    const e = fieldNames.reduce((acc, f) => updateField(acc, f, undefined), this.expr);
    return new Column(withOrigin(e, "dropFields"));
  }

  /** This window or aggregate function evaluated over a window.
   * @example row_number().over(Window.partitionBy("restaurantId").orderBy(col("publishedAt").desc())); */
  over(window: WindowSpec): Column {
    const e = expression({
      case: "window",
      value: {
        windowFunction: this.expr,
        partitionSpec: [...window.partitionSpec],
        orderSpec: [...window.orderSpec],
        frameSpec: window.frame,
      },
    });
    return new Column(withOrigin(e, "over"));
  }

  /** One more branch of a `when(...)` chain.
   * @example when(col("rating").geq(4), "good").when(col("rating").leq(2), "bad").otherwise("ok"); */
  when(condition: Column, value: ColumnOrValue): Column {
    if (!(condition instanceof Column)) throw new TypeError("when() takes a Column condition");
    const branches = this.#openCase("when");
    return new Column(
      withOrigin(call("when", [...branches, condition.expr, valueOf(value)]), "when"),
    );
  }

  /** The value of a `when(...)` chain when no branch matches (null without it).
   * @example when(col("rating").geq(4), "good").otherwise("other"); */
  otherwise(value: ColumnOrValue): Column {
    const branches = this.#openCase("otherwise");
    return new Column(withOrigin(call("when", [...branches, valueOf(value)]), "otherwise"));
  }

  /** The branches of a `when(...)` chain that has no `otherwise` yet. */
  #openCase(method: string): Expression[] {
    const t = this.expr.exprType;
    if (
      t.case === "unresolvedFunction" && t.value.functionName === "when" &&
      t.value.arguments.length % 2 === 0
    ) {
      return t.value.arguments;
    }
    throw new TypeError(`${method}() can only follow when(...) before otherwise()`);
  }

  /** The expression as text, for messages and `toString`. */
  toString(): string {
    return `Column<'${describeExpression(this.expr)}'>`;
  }
}

/** A column from a `Column` or a name: `"*"` is every column, `"t.*"` every column of `t`.
 * @example toColumn("rating").expr; // an unresolved attribute */
export function toColumn(c: ColumnOrName): Column {
  if (c instanceof Column) return c;
  if (typeof c !== "string") throw new TypeError(`expected a Column or a column name, not ${c}`);
  const e = c === "*" ? star() : c.endsWith(".*") ? star(c) : attribute(c);
  return new Column(withOrigin(e, "col"));
}

/** The expression of a column, or a literal for any other value.
 * @example valueOf(3).exprType.case; // "literal" */
export function valueOf(v: ColumnOrValue): Expression {
  return v instanceof Column ? v.expr : literalExpression(v);
}

function binary(fragment: string, name: string, self: Column, other: ColumnOrValue): Column {
  return new Column(withOrigin(call(name, [self.expr, valueOf(other)]), fragment));
}

function unary(name: string, self: Column): Column {
  return new Column(withOrigin(call(name, [self.expr]), name));
}
