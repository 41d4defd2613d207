/**
 * `maintainJob`: Delta maintenance of a config's tables (its Delta sinks and its quarantine):
 * OPTIMIZE, then VACUUM, with a run record in the history like a job run's.
 *
 * OPTIMIZE compacts small files (every MERGE adds some) and Z-orders the rows by the sink's
 * merge keys, so a MERGE or a lookup by key reads fewer files. Delta refuses to Z-order by a
 * partition column (`DELTA_ZORDERING_ON_PARTITION_COLUMN`; files never span partitions), so
 * those keys are left out; a liquid-clustered table is clustered by its own columns.
 *
 * VACUUM deletes files that the table stopped using more than `retain_hours` ago (config
 * `maintenance.retain_hours`, default 168). Delta's retention check refuses less than the
 * table's `delta.deletedFileRetentionDuration` (7 days by default), because a reader or writer
 * still on an older version would lose its files; below 168 hours `maintainJob` refuses before
 * doing anything unless the config says `maintenance.allow_short_retention: true`, and then
 * turns Delta's check off for its own VACUUMs only.
 *
 * @module
 */
import { resolve } from "node:path";
import { type JobSpec, loadConfig, paramValues, sinksOf } from "../config/mod.ts";
import type { SparkSession } from "../connect/session.ts";
import { connect } from "../server/embedded.ts";
import { isS3Path, readFile } from "../storage/mod.ts";
import { deltaTable, describeTable, history, withCommitTag } from "../steps/delta.ts";
import type { StepMetrics } from "../steps/types.ts";
import { bindSpec } from "./bind.ts";
import { withConf } from "./session_conf.ts";
import {
  defaultHistoryRoot,
  type DeltaVersion,
  describeError,
  newRunId,
  type RunRecord,
  writeRunRecord,
} from "./history.ts";
import { ParamError, RunFailed } from "./run.ts";

/** Delta's default `delta.deletedFileRetentionDuration`, the least its retention check allows. */
export const SAFE_RETENTION_HOURS = 168;

/** The session setting of Delta's VACUUM retention check. */
const RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";

/**
 * VACUUM lists the table's folders in `parallelPartitionDiscovery.parallelism` tasks: 10,000
 * by default, over a minute of task scheduling on 2 cores even for a tiny table (measured:
 * a DRY RUN of a 16-file table took 102 s under load, 46 s with 16 tasks).
 */
const LISTING_PARALLELISM = { "spark.sql.sources.parallelPartitionDiscovery.parallelism": "32" };

/**
 * Options of {@linkcode maintainJob}.
 *
 * @example
 * const opts: MaintainOptions = { retainHours: 336, dryRun: true };
 */
export interface MaintainOptions {
  /** The session (default: `connect()`; closed after). */
  spark?: SparkSession;
  /** VACUUM's retention (default: the config's `maintenance.retain_hours`, else 168). */
  retainHours?: number;
  /** Change nothing: list what VACUUM would delete, skip OPTIMIZE. */
  dryRun?: boolean;
  /** Where the record goes (default `.lakebook/history` in the project root). */
  historyRoot?: string;
  /** Progress lines (one per table and operation). */
  onProgress?: (line: string) => void;
  /** The date a `today` parameter default stands for, in table paths (default: now). */
  today?: Date;
}

/** A Delta table of the config. */
interface Table {
  path: string;
  role: DeltaVersion["role"];
  /** The merge keys, for a merge sink. */
  keys: string[];
}

/**
 * Optimizes and vacuums the Delta tables of a config and resolves to the run's record (kind
 * `maintain`; one step per table and operation, rows before and after in `rowsIn`/`rowsOut`,
 * files in `details`). Rejects with `ConfigError` or `ParamError` before anything runs, or
 * `RunFailed` (record written). A table that does not exist yet is skipped.
 *
 * @example
 * const record = await maintainJob("ingestion_config/reviews.yaml", { retainHours: 336 });
 * for (const s of record.steps) console.log(s.step, s.details);
 */
export async function maintainJob(
  config: string,
  opts: MaintainOptions = {},
): Promise<RunRecord> {
  const started = new Date();
  const path = isS3Path(config) ? config : resolve(config);
  const spec = await loadConfig(path, { file: config, today: opts.today });
  const maintenance = spec.maintenance ?? {
    schedule: "@weekly",
    retain_hours: SAFE_RETENTION_HOURS,
    allow_short_retention: false,
  };
  const retainHours = opts.retainHours ?? maintenance.retain_hours;
  if (!Number.isInteger(retainHours) || retainHours < 0) {
    throw new ParamError(`retention ${retainHours} must be a whole number of hours, 0 or more`);
  }
  if (retainHours < SAFE_RETENTION_HOURS && !maintenance.allow_short_retention) {
    throw new ParamError(
      `${config}: a retention of ${retainHours} h is below Delta's safe ${SAFE_RETENTION_HOURS} h; ` +
        "set maintenance.allow_short_retention: true in the config to allow it",
    );
  }
  const tables = deltaTables(spec, opts.today ?? started);
  const sha256 = await digest(await readFile(path));
  const spark = opts.spark ?? await connect();
  const runId = newRunId(started);
  const tag = JSON.stringify({ lakebook: { runId, job: spec.name, maintain: true } });
  const steps: StepMetrics[] = [];
  const versions: DeltaVersion[] = [];
  let failure: unknown;
  try {
    for (const table of tables) {
      const say = (what: string) => opts.onProgress?.(`${table.role} ${table.path}: ${what}`);
      const detail = await describeTable(spark, table.path);
      if (!detail) {
        say("no table yet, skipped");
        continue;
      }
      const zorder = table.keys.filter((k) => !detail.partitionColumns.includes(k));
      if (!opts.dryRun) {
        say(`OPTIMIZE${zorder.length > 0 ? ` ZORDER BY (${zorder.join(", ")})` : ""}`);
        steps.push(await optimize(spark, table.path, zorder, tag));
        versions.push(...await commitsSince(spark, table, tag, "OPTIMIZE"));
      }
      say(`VACUUM RETAIN ${retainHours} HOURS${opts.dryRun ? " DRY RUN" : ""}`);
      const checkOff = retainHours < SAFE_RETENTION_HOURS;
      steps.push(
        await vacuum(spark, table.path, { retainHours, dryRun: opts.dryRun, checkOff, tag }),
      );
      if (!opts.dryRun) versions.push(...await commitsSince(spark, table, tag, "VACUUM END"));
    }
  } catch (err) {
    failure = err;
  } finally {
    if (!opts.spark) await spark.stop();
  }
  const ended = new Date();
  const record: RunRecord = {
    runId,
    kind: "maintain",
    job: spec.name,
    config: { path, sha256 },
    params: { retain_hours: retainHours, dry_run: opts.dryRun ?? false },
    startedAt: started.toISOString(),
    endedAt: ended.toISOString(),
    seconds: (ended.getTime() - started.getTime()) / 1000,
    status: failure === undefined ? "succeeded" : "failed",
    steps,
    reconciliation: null,
    deltaVersions: versions,
    error: failure === undefined ? null : describeError(failure),
  };
  await writeRunRecord(record, opts.historyRoot ?? defaultHistoryRoot(path));
  if (failure !== undefined) throw new RunFailed(record, { cause: failure });
  return record;
}

/** The config's Delta tables: each Delta sink (with its merge keys), then the quarantine. */
function deltaTables(spec: JobSpec, today: Date): Table[] {
  let bound: JobSpec;
  try {
    bound = bindSpec(spec, paramValues(spec.params ?? {}, {}, today));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new ParamError(`the table paths need the parameters' defaults: ${why}`);
  }
  const sinks: Table[] = sinksOf(bound).filter((s) => s.format === "delta").map((s) => ({
    path: s.path,
    role: "sink",
    keys: s.mode === "merge" ? s.keys ?? [] : [],
  }));
  const quarantine: Table[] = bound.quarantine
    ? [{ path: bound.quarantine.path, role: "quarantine", keys: [] }]
    : [];
  return [...sinks, ...quarantine];
}

/** Files and rows of a table, from Delta's log (`DESCRIBE DETAIL`, `count(*)` from stats). */
async function measure(
  spark: SparkSession,
  path: string,
): Promise<{ files: number; rows: number }> {
  const [detail] = await (await spark.sql(`DESCRIBE DETAIL ${deltaTable(path)}`)).collect();
  const [count] = await (await spark.sql(`SELECT count(*) AS n FROM ${deltaTable(path)}`))
    .collect();
  return { files: Number(detail.numFiles), rows: Number(count.n) };
}

async function optimize(
  spark: SparkSession,
  path: string,
  zorder: readonly string[],
  tag: string,
): Promise<StepMetrics> {
  const before = await measure(spark, path);
  const t0 = performance.now();
  const by = zorder.length > 0
    ? ` ZORDER BY (${zorder.map((k) => "`" + k.replaceAll("`", "``") + "`").join(", ")})`
    : "";
  const [result] = await withCommitTag(
    spark,
    tag,
    async () => await (await spark.sql(`OPTIMIZE ${deltaTable(path)}${by}`)).collect(),
  );
  const seconds = (performance.now() - t0) / 1000;
  const metrics = (result?.metrics ?? {}) as Record<string, unknown>;
  const after = await measure(spark, path);
  return {
    step: "optimize",
    rowsIn: before.rows,
    rowsOut: after.rows,
    rejected: {},
    seconds,
    details: {
      table: path,
      zorderBy: [...zorder],
      filesBefore: before.files,
      filesRemoved: Number(metrics.numFilesRemoved ?? 0),
      filesAdded: Number(metrics.numFilesAdded ?? 0),
      filesAfter: after.files,
    },
  };
}

async function vacuum(
  spark: SparkSession,
  path: string,
  opts: { retainHours: number; dryRun?: boolean; checkOff: boolean; tag: string },
): Promise<StepMetrics> {
  const before = await measure(spark, path);
  const t0 = performance.now();
  const sql = `VACUUM ${deltaTable(path)} RETAIN ${opts.retainHours} HOURS` +
    (opts.dryRun ? " DRY RUN" : "");
  const conf = { ...LISTING_PARALLELISM, ...(opts.checkOff ? { [RETENTION_CHECK]: "false" } : {}) };
  const rows = await withConf(
    spark,
    conf,
    () => withCommitTag(spark, opts.tag, async () => await (await spark.sql(sql)).collect()),
  );
  const seconds = (performance.now() - t0) / 1000;
  let deleted = rows.length;
  if (!opts.dryRun) {
    const [end] = (await history(spark, path, 5)).filter((c) =>
      c.operation === "VACUUM END" && c.userMetadata === opts.tag
    );
    deleted = end?.metrics.numDeletedFiles ?? 0;
  }
  return {
    step: opts.dryRun ? "vacuum_dry_run" : "vacuum",
    rowsIn: before.rows,
    rowsOut: before.rows,
    rejected: {},
    seconds,
    details: {
      table: path,
      retainHours: opts.retainHours,
      [opts.dryRun ? "filesToDelete" : "filesDeleted"]: deleted,
    },
  };
}

/** The commits of `operation` the maintenance made on a table (found by its tag). */
async function commitsSince(
  spark: SparkSession,
  table: Table,
  tag: string,
  operation: string,
): Promise<DeltaVersion[]> {
  const [commit] = (await history(spark, table.path, 5)).filter((c) =>
    c.operation === operation && c.userMetadata === tag
  );
  return commit ? [{ path: table.path, role: table.role, version: commit.version, operation }] : [];
}

async function digest(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const hash = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
