import { deepStrictEqual } from "node:assert/strict";
import {
  abs,
  atan2,
  bround,
  ceil,
  ceiling,
  col,
  exp,
  floor,
  hypot,
  lit,
  log,
  log10,
  negative,
  pmod,
  pow,
  power,
  round,
  signum,
  sqrt,
  try_add,
  try_divide,
} from "../../../src/connect/functions/mod.ts";
import { withSpark } from "../../helpers/spark.ts";
import { assertSameAsSql, plain } from "./eval.ts";

Deno.test("log(x) is ln, log(base, x) is log; numbers in pow are values", () => {
  const x = { unresolvedAttribute: { unparsedIdentifier: "x" } };
  deepStrictEqual(plain(log("x")), { unresolvedFunction: { functionName: "ln", arguments: [x] } });
  deepStrictEqual(plain(log(2, "x")), {
    unresolvedFunction: { functionName: "log", arguments: [{ literal: { integer: 2 } }, x] },
  });
  deepStrictEqual(plain(pow("x", 2)), {
    unresolvedFunction: { functionName: "power", arguments: [x, { literal: { integer: 2 } }] },
  });
  deepStrictEqual(plain(round("x")), {
    unresolvedFunction: { functionName: "round", arguments: [x] },
  });
});

Deno.test("math functions agree with SQL on signs, halves, zero, NaN and null", async () => {
  await withSpark(async (spark) => {
    const input = `SELECT * FROM VALUES
      (2.5D, -3, 4, 1.005D), (-2.5D, 7, 0, 0D), (NULL, NULL, NULL, NULL),
      (CAST('NaN' AS DOUBLE), 0, -2, 123.456D)
      AS t(x, i, j, y)`;
    await assertSameAsSql(spark, input, [
      ["abs", abs("x"), "abs(x)"],
      ["negative", negative("i"), "negative(i)"],
      ["sqrt", sqrt("j"), "sqrt(j)"],
      ["exp", exp("x"), "exp(x)"],
      ["log", log("j"), "ln(j)"],
      ["log base", log(2, "j"), "log(2, j)"],
      ["log10", log10("y"), "log10(y)"],
      ["pow", pow("x", 2), "power(x, 2)"],
      ["power cols", power("i", "j"), "power(i, j)"],
      ["pmod", pmod("i", 4), "pmod(i, 4)"],
      ["atan2", atan2("x", "y"), "atan2(x, y)"],
      ["hypot", hypot("i", 4), "hypot(i, 4)"],
      ["round", round("x"), "round(x)"],
      ["round scale", round("y", 2), "round(y, 2)"],
      ["round negative scale", round("y", -1), "round(y, -1)"],
      ["bround", bround("x"), "bround(x)"],
      ["floor", floor("x"), "floor(x)"],
      ["floor scale", floor("y", 1), "floor(y, 1)"],
      ["ceil", ceil(col("x")), "ceil(x)"],
      ["ceiling", ceiling("y", 2), "ceiling(y, 2)"],
      ["signum", signum("i"), "signum(i)"],
      ["try_add", try_add("i", lit(2147483647)), "try_add(i, 2147483647)"],
      ["try_divide", try_divide("i", "j"), "try_divide(i, j)"],
    ]);
  });
});
