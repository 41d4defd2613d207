/**
 * The DataFrame transformations that pick, combine or place rows: joins, set operations,
 * de-duplication, limit/offset, sampling and partitioning, as in PySpark.
 *
 * @module
 */
import { Column, type ColumnOrName, toColumn } from "./column.ts";
import type { DataFrame } from "./dataframe.ts";
import { DataFrameActions } from "./dataframe_actions.ts";
import type { Observation } from "./observation.ts";
import { call } from "./plan/expressions.ts";
import * as combine from "./plan/combine.ts";
import * as plan from "./plan/relations.ts";
import type { Relation } from "./proto/gen/spark/connect/relations_pb.ts";

/** What `join` matches rows on: shared column names, or a condition. */
export type JoinOn = string | readonly string[] | Column | readonly Column[];

/**
 * Joins, set operations, de-duplication, paging, sampling and partitioning of a DataFrame
 * (see `DataFrame`).
 *
 * @example
 * const both = reviews.join(restaurants, "restaurantId").union(archived).distinct();
 */
export abstract class DataFrameRows extends DataFrameActions {
  /** A new DataFrame from a relation built on this one's, keeping its observations. */
  protected abstract derive(
    build: (input: Relation, planId: bigint) => Relation,
    observations?: Observation[],
  ): DataFrame;

  /**
   * Joins with another DataFrame on column names (kept once) or a condition; `how` takes
   * PySpark's join type strings. Without `on`, every pair of rows (for `inner`).
   *
   * @example
   * reviews.join(restaurants, "restaurantId", "left");
   * a.join(b, a.col("id").eq(b.col("ref")), "left_anti");
   */
  join(other: DataFrame, on?: JoinOn, how: combine.JoinType = "inner"): DataFrame {
    const list = on === undefined ? [] : Array.isArray(on) ? on : [on];
    let cond: combine.JoinCriteria;
    if (list.length === 0) cond = undefined;
    else if (list.every((c) => typeof c === "string")) cond = { usingColumns: list as string[] };
    else if (list.every((c) => c instanceof Column)) {
      cond = {
        condition: (list as Column[]).map((c) => c.expr).reduce((a, b) => call("and", [a, b])),
      };
    } else throw new TypeError("join on: column names or Columns, not both");
    return this.#combine(other, (l, r, id) => combine.join(l, r, cond, how, id));
  }

  /**
   * Every pair of rows of the two DataFrames.
   *
   * @example
   * sizes.crossJoin(colors);
   */
  crossJoin(other: DataFrame): DataFrame {
    return this.#combine(other, (l, r, id) => combine.join(l, r, undefined, "cross", id));
  }

  /**
   * Rows of both, duplicates kept, columns matched by position (SQL's `UNION ALL`).
   *
   * @example
   * january.union(february);
   */
  union(other: DataFrame): DataFrame {
    return this.#setOp(other, "union", { isAll: true });
  }

  /**
   * The same as {@linkcode union}.
   *
   * @example
   * january.unionAll(february);
   */
  unionAll(other: DataFrame): DataFrame {
    return this.union(other);
  }

  /**
   * Rows of both, columns matched by name; with `allowMissingColumns`, a column missing on
   * one side is null there.
   *
   * @example
   * a.unionByName(b, true);
   */
  unionByName(other: DataFrame, allowMissingColumns = false): DataFrame {
    return this.#setOp(other, "union", { isAll: true, byName: true, allowMissingColumns });
  }

  /**
   * Distinct rows present in both (SQL's `INTERSECT`).
   *
   * @example
   * a.intersect(b);
   */
  intersect(other: DataFrame): DataFrame {
    return this.#setOp(other, "intersect", { isAll: false });
  }

  /**
   * Rows present in both, duplicates kept as often as in both (`INTERSECT ALL`).
   *
   * @example
   * a.intersectAll(b);
   */
  intersectAll(other: DataFrame): DataFrame {
    return this.#setOp(other, "intersect", { isAll: true });
  }

  /**
   * Rows of this one not in `other`, duplicates kept (`EXCEPT ALL`).
   *
   * @example
   * a.exceptAll(b);
   */
  exceptAll(other: DataFrame): DataFrame {
    return this.#setOp(other, "except", { isAll: true });
  }

  /**
   * Distinct rows of this one not in `other` (`EXCEPT`).
   *
   * @example
   * a.subtract(b);
   */
  subtract(other: DataFrame): DataFrame {
    return this.#setOp(other, "except", { isAll: false });
  }

  /**
   * Distinct rows.
   *
   * @example
   * df.select("city").distinct();
   */
  distinct(): DataFrame {
    return this.derive((input, id) => plan.deduplicate(input, [], id)).keepSchemaOf(this);
  }

  /**
   * Drops duplicate rows, comparing only `subset` when given (one row per key is kept).
   *
   * @example
   * df.dropDuplicates(["restaurantId", "reviewId"]);
   */
  dropDuplicates(...subset: (string | readonly string[])[]): DataFrame {
    const names = subset.flat();
    return this.derive((input, id) => plan.deduplicate(input, names, id)).keepSchemaOf(this);
  }

  /**
   * The first `n` rows.
   *
   * @example
   * df.orderBy("id").limit(10);
   */
  limit(n: number): DataFrame {
    return this.derive((input, id) => plan.limit(input, n, id)).keepSchemaOf(this);
  }

  /**
   * Skips the first `n` rows.
   *
   * @example
   * df.orderBy("id").offset(10).limit(10); // the second page
   */
  offset(n: number): DataFrame {
    return this.derive((input, id) => plan.offset(input, n, id));
  }

  /**
   * A random sample of about `fraction` of the rows. Without a seed one is drawn now, so
   * every action on the returned DataFrame sees the same sample.
   *
   * @example
   * df.sample(0.1, 42);
   * df.sample(true, 0.5); // with replacement
   */
  sample(fraction: number, seed?: number | bigint): DataFrame;
  /** A sample drawn with or without replacement. */
  sample(withReplacement: boolean, fraction: number, seed?: number | bigint): DataFrame;
  sample(a: number | boolean, b?: number | bigint, c?: number | bigint): DataFrame {
    const [withReplacement, fraction, seed] = typeof a === "boolean"
      ? [a, Number(b), c]
      : [false, a, b];
    const s = seed === undefined
      ? BigInt(Math.floor(Math.random() * Number.MAX_SAFE_INTEGER))
      : BigInt(seed);
    return this.derive((input, id) => plan.sample(input, fraction, withReplacement, s, id))
      .keepSchemaOf(this);
  }

  /**
   * Repartitions with a shuffle: into `n` partitions, and/or hashed by columns.
   *
   * @example
   * df.repartition(8, "restaurantId");
   */
  repartition(n: number | ColumnOrName, ...cols: ColumnOrName[]): DataFrame {
    const num = typeof n === "number" ? n : undefined;
    const by = (typeof n === "number" ? cols : [n, ...cols]).map((c) => toColumn(c).expr);
    if (num !== undefined && by.length === 0) {
      return this.derive((input, id) => plan.repartition(input, num, true, id)).keepSchemaOf(this);
    }
    return this.derive((input, id) => plan.repartitionByExpression(input, by, num, id))
      .keepSchemaOf(this);
  }

  /**
   * Merges partitions down to `n`, without a shuffle.
   *
   * @example
   * df.coalesce(1);
   */
  coalesce(n: number): DataFrame {
    return this.derive((input, id) => plan.repartition(input, n, false, id)).keepSchemaOf(this);
  }

  #combine(
    other: DataFrame,
    build: (left: Relation, right: Relation, planId: bigint) => Relation,
  ): DataFrame {
    if (other.session !== this.session) {
      throw new Error("cannot combine DataFrames of different Spark sessions");
    }
    return this.derive((input, id) => build(input, other.relation, id), [...other.observations]);
  }

  #setOp(other: DataFrame, kind: combine.SetOpKind, opts: combine.SetOpOptions): DataFrame {
    return this.#combine(other, (l, r, id) => combine.setOperation(l, r, kind, opts, id));
  }
}
