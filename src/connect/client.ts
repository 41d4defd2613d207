/**
 * The Spark Connect client: one session on one server. It owns the session ids, checks that the
 * server-side session never changes, retries under the policy, turns failures into
 * {@linkcode SparkConnectError}s, and releases the session on close. It builds no plans.
 *
 * @module
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  AnalyzePlanRequestSchema,
  type AnalyzePlanResponse,
  type ConfigRequest_OperationSchema,
  ConfigRequestSchema,
  type ConfigResponse,
  type ExecutePlanResponse,
  FetchErrorDetailsRequestSchema,
  InterruptRequest_InterruptType,
  InterruptRequestSchema,
  type Plan,
  ReleaseSessionRequestSchema,
  type UserContext,
} from "./proto/gen/spark/connect/base_pb.ts";
import {
  ConnectionError,
  factsFromRpcError,
  SparkConnectError,
  sparkError,
  withErrorDetails,
} from "./errors.ts";
import { execute, type ExecuteOptions } from "./execute.ts";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetry } from "./retry.ts";
import { Code, GrpcTransport, RpcError, type Transport } from "./transport.ts";
import { type ConnectionOptions, parseConnectionString, redactUrl } from "./url.ts";

/** Options of {@linkcode SparkConnectClient.connect}. */
export interface ClientOptions {
  retryPolicy?: Partial<RetryPolicy>;
  /** How long to wait for the first handshake (default 10 s). */
  connectTimeoutMs?: number;
  /** A transport to use instead of gRPC (tests script one). */
  transport?: Transport;
  signal?: AbortSignal;
}

const CLIENT_TYPE = `lakebook/0.1 deno/${Deno.version.deno}`;

/**
 * One Spark Connect session: execute plans, analyze them, read and set config.
 *
 * @example
 * await using client = await SparkConnectClient.connect("sc://127.0.0.1:15002");
 * const version = await client.sparkVersion();
 */
export class SparkConnectClient {
  readonly sessionId: string;
  readonly userContext: UserContext;
  readonly retryPolicy: RetryPolicy;
  #serverSideSessionId?: string;
  #closed = false;

  private constructor(
    readonly transport: Transport,
    readonly options: ConnectionOptions,
    /** The URL with its token hidden, for messages. */
    readonly url: string,
    retryPolicy: Partial<RetryPolicy> = {},
  ) {
    this.sessionId = options.sessionId ?? crypto.randomUUID();
    this.userContext = { userId: options.userId, userName: options.userId } as UserContext;
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...retryPolicy };
  }

  /**
   * Connects to the server at a `sc://` URL and checks that it answers: a missing server or a
   * TLS/plaintext mismatch fails at once with a message that says so.
   *
   * @example
   * const client = await SparkConnectClient.connect("sc://127.0.0.1:15002/;user_id=ana");
   */
  static async connect(url: string, opts: ClientOptions = {}): Promise<SparkConnectClient> {
    const options = parseConnectionString(url);
    const shown = redactUrl(url);
    const transport = opts.transport ?? new GrpcTransport(options);
    const client = new SparkConnectClient(transport, options, shown, opts.retryPolicy);
    if (opts.transport) return client;
    try {
      if (await transport.probe(opts.connectTimeoutMs ?? 3_000) === "unreachable") {
        throw client.#connectionError(
          `no Spark Connect server at ${shown}: start one with lakebook spark start or set SPARK_REMOTE`,
        );
      }
      if (!await transport.waitForReady(opts.connectTimeoutMs ?? 10_000)) {
        const [mode, fix] = options.useSsl
          ? ["TLS", "if it speaks plaintext (a bare Spark Connect server does), add ;use_ssl=false"]
          : ["plaintext", "if it expects TLS, add ;use_ssl=true"];
        throw client.#connectionError(
          `the server at ${shown} accepts connections but did not complete a ${mode} gRPC handshake: ${fix}`,
        );
      }
    } catch (err) {
      transport.close();
      throw err;
    }
    return client;
  }

  /** The server-side session id, once the server has answered. */
  get serverSideSessionId(): string | undefined {
    return this.#serverSideSessionId;
  }

  /**
   * Executes a plan; see {@linkcode execute} for the stream's guarantees.
   *
   * @example
   * for await (const r of client.execute(plan)) console.log(r.responseType.case);
   */
  execute(plan: Plan, opts: ExecuteOptions = {}): AsyncGenerator<ExecutePlanResponse> {
    this.#checkOpen();
    return execute(
      {
        transport: this.transport,
        sessionId: this.sessionId,
        userContext: this.userContext,
        clientType: CLIENT_TYPE,
        retryPolicy: this.retryPolicy,
        maxMessageSize: this.options.maxMessageSize,
        observeServerSession: (id) => this.#observe(id),
        toError: (err, serverGone) => this.#toError(err, serverGone),
      },
      plan,
      opts,
    );
  }

  /**
   * Runs one AnalyzePlan request (schema, explain, version, ...).
   *
   * @example
   * const res = await client.analyze({ case: "sparkVersion", value: {} });
   */
  async analyze(
    analyze: MessageInitShape<typeof AnalyzePlanRequestSchema>["analyze"],
    opts: { signal?: AbortSignal } = {},
  ): Promise<AnalyzePlanResponse> {
    const req = create(AnalyzePlanRequestSchema, { ...this.#base(), analyze });
    const res = await this.#call(() => this.transport.analyzePlan(req, opts), opts.signal);
    this.#observe(res.serverSideSessionId);
    return res;
  }

  /**
   * Runs one Config request (get, set, unset, ...).
   *
   * @example
   * await client.config({ opType: { case: "set", value: { pairs: [{ key: "k", value: "v" }] } } });
   */
  async config(
    operation: MessageInitShape<typeof ConfigRequest_OperationSchema>,
    opts: { signal?: AbortSignal } = {},
  ): Promise<ConfigResponse> {
    const req = create(ConfigRequestSchema, { ...this.#base(), operation });
    const res = await this.#call(() => this.transport.config(req, opts), opts.signal);
    this.#observe(res.serverSideSessionId);
    return res;
  }

  /**
   * The Spark version of the server.
   *
   * @example
   * await client.sparkVersion(); // "4.2.0"
   */
  async sparkVersion(): Promise<string> {
    const res = await this.analyze({ case: "sparkVersion", value: {} });
    return res.result.case === "sparkVersion" ? res.result.value.version : "";
  }

  /**
   * Interrupts every running operation of this session; returns the interrupted ids.
   *
   * @example
   * await client.interruptAll();
   */
  async interruptAll(): Promise<string[]> {
    const req = create(InterruptRequestSchema, {
      ...this.#base(),
      interruptType: InterruptRequest_InterruptType.ALL,
    });
    const res = await this.#call(() => this.transport.interrupt(req));
    return res.interruptedIds;
  }

  /**
   * Releases the session on the server and closes the channel. Safe to call twice.
   *
   * @example
   * await client.close();
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      if (this.#serverSideSessionId !== undefined) {
        const req = create(ReleaseSessionRequestSchema, {
          sessionId: this.sessionId,
          userContext: this.userContext,
          clientType: CLIENT_TYPE,
        });
        await this.transport.releaseSession(req, { timeoutMs: 5_000 }).catch(() => {});
      }
    } finally {
      this.transport.close();
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #base() {
    this.#checkOpen();
    return {
      sessionId: this.sessionId,
      userContext: this.userContext,
      clientType: CLIENT_TYPE,
      clientObservedServerSideSessionId: this.#serverSideSessionId,
    };
  }

  #checkOpen() {
    if (this.#closed) {
      throw new SparkConnectError({
        message: `the Spark session at ${this.url} is closed`,
        grpcCode: Code.FAILED_PRECONDITION,
        classes: [],
        messageParameters: {},
        causes: [],
      });
    }
  }

  #observe(id: string) {
    if (!id) return;
    if (this.#serverSideSessionId === undefined) this.#serverSideSessionId = id;
    else if (id !== this.#serverSideSessionId) {
      throw this.#connectionError(
        `the server session at ${this.url} changed (the server restarted?): its temporary views, ` +
          `cached data and config are gone; reconnect and rerun`,
      );
    }
  }

  async #call<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await withRetry(fn, this.retryPolicy, () => this.transport.probe(), signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      throw await this.#toError(err, false);
    }
  }

  async #toError(err: unknown, serverGone: boolean): Promise<Error> {
    if (!(err instanceof RpcError)) return err instanceof Error ? err : new Error(String(err));
    if (
      serverGone || (err.code === Code.UNAVAILABLE && await this.transport.probe() !== "listening")
    ) {
      return this.#connectionError(
        `lost the Spark Connect server at ${this.url}: nothing accepts connections there any more ` +
          `(${err.details}); start it again and rerun`,
      );
    }
    let facts = factsFromRpcError(err);
    if (err.code === Code.UNAUTHENTICATED) {
      facts.message =
        `the Spark Connect server at ${this.url} refused the credentials: ${facts.message}` +
        (this.options.token === undefined ? " (add ;token=... to the URL)" : " (check ;token=...)");
    } else if (err.code === Code.RESOURCE_EXHAUSTED) {
      facts.message = `${facts.message} (a message exceeded the ${this.options.maxMessageSize} ` +
        `byte limit: raise ;grpc_max_message_size=... in the URL and the server's ` +
        `spark.connect.grpc.maxInboundMessageSize)`;
    }
    if (facts.errorId !== undefined) {
      try {
        const details = await this.transport.fetchErrorDetails(
          create(FetchErrorDetailsRequestSchema, { ...this.#base(), errorId: facts.errorId }),
          { timeoutMs: 10_000 },
        );
        facts = withErrorDetails(facts, details);
      } catch {
        // The short form from ErrorInfo still says what failed.
      }
    }
    return sparkError(facts);
  }

  #connectionError(message: string): ConnectionError {
    return new ConnectionError({
      message,
      grpcCode: Code.UNAVAILABLE,
      classes: [],
      messageParameters: {},
      causes: [],
    });
  }
}
