/**
 * Running a notebook headless, papermill-compatible: parameters injected, papermill's notebook
 * and cell metadata, the error banner and anchor cells on failure, the output notebook saved at
 * the start, every 30 s during the run, and at the end.
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
import {
  type Cell,
  hasTag,
  newMarkdownCell,
  type Notebook,
  type Output,
  readNotebook,
  writeNotebook,
} from "./ipynb.ts";
import { type CellResult, type CellStatus, executeNotebook } from "./execute.ts";
import { startKernel } from "./kernel_process.ts";
import { findParametersCell, injectParameters, listParameters } from "./parameters.ts";

/**
 * The tag papermill puts on its error banner and anchor cells.
 *
 * @example
 * const banners = nb.cells.filter((c) => c.metadata.tags?.includes(ERROR_CELL_TAG));
 */
export const ERROR_CELL_TAG = "papermill-error-cell-tag";
const ERROR_STYLE =
  'style="color:red; font-family:Helvetica Neue, Helvetica, Arial, sans-serif; font-size:2em;"';
const AUTOSAVE_MS = 30_000;

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
  let nb = typeof input === "string" ? await readNotebook(input) : structuredClone(input);
  nb.cells = nb.cells.filter((c) => !hasTag(c, ERROR_CELL_TAG));
  const warnings: string[] = [];
  const spec = nb.metadata.kernelspec;
  if (spec && spec.name !== "deno" && !/^(typescript|javascript)$/i.test(spec.language ?? "")) {
    warnings.push(
      `the notebook is for the ${spec.display_name || spec.name} kernel; running it on Deno`,
    );
  }
  const defaults = listParameters(nb);
  const parameters = opts.parameters ?? {};
  if (Object.keys(parameters).length > 0) {
    if (findParametersCell(nb) < 0) {
      warnings.push("the notebook has no cell tagged 'parameters': parameters go at the top");
    }
    for (const name of Object.keys(parameters)) {
      if (!defaults.some((d) => d.name === name)) warnings.push(`unknown parameter: ${name}`);
    }
    nb = injectParameters(nb, parameters);
  }
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

  let lastSave = Date.now();
  const save = async () => {
    if (opts.output) await writeNotebook(opts.output, nb);
    lastSave = Date.now();
  };
  await save();

  const kernel = await startKernel({
    cwd: opts.cwd,
    startTimeoutMs: opts.startTimeoutMs,
    signal: opts.signal,
    denoPath: opts.denoPath,
  });
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
      onCellStart: async (_, cell) => {
        Object.assign(cell.metadata.papermill!, {
          start_time: new Date().toISOString(),
          status: "running",
          exception: false,
        });
        if (Date.now() - lastSave >= AUTOSAVE_MS) await save();
      },
      onCellEnd: (_, cell, result) => endCell(nb, cell, result),
    });
    const failed = summary.failure;
    if (failed?.result.late) markFailed(nb, nb.cells[failed.cellIndex]);
    stuck = failed?.result.status === "timeout" && !failed.result.interrupted;
    const failure = failed && describeFailure(nb, failed.cellIndex, failed.result, opts);
    finish(nb, started);
    if (failure) addErrorBanner(nb, failure.cellIndex, failure.executionCount);
    await save();
    saved = true;
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
      },
    };
  } finally {
    await kernel.shutdown(stuck ? 0 : 2000);
    if (!saved) {
      // Something unexpected: keep what ran, marked as an exception, before the error surfaces.
      nb.metadata.papermill.exception = true;
      finish(nb, started);
      await save().catch(() => {});
    }
  }
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
