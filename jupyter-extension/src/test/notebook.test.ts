import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runChartSpec } from '../chart';
import { parseRecord, type RunRecord } from '../history';
import { configNotebook, freeNotebookPath, runJobCode, runOutcome } from '../notebook';
import type { ConfigSummary } from '../validate';

const summary: ConfigSummary = {
  path: 'ingestion_config/reviews.yaml', name: 'reviews', source: 'json in', sink: 'delta out',
  schedule: '0 2 * * *', steps: [{ dedupe: { keys: ['a'] } }, { filter: 'x > 1' }],
  params: { as_of: { default: 'today' } }, problems: []
};

test('a config notebook has one cell per step, a parameters cell and the Deno kernel', () => {
  const nb = configNotebook(summary);
  assert.equal(nb.cells.length, 2 + 5);
  assert.deepEqual(nb.cells[1].metadata, { tags: ['parameters'] });
  assert.match(nb.cells[1].source, /let as_of = "today";/);
  assert.match(nb.cells[4].source, /Step 1: dedupe/);
  assert.match(nb.cells[4].source, /await dedupe\(df, \{ keys: s1.keys, latestBy: s1.latest_by/);
  assert.match(nb.cells[5].source, /Step 2: filter/);
  assert.match(nb.cells[5].source, /filterRows\(df, spec.steps\[1\].filter/);
  assert.equal((nb.metadata.kernelspec as { name: string }).name, 'deno');
});

test('the run cell runs the job with progress on stdout and rethrows a failure', () => {
  const code = runJobCode('ingestion_config/reviews.yaml');
  assert.match(code, /runJob\("ingestion_config\/reviews.yaml", \{ onProgress: progressPrinter\(\{ tty: false, write \}\) \}\)/);
  assert.match(code, /split\("\\n"\)/);
  assert.match(code, /throw err;/);
  assert.deepEqual(runOutcome('x\nlakebook run: 20260501T020000Z-3fa9c1 succeeded\n'), { runId: '20260501T020000Z-3fa9c1', status: 'succeeded' });
  assert.equal(runOutcome('lakebook: no run'), undefined);
});

test('a generated notebook never overwrites an existing one', () => {
  assert.equal(freeNotebookPath('notebooks', 'r', new Set()), 'notebooks/r.ipynb');
  assert.equal(freeNotebookPath('notebooks', 'r', new Set(['r.ipynb', 'r-2.ipynb'])), 'notebooks/r-3.ipynb');
});

test('the chart spec holds the selected job only, as vega-lite v5', () => {
  const runs = ['a', 'b'].map((id, i) => parseRecord(`h/${id === 'a' ? 'reviews' : 'other'}/${id}.json`, JSON.stringify({
    schemaVersion: 1, runId: id, job: id === 'a' ? 'reviews' : 'other', status: 'succeeded',
    start: `2026-01-0${i + 1}T00:00:00Z`, end: `2026-01-0${i + 1}T00:00:10Z`, reconciliation: { rowsWritten: 5 }
  }))) as RunRecord[];
  const spec = runChartSpec(runs, 'reviews');
  assert.match(spec.$schema, /vega-lite\/v5\.json$/);
  assert.deepEqual(spec.data.values.map(v => [v.run, v.durationS, v.rowsWritten]), [['a', 10, 5]]);
});
