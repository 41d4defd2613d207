/**
 * Fills in a valid config's defaults from the schema's `default`s, so a loaded `JobSpec` has
 * every defaulted key (the types in `types.ts` count on it).
 *
 * @module
 */
import { CONFIG_SCHEMA } from "./schema.ts";

/**
 * A JSON Schema node of the config schema.
 *
 * @example
 * const node: Schema = CONFIG_SCHEMA.definitions.columns;
 */
export type Schema = { readonly [key: string]: unknown };

const DEFINITIONS = CONFIG_SCHEMA.definitions as unknown as Record<string, Schema>;

/**
 * A schema with its `#/definitions/` ref followed.
 *
 * @example
 * deref({ $ref: "#/definitions/columns" }).type; // "array"
 */
export function deref(schema: Schema): Schema {
  const ref = schema.$ref;
  return typeof ref === "string" && ref.startsWith("#/definitions/")
    ? deref(DEFINITIONS[ref.slice("#/definitions/".length)])
    : schema;
}

/**
 * The JSON Schema types a value has (`integer` values are also `number`s).
 *
 * @example
 * jsonTypes(3); // ["integer", "number"]
 * jsonTypes([1]); // ["array"]
 */
export function jsonTypes(value: unknown): string[] {
  if (value === null) return ["null"];
  if (Array.isArray(value)) return ["array"];
  if (typeof value === "number") {
    return Number.isInteger(value) ? ["integer", "number"] : ["number"];
  }
  return [typeof value];
}

/**
 * The branch of an `anyOf` that a value is meant for: the first whose `type` fits the value.
 *
 * @example
 * branchFor(CONFIG_SCHEMA.properties.sink.anyOf, [{ format: "json" }]); // the list branch
 */
export function branchFor(branches: readonly Schema[], value: unknown): Schema | undefined {
  const types = jsonTypes(value);
  return branches.find((branch) => {
    const type = deref(branch).type;
    const allowed = Array.isArray(type) ? type : [type];
    return type === undefined || allowed.some((t) => types.includes(t as string));
  });
}

/**
 * A copy of a valid config value with the schema's defaults filled in.
 *
 * @example
 * const spec = withDefaults(value); // spec.steps is [] when the config has no steps
 */
export function withDefaults<T>(value: T, schema: Schema = CONFIG_SCHEMA): T {
  return fill(value, schema) as T;
}

function fill(value: unknown, raw: Schema): unknown {
  const schema = deref(raw);
  if (Array.isArray(schema.anyOf)) {
    const branch = branchFor(schema.anyOf as Schema[], value);
    return branch ? fill(value, branch) : value;
  }
  if (Array.isArray(value)) {
    return schema.items ? value.map((item) => fill(item, schema.items as Schema)) : value;
  }
  if (typeof value !== "object" || value === null) return value;
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const extra = schema.additionalProperties;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const sub = properties[key] ?? (typeof extra === "object" ? extra as Schema : undefined);
    out[key] = sub ? fill(item, sub) : item;
  }
  for (const [key, sub] of Object.entries(properties)) {
    if (!(key in out) && "default" in sub) out[key] = structuredClone(sub.default);
  }
  return out;
}
