/**
 * The notebook runner benchmark: `lakebook notebook run` against papermill driving the same
 * Deno kernel (tools/node_modules/deno/deno), in one invocation.
 *
 * - Wall time: a 30-cell notebook of small cells, no parameters (papermill has no Deno
 *   translator), each run a fresh process, the two runners alternating (which goes first
 *   alternates too), after one untimed warm-up each; medians of `--runs` (default 7).
 * - Where the time goes, from the papermill metadata both write into the output notebook:
 *   process start to the notebook's `start_time` (startup), to the first cell's start (kernel
 *   start), first cell start to last cell end (cells), and the rest (shutdown and exit).
 * - Lost outputs: a 200-cell notebook whose cells each print a line and return a value, run
 *   `--lines-runs` times (default 3) by each; an output is lost when the line or the value is not
 *   in its cell.
 *
 * papermill comes from PyPI, pinned by bench/requirements-papermill.txt, in a virtual
 * environment of its own without JupyterLab (bench/out/papermill-venv), with a kernelspec
 * `deno` written into that environment.
 *
 * @module
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { exists, output, run } from "./process.ts";

const BENCH = fileURLToPath(new URL(".", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const REQUIREMENTS = `${BENCH}requirements-papermill.txt`;
const DENO = join(ROOT, "tools/node_modules/deno/deno");
const RUN_TIMEOUT_MS = 5 * 60_000;

/**
 * What the benchmark needs from bench/run.ts.
 *
 * @example
 * await runnerBenchmark(["--runs", "5"], helpers);
 */
export interface RunnerHelpers {
  /** bench/out. */
  out: string;
  /** A one-line description of the machine. */
  machine(): Promise<string>;
  /** The 1-minute load average. */
  loadAverage(): Promise<number | undefined>;
  /** The median of some numbers. */
  median(xs: number[]): number;
  /** Writes the section into bench/RESULTS.md (unless --no-write) and prints it. */
  publish(name: string, section: string): Promise<void>;
}

/** One timed run of one runner. */
interface TimedRun {
  seconds: number;
  load1?: number;
  phases: Phases;
}

/** Seconds spent in each part of a run, read from the output notebook's metadata. */
interface Phases {
  startup: number;
  kernelStart: number;
  cells: number;
  after: number;
}

/** A runner under test. */
interface Runner {
  label: string;
  command(input: string, output: string): [string, string[]];
  wall: TimedRun[];
  lost: number[];
}

/**
 * Runs the benchmark: `deno run -A bench/run.ts runner [--runs 7] [--lines-runs 3]
 * [--no-write]`.
 *
 * @example
 * await runnerBenchmark([], helpers);
 */
export async function runnerBenchmark(args: string[], h: RunnerHelpers): Promise<void> {
  const runs = Number(flagValue(args, "runs") ?? 7);
  const linesRuns = Number(flagValue(args, "lines-runs") ?? 3);
  const dir = join(h.out, "runner");
  await Deno.mkdir(dir, { recursive: true });
  const venv = join(h.out, "papermill-venv");
  await ensurePapermill(venv);
  const papermillVersion = (await output(join(venv, "bin", "papermill"), ["--version"])).trim();

  const small = join(dir, "small30.ipynb");
  const lines = join(dir, "lines200.ipynb");
  await Deno.writeTextFile(small, notebookJson(smallCells(30)));
  await Deno.writeTextFile(lines, notebookJson(lineCells(200)));

  const ours: Runner = {
    label: `lakebook notebook run (Deno ${Deno.version.deno})`,
    command: (input, out) => [Deno.execPath(), [
      "run",
      "-A",
      join(ROOT, "src/cli.ts"),
      "notebook",
      "run",
      input,
      out,
      "--history",
      join(dir, "history"),
    ]],
    wall: [],
    lost: [],
  };
  const papermill: Runner = {
    label: `papermill ${papermillVersion.split(" ")[0]}`,
    command: (input, out) => [join(venv, "bin", "papermill"), [
      input,
      out,
      "--kernel",
      "deno",
      "--no-progress-bar",
    ]],
    wall: [],
    lost: [],
  };
  const both = [ours, papermill];

  console.error(`runner: warm-up, then ${runs} alternating runs each of ${small}`);
  for (const r of both) await timedRun(r, small, join(dir, "warmup.out.ipynb"));
  for (let i = 0; i < runs; i++) {
    for (const r of i % 2 === 0 ? both : [...both].reverse()) {
      const load1 = await h.loadAverage();
      const run = await timedRun(r, small, join(dir, `small30.${slug(r)}.out.ipynb`));
      r.wall.push({ ...run, load1 });
      console.error(
        `  run ${i + 1}/${runs} ${r.label}: ${run.seconds.toFixed(2)} s, load ${load1}`,
      );
    }
  }
  console.error(`runner: ${linesRuns} alternating runs each of ${lines}`);
  for (let i = 0; i < linesRuns; i++) {
    for (const r of i % 2 === 0 ? both : [...both].reverse()) {
      const out = join(dir, `lines200.${slug(r)}.out.ipynb`);
      await timedRun(r, lines, out);
      const lost = lostOutputs(JSON.parse(await Deno.readTextFile(out)), 200);
      r.lost.push(lost);
      console.error(`  run ${i + 1}/${linesRuns} ${r.label}: ${lost} of 400 outputs lost`);
    }
  }

  const section = runnerSection({
    command: `deno run -A bench/run.ts runner --runs ${runs} --lines-runs ${linesRuns}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: await h.machine(),
    ours,
    papermill,
    median: h.median,
  });
  await h.publish("runner", section);
}

async function timedRun(r: Runner, input: string, out: string): Promise<TimedRun> {
  const [cmd, args] = r.command(input, out);
  const startedAt = Date.now();
  const t0 = performance.now();
  const child = new Deno.Command(cmd, {
    args,
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
  const { code, stderr } = await child.output();
  const seconds = (performance.now() - t0) / 1000;
  clearTimeout(timer);
  if (code !== 0) {
    throw new Error(`${r.label} failed (exit ${code}):\n${new TextDecoder().decode(stderr)}`);
  }
  const nb = JSON.parse(await Deno.readTextFile(out));
  return { seconds, phases: phases(nb, startedAt, startedAt + seconds * 1000) };
}

/** The phases of a run from papermill's notebook and cell metadata (both runners write it). */
function phases(nb: NotebookJson, startedAt: number, endedAt: number): Phases {
  const time = (s: unknown) => Date.parse(String(s));
  const pm = nb.metadata.papermill as Record<string, unknown>;
  const cells = nb.cells.map((c) => c.metadata.papermill as Record<string, unknown>);
  const start = time(pm.start_time);
  const firstCell = time(cells[0].start_time);
  const lastCell = time(cells.at(-1)!.end_time);
  return {
    startup: (start - startedAt) / 1000,
    kernelStart: (firstCell - start) / 1000,
    cells: (lastCell - firstCell) / 1000,
    after: (endedAt - lastCell) / 1000,
  };
}

/** Outputs missing from their cell: cell i should hold `line i` and the value `i * 3`. */
function lostOutputs(nb: NotebookJson, count: number): number {
  let lost = 0;
  const code = nb.cells.filter((c) => c.cell_type === "code");
  for (let i = 0; i < count; i++) {
    const outputs = code[i]?.outputs ?? [];
    const text = (v: unknown) => Array.isArray(v) ? v.join("") : String(v ?? "");
    const stream = outputs.filter((o) => o.output_type === "stream").map((o) => text(o.text))
      .join("");
    const values = outputs.filter((o) => o.output_type === "execute_result")
      .map((o) => text((o.data as Record<string, unknown>)["text/plain"]));
    if (stream !== `line ${i}\n`) lost++;
    if (values.length !== 1 || values[0] !== String(i * 3)) lost++;
  }
  return lost;
}

interface SectionInput {
  command: string;
  date: string;
  machine: string;
  ours: Runner;
  papermill: Runner;
  median(xs: number[]): number;
}

function runnerSection(s: SectionInput): string {
  const med = (r: Runner, f: (t: TimedRun) => number) => s.median(r.wall.map(f));
  const ratio = med(s.ours, (t) => t.seconds) / med(s.papermill, (t) => t.seconds);
  const lostOurs = s.ours.lost.reduce((a, b) => a + b, 0);
  const loads = [...s.ours.wall, ...s.papermill.wall].map((t) => t.load1 ?? NaN);
  const row = (r: Runner) =>
    `| ${r.label} | ${med(r, (t) => t.seconds).toFixed(2)} | ` +
    `${med(r, (t) => t.phases.startup).toFixed(2)} | ` +
    `${med(r, (t) => t.phases.kernelStart).toFixed(2)} | ` +
    `${med(r, (t) => t.phases.cells).toFixed(3)} | ` +
    `${med(r, (t) => t.phases.after).toFixed(2)} | ${r.lost.join(", ")} |`;
  const raw = [s.ours, s.papermill].flatMap((r) =>
    r.wall.map((t, i) =>
      `| ${r.label} | ${i + 1} | ${t.seconds.toFixed(3)} | ${t.phases.startup.toFixed(2)} | ` +
      `${t.phases.kernelStart.toFixed(2)} | ${t.phases.cells.toFixed(3)} | ` +
      `${t.phases.after.toFixed(2)} | ${t.load1 ?? ""} |`
    )
  );
  return [
    "",
    "## runner",
    "",
    "A 30-cell notebook of small cells run headless on the Deno kernel by Lakebook's runner and by",
    "papermill (from PyPI, in a venv of its own without JupyterLab, kernelspec `deno` pointing at",
    "the same `tools/node_modules/deno/deno jupyter --kernel`), no parameters, each run a fresh",
    "process, alternating, after one untimed warm-up each. Wall time is process start to exit.",
    "The phases come from the papermill metadata both write: startup (process start to the",
    "notebook's start_time), kernel start (to the first cell's start), cells (first cell start to",
    "last cell end), after (last cell end to process exit: save, history record, shutdown, exit).",
    "",
    `- Command: \`${s.command}\``,
    `- Date: ${s.date}`,
    `- Machine: ${s.machine}`,
    `- 1-minute load average before the timed runs: ${fmtRange(loads)}`,
    "",
    `Medians of ${s.ours.wall.length} runs each (seconds); lost outputs of the 200-cell notebook`,
    "(400 expected: a line and a value per cell), one figure per run:",
    "",
    "| runner | wall | startup | kernel start | cells | after | lost outputs (200 cells) |",
    "| ------ | ---: | ------: | -----------: | ----: | ----: | ------------------------ |",
    row(s.ours),
    row(s.papermill),
    "",
    `- Wall time ratio Lakebook / papermill (medians): **${ratio.toFixed(2)}x** (target <= 0.5x: ` +
    `${ratio <= 0.5 ? "met" : "missed"})`,
    `- Outputs lost by Lakebook's runner: **${lostOurs}** (target 0: ${
      lostOurs === 0 ? "met" : "missed"
    }); by papermill: ${s.papermill.lost.reduce((a, b) => a + b, 0)} over ` +
    `${s.papermill.lost.length} runs`,
    "",
    "Raw runs of the 30-cell notebook, in the order of each runner:",
    "",
    "| runner | run | wall | startup | kernel start | cells | after | load avg before |",
    "| ------ | --: | ---: | ------: | -----------: | ----: | ----: | --------------: |",
    ...raw,
    "",
  ].join("\n");
}

function fmtRange(xs: number[]): string {
  const ok = xs.filter(Number.isFinite);
  if (ok.length === 0) return "unknown";
  return `${Math.min(...ok).toFixed(2)} to ${Math.max(...ok).toFixed(2)}`;
}

function slug(r: Runner): string {
  return r.label.startsWith("lakebook") ? "lakebook" : "papermill";
}

// ---------------------------------------------------------------------------------------------
// notebooks

interface NotebookJson {
  cells: {
    cell_type: string;
    metadata: Record<string, unknown>;
    outputs?: Record<string, unknown>[];
  }[];
  metadata: Record<string, unknown>;
}

/** Small cells: a binding, a line printed, a value. */
function smallCells(count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) => `const v${i} = ${i} * 2;\nconsole.log("cell ${i}", v${i});\nv${i} + 1`,
  );
}

/** Cells that each print a line and return a value. */
function lineCells(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `console.log("line ${i}"); ${i} * 3`);
}

function notebookJson(sources: string[]): string {
  return JSON.stringify(
    {
      cells: sources.map((source, i) => ({
        cell_type: "code",
        execution_count: null,
        id: `cell-${i}`,
        metadata: {},
        outputs: [],
        source,
      })),
      metadata: {
        kernelspec: { display_name: "Deno", language: "typescript", name: "deno" },
        language_info: { name: "typescript" },
      },
      nbformat: 4,
      nbformat_minor: 5,
    },
    null,
    1,
  ) + "\n";
}

// ---------------------------------------------------------------------------------------------
// papermill's environment

/**
 * Creates `venv` with bench/requirements-papermill.txt installed (unless already there) and a
 * kernelspec `deno` for the same Deno binary the runner uses.
 */
async function ensurePapermill(venv: string): Promise<void> {
  const reqs = await Deno.readTextFile(REQUIREMENTS);
  const stamp = join(venv, ".lakebook-requirements");
  const installed = await Deno.readTextFile(stamp).catch(() => undefined);
  const python = join(venv, "bin", "python");
  if (installed !== reqs || !await exists(python)) {
    if (!await exists(python)) {
      console.error(`creating ${venv}`);
      await run(Deno.env.get("PYTHON") ?? "python3", ["-m", "venv", venv]);
    }
    console.error(`installing ${REQUIREMENTS} into ${venv}`);
    await run(python, ["-m", "pip", "install", "--quiet", "-r", REQUIREMENTS]);
    await Deno.writeTextFile(stamp, reqs);
  }
  const spec = join(venv, "share", "jupyter", "kernels", "deno");
  await Deno.mkdir(spec, { recursive: true });
  await Deno.writeTextFile(
    join(spec, "kernel.json"),
    JSON.stringify(
      {
        argv: [DENO, "jupyter", "--kernel", "--conn", "{connection_file}"],
        display_name: "Deno",
        language: "typescript",
        env: { NO_COLOR: "1" },
      },
      null,
      2,
    ) + "\n",
  );
}

function flagValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
