/**
 * The Jupyter wire protocol: connection files, message headers, and messages as signed frames
 * (`<IDS|MSG>`, HMAC-SHA256 signature, header, parent header, metadata, content, buffers).
 *
 * @example
 * ```ts
 * const frames = encodeMessage(info.key, msg);
 * const back = decodeMessage(info.key, frames); // undefined if the signature does not match
 * ```
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * A kernel's connection file (`jupyter_client`'s format).
 *
 * @example
 * const info: ConnectionInfo = JSON.parse(await Deno.readTextFile("kernel-1234.json"));
 */
export interface ConnectionInfo {
  /** Only TCP is spoken. */
  transport: "tcp";
  /** The address the kernel listens on (127.0.0.1). */
  ip: string;
  /** Requests (execute, kernel_info). */
  shell_port: number;
  /** Broadcasts (status, outputs). */
  iopub_port: number;
  /** Input requests (unused: runs allow no stdin). */
  stdin_port: number;
  /** Interrupts and shutdowns. */
  control_port: number;
  /** Heartbeat echo. */
  hb_port: number;
  /** The HMAC key signing every message. */
  key: string;
  /** Only HMAC-SHA256 is spoken. */
  signature_scheme: "hmac-sha256";
  /** The kernelspec name. */
  kernel_name?: string;
}

/**
 * The header of a Jupyter message.
 *
 * @example
 * const sent: MessageHeader = client.message("kernel_info_request", {}).header;
 */
export interface MessageHeader {
  /** Unique per message; replies and outputs name it as their parent. */
  msg_id: string;
  /** The sender's session. */
  session: string;
  /** The sender's user name. */
  username: string;
  /** When it was sent (ISO 8601). */
  date: string;
  /** `execute_request`, `status`, `stream`, ... */
  msg_type: string;
  /** The protocol version (5.3). */
  version: string;
}

/**
 * The socket a message travelled on.
 *
 * @example
 * const channel: Channel = "control"; // where interrupts go
 */
export type Channel = "shell" | "control" | "iopub";

/**
 * A Jupyter message.
 *
 * @example
 * const msg: KernelMessage = client.message("execute_request", { code: "1 + 1" });
 */
export interface KernelMessage<C = Record<string, unknown>> {
  /** This message's header. */
  header: MessageHeader;
  /** The header of the request it answers (empty for requests). */
  parent_header: Partial<MessageHeader>;
  /** Message metadata. */
  metadata: Record<string, unknown>;
  /** The message body. */
  content: C;
  /** Binary buffers after the JSON frames. */
  buffers: Uint8Array[];
  /** Where it came from (or goes to). */
  channel?: Channel;
}

const DELIMITER = "<IDS|MSG>";
const encoder = new TextEncoder();
const decoder = new TextDecoder();
/**
 * The messaging protocol version this client speaks.
 *
 * @example
 * const header = { ...fields, version: PROTOCOL_VERSION };
 */
export const PROTOCOL_VERSION = "5.3";

/**
 * The hex HMAC-SHA256 of the four JSON frames of a message, as the wire carries it.
 *
 * @example
 * const sig = signFrames("secret", [header, parent, metadata, content]);
 */
export function signFrames(key: string, frames: (string | Uint8Array)[]): string {
  const hmac = createHmac("sha256", key);
  for (const frame of frames) hmac.update(frame);
  return hmac.digest("hex");
}

/**
 * The wire frames of `msg`: `<IDS|MSG>`, signature, header, parent header, metadata, content,
 * buffers.
 *
 * @example
 * await shellSocket.send(encodeMessage(key, client.message("kernel_info_request", {})));
 */
export function encodeMessage(key: string, msg: KernelMessage): Uint8Array[] {
  const parts = [msg.header, msg.parent_header, msg.metadata, msg.content].map((p) =>
    JSON.stringify(p)
  );
  const frames = [DELIMITER, signFrames(key, parts), ...parts].map((f) => encoder.encode(f));
  return [...frames, ...msg.buffers];
}

/**
 * Decodes wire frames into a message; `undefined` when the frames are malformed or the
 * signature does not match `key` (a stale kernel, or someone else's).
 *
 * @example
 * for await (const frames of shellSocket) console.log(decodeMessage(key, frames)?.header.msg_type);
 */
export function decodeMessage(key: string, frames: Uint8Array[]): KernelMessage | undefined {
  const at = frames.findIndex((f) => f.length === DELIMITER.length && text(f) === DELIMITER);
  if (at < 0 || frames.length < at + 6) return undefined;
  const [sig, ...parts] = frames.slice(at + 1, at + 6);
  const expected = Buffer.from(signFrames(key, parts));
  const given = Buffer.from(sig);
  if (key !== "" && (given.length !== expected.length || !timingSafeEqual(given, expected))) {
    return undefined;
  }
  try {
    const [header, parent_header, metadata, content] = parts.map((p) => JSON.parse(text(p)));
    return { header, parent_header, metadata, content, buffers: frames.slice(at + 6) };
  } catch {
    return undefined;
  }
}

/**
 * A frame's bytes as UTF-8 text.
 *
 * @example
 * text(frames[0]); // "<IDS|MSG>"
 */
export function text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
