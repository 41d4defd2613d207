/**
 * Grouped data: the result of `df.groupBy(...)`, `rollup`, `cube` (and `.pivot`), waiting for
 * its aggregates, as PySpark's `GroupedData`.
 *
 * @module
 */
import { Column, type ColumnOrName, toColumn } from "./column.ts";
import { DataFrame } from "./dataframe.ts";
import { nextPlanId } from "./dataframe_base.ts";
import { aliased, call } from "./plan/expressions.ts";
import { literal, literalExpression, type LiteralValue } from "./plan/literal.ts";
import { aggregate, type Grouping } from "./plan/relations.ts";
import type { Expression } from "./proto/gen/spark/connect/expressions_pb.ts";

/**
 * Rows grouped by keys, to be aggregated.
 *
 * @example
 * const stats = df.groupBy("restaurantId").agg(avg("rating").alias("avg"), count("*").alias("n"));
 */
export class GroupedData {
  /** Groups `df` by `grouping` (use `df.groupBy(...)` rather than this). */
  constructor(readonly df: DataFrame, readonly grouping: Grouping) {}

  /**
   * Aggregates each group: aggregate Columns, or `{ column: "function" }` (`{ "*": "count" }`
   * counts rows). The result has the grouping columns, then one column per aggregate.
   *
   * @example
   * df.groupBy("city").agg(max("rating"), min("rating"));
   * df.groupBy("city").agg({ rating: "avg" }); // column "avg(rating)"
   */
  agg(...exprs: Column[] | [Record<string, string>]): DataFrame {
    if (exprs.length === 0) throw new TypeError("agg needs at least one aggregate");
    const [first] = exprs;
    const aggregates = first instanceof Column
      ? (exprs as Column[]).map((c) => c.expr)
      : Object.entries(first).map(([col, fn]) => call(fn, [toColumn(col).expr]));
    return this.#aggregate(aggregates);
  }

  /**
   * The number of rows of each group, in a column `count`.
   *
   * @example
   * df.groupBy("city").count();
   */
  count(): DataFrame {
    return this.#aggregate([aliased(call("count", [literalExpression(1)]), ["count"])]);
  }

  /**
   * The mean of numeric columns per group (columns `avg(<name>)`).
   *
   * @example
   * df.groupBy("city").avg("rating");
   */
  avg(...cols: string[]): DataFrame {
    return this.#each("avg", cols);
  }

  /**
   * The same as {@linkcode avg}.
   *
   * @example
   * df.groupBy("city").mean("rating");
   */
  mean(...cols: string[]): DataFrame {
    return this.#each("avg", cols);
  }

  /**
   * The sum of numeric columns per group (columns `sum(<name>)`).
   *
   * @example
   * df.groupBy("city").sum("visits");
   */
  sum(...cols: string[]): DataFrame {
    return this.#each("sum", cols);
  }

  /**
   * The smallest value of columns per group (columns `min(<name>)`).
   *
   * @example
   * df.groupBy("city").min("rating");
   */
  min(...cols: string[]): DataFrame {
    return this.#each("min", cols);
  }

  /**
   * The largest value of columns per group (columns `max(<name>)`).
   *
   * @example
   * df.groupBy("city").max("rating");
   */
  max(...cols: string[]): DataFrame {
    return this.#each("max", cols);
  }

  /**
   * Turns the values of a column into columns, one per value (listing `values` saves Spark
   * a query to find them). Only after `groupBy`.
   *
   * @example
   * df.groupBy("year").pivot("course", ["dotNET", "Java"]).sum("earnings");
   */
  pivot(col: ColumnOrName, values?: readonly LiteralValue[]): GroupedData {
    if (this.grouping.type !== "groupby") throw new TypeError("pivot follows groupBy only");
    return new GroupedData(this.df, {
      type: "pivot",
      expressions: this.grouping.expressions,
      pivot: {
        col: toColumn(col).expr,
        values: values?.map((v) => literal(v)),
      },
    });
  }

  #each(fn: string, cols: string[]): DataFrame {
    if (cols.length === 0) {
      // PySpark then aggregates every numeric column, which needs the schema: name them here.
      throw new TypeError(`${fn}: name the columns to aggregate`);
    }
    return this.#aggregate(cols.map((c) => call(fn, [toColumn(c).expr])));
  }

  #aggregate(aggregates: Expression[]): DataFrame {
    const { df } = this;
    const relation = aggregate(df.relation, this.grouping, aggregates, nextPlanId(df.session));
    return new DataFrame(df.session, relation, df.observations);
  }
}
