/**
 * Observations: named metrics computed while a query runs (`df.observe(...)`), as PySpark's
 * `Observation`. The server sends them with the result (`observed_metrics` of the last
 * ExecutePlan response); every action of an observing DataFrame fills them in.
 *
 * @module
 */
import type { Expression_Literal } from "./proto/gen/spark/connect/expressions_pb.ts";
import type { ExecutePlanResponse_ObservedMetrics } from "./proto/gen/spark/connect/base_pb.ts";

/**
 * Metrics observed on a DataFrame, available once an action on it has run.
 *
 * @example
 * const seen = new Observation("quality");
 * const checked = df.observe(seen, count(lit(1)).alias("rows"), max("rating").alias("top"));
 * await checked.collect();
 * seen.get(); // { rows: 42n, top: 5 }
 */
export class Observation {
  /** The metrics' name, unique among the observations of one query. */
  readonly name: string;
  #result?: Record<string, unknown>;

  /** An observation; without a name, a unique one is made up. */
  constructor(name: string = `observation_${crypto.randomUUID().replaceAll("-", "")}`) {
    if (name === "") throw new TypeError("an observation needs a non-empty name");
    this.name = name;
  }

  /**
   * The observed values by metric name, as JS values (the forms of `collect()`).
   *
   * @example
   * const { rows } = seen.get();
   */
  get(): Record<string, unknown> {
    if (this.#result === undefined) {
      throw new Error(
        `observation "${this.name}" has no metrics yet: run an action (collect, count, ...) ` +
          `on the observed DataFrame first`,
      );
    }
    return { ...this.#result };
  }

  /** Whether an action has delivered the metrics. */
  get isReady(): boolean {
    return this.#result !== undefined;
  }

  /**
   * Stores metrics from a response (called by the DataFrame's actions).
   *
   * @example
   * seen.record(response.observedMetrics[0]);
   */
  record(metrics: ExecutePlanResponse_ObservedMetrics): void {
    this.#result = Object.fromEntries(
      metrics.values.map((v, i) => [metrics.keys[i] ?? `_${i + 1}`, literalValue(v)]),
    );
  }
}

const MICROS_PER_MS = 1000n;
const MS_PER_DAY = 86_400_000;

/**
 * A literal's JS value, in the forms `collect()` uses (BIGINT as bigint, DECIMAL as exact
 * string, DATE and TIMESTAMP as `Date`, ...).
 *
 * @example
 * literalValue(literal(3)); // 3
 */
export function literalValue(lit: Expression_Literal): unknown {
  const t = lit.literalType;
  switch (t.case) {
    case undefined:
    case "null":
      return null;
    case "decimal":
      return t.value.value;
    case "date":
      return new Date(t.value * MS_PER_DAY);
    case "timestamp":
    case "timestampNtz":
      return new Date(Number(t.value / MICROS_PER_MS));
    case "calendarInterval":
      return {
        months: t.value.months,
        days: t.value.days,
        nanoseconds: t.value.microseconds * 1000n,
      };
    case "array":
      return t.value.elements.map(literalValue);
    case "map":
      return new Map(
        t.value.keys.map((k, i) => [literalValue(k), literalValue(t.value.values[i])]),
      );
    case "struct": {
      const type = t.value.structType?.kind ?? lit.dataType?.kind;
      const names = type?.case === "struct" ? type.value.fields.map((f) => f.name) : [];
      return Object.fromEntries(
        t.value.elements.map((e, i) => [names[i] ?? `_${i + 1}`, literalValue(e)]),
      );
    }
    case "specializedArray":
      return t.value.valueType.value?.values ?? [];
    case "time":
      return t.value.nano;
    default:
      return t.value;
  }
}
