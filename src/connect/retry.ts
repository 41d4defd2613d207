/**
 * The retry policy the official Spark Connect clients share, decided from the gRPC status and
 * the server's ErrorInfo/RetryInfo, never from message text.
 *
 * @module
 */
import { factsFromRpcError } from "./errors.ts";
import { Code, RpcError } from "./transport.ts";

/** How often and how long to retry a failed call. */
export interface RetryPolicy {
  /** Retries after the first try (15 in the official clients). */
  maxRetries: number;
  initialBackoffMs: number;
  backoffMultiplier: number;
  maxBackoffMs: number;
  /** Random extra wait, added to backoffs of at least `minJitterThresholdMs`. */
  jitterMs: number;
  minJitterThresholdMs: number;
  /**
   * Give up early when the server's port stops accepting connections for this many tries in a
   * row: the server is gone, and its running operations with it.
   */
  maxUnreachableTries: number;
}

/** The official clients' policy: 15 retries, 50 ms doubling x4 up to 60 s, with jitter. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 15,
  initialBackoffMs: 50,
  backoffMultiplier: 4,
  maxBackoffMs: 60_000,
  jitterMs: 500,
  minJitterThresholdMs: 2_000,
  maxUnreachableTries: 3,
};

/** Whether a failed call may be tried again: UNAVAILABLE, a disconnected cursor, or RetryInfo. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof RpcError)) return false;
  if (err.code === Code.UNAVAILABLE) return true;
  const facts = factsFromRpcError(err);
  if (facts.retryDelayMs !== undefined) return true;
  return err.code === Code.INTERNAL && facts.errorClass === "INVALID_CURSOR.DISCONNECTED";
}

/** The wait before retry number `attempt` (0-based), honouring a server-given delay. */
export function backoffMs(policy: RetryPolicy, attempt: number, err?: unknown): number {
  let wait = Math.min(
    policy.initialBackoffMs * policy.backoffMultiplier ** attempt,
    policy.maxBackoffMs,
  );
  if (err instanceof RpcError) {
    const serverDelay = factsFromRpcError(err).retryDelayMs;
    if (serverDelay !== undefined) wait = Math.max(wait, serverDelay);
  }
  if (wait >= policy.minJitterThresholdMs) wait += Math.random() * policy.jitterMs;
  return wait;
}

/** Decides, try after try, whether to retry; owns the sleeping. */
export class Retrier {
  #attempt = 0;
  #unreachable = 0;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly probe: () => Promise<"listening" | "unreachable">,
    private readonly signal?: AbortSignal,
  ) {}

  /** Progress was made: the next failure starts a fresh series of retries. */
  reset(): void {
    this.#attempt = 0;
    this.#unreachable = 0;
  }

  /**
   * Waits before the next try and returns true, or returns false when `err` is not retryable,
   * the tries are used up, or the server's port has stopped answering.
   */
  async shouldRetry(err: unknown): Promise<boolean> {
    if (!isRetryable(err) || this.#attempt >= this.policy.maxRetries) return false;
    if (err instanceof RpcError && err.code === Code.UNAVAILABLE) {
      if (await this.probe() === "unreachable") {
        if (++this.#unreachable >= this.policy.maxUnreachableTries) return false;
      } else {
        this.#unreachable = 0;
      }
    }
    await sleep(backoffMs(this.policy, this.#attempt++, err), this.signal);
    return true;
  }

  /** Whether the last failures were all the server's port refusing connections. */
  get serverGone(): boolean {
    return this.#unreachable >= this.policy.maxUnreachableTries;
  }
}

/**
 * Runs `fn`, retrying it under the policy.
 *
 * @example
 * const res = await withRetry(() => transport.config(req), DEFAULT_RETRY_POLICY, () => transport.probe());
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  policy: RetryPolicy,
  probe: () => Promise<"listening" | "unreachable">,
  signal?: AbortSignal,
): Promise<T> {
  const retrier = new Retrier(policy, probe, signal);
  while (true) {
    try {
      return await fn();
    } catch (err) {
      if (signal?.aborted || !await retrier.shouldRetry(err)) throw err;
    }
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
