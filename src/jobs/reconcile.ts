/**
 * The reconciliation of a run: every row read is accounted for exactly once, and each sink's
 * account agrees with what its commit says. A run that does not balance fails.
 *
 * For a job without aggregates and one MERGE sink it reads:
 * `rows read = quarantined + dropped by masking + duplicates removed + inserted + updated +
 * unchanged`. Rows read are counted at the source (an observation on the scan), the others by
 * the rules that took them out and by the sinks' commits, so the equation checks the steps
 * (no step may lose or duplicate a row) and the writes (Delta's `numSourceRows` must be the
 * rows offered).
 *
 * @module
 */
import type { SinkWrite } from "../steps/types.ts";

/**
 * One stage's account: a stage is the rows one Spark job computed (all steps up to an
 * aggregate, then the groups).
 *
 * @example
 * const s: StageBalance = {
 *   stage: 1, rowsIn: 208, counted: 208, quarantined: 9, droppedByMasking: 1,
 *   duplicatesRemoved: 7, outsideWindow: 0, passedOn: 191,
 * };
 */
export interface StageBalance {
  /** 1-based. */
  stage: number;
  /** Rows counted where the stage starts: rows read, or groups. */
  rowsIn: number;
  /** Rows counted by fate at the stage's end (must equal `rowsIn`). */
  counted: number;
  /** Rows quarantined by the schema, null keys or a filter. */
  quarantined: number;
  /** Rows dropped by `mask_words`. */
  droppedByMasking: number;
  /** Older versions removed by `dedupe`. */
  duplicatesRemoved: number;
  /** Rows outside an aggregate's window. */
  outsideWindow: number;
  /** Rows passed on: into the next stage's aggregate, or to the sinks. */
  passedOn: number;
}

/**
 * A run's reconciliation.
 *
 * @example
 * if (!r.balanced) console.error(r.problems.join("\n"));
 * console.log(r.equation); // "208 read = 9 quarantined + 1 dropped by masking + ..."
 */
export interface Reconciliation {
  /** Rows read from the source. */
  rowsRead: number;
  /** Rows quarantined, over all stages. */
  quarantined: number;
  /** Rows dropped by masking. */
  droppedByMasking: number;
  /** Duplicates removed. */
  duplicatesRemoved: number;
  /** Rows outside aggregate windows. */
  outsideWindow: number;
  /** Rows offered to each sink. */
  delivered: number;
  /** The first MERGE sink's (else the first sink's) rows inserted, updated and unchanged. */
  inserted: number;
  /** See `inserted`. */
  updated: number;
  /** See `inserted`. */
  unchanged: number;
  /** Each stage's account. */
  stages: StageBalance[];
  /** Each sink's write. */
  sinks: SinkWrite[];
  /** The quarantine write, when there was one. */
  quarantine: SinkWrite | null;
  /** The equation, with the numbers. */
  equation: string;
  /** Whether every check holds. */
  balanced: boolean;
  /** The checks that failed. */
  problems: string[];
}

/**
 * Builds and checks the reconciliation of a run's counts and writes.
 *
 * @example
 * const r = reconcile({ stages, sinks: [write], quarantine: qWrite });
 * if (!r.balanced) throw new ReconciliationError(r);
 */
export function reconcile(input: {
  stages: readonly StageBalance[];
  sinks: readonly SinkWrite[];
  quarantine: SinkWrite | null;
}): Reconciliation {
  const { stages, sinks } = input;
  const problems: string[] = [];
  const sum = (f: (s: StageBalance) => number) => stages.reduce((n, s) => n + f(s), 0);
  for (const s of stages) {
    if (s.counted !== s.rowsIn) {
      problems.push(
        `stage ${s.stage}: ${s.rowsIn} rows came in but ${s.counted} were accounted for`,
      );
    }
    const out = s.quarantined + s.droppedByMasking + s.duplicatesRemoved + s.outsideWindow +
      s.passedOn;
    if (out !== s.counted) {
      problems.push(`stage ${s.stage}: ${s.counted} rows counted but ${out} have a fate`);
    }
  }
  for (let i = 1; i < stages.length; i++) {
    if (stages[i].rowsIn > stages[i - 1].passedOn) {
      problems.push(
        `stage ${i + 1}: ${stages[i].rowsIn} groups from ${stages[i - 1].passedOn} rows`,
      );
    }
  }
  const last = stages.at(-1);
  const delivered = last?.passedOn ?? 0;
  for (const w of sinks) {
    if (w.rows !== delivered) {
      problems.push(`sink ${w.path}: offered ${w.rows} rows, expected ${delivered}`);
    }
    if (w.inserted + w.updated + w.unchanged !== w.rows || w.unchanged < 0) {
      problems.push(
        `sink ${w.path}: ${w.inserted} inserted + ${w.updated} updated + ${w.unchanged} ` +
          `unchanged != ${w.rows} rows`,
      );
    }
    if (w.sourceRows !== undefined && w.sourceRows !== null && w.sourceRows !== w.rows) {
      problems.push(`sink ${w.path}: the commit read ${w.sourceRows} rows, not ${w.rows}`);
    }
  }
  const quarantined = sum((s) => s.quarantined);
  const droppedByMasking = sum((s) => s.droppedByMasking);
  const q = input.quarantine;
  if (q) {
    if (q.rows !== quarantined + droppedByMasking) {
      problems.push(
        `quarantine ${q.path}: offered ${q.rows} rows, expected ${quarantined + droppedByMasking}`,
      );
    }
    if (q.sourceRows !== undefined && q.sourceRows !== null && q.sourceRows !== q.rows) {
      problems.push(`quarantine ${q.path}: the commit read ${q.sourceRows} rows, not ${q.rows}`);
    }
  }
  // The headline's sink: the first MERGE (the table the job maintains), else the first.
  const first = sinks.find((w) => w.mode === "merge") ?? sinks[0];
  const r = {
    rowsRead: stages[0]?.rowsIn ?? 0,
    quarantined,
    droppedByMasking,
    duplicatesRemoved: sum((s) => s.duplicatesRemoved),
    outsideWindow: sum((s) => s.outsideWindow),
    delivered,
    inserted: first?.inserted ?? 0,
    updated: first?.updated ?? 0,
    unchanged: first?.unchanged ?? 0,
  };
  return {
    ...r,
    stages: [...stages],
    sinks: [...sinks],
    quarantine: q,
    equation: equation(r, stages),
    balanced: problems.length === 0,
    problems,
  };
}

function equation(
  r: Omit<Reconciliation, "stages" | "sinks" | "quarantine" | "equation" | "balanced" | "problems">,
  stages: readonly StageBalance[],
): string {
  const terms: string[] = [`${r.quarantined} quarantined`];
  if (r.droppedByMasking) terms.push(`${r.droppedByMasking} dropped by masking`);
  terms.push(`${r.duplicatesRemoved} duplicates removed`);
  if (r.outsideWindow || stages.length > 1) terms.push(`${r.outsideWindow} outside the window`);
  const tail = `${r.inserted} inserted + ${r.updated} updated + ${r.unchanged} unchanged`;
  if (stages.length <= 1) return `${r.rowsRead} read = ${terms.join(" + ")} + ${tail}`;
  const last = stages[stages.length - 1];
  return `${r.rowsRead} read = ${terms.join(" + ")} + ${stages[0].passedOn} aggregated; ` +
    `${last.rowsIn} groups, ${r.delivered} delivered = ${tail}`;
}

/**
 * A run whose reconciliation does not balance.
 *
 * @example
 * throw new ReconciliationError(reconciliation);
 */
export class ReconciliationError extends Error {
  /** Always `ReconciliationError`. */
  override name = "ReconciliationError";

  /** The error for an unbalanced reconciliation, listing its failed checks. */
  constructor(readonly reconciliation: Reconciliation) {
    super(`the run does not balance: ${reconciliation.problems.join("; ")}`);
  }
}
