/**
 * The runner against the real Deno kernel (no mocks): outputs kept run after run, parameters,
 * errors with papermill's banner, display updates and clear_output, rich displays, a dying
 * kernel, timeouts, 100,000 lines from one cell, the working directory, the golden form of a
 * failed run's notebook, and the run history. Every output notebook is checked against
 * nbformat's official JSON Schema.
 */
import assert from "node:assert/strict";
import { readNotebook } from "../../src/notebook/ipynb.ts";
import { runNotebook } from "../../src/notebook/runner.ts";
import {
  assertNbformat,
  codeCell,
  fixture,
  normalize,
  notebookOf,
  plainTexts,
  streamText,
  tempDir,
} from "./helpers.ts";

Deno.test("a 200-cell notebook keeps every stream and result in the right cell, run after run", async () => {
  const sources = Array.from({ length: 200 }, (_, i) => `console.log("line ${i}"); ${i} * 3`);
  const input = notebookOf(...sources);
  for (let run = 0; run < 3; run++) {
    const { notebook, summary } = await runNotebook(input);
    assert.equal(summary.status, "completed");
    assert.equal(summary.cellsRun, 200);
    await assertNbformat(notebook);
    for (let i = 0; i < 200; i++) {
      const cell = codeCell(notebook, i);
      assert.equal(streamText(cell), `line ${i}\n`, `run ${run}, cell ${i}: stream`);
      assert.deepEqual(plainTexts(cell), [String(i * 3)], `run ${run}, cell ${i}: result`);
      assert.equal(cell.execution_count, i + 1);
    }
  }
});

Deno.test("parameters of every type reach the kernel with their types, dates as Dates", async () => {
  const parameters = {
    text: 'hello "quoted"\nline',
    count: 42,
    ratio: 2.5,
    enabled: true,
    missing: null,
    tags: ["x", "y"],
    options: { depth: 3, nested: { ok: true } },
    day: "2024-05-01T12:00:00Z",
  };
  const { notebook, summary } = await runNotebook(fixture("params.ipynb"), { parameters });
  assert.equal(summary.status, "completed");
  assert.deepEqual(summary.warnings, []);
  const injected = notebook.cells[2];
  assert.deepEqual(injected.metadata.tags, ["injected-parameters"]);
  assert.match(injected.source, /^const day = new Date\("2024-05-01T12:00:00Z"\);$/m);
  const seen = JSON.parse(streamText(notebook.cells[3]));
  assert.deepEqual(seen, {
    ...parameters,
    day: "2024-05-01T12:00:00.000Z",
    dayIsDate: true,
  });
  assert.deepEqual(notebook.metadata.papermill?.parameters, parameters);
  await assertNbformat(notebook);
});

Deno.test("a failing cell stops the run with papermill's banner and anchor (golden)", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const output = `${dir}/error.out.ipynb`;
    const { summary } = await runNotebook(fixture("error.ipynb"), {
      output,
      parameters: { rows: 7 },
    });
    assert.equal(summary.status, "failed");
    assert.equal(summary.failure?.kind, "error");
    assert.equal(summary.failure?.message, "cell 5 (In [4]) failed: RangeError: too many rows: 7");
    const saved = await readNotebook(output);
    await assertNbformat(saved);
    if (Deno.env.get("UPDATE_GOLDEN")) {
      await Deno.writeTextFile(
        fixture("error.golden.json"),
        JSON.stringify(normalize(saved), null, 1) + "\n",
      );
    }
    const golden = JSON.parse(await Deno.readTextFile(fixture("error.golden.json")));
    assert.deepEqual(normalize(saved), golden);
  } finally {
    await cleanup();
  }
});

Deno.test("update_display_data rewrites the shown output and clear_output(wait) clears before the next one", async () => {
  const { notebook, summary } = await runNotebook(fixture("display.ipynb"));
  assert.equal(summary.status, "completed");
  const [first, second, third] = notebook.cells;
  assert.deepEqual(plainTexts(first), ["progress 100%"]);
  assert.equal(streamText(first), "started\n");
  assert.equal(streamText(second), "second\n", "the wait-clear dropped 'first' only");
  assert.deepEqual(plainTexts(second), ['"done"']);
  assert.deepEqual(codeCell(notebook, 2).outputs, [], `cleared: ${JSON.stringify(third)}`);
  await assertNbformat(notebook);
});

Deno.test("a kernel that exits during a cell is reported as a dead kernel", async () => {
  const nb = notebookOf('console.log("before")', "Deno.exit(3)", '"after"');
  const { notebook, summary } = await runNotebook(nb);
  assert.equal(summary.failure?.kind, "died");
  assert.match(
    summary.failure!.message,
    /^the Deno kernel died while running cell 2 \(In \[2\]\): /,
  );
  assert.match(summary.failure!.message, /exit code 3/);
  assert.equal(notebook.cells[0].metadata.tags?.[0], "papermill-error-cell-tag");
  assert.equal(notebook.cells[3].metadata.papermill?.status, "failed");
  assert.equal(notebook.cells[4].metadata.papermill?.status, "pending");
  await assertNbformat(notebook);
});

Deno.test("--execution-timeout interrupts a tight loop and the cell fails with a timeout", async () => {
  const nb = notebookOf("let spins = 0;", "while (true) { spins++; }", '"after"');
  const started = Date.now();
  const { notebook, summary } = await runNotebook(nb, { executionTimeoutMs: 1000 });
  assert.equal(summary.failure?.kind, "timeout");
  assert.equal(summary.failure?.message, "cell 2 (In [2]) timed out after 1 s and was interrupted");
  const failed = codeCell(notebook, 3); // after the banner and the anchor
  assert.equal(failed.outputs.at(-1)?.output_type, "error");
  assert.ok(Date.now() - started < 8000, "the interrupt stopped the loop promptly");
  await assertNbformat(notebook);
});

Deno.test("a timed-out async loop, which interrupt_request cannot stop, gets its kernel killed", async () => {
  const nb = notebookOf("while (true) { await new Promise((r) => setTimeout(r, 10)); }");
  const { notebook, summary } = await runNotebook(nb, { executionTimeoutMs: 500 });
  assert.equal(summary.failure?.kind, "timeout");
  assert.match(summary.failure!.message, /the kernel did not stop and was killed$/);
  await assertNbformat(notebook);
});

Deno.test("an error on IOPub fails the cell even when the reply says ok", async () => {
  const nb = notebookOf(
    '({ [Symbol.for("Jupyter.display")]() { throw new Error("bad bundle"); } })',
  );
  const { notebook, summary } = await runNotebook(nb);
  assert.equal(summary.failure?.message, "cell 1 (In [1]) failed: Error: bad bundle");
  await assertNbformat(notebook);
});

Deno.test("the kernel runs in --cwd", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const { notebook } = await runNotebook(fixture("cwd.ipynb"), { cwd: dir });
    assert.equal(streamText(notebook.cells[0]).trim(), await Deno.realPath(dir));
  } finally {
    await cleanup();
  }
});

Deno.test("a parameters cell declared with const is re-declared with const", async () => {
  const nb = notebookOf(
    ['const limit = 10;\nconst label = "a";', ["parameters"]],
    "`${label}:${limit * 2}`",
  );
  const { notebook, summary } = await runNotebook(nb, { parameters: { limit: 21 } });
  assert.equal(summary.status, "completed");
  assert.equal(notebook.cells[1].source, "// Parameters\nconst limit = 21;\n");
  assert.deepEqual(plainTexts(notebook.cells[2]), ['"a:42"']);
  await assertNbformat(notebook);
});

Deno.test("aborting a run stops the running cell and still returns the notebook", async () => {
  const abort = new AbortController();
  const { notebook, summary } = await runNotebook(
    notebookOf('console.log("go");\nwhile (true) {}'),
    {
      signal: abort.signal,
      logOutput: () => abort.abort(), // the cell is running once its first output arrives
    },
  );
  assert.equal(summary.failure?.kind, "aborted");
  assert.equal(summary.failure?.message, "the run was stopped during cell 1 (In [1])");
  assert.equal(notebook.metadata.papermill?.exception, true);
  await assertNbformat(notebook);
});

Deno.test("rich displays (an HTML table, a vega-lite chart, metrics) are stored as valid nbformat", async () => {
  const display = JSON.stringify(new URL("../../src/display/mod.ts", import.meta.url).href);
  const nb = notebookOf(
    `import { chartFromValues, display, displayMetrics } from ${display};`,
    'await display([{ id: 1, name: "<b>a</b>" }, { id: 2, name: "b" }])',
    'chartFromValues([{ x: 1 }, { x: 2 }], { mark: "bar", encoding: { x: { field: "x" } } })',
    'displayMetrics({ name: "read", metrics: { rows: 30n } })',
  );
  const { notebook, summary } = await runNotebook(nb);
  assert.equal(summary.status, "completed", summary.failure?.message);
  const mimes = [1, 2, 3].map((i) =>
    codeCell(notebook, i).outputs.map((o) => "data" in o ? Object.keys(o.data).sort() : [])
  );
  assert.deepEqual(mimes, [
    [["text/html", "text/plain"]],
    [["application/vnd.vegalite.v5+json", "text/plain"]],
    [["text/html", "text/plain"]],
  ]);
  await assertNbformat(notebook);
});

Deno.test("a cell printing 100,000 lines keeps every line, merged into one stream output", async () => {
  const nb = notebookOf(
    'for (let i = 0; i < 100_000; i++) console.log(`line ${i}`);\n"done"',
    '"next"',
  );
  const { notebook, summary } = await runNotebook(nb);
  assert.equal(summary.status, "completed", summary.failure?.message);
  const cell = codeCell(notebook, 0);
  const streams = cell.outputs.filter((o) => o.output_type === "stream");
  assert.equal(streams.length, 1, "consecutive stdout writes merge as nbclient merges them");
  const lines = streamText(cell).split("\n");
  assert.equal(lines.pop(), "", "the text ends with a newline");
  assert.equal(lines.length, 100_000);
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== `line ${i}`) assert.fail(`line ${i} is ${JSON.stringify(lines[i])}`);
  }
  assert.deepEqual(plainTexts(cell), ['"done"']);
  assert.deepEqual(plainTexts(notebook.cells[1]), ['"next"']);
  await assertNbformat(notebook);
});
