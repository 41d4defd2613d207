/**
 * Checks that a spec is valid vega-lite 5: it matches vega-lite's own JSON Schema (which
 * catches misspelled and misplaced properties that `compile` ignores) and compiles to vega
 * without a warning.
 *
 * @module
 */
import assert from "node:assert/strict";
import { Ajv, type ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";
import { compile } from "vega-lite";
import schema from "vega-lite/build/vega-lite-schema.json" with { type: "json" };

let validate: ValidateFunction | undefined;

/** Asserts that `spec` is valid vega-lite 5 and compiles to vega without warnings. */
export function assertValidVegaLite(spec: unknown): void {
  if (!validate) {
    const ajv = new Ajv({ strict: false, logger: false });
    ajvFormats.default(ajv); // the CommonJS module, whose `default` is the plugin
    validate = ajv.compile(schema);
  }
  assert.ok(validate(spec), `not vega-lite 5: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
  const warnings: string[] = [];
  const logger = {
    level: () => logger,
    error: (...a: unknown[]) => (warnings.push(`error: ${a.join(" ")}`), logger),
    warn: (...a: unknown[]) => (warnings.push(`warn: ${a.join(" ")}`), logger),
    info: () => logger,
    debug: () => logger,
  };
  // deno-lint-ignore no-explicit-any
  const compiled = compile(spec as any, { logger: logger as any });
  assert.deepEqual(warnings, [], "vega-lite warned while compiling");
  assert.ok(Array.isArray(compiled.spec.marks) && compiled.spec.marks.length > 0);
}
