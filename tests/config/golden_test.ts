/**
 * Golden tests: each broken config in `fixtures/` gives exactly the `file:line:col: message`
 * lines of its `.expected` file (pure checks) and `.spark.expected` file (with Spark's analysis
 * of the SQL expressions); the shipped configs give none. `LAKEBOOK_UPDATE_GOLDEN=1` rewrites
 * the expected files from the current output, for review in the diff.
 */
import { deepStrictEqual } from "node:assert/strict";
import { existsSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { formatProblem } from "../../src/config/problems.ts";
import type { SparkSession } from "../../src/connect/session.ts";
import { validateConfig } from "../../src/config/validate.ts";
import { withSpark } from "../helpers/spark.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const UPDATE = Deno.env.get("LAKEBOOK_UPDATE_GOLDEN") === "1";
const TODAY = new Date("2026-05-01T12:00:00Z");
const SHIPPED = ["ingestion_config/reviews.yaml", "ingestion_config/review_aggregation.yaml"];

/** The fixtures that have an expected file with `suffix`, as paths from the repo root. */
function fixtures(suffix: string): string[] {
  return [...Deno.readDirSync(FIXTURES)]
    .filter((e) => e.name.endsWith(".yaml") && existsSync(expectedFile(e.name, suffix)))
    .map((e) => relative(ROOT, FIXTURES + e.name))
    .sort();
}

function expectedFile(name: string, suffix: string): string {
  return FIXTURES + name.replace(/\.yaml$/, suffix);
}

/** Compares the problems of `file` with its golden file (or rewrites it). */
async function golden(file: string, suffix: string, lines: string[]): Promise<void> {
  const path = expectedFile(file.split("/").at(-1)!, suffix);
  if (UPDATE) await Deno.writeTextFile(path, lines.join("\n") + "\n");
  const expected = (await Deno.readTextFile(path)).split("\n").filter((l) => l !== "");
  deepStrictEqual(lines, expected, `${file} vs ${path}`);
}

async function problemLines(file: string, spark?: SparkSession): Promise<string[]> {
  const problems = await validateConfig(ROOT + file, { file, today: TODAY, spark });
  return problems.map(formatProblem);
}

Deno.test("every broken fixture gives exactly its expected file:line:col messages", async (t) => {
  for (const file of fixtures(".expected")) {
    await t.step(file, async () => await golden(file, ".expected", await problemLines(file)));
  }
});

Deno.test("the shipped configs have no problems, pure or analyzed by Spark", async (t) => {
  for (const file of SHIPPED) {
    deepStrictEqual(await problemLines(file), [], file);
  }
  await withSpark(async (spark) => {
    for (const file of SHIPPED) {
      await t.step(file, async () => deepStrictEqual(await problemLines(file, spark), []));
    }
  });
});

Deno.test("Spark's analysis reports each bad SQL expression at its own position", async (t) => {
  await withSpark(async (spark) => {
    for (const file of fixtures(".spark.expected")) {
      await t.step(file, async () => {
        await golden(file, ".spark.expected", await problemLines(file, spark));
      });
    }
  });
});
