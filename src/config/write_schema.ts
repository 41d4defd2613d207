/**
 * Writes `ingestion_config/config.schema.json` (the file editors read for completion and
 * hover help) from {@linkcode CONFIG_SCHEMA}. Run it after changing `schema.ts`:
 *
 * ```sh
 * deno run -A src/config/write_schema.ts
 * ```
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { CONFIG_SCHEMA } from "./schema.ts";

/** Where the schema file lives in the repo. */
export const SCHEMA_FILE: string = fileURLToPath(
  new URL("../../ingestion_config/config.schema.json", import.meta.url),
);

/**
 * The text of the schema file: the schema as indented JSON.
 *
 * @example
 * JSON.parse(schemaFileText()).title; // "Lakebook ingestion job"
 */
export function schemaFileText(): string {
  return JSON.stringify(CONFIG_SCHEMA, null, 2) + "\n";
}

if (import.meta.main) {
  await Deno.writeTextFile(SCHEMA_FILE, schemaFileText());
  console.log(`wrote ${SCHEMA_FILE}`);
}
