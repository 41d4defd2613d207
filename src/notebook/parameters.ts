/**
 * Notebook parameters for the Deno kernel: finding the cell tagged `parameters`, listing what it
 * declares (name, type, default, help), and translating values into a TypeScript cell that
 * re-declares them legally in the kernel's REPL.
 *
 * What the Deno kernel allows across cells (verified with Deno 2.9.6): `let` after `let`,
 * `const` after `const` and `var` after `var` re-declare; mixing keywords (`const` then `let`,
 * `let` then `var`, ...) is a SyntaxError. So each injected declaration uses the keyword of the
 * parameters cell's declaration (or of the notebook's first top-level declaration of that
 * name), and `let` for names declared nowhere.
 *
 * @example
 * ```ts
 * const source = translateParameters({ limit: 10, day: "2024-05-01" }, listParameters(nb));
 * // // Parameters
 * // let limit = 10;
 * // const day = new Date("2024-05-01");   (when the parameters cell has `const day = new Date(...)`)
 * ```
 *
 * @module
 */
import { type Cell, hasTag, newCodeCell, type Notebook } from "./ipynb.ts";
import { type Declaration, topLevelDeclarations } from "./declarations.ts";

/**
 * A declared parameter, as `lakebook notebook params` lists it.
 *
 * @example
 * const names = listParameters(nb).map((p: ParameterInfo) => p.name);
 */
export interface ParameterInfo {
  /** The parameter's name. */
  name: string;
  /** The type annotation, or the type inferred from the default (`string`, `Date`, ...). */
  type: string;
  /** The default's source text. */
  default: string;
  /** The comment on the declaration's line, if any. */
  help: string;
  /** The declaring keyword, reused when injecting. */
  keyword: "let" | "const" | "var";
}

/**
 * The tag of the cell holding the defaults.
 *
 * @example
 * const cell = nb.cells.find((c) => c.metadata.tags?.includes(PARAMETERS_TAG));
 */
export const PARAMETERS_TAG = "parameters";
/**
 * The tag of the cell the runner inserts.
 *
 * @example
 * const injected = nb.cells.find((c) => c.metadata.tags?.includes(INJECTED_TAG));
 */
export const INJECTED_TAG = "injected-parameters";

/**
 * The index of the first cell tagged `parameters`, or -1.
 *
 * @example
 * const at = findParametersCell(nb);
 */
export function findParametersCell(nb: Notebook): number {
  return nb.cells.findIndex((c) => hasTag(c, PARAMETERS_TAG));
}

/**
 * The parameters the notebook's `parameters` cell declares (empty without one).
 *
 * @example
 * for (const p of listParameters(nb)) console.log(`${p.name}: ${p.type} = ${p.default}`);
 */
export function listParameters(nb: Notebook): ParameterInfo[] {
  const at = findParametersCell(nb);
  if (at < 0 || nb.cells[at].cell_type !== "code") return [];
  return topLevelDeclarations(nb.cells[at].source).map(describe);
}

function describe(d: Declaration): ParameterInfo {
  return {
    name: d.name,
    type: d.type || inferType(d.init),
    default: d.init,
    help: d.comment,
    keyword: d.keyword,
  };
}

/**
 * The type a default's source text suggests: `string`, `number`, `boolean`, `null`, `Date`,
 * `array`, `object`, or `unknown`.
 *
 * @example
 * inferType('new Date("2024-01-01")'); // "Date"
 */
export function inferType(init: string): string {
  const s = init.trim();
  if (/^["'`]/.test(s)) return "string";
  if (/^[-+]?(\d|\.\d)/.test(s) || /^[-+]?(Infinity|NaN)$/.test(s)) return "number";
  if (s === "true" || s === "false") return "boolean";
  if (s === "null") return "null";
  if (s === "undefined") return "undefined";
  if (/^new\s+Date\s*\(/.test(s)) return "Date";
  if (s.startsWith("[")) return "array";
  if (s.startsWith("{")) return "object";
  return "unknown";
}

/**
 * The source of the injected cell: one declaration per value, with the keyword each name is
 * declared with in `declared` (else `let`). A string given for a parameter whose default is a
 * `Date` becomes `new Date("...")`; `Date` values do too.
 *
 * @example
 * translateParameters({ n: 5, tags: ["a"], when: null }, []);
 * // "// Parameters\nlet n = 5;\nlet tags = [\"a\"];\nlet when = null;\n"
 */
export function translateParameters(
  values: Record<string, unknown>,
  declared: Pick<ParameterInfo, "name" | "type" | "keyword">[],
): string {
  const byName = new Map(declared.map((d) => [d.name, d]));
  const lines = ["// Parameters"];
  for (const [name, value] of Object.entries(values)) {
    checkIdentifier(name);
    const d = byName.get(name);
    const asDate = d?.type === "Date" && typeof value === "string";
    lines.push(
      `${d?.keyword ?? "let"} ${name} = ${
        asDate ? dateLiteral(value, name) : literal(value, name)
      };`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * A TypeScript expression for `value`: JSON where JSON can say it, `new Date(...)` for dates,
 * `NaN`/`Infinity`, `undefined` and `123n` for the rest.
 *
 * @example
 * literal({ at: new Date(0), n: NaN }); // '{"at": new Date("1970-01-01T00:00:00.000Z"), "n": NaN}'
 */
export function literal(value: unknown, name = "value"): string {
  if (value === undefined) return "undefined";
  if (value === null || typeof value === "boolean" || typeof value === "string") {
    return JSON.stringify(value);
  }
  if (typeof value === "number") {
    return Number.isFinite(value) ? JSON.stringify(value) : String(value);
  }
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return dateLiteral(value.toISOString(), name);
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, name)).join(", ")}]`;
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${literal(v, name)}`).join(", ")}}`;
  }
  throw new TypeError(`parameter ${name}: cannot write a ${typeof value} as TypeScript`);
}

function dateLiteral(text: string, name: string): string {
  if (Number.isNaN(new Date(text).getTime())) {
    throw new TypeError(`parameter ${name}: ${JSON.stringify(text)} is not a date`);
  }
  return `new Date(${JSON.stringify(text)})`;
}

const RESERVED = new Set(
  ("break case catch class const continue debugger default delete do else enum export extends " +
    "false finally for function if import in instanceof new null return super switch this throw " +
    "true try typeof var void while with let static yield await implements interface package " +
    "private protected public").split(" "),
);

function checkIdentifier(name: string): void {
  if (!/^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*$/u.test(name) || RESERVED.has(name)) {
    throw new TypeError(`parameter name ${JSON.stringify(name)} is not a TypeScript identifier`);
  }
}

/**
 * Inserts (or replaces) the cell tagged `injected-parameters` as papermill does: in place of an
 * earlier injected cell, else right after the `parameters` cell, else at the top. Declaration
 * keywords come from the parameters cell, then from the first top-level declaration of each
 * name anywhere in the notebook. Records the values in `metadata.papermill.parameters`.
 *
 * @example
 * const nb2 = injectParameters(nb, { limit: 10 });
 * nb2.cells.find((c) => c.metadata.tags?.includes("injected-parameters"));
 */
export function injectParameters(nb: Notebook, values: Record<string, unknown>): Notebook {
  const declared = new Map(listParameters(nb).map((p) => [p.name, p]));
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code" || hasTag(cell, INJECTED_TAG)) continue;
    for (const d of safeDeclarations(cell)) {
      if (!declared.has(d.name)) declared.set(d.name, describe(d));
    }
  }
  const cell = newCodeCell(translateParameters(values, [...declared.values()]), [INJECTED_TAG]);
  const cells = [...nb.cells];
  const injected = cells.findIndex((c) => hasTag(c, INJECTED_TAG));
  if (injected >= 0) cells.splice(injected, 1, cell);
  else cells.splice(findParametersCell(nb) + 1, 0, cell);
  const papermill = { ...nb.metadata.papermill, parameters: values };
  return { ...nb, cells, metadata: { ...nb.metadata, papermill } };
}

function safeDeclarations(cell: Cell): Declaration[] {
  try {
    return topLevelDeclarations(cell.source);
  } catch {
    return [];
  }
}

/**
 * Reads a `-p name value` value as papermill does: `True`/`true`, `False`/`false`,
 * `None`/`null`, integers and floats become those; anything else stays a string.
 *
 * @example
 * parseCliValue("42"); // 42
 * parseCliValue("2024-05-01"); // "2024-05-01"
 */
export function parseCliValue(text: string): string | number | boolean | null {
  if (text === "True" || text === "true") return true;
  if (text === "False" || text === "false") return false;
  if (text === "None" || text === "null") return null;
  if (/^[-+]?\d+$/.test(text.trim())) return Number(text);
  if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text.trim())) return Number(text);
  if (/^[-+]?(inf|infinity|nan)$/i.test(text.trim())) {
    return /nan/i.test(text) ? NaN : text.trim().startsWith("-") ? -Infinity : Infinity;
  }
  return text;
}
