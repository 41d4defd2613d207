/**
 * Run history: one JSON record per run under a history root, at
 * `<root>/<job>/<run-id>.json` (default root: `$LAKEBOOK_HISTORY`, else `.lakebook/history` in
 * the project root). The root may be a local folder or an `s3://` prefix; either way a record
 * is written atomically, so a reader never sees half a record: locally a temporary file in the
 * same folder, then a rename; on S3 one PUT of the whole record (S3 makes an object visible only
 * once it is complete). `history.schema.json` beside this module is the records' JSON Schema.
 *
 * @module
 */
import { join, relative } from "node:path";
import { findProjectRoot, projectRoot } from "../config/resolve.ts";
import { defaultStorage, isS3Path, joinPath } from "../storage/mod.ts";
import type { StepMetrics } from "../steps/types.ts";
import type { Reconciliation } from "./reconcile.ts";

/**
 * Where run records go, below the project root, by default.
 *
 * @example
 * join(projectRoot, HISTORY_DIR, "reviews"); // one job's records
 */
export const HISTORY_DIR = ".lakebook/history";

/**
 * A Delta commit a run made (or undid).
 *
 * @example
 * const v: DeltaVersion = { path: "/out/reviews", role: "sink", version: 4, operation: "MERGE" };
 */
export interface DeltaVersion {
  /** The table's path. */
  path: string;
  /** `sink` or `quarantine`. */
  role: "sink" | "quarantine";
  /** The version the run committed. */
  version: number;
  /** `WRITE` (created or appended), `MERGE`, ... */
  operation: string;
  /** When the run failed after this commit: the version restoring the table (RESTORE), or
   * why it was left (e.g. the run created the table, or another writer committed since). */
  rolledBack?: { version: number } | { skipped: string };
}

/**
 * One run's record.
 *
 * @example
 * const [last] = await listRuns({ job: "reviews" });
 * console.log(last.status, last.reconciliation?.equation);
 */
export interface RunRecord {
  /** Unique and sortable: `YYYYMMDDTHHMMSSZ-<6 hex>`. */
  runId: string;
  /** What ran: a config job, a notebook or a config's Delta maintenance; a record without it
   * is a job's. */
  kind?: "job" | "notebook" | "maintain";
  /** The job's name. */
  job: string;
  /** The config, and the SHA-256 of its bytes (of its JSON for a config given as data). */
  config: { path: string | null; sha256: string };
  /** The parameter values the run used. */
  params: Record<string, string | number | boolean>;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601. */
  endedAt: string;
  /** Wall time. */
  seconds: number;
  /** How it ended. */
  status: "succeeded" | "failed";
  /** Each step's metrics, in order (reading, steps, quarantine, sinks). */
  steps: StepMetrics[];
  /** The reconciliation, when the run got that far. */
  reconciliation: Reconciliation | null;
  /** The Delta commits the run made. */
  deltaVersions: DeltaVersion[];
  /** Why it failed: the error's class and first line (secrets masked). */
  error: { class: string; message: string } | null;
}

/**
 * The environment variable naming the history root (a folder or an `s3://` prefix); it wins
 * over the project's default.
 *
 * @example
 * Deno.env.set(HISTORY_ENV, "s3://lake/history");
 */
export const HISTORY_ENV = "LAKEBOOK_HISTORY";

/**
 * The default history root for a config: `$LAKEBOOK_HISTORY` when set, else
 * `.lakebook/history` in its project root (the folder holding `ingestion_config/`, or for an
 * `s3://` config the prefix holding it), else in the current folder.
 *
 * @example
 * defaultHistoryRoot("ingestion_config/reviews.yaml"); // "/repo/.lakebook/history"
 * defaultHistoryRoot("s3://lake/jobs/ingestion_config/reviews.yaml"); // "s3://lake/jobs/.lakebook/history"
 */
export function defaultHistoryRoot(configPath?: string): string {
  const fromEnv = Deno.env.get(HISTORY_ENV);
  if (fromEnv) return fromEnv;
  if (configPath && isS3Path(configPath)) return joinPath(projectRoot(configPath), HISTORY_DIR);
  const from = configPath ? join(configPath, "..") : Deno.cwd();
  return join(findProjectRoot(from) ?? findProjectRoot(Deno.cwd()) ?? Deno.cwd(), HISTORY_DIR);
}

/**
 * A fresh run id for a run starting at `at`: `YYYYMMDDTHHMMSSZ-<6 hex>`.
 *
 * @example
 * newRunId(new Date("2026-05-01T02:00:00Z")); // "20260501T020000Z-3fa9c1"
 */
export function newRunId(at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const random = crypto.getRandomValues(new Uint8Array(3));
  return `${stamp}-${[...random].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Writes a record atomically to `<root>/<job>/<run-id>.json` (a local folder or an `s3://`
 * prefix); resolves to its path.
 *
 * @example
 * const path = await writeRunRecord(record, "s3://lake/history");
 */
export async function writeRunRecord(record: RunRecord, root: string): Promise<string> {
  const path = recordPath(root, record.job, record.runId);
  await defaultStorage().write(path, JSON.stringify(record, null, 2) + "\n", {
    contentType: "application/json",
  });
  return path;
}

/**
 * Where a run's record is (or goes) under a history root.
 *
 * @example
 * recordPath("s3://lake/history", "reviews", "20260501T020000Z-3fa9c1");
 * // "s3://lake/history/reviews/20260501T020000Z-3fa9c1.json"
 */
export function recordPath(root: string, job: string, runId: string): string {
  return joinPath(joinPath(root, safeName(job)), `${safeName(runId)}.json`);
}

/**
 * Reads one record, local or on S3.
 *
 * @example
 * const record = await readRunRecord(".lakebook/history/reviews/20260501T020000Z-3fa9c1.json");
 */
export async function readRunRecord(path: string): Promise<RunRecord> {
  return JSON.parse(await defaultStorage().readText(path)) as RunRecord;
}

/**
 * Options of {@linkcode listRuns}.
 *
 * @example
 * const opts: ListRunsOptions = { root: ".lakebook/history", job: "reviews" };
 */
export interface ListRunsOptions {
  /** The history root (default: {@linkcode defaultHistoryRoot}). */
  root?: string;
  /** Only this job's runs. */
  job?: string;
  /** Called for a file that is not a readable record (default: ignored). */
  onBadFile?: (path: string, err: unknown) => void;
}

/**
 * The runs under a history root (a local folder or an `s3://` prefix, listed by prefix), newest
 * first; an absent root has none.
 *
 * @example
 * for (const run of await listRuns({ job: "reviews" })) console.log(run.runId, run.status);
 */
export async function listRuns(opts: ListRunsOptions = {}): Promise<RunRecord[]> {
  const root = opts.root ?? defaultHistoryRoot();
  const records: RunRecord[] = [];
  for (const path of await recordPaths(root, opts.job)) {
    try {
      records.push(await readRunRecord(path));
    } catch (err) {
      opts.onBadFile?.(path, err);
    }
  }
  return records.sort((a, b) =>
    a.startedAt === b.startedAt
      ? (a.runId < b.runId ? 1 : -1)
      : (a.startedAt < b.startedAt ? 1 : -1)
  );
}

/** The `<job>/<run-id>.json` files under a root (one job's, when given), by prefix listing. */
async function recordPaths(root: string, job?: string): Promise<string[]> {
  const base = job ? joinPath(root, safeName(job)) : root;
  const depth = job ? 1 : 2;
  const files = await defaultStorage().list(base);
  return files.map((f) => f.path).filter((path) => {
    const rel = isS3Path(base)
      ? path.slice(base.replace(/\/+$/, "").length + 1)
      : relative(base, path);
    const parts = rel.split(/[\/\\]/);
    const name = parts[parts.length - 1];
    return parts.length === depth && name.endsWith(".json") && !name.startsWith(".");
  });
}

/** A job or run name as a file name: path separators and dots at the start are replaced. */
function safeName(name: string): string {
  return name.replace(/[\/\\]/g, "_").replace(/^\.+/, "_");
}

/**
 * An error as the record keeps it: its class and first line, tokens masked.
 *
 * @example
 * describeError(new Error("boom")); // { class: "Error", message: "boom" }
 */
export function describeError(err: unknown): { class: string; message: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  const cls = (e as { errorClass?: string }).errorClass;
  const first = e.message.split("\n").find((l) => l.trim() !== "") ?? e.name;
  const message = first.replace(/(token=)[^;&\s]+/gi, "$1***").replace(
    /(authorization:\s*bearer\s+)\S+/gi,
    "$1***",
  ).trim();
  return { class: cls ? `${e.name} [${cls}]` : e.name, message };
}
