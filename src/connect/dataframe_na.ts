/**
 * Null handling of a DataFrame (`df.na`), as PySpark's `DataFrameNaFunctions`.
 *
 * @module
 */
import type { DataFrame } from "./dataframe.ts";
import { dropNa, fillNa, type FillValue } from "./plan/relations.ts";
import type { Relation } from "./proto/gen/spark/connect/relations_pb.ts";

/** A value that replaces nulls. */
export type NaScalar = FillValue;

/** One value for all (or `subset`) columns, or one value per column. */
export type NaFillValue = NaScalar | Readonly<Record<string, NaScalar>>;

type Derive = (build: (input: Relation, planId: bigint) => Relation) => DataFrame;

/**
 * `df.na`: fill or drop nulls.
 *
 * @example
 * const clean = df.na.drop("any", undefined, ["rating"]).na.fill({ text: "" });
 */
export class DataFrameNaFunctions {
  /** Null handling on the DataFrame `derive` builds on (use `df.na` rather than this). */
  constructor(private readonly derive: Derive) {}

  /**
   * Replaces nulls. A number fills every numeric column (cast to the column's type), a string
   * every string column, a boolean every boolean column — or only the columns in `subset`;
   * an object gives each named column its own value.
   *
   * @example
   * df.na.fill(0);
   * df.na.fill({ rating: 0, text: "n/a" });
   */
  fill(value: NaFillValue, subset?: string | readonly string[]): DataFrame {
    if (typeof value === "object" && value !== null) {
      const entries = Object.entries(value);
      if (entries.length === 0) throw new TypeError("na.fill: the value object names no column");
      return this.derive((input, id) =>
        fillNa(input, entries.map(([k]) => k), entries.map(([, v]) => checkScalar(v)), id)
      );
    }
    const cols = subset === undefined ? [] : typeof subset === "string" ? [subset] : [...subset];
    return this.derive((input, id) => fillNa(input, cols, [checkScalar(value)], id));
  }

  /**
   * Drops rows with nulls among `subset` (all columns by default): any null (`"any"`), only
   * all-null rows (`"all"`), or — when `thresh` is given, overriding `how` — rows with fewer
   * than `thresh` non-null values.
   *
   * @example
   * df.na.drop("all");
   * df.na.drop("any", 2);
   */
  drop(
    how: "any" | "all" = "any",
    thresh?: number,
    subset?: string | readonly string[],
  ): DataFrame {
    if (how !== "any" && how !== "all") {
      throw new TypeError(`na.drop: how must be "any" or "all", got "${how}"`);
    }
    if (thresh !== undefined && (!Number.isInteger(thresh) || thresh < 0)) {
      throw new TypeError(`na.drop: thresh must be a non-negative integer, got ${thresh}`);
    }
    const minNonNulls = thresh ?? (how === "all" ? 1 : undefined);
    const cols = subset === undefined ? [] : typeof subset === "string" ? [subset] : [...subset];
    return this.derive((input, id) => dropNa(input, cols, minNonNulls, id));
  }
}

function checkScalar(v: unknown): NaScalar {
  if (["number", "bigint", "string", "boolean"].includes(typeof v)) return v as NaScalar;
  throw new TypeError(`na.fill takes numbers, bigints, strings or booleans, got ${typeof v}`);
}
