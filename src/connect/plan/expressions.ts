/**
 * Expression builders (pure: Spark Connect `Expression` messages, no I/O). Every expression a
 * user builds records the TypeScript call site that built it as its origin, so Spark's errors
 * can point back at user code.
 *
 * @module
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type Expression,
  Expression_Cast_EvalMode,
  Expression_SortOrder_NullOrdering,
  Expression_SortOrder_SortDirection,
  ExpressionSchema,
} from "../proto/gen/spark/connect/expressions_pb.ts";
import type { DataType as ProtoDataType } from "../proto/gen/spark/connect/types_pb.ts";

/** The `exprType` oneof of an expression, as a plain init object. */
export type ExpressionInit = MessageInitShape<typeof ExpressionSchema>["exprType"];

/**
 * Builds an expression message from its `exprType` case and value.
 *
 * @example
 * const e = expression({ case: "unresolvedStar", value: {} });
 */
export function expression(exprType: ExpressionInit): Expression {
  return create(ExpressionSchema, { exprType });
}

/**
 * A column reference by name (`a`, `t.a`, `` `a.b` ``), optionally bound to one plan.
 *
 * @example
 * const e = attribute("restaurantId");
 */
export function attribute(name: string, planId?: bigint): Expression {
  return expression({
    case: "unresolvedAttribute",
    value: { unparsedIdentifier: name, planId },
  });
}

/**
 * Every column (`*`), or every column of a table or struct (`t.*`).
 *
 * @example
 * const e = star("reviews.*");
 */
export function star(target?: string, planId?: bigint): Expression {
  return expression({ case: "unresolvedStar", value: { unparsedTarget: target, planId } });
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
  if (name === "*") return star(undefined, planId);
  if (name.endsWith(".*")) return star(name, planId);
  return attribute(name, planId);
}

/**
 * A call of a Spark function by name.
 *
 * @example
 * const e = call("lower", [attribute("text")]);
 */
export function call(name: string, args: Expression[], isDistinct = false): Expression {
  return expression({
    case: "unresolvedFunction",
    value: { functionName: name, arguments: args, isDistinct },
  });
}

/**
 * A call of a Spark function by its SQL name, which may be qualified (`catalog.db.fn`); Spark
 * resolves built-in and user-defined SQL functions alike.
 *
 * @example
 * const e = callFunction("my_catalog.udfs.normalize", [attribute("text")]);
 */
export function callFunction(name: string, args: Expression[]): Expression {
  return expression({ case: "callFunction", value: { functionName: name, arguments: args } });
}

/**
 * A SQL expression string, parsed by Spark (`expr("rating * 2")`).
 *
 * @example
 * const e = sqlExpression("rating BETWEEN 1 AND 5");
 */
export function sqlExpression(sql: string): Expression {
  return expression({ case: "expressionString", value: { expression: sql } });
}

/**
 * An expression under a new name (several names for a generator that yields several columns),
 * with optional field metadata as JSON text.
 *
 * @example
 * const e = aliased(attribute("id"), ["restaurant_id"]);
 */
export function aliased(expr: Expression, names: string[], metadata?: string): Expression {
  return expression({ case: "alias", value: { expr, name: names, metadata } });
}

/** How a cast treats a value that does not convert: Spark's setting, fail, or null. */
export type CastMode = "default" | "ansi" | "legacy" | "try";

const CAST_MODES: Record<CastMode, Expression_Cast_EvalMode> = {
  default: Expression_Cast_EvalMode.UNSPECIFIED,
  ansi: Expression_Cast_EvalMode.ANSI,
  legacy: Expression_Cast_EvalMode.LEGACY,
  try: Expression_Cast_EvalMode.TRY,
};

/**
 * A cast to a data type.
 *
 * @example
 * const e = cast(attribute("rating"), toProto(DataTypes.DoubleType), "try");
 */
export function cast(
  expr: Expression,
  type: ProtoDataType,
  mode: CastMode = "default",
): Expression {
  return expression({
    case: "cast",
    value: { expr, castToType: { case: "type", value: type }, evalMode: CAST_MODES[mode] },
  });
}

/**
 * A sort key: the expression, its direction and where nulls go.
 *
 * @example
 * const e = sortOrder(attribute("publishedAt"), false, false); // DESC NULLS LAST
 */
export function sortOrder(child: Expression, ascending: boolean, nullsFirst: boolean): Expression {
  return expression({
    case: "sortOrder",
    value: {
      child,
      direction: ascending
        ? Expression_SortOrder_SortDirection.ASCENDING
        : Expression_SortOrder_SortDirection.DESCENDING,
      nullOrdering: nullsFirst
        ? Expression_SortOrder_NullOrdering.SORT_NULLS_FIRST
        : Expression_SortOrder_NullOrdering.SORT_NULLS_LAST,
    },
  });
}

/**
 * A field of a struct, an element of an array or a value of a map (`child[extraction]`).
 *
 * @example
 * const e = extractValue(attribute("address"), literalExpression("city"));
 */
export function extractValue(child: Expression, extraction: Expression): Expression {
  return expression({ case: "unresolvedExtractValue", value: { child, extraction } });
}

/**
 * A struct with one field added or replaced (`value` given) or dropped (no `value`); `field`
 * may be a dotted path into nested structs.
 *
 * @example
 * const e = updateField(attribute("address"), "zip", undefined); // drops `zip`
 */
export function updateField(
  struct: Expression,
  field: string,
  value: Expression | undefined,
): Expression {
  return expression({
    case: "updateFields",
    value: { structExpression: struct, fieldName: field, valueExpression: value },
  });
}

/**
 * A variable of a lambda function, by name.
 *
 * @example
 * const x = lambdaVariable("x_0");
 */
export function lambdaVariable(name: string): Expression {
  return expression({ case: "unresolvedNamedLambdaVariable", value: { nameParts: [name] } });
}

/**
 * A lambda function for a higher-order function (`transform`, `filter`, ...): its body and
 * its parameters, which must be `lambdaVariable` expressions used in the body.
 *
 * @example
 * const x = lambdaVariable("x_0");
 * const e = lambdaFunction(call("+", [x, literalExpression(1)]), [x]);
 */
export function lambdaFunction(body: Expression, params: Expression[]): Expression {
  const args = params.map((p) => {
    if (p.exprType.case !== "unresolvedNamedLambdaVariable") {
      throw new TypeError(`a lambda parameter must be a lambda variable, not ${p.exprType.case}`);
    }
    return p.exprType.value;
  });
  return expression({ case: "lambdaFunction", value: { function: body, arguments: args } });
}

/**
 * Records the user's call site on an expression, as Spark's Python client does, so analysis
 * errors can name the line that built it. Spark 4.2 reports it in the error's query context:
 * `fragment` is the API name, `callSite` the user's `file:line:column`.
 *
 * @example
 * const e = withOrigin(attribute("x"), "col");
 */
export function withOrigin(expr: Expression, fragment: string): Expression {
  const site = callSite();
  if (site === undefined) return expr;
  expr.common = {
    $typeName: "spark.connect.ExpressionCommon",
    origin: {
      $typeName: "spark.connect.Origin",
      function: {
        case: "pythonOrigin",
        value: { $typeName: "spark.connect.PythonOrigin", fragment, callSite: site },
      },
    },
  };
  return expr;
}

const INFIX = new Set(["+", "-", "*", "/", "%", "==", "<=>", "<", "<=", ">", ">=", "and", "or"]);

/**
 * A short SQL-like text of an expression, for messages and `Column.toString`.
 *
 * @example
 * describeExpression(call("+", [attribute("a"), attribute("b")])); // "(a + b)"
 */
export function describeExpression(e: Expression | undefined): string {
  if (!e) return "?";
  const t = e.exprType;
  switch (t.case) {
    case "unresolvedAttribute":
      return t.value.unparsedIdentifier;
    case "unresolvedStar":
      return t.value.unparsedTarget ?? "*";
    case "unresolvedFunction":
    case "callFunction": {
      const name = t.value.functionName;
      const args = t.value.arguments.map(describeExpression);
      if (INFIX.has(name) && args.length === 2) {
        return `(${args[0]} ${name.toUpperCase()} ${args[1]})`;
      }
      const distinct = t.case === "unresolvedFunction" && t.value.isDistinct ? "DISTINCT " : "";
      return `${name}(${distinct}${args.join(", ")})`;
    }
    case "expressionString":
      return t.value.expression;
    case "alias":
      return `${describeExpression(t.value.expr)} AS ${t.value.name.join(", ")}`;
    case "cast":
      return `CAST(${describeExpression(t.value.expr)})`;
    case "sortOrder": {
      const desc = t.value.direction === Expression_SortOrder_SortDirection.DESCENDING;
      return `${describeExpression(t.value.child)} ${desc ? "DESC" : "ASC"}`;
    }
    case "literal": {
      const v = t.value.literalType;
      if (v.case === "null") return "NULL";
      if (v.case === "string") return `'${v.value}'`;
      if (v.case === "array" || v.case === "map" || v.case === "struct") return `<${v.case}>`;
      return String(v.value);
    }
    case "unresolvedNamedLambdaVariable":
      return t.value.nameParts.join(".");
    case "lambdaFunction": {
      const params = t.value.arguments.map((a) => a.nameParts.join("."));
      return `(${params.join(", ")}) -> ${describeExpression(t.value.function)}`;
    }
    case "window":
      return `${describeExpression(t.value.windowFunction)} OVER (...)`;
    default:
      return t.case ?? "?";
  }
}

const HERE = new URL("../", import.meta.url).href;
const HERE_PATH = decodeURIComponent(new URL("../", import.meta.url).pathname);

/** The parts of V8's structured stack frames that `callSite` reads. */
interface StackFrame {
  getFileName(): string | null | undefined;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
}

type ErrorHooks = {
  stackTraceLimit: number;
  prepareStackTrace?: (err: Error, frames: StackFrame[]) => unknown;
};

/**
 * The first stack frame outside Lakebook's client: `file:line:column`. It reads V8's structured
 * frames up to that one instead of the text of `new Error().stack`: Deno source-maps and
 * formats every frame of a stack's text (up to 50 here), which cost 25-45 µs per Column built.
 */
export function callSite(): string | undefined {
  const hooks = Error as unknown as ErrorHooks;
  const { stackTraceLimit, prepareStackTrace } = hooks;
  // Builders nest (a lambda's body is built inside transform()), so look past V8's default 10.
  hooks.stackTraceLimit = 50;
  hooks.prepareStackTrace = (_err, frames) => frames;
  let frames: StackFrame[];
  try {
    frames = new Error().stack as unknown as StackFrame[];
  } finally {
    hooks.prepareStackTrace = prepareStackTrace;
    hooks.stackTraceLimit = stackTraceLimit;
  }
  for (const frame of frames.slice(1)) {
    const file = frame.getFileName();
    if (!file || !(file.startsWith("/") || /^(file|https?):\/\//.test(file))) continue;
    if (file.startsWith(HERE) || file.startsWith(HERE_PATH)) continue;
    const path = file.replace(/^file:\/\//, "");
    return `${path}:${frame.getLineNumber()}:${frame.getColumnNumber()}`;
  }
  return undefined;
}
