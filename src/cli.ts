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

/** Each group by name, imported only when used (together they take ~0.3 s to load). */
const GROUPS: Record<string, () => Promise<CommandGroup>> = {
  spark: async () => (await import("./cli/spark.ts")).sparkCommands,
  validate: async () => (await import("./cli/config.ts")).validateCommands,
  generate: async () => (await import("./cli/generate.ts")).generateCommands,
  notebook: async () => (await import("./notebook/cli.ts")).notebookCommands,
  run: async () => (await import("./cli/run.ts")).runCommands,
  history: async () => (await import("./cli/history.ts")).historyCommands,
  maintain: async () => (await import("./cli/maintain.ts")).maintainCommands,
};

async function help(): Promise<string> {
  const groups = await Promise.all(Object.values(GROUPS).map((load) => load()));
  return `Usage: lakebook <group> <command> [options]

Groups:
${groups.map((g) => `  ${g.name.padEnd(10)} ${g.summary}`).join("\n")}

Run \`lakebook <group> --help\` for a group's commands.`;
}

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
    console.error(await help());
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    console.log(await help());
    return 0;
  }
  const load = Object.hasOwn(GROUPS, name) ? GROUPS[name] : undefined;
  if (!load) {
    console.error(`lakebook: unknown command "${name}" (see lakebook --help)`);
    return 1;
  }
  try {
    return await (await load()).run(rest);
  } catch (err) {
    console.error(`lakebook: ${errorLine(err)}`);
    return err instanceof UsageError ? err.exitCode : 1;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));
