/**
 * The notebooks of `notebooks/`, as CI runs them: each through the headless runner on a fresh
 * Deno kernel started in `notebooks/` (as JupyterLab starts it), against the suite's Spark, with
 * every path it writes pointed at a temp folder. They are committed without outputs.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CodeCell, type Notebook, readNotebook } from "../../src/notebook/ipynb.ts";
import { runNotebook } from "../../src/notebook/runner.ts";
import { VEGA_LITE_MIME } from "../../src/display/mod.ts";
import { sharedUrl } from "../helpers/spark.ts";
import { assertNbformat } from "../notebook/helpers.ts";

const NOTEBOOKS = fileURLToPath(new URL("../../notebooks/", import.meta.url));
const NAMES = ["explore_reviews", "ingest_reviews", "review_report"];
const AS_OF = "2026-01-01";

function codeCells(nb: Notebook): CodeCell[] {
  return nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
}

/** The MIME types of every rich output of the notebook. */
function mimeTypes(nb: Notebook): Set<string> {
  return new Set(
    codeCells(nb).flatMap((c) => c.outputs.flatMap((o) => "data" in o ? Object.keys(o.data) : [])),
  );
}

/** Whether some rich output holds an HTML table. */
function hasHtmlTable(nb: Notebook): boolean {
  return codeCells(nb).some((c) =>
    c.outputs.some((o) => {
      const html = "data" in o ? o.data["text/html"] : undefined;
      return [html].flat().join("").includes("<table");
    })
  );
}

Deno.test("every notebook is committed without outputs, for the Deno kernel", async () => {
  // The three named ones: the JupyterLab panel saves notebooks of its own in this folder too.
  for (const name of NAMES.map((n) => `${n}.ipynb`)) {
    const nb = await readNotebook(join(NOTEBOOKS, name));
    assert.equal(nb.metadata.kernelspec?.name, "deno", name);
    assert.equal(nb.metadata.kernelspec?.language, "typescript", name);
    assert.equal(nb.metadata.papermill, undefined, name);
    for (const cell of codeCells(nb)) {
      assert.equal(cell.execution_count, null, `${name}: cell ${cell.id} has an execution count`);
      assert.deepEqual(cell.outputs, [], `${name}: cell ${cell.id} has outputs`);
    }
    const params = nb.cells.filter((c) => c.metadata.tags?.includes("parameters"));
    assert.equal(params.length, 1, `${name}: one cell tagged parameters`);
  }
});

Deno.test("every notebook's code type-checks, its cells read as one module", async () => {
  // As the kernel runs them, minus the types it never checks. `--config` makes the package name
  // `@lakebook/lakebook` resolve from the temp folder as it does from the notebooks' folder.
  const dir = await Deno.makeTempDir({ prefix: "lakebook-notebooks-check-" });
  try {
    const files = [];
    for (const name of NAMES) {
      const nb = await readNotebook(join(NOTEBOOKS, `${name}.ipynb`));
      const file = join(dir, `${name}.ts`);
      await Deno.writeTextFile(
        file,
        codeCells(nb).map((c) => [c.source].flat().join("")).join("\n"),
      );
      files.push(file);
    }
    const config = fileURLToPath(new URL("../../deno.json", import.meta.url));
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", "--config", config, ...files],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the notebooks run green through the runner, writing only where told", async (t) => {
  sharedUrl(); // fails early, with the reason, when the suite's Spark is not there
  const dir = await Deno.makeTempDir({ prefix: "lakebook-notebooks-" });
  const sink = join(dir, "reviews");
  const quarantine = join(dir, "reviews_quarantine");
  const run = async (name: string, parameters: Record<string, unknown>) => {
    const { summary, notebook } = await runNotebook(join(NOTEBOOKS, `${name}.ipynb`), {
      output: join(dir, `${name}.out.ipynb`),
      parameters,
      cwd: NOTEBOOKS,
      executionTimeoutMs: 180_000,
    });
    assert.equal(summary.status, "completed", summary.failure?.message);
    assert.deepEqual(summary.warnings, [], "every parameter passed is declared");
    assert.ok(hasHtmlTable(notebook), `${name}: an HTML table`);
    await assertNbformat(notebook, `${name}'s output`);
    return notebook;
  };
  try {
    await t.step("explore_reviews profiles the sample with tables and charts", async () => {
      const nb = await run("explore_reviews", {});
      assert.ok(mimeTypes(nb).has(VEGA_LITE_MIME), "a vega-lite chart");
    });

    await t.step("ingest_reviews writes the table and quarantine at the paths given", async () => {
      // Both sample files: the bad rows give the quarantine something to hold.
      const source = fileURLToPath(new URL("../../data/sample/*.jsonl", import.meta.url));
      await run("ingest_reviews", {
        as_of: AS_OF,
        source_path: source,
        sink_path: sink,
        quarantine_path: quarantine,
      });
      assert.ok(existsSync(join(sink, "_delta_log")), "the curated Delta table");
      assert.ok(existsSync(join(quarantine, "_delta_log")), "the quarantine Delta table");
      const written = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
      assert.deepEqual(
        written,
        ["ingest_reviews.out.ipynb", "explore_reviews.out.ipynb", "reviews", "reviews_quarantine"]
          .sort(),
      );
    });

    await t.step("review_report aggregates the ingested table and charts it", async () => {
      const nb = await run("review_report", { as_of: AS_OF, reviews_path: sink });
      assert.ok(mimeTypes(nb).has(VEGA_LITE_MIME), "a vega-lite chart");
      const text = codeCells(nb).flatMap((c) => c.outputs)
        .map((o) => "data" in o ? [o.data["text/plain"]].flat().join("") : "").join("\n");
      assert.match(text, /rejected\.outside_window/, "the window left older reviews out");
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
