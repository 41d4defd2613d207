/**
 * `lakebook history`: lists the runs recorded in the run history, newest first, as a table or
 * as JSON.
 *
 * @module
 */
import { defaultHistoryRoot, listRuns, type RunRecord } from "../jobs/history.ts";
import { type CommandGroup, parseCommand, UsageError } from "./command.ts";
import { formatTable } from "./run.ts";

const HELP_CMD = "lakebook history --help";

const HELP = `Usage: lakebook history [options]

Lists recorded runs, newest first: run id, kind (job, notebook or maintain), job, status,
start, seconds, rows read, quarantined, inserted, updated, and the error of a failed run.

Options:
  --job NAME       only this job's runs
  --json           the records as a JSON array (every field)
  --limit N        at most N runs (default: all)
  --history DIR    the run history root, a folder or s3:// prefix (default:
                   $LAKEBOOK_HISTORY, else .lakebook/history in the project)`;

/**
 * The `history` command: `lakebook history [--job J] [--json]`.
 *
 * @example
 * const code = await historyCommands.run(["--job", "reviews", "--json"]);
 */
export const historyCommands: CommandGroup = {
  name: "history",
  summary: "list recorded runs of jobs and notebooks (--job J, --json)",
  async run(args) {
    const parsed = parseCommand(args, {
      job: { type: "string" },
      json: { type: "boolean" },
      limit: { type: "string" },
      history: { type: "string" },
    }, { help: HELP, helpCmd: HELP_CMD });
    if (parsed === undefined) return 0;
    const { values } = parsed;
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
 * summaryRow(record); // { run: "20260501T020000Z-3fa9c1", kind: "job", job: "reviews", ... }
 */
export function summaryRow(r: RunRecord): Record<string, string> {
  const c = r.reconciliation;
  const n = (v: number | undefined) => (v === undefined ? "" : String(v));
  return {
    run: r.runId,
    kind: r.kind ?? "job",
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
