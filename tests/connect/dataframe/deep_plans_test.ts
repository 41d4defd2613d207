/**
 * Deep plans against the real server. Each chained step nests the plan about two protobuf
 * levels deeper, and the server refuses messages nested beyond 1024 levels: chains of
 * independent withColumn steps are merged before sending (`plan/collapse.ts`), chains whose
 * steps read each other's columns cannot be, and fail with a clear error past ~500 steps.
 */
import assert from "node:assert/strict";
import { PlanTooDeepError } from "../../../src/connect/dataframe.ts";
import { col, lit } from "../../../src/connect/functions/mod.ts";
import { messageDepth } from "../../../src/connect/plan/collapse.ts";
import { withSpark } from "../../helpers/spark.ts";

Deno.test("200 chained withColumn steps, each reading the previous one, run", () =>
  withSpark(async (spark) => {
    let df = (await spark.sql("SELECT id FROM range(4)")).withColumn("c0", col("id"));
    for (let i = 1; i < 200; i++) df = df.withColumn(`c${i}`, col(`c${i - 1}`).plus(1));
    assert.ok(messageDepth(df.relation) > 400, "the chain really is deep");
    const rows = await df.orderBy("id").select("id", "c199").collect();
    assert.deepEqual(rows, [0n, 1n, 2n, 3n].map((id) => ({ id, c199: id + 199n })));
  }));

Deno.test("600 independent withColumn steps run: they are sent as one WithColumns", () =>
  withSpark(async (spark) => {
    let df = await spark.sql("SELECT id FROM range(3)");
    for (let i = 0; i < 600; i++) df = df.withColumn(`c${i}`, col("id").multiply(i).plus(lit(1)));
    assert.ok(messageDepth(df.relation) > 1024, "unmerged, the plan is past the server's limit");
    const rows = await df.filter("id = 2").collect();
    assert.equal(Object.keys(rows[0]).length, 601);
    assert.equal(rows[0].c599, 2n * 599n + 1n);
    assert.equal((await df.columns).length, 601);
  }));

Deno.test("600 dependent steps exceed the server's limit and say so", () =>
  withSpark(async (spark) => {
    let df = (await spark.sql("SELECT id FROM range(1)")).withColumn("c0", col("id"));
    for (let i = 1; i < 600; i++) df = df.withColumn(`c${i}`, col(`c${i - 1}`).plus(1));
    const err = await df.collect().catch((e) => e);
    assert.ok(err instanceof PlanTooDeepError, String(err));
    assert.ok(err.depth > 1024);
    assert.match(err.message, /recursion limit.*withColumns/);
    assert.ok(err.cause instanceof Error, "the server's own error is kept as the cause");
    await assert.rejects(df.schema(), PlanTooDeepError);
    // withColumns adds the same 600 columns in one step instead.
    const cols = Object.fromEntries(
      Array.from({ length: 600 }, (_, i) => [`c${i}`, col("id").plus(i)]),
    );
    const flat = (await spark.sql("SELECT id FROM range(1)")).withColumns(cols);
    assert.equal((await flat.collect())[0].c599, 599n);
  }));
