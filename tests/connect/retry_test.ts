/**
 * The retry policy: which failures are retried and how long to wait, decided from the gRPC
 * status and the server's ErrorInfo/RetryInfo only.
 */
import assert from "node:assert/strict";
import {
  backoffMs,
  DEFAULT_RETRY_POLICY,
  isRetryable,
  Retrier,
  type RetryPolicy,
  withRetry,
} from "../../src/connect/retry.ts";
import { Code, RpcError } from "../../src/connect/transport.ts";
import { rpcError } from "./fake_transport.ts";

const POLICY: RetryPolicy = {
  maxRetries: 15,
  initialBackoffMs: 50,
  backoffMultiplier: 4,
  maxBackoffMs: 60_000,
  jitterMs: 500,
  minJitterThresholdMs: 2_000,
  maxUnreachableTries: 3,
};

/** Runs `fn` with Math.random fixed at `value`. */
function withRandom<T>(value: number, fn: () => T): T {
  const real = Math.random;
  Math.random = () => value;
  try {
    return fn();
  } finally {
    Math.random = real;
  }
}

Deno.test("the default policy is the official clients'", () => {
  assert.deepEqual(DEFAULT_RETRY_POLICY, POLICY);
});

Deno.test("UNAVAILABLE is retryable", () => {
  assert.equal(isRetryable(new RpcError(Code.UNAVAILABLE, "connection refused")), true);
});

Deno.test("a plain INTERNAL error is not retryable", () => {
  assert.equal(isRetryable(new RpcError(Code.INTERNAL, "boom")), false);
  assert.equal(
    isRetryable(rpcError(Code.INTERNAL, "no table", { errorClass: "TABLE_OR_VIEW_NOT_FOUND" })),
    false,
  );
});

Deno.test("INTERNAL with INVALID_CURSOR.DISCONNECTED is retryable", () => {
  assert.equal(
    isRetryable(rpcError(Code.INTERNAL, "cursor gone", {
      errorClass: "INVALID_CURSOR.DISCONNECTED",
    })),
    true,
  );
});

Deno.test("INVALID_CURSOR.DISCONNECTED on another code is not retried", () => {
  assert.equal(
    isRetryable(rpcError(Code.FAILED_PRECONDITION, "x", {
      errorClass: "INVALID_CURSOR.DISCONNECTED",
    })),
    false,
  );
});

Deno.test("RetryInfo makes any failure retryable", () => {
  assert.equal(isRetryable(rpcError(Code.INTERNAL, "busy", { retryDelayMs: 100 })), true);
  assert.equal(
    isRetryable(rpcError(Code.RESOURCE_EXHAUSTED, "slow down", { retryDelayMs: 0 })),
    true,
  );
});

Deno.test("message text never makes an error retryable", () => {
  assert.equal(isRetryable(new RpcError(Code.INTERNAL, "INVALID_CURSOR.DISCONNECTED")), false);
  assert.equal(isRetryable(new Error("UNAVAILABLE: try again")), false);
  assert.equal(isRetryable({ code: Code.UNAVAILABLE }), false);
  assert.equal(isRetryable(undefined), false);
});

Deno.test("other gRPC codes are not retryable", () => {
  for (
    const code of [
      Code.CANCELLED,
      Code.INVALID_ARGUMENT,
      Code.DEADLINE_EXCEEDED,
      Code.UNAUTHENTICATED,
    ]
  ) {
    assert.equal(isRetryable(new RpcError(code, "x")), false, `code ${code}`);
  }
});

Deno.test("backoff grows x4 from the initial wait", () => {
  const waits = withRandom(0.999, () => [0, 1, 2].map((n) => backoffMs(POLICY, n)));
  assert.deepEqual(waits, [50, 200, 800]);
});

Deno.test("backoff is capped at maxBackoffMs", () => {
  const waits = withRandom(0, () => [5, 6, 7, 40].map((n) => backoffMs(POLICY, n)));
  assert.deepEqual(waits, [51_200, 60_000, 60_000, 60_000]);
});

Deno.test("jitter is added only to waits of at least the threshold", () => {
  assert.equal(withRandom(0.5, () => backoffMs(POLICY, 2)), 800, "below: no jitter");
  assert.equal(withRandom(0.5, () => backoffMs(POLICY, 3)), 3_200 + 250, "above: jitter");
  assert.equal(withRandom(0.5, () => backoffMs(POLICY, 9)), 60_000 + 250, "capped, then jitter");
  const atThreshold = { ...POLICY, initialBackoffMs: 2_000 };
  assert.equal(withRandom(0.5, () => backoffMs(atThreshold, 0)), 2_250);
});

Deno.test("jitter stays below jitterMs", () => {
  for (let i = 0; i < 200; i++) {
    const wait = backoffMs(POLICY, 3);
    assert.ok(wait >= 3_200 && wait < 3_700, `${wait}`);
  }
});

Deno.test("a server-given RetryInfo delay longer than the backoff is honoured", () => {
  const err = rpcError(Code.INTERNAL, "busy", { retryDelayMs: 1_500 });
  assert.equal(withRandom(0.5, () => backoffMs(POLICY, 0, err)), 1_500);
  const long = rpcError(Code.INTERNAL, "busy", { retryDelayMs: 5_250 });
  assert.equal(withRandom(0, () => backoffMs(POLICY, 0, long)), 5_250);
});

Deno.test("a server delay past maxBackoffMs is still honoured", () => {
  const err = rpcError(Code.UNAVAILABLE, "draining", { retryDelayMs: 120_000 });
  assert.equal(withRandom(0, () => backoffMs(POLICY, 0, err)), 120_000);
});

Deno.test("a server delay shorter than the backoff does not shorten it", () => {
  const err = rpcError(Code.INTERNAL, "busy", { retryDelayMs: 10 });
  assert.equal(withRandom(0, () => backoffMs(POLICY, 2, err)), 800);
});

const FAST: RetryPolicy = { ...POLICY, initialBackoffMs: 1, maxBackoffMs: 2, maxRetries: 3 };
const listening = () => Promise.resolve("listening" as const);

Deno.test("withRetry tries once plus maxRetries times, then throws the last error", async () => {
  let tries = 0;
  const last = new RpcError(Code.UNAVAILABLE, "down");
  await assert.rejects(
    withRetry(
      () => {
        tries++;
        return Promise.reject(last);
      },
      FAST,
      listening,
    ),
    (e) => e === last,
  );
  assert.equal(tries, 4);
});

Deno.test("withRetry returns the first success", async () => {
  let tries = 0;
  const result = await withRetry(
    () => {
      tries++;
      return tries < 3
        ? Promise.reject(new RpcError(Code.UNAVAILABLE, "down"))
        : Promise.resolve("ok");
    },
    FAST,
    listening,
  );
  assert.equal(result, "ok");
  assert.equal(tries, 3);
});

Deno.test("withRetry does not retry a non-retryable error", async () => {
  let tries = 0;
  await assert.rejects(
    withRetry(
      () => {
        tries++;
        return Promise.reject(new RpcError(Code.INVALID_ARGUMENT, "bad"));
      },
      FAST,
      listening,
    ),
    /INVALID_ARGUMENT/,
  );
  assert.equal(tries, 1);
});

Deno.test("the Retrier gives up when the port stays unreachable and says the server is gone", async () => {
  let probes = 0;
  const retrier = new Retrier({ ...FAST, maxRetries: 10 }, () => {
    probes++;
    return Promise.resolve("unreachable");
  });
  const err = new RpcError(Code.UNAVAILABLE, "refused");
  assert.equal(await retrier.shouldRetry(err), true);
  assert.equal(await retrier.shouldRetry(err), true);
  assert.equal(retrier.serverGone, false);
  assert.equal(await retrier.shouldRetry(err), false);
  assert.equal(retrier.serverGone, true);
  assert.equal(probes, 3);
});

Deno.test("the Retrier's reset starts a fresh series of retries", async () => {
  const retrier = new Retrier({ ...FAST, maxRetries: 1 }, listening);
  const err = new RpcError(Code.UNAVAILABLE, "refused");
  assert.equal(await retrier.shouldRetry(err), true);
  assert.equal(await retrier.shouldRetry(err), false);
  retrier.reset();
  assert.equal(await retrier.shouldRetry(err), true);
});

Deno.test("an aborted signal ends a retry wait with the abort reason", async () => {
  const controller = new AbortController();
  const reason = new Error("stop");
  const retrier = new Retrier(
    { ...POLICY, initialBackoffMs: 60_000 },
    listening,
    controller.signal,
  );
  const waiting = retrier.shouldRetry(new RpcError(Code.UNAVAILABLE, "refused"));
  setTimeout(() => controller.abort(reason), 5);
  await assert.rejects(waiting, (e) => e === reason);
});
