/**
 * The wire: the only module that knows gRPC. Everything above talks to the small
 * {@linkcode Transport} interface, so retry and reattach can be tested with a scripted fake.
 *
 * @module
 */
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { fromBinary, toBinary } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { connect as tcpConnect } from "node:net";
import { acceptLargeFrames, FLOW_CONTROL_WINDOW } from "./http2_frames.ts";
import { type Status, StatusSchema } from "./proto/gen/google/rpc/status_pb.ts";
import * as pb from "./proto/gen/spark/connect/base_pb.ts";
import { type ConnectionOptions, target } from "./url.ts";

/** Per-call options every transport method takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** A deadline for unary calls. */
  timeoutMs?: number;
}

/** The Spark Connect service, one method per RPC, free of any gRPC library type. */
export interface Transport {
  executePlan(
    req: pb.ExecutePlanRequest,
    opts?: CallOptions,
  ): AsyncIterable<pb.ExecutePlanResponse>;
  reattachExecute(
    req: pb.ReattachExecuteRequest,
    opts?: CallOptions,
  ): AsyncIterable<pb.ExecutePlanResponse>;
  analyzePlan(req: pb.AnalyzePlanRequest, opts?: CallOptions): Promise<pb.AnalyzePlanResponse>;
  config(req: pb.ConfigRequest, opts?: CallOptions): Promise<pb.ConfigResponse>;
  interrupt(req: pb.InterruptRequest, opts?: CallOptions): Promise<pb.InterruptResponse>;
  releaseExecute(
    req: pb.ReleaseExecuteRequest,
    opts?: CallOptions,
  ): Promise<pb.ReleaseExecuteResponse>;
  releaseSession(
    req: pb.ReleaseSessionRequest,
    opts?: CallOptions,
  ): Promise<pb.ReleaseSessionResponse>;
  fetchErrorDetails(
    req: pb.FetchErrorDetailsRequest,
    opts?: CallOptions,
  ): Promise<pb.FetchErrorDetailsResponse>;
  addArtifacts(
    reqs: Iterable<pb.AddArtifactsRequest>,
    opts?: CallOptions,
  ): Promise<pb.AddArtifactsResponse>;
  /** Whether anything accepts TCP connections at the server's address now. */
  probe(timeoutMs?: number): Promise<"listening" | "unreachable">;
  /** Waits until the channel has completed its handshake; false if it could not. */
  waitForReady(timeoutMs: number): Promise<boolean>;
  close(): void;
}

/** gRPC status codes (the numbers are the protocol's). */
export const Code = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
} as const;

/** A failed call: its gRPC status code, message and decoded `google.rpc.Status` details. */
export class RpcError extends Error {
  override name = "RpcError";
  constructor(
    readonly code: number,
    readonly details: string,
    readonly status?: Status,
  ) {
    super(`gRPC ${codeName(code)}: ${details}`);
  }
}

/** The name of a gRPC status code, e.g. `UNAVAILABLE`. */
export function codeName(code: number): string {
  return Object.entries(Code).find(([, v]) => v === code)?.[0] ?? `code ${code}`;
}

const SERVICE = "/spark.connect.SparkConnectService/";

/** {@linkcode Transport} over `@grpc/grpc-js`. */
export class GrpcTransport implements Transport {
  readonly #client: grpc.Client;
  readonly #metadata: grpc.Metadata;

  constructor(private readonly opts: ConnectionOptions) {
    const credentials = opts.useSsl
      ? grpc.credentials.createSsl()
      : grpc.credentials.createInsecure();
    acceptLargeFrames();
    this.#client = new grpc.Client(target(opts), credentials, {
      "grpc.max_receive_message_length": opts.maxMessageSize,
      "grpc.max_send_message_length": opts.maxMessageSize,
      "grpc.primary_user_agent": opts.userAgent,
      // Spark's server (grpc-java) answers pings closer than 5 minutes, or any ping while no call
      // is running, with GOAWAY "too_many_pings": ping only during calls, every 6 minutes.
      "grpc.keepalive_time_ms": 6 * 60_000,
      // A 64 KiB HTTP/2 window makes large results crawl in small steps (bench/RESULTS.md);
      // this value also marks our sessions for 1 MiB frames (./http2_frames.ts).
      "grpc-node.flow_control_window": FLOW_CONTROL_WINDOW,
    });
    this.#metadata = new grpc.Metadata();
    for (const [k, v] of Object.entries(opts.metadata)) this.#metadata.set(k, v);
    if (opts.token !== undefined) this.#metadata.set("authorization", `Bearer ${opts.token}`);
  }

  executePlan(req: pb.ExecutePlanRequest, opts?: CallOptions) {
    return this.#stream("ExecutePlan", pb.ExecutePlanRequestSchema, req, opts);
  }
  reattachExecute(req: pb.ReattachExecuteRequest, opts?: CallOptions) {
    return this.#stream("ReattachExecute", pb.ReattachExecuteRequestSchema, req, opts);
  }
  analyzePlan(req: pb.AnalyzePlanRequest, opts?: CallOptions) {
    return this.#unary(
      "AnalyzePlan",
      pb.AnalyzePlanRequestSchema,
      pb.AnalyzePlanResponseSchema,
      req,
      opts,
    );
  }
  config(req: pb.ConfigRequest, opts?: CallOptions) {
    return this.#unary("Config", pb.ConfigRequestSchema, pb.ConfigResponseSchema, req, opts);
  }
  interrupt(req: pb.InterruptRequest, opts?: CallOptions) {
    return this.#unary(
      "Interrupt",
      pb.InterruptRequestSchema,
      pb.InterruptResponseSchema,
      req,
      opts,
    );
  }
  releaseExecute(req: pb.ReleaseExecuteRequest, opts?: CallOptions) {
    return this.#unary(
      "ReleaseExecute",
      pb.ReleaseExecuteRequestSchema,
      pb.ReleaseExecuteResponseSchema,
      req,
      opts,
    );
  }
  releaseSession(req: pb.ReleaseSessionRequest, opts?: CallOptions) {
    return this.#unary(
      "ReleaseSession",
      pb.ReleaseSessionRequestSchema,
      pb.ReleaseSessionResponseSchema,
      req,
      opts,
    );
  }
  fetchErrorDetails(req: pb.FetchErrorDetailsRequest, opts?: CallOptions) {
    return this.#unary(
      "FetchErrorDetails",
      pb.FetchErrorDetailsRequestSchema,
      pb.FetchErrorDetailsResponseSchema,
      req,
      opts,
    );
  }

  addArtifacts(reqs: Iterable<pb.AddArtifactsRequest>, opts?: CallOptions) {
    return new Promise<pb.AddArtifactsResponse>((resolve, reject) => {
      const call = this.#client.makeClientStreamRequest(
        SERVICE + "AddArtifacts",
        (m: pb.AddArtifactsRequest) => Buffer.from(toBinary(pb.AddArtifactsRequestSchema, m)),
        (b: Buffer) => fromBinary(pb.AddArtifactsResponseSchema, b),
        this.#metadata,
        this.#callOptions(opts),
        (err, res) => err ? reject(toRpcError(err)) : resolve(res!),
      );
      const cancel = () => call.cancel();
      opts?.signal?.addEventListener("abort", cancel, { once: true });
      for (const r of reqs) call.write(r);
      call.end();
    });
  }

  probe(timeoutMs = 1000): Promise<"listening" | "unreachable"> {
    return new Promise((resolve) => {
      const socket = tcpConnect({ host: this.opts.host, port: this.opts.port });
      const done = (result: "listening" | "unreachable") => {
        clearTimeout(timer);
        socket.destroy();
        resolve(result);
      };
      const timer = setTimeout(() => done("unreachable"), timeoutMs);
      socket.once("connect", () => done("listening"));
      socket.once("error", () => done("unreachable"));
    });
  }

  waitForReady(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      this.#client.waitForReady(Date.now() + timeoutMs, (err) => resolve(!err));
    });
  }

  close() {
    this.#client.close();
  }

  #callOptions(opts?: CallOptions): grpc.CallOptions {
    return opts?.timeoutMs === undefined ? {} : { deadline: Date.now() + opts.timeoutMs };
  }

  #unary<I extends DescMessage, O extends DescMessage>(
    method: string,
    inSchema: I,
    outSchema: O,
    req: MessageShape<I>,
    opts?: CallOptions,
  ): Promise<MessageShape<O>> {
    opts?.signal?.throwIfAborted();
    return new Promise((resolve, reject) => {
      const call = this.#client.makeUnaryRequest(
        SERVICE + method,
        (m: MessageShape<I>) => Buffer.from(toBinary(inSchema, m)),
        (b: Buffer) => fromBinary(outSchema, b),
        req,
        this.#metadata,
        this.#callOptions(opts),
        (err, res) => {
          opts?.signal?.removeEventListener("abort", cancel);
          if (err) reject(opts?.signal?.aborted ? opts.signal.reason : toRpcError(err));
          else resolve(res!);
        },
      );
      const cancel = () => call.cancel();
      opts?.signal?.addEventListener("abort", cancel, { once: true });
    });
  }

  async *#stream<I extends DescMessage>(
    method: string,
    inSchema: I,
    req: MessageShape<I>,
    opts?: CallOptions,
  ): AsyncGenerator<pb.ExecutePlanResponse> {
    opts?.signal?.throwIfAborted();
    const call = this.#client.makeServerStreamRequest(
      SERVICE + method,
      (m: MessageShape<I>) => Buffer.from(toBinary(inSchema, m)),
      (b: Buffer) => fromBinary(pb.ExecutePlanResponseSchema, b),
      req,
      this.#metadata,
      this.#callOptions(opts),
    );
    const cancel = () => call.cancel();
    opts?.signal?.addEventListener("abort", cancel, { once: true });
    try {
      for await (const response of call) yield response as pb.ExecutePlanResponse;
    } catch (err) {
      if (opts?.signal?.aborted) throw opts.signal.reason;
      throw toRpcError(err);
    } finally {
      opts?.signal?.removeEventListener("abort", cancel);
      // Ends the call when the consumer stops early (break, throw, abort).
      call.cancel();
    }
  }
}

function toRpcError(err: unknown): RpcError {
  const e = err as Partial<grpc.ServiceError>;
  if (typeof e?.code !== "number") return new RpcError(Code.UNKNOWN, String(err));
  let status: Status | undefined;
  const bin = e.metadata?.get("grpc-status-details-bin")?.[0];
  if (bin instanceof Uint8Array) {
    try {
      status = fromBinary(StatusSchema, bin);
    } catch {
      // Undecodable details: the code and message still say what happened.
    }
  }
  return new RpcError(e.code, e.details ?? e.message ?? "", status);
}
