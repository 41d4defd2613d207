/**
 * Saving the output notebook in the background: the last state is on disk after a flush, writes
 * are atomic (no temporary file is left), and a failed write surfaces at the next request.
 */
import assert from "node:assert/strict";
import { readNotebook } from "../../src/notebook/ipynb.ts";
import { NotebookSaver } from "../../src/notebook/saver.ts";
import { codeCell, notebookOf, tempDir } from "./helpers.ts";

Deno.test("saves requested while a write runs end with the latest notebook on disk", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const nb = notebookOf("1", "2", "3");
    const out = `${dir}/runs/out.ipynb`;
    const saver = new NotebookSaver(out, nb);
    for (const [i, cell] of nb.cells.entries()) {
      codeCell(nb, i).execution_count = i + 1;
      cell.metadata.tags = [`saved-${i}`];
      saver.request();
    }
    await saver.flush();
    assert.deepEqual(await readNotebook(out), nb);
    const files = [...Deno.readDirSync(`${dir}/runs`)].map((e) => e.name);
    assert.deepEqual(files, ["out.ipynb"], "no temporary file is left");
  } finally {
    await cleanup();
  }
});

Deno.test("a failed save surfaces at the next request or flush; no later save is attempted", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    await Deno.writeTextFile(`${dir}/file`, "");
    const saver = new NotebookSaver(`${dir}/file/out.ipynb`, notebookOf("1"));
    saver.request();
    await assert.rejects(saver.flush());
    assert.throws(() => saver.request(), "the next cell's save fails at once");
    await assert.rejects(saver.flush(), "the failure stays");
    await new NotebookSaver(undefined, notebookOf("1")).flush(); // no path: nothing to write
  } finally {
    await cleanup();
  }
});
