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
export { DataFrame, type ExplainMode } from "./src/connect/dataframe.ts";
export { type ClientOptions, SparkConnectClient } from "./src/connect/client.ts";
export type { ExecuteOptions, ExecutionProgress } from "./src/connect/execute.ts";
export { type CalendarInterval, type Row, toRows } from "./src/connect/rows.ts";
export type { LiteralValue, SqlArgs } from "./src/connect/plan/sql_parameters.ts";
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
  localServerStatus,
  type LocalServerOptions,
  startLocalServer,
  stopLocalServer,
} from "./src/server/local.ts";
