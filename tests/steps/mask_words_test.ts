import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { markMasked, maskWords } from "../../src/steps/mask_words.ts";
import { withSpark } from "../helpers/spark.ts";

const ROWS = [
  { id: 1, text: "Dang it, DANGIT! dangle dang." },
  { id: 2, text: "a+b (x) c[d] x.y" },
  { id: 3, text: "dang dang" },
  { id: 4, text: "has \uFDD0 marker dang \uFDD1 dangit" },
  { id: 5, text: "" },
  { id: 6, text: null },
  { id: 7, text: "😀dang😀 ñdang Été" },
  { id: 8, text: "dang abc" }, // 4 of 8 characters: exactly 0.5, dropped
  { id: 9, text: "dang abcd" }, // 4 of 9 characters: 0.44, kept
  { id: 10, text: "\uFDD0\uFDD3 dang" }, // holds a character of each marker pair: dropped
];
const WORDS = ["dang", "dangit", "a+b", "(x)", "c[d]", "x.y", "été"];

Deno.test("maskWords: one regex pass, longest word first, case-insensitive, literal words", async () => {
  await withSpark(async (spark) => {
    const df = await spark.createDataFrame(ROWS, "id INT, text STRING");
    const { df: kept, quarantined, metrics } = await maskWords(df, {
      column: "text",
      words: WORDS,
      dropIfRatioAtLeast: 0.5,
    });
    deepStrictEqual(await kept.orderBy("id").collect(), [
      { id: 1, text: "**** it, ******! dangle ****." },
      { id: 4, text: "has \uFDD0 marker **** \uFDD1 ******" }, // marked with the second pair
      { id: 5, text: "" },
      { id: 6, text: null },
      { id: 7, text: "😀****😀 ñdang ***" },
      { id: 9, text: "**** abcd" },
    ]);
    // Dropped rows keep their text unmasked in the quarantine row.
    deepStrictEqual(
      (await quarantined.orderBy("raw").collect()).map((q) => [q.rule, q.column, q.raw]),
      [
        ["mask_words", "text", '{"id":10,"text":"\uFDD0\uFDD3 dang"}'],
        ["mask_words", "text", '{"id":2,"text":"a+b (x) c[d] x.y"}'],
        ["mask_words", "text", '{"id":3,"text":"dang dang"}'],
        ["mask_words", "text", '{"id":8,"text":"dang abc"}'],
      ],
    );
    deepStrictEqual({ ...metrics, seconds: 0 }, {
      step: "mask_words",
      rowsIn: 10,
      rowsOut: 6,
      rejected: { mask_words: 4 },
      seconds: 0,
      details: {
        words: 7,
        match: "word",
        dropIfRatioAtLeast: 0.5,
        maskedChars: 14 + 13 + 8 + 10 + 7 + 4 + 4,
        rowsMasked: 7,
      },
    });
  });
});

Deno.test("maskWords: substring matches anywhere; no ratio keeps every row", async () => {
  await withSpark(async (spark) => {
    const df = await spark.createDataFrame(ROWS.slice(0, 3), "id INT, text STRING");
    const { df: kept, metrics } = await maskWords(df, {
      column: "text",
      words: ["dang"],
      match: "substring",
    });
    deepStrictEqual((await kept.orderBy("id").collect()).map((r) => r.text), [
      "**** it, ****IT! ****le ****.",
      "a+b (x) c[d] x.y",
      "**** ****",
    ]);
    deepStrictEqual(metrics.rejected, {});
  });
});

Deno.test("a job's batch tests every row once, rewrites only texts with a word, compiled", async () => {
  await withSpark(async (spark) => {
    const df = spark.range(10).selectExpr("id", "concat('dang it ', id) AS text");
    const marked = await markMasked(df, {
      column: "text",
      words: ["dang"],
      dropIfRatioAtLeast: 0.5,
    });
    const plan = (await marked.explain("simple")).split("\n");
    // One test of every row, the marking pass only where it matched; a second marking pass only
    // for texts holding U+FDD0 or U+FDD1 (the other markers).
    const search = plan.filter((l) => l.includes("(?i)(?=[d])"));
    strictEqual(search.length, 2, plan.join("\n"));
    ok(
      /Project \[[^\]]*, CASE WHEN RLIKE\(text#\d+, \(\?i\)[^\n]*\) THEN regexp_replace\(text#\d+, \(\?i\)[^\n]*\uFDD0\$0\uFDD1/
        .test(search[1]),
      search[1],
    );
    ok(search[0].includes("THEN replace(regexp_replace(regexp_replace(text#"), search[0]);
    const projections = plan.filter((l) => /\bProject \[/.test(l));
    ok(projections.every((l) => /\*\(\d+\) Project/.test(l)), plan.join("\n"));
  });
});
