/**
 * Writing DataFrames, with PySpark's two writers: `df.write` ({@linkcode DataFrameWriter}, paths
 * and the session catalog, save modes) and `df.writeTo(table)` ({@linkcode DataFrameWriterV2},
 * catalog tables: create, replace, append, overwrite). Both are immutable builders: each call
 * returns a new writer, and only the final verb (`save`, `saveAsTable`, `create`, ...) runs, as
 * one `WriteOperation` command on the server.
 *
 * @module
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import { type Column, type ColumnOrName, toColumn } from "./column.ts";
import type { DataFrame } from "./dataframe.ts";
import type { ExecuteOptions } from "./execute.ts";
import { sqlExpression } from "./plan/expressions.ts";
import { type Plan, PlanSchema } from "./proto/gen/spark/connect/base_pb.ts";
import {
  type CommandSchema,
  WriteOperation_SaveMode,
  WriteOperation_SaveTable_TableSaveMethod,
  type WriteOperationSchema,
  WriteOperationV2_Mode,
} from "./proto/gen/spark/connect/commands_pb.ts";
import type { Expression } from "./proto/gen/spark/connect/expressions_pb.ts";

/**
 * What a write does when its target already exists (PySpark's names; `error` and
 * `errorifexists` are the same mode, the default).
 *
 * @example
 * const mode: SaveMode = "append";
 */
export type SaveMode = "append" | "overwrite" | "error" | "errorifexists" | "ignore";

/**
 * A data source option value; booleans and numbers are sent as Spark reads them (`"true"`).
 *
 * @example
 * const header: OptionValue = true; // sent as "true"
 */
export type OptionValue = string | number | boolean;

const SAVE_MODES: Record<SaveMode, WriteOperation_SaveMode> = {
  append: WriteOperation_SaveMode.APPEND,
  overwrite: WriteOperation_SaveMode.OVERWRITE,
  error: WriteOperation_SaveMode.ERROR_IF_EXISTS,
  errorifexists: WriteOperation_SaveMode.ERROR_IF_EXISTS,
  ignore: WriteOperation_SaveMode.IGNORE,
};

type CommandInit = MessageInitShape<typeof CommandSchema>["commandType"];
type SaveType = MessageInitShape<typeof WriteOperationSchema>["saveType"];

interface WriterState {
  source?: string;
  mode: SaveMode;
  options: Record<string, string>;
  partitionBy: string[];
  bucketBy?: { numBuckets: number; columns: string[] };
  sortBy: string[];
  clusterBy: string[];
}

/**
 * Writes a DataFrame to files or to a table of the session catalog: `df.write`.
 *
 * @example
 * await df.write.format("delta").mode("overwrite").partitionBy("day").save("/data/reviews");
 */
export class DataFrameWriter {
  #state: WriterState = { mode: "error", options: {}, partitionBy: [], sortBy: [], clusterBy: [] };

  /** A writer of `df` in the default mode (`error`) with nothing else set: `df.write`. */
  constructor(readonly df: DataFrame) {}

  /**
   * The data source (`parquet`, `json`, `csv`, `text`, `orc`, `delta`, ...); the server's
   * `spark.sql.sources.default` (parquet) when not set.
   *
   * @example
   * await df.write.format("delta").save("/data/reviews");
   */
  format(source: string): DataFrameWriter {
    return this.#with({ source });
  }

  /**
   * What to do when the target exists (default `error`).
   *
   * @example
   * await df.write.mode("append").parquet("/data/reviews");
   */
  mode(mode: SaveMode): DataFrameWriter {
    if (!(mode in SAVE_MODES)) {
      throw new TypeError(`unknown save mode "${mode}": use ${Object.keys(SAVE_MODES).join(", ")}`);
    }
    return this.#with({ mode });
  }

  /**
   * Sets one data source option.
   *
   * @example
   * await df.write.format("csv").option("header", true).save("/data/out");
   */
  option(key: string, value: OptionValue): DataFrameWriter {
    return this.#with({ options: { ...this.#state.options, [key]: String(value) } });
  }

  /**
   * Sets several data source options.
   *
   * @example
   * await df.write.format("delta").options({ userMetadata: "run-42" }).save("/data/t");
   */
  options(options: Record<string, OptionValue>): DataFrameWriter {
    return this.#with({ options: { ...this.#state.options, ...stringOptions(options) } });
  }

  /**
   * Lays the output out in one folder per value of these columns (`day=2024-01-01/`).
   *
   * @example
   * await df.write.format("delta").partitionBy("day").save("/data/reviews");
   */
  partitionBy(...columns: string[]): DataFrameWriter {
    return this.#with({ partitionBy: columns });
  }

  /**
   * Buckets the output by the hash of these columns (tables only: `saveAsTable`).
   *
   * @example
   * await df.write.bucketBy(4, "id").sortBy("id").saveAsTable("t");
   */
  bucketBy(numBuckets: number, ...columns: string[]): DataFrameWriter {
    if (!Number.isInteger(numBuckets) || numBuckets < 1 || columns.length === 0) {
      throw new TypeError("bucketBy takes a positive number of buckets and at least one column");
    }
    return this.#with({ bucketBy: { numBuckets, columns } });
  }

  /**
   * Sorts each bucket by these columns (with `bucketBy`).
   *
   * @example
   * await df.write.bucketBy(4, "id").sortBy("ts").saveAsTable("t");
   */
  sortBy(...columns: string[]): DataFrameWriter {
    return this.#with({ sortBy: columns });
  }

  /**
   * Clusters the table by these columns (Delta's liquid clustering).
   *
   * @example
   * await df.write.format("delta").clusterBy("restaurantId").saveAsTable("reviews");
   */
  clusterBy(...columns: string[]): DataFrameWriter {
    return this.#with({ clusterBy: columns });
  }

  /**
   * Writes to a path (or, without one, wherever the options say, e.g. `noop`).
   *
   * @example
   * await df.write.format("delta").mode("append").save("/data/reviews");
   */
  async save(path?: string, opts: ExecuteOptions = {}): Promise<void> {
    await this.#run(path === undefined ? undefined : { case: "path", value: path }, opts);
  }

  /**
   * Writes to a table of the catalog, creating it if needed (the save mode says what happens
   * when it exists).
   *
   * @example
   * await df.write.format("delta").mode("overwrite").saveAsTable("reviews");
   */
  async saveAsTable(table: string, opts: ExecuteOptions = {}): Promise<void> {
    const saveMethod = WriteOperation_SaveTable_TableSaveMethod.SAVE_AS_TABLE;
    await this.#run({ case: "table", value: { tableName: table, saveMethod } }, opts);
  }

  /**
   * Inserts into an existing table by column position (not name), appending unless
   * `overwrite` is true (or, when it is not given, the mode is `overwrite`).
   *
   * @example
   * await df.write.insertInto("reviews");
   * await df.write.insertInto("reviews", true); // replaces the table's rows
   */
  async insertInto(table: string, overwrite?: boolean, opts: ExecuteOptions = {}): Promise<void> {
    const replace = overwrite ?? this.#state.mode === "overwrite";
    const saveMethod = WriteOperation_SaveTable_TableSaveMethod.INSERT_INTO;
    await this.#with({ mode: replace ? "overwrite" : "append" })
      .#run({ case: "table", value: { tableName: table, saveMethod } }, opts);
  }

  /**
   * Writes Parquet files (`format("parquet").save(path)`).
   *
   * @example
   * await df.write.mode("overwrite").parquet("/data/out");
   */
  parquet(path: string, opts: ExecuteOptions = {}): Promise<void> {
    return this.format("parquet").save(path, opts);
  }

  /**
   * Writes JSON lines files.
   *
   * @example
   * await df.write.json("/data/out");
   */
  json(path: string, opts: ExecuteOptions = {}): Promise<void> {
    return this.format("json").save(path, opts);
  }

  /**
   * Writes CSV files (add `.option("header", true)` for a header line).
   *
   * @example
   * await df.write.option("header", true).csv("/data/out");
   */
  csv(path: string, opts: ExecuteOptions = {}): Promise<void> {
    return this.format("csv").save(path, opts);
  }

  /**
   * Writes a single string column as text lines.
   *
   * @example
   * await df.select("text").write.text("/data/out");
   */
  text(path: string, opts: ExecuteOptions = {}): Promise<void> {
    return this.format("text").save(path, opts);
  }

  /**
   * Writes ORC files.
   *
   * @example
   * await df.write.orc("/data/out");
   */
  orc(path: string, opts: ExecuteOptions = {}): Promise<void> {
    return this.format("orc").save(path, opts);
  }

  #with(patch: Partial<WriterState>): DataFrameWriter {
    const next = new DataFrameWriter(this.df);
    next.#state = { ...this.#state, ...patch };
    return next;
  }

  #run(saveType: SaveType | undefined, opts: ExecuteOptions): Promise<void> {
    const s = this.#state;
    return runCommand(this.df, {
      case: "writeOperation",
      value: {
        input: this.df.sentRelation(),
        source: s.source,
        saveType: saveType ?? { case: undefined },
        mode: SAVE_MODES[s.mode],
        options: s.options,
        partitioningColumns: s.partitionBy,
        sortColumnNames: s.sortBy,
        bucketBy: s.bucketBy &&
          { numBuckets: s.bucketBy.numBuckets, bucketColumnNames: s.bucketBy.columns },
        clusteringColumns: s.clusterBy,
      },
    }, opts);
  }
}

interface WriterV2State {
  provider?: string;
  options: Record<string, string>;
  properties: Record<string, string>;
  partitionedBy: Expression[];
  clusterBy: string[];
}

/**
 * Writes a DataFrame to a catalog table with the v2 verbs: `df.writeTo(table)`.
 *
 * @example
 * await df.writeTo("reviews").using("delta").partitionedBy("day").createOrReplace();
 * await more.writeTo("reviews").append();
 */
export class DataFrameWriterV2 {
  #state: WriterV2State = { options: {}, properties: {}, partitionedBy: [], clusterBy: [] };

  /** A writer of `df` to the catalog table `table`: `df.writeTo(table)`. */
  constructor(readonly df: DataFrame, readonly table: string) {}

  /**
   * The table provider for `create`/`replace` (`delta`, `parquet`, ...).
   *
   * @example
   * await df.writeTo("t").using("delta").create();
   */
  using(provider: string): DataFrameWriterV2 {
    return this.#with({ provider });
  }

  /**
   * Sets one write option.
   *
   * @example
   * await df.writeTo("t").option("userMetadata", "run-42").append();
   */
  option(key: string, value: OptionValue): DataFrameWriterV2 {
    return this.#with({ options: { ...this.#state.options, [key]: String(value) } });
  }

  /**
   * Sets several write options.
   *
   * @example
   * await df.writeTo("t").options({ mergeSchema: true }).append();
   */
  options(options: Record<string, OptionValue>): DataFrameWriterV2 {
    return this.#with({ options: { ...this.#state.options, ...stringOptions(options) } });
  }

  /**
   * Sets a table property for `create`/`replace` (`delta.appendOnly`, ...).
   *
   * @example
   * await df.writeTo("t").using("delta").tableProperty("delta.appendOnly", "true").create();
   */
  tableProperty(key: string, value: string): DataFrameWriterV2 {
    return this.#with({ properties: { ...this.#state.properties, [key]: value } });
  }

  /**
   * Partitions the created table by these columns (names or transform columns).
   *
   * @example
   * await df.writeTo("t").using("delta").partitionedBy("day").create();
   */
  partitionedBy(...columns: ColumnOrName[]): DataFrameWriterV2 {
    return this.#with({ partitionedBy: columns.map((c) => toColumn(c).expr) });
  }

  /**
   * Clusters the created table by these columns (Delta's liquid clustering).
   *
   * @example
   * await df.writeTo("t").using("delta").clusterBy("restaurantId").create();
   */
  clusterBy(...columns: string[]): DataFrameWriterV2 {
    return this.#with({ clusterBy: columns });
  }

  /**
   * Creates the table from the DataFrame; fails if it exists.
   *
   * @example
   * await df.writeTo("t").using("delta").create();
   */
  create(opts: ExecuteOptions = {}): Promise<void> {
    return this.#run(WriteOperationV2_Mode.CREATE, undefined, opts);
  }

  /**
   * Replaces the table's contents and schema; fails if it does not exist.
   *
   * @example
   * await df.writeTo("t").using("delta").replace();
   */
  replace(opts: ExecuteOptions = {}): Promise<void> {
    return this.#run(WriteOperationV2_Mode.REPLACE, undefined, opts);
  }

  /**
   * Creates the table, or replaces it if it exists.
   *
   * @example
   * await df.writeTo("t").using("delta").createOrReplace();
   */
  createOrReplace(opts: ExecuteOptions = {}): Promise<void> {
    return this.#run(WriteOperationV2_Mode.CREATE_OR_REPLACE, undefined, opts);
  }

  /**
   * Appends the rows to the existing table.
   *
   * @example
   * await df.writeTo("t").append();
   */
  append(opts: ExecuteOptions = {}): Promise<void> {
    return this.#run(WriteOperationV2_Mode.APPEND, undefined, opts);
  }

  /**
   * Replaces the rows matching `condition` (a boolean `Column`, or a SQL expression string)
   * with the DataFrame's rows.
   *
   * @example
   * await day.writeTo("reviews").overwrite("day = DATE'2024-01-01'");
   */
  overwrite(condition: Column | string, opts: ExecuteOptions = {}): Promise<void> {
    const expr = typeof condition === "string" ? sqlExpression(condition) : condition.expr;
    return this.#run(WriteOperationV2_Mode.OVERWRITE, expr, opts);
  }

  /**
   * Replaces every partition the DataFrame has rows for, keeping the others (dynamic
   * partition overwrite).
   *
   * @example
   * await day.writeTo("reviews").overwritePartitions();
   */
  overwritePartitions(opts: ExecuteOptions = {}): Promise<void> {
    return this.#run(WriteOperationV2_Mode.OVERWRITE_PARTITIONS, undefined, opts);
  }

  #with(patch: Partial<WriterV2State>): DataFrameWriterV2 {
    const next = new DataFrameWriterV2(this.df, this.table);
    next.#state = { ...this.#state, ...patch };
    return next;
  }

  #run(
    mode: WriteOperationV2_Mode,
    overwriteCondition: Expression | undefined,
    opts: ExecuteOptions,
  ): Promise<void> {
    const s = this.#state;
    return runCommand(this.df, {
      case: "writeOperationV2",
      value: {
        input: this.df.sentRelation(),
        tableName: this.table,
        provider: s.provider,
        partitioningColumns: s.partitionedBy,
        options: s.options,
        tableProperties: s.properties,
        mode,
        overwriteCondition,
        clusteringColumns: s.clusterBy,
      },
    }, opts);
  }
}

function stringOptions(options: Record<string, OptionValue>): Record<string, string> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k, String(v)]));
}

/** A plan running one command. */
function commandPlan(commandType: CommandInit): Plan {
  return create(PlanSchema, { opType: { case: "command", value: { commandType } } });
}

/** Runs a command to its end; a write answers with nothing but completion. */
async function runCommand(df: DataFrame, command: CommandInit, opts: ExecuteOptions) {
  for await (const _ of df.session.client.execute(commandPlan(command), opts)) {
    // Drained so the server's failure, if any, surfaces here.
  }
}
