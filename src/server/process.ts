/**
 * Looks at and signals processes by pid, including ones this process did not start.
 *
 * @module
 */
import process from "node:process";

/**
 * Whether `pid` is a live process; a zombie (exited, not yet reaped) counts as dead.
 *
 * @example
 * isProcessAlive(Deno.pid); // true
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    if ((err as { code?: string }).code !== "EPERM") return false;
  }
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    if (state !== "Z") return true;
    // A zombie main thread while other threads still run (a JVM shutting down) is still alive.
    const threads = /^Threads:\s+(\d+)/m.exec(Deno.readTextFileSync(`/proc/${pid}/status`));
    return Number(threads?.[1] ?? 1) > 1;
  } catch (err) {
    // No /proc (macOS): trust the signal probe; on Linux, a vanished entry means gone.
    return !(err instanceof Deno.errors.NotFound) || Deno.build.os !== "linux";
  }
}

/**
 * The command line of `pid`, or `undefined` when it is gone or cannot be read.
 *
 * @example
 * const cmd = await processCommandLine(pid);
 * const ours = cmd?.includes("SparkConnectServer") ?? false;
 */
export async function processCommandLine(pid: number): Promise<string | undefined> {
  if (Deno.build.os === "linux") {
    try {
      const raw = await Deno.readTextFile(`/proc/${pid}/cmdline`);
      return raw.replaceAll("\0", " ").trim() || undefined;
    } catch {
      return undefined;
    }
  }
  try {
    const out = await new Deno.Command("ps", {
      args: ["-p", String(pid), "-o", "command="],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    const text = new TextDecoder().decode(out.stdout).trim();
    return out.success && text ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends `signal` to `pid`; returns false when the process was already gone.
 *
 * @example
 * signalProcess(server.pid, "SIGTERM");
 */
export function signalProcess(pid: number, signal: Deno.Signal): boolean {
  try {
    Deno.kill(pid, signal);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  }
}

/**
 * Waits until `pid` is gone; true if it went within `timeoutMs`.
 *
 * @example
 * if (!await waitForExit(pid, 10_000)) signalProcess(pid, "SIGKILL");
 */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/**
 * Resolves after `ms` milliseconds, or rejects when `signal` aborts.
 *
 * @example
 * await sleep(250);
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
