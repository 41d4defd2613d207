import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  asc_nulls_last,
  call_function,
  coalesce,
  col,
  column,
  desc,
  equal_null,
  expr,
  greatest,
  hash,
  ifnull,
  isnan,
  isnotnull,
  isnull,
  least,
  lit,
  md5,
  monotonically_increasing_id,
  nanvl,
  not,
  nullif,
  nvl,
  nvl2,
  rand,
  randn,
  sha2,
  spark_partition_id,
  when,
  xxhash64,
} from "../../../src/connect/functions/mod.ts";
import { withSpark } from "../../helpers/spark.ts";
import { assertSameAsSql, evaluate, plain } from "./eval.ts";

Deno.test("col, expr and call_function build the messages PySpark builds", () => {
  deepStrictEqual(plain(column("a.b")), { unresolvedAttribute: { unparsedIdentifier: "a.b" } });
  deepStrictEqual(plain(expr("a + 1")), { expressionString: { expression: "a + 1" } });
  deepStrictEqual(plain(call_function("db.f", "a", lit(1))), {
    callFunction: {
      functionName: "db.f",
      arguments: [{ unresolvedAttribute: { unparsedIdentifier: "a" } }, {
        literal: { integer: 1 },
      }],
    },
  });
  deepStrictEqual(plain(rand(7)), {
    unresolvedFunction: { functionName: "rand", arguments: [{ literal: { integer: 7 } }] },
  });
  const seeded = plain(rand()) as { unresolvedFunction: { arguments: [{ literal: unknown }] } };
  ok(seeded.unresolvedFunction.arguments[0].literal, "an unseeded rand() gets a client seed");
  throws(() => greatest("a"), /at least 2/);
  throws(() => when("a" as never, 1), /Column condition/);
  throws(() => col(1 as never), /column name/);
});

Deno.test("core functions agree with SQL, nulls and NaN included", async () => {
  await withSpark(async (spark) => {
    const input = `SELECT * FROM VALUES
      (1, 2, 1.5D, 'a', true),
      (NULL, 3, CAST('NaN' AS DOUBLE), NULL, false),
      (4, NULL, NULL, 'é', NULL),
      (5, 5, -0.0D, '', true)
      AS t(i, j, d, s, f)`;
    await assertSameAsSql(spark, input, [
      ["col", col("i"), "i"],
      ["expr", expr("i * 2 + j"), "i * 2 + j"],
      ["lit", lit("x"), "'x'"],
      [
        "when",
        when(col("i").gt(2), "big").otherwise(lit("small")),
        "CASE WHEN i > 2 THEN 'big' ELSE 'small' END",
      ],
      ["when no else", when(col("f"), col("s")), "CASE WHEN f THEN s END"],
      ["not", not("f"), "NOT f"],
      ["call_function", call_function("greatest", "i", "j"), "greatest(i, j)"],
      ["coalesce", coalesce("i", "j", lit(0)), "coalesce(i, j, 0)"],
      ["isnull", isnull("i"), "isnull(i)"],
      ["isnotnull", isnotnull("s"), "isnotnull(s)"],
      ["isnan", isnan("d"), "isnan(d)"],
      ["nanvl", nanvl("d", lit(0.0)), "nanvl(d, 0.0D)"],
      ["nullif", nullif("i", "j"), "nullif(i, j)"],
      ["ifnull", ifnull("i", "j"), "ifnull(i, j)"],
      ["nvl", nvl("s", lit("-")), "nvl(s, '-')"],
      ["nvl2", nvl2("i", lit("set"), lit("unset")), "nvl2(i, 'set', 'unset')"],
      ["equal_null", equal_null("i", "j"), "equal_null(i, j)"],
      ["greatest", greatest("i", "j"), "greatest(i, j)"],
      ["least", least("i", "j", lit(3)), "least(i, j, 3)"],
      ["hash", hash("i", "s"), "hash(i, s)"],
      ["xxhash64", xxhash64("s"), "xxhash64(s)"],
      ["md5", md5("s"), "md5(s)"],
      ["sha2", sha2("s", 256), "sha2(s, 256)"],
      ["rand seeded", rand(42), "rand(42)"],
      ["randn seeded", randn(42n), "randn(42L)"],
      ["spark_partition_id", spark_partition_id(), "spark_partition_id()"],
    ]);
  });
});

Deno.test("ids are unique and sort orders order rows", async () => {
  await withSpark(async (spark) => {
    const rows = await evaluate(spark, "SELECT * FROM range(5)", [
      monotonically_increasing_id().alias("id"),
    ]);
    strictEqual(new Set(rows.map((r) => r.id)).size, 5);
    deepStrictEqual(plain(desc("a")), plain(col("a").desc()));
    deepStrictEqual(plain(asc_nulls_last("a")), plain(col("a").asc_nulls_last()));
  });
});
