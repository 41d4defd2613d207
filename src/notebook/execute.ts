/**
 * Running a notebook's cells one at a time on a kernel, as nbclient does, with what the Deno
 * kernel needs on top: IOPub is routed by parent message id, and a cell is over only once its
 * output flush (`flush.ts`) has come through, since the kernel publishes queued outputs after
 * `idle`; an IOPub error fails a cell even when the reply says ok; a timeout sends
 * `interrupt_request`, after which ~300 ms of quiet ends the run; a kernel that exits is
 * reported as such.
 *
 * @example
 * ```ts
 * await using kernel = await startKernel();
 * const summary = await executeNotebook(kernel, nb, { executionTimeoutMs: 60_000 });
 * if (summary.failure) console.error(summary.failure.result.error?.evalue);
 * ```
 *
 * @module
 */
import { OutputFlush } from "./flush.ts";
import type { Cell, CodeCell, Notebook, Output } from "./ipynb.ts";
import { KernelDiedError } from "./kernel_errors.ts";
import { type KernelProcess, settlesWithin } from "./kernel_process.ts";
import { type CellError, CellOutputs, DisplayRegistry } from "./outputs.ts";

/**
 * How a cell ended.
 *
 * @example
 * const failed = (s: CellStatus) => s !== "ok";
 */
export type CellStatus = "ok" | "error" | "timeout" | "died" | "aborted";

/**
 * The outcome of one cell.
 *
 * @example
 * const result: CellResult = {
 *   status: "error",
 *   error: { ename: "Error", evalue: "boom", traceback: [] },
 * };
 */
export interface CellResult {
  /** How it ended. */
  status: CellStatus;
  /** The error shown in the cell (absent when `ok`). */
  error?: CellError;
  /** After a timeout: whether the kernel stopped the cell when interrupted. */
  interrupted?: boolean;
  /** The error arrived after the cell had ended ok (later cells may have run). */
  late?: boolean;
}

/**
 * Hooks and limits for {@linkcode executeNotebook}.
 *
 * @example
 * const opts: ExecuteNotebookOptions = { executionTimeoutMs: 60_000 };
 */
export interface ExecuteNotebookOptions {
  /** The longest a cell may run before it is interrupted and failed (default: no limit). */
  executionTimeoutMs?: number;
  /** Each new output as it arrives (`--log-output`). */
  onOutput?: (cellIndex: number, output: Output) => void;
  /** Before each cell (every cell, code or not, as papermill does). */
  onCellStart?: (cellIndex: number, cell: Cell) => void | Promise<void>;
  /** After each cell. */
  onCellEnd?: (cellIndex: number, cell: Cell, result: CellResult) => void | Promise<void>;
  /** After a cell that timed out or was stopped: how long IOPub must stay quiet before the run
   * returns (default 300 ms). */
  drainMs?: number;
  /** Stops the run: the current cell is interrupted and failed as `aborted`. */
  signal?: AbortSignal;
}

/**
 * The outcome of a run.
 *
 * @example
 * const { cellsRun, failure }: ExecuteSummary = await executeNotebook(kernel, nb);
 */
export interface ExecuteSummary {
  /** How many cells were started. */
  cellsRun: number;
  /** The cell that stopped the run, if one did. */
  failure?: { cellIndex: number; result: CellResult };
}

const IDLE_AFTER_REPLY_MS = 5_000;
const INTERRUPT_GRACE_MS = 3_000;
const DRAIN_CAP_MS = 3_000;

/**
 * Runs every cell of `nb` in order on `kernel`, writing outputs, execution counts and nbclient's
 * `metadata.execution` into the cells; stops at the first cell that fails.
 *
 * @example
 * const summary = await executeNotebook(kernel, nb, {
 *   onOutput: (i, o) => console.error(`cell ${i + 1}:`, o.output_type),
 * });
 */
export async function executeNotebook(
  kernel: KernelProcess,
  nb: Notebook,
  opts: ExecuteNotebookOptions = {},
): Promise<ExecuteSummary> {
  const displays = new DisplayRegistry();
  const ran: { index: number; outputs: CellOutputs }[] = [];
  const subscriptions: (() => void)[] = [];
  const shell: ShellOrder = { lastFlush: Promise.resolve() };
  let cellsRun = 0;
  let failure: ExecuteSummary["failure"];
  try {
    for (const [index, cell] of nb.cells.entries()) {
      failure = lateError(ran);
      if (failure) break;
      await opts.onCellStart?.(index, cell);
      cellsRun++;
      let result: CellResult = { status: "ok" };
      if (cell.cell_type === "code" && cell.source.trim() !== "") {
        const outputs = new CellOutputs(cell, displays, (o) => opts.onOutput?.(index, o));
        ran.push({ index, outputs });
        result = await executeCell(kernel, cell, outputs, subscriptions, shell, opts);
      } else if (cell.cell_type === "code") {
        cell.outputs = [];
        cell.execution_count = null;
      }
      await opts.onCellEnd?.(index, cell, result);
      if (result.status !== "ok") {
        failure = { cellIndex: index, result };
        break;
      }
    }
    const stopped = failure?.result.status === "timeout" || failure?.result.status === "aborted";
    if (stopped) await drain(ran.map((r) => r.outputs), opts.drainMs ?? 300);
    if (failure?.result.status !== "died") failure ??= lateError(ran);
  } finally {
    for (const off of subscriptions) off();
  }
  return { cellsRun, failure };
}

/**
 * The first cell that ended ok but whose error arrived on IOPub afterwards (papermill, too,
 * fails a run on any error output).
 */
function lateError(ran: { index: number; outputs: CellOutputs }[]): ExecuteSummary["failure"] {
  const late = ran.find((r) => r.outputs.error);
  return late && {
    cellIndex: late.index,
    result: { status: "error", error: late.outputs.error, late: true },
  };
}

/** Waits until no routed IOPub message has arrived for `quietMs` (at most a few seconds). */
async function drain(collectors: CellOutputs[], quietMs: number): Promise<void> {
  const start = Date.now();
  while (Date.now() - start < DRAIN_CAP_MS) {
    const last = Math.max(start, ...collectors.map((c) => c.lastMessageAt));
    const wait = last + quietMs - Date.now();
    if (wait <= 0) return;
    await sleep(wait);
  }
}

/**
 * The reply of the last flush request sent. The kernel (Deno 2.9) writes under Nagle's
 * algorithm, so a reply waits until its predecessor on shell is acknowledged, and Linux may hold
 * that acknowledgement ~40 ms on a connection that sends too: a cell's reply would wait behind
 * the previous flush's. Sending each flush request once the previous flush's reply is in
 * acknowledges it at once (30 small cells, with the IOPub acknowledgement of `zmtp.ts`: 0.15 to
 * 0.18 s in four runs, against 0.15 to 0.41 s without).
 */
interface ShellOrder {
  lastFlush: Promise<unknown>;
}

async function executeCell(
  kernel: KernelProcess,
  cell: CodeCell,
  outputs: CellOutputs,
  subscriptions: (() => void)[],
  shell: ShellOrder,
  opts: ExecuteNotebookOptions,
): Promise<CellResult> {
  const { client } = kernel;
  const msg = client.message("execute_request", {
    code: cell.source,
    silent: false,
    store_history: true,
    user_expressions: {},
    allow_stdin: false,
    // The flush request queued behind the cell must run even when the cell fails (the runner
    // itself stops at a failed cell).
    stop_on_error: false,
  });
  const flush = new OutputFlush(client, outputs);
  subscriptions.push(client.onIopub(msg.header.msg_id, (m) => outputs.handle(m)));
  subscriptions.push(client.onIopub(flush.message.header.msg_id, (m) => flush.handle(m)));
  const reply = client.request("shell", msg);
  // Queued behind the cell on shell: it runs, and prints its tokens, once the cell is done.
  shell.lastFlush = shell.lastFlush.catch(() => {}).then(() =>
    client.request("shell", flush.message)
  );
  shell.lastFlush.catch(() => {});
  let exited = false;
  const finished = reply.then(async (r) => {
    outputs.reply(r);
    await settlesWithin(Promise.race([outputs.idle, kernel.exited]), IDLE_AFTER_REPLY_MS);
    exited = await Promise.race([flush.done.then(() => false), kernel.exited.then(() => true)]);
  });
  const outcome = await race(finished, opts.executionTimeoutMs, opts.signal);
  if (outcome === "done" && exited) {
    // The kernel exited after replying (Deno.exit at the end of a cell).
    const error = deadKernelError(await kernel.diedError());
    outputs.fail(error);
    return { status: "died", error };
  }
  if (outcome === "done") {
    return outputs.error ? { status: "error", error: outputs.error } : { status: "ok" };
  }
  if (outcome instanceof Error) {
    // A reply that never comes because the kernel went away: say so, not "socket closed".
    const died = outcome instanceof KernelDiedError || await kernel.exitsWithin(1_000);
    if (!died) throw outcome;
    const error = deadKernelError(await kernel.diedError());
    outputs.fail(error);
    return { status: "died", error };
  }
  // Timed out or aborted: interrupt, and give the kernel a moment to stop the cell.
  const stopped = await kernel.interrupt(INTERRUPT_GRACE_MS) &&
    await settlesWithin(finished, INTERRUPT_GRACE_MS);
  const seconds = (opts.executionTimeoutMs ?? 0) / 1000;
  const error: CellError = outcome === "timeout"
    ? {
      ename: "CellTimeoutError",
      evalue: `the cell did not finish within ${seconds} s` +
        (stopped ? "" : "; it did not stop when interrupted"),
      traceback: [],
    }
    : { ename: "Aborted", evalue: "the run was stopped", traceback: [] };
  outputs.fail(error);
  return { status: outcome === "timeout" ? "timeout" : "aborted", error, interrupted: stopped };
}

function deadKernelError(err: KernelDiedError): CellError {
  const last = err.stderr.trim().split("\n").filter((l) => !/unstable/.test(l)).at(-1);
  return {
    ename: "DeadKernelError",
    evalue: err.message + (last ? `: ${last}` : ""),
    traceback: [],
  };
}

/** "done", "timeout", "aborted", or the error `work` failed with. */
async function race(
  work: Promise<void>,
  timeoutMs: number | undefined,
  signal: AbortSignal | undefined,
): Promise<"done" | "timeout" | "aborted" | Error> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const limits = new Promise<"timeout" | "aborted">((resolve) => {
    if (timeoutMs !== undefined) timer = setTimeout(() => resolve("timeout"), timeoutMs);
    if (signal?.aborted) resolve("aborted");
    onAbort = () => resolve("aborted");
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([
      work.then(
        () => "done" as const,
        (err) => err instanceof Error ? err : new Error(String(err)),
      ),
      limits,
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
