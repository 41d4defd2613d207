/**
 * Reads a config's YAML text into a plain value while keeping the node positions, and turns
 * the parser's own errors (syntax, duplicate keys, a non-UTF-8 file) into problems.
 *
 * @module
 */
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { readFile, StorageError } from "../storage/mod.ts";
import { Positions } from "./positions.ts";
import type { Problem } from "./problems.ts";

/**
 * A parsed config file: its value, where each node sits, and the problems met on the way.
 *
 * @example
 * const source = parseYaml("name: reviews\n", "reviews.yaml");
 * source.value; // { name: "reviews" }
 */
export interface YamlSource {
  /** The file name used in messages. */
  file: string;
  /** The document as plain data (the last of duplicate keys wins). */
  value: unknown;
  /** Where each node of the document is. */
  positions: Positions;
  /** Problems of the text itself: syntax errors, duplicate keys, not UTF-8, unreadable. */
  problems: Problem[];
  /** True when the text is too broken for the value to be checked any further. */
  fatal: boolean;
}

/**
 * Reads and parses a config file, local or `s3://`; `file` is the name used in messages
 * (default: `path`). An unreadable or non-UTF-8 file gives a fatal problem at 1:1 instead of
 * throwing.
 *
 * @example
 * const source = await readYaml("ingestion_config/reviews.yaml");
 * if (source.problems.length === 0) console.log(source.value);
 */
export async function readYaml(path: string, file = path): Promise<YamlSource> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(path));
  } catch (err) {
    const why = err instanceof TypeError
      ? "the file is not UTF-8 text"
      : err instanceof StorageError && err.kind === "not_found"
      ? "no such file"
      : err instanceof StorageError
      ? err.message
      : `cannot read the file: ${err instanceof Error ? err.message : err}`;
    const problems = [{ file, line: 1, col: 1, message: why }];
    return { ...parseYaml("", file), problems, fatal: true };
  }
  return parseYaml(text, file);
}

/**
 * Parses config text, keeping positions; `file` is the name used in messages.
 *
 * @example
 * const { problems } = parseYaml("a: 1\na: 2\n", "x.yaml");
 * problems[0].message; // "duplicate key 'a' (first at line 1)"
 */
export function parseYaml(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problems: Problem[] = [];
  let fatal = false;
  const errors: readonly unknown[] = doc.errors;
  for (const err of [...doc.errors, ...doc.warnings]) {
    const { line, col } = lineCounter.linePos(err.pos[0]);
    const kind = errors.includes(err) ? "error" : "warning";
    // A repeated key leaves a usable document (the last value wins): keep checking it.
    if (kind === "error" && err.code !== "DUPLICATE_KEY") fatal = true;
    const message = err.code === "DUPLICATE_KEY"
      ? duplicateKeyMessage(doc, err.pos[0], lineCounter)
      : err.code === "MULTIPLE_DOCS"
      ? "YAML error: a config is one YAML document; this file holds several (---)"
      : `YAML ${kind}: ${firstLine(err.message)}`;
    problems.push({ file, line, col, message });
  }
  let value: unknown = null;
  if (!fatal) {
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (err) {
      fatal = true;
      const message = `YAML error: ${firstLine(err instanceof Error ? err.message : String(err))}`;
      problems.push({ file, line: 1, col: 1, message });
    }
  }
  return { file, value, positions: new Positions(doc, lineCounter), problems, fatal };
}

/** The parser's message without its "at line X, column Y:" tail and code excerpt. */
function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").trim();
}

/** Names the repeated key and where it was first written. */
function duplicateKeyMessage(doc: Document, offset: number, lines: LineCounter): string {
  let found: { key: string; first?: number } | undefined;
  const walk = (node: unknown): void => {
    if (found) return;
    if (isMap(node)) {
      const keys = node.items.map((p) => p.key as Node | null);
      const at = keys.findIndex((k) => k?.range?.[0] === offset);
      if (at >= 0) {
        const key = keys[at];
        const name = isScalar(key) ? String(key.value) : String(key);
        const first = keys.find((k) => isScalar(k) && String(k.value) === name);
        found = { key: name, first: first?.range?.[0] };
        return;
      }
      for (const pair of node.items) walk(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
  if (!found) return "duplicate key";
  const where = found.first === undefined
    ? ""
    : ` (first at line ${lines.linePos(found.first).line})`;
  return `duplicate key '${found.key}'${where}`;
}
