/**
 * The one error type of the Spark runtime and server layer: a one-line message meant for a
 * person, and, when a log holds the details, the path of that log.
 *
 * @example
 * try {
 *   await startLocalServer();
 * } catch (err) {
 *   if (err instanceof SparkServerError) console.error(err.message, err.logFile ?? "");
 * }
 */
export class SparkServerError extends Error {
  /** The log file with the underlying tool's output, when there is one. */
  readonly logFile?: string;

  /**
   * Makes an error whose message is one line; `logFile` names where the details are.
   *
   * @example
   * throw new SparkServerError("Maven failed (exit 1); see /tmp/install.log", { logFile: "/tmp/install.log" });
   */
  constructor(message: string, opts: { logFile?: string; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "SparkServerError";
    this.logFile = opts.logFile;
  }
}
