/**
 * `lakebook spark ...`: install the Spark runtime and run the local Spark Connect server.
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "node:util";
import { clusterStatus, type SparkCluster, startCluster, stopCluster } from "../server/cluster.ts";
import { installSpark } from "../server/install.ts";
import { type LocalServer, localServerStatus, startLocalServer } from "../server/local.ts";
import { defaultServerStateDir } from "../server/paths.ts";
import { sleep } from "../server/process.ts";
import { lastLines, readFrom } from "../server/server_log.ts";
import { type CommandGroup, UsageError } from "./command.ts";

const HELP_CMD = "lakebook spark --help";

const HELP = `Usage: lakebook spark <command> [options]

A local Spark Connect server (Spark + Delta Lake) on 127.0.0.1 that keeps running in the
background until stopped.

Commands:
  install [--force] [--s3]
                         put the Spark + Delta jars in the cache (Maven), or check them;
                         --s3 adds hadoop-aws + the AWS SDK (~690 MB) for s3a:// paths
  start [options]        start the server, or reuse the running one; prints its sc:// URL
  stop                   stop the server (and, for --cluster, its master and workers)
  status [--json]        show the running server (exit 0), or exit 3 when none runs
  logs [-n N] [-f]       print the last N lines of the server log (default 50); -f follows;
       [--of NAME]       with a cluster, NAME picks a log: server, master, worker-1, ...

Options:
  --state-dir DIR        the server's state folder (default: $LAKEBOOK_HOME/server)
  --port N               preferred port (default 15002; the next free one when taken)
  --memory SIZE          JVM heap, e.g. 4g (default: $LAKEBOOK_SPARK_MEMORY or 4g)
  --conf KEY=VALUE       extra Spark conf, repeatable
  --master URL           spark.master (default local[*])
  --timeout SECONDS      how long start may take (default 180; 240 with --cluster)
  --cluster              start a standalone cluster instead: a master, workers and the
                         Connect server on that master (logs master.log, worker-N.log)
  --workers N            workers of --cluster (default 2; each 1 core, 1g)

Environment: LAKEBOOK_HOME (cache and state, default ~/.cache/lakebook), SPARK_HOME (use
that Spark 4.x distribution's jars), JAVA_HOME (JDK 17+), LAKEBOOK_SPARK_MEMORY.`;

/**
 * The `spark` command group: `install`, `start`, `stop`, `status`, `logs`.
 *
 * @example
 * const code = await sparkCommands.run(["status", "--state-dir", "/tmp/lakebook-server"]);
 */
export const sparkCommands: CommandGroup = {
  name: "spark",
  summary: "install and run a local Spark Connect server",
  async run(args) {
    const [command, ...rest] = args;
    if (command === undefined || command === "--help" || command === "-h" || command === "help") {
      console.log(HELP);
      return 0;
    }
    if (rest.includes("--help") || rest.includes("-h")) {
      console.log(HELP);
      return 0;
    }
    const handler = COMMANDS[command];
    if (!handler) throw new UsageError(`unknown command "spark ${command}"`, HELP_CMD);
    return await handler(rest);
  },
};

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  install,
  start,
  stop,
  status,
  logs,
};

async function install(args: string[]): Promise<number> {
  const { values } = parse(args, { force: { type: "boolean" }, s3: { type: "boolean" } });
  const runtime = await installSpark({
    force: values.force,
    s3: values.s3 || undefined,
    log: progress,
  });
  console.log(`Spark ${runtime.sparkVersion} + Delta ${runtime.deltaVersion} (${runtime.source})`);
  console.log(`jars: ${runtime.jarsDir}`);
  return 0;
}

async function start(args: string[]): Promise<number> {
  const { values } = parse(args, {
    "state-dir": { type: "string" },
    port: { type: "string" },
    memory: { type: "string" },
    conf: { type: "string", multiple: true },
    master: { type: "string" },
    timeout: { type: "string" },
    cluster: { type: "boolean" },
    workers: { type: "string" },
  });
  const conf: Record<string, string> = {};
  for (const entry of values.conf ?? []) {
    const eq = entry.indexOf("=");
    if (eq <= 0) throw new UsageError(`--conf needs KEY=VALUE, got "${entry}"`, HELP_CMD);
    conf[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  const timeout = values.timeout === undefined ? undefined : number("--timeout", values.timeout);
  if (values.workers !== undefined && !values.cluster) {
    throw new UsageError("--workers needs --cluster", HELP_CMD);
  }
  if (values.cluster) {
    if (values.master !== undefined) throw new UsageError("--cluster sets the master", HELP_CMD);
    const workers = values.workers === undefined ? 2 : number("--workers", values.workers);
    if (!Number.isInteger(workers) || workers < 1) {
      throw new UsageError(`--workers needs a whole number >= 1`, HELP_CMD);
    }
    return await whileInterruptible(async (signal) => {
      const cluster = await startCluster({
        stateDir: values["state-dir"],
        port: values.port === undefined ? undefined : port(values.port),
        memory: values.memory,
        conf,
        workers,
        timeoutMs: timeout === undefined ? undefined : timeout * 1000,
        signal,
        log: progress,
      });
      progress(
        `cluster: master ${cluster.masterUrl} (UI http://127.0.0.1:${cluster.master.webUiPort}), ` +
          `${cluster.workers.length} workers, Connect pid ${cluster.server.pid}`,
      );
      console.log(cluster.server.url);
      return 0;
    });
  }
  return await whileInterruptible(async (signal) => {
    const server = await startLocalServer({
      stateDir: values["state-dir"],
      port: values.port === undefined ? undefined : port(values.port),
      memory: values.memory,
      conf,
      master: values.master,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      signal,
      log: progress,
    });
    progress(
      `${server.reused ? "already running" : "started"}: pid ${server.pid}, log ${server.logFile}`,
    );
    console.log(server.url);
    return 0;
  });
}

async function stop(args: string[]): Promise<number> {
  const { values } = parse(args, { "state-dir": { type: "string" } });
  const { server: stopped, daemons } = await stopCluster({ stateDir: values["state-dir"] });
  if (daemons !== undefined) {
    console.log(
      `stopped the Spark cluster: ${stopped ? "the Connect server and " : ""}` +
        `${daemons} master/worker processes`,
    );
    return 0;
  }
  console.log(
    stopped
      ? `stopped the Spark Connect server at ${stopped.url} (pid ${stopped.pid})`
      : "no Spark Connect server was running",
  );
  return 0;
}

async function status(args: string[]): Promise<number> {
  const { values } = parse(args, { "state-dir": { type: "string" }, json: { type: "boolean" } });
  const server = await localServerStatus({ stateDir: values["state-dir"] });
  const cluster = server ? await clusterStatus({ stateDir: values["state-dir"] }) : undefined;
  if (values.json) {
    const extra = cluster ? { cluster: clusterFacts(cluster) } : {};
    console.log(
      JSON.stringify(server ? { running: true, ...server, ...extra } : { running: false }),
    );
  } else {
    console.log(server ? describe(server) : "not running");
    if (cluster) console.log(describeCluster(cluster));
  }
  return server ? 0 : 3;
}

async function logs(args: string[]): Promise<number> {
  const { values } = parse(args, {
    "state-dir": { type: "string" },
    lines: { type: "string", short: "n" },
    follow: { type: "boolean", short: "f" },
    of: { type: "string" },
  });
  const count = values.lines === undefined ? 50 : number("-n", values.lines);
  const stateDir = values["state-dir"] ?? defaultServerStateDir();
  const of = values.of ?? "server";
  if (!/^(server|master|worker-\d+)$/.test(of)) {
    throw new UsageError(`--of needs server, master or worker-N, got "${of}"`, HELP_CMD);
  }
  const logFile = join(stateDir, `${of}.log`);
  let chunk: { text: string; offset: number };
  try {
    chunk = await readFrom(logFile, 0);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) throw new Error(`no server log at ${logFile}`);
    throw err;
  }
  for (const line of lastLines(chunk.text, count)) console.log(line);
  if (!values.follow) return 0;
  return await whileInterruptible(async (signal) => {
    let offset = chunk.offset;
    const out = new TextEncoder();
    while (!signal.aborted) {
      const next = await readFrom(logFile, offset).catch(() => ({ text: "", offset: 0 }));
      if (next.text) await Deno.stdout.write(out.encode(next.text));
      offset = next.offset;
      await sleep(500, signal).catch(() => {});
    }
    return 0;
  });
}

function describe(server: LocalServer): string {
  return [
    `running: ${server.url}`,
    `pid:     ${server.pid}`,
    `port:    ${server.port}`,
    `log:     ${server.logFile}`,
    `spark:   ${server.sparkVersion}`,
    `since:   ${server.startedAt}`,
    `state:   ${server.stateDir}`,
  ].join("\n");
}

function clusterFacts(cluster: SparkCluster) {
  return {
    masterUrl: cluster.masterUrl,
    masterWebUiPort: cluster.master.webUiPort,
    driverUiPort: cluster.driverUiPort,
    processes: [cluster.master, ...cluster.workers],
  };
}

function describeCluster(cluster: SparkCluster): string {
  return [
    `master:  ${cluster.masterUrl} (pid ${cluster.master.pid}, ` +
    `UI http://127.0.0.1:${cluster.master.webUiPort}, log ${cluster.master.logFile})`,
    ...cluster.workers.map((w, i) =>
      `worker ${i + 1}: pid ${w.pid}, UI http://127.0.0.1:${w.webUiPort}, log ${w.logFile}`
    ),
    `driver UI: http://127.0.0.1:${cluster.driverUiPort}`,
  ].join("\n");
}

/** Runs `fn` with a signal that Ctrl-C aborts; an aborted run exits 130. */
async function whileInterruptible(fn: (signal: AbortSignal) => Promise<number>) {
  const controller = new AbortController();
  const onInt = () => controller.abort(new Error("interrupted"));
  Deno.addSignalListener("SIGINT", onInt);
  try {
    return await fn(controller.signal);
  } catch (err) {
    if (controller.signal.aborted) return 130;
    throw err;
  } finally {
    Deno.removeSignalListener("SIGINT", onInt);
  }
}

function progress(line: string): void {
  console.error(`lakebook: ${line}`);
}

type OptionSpec = Record<
  string,
  { type: "string" | "boolean"; short?: string; multiple?: boolean }
>;

function parse<T extends OptionSpec>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError((err as Error).message.split("\n")[0], HELP_CMD);
  }
}

function number(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`${flag} needs a number`, HELP_CMD);
  return n;
}

function port(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new UsageError(`--port needs a port number (1-65535), got "${text}"`, HELP_CMD);
  }
  return n;
}
