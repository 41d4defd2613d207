/**
 * Loading configs: defaults, paths resolved against the project root whatever the current
 * folder, URLs kept, and a ConfigError listing every problem.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../../src/config/problems.ts";
import { projectRoot } from "../../src/config/resolve.ts";
import { loadConfig } from "../../src/config/validate.ts";
import { sinksOf } from "../../src/config/types.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");

/** Runs `fn` with `dir` as the current folder. */
async function inDir<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const before = Deno.cwd();
  Deno.chdir(dir);
  try {
    return await fn();
  } finally {
    Deno.chdir(before);
  }
}

Deno.test("a shipped config loads with defaults and paths under the project root, from any folder", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "lakebook-config-" });
  try {
    const spec = await inDir(tmp, () => loadConfig(join(ROOT, "ingestion_config/reviews.yaml")));
    strictEqual(spec.source.path, join(ROOT, "data/sample/reviews.jsonl"));
    strictEqual(spec.source.schema, join(ROOT, "ingestion_config/schemas/review.json"));
    deepStrictEqual(spec.steps[0].mask_words?.words, join(ROOT, "data/inappropriate_words.txt"));
    strictEqual(spec.quarantine?.path, join(ROOT, "data/output/reviews_quarantine"));
    deepStrictEqual(sinksOf(spec).map((s) => [s.path, s.single_file]), [
      [join(ROOT, "data/output/reviews"), false],
    ]);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("relative paths resolve against the folder holding ingestion_config/, URLs and absolute paths stay", async () => {
  const project = await Deno.makeTempDir({ prefix: "lakebook-project-" });
  try {
    await Deno.mkdir(join(project, "ingestion_config/nested"), { recursive: true });
    await Deno.mkdir(join(project, "elsewhere"));
    await Deno.copyFile(
      join(ROOT, "ingestion_config/schemas/review.json"),
      join(project, "review.json"),
    );
    const config = join(project, "ingestion_config/nested/job.yaml");
    await Deno.writeTextFile(
      config,
      [
        "name: job",
        "source: { format: json, path: s3://lake/in/*.jsonl, schema: review.json }",
        "sink:",
        "  - { format: delta, path: out/table }",
        "  - { format: json, path: /abs/out }",
      ].join("\n"),
    );
    strictEqual(projectRoot(config), project);
    const spec = await inDir(
      join(project, "elsewhere"),
      () => loadConfig("../ingestion_config/nested/job.yaml"),
    );
    strictEqual(spec.source.path, "s3://lake/in/*.jsonl");
    strictEqual(spec.source.schema, join(project, "review.json"));
    deepStrictEqual(sinksOf(spec).map((s) => [s.path, s.mode]), [
      [join(project, "out/table"), "append"],
      ["/abs/out", "append"],
    ]);
    deepStrictEqual(spec.steps, []);
  } finally {
    await Deno.remove(project, { recursive: true });
  }
});

Deno.test("loadConfig throws a ConfigError that lists every problem", async () => {
  const path = join(ROOT, "tests/config/fixtures/duplicate_keys.yaml");
  const err = await loadConfig(path, { file: "dup.yaml" }).then(() => undefined, (e) => e);
  ok(err instanceof ConfigError);
  strictEqual(err.problems.length, 3);
  strictEqual(
    err.message.split("\n")[0] + "\n" + err.message.split("\n")[1],
    "invalid config dup.yaml: 3 problems\ndup.yaml:7:3: duplicate key 'format' (first at line 4)",
  );
});
