/**
 * The checks a JSON Schema cannot express: a valid cron schedule, parameter references and
 * defaults, the source schema file, columns named by steps and sinks (followed through the
 * steps: an `aggregate` changes them), the words file, and sink rules (`merge` needs `keys`).
 * Each check looks only at the parts of the value that have the right shape, so every problem
 * is reported, whatever else is broken.
 *
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { cronError } from "./cron.ts";
import { checkParamValue, paramRefs } from "./params.ts";
import type { Finding } from "./problems.ts";
import { isS3Path, readTextFile, statFile } from "../storage/mod.ts";
import { isUrl, resolvePath } from "./resolve.ts";
import { label } from "./schema_check.ts";
import { type ColumnKind, readSourceSchema, type SourceColumn } from "./source_schema.ts";
import { didYouMean } from "./suggest.ts";

/**
 * A config value (or a mapping inside one) as parsed, not yet known to be valid.
 *
 * @example
 * const value: Obj = { name: "reviews", sink: { format: "delta" } };
 */
export type Obj = Record<string, unknown>;

/**
 * What the checks found, and the source's columns when its schema could be read (the Spark
 * check builds on them).
 *
 * @example
 * const { findings, columns } = await semanticFindings(value, "/repo");
 */
export interface SemanticResult {
  /** Every problem found. */
  findings: Finding[];
  /** The source's columns, when its schema file could be read. */
  columns?: SourceColumn[];
}

const ORDERABLE: ColumnKind[] = ["timestamp", "date", "integer", "number"];
const PARAM_TYPES = ["date", "timestamp", "string", "integer", "number", "boolean"] as const;

const obj = (x: unknown): Obj | undefined =>
  typeof x === "object" && x !== null && !Array.isArray(x) ? x as Obj : undefined;
const str = (x: unknown): string | undefined => typeof x === "string" ? x : undefined;
const list = (x: unknown): unknown[] => Array.isArray(x) ? x : [];

/**
 * The sinks of a config value with their pointers (`sink` may be one mapping or a list).
 *
 * @example
 * sinkEntries({ sink: [{ format: "json" }] }); // [[{ format: "json" }, "/sink/0"]]
 */
export function sinkEntries(value: Obj): [Obj, string][] {
  const sinks: [unknown, string][] = Array.isArray(value.sink)
    ? value.sink.map((s, i) => [s, `/sink/${i}`])
    : [[value.sink, "/sink"]];
  return sinks.flatMap(([s, p]) => obj(s) ? [[s as Obj, p]] : []);
}

/**
 * Runs the checks on a config value (already known to be a mapping); relative paths resolve
 * against `root`.
 *
 * @example
 * const { findings } = await semanticFindings({ name: "x", schedule: "0 25 * * *" }, "/repo");
 * findings[0].message; // "schedule: '0 25 * * *' is not a valid schedule: hour 25 is out of range 0-23"
 */
export async function semanticFindings(value: Obj, root: string): Promise<SemanticResult> {
  const findings: Finding[] = [];
  const add = (pointer: string, message: string, target?: "key") =>
    findings.push({ pointer, message: `${label(pointer)}: ${message}`, target });

  const schedules: [string, unknown][] = [
    ["/schedule", value.schedule],
    ["/maintenance/schedule", obj(value.maintenance)?.schedule],
  ];
  for (const [pointer, given] of schedules) {
    const schedule = str(given);
    const error = schedule === undefined ? undefined : cronError(schedule);
    if (error) add(pointer, `'${schedule}' is not a valid schedule: ${error}`);
  }

  // Parameters: defaults of the declared type, and every ${name} declared.
  const params = obj(value.params) ?? {};
  const declared = Object.keys(params);
  for (const [name, p] of Object.entries(params)) {
    const type = obj(p)?.type as (typeof PARAM_TYPES)[number];
    const given = obj(p)?.default;
    if (!PARAM_TYPES.includes(type) || !["string", "number", "boolean"].includes(typeof given)) {
      continue;
    }
    const checked = checkParamValue(type, given as string);
    if ("error" in checked) add(`/params/${name}/default`, checked.error);
  }
  const checkRefs = (text: unknown, pointer: string) => {
    if (typeof text !== "string") return;
    const { names, bad } = paramRefs(text);
    for (const name of names.filter((n) => !declared.includes(n))) {
      const known = declared.length ? "" : " (declare it under params:)";
      add(pointer, `unknown parameter '\${${name}}'${didYouMean(name, declared) || known}`);
    }
    for (const ref of bad) add(pointer, `'${ref}' is not a parameter reference: write \${name}`);
  };

  // The source and its columns.
  const source = obj(value.source);
  let columns: SourceColumn[] | undefined;
  if (source) {
    checkRefs(source.path, "/source/path");
    const schema = str(source.schema);
    const format = str(source.format);
    if (schema === undefined && (format === "json" || format === "csv")) {
      add("/source", `missing required key 'schema' (${format} sources are read with one)`, "key");
    } else if (schema !== undefined && isUrl(schema) && !isS3Path(schema)) {
      add("/source/schema", `'${schema}' must be a local or s3:// file, read before the run`);
    } else if (schema) {
      const read = await readSourceSchema(resolvePath(root, schema));
      if ("error" in read) add("/source/schema", `'${schema}': ${read.error}`);
      else columns = read.columns;
    }
  }

  // Columns named by steps, followed through the steps.
  let cols = columns &&
    new Map<string, ColumnKind | undefined>(columns.map((c) => [c.name, c.kind]));
  let origin = "the source schema";
  const checkColumn = (name: unknown, pointer: string, kinds?: ColumnKind[], what = "") => {
    if (typeof name !== "string" || !cols) return;
    if (!cols.has(name)) {
      add(pointer, `no column '${name}' in ${origin}${didYouMean(name, [...cols.keys()])}`);
      return;
    }
    const kind = cols.get(name);
    if (kinds && kind && !kinds.includes(kind)) {
      add(pointer, `column '${name}' is ${article(kind)}; ${what} needs ${orList(kinds)}`);
    }
  };
  for (const [i, step] of list(value.steps).entries()) {
    const entries = Object.entries(obj(step) ?? {});
    if (entries.length !== 1) continue;
    const [name, options] = entries[0];
    const at = `/steps/${i}/${name}`;
    const o = obj(options);
    if (name === "filter") checkRefs(options, at);
    if (!o) continue;
    if (name === "mask_words") {
      checkColumn(o.column, `${at}/column`, ["string"], "mask_words");
      await checkWords(o.words, `${at}/words`, root, add);
    } else if (name === "dedupe") {
      for (const [j, key] of list(o.keys).entries()) checkColumn(key, `${at}/keys/${j}`);
      checkColumn(o.latest_by, `${at}/latest_by`, ORDERABLE, "latest_by");
      for (const [j, key] of list(o.tie_break).entries()) checkColumn(key, `${at}/tie_break/${j}`);
    } else if (name === "aggregate") {
      const groupBy = list(o.group_by).filter((g): g is string => typeof g === "string");
      groupBy.forEach((g, j) => checkColumn(g, `${at}/group_by/${j}`));
      const window = obj(o.window);
      if (window) {
        checkColumn(window.column, `${at}/window/column`, ["date", "timestamp"], "a window");
        checkRefs(window.until, `${at}/window/until`);
      }
      const metrics = obj(o.metrics) ?? {};
      for (const [metric, expr] of Object.entries(metrics)) {
        if (groupBy.includes(metric)) {
          add(`${at}/metrics/${metric}`, `'${metric}' is also a group_by column`, "key");
        }
        if (typeof expr === "string") checkRefs(expr, `${at}/metrics/${metric}`);
        for (const [field, e] of Object.entries(obj(expr) ?? {})) {
          checkRefs(e, `${at}/metrics/${metric}/${field}`);
        }
      }
      cols = Array.isArray(o.group_by) && groupBy.length === o.group_by.length
        ? new Map([...groupBy, ...Object.keys(metrics)].map((c) => [c, undefined]))
        : undefined;
      origin = `the output of steps[${i}].aggregate`;
    }
  }

  // Sinks and the quarantine.
  const paths = new Map<string, string>();
  const checkPath = (path: unknown, pointer: string) => {
    if (typeof path !== "string") return;
    checkRefs(path, pointer);
    const full = resolvePath(root, path);
    const first = paths.get(full);
    if (first) add(pointer, `'${path}' is also where ${first} writes`);
    else paths.set(full, label(pointer).replace(/\.path$/, ""));
  };
  for (const [sink, at] of sinkEntries(value)) {
    checkPath(sink.path, `${at}/path`);
    const merge = sink.mode === "merge";
    if (merge && sink.format !== undefined && sink.format !== "delta") {
      add(`${at}/mode`, `merge needs format: delta, not ${sink.format}`);
    }
    if (merge && sink.keys === undefined) {
      add(at, "missing required key 'keys' for mode: merge (the columns identifying a row)", "key");
    }
    if (merge && sink.single_file === true) {
      add(`${at}/single_file`, "does not apply to mode: merge");
    }
    for (const key of ["keys", "update_when_newer"]) {
      if (!merge && sink[key] !== undefined) {
        add(`${at}/${key}`, "only applies to mode: merge", "key");
      }
    }
    for (const [j, key] of list(sink.keys).entries()) checkColumn(key, `${at}/keys/${j}`);
    checkColumn(sink.update_when_newer, `${at}/update_when_newer`, ORDERABLE, "update_when_newer");
    for (const [name, expr] of Object.entries(obj(sink.partition_by) ?? {})) {
      checkRefs(expr, `${at}/partition_by/${name}`);
    }
  }
  checkPath(obj(value.quarantine)?.path, "/quarantine/path");
  return { findings, columns };
}

/**
 * A words file (local or `s3://`) must exist and list at least one word (other URLs are
 * checked when read).
 */
async function checkWords(
  words: unknown,
  pointer: string,
  root: string,
  add: (pointer: string, message: string) => void,
): Promise<void> {
  if (typeof words !== "string" || words === "" || isUrl(words) && !isS3Path(words)) return;
  const path = resolvePath(root, words);
  let text: string;
  if (isS3Path(path)) {
    try {
      if (!(await statFile(path))) return add(pointer, `'${words}' does not exist`);
      text = await readTextFile(path);
    } catch (err) {
      return add(pointer, `'${words}': ${err instanceof Error ? err.message : err}`);
    }
  } else {
    if (!existsSync(path)) return add(pointer, `'${words}' does not exist`);
    if (!statSync(path).isFile()) return add(pointer, `'${words}' is not a file`);
    text = await Deno.readTextFile(path);
  }
  const count = text.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (count.length === 0) add(pointer, `'${words}' lists no words`);
}

function article(kind: ColumnKind): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

function orList(kinds: readonly ColumnKind[]): string {
  const words = kinds.map(article);
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : words[0];
}
