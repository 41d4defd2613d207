/**
 * Lakebook's benchmarks. `deno task bench` runs them all; `deno run -A bench/run.ts NAME` one.
 *
 *   deno run -A bench/run.ts collect [--runs 5] [--rows 5000000] [--url sc://...] [--no-write]
 *   deno run -A bench/run.ts dataframe [--runs 5] [--calls 1000] [--url sc://...] [--no-write]
 *   deno run -A bench/run.ts pipeline [--runs 3] [--rows 1000000] [--seed 42] [--bad-ratio 0.01]
 *     [--as-of 2026-01-01] [--url sc://...] [--no-write] [--render-only]
 *   deno run -A bench/run.ts scale [--runs 3] [--rows 200000] [--seed 42] [--bad-ratio 0.01]
 *     [--as-of 2026-01-01] [--no-write] [--render-only]
 *   deno run -A bench/run.ts runner [--runs 7] [--lines-runs 3] [--no-write]
 *
 * `collect`: a 5M-row, 6-column result (bigint, int, double, double, string, timestamp)
 * collected into an Arrow Table by Lakebook's client (bench/collect.ts) and by PySpark's Spark
 * Connect client (bench/collect.py, in a venv under bench/out/venv pinned by
 * bench/requirements.txt), alternating D,P,D,P..., each run a fresh process, against the same
 * server ($SPARK_REMOTE or sc://127.0.0.1:15002). Prints a table and writes its section of
 * bench/RESULTS.md (other sections are kept).
 *
 * `dataframe`: the client's own overhead per call on a small cached DataFrame (`df.columns`,
 * `df.count()`, building a 10-step plan), bench/dataframe.ts against bench/dataframe.py in the
 * same way: alternating fresh processes, same server, its own section of bench/RESULTS.md.
 *
 * `pipeline`: 1M generated reviews through the reference PySpark pipeline
 * (bench/pipeline_reference.py), a parsing scan (bench/pipeline_scan.py) and Lakebook's two
 * jobs (`lakebook run`, bench/pipeline.ts), on one warmed server; checks that Lakebook's results
 * equal the reference's.
 *
 * `scale`: Lakebook's two jobs of `pipeline` on a standalone cluster of 1 and of 2 local
 * workers, with data on the local disk and on S3 (MinIO), bench/scale.ts.
 *
 * `runner`: `lakebook notebook run` against papermill on the same Deno kernel, wall time of a
 * 30-cell notebook and outputs lost on a 200-cell one, bench/runner.ts.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { collectQuery, type CollectResult, flag } from "./collect.ts";
import {
  checkAgreement,
  type DataframeResult,
  dataframeSection,
  type DataframeSide,
  PARTS,
} from "./dataframe.ts";
import {
  compareOutputs,
  type Comparison,
  countFiles,
  ensurePipelineData,
  lakebookRunAvailable,
  type PipelineReport,
  pipelineSection,
  processCpuSeconds,
  runLakebook,
  type TimedRun,
  writeBenchConfigs,
} from "./pipeline.ts";
import { scaleBenchmark } from "./scale.ts";
import { runnerBenchmark } from "./runner.ts";
import { SparkSession } from "../src/connect/session.ts";
import { startLocalServer, stopLocalServer } from "../src/server/local.ts";
import { exists, output, run } from "./process.ts";

const BENCH = fileURLToPath(new URL(".", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = `${BENCH}out`;
const VENV = `${OUT}/venv`;
const PYTHON = `${VENV}/bin/python`;
const RESULTS = `${BENCH}RESULTS.md`;
const RUN_TIMEOUT_MS = 10 * 60_000;

const BENCHMARKS: Record<string, (args: string[]) => Promise<void>> = {
  collect,
  dataframe,
  pipeline,
  scale: (args) => scaleBenchmark(args, helpers(args)),
  runner: (args) => runnerBenchmark(args, helpers(args)),
};

/** What the scale and runner benchmarks take from this module. */
function helpers(args: string[]) {
  return {
    out: OUT,
    machine,
    loadAverage,
    median,
    publish: (name: string, section: string) =>
      publish(name, section, !args.includes("--no-write")),
  };
}

/** Prints a benchmark's section and, when `write`, puts it in bench/RESULTS.md. */
async function publish(name: string, section: string, write: boolean): Promise<void> {
  console.log(section);
  if (!write) return;
  await writeSection(RESULTS, name, section);
  await formatMarkdown(RESULTS);
  console.error(`wrote the ${name} section of ${RESULTS}`);
}

async function main() {
  const [name, ...rest] = Deno.args;
  if (name === undefined || name.startsWith("--")) {
    for (const run of Object.values(BENCHMARKS)) await run(Deno.args);
    return;
  }
  const run = BENCHMARKS[name];
  if (!run) {
    console.error(`unknown benchmark ${name}: one of ${Object.keys(BENCHMARKS).join(", ")}`);
    Deno.exit(2);
  }
  await run(rest);
}

// ---------------------------------------------------------------------------------------------
// collect

interface Side {
  label: string;
  cmd: string;
  args: string[];
  runs: Run[];
}

/** One run's printed result, with the machine's 1-minute load average just before it. */
type Run = CollectResult & { load1?: number };

async function collect(args: string[]): Promise<void> {
  const runs = Number(flag(args, "runs") ?? 5);
  const rows = Number(flag(args, "rows") ?? 5_000_000);
  const url = flag(args, "url") ?? Deno.env.get("SPARK_REMOTE") ?? "sc://127.0.0.1:15002";
  const write = !args.includes("--no-write");
  const query = collectQuery(rows);

  await ensureVenv();
  const serverVersion = await sparkVersion(url);
  const pysparkVersion =
    (await output(PYTHON, ["-c", "import pyspark; print(pyspark.__version__)"]))
      .trim();
  const common = ["--url", url, "--query", query];
  const deno: Side = {
    label: `Lakebook (Deno ${Deno.version.deno})`,
    cmd: Deno.execPath(),
    args: ["run", "-A", `${BENCH}collect.ts`, ...common],
    runs: [],
  };
  const py: Side = {
    label: `PySpark Connect ${pysparkVersion}`,
    cmd: PYTHON,
    args: [`${BENCH}collect.py`, ...common],
    runs: [],
  };

  console.error(`collect: ${runs} runs per client against ${url} (Spark ${serverVersion})`);
  for (let i = 0; i < runs; i++) {
    for (const side of [deno, py]) {
      const load1 = await loadAverage();
      const r: Run = { ...await runOnce(side), load1 };
      side.runs.push(r);
      console.error(
        `  run ${i + 1}/${runs} ${side.label}: ${fmtS(r.seconds)} s, ` +
          `${fmtRate(r.rows / r.seconds)} rows/s, peak RSS ${mib(r.peakRssBytes)} MiB, ` +
          `client CPU ${(r.cpuSeconds ?? NaN).toFixed(2)} s, load ${load1}`,
      );
    }
  }
  for (const side of [deno, py]) {
    if (side.runs.some((r) => r.rows !== rows)) {
      throw new Error(`${side.label} collected ${side.runs.map((r) => r.rows)} rows, not ${rows}`);
    }
  }

  const section = collectSection({
    command: `deno run -A bench/run.ts collect --runs ${runs} --rows ${rows}` +
      (url === "sc://127.0.0.1:15002" ? "" : ` --url ${url}`),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: await machine(),
    serverVersion,
    query,
    deno,
    py,
  });
  await publish("collect", section, write);
}

async function runOnce<T = CollectResult>(
  side: Pick<Side, "label" | "cmd" | "args">,
  timeoutMs = RUN_TIMEOUT_MS,
): Promise<T> {
  const child = new Deno.Command(side.cmd, {
    args: side.args,
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const { code, stdout, stderr } = await child.output();
  clearTimeout(timer);
  const out = new TextDecoder().decode(stdout);
  const line = out.trim().split("\n").filter((l) => l.startsWith("{")).at(-1);
  if (code !== 0 || !line) {
    throw new Error(
      `${side.label} failed (exit ${code}):\n${out}\n${new TextDecoder().decode(stderr)}`,
    );
  }
  return JSON.parse(line) as T;
}

interface SectionInput {
  command: string;
  date: string;
  machine: string;
  serverVersion: string;
  query: string;
  deno: Side;
  py: Side;
}

interface Summary {
  rows: number;
  bytes: number;
  seconds: number;
  rowsPerS: number;
  mbPerS: number;
  peakRss: number;
  cpuSeconds: number;
}

function summarize(runs: Run[]): Summary {
  return {
    rows: runs[0].rows,
    bytes: median(runs.map((r) => r.bytes)),
    seconds: median(runs.map((r) => r.seconds)),
    rowsPerS: median(runs.map((r) => r.rows / r.seconds)),
    mbPerS: median(runs.map((r) => r.bytes / 1e6 / r.seconds)),
    peakRss: median(runs.map((r) => r.peakRssBytes)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds ?? NaN)),
  };
}

function collectSection(s: SectionInput): string {
  const d = summarize(s.deno.runs);
  const p = summarize(s.py.runs);
  const ratio = d.rowsPerS / p.rowsPerS;
  const dRss = d.peakRss / d.bytes;
  const pRss = p.peakRss / p.bytes;
  const throughputOk = ratio >= 1;
  const rssOk = dRss < 2;
  const row = (label: string, x: Summary, rss: number) =>
    `| ${label} | ${fmtS(x.seconds)} | ${fmtRate(x.rowsPerS)} | ${x.mbPerS.toFixed(1)} | ` +
    `${mib(x.peakRss)} | ${rss.toFixed(2)}x | ${x.cpuSeconds.toFixed(2)} |`;
  const raw = (side: Side) =>
    side.runs.map((r, i) =>
      `| ${side.label} | ${i + 1} | ${r.rows} | ${r.bytes} | ${r.seconds.toFixed(3)} | ` +
      `${fmtRate(r.rows / r.seconds)} | ${(r.bytes / 1e6 / r.seconds).toFixed(1)} | ` +
      `${mib(r.peakRssBytes)} | ${mib(r.baselineRssBytes ?? NaN)} | ` +
      `${(r.cpuSeconds ?? NaN).toFixed(2)} | ${r.batches ?? ""} | ${r.load1 ?? ""} |`
    );
  // Interleave the raw rows in run order (D1, P1, D2, P2, ...).
  const dRaw = raw(s.deno);
  const pRaw = raw(s.py);
  const rawRows = dRaw.flatMap((r, i) => [r, pRaw[i]]).filter((r) => r !== undefined);
  return [
    `## collect`,
    ``,
    `Collect ${d.rows.toLocaleString("en-US")} rows x 6 columns into an Arrow Table, Lakebook's ` +
    `Deno client (\`df.toArrow()\`) against PySpark's Spark Connect client ` +
    `(\`spark.sql(q).toArrow()\`), same server, same run, alternating runs, each a fresh process ` +
    `after a small warm-up query. Time covers \`spark.sql(q)\` + \`toArrow()\`.`,
    ``,
    `- Command: \`${s.command}\``,
    `- Date: ${s.date}`,
    `- Machine: ${s.machine}`,
    `- Server: Spark ${s.serverVersion} (Spark Connect, same machine, loopback)`,
    `- Query: \`${s.query}\``,
    `- Arrow data: ${mib(d.bytes)} MiB in Lakebook's Table, ${mib(p.bytes)} MiB in pyarrow's ` +
    `(sum of buffer sizes)`,
    ``,
    `Medians of ${s.deno.runs.length} runs each:`,
    ``,
    `| client | seconds | rows/s | MB/s | peak RSS (MiB) | peak RSS / Arrow data | client CPU s |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
    row(s.deno.label, d, dRss),
    row(s.py.label, p, pRss),
    ``,
    `- Throughput ratio Lakebook / PySpark (median rows/s): **${ratio.toFixed(2)}x** ` +
    `(target >= 1.00x: ${throughputOk ? "met" : "missed"})`,
    `- Lakebook peak RSS / Arrow data size: **${dRss.toFixed(2)}x** ` +
    `(target < 2x: ${rssOk ? "met" : "missed"}); PySpark: ${pRss.toFixed(2)}x`,
    ``,
    `Peak RSS is the process's VmHWM (whole process, interpreter included); baseline is RSS after ` +
    `connect and warm-up, just before the timed query. Client CPU is user + system seconds of ` +
    `the client process during the timed part.`,
    ``,
    `Raw runs, in the order they ran:`,
    ``,
    `| client | run | rows | Arrow bytes | seconds | rows/s | MB/s | peak RSS (MiB) | ` +
    `baseline RSS (MiB) | client CPU s | batches | load avg before |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...rawRows,
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------
// dataframe

async function dataframe(args: string[]): Promise<void> {
  const runs = Number(flag(args, "runs") ?? 5);
  const calls = Number(flag(args, "calls") ?? 1000);
  const url = flag(args, "url") ?? Deno.env.get("SPARK_REMOTE") ?? "sc://127.0.0.1:15002";
  const write = !args.includes("--no-write");

  await ensureVenv();
  const serverVersion = await sparkVersion(url);
  const pysparkVersion =
    (await output(PYTHON, ["-c", "import pyspark; print(pyspark.__version__)"])).trim();
  const common = ["--url", url, "--calls", String(calls)];
  const sides = [
    {
      label: `Lakebook (Deno ${Deno.version.deno})`,
      cmd: Deno.execPath(),
      args: ["run", "-A", `${BENCH}dataframe.ts`, ...common],
    },
    {
      label: `PySpark Connect ${pysparkVersion}`,
      cmd: PYTHON,
      args: [`${BENCH}dataframe.py`, ...common],
    },
  ];
  const [deno, py]: DataframeSide[] = sides.map((s) => ({ label: s.label, runs: [] }));

  console.error(`dataframe: ${runs} runs per client against ${url} (Spark ${serverVersion})`);
  for (let i = 0; i < runs; i++) {
    for (const [j, side] of [deno, py].entries()) {
      const load1 = await loadAverage();
      const r = { ...await runOnce<DataframeResult>(sides[j]), load1 };
      side.runs.push(r);
      const us = PARTS.map((p) =>
        `${p} ${(r.parts[p].seconds / r.parts[p].calls * 1e6).toFixed(2)}`
      );
      console.error(
        `  run ${i + 1}/${runs} ${side.label} (µs/call): ${us.join(", ")}, load ${load1}`,
      );
    }
  }
  checkAgreement(deno, py);

  const section = dataframeSection({
    command: `deno run -A bench/run.ts dataframe --runs ${runs} --calls ${calls}` +
      (url === "sc://127.0.0.1:15002" ? "" : ` --url ${url}`),
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: await machine(),
    serverVersion,
    calls,
    deno,
    py,
  });
  await publish("dataframe", section, write);
}

// ---------------------------------------------------------------------------------------------
// pipeline

/**
 * `pipeline`: 1M generated reviews (bench/out/pipeline/data, generated once per rows/seed/bad
 * ratio) through the reference PySpark plan, a parsing scan and Lakebook's two jobs, on one
 * warmed server: --url, else $SPARK_REMOTE, else a dedicated local server (bench/out/spark, 6g
 * heap, port 15400) that is stopped at the end when this run started it.
 */
async function pipeline(args: string[]): Promise<void> {
  const runs = Number(flag(args, "runs") ?? 3);
  const rows = Number(flag(args, "rows") ?? 1_000_000);
  const seed = Number(flag(args, "seed") ?? 42);
  const badRatio = Number(flag(args, "bad-ratio") ?? 0.01);
  const asOf = flag(args, "as-of") ?? "2026-01-01";
  const write = !args.includes("--no-write");
  const dir = `${OUT}/pipeline`;
  const reportFile = `${dir}/report.json`;
  const publishReport = (report: PipelineReport) =>
    publish("pipeline", pipelineSection(report), write);
  if (args.includes("--render-only")) {
    // Re-renders the section from the last run's figures (bench/out/pipeline/report.json).
    return await publishReport(JSON.parse(await Deno.readTextFile(reportFile)));
  }

  await ensureVenv();
  const data = await ensurePipelineData({ dir: `${dir}/data`, rows, seed, badRatio });
  const given = flag(args, "url") ?? (Deno.env.get("SPARK_REMOTE") || undefined);
  const server = given ? undefined : await startLocalServer({
    stateDir: `${OUT}/spark`,
    memory: "6g",
    port: 15400,
    log: (line) => console.error(`pipeline: ${line}`),
  });
  const url = given ?? server!.url;
  try {
    const serverVersion = await sparkVersion(url);
    const configs = await writeBenchConfigs({
      dir: `${dir}/configs`,
      input: data.path,
      out: `${dir}/lakebook`,
    });
    let lakebookOk = await lakebookRunAvailable();
    let lakebookNote = lakebookOk ? undefined : "not run: this checkout has no `lakebook run` yet";
    const schema = `${ROOT}ingestion_config/schemas/review.json`;
    const words = `${ROOT}data/inappropriate_words.txt`;
    const py = (script: string, extra: string[]) => ({
      label: script,
      cmd: PYTHON,
      args: [`${BENCH}${script}`, "--url", url, "--input", data.path, "--schema", schema, ...extra],
    });
    const reference = py("pipeline_reference.py", [
      ...["--words", words, "--out", `${dir}/reference`, "--as-of", asOf],
    ]);
    const scan = py("pipeline_scan.py", []);

    const lakebookRun = { url, configs, asOf, history: `${dir}/history` };
    const log = `${dir}/lakebook.log`;
    await Deno.remove(log).catch(() => {});
    // Every program's first run on a fresh server pays for compiling its code paths (the
    // JIT): warmed, the runs compare the programs, not the server's start.
    console.error(
      `pipeline: warming up ${url} (Spark ${serverVersion}) with an untimed scan` +
        (lakebookOk ? " and an untimed Lakebook run" : ""),
    );
    await runOnce(scan);
    if (lakebookOk) {
      await Deno.remove(`${dir}/lakebook`, { recursive: true }).catch(() => {});
      await runLakebook({ ...lakebookRun, log });
    }
    const times: { reference: TimedRun[]; scan: TimedRun[]; lakebook: TimedRun[] } = {
      reference: [],
      scan: [],
      lakebook: [],
    };
    const order: string[] = [];
    for (let i = 0; i < runs; i++) {
      for (const name of ["reference", "scan", "lakebook"] as const) {
        if (name === "lakebook" && !lakebookOk) continue;
        if (name !== "scan") {
          await Deno.remove(`${dir}/${name}`, { recursive: true }).catch(() => {});
        }
        const load1 = await loadAverage();
        const cpu0 = server ? await processCpuSeconds(server.pid) : undefined;
        let r: TimedRun;
        try {
          if (name === "lakebook") r = await runLakebook({ ...lakebookRun, log });
          else {
            const start = performance.now();
            const out = await runOnce<TimedRun>(
              name === "reference" ? reference : scan,
              60 * 60_000,
            );
            const seconds = (performance.now() - start) / 1000;
            r = { ...out, seconds, programSeconds: out.seconds };
          }
        } catch (err) {
          if (name !== "lakebook") throw err;
          // Keep the other programs' figures: a failed Lakebook run is a result too.
          lakebookOk = false;
          lakebookNote = `failed in run ${i + 1}: ${(err as Error).message}`;
          console.error(`  run ${i + 1}/${runs} lakebook: ${lakebookNote}`);
          continue;
        }
        const cpu1 = server ? await processCpuSeconds(server.pid) : undefined;
        const serverCpuSeconds = cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0;
        times[name].push({ ...r, serverCpuSeconds, load1 });
        order.push(name);
        console.error(
          `  run ${i + 1}/${runs} ${name}: ${r.seconds.toFixed(2)} s` +
            (r.ingestSeconds === undefined
              ? ""
              : ` (ingest ${r.ingestSeconds.toFixed(2)}, aggregate ${
                r.aggregateSeconds?.toFixed(2)
              })`) +
            `, server CPU ${serverCpuSeconds?.toFixed(1)} s, load ${load1}`,
        );
      }
    }

    const referenceOut = {
      curated: `${dir}/reference/reviews`,
      aggregates: `${dir}/reference/aggregation/as_of=${asOf}`,
    };
    const lakebookOut = {
      curated: `${dir}/lakebook/reviews`,
      aggregates: `${dir}/lakebook/review_aggregation/json/as_of=${asOf}`,
    };
    let comparison: Comparison | undefined;
    if (lakebookOk) {
      const spark = await SparkSession.connect(url);
      try {
        comparison = await compareOutputs(spark, {
          reference: referenceOut,
          lakebook: lakebookOut,
        });
      } finally {
        await spark.stop();
      }
    }
    const files = async (outputs: Record<string, string>) =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(outputs).map(async ([k, p]) => [k, await countFiles(p)] as const),
        ),
      );
    const report: PipelineReport = {
      command: `deno run -A bench/run.ts pipeline --runs ${runs} --rows ${rows} --seed ${seed} ` +
        `--bad-ratio ${badRatio} --as-of ${asOf}` + (given ? ` --url ${given}` : ""),
      date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      machine: await machine(),
      server: `Spark ${serverVersion} (Spark Connect, local[*], same machine, loopback; ` +
        (server
          ? `dedicated bench server, 6 GiB heap${server.reused ? ", reused" : ""})`
          : `${url})`),
      data,
      asOf,
      reference: times.reference,
      scan: times.scan,
      lakebook: times.lakebook.length > 0 ? times.lakebook : undefined,
      lakebookNote,
      files: {
        reference: await files({
          curated: referenceOut.curated,
          aggregates: `${dir}/reference/aggregation`,
        }),
        lakebook: lakebookOk
          ? await files({
            curated: lakebookOut.curated,
            quarantine: `${dir}/lakebook/reviews_quarantine`,
            aggregates: `${dir}/lakebook/review_aggregation`,
          })
          : undefined,
      },
      comparison,
      order,
    };
    await Deno.writeTextFile(reportFile, JSON.stringify(report, null, 2));
    await publishReport(report);
    if (comparison && !(comparison.curated.equal && comparison.aggregates.equal)) {
      throw new Error("Lakebook's results differ from the reference program's (see above)");
    }
  } finally {
    if (server && !server.reused) await stopLocalServer({ stateDir: `${OUT}/spark` });
  }
}

// ---------------------------------------------------------------------------------------------
// the environment

/** Creates bench/out/venv with bench/requirements.txt installed, unless it is already there. */
async function ensureVenv(): Promise<void> {
  const reqFile = `${BENCH}requirements.txt`;
  const reqs = await Deno.readTextFile(reqFile);
  const stamp = `${VENV}/.lakebook-requirements`;
  const installed = await Deno.readTextFile(stamp).catch(() => undefined);
  if (installed === reqs && await exists(PYTHON)) return;
  await Deno.mkdir(OUT, { recursive: true });
  if (!await exists(PYTHON)) {
    console.error(`creating ${VENV}`);
    await run(Deno.env.get("PYTHON") ?? "python3", ["-m", "venv", VENV]);
  }
  console.error(`installing ${reqFile} into ${VENV} (pyspark builds from source: minutes)`);
  await run(PYTHON, ["-m", "pip", "install", "--quiet", "--upgrade", "pip"]);
  await run(PYTHON, ["-m", "pip", "install", "--quiet", "-r", reqFile]);
  await Deno.writeTextFile(stamp, reqs);
}

async function sparkVersion(url: string): Promise<string> {
  const spark = await SparkSession.connect(url);
  try {
    return await spark.version();
  } finally {
    await spark.stop();
  }
}

async function machine(): Promise<string> {
  const cpuinfo = await Deno.readTextFile("/proc/cpuinfo").catch(() => "");
  const meminfo = await Deno.readTextFile("/proc/meminfo").catch(() => "");
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1].trim() ?? "unknown CPU";
  const memKb = Number(meminfo.match(/^MemTotal:\s+(\d+)\s+kB/m)?.[1] ?? NaN);
  const nproc = (await output("nproc", []).catch(() => String(navigator.hardwareConcurrency)))
    .trim();
  return `${nproc} CPUs (nproc), ${(memKb / 1024 / 1024).toFixed(1)} GiB memory, ${model}, ` +
    `${Deno.build.os}/${Deno.build.arch}`;
}

/** The 1-minute load average (/proc/loadavg), to tell a quiet run from a contended one. */
async function loadAverage(): Promise<number | undefined> {
  const text = await Deno.readTextFile("/proc/loadavg").catch(() => "");
  const x = Number(text.split(" ")[0]);
  return text && Number.isFinite(x) ? x : undefined;
}

// ---------------------------------------------------------------------------------------------
// RESULTS.md

/**
 * Replaces the section between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in the file,
 * or appends it; the file is created with a title when missing.
 */
export async function writeSection(path: string, name: string, body: string): Promise<void> {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const block = `${open}\n${body}\n${close}`;
  let text = await Deno.readTextFile(path).catch(() =>
    "# Benchmark results\n\nWritten by `deno task bench` (bench/run.ts); each section is the " +
    "latest run of one benchmark.\n"
  );
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  if (start >= 0 && end > start) {
    text = text.slice(0, start) + block + text.slice(end + close.length);
  } else {
    text = `${text.trimEnd()}\n\n${block}\n`;
  }
  await Deno.writeTextFile(path, text);
}

/** Formats the file as `deno fmt` would, so `deno task check` stays green after a run. */
async function formatMarkdown(path: string): Promise<void> {
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", path],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) console.error(`deno fmt ${path} failed: ${new TextDecoder().decode(stderr)}`);
}

// ---------------------------------------------------------------------------------------------
// numbers

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}

function fmtS(s: number): string {
  return s.toFixed(2);
}

function fmtRate(x: number): string {
  return Math.round(x).toLocaleString("en-US");
}

if (import.meta.main) await main();
