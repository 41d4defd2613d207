import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { rows, withSpark } from "../helpers/spark.ts";

Deno.test("Delta by SQL: create, insert, MERGE INTO and DESCRIBE HISTORY", async () => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-delta-" });
    const table = `delta.\`${dir}/reviews\``;
    try {
      await spark.sql(
        `CREATE TABLE ${table} (id INT, text STRING, published TIMESTAMP, month STRING)
         USING delta PARTITIONED BY (month)`,
      );
      await spark.sql(
        `INSERT INTO ${table} VALUES
          (1, 'old', TIMESTAMP'2024-01-01 00:00:00', '2024-01'),
          (2, 'keep', TIMESTAMP'2024-02-01 00:00:00', '2024-02')`,
      );
      const merge = await rows(
        spark,
        `MERGE INTO ${table} t
         USING (SELECT * FROM VALUES
           (1, 'newer', TIMESTAMP'2024-03-01 00:00:00', '2024-01'),
           (2, 'stale', TIMESTAMP'2023-01-01 00:00:00', '2024-02'),
           (3, 'inserted', TIMESTAMP'2024-03-02 00:00:00', '2024-03')
           AS s(id, text, published, month)) s
         ON t.id = s.id
         WHEN MATCHED AND s.published > t.published THEN UPDATE SET *
         WHEN NOT MATCHED THEN INSERT *`,
      );
      deepStrictEqual(merge, [{
        num_affected_rows: 2n,
        num_updated_rows: 1n,
        num_deleted_rows: 0n,
        num_inserted_rows: 1n,
      }]);
      deepStrictEqual(
        await rows(spark, `SELECT id, text FROM ${table} ORDER BY id`),
        [{ id: 1, text: "newer" }, { id: 2, text: "keep" }, { id: 3, text: "inserted" }],
      );
      // DESCRIBE HISTORY lists the newest commit first.
      const history = (await rows(spark, `DESCRIBE HISTORY ${table}`)).reverse();
      deepStrictEqual(history.map((h) => [h.version, h.operation]), [
        [0n, "CREATE TABLE"],
        [1n, "WRITE"],
        [2n, "MERGE"],
      ]);
      const metrics = history[2].operationMetrics as Map<string, string>;
      strictEqual(metrics.get("numTargetRowsUpdated"), "1");
      strictEqual(metrics.get("numTargetRowsInserted"), "1");
      const partitions = await rows(spark, `SELECT DISTINCT month FROM ${table} ORDER BY month`);
      ok(partitions.length === 3);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});
