/**
 * The S3 side of storage, on `@aws-sdk/client-s3`: the client (standard credential chain,
 * `AWS_ENDPOINT_URL`, path-style addressing for S3-compatible servers, retries with backoff) and
 * the object operations.
 *
 * @module
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  type S3ClientConfig,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { FileInfo } from "./local.ts";

/**
 * How to reach S3; every field is optional and falls back to the standard AWS environment.
 *
 * @example
 * const opts: S3Options = { endpoint: "http://127.0.0.1:9000", region: "us-east-1" };
 */
export interface S3Options {
  /** Endpoint of an S3-compatible server; default `$AWS_ENDPOINT_URL_S3` or `$AWS_ENDPOINT_URL`. */
  endpoint?: string;
  /** Region; default `$AWS_REGION`, `$AWS_DEFAULT_REGION`, else "us-east-1". */
  region?: string;
  /**
   * Path-style URLs (`endpoint/bucket/key`); default on when an endpoint is set (MinIO and moto
   * need it), off for AWS itself.
   */
  forcePathStyle?: boolean;
  /** Explicit credentials; default the SDK's chain (env, profile, SSO, web identity, IMDS...). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Attempts per request, first included (default 6): throttling (503 SlowDown, 429), 5xx and
   * network errors are retried with the SDK's standard strategy (exponential backoff, jitter).
   */
  maxAttempts?: number;
  /** Multipart part size in bytes for large writes (default 8 MiB; S3's minimum is 5 MiB). */
  partSize?: number;
}

/** Default multipart part size: 8 MiB. */
const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/**
 * The settings an S3 client is made from, resolved against the environment (no secrets).
 *
 * @example
 * const { endpoint, forcePathStyle } = resolveS3Settings({});
 */
export function resolveS3Settings(opts: S3Options = {}): {
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
  maxAttempts: number;
} {
  const env = (name: string) => Deno.env.get(name) || undefined;
  const endpoint = opts.endpoint ?? env("AWS_ENDPOINT_URL_S3") ?? env("AWS_ENDPOINT_URL");
  return {
    endpoint,
    region: opts.region ?? env("AWS_REGION") ?? env("AWS_DEFAULT_REGION") ?? "us-east-1",
    forcePathStyle: opts.forcePathStyle ?? endpoint !== undefined,
    maxAttempts: opts.maxAttempts ?? 6,
  };
}

/**
 * Makes an S3 client from {@linkcode S3Options} and the environment.
 *
 * @example
 * const client = makeS3Client({ endpoint: "http://127.0.0.1:9000" });
 */
export function makeS3Client(opts: S3Options = {}): S3Client {
  const s = resolveS3Settings(opts);
  const config: S3ClientConfig = {
    region: s.region,
    forcePathStyle: s.forcePathStyle,
    maxAttempts: s.maxAttempts,
    retryMode: "standard",
  };
  if (s.endpoint) {
    config.endpoint = s.endpoint;
    // S3-compatible servers do not all know the newer default checksums.
    config.requestChecksumCalculation = "WHEN_REQUIRED";
    config.responseChecksumValidation = "WHEN_REQUIRED";
  }
  if (opts.credentials) config.credentials = opts.credentials;
  return new S3Client(config);
}

/**
 * The secrets a client may hold (for redaction): explicit ones and those in the environment.
 *
 * @example
 * const secrets = s3Secrets({}); // e.g. [$AWS_SECRET_ACCESS_KEY]
 */
export function s3Secrets(opts: S3Options = {}): string[] {
  return [
    opts.credentials?.secretAccessKey,
    opts.credentials?.sessionToken,
    Deno.env.get("AWS_SECRET_ACCESS_KEY"),
    Deno.env.get("AWS_SESSION_TOKEN"),
  ].filter((s): s is string => !!s);
}

/**
 * Lists the objects whose key starts with `prefix` (recursively), page by page.
 *
 * @example
 * for await (const o of listObjects(client, "lake", "in/")) console.log(o.path, o.size);
 */
export async function* listObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): AsyncGenerator<FileInfo> {
  let token: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
      { abortSignal: signal },
    );
    for (const o of page.Contents ?? []) {
      if (!o.Key || o.Key.endsWith("/")) continue;
      yield { path: `s3://${bucket}/${o.Key}`, size: o.Size ?? 0, modified: o.LastModified };
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/**
 * Reads a whole object.
 *
 * @example
 * const bytes = await getObject(client, "lake", "in/a.json");
 */
export async function getObject(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<Uint8Array<ArrayBuffer>> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
    abortSignal: signal,
  });
  const bytes = await out.Body!.transformToByteArray();
  // Always a fresh, unshared buffer: typed as such for Web APIs (crypto.subtle, Blob, ...).
  return bytes as Uint8Array<ArrayBuffer>;
}

/**
 * Opens an object as a stream of bytes.
 *
 * @example
 * const stream = await getObjectStream(client, "lake", "in/a.json");
 */
export async function getObjectStream(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
    abortSignal: signal,
  });
  return out.Body!.transformToWebStream() as ReadableStream<Uint8Array>;
}

/**
 * Writes an object: one PUT for bodies up to `partSize`, a multipart upload (parts sent two at a
 * time, aborted on failure) above it.
 *
 * @example
 * await putObject(client, "lake", "out/a.json", new TextEncoder().encode("{}"), {});
 */
export async function putObject(
  client: S3Client,
  bucket: string,
  key: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  opts: { partSize?: number; contentType?: string; signal?: AbortSignal },
): Promise<void> {
  const upload = new Upload({
    client,
    params: { Bucket: bucket, Key: key, Body: body, ContentType: opts.contentType },
    partSize: Math.max(opts.partSize ?? DEFAULT_PART_SIZE, 5 * 1024 * 1024),
    queueSize: 2,
    leavePartsOnError: false,
    abortController: opts.signal ? abortControllerOf(opts.signal) : undefined,
  });
  await upload.done();
}

/**
 * Object metadata, or `undefined` when there is no such object.
 *
 * @example
 * const head = await headObject(client, "lake", "in/a.json");
 * console.log(head?.size, head?.etag);
 */
export async function headObject(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<{ size: number; etag?: string; modified?: Date } | undefined> {
  try {
    const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal: signal,
    });
    return { size: out.ContentLength ?? 0, etag: out.ETag, modified: out.LastModified };
  } catch (err) {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    if (e.name === "NotFound" || e.name === "NoSuchKey") return undefined;
    // HEAD answers have no body: a missing bucket is a bare 404 too; tell it apart by listing.
    if (e.$metadata?.httpStatusCode === 404) return undefined;
    throw err;
  }
}

/**
 * Whether any object key starts with `prefix`.
 *
 * @example
 * if (await prefixExists(client, "lake", "in/")) console.log("folder has files");
 */
export async function prefixExists(
  client: S3Client,
  bucket: string,
  prefix: string,
  signal?: AbortSignal,
): Promise<boolean> {
  const page = await client.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }),
    { abortSignal: signal },
  );
  return (page.KeyCount ?? page.Contents?.length ?? 0) > 0;
}

/**
 * Deletes an object (deleting a missing object is not an error, as in S3).
 *
 * @example
 * await deleteObject(client, "lake", "tmp/a.json");
 */
export async function deleteObject(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<void> {
  await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }), {
    abortSignal: signal,
  });
}

function abortControllerOf(signal: AbortSignal): AbortController {
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  return controller;
}
