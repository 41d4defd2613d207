/**
 * A Spark standalone cluster on this machine: a master, N workers and the Spark Connect server
 * running against that master, all bound to 127.0.0.1, each with its log in the state folder
 * (`master.log`, `worker-<i>.log`, `server.log`). Its record is `<stateDir>/cluster.json`; the
 * Connect server keeps its own `server.json`, so `localServerStatus` finds it as usual.
 *
 * @module
 */
import { delimiter, join, resolve } from "node:path";
import { SparkServerError } from "./errors.ts";
import { installSpark, type SparkRuntime } from "./install.ts";
import { findJava, sparkJvmOptions } from "./java.ts";
import { type CommandLine, spawnDetached } from "./launch.ts";
import { type LocalServer, localServerStatus, startLocalServer, stopLocalServer } from "./local.ts";
import { findFreePort, LOOPBACK } from "./net.ts";
import { defaultServerStateDir } from "./paths.ts";
import {
  isProcessAlive,
  processCommandLine,
  signalProcess,
  sleep,
  waitForExit,
} from "./process.ts";
import { readFrom } from "./server_log.ts";

export type { LocalServer } from "./state.ts";

/**
 * One process of the cluster.
 *
 * @example
 * const p: ClusterProcess = { role: "worker", pid: 4242, port: 0, webUiPort: 18081, logFile: "/tmp/c/worker-1.log" };
 */
export interface ClusterProcess {
  /** What it is. */
  role: "master" | "worker";
  /** Its JVM. */
  pid: number;
  /** RPC port (the master's `spark://` port; 0 for workers, which pick one). */
  port: number;
  /** Web UI port; `http://127.0.0.1:<webUiPort>/json/` is its status API. */
  webUiPort: number;
  /** Its stdout and stderr. */
  logFile: string;
}

/**
 * A running standalone cluster with its Connect server.
 *
 * @example
 * const cluster: SparkCluster = await startCluster({ workers: 2 });
 * console.log(cluster.masterUrl, cluster.server.url);
 */
export interface SparkCluster {
  /** `spark://127.0.0.1:PORT`. */
  masterUrl: string;
  /** The master. */
  master: ClusterProcess;
  /** The workers. */
  workers: ClusterProcess[];
  /** The Connect server (the driver), with its Spark UI on `driverUiPort`. */
  server: LocalServer;
  /** Port of the driver's Spark UI and REST API (`/api/v1/applications`). */
  driverUiPort: number;
  /** The state folder. */
  stateDir: string;
}

/**
 * Options of {@linkcode startCluster}.
 *
 * @example
 * const opts: ClusterOptions = { workers: 2, workerCores: 1, workerMemory: "1g" };
 */
export interface ClusterOptions {
  /** Number of workers (default 2). */
  workers?: number;
  /** Cores each worker offers (default 1). */
  workerCores?: number;
  /** Memory each worker offers to executors (default "1g"). */
  workerMemory?: string;
  /** Memory of each executor (default "768m"; at most `workerMemory`). */
  executorMemory?: string;
  /** Preferred master port (default 7077; the next free one when taken). */
  masterPort?: number;
  /** Preferred Connect port (default 15002). */
  port?: number;
  /** State folder (default `<lakebookHome>/server`). */
  stateDir?: string;
  /** Heap of the Connect server (the driver), default "2g". */
  memory?: string;
  /** Extra Spark conf of the Connect server. */
  conf?: Record<string, string>;
  /** How long the whole start may take (default 240 s). */
  timeoutMs?: number;
  /** Aborts the start (what was started is stopped). */
  signal?: AbortSignal;
  /** Progress lines for a person. */
  log?: (line: string) => void;
}

/**
 * The port of a standalone master by default.
 *
 * @example
 * const url = `spark://127.0.0.1:${DEFAULT_MASTER_PORT}`;
 */
export const DEFAULT_MASTER_PORT = 7077;

/**
 * Starts a master, `workers` workers and the Connect server on that master; if the folder's
 * cluster is already running, returns it. On any failure everything started is stopped.
 *
 * @example
 * const cluster = await startCluster({ stateDir: "/tmp/lakebook-cluster", workers: 2 });
 * // ... connect(cluster.server.url) ...
 * await stopCluster({ stateDir: "/tmp/lakebook-cluster" });
 */
export async function startCluster(opts: ClusterOptions = {}): Promise<SparkCluster> {
  const stateDir = resolve(opts.stateDir ?? defaultServerStateDir());
  const log = opts.log ?? (() => {});
  const deadline = Date.now() + (opts.timeoutMs ?? 240_000);
  const count = opts.workers ?? 2;
  if (!Number.isInteger(count) || count < 1) {
    throw new SparkServerError(`a cluster needs at least one worker, got ${count}`);
  }
  const running = await clusterStatus({ stateDir });
  if (running) return running;
  const alone = await localServerStatus({ stateDir });
  if (alone) {
    throw new SparkServerError(
      `a Spark Connect server without a cluster already runs for ${stateDir} (${alone.url}); ` +
        `stop it first (lakebook spark stop), or use another --state-dir`,
    );
  }
  await Deno.mkdir(stateDir, { recursive: true });
  const java = await findJava();
  const runtime = await installSpark({ log, signal: opts.signal });
  const sparkHome = await fakeSparkHome(stateDir, runtime);
  const env = { SPARK_LOCAL_IP: LOOPBACK, SPARK_HOME: sparkHome, SPARK_SCALA_VERSION: "2.13" };
  const daemon = (main: string, args: string[]): CommandLine => ({
    program: java.path,
    args: [
      "-Xmx256m",
      ...sparkJvmOptions(java.major),
      `-Dlakebook.stateDir=${stateDir}`,
      `-Djava.io.tmpdir=${join(stateDir, "tmp")}`,
      "-cp",
      runtime.classpath.join(delimiter),
      main,
      ...args,
    ],
  });
  await Deno.mkdir(join(stateDir, "tmp"), { recursive: true });
  const started: ClusterProcess[] = [];
  try {
    const port = findFreePort(opts.masterPort ?? DEFAULT_MASTER_PORT);
    const webUiPort = findFreePort(port === 7077 ? 8080 : port + 1000);
    const masterLog = join(stateDir, "master.log");
    await Deno.writeTextFile(masterLog, "");
    log(`starting the Spark master on ${LOOPBACK}:${port} (UI ${webUiPort})`);
    const master = spawnDetached(
      daemon("org.apache.spark.deploy.master.Master", [
        "--host",
        LOOPBACK,
        "--port",
        String(port),
        "--webui-port",
        String(webUiPort),
      ]),
      { logFile: masterLog, cwd: stateDir, env },
    );
    started.push({ role: "master", pid: master.pid, port, webUiPort, logFile: masterLog });
    await waitForLog(started[0], "ALIVE", deadline, opts.signal);
    const masterUrl = `spark://${LOOPBACK}:${port}`;
    for (let i = 1; i <= count; i++) {
      const workDir = join(stateDir, `worker-${i}`);
      await Deno.mkdir(workDir, { recursive: true });
      const logFile = join(stateDir, `worker-${i}.log`);
      await Deno.writeTextFile(logFile, "");
      const ui = findFreePort(webUiPort + i, { tries: 200 });
      const args = ["--host", LOOPBACK, "--webui-port", String(ui), "--work-dir", workDir];
      args.push("--cores", String(opts.workerCores ?? 1));
      args.push("--memory", opts.workerMemory ?? "1g", masterUrl);
      const worker = spawnDetached(daemon("org.apache.spark.deploy.worker.Worker", args), {
        logFile,
        cwd: workDir,
        env,
      });
      started.push({ role: "worker", pid: worker.pid, port: 0, webUiPort: ui, logFile });
      log(`starting worker ${i} (UI ${ui})`);
    }
    for (const w of started.slice(1)) {
      await waitForLog(w, "Successfully registered with master", deadline, opts.signal);
    }
    await writeRecord(stateDir, { masterUrl, processes: started, driverUiPort: 0 });
    const driverUiPort = findFreePort(4040, { tries: 400 });
    const server = await startLocalServer({
      stateDir,
      port: opts.port,
      memory: opts.memory ?? "2g",
      master: masterUrl,
      conf: {
        "spark.ui.enabled": "true",
        "spark.ui.port": String(driverUiPort),
        "spark.executor.memory": opts.executorMemory ?? "768m",
        "spark.executor.cores": String(opts.workerCores ?? 1),
        ...(runtime.classpath.length > 1
          ? { "spark.executor.extraClassPath": runtime.classpath.slice(1).join(":") }
          : {}),
        ...opts.conf,
      },
      timeoutMs: Math.max(deadline - Date.now(), 1_000),
      signal: opts.signal,
      log,
    });
    await writeRecord(stateDir, { masterUrl, processes: started, driverUiPort });
    return {
      masterUrl,
      master: started[0],
      workers: started.slice(1),
      server,
      driverUiPort,
      stateDir,
    };
  } catch (err) {
    for (const p of started.reverse()) await terminate(p.pid);
    await Deno.remove(recordFile(stateDir)).catch(() => {});
    throw err;
  }
}

/**
 * The running cluster of a state folder, or `undefined` when none (or not all of it) runs.
 *
 * @example
 * const cluster = await clusterStatus();
 * console.log(cluster ? `${cluster.workers.length} workers` : "no cluster");
 */
export async function clusterStatus(
  opts: { stateDir?: string } = {},
): Promise<SparkCluster | undefined> {
  const stateDir = resolve(opts.stateDir ?? defaultServerStateDir());
  const rec = await readRecord(stateDir);
  if (!rec) return undefined;
  for (const p of rec.processes) if (!(await isClusterProcess(p, stateDir))) return undefined;
  const server = await localServerStatus({ stateDir });
  if (!server) return undefined;
  return {
    masterUrl: rec.masterUrl,
    master: rec.processes[0],
    workers: rec.processes.slice(1),
    server,
    driverUiPort: rec.driverUiPort,
    stateDir,
  };
}

/**
 * Stops the Connect server, then the workers, then the master of a state folder (whatever of
 * them still runs). Returns the stopped Connect server, if one ran, and how many cluster daemons
 * were stopped (`undefined` when the folder has no cluster record).
 *
 * @example
 * const { server, daemons } = await stopCluster({ stateDir: "/tmp/lakebook-cluster" });
 */
export async function stopCluster(
  opts: { stateDir?: string } = {},
): Promise<{ server?: LocalServer; daemons?: number }> {
  const stateDir = resolve(opts.stateDir ?? defaultServerStateDir());
  const rec = await readRecord(stateDir);
  const server = await stopLocalServer({ stateDir });
  if (!rec) return { server };
  let daemons = 0;
  for (const p of [...rec.processes].reverse()) {
    if (await isClusterProcess(p, stateDir)) {
      await terminate(p.pid);
      daemons++;
    }
  }
  await Deno.remove(recordFile(stateDir)).catch(() => {});
  return { server, daemons };
}

interface ClusterRecord {
  masterUrl: string;
  processes: ClusterProcess[];
  driverUiPort: number;
}

function recordFile(stateDir: string): string {
  return join(stateDir, "cluster.json");
}

async function readRecord(stateDir: string): Promise<ClusterRecord | undefined> {
  try {
    const rec = JSON.parse(await Deno.readTextFile(recordFile(stateDir)));
    return Array.isArray(rec?.processes) && rec.processes.length > 0 ? rec : undefined;
  } catch {
    return undefined;
  }
}

async function writeRecord(stateDir: string, rec: ClusterRecord): Promise<void> {
  const tmp = `${recordFile(stateDir)}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(rec, null, 2) + "\n");
  await Deno.rename(tmp, recordFile(stateDir));
}

/** Alive, and really that role's JVM for this folder (not a reused pid). */
async function isClusterProcess(p: ClusterProcess, stateDir: string): Promise<boolean> {
  if (!isProcessAlive(p.pid)) return false;
  const cmd = await processCommandLine(p.pid);
  if (cmd === undefined) return true;
  const main = p.role === "master" ? "deploy.master.Master" : "deploy.worker.Worker";
  return cmd.includes(main) && cmd.includes(`-Dlakebook.stateDir=${stateDir}`);
}

/**
 * Workers launch executors through Spark's launcher, which wants a Spark home with `jars/` and a
 * `RELEASE` file: a small one in the state folder points at the runtime's jars.
 */
async function fakeSparkHome(stateDir: string, runtime: SparkRuntime): Promise<string> {
  if (runtime.source === "spark_home" && Deno.env.get("SPARK_HOME")) {
    return Deno.env.get("SPARK_HOME")!;
  }
  const home = join(stateDir, "spark-home");
  await Deno.mkdir(home, { recursive: true });
  await Deno.writeTextFile(join(home, "RELEASE"), `Spark ${runtime.sparkVersion} (lakebook)\n`);
  await Deno.remove(join(home, "jars")).catch(() => {});
  await Deno.symlink(runtime.jarsDir, join(home, "jars"));
  return home;
}

async function waitForLog(
  p: ClusterProcess,
  marker: string,
  deadline: number,
  signal?: AbortSignal,
): Promise<void> {
  for (;;) {
    const { text } = await readFrom(p.logFile, 0);
    if (text.includes(marker)) return;
    if (!isProcessAlive(p.pid)) {
      throw new SparkServerError(`the Spark ${p.role} stopped while starting; see ${p.logFile}`, {
        logFile: p.logFile,
      });
    }
    if (Date.now() > deadline) {
      throw new SparkServerError(`the Spark ${p.role} did not start in time; see ${p.logFile}`, {
        logFile: p.logFile,
      });
    }
    await sleep(250, signal);
  }
}

async function terminate(pid: number): Promise<void> {
  if (!signalProcess(pid, "SIGTERM")) return;
  if (await waitForExit(pid, 15_000)) return;
  signalProcess(pid, "SIGKILL");
  await waitForExit(pid, 5_000);
}
