/**
 * The nbformat 4 notebook model: types for cells, outputs and metadata, and reading and writing
 * `.ipynb` files. In memory every multi-line field (`source`, stream `text`, text MIME data) is
 * one string; on disk it is a list of lines, as nbformat writes it.
 *
 * @example
 * ```ts
 * const nb = await readNotebook("report.ipynb");
 * nb.cells.push(newMarkdownCell("Done."));
 * await writeNotebook("report.out.ipynb", nb);
 * ```
 *
 * @module
 */
import { readText, writeText } from "./files.ts";
import { parseNotebook, serializeNotebook } from "./ipynb_json.ts";

export { NotebookFormatError, parseNotebook, serializeNotebook } from "./ipynb_json.ts";

/**
 * A MIME bundle: MIME type to data (text types as one string, JSON types as JSON).
 *
 * @example
 * const bundle: MimeBundle = { "text/plain": "3 rows", "text/html": "<table>...</table>" };
 */
export type MimeBundle = Record<string, unknown>;

/**
 * Text written to stdout or stderr.
 *
 * @example
 * const out: StreamOutput = { output_type: "stream", name: "stdout", text: "hello\n" };
 */
export interface StreamOutput {
  /** Always `stream`. */
  output_type: "stream";
  /** Which stream. */
  name: "stdout" | "stderr";
  /** The text (consecutive writes to one stream merged). */
  text: string;
}

/**
 * A rich output shown with `display` (updatable by its display id).
 *
 * @example
 * const out: DisplayDataOutput = {
 *   output_type: "display_data",
 *   data: { "text/plain": "chart" },
 *   metadata: {},
 * };
 */
export interface DisplayDataOutput {
  /** Always `display_data`. */
  output_type: "display_data";
  /** The MIME bundle. */
  data: MimeBundle;
  /** Metadata per MIME type. */
  metadata: Record<string, unknown>;
}

/**
 * The value of a cell's last expression.
 *
 * @example
 * const out: ExecuteResultOutput = {
 *   output_type: "execute_result",
 *   execution_count: 3,
 *   data: { "text/plain": "42" },
 *   metadata: {},
 * };
 */
export interface ExecuteResultOutput {
  /** Always `execute_result`. */
  output_type: "execute_result";
  /** The `In [n]` of the cell that produced it. */
  execution_count: number | null;
  /** The MIME bundle. */
  data: MimeBundle;
  /** Metadata per MIME type. */
  metadata: Record<string, unknown>;
}

/**
 * An uncaught error.
 *
 * @example
 * const out: ErrorOutput = {
 *   output_type: "error",
 *   ename: "TypeError",
 *   evalue: "x is not a function",
 *   traceback: ["TypeError: x is not a function"],
 * };
 */
export interface ErrorOutput {
  /** Always `error`. */
  output_type: "error";
  /** The error's name (`TypeError`). */
  ename: string;
  /** Its message. */
  evalue: string;
  /** The stack, one line per entry. */
  traceback: string[];
}

/**
 * Any output of a code cell.
 *
 * @example
 * const errors = cell.outputs.filter((o: Output) => o.output_type === "error");
 */
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/**
 * What papermill records on each cell (times are ISO 8601, durations in seconds).
 *
 * @example
 * if (cell.metadata.papermill?.status === "failed") console.error("this cell failed");
 */
export interface CellPapermillMetadata {
  /** When the cell started, or null while pending. */
  start_time: string | null;
  /** When it ended. */
  end_time: string | null;
  /** How long it ran, in seconds. */
  duration: number | null;
  /** Where the cell is in the run. */
  status: "pending" | "running" | "completed" | "failed";
  /** Whether it raised (null before it ran). */
  exception: boolean | null;
}

/**
 * Cell metadata: tags, papermill's and nbclient's records, and anything else kept as is.
 *
 * @example
 * const isParameters = (meta: CellMetadata) => meta.tags?.includes("parameters") ?? false;
 */
export interface CellMetadata {
  /** The cell's tags (`parameters`, `injected-parameters`, ...). */
  tags?: string[];
  /** papermill's record of the cell's run. */
  papermill?: CellPapermillMetadata;
  /** nbclient's message timestamps (`iopub.status.busy`, `shell.execute_reply`, ...). */
  execution?: Record<string, string>;
  /** Anything else, kept as is. */
  [key: string]: unknown;
}

/**
 * A cell of code, with its outputs.
 *
 * @example
 * const cell: CodeCell = newCodeCell("1 + 1");
 */
export interface CodeCell {
  /** The cell id (nbformat 4.5). */
  id?: string;
  /** Always `code`. */
  cell_type: "code";
  /** The code. */
  source: string;
  /** The cell's metadata. */
  metadata: CellMetadata;
  /** The `In [n]` of its last run, or null. */
  execution_count: number | null;
  /** What its last run produced. */
  outputs: Output[];
}

/**
 * A markdown or raw cell.
 *
 * @example
 * const cell: TextCell = newMarkdownCell("# Report");
 */
export interface TextCell {
  /** The cell id (nbformat 4.5). */
  id?: string;
  /** The kind of text. */
  cell_type: "markdown" | "raw";
  /** The text. */
  source: string;
  /** The cell's metadata. */
  metadata: CellMetadata;
  /** Files the markdown refers to as `attachment:NAME`. */
  attachments?: Record<string, MimeBundle>;
}

/**
 * Any cell.
 *
 * @example
 * const code = nb.cells.filter((c: Cell) => c.cell_type === "code");
 */
export type Cell = CodeCell | TextCell;

/**
 * What papermill records on the notebook (times are ISO 8601, durations in seconds).
 *
 * @example
 * const took = nb.metadata.papermill?.duration; // seconds
 */
export interface NotebookPapermillMetadata {
  /** The parameters cell's defaults, as source text. */
  default_parameters?: Record<string, unknown>;
  /** The values injected. */
  parameters?: Record<string, unknown>;
  /** Always empty: environment values are never written into notebooks. */
  environment_variables?: Record<string, string>;
  /** The writer's version (papermill's; Lakebook leaves it out). */
  version?: string;
  /** Where the notebook was read from. */
  input_path?: string | null;
  /** Where the executed notebook was saved. */
  output_path?: string | null;
  /** When the run started. */
  start_time?: string | null;
  /** When it ended. */
  end_time?: string | null;
  /** How long it took, in seconds. */
  duration?: number | null;
  /** Whether a cell failed. */
  exception?: boolean | null;
}

/**
 * Notebook metadata: kernelspec, language_info, papermill's record, and the rest as is.
 *
 * @example
 * const language = nb.metadata.language_info?.name; // "typescript"
 */
export interface NotebookMetadata {
  /** The kernel the notebook is for. */
  kernelspec?: { name: string; display_name: string; language?: string };
  /** The kernel's language, as its `kernel_info_reply` describes it. */
  language_info?: Record<string, unknown>;
  /** papermill's record of the run. */
  papermill?: NotebookPapermillMetadata;
  /** Anything else, kept as is. */
  [key: string]: unknown;
}

/**
 * An nbformat 4 notebook.
 *
 * @example
 * const nb: Notebook = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] };
 */
export interface Notebook {
  /** Always 4. */
  nbformat: 4;
  /** The minor version (5 or more once read: cells have ids). */
  nbformat_minor: number;
  /** The notebook's metadata. */
  metadata: NotebookMetadata;
  /** The cells, in order. */
  cells: Cell[];
}

/**
 * Reads and parses an `.ipynb` file, local or `s3://`.
 *
 * @example
 * const nb = await readNotebook("s3://lake/notebooks/ingest.ipynb");
 */
export async function readNotebook(path: string): Promise<Notebook> {
  return parseNotebook(await readText(path), path);
}

/**
 * Writes `nb` to `path` (local or `s3://`) atomically, so a reader never sees half a notebook:
 * locally a temporary file beside it renamed over it (its folder made if missing), on S3 one PUT
 * (an object is visible only once complete).
 *
 * @example
 * await writeNotebook("out.ipynb", nb);
 */
export async function writeNotebook(path: string, nb: Notebook): Promise<void> {
  await writeText(path, serializeNotebook(nb), "application/x-ipynb+json");
}

/**
 * A new code cell with no outputs.
 *
 * @example
 * const cell = newCodeCell('let n = 5;', ["injected-parameters"]);
 */
export function newCodeCell(source: string, tags: string[] = []): CodeCell {
  return {
    id: newCellId(),
    cell_type: "code",
    source,
    metadata: { tags },
    execution_count: null,
    outputs: [],
  };
}

/**
 * A new markdown cell.
 *
 * @example
 * const cell = newMarkdownCell("**Run failed**", ["papermill-error-cell-tag"]);
 */
export function newMarkdownCell(source: string, tags: string[] = []): TextCell {
  return { id: newCellId(), cell_type: "markdown", source, metadata: { tags } };
}

/**
 * Whether `cell` carries the tag `tag`.
 *
 * @example
 * const paramsIndex = nb.cells.findIndex((c) => hasTag(c, "parameters"));
 */
export function hasTag(cell: Cell, tag: string): boolean {
  return Array.isArray(cell.metadata.tags) && cell.metadata.tags.includes(tag);
}

/**
 * A fresh cell id (nbformat 4.5: 1-64 characters of letters, digits, `-` and `_`).
 *
 * @example
 * const id = newCellId(); // "3f2b9c1e-..."
 */
export function newCellId(): string {
  return crypto.randomUUID();
}
