/**
 * Test harness helpers: the suite's shared Spark Connect server (started by `tests/run.ts`,
 * found through `SPARK_REMOTE`) and dedicated servers for tests that need their own settings.
 *
 * @module
 */
import { SparkSession } from "../../src/connect/session.ts";
import { type LocalServer, startLocalServer, stopLocalServer } from "../../src/server/local.ts";

/** The shared server's URL; the suite runner sets it. */
export function sharedUrl(): string {
  const url = Deno.env.get("SPARK_REMOTE");
  if (!url) throw new Error("SPARK_REMOTE is not set: run the suite with `deno task test`");
  return url;
}

/** A session on the shared server, stopped when the callback ends. */
export async function withSpark<T>(fn: (spark: SparkSession) => Promise<T>): Promise<T> {
  const spark = await SparkSession.connect(sharedUrl());
  try {
    return await fn(spark);
  } finally {
    await spark.stop();
  }
}

/** Options of a dedicated server. */
export interface DedicatedServerOptions {
  conf?: Record<string, string>;
  token?: string;
  memory?: string;
}

/**
 * Starts a server of its own for one test (in a temp state dir, on a free port), and stops it
 * by pid when the callback ends.
 */
export async function withDedicatedServer<T>(
  opts: DedicatedServerOptions,
  fn: (server: LocalServer) => Promise<T>,
): Promise<T> {
  const stateDir = await Deno.makeTempDir({ prefix: "lakebook-test-spark-" });
  const server = await startLocalServer({
    stateDir,
    port: 15200,
    memory: opts.memory ?? "1g",
    conf: opts.conf,
    token: opts.token,
  });
  try {
    return await fn(server);
  } finally {
    await stopLocalServer({ stateDir });
    await Deno.remove(stateDir, { recursive: true }).catch(() => {});
  }
}

/** Runs a query on a session and returns its rows. */
export async function rows(spark: SparkSession, query: string) {
  return await (await spark.sql(query)).collect();
}
