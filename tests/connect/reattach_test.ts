import { ok, strictEqual } from "node:assert/strict";
import { SparkConnectClient } from "../../src/connect/client.ts";
import { SparkSession } from "../../src/connect/session.ts";
import { GrpcTransport, type Transport } from "../../src/connect/transport.ts";
import { parseConnectionString } from "../../src/connect/url.ts";
import { withDedicatedServer } from "../helpers/spark.ts";

/** A real gRPC transport that counts the calls it makes. */
function countingTransport(url: string, calls: Map<string, number>): Transport {
  const inner = new GrpcTransport(parseConnectionString(url));
  return new Proxy(inner, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return value.apply(target, args);
      };
    },
  });
}

Deno.test("a multi-million-row result cut into many streams arrives complete and in order", async () => {
  await withDedicatedServer({
    conf: {
      "spark.connect.execute.reattachable.senderMaxStreamDuration": "1s",
      "spark.connect.execute.reattachable.senderMaxStreamSize": "2m",
    },
  }, async (server) => {
    const calls = new Map<string, number>();
    const spark = await SparkSession.connect(server.url, {
      transport: countingTransport(server.url, calls),
    });
    try {
      const n = 3_000_000;
      const table = await (await spark.sql(`SELECT id FROM range(${n})`)).toArrow();
      strictEqual(table.numRows, n);
      const ids = table.getChild("id")!;
      let previous = -1n;
      let inOrder = true;
      for (const id of ids) {
        if (id !== previous + 1n) inOrder = false;
        previous = id as bigint;
      }
      ok(inOrder, "ids must be 0..n-1 in order, without gaps or duplicates");
      strictEqual(previous, BigInt(n - 1));
      ok((calls.get("reattachExecute") ?? 0) >= 2, `reattached ${calls.get("reattachExecute")}x`);
      ok((calls.get("releaseExecute") ?? 0) >= 1);
    } finally {
      await spark.stop();
    }
  });
});

Deno.test("the client's SparkConnectClient reports the server's version", async () => {
  await withDedicatedServer({}, async (server) => {
    await using client = await SparkConnectClient.connect(server.url);
    ok(/^4\.\d+\.\d+/.test(await client.sparkVersion()));
  });
});
