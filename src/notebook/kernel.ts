/**
 * A Jupyter kernel client: DEALER sockets for shell and control, SUB for IOPub, REQ for the
 * heartbeat (ZMTP in `zmtp.ts`, signed messages in `messages.ts`). Each socket has one receive
 * loop that dispatches by `parent_header.msg_id`: replies settle the request that asked, IOPub
 * messages go to the handlers registered for their parent (and to any catch-all handlers).
 *
 * @example
 * ```ts
 * await using client = await KernelClient.connect(connectionInfo);
 * const msg = client.message("kernel_info_request", {});
 * const reply = await client.request("shell", msg);
 * console.log(reply.content.implementation);
 * ```
 *
 * @module
 */
import {
  type Channel,
  type ConnectionInfo,
  decodeMessage,
  encodeMessage,
  type KernelMessage,
  type MessageHeader,
  PROTOCOL_VERSION,
  text,
} from "./messages.ts";
import { ZmtpSocket } from "./zmtp.ts";

/**
 * Receives IOPub messages.
 *
 * @example
 * const log: IopubHandler = (msg) => console.error(msg.header.msg_type);
 */
export type IopubHandler = (msg: KernelMessage) => void;

const encoder = new TextEncoder();

interface Pending {
  resolve: (msg: KernelMessage) => void;
  reject: (err: Error) => void;
}

/**
 * How {@linkcode KernelClient.connect} waits for a kernel that is still starting.
 *
 * @example
 * const client = await KernelClient.connect(info, { deadline: Date.now() + 10_000 });
 */
export interface ConnectOptions {
  /** Keep retrying refused connections until this time (epoch ms; default: no retry). */
  deadline?: number;
  /** Gives up connecting. */
  signal?: AbortSignal;
}

/**
 * A connection to a running kernel. Requests are matched to replies by message id; IOPub
 * messages are routed to handlers by their parent's message id, and keep being routed until the
 * handler is removed (outputs can arrive after `status: idle`).
 *
 * @example
 * const client = await KernelClient.connect(info);
 * const msg = client.message("execute_request", { code: "1 + 1", silent: false });
 * const off = client.onIopub(msg.header.msg_id, (m) => console.log(m.header.msg_type));
 * await client.request("shell", msg);
 * off();
 * await client.close();
 */
export class KernelClient implements AsyncDisposable {
  readonly #info: ConnectionInfo;
  readonly #session = crypto.randomUUID();
  readonly #shell: ZmtpSocket;
  readonly #control: ZmtpSocket;
  readonly #iopub: ZmtpSocket;
  #heartbeat: ZmtpSocket | undefined;
  readonly #pending = new Map<string, Pending>();
  readonly #iopubHandlers = new Map<string, Set<IopubHandler>>();
  readonly #anyIopub = new Set<IopubHandler>();
  readonly #loops: Promise<void>[];
  #failure: Error | undefined;
  #closed = false;

  private constructor(info: ConnectionInfo, sockets: ZmtpSocket[]) {
    this.#info = info;
    [this.#shell, this.#control, this.#iopub] = sockets;
    this.#loops = [
      this.#receiveLoop(this.#shell, "shell"),
      this.#receiveLoop(this.#control, "control"),
      this.#receiveLoop(this.#iopub, "iopub"),
    ];
  }

  /**
   * Connects the shell, control and IOPub sockets to the kernel described by `info` (a
   * connection file's content).
   *
   * @example
   * const info = JSON.parse(await Deno.readTextFile("kernel.json"));
   * const client = await KernelClient.connect(info, { deadline: Date.now() + 10_000 });
   */
  static async connect(info: ConnectionInfo, opts: ConnectOptions = {}): Promise<KernelClient> {
    if (info.signature_scheme !== "hmac-sha256") {
      throw new Error(`unsupported signature scheme ${info.signature_scheme}`);
    }
    if (info.transport !== "tcp") throw new Error(`unsupported transport ${info.transport}`);
    const connect = (type: "DEALER" | "SUB", port: number) =>
      ZmtpSocket.connect(type, info.ip, port, opts.deadline, opts.signal);
    const sockets = await Promise.allSettled([
      connect("DEALER", info.shell_port),
      connect("DEALER", info.control_port),
      connect("SUB", info.iopub_port),
    ]);
    const failed = sockets.find((s) => s.status === "rejected");
    if (failed) {
      for (const s of sockets) if (s.status === "fulfilled") s.value.close();
      throw (failed as PromiseRejectedResult).reason;
    }
    return new KernelClient(
      info,
      sockets.map((s) => (s as PromiseFulfilledResult<ZmtpSocket>).value),
    );
  }

  /**
   * A new message of type `msgType` in this client's session.
   *
   * @example
   * const msg = client.message("interrupt_request", {});
   */
  message(msgType: string, content: Record<string, unknown>): KernelMessage {
    const header: MessageHeader = {
      msg_id: crypto.randomUUID(),
      session: this.#session,
      username: "lakebook",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    };
    return { header, parent_header: {}, metadata: {}, content, buffers: [] };
  }

  /**
   * Sends `msg` on `channel` and resolves to its reply; rejects when the client fails or closes
   * first, or after `timeoutMs`.
   *
   * @example
   * const reply = await client.request("control", client.message("shutdown_request", {
   *   restart: false,
   * }), { timeoutMs: 2000 });
   */
  request(
    channel: "shell" | "control",
    msg: KernelMessage,
    opts: { timeoutMs?: number } = {},
  ): Promise<KernelMessage> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = msg.header.msg_id;
    const reply = new Promise<KernelMessage>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        this.#pending.delete(id);
      };
      this.#pending.set(id, {
        resolve: (m) => (done(), resolve(m)),
        reject: (e) => (done(), reject(e)),
      });
      if (opts.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          done();
          reject(new Error(`no ${msg.header.msg_type} reply within ${opts.timeoutMs} ms`));
        }, opts.timeoutMs);
      }
    });
    const socket = channel === "shell" ? this.#shell : this.#control;
    socket.send(encodeMessage(this.#info.key, msg)).catch((err) =>
      this.#pending.get(id)?.reject(err)
    );
    return reply;
  }

  /**
   * Routes IOPub messages whose parent is `parentMsgId` to `handler` until the returned
   * function is called.
   *
   * @example
   * const off = client.onIopub(msg.header.msg_id, (m) => outputs.push(m));
   */
  onIopub(parentMsgId: string, handler: IopubHandler): () => void {
    let set = this.#iopubHandlers.get(parentMsgId);
    if (!set) this.#iopubHandlers.set(parentMsgId, set = new Set());
    set.add(handler);
    return () => {
      set.delete(handler);
      if (set.size === 0) this.#iopubHandlers.delete(parentMsgId);
    };
  }

  /**
   * Receives every IOPub message (readiness checks, logging) until the returned function is
   * called.
   *
   * @example
   * let sawIopub = false;
   * const off = client.onAnyIopub(() => sawIopub = true);
   */
  onAnyIopub(handler: IopubHandler): () => void {
    this.#anyIopub.add(handler);
    return () => this.#anyIopub.delete(handler);
  }

  /**
   * Pings the heartbeat socket; true if the kernel echoed within `timeoutMs`. (The Deno kernel
   * answers from its protocol thread, so a busy cell does not stop the echo.)
   *
   * @example
   * if (!await client.heartbeat(1000)) console.error("kernel not answering");
   */
  async heartbeat(timeoutMs: number): Promise<boolean> {
    if (this.#closed) return false;
    const ping = encoder.encode(crypto.randomUUID());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((r) =>
      timer = setTimeout(() => r(undefined), timeoutMs)
    );
    try {
      this.#heartbeat ??= await ZmtpSocket.connect("REQ", this.#info.ip, this.#info.hb_port);
      const socket = this.#heartbeat;
      await socket.send([ping]);
      const next = socket[Symbol.asyncIterator]().next();
      next.catch(() => {});
      const got = await Promise.race([next, timeout]);
      if (got && !got.done && text(got.value[0]) === text(ping)) return true;
    } catch {
      /* below: start over */
    } finally {
      clearTimeout(timer);
    }
    // A REQ socket that missed its reply is stuck: the next ping uses a fresh connection.
    this.#heartbeat?.close();
    this.#heartbeat = undefined;
    return false;
  }

  /**
   * Rejects every pending request with `err`, and every later one (the kernel died).
   *
   * @example
   * kernelProcess.exited.then(() => client.fail(new Error("kernel died")));
   */
  fail(err: Error): void {
    this.#failure ??= err;
    for (const pending of [...this.#pending.values()]) pending.reject(this.#failure);
  }

  /**
   * Why the client failed, if it did.
   *
   * @example
   * if (client.failure) throw client.failure;
   */
  get failure(): Error | undefined {
    return this.#failure;
  }

  /**
   * Closes every socket and waits for the receive loops to end.
   *
   * @example
   * await client.close();
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.fail(new Error("the kernel client is closed"));
    for (const s of [this.#shell, this.#control, this.#iopub, this.#heartbeat]) s?.close();
    await Promise.allSettled(this.#loops);
  }

  /**
   * Same as {@linkcode KernelClient.close}.
   *
   * @example
   * await using client = await KernelClient.connect(info);
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #receiveLoop(socket: ZmtpSocket, channel: Channel): Promise<void> {
    try {
      for await (const frames of socket) {
        const msg = decodeMessage(this.#info.key, frames);
        if (!msg) continue;
        msg.channel = channel;
        if (channel === "iopub") this.#dispatchIopub(msg);
        else this.#pending.get(msg.parent_header.msg_id ?? "")?.resolve(msg);
      }
      if (!this.#closed) this.fail(new Error(`the kernel closed its ${channel} socket`));
    } catch (err) {
      if (!this.#closed) this.fail(err as Error);
    }
  }

  #dispatchIopub(msg: KernelMessage): void {
    for (const handler of this.#anyIopub) handler(msg);
    const handlers = this.#iopubHandlers.get(msg.parent_header.msg_id ?? "");
    for (const handler of handlers ?? []) handler(msg);
  }
}
