/**
 * Relational plan nodes (pure: each function builds one Spark Connect `Relation` message, no
 * I/O), one per DataFrame transformation. Every node carries the plan id its DataFrame was
 * given, so columns bound with `df.col(name)` resolve against the right side of a self-join.
 *
 * @module
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  Aggregate_GroupType,
  type Relation,
  RelationSchema,
} from "../proto/gen/spark/connect/relations_pb.ts";
import type { Expression, Expression_Literal } from "../proto/gen/spark/connect/expressions_pb.ts";
import { literal } from "./literal.ts";

/** The `relType` oneof of a relation, as a plain init object. */
export type RelationInit = MessageInitShape<typeof RelationSchema>["relType"];

/**
 * A relation from its `relType` case and value, tagged with a plan id.
 *
 * @example
 * const rel = relation({ case: "range", value: { end: 10n, step: 1n } }, 1n);
 */
export function relation(relType: RelationInit, planId?: bigint): Relation {
  return create(RelationSchema, {
    common: planId === undefined ? undefined : { planId },
    relType,
  });
}

/**
 * `SELECT exprs FROM input`.
 *
 * @example
 * const rel = project(input, [attribute("id")], 2n);
 */
export function project(input: Relation, expressions: Expression[], planId?: bigint): Relation {
  return relation({ case: "project", value: { input, expressions } }, planId);
}

/**
 * `input WHERE condition`.
 *
 * @example
 * const rel = filter(input, sqlExpression("id > 1"), 2n);
 */
export function filter(input: Relation, condition: Expression, planId?: bigint): Relation {
  return relation({ case: "filter", value: { input, condition } }, planId);
}

/**
 * Adds or replaces columns, all evaluated against `input`, in one node.
 *
 * @example
 * const rel = withColumns(input, [["twice", sqlExpression("id * 2")]], 2n);
 */
export function withColumns(
  input: Relation,
  columns: readonly (readonly [string, Expression])[],
  planId?: bigint,
): Relation {
  const aliases = columns.map(([name, expr]) => ({ expr, name: [name] }));
  return relation({ case: "withColumns", value: { input, aliases } }, planId);
}

/**
 * Renames columns (`[existing, new]` pairs, applied in order); missing ones are ignored.
 *
 * @example
 * const rel = withColumnsRenamed(input, [["id", "key"]], 2n);
 */
export function withColumnsRenamed(
  input: Relation,
  renames: readonly (readonly [string, string])[],
  planId?: bigint,
): Relation {
  const value = {
    input,
    renames: renames.map(([colName, newColName]) => ({ colName, newColName })),
  };
  return relation({ case: "withColumnsRenamed", value }, planId);
}

/**
 * Drops columns given by name or by expression; missing names are ignored.
 *
 * @example
 * const rel = drop(input, ["tmp"], [], 2n);
 */
export function drop(
  input: Relation,
  columnNames: string[],
  columns: Expression[],
  planId?: bigint,
): Relation {
  return relation({ case: "drop", value: { input, columnNames, columns } }, planId);
}

/** How rows are grouped before aggregating. */
export type GroupType = "groupby" | "rollup" | "cube" | "pivot";

const GROUP_TYPES: Record<GroupType, Aggregate_GroupType> = {
  groupby: Aggregate_GroupType.GROUPBY,
  rollup: Aggregate_GroupType.ROLLUP,
  cube: Aggregate_GroupType.CUBE,
  pivot: Aggregate_GroupType.PIVOT,
};

/** The grouping of an {@linkcode aggregate} node. */
export interface Grouping {
  /** GROUP BY, ROLLUP, CUBE or PIVOT. */
  type: GroupType;
  /** The grouping keys. */
  expressions: Expression[];
  /** For `pivot`: the pivot column and, optionally, its values (else Spark finds them). */
  pivot?: { col: Expression; values?: Expression_Literal[] };
}

/**
 * `SELECT grouping, aggregates FROM input GROUP BY grouping` (or ROLLUP, CUBE, PIVOT).
 *
 * @example
 * const rel = aggregate(input, { type: "groupby", expressions: [attribute("k")] }, [call("count", [attribute("v")])], 2n);
 */
export function aggregate(
  input: Relation,
  grouping: Grouping,
  aggregateExpressions: Expression[],
  planId?: bigint,
): Relation {
  return relation({
    case: "aggregate",
    value: {
      input,
      groupType: GROUP_TYPES[grouping.type],
      groupingExpressions: grouping.expressions,
      aggregateExpressions,
      pivot: grouping.pivot && { col: grouping.pivot.col, values: grouping.pivot.values ?? [] },
    },
  }, planId);
}

/**
 * Sorts by sort-order expressions: globally (`ORDER BY`) or within each partition.
 *
 * @example
 * const rel = sort(input, [sortOrder(attribute("id"), false, false)], true, 2n);
 */
export function sort(
  input: Relation,
  order: Expression[],
  isGlobal: boolean,
  planId?: bigint,
): Relation {
  const orders = order.map((e) => {
    if (e.exprType.case !== "sortOrder") throw new TypeError("sort takes sort-order expressions");
    return e.exprType.value;
  });
  return relation({ case: "sort", value: { input, order: orders, isGlobal } }, planId);
}

/**
 * The first `n` rows.
 *
 * @example
 * const rel = limit(input, 10, 2n);
 */
export function limit(input: Relation, n: number, planId?: bigint): Relation {
  return relation({ case: "limit", value: { input, limit: int32(n, "limit") } }, planId);
}

/**
 * Every row after the first `n`.
 *
 * @example
 * const rel = offset(input, 10, 2n);
 */
export function offset(input: Relation, n: number, planId?: bigint): Relation {
  return relation({ case: "offset", value: { input, offset: int32(n, "offset") } }, planId);
}

/**
 * The last `n` rows (they travel through the driver).
 *
 * @example
 * const rel = tail(input, 5, 2n);
 */
export function tail(input: Relation, n: number, planId?: bigint): Relation {
  return relation({ case: "tail", value: { input, limit: int32(n, "tail") } }, planId);
}

/**
 * Drops duplicate rows, comparing `columnNames` only, or whole rows when none are given.
 *
 * @example
 * const rel = deduplicate(input, ["id"], 2n);
 */
export function deduplicate(input: Relation, columnNames: string[], planId?: bigint): Relation {
  const value = columnNames.length === 0
    ? { input, allColumnsAsKeys: true }
    : { input, columnNames };
  return relation({ case: "deduplicate", value }, planId);
}

/**
 * Names a relation, so its columns can be qualified (`alias.col`).
 *
 * @example
 * const rel = subqueryAlias(input, "r", 2n);
 */
export function subqueryAlias(input: Relation, alias: string, planId?: bigint): Relation {
  return relation({ case: "subqueryAlias", value: { input, alias } }, planId);
}

/**
 * Repartitions into `n` partitions: with a shuffle (`repartition`), or by merging partitions
 * (`coalesce`, `shuffle = false`).
 *
 * @example
 * const rel = repartition(input, 4, true, 2n);
 */
export function repartition(
  input: Relation,
  n: number,
  shuffle: boolean,
  planId?: bigint,
): Relation {
  const value = { input, numPartitions: int32(n, "numPartitions"), shuffle };
  return relation({ case: "repartition", value }, planId);
}

/**
 * Hash-repartitions by expressions, into `n` partitions or Spark's default number.
 *
 * @example
 * const rel = repartitionByExpression(input, [attribute("k")], 8, 2n);
 */
export function repartitionByExpression(
  input: Relation,
  partitionExprs: Expression[],
  n: number | undefined,
  planId?: bigint,
): Relation {
  const numPartitions = n === undefined ? undefined : int32(n, "numPartitions");
  const value = { input, partitionExprs, numPartitions };
  return relation({ case: "repartitionByExpression", value }, planId);
}

/**
 * A random sample of about `fraction` of the rows; the same seed gives the same sample.
 *
 * @example
 * const rel = sample(input, 0.1, false, 42n, 2n);
 */
export function sample(
  input: Relation,
  fraction: number,
  withReplacement: boolean,
  seed: bigint,
  planId?: bigint,
): Relation {
  if (!(fraction >= 0)) throw new RangeError(`sample fraction must be >= 0, got ${fraction}`);
  const value = { input, lowerBound: 0, upperBound: fraction, withReplacement, seed };
  return relation({ case: "sample", value }, planId);
}

/** A value that replaces nulls. */
export type FillValue = number | bigint | string | boolean;

/**
 * Replaces nulls: one value for every column of a compatible type (or for `cols`), or one
 * value per column (`cols[i]` gets `values[i]`). Integral numbers travel as BIGINT and others
 * as DOUBLE, the two numeric types the server's fill accepts (as PySpark sends them).
 *
 * @example
 * const rel = fillNa(input, ["rating"], [0], 2n);
 */
export function fillNa(
  input: Relation,
  cols: string[],
  values: FillValue[],
  planId?: bigint,
): Relation {
  const lits = values.map((v) =>
    literal(typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : v)
  );
  return relation({ case: "fillNa", value: { input, cols, values: lits } }, planId);
}

/**
 * Drops rows with fewer than `minNonNulls` non-null values among `cols` (all columns when
 * empty); without `minNonNulls`, rows with any null.
 *
 * @example
 * const rel = dropNa(input, [], 1, 2n); // drops rows that are entirely null
 */
export function dropNa(
  input: Relation,
  cols: string[],
  minNonNulls: number | undefined,
  planId?: bigint,
): Relation {
  return relation({ case: "dropNa", value: { input, cols, minNonNulls } }, planId);
}

/**
 * A query hint (`broadcast`, `repartition`, `coalesce`, ...) with its parameters.
 *
 * @example
 * const rel = hint(input, "broadcast", [], 2n);
 */
export function hint(
  input: Relation,
  name: string,
  parameters: Expression[],
  planId?: bigint,
): Relation {
  return relation({ case: "hint", value: { input, name, parameters } }, planId);
}

/**
 * Observes named aggregate metrics while the query runs; the server returns them with the
 * result (`observed_metrics`).
 *
 * @example
 * const rel = collectMetrics(input, "quality", [call("count", [literalExpression(1)])], 2n);
 */
export function collectMetrics(
  input: Relation,
  name: string,
  metrics: Expression[],
  planId?: bigint,
): Relation {
  return relation({ case: "collectMetrics", value: { input, name, metrics } }, planId);
}

/**
 * Renames every column, by position.
 *
 * @example
 * const rel = toDF(input, ["a", "b"], 2n);
 */
export function toDF(input: Relation, columnNames: string[], planId?: bigint): Relation {
  return relation({ case: "toDf", value: { input, columnNames } }, planId);
}

function int32(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
    throw new RangeError(`${what} must be an integer in [0, 2^31), got ${n}`);
  }
  return n;
}
