/**
 * Uploading artifacts to the session (AddArtifacts, a client stream): small ones in one `batch`
 * request, large ones as `beginChunk` followed by `chunk`s, each chunk with the CRC32 the server
 * checks. Used for cached local relations (`cache/<sha256>`).
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import { crc32 } from "node:zlib";
import type { SparkConnectClient } from "./client.ts";
import { factsFromRpcError, sparkError } from "./errors.ts";
import {
  type AddArtifactsRequest,
  AddArtifactsRequestSchema,
} from "./proto/gen/spark/connect/base_pb.ts";
import { withRetry } from "./retry.ts";
import { RpcError } from "./transport.ts";

/**
 * The chunk size of the official clients (32 KiB).
 *
 * @example
 * const chunks = Math.ceil(bytes.length / ARTIFACT_CHUNK_SIZE);
 */
export const ARTIFACT_CHUNK_SIZE = 32 * 1024;

const cached = new WeakMap<SparkConnectClient, Set<string>>();

/**
 * Uploads bytes as the artifact `cache/<sha256 hex>` of the session, once per session and
 * content, and returns the hash (what `CachedLocalRelation.hash` names).
 *
 * @example
 * const hash = await cacheArtifact(spark.client, bytes);
 */
export async function cacheArtifact(
  client: SparkConnectClient,
  bytes: Uint8Array,
  opts: { signal?: AbortSignal } = {},
): Promise<string> {
  const hash = await sha256Hex(bytes);
  const done = cached.get(client) ?? new Set<string>();
  cached.set(client, done);
  if (!done.has(hash)) {
    await addArtifact(client, `cache/${hash}`, bytes, opts);
    done.add(hash);
  }
  return hash;
}

/**
 * Uploads one artifact under a relative name (`cache/...`, `jars/x.jar`, `files/...`), retried
 * under the session's policy; fails if the server reports a CRC mismatch.
 *
 * @example
 * await addArtifact(spark.client, "files/lookup.csv", new TextEncoder().encode("a,b\n"));
 */
export async function addArtifact(
  client: SparkConnectClient,
  name: string,
  bytes: Uint8Array,
  opts: { signal?: AbortSignal } = {},
): Promise<void> {
  try {
    const res = await withRetry(
      () => client.transport.addArtifacts(artifactRequests(client, name, bytes), opts),
      client.retryPolicy,
      () => client.transport.probe(),
      opts.signal,
    );
    if (res.artifacts.some((a) => a.name === name && !a.isCrcSuccessful)) {
      throw new Error(`the server discarded the artifact ${name}: a chunk failed its CRC check`);
    }
  } catch (err) {
    throw err instanceof RpcError ? sparkError(factsFromRpcError(err)) : err;
  }
}

/**
 * The request stream for one artifact.
 *
 * @example
 * const reqs = [...artifactRequests(client, "cache/ab12", bytes)];
 * reqs[0].payload.case; // "batch" for up to 32 KiB, else "beginChunk"
 */
export function* artifactRequests(
  client: SparkConnectClient,
  name: string,
  bytes: Uint8Array,
): Generator<AddArtifactsRequest> {
  const base = {
    sessionId: client.sessionId,
    userContext: client.userContext,
    clientObservedServerSideSessionId: client.serverSideSessionId,
  };
  const chunk = (at: number) => {
    const data = bytes.subarray(at, at + ARTIFACT_CHUNK_SIZE);
    return { data, crc: BigInt(crc32(data)) };
  };
  if (bytes.length <= ARTIFACT_CHUNK_SIZE) {
    yield create(AddArtifactsRequestSchema, {
      ...base,
      payload: { case: "batch", value: { artifacts: [{ name, data: chunk(0) }] } },
    });
    return;
  }
  yield create(AddArtifactsRequestSchema, {
    ...base,
    payload: {
      case: "beginChunk",
      value: {
        name,
        totalBytes: BigInt(bytes.length),
        numChunks: BigInt(Math.ceil(bytes.length / ARTIFACT_CHUNK_SIZE)),
        initialChunk: chunk(0),
      },
    },
  });
  for (let at = ARTIFACT_CHUNK_SIZE; at < bytes.length; at += ARTIFACT_CHUNK_SIZE) {
    yield create(AddArtifactsRequestSchema, {
      ...base,
      payload: { case: "chunk", value: chunk(at) },
    });
  }
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}
