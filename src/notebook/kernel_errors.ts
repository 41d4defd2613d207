/**
 * The two ways a kernel lets a run down: it never got ready, or it died while in use.
 *
 * @example
 * ```ts
 * try {
 *   await startKernel();
 * } catch (err) {
 *   if (err instanceof KernelStartError) console.error(err.message);
 * }
 * ```
 *
 * @module
 */

/**
 * The kernel could not be started (too old, exited, or not ready in time).
 *
 * @example
 * try {
 *   await startKernel({ startTimeoutMs: 5_000 });
 * } catch (err) {
 *   if (err instanceof KernelStartError) console.error(err.message);
 * }
 */
export class KernelStartError extends Error {
  /**
   * Makes the error.
   *
   * @example
   * throw new KernelStartError("the Deno kernel was not ready within 60 s");
   */
  constructor(message: string) {
    super(message);
    this.name = "KernelStartError";
  }
}

/**
 * The kernel process exited while it was in use.
 *
 * @example
 * const summary = await executeNotebook(kernel, nb);
 * if (summary.failure?.result.status === "died") console.error("the kernel died");
 */
export class KernelDiedError extends Error {
  /** The end of the kernel's stderr. */
  readonly stderr: string;

  /**
   * Makes the error.
   *
   * @example
   * throw new KernelDiedError("the Deno kernel exited (exit code 1)", "");
   */
  constructor(message: string, stderr: string) {
    super(message);
    this.name = "KernelDiedError";
    this.stderr = stderr;
  }
}
