/**
 * A lock file that lets one process at a time start the server of a state folder.
 *
 * @module
 */
import { join } from "node:path";
import { SparkServerError } from "./errors.ts";
import { isProcessAlive, sleep } from "./process.ts";

/**
 * A held lock; release it (or `await using` it) when the start is over.
 *
 * @example
 * const lock: StartLock = await acquireStartLock(stateDir);
 * await lock.release();
 */
export interface StartLock extends AsyncDisposable {
  /** The lock file. */
  path: string;
  /** Removes the lock file. */
  release(): Promise<void>;
}

/**
 * Options of {@linkcode acquireStartLock}.
 *
 * @example
 * const opts: AcquireLockOptions = { timeoutMs: 10_000, onWait: (pid) => console.log(`waiting for ${pid}`) };
 */
export interface AcquireLockOptions {
  /** How long to wait for another holder (default 180 s). */
  timeoutMs?: number;
  /** Locks older than this are broken even if their pid looks alive (default 15 min). */
  staleAfterMs?: number;
  /** Called once when the lock is busy and the caller has to wait. */
  onWait?: (holderPid: number) => void;
  /** Stops waiting when aborted. */
  signal?: AbortSignal;
}

/**
 * Takes `<stateDir>/start.lock` (created exclusively, holding this process's pid), waiting while
 * a live process holds it; a lock whose process is gone is removed.
 *
 * @example
 * await using _lock = await acquireStartLock(stateDir);
 * // ... only this process starts a server for stateDir here ...
 */
export async function acquireStartLock(
  stateDir: string,
  opts: AcquireLockOptions = {},
): Promise<StartLock> {
  const path = join(stateDir, "start.lock");
  const content = JSON.stringify({ pid: Deno.pid, createdAt: new Date().toISOString() });
  const deadline = Date.now() + (opts.timeoutMs ?? 180_000);
  let warned = false;
  for (;;) {
    opts.signal?.throwIfAborted();
    if (await createExclusive(path, content)) return heldLock(path, content);
    const holder = await readLock(path);
    if (holder === undefined) continue; // released between our attempt and the read
    const tooOld = Date.now() - holder.createdAt > (opts.staleAfterMs ?? 15 * 60_000);
    if (!isProcessAlive(holder.pid) || tooOld) {
      await breakLock(path, holder.raw);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new SparkServerError(
        `another process (pid ${holder.pid}) is still starting the server in ${stateDir}`,
      );
    }
    if (!warned) opts.onWait?.(holder.pid);
    warned = true;
    await sleep(200, opts.signal);
  }
}

function heldLock(path: string, content: string): StartLock {
  const release = async () => {
    // Remove the file only while it is still ours.
    if ((await readLock(path))?.raw === content) await Deno.remove(path).catch(() => {});
  };
  return { path, release, [Symbol.asyncDispose]: release };
}

/** Creates `path` with `content` only if it does not exist; the file appears complete. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  await Deno.writeTextFile(tmp, content);
  try {
    await Deno.link(tmp, path);
    return true;
  } catch (err) {
    if (err instanceof Deno.errors.AlreadyExists) return false;
    throw err;
  } finally {
    await Deno.remove(tmp).catch(() => {});
  }
}

async function readLock(
  path: string,
): Promise<{ pid: number; createdAt: number; raw: string } | undefined> {
  let raw: string;
  try {
    raw = await Deno.readTextFile(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
  try {
    const { pid, createdAt } = JSON.parse(raw);
    return { pid: Number(pid), createdAt: Date.parse(createdAt) || 0, raw };
  } catch {
    return { pid: 0, createdAt: 0, raw }; // unreadable: treat as stale
  }
}

/** Moves a stale lock aside; puts it back if, in between, it was replaced by a live one. */
async function breakLock(path: string, staleRaw: string): Promise<void> {
  const aside = `${path}.stale-${crypto.randomUUID()}`;
  try {
    await Deno.rename(path, aside);
  } catch {
    return; // someone else broke or released it
  }
  const moved = await Deno.readTextFile(aside).catch(() => staleRaw);
  if (moved !== staleRaw) await Deno.link(aside, path).catch(() => {});
  await Deno.remove(aside).catch(() => {});
}
