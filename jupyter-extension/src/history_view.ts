/**
 * The History section: runs from `.lakebook/history/<job>/<run-id>.json`, newest first, paged
 * (50 a page, so 10,000 runs stay responsive), filtered by job and status, re-read by polling
 * (only new or changed files are fetched); bad files are flagged apart; a click shows the full
 * record or opens a notebook run's output notebook; a vega-lite chart (JupyterLab's own vega
 * renderer, through a MIME bundle) of duration and rows per run for the selected job.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import type { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { MimeModel } from '@jupyterlab/rendermime';
import type { Contents } from '@jupyterlab/services';
import { runChartSpec } from './chart';
import { HISTORY_DIR, listDir, mapLimit, readText } from './contents';
import { h, stateMessage } from './dom';
import { formatCount, formatDuration, formatTime } from './format';
import { type BadRecord, filterAndSort, type HistoryFilter, isBad, page, parseRecord, type RunRecord } from './history';

const PAGE_SIZE = 50;
const VEGA_LITE = 'application/vnd.vegalite.v5+json';

export class HistoryView {
  readonly node = h('section', { class: 'lakebook-history', 'data-testid': 'lakebook-history' });
  #filter: HistoryFilter = { job: '', status: '' };
  #page = 0;
  #records = new Map<string, { modified: string; result: RunRecord | BadRecord }>();
  #files = 0;
  #loading: Promise<void> | undefined;
  #error = '';
  #listed = false;
  #jobSelect = h('select', { 'data-testid': 'lakebook-filter-job', title: 'Filter by job' });
  #statusSelect = h('select', { 'data-testid': 'lakebook-filter-status', title: 'Filter by status' });
  #summary = h('div', { class: 'lakebook-history-summary', 'data-testid': 'lakebook-history-summary' });
  #list = h('div', { class: 'lakebook-history-list' });
  #bad = h('div', { class: 'lakebook-bad-records' });
  #pager = h('div', { class: 'lakebook-pager' });
  #chart = h('div', { class: 'lakebook-chart', 'data-testid': 'lakebook-chart' });
  #detail = h('div', { class: 'lakebook-detail', 'data-testid': 'lakebook-detail' });
  #renderQueued = false;
  #chartKey = '';

  constructor(
    private readonly app: JupyterFrontEnd,
    private readonly rendermime: IRenderMimeRegistry | null
  ) {
    this.#jobSelect.addEventListener('change', () => this.#setFilter({ job: this.#jobSelect.value }));
    this.#statusSelect.addEventListener('change', () => this.#setFilter({ status: this.#statusSelect.value }));
    this.node.append(
      h(
        'header',
        { class: 'lakebook-section-header' },
        h('h3', {}, 'History'),
        h('button', { class: 'lakebook-button', title: 'Re-read the run history now', onclick: () => void this.refresh() }, 'Refresh')
      ),
      h('div', { class: 'lakebook-filters' }, this.#jobSelect, this.#statusSelect),
      this.#summary,
      this.#chart,
      this.#list,
      this.#pager,
      this.#bad,
      this.#detail
    );
    this.#list.replaceChildren(stateMessage('loading', `Reading ${HISTORY_DIR}/ ...`));
  }

  #setFilter(change: Partial<HistoryFilter>): void {
    this.#filter = { ...this.#filter, ...change };
    this.#page = 0;
    this.#render();
  }

  /** Lists the store and fetches new or changed records (8 at a time, re-rendering as they come). */
  async refresh(): Promise<void> {
    if (this.#loading) {
      await this.#loading;
      return this.refresh();
    }
    let done!: () => void;
    this.#loading = new Promise<void>(resolve => (done = resolve));
    const contents = this.app.serviceManager.contents;
    try {
      const jobs = await listDir(contents, HISTORY_DIR);
      this.#error = '';
      this.#listed = true;
      const files: Contents.IModel[] = [];
      for (const dir of (jobs ?? []).filter(j => j.type === 'directory')) {
        const items = (await listDir(contents, dir.path)) ?? [];
        files.push(...items.filter(i => i.type === 'file' && i.name.endsWith('.json')));
      }
      this.#files = files.length;
      const present = new Set(files.map(f => f.path));
      for (const path of [...this.#records.keys()]) if (!present.has(path)) this.#records.delete(path);
      // Newest files first, so the first page fills first.
      const todo = files
        .filter(f => this.#records.get(f.path)?.modified !== f.last_modified)
        .sort((a, b) => (b.last_modified > a.last_modified ? 1 : -1));
      this.#render();
      await mapLimit(todo, 8, async f => {
        let result: RunRecord | BadRecord;
        try {
          result = parseRecord(f.path, await readText(contents, f.path));
        } catch (err) {
          result = { path: f.path, job: f.path.split('/').slice(-2, -1)[0], problem: `unreadable: ${(err as Error).message}` };
        }
        this.#records.set(f.path, { modified: f.last_modified, result });
        this.#scheduleRender();
      });
    } catch (err) {
      this.#error = `Could not read ${HISTORY_DIR}/: ${(err as Error).message}. If JupyterLab hides dot-folders, start it with --ContentsManager.allow_hidden=True (deno task lab does).`;
    } finally {
      this.#loading = undefined;
      done();
      this.#render();
    }
  }

  /** One line on a run of a job, or undefined if it isn't loaded (or there was no run). */
  describe(job: string, runId?: string): string | undefined {
    const r = runId ? this.#runs().find(x => x.job === job && x.runId === runId) : undefined;
    if (!r) return undefined;
    return `run ${r.runId} ${r.status} in ${formatDuration(r.durationMs)}; read ${formatCount(r.rowsRead)}, quarantined ${formatCount(r.rowsQuarantined)}, written ${formatCount(r.rowsWritten)}${r.errorMessage ? `; ${r.errorClass ?? 'error'}: ${r.errorMessage}` : ''}`;
  }

  #runs(): RunRecord[] {
    const out: RunRecord[] = [];
    for (const { result } of this.#records.values()) if (!isBad(result)) out.push(result);
    return out;
  }

  #scheduleRender(): void {
    if (this.#renderQueued) return;
    this.#renderQueued = true;
    setTimeout(() => {
      this.#renderQueued = false;
      this.#render();
    }, 250);
  }

  #render(): void {
    const runs = this.#runs();
    const bad = [...this.#records.values()].map(r => r.result).filter(isBad);
    this.#fillSelect(this.#jobSelect, 'all jobs', [...new Set(runs.map(r => r.job))].sort(), this.#filter.job);
    this.#fillSelect(this.#statusSelect, 'all statuses', [...new Set(runs.map(r => r.status))].sort(), this.#filter.status);
    const shown = filterAndSort(runs, this.#filter);
    const loaded = this.#records.size;
    this.#summary.textContent = this.#listed
      ? `${shown.length} of ${runs.length} runs${loaded < this.#files ? ` (loading ${loaded}/${this.#files} ...)` : ''}${bad.length ? `, ${bad.length} unreadable` : ''}`
      : '';
    if (this.#error) {
      this.#list.replaceChildren(stateMessage('error', this.#error));
    } else if (!this.#listed) {
      this.#list.replaceChildren(stateMessage('loading', `Reading ${HISTORY_DIR}/ ...`));
    } else if (this.#files === 0) {
      this.#list.replaceChildren(stateMessage('empty', 'No runs yet: press Run on a config above, or run `deno task lakebook run ingestion_config/<job>.yaml`; runs appear here by themselves.'));
    } else if (shown.length === 0) {
      this.#list.replaceChildren(stateMessage(loaded < this.#files ? 'loading' : 'empty', loaded < this.#files ? 'Loading runs ...' : 'No run matches the filters: choose "all jobs" / "all statuses".'));
    } else {
      const p = page(shown, this.#page, PAGE_SIZE);
      this.#page = p.page;
      this.#list.replaceChildren(this.#table(p.items));
      this.#pager.replaceChildren(
        h('button', { class: 'lakebook-button', 'data-action': 'prev', onclick: () => { this.#page--; this.#render(); } }, '‹ newer'),
        h('span', { 'data-testid': 'lakebook-page' }, ` page ${p.page + 1} of ${p.pages} `),
        h('button', { class: 'lakebook-button', 'data-action': 'next', onclick: () => { this.#page++; this.#render(); } }, 'older ›')
      );
    }
    if (shown.length <= PAGE_SIZE) this.#pager.replaceChildren();
    this.#bad.replaceChildren(
      ...(bad.length
        ? [h('h4', {}, `Unreadable history files (${bad.length}): fix or delete them`), ...bad.slice(0, 20).map(b =>
            h('div', { class: 'lakebook-bad-record', 'data-testid': 'lakebook-bad-record' }, `${b.path}: ${b.problem}`))]
        : [])
    );
    this.#renderChart(runs);
  }

  #fillSelect(select: HTMLSelectElement, all: string, values: string[], current: string): void {
    const want = ['', ...values];
    const have = [...select.options].map(o => o.value);
    if (want.join('\n') !== have.join('\n')) {
      select.replaceChildren(...want.map(v => h('option', { value: v }, v || all)));
    }
    select.value = current;
  }

  /** Two lines a run, so the list fits the narrow sidebar. */
  #table(runs: RunRecord[]): HTMLElement {
    return h(
      'div',
      { class: 'lakebook-runs' },
      ...runs.map(r =>
        h(
          'div',
          { class: `lakebook-run lakebook-status-${r.status}`, 'data-testid': 'lakebook-run', 'data-run-id': r.runId, title: r.outputNotebook ? `Open ${r.outputNotebook}` : 'Show the full record', onclick: () => void this.#select(r) },
          h(
            'div',
            { class: 'lakebook-run-line' },
            h('span', { class: 'lakebook-run-job' }, r.job, r.kind === 'notebook' ? ' 📓' : ''),
            h('span', { class: 'lakebook-status' }, r.status),
            h('span', { class: 'lakebook-run-start', title: `${formatTime(r.start)} UTC` }, formatTime(r.start).slice(5, 16)),
            h('span', { class: 'lakebook-run-duration' }, formatDuration(r.durationMs))
          ),
          h(
            'div',
            { class: 'lakebook-run-line lakebook-run-rows' },
            `read ${formatCount(r.rowsRead)} · quarantined ${formatCount(r.rowsQuarantined)} · written ${formatCount(r.rowsWritten)}`
          ),
          r.errorClass || r.errorMessage
            ? h('div', { class: 'lakebook-run-line lakebook-run-error', title: r.errorMessage ?? '' }, [r.errorClass, r.errorMessage].filter(Boolean).join(': '))
            : null
        )
      )
    );
  }

  async #select(r: RunRecord): Promise<void> {
    if (r.outputNotebook) {
      await this.app.commands.execute('docmanager:open', { path: r.outputNotebook });
    }
    this.#detail.replaceChildren(
      h('h4', {}, `Run ${r.runId}`, h('button', { class: 'lakebook-button', onclick: () => this.#detail.replaceChildren() }, 'close')),
      h('pre', { class: 'lakebook-record', 'data-testid': 'lakebook-record' }, JSON.stringify(r.raw, null, 2))
    );
  }

  #renderChart(runs: RunRecord[]): void {
    const job = this.#filter.job;
    if (!job) {
      this.#chartKey = '';
      this.#chart.replaceChildren(h('div', { class: 'lakebook-hint' }, 'Choose a job to chart its duration and rows per run.'));
      return;
    }
    const spec = runChartSpec(filterAndSort(runs, { job, status: '' }), job);
    const key = JSON.stringify(spec.data.values);
    if (key === this.#chartKey) return;
    this.#chartKey = key;
    if (!this.rendermime || !this.rendermime.mimeTypes.includes(VEGA_LITE)) {
      this.#chart.replaceChildren(h('div', { class: 'lakebook-hint' }, 'No vega-lite renderer in this JupyterLab.'));
      return;
    }
    const renderer = this.rendermime.createRenderer(VEGA_LITE);
    this.#chart.replaceChildren(renderer.node);
    void renderer.renderModel(new MimeModel({ data: { [VEGA_LITE]: spec as never } }));
  }
}
