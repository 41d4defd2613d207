/**
 * Lakebook: config-driven data ingestion on Apache Spark, from Deno and notebooks, over
 * Spark Connect.
 *
 * @example
 * import { connect } from "./mod.ts";
 *
 * await using spark = await connect(); // $SPARK_REMOTE, or the embedded local Spark
 * const df = await spark.sql("SELECT id, id * 2 AS twice FROM range(3)");
 * console.log(await df.collect()); // [{ id: 0n, twice: 0n }, ...]
 *
 * @module
 */

export { connect, type ConnectOptions } from "./src/server/embedded.ts";
export { RuntimeConfig, SparkSession } from "./src/connect/session.ts";
export { DataFrame } from "./src/connect/dataframe.ts";
export { type ExplainMode, PlanTooDeepError } from "./src/connect/dataframe_base.ts";
export { DataFrameNaFunctions } from "./src/connect/dataframe_na.ts";
export { GroupedData } from "./src/connect/grouped_data.ts";
export { Observation } from "./src/connect/observation.ts";
export { StorageLevels } from "./src/connect/storage_level.ts";
export type { JoinType } from "./src/connect/plan/combine.ts";
export type { JoinOn } from "./src/connect/dataframe_rows.ts";
export { Column, type ColumnOrName } from "./src/connect/column.ts";
export { Window, WindowSpec } from "./src/connect/window.ts";
/**
 * Spark's functions with PySpark's names, argument order and defaults.
 *
 * @example
 * import { functions as F } from "./mod.ts";
 * const upper = F.upper(F.col("text")).alias("shout");
 */
export * as functions from "./src/connect/functions/mod.ts";
export { DataFrameReader, type Paths } from "./src/connect/reader.ts";
export {
  DataFrameWriter,
  DataFrameWriterV2,
  type OptionValue,
  type SaveMode,
} from "./src/connect/writer.ts";
export {
  Catalog,
  type CatalogInfo,
  type CatalogOptions,
  type ColumnInfo,
  type DatabaseInfo,
  type TableInfo,
} from "./src/connect/catalog.ts";
export type { LocalRow, LocalSchema } from "./src/connect/local_data.ts";
export { type ClientOptions, SparkConnectClient } from "./src/connect/client.ts";
export type { ExecuteOptions, ExecutionProgress } from "./src/connect/execute.ts";
export { type CalendarInterval, type Row, toRows } from "./src/connect/rows.ts";
export type { SqlArgs } from "./src/connect/plan/sql_parameters.ts";
export type { LiteralValue } from "./src/connect/plan/literal.ts";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./src/connect/retry.ts";
export {
  type ConnectionOptions,
  ConnectionStringError,
  parseConnectionString,
  redactUrl,
} from "./src/connect/url.ts";
export {
  AnalysisException,
  ArithmeticException,
  AuthenticationError,
  ConnectionError,
  type ErrorCause,
  IllegalArgumentException,
  ParseException,
  registerErrorClass,
  SparkConnectError,
  SparkRuntimeException,
} from "./src/connect/errors.ts";
export * from "./src/connect/types/mod.ts";
export { installSpark, type SparkRuntime } from "./src/server/install.ts";
export {
  ensureLocalServer,
  type LocalServer,
  type LocalServerOptions,
  localServerStatus,
  startLocalServer,
  stopLocalServer,
} from "./src/server/local.ts";
/**
 * Rich display for Jupyter: importing Lakebook makes DataFrames render as tables, and
 * `chart(df, spec)` emits vega-lite.
 *
 * @example
 * import { chart } from "./mod.ts";
 * await chart(df, { mark: "bar", encoding: { x: { field: "rating" }, y: { aggregate: "count" } } });
 */
export * from "./src/display/mod.ts";
