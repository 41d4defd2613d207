/**
 * `lakebook run <config>`: runs a job config end to end (see `src/jobs/run.ts`), with progress
 * on stderr and a summary on stdout. Exit 0 when the run succeeds, 1 when it fails (its history
 * record says why), 2 when the config or the parameters are invalid (nothing ran).
 *
 * @module
 */
import { ConfigError, formatProblem } from "../config/mod.ts";
import { SparkSession } from "../connect/session.ts";
import { defaultHistoryRoot, recordPath, type RunRecord } from "../jobs/history.ts";
import { progressPrinter } from "../jobs/progress.ts";
import { ParamError, RunFailed, runJob } from "../jobs/run.ts";
import { connect } from "../server/embedded.ts";
import { type CommandGroup, parseCommand, UsageError } from "./command.ts";

const HELP_CMD = "lakebook run --help";

const HELP = `Usage: lakebook run <config> [options]

Runs a job config (ingestion_config/*.yaml) end to end: reads the source, runs the steps,
writes the quarantine and the sinks, checks that every row read is accounted for, and writes
the run's record to the run history. Progress goes to stderr, the summary to stdout.

Options:
  --param NAME=VALUE   a run parameter (repeatable)
  --as-of YYYY-MM-DD   the as_of parameter (e.g. the aggregation's run date)
  --history DIR        the run history root, a folder or s3:// prefix (default:
                       $LAKEBOOK_HISTORY, else .lakebook/history in the project)
  --spark URL          the Spark Connect server (default: $SPARK_REMOTE, else the local
                       server, started when needed)

Exit status: 0 the run succeeded, 1 it failed, 2 the config or a parameter is invalid.
Ctrl-C interrupts the run: the running Spark operation stops and its commits are undone.`;

/**
 * The `run` command: `lakebook run <config> [--param k=v ...] [--as-of DATE] [--history DIR]`.
 *
 * @example
 * const code = await runCommands.run(["ingestion_config/reviews.yaml"]); // 0, 1 or 2
 */
export const runCommands: CommandGroup = {
  name: "run",
  summary: "run a job config end to end (exit 0 ok, 1 failed, 2 invalid config)",
  async run(args) {
    const parsed = parseCommand(args, {
      param: { type: "string", multiple: true },
      "as-of": { type: "string" },
      history: { type: "string" },
      spark: { type: "string" },
    }, { help: HELP, helpCmd: HELP_CMD, positionals: true, exitCode: 2 });
    if (parsed === undefined) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError("give one config to run", HELP_CMD, 2);
    const params: Record<string, string> = {};
    for (const p of values.param ?? []) {
      const eq = p.indexOf("=");
      if (eq <= 0) throw new UsageError(`--param takes NAME=VALUE, not '${p}'`, HELP_CMD, 2);
      params[p.slice(0, eq)] = p.slice(eq + 1);
    }
    const config = positionals[0];
    const abort = new AbortController();
    const onSignal = () => abort.abort(new Error("interrupted (Ctrl-C)"));
    Deno.addSignalListener("SIGINT", onSignal);
    let spark: SparkSession | undefined;
    try {
      spark = values.spark ? await SparkSession.connect(values.spark) : await connect();
      const record = await runJob(config, {
        spark,
        params,
        asOf: values["as-of"],
        historyRoot: values.history,
        onProgress: progressPrinter(),
        signal: abort.signal,
      });
      printSummary(record, values.history ?? defaultHistoryRoot(config));
      return 0;
    } catch (err) {
      return failureCode(
        err,
        config,
        (r) => printSummary(r, values.history ?? defaultHistoryRoot(config)),
      );
    } finally {
      Deno.removeSignalListener("SIGINT", onSignal);
      await spark?.stop();
    }
  },
};

/**
 * Prints a run's steps as a table, its reconciliation and where its record is.
 *
 * @example
 * printSummary(record, ".lakebook/history");
 */
export function printSummary(record: RunRecord, historyRoot: string): void {
  const rows = record.steps.map((m) => ({
    step: m.step,
    "rows in": String(m.rowsIn),
    "rows out": String(m.rowsOut),
    rejected: Object.entries(m.rejected).map(([r, n]) => `${r} ${n}`).join(", "),
    seconds: m.seconds.toFixed(2) + (m.stage === undefined ? "" : ` (stage ${m.stage})`),
  }));
  console.log(formatTable(rows));
  const r = record.reconciliation;
  if (r) console.log(`${r.balanced ? "balanced" : "NOT balanced"}: ${r.equation}`);
  for (const v of record.deltaVersions) {
    const undone = v.rolledBack
      ? "version" in v.rolledBack
        ? `, undone by version ${v.rolledBack.version}`
        : `, left: ${v.rolledBack.skipped}`
      : "";
    console.log(`${v.role} ${v.path}: version ${v.version} (${v.operation})${undone}`);
  }
  console.log(`run ${record.runId} ${record.status} in ${record.seconds.toFixed(2)} s`);
  console.log(`record: ${recordPath(historyRoot, record.job, record.runId)}`);
}

/**
 * Rows of text as an aligned table with a header line.
 *
 * @example
 * formatTable([{ a: "1", b: "xy" }]); // "a  b \n-  --\n1  xy"
 */
export function formatTable(rows: readonly Record<string, string>[]): string {
  if (rows.length === 0) return "";
  const keys = Object.keys(rows[0]);
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => [...(r[k] ?? "")].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => c + " ".repeat(width[i] - [...c].length)).join("  ").trimEnd();
  return [
    line(keys),
    line(width.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(keys.map((k) => r[k] ?? ""))),
  ].join("\n");
}

/**
 * The exit code of a failed `run` or `maintain`, after saying why on stderr: 2 for an invalid
 * config or parameter (nothing ran), 1 for a failed run (its record printed with `print`). Other
 * errors are rethrown.
 *
 * @example
 * } catch (err) {
 *   return failureCode(err, config, (record) => printSummary(record, historyRoot));
 * }
 */
export function failureCode(err: unknown, config: string, print: (r: RunRecord) => void): number {
  if (err instanceof ConfigError) {
    for (const p of err.problems) console.error(formatProblem(p));
    console.error(`lakebook: ${config}: invalid config (nothing ran)`);
    return 2;
  }
  if (err instanceof ParamError) {
    console.error(`lakebook: ${err.message} (nothing ran)`);
    return 2;
  }
  if (err instanceof RunFailed) {
    print(err.record);
    console.error(`lakebook: ${err.message}`);
    return 1;
  }
  throw err;
}
