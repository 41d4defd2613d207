/**
 * The embedded default: `connect()` with no URL and no `SPARK_REMOTE` starts (or reuses) the
 * local Spark Connect server, so notebooks and scripts need no set-up.
 *
 * @module
 */
import type { ClientOptions } from "../connect/client.ts";
import { SparkSession } from "../connect/session.ts";
import { ensureLocalServer, type LocalServerOptions } from "./local.ts";

/** Options of {@linkcode connect}. */
export interface ConnectOptions extends ClientOptions {
  /** Options for the local server, when one is started. */
  local?: LocalServerOptions;
}

/**
 * Opens a Spark session: on `url`, else on `$SPARK_REMOTE`, else on the local server, started
 * on first use and reused after.
 *
 * @example
 * await using spark = await connect();
 * const df = await spark.sql("SELECT 1 AS one");
 */
export async function connect(url?: string, opts: ConnectOptions = {}): Promise<SparkSession> {
  const remote = url ?? (Deno.env.get("SPARK_REMOTE") || undefined);
  const target = remote ?? (await ensureLocalServer(opts.local)).url;
  return await SparkSession.connect(target, opts);
}
