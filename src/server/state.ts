/**
 * The record of a local Spark Connect server, kept as `<stateDir>/server.json`.
 *
 * @module
 */
import { join } from "node:path";

/**
 * A local Spark Connect server started by Lakebook (never holds secrets).
 *
 * @example
 * const server: LocalServer | undefined = await readServerState(stateDir);
 */
export interface LocalServer {
  /** `sc://127.0.0.1:PORT`. */
  url: string;
  /** Always loopback: the server is never reachable from other machines. */
  host: "127.0.0.1";
  /** The gRPC port. */
  port: number;
  /** The server's JVM. */
  pid: number;
  /** Its stdout and stderr, `<stateDir>/server.log`. */
  logFile: string;
  /** The folder with its state, log, warehouse and scratch space. */
  stateDir: string;
  /** ISO time of the start. */
  startedAt: string;
  /** The Spark version it runs. */
  sparkVersion: string;
}

/**
 * The path of the state file of `stateDir`.
 *
 * @example
 * serverStateFile("/home/ana/.cache/lakebook/server"); // ".../server/server.json"
 */
export function serverStateFile(stateDir: string): string {
  return join(stateDir, "server.json");
}

/**
 * Reads the server record of `stateDir`, or `undefined` when there is none (or it is garbage).
 *
 * @example
 * const server = await readServerState(stateDir);
 */
export async function readServerState(stateDir: string): Promise<LocalServer | undefined> {
  let raw: string;
  try {
    raw = await Deno.readTextFile(serverStateFile(stateDir));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
  try {
    const value = JSON.parse(raw);
    if (Number.isInteger(value?.pid) && Number.isInteger(value?.port)) return value as LocalServer;
  } catch {
    // fall through: an unreadable record is no record
  }
  return undefined;
}

/**
 * Writes the record to `<server.stateDir>/server.json`, through a temporary file and a rename.
 *
 * @example
 * await writeServerState(server);
 */
export async function writeServerState(server: LocalServer): Promise<void> {
  const file = serverStateFile(server.stateDir);
  const tmp = `${file}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(tmp, JSON.stringify(server, null, 2) + "\n");
  await Deno.rename(tmp, file);
}

/**
 * Removes the record of `stateDir`; with `pid`, only if the record is still that server's.
 *
 * @example
 * await removeServerState(stateDir, server.pid);
 */
export async function removeServerState(stateDir: string, pid?: number): Promise<void> {
  if (pid !== undefined && (await readServerState(stateDir))?.pid !== pid) return;
  await Deno.remove(serverStateFile(stateDir)).catch(() => {});
}
