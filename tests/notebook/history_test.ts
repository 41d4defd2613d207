/**
 * Notebook runs in the run history: records of kind `notebook` in the config jobs' store,
 * valid against its schema, listed by `lakebook history`.
 */
import assert from "node:assert/strict";
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";
import { listRuns, readRunRecord } from "../../src/jobs/history.ts";
import { serializeNotebook } from "../../src/notebook/ipynb.ts";
import type { NotebookRun, NotebookRunRecord } from "../../src/notebook/history.ts";
import { HistoryWriter } from "../../src/notebook/history_writer.ts";
import { runNotebook } from "../../src/notebook/runner.ts";
import { lakebook } from "../server/cli_process.ts";
import { fixture, notebookOf, tempDir } from "./helpers.ts";

const SCHEMA = new URL("../../src/jobs/history.schema.json", import.meta.url);

async function recordSchema() {
  const ajv = new Ajv({ strict: true, allowUnionTypes: true });
  ajvFormats.default(ajv);
  return ajv.compile(JSON.parse(await Deno.readTextFile(SCHEMA)));
}

Deno.test("a notebook run writes a record of kind notebook: parameters, paths, status, error", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const history = `${dir}/history`;
    const output = `${dir}/error.out.ipynb`;
    const { summary } = await runNotebook(fixture("error.ipynb"), {
      output,
      parameters: { rows: 7, tags: ["a"] },
      history: { root: history },
    });
    assert.equal(summary.status, "failed");
    assert.ok(summary.historyPath?.startsWith(`${history}/error/`), summary.historyPath);
    const record = await readRunRecord(summary.historyPath!) as NotebookRunRecord;
    const validate = await recordSchema();
    assert.ok(validate(record), JSON.stringify(validate.errors));
    assert.equal(record.kind, "notebook");
    assert.equal(record.job, "error");
    assert.equal(record.status, "failed");
    assert.deepEqual(record.params, { rows: 7, tags: '["a"]' });
    assert.deepEqual(record.error, {
      class: "RangeError",
      message: "cell 5 (In [4]) failed: RangeError: too many rows: 7",
    });
    assert.equal(record.config.path, fixture("error.ipynb"));
    assert.match(record.config.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(record.notebook, {
      input: fixture("error.ipynb"),
      output,
      cellsRun: 5,
      failedCell: 5,
    });
    assert.deepEqual([record.steps, record.reconciliation, record.deltaVersions], [[], null, []]);
    assert.ok(Date.parse(record.endedAt) >= Date.parse(record.startedAt));

    const ok = await runNotebook(notebookOf("1 + 1"), { history: { root: history, job: "adhoc" } });
    const okRecord = await readRunRecord(ok.summary.historyPath!) as NotebookRunRecord;
    assert.ok(validate(okRecord), JSON.stringify(validate.errors));
    assert.deepEqual(
      [okRecord.job, okRecord.status, okRecord.error, okRecord.notebook.input],
      ["adhoc", "succeeded", null, null],
    );
    const runs = await listRuns({ root: history });
    assert.deepEqual(runs.map((r) => [r.job, r.kind]), [["adhoc", "notebook"], [
      "error",
      "notebook",
    ]]);
  } finally {
    await cleanup();
  }
});

Deno.test("a kernel that cannot start leaves a failed record; no run, no record for a bad notebook", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const history = `${dir}/history`;
    await assert.rejects(
      runNotebook(notebookOf("1"), { history: { root: history }, denoPath: `${dir}/missing-deno` }),
      /RunNotStartedError: cannot run .*missing-deno/,
    );
    const [record] = await listRuns({ root: history });
    assert.equal(record.status, "failed");
    assert.equal(record.error?.class, "KernelStartError");
    await Deno.writeTextFile(`${dir}/bad.ipynb`, "not json");
    await assert.rejects(
      runNotebook(`${dir}/bad.ipynb`, { history: { root: history } }),
      /not JSON/,
    );
    assert.equal((await listRuns({ root: history })).length, 1);
  } finally {
    await cleanup();
  }
});

Deno.test("lakebook history lists notebook runs beside job runs, with their kind", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const history = `${dir}/history`;
    const input = `${dir}/daily report.ipynb`;
    await Deno.writeTextFile(input, serializeNotebook(notebookOf('"ok"')));
    const run = await lakebook([
      "notebook",
      "run",
      input,
      `${dir}/out.ipynb`,
      "--history",
      history,
    ]);
    assert.equal(run.code, 0, run.stderr);
    const table = await lakebook(["history", "--history", history]);
    assert.equal(table.code, 0, table.stderr);
    const lines = table.stdout.trim().split("\n");
    assert.equal(lines.length, 3, table.stdout);
    assert.match(lines[0], /^run\s+kind\s+job\s+status\s+started\s+seconds/);
    assert.match(lines[2], /^\d{8}T\d{6}Z-[0-9a-f]{6}\s+notebook\s+daily report\s+succeeded\s/);
    const json = await lakebook(["history", "--history", history, "--json"]);
    const [record] = JSON.parse(json.stdout);
    assert.equal(record.notebook.output, `${dir}/out.ipynb`);
    assert.equal(record.config.path, input);
  } finally {
    await cleanup();
  }
});

Deno.test("the history writer writes records from its worker, keeping the error's class", async () => {
  const [dir, cleanup] = await tempDir();
  const history = new HistoryWriter(`${dir}/history`);
  const blocked = new HistoryWriter(`${dir}/file`);
  try {
    const started = new Date();
    const run: NotebookRun = {
      input: null,
      inputSha256: "0".repeat(64),
      output: null,
      parameters: {},
      started,
      ended: started,
      cellsRun: 0,
      error: Object.assign(new Error("the kernel was not ready\nmore"), {
        name: "KernelStartError",
      }),
    };
    const record = await readRunRecord(await history.write(run)) as NotebookRunRecord;
    assert.deepEqual(record.error, {
      class: "KernelStartError",
      message: "the kernel was not ready",
    });
    await Deno.writeTextFile(`${dir}/file`, ""); // a file where the history root should be
    await assert.rejects(blocked.write(run));
  } finally {
    history.close();
    blocked.close();
    await cleanup();
  }
});
