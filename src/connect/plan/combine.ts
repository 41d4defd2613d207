/**
 * Plan nodes that combine two relations (pure: Spark Connect `Relation` messages, no I/O):
 * joins and set operations.
 *
 * @module
 */
import {
  Join_JoinType,
  type Relation,
  SetOperation_SetOpType,
} from "../proto/gen/spark/connect/relations_pb.ts";
import type { Expression } from "../proto/gen/spark/connect/expressions_pb.ts";
import { relation } from "./relations.ts";

/** Join types with PySpark's accepted spellings. */
export type JoinType =
  | "inner"
  | "cross"
  | "outer"
  | "full"
  | "fullouter"
  | "full_outer"
  | "left"
  | "leftouter"
  | "left_outer"
  | "right"
  | "rightouter"
  | "right_outer"
  | "semi"
  | "leftsemi"
  | "left_semi"
  | "anti"
  | "leftanti"
  | "left_anti";

const JOIN_TYPES: Record<JoinType, Join_JoinType> = {
  inner: Join_JoinType.INNER,
  cross: Join_JoinType.CROSS,
  outer: Join_JoinType.FULL_OUTER,
  full: Join_JoinType.FULL_OUTER,
  fullouter: Join_JoinType.FULL_OUTER,
  full_outer: Join_JoinType.FULL_OUTER,
  left: Join_JoinType.LEFT_OUTER,
  leftouter: Join_JoinType.LEFT_OUTER,
  left_outer: Join_JoinType.LEFT_OUTER,
  right: Join_JoinType.RIGHT_OUTER,
  rightouter: Join_JoinType.RIGHT_OUTER,
  right_outer: Join_JoinType.RIGHT_OUTER,
  semi: Join_JoinType.LEFT_SEMI,
  leftsemi: Join_JoinType.LEFT_SEMI,
  left_semi: Join_JoinType.LEFT_SEMI,
  anti: Join_JoinType.LEFT_ANTI,
  leftanti: Join_JoinType.LEFT_ANTI,
  left_anti: Join_JoinType.LEFT_ANTI,
};

/** What two relations are joined on: shared column names, or a condition. */
export type JoinCriteria = { usingColumns: string[] } | { condition: Expression } | undefined;

/**
 * Joins two relations; `how` takes PySpark's strings (case-insensitive).
 *
 * @example
 * const rel = join(left, right, { usingColumns: ["id"] }, "left_outer", 3n);
 */
export function join(
  left: Relation,
  right: Relation,
  on: JoinCriteria,
  how: JoinType,
  planId?: bigint,
): Relation {
  const joinType = JOIN_TYPES[how.toLowerCase() as JoinType];
  if (joinType === undefined) {
    throw new TypeError(
      `unsupported join type "${how}": use one of ${Object.keys(JOIN_TYPES).join(", ")}`,
    );
  }
  return relation({
    case: "join",
    value: {
      left,
      right,
      joinType,
      usingColumns: on && "usingColumns" in on ? on.usingColumns : [],
      joinCondition: on && "condition" in on ? on.condition : undefined,
    },
  }, planId);
}

/** A set operation: UNION, INTERSECT or EXCEPT. */
export type SetOpKind = "union" | "intersect" | "except";

const SET_OPS: Record<SetOpKind, SetOperation_SetOpType> = {
  union: SetOperation_SetOpType.UNION,
  intersect: SetOperation_SetOpType.INTERSECT,
  except: SetOperation_SetOpType.EXCEPT,
};

/** Options of {@linkcode setOperation}. */
export interface SetOpOptions {
  /** Keep duplicates (`UNION ALL`, `EXCEPT ALL`, `INTERSECT ALL`). */
  isAll: boolean;
  /** Match columns by name instead of position. */
  byName?: boolean;
  /** With `byName`: missing columns on either side become nulls. */
  allowMissingColumns?: boolean;
}

/**
 * `left UNION | INTERSECT | EXCEPT [ALL] right`, by position or by name.
 *
 * @example
 * const rel = setOperation(a, b, "union", { isAll: true }, 3n);
 */
export function setOperation(
  left: Relation,
  right: Relation,
  kind: SetOpKind,
  opts: SetOpOptions,
  planId?: bigint,
): Relation {
  return relation({
    case: "setOp",
    value: {
      leftInput: left,
      rightInput: right,
      setOpType: SET_OPS[kind],
      isAll: opts.isAll,
      byName: opts.byName ?? false,
      allowMissingColumns: opts.allowMissingColumns ?? false,
    },
  }, planId);
}
