/**
 * `lakebook notebook ...` end to end: the real CLI in a subprocess, the real Deno kernel. Runs
 * record their history in a temporary folder (`--history`).
 */
import assert from "node:assert/strict";
import { parseNotebook, readNotebook, serializeNotebook } from "../../src/notebook/ipynb.ts";
import { NOTEBOOK_EXIT, parseRunArgs } from "../../src/notebook/cli.ts";
import { lakebook } from "../server/cli_process.ts";
import { assertNbformat, fixture, notebookOf, streamText, tempDir } from "./helpers.ts";

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
      "--history",
      `${dir}/history`,
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
    await assertNbformat(await readNotebook(output));
  } finally {
    await cleanup();
  }
});

Deno.test("notebook run exits 1 naming the failing cell and its error, after saving the output", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const output = `${dir}/out.ipynb`;
    const r = await lakebook([
      "notebook",
      "run",
      fixture("error.ipynb"),
      output,
      "--history",
      `${dir}/history`,
    ]);
    assert.equal(r.code, NOTEBOOK_EXIT.failed);
    assert.equal(
      r.stderr.trim().split("\n").at(-1),
      `lakebook: cell 4 (In [3]) failed: RangeError: too many rows: 3; saved ${output}`,
    );
    const saved = await readNotebook(output);
    assert.deepEqual(saved.cells[0].metadata.tags, ["papermill-error-cell-tag"]);
    await assertNbformat(saved);
  } finally {
    await cleanup();
  }
});

Deno.test("notebook run reports a dead kernel with exit code 3 and writes the notebook to stdout with -", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const input = `${dir}/dies.ipynb`;
    await Deno.writeTextFile(input, serializeNotebook(notebookOf("1", "Deno.exit(1)")));
    const r = await lakebook(["notebook", "run", input, "-", "--history", `${dir}/history`]);
    assert.equal(r.code, NOTEBOOK_EXIT.kernelDied);
    assert.match(r.stderr, /lakebook: the Deno kernel died while running cell 2 \(In \[2\]\)/);
    const nb = parseNotebook(r.stdout);
    assert.equal(nb.metadata.papermill?.exception, true);
    await assertNbformat(nb);
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

Deno.test("notebook run exits 4 when a cell times out", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const input = `${dir}/loops.ipynb`;
    const output = `${dir}/loops.out.ipynb`;
    await Deno.writeTextFile(input, serializeNotebook(notebookOf("1", "while (true) {}")));
    const r = await lakebook([
      "notebook",
      "run",
      input,
      output,
      "--execution-timeout",
      "1",
      "--history",
      `${dir}/history`,
    ]);
    assert.equal(r.code, NOTEBOOK_EXIT.timeout, r.stderr);
    assert.match(r.stderr, /lakebook: cell 2 \(In \[2\]\) timed out after 1 s/);
    await assertNbformat(await readNotebook(output));
  } finally {
    await cleanup();
  }
});

Deno.test("bad input exits 2 before any cell runs, with one line naming the file and what to do", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const ok = `${dir}/ok.ipynb`;
    const ran = `${dir}/ran`;
    await Deno.writeTextFile(
      ok,
      serializeNotebook(notebookOf(`await Deno.writeTextFile(${JSON.stringify(ran)}, "")`)),
    );
    await Deno.writeTextFile(`${dir}/broken.ipynb`, '{"nbformat": 4, "cells": [');
    await Deno.writeTextFile(
      `${dir}/v3.ipynb`,
      '{"nbformat": 3, "nbformat_minor": 0, "worksheets": []}',
    );
    await Deno.writeTextFile(`${dir}/params.yaml`, "limit: [1, 2\n");
    const oldDeno = `${dir}/old-deno`;
    await Deno.writeTextFile(oldDeno, "#!/bin/sh\necho 'deno 2.8.4 (stable, release)'\n", {
      mode: 0o755,
    });
    const cases: [string[], RegExp][] = [
      [[`${dir}/broken.ipynb`], /broken\.ipynb: not JSON \(.*\); give a Jupyter notebook/],
      [[`${dir}/v3.ipynb`], /v3\.ipynb: not an nbformat 4 notebook \(nbformat 3\); open and save/],
      [[`${dir}/absent.ipynb`], /cannot read .*absent\.ipynb: no such file/],
      [[ok, "-f", `${dir}/params.yaml`], /-f .*params\.yaml: not YAML \(.*\); fix it or use -p/],
      [[ok, "--deno", `${dir}/no/deno`], /cannot run .*no\/deno \(.*\); install Deno 2\.9\.0/],
      [[ok, "--deno", oldDeno], /Deno 2\.8\.4 is too old .*; upgrade to Deno 2\.9\.0 or later/],
    ];
    const results = await Promise.all(
      cases.map(([args]) =>
        lakebook(["notebook", "run", ...args, `${dir}/out.ipynb`, "--history", `${dir}/h`])
      ),
    );
    for (const [i, r] of results.entries()) {
      const [args, expected] = cases[i];
      assert.equal(r.code, NOTEBOOK_EXIT.badInput, `${args.join(" ")}: ${r.stderr}`);
      const lines = r.stderr.trim().split("\n");
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0], /^lakebook: /);
      assert.match(lines[0], expected);
    }
    assert.equal(await exists(ran), false, "no cell ran");
    assert.equal(await exists(`${dir}/out.ipynb`), false, "no output was written");
  } finally {
    await cleanup();
  }
});

Deno.test("a parameter the parameters cell does not declare is warned about, injected, and the run exits 0", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const output = `${dir}/out.ipynb`;
    const r = await lakebook([
      "notebook",
      "run",
      fixture("params.ipynb"),
      output,
      "-p",
      "undeclared",
      "5",
      "--history",
      `${dir}/history`,
    ]);
    assert.equal(r.code, NOTEBOOK_EXIT.ok, r.stderr);
    const [warning, done] = r.stderr.trim().split("\n");
    assert.match(
      warning,
      /^lakebook: warning: unknown parameter undeclared: the parameters cell of .*params\.ipynb does not declare it; injected anyway$/,
    );
    assert.match(done, /^lakebook: ran 4 cells/);
    const injected = (await readNotebook(output)).cells[2];
    assert.deepEqual(injected.metadata.tags, ["injected-parameters"]);
    assert.match(injected.source, /^let undeclared = 5;$/m);
  } finally {
    await cleanup();
  }
});

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("the output is saved after every cell: a runner killed mid-run leaves every finished cell's outputs", async () => {
  const [dir, cleanup] = await tempDir();
  const input = `${dir}/long.ipynb`;
  const output = `${dir}/long.out.ipynb`;
  await Deno.writeTextFile(
    input,
    serializeNotebook(notebookOf(
      'console.log("one"); 1',
      'console.log("two"); 2',
      'console.log("three"); 3',
      "await new Promise(() => {}); // runs until killed",
    )),
  );
  const runner = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("../../src/cli.ts", import.meta.url).pathname,
      "notebook",
      "run",
      input,
      output,
      "--history",
      `${dir}/history`,
    ],
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let kernels: number[] = [];
  try {
    const deadline = Date.now() + 60_000;
    let saved;
    for (;;) {
      saved = await readNotebook(output).catch(() => undefined);
      if (saved?.cells[2].metadata.papermill?.status === "completed") break;
      assert.ok(Date.now() < deadline, "the third cell's outputs were not saved within 60 s");
      await new Promise((r) => setTimeout(r, 100));
    }
    kernels = await childPids(runner.pid);
    runner.kill("SIGKILL");
    await runner.status;
    saved = await readNotebook(output);
    for (const [i, word] of ["one", "two", "three"].entries()) {
      assert.equal(streamText(saved.cells[i]), `${word}\n`);
      assert.equal(saved.cells[i].metadata.papermill?.status, "completed");
    }
    await assertNbformat(saved);
    const leftovers = [];
    for await (const e of Deno.readDir(dir)) if (e.name.endsWith(".tmp")) leftovers.push(e.name);
    assert.deepEqual(leftovers, [], "no temporary files left behind");
  } finally {
    try {
      runner.kill("SIGKILL");
    } catch { /* already gone */ }
    await runner.status;
    for (const pid of kernels) {
      try {
        Deno.kill(pid, "SIGKILL"); // the orphaned kernel this test's runner started
      } catch { /* already gone */ }
    }
    await cleanup();
  }
});

/** The pids of a process's children (Linux /proc). */
async function childPids(pid: number): Promise<number[]> {
  const pids: number[] = [];
  for await (const task of Deno.readDir(`/proc/${pid}/task`)) {
    const text = await Deno.readTextFile(`/proc/${pid}/task/${task.name}/children`).catch(() => "");
    pids.push(...text.trim().split(/\s+/).filter(Boolean).map(Number));
  }
  return pids;
}
