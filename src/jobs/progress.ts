/**
 * Progress of a run on stderr: on a terminal, a live bar per phase drawn from Spark's execution
 * progress (tasks done of tasks known, bytes read, seconds; the phases running at once share
 * the line), replaced by the phase's summary when it ends; elsewhere (a log, CI), plain lines
 * only: one when a phase starts, its steps' counts when it ends.
 *
 * @module
 */
import type { ExecutionProgress } from "../connect/execute.ts";
import type { StepMetrics } from "../steps/types.ts";
import type { RunRecord } from "./history.ts";

/**
 * What a run reports as it goes. A phase is one Spark job or write: the steps up to an
 * aggregate (computed together), the quarantine write, each sink.
 *
 * @example
 * const log = (e: RunEvent) => { if (e.type === "phase-end") console.log(e.phase, e.seconds); };
 */
export type RunEvent =
  | { type: "run-start"; runId: string; job: string }
  | { type: "phase-start"; phase: string }
  | { type: "spark-progress"; phase: string; progress: ExecutionProgress }
  | { type: "phase-end"; phase: string; seconds: number; steps: StepMetrics[] }
  | { type: "run-end"; record: RunRecord };

/** A stage's progress. */
type Stage = ExecutionProgress["stages"][number];

/**
 * Where progress goes and how.
 *
 * @example
 * const opts: ProgressOptions = { tty: false, write: (t) => console.error(t) };
 */
export interface ProgressOptions {
  /** Draw live bars (default: whether stderr is a terminal). */
  tty?: boolean;
  /** Writes text (default: to stderr). */
  write?: (text: string) => void;
  /** The bar's width in characters (default 24). */
  width?: number;
}

/**
 * A `RunEvent` handler printing progress: pass it as `onProgress` to `runJob`.
 *
 * @example
 * await runJob("ingestion_config/reviews.yaml", { onProgress: progressPrinter() });
 */
export function progressPrinter(opts: ProgressOptions = {}): (event: RunEvent) => void {
  const tty = opts.tty ?? Deno.stderr.isTerminal();
  const encoder = new TextEncoder();
  const write = opts.write ?? ((text: string) => Deno.stderr.writeSync(encoder.encode(text)));
  const width = opts.width ?? 24;
  // The phases running (the writes run at once): when each started, its stages so far.
  const running = new Map<string, { start: number; stages: Map<number, Stage> }>();
  let barShown = false;
  const clear = () => {
    if (barShown) write("\r\x1b[2K");
    barShown = false;
  };
  return (event) => {
    switch (event.type) {
      case "run-start":
        write(`lakebook: run ${event.runId} of ${event.job}\n`);
        break;
      case "phase-start":
        running.set(event.phase, { start: performance.now(), stages: new Map() });
        if (!tty) write(`lakebook: ${event.phase} ...\n`);
        break;
      case "spark-progress": {
        const phase = running.get(event.phase);
        if (!tty || !phase) break;
        for (const s of event.progress.stages) phase.stages.set(s.stageId, s);
        const line = [...running].map(([name, p]) =>
          barLine(name, [...p.stages.values()], width, p.start)
        ).join("  |  ");
        write(`\r\x1b[2K${line}`);
        barShown = true;
        break;
      }
      case "phase-end":
        running.delete(event.phase);
        clear();
        write(`lakebook: ${event.phase}: ${event.seconds.toFixed(2)} s\n`);
        for (const m of event.steps) write(`  ${stepLine(m)}\n`);
        break;
      case "run-end": {
        clear();
        const r = event.record;
        if (r.reconciliation) write(`lakebook: ${r.reconciliation.equation}\n`);
        write(`lakebook: run ${r.runId} ${r.status} in ${r.seconds.toFixed(2)} s\n`);
        break;
      }
    }
  };
}

/**
 * One step's metrics as one line: `dedupe: 199 in, 192 out (duplicate 7)`.
 *
 * @example
 * stepLine({ step: "dedupe", rowsIn: 199, rowsOut: 192, rejected: { duplicate: 7 }, seconds: 1 });
 */
export function stepLine(m: StepMetrics): string {
  const rejected = Object.entries(m.rejected).map(([rule, n]) => `${rule} ${n}`).join(", ");
  return `${m.step}: ${m.rowsIn} in, ${m.rowsOut} out${rejected ? ` (${rejected})` : ""}`;
}

/**
 * The live bar of a phase: tasks completed of tasks known over its stages, bytes read, time.
 *
 * @example
 * barLine("quarantine", [{ stageId: 1, numTasks: 4, numCompletedTasks: 2, inputBytesRead: 2048, done: false }], 10, 0);
 * // "quarantine [#####     ] 2/4 tasks, 2.0 KB read, 1.2 s"
 */
export function barLine(
  phase: string,
  stages: readonly Stage[],
  width: number,
  startedAt: number,
): string {
  const total = stages.reduce((n, s) => n + s.numTasks, 0);
  const done = stages.reduce((n, s) => n + s.numCompletedTasks, 0);
  const bytes = stages.reduce((n, s) => n + s.inputBytesRead, 0);
  const filled = total > 0 ? Math.round((done / total) * width) : 0;
  const bar = "#".repeat(filled) + " ".repeat(width - filled);
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  return `${phase} [${bar}] ${done}/${total} tasks, ${formatBytes(bytes)} read, ${seconds} s`;
}

function formatBytes(n: number): string {
  const units = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
