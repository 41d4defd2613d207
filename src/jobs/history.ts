/**
 * Run history: one JSON record per run under a history root, at
 * `<root>/<job>/<run-id>.json` (default root: `.lakebook/history` in the project root),
 * written atomically (a temporary file in the same folder, then a rename), so a reader never
 * sees half a record. `history.schema.json` beside this module is the records' JSON Schema.
 *
 * @module
 */
import { join } from "node:path";
import { findProjectRoot } from "../config/mod.ts";
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
 * The default history root for a config: `.lakebook/history` in its project root (the folder
 * holding `ingestion_config/`), else in the current folder.
 *
 * @example
 * defaultHistoryRoot("ingestion_config/reviews.yaml"); // "/repo/.lakebook/history"
 */
export function defaultHistoryRoot(configPath?: string): string {
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
 * Writes a record atomically to `<root>/<job>/<run-id>.json`; resolves to its path.
 *
 * @example
 * const path = await writeRunRecord(record, ".lakebook/history");
 */
export async function writeRunRecord(record: RunRecord, root: string): Promise<string> {
  const dir = join(root, safeName(record.job));
  await Deno.mkdir(dir, { recursive: true });
  const path = join(dir, `${safeName(record.runId)}.json`);
  const temp = join(dir, `.${safeName(record.runId)}.json.${crypto.randomUUID()}.tmp`);
  try {
    await Deno.writeTextFile(temp, JSON.stringify(record, null, 2) + "\n");
    await Deno.rename(temp, path);
  } catch (err) {
    await Deno.remove(temp).catch(() => {});
    throw err;
  }
  return path;
}

/**
 * Reads one record.
 *
 * @example
 * const record = await readRunRecord(".lakebook/history/reviews/20260501T020000Z-3fa9c1.json");
 */
export async function readRunRecord(path: string): Promise<RunRecord> {
  return JSON.parse(await Deno.readTextFile(path)) as RunRecord;
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
 * The runs under a history root, newest first; an absent root has none.
 *
 * @example
 * for (const run of await listRuns({ job: "reviews" })) console.log(run.runId, run.status);
 */
export async function listRuns(opts: ListRunsOptions = {}): Promise<RunRecord[]> {
  const root = opts.root ?? defaultHistoryRoot();
  const jobs = opts.job ? [safeName(opts.job)] : await names(root, "dir");
  const records: RunRecord[] = [];
  for (const job of jobs) {
    for (const file of await names(join(root, job), "file")) {
      if (!file.endsWith(".json") || file.startsWith(".")) continue;
      const path = join(root, job, file);
      try {
        records.push(await readRunRecord(path));
      } catch (err) {
        opts.onBadFile?.(path, err);
      }
    }
  }
  return records.sort((a, b) =>
    a.startedAt === b.startedAt
      ? (a.runId < b.runId ? 1 : -1)
      : (a.startedAt < b.startedAt ? 1 : -1)
  );
}

async function names(dir: string, kind: "dir" | "file"): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const e of Deno.readDir(dir)) {
      if (kind === "dir" ? e.isDirectory : e.isFile) out.push(e.name);
    }
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return [];
    throw err;
  }
  return out.sort();
}

/** A job or run name as a file name: path separators and dots at the start are replaced. */
function safeName(name: string): string {
  return name.replace(/[\/\\]/g, "_").replace(/^\.+/, "_");
}
