/**
 * `lakebook maintain <config>`: OPTIMIZE and VACUUM the config's Delta tables (see
 * `src/jobs/maintain.ts`), progress on stderr, what changed on stdout. Exit codes as
 * `lakebook run`: 0 done, 1 failed (its history record says why), 2 invalid config or
 * retention (nothing ran).
 *
 * @module
 */
import { join } from "node:path";
import { SparkSession } from "../connect/session.ts";
import { defaultHistoryRoot, type RunRecord } from "../jobs/history.ts";
import { maintainJob, SAFE_RETENTION_HOURS } from "../jobs/maintain.ts";
import { connect } from "../server/embedded.ts";
import { type CommandGroup, parseCommand, UsageError } from "./command.ts";
import { failureCode, formatTable } from "./run.ts";

const HELP_CMD = "lakebook maintain --help";

const HELP = `Usage: lakebook maintain <config> [options]

Maintains the config's Delta tables (its Delta sinks and its quarantine): OPTIMIZE compacts
small files, Z-ordered by a merge sink's keys (partition columns left out), then VACUUM deletes
files the tables stopped using more than the retention ago. Writes a run record (kind
"maintain") to the run history. A table not written yet is skipped.

Options:
  --retain-hours H     VACUUM's retention (default: the config's maintenance.retain_hours,
                       else ${SAFE_RETENTION_HOURS}); below ${SAFE_RETENTION_HOURS} only when the config says
                       maintenance.allow_short_retention: true
  --dry-run            change nothing: no OPTIMIZE; list how many files VACUUM would delete
  --history DIR        the run history root (default: .lakebook/history in the project)
  --spark URL          the Spark Connect server (default: $SPARK_REMOTE, else the local
                       server, started when needed)

Exit status: 0 done, 1 failed, 2 the config or the retention is invalid (nothing ran).`;

/**
 * The `maintain` command: `lakebook maintain <config> [--retain-hours H] [--dry-run]`.
 *
 * @example
 * const code = await maintainCommands.run(["ingestion_config/reviews.yaml", "--dry-run"]);
 */
export const maintainCommands: CommandGroup = {
  name: "maintain",
  summary: "OPTIMIZE and VACUUM a config's Delta tables (exit 0 ok, 1 failed, 2 invalid)",
  async run(args) {
    const parsed = parseCommand(args, {
      "retain-hours": { type: "string" },
      "dry-run": { type: "boolean" },
      history: { type: "string" },
      spark: { type: "string" },
    }, { help: HELP, helpCmd: HELP_CMD, positionals: true, exitCode: 2 });
    if (parsed === undefined) return 0;
    const { values, positionals } = parsed;
    if (positionals.length !== 1) throw new UsageError("give one config to maintain", HELP_CMD, 2);
    const hours = values["retain-hours"];
    if (hours !== undefined && !/^\d+$/.test(hours)) {
      throw new UsageError(
        `--retain-hours takes a whole number of hours, not '${hours}'`,
        HELP_CMD,
        2,
      );
    }
    const config = positionals[0];
    const historyRoot = values.history ?? defaultHistoryRoot(config);
    let spark: SparkSession | undefined;
    try {
      spark = values.spark ? await SparkSession.connect(values.spark) : await connect();
      const record = await maintainJob(config, {
        spark,
        retainHours: hours === undefined ? undefined : Number(hours),
        dryRun: values["dry-run"],
        historyRoot,
        onProgress: (line) => console.error(`lakebook maintain: ${line}`),
      });
      printMaintenance(record, historyRoot);
      return 0;
    } catch (err) {
      return failureCode(err, config, (r) => printMaintenance(r, historyRoot));
    } finally {
      await spark?.stop();
    }
  },
};

/**
 * Prints what a maintenance run did to each table, and where its record is.
 *
 * @example
 * printMaintenance(record, ".lakebook/history");
 */
export function printMaintenance(record: RunRecord, historyRoot: string): void {
  const count = (v: unknown) => v === undefined ? "" : String(v);
  const rows = record.steps.map((s) => ({
    table: String(s.details?.table ?? ""),
    operation: s.step,
    "files before": count(s.details?.filesBefore),
    removed: count(s.details?.filesRemoved),
    added: count(s.details?.filesAdded),
    deleted: count(s.details?.filesDeleted ?? s.details?.filesToDelete),
    rows: String(s.rowsOut),
    seconds: s.seconds.toFixed(2),
  }));
  if (rows.length > 0) console.log(formatTable(rows));
  for (const v of record.deltaVersions) {
    console.log(`${v.role} ${v.path}: version ${v.version} (${v.operation})`);
  }
  console.log(
    `maintenance ${record.runId} of ${record.job} ${record.status} in ` +
      `${record.seconds.toFixed(2)} s`,
  );
  console.log(`record: ${join(historyRoot, record.job, `${record.runId}.json`)}`);
}
