/**
 * The DataFrame's actions that return results: rows, Arrow tables, counts, the text of `show`.
 * Each runs the plan on the server; see `dataframe_base.ts` for how.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import { collectTable, recordBatches } from "./arrow.ts";
import { DataFrameBase } from "./dataframe_base.ts";
import type { ExecuteOptions } from "./execute.ts";
import { aliased } from "./plan/expressions.ts";
import { literalExpression } from "./plan/literal.ts";
import { call } from "./plan/expressions.ts";
import { rootPlan } from "./plan/relation.ts";
import { aggregate, limit, project, tail } from "./plan/relations.ts";
import { type Row, toRows } from "./rows.ts";
import { cellText, formatShowString, showRelation } from "./show.ts";

/**
 * The actions of a DataFrame (see `DataFrame`) that bring results back.
 *
 * @example
 * const n = await df.count();
 */
export abstract class DataFrameActions extends DataFrameBase {
  /**
   * Runs the query and returns its result as an Arrow `Table`, decoded batch by batch.
   *
   * @example
   * const table = await df.toArrow();
   */
  toArrow(opts: ExecuteOptions = {}): Promise<Table> {
    return collectTable(this.execute(rootPlan(this.sentRelation()), opts));
  }

  /**
   * Runs the query and returns plain rows (see `rows.ts` for each type's JS form).
   *
   * @example
   * for (const row of await df.collect()) console.log(row.id);
   */
  async collect(opts: ExecuteOptions = {}): Promise<Row[]> {
    return toRows(await this.toArrow(opts));
  }

  /**
   * Streams rows batch by batch without holding the whole result; stopping early interrupts
   * the query on the server.
   *
   * @example
   * for await (const row of df.toLocalIterator()) if (row.id === 10n) break;
   */
  async *toLocalIterator(opts: ExecuteOptions = {}): AsyncGenerator<Row> {
    for await (const batch of recordBatches(this.execute(rootPlan(this.sentRelation()), opts))) {
      yield* toRows(batch);
    }
  }

  /**
   * Rows one by one, as {@linkcode toLocalIterator}.
   *
   * @example
   * for await (const row of df) console.log(row);
   */
  [Symbol.asyncIterator](): AsyncGenerator<Row> {
    return this.toLocalIterator();
  }

  /**
   * The number of rows, in one round trip (an aggregate `count(1)` on the server).
   * A `number`: exact up to 2^53 rows.
   *
   * @example
   * await df.count(); // 42
   */
  async count(opts: ExecuteOptions = {}): Promise<number> {
    const counted = aggregate(this.sentRelation(), { type: "groupby", expressions: [] }, [
      aliased(call("count", [literalExpression(1)]), ["count"]),
    ]);
    const table = await this.runRelation(counted, opts);
    return Number(table.getChildAt(0)?.get(0) ?? 0);
  }

  /**
   * The first `n` rows.
   *
   * @example
   * const top = await df.orderBy(desc("rating")).take(3);
   */
  async take(n: number, opts: ExecuteOptions = {}): Promise<Row[]> {
    return toRows(await this.runRelation(limit(this.sentRelation(), n), opts));
  }

  /**
   * The first row, or `undefined` for an empty DataFrame.
   *
   * @example
   * const row = await df.first();
   */
  async first(opts: ExecuteOptions = {}): Promise<Row | undefined> {
    return (await this.take(1, opts))[0];
  }

  /**
   * `head()` is the first row (or `undefined`), `head(n)` the first `n` rows, as in PySpark.
   *
   * @example
   * const row = await df.head();
   * const rows = await df.head(5);
   */
  head(): Promise<Row | undefined>;
  /** The first `n` rows. */
  head(n: number, opts?: ExecuteOptions): Promise<Row[]>;
  head(n?: number, opts: ExecuteOptions = {}): Promise<Row[] | Row | undefined> {
    return n === undefined ? this.first(opts) : this.take(n, opts);
  }

  /**
   * The last `n` rows (they are gathered on the driver: keep `n` small).
   *
   * @example
   * const last = await df.orderBy("id").tail(2);
   */
  async tail(n: number, opts: ExecuteOptions = {}): Promise<Row[]> {
    return toRows(await this.runRelation(tail(this.sentRelation(), n), opts));
  }

  /**
   * Whether the DataFrame has no rows; reads at most one row, and none of its columns.
   *
   * @example
   * if (await df.filter("rating > 5").isEmpty()) console.log("no bad ratings");
   */
  async isEmpty(opts: ExecuteOptions = {}): Promise<boolean> {
    return (await this.runRelation(limit(project(this.sentRelation(), []), 1), opts)).numRows === 0;
  }

  /**
   * Prints the first `n` rows as a text table, as PySpark's `show` (see {@linkcode showString}).
   *
   * @example
   * await df.show(); // +---+-----+ ...
   * await df.show(5, 0, true); // untruncated, one line per value
   */
  async show(
    n = 20,
    truncate: boolean | number = true,
    vertical = false,
    opts: ExecuteOptions = {},
  ): Promise<void> {
    console.log(await this.showString(n, truncate, vertical, opts));
  }

  /**
   * The text `show` prints: cells as Spark SQL text, `NULL` for nulls, cut at `truncate`
   * characters (20 for `true`), and a footer when there are more rows. See `show.ts`.
   *
   * @example
   * const text = await df.showString(10, false);
   */
  async showString(
    n = 20,
    truncate: boolean | number = true,
    vertical = false,
    opts: ExecuteOptions = {},
  ): Promise<string> {
    const schema = await this.schema(opts);
    const table = await this.runRelation(showRelation(this.sentRelation(), schema, n), opts);
    return formatShowString(
      schema.fieldNames(),
      toRows(table).map((r) => Object.values(r).map(cellText)),
      n,
      {
        truncate,
        vertical,
      },
    );
  }
}
