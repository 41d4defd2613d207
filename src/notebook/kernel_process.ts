/**
 * Starting and stopping the Deno kernel (`deno jupyter --kernel --conn FILE`) on free loopback
 * ports: the version check, readiness as nbclient does it, and a shutdown that always ends with
 * the process gone (killed by pid if it will not leave).
 *
 * @example
 * ```ts
 * await using kernel = await startKernel({ cwd: "notebooks", startTimeoutMs: 30_000 });
 * const msg = kernel.client.message("kernel_info_request", {});
 * const reply = await kernel.client.request("shell", msg);
 * ```
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { checkDenoVersion, denoVersion } from "./deno_version.ts";
import { KernelDiedError, KernelStartError } from "./kernel_errors.ts";
import { KernelClient } from "./kernel.ts";
import type { ConnectionInfo, KernelMessage } from "./messages.ts";

const LOOPBACK = "127.0.0.1";
const READY_RESEND_MS = 250;
const STDERR_TAIL = 8192;

/**
 * Ports nothing listens on right now, bound and released on 127.0.0.1 (as jupyter_client does;
 * another process could still take one before the kernel binds it).
 *
 * @example
 * const [shell, iopub] = freePorts(2);
 */
export function freePorts(count: number): number[] {
  const listeners = Array.from(
    { length: count },
    () => Deno.listen({ hostname: LOOPBACK, port: 0 }),
  );
  const ports = listeners.map((l) => (l.addr as Deno.NetAddr).port);
  for (const l of listeners) l.close();
  return ports;
}

/**
 * Whether `promise` settles (either way) within `ms`, leaving no timer behind.
 *
 * @example
 * if (!await settlesWithin(kernel.exited, 1_000)) console.error("still running");
 */
export async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<boolean>((r) => timer = setTimeout(() => r(false), ms));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * How to start the kernel.
 *
 * @example
 * const opts: StartKernelOptions = { cwd: "notebooks", startTimeoutMs: 30_000 };
 */
export interface StartKernelOptions {
  /** The `deno` binary (default: the one running this code). */
  denoPath?: string;
  /** The kernel's working directory. */
  cwd?: string;
  /** Added to the inherited environment (`NO_COLOR=1` is always set). */
  env?: Record<string, string>;
  /** How long connecting and readiness may take (default 60 s). */
  startTimeoutMs?: number;
  /** Gives up starting. */
  signal?: AbortSignal;
}

/**
 * A running Deno kernel that this process started, with a connected client. Disposing it shuts
 * the kernel down and kills it by pid if needed.
 *
 * @example
 * await using kernel = await startKernel();
 * kernel.exited.then((status) => console.error(`kernel exited ${status.code}`));
 */
export class KernelProcess implements AsyncDisposable {
  /** The kernel's pid. */
  readonly pid: number;
  /** The connected client. */
  readonly client: KernelClient;
  /** Resolves when the kernel process exits, for whatever reason. */
  readonly exited: Promise<Deno.CommandStatus>;
  /** The `kernel_info_reply` content (language_info, implementation version, ...). */
  info: Record<string, unknown> = {};
  readonly #dir: string;
  readonly #stderr: () => string;
  #stopping: Promise<void> | undefined;

  /** Wraps a started kernel; use {@linkcode startKernel}. */
  constructor(child: Deno.ChildProcess, client: KernelClient, dir: string, stderr: () => string) {
    this.pid = child.pid;
    this.client = client;
    this.exited = child.status;
    this.#dir = dir;
    this.#stderr = stderr;
    this.exited.then((status) => client.fail(this.#diedError(status)));
  }

  /**
   * The last few KB the kernel wrote to stderr.
   *
   * @example
   * console.error(kernel.stderrTail());
   */
  stderrTail(): string {
    return this.#stderr();
  }

  /**
   * Whether the process exits within `ms` (0: whether it has already).
   *
   * @example
   * if (await kernel.exitsWithin(1000)) console.error("the kernel died");
   */
  exitsWithin(ms: number): Promise<boolean> {
    return settlesWithin(this.exited, ms);
  }

  /**
   * A {@linkcode KernelDiedError} describing how the process ended (call after it exited).
   *
   * @example
   * if (await kernel.exitsWithin(500)) throw await kernel.diedError();
   */
  async diedError(): Promise<KernelDiedError> {
    return this.#diedError(await this.exited);
  }

  #diedError(status: Deno.CommandStatus): KernelDiedError {
    const how = status.signal ? `signal ${status.signal}` : `exit code ${status.code}`;
    return new KernelDiedError(`the Deno kernel exited (${how})`, this.#stderr());
  }

  /**
   * Asks the kernel to stop the running cell (`interrupt_request` on control); resolves to
   * whether it replied within `timeoutMs`.
   *
   * @example
   * await kernel.interrupt(5000);
   */
  async interrupt(timeoutMs = 5000): Promise<boolean> {
    const msg = this.client.message("interrupt_request", {});
    return await this.client.request("control", msg, { timeoutMs }).then(() => true, () => false);
  }

  /**
   * Sends `shutdown_request` on control, waits up to `graceMs` for the reply, then kills the
   * process by pid (once it has replied the kernel has nothing left to do: Deno 2.9 exits 100 ms
   * later by itself); closes the client and removes the connection file. Safe to call twice.
   *
   * @example
   * await kernel.shutdown();
   */
  shutdown(graceMs = 2000): Promise<void> {
    return this.#stopping ??= this.#stop(graceMs);
  }

  async #stop(graceMs: number): Promise<void> {
    try {
      if (!this.client.failure) {
        const msg = this.client.message("shutdown_request", { restart: false });
        await this.client.request("control", msg, { timeoutMs: graceMs }).catch(() => {});
      }
    } finally {
      if (!(await this.exitsWithin(0))) {
        try {
          Deno.kill(this.pid, "SIGKILL");
        } catch { /* already gone */ }
      }
      await this.exited;
      await this.client.close();
      await Deno.remove(this.#dir, { recursive: true }).catch(() => {});
    }
  }

  /**
   * Same as {@linkcode KernelProcess.shutdown}.
   *
   * @example
   * await using kernel = await startKernel();
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }
}

/**
 * Starts `deno jupyter --kernel --conn FILE` on free loopback ports and waits until it is ready:
 * `kernel_info_request` is re-sent every 250 ms until the shell and control channels have both
 * replied and an IOPub message has arrived (the first request on a fresh connection can go
 * unanswered, and a SUB socket misses what was published before it joined).
 *
 * @example
 * const kernel = await startKernel({ startTimeoutMs: 30_000 });
 * try {
 *   // ... run cells with kernel.client
 * } finally {
 *   await kernel.shutdown();
 * }
 */
export async function startKernel(opts: StartKernelOptions = {}): Promise<KernelProcess> {
  const denoPath = opts.denoPath ?? Deno.execPath();
  checkDenoVersion(denoPath === Deno.execPath() ? Deno.version.deno : await denoVersion(denoPath));
  const timeoutMs = opts.startTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  const dir = await Deno.makeTempDir({ prefix: "lakebook-kernel-" });
  const [shell, iopub, stdin, control, hb] = freePorts(5);
  const info: ConnectionInfo = {
    transport: "tcp",
    ip: LOOPBACK,
    shell_port: shell,
    iopub_port: iopub,
    stdin_port: stdin,
    control_port: control,
    hb_port: hb,
    key: randomBytes(32).toString("hex"),
    signature_scheme: "hmac-sha256",
    kernel_name: "deno",
  };
  const connFile = join(dir, "kernel.json");
  await Deno.writeTextFile(connFile, JSON.stringify(info), { mode: 0o600 });
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(denoPath, {
      args: ["jupyter", "--kernel", "--conn", connFile],
      cwd: opts.cwd,
      env: { NO_COLOR: "1", ...opts.env },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
  } catch (err) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw new KernelStartError(`cannot start ${denoPath}: ${(err as Error).message}`);
  }
  const stderr = collectTail(child.stderr);
  const exitedEarly = (tail: string) =>
    new KernelStartError(
      `the Deno kernel exited while starting${tail ? `: ${tail.trim().split("\n").at(-1)}` : ""}`,
    );

  // Connect, giving up as soon as the process exits (or the caller aborts).
  const stop = new AbortController();
  const onAbort = () => stop.abort(opts.signal?.reason);
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  child.status.then(() => stop.abort(exitedEarly(stderr())));
  let client: KernelClient;
  try {
    client = await KernelClient.connect(info, { deadline, signal: stop.signal });
  } catch (err) {
    opts.signal?.removeEventListener("abort", onAbort);
    const why = stop.signal.reason; // read before our own kill below aborts `stop` too
    try {
      child.kill("SIGKILL");
    } catch { /* already gone */ }
    await child.status;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    if (why instanceof KernelStartError) throw why;
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw new KernelStartError(
      `cannot connect to the Deno kernel within ${timeoutMs / 1000} s: ${(err as Error).message}`,
    );
  }
  opts.signal?.removeEventListener("abort", onAbort);
  const kernel = new KernelProcess(child, client, dir, stderr);
  try {
    kernel.info = await waitReady(kernel, deadline, timeoutMs, opts.signal);
    return kernel;
  } catch (err) {
    await kernel.shutdown(500);
    throw err;
  }
}

function collectTail(stream: ReadableStream<Uint8Array>): () => string {
  let tail = "";
  const decoder = new TextDecoder();
  (async () => {
    try {
      for await (const chunk of stream) tail = (tail + decoder.decode(chunk)).slice(-STDERR_TAIL);
    } catch { /* the process went away */ }
  })();
  return () => tail;
}

async function waitReady(
  kernel: KernelProcess,
  deadline: number,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  const { client } = kernel;
  let sawIopub = false;
  const off = client.onAnyIopub(() => sawIopub = true);
  let shell: KernelMessage | undefined;
  let control: KernelMessage | undefined;
  try {
    while (!(shell && control && sawIopub)) {
      signal?.throwIfAborted();
      if (await kernel.exitsWithin(0)) {
        const tail = kernel.stderrTail().trim();
        throw new KernelStartError(
          `the Deno kernel exited while starting${tail ? `: ${tail.split("\n").at(-1)}` : ""}`,
        );
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new KernelStartError(`the Deno kernel was not ready within ${timeoutMs / 1000} s`);
      }
      const ask = (channel: "shell" | "control") =>
        client.request(channel, client.message("kernel_info_request", {}), {
          timeoutMs: Math.min(READY_RESEND_MS, left),
        }).catch(() => undefined);
      // Shell keeps being asked until IOPub has been heard: each request publishes busy/idle.
      const [s, c] = await Promise.all([
        shell && sawIopub ? shell : ask("shell"),
        control ?? ask("control"),
      ]);
      shell ??= s;
      control ??= c;
    }
    return shell.content;
  } finally {
    off();
  }
}
