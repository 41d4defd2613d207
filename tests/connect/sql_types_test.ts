import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { Type } from "apache-arrow";
import { rows, withSpark } from "../helpers/spark.ts";

const TYPED_LITERALS = `SELECT
  CAST(-7 AS TINYINT) AS b, CAST(300 AS SMALLINT) AS s, 2147483647 AS i, 9007199254740993L AS l,
  CAST(1.5 AS FLOAT) AS f, 2.25D AS d, CAST('-12345678901234567890.125' AS DECIMAL(38,3)) AS dec,
  'héllo 😀' AS str, X'00FF10' AS bin, TRUE AS bo, NULL AS n,
  DATE'2024-02-29' AS dt, TIMESTAMP'2024-01-01 10:00:00.123456' AS ts,
  TIMESTAMP_NTZ'2024-01-01 10:00:00.123456' AS ntz,
  INTERVAL '1 02:03:04.000005' DAY TO SECOND AS dti, INTERVAL '1-2' YEAR TO MONTH AS ymi,
  make_interval(1, 2, 3, 4, 5, 6, 7.000008) AS ci,
  array(1, NULL, 3) AS arr, map('a', 1, 'b', NULL) AS m,
  named_struct('x', 1, 'y', named_struct('z', 'deep')) AS st,
  array(named_struct('k', map('q', array(1L)))) AS nested`;

Deno.test("every Spark type arrives with its Arrow type", async () => {
  await withSpark(async (spark) => {
    const table = await (await spark.sql(TYPED_LITERALS)).toArrow();
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, f.type.typeId]));
    deepStrictEqual(types, {
      b: Type.Int,
      s: Type.Int,
      i: Type.Int,
      l: Type.Int,
      f: Type.Float,
      d: Type.Float,
      dec: Type.Decimal,
      str: Type.Utf8,
      bin: Type.Binary,
      bo: Type.Bool,
      n: Type.Null,
      dt: Type.Date,
      ts: Type.Timestamp,
      ntz: Type.Timestamp,
      dti: Type.Duration,
      ymi: Type.Interval,
      ci: Type.Interval,
      arr: Type.List,
      m: Type.Map,
      st: Type.Struct,
      nested: Type.List,
    });
    const tz = (name: string) =>
      (table.schema.fields.find((f) => f.name === name)!.type as unknown as { timezone?: string })
        .timezone;
    strictEqual(tz("ts"), "UTC");
    strictEqual(tz("ntz") ?? null, null);
  });
});

Deno.test("every Spark type round-trips through SELECT into its documented JS form", async () => {
  await withSpark(async (spark) => {
    const [row] = await rows(spark, TYPED_LITERALS);
    deepStrictEqual(row, {
      b: -7,
      s: 300,
      i: 2147483647,
      l: 9007199254740993n,
      f: 1.5,
      d: 2.25,
      dec: "-12345678901234567890.125",
      str: "héllo 😀",
      bin: new Uint8Array([0x00, 0xff, 0x10]),
      bo: true,
      n: null,
      dt: new Date("2024-02-29T00:00:00Z"),
      ts: new Date("2024-01-01T10:00:00.123Z"),
      ntz: new Date("2024-01-01T10:00:00.123Z"),
      dti: 93_784_000_005n,
      ymi: 14,
      ci: { months: 14, days: 25, nanoseconds: 18_367_000_008_000n },
      arr: [1, null, 3],
      m: new Map([["a", 1], ["b", null]]),
      st: { x: 1, y: { z: "deep" } },
      nested: [{ k: new Map([["q", [1n]]]) }],
    });
  });
});

Deno.test("nulls of every type come back as null", async () => {
  await withSpark(async (spark) => {
    const types = [
      "TINYINT",
      "BIGINT",
      "DOUBLE",
      "DECIMAL(10,2)",
      "STRING",
      "BINARY",
      "DATE",
      "TIMESTAMP",
      "TIMESTAMP_NTZ",
      "ARRAY<INT>",
      "MAP<STRING,INT>",
      "STRUCT<a: INT>",
    ];
    const query = `SELECT ${types.map((t, i) => `CAST(NULL AS ${t}) AS c${i}`).join(", ")}`;
    const [row] = await rows(spark, query);
    deepStrictEqual(Object.values(row), types.map(() => null));
  });
});

Deno.test("an empty result keeps its schema", async () => {
  await withSpark(async (spark) => {
    const table = await (await spark.sql("SELECT id, CAST(id AS STRING) AS s FROM range(0)"))
      .toArrow();
    strictEqual(table.numRows, 0);
    deepStrictEqual(table.schema.fields.map((f) => f.name), ["id", "s"]);
  });
});

Deno.test("parameters bind as typed literals, markers in strings and comments untouched", async () => {
  await withSpark(async (spark) => {
    const nasty = "it's a \\ 'quote' \"x\" -- not a comment ? :id 😀\n";
    const [named] = await rows(
      spark,
      "SELECT :id AS id, :s AS s, :when AS w, :big AS big, ':id ?' AS text -- :id ?",
    ).catch(() => [undefined]);
    strictEqual(named, undefined, "a named marker without args is Spark's unbound error");
    const df = await spark.sql(
      "SELECT :id AS id, :s AS s, :when AS w, :big AS big, :xs AS xs, ':id ?' AS text -- :id",
      { id: 7, s: nasty, when: new Date("2024-05-01T12:00:00Z"), big: 2n ** 40n, xs: [1, 2] },
    );
    deepStrictEqual(await df.collect(), [{
      id: 7,
      s: nasty,
      w: new Date("2024-05-01T12:00:00Z"),
      big: 2n ** 40n,
      xs: [1, 2],
      text: ":id ?",
    }]);
    const [pos] = await (await spark.sql("SELECT ? + ? AS n, ? AS t", [40, 2, "x"])).collect();
    deepStrictEqual(pos, { n: 42, t: "x" });
    const [nested] = await (await spark.sql("SELECT :m AS m, :o AS o", {
      m: new Map([["k", [1, 2]]]),
      o: { a: 1, b: { c: "d" } },
    })).collect();
    deepStrictEqual(nested, { m: new Map([["k", [1, 2]]]), o: { a: 1, b: { c: "d" } } });
  });
});

Deno.test("schema and explain are answered without running the query", async () => {
  await withSpark(async (spark) => {
    const df = await spark.sql(
      "SELECT id, CAST(id AS DECIMAL(10,2)) AS price, array('a') AS tags FROM range(3)",
    );
    const schema = await df.schema();
    strictEqual(
      schema.toDDL(),
      "id BIGINT NOT NULL, price DECIMAL(10,2), tags ARRAY<STRING> NOT NULL",
    );
    const plan = await df.explain("extended");
    strictEqual(plan.includes("== Physical Plan =="), true, plan);
    strictEqual(
      await spark.version(),
      String((await rows(spark, "SELECT version() AS v"))[0].v).split(" ")[0],
    );
  });
});

Deno.test("spark.conf gets, sets and unsets session settings", async () => {
  await withSpark(async (spark) => {
    strictEqual(await spark.conf.get("spark.sql.session.timeZone"), "UTC");
    await spark.conf.set("spark.sql.shuffle.partitions", 7);
    strictEqual(await spark.conf.get("spark.sql.shuffle.partitions"), "7");
    await spark.conf.unset("spark.sql.shuffle.partitions");
    strictEqual(await spark.conf.get("spark.sql.shuffle.partitions"), "200");
    strictEqual(await spark.conf.get("lakebook.no.such.key", "fallback"), "fallback");
  });
});

Deno.test("rows stream batch by batch, and stopping early ends the query", async () => {
  await withSpark(async (spark) => {
    const df = await spark.sql("SELECT id FROM range(20000000)");
    let seen = 0n;
    for await (const row of df.toLocalIterator()) {
      seen += 1n;
      if (row.id === 25_000n) break;
    }
    strictEqual(seen, 25_001n);
    strictEqual((await rows(spark, "SELECT 1 AS one"))[0].one, 1);
  });
});
