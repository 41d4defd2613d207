import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";
import { deltaTable } from "../../src/steps/delta.ts";
import { listRuns, type RunRecord } from "../../src/jobs/history.ts";
import { runConf, RunFailed, runJob } from "../../src/jobs/run.ts";
import { withSpark } from "../helpers/spark.ts";
import { copyProject, curatedRows, latestVersion, REPO, review } from "./project.ts";

const AFTER_BATCH_1 = [
  review(1, 1, "Great pasta", 5, "2025-01-10T12:00:00Z"),
  review(1, 2, "Nice place, **** good", 4, "2025-01-15T12:00:00Z"),
  review(1, 3, "Ok, better now", 4, "2025-03-01T00:00:00Z"),
  review(2, 2, "Lovely", 5, "2025-02-20T06:30:00Z"),
  review(3, 1, "Tie B", 2, "2025-03-05T00:00:00Z"),
];

const AFTER_BATCH_2 = [
  review(1, 1, "Great pasta, even better", 5, "2026-01-10T12:00:00Z"),
  review(1, 2, "Nice place, **** good", 4, "2025-01-15T12:00:00Z"),
  review(1, 3, "Ok, better now", 4, "2025-03-01T00:00:00Z"),
  review(2, 2, "Lovely", 5, "2025-02-20T06:30:00Z"),
  review(3, 1, "Tie B updated", 3, "2025-03-06T00:00:00Z"),
  review(4, 8, "New spot", 4, "2025-06-01T00:00:00Z"),
  review(4, 9, "Old one", 2, "2022-06-01T00:00:00Z"),
];

Deno.test("runConf: on the local test server, 4 shuffle partitions and file splits per core", async () => {
  await withSpark(async (spark) => {
    const conf = await runConf(spark);
    const perCore = String(4 * navigator.hardwareConcurrency);
    strictEqual(conf["spark.sql.shuffle.partitions"], perCore);
    strictEqual(conf["spark.sql.files.minPartitionNum"], perCore);
    strictEqual(conf["spark.sql.adaptive.advisoryPartitionSizeInBytes"], "16m");
    strictEqual(conf["spark.sql.inMemoryColumnarStorage.compressed"], "false");
  });
});

Deno.test("the reviews job: batches, reruns, replays, a killed MERGE, a failed sink, the aggregation", async (t) => {
  await withSpark(async (spark) => {
    const dir = await copyProject();
    const history = `${dir}/history`;
    const curated = `${dir}/data/output/reviews`;
    const quarantine = `${dir}/data/output/reviews_quarantine`;
    const reviews = `${dir}/ingestion_config/reviews.yaml`;
    const run = (batch: string, opts: { signal?: AbortSignal; config?: string } = {}) =>
      runJob(opts.config ?? reviews, {
        spark,
        params: { batch },
        historyRoot: history,
        signal: opts.signal,
      });
    const quarantineRows = async () =>
      await (await spark.sql(
        `SELECT rule, \`column\`, raw, run_id, source_file FROM ${deltaTable(quarantine)}
         ORDER BY rule`,
      )).collect();
    try {
      let first: RunRecord;
      await t.step(
        "batch 1: exact curated rows, one quarantine row per rule, a balanced account",
        async () => {
          first = await run("batch1");
          const r = first.reconciliation!;
          strictEqual(
            r.equation,
            "16 read = 7 quarantined + 1 dropped by masking + 3 duplicates removed + 5 inserted + " +
              "0 updated + 0 unchanged",
          );
          ok(r.balanced);
          deepStrictEqual(await curatedRows(spark, dir), AFTER_BATCH_1);
          const lines = (await Deno.readTextFile(`${dir}/data/batch1.jsonl`)).split("\n");
          const rows = await quarantineRows();
          deepStrictEqual(rows.map((q) => [q.rule, q.column]), [
            ["filter", null],
            ["format", "publishedAt"],
            ["malformed", null],
            ["mask_words", "text"],
            ["maximum", "rating"],
            ["null_key", "publishedAt"],
            ["required", "reviewId"],
            ["type", "rating"],
          ]);
          // Corrupt lines keep their raw text; the others are their row as the step saw it.
          const raw = Object.fromEntries(rows.map((q) => [q.rule, q.raw]));
          strictEqual(raw.malformed, lines[9]);
          strictEqual(raw.type, lines[10]);
          strictEqual(JSON.parse(raw.mask_words as string).text, "Dang dangit DANG");
          strictEqual(JSON.parse(raw.filter as string).reviewId, 7);
          strictEqual(JSON.parse(raw.format as string).publishedAt, "2025-02-30T00:00:00Z");
          ok(rows.every((q) => q.run_id === first.runId));
          ok(rows.every((q) => String(q.source_file).endsWith("/data/batch1.jsonl")));
          const steps = Object.fromEntries(first.steps.map((s) => [s.step, s]));
          deepStrictEqual(steps.validate_rows.rejected, {
            malformed: 1,
            type: 1,
            required: 1,
            format: 1,
            maximum: 1,
            null_key: 1,
          });
          deepStrictEqual([steps.mask_words.rowsIn, steps.mask_words.rowsOut], [10, 9]);
          deepStrictEqual(steps.dedupe.rejected, { duplicate: 3 });
          deepStrictEqual(steps.filter.rejected, { filter: 1 });
          deepStrictEqual(
            first.deltaVersions.map((v) => [v.role, v.version, v.operation]),
            [["quarantine", 0, "WRITE"], ["sink", 0, "WRITE"]],
          );
          // One file per month partition: 2025-01, 2025-02, 2025-03.
          const files = await (await spark.sql(`DESCRIBE DETAIL ${deltaTable(curated)}`)).collect();
          strictEqual(Number(files[0].numFiles), 3);
        },
      );

      await t.step(
        "rerunning batch 1 leaves both tables as they were, without a commit",
        async () => {
          const before = [
            await latestVersion(spark, curated),
            await latestVersion(spark, quarantine),
          ];
          const again = await run("batch1");
          strictEqual(
            again.reconciliation!.equation,
            "16 read = 7 quarantined + 1 dropped by masking + 3 duplicates removed + 0 inserted + " +
              "0 updated + 5 unchanged",
          );
          deepStrictEqual(await curatedRows(spark, dir), AFTER_BATCH_1);
          strictEqual((await quarantineRows()).length, 8);
          deepStrictEqual(
            [await latestVersion(spark, curated), await latestVersion(spark, quarantine)],
            before,
          );
          deepStrictEqual(again.deltaVersions, []);
        },
      );

      await t.step("batch 2 killed mid-MERGE leaves the table at its version", async () => {
        const before = await latestVersion(spark, curated);
        const abort = new AbortController();
        const sql = spark.sql;
        spark.sql = (query, args, opts) => {
          if (query.startsWith("MERGE INTO") && query.includes(`${curated}\``)) {
            setTimeout(() => abort.abort(new Error("killed mid-MERGE")), 300);
          }
          return sql.call(spark, query, args, opts);
        };
        try {
          await rejects(run("batch2", { signal: abort.signal }), RunFailed);
        } finally {
          spark.sql = sql;
        }
        strictEqual(await latestVersion(spark, curated), before);
        deepStrictEqual(await curatedRows(spark, dir), AFTER_BATCH_1);
        const [last] = await listRuns({ root: history, job: "reviews" });
        strictEqual(last.status, "failed");
        deepStrictEqual(last.error, { class: "Error", message: "killed mid-MERGE" });
      });

      await t.step(
        "rerunning batch 2 upserts exactly: 2 inserted, 2 updated, 2 unchanged",
        async () => {
          const second = await run("batch2");
          strictEqual(
            second.reconciliation!.equation,
            "6 read = 0 quarantined + 0 duplicates removed + 2 inserted + 2 updated + 2 unchanged",
          );
          deepStrictEqual(await curatedRows(spark, dir), AFTER_BATCH_2);
          // The batch's months, and 2025-01, where the table held 1/1 before its edit moved it to
          // 2026-01: without it, the MERGE would not match the old row and insert 1/1 again.
          const merge = second.reconciliation!.sinks[0];
          deepStrictEqual(merge.partitions, [
            "2022-06",
            "2024-12",
            "2025-01",
            "2025-02",
            "2025-03",
            "2025-06",
            "2026-01",
          ]);
          strictEqual(merge.sourceRows, 6);
        },
      );

      await t.step("replaying batch 1 after batch 2 changes nothing", async () => {
        const before = await latestVersion(spark, curated);
        const replay = await run("batch1");
        const r = replay.reconciliation!;
        deepStrictEqual([r.inserted, r.updated, r.unchanged], [0, 0, 5]);
        deepStrictEqual(await curatedRows(spark, dir), AFTER_BATCH_2);
        strictEqual(await latestVersion(spark, curated), before);
      });

      await t.step(
        "a sink failing beside the quarantine write: once that has committed, it is undone",
        async () => {
          const before = await latestVersion(spark, quarantine);
          const rows = await quarantineRows();
          const config = `${dir}/ingestion_config/reviews_bad_sink.yaml`;
          const err = await run("batch3", { config }).then(() => undefined, (e) => e);
          ok(err instanceof RunFailed, String(err));
          const record = err.record as RunRecord;
          ok(
            record.error!.message.includes("partitioned by (published_month)"),
            record.error!.message,
          );
          deepStrictEqual(record.deltaVersions, [{
            path: quarantine,
            role: "quarantine",
            version: before + 1,
            operation: "MERGE",
            rolledBack: { version: before + 2 },
          }]);
          deepStrictEqual(await quarantineRows(), rows);
          deepStrictEqual(await curatedRows(spark, dir), AFTER_BATCH_2);
        },
      );

      await t.step(
        "the aggregation as of 2026-01-31: exact groups in one JSON file and a Delta table",
        async () => {
          const record = await runJob(`${dir}/ingestion_config/review_aggregation.yaml`, {
            spark,
            asOf: "2026-01-31",
            historyRoot: history,
          });
          strictEqual(
            record.reconciliation!.equation,
            "6 read = 0 quarantined + 0 duplicates removed + 0 outside the window + 6 aggregated; " +
              "4 groups, 4 delivered = 4 inserted + 0 updated + 0 unchanged",
          );
          // The window went to the Delta read: the table's 7th review, older, was not read.
          deepStrictEqual(record.steps[0].details, {
            window: "publishedAt in the last 3 years until DATE'2026-01-31'",
          });
          const folder = `${dir}/data/output/review_aggregation/json/as_of=2026-01-31`;
          const files = [...Deno.readDirSync(folder)].map((e) => e.name).filter((n) =>
            n.endsWith(".json")
          );
          strictEqual(files.length, 1);
          const lines = (await Deno.readTextFile(`${folder}/${files[0]}`)).trim().split("\n");
          deepStrictEqual(lines.map((l) => JSON.parse(l)), [
            group(1, 3, 13 / 3, 59 / 3, 381, 21, 246),
            group(2, 1, 5, 6, 345, 345, 345),
            group(3, 1, 3, 13, 331, 331, 331),
            group(4, 1, 4, 8, 244, 244, 244),
          ]);
          const table = await (await spark.sql(
            `SELECT to_json(struct(*)) AS j FROM ${
              deltaTable(`${dir}/data/output/review_aggregation/delta`)
            } ORDER BY restaurantId`,
          )).collect();
          deepStrictEqual(
            table.map((r) => JSON.parse(r.j as string)),
            lines.map((l) => JSON.parse(l)),
          );
          const again = await runJob(`${dir}/ingestion_config/review_aggregation.yaml`, {
            spark,
            asOf: "2026-01-31",
            historyRoot: history,
          });
          deepStrictEqual(
            [
              again.reconciliation!.inserted,
              again.reconciliation!.updated,
              again.reconciliation!.unchanged,
            ],
            [0, 0, 4],
          );
        },
      );

      await t.step("every record matches history.schema.json", async () => {
        const schema = JSON.parse(await Deno.readTextFile(`${REPO}src/jobs/history.schema.json`));
        const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
        ajvFormats.default(ajv);
        const validate = ajv.compile(schema);
        const runs = await listRuns({ root: history });
        strictEqual(runs.length, 8);
        for (const record of runs) ok(validate(record), JSON.stringify(validate.errors));
        deepStrictEqual(runs.map((r) => r.status).filter((s) => s === "failed").length, 2);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

function group(
  restaurantId: number,
  reviewCount: number,
  averageRating: number,
  averageReviewLength: number,
  oldest: number,
  newest: number,
  average: number,
) {
  return {
    restaurantId,
    asOf: "2026-01-31",
    reviewCount,
    averageRating,
    averageReviewLength,
    reviewAge: { oldest, newest, average },
  };
}
