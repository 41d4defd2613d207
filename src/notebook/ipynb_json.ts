/**
 * nbformat's JSON form: parsing joins multi-line fields (lists of lines on disk) into strings and
 * gives cells ids; serializing writes them back as nbformat does (sorted keys, one-space indent,
 * lists of lines for text).
 *
 * @example
 * ```ts
 * const nb = parseNotebook(await Deno.readTextFile("in.ipynb"), "in.ipynb");
 * await Deno.writeTextFile("out.ipynb", serializeNotebook(nb));
 * ```
 *
 * @module
 */
import type {
  Cell,
  CellMetadata,
  MimeBundle,
  Notebook,
  NotebookMetadata,
  Output,
  TextCell,
} from "./ipynb.ts";

/**
 * A file that is not an nbformat 4 notebook.
 *
 * @example
 * try {
 *   await readNotebook("notes.txt");
 * } catch (err) {
 *   if (err instanceof NotebookFormatError) console.error(err.message);
 * }
 */
export class NotebookFormatError extends Error {
  /**
   * Makes the error for `where` (a path or a description).
   *
   * @example
   * throw new NotebookFormatError("in.ipynb", "nbformat 3 is not supported");
   */
  constructor(where: string, message: string) {
    super(`${where}: ${message}`);
    this.name = "NotebookFormatError";
  }
}

/**
 * Parses notebook JSON, joining multi-line fields and giving every cell an id (nbformat 4.5).
 *
 * @example
 * const nb = parseNotebook('{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[]}');
 */
export function parseNotebook(text: string, where = "notebook"): Notebook {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new NotebookFormatError(
      where,
      `not JSON (${(err as Error).message}); give a Jupyter notebook (.ipynb) saved by JupyterLab`,
    );
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw) || raw.nbformat !== 4) {
    const found = isObject(raw) && "nbformat" in raw ? ` (nbformat ${raw.nbformat})` : "";
    throw new NotebookFormatError(
      where,
      `not an nbformat 4 notebook${found}; open and save it in JupyterLab 4 to convert it`,
    );
  }
  const bad = (what: string) =>
    new NotebookFormatError(where, `${what}; the file is damaged: save it again from JupyterLab`);
  if (!Array.isArray(raw.cells)) throw bad(`"cells" is not a list`);
  if (raw.metadata !== undefined && !isObject(raw.metadata)) {
    throw bad(`"metadata" is not an object`);
  }
  const cells = raw.cells.map((c, i) => {
    if (!isObject(c)) throw bad(`cell ${i + 1} is not an object`);
    if (c.metadata !== undefined && !isObject(c.metadata)) {
      throw bad(`cell ${i + 1} has a "metadata" that is not an object`);
    }
    return readCell(c, i, where);
  });
  return {
    nbformat: 4,
    nbformat_minor: Math.max(Number(raw.nbformat_minor ?? 0), 5),
    metadata: (raw.metadata ?? {}) as NotebookMetadata,
    cells,
  };
}

/** nbformat 4.5's cell id: 1-64 letters, digits, `-` and `_` (others are replaced). */
const CELL_ID = /^[a-zA-Z0-9_-]{1,64}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function readCell(raw: Record<string, unknown>, index: number, where: string): Cell {
  const type = raw.cell_type;
  const metadata = (raw.metadata ?? {}) as CellMetadata;
  const id = typeof raw.id === "string" && CELL_ID.test(raw.id) ? raw.id : crypto.randomUUID();
  const source = joinLines(raw.source);
  if (type === "code") {
    const outputs = Array.isArray(raw.outputs) ? raw.outputs.map(readOutput) : [];
    const count = typeof raw.execution_count === "number" ? raw.execution_count : null;
    return { id, cell_type: "code", source, metadata, execution_count: count, outputs };
  }
  if (type === "markdown" || type === "raw") {
    const cell: TextCell = { id, cell_type: type, source, metadata };
    if (raw.attachments) cell.attachments = raw.attachments as Record<string, MimeBundle>;
    return cell;
  }
  throw new NotebookFormatError(
    where,
    `cell ${index + 1} has unknown cell_type ${String(type)}; make it code, markdown or raw`,
  );
}

function readOutput(raw: Record<string, unknown>): Output {
  const out = { ...raw } as Record<string, unknown>;
  if (out.output_type === "stream") out.text = joinLines(out.text);
  if (out.data) out.data = mapBundle(out.data as MimeBundle, joinLines);
  return out as unknown as Output;
}

/**
 * The notebook as nbformat writes it: sorted keys, one-space indent, multi-line fields as lists
 * of lines, a final newline.
 *
 * @example
 * await Deno.writeTextFile("out.ipynb", serializeNotebook(nb));
 */
export function serializeNotebook(nb: Notebook): string {
  const cells = nb.cells.map((cell) => {
    const out: Record<string, unknown> = { ...cell, source: splitLines(cell.source) };
    if (cell.cell_type === "code") out.outputs = cell.outputs.map(writeOutput);
    return out;
  });
  return JSON.stringify(sortKeys({ ...nb, cells }), null, 1) + "\n";
}

function writeOutput(output: Output): Record<string, unknown> {
  const out: Record<string, unknown> = { ...output };
  if (output.output_type === "stream") out.text = splitLines(output.text);
  if ("data" in output) out.data = mapBundle(output.data, splitLines);
  return out;
}

function joinLines(value: unknown): string {
  return Array.isArray(value) ? value.join("") : typeof value === "string" ? value : "";
}

/** nbformat's split: each line keeps its `\n`; the last one may lack it. */
function splitLines(text: string): string[] {
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

/**
 * On disk, nbformat stores `text/*`, `application/javascript` and `image/svg+xml` data as lists
 * of lines, and everything else (base64 images, JSON types) as is.
 */
function mapBundle(bundle: MimeBundle, f: (v: string) => unknown): MimeBundle {
  const out: MimeBundle = {};
  for (const [mime, value] of Object.entries(bundle)) {
    const isJson = mime === "application/json" || mime.endsWith("+json");
    const multiline = mime.startsWith("text/") || mime === "application/javascript" ||
      mime === "image/svg+xml";
    if (isJson) out[mime] = value;
    else if (Array.isArray(value)) out[mime] = joinLines(value);
    else out[mime] = multiline && typeof value === "string" ? f(value) : value;
  }
  return out;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}
