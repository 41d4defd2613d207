/**
 * `StorageError`: one error type for local and S3 storage, built from the SDK's error name and
 * HTTP status, never from message text, and never carrying a secret.
 *
 * @module
 */

/**
 * What went wrong, as a caller can act on it.
 *
 * @example
 * const kind: StorageErrorKind = "not_found";
 */
export type StorageErrorKind =
  | "not_found"
  | "no_bucket"
  | "bad_credentials"
  | "access_denied"
  | "unreachable"
  | "throttled"
  | "server"
  | "other";

/**
 * A failed storage operation, naming the operation and path; secrets are redacted.
 *
 * @example
 * try {
 *   await readFile("s3://lake/missing.json");
 * } catch (err) {
 *   if (err instanceof StorageError && err.kind === "not_found") console.log("no such file");
 * }
 */
export class StorageError extends Error {
  /** The kind of failure. */
  readonly kind: StorageErrorKind;
  /** The path the operation was about. */
  readonly path: string;
  /** The HTTP status of an S3 answer, when there was one. */
  readonly status?: number;

  /** Makes an error; `message` must already be free of secrets. */
  constructor(
    message: string,
    opts: { kind: StorageErrorKind; path: string; status?: number; cause?: unknown },
  ) {
    super(message, { cause: opts.cause });
    this.name = "StorageError";
    this.kind = opts.kind;
    this.path = opts.path;
    this.status = opts.status;
  }
}

const KIND_BY_NAME: Record<string, StorageErrorKind> = {
  NoSuchKey: "not_found",
  NotFound: "not_found",
  NoSuchBucket: "no_bucket",
  InvalidAccessKeyId: "bad_credentials",
  SignatureDoesNotMatch: "bad_credentials",
  InvalidToken: "bad_credentials",
  ExpiredToken: "bad_credentials",
  CredentialsProviderError: "bad_credentials",
  AccessDenied: "access_denied",
  Forbidden: "access_denied",
  SlowDown: "throttled",
  Throttling: "throttled",
  ThrottlingException: "throttled",
  ECONNREFUSED: "unreachable",
  ENOTFOUND: "unreachable",
  EAI_AGAIN: "unreachable",
  ECONNRESET: "unreachable",
  TimeoutError: "unreachable",
};

const HINTS: Partial<Record<StorageErrorKind, string>> = {
  bad_credentials:
    "check the AWS credentials (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ...)",
  access_denied: "the credentials are valid but not allowed to do this",
  unreachable: "check AWS_ENDPOINT_URL and the network",
  no_bucket: "create the bucket first, or fix the path",
};

/**
 * Turns an SDK or file-system error into a {@linkcode StorageError}; `secrets` are replaced by
 * `***` wherever they occur in the text.
 *
 * @example
 * const err = toStorageError(new Deno.errors.NotFound("x"), "read", "/tmp/x", []);
 * err.kind; // "not_found"
 */
export function toStorageError(
  err: unknown,
  op: string,
  path: string,
  secrets: readonly string[],
): StorageError {
  if (err instanceof StorageError) return err;
  if (err instanceof Deno.errors.NotFound) {
    return new StorageError(`cannot ${op} ${path}: no such file`, {
      kind: "not_found",
      path,
      cause: err,
    });
  }
  const e = (err ?? {}) as {
    name?: string;
    code?: string;
    message?: string;
    $metadata?: { httpStatusCode?: number };
    cause?: { code?: string };
  };
  const status = e.$metadata?.httpStatusCode;
  const name = String(e.name ?? "Error");
  const code = e.code ?? e.cause?.code;
  let kind: StorageErrorKind = KIND_BY_NAME[name] ?? (code ? KIND_BY_NAME[code] : undefined) ??
    "other";
  if (kind === "other" && status !== undefined) {
    if (status === 404) kind = "not_found";
    else if (status === 403) kind = "access_denied";
    else if (status === 503 || status === 429) kind = "throttled";
    else if (status >= 500) kind = "server";
  }
  const detail = [name, status ? `HTTP ${status}` : "", code && code !== name ? code : ""]
    .filter(Boolean).join(", ");
  const hint = HINTS[kind] ? ` (${HINTS[kind]})` : "";
  const text = `cannot ${op} ${path}: ${e.message || name} [${detail}]${hint}`;
  return new StorageError(redact(text, secrets), { kind, path, status });
}

/**
 * Replaces every occurrence of each secret (at least 4 characters long) with `***`.
 *
 * @example
 * redact("key=abcd1234", ["abcd1234"]); // "key=***"
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("***");
  return out;
}
