/**
 * The lifecycle of a local Spark Connect server (with Delta Lake) that outlives the process
 * that starts it: start or reuse, status, stop. One server per state folder; its record is
 * `<stateDir>/server.json`, its output `<stateDir>/server.log`.
 *
 * @module
 */
import { join, resolve } from "node:path";
import { SparkServerError } from "./errors.ts";
import { installSpark } from "./install.ts";
import { findJava } from "./java.ts";
import { RESERVED_CONF, serverCommandLine, spawnDetached } from "./launch.ts";
import { acquireStartLock } from "./lock.ts";
import { findFreePort, LOOPBACK, tcpAccepts } from "./net.ts";
import { defaultServerStateDir } from "./paths.ts";
import {
  isProcessAlive,
  processCommandLine,
  signalProcess,
  sleep,
  waitForExit,
} from "./process.ts";
import { diagnoseStartupFailure, readFrom, READY_MARKER, rotateLog } from "./server_log.ts";
import { type LocalServer, readServerState, removeServerState, writeServerState } from "./state.ts";

export type { LocalServer } from "./state.ts";

/**
 * The port a Spark Connect server listens on by default.
 *
 * @example
 * const url = `sc://127.0.0.1:${DEFAULT_PORT}`;
 */
export const DEFAULT_PORT = 15002;

/**
 * Options of {@linkcode startLocalServer} and {@linkcode ensureLocalServer}.
 *
 * @example
 * const opts: LocalServerOptions = { port: 15002, memory: "2g", conf: { "spark.sql.shuffle.partitions": "8" } };
 */
export interface LocalServerOptions {
  /** Preferred port (default 15002); when it is taken, the next free one is used. */
  port?: number;
  /** State folder (default `<lakebookHome>/server`). */
  stateDir?: string;
  /** JVM heap (`-Xmx`), default `$LAKEBOOK_SPARK_MEMORY` or "4g". */
  memory?: string;
  /** Extra `--conf` entries (not the binding address, port or token). */
  conf?: Record<string, string>;
  /**
   * Makes clients authenticate with this token; handed to the server in the environment
   * (`SPARK_CONNECT_AUTHENTICATE_TOKEN`), never on its command line, in logs or state files.
   * Applies to a newly started server only, not to one that is reused.
   */
  token?: string;
  /** `spark.master`, default `local[*]`. */
  master?: string;
  /** How long a start may take, lock wait included (default 180 s). */
  timeoutMs?: number;
  /** Aborting stops a start in progress and the JVM it launched. */
  signal?: AbortSignal;
  /** Progress lines for a person. */
  log?: (line: string) => void;
}

/**
 * Starts a Spark Connect server with Delta on 127.0.0.1, installing the runtime first if
 * needed, and waits until it accepts connections; if the state folder's server is already
 * running it is reused as it is (`reused: true`: port, memory, conf and token of that start
 * stay). Concurrent starts for one folder launch one server.
 *
 * @example
 * const server = await startLocalServer({ stateDir: "/tmp/lakebook-demo", memory: "2g" });
 * console.log(server.url, server.reused); // "sc://127.0.0.1:15002" false
 */
export async function startLocalServer(
  opts: LocalServerOptions = {},
): Promise<LocalServer & { reused: boolean }> {
  const stateDir = resolve(opts.stateDir ?? defaultServerStateDir());
  const log = opts.log ?? (() => {});
  const timeoutMs = opts.timeoutMs ?? 180_000;
  const deadline = Date.now() + timeoutMs;
  const memory = checkMemory(opts.memory ?? (Deno.env.get("LAKEBOOK_SPARK_MEMORY") || "4g"));
  checkConf(opts.conf ?? {});
  await Deno.mkdir(stateDir, { recursive: true });

  await using _lock = await acquireStartLock(stateDir, {
    timeoutMs,
    signal: opts.signal,
    onWait: (pid) => log(`waiting for process ${pid}, which is starting the server`),
  });
  const found = await inspectServer(stateDir);
  if (found.state === "running") return { ...found.server, reused: true };
  if (found.state === "starting") {
    log(`server ${found.server.pid} is still starting; waiting for port ${found.server.port}`);
    await waitForPort(found.server, deadline, opts.signal);
    return { ...found.server, reused: true };
  }

  const java = await findJava();
  const runtime = await installSpark({ log, signal: opts.signal });
  // With the S3 jars, `s3://` and `s3a://` reach the S3 of the environment (endpoint, region), as
  // Lakebook's storage does; `conf` entries win. Loaded only then: it pulls in the AWS SDK.
  const conf = runtime.s3
    ? { ...(await import("../storage/spark.ts")).s3aConf(), ...opts.conf }
    : opts.conf;
  for (let attempt = 1;; attempt++) {
    const port = findFreePort(opts.port ?? DEFAULT_PORT);
    try {
      const server = await launch({
        stateDir,
        port,
        command: serverCommandLine({
          java,
          runtime,
          port,
          stateDir,
          memory,
          master: opts.master ?? "local[*]",
          conf,
        }),
        sparkVersion: runtime.sparkVersion,
        token: opts.token,
        deadline,
        signal: opts.signal,
        log,
      });
      return { ...server, reused: false };
    } catch (err) {
      // Another program may grab the port between our probe and Spark's bind.
      if (!(err instanceof PortTakenError) || attempt >= 3) throw err;
      log(`port ${port} was taken while the server started; trying the next free port`);
    }
  }
}

/**
 * The running server of a state folder, or `undefined`; running means its process is alive
 * and its port accepts TCP. A record whose process is gone is removed.
 *
 * @example
 * const server = await localServerStatus();
 * console.log(server ? `running at ${server.url}` : "not running");
 */
export async function localServerStatus(
  opts: { stateDir?: string } = {},
): Promise<LocalServer | undefined> {
  const found = await inspectServer(resolve(opts.stateDir ?? defaultServerStateDir()));
  return found.state === "running" ? found.server : undefined;
}

/**
 * Stops the server of a state folder: SIGTERM to its pid, SIGKILL if it is still alive after
 * `timeoutMs` (default 20 s); removes its record. Returns the stopped server, or `undefined`
 * when none was running.
 *
 * @example
 * const stopped = await stopLocalServer({ stateDir: "/tmp/lakebook-demo" });
 */
export async function stopLocalServer(
  opts: { stateDir?: string; timeoutMs?: number } = {},
): Promise<LocalServer | undefined> {
  const stateDir = resolve(opts.stateDir ?? defaultServerStateDir());
  const found = await inspectServer(stateDir);
  if (found.state === "none") return undefined;
  await terminate(found.server.pid, opts.timeoutMs ?? 20_000);
  await removeServerState(stateDir, found.server.pid);
  return found.server;
}

/**
 * Returns a running local server, starting one (and installing the runtime) if needed.
 *
 * @example
 * const { url } = await ensureLocalServer();
 */
export async function ensureLocalServer(opts: LocalServerOptions = {}): Promise<LocalServer> {
  const { reused: _reused, ...server } = await startLocalServer(opts);
  return server;
}

type Inspection =
  | { state: "none" }
  | { state: "running" | "starting"; server: LocalServer };

/** Reads the record and checks it against the live process and port; stale records go. */
async function inspectServer(stateDir: string): Promise<Inspection> {
  const server = await readServerState(stateDir);
  if (!server) return { state: "none" };
  if (!(await isServerProcess(server.pid, stateDir))) {
    await removeServerState(stateDir, server.pid);
    return { state: "none" };
  }
  return { state: await tcpAccepts(server.port) ? "running" : "starting", server };
}

/** Whether `pid` is alive and is the Spark Connect server of `stateDir` (not a reused pid). */
async function isServerProcess(pid: number, stateDir: string): Promise<boolean> {
  if (!isProcessAlive(pid)) return false;
  const cmd = await processCommandLine(pid);
  if (cmd === undefined) return isProcessAlive(pid);
  return cmd.includes("SparkConnectServer") && cmd.includes(join(stateDir, "warehouse"));
}

class PortTakenError extends SparkServerError {}

interface LaunchOptions {
  stateDir: string;
  port: number;
  command: ReturnType<typeof serverCommandLine>;
  sparkVersion: string;
  token?: string;
  deadline: number;
  signal?: AbortSignal;
  log: (line: string) => void;
}

/** Spawns the server, records it, and waits for readiness; on failure it leaves nothing behind. */
async function launch(opts: LaunchOptions): Promise<LocalServer> {
  const logFile = join(opts.stateDir, "server.log");
  await rotateLog(logFile);
  await Deno.mkdir(join(opts.stateDir, "tmp"), { recursive: true });
  const startedAt = new Date().toISOString();
  const header = `# lakebook ${startedAt}: starting Spark Connect on ${LOOPBACK}:${opts.port}\n` +
    `# ${[opts.command.program, ...opts.command.args].join(" ")}\n`;
  await Deno.writeTextFile(logFile, header);
  const env: Record<string, string> = { SPARK_LOCAL_IP: LOOPBACK };
  if (opts.token) env.SPARK_CONNECT_AUTHENTICATE_TOKEN = opts.token;
  opts.log(`starting Spark ${opts.sparkVersion} Connect server on ${LOOPBACK}:${opts.port}`);
  const child = spawnDetached(opts.command, { logFile, cwd: opts.stateDir, env });
  const server: LocalServer = {
    url: `sc://${LOOPBACK}:${opts.port}`,
    host: LOOPBACK,
    port: opts.port,
    pid: child.pid,
    logFile,
    stateDir: opts.stateDir,
    startedAt,
    sparkVersion: opts.sparkVersion,
  };
  let exitCode: number | undefined;
  child.status.then((s) => exitCode = s.code, () => exitCode = -1);
  try {
    await writeServerState(server);
    await waitUntilReady(server, () => exitCode, header.length, opts);
    return server;
  } catch (err) {
    await terminate(child.pid, 5_000);
    await removeServerState(opts.stateDir, child.pid);
    throw err;
  }
}

async function waitUntilReady(
  server: LocalServer,
  exitCode: () => number | undefined,
  logOffset: number,
  opts: LaunchOptions,
): Promise<void> {
  let offset = logOffset;
  let seen = "";
  for (;;) {
    const chunk = await readFrom(server.logFile, offset);
    offset = chunk.offset;
    seen += chunk.text;
    const code = exitCode();
    if (code !== undefined) {
      const cause = diagnoseStartupFailure(seen, server.port);
      const why = cause ? `: ${cause.message}` : ` (exit code ${code})`;
      const message =
        `the Spark Connect server stopped while starting${why}; see ${server.logFile}`;
      throw cause?.kind === "port_taken"
        ? new PortTakenError(message, { logFile: server.logFile })
        : new SparkServerError(message, { logFile: server.logFile });
    }
    if (seen.includes(READY_MARKER) && await tcpAccepts(server.port)) return;
    if (Date.now() >= opts.deadline) {
      throw new SparkServerError(
        `the Spark Connect server did not start in time; see ${server.logFile}`,
        { logFile: server.logFile },
      );
    }
    await sleep(250, opts.signal);
  }
}

async function waitForPort(server: LocalServer, deadline: number, signal?: AbortSignal) {
  while (!(await tcpAccepts(server.port))) {
    if (!isProcessAlive(server.pid)) {
      await removeServerState(server.stateDir, server.pid);
      throw new SparkServerError(`the server stopped while starting; see ${server.logFile}`);
    }
    if (Date.now() >= deadline) {
      throw new SparkServerError(
        `server ${server.pid} runs but does not accept connections on port ${server.port}; ` +
          `see ${server.logFile}, or run: lakebook spark stop`,
      );
    }
    await sleep(250, signal);
  }
}

/** SIGTERM, then SIGKILL after `timeoutMs`. */
async function terminate(pid: number, timeoutMs: number): Promise<void> {
  if (!signalProcess(pid, "SIGTERM")) return;
  if (await waitForExit(pid, timeoutMs)) return;
  signalProcess(pid, "SIGKILL");
  await waitForExit(pid, 5_000);
}

function checkMemory(memory: string): string {
  if (!/^\d+[kKmMgGtT]?$/.test(memory)) {
    throw new SparkServerError(`invalid memory size "${memory}": use a JVM size like 4g or 2048m`);
  }
  return memory;
}

function checkConf(conf: Record<string, string>): void {
  for (const key of Object.keys(conf)) {
    if ((RESERVED_CONF as readonly string[]).includes(key)) {
      throw new SparkServerError(
        `${key} cannot be set: the server binds to ${LOOPBACK} on the port Lakebook picks, ` +
          `and a token is passed as the token option`,
      );
    }
  }
}
