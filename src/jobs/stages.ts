/**
 * A job's steps as Spark work. The steps up to an aggregate only *mark* rows (see
 * `steps/marks.ts`), so they run as one Spark job: a stage. Its batch is persisted, and its
 * rows are counted by fate in the same job that fills the cache (plus an observation of the
 * rows that entered, at the scan), so no step costs a pass of its own. The quarantine and the
 * sinks then read the persisted batch. An aggregate ends a stage; its groups start the next.
 *
 * @module
 */
import type { DataFrame } from "../connect/dataframe.ts";
import { col, count, lit, not } from "../connect/functions/mod.ts";
import { Observation } from "../connect/observation.ts";
import type { SparkSession } from "../connect/session.ts";
import { StorageLevels } from "../connect/storage_level.ts";
import { type JobSpec, sinksOf } from "../config/mod.ts";
import { aggregateAlive, markOutsideWindow } from "../steps/aggregate.ts";
import { markDuplicates } from "../steps/dedupe.ts";
import { markFiltered } from "../steps/filter.ts";
import { alive, asBatch, countMarks, rejectedBy, rejectedRows } from "../steps/marks.ts";
import { readWords } from "../steps/mask_pattern.ts";
import { markMasked } from "../steps/mask_words.ts";
import { readSource } from "../steps/read_source.ts";
import { loadRowSchema } from "../steps/row_schema.ts";
import {
  MASKED_CHARS,
  NOT_QUARANTINED,
  type Rule,
  type RuleCount,
  type StepMetrics,
} from "../steps/types.ts";
import { markInvalid, markNullKeys } from "../steps/validate_rows.ts";
import { stepLabels } from "./bind.ts";
import type { RunEvent } from "./progress.ts";
import type { StageBalance } from "./reconcile.ts";

/**
 * A computed stage: its persisted batch, its counts and its steps' metrics.
 *
 * @example
 * const alive = stage.batch.filter(col("_reject").isNull());
 */
export interface Stage {
  /** The marked rows, persisted. */
  batch: DataFrame;
  /** Rows by `(step, rule)`. */
  counts: RuleCount[];
  /** The stage's account. */
  balance: StageBalance;
  /** Its steps' metrics. */
  steps: StepMetrics[];
  /** Wall time of its Spark job. */
  seconds: number;
}

/**
 * What computing the stages needs from a run.
 *
 * @example
 * const ctx: StageContext = { spark, emit: () => {}, signal, persisted: [] };
 */
export interface StageContext {
  /** The session. */
  spark: SparkSession;
  /** Reports progress. */
  emit: (event: RunEvent) => void;
  /** Aborts the Spark calls. */
  signal?: AbortSignal;
  /** Every batch persisted so far, for the run to unpersist whatever happens. */
  persisted: DataFrame[];
}

/**
 * The stages of a job (parameters bound): all of them computed and persisted; the last one's
 * alive rows are what the sinks get. `keysChecked` says whether a dedupe on the merge keys
 * ran in the last stage (no need to check them again).
 *
 * @example
 * const { stages } = await computeStages(ctx, bound);
 */
export async function computeStages(
  ctx: StageContext,
  spec: JobSpec,
): Promise<{ stages: Stage[]; sortBy: string[]; keysChecked: boolean }> {
  const done: Stage[] = [];
  const { spark, signal } = ctx;
  const labels = stepLabels(spec.steps);
  const mergeSinks = sinksOf(spec).filter((s) => s.mode === "merge");
  const keys = [...new Set(mergeSinks.flatMap((s) => s.keys ?? []))];
  const notNull = [
    ...new Set([...keys, ...mergeSinks.flatMap((s) => s.update_when_newer ?? [])]),
  ];
  const aggregates = spec.steps.some((s) => s.aggregate);
  const schema = spec.source.schema ? await loadRowSchema(spec.source.schema) : undefined;
  const source = { ...spec.source, schema };
  const { df: raw } = await readSource(spark, source, { persist: false, signal });
  let observed = new Observation(`lakebook_rows_${crypto.randomUUID().replaceAll("-", "")}`);
  let batch = await asBatch(raw.observe(observed, count(lit(1)).alias("rows")));
  let names = ["read_source"];
  let nullsChecked = false;
  if (schema) {
    const checkKeys = aggregates ? [] : notNull;
    batch = await markInvalid(batch, schema, { notNull: checkKeys, step: "validate_rows", signal });
    names.push("validate_rows");
    nullsChecked = !aggregates;
  }
  let sortBy: string[] = [];
  let keysChecked = false;
  for (const [i, step] of spec.steps.entries()) {
    const label = labels[i];
    if (step.mask_words) {
      const m = step.mask_words;
      batch = await markMasked(batch, {
        column: m.column,
        words: await readWords(m.words),
        match: m.match,
        dropIfRatioAtLeast: m.drop_if_ratio_at_least,
        step: label,
      });
    } else if (step.dedupe) {
      const d = step.dedupe;
      batch = await markDuplicates(batch, {
        keys: d.keys,
        latestBy: d.latest_by,
        tieBreak: d.tie_break,
        step: label,
        signal,
      });
      keysChecked ||= keys.length > 0 && sameSet(d.keys, keys);
    } else if (step.filter !== undefined) {
      batch = await markFiltered(batch, step.filter, { step: label });
    } else if (step.aggregate) {
      const a = step.aggregate;
      if (a.window) batch = await markOutsideWindow(batch, a.window, label);
      done.push(await materialize(ctx, batch, observed, [...names, label], done.length + 1));
      const groups = aggregateAlive(done[done.length - 1].batch, {
        groupBy: a.group_by,
        metrics: a.metrics,
      });
      observed = new Observation(`lakebook_rows_${crypto.randomUUID().replaceAll("-", "")}`);
      batch = await asBatch(groups.observe(observed, count(lit(1)).alias("rows")));
      names = [];
      sortBy = [...a.group_by];
      keysChecked = false;
      continue;
    }
    names.push(label);
  }
  if (!nullsChecked && notNull.length > 0) {
    batch = await markNullKeys(batch, notNull, "sink_keys");
    names.push("sink_keys");
  }
  done.push(await materialize(ctx, batch, observed, names, done.length + 1));
  // An aggregate's rows out are the next stage's rows in.
  for (let s = 1; s < done.length; s++) {
    const agg = done[s - 1].steps.at(-1);
    if (agg) agg.rowsOut = done[s].balance.rowsIn;
  }
  return { stages: done, sortBy, keysChecked };
}

/** Rules whose rows are dropped rather than quarantined as bad data, by reconciliation term. */
const TERMS: Partial<Record<Rule, keyof StageBalance>> = {
  mask_words: "droppedByMasking",
  duplicate: "duplicatesRemoved",
  outside_window: "outsideWindow",
};

/**
 * Persists a stage's batch and counts it by fate in one Spark job (which fills the cache).
 *
 * @example
 * const stage = await materialize(ctx, batch, observed, ["read_source", "validate_rows"], 1);
 */
export async function materialize(
  ctx: StageContext,
  batch: DataFrame,
  observed: Observation,
  steps: readonly string[],
  number: number,
): Promise<Stage> {
  const phase = steps.length > 0 ? steps.join(" > ") : `stage ${number}`;
  ctx.persisted.push(batch);
  await batch.persist(StorageLevels.MEMORY_AND_DISK, { signal: ctx.signal });
  ctx.emit({ type: "phase-start", phase });
  const started = performance.now();
  const masked = (await batch.columns).includes(MASKED_CHARS);
  const counts = await countMarks(batch, {
    signal: ctx.signal,
    onProgress: (progress) => ctx.emit({ type: "spark-progress", phase, progress }),
    sums: masked ? { maskedChars: col(MASKED_CHARS) } : {},
  });
  const seconds = (performance.now() - started) / 1000;
  const counted = counts.reduce((n, c) => n + c.rows, 0);
  // An empty source has no partition to observe: no metrics come back, and none are needed.
  const seen = observed.isReady ? observed.get().rows : undefined;
  if (seen === undefined && counted > 0) {
    throw new Error(`stage ${number}: Spark sent no count of the rows coming in`);
  }
  const rowsIn = seen === undefined ? 0 : Number(seen);
  const balance: StageBalance = {
    stage: number,
    rowsIn,
    counted,
    quarantined: 0,
    droppedByMasking: 0,
    duplicatesRemoved: 0,
    outsideWindow: 0,
    passedOn: 0,
  };
  for (const c of counts) {
    const term = c.rule === null ? "passedOn" : TERMS[c.rule as Rule] ?? "quarantined";
    (balance[term] as number) += c.rows;
  }
  let rows = rowsIn;
  const metrics = steps.map((step): StepMetrics => {
    const rejected = rejectedBy(counts, step);
    const out = rows - Object.values(rejected).reduce((n, c) => n + c, 0);
    const m: StepMetrics = { step, rowsIn: rows, rowsOut: out, rejected, seconds, stage: number };
    if (masked && step.startsWith("mask_words")) {
      m.details = { maskedChars: counts.reduce((n, c) => n + (c.sums?.maskedChars ?? 0), 0) };
    }
    rows = out;
    return m;
  });
  ctx.emit({ type: "phase-end", phase, seconds, steps: metrics });
  return { batch, counts, balance, steps: metrics, seconds };
}

/**
 * The rows to quarantine from all stages (not superseded duplicates nor rows outside a
 * window), and how many.
 *
 * @example
 * const { rows, count } = await quarantineRows(stages);
 */
export async function quarantineRows(
  stages: readonly Stage[],
): Promise<{ rows: DataFrame | undefined; count: number }> {
  let rows: DataFrame | undefined;
  for (const stage of stages) {
    const taken = (await rejectedRows(stage.batch))
      .filter(not(col("rule").isin(...NOT_QUARANTINED)));
    rows = rows ? rows.unionByName(taken) : taken;
  }
  const count = stages.reduce((n, s) => n + s.balance.quarantined + s.balance.droppedByMasking, 0);
  return { rows, count };
}

/**
 * The rows the sinks get: the last stage's alive rows.
 *
 * @example
 * const rows = deliveredRows(stages);
 */
export function deliveredRows(stages: readonly Stage[]): DataFrame {
  return stages[stages.length - 1].batch.filter(alive());
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
