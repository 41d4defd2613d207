/**
 * `lakebook history`: lists the runs recorded in the run history, newest first, as a table or
 * as JSON.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { defaultHistoryRoot, listRuns, type RunRecord } from "../jobs/history.ts";
import { type CommandGroup, UsageError } from "./command.ts";
import { formatTable } from "./run.ts";

const HELP_CMD = "lakebook history --help";

const HELP = `Usage: lakebook history [options]

Lists recorded runs, newest first: run id, job, status, start, seconds, rows read, quarantined,
inserted, updated, and the error of a failed run.

Options:
  --job NAME       only this job's runs
  --json           the records as a JSON array (every field)
  --limit N        at most N runs (default: all)
  --history DIR    the run history root (default: .lakebook/history in the project)`;

/**
 * The `history` command: `lakebook history [--job J] [--json]`.
 *
 * @example
 * const code = await historyCommands.run(["--job", "reviews", "--json"]);
 */
export const historyCommands: CommandGroup = {
  name: "history",
  summary: "list recorded job runs (--job J, --json)",
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          job: { type: "string" },
          json: { type: "boolean" },
          limit: { type: "string" },
          history: { type: "string" },
          help: { type: "boolean", short: "h" },
        },
      });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err), HELP_CMD);
    }
    const { values } = parsed;
    if (values.help) {
      console.log(HELP);
      return 0;
    }
    const limit = values.limit === undefined ? Infinity : Number(values.limit);
    if (!(limit >= 0) || !Number.isInteger(limit) && limit !== Infinity) {
      throw new UsageError(`--limit takes a whole number, not '${values.limit}'`, HELP_CMD);
    }
    const runs = (await listRuns({
      root: values.history ?? defaultHistoryRoot(),
      job: values.job,
      onBadFile: (path, err) => console.error(`lakebook: skipped ${path}: ${err}`),
    })).slice(0, limit);
    if (values.json) {
      console.log(JSON.stringify(runs, null, 2));
    } else if (runs.length === 0) {
      console.error("lakebook: no runs recorded");
    } else {
      console.log(formatTable(runs.map(summaryRow)));
    }
    return 0;
  },
};

/**
 * One run as a row of the history table.
 *
 * @example
 * summaryRow(record); // { run: "20260501T020000Z-3fa9c1", job: "reviews", status: "succeeded", ... }
 */
export function summaryRow(r: RunRecord): Record<string, string> {
  const c = r.reconciliation;
  const n = (v: number | undefined) => (v === undefined ? "" : String(v));
  return {
    run: r.runId,
    job: r.job,
    status: r.status,
    started: r.startedAt.replace("T", " ").replace(/\.\d+Z$/, "Z"),
    seconds: r.seconds.toFixed(1),
    read: n(c?.rowsRead),
    quarantined: n(c?.quarantined),
    inserted: n(c?.inserted),
    updated: n(c?.updated),
    error: r.error ? `${r.error.class}: ${r.error.message}`.slice(0, 80) : "",
  };
}
