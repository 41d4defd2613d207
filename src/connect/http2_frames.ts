/**
 * Large HTTP/2 frames for Spark Connect channels. A peer may send DATA frames only as large as
 * the receiver's `SETTINGS_MAX_FRAME_SIZE`, 16 KiB unless the receiver raises it, and grpc-js
 * has no option to raise it: a 5M-row result then arrives as ~20,000 chunks, each paying for a
 * stream event and a decoder step in the client (bench/RESULTS.md). This module raises it for
 * the HTTP/2 sessions our channels open, recognised by the flow-control window they ask for.
 *
 * @module
 */
import http2 from "node:http2";

/** The HTTP/2 window our channels ask for (`grpc-node.flow_control_window`): 16 MiB. */
export const FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;

/** The largest frame our channels accept: 1 MiB (HTTP/2 allows up to 16 MiB - 1). */
export const MAX_FRAME_SIZE = 1024 * 1024;

let installed = false;

/**
 * Makes every later HTTP/2 client session that asks for {@linkcode FLOW_CONTROL_WINDOW}
 * (that is, grpc-js channels created by `GrpcTransport`) also advertise
 * {@linkcode MAX_FRAME_SIZE}. Other sessions are left as they are. Idempotent.
 */
export function acceptLargeFrames(): void {
  if (installed) return;
  installed = true;
  const connect = http2.connect;
  const wrapped = (
    authority: string | URL,
    options?: http2.ClientSessionOptions,
    listener?: (session: http2.ClientHttp2Session, socket: unknown) => void,
  ) => {
    const ours = options?.settings?.initialWindowSize === FLOW_CONTROL_WINDOW;
    const opts = ours
      ? { ...options, settings: { ...options?.settings, maxFrameSize: MAX_FRAME_SIZE } }
      : options;
    return connect(authority, opts, listener);
  };
  http2.connect = wrapped as typeof http2.connect;
}
