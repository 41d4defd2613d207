/**
 * The DataFrame: an immutable handle on a relation (a plan), with PySpark's names and shapes.
 * Transformations return new DataFrames and do no I/O; only actions talk to the server. The
 * class is split by family, each level extending the one before:
 *
 * - `dataframe_base.ts`: the relation and its plan id, how plans are sent (chains of
 *   `withColumn` merged, `plan/collapse.ts`) and run (observed metrics delivered), the cached
 *   schema, explain, cache/persist and temp views;
 * - `dataframe_actions.ts`: results — collect, toArrow, toLocalIterator, count, take, show;
 * - `dataframe_rows.ts`: which rows, and where — joins, set operations, distinct, limit,
 *   sample, repartition;
 * - here: every other transformation; `grouped_data.ts` and `dataframe_na.ts` hold `groupBy`'s
 *   and `na`'s helpers, `show.ts` the text of `show` and `printSchema`.
 *
 * Every relation carries a plan id from a per-session counter, so `df.col(name)` names the
 * column of that very DataFrame, even in a self-join.
 *
 * @example
 * const df = await spark.sql("SELECT * FROM reviews");
 * const best = df.filter(col("rating").geq(4)).groupBy("restaurantId").count().orderBy(desc("count"));
 * await best.show(5);
 *
 * @module
 */
import { Column, type ColumnOrName, toColumn } from "./column.ts";
import { DataFrameRows } from "./dataframe_rows.ts";
import { nextPlanId } from "./dataframe_base.ts";
import { DataFrameNaFunctions, type NaFillValue } from "./dataframe_na.ts";
import { GroupedData } from "./grouped_data.ts";
import { Observation } from "./observation.ts";
import { columnReference, sortOrder, sqlExpression } from "./plan/expressions.ts";
import { literalExpression, type LiteralValue } from "./plan/literal.ts";
import * as plan from "./plan/relations.ts";
import { DataFrameWriter, DataFrameWriterV2 } from "./writer.ts";
import type { Expression } from "./proto/gen/spark/connect/expressions_pb.ts";
import type { Relation } from "./proto/gen/spark/connect/relations_pb.ts";

export type { AnalyzeOptions, ExplainMode } from "./dataframe_base.ts";
export { PlanTooDeepError } from "./dataframe_base.ts";
export type { JoinType } from "./plan/combine.ts";
export type { JoinOn } from "./dataframe_rows.ts";

/** Columns, or arrays of them, as PySpark's variadic `*cols`. */
export type ColumnsArg = ColumnOrName | readonly ColumnOrName[];

/** Options of `orderBy` / `sort`, as PySpark's `ascending=`. */
export interface SortOptions {
  /** One flag for every column, or one per column. Sort-order columns keep their own. */
  ascending?: boolean | readonly boolean[];
}

/**
 * A lazily evaluated Spark DataFrame.
 *
 * @example
 * const df = await spark.sql("SELECT id FROM range(3)");
 * const rows = await df.filter("id > 0").collect(); // [{ id: 1n }, { id: 2n }]
 */
export class DataFrame extends DataFrameRows {
  /**
   * A column of this DataFrame, bound to it: in a self-join, `left.col("id")` and
   * `right.col("id")` name different columns (PySpark's `df["id"]`).
   *
   * @example
   * const joined = a.join(b, a.col("id").eq(b.col("id")));
   */
  col(name: string): Column {
    return new Column(columnReference(name, this.planId));
  }

  /**
   * Projects columns or expressions (`"*"` is every column).
   *
   * @example
   * df.select("id", col("rating").plus(1).alias("next"));
   */
  select(...cols: ColumnsArg[]): DataFrame {
    return this.derive((input, id) => plan.project(input, exprs(cols), id));
  }

  /**
   * Projects SQL expressions.
   *
   * @example
   * df.selectExpr("id", "rating * 2 AS doubled");
   */
  selectExpr(...expressions: string[]): DataFrame {
    return this.derive((input, id) => plan.project(input, expressions.map(sqlExpression), id));
  }

  /**
   * Keeps the rows where a condition holds: a boolean Column or SQL text.
   *
   * @example
   * df.filter("rating >= 4");
   */
  filter(condition: Column | string): DataFrame {
    const cond = typeof condition === "string" ? sqlExpression(condition) : condition.expr;
    return this.derive((input, id) => plan.filter(input, cond, id)).keepSchemaOf(this);
  }

  /**
   * The same as {@linkcode filter}.
   *
   * @example
   * df.where(col("rating").geq(4));
   */
  where(condition: Column | string): DataFrame {
    return this.filter(condition);
  }

  /**
   * Adds a column, or replaces the one of that name. Chains of these are sent as one step
   * where that is safe (see `plan/collapse.ts`); `withColumns` adds many in one step.
   *
   * @example
   * df.withColumn("twice", expr("id * 2"));
   */
  withColumn(name: string, col: Column): DataFrame {
    return this.withColumns({ [name]: col });
  }

  /**
   * Adds or replaces several columns in one step, each computed from this DataFrame.
   *
   * @example
   * df.withColumns({ year: expr("year(ts)"), month: expr("month(ts)") });
   */
  withColumns(cols: Record<string, Column> | ReadonlyMap<string, Column>): DataFrame {
    const entries = (cols instanceof Map ? [...cols] : Object.entries(cols))
      .map(([name, c]) => [name, c.expr] as const);
    return this.derive((input, id) => plan.withColumns(input, entries, id));
  }

  /**
   * Renames a column; a no-op when there is no such column.
   *
   * @example
   * df.withColumnRenamed("id", "reviewId");
   */
  withColumnRenamed(existing: string, newName: string): DataFrame {
    return this.withColumnsRenamed({ [existing]: newName });
  }

  /**
   * Renames several columns in one step.
   *
   * @example
   * df.withColumnsRenamed({ id: "reviewId", ts: "publishedAt" });
   */
  withColumnsRenamed(renames: Record<string, string> | ReadonlyMap<string, string>): DataFrame {
    const pairs = renames instanceof Map ? [...renames] : Object.entries(renames);
    return this.derive((input, id) => plan.withColumnsRenamed(input, pairs, id));
  }

  /**
   * Drops columns by name or Column; missing names are ignored.
   *
   * @example
   * df.drop("tmp", "debug");
   */
  drop(...cols: ColumnsArg[]): DataFrame {
    const all = cols.flat();
    const names = all.filter((c): c is string => typeof c === "string");
    const columns = all.filter((c): c is Column => c instanceof Column).map((c) => c.expr);
    return this.derive((input, id) => plan.drop(input, names, columns, id));
  }

  /**
   * Groups rows for aggregation (`.agg(...)`, `.count()`, `.avg(...)`, ...).
   *
   * @example
   * df.groupBy("restaurantId").agg(avg("rating").alias("avgRating"));
   */
  groupBy(...cols: ColumnsArg[]): GroupedData {
    return new GroupedData(this, { type: "groupby", expressions: exprs(cols) });
  }

  /**
   * Groups by every prefix of `cols` and the grand total (`GROUP BY ROLLUP`).
   *
   * @example
   * df.rollup("country", "city").count();
   */
  rollup(...cols: ColumnsArg[]): GroupedData {
    return new GroupedData(this, { type: "rollup", expressions: exprs(cols) });
  }

  /**
   * Groups by every combination of `cols` (`GROUP BY CUBE`).
   *
   * @example
   * df.cube("country", "year").count();
   */
  cube(...cols: ColumnsArg[]): GroupedData {
    return new GroupedData(this, { type: "cube", expressions: exprs(cols) });
  }

  /**
   * Aggregates the whole DataFrame: aggregate Columns, or `{ column: "function" }`.
   *
   * @example
   * df.agg({ rating: "max", id: "count" });
   */
  agg(...exprs: Column[] | [Record<string, string>]): DataFrame {
    return this.groupBy().agg(...exprs);
  }

  /**
   * Sorts globally by columns (ascending, nulls first; use `desc(...)` or `{ ascending }`).
   *
   * @example
   * df.orderBy(["rating", "id"], { ascending: [false, true] });
   */
  orderBy(...cols: ColumnOrName[]): DataFrame;
  /** Sorts by `cols` with an `ascending` flag for all, or one per column. */
  orderBy(cols: ColumnsArg, opts: SortOptions): DataFrame;
  orderBy(...args: (ColumnsArg | SortOptions)[]): DataFrame {
    const order = sortExprs(args);
    return this.derive((input, id) => plan.sort(input, order, true, id)).keepSchemaOf(this);
  }

  /**
   * The same as {@linkcode orderBy}.
   *
   * @example
   * df.sort("id");
   */
  sort(...cols: ColumnOrName[]): DataFrame;
  /** Sorts by `cols` with an `ascending` flag for all, or one per column. */
  sort(cols: ColumnsArg, opts: SortOptions): DataFrame;
  sort(...args: (ColumnsArg | SortOptions)[]): DataFrame {
    const order = sortExprs(args);
    return this.derive((input, id) => plan.sort(input, order, true, id)).keepSchemaOf(this);
  }

  /**
   * Sorts the rows of each partition, without a global order.
   *
   * @example
   * df.sortWithinPartitions("ts");
   */
  sortWithinPartitions(...cols: ColumnOrName[]): DataFrame;
  /** Sorts by `cols` with an `ascending` flag for all, or one per column. */
  sortWithinPartitions(cols: ColumnsArg, opts: SortOptions): DataFrame;
  sortWithinPartitions(...args: (ColumnsArg | SortOptions)[]): DataFrame {
    const order = sortExprs(args);
    return this.derive((input, id) => plan.sort(input, order, false, id)).keepSchemaOf(this);
  }

  /**
   * Names the DataFrame, so its columns can be qualified (`"r.id"`).
   *
   * @example
   * df.alias("r").join(df.alias("s"), expr("r.id = s.parent"));
   */
  alias(name: string): DataFrame {
    return this.derive((input, id) => plan.subqueryAlias(input, name, id)).keepSchemaOf(this);
  }

  /**
   * Replaces nulls: one value in every column of a compatible type (or in `subset`), or one
   * value per column (`{ rating: 0, text: "" }`).
   *
   * @example
   * df.fillna(0, ["rating"]);
   */
  fillna(value: NaFillValue, subset?: string | readonly string[]): DataFrame {
    return this.na.fill(value, subset);
  }

  /**
   * Drops rows with nulls: `how = "any"` (default) or `"all"` of the columns in `subset`;
   * `thresh` keeps rows with at least that many non-null values instead.
   *
   * @example
   * df.dropna("all");
   * df.dropna("any", undefined, ["rating"]);
   */
  dropna(
    how: "any" | "all" = "any",
    thresh?: number,
    subset?: string | readonly string[],
  ): DataFrame {
    return this.na.drop(how, thresh, subset);
  }

  /**
   * Null handling, as PySpark's `df.na` (`fill`, `drop`).
   *
   * @example
   * df.na.fill({ rating: 0 });
   */
  get na(): DataFrameNaFunctions {
    return new DataFrameNaFunctions((build) => this.derive(build));
  }

  /**
   * A hint for the optimizer (`broadcast`, `merge`, `repartition`, `coalesce`, ...).
   *
   * @example
   * reviews.join(restaurants.hint("broadcast"), "restaurantId");
   */
  hint(name: string, ...parameters: (Column | LiteralValue)[]): DataFrame {
    const params = parameters.map((p) => p instanceof Column ? p.expr : literalExpression(p));
    return this.derive((input, id) => plan.hint(input, name, params, id)).keepSchemaOf(this);
  }

  /**
   * Computes named aggregate metrics while the query runs; read them with
   * `observation.get()` after an action on the returned DataFrame.
   *
   * @example
   * const seen = new Observation("stats");
   * const rows = await df.observe(seen, count(lit(1)).alias("n")).collect();
   * seen.get().n; // 42n
   */
  observe(observation: Observation | string, ...metrics: Column[]): DataFrame {
    if (metrics.length === 0) throw new TypeError("observe needs at least one metric");
    const o = typeof observation === "string" ? new Observation(observation) : observation;
    const m = metrics.map((c) => c.expr);
    return this.derive((input, id) => plan.collectMetrics(input, o.name, m, id), [o]);
  }

  /**
   * Renames every column, by position.
   *
   * @example
   * (await spark.sql("SELECT 1, 2")).toDF("a", "b");
   */
  toDF(...names: string[]): DataFrame {
    return this.derive((input, id) => plan.toDF(input, names, id));
  }

  /**
   * Applies a function to this DataFrame, for chaining reusable steps.
   *
   * @example
   * df.transform(withYear).transform(onlyRecent);
   */
  transform<A extends unknown[]>(
    fn: (df: DataFrame, ...args: A) => DataFrame,
    ...args: A
  ): DataFrame {
    return fn(this, ...args);
  }

  /**
   * Saves the DataFrame to files or tables (`format`, `mode`, `save`, `saveAsTable`, ...).
   *
   * @example
   * await df.write.format("delta").mode("overwrite").save("/data/reviews");
   */
  get write(): DataFrameWriter {
    return new DataFrameWriter(this);
  }

  /**
   * Writes to a catalog table with the V2 API (`create`, `append`, `overwrite`, ...).
   *
   * @example
   * await df.writeTo("main.reviews").using("delta").createOrReplace();
   */
  writeTo(table: string): DataFrameWriterV2 {
    return new DataFrameWriterV2(this, table);
  }

  /** A new DataFrame from a relation built on this one's, keeping its observations. */
  protected derive(
    build: (input: Relation, planId: bigint) => Relation,
    observations: Observation[] = [],
  ): DataFrame {
    const relation = build(this.relation, nextPlanId(this.session));
    return new DataFrame(this.session, relation, [...this.observations, ...observations]);
  }
}

function exprs(cols: readonly ColumnsArg[]): Expression[] {
  return cols.flat().map((c) => toColumn(c).expr);
}

function sortExprs(args: readonly (ColumnsArg | SortOptions)[]): Expression[] {
  const last = args.at(-1);
  const isOpts = last !== undefined && typeof last === "object" && !Array.isArray(last) &&
    !(last instanceof Column);
  const cols = exprs((isOpts ? args.slice(0, -1) : args) as ColumnsArg[]);
  const asc = isOpts ? (last as SortOptions).ascending ?? true : true;
  if (Array.isArray(asc) && asc.length !== cols.length) {
    throw new TypeError(`ascending has ${asc.length} flags for ${cols.length} columns`);
  }
  return cols.map((c, i) => {
    if (c.exprType.case === "sortOrder") return c;
    const ascending = Array.isArray(asc) ? asc[i] : asc as boolean;
    return sortOrder(c, ascending, ascending);
  });
}
