/**
 * Jobs: a config run end to end (`runJob`), its reconciliation, its record in the run history,
 * and its progress on stderr.
 *
 * ```ts
 * import { progressPrinter, runJob } from "./mod.ts";
 *
 * const record = await runJob("ingestion_config/reviews.yaml", { onProgress: progressPrinter() });
 * console.log(record.reconciliation?.equation);
 * ```
 *
 * @module
 */
export { bindSpec, stepKind, stepLabels } from "./bind.ts";
export {
  defaultHistoryRoot,
  type DeltaVersion,
  describeError,
  HISTORY_DIR,
  listRuns,
  type ListRunsOptions,
  newRunId,
  readRunRecord,
  type RunRecord,
  writeRunRecord,
} from "./history.ts";
export {
  barLine,
  type ProgressOptions,
  progressPrinter,
  type RunEvent,
  stepLine,
} from "./progress.ts";
export {
  reconcile,
  type Reconciliation,
  ReconciliationError,
  type StageBalance,
} from "./reconcile.ts";
export { ParamError, RunFailed, runJob, type RunOptions } from "./run.ts";
export { maintainJob, type MaintainOptions, SAFE_RETENTION_HOURS } from "./maintain.ts";
export {
  computeStages,
  deliveredRows,
  materialize,
  quarantineRows,
  type Stage,
  type StageContext,
} from "./stages.ts";
