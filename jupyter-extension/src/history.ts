/**
 * Run-history records (`.lakebook/history/<job>/<run-id>.json`): parsing with tolerance for
 * field spelling (camelCase or snake_case), flagging what can't be read, filtering, sorting
 * newest first and paging. Pure: unit-tested under Node.
 */
import { isRecord } from './validate';

/** The record versions this panel understands. */
export const SUPPORTED_VERSIONS = [1];

/** Run outcome. */
export type RunStatus = 'succeeded' | 'failed' | 'running' | string;

/** One run, as the panel shows it. */
export interface RunRecord {
  path: string;
  runId: string;
  job: string;
  status: RunStatus;
  /** Start, in milliseconds since the epoch (NaN when unknown). */
  start: number;
  end: number;
  durationMs: number;
  rowsRead?: number;
  rowsQuarantined?: number;
  rowsWritten?: number;
  errorClass?: string;
  errorMessage?: string;
  configPath?: string;
  outputNotebook?: string;
  kind: 'config' | 'notebook';
  raw: Record<string, unknown>;
}

/** A history file that could not be read as a record. */
export interface BadRecord {
  path: string;
  job: string;
  problem: string;
}

function pick(obj: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    if (obj[name] !== undefined && obj[name] !== null) return obj[name];
  }
  return undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

function time(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return NaN;
}

/**
 * Parses one history file; a file that isn't JSON, isn't an object, or has an unknown
 * `schemaVersion` comes back as a {@link BadRecord} saying so.
 *
 * @example
 * parseRecord('.lakebook/history/reviews/r1.json', '{"schemaVersion":1,"runId":"r1",...}')
 */
export function parseRecord(path: string, text: string): RunRecord | BadRecord {
  const job = path.split('/').slice(-2, -1)[0] ?? '?';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { path, job, problem: `not valid JSON: ${(err as Error).message}` };
  }
  if (!isRecord(value)) return { path, job, problem: 'not a JSON object' };
  const version = pick(value, 'schemaVersion', 'schema_version', 'version');
  if (version !== undefined && !SUPPORTED_VERSIONS.includes(Number(version))) {
    return {
      path,
      job,
      problem: `unknown schema version ${JSON.stringify(version)} (this panel reads ${SUPPORTED_VERSIONS.join(', ')})`
    };
  }
  const recon = pick(value, 'reconciliation', 'rows');
  const rows = isRecord(recon) ? recon : {};
  const error = pick(value, 'error');
  const err = isRecord(error) ? error : {};
  const config = pick(value, 'config');
  const start = time(pick(value, 'start', 'startedAt', 'started_at', 'startTime', 'start_time'));
  const end = time(pick(value, 'end', 'endedAt', 'ended_at', 'endTime', 'end_time'));
  const duration = num(pick(value, 'durationMs', 'duration_ms'));
  const durationS = num(pick(value, 'seconds', 'duration', 'durationSeconds', 'duration_s'));
  const notebook = pick(value, 'outputNotebook', 'output_notebook', 'outputPath', 'output_path');
  const runId = pick(value, 'runId', 'run_id', 'id');
  return {
    path,
    runId: typeof runId === 'string' ? runId : path.replace(/^.*\//, '').replace(/\.json$/, ''),
    job: String(pick(value, 'job', 'jobName', 'job_name') ?? job),
    status: String(pick(value, 'status') ?? 'unknown'),
    start,
    end,
    durationMs:
      duration ?? (durationS !== undefined ? durationS * 1000 : end - start),
    rowsRead: num(pick(rows, 'rowsRead', 'rows_read', 'read')),
    rowsQuarantined: num(pick(rows, 'rowsQuarantined', 'rows_quarantined', 'quarantined')),
    rowsWritten: num(pick(rows, 'rowsWritten', 'rows_written', 'written', 'delivered')),
    errorClass: (pick(err, 'class', 'errorClass', 'error_class', 'name') as string) ?? undefined,
    errorMessage:
      (pick(err, 'message') as string) ??
      (typeof error === 'string' ? error : undefined),
    configPath:
      (isRecord(config) ? (pick(config, 'path') as string) : undefined) ??
      (pick(value, 'configPath', 'config_path') as string | undefined),
    outputNotebook: typeof notebook === 'string' ? notebook : undefined,
    kind: typeof notebook === 'string' ? 'notebook' : 'config',
    raw: value
  };
}

/** Whether a parse result is a bad record. */
export function isBad(r: RunRecord | BadRecord): r is BadRecord {
  return 'problem' in r;
}

/** What to show: a job ('' for all) and a status ('' for all). */
export interface HistoryFilter {
  job: string;
  status: string;
}

/**
 * Runs matching the filter, newest first (by start; unknown starts last; ties by run id).
 *
 * @example
 * filterAndSort(runs, { job: 'reviews', status: 'failed' })
 */
export function filterAndSort(runs: readonly RunRecord[], filter: HistoryFilter): RunRecord[] {
  return runs
    .filter(r => (!filter.job || r.job === filter.job) && (!filter.status || r.status === filter.status))
    .sort(newestFirst);
}

/** Comparator: newest start first. */
export function newestFirst(a: RunRecord, b: RunRecord): number {
  const sa = Number.isNaN(a.start) ? -Infinity : a.start;
  const sb = Number.isNaN(b.start) ? -Infinity : b.start;
  if (sa !== sb) return sb - sa;
  return a.runId < b.runId ? 1 : a.runId > b.runId ? -1 : 0;
}

/**
 * One page of items (0-based page), with the page count.
 *
 * @example
 * page([1, 2, 3], 1, 2) // { items: [3], page: 1, pages: 2 }
 */
export function page<T>(items: readonly T[], index: number, size: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / size));
  const p = Math.min(Math.max(0, index), pages - 1);
  return { items: items.slice(p * size, p * size + size), page: p, pages };
}
