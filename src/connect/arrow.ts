/**
 * Arrow results: each `arrow_batch` of an ExecutePlan stream is a complete Arrow IPC stream of
 * its own (or, with chunking, split into chunks of one). Batches are decoded as they arrive;
 * a `Table` is assembled from record batches, never from one concatenated buffer.
 *
 * @module
 */
import { RecordBatch, RecordBatchReader, Schema, Table } from "apache-arrow";
import type { ExecutePlanResponse } from "./proto/gen/spark/connect/base_pb.ts";

/**
 * Yields the record batches of a response stream as they arrive, joining chunked batches.
 *
 * @example
 * for await (const batch of recordBatches(client.execute(plan))) console.log(batch.numRows);
 */
export async function* recordBatches(
  responses: AsyncIterable<ExecutePlanResponse>,
): AsyncGenerator<RecordBatch> {
  let chunks: Uint8Array[] = [];
  for await (const response of responses) {
    if (response.responseType.case !== "arrowBatch") continue;
    const batch = response.responseType.value;
    if (batch.numChunksInBatch !== undefined && batch.numChunksInBatch > 1n) {
      chunks.push(batch.data);
      if (BigInt(chunks.length) < batch.numChunksInBatch) continue;
      const joined = concat(chunks);
      chunks = [];
      yield* decodeIpc(joined);
    } else {
      yield* decodeIpc(batch.data);
    }
  }
  if (chunks.length) throw new Error("the result stream ended inside a chunked Arrow batch");
}

/**
 * Collects a response stream into an Arrow `Table`.
 *
 * @example
 * const table = await collectTable(client.execute(plan));
 */
export async function collectTable(responses: AsyncIterable<ExecutePlanResponse>): Promise<Table> {
  const batches: RecordBatch[] = [];
  for await (const batch of recordBatches(responses)) batches.push(batch);
  if (batches.length === 0) return new Table(new Schema([]));
  const schema = batches[0].schema;
  // Spark sends one empty batch for an empty result: keep its schema, drop the batch.
  const nonEmpty = batches.filter((b) => b.numRows > 0);
  return new Table(
    schema,
    nonEmpty.map((b) => b.schema === schema ? b : new RecordBatch(schema, b.data)),
  );
}

function* decodeIpc(data: Uint8Array): Generator<RecordBatch> {
  // gRPC hands us the bytes at an offset of 6 (mod 8) in its message buffer, and Arrow copies
  // each unaligned column buffer on its own, which costs four times one bulk copy into a fresh,
  // aligned buffer (bench/RESULTS.md).
  const reader = RecordBatchReader.from(data.byteOffset % 8 === 0 ? data : aligned(data));
  for (const batch of reader) yield batch;
}

function aligned(data: Uint8Array): Uint8Array {
  const copy = new Uint8Array(data.length);
  copy.set(data);
  return copy;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
