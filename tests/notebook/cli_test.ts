/**
 * `lakebook notebook ...` end to end: the real CLI in a subprocess, the real Deno kernel.
 */
import assert from "node:assert/strict";
import { readNotebook, serializeNotebook } from "../../src/notebook/ipynb.ts";
import { parseRunArgs } from "../../src/notebook/cli.ts";
import { lakebook } from "../server/cli_process.ts";
import { fixture, notebookOf, streamText, tempDir } from "./helpers.ts";

Deno.test("notebook run merges -f, -y, -p and -r as papermill does and saves the output", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const file = `${dir}/params.yaml`;
    await Deno.writeTextFile(file, "count: 1\nratio: 9.5\ntags: [f]\n");
    const output = `${dir}/out.ipynb`;
    const r = await lakebook([
      "notebook",
      "run",
      fixture("params.ipynb"),
      output,
      "-p",
      "count",
      "7",
      "-y",
      "count: 2\nenabled: true\nday: 2024-02-03",
      "-r",
      "text",
      "42",
      "-f",
      file,
      "--log-output",
    ]); // prettier-ignore
    assert.equal(r.code, 0, r.stderr);
    const seen = JSON.parse(streamText((await readNotebook(output)).cells[3]));
    assert.deepEqual(
      { ...seen, options: undefined, missing: undefined },
      {
        text: "42",
        count: 7,
        ratio: 9.5,
        enabled: true,
        tags: ["f"],
        day: "2024-02-03T00:00:00.000Z",
        dayIsDate: true,
        options: undefined,
        missing: undefined,
      },
    );
    assert.ok(r.stderr.includes('{"text":"42","count":7'), "--log-output streamed the output");
    assert.match(r.stderr, /lakebook: ran 4 cells in [\d.]+ s; saved .*out\.ipynb\n$/);
  } finally {
    await cleanup();
  }
});

Deno.test("notebook run exits 1 naming the failing cell and its error, after saving the output", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const output = `${dir}/out.ipynb`;
    const r = await lakebook(["notebook", "run", fixture("error.ipynb"), output]);
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim().split("\n").at(-1),
      `lakebook: cell 4 (In [3]) failed: RangeError: too many rows: 3; saved ${output}`,
    );
    const saved = await readNotebook(output);
    assert.deepEqual(saved.cells[0].metadata.tags, ["papermill-error-cell-tag"]);
  } finally {
    await cleanup();
  }
});

Deno.test("notebook run reports a dead kernel distinctly and writes the notebook to stdout with -", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const input = `${dir}/dies.ipynb`;
    await Deno.writeTextFile(input, serializeNotebook(notebookOf("1", "Deno.exit(1)")));
    const r = await lakebook(["notebook", "run", input, "-"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /lakebook: the Deno kernel died while running cell 2 \(In \[2\]\)/);
    assert.equal(JSON.parse(r.stdout).metadata.papermill.exception, true);
  } finally {
    await cleanup();
  }
});

Deno.test("notebook params lists names, types, defaults and help", async () => {
  const r = await lakebook(["notebook", "params", fixture("params.ipynb")]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.match(lines[0], /^Parameters of .*params\.ipynb:$/);
  assert.equal(lines[1], '  text     string         (default "default")  a string');
  assert.equal(
    lines.at(-1),
    '  day      Date           (default new Date("2024-01-01T00:00:00Z"))  the day to load',
  );
  const json = await lakebook(["notebook", "params", fixture("params.ipynb"), "--json"]);
  assert.equal(JSON.parse(json.stdout).length, 8);
});

Deno.test("bad notebook run arguments are usage errors", async () => {
  await assert.rejects(parseRunArgs(["a.ipynb", "-p", "x"]), /-p needs 2 value\(s\)/);
  await assert.rejects(parseRunArgs(["a.ipynb", "--execution-timeout", "0"]), /needs seconds > 0/);
  await assert.rejects(parseRunArgs(["a.ipynb", "-y", "[1, 2]"]), /expected a YAML mapping/);
  await assert.rejects(parseRunArgs(["a.ipynb", "--frobnicate"]), /unknown option --frobnicate/);
  await assert.rejects(parseRunArgs([]), /needs IN.ipynb/);
  const a = await parseRunArgs(["a.ipynb", "--start-timeout=5", "-r", "n", "5", "-p", "n", "6"]);
  assert.deepEqual([a.startTimeoutMs, a.parameters], [5000, { n: "5" }]);
});
