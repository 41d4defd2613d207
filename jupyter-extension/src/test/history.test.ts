import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterAndSort, isBad, page, parseRecord, type RunRecord } from '../history';
import { formatCount, formatDuration, formatTime } from '../format';

const rec = (id: string, start: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ schemaVersion: 1, runId: id, job: 'reviews', status: 'succeeded', start, end: start, ...extra });

test('a record is parsed from camelCase or snake_case fields', () => {
  const r = parseRecord('.lakebook/history/reviews/a.json', JSON.stringify({
    schema_version: 1, run_id: 'a', job: 'reviews', status: 'failed',
    start: '2026-01-01T00:00:00Z', end: '2026-01-01T00:01:05Z',
    reconciliation: { rows_read: 10, rows_quarantined: 2, rows_written: 8 },
    error: { class: 'AnalysisException', message: 'boom' }, output_notebook: 'out.ipynb'
  }));
  assert.ok(!isBad(r));
  const run = r as RunRecord;
  assert.equal(run.durationMs, 65_000);
  assert.deepEqual([run.rowsRead, run.rowsQuarantined, run.rowsWritten], [10, 2, 8]);
  assert.equal(run.errorClass, 'AnalysisException');
  assert.equal(run.kind, 'notebook');
});

test('bad JSON and unknown schema versions are flagged, not thrown', () => {
  const a = parseRecord('.lakebook/history/reviews/bad.json', '{"runId": ');
  assert.ok(isBad(a) && /not valid JSON/.test(a.problem));
  const b = parseRecord('.lakebook/history/reviews/v9.json', '{"schemaVersion": 9}');
  assert.ok(isBad(b) && /unknown schema version 9/.test(b.problem));
  assert.equal(b.job, 'reviews');
});

test('runs are filtered and sorted newest first; unknown starts go last', () => {
  const runs = [
    parseRecord('h/reviews/1.json', rec('1', '2026-01-01T00:00:00Z')),
    parseRecord('h/reviews/3.json', rec('3', '2026-01-03T00:00:00Z', { status: 'failed' })),
    parseRecord('h/reviews/x.json', rec('x', 'not a date')),
    parseRecord('h/reviews/2.json', rec('2', '2026-01-02T00:00:00Z'))
  ] as RunRecord[];
  assert.deepEqual(filterAndSort(runs, { job: '', status: '' }).map(r => r.runId), ['3', '2', '1', 'x']);
  assert.deepEqual(filterAndSort(runs, { job: 'reviews', status: 'failed' }).map(r => r.runId), ['3']);
  assert.deepEqual(filterAndSort(runs, { job: 'other', status: '' }), []);
});

test('paging clamps the page index', () => {
  const items = Array.from({ length: 10_000 }, (_, i) => i);
  assert.deepEqual(page(items, 0, 50).items.slice(0, 2), [0, 1]);
  assert.equal(page(items, 0, 50).pages, 200);
  assert.equal(page(items, 999, 50).page, 199);
  assert.equal(page(items, -1, 50).page, 0);
  assert.deepEqual(page([], 0, 50), { items: [], page: 0, pages: 1 });
});

test('durations, counts and times are formatted for people', () => {
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(12_340), '12.3 s');
  assert.equal(formatDuration(65_000), '1 min 05 s');
  assert.equal(formatDuration(2 * 3600_000 + 3 * 60_000), '2 h 03 min');
  assert.equal(formatDuration(NaN), '—');
  assert.equal(formatCount(1234567), '1,234,567');
  assert.equal(formatCount(undefined), '—');
  assert.equal(formatTime(Date.UTC(2026, 0, 2, 3, 4, 5)), '2026-01-02 03:04:05');
});

test('a record as src/jobs writes it (startedAt, seconds, delivered) is read', () => {
  const r = parseRecord('.lakebook/history/reviews/20260501T020000Z-3fa9c1.json', JSON.stringify({
    runId: '20260501T020000Z-3fa9c1', job: 'reviews', config: { path: 'ingestion_config/reviews.yaml', sha256: 'ab' },
    params: {}, startedAt: '2026-05-01T02:00:00.000Z', endedAt: '2026-05-01T02:00:12.500Z', seconds: 12.5,
    status: 'succeeded', steps: [], deltaVersions: [], error: null,
    reconciliation: { rowsRead: 100, quarantined: 3, delivered: 90, inserted: 80, updated: 10 }
  })) as RunRecord;
  assert.equal(r.durationMs, 12_500);
  assert.deepEqual([r.rowsRead, r.rowsQuarantined, r.rowsWritten], [100, 3, 90]);
  assert.equal(r.configPath, 'ingestion_config/reviews.yaml');
  assert.equal(r.errorMessage, undefined);
  assert.equal(r.start, Date.UTC(2026, 4, 1, 2));
});
