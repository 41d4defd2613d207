/**
 * The config schema: the shipped JSON file is the TS constant, every key is documented, and the
 * types derived from it accept real configs and reject wrong ones at compile time.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { deref } from "../../src/config/defaults.ts";
import { CONFIG_SCHEMA } from "../../src/config/schema.ts";
import type { JobSpec, SinkTarget, Step } from "../../src/config/types.ts";
import { SCHEMA_FILE } from "../../src/config/write_schema.ts";

Deno.test("ingestion_config/config.schema.json is CONFIG_SCHEMA (else run src/config/write_schema.ts)", async () => {
  deepStrictEqual(JSON.parse(await Deno.readTextFile(SCHEMA_FILE)), CONFIG_SCHEMA);
});

Deno.test("every key of the config schema has a description", () => {
  const undocumented: string[] = [];
  const visit = (schema: Record<string, unknown>, path: string) => {
    for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, never>)) {
      if (!("description" in sub) && !("description" in deref(sub))) {
        undocumented.push(`${path}.${key}`);
      }
      visit(deref(sub), `${path}.${key}`);
    }
  };
  visit(CONFIG_SCHEMA, "");
  for (const [name, def] of Object.entries(CONFIG_SCHEMA.definitions)) visit(def, name);
  deepStrictEqual(undocumented, []);
});

Deno.test("the derived types take a config's shape and refuse a wrong one", () => {
  const step: Step = { dedupe: { keys: ["restaurantId"], latest_by: "publishedAt" } };
  const spec: JobSpec = {
    name: "reviews",
    source: { format: "json", path: "in/*.jsonl", schema: "review.json" },
    steps: [step, { filter: "rating > 1" }],
    sink: { format: "delta", path: "out", mode: "merge", keys: ["id"], single_file: false },
  };
  // @ts-expect-error: a step has exactly one key
  const twoKeys: Step = { filter: "a", dedupe: { keys: ["a"], latest_by: "b" } };
  // @ts-expect-error: modes are a closed list
  const badMode: SinkTarget = { format: "delta", path: "out", mode: "upsert", single_file: false };
  // @ts-expect-error: a defaulted key is present in a loaded config
  const noDefault: SinkTarget = { format: "delta", path: "out" };
  ok(spec.steps[1].filter === "rating > 1" && twoKeys && badMode && noDefault);
});
