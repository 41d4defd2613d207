/**
 * Run parameters (`params:` in a config) and their `${name}` references: finding them, checking
 * values against the declared type, and binding them into SQL (as typed literals) or paths (as
 * text).
 *
 * @module
 */
import type { Param } from "./types.ts";

/** A run parameter's value after checking: dates and timestamps stay ISO text. */
export type ParamValue = string | number | boolean;

/**
 * The `${name}` references in a text, with their offsets; `bad` lists `${...}` whose inside is
 * not a parameter name.
 *
 * @example
 * paramRefs("x >= ${as_of} - INTERVAL 3 YEARS").names; // ["as_of"]
 */
export function paramRefs(text: string): { names: string[]; bad: string[] } {
  const names: string[] = [];
  const bad: string[] = [];
  for (const m of text.matchAll(/\$\{([^}]*)\}?/g)) {
    if (m[0].endsWith("}") && /^[A-Za-z_][A-Za-z0-9_]*$/.test(m[1])) names.push(m[1]);
    else bad.push(m[0]);
  }
  return { names, bad };
}

/**
 * Checks a value given for a parameter of type `type`, from the CLI (text) or a default;
 * returns the value in its JS form, or an error message. `today` for a date is `today` (UTC).
 *
 * @example
 * checkParamValue("date", "today", new Date("2026-05-01T10:00:00Z")); // { value: "2026-05-01" }
 * checkParamValue("integer", "x"); // { error: "'x' is not an integer" }
 */
export function checkParamValue(
  type: Param["type"],
  value: ParamValue,
  today: Date = new Date(),
): { value: ParamValue } | { error: string } {
  const text = String(value);
  switch (type) {
    case "date": {
      if (text === "today") return { value: today.toISOString().slice(0, 10) };
      const ok = /^\d{4}-\d{2}-\d{2}$/.test(text) &&
        new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
      return ok ? { value: text } : { error: `'${text}' is not a date (YYYY-MM-DD or today)` };
    }
    case "timestamp": {
      const ok = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/
        .test(text) && !Number.isNaN(Date.parse(text));
      return ok ? { value: text } : { error: `'${text}' is not an ISO 8601 timestamp` };
    }
    case "integer":
      return /^-?\d+$/.test(text) ? { value: Number(text) } : {
        error: `'${text}' is not an integer`,
      };
    case "number":
      return text.trim() !== "" && Number.isFinite(Number(text)) ? { value: Number(text) } : {
        error: `'${text}' is not a number`,
      };
    case "boolean":
      return text === "true" || text === "false" ? { value: text === "true" } : {
        error: `'${text}' is not true or false`,
      };
    case "string":
      return { value: text };
  }
}

/**
 * A parameter value as a typed Spark SQL literal.
 *
 * @example
 * sqlLiteral("date", "2026-05-01"); // "DATE'2026-05-01'"
 * sqlLiteral("string", "it's"); // "'it\\'s'"
 */
export function sqlLiteral(type: Param["type"], value: ParamValue): string {
  switch (type) {
    case "date":
      return `DATE'${value}'`;
    case "timestamp":
      return `TIMESTAMP'${value}'`;
    case "integer":
    case "number":
    case "boolean":
      return String(value);
    case "string":
      return `'${String(value).replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  }
}

/**
 * Replaces each `${name}` in a SQL expression by its value as a typed literal.
 *
 * @example
 * bindSql("datediff(${as_of}, publishedAt)", { as_of: { type: "date" } }, { as_of: "2026-05-01" });
 * // "datediff(DATE'2026-05-01', publishedAt)"
 */
export function bindSql(
  text: string,
  params: Readonly<Record<string, Param>>,
  values: Readonly<Record<string, ParamValue>>,
): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (ref, name: string) => {
    if (!Object.hasOwn(params, name) || !Object.hasOwn(values, name)) {
      throw new Error(`no value for the parameter ${ref}`);
    }
    return sqlLiteral(params[name].type, values[name]);
  });
}

/**
 * Replaces each `${name}` in a path by its value's text.
 *
 * @example
 * bindText("out/as_of=${as_of}", { as_of: "2026-05-01" }); // "out/as_of=2026-05-01"
 */
export function bindText(text: string, values: Readonly<Record<string, ParamValue>>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (ref, name: string) => {
    if (!Object.hasOwn(values, name)) throw new Error(`no value for the parameter ${ref}`);
    return String(values[name]);
  });
}

/**
 * The values of a job's parameters: `given` (text, e.g. from `--param`) over each default,
 * checked against the declared types. Throws naming the first bad or missing value.
 *
 * @example
 * paramValues({ as_of: { type: "date", default: "today" } }, {}); // { as_of: "<today>" }
 */
export function paramValues(
  params: Readonly<Record<string, Param>>,
  given: Readonly<Record<string, string>> = {},
  today: Date = new Date(),
): Record<string, ParamValue> {
  const values: Record<string, ParamValue> = {};
  for (const name of Object.keys(given)) {
    if (!Object.hasOwn(params, name)) throw new Error(`unknown parameter '${name}'`);
  }
  for (const [name, param] of Object.entries(params)) {
    const raw = Object.hasOwn(given, name) ? given[name] : param.default;
    if (raw === undefined) throw new Error(`the parameter '${name}' has no value and no default`);
    const checked = checkParamValue(param.type, raw, today);
    if ("error" in checked) throw new Error(`parameter '${name}': ${checked.error}`);
    values[name] = checked.value;
  }
  return values;
}
