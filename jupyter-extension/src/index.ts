/**
 * Lakebook's "Ingestion" panel for JupyterLab 4: configs with validation, run history, and
 * running a job in a Deno kernel. No server extension: files come through the Contents API,
 * code runs through kernel sessions.
 */
import { ILayoutRestorer, type JupyterFrontEnd, type JupyterFrontEndPlugin } from '@jupyterlab/application';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { LabIcon } from '@jupyterlab/ui-components';
import { Widget } from '@lumino/widgets';
import { ConfigsView } from './configs_view';
import { HistoryView } from './history_view';

const ingestionIcon = new LabIcon({
  name: 'lakebook:ingestion',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><g class="jp-icon3" fill="#616161">' +
    '<ellipse cx="12" cy="5" rx="8" ry="3"/><path d="M4 7v4c0 1.7 3.6 3 8 3s8-1.3 8-3V7c0 1.7-3.6 3-8 3S4 8.7 4 7z"/>' +
    '<path d="M4 13v4c0 1.7 3.6 3 8 3s8-1.3 8-3v-4c0 1.7-3.6 3-8 3s-8-1.3-8-3z"/></g></svg>'
});

/** How often the panel re-reads configs and history while visible, in ms. */
const POLL_MS = 5000;

class IngestionPanel extends Widget {
  readonly configs: ConfigsView;
  readonly history: HistoryView;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(app: JupyterFrontEnd, rendermime: IRenderMimeRegistry | null) {
    super();
    this.id = 'lakebook-ingestion';
    this.addClass('lakebook-panel');
    this.title.icon = ingestionIcon;
    this.title.caption = 'Lakebook ingestion: configs, runs, history';
    this.history = new HistoryView(app, rendermime);
    this.configs = new ConfigsView(app, async (job, runId) => {
      await this.history.refresh();
      return this.history.describe(job, runId);
    });
    this.node.append(this.configs.node, this.history.node);
  }

  protected onAfterShow(): void {
    void this.configs.refresh();
    void this.history.refresh();
    this.#timer ??= setInterval(() => {
      if (this.isVisible) void this.history.refresh();
    }, POLL_MS);
  }

  protected onBeforeHide(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  dispose(): void {
    this.onBeforeHide();
    super.dispose();
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: 'lakebook-jupyterlab:plugin',
  description: 'Ingestion panel: configs, run history, run a job',
  autoStart: true,
  optional: [ILayoutRestorer, IRenderMimeRegistry],
  activate: (app: JupyterFrontEnd, restorer: ILayoutRestorer | null, rendermime: IRenderMimeRegistry | null) => {
    const panel = new IngestionPanel(app, rendermime);
    app.shell.add(panel, 'left', { rank: 600 });
    restorer?.add(panel, panel.id);
  }
};

export default plugin;
