/**
 * Window specifications with PySpark's shape: `Window.partitionBy(...).orderBy(...)` and a
 * frame from `rowsBetween`/`rangeBetween`, used by `Column.over`. Pure and immutable: every
 * step returns a new spec.
 *
 * @module
 */
import { create, type MessageInitShape } from "@bufbuild/protobuf";
import {
  type Expression,
  type Expression_SortOrder,
  type Expression_Window_WindowFrame,
  type Expression_Window_WindowFrame_FrameBoundary,
  Expression_Window_WindowFrame_FrameBoundarySchema,
  Expression_Window_WindowFrame_FrameType,
  Expression_Window_WindowFrameSchema,
} from "./proto/gen/spark/connect/expressions_pb.ts";
import { Column, type ColumnOrName, toColumn } from "./column.ts";
import { describeExpression, expression, sortOrder } from "./plan/expressions.ts";
import { literalExpression } from "./plan/literal.ts";

/** Columns, names, or arrays of them, as PySpark's `partitionBy(*cols)` takes. */
export type WindowColumns = (ColumnOrName | readonly ColumnOrName[])[];

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * A window: partitioning, ordering and an optional frame.
 *
 * @example
 * const w = Window.partitionBy("restaurantId").orderBy(col("publishedAt").desc());
 * const latestFirst = row_number().over(w);
 */
export class WindowSpec {
  /** @internal Use `Window.partitionBy(...)` and the other builders. */
  constructor(
    /** The partitioning expressions. */
    readonly partitionSpec: readonly Expression[] = [],
    /** The ordering within a partition. */
    readonly orderSpec: readonly Expression_SortOrder[] = [],
    /** The frame, when one was set. */
    readonly frame?: Expression_Window_WindowFrame,
  ) {
    Object.freeze(this);
  }

  /**
   * The spec partitioned by these columns (replacing any earlier partitioning).
   *
   * @example
   * Window.orderBy("day").partitionBy("city", "cuisine");
   */
  partitionBy(...cols: WindowColumns): WindowSpec {
    return new WindowSpec(flatten(cols).map((c) => toColumn(c).expr), this.orderSpec, this.frame);
  }

  /**
   * The spec ordered by these columns (replacing any earlier ordering); names and plain
   * columns sort ascending with nulls first, as Spark does.
   *
   * @example
   * Window.partitionBy("city").orderBy(col("rating").desc(), "name");
   */
  orderBy(...cols: WindowColumns): WindowSpec {
    const order = flatten(cols).map((c) => {
      const e = toColumn(c).expr;
      const sorted = e.exprType.case === "sortOrder" ? e : sortOrder(e, true, true);
      return sorted.exprType.value as Expression_SortOrder;
    });
    return new WindowSpec(this.partitionSpec, order, this.frame);
  }

  /**
   * A frame of rows relative to the current row: `-1` is the row before, `0`
   * (`Window.currentRow`) this row; `Window.unboundedPreceding`/`unboundedFollowing` (or any
   * value beyond ±2^53) leave that side open. Offsets must fit a 32-bit integer.
   *
   * @example
   * Window.partitionBy("city").orderBy("day").rowsBetween(-6, Window.currentRow); // 7-day rolling
   */
  rowsBetween(start: number, end: number): WindowSpec {
    return this.#frame(Expression_Window_WindowFrame_FrameType.ROW, start, end);
  }

  /**
   * A frame of rows whose ordering value lies within `[current + start, current + end]`;
   * needs exactly one numeric ordering column unless both ends are unbounded or current.
   *
   * @example
   * Window.orderBy("amount").rangeBetween(-100, 100);
   */
  rangeBetween(start: number, end: number): WindowSpec {
    return this.#frame(Expression_Window_WindowFrame_FrameType.RANGE, start, end);
  }

  #frame(type: Expression_Window_WindowFrame_FrameType, start: number, end: number): WindowSpec {
    const rows = type === Expression_Window_WindowFrame_FrameType.ROW;
    const frame = create(Expression_Window_WindowFrameSchema, {
      frameType: type,
      lower: boundary(start, "start", rows, -1),
      upper: boundary(end, "end", rows, 1),
    });
    return new WindowSpec(this.partitionSpec, this.orderSpec, frame);
  }

  /** The spec as text, for messages. */
  toString(): string {
    const parts: string[] = [];
    if (this.partitionSpec.length) {
      parts.push(`PARTITION BY ${this.partitionSpec.map(describeExpression).join(", ")}`);
    }
    if (this.orderSpec.length) {
      const order = this.orderSpec.map((o) => expression({ case: "sortOrder", value: o }));
      parts.push(`ORDER BY ${order.map(describeExpression).join(", ")}`);
    }
    if (this.frame) {
      const rows = this.frame.frameType === Expression_Window_WindowFrame_FrameType.ROW;
      parts.push(`${rows ? "ROWS" : "RANGE"} BETWEEN ...`);
    }
    return `WindowSpec(${parts.join(" ")})`;
  }
}

/**
 * Builders of window specs, as PySpark's `Window`.
 *
 * @example
 * const w = Window.partitionBy("restaurantId").orderBy("publishedAt")
 *   .rowsBetween(Window.unboundedPreceding, Window.currentRow);
 * const runningCount = count("*").over(w);
 */
export class Window {
  /** An open lower frame end (`UNBOUNDED PRECEDING`). */
  static readonly unboundedPreceding: number = Number.NEGATIVE_INFINITY;
  /** An open upper frame end (`UNBOUNDED FOLLOWING`). */
  static readonly unboundedFollowing: number = Number.POSITIVE_INFINITY;
  /** The current row as a frame end. */
  static readonly currentRow: number = 0;

  private constructor() {}

  /**
   * A spec partitioned by these columns.
   *
   * @example
   * Window.partitionBy("city", col("cuisine"));
   */
  static partitionBy(...cols: WindowColumns): WindowSpec {
    return new WindowSpec().partitionBy(...cols);
  }

  /**
   * A spec ordered by these columns (one partition: all rows move to one task).
   *
   * @example
   * Window.orderBy(col("score").desc());
   */
  static orderBy(...cols: WindowColumns): WindowSpec {
    return new WindowSpec().orderBy(...cols);
  }

  /**
   * A spec with a row frame; see {@linkcode WindowSpec.rowsBetween}.
   *
   * @example
   * Window.rowsBetween(Window.unboundedPreceding, Window.currentRow);
   */
  static rowsBetween(start: number, end: number): WindowSpec {
    return new WindowSpec().rowsBetween(start, end);
  }

  /**
   * A spec with a range frame; see {@linkcode WindowSpec.rangeBetween}.
   *
   * @example
   * Window.rangeBetween(Window.currentRow, Window.unboundedFollowing);
   */
  static rangeBetween(start: number, end: number): WindowSpec {
    return new WindowSpec().rangeBetween(start, end);
  }
}

function boundary(
  at: number,
  name: string,
  rows: boolean,
  openSide: -1 | 1,
): Expression_Window_WindowFrame_FrameBoundary {
  if (typeof at !== "number" || Number.isNaN(at)) {
    throw new TypeError(`the frame ${name} must be a number, not ${at}`);
  }
  if (at === 0) return frameBoundary({ case: "currentRow", value: true });
  if (openSide * at >= Number.MAX_SAFE_INTEGER) {
    return frameBoundary({ case: "unbounded", value: true });
  }
  if (!Number.isInteger(at) || (rows && (at < INT_MIN || at > INT_MAX))) {
    throw new RangeError(
      `the frame ${name} must be ${rows ? "a 32-bit" : "an"} integer or unbounded, not ${at}`,
    );
  }
  // Rows frames take INT offsets, range frames BIGINT ones, as PySpark sends them.
  const value = rows ? literalExpression(at) : literalExpression(BigInt(at));
  return frameBoundary({ case: "value", value });
}

function frameBoundary(
  boundary: MessageInitShape<typeof Expression_Window_WindowFrame_FrameBoundarySchema>["boundary"],
): Expression_Window_WindowFrame_FrameBoundary {
  return create(Expression_Window_WindowFrame_FrameBoundarySchema, { boundary });
}

function flatten(cols: WindowColumns): ColumnOrName[] {
  return cols.flatMap((c) => (Array.isArray(c) ? c : [c]) as ColumnOrName[]).map((c) => {
    if (!(c instanceof Column) && typeof c !== "string") {
      throw new TypeError(`window columns must be Columns or names, not ${c}`);
    }
    return c;
  });
}
