/**
 * Reattachable execution, retry, errors and cleanup, against a scripted fake transport.
 */
import assert from "node:assert/strict";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { collectTable, recordBatches } from "../../src/connect/arrow.ts";
import { SparkConnectClient } from "../../src/connect/client.ts";
import { AnalysisException, ConnectionError, SparkConnectError } from "../../src/connect/errors.ts";
import type { ExecutionProgress } from "../../src/connect/execute.ts";
import { rootPlan, sqlRelation } from "../../src/connect/plan/relation.ts";
import {
  type ExecutePlanResponse,
  InterruptRequest_InterruptType,
} from "../../src/connect/proto/gen/spark/connect/base_pb.ts";
import { backoffMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from "../../src/connect/retry.ts";
import { Code } from "../../src/connect/transport.ts";
import {
  batch,
  complete,
  FakeTransport,
  HANG,
  progress,
  resumeFrom,
  rpcError,
  SERVER_SESSION,
} from "./fake_transport.ts";

const URL = "sc://spark.test:15002/;user_id=ana;token=s3cr3t-T0KEN";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const FAST: Partial<RetryPolicy> = {
  initialBackoffMs: 1,
  maxBackoffMs: 4,
  maxRetries: 4,
  maxUnreachableTries: 3,
};
const plan = rootPlan(sqlRelation("SELECT * FROM reviews"));

function connect(fake: FakeTransport, policy: Partial<RetryPolicy> = {}) {
  return SparkConnectClient.connect(URL, { transport: fake, retryPolicy: { ...FAST, ...policy } });
}

async function drain<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const ids = (rs: ExecutePlanResponse[]) => rs.map((r) => r.responseId);

/** b1..bn then the result_complete response `done`. */
function log(n: number): ExecutePlanResponse[] {
  return [...Array.from({ length: n }, (_, i) => batch(`b${i + 1}`)), complete("done")];
}

const unavailable = () => rpcError(Code.UNAVAILABLE, "Connection reset by peer");

function operationIdOf(fake: FakeTransport): string {
  return fake.requests("executePlan")[0].operationId!;
}

Deno.test("ExecutePlan carries the session id, user context, client type, a UUID operation id and the reattachable option", async () => {
  const fake = new FakeTransport(log(1));
  const client = await connect(fake);
  await drain(client.execute(plan));

  const [req] = fake.requests("executePlan");
  assert.equal(req.sessionId, client.sessionId);
  assert.match(req.sessionId, UUID);
  assert.equal(req.userContext?.userId, "ana");
  assert.match(req.clientType ?? "", /^lakebook\//);
  assert.match(req.operationId ?? "", UUID);
  assert.deepEqual(req.plan, plan);
  const reattachable = req.requestOptions.some((o) =>
    o.requestOption.case === "reattachOptions" && o.requestOption.value.reattachable
  );
  assert.ok(reattachable, "the reattachable request option is set");
});

Deno.test("each execution gets its own operation id", async () => {
  const fake = new FakeTransport(log(1), log(1));
  const client = await connect(fake);
  await drain(client.execute(plan));
  await drain(client.execute(plan));
  const [a, b] = fake.requests("executePlan").map((r) => r.operationId);
  assert.notEqual(a, b);
});

Deno.test("a stream cut without result_complete is reattached from the last response", async () => {
  const all = log(5);
  const fake = new FakeTransport(all.slice(0, 2), resumeFrom(all, 2), resumeFrom(all));
  const client = await connect(fake);

  const got = await drain(client.execute(plan));

  assert.deepEqual(ids(got), ["b1", "b2", "b3", "b4", "b5"]);
  assert.deepEqual(fake.streamMethods(), ["executePlan", "reattachExecute", "reattachExecute"]);
  const reattaches = fake.requests("reattachExecute");
  assert.deepEqual(reattaches.map((r) => r.lastResponseId), ["b2", "b4"]);
  for (const r of reattaches) {
    assert.equal(r.operationId, operationIdOf(fake));
    assert.equal(r.sessionId, client.sessionId);
    assert.equal(r.userContext?.userId, "ana");
    assert.match(r.clientType ?? "", /^lakebook\//);
  }
  assert.equal(fake.requests("interrupt").length, 0, "a completed query is not interrupted");
});

Deno.test("a stream broken by UNAVAILABLE mid-way is reattached after a backoff", async () => {
  const all = log(4);
  const fake = new FakeTransport([...all.slice(0, 2), unavailable()], resumeFrom(all));
  const client = await connect(fake, { initialBackoffMs: 30, maxBackoffMs: 30 });

  const started = performance.now();
  const got = await drain(client.execute(plan));
  const elapsed = performance.now() - started;

  assert.deepEqual(ids(got), ["b1", "b2", "b3", "b4"]);
  assert.deepEqual(fake.streamMethods(), ["executePlan", "reattachExecute"]);
  assert.equal(fake.requests("reattachExecute")[0].lastResponseId, "b2");
  assert.equal(fake.requests("probe").length, 1, "UNAVAILABLE checks whether the port answers");
  assert.ok(elapsed >= 25, `reattached after ${elapsed} ms, before the 30 ms backoff`);
});

Deno.test("a failure before any response reattaches without a last response id", async () => {
  const all = log(2);
  const fake = new FakeTransport([unavailable()], resumeFrom(all));
  const client = await connect(fake);

  assert.deepEqual(ids(await drain(client.execute(plan))), ["b1", "b2"]);
  assert.equal(fake.requests("reattachExecute")[0].lastResponseId, undefined);
});

const TABLE_NOT_FOUND = {
  reason: "org.apache.spark.sql.AnalysisException",
  classes: ["org.apache.spark.sql.AnalysisException"],
  errorClass: "TABLE_OR_VIEW_NOT_FOUND",
  sqlState: "42P01",
  messageParameters: { relationName: "`reviews`" },
};
const SHORT_MESSAGE = "[TABLE_OR_VIEW_NOT_FOUND] The table or view `reviews` cannot be found.";

Deno.test("a non-retryable INTERNAL error with ErrorInfo surfaces as AnalysisException with its facts", async () => {
  const fake = new FakeTransport(
    [rpcError(Code.INTERNAL, SHORT_MESSAGE, TABLE_NOT_FOUND)],
    log(1), // must stay unused: the error is not retried
  );
  const client = await connect(fake);

  const err = await drain(client.execute(plan)).then(() => undefined, (e) => e);

  assert.ok(err instanceof AnalysisException, `got ${err}`);
  assert.ok(err instanceof SparkConnectError);
  assert.equal(err.name, "AnalysisException");
  assert.equal(err.errorClass, "TABLE_OR_VIEW_NOT_FOUND");
  assert.equal(err.sqlState, "42P01");
  assert.deepEqual(err.messageParameters, { relationName: "`reviews`" });
  assert.equal(err.grpcCode, Code.INTERNAL);
  assert.equal(err.message, SHORT_MESSAGE);
  assert.deepEqual(fake.streamMethods(), ["executePlan"]);
  assert.equal(fake.requests("fetchErrorDetails").length, 0, "no errorId, nothing to fetch");
});

Deno.test("FetchErrorDetails fills the full message and the cause chain when the error has an id", async () => {
  const fullMessage = `${SHORT_MESSAGE} Verify the spelling and correctness of the schema and ` +
    `catalog. SQLSTATE: 42P01; line 1 pos 14;\n'Project [*]\n+- 'UnresolvedRelation [reviews]`;
  const fake = new FakeTransport([
    rpcError(Code.INTERNAL, SHORT_MESSAGE, { ...TABLE_NOT_FOUND, errorId: "err-7" }),
  ]);
  fake.errorDetails = {
    sessionId: "",
    serverSideSessionId: SERVER_SESSION,
    rootErrorIdx: 0,
    errors: [
      {
        errorTypeHierarchy: [
          "org.apache.spark.sql.AnalysisException",
          "java.lang.Exception",
          "java.lang.Throwable",
        ],
        message: fullMessage,
        stackTrace: [],
        causeIdx: 1,
        sparkThrowable: {
          errorClass: "TABLE_OR_VIEW_NOT_FOUND",
          sqlState: "42P01",
          messageParameters: { relationName: "`spark_catalog`.`default`.`reviews`" },
          queryContexts: [],
        },
      },
      {
        errorTypeHierarchy: ["java.lang.IllegalStateException", "java.lang.Exception"],
        message: "catalog lookup failed",
        stackTrace: [],
        causeIdx: 2,
      },
      { errorTypeHierarchy: ["java.io.IOException"], message: "disk gone", stackTrace: [] },
    ],
  } as never;
  const client = await connect(fake);

  const err = await drain(client.execute(plan)).then(() => undefined, (e) => e);

  assert.ok(err instanceof AnalysisException, `got ${err}`);
  assert.equal(err.message, fullMessage);
  assert.equal(err.errorId, "err-7");
  assert.equal(err.errorClass, "TABLE_OR_VIEW_NOT_FOUND");
  assert.deepEqual(err.messageParameters, { relationName: "`spark_catalog`.`default`.`reviews`" });
  assert.equal(err.classes[0], "org.apache.spark.sql.AnalysisException");
  assert.deepEqual(err.causes, [
    { className: "java.lang.IllegalStateException", message: "catalog lookup failed" },
    { className: "java.io.IOException", message: "disk gone" },
  ]);
  const [req] = fake.requests("fetchErrorDetails");
  assert.equal(req.errorId, "err-7");
  assert.equal(req.sessionId, client.sessionId);
});

Deno.test("reattach answering OPERATION_NOT_FOUND before any response re-sends ExecutePlan with the same operation id", async () => {
  const notFound = rpcError(Code.INTERNAL, "[INVALID_HANDLE.OPERATION_NOT_FOUND] ...", {
    reason: "org.apache.spark.SparkSQLException",
    errorClass: "INVALID_HANDLE.OPERATION_NOT_FOUND",
  });
  const fake = new FakeTransport([unavailable()], [notFound], log(2));
  const client = await connect(fake);

  const got = await drain(client.execute(plan));

  assert.deepEqual(ids(got), ["b1", "b2"]);
  assert.deepEqual(fake.streamMethods(), ["executePlan", "reattachExecute", "executePlan"]);
  const [first, again] = fake.requests("executePlan");
  assert.equal(again.operationId, first.operationId);
  assert.deepEqual(again.plan, first.plan);
});

Deno.test("OPERATION_NOT_FOUND after responses arrived is an error, not a second execution", async () => {
  const notFound = rpcError(Code.INTERNAL, "[INVALID_HANDLE.OPERATION_NOT_FOUND] ...", {
    errorClass: "INVALID_HANDLE.OPERATION_NOT_FOUND",
  });
  const fake = new FakeTransport([batch("b1"), unavailable()], [notFound], log(1));
  const client = await connect(fake);

  const err = await drain(client.execute(plan)).then(() => undefined, (e) => e);

  assert.ok(err instanceof SparkConnectError, `got ${err}`);
  assert.equal(err.errorClass, "INVALID_HANDLE.OPERATION_NOT_FOUND");
  assert.deepEqual(fake.streamMethods(), ["executePlan", "reattachExecute"]);
});

Deno.test("UNAVAILABLE with the port unreachable gives up after maxUnreachableTries with a ConnectionError", async () => {
  const fake = new FakeTransport(
    [unavailable()],
    [unavailable()],
    [unavailable()],
    [unavailable()],
    log(1),
  );
  fake.probeAnswers = ["unreachable"];
  const client = await connect(fake, { maxRetries: 10, maxUnreachableTries: 3 });

  const err = await drain(client.execute(plan)).then(() => undefined, (e) => e);

  assert.ok(err instanceof ConnectionError, `got ${err}`);
  assert.match(err.message, /lost the Spark Connect server at sc:\/\/spark\.test:15002/);
  assert.ok(!err.message.includes("s3cr3t-T0KEN"), "the token is not printed");
  assert.deepEqual(fake.streamMethods(), [
    "executePlan",
    "reattachExecute",
    "reattachExecute",
  ]);
});

Deno.test("the unreachable count starts again when the port answers", async () => {
  const fake = new FakeTransport([unavailable()], [unavailable()], [unavailable()], log(1));
  fake.probeAnswers = ["unreachable", "listening", "unreachable", "listening"];
  const client = await connect(fake, { maxRetries: 10, maxUnreachableTries: 2 });

  assert.deepEqual(ids(await drain(client.execute(plan))), ["b1"]);
  assert.equal(fake.streamMethods().length, 4);
});

Deno.test("retries stop after maxRetries", async () => {
  const fake = new FakeTransport(
    [unavailable()],
    [unavailable()],
    [unavailable()],
    [unavailable()],
    log(1), // would succeed, but a fifth try is one too many
  );
  const client = await connect(fake, { maxRetries: 3 });

  const err = await drain(client.execute(plan)).then(() => undefined, (e) => e);

  assert.ok(err instanceof SparkConnectError, `got ${err}`);
  assert.ok(!(err instanceof ConnectionError), "the port still answers: the server is not lost");
  assert.equal(err.grpcCode, Code.UNAVAILABLE);
  assert.equal(fake.streamMethods().length, 4, "one try and 3 retries");
  assert.equal(fake.streams.length, 1);
});

Deno.test("a response between failures starts a fresh series of retries", async () => {
  const fake = new FakeTransport(
    [batch("b1"), unavailable()],
    [batch("b2"), unavailable()],
    [batch("b3"), complete("done")],
  );
  const client = await connect(fake, { maxRetries: 1 });

  assert.deepEqual(ids(await drain(client.execute(plan))), ["b1", "b2", "b3"]);
});

Deno.test("RetryInfo makes an INTERNAL error retryable and its delay is the backoff", async () => {
  const throttled = rpcError(Code.INTERNAL, "busy", {
    errorClass: "SOME_TRANSIENT_FAILURE",
    retryDelayMs: 20,
  });
  const fake = new FakeTransport([throttled], resumeFrom(log(2)));
  const client = await connect(fake);

  assert.deepEqual(ids(await drain(client.execute(plan))), ["b1", "b2"]);
  assert.deepEqual(fake.streamMethods(), ["executePlan", "reattachExecute"]);
  assert.equal(fake.requests("probe").length, 0, "only UNAVAILABLE probes the port");
  assert.equal(backoffMs(client.retryPolicy, 0, throttled), 20);
  const plain = rpcError(Code.INTERNAL, "busy", { errorClass: "SOME_TRANSIENT_FAILURE" });
  assert.equal(backoffMs(client.retryPolicy, 0, plain), 1);
});

function assertCleanedUp(fake: FakeTransport) {
  const operationId = operationIdOf(fake);
  const interrupts = fake.requests("interrupt");
  assert.equal(interrupts.length, 1, "one Interrupt");
  assert.equal(interrupts[0].interruptType, InterruptRequest_InterruptType.OPERATION_ID);
  assert.deepEqual(interrupts[0].interrupt, { case: "operationId", value: operationId });
  assert.equal(interrupts[0].sessionId, fake.requests("executePlan")[0].sessionId);
  const releases = fake.requests("releaseExecute");
  const last = releases.at(-1);
  assert.equal(last?.release.case, "releaseAll");
  assert.equal(last?.operationId, operationId);
}

Deno.test("aborting while the stream waits throws the abort reason, interrupts and releases the operation", async () => {
  const fake = new FakeTransport([batch("b1"), HANG, batch("b2"), complete("done")], log(1));
  const client = await connect(fake);
  const controller = new AbortController();
  const reason = new Error("user pressed stop");
  const got: ExecutePlanResponse[] = [];

  const run = (async () => {
    for await (const r of client.execute(plan, { signal: controller.signal })) {
      got.push(r);
      setTimeout(() => controller.abort(reason), 5);
    }
  })();

  await assert.rejects(run, (e) => e === reason);
  assert.deepEqual(ids(got), ["b1"]);
  assert.deepEqual(fake.streamMethods(), ["executePlan"], "no reattach after an abort");
  assertCleanedUp(fake);
});

Deno.test("aborting between responses throws the abort reason and interrupts the operation", async () => {
  const fake = new FakeTransport(log(3));
  const client = await connect(fake);
  const controller = new AbortController();
  const reason = new DOMException("stop", "AbortError");
  const got: ExecutePlanResponse[] = [];

  const run = (async () => {
    for await (const r of client.execute(plan, { signal: controller.signal })) {
      got.push(r);
      controller.abort(reason);
    }
  })();

  await assert.rejects(run, (e) => e === reason);
  assert.deepEqual(ids(got), ["b1"]);
  assertCleanedUp(fake);
});

Deno.test("aborting during a retry backoff stops at once without another try", async () => {
  const fake = new FakeTransport([batch("b1"), unavailable()], log(1));
  const client = await connect(fake, { initialBackoffMs: 60_000, maxBackoffMs: 60_000 });
  const controller = new AbortController();
  const reason = new Error("stop");

  const run = (async () => {
    for await (const _ of client.execute(plan, { signal: controller.signal })) {
      setTimeout(() => controller.abort(reason), 10);
    }
  })();

  await assert.rejects(run, (e) => e === reason);
  assert.deepEqual(fake.streamMethods(), ["executePlan"]);
  assertCleanedUp(fake);
});

Deno.test("breaking out of for await early interrupts and releases the operation", async () => {
  const fake = new FakeTransport(log(5));
  const client = await connect(fake);

  const got: ExecutePlanResponse[] = [];
  for await (const r of client.execute(plan)) {
    got.push(r);
    if (got.length === 2) break;
  }

  assert.deepEqual(ids(got), ["b1", "b2"]);
  assert.equal(fake.streamsClosedEarly, 1, "the underlying stream is closed");
  assertCleanedUp(fake);
});

Deno.test("after result_complete a ReleaseExecute release_all is sent and nothing is interrupted", async () => {
  const fake = new FakeTransport(log(2));
  const client = await connect(fake);

  await drain(client.execute(plan));

  const releases = fake.requests("releaseExecute");
  assert.equal(releases.length, 1);
  assert.equal(releases[0].release.case, "releaseAll");
  assert.equal(releases[0].operationId, operationIdOf(fake));
  assert.equal(releases[0].sessionId, client.sessionId);
  assert.equal(fake.requests("interrupt").length, 0);
});

Deno.test({
  name: "a stream error after result_complete does not fail the complete result",
  fn: async () => {
    const rst = rpcError(Code.INTERNAL, "Received RST_STREAM with code 0");
    const fake = new FakeTransport([batch("b1"), complete("done"), rst]);
    const client = await connect(fake);

    const got = await drain(client.execute(plan));

    assert.deepEqual(ids(got), ["b1"]);
    assert.deepEqual(fake.streamMethods(), ["executePlan"], "nothing left to reattach for");
    assert.equal(fake.requests("interrupt").length, 0);
  },
});

Deno.test("every 8 results a ReleaseExecute release_until frees what the server buffered", async () => {
  const fake = new FakeTransport(log(17));
  const client = await connect(fake);

  await drain(client.execute(plan));

  const releases = fake.requests("releaseExecute").map((r) => r.release);
  assert.deepEqual(releases.map((r) => r.case === "releaseUntil" ? r.value.responseId : r.case), [
    "b8",
    "b16",
    "releaseAll",
  ]);
});

Deno.test("a changed server_side_session_id between responses throws an error saying the server session changed", async () => {
  const fake = new FakeTransport([
    batch("b1"),
    { ...batch("b2"), serverSideSessionId: "another-server-session" },
    complete("done"),
  ]);
  const client = await connect(fake);
  const got: ExecutePlanResponse[] = [];

  const err = await (async () => {
    for await (const r of client.execute(plan)) got.push(r);
  })().then(() => undefined, (e) => e);

  assert.ok(err instanceof ConnectionError, `got ${err}`);
  assert.match(err.message, /server session at .* changed/);
  assert.deepEqual(ids(got), ["b1"]);
  assert.equal(client.serverSideSessionId, SERVER_SESSION);
  assert.deepEqual(fake.streamMethods(), ["executePlan"], "a new session is not retried");
});

Deno.test("execution_progress responses reach onProgress and are not yielded", async () => {
  const fake = new FakeTransport([
    progress("p1", [{ stageId: 1, numTasks: 4, numCompletedTasks: 1, done: false }], 3),
    batch("b1"),
    progress("p2", [{ stageId: 1, numTasks: 4, numCompletedTasks: 4, done: true }], 0),
    complete("done"),
  ]);
  const client = await connect(fake);
  const seen: ExecutionProgress[] = [];

  const got = await drain(client.execute(plan, { onProgress: (p) => seen.push(p) }));

  assert.deepEqual(ids(got), ["b1"]);
  assert.deepEqual(seen, [
    {
      stages: [{
        stageId: 1,
        numTasks: 4,
        numCompletedTasks: 1,
        inputBytesRead: 1024,
        done: false,
      }],
      numInflightTasks: 3,
    },
    {
      stages: [{ stageId: 1, numTasks: 4, numCompletedTasks: 4, inputBytesRead: 1024, done: true }],
      numInflightTasks: 0,
    },
  ]);
});

Deno.test("a progress response is a valid point to reattach from", async () => {
  const all = [
    batch("b1"),
    progress("p1", [{ stageId: 0, numTasks: 1, numCompletedTasks: 0, done: false }], 1),
    batch("b2"),
    complete("done"),
  ];
  const fake = new FakeTransport(all.slice(0, 2), resumeFrom(all));
  const client = await connect(fake);

  assert.deepEqual(ids(await drain(client.execute(plan))), ["b1", "b2"]);
  assert.equal(fake.requests("reattachExecute")[0].lastResponseId, "p1");
});

function splitInto(bytes: Uint8Array, parts: number): Uint8Array[] {
  const size = Math.ceil(bytes.length / parts);
  return Array.from({ length: parts }, (_, i) => bytes.slice(i * size, (i + 1) * size));
}

Deno.test("chunked Arrow batches are reassembled by recordBatches", async () => {
  const first = tableFromArrays({
    id: Int32Array.from({ length: 50 }, (_, i) => i),
    name: Array.from({ length: 50 }, (_, i) => `restaurant ${i}`),
  });
  const second = tableFromArrays({ id: Int32Array.of(50, 51), name: ["x", "y"] });
  const chunks = splitInto(tableToIPC(first, "stream"), 3);
  assert.ok(chunks.every((c) => c.length > 0));
  const fake = new FakeTransport([
    batch("c0", chunks[0], { index: 0, of: 3 }),
    batch("c1", chunks[1], { index: 1, of: 3 }),
    batch("c2", chunks[2], { index: 2, of: 3 }),
    batch("whole", tableToIPC(second, "stream")),
    complete("done"),
  ]);
  const client = await connect(fake);

  const batches = await drain(recordBatches(client.execute(plan)));

  assert.deepEqual(batches.map((b) => b.numRows), [50, 2]);
  const idsRead = batches.flatMap((b) => [...b.getChild("id")!.toArray()]);
  assert.deepEqual(idsRead, Array.from({ length: 52 }, (_, i) => i));
  assert.equal(batches[0].getChild("name")!.get(49), "restaurant 49");
});

Deno.test("collectTable joins the batches of a chunked stream into one table", async () => {
  const t = tableFromArrays({ id: Int32Array.from({ length: 10 }, (_, i) => i) });
  const chunks = splitInto(tableToIPC(t, "stream"), 3);
  const fake = new FakeTransport([
    ...chunks.map((c, i) => batch(`c${i}`, c, { index: i, of: 3 })),
    complete("done"),
  ]);
  const client = await connect(fake);

  const table = await collectTable(client.execute(plan));

  assert.equal(table.numRows, 10);
  assert.deepEqual([...table.getChild("id")!.toArray()], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

Deno.test("a stream ending inside a chunked batch is an error, not a short result", async () => {
  const t = tableFromArrays({ id: Int32Array.of(1, 2, 3) });
  const chunks = splitInto(tableToIPC(t, "stream"), 3);
  const fake = new FakeTransport([
    batch("c0", chunks[0], { index: 0, of: 3 }),
    batch("c1", chunks[1], { index: 1, of: 3 }),
    complete("done"),
  ]);
  const client = await connect(fake);

  await assert.rejects(drain(recordBatches(client.execute(plan))), /inside a chunked Arrow batch/);
});

Deno.test("a closed client refuses to execute", async () => {
  const fake = new FakeTransport(log(1));
  const client = await connect(fake);
  await client.close();
  assert.ok(fake.closed);
  assert.throws(() => client.execute(plan), /closed/);
  assert.equal(fake.calls.filter((c) => c.method === "executePlan").length, 0);
});

// The default policy is the official clients'; a test that stubs it must not change it.
Deno.test("connect merges a partial retry policy over the defaults", async () => {
  const client = await connect(new FakeTransport(), { maxRetries: 2 });
  assert.deepEqual(client.retryPolicy, { ...DEFAULT_RETRY_POLICY, ...FAST, maxRetries: 2 });
  assert.equal(DEFAULT_RETRY_POLICY.maxRetries, 15);
});
