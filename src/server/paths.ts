/**
 * Where Lakebook keeps its caches and local server state on this machine.
 *
 * @module
 */
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * Lakebook's home: `$LAKEBOOK_HOME`, else `$XDG_CACHE_HOME/lakebook`, else `~/.cache/lakebook`.
 *
 * @example
 * const home = lakebookHome(); // "/home/ana/.cache/lakebook"
 */
export function lakebookHome(): string {
  const explicit = Deno.env.get("LAKEBOOK_HOME");
  if (explicit) return explicit;
  const xdg = Deno.env.get("XDG_CACHE_HOME");
  if (xdg) return join(xdg, "lakebook");
  return join(Deno.env.get("HOME") || homedir(), ".cache", "lakebook");
}

/**
 * The folder holding installed Spark runtimes (`<home>/spark`).
 *
 * @example
 * const dir = sparkRuntimesDir(); // "/home/ana/.cache/lakebook/spark"
 */
export function sparkRuntimesDir(home: string = lakebookHome()): string {
  return join(home, "spark");
}

/**
 * The folder of one installed runtime: `<home>/spark/<sparkVersion>-delta<deltaVersion>`.
 *
 * @example
 * const dir = sparkRuntimeDir("4.2.0", "4.4.0"); // ".../spark/4.2.0-delta4.4.0"
 */
export function sparkRuntimeDir(
  sparkVersion: string,
  deltaVersion: string,
  home: string = lakebookHome(),
): string {
  return join(sparkRuntimesDir(home), `${sparkVersion}-delta${deltaVersion}`);
}

/**
 * The folder of the Delta-only jars used with a Spark from `SPARK_HOME`:
 * `<home>/spark/delta<deltaVersion>-spark<sparkLine>`.
 *
 * @example
 * const dir = deltaOnlyDir("4.4.0", "4.1"); // ".../spark/delta4.4.0-spark4.1"
 */
export function deltaOnlyDir(
  deltaVersion: string,
  sparkLine: string,
  home: string = lakebookHome(),
): string {
  return join(sparkRuntimesDir(home), `delta${deltaVersion}-spark${sparkLine}`);
}

/**
 * The default state folder of the local Spark Connect server (`<home>/server`).
 *
 * @example
 * const stateDir = defaultServerStateDir(); // "/home/ana/.cache/lakebook/server"
 */
export function defaultServerStateDir(home: string = lakebookHome()): string {
  return join(home, "server");
}
