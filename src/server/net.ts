/**
 * Loopback TCP probes: is a port taken, does it accept connections, which one is free.
 *
 * @module
 */
import { SparkServerError } from "./errors.ts";

/**
 * The only address Lakebook's local servers bind to.
 *
 * @example
 * const listener = Deno.listen({ hostname: LOOPBACK, port: 0 });
 */
export const LOOPBACK = "127.0.0.1";

/**
 * Whether something accepts TCP connections on `host:port`.
 *
 * @example
 * if (await tcpAccepts(15002)) console.log("a server listens on 15002");
 */
export async function tcpAccepts(port: number, host: string = LOOPBACK): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: host, port, transport: "tcp" });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `host:port` can be bound right now (nothing listens there).
 *
 * @example
 * await isPortFree(15002); // false while a Spark Connect server runs
 */
export function isPortFree(port: number, host: string = LOOPBACK): boolean {
  try {
    const listener = Deno.listen({ hostname: host, port, transport: "tcp" });
    listener.close();
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.AddrInUse || err instanceof Deno.errors.PermissionDenied) {
      return false;
    }
    throw err;
  }
}

/**
 * The first free port from `preferred` upwards, trying at most `tries` ports.
 *
 * @example
 * const port = findFreePort(15002); // 15003 when 15002 is taken
 */
export function findFreePort(
  preferred: number,
  opts: { host?: string; tries?: number } = {},
): number {
  const tries = opts.tries ?? 100;
  for (let port = preferred; port < preferred + tries && port <= 65535; port++) {
    if (isPortFree(port, opts.host)) return port;
  }
  throw new SparkServerError(`no free port in ${preferred}-${preferred + tries - 1}`);
}
