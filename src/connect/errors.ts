/**
 * Spark's errors as TypeScript errors, built from facts the server sends (`google.rpc.ErrorInfo`
 * and `FetchErrorDetails`), never guessed from message text. The subclass is picked from a table
 * keyed by the JVM exception class, which callers can extend with {@linkcode registerErrorClass}.
 *
 * @module
 */
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { ErrorInfoSchema, RetryInfoSchema } from "./proto/gen/google/rpc/error_details_pb.ts";
import {
  type FetchErrorDetailsResponse,
  FetchErrorDetailsResponse_QueryContext_ContextType as ContextType,
} from "./proto/gen/spark/connect/base_pb.ts";
import { Code, codeName, type RpcError } from "./transport.ts";

/** One exception of the server-side cause chain, outermost first. */
export interface ErrorCause {
  /** The JVM exception class, e.g. `org.apache.spark.sql.AnalysisException`. */
  className: string;
  message: string;
}

/** Where in a query an error arose: SQL text positions, or the code that built a DataFrame. */
export interface QueryContext {
  /** `"SQL"` or `"DATAFRAME"`. */
  contextType: "SQL" | "DATAFRAME";
  objectType: string;
  objectName: string;
  startIndex: number;
  stopIndex: number;
  /** The SQL fragment, or the DataFrame API call (`"col"`). */
  fragment: string;
  /** For DataFrame contexts, the TypeScript `file:line:column` that built the expression. */
  callSite: string;
  summary: string;
}

/** Facts about one server error, as read from the wire. */
export interface SparkErrorFacts {
  message: string;
  grpcCode: number;
  /** The JVM exception class and its parents, most specific first. */
  classes: string[];
  errorClass?: string;
  sqlState?: string;
  messageParameters: Record<string, string>;
  errorId?: string;
  causes: ErrorCause[];
  /** Where the error arose; filled by FetchErrorDetails. */
  queryContexts?: QueryContext[];
  /** Server-suggested delay before a retry, from `google.rpc.RetryInfo`. */
  retryDelayMs?: number;
}

/**
 * An error reported by a Spark Connect server, carrying Spark's error class, SQL state,
 * message parameters and the full cause chain.
 *
 * @example
 * try {
 *   await spark.sql("SELEC 1");
 * } catch (e) {
 *   if (e instanceof SparkConnectError) console.log(e.errorClass, e.sqlState); // PARSE_SYNTAX_ERROR 42601
 * }
 */
export class SparkConnectError extends Error {
  override name = "SparkConnectError";
  /** Spark's error class, e.g. `TABLE_OR_VIEW_NOT_FOUND`. */
  readonly errorClass?: string;
  /** The SQLSTATE, e.g. `42P01`. */
  readonly sqlState?: string;
  readonly messageParameters: Record<string, string>;
  /** gRPC status code of the failed call. */
  readonly grpcCode: number;
  /** The JVM exception class and its parents, most specific first. */
  readonly classes: string[];
  /** The server-side cause chain, outermost first. */
  readonly causes: ErrorCause[];
  readonly errorId?: string;
  readonly retryDelayMs?: number;
  /** Where the error arose: SQL positions, or the TypeScript call site that built a column. */
  readonly queryContexts: QueryContext[];

  constructor(facts: SparkErrorFacts) {
    super(facts.message);
    this.errorClass = facts.errorClass;
    this.sqlState = facts.sqlState;
    this.messageParameters = facts.messageParameters;
    this.grpcCode = facts.grpcCode;
    this.classes = facts.classes;
    this.causes = facts.causes;
    this.errorId = facts.errorId;
    this.retryDelayMs = facts.retryDelayMs;
    this.queryContexts = facts.queryContexts ?? [];
  }
}

/** A query that Spark could not analyze: unknown table or column, type mismatch. */
export class AnalysisException extends SparkConnectError {
  override name = "AnalysisException";
}
/** SQL text that does not parse. */
export class ParseException extends AnalysisException {
  override name = "ParseException";
}
/** A runtime failure inside Spark (arithmetic, casts, bad input). */
export class SparkRuntimeException extends SparkConnectError {
  override name = "SparkRuntimeException";
}
/** An illegal argument given to a Spark function or API. */
export class IllegalArgumentException extends SparkConnectError {
  override name = "IllegalArgumentException";
}
/** A number overflow or division by zero under ANSI mode. */
export class ArithmeticException extends SparkRuntimeException {
  override name = "ArithmeticException";
}
/** The server refused the credentials (a wrong or missing token). */
export class AuthenticationError extends SparkConnectError {
  override name = "AuthenticationError";
}
/** The server could not be reached, or went away. */
export class ConnectionError extends SparkConnectError {
  override name = "ConnectionError";
}

type ErrorConstructor = new (facts: SparkErrorFacts) => SparkConnectError;

const byJvmClass = new Map<string, ErrorConstructor>([
  ["org.apache.spark.sql.AnalysisException", AnalysisException],
  ["org.apache.spark.sql.catalyst.parser.ParseException", ParseException],
  ["org.apache.spark.sql.catalyst.analysis.NoSuchTableException", AnalysisException],
  ["org.apache.spark.SparkRuntimeException", SparkRuntimeException],
  ["org.apache.spark.SparkArithmeticException", ArithmeticException],
  ["java.lang.ArithmeticException", ArithmeticException],
  ["org.apache.spark.SparkIllegalArgumentException", IllegalArgumentException],
  ["java.lang.IllegalArgumentException", IllegalArgumentException],
]);

/**
 * Maps a JVM exception class to an error subclass, for errors the built-in table lacks.
 *
 * @example
 * class DeltaConcurrentModification extends SparkConnectError {}
 * registerErrorClass("io.delta.exceptions.ConcurrentAppendException", DeltaConcurrentModification);
 */
export function registerErrorClass(jvmClass: string, ctor: ErrorConstructor): void {
  byJvmClass.set(jvmClass, ctor);
}

/** Builds the right error subclass from the facts. */
export function sparkError(facts: SparkErrorFacts): SparkConnectError {
  if (facts.grpcCode === Code.UNAUTHENTICATED) return new AuthenticationError(facts);
  for (const cls of facts.classes) {
    const ctor = byJvmClass.get(cls);
    if (ctor) return new ctor(facts);
  }
  return new SparkConnectError(facts);
}

/**
 * Reads the facts of a failed call from its `google.rpc.Status` details: ErrorInfo (exception
 * classes, error class, SQL state, parameters, error id) and RetryInfo.
 */
export function factsFromRpcError(err: RpcError): SparkErrorFacts {
  const facts: SparkErrorFacts = {
    message: err.details || codeName(err.code),
    grpcCode: err.code,
    classes: [],
    messageParameters: {},
    causes: [],
  };
  for (const detail of err.status?.details ?? []) {
    const info = anyUnpack(detail, ErrorInfoSchema);
    if (info) {
      const md = info.metadata;
      facts.classes = parseJson<string[]>(md.classes) ?? (info.reason ? [info.reason] : []);
      facts.errorClass = md.errorClass || undefined;
      facts.sqlState = md.sqlState || undefined;
      facts.messageParameters = parseJson<Record<string, string>>(md.messageParameters) ?? {};
      facts.errorId = md.errorId || undefined;
      continue;
    }
    const retry = anyUnpack(detail, RetryInfoSchema);
    if (retry?.retryDelay) {
      facts.retryDelayMs = Number(retry.retryDelay.seconds) * 1000 +
        Math.floor(retry.retryDelay.nanos / 1e6);
    }
  }
  return facts;
}

/** Adds the full message and cause chain from a `FetchErrorDetails` answer to the facts. */
export function withErrorDetails(
  facts: SparkErrorFacts,
  details: FetchErrorDetailsResponse,
): SparkErrorFacts {
  const chain: ErrorCause[] = [];
  const seen = new Set<number>();
  let idx = details.rootErrorIdx;
  while (idx !== undefined && !seen.has(idx) && details.errors[idx]) {
    seen.add(idx);
    const e = details.errors[idx];
    chain.push({ className: e.errorTypeHierarchy[0] ?? "", message: e.message });
    idx = e.causeIdx;
  }
  const root = details.rootErrorIdx === undefined
    ? undefined
    : details.errors[details.rootErrorIdx];
  if (!root) return facts;
  const thrown = root.sparkThrowable;
  const queryContexts: QueryContext[] = (thrown?.queryContexts ?? []).map((q) => ({
    contextType: q.contextType === ContextType.DATAFRAME ? "DATAFRAME" : "SQL",
    objectType: q.objectType,
    objectName: q.objectName,
    startIndex: q.startIndex,
    stopIndex: q.stopIndex,
    fragment: q.fragment,
    callSite: q.callSite,
    summary: q.summary,
  }));
  let message = root.message || facts.message;
  // Analysis errors leave the DataFrame call site out of the message: name the user's line.
  for (const q of queryContexts) {
    if (q.contextType === "DATAFRAME" && q.callSite && !message.includes(q.callSite)) {
      message += `\n  (${q.fragment ? `${q.fragment}() ` : ""}called at ${q.callSite})`;
    }
  }
  return {
    ...facts,
    message,
    queryContexts,
    classes: root.errorTypeHierarchy.length ? root.errorTypeHierarchy : facts.classes,
    errorClass: thrown?.errorClass ?? facts.errorClass,
    sqlState: thrown?.sqlState ?? facts.sqlState,
    messageParameters: thrown && Object.keys(thrown.messageParameters).length
      ? { ...thrown.messageParameters }
      : facts.messageParameters,
    causes: chain.slice(1),
  };
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
