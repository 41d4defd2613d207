/**
 * Builds the command line of a local Spark Connect server and spawns it detached.
 *
 * @module
 */
import { delimiter, join } from "node:path";
import type { SparkRuntime } from "./install.ts";
import { sparkJvmOptions } from "./java.ts";
import { LOOPBACK } from "./net.ts";

/**
 * Everything that shapes the server's command line.
 *
 * @example
 * const opts: ServerCommandOptions = {
 *   java: { path: "/usr/bin/java", major: 17 }, runtime, port: 15002,
 *   stateDir: "/tmp/lakebook-server", memory: "4g", master: "local[*]",
 * };
 */
export interface ServerCommandOptions {
  /** Path of `java` and its major version. */
  java: { path: string; major: number };
  /** The jars to run. */
  runtime: SparkRuntime;
  /** The gRPC port to bind on 127.0.0.1. */
  port: number;
  /** Absolute state folder: warehouse, scratch space and Derby live under it. */
  stateDir: string;
  /** `-Xmx` value, e.g. "4g". */
  memory: string;
  /** `spark.master`, e.g. "local[*]". */
  master: string;
  /** Extra `--conf` entries; they come last, so they win over Lakebook's defaults. */
  conf?: Record<string, string>;
}

/**
 * A program and its arguments.
 *
 * @example
 * const cmd: CommandLine = { program: "java", args: ["-version"] };
 */
export interface CommandLine {
  /** The executable. */
  program: string;
  /** Its arguments, unquoted. */
  args: string[];
}

/**
 * Conf keys the caller may not set: the server binds to loopback, on the port Lakebook picks.
 *
 * @example
 * RESERVED_CONF.includes("spark.connect.grpc.binding.port"); // true
 */
export const RESERVED_CONF = [
  "spark.connect.grpc.binding.address",
  "spark.connect.grpc.binding.port",
  "spark.connect.authenticate.token",
] as const;

/** Tasks rebuilding a Delta table's state: one per core of this machine, at most Delta's 50. */
const SNAPSHOT_PARTITIONS = Math.min(50, navigator.hardwareConcurrency);

/**
 * The `java ... SparkSubmit --class SparkConnectServer ... spark-internal` command line.
 *
 * @example
 * const { program, args } = serverCommandLine({
 *   java: { path: "/usr/bin/java", major: 17 }, runtime, port: 15002,
 *   stateDir: "/tmp/lakebook-server", memory: "4g", master: "local[*]",
 * });
 */
export function serverCommandLine(opts: ServerCommandOptions): CommandLine {
  const scratch = join(opts.stateDir, "tmp");
  const conf: Record<string, string> = {
    "spark.master": opts.master,
    "spark.connect.grpc.binding.address": LOOPBACK,
    "spark.connect.grpc.binding.port": String(opts.port),
    "spark.driver.host": LOOPBACK,
    "spark.driver.bindAddress": LOOPBACK,
    "spark.ui.enabled": "false",
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.warehouse.dir": join(opts.stateDir, "warehouse"),
    // Delta rebuilds a table's state from its log in this many tasks (default 50, sized for
    // clusters). On one machine, one per core: the first read of a freshly written table took
    // 0.8 s instead of 3.6 s, later ones 0.15 s instead of 0.7 s (bench/RESULTS.md, pipeline).
    "spark.databricks.delta.snapshotPartitions": String(SNAPSHOT_PARTITIONS),
    ...opts.conf,
  };
  return {
    program: opts.java.path,
    args: [
      `-Xmx${opts.memory}`,
      ...sparkJvmOptions(opts.java.major),
      // Spark's scratch space (spark.local.dir) defaults to java.io.tmpdir.
      `-Djava.io.tmpdir=${scratch}`,
      `-Dderby.system.home=${join(opts.stateDir, "derby")}`,
      "-cp",
      opts.runtime.classpath.join(delimiter),
      "org.apache.spark.deploy.SparkSubmit",
      "--class",
      "org.apache.spark.sql.connect.service.SparkConnectServer",
      ...Object.entries(conf).flatMap(([k, v]) => ["--conf", `${k}=${v}`]),
      "spark-internal",
    ],
  };
}

/**
 * Starts `command` in its own session and process group, stdin closed and stdout/stderr
 * appended to `logFile`, so it outlives this process; the handle is unref'd.
 *
 * @example
 * const child = spawnDetached({ program: "sleep", args: ["60"] }, { logFile: "/tmp/sleep.log" });
 * console.log(child.pid);
 */
export function spawnDetached(
  command: CommandLine,
  opts: { logFile: string; cwd?: string; env?: Record<string, string> },
): Deno.ChildProcess {
  // The shell only redirects, then execs: the pid we get is the program's own.
  const child = new Deno.Command("/bin/sh", {
    args: [
      "-c",
      'log=$1; shift; exec "$@" >>"$log" 2>&1',
      "lakebook-spawn",
      opts.logFile,
      command.program,
      ...command.args,
    ],
    cwd: opts.cwd,
    env: serverEnv(opts.env),
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "null",
    detached: true,
  }).spawn();
  child.unref();
  return child;
}

/**
 * The environment a server starts with: ours, less the client-side Spark Connect variables
 * (SparkSubmit refuses to start a server when `SPARK_REMOTE` is set), plus `extra`.
 */
function serverEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = Deno.env.toObject();
  for (const name of ["SPARK_REMOTE", "SPARK_CONNECT_MODE_ENABLED", "SPARK_CONNECT_MODE"]) {
    delete env[name];
  }
  return { ...env, ...extra };
}
