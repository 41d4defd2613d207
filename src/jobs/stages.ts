/**
 * A job's steps as Spark work. The steps up to an aggregate only *mark* rows (see
 * `steps/marks.ts`), so they run as one Spark job: a stage. An aggregate ends a stage; its
 * groups start the next. The last stage's batch is persisted, and its rows are counted by fate
 * in the same job that fills the cache (plus an observation of the rows that entered, at the
 * scan), so no step costs a pass of its own; the quarantine and the sinks then read it. A stage
 * ending in an aggregate is neither persisted nor counted on its own: an observation counts its
 * rows by fate as they flow into the aggregate, in that same job (persisting a million wide
 * rows to aggregate them once cost more than the aggregate). Its quarantined rows, when it has
 * any, are read again from the source.
 *
 * The window of an aggregate that only filters come before, over a typed source (Delta,
 * Parquet), is applied to the read itself: the source skips the files outside it (a table
 * partitioned or sorted by time reads only the window's files), and those rows are not read,
 * so not counted (see {@linkcode readWindow}).
 *
 * @module
 */
import type { DataFrame } from "../connect/dataframe.ts";
import type { Column } from "../connect/column.ts";
import { coalesce, col, count, count_if, lit, not, sum } from "../connect/functions/mod.ts";
import { Observation } from "../connect/observation.ts";
import type { SparkSession } from "../connect/session.ts";
import { type JobSpec, sinksOf } from "../config/mod.ts";
import {
  aggregateAlive,
  markOutsideWindow,
  type TimeWindow,
  windowCondition,
} from "../steps/aggregate.ts";
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
  REJECT,
  type Rule,
  type RuleCount,
  RULES,
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
  /** The marked rows. */
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
 * alive rows are what the sinks get. `keysChecked` says whether the last stage's rows are
 * unique by every merge sink's keys already (a dedupe or an aggregate on columns all among
 * them), so the sinks need not check.
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
  // Rows unique by `columns` are unique by every merge sink's keys that include them all.
  const uniqueKeys = (columns: readonly string[]) =>
    mergeSinks.length > 0 &&
    mergeSinks.every((s) => columns.every((c) => (s.keys ?? []).includes(c)));
  const aggregates = spec.steps.some((s) => s.aggregate);
  const schema = spec.source.schema ? await loadRowSchema(spec.source.schema) : undefined;
  const source = { ...spec.source, schema };
  const { df: all } = await readSource(spark, source, { persist: false, signal });
  const window = readWindow(spec);
  const raw = window ? all.filter(coalesce(windowCondition(window), lit(false))) : all;
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
  const observedStages: ObservedStage[] = [];
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
      keysChecked ||= uniqueKeys(d.keys);
    } else if (step.filter !== undefined) {
      batch = await markFiltered(batch, step.filter, { step: label });
    } else if (step.aggregate) {
      const a = step.aggregate;
      if (a.window && a.window !== window) batch = await markOutsideWindow(batch, a.window, label);
      const stage: ObservedStage = {
        batch,
        observed,
        fates: new Observation(`lakebook_fates_${crypto.randomUUID().replaceAll("-", "")}`),
        steps: [...names, label],
        masked: (await batch.columns).includes(MASKED_CHARS),
      };
      observedStages.push(stage);
      const groups = aggregateAlive(batch.observe(stage.fates, ...fateCounts(stage)), {
        groupBy: a.group_by,
        metrics: a.metrics,
      });
      observed = new Observation(`lakebook_rows_${crypto.randomUUID().replaceAll("-", "")}`);
      batch = await asBatch(groups.observe(observed, count(lit(1)).alias("rows")));
      names = [];
      sortBy = [...a.group_by];
      keysChecked = uniqueKeys(a.group_by);
      continue;
    }
    names.push(label);
  }
  if (!nullsChecked && notNull.length > 0) {
    batch = await markNullKeys(batch, notNull, "sink_keys");
    names.push("sink_keys");
  }
  done.push(...await materialize(ctx, batch, observed, names, observedStages));
  if (window) {
    const read = done[0].steps[0];
    read.details = { ...read.details, window: windowText(window) };
  }
  // An aggregate's rows out are the next stage's rows in.
  for (let s = 1; s < done.length; s++) {
    const agg = done[s - 1].steps.at(-1);
    if (agg) agg.rowsOut = done[s].balance.rowsIn;
  }
  return { stages: done, sortBy, keysChecked };
}

/**
 * The window to apply to the read: that of the first step when it is an aggregate over a
 * window, or of the first aggregate when only filters come before it (a filter and the window
 * commute; a dedupe, say, must see the versions outside the window), for a Delta or Parquet
 * source (typed: no row is corrupt, so no bad row goes unseen).
 *
 * @example
 * readWindow(spec); // { column: "publishedAt", last: "3 years", until: "DATE'2026-01-01'" }
 */
export function readWindow(spec: JobSpec): TimeWindow | undefined {
  if (spec.source.format !== "delta" && spec.source.format !== "parquet") return undefined;
  const first = spec.steps.findIndex((s) => s.filter === undefined);
  return spec.steps[first]?.aggregate?.window;
}

/** The window as the read's details show it. */
function windowText(window: TimeWindow): string {
  return `${window.column} in the last ${window.last} until ${window.until}`;
}

/** Rules whose rows are dropped rather than quarantined as bad data, by reconciliation term. */
const TERMS: Partial<Record<Rule, keyof StageBalance>> = {
  mask_words: "droppedByMasking",
  duplicate: "duplicatesRemoved",
  outside_window: "outsideWindow",
};

/**
 * A stage ending in an aggregate, counted by the observation `fates` while the next stage's job
 * runs (see the module's notes).
 *
 * @example
 * const stage: ObservedStage = { batch, observed, fates, steps: ["read_source", "aggregate"], masked: false };
 */
export interface ObservedStage {
  /** The marked rows (not persisted). */
  batch: DataFrame;
  /** The count of the rows coming in. */
  observed: Observation;
  /** The rows by fate: see {@linkcode fateCounts}. */
  fates: Observation;
  /** The stage's steps. */
  steps: readonly string[];
  /** Whether the rows carry masked characters to sum. */
  masked: boolean;
}

/**
 * The observed metrics counting an observed stage's rows by fate: the alive rows, then one
 * count per (step, rule) the stage's steps can mark, and the masked characters.
 *
 * @example
 * batch.observe(stage.fates, ...fateCounts(stage));
 */
export function fateCounts(stage: ObservedStage): Column[] {
  const step = col(`${REJECT}.step`);
  const rule = col(`${REJECT}.rule`);
  return [
    count_if(col(REJECT).isNull()).alias("alive"),
    ...stage.steps.flatMap((s, i) =>
      RULES.map((r, j) => count_if(step.eq(s).and(rule.eq(r))).alias(`m_${i}_${j}`))
    ),
    ...(stage.masked ? [sum(col(MASKED_CHARS)).alias("masked_chars")] : []),
  ];
}

/**
 * Persists the last stage's batch and counts it by fate in one Spark job (which fills the
 * cache); the stages observed on the way (`before`) are counted in that job too. Resolves to
 * the observed stages, then the last one.
 *
 * @example
 * const [stage] = await materialize(ctx, batch, observed, ["read_source", "validate_rows"]);
 */
export async function materialize(
  ctx: StageContext,
  batch: DataFrame,
  observed: Observation,
  steps: readonly string[],
  before: readonly ObservedStage[] = [],
): Promise<Stage[]> {
  const phase = [...before.flatMap((b) => b.steps), ...steps].join(" > ") ||
    `stage ${before.length + 1}`;
  // Persisted even for a small batch of groups: the quarantine and each sink read it again.
  ctx.persisted.push(batch);
  await batch.cache({ signal: ctx.signal });
  ctx.emit({ type: "phase-start", phase });
  const started = performance.now();
  const masked = (await batch.columns).includes(MASKED_CHARS);
  const counts = await countMarks(batch, {
    signal: ctx.signal,
    onProgress: (progress) => ctx.emit({ type: "spark-progress", phase, progress }),
    sums: masked ? { maskedChars: col(MASKED_CHARS) } : {},
  });
  const seconds = (performance.now() - started) / 1000;
  const stages = before.map((b, i) =>
    stageOf(b.batch, observedCounts(b), b.observed, b.steps, i + 1, seconds, b.masked)
  );
  stages.push(stageOf(batch, counts, observed, steps, before.length + 1, seconds, masked));
  ctx.emit({ type: "phase-end", phase, seconds, steps: stages.flatMap((s) => s.steps) });
  return stages;
}

/** An observed stage's counts, in the form `countMarks` gives them. */
function observedCounts(stage: ObservedStage): RuleCount[] {
  if (!stage.fates.isReady) return [];
  const seen = stage.fates.get();
  const counts: RuleCount[] = [{ step: null, rule: null, rows: Number(seen.alive) }];
  stage.steps.forEach((s, i) =>
    RULES.forEach((r, j) => {
      const rows = Number(seen[`m_${i}_${j}`] ?? 0);
      if (rows > 0) counts.push({ step: s, rule: r, rows });
    })
  );
  if (stage.masked) counts[0].sums = { maskedChars: Number(seen.masked_chars ?? 0) };
  return counts;
}

/** A stage from its counts by fate. */
function stageOf(
  batch: DataFrame,
  counts: RuleCount[],
  observed: Observation,
  steps: readonly string[],
  number: number,
  seconds: number,
  masked: boolean,
): Stage {
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
  // Only stages with rows to quarantine: an observed stage's batch is read again from the source.
  for (
    const stage of stages.filter((s) => s.balance.quarantined + s.balance.droppedByMasking > 0)
  ) {
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
