import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";
import { loadConfig } from "../../src/config/mod.ts";
import { bindSpec, stepLabels } from "../../src/jobs/bind.ts";
import {
  listRuns,
  newRunId,
  readRunRecord,
  type RunRecord,
  writeRunRecord,
} from "../../src/jobs/history.ts";
import { barLine, progressPrinter, stepLine } from "../../src/jobs/progress.ts";
import { reconcile, type StageBalance } from "../../src/jobs/reconcile.ts";
import { readWindow } from "../../src/jobs/stages.ts";
import { localCores } from "../../src/jobs/run.ts";
import { describeError } from "../../src/jobs/history.ts";
import type { SinkWrite } from "../../src/steps/types.ts";
import { FIXTURE, REPO } from "./project.ts";

const STAGE: StageBalance = {
  stage: 1,
  rowsIn: 16,
  counted: 16,
  quarantined: 7,
  droppedByMasking: 1,
  duplicatesRemoved: 3,
  outsideWindow: 0,
  passedOn: 5,
};
const MERGE: SinkWrite = {
  path: "/t",
  format: "delta",
  mode: "merge",
  rows: 5,
  inserted: 3,
  updated: 1,
  unchanged: 1,
  version: 2,
  created: false,
  sourceRows: 5,
};
const QUARANTINE: SinkWrite = {
  ...MERGE,
  path: "/q",
  rows: 8,
  inserted: 8,
  updated: 0,
  unchanged: 0,
};

Deno.test("reconcile: a balanced run, and each way one fails to balance", () => {
  const r = reconcile({
    stages: [STAGE],
    sinks: [MERGE],
    quarantine: { ...QUARANTINE, sourceRows: 8 },
  });
  ok(r.balanced, r.problems.join("; "));
  strictEqual(
    r.equation,
    "16 read = 7 quarantined + 1 dropped by masking + 3 duplicates removed + 3 inserted + " +
      "1 updated + 1 unchanged",
  );
  const broken = [
    reconcile({ stages: [{ ...STAGE, counted: 15 }], sinks: [MERGE], quarantine: null }),
    reconcile({ stages: [{ ...STAGE, passedOn: 4 }], sinks: [MERGE], quarantine: null }),
    reconcile({ stages: [STAGE], sinks: [{ ...MERGE, sourceRows: 6 }], quarantine: null }),
    reconcile({
      stages: [STAGE],
      sinks: [{ ...MERGE, unchanged: -1, inserted: 5 }],
      quarantine: null,
    }),
    reconcile({
      stages: [STAGE],
      sinks: [MERGE],
      quarantine: { ...QUARANTINE, rows: 7, sourceRows: null },
    }),
  ];
  deepStrictEqual(broken.map((b) => b.balanced), [false, false, false, false, false]);
  deepStrictEqual(broken[0].problems, [
    "stage 1: 16 rows came in but 15 were accounted for",
    "stage 1: 15 rows counted but 16 have a fate",
  ]);
  deepStrictEqual(broken[2].problems, ["sink /t: the commit read 6 rows, not 5"]);
  deepStrictEqual(broken[4].problems, ["quarantine /q: offered 7 rows, expected 8"]);
});

Deno.test("reconcile: an aggregating job balances rows, then groups", () => {
  const rows = {
    ...STAGE,
    rowsIn: 7,
    counted: 7,
    quarantined: 0,
    droppedByMasking: 0,
    duplicatesRemoved: 0,
    outsideWindow: 1,
    passedOn: 6,
  };
  const groups = { ...rows, stage: 2, rowsIn: 4, counted: 4, outsideWindow: 0, passedOn: 4 };
  const json = {
    ...MERGE,
    format: "json",
    mode: "overwrite",
    rows: 4,
    inserted: 4,
    updated: 0,
    unchanged: 0,
    version: null,
    sourceRows: null,
  };
  const delta = { ...MERGE, rows: 4, inserted: 0, updated: 1, unchanged: 3, sourceRows: 4 };
  const r = reconcile({ stages: [rows, groups], sinks: [json, delta], quarantine: null });
  ok(r.balanced, r.problems.join("; "));
  strictEqual(
    r.equation,
    "7 read = 0 quarantined + 0 duplicates removed + 1 outside the window + 6 aggregated; " +
      "4 groups, 4 delivered = 0 inserted + 1 updated + 3 unchanged",
  );
});

Deno.test("run history: atomic records, listed newest first, by job, bad files reported", async () => {
  const root = await Deno.makeTempDir({ prefix: "lakebook-history-" });
  try {
    const record = (runId: string, job: string, startedAt: string): RunRecord => ({
      runId,
      job,
      config: { path: null, sha256: "0".repeat(64) },
      params: {},
      startedAt,
      endedAt: startedAt,
      seconds: 0,
      status: "succeeded",
      steps: [],
      reconciliation: null,
      deltaVersions: [],
      error: null,
    });
    const a = record("20260501T020000Z-aaaaaa", "reviews", "2026-05-01T02:00:00.000Z");
    const b = record("20260502T020000Z-bbbbbb", "reviews", "2026-05-02T02:00:00.000Z");
    const c = record("20260501T030000Z-cccccc", "review_aggregation", "2026-05-01T03:00:00.000Z");
    for (const r of [a, b, c]) await writeRunRecord(r, root);
    deepStrictEqual(await readRunRecord(`${root}/reviews/${a.runId}.json`), a);
    deepStrictEqual([...Deno.readDirSync(`${root}/reviews`)].map((e) => e.name).sort(), [
      `${a.runId}.json`,
      `${b.runId}.json`,
    ]);
    await Deno.writeTextFile(`${root}/reviews/broken.json`, "{");
    const bad: string[] = [];
    deepStrictEqual(
      (await listRuns({ root, onBadFile: (p) => bad.push(p) })).map((r) => r.runId),
      [b.runId, c.runId, a.runId],
    );
    deepStrictEqual(bad, [`${root}/reviews/broken.json`]);
    deepStrictEqual((await listRuns({ root, job: "review_aggregation" })).map((r) => r.runId), [
      c.runId,
    ]);
    deepStrictEqual(await listRuns({ root: `${root}/none` }), []);
    const schema = JSON.parse(await Deno.readTextFile(`${REPO}src/jobs/history.schema.json`));
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    ajvFormats.default(ajv);
    ok(ajv.validate(schema, a), JSON.stringify(ajv.errors));
    ok(!ajv.validate(schema, { ...a, status: "done" }));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("run ids sort by start time; errors are recorded without tokens", () => {
  ok(/^20260501T020304Z-[0-9a-f]{6}$/.test(newRunId(new Date("2026-05-01T02:03:04.567Z"))));
  ok(newRunId(new Date("2026-05-01T00:00:00Z")) < newRunId(new Date("2026-05-02T00:00:00Z")));
  deepStrictEqual(
    describeError(new Error("cannot reach sc://h:1/;token=s3cr3t;user_id=a\n  at stack")),
    { class: "Error", message: "cannot reach sc://h:1/;token=***;user_id=a" },
  );
  const spark = Object.assign(new Error("[X] bad"), { errorClass: "X", name: "AnalysisException" });
  deepStrictEqual(describeError(spark), { class: "AnalysisException [X]", message: "[X] bad" });
});

Deno.test("bindSpec binds parameters into SQL as literals and into paths as text", async () => {
  const spec = await loadConfig(`${FIXTURE}ingestion_config/review_aggregation.yaml`);
  const bound = bindSpec(spec, { as_of: "2026-01-31" });
  const [json, delta] = bound.sink as { path: string }[];
  ok(json.path.endsWith("/json/as_of=2026-01-31"), json.path);
  ok(delta.path.endsWith("/delta"));
  const agg = bound.steps[0].aggregate!;
  strictEqual(agg.window!.until, "DATE'2026-01-31'");
  strictEqual(agg.metrics.asOf, "DATE'2026-01-31'");
  deepStrictEqual(agg.metrics.reviewAge, {
    oldest: "max(datediff(DATE'2026-01-31', publishedAt))",
    newest: "min(datediff(DATE'2026-01-31', publishedAt))",
    average: "avg(datediff(DATE'2026-01-31', publishedAt))",
  });
  const reviews = bindSpec(await loadConfig(`${FIXTURE}ingestion_config/reviews.yaml`), {
    batch: "b2",
  });
  ok(reviews.source.path.endsWith("/data/b2.jsonl"));
  deepStrictEqual(
    stepLabels([{ filter: "a" }, { filter: "b" }, { dedupe: { keys: ["k"], latest_by: "t" } }]),
    ["filter", "filter_2", "dedupe"],
  );
});

Deno.test("readWindow: an aggregate's window goes to a typed source's read, past filters only", async () => {
  const spec = await loadConfig(`${FIXTURE}ingestion_config/review_aggregation.yaml`);
  const window = spec.steps[0].aggregate!.window!;
  strictEqual(readWindow(spec), window);
  const aggregate = spec.steps[0];
  strictEqual(readWindow({ ...spec, steps: [{ filter: "rating > 1" }, aggregate] }), window);
  const dedupe = { dedupe: { keys: ["reviewId"], latest_by: "publishedAt" } };
  strictEqual(readWindow({ ...spec, steps: [dedupe, aggregate] }), undefined, "a dedupe first");
  const json = { ...spec.source, format: "json" as const };
  strictEqual(readWindow({ ...spec, source: json }), undefined, "JSON rows may be corrupt");
  const ingest = await loadConfig(`${FIXTURE}ingestion_config/reviews.yaml`);
  strictEqual(readWindow(ingest), undefined, "no aggregate");
});

Deno.test("localCores: a local master on a loopback server, else none", () => {
  strictEqual(localCores("sc://127.0.0.1:15002", "local[*]"), navigator.hardwareConcurrency);
  strictEqual(localCores("sc://localhost:15002/;user_id=a", "local[3]"), 3);
  strictEqual(localCores("sc://127.0.0.1:15002", "local[3, 2]"), 3);
  strictEqual(localCores("sc://spark.example:15002", "local[*]"), undefined, "another machine");
  strictEqual(localCores("sc://127.0.0.1:15002", "spark://127.0.0.1:7077"), undefined);
  strictEqual(localCores("sc://127.0.0.1:15002", undefined), undefined);
});

Deno.test("progress: plain lines off a terminal, a live bar on one", () => {
  const out: string[] = [];
  const plain = progressPrinter({ tty: false, write: (t) => out.push(t) });
  const steps = [{
    step: "dedupe",
    rowsIn: 10,
    rowsOut: 8,
    rejected: { duplicate: 2 },
    seconds: 1,
  }];
  plain({ type: "phase-start", phase: "read_source > dedupe" });
  plain({
    type: "spark-progress",
    phase: "read_source > dedupe",
    progress: { stages: [], numInflightTasks: 0 },
  });
  plain({ type: "phase-end", phase: "read_source > dedupe", seconds: 1.5, steps });
  deepStrictEqual(out, [
    "lakebook: read_source > dedupe ...\n",
    "lakebook: read_source > dedupe: 1.50 s\n",
    "  dedupe: 10 in, 8 out (duplicate 2)\n",
  ]);
  const tty: string[] = [];
  const live = progressPrinter({ tty: true, width: 4, write: (t) => tty.push(t) });
  live({ type: "phase-start", phase: "p" });
  const stage = {
    stageId: 1,
    numTasks: 4,
    numCompletedTasks: 2,
    inputBytesRead: 3 * 1024 * 1024,
    done: false,
  };
  live({ type: "spark-progress", phase: "p", progress: { stages: [stage], numInflightTasks: 2 } });
  ok(tty[0].startsWith("\r\x1b[2Kp [##  ] 2/4 tasks, 3.0 MB read, "), JSON.stringify(tty[0]));
  live({ type: "phase-end", phase: "p", seconds: 2, steps: [] });
  strictEqual(tty[1], "\r\x1b[2K");
  // Phases running at once (the writes) share the line, each with its own tasks.
  tty.length = 0;
  live({ type: "phase-start", phase: "q" });
  live({ type: "phase-start", phase: "s" });
  live({ type: "spark-progress", phase: "q", progress: { stages: [stage], numInflightTasks: 2 } });
  live({
    type: "spark-progress",
    phase: "s",
    progress: { stages: [{ ...stage, stageId: 2, numCompletedTasks: 4 }], numInflightTasks: 0 },
  });
  const [q, s] = tty[1].split("  |  ");
  ok(q.startsWith("\r\x1b[2Kq [##  ] 2/4 tasks, "), JSON.stringify(tty[1]));
  ok(s.startsWith("s [####] 4/4 tasks, "), JSON.stringify(tty[1]));
  live({ type: "phase-end", phase: "q", seconds: 1, steps: [] });
  live({ type: "spark-progress", phase: "s", progress: { stages: [], numInflightTasks: 0 } });
  ok(tty.at(-1)!.startsWith("\r\x1b[2Ks [####] 4/4 tasks"), JSON.stringify(tty.at(-1)));
  strictEqual(stepLine(steps[0]), "dedupe: 10 in, 8 out (duplicate 2)");
  ok(barLine("q", [], 2, performance.now()).startsWith("q [  ] 0/0 tasks, 0 B read"));
});
