import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { deltaTable, history } from "../../src/steps/delta.ts";
import { mergeInto } from "../../src/steps/merge_into.ts";
import { rows, withSpark } from "../helpers/spark.ts";

const SCHEMA = "id INT, ts TIMESTAMP, text STRING";
const t = (iso: string) => new Date(iso);

Deno.test("mergeInto: create, then monotonic, pruned, tagged upserts", async (ctx) => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-merge-" });
    const path = `${dir}/t`;
    const content = async () =>
      (await rows(spark, `SELECT id, text, ts_month FROM ${deltaTable(path)} ORDER BY id`))
        .map((r) => `${r.id} ${r.text} ${r.ts_month}`);
    const opts = { keys: ["id"], updateWhenNewer: "ts" };
    try {
      await ctx.step(
        "the first write creates the table by month, one file per month, tagged",
        async () => {
          const df = await spark.createDataFrame([
            { id: 1, ts: t("2025-01-05T00:00:00Z"), text: "a" },
            { id: 2, ts: t("2025-01-06T00:00:00Z"), text: "b" },
            { id: 3, ts: t("2025-02-01T00:00:00Z"), text: "c" },
            { id: 4, ts: t("2025-02-02T00:00:00Z"), text: "d" },
          ], SCHEMA);
          const { write } = await mergeInto(df, path, { ...opts, tag: "run-1" });
          deepStrictEqual(
            [write.created, write.inserted, write.version, write.sourceRows],
            [true, 4, 0, 4],
          );
          const [detail] = await rows(spark, `DESCRIBE DETAIL ${deltaTable(path)}`);
          deepStrictEqual([detail.partitionColumns, Number(detail.numFiles)], [["ts_month"], 2]);
          strictEqual((await history(spark, path, 1))[0].userMetadata, "run-1");
        },
      );

      await ctx.step(
        "newer rows update, older and equal ones change nothing, moved rows match",
        async () => {
          const df = await spark.createDataFrame([
            { id: 1, ts: t("2026-03-01T00:00:00Z"), text: "a2" }, // newer, moves to 2026-03
            { id: 2, ts: t("2024-12-01T00:00:00Z"), text: "b0" }, // older
            { id: 3, ts: t("2025-02-01T00:00:00Z"), text: "c?" }, // same instant
            { id: 5, ts: t("2025-02-03T00:00:00Z"), text: "e" }, // new
          ], SCHEMA);
          const { write, metrics } = await mergeInto(df, path, { ...opts, tag: "run-2" });
          deepStrictEqual(
            [write.inserted, write.updated, write.unchanged, write.version, write.sourceRows],
            [1, 1, 2, 1, 4],
          );
          deepStrictEqual(write.partitions, ["2024-12", "2025-01", "2025-02", "2026-03"]);
          deepStrictEqual([metrics.rowsIn, metrics.rowsOut], [4, 2]);
          deepStrictEqual(await content(), [
            "1 a2 2026-03",
            "2 b 2025-01",
            "3 c 2025-02",
            "4 d 2025-02",
            "5 e 2025-02",
          ]);
          strictEqual((await history(spark, path, 1))[0].userMetadata, "run-2");
        },
      );

      await ctx.step("a MERGE that changes nothing commits nothing", async () => {
        const df = await spark.createDataFrame([{
          id: 2,
          ts: t("2025-01-06T00:00:00Z"),
          text: "b",
        }], SCHEMA);
        const { write } = await mergeInto(df, path, opts);
        deepStrictEqual([write.unchanged, write.version], [1, null]);
        strictEqual((await history(spark, path, 1))[0].version, 1);
      });

      await ctx.step("rows sharing a key fail before anything is written", async () => {
        const df = await spark.createDataFrame([
          { id: 9, ts: t("2025-01-01T00:00:00Z"), text: "x" },
          { id: 9, ts: t("2025-01-02T00:00:00Z"), text: "y" },
        ], SCHEMA);
        await rejects(
          mergeInto(df, path, opts),
          /2 rows have the key id=9; .*\(add a dedupe step on id\)/,
        );
        await rejects(
          mergeInto(df, path, { ...opts, partitionBy: { day: "date_format(ts, 'yyyy-MM-dd')" } }),
          /the table is partitioned by \(ts_month\) but the sink says \(day\)/,
        );
        strictEqual((await history(spark, path, 1))[0].version, 1);
      });

      await ctx.step(
        "without an ordering column, a matched row is updated only when it differs",
        async () => {
          const plain = `${dir}/plain`;
          const df = await spark.createDataFrame(
            [{ k: 1, v: "a" }, { k: 2, v: "b" }],
            "k INT, v STRING",
          );
          await mergeInto(df, plain, { keys: ["k"] });
          const next = await spark.createDataFrame(
            [{ k: 1, v: "a" }, { k: 2, v: "B" }],
            "k INT, v STRING",
          );
          const { write } = await mergeInto(next, plain, { keys: ["k"] });
          deepStrictEqual([write.inserted, write.updated, write.unchanged], [0, 1, 1]);
          const [detail] = await rows(spark, `DESCRIBE DETAIL ${deltaTable(plain)}`);
          deepStrictEqual(detail.partitionColumns, []);
          ok((await rows(spark, `SELECT v FROM ${deltaTable(plain)} WHERE k = 2`))[0].v === "B");
        },
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});
