/**
 * The client side of ZeroMQ's wire protocol (ZMTP 3.0, NULL security) over one TCP connection,
 * for the three socket types a Jupyter client needs: DEALER (shell, control), SUB (IOPub) and
 * REQ (heartbeat). Written on `Deno.connect` because the `zeromq` native addon crashes under
 * Deno (its libuv poll and timer callbacks fire after a socket is closed); a kernel has exactly
 * one peer per socket, so no routing, queuing across peers or reconnection is needed.
 *
 * A SUB socket answers every batch of data it reads with its subscription, repeated (a no-op
 * for the publisher): the Deno kernel (2.9) writes each IOPub message as one small write under
 * Nagle's algorithm, so a message waits until the previous one is acknowledged, and Linux may
 * hold that acknowledgement ~40 ms; data sent back carries it at once. Measured on 30 small
 * cells: about a third of the cells stalled ~40 ms without it, almost none with it.
 *
 * @example
 * ```ts
 * const dealer = await ZmtpSocket.connect("DEALER", "127.0.0.1", 5555);
 * await dealer.send([new TextEncoder().encode("hello")]);
 * for await (const frames of dealer) console.log(frames.length);
 * ```
 *
 * @module
 */

/**
 * The socket types this client speaks.
 *
 * @example
 * const type: ZmtpSocketType = "DEALER";
 */
export type ZmtpSocketType = "DEALER" | "SUB" | "REQ";

const MORE = 0x01;
const LONG = 0x02;
const COMMAND = 0x04;
const encoder = new TextEncoder();
/** ZMTP 3.0's subscribe message for every topic: 0x01 and an empty prefix. */
const SUBSCRIBE_ALL = encodeFrames([new Uint8Array([1])]);
/** How often a refused connection is retried while the peer starts (it costs a connect). */
const CONNECT_RETRY_MS = 10;

/** The 64-byte greeting: signature, version 3.0, mechanism NULL, as-server 0, filler. */
function greeting(): Uint8Array {
  const buf = new Uint8Array(64);
  buf[0] = 0xff;
  buf[9] = 0x7f;
  buf[10] = 3;
  buf[11] = 0;
  buf.set(encoder.encode("NULL"), 12);
  return buf;
}

/**
 * The wire bytes of one message: each frame with its flags (MORE on all but the last) and a
 * 1-byte or 8-byte size.
 *
 * @example
 * const bytes = encodeFrames([new Uint8Array([1, 2])]); // [0x00, 0x02, 1, 2]
 */
export function encodeFrames(frames: Uint8Array[], command = false): Uint8Array {
  const sizes = frames.map((f) => (f.length > 255 ? 9 : 2) + f.length);
  const out = new Uint8Array(sizes.reduce((a, b) => a + b, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  frames.forEach((frame, i) => {
    const flags = (i < frames.length - 1 ? MORE : 0) | (command ? COMMAND : 0);
    if (frame.length > 255) {
      out[at] = flags | LONG;
      view.setBigUint64(at + 1, BigInt(frame.length));
      at += 9;
    } else {
      out[at] = flags;
      out[at + 1] = frame.length;
      at += 2;
    }
    out.set(frame, at);
    at += frame.length;
  });
  return out;
}

function readyCommand(type: ZmtpSocketType): Uint8Array {
  const name = encoder.encode("READY");
  const prop = encoder.encode("Socket-Type");
  const value = encoder.encode(type);
  const body = new Uint8Array(1 + name.length + 1 + prop.length + 4 + value.length);
  let at = 0;
  body[at++] = name.length;
  body.set(name, at);
  at += name.length;
  body[at++] = prop.length;
  body.set(prop, at);
  at += prop.length;
  new DataView(body.buffer).setUint32(at, value.length);
  body.set(value, at + 4);
  return encodeFrames([body], true);
}

/** Reads exact byte counts from a connection, buffering what arrives beyond them. */
class Reader {
  #conn: Deno.Conn;
  #buf = new Uint8Array(64 * 1024);
  #start = 0;
  #end = 0;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** Whether every byte read so far has been consumed. */
  get drained(): boolean {
    return this.#end === this.#start;
  }

  /** The next `n` bytes, or `null` when the connection ends first. */
  async read(n: number): Promise<Uint8Array | null> {
    while (this.#end - this.#start < n) {
      if (this.#buf.length - this.#start < n || this.#end === this.#buf.length) {
        // Move what is buffered to the front of a buffer big enough for `n` bytes.
        const size = Math.max(this.#buf.length, n, (this.#end - this.#start) * 2);
        const next = size === this.#buf.length ? this.#buf : new Uint8Array(size);
        next.set(this.#buf.subarray(this.#start, this.#end)); // `set` handles the overlap
        this.#end -= this.#start;
        this.#start = 0;
        this.#buf = next;
      }
      const got = await this.#conn.read(this.#buf.subarray(this.#end));
      if (got === null) return null;
      this.#end += got;
    }
    const out = this.#buf.slice(this.#start, this.#start + n);
    this.#start += n;
    return out;
  }

  /** The next message (its frames) and whether it was a command; `null` at the end. */
  async message(): Promise<{ frames: Uint8Array[]; command: boolean } | null> {
    const frames: Uint8Array[] = [];
    while (true) {
      const head = await this.read(2);
      if (!head) return null;
      let size = head[1];
      if (head[0] & LONG) {
        const rest = await this.read(7);
        if (!rest) return null;
        const eight = new Uint8Array([head[1], ...rest]);
        size = Number(new DataView(eight.buffer).getBigUint64(0));
      }
      const body = await this.read(size);
      if (!body) return null;
      frames.push(body);
      if (!(head[0] & MORE)) return { frames, command: (head[0] & COMMAND) !== 0 };
    }
  }
}

/**
 * One ZMTP connection acting as a DEALER, SUB or REQ socket. Iterating it yields incoming
 * messages (commands skipped; a REQ's empty delimiter removed) until it is closed or the peer
 * goes away.
 *
 * @example
 * const sub = await ZmtpSocket.connect("SUB", "127.0.0.1", iopubPort);
 * for await (const frames of sub) handle(frames);
 */
export class ZmtpSocket implements AsyncIterable<Uint8Array[]> {
  /** The socket type this connection acts as. */
  readonly type: ZmtpSocketType;
  readonly #conn: Deno.Conn;
  readonly #reader: Reader;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  private constructor(type: ZmtpSocketType, conn: Deno.Conn, reader: Reader) {
    this.type = type;
    this.#conn = conn;
    this.#reader = reader;
  }

  /**
   * Connects to `host:port` and completes the handshake; a refused connection is retried every
   * 10 ms until `deadline` (epoch ms), for a peer that is still starting.
   *
   * @example
   * const shell = await ZmtpSocket.connect("DEALER", "127.0.0.1", 5555, Date.now() + 10_000);
   */
  static async connect(
    type: ZmtpSocketType,
    host: string,
    port: number,
    deadline = Date.now(),
    signal?: AbortSignal,
  ): Promise<ZmtpSocket> {
    let conn: Deno.Conn;
    while (true) {
      signal?.throwIfAborted();
      try {
        conn = await Deno.connect({ hostname: host, port, transport: "tcp" });
        break;
      } catch (err) {
        if (!(err instanceof Deno.errors.ConnectionRefused) || Date.now() >= deadline) throw err;
        await new Promise((r) => setTimeout(r, CONNECT_RETRY_MS));
      }
    }
    // A peer that accepts but never answers the handshake must not hang us: give up at the
    // deadline (at least 10 s from now) or on abort, by closing the connection.
    const giveUp = () => conn.close();
    const timer = setTimeout(giveUp, Math.max(deadline - Date.now(), 10_000));
    signal?.addEventListener("abort", giveUp, { once: true });
    try {
      (conn as Deno.TcpConn).setNoDelay(true);
      const reader = new Reader(conn);
      await writeAll(conn, greeting());
      const peer = await reader.read(64);
      if (!peer || peer[0] !== 0xff || peer[9] !== 0x7f || peer[10] < 3) {
        throw new Error(`${host}:${port} does not speak ZMTP 3`);
      }
      await writeAll(conn, readyCommand(type));
      const ready = await reader.message();
      if (!ready?.command) throw new Error(`${host}:${port} sent no READY`);
      const socket = new ZmtpSocket(type, conn, reader);
      // ZMTP 3.0 subscriptions are messages: 0x01 + prefix (empty: everything).
      if (type === "SUB") await socket.#write(SUBSCRIBE_ALL);
      return socket;
    } catch (err) {
      try {
        conn.close();
      } catch { /* closed by giveUp */ }
      throw err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", giveUp);
    }
  }

  /**
   * Sends one message; writes never interleave.
   *
   * @example
   * await socket.send([encoder.encode("ping")]);
   */
  send(frames: Uint8Array[]): Promise<void> {
    if (this.#closed) return Promise.reject(new Error("the socket is closed"));
    const all = this.type === "REQ" ? [new Uint8Array(0), ...frames] : frames;
    return this.#write(encodeFrames(all));
  }

  #write(bytes: Uint8Array): Promise<void> {
    const next = this.#writing.then(() => writeAll(this.#conn, bytes));
    this.#writing = next.catch(() => {});
    return next;
  }

  /**
   * Yields each incoming message until the socket closes or the peer disconnects.
   *
   * @example
   * for await (const frames of socket) console.log(frames.length);
   */
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array[]> {
    while (!this.#closed) {
      let msg;
      try {
        msg = await this.#reader.message();
      } catch (err) {
        if (this.#closed) return;
        throw err;
      }
      if (!msg) return;
      // Acknowledge what was read at once (see the module doc); once per batch, not per message.
      if (this.type === "SUB" && this.#reader.drained) this.#write(SUBSCRIBE_ALL).catch(() => {});
      if (msg.command) continue;
      yield this.type === "REQ" && msg.frames[0]?.length === 0 ? msg.frames.slice(1) : msg.frames;
    }
  }

  /**
   * Closes the connection; a pending read ends.
   *
   * @example
   * socket.close();
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch { /* already closed */ }
  }
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let at = 0;
  while (at < bytes.length) at += await conn.write(bytes.subarray(at));
}
