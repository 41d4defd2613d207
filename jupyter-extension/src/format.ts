/** Formatting for the panel: durations, counts, times. Pure. */

/**
 * A duration as `850 ms`, `12.3 s`, `4 min 05 s` or `2 h 03 min`; `—` when unknown.
 *
 * @example
 * formatDuration(65_000) // "1 min 05 s"
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const totalS = Math.round(s);
  if (totalS < 3600) {
    return `${Math.floor(totalS / 60)} min ${String(totalS % 60).padStart(2, '0')} s`;
  }
  const totalMin = Math.round(totalS / 60);
  return `${Math.floor(totalMin / 60)} h ${String(totalMin % 60).padStart(2, '0')} min`;
}

/**
 * A row count with thousands separators; `—` when unknown.
 *
 * @example
 * formatCount(1234567) // "1,234,567"
 */
export function formatCount(n: number | undefined): string {
  if (n === undefined || !Number.isFinite(n)) return '—';
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A time as `YYYY-MM-DD HH:MM:SS` UTC; `—` when unknown.
 *
 * @example
 * formatTime(Date.UTC(2026, 0, 2, 3, 4, 5)) // "2026-01-02 03:04:05"
 */
export function formatTime(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
