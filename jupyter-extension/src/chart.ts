/** The vega-lite spec of one job's runs: duration and rows written per run. Pure. */
import type { RunRecord } from './history';

/**
 * A vega-lite v5 spec (for JupyterLab's own vega renderer) with two layers over run start:
 * duration in seconds (line) and rows written (bars), for the newest `limit` runs.
 *
 * @example
 * runChartSpec(runs, 'reviews').data.values.length
 */
export function runChartSpec(
  runs: readonly RunRecord[],
  job: string,
  limit = 200
): { $schema: string; data: { values: Array<Record<string, unknown>> }; [k: string]: unknown } {
  const values = runs
    .filter(r => r.job === job && Number.isFinite(r.start))
    .slice(0, limit)
    .map(r => ({
      run: r.runId,
      start: new Date(r.start).toISOString(),
      status: r.status,
      durationS: Number.isFinite(r.durationMs) ? r.durationMs / 1000 : null,
      rowsWritten: r.rowsWritten ?? null,
      rowsRead: r.rowsRead ?? null
    }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `${job}: duration and rows per run`,
    width: 180,
    height: 140,
    data: { values },
    encoding: { x: { field: 'start', type: 'temporal', title: 'run start (UTC)' } },
    layer: [
      {
        mark: { type: 'bar', opacity: 0.4, color: '#4c78a8' },
        encoding: {
          y: { field: 'rowsWritten', type: 'quantitative', title: 'rows written' },
          tooltip: [{ field: 'run' }, { field: 'rowsRead' }, { field: 'rowsWritten' }]
        }
      },
      {
        mark: { type: 'line', point: true, color: '#e45756' },
        encoding: {
          y: { field: 'durationS', type: 'quantitative', title: 'duration (s)' },
          tooltip: [{ field: 'run' }, { field: 'status' }, { field: 'durationS' }]
        }
      }
    ],
    resolve: { scale: { y: 'independent' } }
  };
}
