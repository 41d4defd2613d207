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
import { type CommandGroup, errorLine, UsageError } from "../cli/command.ts";
import { readText } from "./files.ts";
import { readNotebook, serializeNotebook } from "./ipynb.ts";
import { findParametersCell, listParameters, parseCliValue } from "./parameters.ts";
import { type RunFailure, runNotebook, RunNotStartedError } from "./runner.ts";

const HELP_CMD = "lakebook notebook --help";

const HELP = `Usage: lakebook notebook <command> [options]

Run Jupyter notebooks headless on the Deno kernel, papermill-compatible.

Commands:
  run IN.ipynb [OUT.ipynb] [options]   run every cell; save the executed notebook to OUT
                                       after every cell ("-" writes it to stdout at the end);
                                       IN and OUT may be s3:// paths
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
  --deno PATH                          the deno binary for the kernel (>= 2.9.0; default:
                                       the one running lakebook)
  --history DIR                        the run history root, a folder or s3:// prefix
                                       (default: as for lakebook run)
  --job NAME                           the job name in the history (default: IN's file name)

As in papermill, -f values are overridden by -y, -y by -p, -p by -r; within one kind the later
wins. A parameter whose default is a Date and whose value is a date string becomes a Date. A
parameter the parameters cell does not declare gets a warning and is injected anyway.

Exit codes of run: 0 every cell ran; 1 a cell failed (or the run was stopped); 2 bad input,
nothing ran (a notebook that is not nbformat 4 JSON, a parameters file that is not YAML, no
usable kernel); 3 the kernel died; 4 a cell timed out.`;

/**
 * The exit codes of `notebook run`.
 *
 * @example
 * if (code === NOTEBOOK_EXIT.timeout) console.error("a cell ran too long");
 */
export const NOTEBOOK_EXIT = {
  /** Every cell ran. */
  ok: 0,
  /** A cell failed, or the run was stopped. */
  failed: 1,
  /** Bad input: nothing ran. */
  badInput: 2,
  /** The kernel died. */
  kernelDied: 3,
  /** A cell timed out. */
  timeout: 4,
} as const;

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
  /** `--deno`. */
  denoPath?: string;
  /** `--history`. */
  historyRoot?: string;
  /** `--job`. */
  job?: string;
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
  let denoPath: string | undefined;
  let historyRoot: string | undefined;
  let job: string | undefined;
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
      case "--deno":
        denoPath = one();
        break;
      case "--history":
        historyRoot = one();
        break;
      case "--job":
        job = one();
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
    const text = await readText(file).catch((err) => {
      throw new UsageError(`-f ${file}: ${errorLine(err)}`, HELP_CMD);
    });
    Object.assign(parameters, await mapping(text, `-f ${file}`));
  }
  for (const text of yamls) Object.assign(parameters, await mapping(text, "-y"));
  for (const [name, value] of typed) parameters[name] = parseCliValue(value);
  for (const [name, value] of raw) parameters[name] = value;
  const [input, output] = positional;
  return {
    input,
    output,
    parameters,
    cwd,
    executionTimeoutMs,
    startTimeoutMs,
    logOutput,
    denoPath,
    historyRoot,
    job,
  };
}

function seconds(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} needs seconds > 0`, HELP_CMD);
  return n;
}

async function mapping(text: string, where: string): Promise<Record<string, unknown>> {
  const { parse } = await import("yaml"); // only -f and -y need it
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    throw new UsageError(
      `${where}: not YAML (${(err as Error).message.split("\n")[0]}); fix it or use -p NAME VALUE`,
      HELP_CMD,
    );
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new UsageError(`${where}: expected a YAML mapping of parameters`, HELP_CMD);
  }
  return value as Record<string, unknown>;
}

async function run(args: string[]): Promise<number> {
  let a: RunArgs;
  try {
    a = await parseRunArgs(args);
  } catch (err) {
    return badInput(err);
  }
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
      denoPath: a.denoPath,
      history: { root: a.historyRoot, job: a.job },
      onWarning: (w) => console.error(`lakebook: warning: ${w}`),
    });
    if (toStdout) await Deno.stdout.write(new TextEncoder().encode(serializeNotebook(notebook)));
    const saved = a.output && !toStdout ? `; saved ${a.output}` : "";
    if (summary.failure) {
      console.error(`lakebook: ${summary.failure.message}${saved}`);
      return exitCode(summary.failure);
    }
    console.error(
      `lakebook: ran ${summary.cellsRun} cells in ${summary.durationSeconds.toFixed(1)} s${saved}`,
    );
    return NOTEBOOK_EXIT.ok;
  } catch (err) {
    if (err instanceof RunNotStartedError) return badInput(err);
    throw err;
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, stop);
  }
}

function badInput(err: unknown): number {
  if (!(err instanceof UsageError || err instanceof RunNotStartedError)) throw err;
  console.error(`lakebook: ${errorLine(err)}`);
  return NOTEBOOK_EXIT.badInput;
}

function exitCode(failure: RunFailure): number {
  if (failure.kind === "died") return NOTEBOOK_EXIT.kernelDied;
  if (failure.kind === "timeout") return NOTEBOOK_EXIT.timeout;
  return NOTEBOOK_EXIT.failed;
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
