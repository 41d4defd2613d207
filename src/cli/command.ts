/**
 * What a `lakebook` command group looks like to the dispatcher in `src/cli.ts`.
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";

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
  /** The exit code: 1, or 2 for the commands whose 2 means "bad input, nothing ran". */
  readonly exitCode: number;

  /**
   * Makes a usage error pointing at the help command `help`.
   *
   * @example
   * new UsageError("unknown command: spark frobnicate", "lakebook spark --help");
   */
  constructor(message: string, help: string, exitCode = 1) {
    super(message);
    this.name = "UsageError";
    this.help = help;
    this.exitCode = exitCode;
  }
}

/** How {@linkcode parseCommand} reads a command's arguments. */
export interface CommandSyntax {
  /** The text `-h`/`--help` prints. */
  help: string;
  /** The help command usage errors point at, e.g. `lakebook run --help`. */
  helpCmd: string;
  /** Whether the command takes positional arguments (default false). */
  positionals?: boolean;
  /** The exit code of a usage error (default 1). */
  exitCode?: number;
}

/**
 * Parses a command's arguments: its `options` plus `-h`/`--help`. Returns undefined once help
 * was asked for and printed; throws a {@linkcode UsageError} for an unknown or malformed option.
 *
 * @example
 * const parsed = parseCommand(args, { json: { type: "boolean" } }, { help: HELP, helpCmd });
 * if (parsed === undefined) return 0;
 */
export function parseCommand<T extends ParseArgsOptionsConfig>(
  args: string[],
  options: T,
  syntax: CommandSyntax,
) {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...options, help: { type: "boolean", short: "h" } } as T,
      allowPositionals: syntax.positionals ?? false,
    });
  } catch (err) {
    throw new UsageError(errorLine(err), syntax.helpCmd, syntax.exitCode);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(syntax.help);
    return undefined;
  }
  return parsed;
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
