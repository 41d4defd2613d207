/**
 * A scripted {@linkcode Transport} for unit tests: every call is recorded, and each
 * `executePlan`/`reattachExecute` call plays the next scripted sequence of responses and errors,
 * so reattach, retry, interrupt and error paths are tested without a server.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import { anyPack } from "@bufbuild/protobuf/wkt";
import {
  ErrorInfoSchema,
  RetryInfoSchema,
} from "../../src/connect/proto/gen/google/rpc/error_details_pb.ts";
import { StatusSchema } from "../../src/connect/proto/gen/google/rpc/status_pb.ts";
import {
  type AddArtifactsRequest,
  type AddArtifactsResponse,
  AddArtifactsResponseSchema,
  type AnalyzePlanRequest,
  type AnalyzePlanResponse,
  AnalyzePlanResponseSchema,
  type ConfigRequest,
  type ConfigResponse,
  ConfigResponseSchema,
  type ExecutePlanRequest,
  type ExecutePlanResponse,
  ExecutePlanResponseSchema,
  type FetchErrorDetailsRequest,
  type FetchErrorDetailsResponse,
  FetchErrorDetailsResponseSchema,
  type InterruptRequest,
  type InterruptResponse,
  InterruptResponseSchema,
  type ReattachExecuteRequest,
  type ReleaseExecuteRequest,
  type ReleaseExecuteResponse,
  ReleaseExecuteResponseSchema,
  type ReleaseSessionRequest,
  type ReleaseSessionResponse,
  ReleaseSessionResponseSchema,
} from "../../src/connect/proto/gen/spark/connect/base_pb.ts";
import { type CallOptions, Code, RpcError, type Transport } from "../../src/connect/transport.ts";

/** A scripted stream step that waits until the call's signal aborts, then throws its reason. */
export const HANG = Symbol("hang");

/** One step of a scripted stream: a response to yield, an error to throw, or {@linkcode HANG}. */
export type Step = ExecutePlanResponse | Error | typeof HANG;

/** The request a stream call received. */
export type StreamRequest = ExecutePlanRequest | ReattachExecuteRequest;

/** What one stream call plays: fixed steps, or steps computed from the request. */
export type StreamScript = Step[] | ((req: StreamRequest) => Step[]);

/** One recorded call. */
export type Call =
  | { method: "executePlan"; request: ExecutePlanRequest; opts?: CallOptions }
  | { method: "reattachExecute"; request: ReattachExecuteRequest; opts?: CallOptions }
  | { method: "analyzePlan"; request: AnalyzePlanRequest; opts?: CallOptions }
  | { method: "config"; request: ConfigRequest; opts?: CallOptions }
  | { method: "interrupt"; request: InterruptRequest; opts?: CallOptions }
  | { method: "releaseExecute"; request: ReleaseExecuteRequest; opts?: CallOptions }
  | { method: "releaseSession"; request: ReleaseSessionRequest; opts?: CallOptions }
  | { method: "fetchErrorDetails"; request: FetchErrorDetailsRequest; opts?: CallOptions }
  | { method: "addArtifacts"; request: AddArtifactsRequest[]; opts?: CallOptions }
  | { method: "probe"; request: undefined; opts?: CallOptions };

type Method = Call["method"];
type RequestOf<M extends Method> = Extract<Call, { method: M }>["request"];

/** A {@linkcode Transport} that plays scripts and records every request. */
export class FakeTransport implements Transport {
  /** Every call, in order. */
  readonly calls: Call[] = [];
  /** Streams, in call order; each executePlan/reattachExecute call takes the next one. */
  readonly streams: StreamScript[] = [];
  /** Answers of successive `probe()` calls; the last one repeats. */
  probeAnswers: ("listening" | "unreachable")[] = ["listening"];
  /** The FetchErrorDetails answer; the call fails with NOT_FOUND when unset. */
  errorDetails?: FetchErrorDetailsResponse;
  /** How many scripted streams were ended by their consumer before their last step. */
  streamsClosedEarly = 0;
  closed = false;

  constructor(...streams: StreamScript[]) {
    this.streams.push(...streams);
  }

  /** The recorded calls of one method, in order. */
  requests<M extends Method>(method: M): RequestOf<M>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.request as RequestOf<M>);
  }

  /** The method names of the stream calls, in order. */
  streamMethods(): string[] {
    return this.calls
      .filter((c) => c.method === "executePlan" || c.method === "reattachExecute")
      .map((c) => c.method);
  }

  executePlan(req: ExecutePlanRequest, opts?: CallOptions): AsyncIterable<ExecutePlanResponse> {
    this.calls.push({ method: "executePlan", request: req, opts });
    return this.#play(req, opts);
  }

  reattachExecute(
    req: ReattachExecuteRequest,
    opts?: CallOptions,
  ): AsyncIterable<ExecutePlanResponse> {
    this.calls.push({ method: "reattachExecute", request: req, opts });
    return this.#play(req, opts);
  }

  analyzePlan(req: AnalyzePlanRequest, opts?: CallOptions): Promise<AnalyzePlanResponse> {
    this.calls.push({ method: "analyzePlan", request: req, opts });
    return Promise.resolve(create(AnalyzePlanResponseSchema, { sessionId: req.sessionId }));
  }

  config(req: ConfigRequest, opts?: CallOptions): Promise<ConfigResponse> {
    this.calls.push({ method: "config", request: req, opts });
    return Promise.resolve(create(ConfigResponseSchema, { sessionId: req.sessionId }));
  }

  interrupt(req: InterruptRequest, opts?: CallOptions): Promise<InterruptResponse> {
    this.calls.push({ method: "interrupt", request: req, opts });
    const ids = req.interrupt.case === "operationId" ? [req.interrupt.value] : [];
    return Promise.resolve(
      create(InterruptResponseSchema, { sessionId: req.sessionId, interruptedIds: ids }),
    );
  }

  releaseExecute(req: ReleaseExecuteRequest, opts?: CallOptions): Promise<ReleaseExecuteResponse> {
    this.calls.push({ method: "releaseExecute", request: req, opts });
    return Promise.resolve(
      create(ReleaseExecuteResponseSchema, {
        sessionId: req.sessionId,
        operationId: req.operationId,
      }),
    );
  }

  releaseSession(req: ReleaseSessionRequest, opts?: CallOptions): Promise<ReleaseSessionResponse> {
    this.calls.push({ method: "releaseSession", request: req, opts });
    return Promise.resolve(create(ReleaseSessionResponseSchema, { sessionId: req.sessionId }));
  }

  fetchErrorDetails(
    req: FetchErrorDetailsRequest,
    opts?: CallOptions,
  ): Promise<FetchErrorDetailsResponse> {
    this.calls.push({ method: "fetchErrorDetails", request: req, opts });
    if (this.errorDetails === undefined) {
      return Promise.reject(new RpcError(Code.NOT_FOUND, `no details scripted for ${req.errorId}`));
    }
    return Promise.resolve(create(FetchErrorDetailsResponseSchema, this.errorDetails));
  }

  addArtifacts(
    reqs: Iterable<AddArtifactsRequest>,
    opts?: CallOptions,
  ): Promise<AddArtifactsResponse> {
    this.calls.push({ method: "addArtifacts", request: [...reqs], opts });
    return Promise.resolve(create(AddArtifactsResponseSchema, {}));
  }

  probe(): Promise<"listening" | "unreachable"> {
    this.calls.push({ method: "probe", request: undefined });
    const answer = this.probeAnswers.length > 1 ? this.probeAnswers.shift()! : this.probeAnswers[0];
    return Promise.resolve(answer);
  }

  waitForReady(): Promise<boolean> {
    return Promise.resolve(true);
  }

  close(): void {
    this.closed = true;
  }

  async *#play(req: StreamRequest, opts?: CallOptions): AsyncGenerator<ExecutePlanResponse> {
    const script = this.streams.shift();
    if (script === undefined) {
      throw new Error(`fake transport: no stream scripted for call ${this.calls.length}`);
    }
    const steps = typeof script === "function" ? script(req) : script;
    const signal = opts?.signal;
    let played = 0;
    try {
      signal?.throwIfAborted();
      for (const step of steps) {
        // Like the gRPC transport: an aborted call ends with the signal's reason.
        signal?.throwIfAborted();
        played++;
        if (step === HANG) await untilAborted(signal);
        else if (step instanceof Error) throw step;
        else yield step;
      }
    } finally {
      if (played < steps.length) this.streamsClosedEarly++;
    }
  }
}

function untilAborted(signal?: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal === undefined) throw new Error("fake transport: HANG needs a signal");
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/** Server-side session id the scripted responses carry unless told otherwise. */
export const SERVER_SESSION = "8f5d6a3e-0000-4000-8000-00000000a11c";

type ResponseType = ExecutePlanResponse["responseType"];

/** A response with an id, carrying `responseType`. */
export function response(
  responseId: string,
  responseType: ResponseType,
  serverSideSessionId = SERVER_SESSION,
): ExecutePlanResponse {
  return create(ExecutePlanResponseSchema, { responseId, serverSideSessionId, responseType });
}

/** An Arrow batch response (the bytes are not decoded unless a test reads them). */
export function batch(
  responseId: string,
  data: Uint8Array = new Uint8Array(),
  chunk?: { index: number; of: number },
): ExecutePlanResponse {
  return response(responseId, {
    case: "arrowBatch",
    value: {
      rowCount: 0n,
      data,
      chunkIndex: chunk === undefined ? undefined : BigInt(chunk.index),
      numChunksInBatch: chunk === undefined ? undefined : BigInt(chunk.of),
    } as never,
  });
}

/** The `result_complete` response. */
export function complete(responseId: string): ExecutePlanResponse {
  return response(responseId, { case: "resultComplete", value: {} as never });
}

/** An `execution_progress` response. */
export function progress(
  responseId: string,
  stages: { stageId: number; numTasks: number; numCompletedTasks: number; done: boolean }[],
  numInflightTasks: number,
): ExecutePlanResponse {
  return response(responseId, {
    case: "executionProgress",
    value: {
      stages: stages.map((s) => ({
        stageId: BigInt(s.stageId),
        numTasks: BigInt(s.numTasks),
        numCompletedTasks: BigInt(s.numCompletedTasks),
        inputBytesRead: 1024n,
        done: s.done,
      })),
      numInflightTasks: BigInt(numInflightTasks),
    } as never,
  });
}

/**
 * A reattach script that answers like a server holding `log`: everything after the request's
 * `last_response_id` (all of it when none is given), optionally cut after `take` responses.
 */
export function resumeFrom(log: ExecutePlanResponse[], take = Infinity): StreamScript {
  return (req) => {
    const last = "lastResponseId" in req ? req.lastResponseId : undefined;
    const at = last === undefined ? 0 : log.findIndex((r) => r.responseId === last) + 1;
    if (at === 0 && last !== undefined) {
      return [rpcError(Code.INTERNAL, `unknown response id ${last}`, {
        errorClass: "INVALID_CURSOR.POSITION_NOT_FOUND",
      })];
    }
    return log.slice(at, at + take);
  };
}

/** What a scripted server error carries in its `google.rpc.Status` details. */
export interface ErrorFacts {
  /** ErrorInfo.reason: the JVM exception class. */
  reason?: string;
  classes?: string[];
  errorClass?: string;
  sqlState?: string;
  messageParameters?: Record<string, string>;
  errorId?: string;
  /** Adds a RetryInfo with this delay. */
  retryDelayMs?: number;
}

/** An {@linkcode RpcError} as the gRPC transport builds it from a Spark Connect failure. */
export function rpcError(code: number, message: string, facts: ErrorFacts = {}): RpcError {
  const details = [];
  const hasInfo = facts.reason ?? facts.classes ?? facts.errorClass ?? facts.sqlState ??
    facts.messageParameters ?? facts.errorId;
  if (hasInfo !== undefined) {
    const metadata: Record<string, string> = {};
    if (facts.classes) metadata.classes = JSON.stringify(facts.classes);
    if (facts.errorClass) metadata.errorClass = facts.errorClass;
    if (facts.sqlState) metadata.sqlState = facts.sqlState;
    if (facts.messageParameters) {
      metadata.messageParameters = JSON.stringify(facts.messageParameters);
    }
    if (facts.errorId) metadata.errorId = facts.errorId;
    details.push(anyPack(
      ErrorInfoSchema,
      create(ErrorInfoSchema, { reason: facts.reason ?? "", domain: "org.apache.spark", metadata }),
    ));
  }
  if (facts.retryDelayMs !== undefined) {
    details.push(anyPack(
      RetryInfoSchema,
      create(RetryInfoSchema, {
        retryDelay: {
          seconds: BigInt(Math.floor(facts.retryDelayMs / 1000)),
          nanos: (facts.retryDelayMs % 1000) * 1_000_000,
        },
      }),
    ));
  }
  const status = create(StatusSchema, { code, message, details });
  return new RpcError(code, message, status);
}
