/**
 * One run of the collect benchmark, Deno side: connect, warm up with a small query, then time
 * `spark.sql(query)` + `toArrow()` of a 5M-row, 6-column result. Prints one JSON line:
 * `{client, rows, bytes, seconds, peakRssBytes, ...}`.
 *
 *   deno run -A bench/collect.ts [--url sc://127.0.0.1:15002] [--rows 5000000] [--query SQL]
 *
 * `bytes` is the sum of the Arrow buffers the Table holds (validity, offsets, values), as
 * pyarrow's `Table.nbytes` counts them. `peakRssBytes` is `VmHWM` from /proc/self/status at the
 * end (the kernel's high-water mark, so it cannot miss a short peak); `sampledPeakRssBytes` is
 * the highest `Deno.memoryUsage().rss` seen by a ~20 ms sampler during the timed part.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import process from "node:process";
import { SparkSession } from "../src/connect/session.ts";

/** The benchmark query: bigint, int, double, double, string, timestamp. */
export function collectQuery(rows: number): string {
  return [
    "SELECT id,",
    "CAST(id % 1000 AS INT) AS i,",
    "id * 1.5D AS d,",
    "rand(42) AS r,",
    "CONCAT('review-', CAST(id AS STRING)) AS s,",
    "TIMESTAMP '2024-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id % 100000) AS ts",
    `FROM range(${rows})`,
  ].join(" ");
}

/** What one run prints, Deno side and PySpark side alike. */
export interface CollectResult {
  client: string;
  rows: number;
  bytes: number;
  seconds: number;
  peakRssBytes: number;
  sampledPeakRssBytes?: number;
  baselineRssBytes?: number;
  batches?: number;
  /** User + system CPU seconds of the client process during the timed part. */
  cpuSeconds?: number;
}

/** A flag's value from argv (`--name value` or `--name=value`). */
export function flag(args: string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

/** A value of /proc/self/status in bytes (`VmHWM`, `VmRSS`), or undefined off Linux. */
export function procStatusBytes(key: string): number | undefined {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const m = status.match(new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, "m"));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** The sum of the byte lengths of every buffer in the Table (children included). */
export function arrowBytes(table: Table): number {
  let n = 0;
  for (const batch of table.batches) n += batch.data.byteLength;
  return n;
}

async function main() {
  const args = Deno.args;
  const url = flag(args, "url") ?? Deno.env.get("SPARK_REMOTE") ?? "sc://127.0.0.1:15002";
  const rows = Number(flag(args, "rows") ?? 5_000_000);
  const query = flag(args, "query") ?? collectQuery(rows);

  const spark = await SparkSession.connect(url);
  try {
    // Warm-up: the channel, the session, the code paths of sql + toArrow.
    await (await spark.sql(collectQuery(1000))).toArrow();

    const baselineRssBytes = Deno.memoryUsage().rss;
    let sampledPeak = baselineRssBytes;
    const sampler = setInterval(() => {
      const rss = Deno.memoryUsage().rss;
      if (rss > sampledPeak) sampledPeak = rss;
    }, 20);

    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const table = await (await spark.sql(query)).toArrow();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);

    clearInterval(sampler);
    sampledPeak = Math.max(sampledPeak, Deno.memoryUsage().rss);
    const result: CollectResult = {
      client: `lakebook-deno ${Deno.version.deno}`,
      rows: table.numRows,
      bytes: arrowBytes(table),
      seconds,
      peakRssBytes: procStatusBytes("VmHWM") ?? sampledPeak,
      sampledPeakRssBytes: sampledPeak,
      baselineRssBytes,
      batches: table.batches.length,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
    console.log(JSON.stringify(result));
  } finally {
    await spark.stop();
  }
}

if (import.meta.main) await main();
