/**
 * Reading data sources into DataFrames: `spark.read`, with PySpark's names. The reader is an
 * immutable builder and reading is pure: `load`, `json`, `table`, ... return a DataFrame
 * holding a `Read` relation, and nothing touches files until an action runs it.
 *
 * @module
 */
import { create } from "@bufbuild/protobuf";
import { DataFrame } from "./dataframe.ts";
import { type Relation, RelationSchema } from "./proto/gen/spark/connect/relations_pb.ts";
import type { SparkSession } from "./session.ts";
import { StructType } from "./types/mod.ts";
import type { OptionValue } from "./writer.ts";

/**
 * One path or several (files, folders or globs).
 *
 * @example
 * const paths: Paths = ["/data/2024-01/*.jsonl", "/data/2024-02/*.jsonl"];
 */
export type Paths = string | readonly string[];

interface ReaderState {
  format?: string;
  schema?: string;
  options: Record<string, string>;
}

/**
 * Reads files, tables and other sources as DataFrames: `spark.read`.
 *
 * @example
 * const reviews = spark.read.schema("id BIGINT, text STRING").json("/data/reviews.jsonl");
 * const events = spark.read.format("delta").load("/data/events");
 */
export class DataFrameReader {
  #state: ReaderState = { options: {} };

  /** A reader for `session` with no format, schema or options set: `spark.read`. */
  constructor(readonly session: SparkSession) {}

  /**
   * The data source: `json`, `csv`, `parquet`, `text`, `orc`, `delta`, ... (the server's
   * `spark.sql.sources.default`, parquet, when not set).
   *
   * @example
   * const df = spark.read.format("delta").load("/data/events");
   */
  format(source: string): DataFrameReader {
    return this.#with({ format: source });
  }

  /**
   * The schema to read with, as a DDL string or a `StructType`; without one, the source infers
   * it (JSON and CSV then scan the files when the DataFrame is first analyzed).
   *
   * @example
   * const df = spark.read.schema("id BIGINT, rating INT, _corrupt_record STRING").json(path);
   */
  schema(schema: StructType | string): DataFrameReader {
    return this.#with({ schema: schema instanceof StructType ? schema.json() : schema });
  }

  /**
   * Sets one source option (keys are case-insensitive on the server).
   *
   * @example
   * const df = spark.read.option("header", true).csv("/data/in.csv");
   */
  option(key: string, value: OptionValue): DataFrameReader {
    return this.#with({ options: { ...this.#state.options, [key]: String(value) } });
  }

  /**
   * Sets several source options.
   *
   * @example
   * const df = spark.read.options({ mode: "PERMISSIVE", multiLine: false }).json(path);
   */
  options(options: Record<string, OptionValue>): DataFrameReader {
    const added = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)]));
    return this.#with({ options: { ...this.#state.options, ...added } });
  }

  /**
   * Reads one or more paths (files, folders or globs) with the format set, or a source that
   * needs no path (e.g. JDBC, with options).
   *
   * @example
   * const df = spark.read.format("parquet").load(["/data/a", "/data/b"]);
   */
  load(paths?: Paths): DataFrame {
    const s = this.#state;
    return new DataFrame(
      this.session,
      readRelation({
        case: "dataSource",
        value: {
          format: s.format,
          schema: s.schema,
          options: s.options,
          paths: paths === undefined ? [] : typeof paths === "string" ? [paths] : [...paths],
        },
      }),
    );
  }

  /**
   * Reads JSON lines (or, with `multiLine`, whole JSON documents).
   *
   * @example
   * const df = spark.read.json("/data/reviews.jsonl");
   */
  json(paths: Paths): DataFrame {
    return this.format("json").load(paths);
  }

  /**
   * Reads CSV files (`option("header", true)` to take names from the first line).
   *
   * @example
   * const df = spark.read.option("header", true).option("inferSchema", true).csv(path);
   */
  csv(paths: Paths): DataFrame {
    return this.format("csv").load(paths);
  }

  /**
   * Reads Parquet files.
   *
   * @example
   * const df = spark.read.parquet("/data/out");
   */
  parquet(paths: Paths): DataFrame {
    return this.format("parquet").load(paths);
  }

  /**
   * Reads text files as one `value STRING` row per line (`wholetext` for one row per file).
   *
   * @example
   * const lines = spark.read.text("/var/log/app.log");
   */
  text(paths: Paths): DataFrame {
    return this.format("text").load(paths);
  }

  /**
   * Reads ORC files.
   *
   * @example
   * const df = spark.read.orc("/data/out");
   */
  orc(paths: Paths): DataFrame {
    return this.format("orc").load(paths);
  }

  /**
   * Reads a table or view of the catalog by name (`db.t`, `catalog.db.t`); the options set
   * on the reader go with it.
   *
   * @example
   * const df = spark.read.table("reviews");
   */
  table(name: string): DataFrame {
    return new DataFrame(
      this.session,
      readRelation({
        case: "namedTable",
        value: { unparsedIdentifier: name, options: this.#state.options },
      }),
    );
  }

  #with(patch: Partial<ReaderState>): DataFrameReader {
    const next = new DataFrameReader(this.session);
    next.#state = { ...this.#state, ...patch };
    return next;
  }
}

type ReadType =
  | {
    case: "dataSource";
    value: { format?: string; schema?: string; options: Record<string, string>; paths: string[] };
  }
  | { case: "namedTable"; value: { unparsedIdentifier: string; options: Record<string, string> } };

function readRelation(readType: ReadType): Relation {
  return create(RelationSchema, { relType: { case: "read", value: { readType } } });
}
