/**
 * `runJob`: runs a config end to end: check it (Spark analyzes its SQL before any data is
 * read), compute its stages (see `stages.ts`), write the quarantine and the sinks (at once,
 * each its own Spark job), check the reconciliation, and write the run's history record.
 *
 * Failure atomicity: each Delta write is one commit, so a table is never half-written. Every
 * commit carries the run's tag (the session's commit tag is the run's while the writes run,
 * so concurrent MERGEs cannot take each other's); when the run fails after a commit (another
 * write fails, the run is aborted, the reconciliation does not balance), once every write has
 * settled, each table the run committed to is put back with RESTORE to the version before,
 * unless another writer has committed since, and the record lists what was undone. A table the
 * run created is left (there is no version before it). A rerun then starts from the tables as
 * they were; the writes are idempotent anyway (insert-only quarantine, monotonic MERGE).
 *
 * @module
 */
import { resolve } from "node:path";
import {
  ConfigError,
  type JobSpec,
  loadConfig,
  type ParamValue,
  paramValues,
  sinksOf,
  validateConfig,
} from "../config/mod.ts";
import type { ExecutionProgress } from "../connect/execute.ts";
import type { SparkSession } from "../connect/session.ts";
import { isLoopback, parseConnectionString } from "../connect/url.ts";
import { connect } from "../server/embedded.ts";
import { isS3Path, readFile } from "../storage/mod.ts";
import { commitTagged, history, restoreIfLatest, USER_METADATA } from "../steps/delta.ts";
import { writeQuarantine } from "../steps/quarantine.ts";
import type { SinkResult, StepMetrics } from "../steps/types.ts";
import { writeSink } from "../steps/write_sink.ts";
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
import type { RunEvent } from "./progress.ts";
import { reconcile, type Reconciliation, ReconciliationError } from "./reconcile.ts";
import { computeStages, deliveredRows, quarantineRows, type StageContext } from "./stages.ts";

/**
 * Options of {@linkcode runJob}.
 *
 * @example
 * const opts: RunOptions = { params: { as_of: "2026-05-01" }, historyRoot: "/tmp/history" };
 */
export interface RunOptions {
  /** The session (default: `connect()`: $SPARK_REMOTE or the local server; closed after). */
  spark?: SparkSession;
  /** Parameter values, as text (`--param name=value`). */
  params?: Readonly<Record<string, string>>;
  /** The `as_of` parameter (`--as-of`), a date. */
  asOf?: string;
  /** Where the record goes (default `.lakebook/history` in the project root). */
  historyRoot?: string;
  /** Progress events (see `progressPrinter`). */
  onProgress?: (event: RunEvent) => void;
  /** Aborts the run: the running Spark operation is interrupted and commits are undone. */
  signal?: AbortSignal;
  /** The date `today` means (default: now). */
  today?: Date;
}

/**
 * A run that failed; `record` is its history record (already written), `cause` the error.
 *
 * @example
 * try { await runJob(path); } catch (e) { if (e instanceof RunFailed) console.log(e.record.error); }
 */
export class RunFailed extends Error {
  /** Always `RunFailed`. */
  override name = "RunFailed";

  /** The failure of the run recorded in `record`. */
  constructor(readonly record: RunRecord, options?: ErrorOptions) {
    super(`run ${record.runId} of ${record.job} failed: ${record.error?.message}`, options);
  }
}

/**
 * Bad parameter values (unknown, missing, or not of their type): nothing ran.
 *
 * @example
 * throw new ParamError("parameter 'as_of': 'May 1' is not a date (YYYY-MM-DD or today)");
 */
export class ParamError extends Error {
  /** Always `ParamError`. */
  override name = "ParamError";
}

/**
 * Runs a job config (a path, or a loaded `JobSpec`) and resolves to its history record; rejects
 * with `ConfigError` or `ParamError` before anything runs, or `RunFailed` (record written).
 *
 * @example
 * const record = await runJob("ingestion_config/reviews.yaml", { onProgress: progressPrinter() });
 * console.log(record.reconciliation?.equation);
 */
export async function runJob(config: string | JobSpec, opts: RunOptions = {}): Promise<RunRecord> {
  const started = new Date();
  const today = opts.today ?? started;
  const path = typeof config === "string" ? (isS3Path(config) ? config : resolve(config)) : null;
  const file = typeof config === "string" ? config : undefined;
  const spark = opts.spark ?? await connect();
  try {
    // Every problem at once, the SQL ones (Spark analyzes the expressions) included.
    if (path) {
      const problems = await validateConfig(path, { spark, today, file, signal: opts.signal });
      if (problems.length > 0) throw new ConfigError(problems);
    }
    const spec = path ? await loadConfig(path, { today, file }) : config as JobSpec;
    const sha256 = await digest(path ? await readFile(path) : JSON.stringify(config));
    let values: Record<string, ParamValue>;
    try {
      const given = { ...opts.params, ...(opts.asOf ? { as_of: opts.asOf } : {}) };
      values = paramValues(spec.params ?? {}, given, today);
    } catch (err) {
      throw new ParamError(err instanceof Error ? err.message : String(err));
    }
    return await withConf(
      spark,
      await runConf(spark),
      () => run(spark, spec, { ...opts, path, sha256, values, started }),
    );
  } finally {
    if (!opts.spark) await spark.stop();
  }
}

/**
 * Session settings for the run's duration:
 * - AQE may re-partition the plan of a persisted batch (by default Spark keeps a cached plan's
 *   200 shuffle partitions, which makes every later read of a small batch schedule 200 tasks:
 *   ~5x slower runs on small inputs);
 * - the persisted batch is not compressed: it is read a few times, each within the run, and
 *   most of its bytes (texts) do not compress in Spark's columnar cache anyway;
 * - on a local master on this machine, 4 shuffle partitions per core instead of 200 (sized
 *   for clusters), which AQE merges only below 16 MB (not 64 MB: the write's shuffle of 166 MB
 *   became 4 tasks of uneven size for 2 cores);
 * - and files read in at least 4 splits per core: Spark cuts 128 MB splits, so a 585 MB file
 *   made 5 tasks on 2 cores, one core idle while the last ran (~0.8 s of the ingest).
 * Together ~3 s of a 1M-review ingest's 24 s (bench/RESULTS.md, pipeline).
 *
 * @example
 * await withConf(spark, await runConf(spark), () => run());
 */
export async function runConf(spark: SparkSession): Promise<Record<string, string>> {
  const conf: Record<string, string> = {
    "spark.sql.optimizer.canChangeCachedPlanOutputPartitioning": "true",
    "spark.sql.inMemoryColumnarStorage.compressed": "false",
  };
  const cores = localCores(spark.client.url, await spark.conf.get("spark.master", ""));
  if (cores) {
    conf["spark.sql.shuffle.partitions"] = String(4 * cores);
    conf["spark.sql.files.minPartitionNum"] = String(4 * cores);
    conf["spark.sql.adaptive.advisoryPartitionSizeInBytes"] = "16m";
  }
  return conf;
}

/**
 * The cores of a `local[...]` master on this machine (a loopback URL), else undefined.
 *
 * @example
 * localCores("sc://127.0.0.1:15002", "local[4]"); // 4
 */
export function localCores(url: string, master: string | undefined): number | undefined {
  const local = /^local\[(\*|\d+)(?:,\s*\d+)?\]$/.exec(master ?? "");
  if (!local || !isLoopback(parseConnectionString(url).host)) return undefined;
  return local[1] === "*" ? navigator.hardwareConcurrency : Number(local[1]);
}

interface Run {
  path: string | null;
  sha256: string;
  values: Record<string, ParamValue>;
  started: Date;
}

/** A Delta table the run writes to. */
interface Target {
  path: string;
  role: DeltaVersion["role"];
}

async function run(
  spark: SparkSession,
  spec: JobSpec,
  opts: RunOptions & Run,
): Promise<RunRecord> {
  const runId = newRunId(opts.started);
  const emit = (e: RunEvent) => opts.onProgress?.(e);
  const tag = JSON.stringify({ lakebook: { runId, job: spec.name } });
  const ctx: StageContext = { spark, emit, signal: opts.signal, persisted: [] };
  const steps: StepMetrics[] = [];
  const versions: DeltaVersion[] = [];
  const targets: Target[] = [];
  let reconciliation: Reconciliation | null = null;
  let failure: unknown;
  emit({ type: "run-start", runId, job: spec.name });
  try {
    const bound = bindSpec(spec, opts.values);
    const { stages, sortBy, keysChecked } = await computeStages(ctx, bound);
    steps.push(...stages.flatMap((s) => s.steps));
    const exec = { signal: opts.signal };
    const rejected = await quarantineRows(stages);
    const delivered = deliveredRows(stages);
    const rows = stages[stages.length - 1].balance.passedOn;
    const sinks = sinksOf(bound);
    const writes: Write[] = sinks.map((sink, i) => {
      const kind = sink.mode === "merge" ? "merge_into" : "write_sink";
      const name = sinks.length > 1 ? `${kind}_${i + 1}` : kind;
      return {
        name,
        path: sink.path,
        target: sink.format === "delta" ? { path: sink.path, role: "sink" } : undefined,
        write: (onProgress) =>
          writeSink(delivered, sink, {
            tag,
            rows,
            sortBy: sink.single_file ? sortBy : undefined,
            checkUniqueKeys: !keysChecked,
            step: name,
            ...exec,
            onProgress,
          }),
      };
    });
    const quarantinePath = rejected.rows && rejected.count > 0 ? bound.quarantine?.path : undefined;
    if (quarantinePath) {
      writes.unshift({
        name: "quarantine",
        path: quarantinePath,
        target: { path: quarantinePath, role: "quarantine" },
        write: (onProgress) =>
          writeQuarantine(rejected.rows!, quarantinePath, {
            runId,
            job: spec.name,
            at: opts.started,
            tag,
            rows: rejected.count,
            ...exec,
            onProgress,
          }),
      });
    }
    targets.push(...writes.flatMap((w) => w.target ? [w.target] : []));
    const results = await withConf(spark, { [USER_METADATA]: tag }, () => writeAll(writes, emit));
    for (const [i, result] of results.entries()) {
      const { target } = writes[i];
      if (result.status === "rejected") continue;
      steps.push(result.value.metrics);
      if (target && result.value.write.version !== null) {
        const { created, mode, version } = result.value.write;
        versions.push({
          ...target,
          version,
          operation: created || mode !== "merge" ? "WRITE" : "MERGE",
        });
      }
    }
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    const written = results.flatMap((r) => r.status === "fulfilled" ? [r.value.write] : []);
    const quarantine = quarantinePath ? written.shift()! : null;
    reconciliation = reconcile({
      stages: stages.map((s) => s.balance),
      sinks: written,
      quarantine,
    });
    if (!reconciliation.balanced) throw new ReconciliationError(reconciliation);
  } catch (err) {
    failure = err;
    await rollBack(spark, targets, versions, tag, opts.signal?.aborted ?? false);
  } finally {
    for (const df of ctx.persisted) await df.unpersist().catch(() => {});
  }
  const ended = new Date();
  const record: RunRecord = {
    runId,
    job: spec.name,
    config: { path: opts.path, sha256: opts.sha256 },
    params: opts.values,
    startedAt: opts.started.toISOString(),
    endedAt: ended.toISOString(),
    seconds: (ended.getTime() - opts.started.getTime()) / 1000,
    status: failure === undefined ? "succeeded" : "failed",
    steps,
    reconciliation,
    deltaVersions: versions,
    error: failure === undefined ? null : describeError(failure),
  };
  await writeRunRecord(record, opts.historyRoot ?? defaultHistoryRoot(opts.path ?? undefined));
  emit({ type: "run-end", record });
  if (failure !== undefined) throw new RunFailed(record, { cause: failure });
  return record;
}

/** One write of a run: the quarantine or a sink. */
interface Write {
  /** Its phase's name. */
  name: string;
  /** Where it writes. */
  path: string;
  /** The Delta table it commits to, if any. */
  target?: Target;
  /** Writes, reporting Spark's progress. */
  write: (onProgress: (p: ExecutionProgress) => void) => Promise<SinkResult>;
}

/**
 * Runs the writes at once, each its own Spark job (the small ones fill the cores a large one
 * leaves idle: its planning, its commit, its last tasks), except that writes to one path run
 * in order; resolves when all have settled, so that a rollback sees every commit.
 */
function writeAll(
  writes: readonly Write[],
  emit: (e: RunEvent) => void,
): Promise<PromiseSettledResult<SinkResult>[]> {
  const last = new Map<string, Promise<unknown>>();
  return Promise.allSettled(writes.map((w) => {
    const before = last.get(w.path) ?? Promise.resolve();
    const done = before.catch(() => {}).then(async () => {
      emit({ type: "phase-start", phase: w.name });
      const result = await w.write((progress) =>
        emit({ type: "spark-progress", phase: w.name, progress })
      );
      const { metrics } = result;
      emit({ type: "phase-end", phase: w.name, seconds: metrics.seconds, steps: [metrics] });
      return result;
    });
    last.set(w.path, done);
    return done;
  }));
}

/**
 * Undoes the run's commits, newest table first: each table whose latest commit is the run's
 * is restored to the version before it. After an abort the interrupted command may still be
 * committing on the server, so its table is looked at a few times over two seconds.
 */
async function rollBack(
  spark: SparkSession,
  targets: readonly Target[],
  versions: DeltaVersion[],
  tag: string,
  aborted: boolean,
): Promise<void> {
  const undo = JSON.stringify({ ...JSON.parse(tag), rollback: true });
  for (const target of [...targets].reverse()) {
    let entry = versions.find((v) => v.path === target.path);
    try {
      let commit = await commitTagged(spark, target.path, tag);
      for (let i = 0; !commit && aborted && i < 4; i++) {
        await new Promise((r) => setTimeout(r, 500));
        commit = await commitTagged(spark, target.path, tag);
      }
      if (!commit) continue;
      if (!entry) {
        entry = { ...target, version: commit.version, operation: commit.operation };
        versions.push(entry);
      }
      if (commit.version === 0) {
        entry.rolledBack = { skipped: "the run created the table" };
      } else if (
        await restoreIfLatest(spark, target.path, commit.version - 1, commit.version, undo)
      ) {
        const [latest] = await history(spark, target.path, 1);
        entry.rolledBack = { version: latest.version };
      } else {
        entry.rolledBack = { skipped: "another writer committed after the run" };
      }
    } catch (err) {
      if (entry) {
        entry.rolledBack = { skipped: `the rollback failed: ${describeError(err).message}` };
      }
    }
  }
}

async function digest(data: Uint8Array<ArrayBuffer> | string): Promise<string> {
  const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
  const hash = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
