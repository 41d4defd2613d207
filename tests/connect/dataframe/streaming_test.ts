/**
 * A result larger than the client's memory budget streams through `toLocalIterator` with
 * bounded memory. Sizes: 3M rows of an 8-byte id and a 92-character string are ~310 MB as
 * Arrow (and several times that as JS rows), about twice the 150 MB of RSS growth the test
 * allows; buffering the result, even only as Arrow, would fail it. The server holds at most
 * that ~310 MB of responses, well within the suite server's 4 GB heap.
 */
import assert from "node:assert/strict";
import { withSpark } from "../../helpers/spark.ts";

const ROWS = 3_000_000;
const PAD = 92;
const BOUND_MB = 150;

Deno.test("toLocalIterator streams ~310 MB of rows in under 150 MB of client memory", () =>
  withSpark(async (spark) => {
    const query = (n: number) =>
      spark.sql(`SELECT id, repeat('x', ${PAD}) AS pad FROM range(${n})`);
    // Warm up first (JIT, Arrow decoding, gRPC buffers), so the growth measured is the result's.
    for await (const _ of (await query(200_000)).toLocalIterator()) { /* warm-up */ }
    const arrowMb = (ROWS * (8 + PAD + 4)) / 2 ** 20;
    assert.ok(arrowMb > 2 * BOUND_MB * 0.95, "the result is about twice the bound");

    const mb = () => Deno.memoryUsage().rss / 2 ** 20;
    const start = mb();
    let peak = start;
    let rows = 0;
    let idSum = 0n;
    for await (const row of (await query(ROWS)).toLocalIterator()) {
      rows++;
      idSum += row.id as bigint;
      if ((rows & 0x3fff) === 0) peak = Math.max(peak, mb());
      if (rows === 1) assert.equal((row.pad as string).length, PAD);
    }
    assert.equal(rows, ROWS);
    assert.equal(idSum, BigInt(ROWS) * BigInt(ROWS - 1) / 2n);
    const growth = peak - start;
    assert.ok(
      growth < BOUND_MB,
      `RSS grew ${growth.toFixed(0)} MB while streaming ${arrowMb.toFixed(0)} MB of Arrow data`,
    );
  }));
