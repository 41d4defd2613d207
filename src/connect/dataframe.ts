/**
 * The DataFrame: an immutable handle on a relation (a plan), run only by its actions.
 * This is the core subset; transformations with PySpark's names build on it.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import { collectTable, recordBatches } from "./arrow.ts";
import type { ExecuteOptions } from "./execute.ts";
import type { Relation } from "./proto/gen/spark/connect/relations_pb.ts";
import { rootPlan } from "./plan/relation.ts";
import { type Row, toRows } from "./rows.ts";
import type { SparkSession } from "./session.ts";
import { fromProto, StructType } from "./types/mod.ts";

/** Explain modes, as in PySpark's `df.explain(mode=...)`. */
export type ExplainMode = "simple" | "extended" | "codegen" | "cost" | "formatted";

const EXPLAIN_MODES: Record<ExplainMode, number> = {
  simple: 1,
  extended: 2,
  codegen: 3,
  cost: 4,
  formatted: 5,
};

/**
 * A lazily evaluated Spark DataFrame.
 *
 * @example
 * const df = await spark.sql("SELECT id FROM range(3)");
 * const rows = await df.collect(); // [{ id: 0n }, { id: 1n }, { id: 2n }]
 */
export class DataFrame {
  constructor(readonly session: SparkSession, readonly relation: Relation) {}

  /**
   * Runs the query and returns its result as an Arrow `Table`, decoded batch by batch.
   *
   * @example
   * const table = await df.toArrow();
   */
  toArrow(opts: ExecuteOptions = {}): Promise<Table> {
    return collectTable(this.session.client.execute(rootPlan(this.relation), opts));
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
    for await (
      const batch of recordBatches(this.session.client.execute(rootPlan(this.relation), opts))
    ) {
      yield* toRows(batch);
    }
  }

  [Symbol.asyncIterator](): AsyncGenerator<Row> {
    return this.toLocalIterator();
  }

  /**
   * The result's Spark schema, asked of the server without running the query.
   *
   * @example
   * const schema = await df.schema();
   * schema.toDDL(); // "id BIGINT NOT NULL"
   */
  async schema(opts: { signal?: AbortSignal } = {}): Promise<StructType> {
    const res = await this.session.client.analyze(
      { case: "schema", value: { plan: rootPlan(this.relation) } },
      opts,
    );
    if (res.result.case !== "schema" || !res.result.value.schema) {
      throw new Error("the server answered a schema request without a schema");
    }
    const schema = fromProto(res.result.value.schema);
    return schema instanceof StructType ? schema : new StructType([]).add("value", schema);
  }

  /**
   * The query plan as Spark explains it.
   *
   * @example
   * console.log(await df.explain("formatted"));
   */
  async explain(
    mode: ExplainMode = "simple",
    opts: { signal?: AbortSignal } = {},
  ): Promise<string> {
    const res = await this.session.client.analyze({
      case: "explain",
      value: { plan: rootPlan(this.relation), explainMode: EXPLAIN_MODES[mode] },
    }, opts);
    return res.result.case === "explain" ? res.result.value.explainString : "";
  }
}
