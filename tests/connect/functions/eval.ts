/**
 * Helpers for Column tests: expressions as plain JSON without origins (for plan tests), and
 * evaluation of Columns on the real server next to the same expressions written as SQL (the
 * independent computation). `df.select` is not needed: a `Project` relation over a SQL input is
 * built here.
 *
 * @module
 */
import { deepStrictEqual } from "node:assert/strict";
import { create, type JsonValue, toJson } from "@bufbuild/protobuf";
import { type Column, toColumn } from "../../../src/connect/column.ts";
import { DataFrame } from "../../../src/connect/dataframe.ts";
import { sqlRelation } from "../../../src/connect/plan/relation.ts";
import {
  type Expression,
  ExpressionSchema,
} from "../../../src/connect/proto/gen/spark/connect/expressions_pb.ts";
import {
  Aggregate_GroupType,
  RelationSchema,
} from "../../../src/connect/proto/gen/spark/connect/relations_pb.ts";
import type { Row } from "../../../src/connect/rows.ts";
import type { SparkSession } from "../../../src/connect/session.ts";

/** A column's expression as proto JSON, with every `common` (origin) removed. */
export function plain(c: Column | Expression): JsonValue {
  const e = "expr" in c ? c.expr : c;
  return stripCommon(toJson(ExpressionSchema, e));
}

function stripCommon(v: JsonValue): JsonValue {
  if (Array.isArray(v)) return v.map(stripCommon);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.entries(v).filter(([k]) => k !== "common").map(([k, x]) => [k, stripCommon(x)]),
  );
}

/**
 * Runs `build` and returns its result with the caller's `file:line`: write the call on one
 * line, and expressions built inside must record that line as their call site.
 */
export function builtAt<T>(build: () => T): [T, string] {
  const frame = new Error().stack!.split("\n")[2];
  const m = /file:\/\/([^\s)]+):(\d+):\d+\)?$/.exec(frame)!;
  return [build(), `${m[1]}:${m[2]}`];
}

/** Columns as a projection over a SQL query's rows, as a DataFrame. */
export function project(spark: SparkSession, input: string, cols: Column[]): DataFrame {
  const relation = create(RelationSchema, {
    relType: {
      case: "project",
      value: { input: sqlRelation(input), expressions: cols.map((c) => c.expr) },
    },
  });
  return new DataFrame(spark, relation);
}

/** Aggregate Columns per group of `groupBy` over a SQL query's rows, as a DataFrame. */
export function groupedBy(
  spark: SparkSession,
  input: string,
  groupBy: string,
  cols: Column[],
): DataFrame {
  const relation = create(RelationSchema, {
    relType: {
      case: "aggregate",
      value: {
        input: sqlRelation(input),
        groupType: Aggregate_GroupType.GROUPBY,
        groupingExpressions: [toColumn(groupBy).expr],
        aggregateExpressions: cols.map((c) => c.expr),
      },
    },
  });
  return new DataFrame(spark, relation);
}

/** Runs Columns as a projection over a SQL query's rows. */
export async function evaluate(spark: SparkSession, input: string, cols: Column[]): Promise<Row[]> {
  return await project(spark, input, cols).collect();
}

/** One case: a label, the Column under test, and the same expression in SQL. */
export type Case = readonly [label: string, column: Column, sql: string];

/** Options of {@linkcode assertSameAsSql}. */
export interface SameAsSqlOptions {
  /** An input column of distinct values: rows are matched by it, not by position. */
  key?: string;
  /** Evaluates the cases as aggregates per group of this column (matched by it). */
  groupBy?: string;
}

/**
 * Evaluates each Column and its SQL twin over `input` (two queries in all) and asserts that
 * every row matches, naming the case that differs.
 */
export async function assertSameAsSql(
  spark: SparkSession,
  input: string,
  cases: readonly Case[],
  opts: SameAsSqlOptions = {},
): Promise<void> {
  const key = opts.groupBy ?? opts.key;
  const cols = [
    ...(key ? [toColumn(key).alias("k")] : []),
    ...cases.map(([, c], i) => c.alias(`c${i}`)),
  ];
  const ours = opts.groupBy
    ? await groupedBy(spark, input, opts.groupBy, cols).collect()
    : await evaluate(spark, input, cols);
  const select = cases.map(([, , sql], i) => `${sql} AS c${i}`);
  if (key) select.unshift(`${key} AS k`);
  const groupBy = opts.groupBy ? ` GROUP BY ${opts.groupBy}` : "";
  const query = `SELECT\n  ${select.join(",\n  ")}\nFROM (${input}) AS t${groupBy}`;
  const theirs = await (await spark.sql(query)).collect();
  deepStrictEqual(ours.length, theirs.length, "row counts differ");
  if (key) {
    const byKey = (x: Row, y: Row) => String(x.k).localeCompare(String(y.k));
    ours.sort(byKey);
    theirs.sort(byKey);
  }
  cases.forEach(([label], i) => {
    deepStrictEqual(
      ours.map((r) => r[`c${i}`]),
      theirs.map((r) => r[`c${i}`]),
      `${label}: the Column and the SQL differ`,
    );
  });
}
