/**
 * Turning a cell's IOPub messages into nbformat outputs, as nbclient does: streams (consecutive
 * ones of the same name merged), `display_data`, `execute_result` and `error`;
 * `update_display_data` rewrites every output shown under its display id (in any cell);
 * `clear_output` clears now, or with `wait` just before the next output. nbclient's timestamps
 * go to `metadata.execution`.
 *
 * @example
 * ```ts
 * const displays = new DisplayRegistry();
 * const outputs = new CellOutputs(cell, displays);
 * kernel.client.onIopub(msg.header.msg_id, (m) => outputs.handle(m));
 * ```
 *
 * @module
 */
import type { KernelMessage } from "./messages.ts";
import type { CodeCell, DisplayDataOutput, ErrorOutput, MimeBundle, Output } from "./ipynb.ts";

/**
 * The outputs shown under each display id, across the whole notebook.
 *
 * @example
 * const displays = new DisplayRegistry();
 * displays.update("progress", { "text/plain": "50%" }, {});
 */
export class DisplayRegistry {
  readonly #byId = new Map<string, Set<DisplayDataOutput>>();

  /**
   * Remembers that `output` shows display `id`.
   *
   * @example
   * displays.add("chart", output);
   */
  add(id: string, output: DisplayDataOutput): void {
    let set = this.#byId.get(id);
    if (!set) this.#byId.set(id, set = new Set());
    set.add(output);
  }

  /**
   * Rewrites every output showing display `id`; returns how many there were.
   *
   * @example
   * displays.update("chart", { "text/plain": "v2" }, {}); // 1
   */
  update(id: string, data: MimeBundle, metadata: Record<string, unknown>): number {
    const set = this.#byId.get(id) ?? new Set();
    for (const output of set) {
      output.data = data;
      output.metadata = metadata;
    }
    return set.size;
  }

  /**
   * Forgets `outputs` (they were cleared).
   *
   * @example
   * displays.forget(cell.outputs);
   */
  forget(outputs: Output[]): void {
    for (const set of this.#byId.values()) {
      for (const o of outputs) set.delete(o as DisplayDataOutput);
    }
  }
}

/**
 * An error raised by a cell, as the notebook shows it.
 *
 * @example
 * const err: CellError = { ename: "Error", evalue: "boom", traceback: [] };
 */
export interface CellError {
  /** The error's name. */
  ename: string;
  /** Its message. */
  evalue: string;
  /** The stack, one line per entry. */
  traceback: string[];
}

/**
 * Collects one code cell's outputs from IOPub messages whose parent is its execute request.
 * Messages keep being accepted after `idle` (the Deno kernel sends some outputs after it).
 *
 * @example
 * const outputs = new CellOutputs(cell, displays, (o) => console.error(o));
 * client.onIopub(msgId, (m) => outputs.handle(m));
 * await outputs.idle;
 */
export class CellOutputs {
  /** Resolves at the cell's `status: idle`. */
  readonly idle: Promise<void>;
  /** The first error seen on IOPub (the kernel's reply can say ok when formatting failed). */
  error: CellError | undefined;
  /** When the last message arrived (for draining). */
  lastMessageAt = 0;
  readonly #cell: CodeCell;
  readonly #displays: DisplayRegistry;
  readonly #onOutput?: (output: Output) => void;
  #clearBeforeNext = false;
  #placeholder: ErrorOutput | undefined;
  #idle!: () => void;

  /**
   * Starts collecting into `cell` (its outputs are reset).
   *
   * @example
   * new CellOutputs(cell, new DisplayRegistry());
   */
  constructor(cell: CodeCell, displays: DisplayRegistry, onOutput?: (output: Output) => void) {
    this.#cell = cell;
    this.#displays = displays;
    this.#onOutput = onOutput;
    cell.outputs = [];
    cell.execution_count = null;
    cell.metadata.execution = {};
    this.idle = new Promise((resolve) => this.#idle = resolve);
  }

  /**
   * Applies one IOPub message to the cell.
   *
   * @example
   * client.onIopub(msgId, (m) => outputs.handle(m));
   */
  handle(msg: KernelMessage): void {
    this.lastMessageAt = Date.now();
    const c = msg.content as Record<string, unknown>;
    const timing = this.#cell.metadata.execution ??= {};
    switch (msg.header.msg_type) {
      case "status":
        if (c.execution_state === "busy") timing["iopub.status.busy"] ??= msg.header.date;
        if (c.execution_state === "idle") {
          timing["iopub.status.idle"] ??= msg.header.date;
          this.#idle();
        }
        return;
      case "execute_input":
        timing["iopub.execute_input"] ??= msg.header.date;
        if (typeof c.execution_count === "number") this.#cell.execution_count = c.execution_count;
        return;
      case "stream":
        return this.#add({
          output_type: "stream",
          name: c.name === "stderr" ? "stderr" : "stdout",
          text: String(c.text ?? ""),
        });
      case "display_data":
      case "execute_result": {
        const base = { data: (c.data ?? {}) as MimeBundle, metadata: metadataOf(c) };
        const output: Output = msg.header.msg_type === "display_data"
          ? { output_type: "display_data", ...base }
          : { output_type: "execute_result", execution_count: countOf(c), ...base };
        this.#add(output);
        const id = displayId(c);
        if (id && output.output_type === "display_data") this.#displays.add(id, output);
        return;
      }
      case "update_display_data": {
        const id = displayId(c);
        if (id) this.#displays.update(id, (c.data ?? {}) as MimeBundle, metadataOf(c));
        return;
      }
      case "clear_output":
        if (c.wait) this.#clearBeforeNext = true;
        else this.#clear();
        return;
      case "error":
        this.#addError(errorOf(c));
        return;
    }
  }

  /**
   * Records the execute reply: its timestamp, its execution count, and, when it reports an
   * error that IOPub did not show, an error output for it (replaced if IOPub's arrives late).
   *
   * @example
   * outputs.reply(await client.request("shell", msg));
   */
  reply(msg: KernelMessage): void {
    const c = msg.content as Record<string, unknown>;
    (this.#cell.metadata.execution ??= {})["shell.execute_reply"] = msg.header.date;
    if (typeof c.execution_count === "number") this.#cell.execution_count ??= c.execution_count;
    if (c.status === "error" && !this.error) this.#placeholder = this.#addError(errorOf(c));
  }

  /**
   * Adds an error output that no message carried (a timeout, a dead kernel).
   *
   * @example
   * outputs.fail({ ename: "DeadKernelError", evalue: "the kernel died", traceback: [] });
   */
  fail(error: CellError): void {
    this.#addError(error);
  }

  #addError(error: CellError): ErrorOutput {
    const output: ErrorOutput = { output_type: "error", ...error };
    const placeholder = this.#placeholder;
    const at = placeholder ? this.#cell.outputs.indexOf(placeholder) : -1;
    this.#placeholder = undefined;
    if (at >= 0) this.#cell.outputs[at] = output;
    else this.#add(output);
    this.error ??= error;
    if (at >= 0) this.error = error;
    return output;
  }

  #add(output: Output): void {
    if (this.#clearBeforeNext) {
      this.#clear();
      this.#clearBeforeNext = false;
    }
    this.#onOutput?.(output);
    const outputs = this.#cell.outputs;
    const last = outputs.at(-1);
    if (
      output.output_type === "stream" && last?.output_type === "stream" && last.name === output.name
    ) {
      outputs[outputs.length - 1] = { ...last, text: last.text + output.text };
    } else {
      outputs.push(output);
    }
  }

  #clear(): void {
    this.#displays.forget(this.#cell.outputs);
    this.#cell.outputs = [];
  }
}

function errorOf(c: Record<string, unknown>): CellError {
  return {
    ename: String(c.ename ?? "Error"),
    evalue: String(c.evalue ?? ""),
    traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [],
  };
}

function metadataOf(c: Record<string, unknown>): Record<string, unknown> {
  return (c.metadata ?? {}) as Record<string, unknown>;
}

function countOf(c: Record<string, unknown>): number | null {
  return typeof c.execution_count === "number" ? c.execution_count : null;
}

function displayId(c: Record<string, unknown>): string | undefined {
  const id = (c.transient as { display_id?: unknown } | undefined)?.display_id;
  return typeof id === "string" ? id : undefined;
}
