/**
 * Running a notebook headless, papermill-compatible: parameters injected, papermill's notebook
 * and cell metadata, the error banner and anchor cells on failure, the output notebook (a local
 * path or `s3://`) saved atomically at the start, after every cell (in the background, in
 * order, while the next cell runs) and at the end, so a crash loses no finished cell, and a
 * record in the run history (written from a worker thread, `history_writer.ts`).
 *
 * @example
 * ```ts
 * const { summary } = await runNotebook("ingest.ipynb", {
 *   output: "out/ingest.ipynb",
 *   parameters: { day: "2024-05-01", limit: 100 },
 * });
 * if (summary.status === "failed") console.error(summary.failure?.message);
 * ```
 *
 * @module
 */
import { readText } from "./files.ts";
import {
  type Cell,
  hasTag,
  newMarkdownCell,
  type Notebook,
  type Output,
  parseNotebook,
  serializeNotebook,
} from "./ipynb.ts";
import { type CellResult, type CellStatus, executeNotebook } from "./execute.ts";
import type { NotebookRun } from "./history.ts";
import { HistoryWriter } from "./history_writer.ts";
import { type KernelProcess, startKernel } from "./kernel_process.ts";
import { findParametersCell, injectParameters, listParameters } from "./parameters.ts";
import { NotebookSaver } from "./saver.ts";

/**
 * The tag papermill puts on its error banner and anchor cells.
 *
 * @example
 * const banners = nb.cells.filter((c) => c.metadata.tags?.includes(ERROR_CELL_TAG));
 */
export const ERROR_CELL_TAG = "papermill-error-cell-tag";
const ERROR_STYLE =
  'style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;"';

/**
 * The run could not start, and no cell ran: the input notebook could not be read or is not
 * nbformat 4, the output could not be written, or the kernel did not start. `cause` is the
 * underlying error (a `NotebookFormatError`, `StorageError` or `KernelStartError`).
 *
 * @example
 * try {
 *   await runNotebook("missing.ipynb");
 * } catch (err) {
 *   if (err instanceof RunNotStartedError) console.error(err.message);
 * }
 */
export class RunNotStartedError extends Error {
  /**
   * Wraps `cause`, whose message names the file or kernel and what to do.
   *
   * @example
   * throw new RunNotStartedError(new Error("in.ipynb: not JSON"));
   */
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = "RunNotStartedError";
  }
}

/**
 * Options of {@linkcode runNotebook}.
 *
 * @example
 * const opts: RunNotebookOptions = { output: "out.ipynb", parameters: { day: "2024-05-01" } };
 */
export interface RunNotebookOptions {
  /** Where to save the executed notebook (nothing is saved without it). */
  output?: string;
  /** Values for the notebook's parameters. */
  parameters?: Record<string, unknown>;
  /** The kernel's working directory (default: this process's). */
  cwd?: string;
  /** The longest a cell may run (default: no limit). */
  executionTimeoutMs?: number;
  /** How long the kernel may take to start (default 60 s). */
  startTimeoutMs?: number;
  /** Stream outputs as they arrive: `true` for stderr, or a function receiving text. */
  logOutput?: boolean | ((text: string) => void);
  /** Stops the run (the current cell fails as aborted; the output is still saved). */
  signal?: AbortSignal;
  /** The input path to record when `input` is a notebook object. */
  inputPath?: string;
  /** The `deno` binary for the kernel (default: the running one). */
  denoPath?: string;
  /**
   * Records the run in the run history (default: not recorded): under `root`, a folder or an
   * `s3://` prefix (default: as config jobs, `$LAKEBOOK_HISTORY` or `.lakebook/history` in the
   * notebook's project), as job `job` (default: the notebook's file name).
   */
  history?: { root?: string; job?: string };
  /** Each warning as it arises, before any cell runs (they are in the summary too). */
  onWarning?: (message: string) => void;
}

/**
 * Why a run stopped early.
 *
 * @example
 * const { summary } = await runNotebook("in.ipynb");
 * const failure: RunFailure | undefined = summary.failure;
 */
export interface RunFailure {
  /** error, timeout, died (the kernel exited) or aborted. */
  kind: Exclude<CellStatus, "ok">;
  /** The failing cell's 0-based index in the notebook as run (before the banner was added). */
  cellIndex: number;
  /** The failing cell's id. */
  cellId?: string;
  /** Its `In [n]`, when it got one. */
  executionCount: number | null;
  /** The error's name. */
  ename: string;
  /** The error's message. */
  evalue: string;
  /** One line naming the cell and the error. */
  message: string;
}

/**
 * What a run did.
 *
 * @example
 * const summary: RunSummary = (await runNotebook("in.ipynb")).summary;
 */
export interface RunSummary {
  /** Whether every cell ran. */
  status: "completed" | "failed";
  /** The input notebook's path, if known. */
  inputPath: string | null;
  /** Where the executed notebook was saved, if anywhere. */
  outputPath: string | null;
  /** How many cells were started. */
  cellsRun: number;
  /** How long the run took. */
  durationSeconds: number;
  /** Why the run stopped early. */
  failure?: RunFailure;
  /** Unknown parameters and the like (papermill logs these as warnings). */
  warnings: string[];
  /** Where the run's history record went, when the run was recorded. */
  historyPath?: string;
}

/**
 * The executed notebook and its summary.
 *
 * @example
 * const { notebook, summary }: RunResult = await runNotebook("in.ipynb");
 */
export interface RunResult {
  /** The executed notebook (as saved). */
  notebook: Notebook;
  /** What happened. */
  summary: RunSummary;
}

/**
 * Runs `input` (a path or a notebook) on a fresh Deno kernel and resolves when it has finished
 * or failed; cell failures are reported in `summary`, not thrown (a kernel that cannot start
 * throws).
 *
 * @example
 * const { notebook, summary } = await runNotebook("report.ipynb", {
 *   output: "report.out.ipynb",
 *   executionTimeoutMs: 600_000,
 * });
 */
export async function runNotebook(
  input: string | Notebook,
  opts: RunNotebookOptions = {},
): Promise<RunResult> {
  const inputPath = typeof input === "string" ? input : opts.inputPath ?? null;
  const text = typeof input === "string"
    ? await readText(input).catch((err) => {
      throw new RunNotStartedError(err);
    })
    : serializeNotebook(input);
  let nb: Notebook;
  try {
    nb = parseNotebook(text, inputPath ?? "notebook");
  } catch (err) {
    throw new RunNotStartedError(err);
  }
  nb.cells = nb.cells.filter((c) => !hasTag(c, ERROR_CELL_TAG));
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    opts.onWarning?.(message);
  };
  const where = inputPath ?? "the notebook";
  const spec = nb.metadata.kernelspec;
  if (spec && spec.name !== "deno" && !/^(typescript|javascript)$/i.test(spec.language ?? "")) {
    warn(`${where} is for the ${spec.display_name || spec.name} kernel; running it on Deno`);
  }
  const defaults = listParameters(nb);
  const parameters = opts.parameters ?? {};
  if (Object.keys(parameters).length > 0) {
    if (findParametersCell(nb) < 0) {
      warn(`${where} has no cell tagged "parameters": the parameters are injected at the top`);
    }
    for (const name of Object.keys(parameters)) {
      if (!defaults.some((d) => d.name === name)) {
        warn(
          `unknown parameter ${name}: the parameters cell of ${where} does not declare it; ` +
            "injected anyway",
        );
      }
    }
    nb = injectParameters(nb, parameters);
  }
  // The kernel takes longest to get ready (~0.2 s): start it now and prepare the run meanwhile;
  // the history store loads on a thread of its own.
  const starting = startKernel({
    cwd: opts.cwd,
    startTimeoutMs: opts.startTimeoutMs,
    signal: opts.signal,
    denoPath: opts.denoPath,
  });
  starting.catch(() => {});
  const history = opts.history && new HistoryWriter(opts.history.root);
  const started = new Date();
  nb.metadata.papermill = {
    default_parameters: Object.fromEntries(defaults.map((d) => [d.name, d.default])),
    parameters: jsonSafe(parameters),
    environment_variables: {},
    input_path: inputPath,
    output_path: opts.output ?? null,
    start_time: started.toISOString(),
    end_time: null,
    duration: null,
    exception: null,
  };
  for (const cell of nb.cells) resetCell(cell);

  const run: NotebookRun = {
    job: opts.history?.job,
    input: inputPath,
    inputSha256: await sha256(text),
    output: opts.output ?? null,
    parameters,
    started,
    ended: started,
    cellsRun: 0,
  };
  const record = async () => {
    if (!history) return undefined;
    run.ended = new Date();
    return await history.write(run);
  };
  const saver = new NotebookSaver(opts.output, nb);
  let kernel: KernelProcess | undefined;
  try {
    kernel = await starting;
    await saver.flush();
  } catch (err) {
    await kernel?.shutdown();
    run.error = err;
    await record().catch(() => {});
    history?.close();
    throw opts.signal?.aborted && err === opts.signal.reason ? err : new RunNotStartedError(err);
  }
  let stuck = false;
  let saved = false;
  try {
    nb.metadata.language_info = kernel.info.language_info as Record<string, unknown>;
    nb.metadata.kernelspec ??= { name: "deno", display_name: "Deno", language: "typescript" };
    const log = logger(opts.logOutput);
    const summary = await executeNotebook(kernel, nb, {
      executionTimeoutMs: opts.executionTimeoutMs,
      signal: opts.signal,
      onOutput: log && ((_, output) => log(outputText(output))),
      onCellStart: (_, cell) => {
        run.cellsRun++;
        Object.assign(cell.metadata.papermill!, {
          start_time: new Date().toISOString(),
          status: "running",
          exception: false,
        });
      },
      onCellEnd: (_, cell, result) => {
        endCell(nb, cell, result);
        saver.request();
      },
    });
    const failed = summary.failure;
    if (failed?.result.late) markFailed(nb, nb.cells[failed.cellIndex]);
    stuck = failed?.result.status === "timeout" && !failed.result.interrupted;
    const failure = failed && describeFailure(nb, failed.cellIndex, failed.result, opts);
    finish(nb, started);
    if (failure) addErrorBanner(nb, failure.cellIndex, failure.executionCount);
    await saver.flush();
    saved = true;
    if (failure) run.failure = failure;
    return {
      notebook: nb,
      summary: {
        status: failure ? "failed" : "completed",
        inputPath,
        outputPath: opts.output ?? null,
        cellsRun: summary.cellsRun,
        durationSeconds: nb.metadata.papermill.duration ?? 0,
        failure,
        warnings,
        historyPath: await record(),
      },
    };
  } catch (err) {
    run.error = err;
    await record().catch(() => {});
    throw err;
  } finally {
    history?.close();
    await kernel.shutdown(stuck ? 0 : 2000);
    if (!saved) {
      // Something unexpected: keep what ran, marked as an exception, before the error surfaces.
      nb.metadata.papermill.exception = true;
      finish(nb, started);
      await saver.flush().catch(() => {});
    }
  }
}

async function sha256(text: string): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `value` as JSON can hold it (bigints become numbers, or strings when too large). */
function jsonSafe(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value, (_, v) => {
    if (typeof v !== "bigint") return v;
    return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  }));
}

function resetCell(cell: Cell): void {
  cell.metadata.tags ??= [];
  cell.metadata.papermill = {
    exception: null,
    start_time: null,
    end_time: null,
    duration: null,
    status: "pending",
  };
  if (cell.cell_type === "code") {
    cell.execution_count = null;
    cell.outputs = [];
    delete cell.metadata.execution;
  }
}

function endCell(nb: Notebook, cell: Cell, result: CellResult): void {
  const pm = cell.metadata.papermill!;
  const end = new Date();
  pm.end_time = end.toISOString();
  pm.duration = pm.start_time ? (end.getTime() - Date.parse(pm.start_time)) / 1000 : null;
  if (result.status === "ok") pm.status = "completed";
  else markFailed(nb, cell);
}

function markFailed(nb: Notebook, cell: Cell): void {
  Object.assign(cell.metadata.papermill!, { status: "failed", exception: true });
  nb.metadata.papermill!.exception = true;
}

function finish(nb: Notebook, started: Date): void {
  const end = new Date();
  nb.metadata.papermill!.end_time = end.toISOString();
  nb.metadata.papermill!.duration = (end.getTime() - started.getTime()) / 1000;
}

function describeFailure(
  nb: Notebook,
  cellIndex: number,
  result: CellResult,
  opts: RunNotebookOptions,
): RunFailure {
  const cell = nb.cells[cellIndex];
  const count = cell.cell_type === "code" ? cell.execution_count : null;
  const name = `cell ${cellIndex + 1}${count === null ? "" : ` (In [${count}])`}`;
  const ename = result.error?.ename ?? "Error";
  const evalue = result.error?.evalue ?? "";
  const firstLine = (s: string) => s.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
  const kind = result.status as RunFailure["kind"];
  const message = {
    error: `${name} failed: ${ename}${evalue ? `: ${firstLine(evalue)}` : ""}`,
    timeout: `${name} timed out after ${(opts.executionTimeoutMs ?? 0) / 1000} s` +
      (result.interrupted ? " and was interrupted" : "; the kernel did not stop and was killed"),
    died: `the Deno kernel died while running ${name}: ${firstLine(evalue)}`,
    aborted: `the run was stopped during ${name}`,
  }[kind];
  return { kind, cellIndex, cellId: cell.id, executionCount: count, ename, evalue, message };
}

/**
 * Adds papermill's error cells: a banner at the top linking to an anchor placed just before the
 * failing cell, both tagged `papermill-error-cell-tag`.
 *
 * @example
 * addErrorBanner(nb, 4, 3); // "An Exception was encountered at 'In [3]'."
 */
export function addErrorBanner(nb: Notebook, cellIndex: number, executionCount: number | null) {
  const banner = `<span ${ERROR_STYLE}>An Exception was encountered at ` +
    `'<a href="#papermill-error-cell">In [${executionCount ?? "None"}]</a>'.</span>`;
  const anchor = `<span id="papermill-error-cell" ${ERROR_STYLE}>` +
    "Execution using papermill encountered an exception here and stopped:</span>";
  nb.cells.splice(cellIndex, 0, newMarkdownCell(anchor, [ERROR_CELL_TAG]));
  nb.cells.unshift(newMarkdownCell(banner, [ERROR_CELL_TAG]));
}

function logger(opt: RunNotebookOptions["logOutput"]): ((text: string) => void) | undefined {
  if (typeof opt === "function") return opt;
  if (!opt) return undefined;
  const encoder = new TextEncoder();
  return (text) => Deno.stderr.writeSync(encoder.encode(text));
}

/**
 * An output as plain text, for logs: stream text as is, `text/plain` of rich outputs, the
 * traceback of errors.
 *
 * @example
 * outputText({ output_type: "stream", name: "stdout", text: "hi\n" }); // "hi\n"
 */
export function outputText(output: Output): string {
  const line = (s: string) => s.endsWith("\n") ? s : s + "\n";
  switch (output.output_type) {
    case "stream":
      return output.text;
    case "error":
      return line(
        output.traceback.length ? output.traceback.join("\n") : `${output.ename}: ${output.evalue}`,
      );
    default: {
      const text = output.data["text/plain"];
      return typeof text === "string" ? line(text) : `[${Object.keys(output.data).join(", ")}]\n`;
    }
  }
}
