/**
 * The Spark session: the entry point users hold, as in PySpark (`spark.sql`, `spark.conf`,
 * `spark.version`, `spark.stop`).
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import type { Table } from "apache-arrow";
import { Catalog } from "./catalog.ts";
import { type ClientOptions, SparkConnectClient } from "./client.ts";
import { DataFrame } from "./dataframe.ts";
import type { ExecuteOptions } from "./execute.ts";
import { localRelation, type LocalSchema } from "./local_data.ts";
import { sqlCommandPlan, sqlRelation } from "./plan/relation.ts";
import type { SqlArgs } from "./plan/sql_parameters.ts";
import { RelationSchema } from "./proto/gen/spark/connect/relations_pb.ts";
import { DataFrameReader } from "./reader.ts";

/**
 * A Spark Connect session.
 *
 * @example
 * await using spark = await SparkSession.connect("sc://127.0.0.1:15002");
 * const df = await spark.sql("SELECT :x AS x", { x: 1 });
 */
export class SparkSession {
  /** Runtime configuration, as `spark.conf` in PySpark. */
  readonly conf: RuntimeConfig;

  private constructor(readonly client: SparkConnectClient) {
    this.conf = new RuntimeConfig(client);
  }

  /**
   * Opens a session on the server at a `sc://` URL.
   *
   * @example
   * const spark = await SparkSession.connect("sc://127.0.0.1:15002/;user_id=ana");
   */
  static async connect(url: string, opts: ClientOptions = {}): Promise<SparkSession> {
    return new SparkSession(await SparkConnectClient.connect(url, opts));
  }

  /**
   * Runs SQL eagerly (DDL and DML take effect now) and returns its result as a DataFrame.
   * `?` markers take an array of values, `:name` markers an object.
   *
   * @example
   * await spark.sql("CREATE TABLE t (id INT) USING delta");
   * const df = await spark.sql("SELECT * FROM t WHERE id > ?", [1]);
   */
  async sql(query: string, args?: SqlArgs, opts: ExecuteOptions = {}): Promise<DataFrame> {
    let result;
    for await (const r of this.client.execute(sqlCommandPlan(sqlRelation(query, args)), opts)) {
      if (r.responseType.case === "sqlCommandResult") result = r.responseType.value.relation;
    }
    if (!result) throw new Error(`the server returned no result relation for: ${query}`);
    return new DataFrame(this, result);
  }

  /**
   * Reads files, tables and other sources as DataFrames (pure: nothing is read until an
   * action runs).
   *
   * @example
   * const reviews = spark.read.schema("id BIGINT, text STRING").json("/data/reviews.jsonl");
   * const events = spark.read.format("delta").load("/data/events");
   */
  get read(): DataFrameReader {
    return new DataFrameReader(this);
  }

  /**
   * The session catalog: databases, tables, columns, temporary views.
   *
   * @example
   * const names = (await spark.catalog.listTables()).map((t) => t.name);
   */
  get catalog(): Catalog {
    return new Catalog(this);
  }

  /**
   * A DataFrame of one column `id BIGINT` from `start` (inclusive) to `end` (exclusive) by
   * `step`; with one argument, from 0 to it.
   *
   * @example
   * await spark.range(3).collect(); // [{ id: 0n }, { id: 1n }, { id: 2n }]
   * spark.range(10, 20, 5, 2); // ids 10 and 15, in 2 partitions
   */
  range(
    start: number | bigint,
    end?: number | bigint,
    step: number | bigint = 1,
    numPartitions?: number,
  ): DataFrame {
    if (BigInt(step) === 0n) throw new RangeError("range: step must not be 0");
    const [from, to] = end === undefined ? [0, start] : [start, end];
    const relation = create(RelationSchema, {
      relType: {
        case: "range",
        value: { start: BigInt(from), end: BigInt(to), step: BigInt(step), numPartitions },
      },
    });
    return new DataFrame(this, relation);
  }

  /**
   * A table or view of the catalog as a DataFrame (`spark.read.table(name)`).
   *
   * @example
   * const reviews = spark.table("reviews");
   */
  table(name: string): DataFrame {
    return this.read.table(name);
  }

  /**
   * A DataFrame of local data: JS rows (objects by column name, or arrays by position) with a
   * schema (`StructType`, DDL, or column names; inferred from the rows when absent), or an
   * apache-arrow `Table`. Large data (from `spark.sql.session.localRelationCacheThreshold`,
   * read once per session) is uploaded as a cached artifact first. See `local_data.ts` for the
   * inference rules and `local_arrow.ts` for the JS form of each type.
   *
   * @example
   * const df = await spark.createDataFrame([{ id: 1n, tags: ["a"] }], "id BIGINT, tags ARRAY<STRING>");
   * const inferred = await spark.createDataFrame([{ name: "Ana", rating: 4.5 }]);
   * const fromArrow = await spark.createDataFrame(tableFromArrays({ id: Int32Array.of(1, 2) }));
   */
  async createDataFrame(
    data: Table | readonly unknown[],
    schema?: LocalSchema,
    opts: { signal?: AbortSignal } = {},
  ): Promise<DataFrame> {
    const ctx = { client: this.client, getConf: (k: string, v: string) => this.conf.get(k, v) };
    return new DataFrame(this, await localRelation(ctx, data, schema, opts));
  }

  /**
   * The server's Spark version.
   *
   * @example
   * await spark.version(); // "4.2.0"
   */
  version(): Promise<string> {
    return this.client.sparkVersion();
  }

  /**
   * Interrupts every running operation of this session.
   *
   * @example
   * await spark.interruptAll();
   */
  interruptAll(): Promise<string[]> {
    return this.client.interruptAll();
  }

  /**
   * Releases the session on the server and closes the connection.
   *
   * @example
   * await spark.stop();
   */
  stop(): Promise<void> {
    return this.client.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }
}

/**
 * Spark's runtime configuration of one session.
 *
 * @example
 * await spark.conf.set("spark.sql.shuffle.partitions", "4");
 * await spark.conf.get("spark.sql.shuffle.partitions"); // "4"
 */
export class RuntimeConfig {
  constructor(private readonly client: SparkConnectClient) {}

  /**
   * The value of a key; `fallback` (or an error, when none is given) if it is not set.
   *
   * @example
   * await spark.conf.get("spark.sql.session.timeZone"); // "UTC"
   */
  async get(key: string, fallback?: string): Promise<string | undefined> {
    const res = fallback === undefined
      ? await this.client.config({
        opType: { case: "get", value: { keys: [key] } },
      })
      : await this.client.config({
        opType: {
          case: "getWithDefault",
          value: { pairs: [{ key, value: fallback }] },
        },
      });
    return res.pairs[0]?.value;
  }

  /**
   * Sets a key for this session.
   *
   * @example
   * await spark.conf.set("spark.sql.ansi.enabled", true);
   */
  async set(key: string, value: string | number | boolean): Promise<void> {
    await this.client.config({
      opType: { case: "set", value: { pairs: [{ key, value: String(value) }] } },
    });
  }

  /**
   * Unsets a key, back to its default.
   *
   * @example
   * await spark.conf.unset("spark.sql.shuffle.partitions");
   */
  async unset(key: string): Promise<void> {
    await this.client.config({ opType: { case: "unset", value: { keys: [key] } } });
  }

  /**
   * Every key set in the session, with its value.
   *
   * @example
   * const all = await spark.conf.getAll();
   */
  async getAll(prefix?: string): Promise<Record<string, string>> {
    const res = await this.client.config({
      opType: { case: "getAll", value: { prefix } },
    });
    return Object.fromEntries(res.pairs.map((p) => [p.key, p.value ?? ""]));
  }
}
