/**
 * Parses Spark Connect connection strings:
 * `sc://host[:port]/;token=...;use_ssl=true;user_id=...;user_agent=...;session_id=...;grpc_max_message_size=...`.
 * Unknown parameters are kept and sent as gRPC metadata, as the spec says.
 *
 * @module
 */

/** The Spark Connect default port. */
export const DEFAULT_PORT = 15002;

/** 128 MiB: the largest message Spark Connect servers send by default. */
export const DEFAULT_MAX_MESSAGE_SIZE = 128 * 1024 * 1024;

/** Everything a connection string says, with defaults filled in. */
export interface ConnectionOptions {
  host: string;
  port: number;
  /** Bearer token; never printed (see {@linkcode redactUrl}). */
  token?: string;
  /** TLS on the channel. Defaults to true when a token is set, except on loopback hosts. */
  useSsl: boolean;
  userId: string;
  userAgent: string;
  /** A client-made session UUID, when the URL pins one. */
  sessionId?: string;
  maxMessageSize: number;
  /** Parameters the spec does not name: sent as gRPC metadata on every call. */
  metadata: Record<string, string>;
}

/** A connection string that cannot be used, naming the part that is wrong. */
export class ConnectionStringError extends Error {
  override name = "ConnectionStringError";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/**
 * Whether a URL's host is this machine's loopback.
 *
 * @example
 * isLoopback(parseConnectionString("sc://127.0.0.1:15002").host); // true
 */
export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host);
}

/**
 * Parses a `sc://` URL into {@linkcode ConnectionOptions}, throwing a
 * {@linkcode ConnectionStringError} that names the bad part.
 *
 * @example
 * const opts = parseConnectionString("sc://127.0.0.1:15002/;user_id=ana");
 * opts.port; // 15002
 */
export function parseConnectionString(url: string): ConnectionOptions {
  const shown = redactUrl(url);
  const fail = (why: string): never => {
    throw new ConnectionStringError(`invalid Spark Connect URL ${shown}: ${why}`);
  };
  if (!url.startsWith("sc://")) fail("it must start with sc://");
  const rest = url.slice("sc://".length);
  const [authority, ...paramParts] = rest.split(";");
  const hostPort = authority.replace(/\/$/, "");
  if (hostPort.includes("/")) fail("a path is not allowed; parameters follow ';' after the host");
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\[\]]+)(?::(\d*))?$/.exec(hostPort);
  if (!m) fail("expected sc://host[:port]");
  const host = m![1];
  let port = DEFAULT_PORT;
  if (m![2] !== undefined) {
    port = Number(m![2]);
    if (m![2] === "" || !Number.isInteger(port) || port < 1 || port > 65535) {
      fail(`port '${m![2]}' is not a number from 1 to 65535`);
    }
  }

  const params = new Map<string, string>();
  for (const part of paramParts) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) fail(`parameter '${part.split("=")[0]}' has no value (expected name=value)`);
    const name = decode(part.slice(0, eq)) ??
      fail(`parameter name '${part.slice(0, eq)}' is badly %-encoded`);
    if (params.has(name)) fail(`parameter '${name}' is given twice`);
    params.set(
      name,
      decode(part.slice(eq + 1)) ?? fail(`the value of '${name}' is badly %-encoded`),
    );
  }
  const take = (name: string) => {
    const v = params.get(name);
    params.delete(name);
    return v;
  };

  const token = take("token");
  const sslText = take("use_ssl");
  let useSsl = token !== undefined && !isLoopback(host);
  if (sslText !== undefined) {
    if (!/^(true|false)$/i.test(sslText)) fail(`use_ssl must be true or false, not '${sslText}'`);
    useSsl = sslText.toLowerCase() === "true";
  }
  const sessionId = take("session_id");
  if (sessionId !== undefined && !UUID.test(sessionId)) {
    fail(`session_id must be a UUID like 00112233-4455-6677-8899-aabbccddeeff, not '${sessionId}'`);
  }
  const sizeText = take("grpc_max_message_size");
  let maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
  if (sizeText !== undefined) {
    maxMessageSize = Number(sizeText);
    if (!/^\d+$/.test(sizeText) || maxMessageSize < 1) {
      fail(`grpc_max_message_size must be a positive whole number of bytes, not '${sizeText}'`);
    }
  }
  const userId = take("user_id") ?? defaultUserId();
  const userAgent = take("user_agent") ?? "lakebook";
  for (const name of params.keys()) {
    if (!/^[a-z0-9_.-]+$/i.test(name)) fail(`parameter name '${name}' is not a valid header name`);
  }
  return {
    host: host.replace(/^\[(.*)\]$/, "$1"),
    port,
    token,
    useSsl,
    userId,
    userAgent,
    sessionId,
    maxMessageSize,
    metadata: Object.fromEntries([...params].map(([k, v]) => [k.toLowerCase(), v])),
  };
}

/**
 * Replaces the token's value in a connection string, so the URL can be logged or shown.
 *
 * @example
 * redactUrl("sc://h/;token=abc"); // "sc://h/;token=***"
 */
export function redactUrl(url: string): string {
  return url.replace(/([;?&/]token=)[^;&]*/gi, "$1***");
}

function decode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/** The URL's `host:port` part, as gRPC wants it. */
export function target(opts: Pick<ConnectionOptions, "host" | "port">): string {
  return opts.host.includes(":") ? `[${opts.host}]:${opts.port}` : `${opts.host}:${opts.port}`;
}

function defaultUserId(): string {
  try {
    return Deno.env.get("USER") ?? Deno.env.get("USERNAME") ?? "lakebook";
  } catch {
    return "lakebook";
  }
}
