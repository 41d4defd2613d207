/**
 * The few expression builders the DataFrame API needs beyond `expressions.ts` (pure: Spark
 * Connect `Expression` messages, no I/O): literals, sort orders, aliases, casts and column
 * references by name with PySpark's rules for `*`.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import {
  type Expression,
  Expression_LiteralSchema,
  type Expression_Literal,
  Expression_SortOrder_NullOrdering,
  Expression_SortOrder_SortDirection,
} from "../proto/gen/spark/connect/expressions_pb.ts";
import { attribute, expression } from "./expressions.ts";

/** A JS value that maps to one Spark literal. */
export type LiteralValue = number | bigint | string | boolean | null;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * A Spark literal from a JS value: integers that fit 32 bits are INT (as PySpark's `lit`),
 * larger ones and bigints BIGINT, other numbers DOUBLE, `null` an untyped NULL.
 *
 * @example
 * literal(1).literalType; // { case: "integer", value: 1 }
 */
export function literal(value: LiteralValue): Expression_Literal {
  return create(Expression_LiteralSchema, { literalType: literalType(value) });
}

function literalType(value: LiteralValue): Expression_Literal["literalType"] {
  switch (typeof value) {
    case "boolean":
      return { case: "boolean", value };
    case "string":
      return { case: "string", value };
    case "bigint":
      return { case: "long", value };
    case "number":
      if (Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX) {
        return { case: "integer", value };
      }
      if (Number.isSafeInteger(value)) return { case: "long", value: BigInt(value) };
      return { case: "double", value };
  }
  if (value === null) {
    return {
      case: "null",
      value: { $typeName: "spark.connect.DataType", kind: { case: "null", value: {} } },
    } as Expression_Literal["literalType"];
  }
  throw new TypeError(`no Spark literal for ${typeof value} ${String(value)}`);
}

/**
 * A literal as an expression.
 *
 * @example
 * const one = literalExpression(1);
 */
export function literalExpression(value: LiteralValue): Expression {
  return expression({ case: "literal", value: literal(value) });
}

/**
 * A sort order on an expression: ascending puts nulls first, descending last (Spark's
 * defaults). A sort-order expression (from `col.desc()`) is kept as it is.
 *
 * @example
 * const byRatingDesc = sortOrder(attribute("rating"), false);
 */
export function sortOrder(child: Expression, ascending = true): Expression {
  if (child.exprType.case === "sortOrder") return child;
  return expression({
    case: "sortOrder",
    value: {
      child,
      direction: ascending
        ? Expression_SortOrder_SortDirection.ASCENDING
        : Expression_SortOrder_SortDirection.DESCENDING,
      nullOrdering: ascending
        ? Expression_SortOrder_NullOrdering.SORT_NULLS_FIRST
        : Expression_SortOrder_NullOrdering.SORT_NULLS_LAST,
    },
  });
}

/**
 * `expr AS name`.
 *
 * @example
 * const e = alias(call("count", [literalExpression(1)]), "count");
 */
export function alias(expr: Expression, name: string): Expression {
  return expression({ case: "alias", value: { expr, name: [name] } });
}

/**
 * `CAST(expr AS type)`, the type as Spark SQL text.
 *
 * @example
 * const e = cast(attribute("id"), "string");
 */
export function cast(expr: Expression, type: string): Expression {
  return expression({ case: "cast", value: { expr, castToType: { case: "typeStr", value: type } } });
}

/**
 * A column by name as PySpark reads names: `*` is every column, `t.*` every column of `t`,
 * anything else one (possibly qualified or nested) column. A plan id binds it to one
 * DataFrame.
 *
 * @example
 * columnReference("*").exprType.case; // "unresolvedStar"
 */
export function columnReference(name: string, planId?: bigint): Expression {
  if (name === "*") return expression({ case: "unresolvedStar", value: { planId } });
  if (name.endsWith(".*")) {
    return expression({ case: "unresolvedStar", value: { unparsedTarget: name, planId } });
  }
  return attribute(name, planId);
}
