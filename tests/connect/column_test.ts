import { deepStrictEqual, match, ok, strictEqual, throws } from "node:assert/strict";
import type { Column } from "../../src/connect/column.ts";
import { AnalysisException, SparkConnectError } from "../../src/connect/errors.ts";
import { col, date_add, lit, not, transform, when } from "../../src/connect/functions/mod.ts";
import { literalType } from "../../src/connect/plan/literal.ts";
import type { Expression } from "../../src/connect/proto/gen/spark/connect/expressions_pb.ts";
import { DataTypeParseError, DataTypes } from "../../src/connect/types/mod.ts";
import { withSpark } from "../helpers/spark.ts";
import { assertSameAsSql, builtAt, evaluate, plain, project } from "./functions/eval.ts";

const a = { unresolvedAttribute: { unparsedIdentifier: "a" } };
const b = { unresolvedAttribute: { unparsedIdentifier: "b" } };
const fn = (name: string, ...args: unknown[]) => ({
  unresolvedFunction: { functionName: name, arguments: args },
});
const originOf = (e: Expression) => {
  const o = e.common?.origin?.function;
  if (o?.case !== "pythonOrigin") throw new Error("no origin");
  return o.value;
};
const int = (n: number) => ({ literal: { integer: n } });

Deno.test("lit infers PySpark's types from JS values", () => {
  const table: [unknown, string][] = [
    [null, "void"],
    [true, "boolean"],
    [7, "int"],
    [-(2 ** 31), "int"],
    [2 ** 31, "bigint"],
    [Number.MAX_SAFE_INTEGER, "bigint"],
    [2 ** 60, "double"],
    [1.5, "double"],
    [-0, "double"],
    [NaN, "double"],
    [12n, "bigint"],
    ["café", "string"],
    [new Date(0), "timestamp"],
    [new Uint8Array([1]), "binary"],
    [[1, 2], "array<int>"],
    [[1, 2 ** 40], "array<bigint>"],
    [[1, 0.5, null], "array<double>"],
    [[], "array<void>"],
    [[null, null], "array<void>"],
    [[["a"], []], "array<array<string>>"],
    [new Map([["k", 1]]), "map<string,int>"],
    [{ a: 1, b: "x", c: [true] }, "struct<a:int,b:string,c:array<boolean>>"],
  ];
  for (const [value, type] of table) {
    strictEqual(literalType(value as never).simpleString(), type, `lit(${String(value)})`);
  }
  strictEqual(
    literalType([1, null]).json(),
    '{"type":"array","elementType":"integer","containsNull":true}',
  );
  strictEqual(
    literalType([1]).json(),
    '{"type":"array","elementType":"integer","containsNull":false}',
  );
});

Deno.test("lit writes literal messages, collections typed at the root", () => {
  const utf8 = { collation: "UTF8_BINARY" };
  deepStrictEqual(plain(lit(7)), { literal: { integer: 7 } });
  deepStrictEqual(plain(lit(2 ** 40)), { literal: { long: "1099511627776" } });
  deepStrictEqual(plain(lit(null)), { literal: { null: { null: {} } } });
  deepStrictEqual(plain(lit(new Date(Date.UTC(2024, 0, 1, 0, 0, 0, 5)))), {
    literal: { timestamp: "1704067200005000" },
  });
  deepStrictEqual(plain(lit(["x", null])), {
    literal: {
      array: { elements: [{ string: "x" }, { null: { string: utf8 } }] },
      dataType: { array: { elementType: { string: utf8 }, containsNull: true } },
    },
  });
  const column = col("x");
  strictEqual(lit(column), column, "a Column passes through");
});

Deno.test("lit refuses values with no Spark form", () => {
  throws(() => lit(undefined as never), /undefined.*use null/);
  throws(() => lit(2n ** 64n), RangeError);
  throws(() => lit([1, "a"]), /does not fit/);
  throws(() => lit(new Map([[null, 1]])), /key cannot be null/);
  throws(() => lit(new Set([1]) as never), /Set has no Spark literal form/);
  throws(() => lit(new Date(NaN)), /invalid Date/);
});

Deno.test("operators send the Spark functions PySpark sends", () => {
  const table: [(c: Column) => Column, string][] = [
    [(c) => c.plus(1), "+"],
    [(c) => c.minus(1), "-"],
    [(c) => c.multiply(1), "*"],
    [(c) => c.divide(1), "/"],
    [(c) => c.mod(1), "%"],
    [(c) => c.pow(1), "power"],
    [(c) => c.eq(1), "=="],
    [(c) => c.lt(1), "<"],
    [(c) => c.leq(1), "<="],
    [(c) => c.gt(1), ">"],
    [(c) => c.geq(1), ">="],
    [(c) => c.eqNullSafe(1), "<=>"],
    [(c) => c.and(1), "and"],
    [(c) => c.or(1), "or"],
    [(c) => c.bitwiseAND(1), "&"],
    [(c) => c.bitwiseOR(1), "|"],
    [(c) => c.bitwiseXOR(1), "^"],
    [(c) => c.startswith(1), "startsWith"],
    [(c) => c.endswith(1), "endsWith"],
    [(c) => c.contains(1), "contains"],
  ];
  for (const [build, name] of table) deepStrictEqual(plain(build(col("a"))), fn(name, a, int(1)));
  deepStrictEqual(plain(col("a").notEqual(col("b"))), fn("not", fn("==", a, b)));
  deepStrictEqual(plain(col("a").isNull()), fn("isNull", a));
  deepStrictEqual(plain(not(col("a"))), fn("not", a));
  deepStrictEqual(plain(col("a").like("x%")), fn("like", a, { literal: { string: "x%" } }));
});

Deno.test("between, isin and substr build PySpark's shapes", () => {
  deepStrictEqual(
    plain(col("a").between(1, col("b"))),
    fn("and", fn(">=", a, int(1)), fn("<=", a, b)),
  );
  deepStrictEqual(plain(col("a").isin(1, 2)), fn("in", a, int(1), int(2)));
  deepStrictEqual(plain(col("a").isin([1, 2])), fn("in", a, int(1), int(2)));
  deepStrictEqual(plain(col("a").substr(2, 3)), fn("substr", a, int(2), int(3)));
  throws(() => col("a").substr(1, col("b")), /two numbers or two columns/);
});

Deno.test("cast parses type strings at once and sends the parsed type", () => {
  deepStrictEqual(plain(col("a").cast("array<int>")), {
    cast: {
      expr: a,
      type: { array: { elementType: { integer: {} }, containsNull: true } },
    },
  });
  deepStrictEqual(plain(col("a").try_cast(DataTypes.LongType)), {
    cast: { expr: a, type: { long: {} }, evalMode: "EVAL_MODE_TRY" },
  });
  deepStrictEqual(plain(lit(null).cast("int")), {
    cast: { expr: { literal: { null: { null: {} } } }, type: { integer: {} } },
  });
  throws(() => col("a").cast("integr"), DataTypeParseError);
});

Deno.test("alias, sort orders, field access and struct updates", () => {
  deepStrictEqual(plain(col("a").alias("x")), { alias: { expr: a, name: ["x"] } });
  deepStrictEqual(plain(col("a").alias("x", { metadata: { comment: "c" } })), {
    alias: { expr: a, name: ["x"], metadata: '{"comment":"c"}' },
  });
  deepStrictEqual(plain(col("a").as("p", "q")), { alias: { expr: a, name: ["p", "q"] } });
  deepStrictEqual(plain(col("a").desc()), {
    sortOrder: {
      child: a,
      direction: "SORT_DIRECTION_DESCENDING",
      nullOrdering: "SORT_NULLS_LAST",
    },
  });
  deepStrictEqual(plain(col("a").asc()), {
    sortOrder: {
      child: a,
      direction: "SORT_DIRECTION_ASCENDING",
      nullOrdering: "SORT_NULLS_FIRST",
    },
  });
  deepStrictEqual(plain(col("a").getItem(0)), {
    unresolvedExtractValue: { child: a, extraction: int(0) },
  });
  deepStrictEqual(plain(col("a").dropFields("x", "y")), {
    updateFields: {
      structExpression: { updateFields: { structExpression: a, fieldName: "x" } },
      fieldName: "y",
    },
  });
  deepStrictEqual(plain(col("a").withField("x", lit(1))), {
    updateFields: { structExpression: a, fieldName: "x", valueExpression: int(1) },
  });
  deepStrictEqual(plain(col("*")), { unresolvedStar: {} });
  deepStrictEqual(plain(col("t.*")), { unresolvedStar: { unparsedTarget: "t.*" } });
});

Deno.test("when chains into one `when` call, otherwise closes it", () => {
  const chain = when(col("a").eq(1), "one").when(col("a").eq(2), "two").otherwise("many");
  const str = (s: string) => ({ literal: { string: s } });
  deepStrictEqual(
    plain(chain),
    fn("when", fn("==", a, int(1)), str("one"), fn("==", a, int(2)), str("two"), str("many")),
  );
  throws(() => chain.otherwise("again"), /only follow when/);
  throws(() => chain.when(col("b"), 1), /only follow when/);
  throws(() => col("a").otherwise(1), /only follow when/);
  strictEqual(String(col("a").plus(1).alias("b")), "Column<'(a + 1) AS b'>");
});

Deno.test("every built expression records the TypeScript line that built it", () => {
  const [c, site] = builtAt(() => col("a").plus(1));
  match(originOf(c.expr).callSite, new RegExp(`^${site}:\\d+$`));
  strictEqual(originOf(c.expr).fragment, "plus");
  const inner = c.expr.exprType.value as { arguments: Expression[] };
  strictEqual(originOf(inner.arguments[0]).fragment, "col");
  const [t, lambdaSite] = builtAt(() => transform("xs", (x) => x.plus(1)));
  const lambda = (t.expr.exprType.value as { arguments: Expression[] }).arguments[1];
  const body = (lambda.exprType.value as { function: Expression }).function;
  match(originOf(body).callSite, new RegExp(`^${lambdaSite}:`));
});

Deno.test("Column operators agree with SQL on the server, nulls included", async () => {
  await withSpark(async (spark) => {
    const input = `SELECT * FROM VALUES
      (1, 2, 'Café', true, named_struct('x', 1, 'y', 'a'), array(10, 20), map('k', 1)),
      (NULL, 2, 'ünï 日本 🎉', false, NULL, array(7, 8), map()),
      (3, NULL, '', NULL, named_struct('x', NULL, 'y', 'b'), NULL, NULL),
      (4, 4, NULL, true, named_struct('x', 4, 'y', NULL), array(NULL, 1), map('k', NULL))
      AS t(i, j, s, f, st, xs, m)`;
    const [i, j, s, f] = [col("i"), col("j"), col("s"), col("f")];
    await assertSameAsSql(spark, input, [
      ["plus", i.plus(j), "i + j"],
      ["minus", i.minus(1), "i - 1"],
      ["multiply", i.multiply(1.5), "i * 1.5D"],
      ["divide", i.divide(j), "i / j"],
      ["mod", i.mod(2), "i % 2"],
      ["pow", i.pow(2), "power(i, 2)"],
      ["eq", i.eq(j), "i = j"],
      ["notEqual", i.notEqual(j), "i != j"],
      ["lt", i.lt(j), "i < j"],
      ["geq", i.geq(j), "i >= j"],
      ["eqNullSafe", i.eqNullSafe(j), "i <=> j"],
      ["and", f.and(i.gt(1)), "f AND i > 1"],
      ["or", f.or(i.gt(1)), "f OR i > 1"],
      ["not", not(f), "NOT f"],
      ["bitwiseXOR", i.bitwiseXOR(j), "i ^ j"],
      ["isNull", i.isNull(), "i IS NULL"],
      ["isNotNull", s.isNotNull(), "s IS NOT NULL"],
      ["isin", i.isin(1, 3, null), "i IN (1, 3, NULL)"],
      ["between", i.between(1, j), "i BETWEEN 1 AND j"],
      ["like", s.like("C%"), "s LIKE 'C%'"],
      ["ilike", s.ilike("c%"), "s ILIKE 'c%'"],
      ["rlike", s.rlike("^.n"), "s RLIKE '^.n'"],
      ["startswith", s.startswith("ün"), "startswith(s, 'ün')"],
      ["endswith", s.endswith("🎉"), "endswith(s, '🎉')"],
      ["contains", s.contains("日本"), "contains(s, '日本')"],
      ["substr", s.substr(2, 3), "substr(s, 2, 3)"],
      ["cast", i.cast("string"), "CAST(i AS STRING)"],
      ["try_cast", s.try_cast("int"), "TRY_CAST(s AS INT)"],
      ["getField", col("st").getField("y"), "st.y"],
      ["getItem array", col("xs").getItem(1), "xs[1]"],
      ["getItem map", col("m").getItem("k"), "m['k']"],
      [
        "withField",
        col("st").withField("z", i),
        "CASE WHEN st IS NULL THEN NULL ELSE named_struct('x', st.x, 'y', st.y, 'z', i) END",
      ],
      [
        "dropFields",
        col("st").dropFields("x"),
        "CASE WHEN st IS NULL THEN NULL ELSE named_struct('y', st.y) END",
      ],
      [
        "when",
        when(i.gt(2), "big").when(i.isNull(), "none"),
        "CASE WHEN i > 2 THEN 'big' WHEN i IS NULL THEN 'none' END",
      ],
      ["otherwise", when(i.gt(2), "big").otherwise(s), "CASE WHEN i > 2 THEN 'big' ELSE s END"],
    ]);
  });
});

Deno.test("lit values arrive as the SQL literals they stand for", async () => {
  await withSpark(async (spark) => {
    await assertSameAsSql(spark, "SELECT 1 AS one", [
      ["null", lit(null), "NULL"],
      ["int", lit(-7), "-7"],
      ["bigint", lit(2 ** 40), "1099511627776L"],
      ["bigint value", lit(-(2n ** 63n)), "-9223372036854775808L"],
      ["double", lit(0.1), "0.1D"],
      ["string", lit("naïve 😀 'q'"), "'naïve 😀 \\'q\\''"],
      [
        "timestamp",
        lit(new Date("2024-02-29T23:59:59.999Z")),
        "TIMESTAMP'2024-02-29 23:59:59.999'",
      ],
      ["binary", lit(new Uint8Array([0, 255, 16])), "X'00FF10'"],
      ["array", lit([1, null, 3]), "array(1, NULL, 3)"],
      ["empty array", lit([]), "array()"],
      ["nested array", lit([["a"], []]), "array(array('a'), array())"],
      ["map", lit(new Map([["a", 1], ["b", null]])), "map('a', 1, 'b', NULL)"],
      ["struct", lit({ x: 1, y: "é" }), "named_struct('x', 1, 'y', 'é')"],
      ["typed null", lit(null).cast("int"), "CAST(NULL AS INT)"],
    ]);
    const schema = await project(spark, "SELECT 1", [
      lit(7).alias("i"),
      lit(2 ** 40).alias("l"),
      lit([1, 2]).alias("xs"),
      lit([]).alias("e"),
      lit({ a: 1, b: null }).alias("st"),
    ]).schema();
    strictEqual(
      schema.toDDL(),
      "i INT NOT NULL, l BIGINT NOT NULL, xs ARRAY<INT> NOT NULL, e ARRAY<VOID> NOT NULL, " +
        "st STRUCT<a: INT NOT NULL, b: VOID> NOT NULL",
    );
  });
});

Deno.test("a Column naming an unknown column fails at the action, naming the TS line", async () => {
  await withSpark(async (spark) => {
    const [bad, site] = builtAt(() => col("nope").plus(1));
    const err = await evaluate(spark, "SELECT 1 AS id", [bad]).then(() => null, (e) => e);
    ok(err instanceof AnalysisException, `expected an AnalysisException, got ${err}`);
    strictEqual(err.errorClass, "UNRESOLVED_COLUMN.WITH_SUGGESTION");
    deepStrictEqual(err.messageParameters, { objectName: "`nope`", proposal: "`id`" });
    const [ctx] = err.queryContexts;
    strictEqual(ctx.fragment, "col");
    match(ctx.callSite, new RegExp(`^${site}:\\d+$`));
    match(ctx.summary, /"col" was called from/);
    ok(err.message.includes(`called at ${ctx.callSite}`), err.message);
  });
});

Deno.test("a type mismatch fails at the action, naming the function's TS line", async () => {
  await withSpark(async (spark) => {
    const [bad, site] = builtAt(() => date_add(col("id"), col("id"))); // BIGINT is no date
    const err = await evaluate(spark, "SELECT 1L AS id", [bad]).then(() => null, (e) => e);
    ok(err instanceof AnalysisException, `expected an AnalysisException, got ${err}`);
    strictEqual(err.errorClass, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
    const [ctx] = err.queryContexts;
    strictEqual(ctx.fragment, "date_add");
    match(ctx.callSite, new RegExp(`^${site}:\\d+$`));
  });
});

Deno.test("a runtime error's message names the TS line of the failing expression", async () => {
  await withSpark(async (spark) => {
    const [bad, site] = builtAt(() => col("xs").getItem(5)); // out of bounds under ANSI
    const err = await evaluate(spark, "SELECT array(1) AS xs", [bad]).then(() => null, (e) => e);
    ok(err instanceof SparkConnectError, `expected a SparkConnectError, got ${err}`);
    strictEqual(err.errorClass, "INVALID_ARRAY_INDEX");
    match(err.message, new RegExp(`"getItem" was called from\\n${site}:\\d+`));
  });
});
