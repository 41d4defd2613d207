/**
 * One run of the dataframe benchmark, Deno side: the client's own overhead per call on a
 * cached 1,000-row DataFrame. Connects, builds `spark.range(1000).withColumn("x", id * 2)`,
 * caches it, warms every part up, then times `--calls` calls of each part:
 *
 * - `columns`: `await df.columns` on the same DataFrame (its schema cached client-side);
 * - `derivedColumns`: `await df.filter(col("id").geq(0)).columns`, a new DataFrame each call
 *   (a filter keeps the schema: PySpark copies its cached schema to it, Lakebook asks again);
 * - `count`: `await df.count()`, one ExecutePlan round trip each;
 * - `plan`: building a 10-step select/filter/withColumn chain on `df`, without running it;
 * - `planEncode`: the same, plus the Plan message an action would send, encoded to bytes.
 *
 * The client-only parts (`columns`, `plan`, `planEncode`) are timed as `--reps` batches of
 * `--calls` calls and report the median batch: one batch of 1,000 sub-microsecond calls lasts
 * well under a millisecond, and Deno's JIT is still tiering up during the first few. The
 * round-trip parts run one batch. Prints one JSON line ({@linkcode DataframeResult}).
 *
 *   deno run -A bench/dataframe.ts [--url sc://...] [--calls 1000] [--warmup 100] [--reps 5]
 *
 * @module
 */
import { toBinary } from "@bufbuild/protobuf";
import process from "node:process";
import type { DataFrame } from "../src/connect/dataframe.ts";
import { col, concat, lit, when } from "../src/connect/functions/mod.ts";
import { rootPlan } from "../src/connect/plan/relation.ts";
import { PlanSchema } from "../src/connect/proto/gen/spark/connect/base_pb.ts";
import { SparkSession } from "../src/connect/session.ts";
import { flag } from "./collect.ts";

/** The timed parts, in the order they run and are reported. */
export const PARTS = ["columns", "derivedColumns", "count", "plan", "planEncode"] as const;

/** One timed part. */
export type Part = typeof PARTS[number];

/** What one part of one run measured. */
export interface PartResult {
  /** Calls per batch. */
  calls: number;
  /** Batches timed one after another (1 for the round-trip parts). */
  reps: number;
  /** Wall seconds for a batch of `calls` calls (the median batch). */
  seconds: number;
  /** User + system CPU seconds of the client process (all threads) for a batch (median). */
  cpuSeconds: number;
  /** Median and 99th percentile of single calls, in µs (round-trip parts only). */
  p50Us?: number;
  p99Us?: number;
}

/** What one run prints, Deno side and PySpark side alike. */
export interface DataframeResult {
  client: string;
  parts: Record<Part, PartResult>;
  /** Answers both sides must agree on, checked by bench/run.ts. */
  check: {
    columns: string[];
    derivedColumns: string[];
    count: number;
    /** Rows of the 10-step chain, run once after the timed parts. */
    chainCount: number;
    /** The chain's columns, as the server analyzes them. */
    chainColumns: string[];
    /** Whether the storage level after `cache()` uses memory. */
    cached: boolean;
  };
}

/**
 * The 10-step chain of `plan`: 4 withColumn, 3 filter, 2 select, and withColumn again.
 * bench/dataframe.py builds the same one with PySpark.
 *
 * @example
 * const chained = chain(spark.range(1000).withColumn("x", col("id").multiply(2)));
 */
export function chain(df: DataFrame): DataFrame {
  return df
    .withColumn("a", col("id").plus(1))
    .filter(col("a").gt(10))
    .withColumn("b", col("a").multiply(2))
    .select("id", "a", "b", "x")
    .filter(col("b").mod(3).eq(0))
    .withColumn("c", concat(lit("r-"), col("id").cast("string")))
    .withColumn("d", when(col("a").gt(100), lit(1)).otherwise(lit(0)))
    .select("id", "b", "c", "d")
    .filter(col("c").isNotNull())
    .withColumn("e", col("b").minus(col("d")));
}

// ---------------------------------------------------------------------------------------------
// the report (bench/run.ts runs both clients and writes it)

/** What each part times, for the report; `target` marks the parts issue 3 sets a target for. */
export const PART_INFO: Record<Part, { label: string; target: boolean }> = {
  columns: { label: "`df.columns`, same DataFrame (schema cached)", target: true },
  derivedColumns: {
    label: "`df.filter(id >= 0).columns`, a new DataFrame each call",
    target: false,
  },
  count: { label: "`df.count()` (one ExecutePlan round trip)", target: true },
  plan: { label: "build the 10-step chain, no I/O", target: true },
  planEncode: { label: "build the 10-step chain + encode its Plan", target: false },
};

/** One client's runs, each with the machine's 1-minute load average just before it. */
export interface DataframeSide {
  label: string;
  runs: (DataframeResult & { load1?: number })[];
}

/** What the dataframe section of bench/RESULTS.md is written from. */
export interface DataframeReport {
  command: string;
  date: string;
  machine: string;
  serverVersion: string;
  calls: number;
  deno: DataframeSide;
  py: DataframeSide;
}

/** Throws unless every run of both clients saw the same answers (see `check`). */
export function checkAgreement(deno: DataframeSide, py: DataframeSide): void {
  const want = JSON.stringify(deno.runs[0].check);
  for (const side of [deno, py]) {
    for (const r of side.runs) {
      const got = JSON.stringify(r.check);
      if (got !== want) throw new Error(`${side.label} answered ${got}, Lakebook ${want}`);
    }
  }
  if (!deno.runs[0].check.cached) throw new Error("df.cache() left the DataFrame uncached");
}

/** µs per call of one part of one run (the median batch over its calls). */
function usPerCall(r: DataframeResult, part: Part, of: "seconds" | "cpuSeconds" = "seconds") {
  return r.parts[part][of] / r.parts[part].calls * 1e6;
}

function fmtUs(us: number): string {
  return us >= 100 ? Math.round(us).toLocaleString("en-US") : us.toPrecision(3);
}

function fmtRate(x: number): string {
  return x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toPrecision(3);
}

/**
 * The dataframe section of bench/RESULTS.md: per part, the median over runs of µs per call,
 * calls/s, CPU µs per call, and the calls/s ratio Lakebook / PySpark; then every raw run.
 *
 * @example
 * const text = dataframeSection(report); // "## dataframe\n..."
 */
export function dataframeSection(s: DataframeReport): string {
  const med = (side: DataframeSide, f: (r: DataframeResult) => number) => median(side.runs.map(f));
  const summary = PARTS.map((part) => {
    const d = med(s.deno, (r) => usPerCall(r, part));
    const p = med(s.py, (r) => usPerCall(r, part));
    const dCpu = med(s.deno, (r) => usPerCall(r, part, "cpuSeconds"));
    const pCpu = med(s.py, (r) => usPerCall(r, part, "cpuSeconds"));
    return { part, d, p, dCpu, pCpu, ratio: p / d };
  });
  const derived = summary.find((x) => x.part === "derivedColumns")!;
  const rows = summary.map(({ part, d, p, dCpu, pCpu, ratio }) =>
    `| ${PART_INFO[part].label} | ${fmtUs(d)} | ${fmtRate(1e6 / d)} | ${fmtUs(p)} | ` +
    `${fmtRate(1e6 / p)} | **${ratio.toFixed(2)}x** | ${fmtUs(dCpu)} | ${fmtUs(pCpu)} |`
  );
  const verdicts = summary.map(({ part, ratio }) =>
    `- ${PART_INFO[part].label}: **${ratio.toFixed(2)}x** ` +
    (PART_INFO[part].target
      ? `(target >= 1.00x: ${ratio >= 1 ? "met" : "missed"})`
      : "(no target; for the record)")
  );
  const tails = (["count", "derivedColumns"] as const).map((part) => {
    const q = (side: DataframeSide, k: "p50Us" | "p99Us") => med(side, (r) => r.parts[part][k]!);
    return `| ${PART_INFO[part].label} | ${fmtUs(q(s.deno, "p50Us"))} | ` +
      `${fmtUs(q(s.deno, "p99Us"))} | ${fmtUs(q(s.py, "p50Us"))} | ${fmtUs(q(s.py, "p99Us"))} |`;
  });
  const raw = (side: DataframeSide) =>
    side.runs.map((r, i) =>
      `| ${side.label} | ${i + 1} | ` +
      PARTS.map((part) => fmtUs(usPerCall(r, part))).join(" | ") +
      ` | ${r.load1 ?? ""} |`
    );
  const dRaw = raw(s.deno);
  const pRaw = raw(s.py);
  const rawRows = dRaw.flatMap((r, i) => [r, pRaw[i]]).filter((r) => r !== undefined);
  const loads = [...s.deno.runs, ...s.py.runs].map((r) => r.load1 ?? NaN);
  const reps = s.deno.runs[0].parts.columns.reps;
  const check = s.deno.runs[0].check;
  return [
    `## dataframe`,
    ``,
    `The client's own overhead per call on a small cached DataFrame, Lakebook's Deno client ` +
    `against PySpark's Spark Connect client, same server, same run, alternating runs, each a ` +
    `fresh process. The DataFrame is \`spark.range(1000).withColumn("x", col("id") * 2)\`, ` +
    `cached and materialized during the warm-up; the 10-step chain is withColumn, filter, ` +
    `withColumn, select, filter, withColumn x2, select, filter, withColumn (\`chain()\` in ` +
    `bench/dataframe.ts and bench/dataframe.py).`,
    ``,
    `- Command: \`${s.command}\``,
    `- Date: ${s.date}`,
    `- Machine: ${s.machine}`,
    `- Server: Spark ${s.serverVersion} (Spark Connect, same machine, loopback)`,
    `- Calls: ${s.calls.toLocaleString("en-US")} per batch; the client-only parts (columns, ` +
    `plan building) take the median of ${reps} batches per run, the round-trip parts one batch`,
    `- Load average (1 min) before the runs: ${Math.min(...loads)} to ${Math.max(...loads)}`,
    `- Both clients agreed: columns ${JSON.stringify(check.columns)}, count ${check.count}, ` +
    `the chain's ${check.chainCount} rows of ${JSON.stringify(check.chainColumns)}, cached ` +
    `${check.cached}`,
    ``,
    `Medians of ${s.deno.runs.length} runs each (µs per call; ratio = Lakebook calls/s / ` +
    `PySpark calls/s, above 1 is Lakebook faster):`,
    ``,
    `| part | Lakebook µs/call | Lakebook calls/s | PySpark µs/call | PySpark calls/s | ` +
    `Lakebook / PySpark | Lakebook CPU µs/call | PySpark CPU µs/call |`,
    `| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`,
    ...rows,
    ``,
    `Ratios Lakebook / PySpark (median calls/s):`,
    ``,
    ...verdicts,
    ``,
    `Single round trips (µs, median over runs of each run's p50 and p99):`,
    ``,
    `| part | Lakebook p50 | Lakebook p99 | PySpark p50 | PySpark p99 |`,
    `| --- | ---: | ---: | ---: | ---: |`,
    ...tails,
    ``,
    `CPU is user + system time of the whole client process (all threads) over the batch. ` +
    `PySpark copies a DataFrame's cached schema to the results of schema-preserving ` +
    `transformations (filter, limit, sort, ...), so its \`df.filter(...).columns\` makes no ` +
    `round trip` +
    (derived.d > 5 * derived.p
      ? `; Lakebook asks the server for every new DataFrame's schema.`
      : `, and neither does Lakebook's.`),
    ``,
    `Raw runs, in the order they ran (µs per call):`,
    ``,
    `| client | run | ${PARTS.join(" | ")} | load avg before |`,
    `| --- | ---: | ${PARTS.map(() => "---:").join(" | ")} | ---: |`,
    ...rawRows,
  ].join("\n");
}

/** Runs `n` calls of `fn` one after another, each awaited. */
async function repeat(n: number, fn: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i++) await fn();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/**
 * Times a part: `reps` batches of `calls` calls (one `batch()` each); the medians of the
 * batches' wall and CPU times, and of single calls where `each` collects their milliseconds.
 */
async function timed(
  calls: number,
  reps: number,
  batch: () => Promise<void> | void,
  each?: number[],
): Promise<PartResult> {
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  for (let r = 0; r < reps; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await batch();
    seconds.push((performance.now() - t0) / 1000);
    const cpu = process.cpuUsage(cpu0);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  }
  const result: PartResult = {
    calls,
    reps,
    seconds: median(seconds),
    cpuSeconds: median(cpuSeconds),
  };
  if (each?.length) {
    const sorted = [...each].sort((a, b) => a - b);
    result.p50Us = percentile(sorted, 0.5) * 1000;
    result.p99Us = percentile(sorted, 0.99) * 1000;
  }
  return result;
}

async function main() {
  const args = Deno.args;
  const url = flag(args, "url") ?? Deno.env.get("SPARK_REMOTE") ?? "sc://127.0.0.1:15002";
  const calls = Number(flag(args, "calls") ?? 1000);
  const warmup = Number(flag(args, "warmup") ?? 100);
  const reps = Number(flag(args, "reps") ?? 5);

  const spark = await SparkSession.connect(url);
  try {
    const df = spark.range(1000).withColumn("x", col("id").multiply(2));
    await df.cache();
    const cached = (await df.storageLevel).useMemory;
    const derived = () => df.filter(col("id").geq(0));
    const encoded = () => toBinary(PlanSchema, rootPlan(chain(df).sentRelation()));

    // Warm-up: materializes the cache, fetches df's schema, and runs every code path.
    let sink = 0;
    await repeat(warmup, async () => sink += (await df.columns).length);
    await repeat(warmup, async () => sink += (await derived().columns).length);
    await repeat(warmup, async () => sink += await df.count());
    for (let i = 0; i < warmup; i++) sink += chain(df).planId > 0n ? 1 : 0;
    for (let i = 0; i < warmup; i++) sink += encoded().length;

    const parts = {} as Record<Part, PartResult>;
    parts.columns = await timed(calls, reps, async () => {
      for (let i = 0; i < calls; i++) sink += (await df.columns).length;
    });
    const derivedEach: number[] = [];
    parts.derivedColumns = await timed(calls, 1, async () => {
      for (let i = 0; i < calls; i++) {
        const t = performance.now();
        sink += (await derived().columns).length;
        derivedEach.push(performance.now() - t);
      }
    }, derivedEach);
    const countEach: number[] = [];
    parts.count = await timed(calls, 1, async () => {
      for (let i = 0; i < calls; i++) {
        const t = performance.now();
        sink += await df.count();
        countEach.push(performance.now() - t);
      }
    }, countEach);
    parts.plan = await timed(calls, reps, () => {
      for (let i = 0; i < calls; i++) sink += chain(df).planId > 0n ? 1 : 0;
    });
    parts.planEncode = await timed(calls, reps, () => {
      for (let i = 0; i < calls; i++) sink += encoded().length;
    });

    const chained = chain(df);
    const result: DataframeResult = {
      client: `lakebook-deno ${Deno.version.deno}`,
      parts,
      check: {
        columns: await df.columns,
        derivedColumns: await derived().columns,
        count: await df.count(),
        chainCount: await chained.count(),
        chainColumns: await chained.columns,
        cached,
      },
    };
    if (sink === 0) console.error("sink", sink); // keeps the loops' results alive
    console.log(JSON.stringify(result));
  } finally {
    await spark.stop();
  }
}

if (import.meta.main) await main();
