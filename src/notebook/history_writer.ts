/**
 * Writing a notebook run's history record from a worker thread. The history store takes ~0.2 s
 * of CPU to load (config and storage modules); loaded on the main thread while the kernel starts,
 * it held up the kernel's readiness handshake by about as much. A writer started with the run
 * loads it on its own thread, and writes records on request.
 *
 * @example
 * ```ts
 * const history = new HistoryWriter(".lakebook/history");
 * try {
 *   // ... the run
 *   const path = await history.write(run);
 * } finally {
 *   history.close();
 * }
 * ```
 *
 * @module
 */
import type { NotebookRun } from "./history.ts";

/**
 * What the main thread sends the worker: a run to record (its error, if any, as the fields the
 * record keeps, since a custom error class does not survive the copy).
 *
 * @example
 * const req: HistoryRequest = { id: 1, run, root: ".lakebook/history" };
 */
export interface HistoryRequest {
  /** Matches the reply. */
  id: number;
  /** The run, without its `error`. */
  run: NotebookRun;
  /** The run's error. */
  error?: { name: string; message: string; errorClass?: string };
  /** The history root (default: as config jobs). */
  root?: string;
}

/**
 * The worker's answer: where the record went, or why it could not be written.
 *
 * @example
 * const reply: HistoryReply = { id: 1, path: ".lakebook/history/ok/run.json" };
 */
export interface HistoryReply {
  /** The request's id. */
  id: number;
  /** The record's path. */
  path?: string;
  /** The error's message. */
  error?: string;
}

/**
 * A worker that loads the history store at once and writes run records under `root`.
 *
 * @example
 * const history = new HistoryWriter();
 */
export class HistoryWriter {
  readonly #worker: Worker;
  readonly #root?: string;
  readonly #pending = new Map<number, (reply: HistoryReply) => void>();
  #failure: string | undefined;
  #next = 0;

  /**
   * Starts the worker; `root` is the history root (default: as config jobs).
   *
   * @example
   * const history = new HistoryWriter("s3://lake/history");
   */
  constructor(root?: string) {
    this.#root = root;
    this.#worker = new Worker(new URL("./history_thread.ts", import.meta.url).href, {
      type: "module",
    });
    this.#worker.onmessage = ({ data }: MessageEvent<HistoryReply>) => {
      this.#pending.get(data.id)?.(data);
      this.#pending.delete(data.id);
    };
    this.#worker.onerror = (event) => {
      event.preventDefault();
      this.#failure = `the run history could not be loaded: ${event.message}`;
      for (const [id, answer] of this.#pending) answer({ id, error: this.#failure });
      this.#pending.clear();
    };
  }

  /**
   * Writes the record of `run`; resolves to its path.
   *
   * @example
   * const path = await history.write(run);
   */
  write(run: NotebookRun): Promise<string> {
    if (this.#failure) return Promise.reject(new Error(this.#failure));
    const id = this.#next++;
    const { error, ...rest } = run;
    const request: HistoryRequest = { id, run: rest, root: this.#root };
    if (error !== undefined) {
      const e = error instanceof Error ? error : new Error(String(error));
      request.error = {
        name: e.name,
        message: e.message,
        errorClass: (e as { errorClass?: string }).errorClass,
      };
    }
    const reply = new Promise<HistoryReply>((resolve) => this.#pending.set(id, resolve));
    this.#worker.postMessage(request);
    return reply.then((r) => r.path ?? Promise.reject(new Error(r.error)));
  }

  /**
   * Stops the worker (a write still pending fails).
   *
   * @example
   * history.close();
   */
  close(): void {
    this.#worker.terminate();
    for (const [id, answer] of this.#pending) answer({ id, error: "the run history was closed" });
    this.#pending.clear();
  }
}
