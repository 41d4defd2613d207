/**
 * The `lakebook` command: a dispatcher over command groups, one module each under `src/cli/`.
 * To add a group, write `src/cli/<name>.ts` exporting a {@linkcode CommandGroup} and list it in
 * `GROUPS`.
 *
 * @example
 * ```sh
 * deno run -A src/cli.ts spark start --port 15002
 * ```
 *
 * @module
 */
import { type CommandGroup, errorLine, UsageError } from "./cli/command.ts";
import { sparkCommands } from "./cli/spark.ts";
import { notebookCommands } from "./notebook/cli.ts";
import { validateCommands } from "./cli/config.ts";
import { generateCommands } from "./cli/generate.ts";
import { runCommands } from "./cli/run.ts";
import { historyCommands } from "./cli/history.ts";
import { maintainCommands } from "./cli/maintain.ts";

const GROUPS: CommandGroup[] = [
  sparkCommands,
  validateCommands,
  generateCommands,
  notebookCommands,
  runCommands,
  historyCommands,
  maintainCommands,
];

const HELP = `Usage: lakebook <group> <command> [options]

Groups:
${GROUPS.map((g) => `  ${g.name.padEnd(10)} ${g.summary}`).join("\n")}

Run \`lakebook <group> --help\` for a group's commands.`;

/**
 * Runs `lakebook` with `args` and resolves to the exit code; errors are printed as one line
 * `lakebook: <message>` on stderr (exit 1), never as a stack trace.
 *
 * @example
 * const code = await main(["spark", "status"]); // 0 running, 3 not running
 */
export async function main(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) {
    console.error(HELP);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    console.log(HELP);
    return 0;
  }
  const group = GROUPS.find((g) => g.name === name);
  if (!group) {
    console.error(`lakebook: unknown command "${name}" (see lakebook --help)`);
    return 1;
  }
  try {
    return await group.run(rest);
  } catch (err) {
    console.error(`lakebook: ${errorLine(err)}`);
    return err instanceof UsageError ? err.exitCode : 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
