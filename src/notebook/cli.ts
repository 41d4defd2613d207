/**
 * `lakebook notebook ...`: run a notebook headless on the Deno kernel (papermill's command line),
 * and list a notebook's parameters.
 *
 * @example
 * ```sh
 * lakebook notebook run ingest.ipynb out.ipynb -p day 2024-05-01 -y "limit: 10" --log-output
 * lakebook notebook params ingest.ipynb
 * ```
 *
 * @module
 */
import { parse as parseYaml } from "yaml";
import { type CommandGroup, UsageError } from "../cli/command.ts";
import { readNotebook, serializeNotebook } from "./ipynb.ts";
import { findParametersCell, listParameters, parseCliValue } from "./parameters.ts";
import { runNotebook } from "./runner.ts";

const HELP_CMD = "lakebook notebook --help";

const HELP = `Usage: lakebook notebook <command> [options]

Run Jupyter notebooks headless on the Deno kernel, papermill-compatible.

Commands:
  run IN.ipynb [OUT.ipynb] [options]   run every cell; save the executed notebook to OUT
                                       ("-" writes it to stdout); exit 1 when a cell fails
  params IN.ipynb [--json]             list the parameters (cell tagged "parameters")

Options of run:
  -p, --parameters NAME VALUE          a parameter; VALUE is read as papermill does
                                       (int, float, true/True, false/False, null/None, else text)
  -r, --parameters_raw NAME VALUE      a parameter, always text
  -f, --parameters_file FILE           parameters from a YAML file (a mapping)
  -y, --parameters_yaml YAML           parameters from YAML text (a mapping)
  --cwd DIR                            the kernel's working directory
  --execution-timeout S                fail a cell running longer than S seconds (interrupts it)
  --start-timeout S                    how long the kernel may take to start (default 60)
  --log-output                         stream cell outputs to stderr as they arrive

As in papermill, -f values are overridden by -y, -y by -p, -p by -r; within one kind the later
wins. A parameter whose default is a Date and whose value is a date string becomes a Date.`;

/**
 * The `notebook` command group: `run` and `params`.
 *
 * @example
 * const code = await notebookCommands.run(["params", "report.ipynb"]);
 */
export const notebookCommands: CommandGroup = {
  name: "notebook",
  summary: "run notebooks headless on the Deno kernel (papermill-compatible)",
  async run(args) {
    const [command, ...rest] = args;
    if (command === undefined || ["--help", "-h", "help"].includes(command)) {
      console.log(HELP);
      return 0;
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      console.log(HELP);
      return 0;
    }
    if (command === "run") return await run(rest);
    if (command === "params") return await params(rest);
    throw new UsageError(`unknown command "notebook ${command}"`, HELP_CMD);
  },
};

/**
 * The parsed arguments of `notebook run`.
 *
 * @example
 * const args: RunArgs = await parseRunArgs(["in.ipynb", "out.ipynb", "-p", "n", "5"]);
 */
export interface RunArgs {
  /** The notebook to run. */
  input: string;
  /** Where to save it (`-` for stdout). */
  output?: string;
  /** The merged parameters. */
  parameters: Record<string, unknown>;
  /** The kernel's working directory. */
  cwd?: string;
  /** `--execution-timeout`, in ms. */
  executionTimeoutMs?: number;
  /** `--start-timeout`, in ms. */
  startTimeoutMs?: number;
  /** `--log-output`. */
  logOutput: boolean;
}

/**
 * Parses `notebook run` arguments; parameter sources are merged in papermill's order.
 *
 * @example
 * const a = await parseRunArgs(["in.ipynb", "out.ipynb", "-p", "n", "5"]);
 * a.parameters; // { n: 5 }
 */
export async function parseRunArgs(args: string[]): Promise<RunArgs> {
  const positional: string[] = [];
  const files: string[] = [];
  const yamls: string[] = [];
  const typed: [string, string][] = [];
  const raw: [string, string][] = [];
  let cwd: string | undefined;
  let executionTimeoutMs: number | undefined;
  let startTimeoutMs: number | undefined;
  let logOutput = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const take = (n: number) => {
      if (i + n >= args.length) throw new UsageError(`${arg} needs ${n} value(s)`, HELP_CMD);
      const values = args.slice(i + 1, i + 1 + n);
      i += n;
      return values;
    };
    const [flag, inline] = arg.startsWith("--") && arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const one = () => inline ?? take(1)[0];
    switch (flag) {
      case "-p":
      case "--parameters": {
        const [name, value] = take(2);
        typed.push([name, value]);
        break;
      }
      case "-r":
      case "--parameters_raw": {
        const [name, value] = take(2);
        raw.push([name, value]);
        break;
      }
      case "-f":
      case "--parameters_file":
        files.push(one());
        break;
      case "-y":
      case "--parameters_yaml":
        yamls.push(one());
        break;
      case "--cwd":
        cwd = one();
        break;
      case "--execution-timeout":
      case "--execution_timeout":
        executionTimeoutMs = seconds(flag, one()) * 1000;
        break;
      case "--start-timeout":
      case "--start_timeout":
        startTimeoutMs = seconds(flag, one()) * 1000;
        break;
      case "--log-output":
      case "--log_output":
        logOutput = true;
        break;
      default:
        if (arg.startsWith("-") && arg !== "-") {
          throw new UsageError(`unknown option ${arg}`, HELP_CMD);
        }
        positional.push(arg);
    }
  }
  if (positional.length < 1 || positional.length > 2) {
    throw new UsageError("notebook run needs IN.ipynb and optionally OUT.ipynb", HELP_CMD);
  }
  const parameters: Record<string, unknown> = {};
  for (const file of files) {
    Object.assign(parameters, mapping(await Deno.readTextFile(file), `-f ${file}`));
  }
  for (const text of yamls) Object.assign(parameters, mapping(text, "-y"));
  for (const [name, value] of typed) parameters[name] = parseCliValue(value);
  for (const [name, value] of raw) parameters[name] = value;
  const [input, output] = positional;
  return { input, output, parameters, cwd, executionTimeoutMs, startTimeoutMs, logOutput };
}

function seconds(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs seconds > 0`, HELP_CMD);
  return n;
}

function mapping(text: string, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw new UsageError(`${where}: not YAML (${(err as Error).message.split("\n")[0]})`, HELP_CMD);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`${where}: expected a YAML mapping of parameters`, HELP_CMD);
  }
  return value as Record<string, unknown>;
}

async function run(args: string[]): Promise<number> {
  const a = await parseRunArgs(args);
  const toStdout = a.output === "-";
  const abort = new AbortController();
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  const stop = () => abort.abort(new Error("interrupted"));
  for (const s of signals) Deno.addSignalListener(s, stop);
  try {
    const { notebook, summary } = await runNotebook(a.input, {
      output: toStdout ? undefined : a.output,
      parameters: a.parameters,
      cwd: a.cwd,
      executionTimeoutMs: a.executionTimeoutMs,
      startTimeoutMs: a.startTimeoutMs,
      logOutput: a.logOutput,
      signal: abort.signal,
    });
    for (const w of summary.warnings) console.error(`lakebook: warning: ${w}`);
    if (toStdout) await Deno.stdout.write(new TextEncoder().encode(serializeNotebook(notebook)));
    const saved = a.output && !toStdout ? `; saved ${a.output}` : "";
    if (summary.failure) {
      console.error(`lakebook: ${summary.failure.message}${saved}`);
      return 1;
    }
    console.error(
      `lakebook: ran ${summary.cellsRun} cells in ${summary.durationSeconds.toFixed(1)} s${saved}`,
    );
    return 0;
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, stop);
  }
}

async function params(args: string[]): Promise<number> {
  const json = args.includes("--json");
  const files = args.filter((a) => a !== "--json");
  const unknown = files.find((a) => a.startsWith("-"));
  if (unknown) throw new UsageError(`unknown option ${unknown}`, HELP_CMD);
  if (files.length !== 1) throw new UsageError("notebook params needs IN.ipynb", HELP_CMD);
  const nb = await readNotebook(files[0]);
  const list = listParameters(nb);
  if (json) {
    console.log(JSON.stringify(list, null, 2));
    return 0;
  }
  if (findParametersCell(nb) < 0) {
    console.log(`${files[0]} has no cell tagged "parameters"`);
    return 0;
  }
  console.log(`Parameters of ${files[0]}:`);
  const rows = list.map((p) => [p.name, p.type, p.default.replace(/\s*\n\s*/g, " "), p.help]);
  const width = (i: number) => Math.max(...rows.map((r) => r[i].length), 4);
  for (const r of rows) {
    const cols = [r[0].padEnd(width(0)), r[1].padEnd(width(1)), `(default ${r[2]})`];
    console.log(`  ${cols.join("  ")}${r[3] ? `  ${r[3]}` : ""}`.trimEnd());
  }
  return 0;
}
