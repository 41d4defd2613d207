// End-to-end tests of the Ingestion panel in real headless Chromium (Debian's, driven by
// playwright-core) against a real JupyterLab the caller started.
//
//   node ui-tests/e2e.mjs <test> [<test> ...]
//
// Environment: LAB_URL (http://127.0.0.1:<port>/lab?token=...), LAB_ROOT (the server's root
// folder, seeded by the caller), OUT (where screenshots go), CHROMIUM (default
// /usr/bin/chromium). Each test prints `ok <name>` or `not ok <name>: <why>`, saves
// OUT/<name>.png, and the exit code is the number of failed tests.
import { chromium } from 'playwright-core';
import { mkdirSync, readdirSync, existsSync } from 'node:fs';
import assert from 'node:assert/strict';

const LAB_URL = process.env.LAB_URL;
const ROOT = process.env.LAB_ROOT;
const OUT = process.env.OUT ?? 'out';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

async function openPanel(page) {
  await page.goto(LAB_URL, { waitUntil: 'domcontentloaded' });
  const tab = page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="lakebook-ingestion"]');
  await tab.waitFor({ timeout: 60_000 });
  // JupyterLab may restore another sidebar tab; activate ours unless already current.
  if (!(await tab.evaluate(el => el.classList.contains('lm-mod-current')))) await tab.click();
  await page.locator('#lakebook-ingestion').waitFor({ state: 'visible' });
}

function config(page, name) {
  return page.locator(`[data-testid="lakebook-config"][data-name="${name}"]`);
}

const TESTS = {
  /** Configs listed with validation; the broken one flagged at the right lines. */
  async configs(page) {
    await openPanel(page);
    await config(page, 'reviews').waitFor();
    assert.ok(await config(page, 'reviews').evaluate(el => el.classList.contains('lakebook-valid')));
    assert.match(await config(page, 'reviews').innerText(), /json data\/sample\/reviews\.jsonl → delta data\/output\/reviews/);
    assert.match(await config(page, 'reviews').innerText(), /schedule: 0 2 \* \* \*/);
    assert.ok(await config(page, 'review_aggregation').evaluate(el => el.classList.contains('lakebook-valid')));
    const broken = config(page, 'broken');
    assert.ok(await broken.evaluate(el => el.classList.contains('lakebook-invalid')));
    const problems = await broken.locator('.lakebook-problem').allInnerTexts();
    assert.ok(problems.some(p => p.startsWith("ingestion_config/broken.yaml:10:9: sink.mode")), problems.join('\n'));
    assert.ok(problems.some(p => p.startsWith("ingestion_config/broken.yaml:4:1: unknown key 'descripton'")), problems.join('\n'));
    const notYaml = await config(page, 'not_yaml').locator('.lakebook-problem').allInnerTexts();
    assert.ok(notYaml.some(p => /^ingestion_config\/not_yaml\.yaml:5:\d+: not valid YAML/.test(p)), notYaml.join('\n'));
    assert.ok(await broken.locator('[data-action="run"]').isDisabled(), 'Run is disabled on an invalid config');
    // Clicking the name opens the file in an editor.
    await config(page, 'broken').locator('.lakebook-config-name').click();
    await page.locator('.lm-TabBar-tab.lm-mod-current', { hasText: 'broken.yaml' }).waitFor();
  },

  /** Seeded history: newest first, bad files flagged, filter by job, chart, full record. */
  async history(page) {
    await openPanel(page);
    const rows = page.locator('[data-testid="lakebook-run"]');
    await rows.first().waitFor();
    await page.waitForFunction(() => !/loading/.test(document.querySelector('[data-testid="lakebook-history-summary"]')?.textContent ?? 'loading'));
    assert.match(await page.locator('[data-testid="lakebook-history-summary"]').innerText(), /^12 of 12 runs, 2 unreadable$/);
    assert.equal(await rows.first().getAttribute('data-run-id'), 'reviews-012');
    const bad = await page.locator('[data-testid="lakebook-bad-record"]').allInnerTexts();
    assert.ok(bad.some(b => /broken\.json: not valid JSON/.test(b)), bad.join('\n'));
    assert.ok(bad.some(b => /future\.json: unknown schema version 99/.test(b)), bad.join('\n'));
    await page.locator('[data-testid="lakebook-filter-status"]').selectOption('failed');
    assert.equal(await rows.count(), 2);
    assert.match(await rows.first().innerText(), /AnalysisException/);
    await page.locator('[data-testid="lakebook-filter-status"]').selectOption('');
    await page.locator('[data-testid="lakebook-filter-job"]').selectOption('reviews');
    assert.equal(await rows.count(), 10);
    await page.locator('[data-testid="lakebook-chart"] canvas, [data-testid="lakebook-chart"] svg').first().waitFor({ timeout: 30_000 });
    await rows.nth(1).click();
    assert.match(await page.locator('[data-testid="lakebook-record"]').innerText(), /"runId": "reviews-011"/);
  },

  /** "Open as notebook" writes notebooks/<job>.ipynb with one cell per step and opens it. */
  async notebook(page) {
    await openPanel(page);
    await config(page, 'reviews').locator('[data-action="notebook"]').click();
    await page.locator('.lm-TabBar-tab.lm-mod-current', { hasText: 'reviews' }).waitFor();
    const cells = page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell');
    await cells.nth(7).waitFor();
    assert.equal(await cells.count(), 4 + 3 + 1, 'title, parameters, set-up, source, 3 steps, sink');
    assert.match(await cells.nth(4).innerText(), /Step 1: mask_words/);
    assert.ok(existsSync(`${ROOT}/notebooks/reviews.ipynb`));
  },

  /** "Run" starts a Deno kernel, streams the job's log into the panel and shows the result. */
  async run_streams(page) {
    await openPanel(page);
    const row = config(page, 'reviews');
    await row.locator('[data-action="run"]').click();
    const result = row.locator('[data-testid="lakebook-run-result"] [data-status="succeeded"], [data-testid="lakebook-run-result"] [data-status="failed"]');
    await result.waitFor({ timeout: 300_000 });
    const log = await row.locator('[data-testid="lakebook-run-log"]').innerText();
    assert.ok(log.trim().length > 0, 'the log streamed something');
    console.error(`run_streams: ${await result.innerText()}\n${log.slice(-2000)}`);
  },

  /** "Run" runs `lakebook run`; its new run appears at the top of History. */
  async run_history(page) {
    await openPanel(page);
    await page.locator('[data-testid="lakebook-run"]').first().waitFor();
    const before = new Set(readdirSync(`${ROOT}/.lakebook/history/reviews`));
    const row = config(page, 'reviews');
    await row.locator('[data-action="run"]').click();
    const result = row.locator('[data-testid="lakebook-run-result"] [data-status="succeeded"], [data-testid="lakebook-run-result"] [data-status="failed"]');
    await result.waitFor({ timeout: 600_000 });
    const log = await row.locator('[data-testid="lakebook-run-log"]').innerText();
    assert.equal(await result.getAttribute('data-status'), 'succeeded', `${await result.innerText()}\n${log.slice(-3000)}`);
    assert.match(await result.innerText(), /succeeded: run \S+ succeeded in .*; read [\d,]+, quarantined [\d,]+, written [\d,]+/);
    assert.match(log, /^lakebook run: \S+ succeeded$/m, 'the log streamed into the panel');
    assert.ok(log.split('\n').length > 2, `progress lines streamed before the outcome:\n${log}`);
    const added = readdirSync(`${ROOT}/.lakebook/history/reviews`).filter(f => !before.has(f));
    assert.equal(added.length, 1, `one new history record (${added})`);
    await page.locator('[data-testid="lakebook-filter-job"]').selectOption('reviews');
    const first = page.locator('[data-testid="lakebook-run"]').first();
    await page.waitForFunction(id => document.querySelector('[data-testid="lakebook-run"]')?.getAttribute('data-run-id') !== id, 'reviews-012', { timeout: 30_000 });
    assert.match(await first.innerText(), /succeeded/);
  },

  /** 10,000 runs: the first page shows quickly, paging works while the rest load, UI responsive. */
  async bulk(page) {
    const t0 = Date.now();
    await openPanel(page);
    await page.locator('[data-testid="lakebook-page"]').waitFor({ timeout: 60_000 });
    const firstPageMs = Date.now() - t0;
    // Responsiveness: a round trip through the page's event loop while records stream in.
    const t1 = Date.now();
    await page.evaluate(() => new Promise(r => setTimeout(r, 0)));
    const pingMs = Date.now() - t1;
    await page.locator('[data-action="next"]').click();
    assert.match(await page.locator('[data-testid="lakebook-page"]').innerText(), /page 2 of/);
    await page.waitForFunction(() => !/loading/.test(document.querySelector('[data-testid="lakebook-history-summary"]')?.textContent ?? 'loading'), undefined, { timeout: 300_000 });
    const allMs = Date.now() - t0;
    // 10,000 + the 12 seeded + any run the run tests added.
    const summary = await page.locator('[data-testid="lakebook-history-summary"]').innerText();
    const m = /^(\d+) of (\d+) runs, 2 unreadable$/.exec(summary);
    assert.ok(m && m[1] === m[2] && Number(m[1]) >= 10_012, summary);
    const pages = Math.ceil(Number(m[1]) / 50);
    assert.equal((await page.locator('[data-testid="lakebook-page"]').innerText()).trim(), `page 2 of ${pages}`);
    console.error(`bulk: first page ${firstPageMs} ms, event-loop ping ${pingMs} ms, all loaded ${allMs} ms`);
    assert.ok(pingMs < 1000, `UI responsive while loading (${pingMs} ms)`);
  }
};

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
});
let failed = 0;
try {
  for (const name of process.argv.slice(2)) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    try {
      await TESTS[name](page);
      console.log(`ok ${name}`);
    } catch (err) {
      failed++;
      console.log(`not ok ${name}: ${err?.stack ?? err}`);
    } finally {
      await page.screenshot({ path: `${OUT}/${name}.png` }).catch(() => undefined);
      await context.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(failed);
