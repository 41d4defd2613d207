/**
 * The generated bad rows against Spark's JSON reader (a real server): Spark and the review
 * JSON Schema must agree on which lines are good, or a pipeline would keep rows the schema
 * rejects (or the other way round).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";
import { generateReviews, readWords, writeReviews } from "../../src/data/generate.ts";
import { SAMPLE_BAD_ROWS } from "../../src/data/sample.ts";
import { withSpark } from "../helpers/spark.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Spark's verdict, as in a pipeline: parse with the schema, keep rows passing every rule. */
const VALID = `_corrupt_record IS NULL AND restaurantId IS NOT NULL AND reviewId IS NOT NULL
  AND text IS NOT NULL AND rating IS NOT NULL AND rating BETWEEN 1 AND 5`;

function schemaValidKeys(lines: readonly string[]): string[] {
  const ajv = new Ajv({ strict: false, logger: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(
    JSON.parse(Deno.readTextFileSync(`${ROOT}ingestion_config/schemas/review.json`)),
  );
  const keys: string[] = [];
  for (const line of lines) {
    let row: { restaurantId: number; reviewId: number; publishedAt: string };
    try {
      row = JSON.parse(line);
    } catch {
      continue;
    }
    if (validate(row)) {
      keys.push(`${row.restaurantId}/${row.reviewId}/${Date.parse(row.publishedAt)}`);
    }
  }
  return keys.sort();
}

async function sparkValidKeys(path: string, publishedAt: "STRING" | "TIMESTAMP") {
  return await withSpark(async (spark) => {
    const df = spark.read
      .schema(
        `restaurantId BIGINT, reviewId BIGINT, text STRING, rating DOUBLE, ` +
          `publishedAt ${publishedAt}, _corrupt_record STRING`,
      )
      .options({ mode: "PERMISSIVE", columnNameOfCorruptRecord: "_corrupt_record" })
      .json(path);
    const at = publishedAt === "STRING" ? "try_to_timestamp(publishedAt)" : "publishedAt";
    const rows = await df
      .filter(`${VALID} AND ${at} IS NOT NULL`)
      .selectExpr(
        "restaurantId",
        "reviewId",
        `CAST(unix_micros(${at}) DIV 1000 AS BIGINT) AS ms`,
      )
      .collect();
    return rows.map((r) => `${r.restaurantId}/${r.reviewId}/${r.ms}`).sort();
  });
}

Deno.test("Spark's JSON reader and the review schema agree on every generated line", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-generate-" });
  try {
    const words = await readWords(`${ROOT}data/inappropriate_words.txt`);
    const opts = { rows: 3000, seed: 17, badRatio: 0.3, words };
    const path = `${dir}/reviews.jsonl`;
    await writeReviews({ ...opts, out: path });
    const expected = schemaValidKeys([...generateReviews(opts)].map((g) => g.line));
    ok(expected.length > 2000 && expected.length < 2300, `${expected.length} valid lines`);
    deepStrictEqual(await sparkValidKeys(path, "STRING"), expected);
    deepStrictEqual(await sparkValidKeys(path, "TIMESTAMP"), expected);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Spark quarantines exactly the sample bad rows marked quarantined", async () => {
  const path = `${ROOT}data/sample/bad_rows.jsonl`;
  const expected = schemaValidKeys(SAMPLE_BAD_ROWS.map((r) => r.line));
  strictEqual(
    expected.length,
    SAMPLE_BAD_ROWS.filter((r) => r.outcome !== "quarantined").length,
  );
  deepStrictEqual(await sparkValidKeys(path, "STRING"), expected);
  deepStrictEqual(await sparkValidKeys(path, "TIMESTAMP"), expected);
});
