/**
 * DataFrame transformations without a server: the relations they build, their plan ids, and
 * that they never touch the network (the session here cannot talk to anything).
 */
import assert from "node:assert/strict";
import { DataFrame } from "../../../src/connect/dataframe.ts";
import { Observation } from "../../../src/connect/observation.ts";
import { sqlRelation } from "../../../src/connect/plan/relation.ts";
import type { Relation } from "../../../src/connect/proto/gen/spark/connect/relations_pb.ts";
import type { SparkSession } from "../../../src/connect/session.ts";
import { col, count, desc, expr, lit } from "../../../src/connect/functions/mod.ts";

/** A session whose client throws on any use: transformations must not need it. */
function offlineSession(): SparkSession {
  const client = new Proxy({}, {
    get: () => {
      throw new Error("a transformation talked to the server");
    },
  });
  return { client } as unknown as SparkSession;
}

function frame(session = offlineSession()): DataFrame {
  return new DataFrame(session, sqlRelation("SELECT 1 AS id, 'a' AS name"));
}

function rel<C extends NonNullable<Relation["relType"]["case"]>>(df: DataFrame, c: C) {
  const r = df.relation.relType;
  assert.equal(r.case, c);
  return r.value as Extract<Relation["relType"], { case: C }>["value"];
}

Deno.test("a DataFrame gets a plan id, and every transformation a new, larger one", () => {
  const df = frame();
  const a = df.filter("id > 0");
  const b = a.select("id");
  assert.ok(typeof df.planId === "bigint");
  assert.ok(a.planId > df.planId && b.planId > a.planId);
  assert.equal(rel(b, "project").input, a.relation);
  assert.equal(rel(a, "filter").input, df.relation);
});

Deno.test("plan ids count per session", () => {
  const s1 = offlineSession();
  const s2 = offlineSession();
  const [a, b] = [frame(s1), frame(s2)];
  assert.equal(a.planId, b.planId); // both sessions start at the same id
  assert.notEqual(frame(s1).planId, a.planId);
});

Deno.test("transformations return new DataFrames and leave the original as it was", () => {
  const df = frame();
  const before = structuredClone(df.relation);
  df.withColumn("x", lit(1)).filter("x = 1").orderBy("x").limit(3);
  assert.deepEqual(df.relation, before);
});

Deno.test("df.col binds a column to its DataFrame, so self-join sides differ", () => {
  const df = frame();
  const left = df.filter("id > 0");
  const right = df.filter("id < 9");
  const cond = left.col("id").eq(right.col("id"));
  const joined = left.join(right, cond, "inner");
  const j = rel(joined, "join");
  const [l, r] = (j.joinCondition!.exprType.value as {
    arguments: { exprType: { value: { planId?: bigint } } }[];
  })
    .arguments.map((a) => a.exprType.value.planId);
  assert.deepEqual([l, r], [left.planId, right.planId]);
  assert.equal(j.left, left.relation);
  assert.equal(j.right, right.relation);
});

Deno.test("join on names uses USING columns; on several Columns, their AND", () => {
  const df = frame();
  assert.deepEqual(rel(df.join(df, "id"), "join").usingColumns, ["id"]);
  assert.deepEqual(rel(df.join(df, ["id", "name"], "left_anti"), "join").usingColumns, [
    "id",
    "name",
  ]);
  const both = rel(df.join(df, [col("id").eq(1), col("name").eq("a")]), "join");
  const and = both.joinCondition!.exprType;
  assert.equal(and.case === "unresolvedFunction" && and.value.functionName, "and");
  assert.throws(() => df.join(df, ["id", col("id")] as never), /not both/);
});

Deno.test("withColumns is one WithColumns node, whatever the number of columns", () => {
  const df = frame().withColumns({ a: lit(1), b: lit(2), c: expr("id + 1") });
  const w = rel(df, "withColumns");
  assert.deepEqual(w.aliases.map((a) => a.name), [["a"], ["b"], ["c"]]);
  assert.equal(w.input?.relType.case, "sql");
  assert.deepEqual(
    rel(frame().withColumns(new Map([["z", lit(0)]])), "withColumns").aliases[0].name,
    ["z"],
  );
});

Deno.test("orderBy sorts globally; ascending flags apply per column; desc() is kept", () => {
  const df = frame();
  const s = rel(df.orderBy(["id", "name"], { ascending: [false, true] }), "sort");
  assert.equal(s.isGlobal, true);
  assert.deepEqual(s.order.map((o) => o.direction), [2, 1]);
  assert.deepEqual(rel(df.sort(desc("id")), "sort").order.map((o) => o.direction), [2]);
  assert.equal(rel(df.sortWithinPartitions("id"), "sort").isGlobal, false);
  assert.throws(() => df.orderBy(["id"], { ascending: [true, false] }), /2 flags for 1 columns/);
});

Deno.test("select takes names, Columns, arrays and *", () => {
  const p = rel(frame().select("id", [col("name"), "*"]), "project");
  assert.deepEqual(p.expressions.map((e) => e.exprType.case), [
    "unresolvedAttribute",
    "unresolvedAttribute",
    "unresolvedStar",
  ]);
});

Deno.test("sample draws its seed once, so every action sees the same sample", () => {
  const s = frame().sample(0.5);
  const seed = rel(s, "sample").seed;
  assert.ok(seed !== undefined && seed >= 0n);
  assert.equal(rel(s.limit(1), "limit").input, s.relation);
  assert.equal(rel(frame().sample(true, 0.2, 7), "sample").withReplacement, true);
  assert.equal(rel(frame().sample(0.2, 7), "sample").seed, 7n);
});

Deno.test("dropna: how=all keeps rows with one non-null; thresh overrides how", () => {
  const df = frame();
  assert.equal(rel(df.dropna(), "dropNa").minNonNulls, undefined);
  assert.equal(rel(df.dropna("all"), "dropNa").minNonNulls, 1);
  assert.equal(rel(df.dropna("all", 2, "name"), "dropNa").minNonNulls, 2);
  assert.deepEqual(rel(df.na.drop("any", undefined, ["id"]), "dropNa").cols, ["id"]);
  assert.throws(() => df.dropna("some" as "any"), /how must be/);
});

Deno.test("fillna: one value for all columns, or one per named column", () => {
  const df = frame();
  const all = rel(df.fillna(0), "fillNa");
  assert.deepEqual([all.cols, all.values.map((v) => v.literalType.case)], [[], ["long"]]);
  const each = rel(df.na.fill({ id: 1.5, name: "?" }), "fillNa");
  assert.deepEqual(each.cols, ["id", "name"]);
  assert.deepEqual(each.values.map((v) => v.literalType.value), [1.5, "?"]);
  assert.throws(() => df.fillna({}), /names no column/);
});

Deno.test("observations travel with the DataFrames built on an observed one", () => {
  const session = offlineSession();
  const seen = new Observation("seen");
  const df = frame(session).observe(seen, count(lit(1)).alias("n"));
  assert.equal(rel(df, "collectMetrics").name, "seen");
  const other = frame(session);
  assert.deepEqual(other.join(df.limit(1), "id").observations, [seen]);
  assert.deepEqual(df.groupBy("id").count().observations, [seen]);
  assert.deepEqual(df.union(df).observations, [seen]);
  assert.throws(() => frame().observe("x"), /at least one metric/);
  assert.throws(() => seen.get(), /no metrics yet/);
});

Deno.test("grouped data aggregates into one Aggregate node", () => {
  const df = frame();
  const g = rel(df.groupBy("name").agg({ id: "max" }), "aggregate");
  assert.equal(g.groupingExpressions.length, 1);
  const f = g.aggregateExpressions[0].exprType;
  assert.equal(f.case === "unresolvedFunction" && f.value.functionName, "max");
  const c = rel(df.groupBy().count(), "aggregate");
  assert.equal(c.aggregateExpressions[0].exprType.case, "alias");
  assert.equal(rel(df.rollup("id").count(), "aggregate").groupType, 2);
  assert.equal(rel(df.cube("id").count(), "aggregate").groupType, 3);
  const p = rel(df.groupBy("id").pivot("name", ["a", "b"]).sum("id"), "aggregate");
  assert.equal(p.pivot?.values.length, 2);
  assert.throws(() => df.rollup("id").pivot("name"), /groupBy only/);
  assert.throws(() => df.groupBy("id").avg(), /name the columns/);
});

Deno.test("combining DataFrames of two sessions is refused", () => {
  assert.throws(() => frame().union(frame()), /different Spark sessions/);
});
