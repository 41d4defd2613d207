/**
 * The generic helpers behind the function families: one call of a Spark function by name,
 * literals for JS values, and JS lambdas as Spark lambda functions. Internal: `mod.ts` does
 * not re-export this module.
 *
 * @module
 */
import { Column, type ColumnOrName, type ColumnOrValue, toColumn } from "../column.ts";
import { call, lambdaFunction, lambdaVariable, withOrigin } from "../plan/expressions.ts";
import { literalExpression, type LiteralValue } from "../plan/literal.ts";

/** A JS function building a lambda's body from its parameters (1 to 3 of them). */
export type LambdaBody = (...params: Column[]) => Column;

/** Options of {@linkcode invoke}. */
export interface InvokeOptions {
  /** The API name recorded as the origin, when it differs from Spark's function name. */
  fragment?: string;
  /** `f(DISTINCT ...)`, for aggregates. */
  distinct?: boolean;
}

/**
 * A call of Spark function `name` on arguments already made columns, stamped with the user's
 * call site.
 *
 * @example
 * invoke("lower", [toColumn("text")]);
 */
export function invoke(name: string, args: Column[], opts: InvokeOptions = {}): Column {
  const e = call(name, args.map((a) => a.expr), opts.distinct ?? false);
  return new Column(withOrigin(e, opts.fragment ?? name));
}

/**
 * A call of Spark function `name` on columns or column names.
 *
 * @example
 * invokeOnColumns("concat", "first", col("last"));
 */
export function invokeOnColumns(name: string, ...cols: ColumnOrName[]): Column {
  return invoke(name, cols.map(toColumn));
}

/**
 * A column, or a literal for a JS value (PySpark's `lit` on a function's value arguments).
 *
 * @example
 * litOrColumn(1).expr.exprType.case; // "literal"
 */
export function litOrColumn(v: ColumnOrValue): Column {
  return v instanceof Column ? v : new Column(literalExpression(v as LiteralValue));
}

/**
 * A literal for a number and a column otherwise: PySpark's `int | ColumnOrName` arguments,
 * where a string is a column name.
 *
 * @example
 * numberOrColumn(7).expr.exprType.case; // "literal"
 */
export function numberOrColumn(v: ColumnOrName | number): Column {
  return typeof v === "number" ? litOrColumn(v) : toColumn(v);
}

let nextVariable = 0;

/**
 * A JS function as a Spark lambda of `arity` parameters: it is called once, here, with fresh
 * lambda variables (`x_0`, `y_1`, ... as PySpark names them) and must return a Column. It may
 * declare fewer parameters than Spark passes (`(k) => upper(k)` for `transform_keys`), not more.
 *
 * @example
 * lambda((x) => x.plus(1), 1).expr.exprType.case; // "lambdaFunction"
 */
export function lambda(f: LambdaBody, arity: number): Column {
  if (typeof f !== "function") throw new TypeError(`a lambda must be a function, not ${typeof f}`);
  if (f.length > arity) {
    throw new TypeError(`this lambda takes at most ${arity} parameter(s), not ${f.length}`);
  }
  const params = ["x", "y", "z"].slice(0, arity).map((n) =>
    lambdaVariable(`${n}_${nextVariable++}`)
  );
  const body: unknown = f(...params.map((p) => new Column(p)));
  if (!(body instanceof Column)) {
    throw new TypeError(`a lambda must return a Column, not ${typeof body}`);
  }
  return new Column(lambdaFunction(body.expr, params));
}

/**
 * A higher-order function call: columns first, then the lambdas with their arities.
 *
 * @example
 * higherOrder("transform", ["xs"], [[(x) => x.plus(1), 1]]);
 */
export function higherOrder(
  name: string,
  cols: ColumnOrName[],
  funs: [f: LambdaBody, arity: number][],
): Column {
  return invoke(name, [...cols.map(toColumn), ...funs.map(([f, arity]) => lambda(f, arity))]);
}

/**
 * A random seed for functions PySpark seeds on the client when no seed is given.
 *
 * @example
 * randomSeed() >= 0n; // true
 */
export function randomSeed(): bigint {
  return BigInt(Math.floor(Math.random() * Number.MAX_SAFE_INTEGER));
}
