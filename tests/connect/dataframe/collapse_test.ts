/**
 * Merging chains of withColumn before a plan is sent (`plan/collapse.ts`), without a server:
 * merged exactly when the merge cannot change the result.
 */
import assert from "node:assert/strict";
import { DataFrame } from "../../../src/connect/dataframe.ts";
import { col, expr, lit } from "../../../src/connect/functions/mod.ts";
import { collapseWithColumns, messageDepth } from "../../../src/connect/plan/collapse.ts";
import { sqlRelation } from "../../../src/connect/plan/relation.ts";
import type { Relation } from "../../../src/connect/proto/gen/spark/connect/relations_pb.ts";
import type { SparkSession } from "../../../src/connect/session.ts";

const session = {} as SparkSession;
const base = () => new DataFrame(session, sqlRelation("SELECT id, name FROM t"));

/** The WithColumns nodes from the top of a plan down: their column names. */
function chain(rel: Relation): string[][] {
  const out: string[][] = [];
  for (let r: Relation | undefined = rel; r?.relType.case === "withColumns";) {
    out.push(r.relType.value.aliases.map((a) => a.name[0]));
    r = r.relType.value.input;
  }
  return out;
}

Deno.test("independent withColumn steps merge into one node, in order", () => {
  let df = base();
  for (let i = 0; i < 5; i++) df = df.withColumn(`c${i}`, col("id").plus(i));
  const merged = collapseWithColumns(df.relation);
  assert.deepEqual(chain(merged), [["c0", "c1", "c2", "c3", "c4"]]);
  assert.equal(merged.common?.planId, df.planId, "the merged node keeps the outer plan id");
  assert.equal(chain(df.relation).length, 5, "the DataFrame itself is unchanged");
});

Deno.test("a step that reads a column an earlier step added is not merged into it", () => {
  const df = base().withColumn("a", lit(1)).withColumn("b", col("a").plus(1))
    .withColumn("c", lit(3));
  assert.deepEqual(chain(collapseWithColumns(df.relation)), [["b", "c"], ["a"]]);
});

Deno.test("references are found in SQL text, in nested names and case-insensitively", () => {
  const viaSql = base().withColumn("a", lit(1)).withColumn("b", expr("A + 1"));
  assert.equal(chain(collapseWithColumns(viaSql.relation)).length, 2);
  const quoted = base().withColumn("x y", lit(1)).withColumn("b", expr("`x y` * 2"));
  assert.equal(chain(collapseWithColumns(quoted.relation)).length, 2);
  const nested = base().withColumn("s", expr("named_struct('f', 1)")).withColumn("b", col("s.f"));
  assert.equal(chain(collapseWithColumns(nested.relation)).length, 2);
  const unrelated = base().withColumn("a", lit(1)).withColumn("b", expr("id * length(name)"));
  assert.equal(chain(collapseWithColumns(unrelated.relation)).length, 1);
});

Deno.test("a star, or re-adding the same name, stops the merge", () => {
  const star = base().withColumn("a", lit(1)).withColumn("b", expr("size(array(*))"));
  assert.equal(chain(collapseWithColumns(star.relation)).length, 2);
  const again = base().withColumn("a", lit(1)).withColumn("a", lit(2));
  assert.equal(chain(collapseWithColumns(again.relation)).length, 2);
});

Deno.test("a step whose plan id a column is bound to keeps its own node", () => {
  const first = base().withColumn("a", lit(1));
  const second = first.withColumn("b", lit(2));
  const usesFirst = second.select(first.col("id"), "b");
  const project = collapseWithColumns(usesFirst.relation);
  assert.equal(project.relType.case, "project");
  const input = project.relType.case === "project" ? project.relType.value.input! : project;
  assert.equal(chain(input).length, 2);
  // Without the binding, the same chain merges.
  const free = collapseWithColumns(second.select("id", "b").relation);
  assert.equal(chain(free.relType.case === "project" ? free.relType.value.input! : free).length, 1);
});

Deno.test("chains below joins and set operations are merged too", () => {
  const l = base().withColumn("a", lit(1)).withColumn("b", lit(2));
  const r = base().withColumn("c", lit(3)).withColumn("d", lit(4));
  const joined = collapseWithColumns(l.join(r, "id").relation);
  assert.equal(joined.relType.case, "join");
  if (joined.relType.case === "join") {
    assert.deepEqual(chain(joined.relType.value.left!), [["a", "b"]]);
    assert.deepEqual(chain(joined.relType.value.right!), [["c", "d"]]);
  }
});

Deno.test("600 independent steps become one node: the plan stays shallow", () => {
  let df = base();
  for (let i = 0; i < 600; i++) df = df.withColumn(`c${i}`, col("id").plus(i));
  assert.ok(messageDepth(df.relation) > 1200);
  const merged = collapseWithColumns(df.relation);
  assert.equal(chain(merged).length, 1);
  assert.ok(messageDepth(merged) < 20, `depth ${messageDepth(merged)}`);
});
