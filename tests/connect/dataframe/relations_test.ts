/**
 * Plan builders, without a server: each builder's Relation message against the message
 * written out by hand.
 */
import assert from "node:assert/strict";
import { create, toJson } from "@bufbuild/protobuf";
import {
  Aggregate_GroupType,
  Join_JoinType,
  type Relation,
  RelationSchema,
  SetOperation_SetOpType,
} from "../../../src/connect/proto/gen/spark/connect/relations_pb.ts";
import {
  Expression_SortOrder_NullOrdering as Nulls,
  Expression_SortOrder_SortDirection as Direction,
} from "../../../src/connect/proto/gen/spark/connect/expressions_pb.ts";
import * as R from "../../../src/connect/plan/relations.ts";
import { join, type JoinType, setOperation } from "../../../src/connect/plan/combine.ts";
import {
  attribute,
  call,
  columnReference,
  sortOrder,
  sqlExpression,
} from "../../../src/connect/plan/expressions.ts";
import { literal, literalExpression } from "../../../src/connect/plan/literal.ts";

const input = R.relation({ case: "sql", value: { query: "SELECT 1 AS id" } }, 1n);
const a = attribute("id");

function same(actual: Relation, expected: Parameters<typeof create<typeof RelationSchema>>[1]) {
  assert.deepEqual(
    toJson(RelationSchema, actual),
    toJson(RelationSchema, create(RelationSchema, expected)),
  );
}

Deno.test("project, filter and limit carry their input, arguments and plan id", () => {
  same(R.project(input, [a], 2n), {
    common: { planId: 2n },
    relType: { case: "project", value: { input, expressions: [a] } },
  });
  const cond = sqlExpression("id > 1");
  same(R.filter(input, cond, 3n), {
    common: { planId: 3n },
    relType: { case: "filter", value: { input, condition: cond } },
  });
  same(R.limit(input, 5, 4n), {
    common: { planId: 4n },
    relType: { case: "limit", value: { input, limit: 5 } },
  });
  same(R.offset(input, 7), { relType: { case: "offset", value: { input, offset: 7 } } });
  same(R.tail(input, 2), { relType: { case: "tail", value: { input, limit: 2 } } });
  assert.throws(() => R.limit(input, -1), RangeError);
  assert.throws(() => R.limit(input, 1.5), RangeError);
});

Deno.test("withColumns puts every new column into one node as aliases", () => {
  const twice = sqlExpression("id * 2");
  same(R.withColumns(input, [["twice", twice], ["same", a]], 2n), {
    common: { planId: 2n },
    relType: {
      case: "withColumns",
      value: { input, aliases: [{ expr: twice, name: ["twice"] }, { expr: a, name: ["same"] }] },
    },
  });
});

Deno.test("renames, drops and toDF name their columns", () => {
  same(R.withColumnsRenamed(input, [["id", "key"], ["x", "y"]]), {
    relType: {
      case: "withColumnsRenamed",
      value: {
        input,
        renames: [{ colName: "id", newColName: "key" }, { colName: "x", newColName: "y" }],
      },
    },
  });
  same(R.drop(input, ["a"], [a]), {
    relType: { case: "drop", value: { input, columnNames: ["a"], columns: [a] } },
  });
  same(R.toDF(input, ["x"]), { relType: { case: "toDf", value: { input, columnNames: ["x"] } } });
  same(R.subqueryAlias(input, "t"), {
    relType: { case: "subqueryAlias", value: { input, alias: "t" } },
  });
});

Deno.test("aggregate encodes group-by, rollup, cube and pivot", () => {
  const cnt = call("count", [literalExpression(1)]);
  same(R.aggregate(input, { type: "groupby", expressions: [a] }, [cnt], 9n), {
    common: { planId: 9n },
    relType: {
      case: "aggregate",
      value: {
        input,
        groupType: Aggregate_GroupType.GROUPBY,
        groupingExpressions: [a],
        aggregateExpressions: [cnt],
      },
    },
  });
  for (
    const [type, code] of [["rollup", Aggregate_GroupType.ROLLUP], [
      "cube",
      Aggregate_GroupType.CUBE,
    ]] as const
  ) {
    const rel = R.aggregate(input, { type, expressions: [a] }, [cnt]);
    assert.deepEqual(rel.relType.case === "aggregate" && rel.relType.value.groupType, code);
  }
  const pivoted = R.aggregate(input, {
    type: "pivot",
    expressions: [a],
    pivot: { col: attribute("k"), values: [literal("x"), literal(2)] },
  }, [cnt]);
  same(pivoted, {
    relType: {
      case: "aggregate",
      value: {
        input,
        groupType: Aggregate_GroupType.PIVOT,
        groupingExpressions: [a],
        aggregateExpressions: [cnt],
        pivot: { col: attribute("k"), values: [literal("x"), literal(2)] },
      },
    },
  });
});

Deno.test("sort takes sort orders: ascending nulls first, descending nulls last", () => {
  const rel = R.sort(
    input,
    [sortOrder(a, true, true), sortOrder(attribute("r"), false, false)],
    true,
  );
  same(rel, {
    relType: {
      case: "sort",
      value: {
        input,
        isGlobal: true,
        order: [
          { child: a, direction: Direction.ASCENDING, nullOrdering: Nulls.SORT_NULLS_FIRST },
          {
            child: attribute("r"),
            direction: Direction.DESCENDING,
            nullOrdering: Nulls.SORT_NULLS_LAST,
          },
        ],
      },
    },
  });
  assert.throws(() => R.sort(input, [a], true), TypeError);
});

Deno.test("every PySpark join type string maps to its join type", () => {
  const cases: Record<JoinType, Join_JoinType> = {
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
  for (const [how, code] of Object.entries(cases)) {
    same(join(input, input, { usingColumns: ["id"] }, how as JoinType, 5n), {
      common: { planId: 5n },
      relType: {
        case: "join",
        value: { left: input, right: input, joinType: code, usingColumns: ["id"] },
      },
    });
  }
  const cond = call("==", [a, a]);
  same(join(input, input, { condition: cond }, "LEFT" as JoinType), {
    relType: {
      case: "join",
      value: { left: input, right: input, joinType: Join_JoinType.LEFT_OUTER, joinCondition: cond },
    },
  });
  assert.throws(
    () => join(input, input, undefined, "sideways" as JoinType),
    /unsupported join type/,
  );
});

Deno.test("set operations say which, whether ALL, and whether by name", () => {
  same(
    setOperation(input, input, "union", { isAll: true, byName: true, allowMissingColumns: true }),
    {
      relType: {
        case: "setOp",
        value: {
          leftInput: input,
          rightInput: input,
          setOpType: SetOperation_SetOpType.UNION,
          isAll: true,
          byName: true,
          allowMissingColumns: true,
        },
      },
    },
  );
  const except = setOperation(input, input, "except", { isAll: false });
  assert.deepEqual(
    except.relType.case === "setOp" && except.relType.value.setOpType,
    SetOperation_SetOpType.EXCEPT,
  );
  assert.deepEqual(except.relType.case === "setOp" && except.relType.value.isAll, false);
});

Deno.test("deduplicate keys on named columns, or on whole rows", () => {
  same(R.deduplicate(input, ["id"]), {
    relType: { case: "deduplicate", value: { input, columnNames: ["id"] } },
  });
  same(R.deduplicate(input, []), {
    relType: { case: "deduplicate", value: { input, allColumnsAsKeys: true } },
  });
});

Deno.test("repartition, coalesce, sample and hint", () => {
  same(R.repartition(input, 4, true), {
    relType: { case: "repartition", value: { input, numPartitions: 4, shuffle: true } },
  });
  same(R.repartitionByExpression(input, [a], undefined), {
    relType: { case: "repartitionByExpression", value: { input, partitionExprs: [a] } },
  });
  same(R.sample(input, 0.25, true, 42n), {
    relType: {
      case: "sample",
      value: { input, lowerBound: 0, upperBound: 0.25, withReplacement: true, seed: 42n },
    },
  });
  assert.throws(() => R.sample(input, -0.1, false, 1n), RangeError);
  same(R.hint(input, "repartition", [literalExpression(3)]), {
    relType: {
      case: "hint",
      value: { input, name: "repartition", parameters: [literalExpression(3)] },
    },
  });
});

Deno.test("fillNa and dropNa carry columns, literal values and the non-null threshold", () => {
  // Integral numbers as BIGINT, others as DOUBLE: the numeric types the server's fill takes.
  same(R.fillNa(input, ["a", "b", "c", "d"], [0, "x", 0.5, true]), {
    relType: {
      case: "fillNa",
      value: {
        input,
        cols: ["a", "b", "c", "d"],
        values: [literal(0n), literal("x"), literal(0.5), literal(true)],
      },
    },
  });
  same(R.dropNa(input, [], 1), { relType: { case: "dropNa", value: { input, minNonNulls: 1 } } });
  same(R.dropNa(input, ["a"], undefined), {
    relType: { case: "dropNa", value: { input, cols: ["a"] } },
  });
});

Deno.test("collectMetrics names its metrics", () => {
  const m = call("count", [literalExpression(1)]);
  same(R.collectMetrics(input, "stats", [m]), {
    relType: { case: "collectMetrics", value: { input, name: "stats", metrics: [m] } },
  });
});

Deno.test("literals follow PySpark's lit: INT, then BIGINT, DOUBLE, STRING, BOOLEAN, NULL", () => {
  assert.deepEqual(literal(7).literalType, { case: "integer", value: 7 });
  assert.deepEqual(literal(2 ** 40).literalType, { case: "long", value: 2n ** 40n });
  assert.deepEqual(literal(5n).literalType, { case: "long", value: 5n });
  assert.deepEqual(literal(0.5).literalType, { case: "double", value: 0.5 });
  assert.deepEqual(literal("é").literalType, { case: "string", value: "é" });
  assert.deepEqual(literal(false).literalType, { case: "boolean", value: false });
  assert.deepEqual(literal(null).literalType.case, "null");
});

Deno.test("column references read * and t.* as stars, bound to a plan when asked", () => {
  const star = columnReference("*", 3n).exprType;
  assert.deepEqual(star.case === "unresolvedStar" && star.value.planId, 3n);
  const t = columnReference("t.*").exprType;
  assert.deepEqual(t.case === "unresolvedStar" && t.value.unparsedTarget, "t.*");
  const c = columnReference("t.id", 4n).exprType;
  assert.deepEqual(
    c.case === "unresolvedAttribute" && [c.value.unparsedIdentifier, c.value.planId],
    ["t.id", 4n],
  );
});
