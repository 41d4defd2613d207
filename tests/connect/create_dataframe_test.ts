/**
 * `spark.createDataFrame`: schema inference and JS-to-Arrow conversion (pure), artifact chunking,
 * then round trips of every type through a real server, inline and as a cached artifact.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { crc32 } from "node:zlib";
import { tableFromArrays } from "apache-arrow";
import { artifactRequests } from "../../src/connect/artifacts.ts";
import type { SparkConnectClient } from "../../src/connect/client.ts";
import { toArrowTable } from "../../src/connect/local_arrow.ts";
import { inferSchema } from "../../src/connect/local_data.ts";
import type { AddArtifactsRequest } from "../../src/connect/proto/gen/spark/connect/base_pb.ts";
import { toRows } from "../../src/connect/rows.ts";
import { SparkSession } from "../../src/connect/session.ts";
import { GrpcTransport, type Transport } from "../../src/connect/transport.ts";
import { parseConnectionString } from "../../src/connect/url.ts";
import { DataTypes, parseDDL, StructType } from "../../src/connect/types/mod.ts";
import { sharedUrl, withSpark } from "../helpers/spark.ts";

Deno.test("inference: key order of first appearance, integral numbers BIGINT, merged across rows", () => {
  const schema = inferSchema([
    { name: "Ana", n: 1, score: 1, at: new Date(0) },
    { score: 2.5, tags: ["a", null], n: 2n, raw: new Uint8Array(1) },
    { nested: { ok: true, m: new Map([["k", 1]]) }, name: null },
  ]);
  strictEqual(
    schema.toDDL(),
    "name STRING, n BIGINT, score DOUBLE, at TIMESTAMP, tags ARRAY<STRING>, raw BINARY, " +
      "nested STRUCT<ok: BOOLEAN, m: MAP<STRING, BIGINT>>",
  );
  ok(schema.fields.every((f) => f.nullable));
  strictEqual(inferSchema([[1, "x"]]).toDDL(), "_1 BIGINT, _2 STRING");
  strictEqual(inferSchema([{ v: 1 }, { v: "one" }]).toDDL(), "v STRING");
  strictEqual(
    inferSchema([{ s: { a: 1 } }, { s: { b: "x" } }]).toDDL(),
    "s STRUCT<a: BIGINT, b: STRING>",
  );
});

Deno.test("inference refuses what it cannot type: all-null columns and clashing kinds", () => {
  throws(() => inferSchema([{ a: 1, b: null }, { a: 2 }]), /type of b: its values are all null/);
  throws(() => inferSchema([{ tags: [] }]), /tags\[\]/);
  throws(() => inferSchema([{ a: 1 }, { a: [1] }]), /a holds both BIGINT and ARRAY<BIGINT>/);
  throws(() => inferSchema([]), /no rows/);
  throws(() => inferSchema([{ f: () => 1 }]), /cannot infer a Spark type for f/);
});

Deno.test("conversion: decimals round half up, timestamps keep microseconds, NOT NULL is enforced", () => {
  const schema = parseDDL("d DECIMAL(5,2), ts TIMESTAMP, ntz TIMESTAMP_NTZ, day DATE");
  const table = toArrowTable([
    {
      d: "1.235",
      ts: "2024-01-02T03:04:05.123456+01:00",
      ntz: "2024-01-02 03:04:05",
      day: "2024-02-29",
    },
    { d: -1.235, ts: 1_700_000_000_000_001n, ntz: new Date(Date.UTC(2024, 0, 1)), day: null },
    { d: 12n, ts: null, ntz: null, day: new Date("2024-03-01T23:59:59Z") },
  ], schema);
  strictEqual(String(table.schema.fields[1].type), "Timestamp<MICROSECOND, UTC>");
  const micros = table.getChild("ts")!.data[0].values as BigInt64Array;
  strictEqual(micros[0], BigInt(Date.UTC(2024, 0, 2, 2, 4, 5, 123)) * 1000n + 456n);
  strictEqual(micros[1], 1_700_000_000_000_001n);
  const rows = toRows(table);
  deepStrictEqual(rows.map((r) => r.d), ["1.24", "-1.24", "12.00"]);
  deepStrictEqual(rows[0].ntz, new Date(Date.UTC(2024, 0, 2, 3, 4, 5)));
  deepStrictEqual(rows.map((r) => r.day), [
    new Date(Date.UTC(2024, 1, 29)),
    null,
    new Date(Date.UTC(2024, 2, 1)),
  ]);
  throws(() => toArrowTable([{ d: "1234.5" }], parseDDL("d DECIMAL(5,2)")), /at most 5 digits/);
  throws(
    () => toArrowTable([{ id: null }], parseDDL("id INT NOT NULL")),
    /id is NOT NULL, but row 0/,
  );
  throws(() => toArrowTable([{ s: { a: "x" } }], parseDDL("s STRUCT<a: INT>")), /s\.a \(row 0\)/);
  throws(() => toArrowTable([{ b: 128 }], parseDDL("b TINYINT")), /an integer of 8 bits/);
});

Deno.test("artifacts go up in one batch up to 32 KiB, else begin + chunks, each with its CRC32", () => {
  const client = { sessionId: "s", userContext: { userId: "u" } } as unknown as SparkConnectClient;
  const [small] = [...artifactRequests(client, "cache/a", new TextEncoder().encode("hello"))];
  ok(small.payload.case === "batch");
  strictEqual(small.payload.value.artifacts[0].name, "cache/a");
  strictEqual(small.payload.value.artifacts[0].data?.crc, 907060870n); // zlib.crc32(b"hello")

  const bytes = new Uint8Array(70_000).map((_, i) => i % 251);
  const reqs: AddArtifactsRequest[] = [...artifactRequests(client, "cache/b", bytes)];
  deepStrictEqual(reqs.map((r) => r.payload.case), ["beginChunk", "chunk", "chunk"]);
  const begin = reqs[0].payload.case === "beginChunk" ? reqs[0].payload.value : undefined;
  strictEqual(begin?.numChunks, 3n);
  strictEqual(begin?.totalBytes, 70_000n);
  const chunks = [begin?.initialChunk, ...reqs.slice(1).map((r) => r.payload.value)] as {
    data: Uint8Array;
    crc: bigint;
  }[];
  deepStrictEqual(chunks.map((c) => c.data.length), [32_768, 32_768, 4_464]);
  ok(chunks.every((c) => c.crc === BigInt(crc32(c.data))));
  ok(reqs.every((r) => r.sessionId === "s"));
});

/** Every type, in the JS forms `collect()` returns, with a row of nulls. */
const EVERY_TYPE = "b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INT, i64 BIGINT, f FLOAT, " +
  "d DOUBLE, dec DECIMAL(20,4), s STRING, bin BINARY, day DATE, ts TIMESTAMP, " +
  "ntz TIMESTAMP_NTZ, dt INTERVAL DAY TO SECOND, ym INTERVAL YEAR TO MONTH, cal INTERVAL, " +
  "arr ARRAY<INT>, m MAP<STRING, ARRAY<BIGINT>>, " +
  "st STRUCT<name: STRING, tags: ARRAY<STRING>, inner: STRUCT<x: DOUBLE>>";
const EVERY_ROW = [
  {
    b: true,
    i8: -128,
    i16: 32767,
    i32: -2147483648,
    i64: 9007199254740993n,
    f: 1.5,
    d: -2.25e300,
    dec: "-1234567890123456.7891",
    s: "héllo wörld 🌍 — 日本語",
    bin: new Uint8Array([0, 1, 254, 255]),
    day: new Date(Date.UTC(1969, 11, 31)),
    ts: new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999)),
    ntz: new Date(Date.UTC(2024, 0, 1, 12, 30)),
    dt: 86_400_000_001n,
    ym: -14,
    cal: { months: 1, days: -2, nanoseconds: 3_000n },
    arr: [1, null, 3],
    m: new Map([["ключ", [1n, 2n]], ["empty", []]]),
    st: { name: "Zoë", tags: ["a", null], inner: { x: 0.5 } },
  },
  Object.fromEntries(parseDDL(EVERY_TYPE).fieldNames().map((n) => [n, null])),
  {
    ...Object.fromEntries(parseDDL(EVERY_TYPE).fieldNames().map((n) => [n, null])),
    arr: [],
    m: new Map(),
    st: { name: null, tags: null, inner: null },
  },
];

Deno.test("every type round-trips: what collect() returns is what was sent", async () => {
  await withSpark(async (spark) => {
    const df = await spark.createDataFrame(EVERY_ROW, EVERY_TYPE);
    strictEqual(df.relation.relType.case, "localRelation");
    strictEqual((await df.schema()).toDDL(), EVERY_TYPE);
    deepStrictEqual(await df.collect(), EVERY_ROW);
    const struct = await spark.createDataFrame(EVERY_ROW, parseDDL(EVERY_TYPE));
    deepStrictEqual(await struct.collect(), EVERY_ROW);
  });
});

Deno.test("an inferred schema, column names, single values and empty data", async () => {
  await withSpark(async (spark) => {
    const inferred = await spark.createDataFrame([
      { name: "Ana", rating: 4, tags: ["a"], at: new Date(Date.UTC(2024, 0, 1)) },
      { name: "Bö", rating: 3.5, meta: { ok: true } },
    ]);
    strictEqual(
      (await inferred.schema()).toDDL(),
      "name STRING, rating DOUBLE, tags ARRAY<STRING>, at TIMESTAMP, meta STRUCT<ok: BOOLEAN>",
    );
    deepStrictEqual(await inferred.collect(), [
      { name: "Ana", rating: 4, tags: ["a"], at: new Date(Date.UTC(2024, 0, 1)), meta: null },
      { name: "Bö", rating: 3.5, tags: null, at: null, meta: { ok: true } },
    ]);
    const named = await spark.createDataFrame([[1, "x"], [2, "y"]], ["id", "label"]);
    deepStrictEqual(await named.collect(), [{ id: 1n, label: "x" }, { id: 2n, label: "y" }]);
    const values = await spark.createDataFrame([1, null, 3], "int");
    deepStrictEqual(await values.collect(), [{ value: 1 }, { value: null }, { value: 3 }]);
    const empty = await spark.createDataFrame([], new StructType().add("id", DataTypes.LongType));
    strictEqual((await empty.schema()).toDDL(), "id BIGINT");
    deepStrictEqual(await empty.collect(), []);
  });
});

Deno.test("an apache-arrow Table goes up as is, or renamed and cast to a given schema", async () => {
  await withSpark(async (spark) => {
    // tableFromArrays dictionary-encodes strings; Spark would read the indices.
    const table = tableFromArrays({ id: Int32Array.of(1, 2), name: ["Ana", "Bö"] });
    const df = await spark.createDataFrame(table);
    strictEqual((await df.schema()).toDDL(), "id INT NOT NULL, name STRING");
    deepStrictEqual(await df.collect(), [{ id: 1, name: "Ana" }, { id: 2, name: "Bö" }]);
    const cast = await spark.createDataFrame(table, "key BIGINT, label STRING");
    deepStrictEqual(await cast.collect(), [{ key: 1n, label: "Ana" }, { key: 2n, label: "Bö" }]);
  });
});

/** A real gRPC transport that keeps every AddArtifacts request it sends. */
function recordingTransport(url: string, uploads: AddArtifactsRequest[][]): Transport {
  const inner = new GrpcTransport(parseConnectionString(url));
  return new Proxy(inner, {
    get(target, prop) {
      if (prop !== "addArtifacts") {
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (reqs: Iterable<AddArtifactsRequest>, opts?: { signal?: AbortSignal }) => {
        const all = [...reqs];
        uploads.push(all);
        return target.addArtifacts(all, opts);
      };
    },
  });
}

Deno.test("above the cache threshold the data goes up once as cache/<sha256> and round-trips", async () => {
  const uploads: AddArtifactsRequest[][] = [];
  const url = sharedUrl();
  const spark = await SparkSession.connect(url, { transport: recordingTransport(url, uploads) });
  try {
    // The threshold is a session conf the client reads (once per session), so it must be set
    // before the first createDataFrame.
    await spark.conf.set("spark.sql.session.localRelationCacheThreshold", "1024");
    const data = Array.from({ length: 3000 }, (_, i) => ({ id: BigInt(i), text: `ряд ${i}` }));
    const df = await spark.createDataFrame(data, "id BIGINT, text STRING");
    const relType = df.relation.relType;
    ok(relType.case === "cachedLocalRelation");
    strictEqual(uploads.length, 1);
    const first = uploads[0][0].payload;
    ok(first.case === "beginChunk", "a multi-chunk upload");
    strictEqual(first.value.name, `cache/${relType.value.hash}`);
    ok(/^[0-9a-f]{64}$/.test(relType.value.hash));
    strictEqual(uploads[0].length, Number(first.value.numChunks));
    deepStrictEqual(await df.collect(), data);

    // The same data again reuses the artifact; small data stays inline.
    const again = await spark.createDataFrame(data, "id BIGINT, text STRING");
    strictEqual(again.relation.relType.case, "cachedLocalRelation");
    strictEqual(uploads.length, 1);
    const small = await spark.createDataFrame([{ id: 1n }]);
    strictEqual(small.relation.relType.case, "localRelation");
    deepStrictEqual(await small.collect(), [{ id: 1n }]);
  } finally {
    await spark.conf.unset("spark.sql.session.localRelationCacheThreshold").catch(() => {});
    await spark.stop();
  }
});
