/**
 * Collapsing chains of `withColumn` (pure plan rewriting, no I/O). Each `withColumn` nests the
 * plan one level deeper, and Spark Connect's server refuses messages nested deeper than its
 * protobuf recursion limit (1024, about 500 chained steps). Before a plan is sent, consecutive
 * WithColumns nodes are merged into one whenever that cannot change the result:
 *
 * - the outer node's expressions refer to none of the inner node's column names (a reference
 *   could mean the inner column, which the merged node would not see yet); SQL-text
 *   expressions are checked word by word, and stars (`*`, `t.*`, also in SQL text), regexes,
 *   subqueries and opaque extensions never merge;
 * - the outer node adds no name the inner one adds;
 * - no expression anywhere in the plan is bound (`df.col(...)`) to the inner node's plan id,
 *   which disappears with the merge.
 *
 * @module
 */
import type { Relation } from "../proto/gen/spark/connect/relations_pb.ts";
import type { Expression_Alias } from "../proto/gen/spark/connect/expressions_pb.ts";

type Msg = { $typeName: string; [key: string]: unknown };

/**
 * The plan with consecutive mergeable WithColumns nodes merged into one.
 *
 * @example
 * const flat = collapseWithColumns(df.relation); // 600 independent withColumn steps: one node
 */
export function collapseWithColumns(root: Relation): Relation {
  const bound = boundPlanIds(root);
  const rewrite = (rel: Relation): Relation => {
    const r = mapRelations(rel, rewrite) as Relation;
    if (r.relType.case !== "withColumns") return r;
    const inner = r.relType.value.input;
    if (
      inner?.relType.case !== "withColumns" || !mergeable(inner, r.relType.value.aliases, bound)
    ) {
      return r;
    }
    return {
      ...r,
      relType: {
        case: "withColumns",
        value: {
          ...r.relType.value,
          input: inner.relType.value.input,
          aliases: [...inner.relType.value.aliases, ...r.relType.value.aliases],
        },
      },
    };
  };
  return rewrite(root);
}

/**
 * Every plan id some expression of the plan is bound to (`df.col(name)`, `df["*"]`, ...).
 *
 * @example
 * boundPlanIds(df.select(df.col("id")).relation); // Set { <df's plan id> }
 */
export function boundPlanIds(root: Relation): Set<bigint> {
  const ids = new Set<bigint>();
  visit(root, (m) => {
    if (m.$typeName !== "spark.connect.RelationCommon" && typeof m.planId === "bigint") {
      ids.add(m.planId);
    }
    return true;
  });
  return ids;
}

/**
 * How deep messages nest in a relation (the relation itself is level 1), the measure the
 * server's protobuf recursion limit applies to.
 *
 * @example
 * messageDepth(df.relation); // about 2 per chained step
 */
export function messageDepth(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((d, v) => Math.max(d, messageDepth(v)), 0);
  if (!isObject(value)) return 0;
  let deepest = 0;
  for (const [k, v] of Object.entries(value)) {
    if (k !== "$typeName") deepest = Math.max(deepest, messageDepth(v));
  }
  // A oneof's `{ case, value }` wrapper is not a message level of its own.
  return typeof value.$typeName === "string" ? deepest + 1 : deepest;
}

function mergeable(inner: Relation, outer: Expression_Alias[], bound: Set<bigint>): boolean {
  const planId = inner.common?.planId;
  if (planId !== undefined && bound.has(planId)) return false;
  if (inner.relType.case !== "withColumns") return false;
  const names = new Set(inner.relType.value.aliases.flatMap((a) => a.name.map(lower)));
  if (outer.some((a) => a.name.some((n) => names.has(lower(n))))) return false;
  let safe = true;
  for (const a of outer) {
    visit(a, (m) => {
      switch (m.$typeName) {
        case "spark.connect.Expression.UnresolvedAttribute":
          if (nameParts(String(m.unparsedIdentifier)).some((p) => names.has(p))) safe = false;
          break;
        case "spark.connect.Expression.ExpressionString": {
          const sql = String(m.expression);
          if (STAR.test(sql) || sqlWords(sql).some((p) => names.has(p))) safe = false;
          break;
        }
        case "spark.connect.Expression.UnresolvedStar":
        case "spark.connect.Expression.UnresolvedRegex":
        case "spark.connect.SubqueryExpression":
        case "google.protobuf.Any":
          safe = false;
      }
      return safe;
    });
    if (!safe) return false;
  }
  return true;
}

const lower = (s: string) => s.toLowerCase();

/** A `*` where an operand belongs (`(*`, `, *`, `t.*`): a star, not a product. */
const STAR = /(^|[(,.]\s*)\*/;

/** `a.b`, `` `a.b`.c ``: every part, unquoted and lower-cased. */
function nameParts(identifier: string): string[] {
  return [...identifier.matchAll(/`((?:[^`]|``)*)`|([^.`]+)/g)].map((m) =>
    lower(m[1] !== undefined ? m[1].replaceAll("``", "`") : m[2])
  );
}

/** Every word of SQL text that could name a column (quoted or not), lower-cased. */
function sqlWords(sql: string): string[] {
  return [...sql.matchAll(/`((?:[^`]|``)*)`|[\p{L}\p{N}_$]+/gu)].map((m) =>
    lower(m[1] !== undefined ? m[1].replaceAll("``", "`") : m[0])
  );
}

/** Visits every message under `value` (itself included) until `fn` returns false. */
function visit(value: unknown, fn: (m: Msg) => boolean): boolean {
  if (Array.isArray(value)) {
    for (const v of value) if (!visit(v, fn)) return false;
    return true;
  }
  if (!isObject(value)) return true;
  if (typeof value.$typeName === "string" && !fn(value as Msg)) return false;
  for (const [k, v] of Object.entries(value)) {
    if (k !== "$typeName" && !visit(v, fn)) return false;
  }
  return true;
}

/** A copy of `rel` with each relation below it replaced by `fn(relation)`; unchanged parts shared. */
function mapRelations(rel: Relation, fn: (r: Relation) => Relation): Relation {
  const map = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      const out = value.map(map);
      return out.some((v, i) => v !== value[i]) ? out : value;
    }
    if (!isObject(value)) return value;
    if (value.$typeName === "spark.connect.Relation") return fn(value as unknown as Relation);
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(value)) {
      const m = map(v);
      if (m !== v) (copy ??= { ...value })[k] = m;
    }
    return copy ?? value;
  };
  const relType = map(rel.relType);
  return relType === rel.relType ? rel : { ...rel, relType: relType as Relation["relType"] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !(v instanceof Uint8Array);
}
