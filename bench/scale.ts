/**
 * The scale benchmark (bench/run.ts `scale`): the pipeline benchmark's Lakebook side
 * (`lakebook run` of the two review jobs, bench/pipeline.ts) on a standalone cluster of 1 and of
 * 2 local workers (1 core each, src/server/cluster.ts), with input, tables and outputs on the
 * local disk and on S3 (MinIO on loopback, through Spark's s3a). Every run starts from empty
 * outputs; local and S3 runs alternate, so load from other sessions falls on both alike.
 *
 * @module
 */
import { parse, stringify } from "yaml";
import { startCluster, stopCluster } from "../src/server/cluster.ts";
import { installSpark } from "../src/server/install.ts";
import { s3aConf, Storage } from "../src/storage/mod.ts";
import { startS3Server } from "../tests/helpers/s3.ts";
import { flag } from "./collect.ts";
import {
  type BenchConfigs,
  ensurePipelineData,
  type LakebookResult,
  type PipelineData,
  runLakebook,
  writeBenchConfigs,
} from "./pipeline.ts";

/**
 * What the scale benchmark needs from bench/run.ts.
 *
 * @example
 * const helpers: ScaleHelpers = { out: "bench/out", machine, loadAverage, median, publish };
 */
export interface ScaleHelpers {
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

/** Where the data and tables live in one configuration. */
type StorageKind = "local" | "s3";

/**
 * One configuration's runs.
 *
 * @example
 * const c: ScaleCase = { workers: 2, storage: "s3", runs: [{ seconds: 40, ingestSeconds: 30, aggregateSeconds: 10, load1: 3.2 }] };
 */
export interface ScaleCase {
  workers: number;
  storage: StorageKind;
  runs: (LakebookResult & { load1?: number })[];
}

/**
 * The figures of a scale run, as bench/out/scale/report.json keeps them.
 *
 * @example
 * const r: ScaleReport = JSON.parse(await Deno.readTextFile("bench/out/scale/report.json"));
 */
export interface ScaleReport {
  command: string;
  date: string;
  machine: string;
  data: PipelineData;
  asOf: string;
  cluster: string;
  cases: ScaleCase[];
}

/**
 * Runs the scale benchmark: `deno run -A bench/run.ts scale [--runs 3] [--rows 200000]
 * [--seed 42] [--bad-ratio 0.01] [--as-of 2026-01-01] [--no-write] [--render-only]`.
 *
 * @example
 * await scaleBenchmark(["--runs", "3", "--rows", "200000"], helpers);
 */
export async function scaleBenchmark(args: string[], h: ScaleHelpers): Promise<void> {
  const runs = Number(flag(args, "runs") ?? 3);
  const rows = Number(flag(args, "rows") ?? 200_000);
  const seed = Number(flag(args, "seed") ?? 42);
  const badRatio = Number(flag(args, "bad-ratio") ?? 0.01);
  const asOf = flag(args, "as-of") ?? "2026-01-01";
  const dir = `${h.out}/scale`;
  const reportFile = `${dir}/report.json`;
  if (args.includes("--render-only")) {
    return await h.publish(
      "scale",
      scaleSection(JSON.parse(await Deno.readTextFile(reportFile)), h),
    );
  }
  const log = (line: string) => console.error(`scale: ${line}`);
  const data = await ensurePipelineData({ dir: `${h.out}/pipeline/data`, rows, seed, badRatio });
  // MinIO from the user's cache (before LAKEBOOK_HOME moves), then the S3 runtime (hadoop-aws)
  // in a home of its own, so other servers keep the default runtime.
  await using s3 = await startS3Server();
  for (const [key, value] of Object.entries(s3.env)) Deno.env.set(key, value);
  Deno.env.set("LAKEBOOK_HOME", `${h.out}/lakebook-s3-home`);
  await installSpark({ s3: true, log });
  using storage = new Storage();
  const root = `s3://${s3.bucket}`;
  log(`uploading ${data.path} to ${root}/input/`);
  await storage.write(`${root}/input/reviews.jsonl`, (await Deno.open(data.path)).readable);
  const configs: Record<StorageKind, BenchConfigs> = {
    local: await writeBenchConfigs({
      dir: `${dir}/configs-local`,
      input: data.path,
      out: `${dir}/lakebook`,
    }),
    s3: await s3Configs(`${dir}/configs-s3`, `${root}/input/reviews.jsonl`, `${root}/lakebook`),
  };
  const clear: Record<StorageKind, () => Promise<void>> = {
    local: () => Deno.remove(`${dir}/lakebook`, { recursive: true }).catch(() => {}),
    s3: async () => {
      for (const f of await storage.list(`${root}/lakebook/`)) await storage.delete(f.path);
    },
  };

  const cases: ScaleCase[] = [];
  const workerMemory = "2g";
  const executorMemory = "1536m";
  for (const workers of [1, 2]) {
    const stateDir = `${dir}/spark-${workers}`;
    log(`starting a cluster of ${workers} worker(s)`);
    const cluster = await startCluster({
      workers,
      workerMemory,
      executorMemory,
      memory: "2g",
      stateDir,
      port: 15631,
      masterPort: 15632,
      conf: s3aConf(),
      log,
    });
    try {
      const byStorage: Record<StorageKind, ScaleCase> = {
        local: { workers, storage: "local", runs: [] },
        s3: { workers, storage: "s3", runs: [] },
      };
      for (let i = 0; i < runs; i++) {
        for (const kind of ["local", "s3"] as const) {
          await clear[kind]();
          const load1 = await h.loadAverage();
          const r = await runLakebook({
            url: cluster.server.url,
            configs: configs[kind],
            asOf,
            log: `${dir}/lakebook.log`,
            history: `${dir}/history`,
          });
          byStorage[kind].runs.push({ ...r, load1 });
          log(
            `${workers} worker(s), ${kind}, run ${i + 1}/${runs}: ${r.seconds.toFixed(2)} s ` +
              `(ingest ${r.ingestSeconds.toFixed(2)}, aggregate ${r.aggregateSeconds.toFixed(2)})` +
              `, load ${load1}`,
          );
        }
      }
      cases.push(byStorage.local, byStorage.s3);
    } finally {
      await stopCluster({ stateDir });
    }
  }
  await clear.local();
  const report: ScaleReport = {
    command: `deno run -A bench/run.ts scale --runs ${runs} --rows ${rows} --seed ${seed} ` +
      `--bad-ratio ${badRatio} --as-of ${asOf}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    machine: await h.machine(),
    data,
    asOf,
    cluster: `standalone master and N workers of 1 core and ${workerMemory} each (one executor ` +
      `of ${executorMemory} per worker), the Connect server (driver, 2 GiB heap) on the master; ` +
      `Spark's S3 runtime (hadoop-aws); S3: MinIO on loopback (one process, local disk)`,
    cases,
  };
  await Deno.writeTextFile(reportFile, JSON.stringify(report, null, 2));
  await h.publish("scale", scaleSection(report, h));
}

/** The bench configs with every path on S3: `input` read, outputs under `out`. */
async function s3Configs(dir: string, input: string, out: string): Promise<BenchConfigs> {
  // Written for placeholder folders, then pointed at S3 (local path joining would mangle s3://).
  const placeholder = "/lakebook-scale-out";
  const configs = await writeBenchConfigs({ dir, input, out: placeholder });
  for (const path of Object.values(configs)) {
    const text = await Deno.readTextFile(path);
    const config = parse(text);
    const visit = (node: unknown): unknown =>
      typeof node === "string" && node.startsWith(`${placeholder}/`)
        ? `${out}${node.slice(placeholder.length)}`
        : Array.isArray(node)
        ? node.map(visit)
        : node !== null && typeof node === "object"
        ? Object.fromEntries(Object.entries(node).map(([k, v]) => [k, visit(v)]))
        : node;
    const header = text.slice(0, text.indexOf("\n") + 1);
    await Deno.writeTextFile(path, header + stringify(visit(config), { lineWidth: 0 }));
  }
  return configs;
}

/**
 * The `scale` section of bench/RESULTS.md.
 *
 * @example
 * const markdown = scaleSection(report, helpers);
 */
export function scaleSection(r: ScaleReport, h: Pick<ScaleHelpers, "median">): string {
  const med = (c: ScaleCase, k: keyof LakebookResult) => h.median(c.runs.map((x) => x[k]));
  const find = (workers: number, storage: StorageKind) =>
    r.cases.find((c) => c.workers === workers && c.storage === storage);
  const loads = r.cases.flatMap((c) => c.runs.map((x) => x.load1 ?? NaN)).filter(Number.isFinite);
  const rows = r.cases.map((c) =>
    `| ${c.workers} | ${c.storage} | ${c.runs.length} | ${med(c, "seconds").toFixed(2)} | ` +
    `${Math.round(r.data.rows / med(c, "seconds")).toLocaleString("en-US")} | ` +
    `${med(c, "ingestSeconds").toFixed(2)} | ${med(c, "aggregateSeconds").toFixed(2)} | ` +
    `${c.runs.map((x) => x.seconds.toFixed(1)).join(", ")} |`
  );
  const ratio = (a?: ScaleCase, b?: ScaleCase) =>
    a && b ? (med(a, "seconds") / med(b, "seconds")).toFixed(2) : "n/a";
  return [
    "## scale",
    "",
    "The pipeline benchmark's Lakebook side (`lakebook run` of the bench copies of `reviews.yaml`",
    "then `review_aggregation.yaml`, each a fresh CLI process) on a standalone Spark cluster of 1",
    "and of 2 local workers, with the input, tables and outputs on the local disk and on S3. Outputs",
    "are deleted before each run; local and S3 runs alternate.",
    "",
    `- Command: \`${r.command}\``,
    `- Date: ${r.date}`,
    `- Machine: ${r.machine}`,
    `- Cluster: ${r.cluster}`,
    `- Data: \`lakebook generate reviews --rows ${r.data.rows} --seed ${r.data.seed} ` +
    `--bad-ratio ${r.data.badRatio}\` (${r.data.bytes.toLocaleString("en-US")} bytes, one file)`,
    `- Load average (1 min) before the runs: ${Math.min(...loads).toFixed(2)} to ` +
    `${Math.max(...loads).toFixed(2)} on 2 CPUs`,
    "",
    "| workers | storage | runs | seconds (median) | rows/s | ingest s | aggregate s | all runs (s) |",
    "| ------: | ------- | ---: | ---------------: | -----: | -------: | ----------: | ------------ |",
    ...rows,
    "",
    `- 2 workers / 1 worker (median wall time): local ${
      ratio(find(2, "local"), find(1, "local"))
    }` +
    `, S3 ${ratio(find(2, "s3"), find(1, "s3"))}`,
    `- S3 / local (median wall time): 1 worker ${ratio(find(1, "s3"), find(1, "local"))}, ` +
    `2 workers ${ratio(find(2, "s3"), find(2, "local"))}`,
  ].join("\n");
}
