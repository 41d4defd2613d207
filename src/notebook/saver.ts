/**
 * Saving the output notebook while the run goes on: one atomic write at a time, in order, each
 * of the notebook as it is when the write starts, so a cell's end only queues a save and the
 * next cell starts at once (writes that pile up collapse into one). A failed write surfaces at
 * the next request or flush, so the run stops a cell later than it would waiting for each save.
 *
 * @example
 * ```ts
 * const saver = new NotebookSaver("out.ipynb", nb);
 * saver.request(); // after a cell
 * await saver.flush(); // at the end: every change saved, or the first failure thrown
 * ```
 *
 * @module
 */
import { type Notebook, writeNotebook } from "./ipynb.ts";

/**
 * Saves `nb` to `path` in the background (nothing, without a path).
 *
 * @example
 * const saver = new NotebookSaver(opts.output, nb);
 */
export class NotebookSaver {
  readonly #path: string | undefined;
  readonly #nb: Notebook;
  #writing: Promise<void> = Promise.resolve();
  #queued = false;
  #failure: { error: unknown } | undefined;

  /**
   * Saves `nb` (read at each write, so later changes are saved too) to `path`.
   *
   * @example
   * const saver = new NotebookSaver("s3://lake/runs/report.ipynb", nb);
   */
  constructor(path: string | undefined, nb: Notebook) {
    this.#path = path;
    this.#nb = nb;
  }

  /**
   * Queues a save of the notebook as it will be when the write starts; throws the error of an
   * earlier write that failed.
   *
   * @example
   * saver.request();
   */
  request(): void {
    if (this.#failure) throw this.#failure.error;
    const path = this.#path;
    if (path === undefined || this.#queued) return;
    this.#queued = true;
    this.#writing = this.#writing.then(async () => {
      this.#queued = false;
      try {
        await writeNotebook(path, this.#nb);
      } catch (error) {
        this.#failure ??= { error };
      }
    });
  }

  /**
   * Saves the notebook as it is now and waits for every write; throws the first failed write's
   * error.
   *
   * @example
   * await saver.flush();
   */
  async flush(): Promise<void> {
    this.request();
    await this.#writing;
    if (this.#failure) throw this.#failure.error;
  }
}
