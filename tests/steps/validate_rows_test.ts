import { deepStrictEqual, rejects, strictEqual } from "node:assert/strict";
import { col } from "../../src/connect/functions/mod.ts";
import { readSource } from "../../src/steps/read_source.ts";
import { loadRowSchema, readDDL } from "../../src/steps/row_schema.ts";
import { validateRows } from "../../src/steps/validate_rows.ts";
import { withSpark } from "../helpers/spark.ts";

const SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["id", "name", "score"],
  properties: {
    id: { type: "integer" },
    name: { type: "string", minLength: 2, maxLength: 5, pattern: "^[a-z]+$" },
    score: { type: "number", minimum: 0, maximum: 10 },
    weight: { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 },
    color: { enum: ["red", "blue"] },
    at: { type: "string", format: "date-time" },
    day: { type: "string", format: "date" },
    key: { type: ["string", "null"] },
  },
};

const good = {
  id: 1,
  name: "abc",
  score: 5,
  weight: 0.5,
  color: "red",
  at: "2025-01-01T10:00:00+02:00",
  day: "2025-01-01",
  key: "k",
};
const LINES: [string, string | null][] = [
  [JSON.stringify(good), null],
  ['{"id": 2, "name": "ab', "malformed"],
  [JSON.stringify({ ...good, id: "x" }), "type id"],
  [JSON.stringify({ ...good, id: undefined }), "required id"],
  [JSON.stringify({ ...good, id: 5, at: "2025-01-01 00:00" }), "format at"],
  [JSON.stringify({ ...good, id: 6, day: "2025-02-30" }), "format day"],
  [JSON.stringify({ ...good, id: 7, color: "green" }), "enum color"],
  [JSON.stringify({ ...good, id: 8, score: -1 }), "minimum score"],
  [JSON.stringify({ ...good, id: 9, score: 11 }), "maximum score"],
  [JSON.stringify({ ...good, id: 10, weight: 0 }), "exclusive_minimum weight"],
  [JSON.stringify({ ...good, id: 11, weight: 1 }), "exclusive_maximum weight"],
  [JSON.stringify({ ...good, id: 12, name: "a" }), "min_length name"],
  [JSON.stringify({ ...good, id: 13, name: "abcdef" }), "max_length name"],
  [JSON.stringify({ ...good, id: 14, name: "ABC" }), "pattern name"],
  [JSON.stringify({ ...good, id: 15, key: null }), "null_key key"],
];

Deno.test("validateRows: each bad row under the first rule it breaks, with its raw line and file", async () => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-validate-" });
    try {
      await Deno.writeTextFile(`${dir}/schema.json`, JSON.stringify(SCHEMA));
      await Deno.writeTextFile(`${dir}/rows.jsonl`, LINES.map(([l]) => l).join("\n") + "\n\n");
      const { df: raw, schema } = await readSource(spark, {
        format: "json",
        path: `${dir}/rows.jsonl`,
        schema: `${dir}/schema.json`,
      });
      // Persisted: a query of the corrupt records alone works, and sees every corrupt line.
      strictEqual(await raw.filter(col("_corrupt_record").isNotNull()).count(), 2);
      const { df, quarantined, metrics } = await validateRows(raw, schema!, { notNull: ["key"] });
      const rows = await quarantined.collect();
      deepStrictEqual(
        rows.map((q) => (q.column ? `${q.rule} ${q.column}` : q.rule)).sort(),
        LINES.map(([, rule]) => rule).filter((r) => r !== null).sort(),
      );
      const malformed = rows.find((q) => q.rule === "malformed")!;
      strictEqual(malformed.raw, LINES[1][0]);
      strictEqual(rows.find((q) => q.rule === "type")!.raw, LINES[2][0]);
      strictEqual(
        JSON.parse(rows.find((q) => q.rule === "format" && q.column === "at")!.raw as string).at,
        "2025-01-01 00:00",
      );
      strictEqual(
        rows.find((q) => q.rule === "enum")!.detail,
        'color is not one of ["red","blue"]',
      );
      strictEqual(String(malformed.source_file), `file:${dir}/rows.jsonl`);
      deepStrictEqual(await df.drop("_source_file").collect(), [{
        ...good,
        id: 1n,
        at: new Date("2025-01-01T08:00:00Z"),
        day: new Date("2025-01-01T00:00:00Z"),
      }]);
      strictEqual((await df.schema()).toDDL().includes("at TIMESTAMP, day DATE"), true);
      deepStrictEqual([metrics.rowsIn, metrics.rowsOut], [15, 1]);
      await raw.unpersist();
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("readSource: clear errors for a missing schema column and a missing schema file", async () => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-read-" });
    try {
      await Deno.writeTextFile(`${dir}/schema.json`, JSON.stringify(SCHEMA));
      await spark.range(2).selectExpr("id", "'abc' AS name").write.parquet(`${dir}/table`);
      await rejects(
        readSource(spark, {
          format: "parquet",
          path: `${dir}/table`,
          schema: `${dir}/schema.json`,
        }),
        /has no column score, weight, color, at, day, key that its schema .* lists; it has: id, name/,
      );
      await rejects(loadRowSchema(`${dir}/nope.json`), /source schema .*nope\.json: no such file/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("row schemas read dates and timestamps as text, the rest as the config maps them", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-schema-" });
  try {
    await Deno.writeTextFile(`${dir}/schema.json`, JSON.stringify(SCHEMA));
    const schema = await loadRowSchema(`${dir}/schema.json`);
    strictEqual(
      readDDL(schema, true),
      "`id` BIGINT, `name` STRING, `score` DOUBLE, `weight` DOUBLE, `color` STRING, `at` STRING, " +
        "`day` STRING, `key` STRING, `_corrupt_record` STRING",
    );
    deepStrictEqual(schema.fields.find((f) => f.name === "at")!.sqlType, "TIMESTAMP");
    deepStrictEqual(schema.fields.find((f) => f.name === "key")!.nullable, true);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
