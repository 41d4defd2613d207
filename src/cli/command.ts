/**
 * What a `lakebook` command group looks like to the dispatcher in `src/cli.ts`.
 *
 * @module
 */

/**
 * A group of subcommands (`lakebook spark ...`, `lakebook run ...`).
 *
 * @example
 * const hello: CommandGroup = {
 *   name: "hello",
 *   summary: "say hello",
 *   run: () => Promise.resolve(0),
 * };
 */
export interface CommandGroup {
  /** The word after `lakebook`. */
  name: string;
  /** One line for `lakebook --help`. */
  summary: string;
  /** Runs the group with the arguments after its name; resolves to the exit code. */
  run(args: string[]): Promise<number>;
}

/**
 * A mistake in how a command was called; the dispatcher prints it with a pointer to `--help`.
 *
 * @example
 * throw new UsageError("--port must be a number", "lakebook spark --help");
 */
export class UsageError extends Error {
  /** The help command to point at. */
  readonly help: string;

  /**
   * Makes a usage error pointing at the help command `help`.
   *
   * @example
   * new UsageError("unknown command: spark frobnicate", "lakebook spark --help");
   */
  constructor(message: string, help: string) {
    super(message);
    this.name = "UsageError";
    this.help = help;
  }
}

/**
 * The one-line form of any thrown value, for `lakebook: <message>`.
 *
 * @example
 * errorLine(new Error("boom\n  at x")); // "boom"
 */
export function errorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split("\n").find((l) => l.trim() !== "") ?? "unknown error";
  return err instanceof UsageError ? `${line} (see ${err.help})` : line.trim();
}
