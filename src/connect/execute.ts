/**
 * Reattachable execution: an ExecutePlan stream that survives the server cutting it (as it does
 * on purpose after `senderMaxStreamDuration`/`senderMaxStreamSize`) and retryable network
 * failures, by reattaching from the last response seen. Callers just iterate.
 *
 * @module
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type ExecutePlanRequest_RequestOptionSchema,
  ExecutePlanRequestSchema,
  type ExecutePlanResponse,
  InterruptRequest_InterruptType,
  InterruptRequestSchema,
  type Plan,
  ReattachExecuteRequestSchema,
  ReleaseExecuteRequestSchema,
  type UserContext,
} from "./proto/gen/spark/connect/base_pb.ts";
import { factsFromRpcError } from "./errors.ts";
import { Retrier, type RetryPolicy } from "./retry.ts";
import { RpcError, type Transport } from "./transport.ts";

/** The progress of a running query, from the server's `execution_progress` messages. */
export interface ExecutionProgress {
  stages: {
    stageId: number;
    numTasks: number;
    numCompletedTasks: number;
    inputBytesRead: number;
    done: boolean;
  }[];
  numInflightTasks: number;
}

/** Options of one execution. */
export interface ExecuteOptions {
  /** Aborting interrupts the operation on the server and ends the iteration. */
  signal?: AbortSignal;
  /** Called with each progress report (every 2 s by default on the server). */
  onProgress?: (progress: ExecutionProgress) => void;
  /** Tags for the operation, usable with `interruptTag`. */
  tags?: string[];
}

/** What an execution needs from its session. */
export interface ExecutionContext {
  transport: Transport;
  sessionId: string;
  userContext: UserContext;
  clientType: string;
  retryPolicy: RetryPolicy;
  /** The client's largest accepted message, in bytes. */
  maxMessageSize: number;
  /** Checks a response's server-side session id (throws when the server session changed). */
  observeServerSession(serverSideSessionId: string): void;
  /** Turns a failed call into the error the user sees. */
  toError(err: unknown, serverGone: boolean): Promise<Error>;
}

/** ReleaseExecute `release_until` after this many responses, so the server frees its buffer. */
const RELEASE_EVERY = 8;

/**
 * Reattachable, and Arrow batches chunked to fit the client's message limit, so one huge row
 * cannot exceed it.
 */
function requestOptions(
  maxMessageSize: number,
): MessageInitShape<typeof ExecutePlanRequest_RequestOptionSchema>[] {
  const preferredArrowChunkSize = BigInt(Math.max(1024, Math.floor(maxMessageSize * 0.9)));
  return [
    { requestOption: { case: "reattachOptions", value: { reattachable: true } } },
    {
      requestOption: {
        case: "resultChunkingOptions",
        value: { allowArrowBatchChunking: true, preferredArrowChunkSize },
      },
    },
  ];
}

/**
 * Executes a plan, yielding every response that carries results (Arrow batches, command
 * results, schema, metrics), reattaching transparently, and interrupting the operation on the
 * server when the caller stops early or aborts.
 *
 * @example
 * for await (const response of execute(ctx, plan, { onProgress: console.log })) {
 *   if (response.responseType.case === "arrowBatch") console.log(response.responseType.value.rowCount);
 * }
 */
export async function* execute(
  ctx: ExecutionContext,
  plan: Plan,
  opts: ExecuteOptions = {},
): AsyncGenerator<ExecutePlanResponse> {
  const { transport, signal } = { ...ctx, ...opts };
  const operationId = crypto.randomUUID();
  const base = {
    sessionId: ctx.sessionId,
    userContext: ctx.userContext,
    clientType: ctx.clientType,
    operationId,
  };
  const request = create(ExecutePlanRequestSchema, {
    ...base,
    plan,
    tags: opts.tags ?? [],
    requestOptions: requestOptions(ctx.maxMessageSize),
  });
  const retrier = new Retrier(ctx.retryPolicy, () => transport.probe(), signal);
  let lastResponseId: string | undefined;
  let seenAny = false;
  let complete = false;
  let sinceRelease = 0;

  const release = (until?: string) => {
    const req = create(ReleaseExecuteRequestSchema, {
      ...base,
      release: until === undefined
        ? { case: "releaseAll", value: {} }
        : { case: "releaseUntil", value: { responseId: until } },
    });
    // Freeing server memory is best effort: a failure here must not fail the query.
    transport.releaseExecute(req).catch(() => {});
  };

  let stream = transport.executePlan(request, { signal });
  try {
    while (true) {
      try {
        for await (const response of stream) {
          seenAny = true;
          retrier.reset();
          ctx.observeServerSession(response.serverSideSessionId);
          lastResponseId = response.responseId;
          const kind = response.responseType.case;
          if (kind === "resultComplete") {
            // The last response: whatever the transport reports after it is not the query's.
            complete = true;
            break;
          } else if (kind === "executionProgress") {
            opts.onProgress?.(toProgress(response.responseType.value));
          } else {
            yield response;
            if (++sinceRelease >= RELEASE_EVERY) {
              sinceRelease = 0;
              release(lastResponseId);
            }
          }
        }
        if (complete) return;
        // The server ended the stream early on purpose: pick it up where it stopped.
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        if (!seenAny && isOperationNotFound(err)) {
          // The first ExecutePlan never reached the server: send it again.
          stream = transport.executePlan(request, { signal });
          continue;
        }
        if (!await retrier.shouldRetry(err)) throw await ctx.toError(err, retrier.serverGone);
      }
      stream = transport.reattachExecute(
        create(ReattachExecuteRequestSchema, { ...base, lastResponseId }),
        { signal },
      );
    }
  } finally {
    if (!complete) {
      const interrupt = create(InterruptRequestSchema, {
        sessionId: ctx.sessionId,
        userContext: ctx.userContext,
        clientType: ctx.clientType,
        interruptType: InterruptRequest_InterruptType.OPERATION_ID,
        interrupt: { case: "operationId", value: operationId },
      });
      await transport.interrupt(interrupt, { timeoutMs: 5_000 }).catch(() => {});
    }
    release();
  }
}

function isOperationNotFound(err: unknown): boolean {
  return err instanceof RpcError &&
    factsFromRpcError(err).errorClass === "INVALID_HANDLE.OPERATION_NOT_FOUND";
}

function toProgress(
  p: Extract<ExecutePlanResponse["responseType"], { case: "executionProgress" }>["value"],
): ExecutionProgress {
  return {
    stages: p.stages.map((s) => ({
      stageId: Number(s.stageId),
      numTasks: Number(s.numTasks),
      numCompletedTasks: Number(s.numCompletedTasks),
      inputBytesRead: Number(s.inputBytesRead),
      done: s.done,
    })),
    numInflightTasks: Number(p.numInflightTasks),
  };
}
