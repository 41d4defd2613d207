/**
 * Helpers for the notebook runner's tests: fixtures, notebooks built from cell sources, output
 * text, and the normal form golden files compare (no timestamps, ids or durations).
 *
 * @module
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import type { Cell, CodeCell, Notebook } from "../../src/notebook/ipynb.ts";
import { nbformatProblems } from "./nbformat_schema.ts";

/** The path of a fixture notebook. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** A notebook whose code cells have these sources (a `[source, tags]` pair adds tags). */
export function notebookOf(...cells: (string | [string, string[]])[]): Notebook {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "deno", display_name: "Deno", language: "typescript" } },
    cells: cells.map((c, i) => {
      const [source, tags] = typeof c === "string" ? [c, []] : c;
      return {
        id: `c${i}`,
        cell_type: "code",
        source,
        metadata: { tags },
        execution_count: null,
        outputs: [],
      };
    }),
  };
}

/** The code cell at `index` (throws for other cell types). */
export function codeCell(nb: Notebook, index: number): CodeCell {
  const cell = nb.cells[index];
  if (cell?.cell_type !== "code") throw new Error(`cell ${index} is not a code cell`);
  return cell;
}

/** A code cell's stream text, all streams of `name` joined. */
export function streamText(cell: Cell, name: "stdout" | "stderr" = "stdout"): string {
  if (cell.cell_type !== "code") return "";
  return cell.outputs.map((o) => o.output_type === "stream" && o.name === name ? o.text : "")
    .join("");
}

/** The `text/plain` of every rich output of a code cell, in order. */
export function plainTexts(cell: Cell): string[] {
  if (cell.cell_type !== "code") return [];
  return cell.outputs.flatMap((o) =>
    o.output_type === "display_data" || o.output_type === "execute_result"
      ? [String(o.data["text/plain"])]
      : []
  );
}

const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/**
 * The notebook with every run-dependent value replaced: timestamps by "<time>", durations by
 * "<duration>", generated cell ids by "<id>", paths by their base names.
 */
export function normalize(nb: Notebook): unknown {
  return JSON.parse(JSON.stringify(nb), (key, value) => {
    if (typeof value === "string" && TIME.test(value)) return "<time>";
    if (key === "duration" && typeof value === "number") return "<duration>";
    if (key === "id" && typeof value === "string" && /^[0-9a-f-]{36}$/.test(value)) return "<id>";
    if ((key === "input_path" || key === "output_path") && typeof value === "string") {
      return value.split("/").at(-1);
    }
    if (key === "version" && typeof value === "string") return "<version>";
    return value;
  });
}

/** A fresh temporary folder, removed by the returned function. */
export async function tempDir(): Promise<[string, () => Promise<void>]> {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-nb-test-" });
  return [dir, () => Deno.remove(dir, { recursive: true })];
}

/** Fails unless `nb`, as saved, validates against nbformat's official 4.5 JSON Schema. */
export async function assertNbformat(nb: Notebook, what = "the output notebook"): Promise<void> {
  assert.deepEqual(await nbformatProblems(nb), [], `${what} is not valid nbformat 4.5`);
}
