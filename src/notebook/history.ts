/**
 * A notebook run's record in the run history: the store and schema of config jobs
 * (`src/jobs/history.ts`, `history.schema.json`), kind `notebook`. The notebook stands where a
 * job's config does (its path and SHA-256); steps, reconciliation and Delta versions are empty;
 * `notebook` adds where the executed notebook went and how far the run got.
 *
 * @example
 * ```ts
 * const { path } = await writeNotebookRunRecord({
 *   input: "/repo/notebooks/ingest_reviews.ipynb",
 *   inputSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
 *   output: "out/ingest_reviews.ipynb",
 *   parameters: { as_of: "2026-11-01" },
 *   started: new Date(),
 *   ended: new Date(),
 *   cellsRun: 12,
 * }, ".lakebook/history");
 * ```
 *
 * @module
 */
import { basename, resolve } from "node:path";
import {
  defaultHistoryRoot,
  describeError,
  newRunId,
  type RunRecord,
  writeRunRecord,
} from "../jobs/history.ts";
import { isS3Path } from "../storage/path.ts";

/**
 * A run record of kind `notebook`.
 *
 * @example
 * const runs = (await listRuns()).filter((r) => r.kind === "notebook") as NotebookRunRecord[];
 */
export interface NotebookRunRecord extends RunRecord {
  /** Always `notebook`. */
  kind: "notebook";
  /** The notebook's side of the run. */
  notebook: {
    /** The input notebook (absolute, or `s3://`); null for a notebook given as data. */
    input: string | null;
    /** Where the executed notebook was saved, if anywhere. */
    output: string | null;
    /** How many cells were started. */
    cellsRun: number;
    /** The 1-based number of the cell that stopped the run, counting the injected cell. */
    failedCell: number | null;
  };
}

/**
 * What {@linkcode notebookRunRecord} makes a record of.
 *
 * @example
 * const run: NotebookRun = {
 *   input: "report.ipynb",
 *   inputSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
 *   output: null,
 *   parameters: {},
 *   started: new Date(),
 *   ended: new Date(),
 *   cellsRun: 0,
 *   error: new Error("the Deno kernel was not ready within 60 s"),
 * };
 */
export interface NotebookRun {
  /** The job name the record is filed under (default: the notebook's file name). */
  job?: string;
  /** The input notebook's path, if it came from one. */
  input: string | null;
  /** SHA-256 (hex) of the input's bytes, or of the notebook's JSON when given as data. */
  inputSha256: string;
  /** Where the executed notebook went. */
  output: string | null;
  /** The parameter values injected. */
  parameters: Record<string, unknown>;
  /** When the run started. */
  started: Date;
  /** When it ended. */
  ended: Date;
  /** How many cells were started. */
  cellsRun: number;
  /** The cell that failed: its 0-based index as run, its error's name, one line about it. */
  failure?: { cellIndex: number; ename: string; message: string };
  /** What was thrown, when the run stopped on something other than a cell. */
  error?: unknown;
}

/**
 * The job name of a notebook: its file name without `.ipynb` (`notebook` for one given as data).
 *
 * @example
 * notebookJobName("s3://lake/notebooks/ingest_reviews.ipynb"); // "ingest_reviews"
 */
export function notebookJobName(path: string | null): string {
  if (path === null) return "notebook";
  return basename(path).replace(/\.ipynb$/i, "") || "notebook";
}

/**
 * The history record of a notebook run; error messages keep one line, tokens masked.
 *
 * @example
 * const record = notebookRunRecord(run);
 * record.status; // "succeeded" unless run.failure or run.error
 */
export function notebookRunRecord(run: NotebookRun): NotebookRunRecord {
  const input = run.input === null || isS3Path(run.input) ? run.input : resolve(run.input);
  const failed = run.failure !== undefined || run.error !== undefined;
  const error = run.failure
    ? describeError(Object.assign(new Error(run.failure.message), { name: run.failure.ename }))
    : run.error === undefined
    ? null
    : describeError(run.error);
  return {
    runId: newRunId(run.started),
    kind: "notebook",
    job: run.job ?? notebookJobName(run.input),
    config: { path: input, sha256: run.inputSha256 },
    params: recordParams(run.parameters),
    startedAt: run.started.toISOString(),
    endedAt: run.ended.toISOString(),
    seconds: Math.max(0, (run.ended.getTime() - run.started.getTime()) / 1000),
    status: failed ? "failed" : "succeeded",
    steps: [],
    reconciliation: null,
    deltaVersions: [],
    error,
    notebook: {
      input,
      output: run.output,
      cellsRun: run.cellsRun,
      failedCell: run.failure ? run.failure.cellIndex + 1 : null,
    },
  };
}

/**
 * Writes the record of `run` under the history root `root` (a folder or an `s3://` prefix;
 * default: as for config jobs, `$LAKEBOOK_HISTORY` or `.lakebook/history` in the notebook's
 * project); resolves to the record and where it went.
 *
 * @example
 * const { record, path } = await writeNotebookRunRecord(run, ".lakebook/history");
 */
export async function writeNotebookRunRecord(
  run: NotebookRun,
  root?: string,
): Promise<{ record: NotebookRunRecord; path: string }> {
  const record = notebookRunRecord(run);
  const where = root ?? defaultHistoryRoot(run.input ?? undefined);
  return { record, path: await writeRunRecord(record, where) };
}

/** Parameters as the record's schema holds them: scalars as they are, anything else as JSON. */
function recordParams(parameters: Record<string, unknown>): RunRecord["params"] {
  const out: RunRecord["params"] = {};
  for (const [name, value] of Object.entries(parameters)) {
    if (typeof value === "string" || typeof value === "boolean") out[name] = value;
    else if (typeof value === "number" && Number.isFinite(value)) out[name] = value;
    else if (value instanceof Date) out[name] = value.toISOString();
    else {
      out[name] = JSON.stringify(value, (_, v) => typeof v === "bigint" ? String(v) : v) ??
        String(value);
    }
  }
  return out;
}
