import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { deltaTable } from "../../src/steps/delta.ts";
import { writeQuarantine } from "../../src/steps/quarantine.ts";
import { writeSink } from "../../src/steps/write_sink.ts";
import { rows, withSpark } from "../helpers/spark.ts";

Deno.test("writeQuarantine adds each rejected row once, however often a batch is rerun", async () => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-quarantine-" });
    const path = `${dir}/q`;
    try {
      const rejected = await spark.createDataFrame([
        {
          step: "validate_rows",
          rule: "type",
          column: "rating",
          detail: "d",
          raw: "{bad}",
          source_file: "f1",
        },
        {
          step: "validate_rows",
          rule: "type",
          column: "rating",
          detail: "d",
          raw: "{bad}",
          source_file: "f1",
        },
        {
          step: "filter",
          rule: "filter",
          column: null,
          detail: "x > 0",
          raw: "{x:0}",
          source_file: null,
        },
      ], "step STRING, rule STRING, column STRING, detail STRING, raw STRING, source_file STRING");
      const at = new Date("2026-05-01T02:00:00Z");
      const first = await writeQuarantine(rejected, path, { runId: "r1", job: "j", at });
      deepStrictEqual([first.write.inserted, first.write.created, first.write.version], [
        3,
        true,
        0,
      ]);
      const again = await writeQuarantine(rejected, path, { runId: "r2", job: "j", at });
      deepStrictEqual([again.write.inserted, again.write.unchanged, again.write.version], [
        0,
        3,
        null,
      ]);
      const stored = await rows(
        spark,
        `SELECT run_id, job, quarantined_at, rule, raw FROM ${deltaTable(path)} ORDER BY raw`,
      );
      deepStrictEqual(stored, [
        { run_id: "r1", job: "j", quarantined_at: at, rule: "type", raw: "{bad}" },
        { run_id: "r1", job: "j", quarantined_at: at, rule: "type", raw: "{bad}" },
        { run_id: "r1", job: "j", quarantined_at: at, rule: "filter", raw: "{x:0}" },
      ]);
      const none = await writeQuarantine(rejected.limit(0), `${dir}/none`, {
        runId: "r",
        job: "j",
      });
      strictEqual(none.write.rows, 0);
      strictEqual(await Deno.stat(`${dir}/none`).then(() => true, () => false), false);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("writeSink: one sorted JSON file, and a tagged Delta append", async () => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-sink-" });
    try {
      const df = (await spark.createDataFrame(
        [{ k: 2, v: "b" }, { k: 1, v: "a" }, { k: 3, v: "c" }],
        "k INT, v STRING",
      ))
        .repartition(3);
      const json = await writeSink(df, {
        format: "json",
        path: `${dir}/json`,
        mode: "overwrite",
        single_file: true,
      }, { sortBy: ["k"] });
      deepStrictEqual([json.write.rows, json.write.inserted, json.write.version], [3, 3, null]);
      const files = [...Deno.readDirSync(`${dir}/json`)].filter((e) => e.name.endsWith(".json"));
      strictEqual(files.length, 1);
      strictEqual(
        await Deno.readTextFile(`${dir}/json/${files[0].name}`),
        '{"k":1,"v":"a"}\n{"k":2,"v":"b"}\n{"k":3,"v":"c"}\n',
      );
      const delta = await writeSink(df, {
        format: "delta",
        path: `${dir}/delta`,
        mode: "append",
        single_file: false,
        partition_by: { part: "k % 2" },
      }, { tag: "run-9" });
      deepStrictEqual(
        [delta.write.inserted, delta.write.version, delta.write.created],
        [3, 0, true],
      );
      const [h] = await rows(spark, `DESCRIBE HISTORY ${deltaTable(`${dir}/delta`)}`);
      strictEqual(h.userMetadata, "run-9");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});
