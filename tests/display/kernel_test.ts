/**
 * Display through the real Deno kernel: a generated notebook run by the headless runner, whose
 * cells end with a DataFrame, a chart, and a metrics table, stores the MIME types JupyterLab
 * renders (an HTML table; vega-lite 5 with text and nothing else).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  type CodeCell,
  newCodeCell,
  type Notebook,
  type Output,
  readNotebook,
  writeNotebook,
} from "../../src/notebook/ipynb.ts";
import { runNotebook } from "../../src/notebook/runner.ts";
import { assertNbformat } from "../notebook/helpers.ts";
import { sharedUrl } from "../helpers/spark.ts";

const ROOT = new URL("../../", import.meta.url);
const src = (path: string) => JSON.stringify(new URL(path, ROOT).href);

function dataOf(output: Output | undefined): Record<string, unknown> {
  assert.ok(output && "data" in output, `a rich output, not ${JSON.stringify(output)}`);
  return output.data as Record<string, unknown>;
}

/** A text output as one string (nbformat stores multiline text as a list of lines). */
function text(value: unknown): string {
  return Array.isArray(value) ? value.join("") : String(value);
}

Deno.test("in the real kernel, a DataFrame renders a table and a chart only vega-lite + text", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-display-" });
  try {
    const nb: Notebook = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        newCodeCell([
          `import { SparkSession } from ${src("src/connect/session.ts")};`,
          `import { chart, display, displayMetrics } from ${src("src/display/mod.ts")};`,
          `const spark = await SparkSession.connect(${JSON.stringify(sharedUrl())});`,
        ].join("\n")),
        newCodeCell(
          `const df = await spark.sql("SELECT id, concat('<script>', id) AS s FROM range(30)");\ndf`,
        ),
        newCodeCell(
          `await chart(df.limit(3), { mark: "bar", encoding: { x: { field: "id", type: "ordinal" } } })`,
        ),
        newCodeCell(
          `await display(df.limit(2));\ndisplayMetrics({ name: "read", metrics: { rows: 30n } })`,
        ),
        newCodeCell("await spark.stop();"),
      ],
    };
    const input = join(dir, "display.ipynb");
    const output = join(dir, "display.out.ipynb");
    await writeNotebook(input, nb);
    const { summary } = await runNotebook(input, {
      output,
      cwd: new URL(".", ROOT).pathname,
      executionTimeoutMs: 120_000,
    });
    assert.equal(summary.status, "completed", summary.failure?.message);
    const saved = await readNotebook(output);
    await assertNbformat(saved);
    const cells = saved.cells as CodeCell[];

    const [table] = cells[1].outputs;
    assert.equal(table.output_type, "execute_result");
    const tableData = dataOf(table);
    assert.deepEqual(Object.keys(tableData).sort(), ["text/html", "text/plain"]);
    const html = text(tableData["text/html"]);
    assert.equal(html.match(/<tr><td>/g)?.length, 20);
    assert.ok(html.includes("<td>&lt;script&gt;0</td>") && !html.includes("<script"));
    assert.ok(html.includes("<small>bigint</small>") && html.includes("only showing top 20 rows"));
    assert.ok(text(tableData["text/plain"]).startsWith("DataFrame[id: bigint, s: string]\n"));

    const [plot] = cells[2].outputs;
    assert.equal(plot.output_type, "execute_result");
    const plotData = dataOf(plot);
    assert.deepEqual(Object.keys(plotData).sort(), [
      "application/vnd.vegalite.v5+json",
      "text/plain",
    ]);
    const spec = plotData["application/vnd.vegalite.v5+json"] as { data: { values: unknown[] } };
    assert.deepEqual(spec.data.values, [
      { id: 0, s: "<script>0" },
      { id: 1, s: "<script>1" },
      { id: 2, s: "<script>2" },
    ]);

    const kinds = cells[3].outputs.map((o) => o.output_type);
    assert.deepEqual(kinds, ["display_data", "execute_result"]);
    assert.ok(text(dataOf(cells[3].outputs[0])["text/html"]).includes("<td>1</td>"));
    assert.ok(text(dataOf(cells[3].outputs[1])["text/html"]).includes("<caption>read</caption>"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
