/**
 * `spark.read`, `df.write` and `df.writeTo`: the plans they build (against a fake transport),
 * then real reads and writes of JSON, CSV, Parquet, text, ORC and Delta on the test server.
 */
import { create } from "@bufbuild/protobuf";
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { col } from "../../src/connect/functions/mod.ts";
import type { DataFrame } from "../../src/connect/dataframe.ts";
import { AnalysisException, SparkConnectError } from "../../src/connect/errors.ts";
import { sqlExpression } from "../../src/connect/plan/expressions.ts";
import {
  type Command,
  CommandSchema,
  WriteOperation_SaveMode,
  WriteOperation_SaveTable_TableSaveMethod,
  WriteOperationV2_Mode,
} from "../../src/connect/proto/gen/spark/connect/commands_pb.ts";
import { RelationSchema } from "../../src/connect/proto/gen/spark/connect/relations_pb.ts";
import { SparkSession } from "../../src/connect/session.ts";
import { DataTypes, StructType } from "../../src/connect/types/mod.ts";
import { DataFrameWriter, DataFrameWriterV2 } from "../../src/connect/writer.ts";
import { rows, withSpark } from "../helpers/spark.ts";
import { complete, FakeTransport, HANG } from "./fake_transport.ts";

const write = (df: DataFrame) => new DataFrameWriter(df);
const writeTo = (df: DataFrame, table: string) => new DataFrameWriterV2(df, table);

/** A session on a fake server that answers each of `n` commands with completion. */
async function fakeSession(n = 1): Promise<{ spark: SparkSession; fake: FakeTransport }> {
  const fake = new FakeTransport(...Array.from({ length: n }, (_, i) => [complete(`c${i}`)]));
  return { spark: await SparkSession.connect("sc://spark.test", { transport: fake }), fake };
}

/** The commands the fake server received. */
function commands(fake: FakeTransport): Command[] {
  return fake.requests("executePlan").map((r) => {
    if (r.plan?.opType.case !== "command") throw new Error("expected a command plan");
    return r.plan.opType.value;
  });
}

const unique = () => crypto.randomUUID().slice(0, 8);

Deno.test("the reader builds a Read relation: format, schema, string options and paths", async () => {
  const { spark } = await fakeSession(0);
  const df = spark.read.format("csv").schema("id BIGINT, name STRING")
    .option("header", true).options({ sep: ";", samplingRatio: 0.5 }).load(["/a", "/b"]);
  // The DataFrame may add plan ids in `common`; the read itself is the relation type.
  deepStrictEqual(
    df.relation.relType,
    create(RelationSchema, {
      relType: {
        case: "read",
        value: {
          readType: {
            case: "dataSource",
            value: {
              format: "csv",
              schema: "id BIGINT, name STRING",
              options: { header: "true", sep: ";", samplingRatio: "0.5" },
              paths: ["/a", "/b"],
            },
          },
        },
      },
    }).relType,
  );
  const struct = new StructType().add("id", DataTypes.LongType, false);
  const typed = spark.read.schema(struct).json("/j").relation.relType;
  strictEqual(
    typed.case === "read" && typed.value.readType.case === "dataSource" &&
      typed.value.readType.value.schema,
    struct.json(),
  );
  const table = spark.table("db.reviews").relation.relType;
  ok(table.case === "read" && table.value.readType.case === "namedTable");
  strictEqual(table.value.readType.value.unparsedIdentifier, "db.reviews");
  await spark.stop();
});

Deno.test("readers and writers are immutable: a derived one never changes its base", async () => {
  const { spark, fake } = await fakeSession(2);
  const base = spark.read.format("json");
  base.option("mode", "FAILFAST");
  const relation = base.load("/x").relation.relType;
  ok(relation.case === "read" && relation.value.readType.case === "dataSource");
  deepStrictEqual(relation.value.readType.value.options, {});

  const writer = write(spark.range(1)).format("delta");
  await writer.mode("append").option("k", "v").save("/t");
  await writer.save("/t");
  const [first, second] = commands(fake).map((c) => c.commandType.value);
  ok(first && "mode" in first && second && "mode" in second);
  strictEqual(first.mode, WriteOperation_SaveMode.APPEND);
  strictEqual(second.mode, WriteOperation_SaveMode.ERROR_IF_EXISTS);
  deepStrictEqual((second as { options: unknown }).options, {});
  await spark.stop();
});

Deno.test("df.write sends one WriteOperation with the mode, layout and target", async () => {
  const { spark, fake } = await fakeSession(3);
  const df = spark.range(3);
  await write(df).format("delta").mode("overwrite").partitionBy("day").clusterBy("id")
    .option("userMetadata", "run-1").save("/data/t");
  await write(df).format("parquet").bucketBy(4, "id").sortBy("id").mode("ignore")
    .saveAsTable("db.t");
  await write(df).insertInto("db.t", true);
  const [save, asTable, insert] = commands(fake);
  deepStrictEqual(
    save,
    create(CommandSchema, {
      commandType: {
        case: "writeOperation",
        value: {
          input: df.relation,
          source: "delta",
          saveType: { case: "path", value: "/data/t" },
          mode: WriteOperation_SaveMode.OVERWRITE,
          options: { userMetadata: "run-1" },
          partitioningColumns: ["day"],
          clusteringColumns: ["id"],
        },
      },
    }),
  );
  const t = asTable.commandType.case === "writeOperation" ? asTable.commandType.value : undefined;
  deepStrictEqual(t?.bucketBy?.bucketColumnNames, ["id"]);
  strictEqual(t?.bucketBy?.numBuckets, 4);
  deepStrictEqual(t?.sortColumnNames, ["id"]);
  strictEqual(t?.mode, WriteOperation_SaveMode.IGNORE);
  strictEqual(t?.saveType.case === "table" && t.saveType.value.saveMethod, 1);
  const i = insert.commandType.case === "writeOperation" ? insert.commandType.value : undefined;
  strictEqual(i?.mode, WriteOperation_SaveMode.OVERWRITE);
  strictEqual(
    i?.saveType.case === "table" && i.saveType.value.saveMethod,
    WriteOperation_SaveTable_TableSaveMethod.INSERT_INTO,
  );
  await spark.stop();
});

Deno.test("df.writeTo sends one WriteOperationV2 per verb, with its mode and condition", async () => {
  const { spark, fake } = await fakeSession(3);
  const df = spark.range(3);
  await writeTo(df, "db.t").using("delta").partitionedBy("day").tableProperty("p", "1")
    .option("o", 2).createOrReplace();
  await writeTo(df, "db.t").overwrite("day = '2024-01-01'");
  await writeTo(df, "db.t").overwrite(col("id").gt(1));
  const [replace, byString, byColumn] = commands(fake).map((c) =>
    c.commandType.case === "writeOperationV2" ? c.commandType.value : undefined
  );
  strictEqual(replace?.mode, WriteOperationV2_Mode.CREATE_OR_REPLACE);
  strictEqual(replace?.provider, "delta");
  strictEqual(replace?.tableName, "db.t");
  deepStrictEqual(replace?.tableProperties, { p: "1" });
  deepStrictEqual(replace?.options, { o: "2" });
  strictEqual(replace?.partitioningColumns[0].exprType.case, "unresolvedAttribute");
  strictEqual(byString?.mode, WriteOperationV2_Mode.OVERWRITE);
  deepStrictEqual(byString?.overwriteCondition, sqlExpression("day = '2024-01-01'"));
  strictEqual(byColumn?.overwriteCondition?.exprType.case, "unresolvedFunction");
  await spark.stop();
});

Deno.test("aborting a write's signal ends it with the signal's reason", async () => {
  const fake = new FakeTransport([HANG]);
  const spark = await SparkSession.connect("sc://spark.test", { transport: fake });
  const controller = new AbortController();
  const pending = write(spark.range(1)).format("delta").save("/t", { signal: controller.signal });
  setTimeout(() => controller.abort(new Error("stop")), 5);
  await rejects(pending, /stop/);
  await spark.stop();
});

Deno.test("JSON, CSV, Parquet, ORC and text read as SQL reads the same files", async () => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-read-" });
    try {
      const json = `${dir}/reviews.jsonl`;
      await Deno.writeTextFile(json, '{"id":1,"name":"Ana","rating":4.5}\n{"id":2,"name":"Bö"}\n');
      const fromJson = await spark.read.json(json).collect();
      deepStrictEqual(fromJson, await rows(spark, `SELECT * FROM json.\`${json}\``));
      deepStrictEqual(fromJson, [
        { id: 1n, name: "Ana", rating: 4.5 },
        { id: 2n, name: "Bö", rating: null },
      ]);

      const csv = `${dir}/people.csv`;
      await Deno.writeTextFile(csv, "id,name\n1,Ana\n2,Bö\n");
      deepStrictEqual(
        await spark.read.csv(csv).collect(),
        await rows(spark, `SELECT * FROM csv.\`${csv}\``),
      );
      deepStrictEqual(
        await spark.read.options({ header: true, inferSchema: true }).csv(csv).collect(),
        [{ id: 1, name: "Ana" }, { id: 2, name: "Bö" }],
      );

      const text = `${dir}/lines.txt`;
      await Deno.writeTextFile(text, "héllo\nwörld 🌍\n");
      const lines = await spark.read.text(text).collect();
      deepStrictEqual(lines, await rows(spark, `SELECT * FROM text.\`${text}\``));
      deepStrictEqual(lines, [{ value: "héllo" }, { value: "wörld 🌍" }]);

      const source = spark.read.json(json);
      for (const format of ["parquet", "orc"] as const) {
        const path = `${dir}/out.${format}`;
        await write(source)[format](path);
        deepStrictEqual(
          await spark.read.format(format).load(path).collect(),
          await rows(spark, `SELECT * FROM ${format}.\`${path}\``),
        );
        deepStrictEqual(await spark.read[format](path).collect(), fromJson);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("a schema given as DDL or as a StructType types the read the same way", async () => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-read-" });
    try {
      const path = `${dir}/r.jsonl`;
      await Deno.writeTextFile(path, '{"id":7,"name":"Ana","extra":true}\n');
      const ddl = spark.read.schema("id INT, name STRING").json(path);
      const struct = spark.read.schema(
        new StructType().add("id", DataTypes.IntegerType).add("name", DataTypes.StringType),
      ).json(path);
      strictEqual((await ddl.schema()).toDDL(), "id INT, name STRING");
      strictEqual((await struct.schema()).toDDL(), "id INT, name STRING");
      deepStrictEqual(await ddl.collect(), [{ id: 7, name: "Ana" }]);
      deepStrictEqual(await struct.collect(), await ddl.collect());
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("JSON read modes: PERMISSIVE keeps the bad line, DROPMALFORMED drops it, FAILFAST fails", async () => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-read-" });
    try {
      const path = `${dir}/bad.jsonl`;
      const bad = '{"id":"two","name":"Bo"}';
      await Deno.writeTextFile(path, `{"id":1,"name":"Ana"}\n${bad}\n`);
      const reader = spark.read.schema("id BIGINT, name STRING, _corrupt_record STRING");
      deepStrictEqual(await reader.option("mode", "PERMISSIVE").json(path).collect(), [
        { id: 1n, name: "Ana", _corrupt_record: null },
        { id: null, name: "Bo", _corrupt_record: bad },
      ]);
      deepStrictEqual(
        await spark.read.schema("id BIGINT, name STRING").option("mode", "DROPMALFORMED")
          .json(path).collect(),
        [{ id: 1n, name: "Ana" }],
      );
      await rejects(
        spark.read.schema("id BIGINT, name STRING").option("mode", "FAILFAST").json(path).collect(),
        SparkConnectError,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("Delta save modes on a path: error, append, ignore and overwrite", async () => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-write-" });
    try {
      const path = `${dir}/events`;
      const ids = async () =>
        (await spark.read.format("delta").load(path).collect()).map((r) => r.id).sort();
      await write(spark.range(2)).format("delta").save(path);
      await rejects(
        write(spark.range(5)).format("delta").mode("error").save(path),
        (e: unknown) => e instanceof AnalysisException && e.errorClass === "DELTA_PATH_EXISTS",
      );
      await write(spark.range(2)).format("delta").mode("append").save(path);
      deepStrictEqual(await ids(), [0n, 0n, 1n, 1n]);
      await write(spark.range(9)).format("delta").mode("ignore").save(path);
      deepStrictEqual(await ids(), [0n, 0n, 1n, 1n]);
      await write(spark.range(10, 12)).format("delta").mode("overwrite").save(path);
      deepStrictEqual(await ids(), [10n, 11n]);
      const history = (await rows(spark, `DESCRIBE HISTORY delta.\`${path}\``)).reverse();
      deepStrictEqual(
        history.map((h) => (h.operationParameters as Map<string, string>).get("mode")),
        ["ErrorIfExists", "Append", "Overwrite"],
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("partitionBy writes one folder per value and Delta records the partition column", async () => {
  await withSpark(async (spark) => {
    const dir = await Deno.makeTempDir({ prefix: "lakebook-write-" });
    try {
      const path = `${dir}/reviews`;
      const df = await spark.createDataFrame(
        [[1, "2024-01-01"], [2, "2024-01-02"], [3, "2024-01-01"]],
        "id INT, day DATE",
      );
      await write(df).format("delta").partitionBy("day").save(path);
      const folders = [];
      for await (const e of Deno.readDir(path)) if (e.isDirectory) folders.push(e.name);
      deepStrictEqual(folders.sort(), ["_delta_log", "day=2024-01-01", "day=2024-01-02"]);
      const [detail] = await rows(spark, `DESCRIBE DETAIL delta.\`${path}\``);
      deepStrictEqual(detail.partitionColumns, ["day"]);
      const day1 = await spark.read.format("delta").load(path).collect();
      strictEqual(day1.length, 3);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});

Deno.test("saveAsTable, insertInto (by position) and spark.table on a Delta table", async () => {
  await withSpark(async (spark) => {
    const table = `lakebook_rw_${unique()}`;
    try {
      const first = await spark.createDataFrame([{ id: 1n, name: "Ana" }]);
      await write(first).format("delta").saveAsTable(table);
      await rejects(write(first).format("delta").saveAsTable(table), AnalysisException);
      // insertInto matches columns by position, not by name.
      const renamed = await spark.createDataFrame([{ n: 2n, who: "Bo" }]);
      await write(renamed).insertInto(table);
      deepStrictEqual(await spark.table(table).collect().then(byId), [
        { id: 1n, name: "Ana" },
        { id: 2n, name: "Bo" },
      ]);
      await write(renamed).insertInto(table, true);
      deepStrictEqual(await spark.table(table).collect(), [{ id: 2n, name: "Bo" }]);
      await write(first).format("delta").mode("append").saveAsTable(table);
      deepStrictEqual(await spark.read.table(table).collect().then(byId), [
        { id: 1n, name: "Ana" },
        { id: 2n, name: "Bo" },
      ]);
      const [detail] = await rows(spark, `DESCRIBE DETAIL ${table}`);
      strictEqual(detail.format, "delta");
    } finally {
      await spark.sql(`DROP TABLE IF EXISTS ${table}`);
    }
  });
});

Deno.test("bucketBy and sortBy lay out a Parquet table the catalog reports as bucketed", async () => {
  await withSpark(async (spark) => {
    const table = `lakebook_bucket_${unique()}`;
    try {
      const df = await spark.createDataFrame([{ id: 1n, v: "a" }, { id: 2n, v: "b" }]);
      await write(df).format("parquet").bucketBy(2, "id").sortBy("id").saveAsTable(table);
      const columns = await spark.catalog.listColumns(table);
      deepStrictEqual(columns.map((c) => [c.name, c.isBucket]), [["id", true], ["v", false]]);
      const info = await rows(spark, `DESCRIBE TABLE EXTENDED ${table}`);
      strictEqual(info.find((r) => r.col_name === "Num Buckets")?.data_type, "2");
      deepStrictEqual(await spark.table(table).collect().then(byId), [
        { id: 1n, v: "a" },
        { id: 2n, v: "b" },
      ]);
    } finally {
      await spark.sql(`DROP TABLE IF EXISTS ${table}`);
    }
  });
});

Deno.test("writeTo on Delta: create, append, overwritePartitions, overwrite(condition), replace", async () => {
  await withSpark(async (spark) => {
    const table = `lakebook_v2_${unique()}`;
    const all = () => spark.table(table).collect().then(byId);
    try {
      const days = await spark.createDataFrame([{ id: 1n, day: "a" }, { id: 2n, day: "b" }]);
      await writeTo(days, table).using("delta").partitionedBy("day")
        .tableProperty("lakebook.test", "yes").create();
      await rejects(writeTo(days, table).using("delta").create(), AnalysisException);
      const [prop] = await rows(spark, `SHOW TBLPROPERTIES ${table} ('lakebook.test')`);
      strictEqual(prop.value, "yes");

      await writeTo(await spark.createDataFrame([{ id: 3n, day: "b" }]), table).append();
      deepStrictEqual((await all()).map((r) => r.id), [1n, 2n, 3n]);

      // Only partition "a" is replaced; "b" keeps both its rows.
      await writeTo(await spark.createDataFrame([{ id: 4n, day: "a" }]), table)
        .overwritePartitions();
      deepStrictEqual((await all()).map((r) => r.id), [2n, 3n, 4n]);

      await writeTo(await spark.createDataFrame([{ id: 5n, day: "b" }]), table)
        .overwrite(col("day").eq("b"));
      deepStrictEqual(await all(), [{ id: 4n, day: "a" }, { id: 5n, day: "b" }]);

      await writeTo(await spark.createDataFrame([{ k: "x" }]), table).using("delta").replace();
      deepStrictEqual(await spark.table(table).collect(), [{ k: "x" }]);
      await writeTo(spark.range(1), table).using("delta").createOrReplace();
      deepStrictEqual(await spark.table(table).collect(), [{ id: 0n }]);
    } finally {
      await spark.sql(`DROP TABLE IF EXISTS ${table}`);
    }
  });
});

function byId(list: Record<string, unknown>[]) {
  return list.sort((a, b) => (a.id as bigint) < (b.id as bigint) ? -1 : 1);
}
