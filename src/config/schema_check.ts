/**
 * Checks a config value against {@linkcode CONFIG_SCHEMA} with Ajv and turns Ajv's errors into
 * findings a person can act on: the offending key or value, "did you mean", YAML's words
 * (mapping, list) instead of JSON's, and only the relevant branch of an `anyOf`.
 *
 * @module
 */
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { branchFor, deref, jsonTypes, type Schema } from "./defaults.ts";
import { pointerSegments } from "./positions.ts";
import type { Finding } from "./problems.ts";
import { CONFIG_SCHEMA } from "./schema.ts";
import { didYouMean } from "./suggest.ts";

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
ajv.addVocabulary(["patternErrorMessage"]);
const validateConfig = ajv.compile(CONFIG_SCHEMA);
const branchValidators = new Map<Schema, ValidateFunction>();

/** The step names, in schema order. */
const STEP_NAMES = Object.keys(CONFIG_SCHEMA.definitions.step.properties);
const STEP_ITEM = /^\/steps\/\d+$/;

/**
 * Where the value breaks the config schema, one finding per problem.
 *
 * @example
 * schemaFindings({ name: "x", source: { format: "jsn", path: "p" }, sink: { format: "delta", path: "o" } });
 * // [{ pointer: "/source/format", message: "source.format: 'jsn' is not one of json, csv, parquet, delta (did you mean 'json'?)" }]
 */
export function schemaFindings(value: unknown): Finding[] {
  validateConfig(value);
  return translate(resolveAnyOf(validateConfig.errors ?? []));
}

/**
 * A readable name of the key at a pointer, e.g. `steps[0].mask_words.column`.
 *
 * @example
 * label("/steps/0/mask_words/column"); // "steps[0].mask_words.column"
 */
export function label(pointer: string): string {
  return pointerSegments(pointer).reduce(
    (acc, s) => /^\d+$/.test(s) ? `${acc}[${s}]` : acc === "" ? s : `${acc}.${s}`,
    "",
  );
}

/** Keeps, for each failed `anyOf`, only the errors of the branch the value was meant for. */
function resolveAnyOf(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOf = errors.filter((e) => e.keyword === "anyOf")
    .sort((a, b) => a.instancePath.length - b.instancePath.length);
  let out = [...errors];
  for (const err of anyOf) {
    if (!out.includes(err)) continue; // inside a branch already replaced
    const at = err.instancePath;
    out = out.filter((e) =>
      e !== err && e.instancePath !== at && !e.instancePath.startsWith(at + "/")
    );
    const branch = branchFor(err.schema as Schema[], err.data);
    if (!branch) {
      out.push(err); // no branch fits: reported as "must be X or Y"
      continue;
    }
    let validate = branchValidators.get(branch);
    if (!validate) {
      validate = ajv.compile({ ...branch, definitions: CONFIG_SCHEMA.definitions });
      branchValidators.set(branch, validate);
    }
    validate(err.data);
    const inner = resolveAnyOf(validate.errors ?? []);
    out.push(...inner.map((e) => ({ ...e, instancePath: at + e.instancePath })));
  }
  return out;
}

const PLURALS: Record<string, string> = { object: "mappings", string: "strings" };

function branchTypes(branches: readonly Schema[]): string {
  return branches.map((b) => {
    const s = deref(b);
    const items = s.type === "array" ? deref(s.items as Schema).type : undefined;
    return items ? `a list of ${PLURALS[String(items)] ?? items}` : typeName(s.type);
  }).join(" or ");
}

function typeName(type: unknown): string {
  const names: Record<string, string> = {
    object: "a mapping",
    array: "a list",
    string: "a string",
    number: "a number",
    integer: "a whole number",
    boolean: "true or false",
    null: "empty",
  };
  const types = Array.isArray(type) ? type : [type];
  const words = types.map((t) => names[String(t)] ?? String(t));
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : words[0];
}

function describe(data: unknown): string {
  if (data === null || data === undefined) return "empty";
  if (typeof data === "string") return `a string ('${data}')`;
  if (typeof data === "number" || typeof data === "boolean") return `a ${typeof data} (${data})`;
  return typeName(jsonTypes(data)[0]);
}

function shown(data: unknown): string {
  return typeof data === "string" ? `'${data}'` : JSON.stringify(data);
}

function translate(errors: readonly ErrorObject[]): Finding[] {
  const findings: Finding[] = [];
  for (const err of errors) {
    const finding = translateOne(err);
    if (
      finding &&
      !findings.some((f) => f.pointer === finding.pointer && f.message === finding.message)
    ) {
      findings.push(finding);
    }
  }
  return findings;
}

function translateOne(err: ErrorObject): Finding | undefined {
  const at = err.instancePath;
  const prefix = at === "" ? "" : `${label(at)}: `;
  const parent = (err.parentSchema ?? {}) as Schema;
  const params = err.params as Record<string, unknown>;
  if (err.propertyName !== undefined) {
    const hint = (parent.patternErrorMessage as string) ?? err.message;
    return {
      pointer: `${at}/${err.propertyName}`,
      target: "key",
      message: `${prefix}'${err.propertyName}' ${hint}`,
    };
  }
  switch (err.keyword) {
    case "propertyNames":
      return undefined; // reported by the inner error, which names the key
    case "required":
      return {
        pointer: at,
        target: "key",
        message: `${prefix}missing required key '${params.missingProperty}'`,
      };
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const known = Object.keys((parent.properties ?? {}) as Schema);
      const hint = didYouMean(key, known) || ` (expected one of: ${known.join(", ")})`;
      const message = STEP_ITEM.test(at)
        ? `${prefix}unknown step '${key}'${
          didYouMean(key, STEP_NAMES) || ` (steps: ${STEP_NAMES.join(", ")})`
        }`
        : `${prefix}unknown key '${key}'${hint}`;
      return { pointer: `${at}/${key}`, target: "key", message };
    }
    case "type": {
      if (STEP_ITEM.test(at)) {
        const named = typeof err.data === "string" && STEP_NAMES.includes(err.data)
          ? `'${err.data}' needs its options: write '- ${err.data}: ...'`
          : `must be a mapping with the step's name as key, e.g. '- filter: <condition>', not ${
            describe(err.data)
          }`;
        return { pointer: at, message: `${prefix}${named}` };
      }
      const types = String(params.type).split(",");
      if (err.data === null) {
        return { pointer: at, message: `${prefix}is empty; expected ${typeName(types)}` };
      }
      return {
        pointer: at,
        message: `${prefix}must be ${typeName(types)}, not ${describe(err.data)}`,
      };
    }
    case "anyOf": {
      const expected = branchTypes(err.schema as Schema[]);
      if (err.data === null) {
        return { pointer: at, message: `${prefix}is empty; expected ${expected}` };
      }
      return { pointer: at, message: `${prefix}must be ${expected}, not ${describe(err.data)}` };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof err.data === "string" ? didYouMean(err.data, allowed) : "";
      return {
        pointer: at,
        message: `${prefix}${shown(err.data)} is not one of ${allowed.join(", ")}${hint}`,
      };
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum": {
      const words = {
        minimum: "at least",
        maximum: "at most",
        exclusiveMinimum: "greater than",
        exclusiveMaximum: "less than",
      };
      return {
        pointer: at,
        message: `${prefix}must be ${words[err.keyword]} ${params.limit}, not ${shown(err.data)}`,
      };
    }
    case "minItems":
    case "minLength":
    case "minProperties": {
      if (STEP_ITEM.test(at)) {
        return { pointer: at, message: `${prefix}a step needs a name: ${STEP_NAMES.join(", ")}` };
      }
      return { pointer: at, message: `${prefix}must not be empty` };
    }
    case "maxProperties": {
      const keys = Object.keys(err.data as object).join(", ");
      const message =
        `${prefix}a step has exactly one key, its name; found ${keys} (start each step with '- ')`;
      return { pointer: at, message };
    }
    case "uniqueItems": {
      const j = Number(params.j);
      return {
        pointer: `${at}/${j}`,
        message: `${prefix}${shown((err.data as unknown[])[j])} is listed twice`,
      };
    }
    case "pattern": {
      const hint = (parent.patternErrorMessage as string) ?? `must match ${params.pattern}`;
      return { pointer: at, message: `${prefix}${shown(err.data)} ${hint}` };
    }
    default:
      return { pointer: at, message: `${prefix}${err.message}` };
  }
}
