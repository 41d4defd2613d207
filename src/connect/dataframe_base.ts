/**
 * The base of every DataFrame: its relation and plan id, how its plan is sent and run, and the
 * calls that only analyze or register it (schema, explain, cache, temp views). Results are in
 * `dataframe_actions.ts`, transformations in `dataframe.ts`.
 *
 * @module
 */
import type { Table } from "apache-arrow";
import { create } from "@bufbuild/protobuf";
import { collectTable } from "./arrow.ts";
import type { ExecuteOptions } from "./execute.ts";
import type { Observation } from "./observation.ts";
import { collapseWithColumns, messageDepth } from "./plan/collapse.ts";
import { rootPlan } from "./plan/relation.ts";
import {
  type ExecutePlanResponse,
  type Plan,
  PlanSchema,
} from "./proto/gen/spark/connect/base_pb.ts";
import type { Relation } from "./proto/gen/spark/connect/relations_pb.ts";
import type { SparkSession } from "./session.ts";
import { treeString } from "./show.ts";
import { type StorageLevel, StorageLevels } from "./storage_level.ts";
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

/** Options of the calls that only analyze a plan. */
export interface AnalyzeOptions {
  /** Aborting cancels the call. */
  signal?: AbortSignal;
}

/** Spark Connect's default `spark.connect.grpc.marshallerRecursionLimit`. */
const RECURSION_LIMIT = 1024;

/**
 * A plan nested deeper than the server's protobuf recursion limit (1024 by default), which
 * the server rejects without saying why; `cause` holds the server's error.
 *
 * @example
 * try { await deep.collect(); } catch (e) { if (e instanceof PlanTooDeepError) console.log(e.depth); }
 */
export class PlanTooDeepError extends Error {
  /** The error's name, for messages. */
  override name = "PlanTooDeepError";

  /** `depth`: the plan's nesting; `cause`: the server's error. */
  constructor(readonly depth: number, cause: unknown) {
    super(
      `the plan nests ${depth} messages deep, beyond Spark Connect's protobuf recursion limit ` +
        `(spark.connect.grpc.marshallerRecursionLimit, ${RECURSION_LIMIT} by default; each ` +
        `chained step adds about 2): add columns with one withColumns/select instead of a chain ` +
        `of steps that use each other's columns, or save an intermediate result as a table`,
      { cause },
    );
  }
}

const planIds = new WeakMap<SparkSession, bigint>();

/**
 * A fresh plan id for a relation of this session; ids bind columns to one DataFrame.
 *
 * @example
 * const id = nextPlanId(spark); // 0n, then 1n, ...
 */
export function nextPlanId(session: SparkSession): bigint {
  const id = planIds.get(session) ?? 0n;
  planIds.set(session, id + 1n);
  return id;
}

/**
 * What every DataFrame is: a relation plus the session that runs it. Immutable: the schema,
 * once fetched, is cached on the instance (a DataFrame's plan never changes, so neither does
 * its schema — unless a table or view it reads is redefined underneath; build a new DataFrame
 * to see such a change).
 *
 * @example
 * const names = await df.columns; // one AnalyzePlan call, then cached
 */
export abstract class DataFrameBase {
  /** The relation, with this DataFrame's plan id in `common.planId`. */
  readonly relation: Relation;
  /** Observations whose metrics this DataFrame's actions deliver. */
  readonly observations: readonly Observation[];
  #schema?: Promise<StructType>;
  #knownSchema?: StructType;
  #collapsed?: Relation;

  /**
   * A DataFrame of a relation; one without a plan id gets a fresh one. `observations` are
   * the metrics its actions deliver (from `observe` here or upstream).
   */
  constructor(
    readonly session: SparkSession,
    relation: Relation,
    observations: Iterable<Observation> = [],
  ) {
    this.relation = relation.common?.planId !== undefined ? relation : {
      ...relation,
      common: {
        $typeName: "spark.connect.RelationCommon",
        sourceInfo: "",
        ...relation.common,
        planId: nextPlanId(session),
      },
    };
    this.observations = [...new Set(observations)];
  }

  /** This DataFrame's plan id. */
  get planId(): bigint {
    return this.relation.common!.planId!;
  }

  /**
   * The relation as sent to the server: chains of `withColumn` merged where that is safe
   * (`plan/collapse.ts`). Code that builds its own plans on a DataFrame (writers) should send
   * this rather than `relation`, so deep chains stay under the server's nesting limit.
   *
   * @example
   * const plan = rootPlan(df.sentRelation());
   */
  sentRelation(): Relation {
    return this.#collapsed ??= collapseWithColumns(this.relation);
  }

  /** Executes a plan, delivering observed metrics to this DataFrame's observations. */
  protected async *execute(
    plan: Plan,
    opts: ExecuteOptions,
  ): AsyncGenerator<ExecutePlanResponse> {
    try {
      for await (const response of this.session.client.execute(plan, opts)) {
        for (const metrics of response.observedMetrics) {
          for (const o of this.observations) if (o.name === metrics.name) o.record(metrics);
        }
        yield response;
      }
    } catch (err) {
      throw this.#explainFailure(err, plan);
    }
  }

  /** Runs a relation (built on {@linkcode sentRelation}) and collects its result. */
  protected runRelation(relation: Relation, opts: ExecuteOptions): Promise<Table> {
    return collectTable(this.execute(rootPlan(relation), opts));
  }

  /**
   * The result's Spark schema, asked of the server once per DataFrame and then cached.
   *
   * @example
   * const schema = await df.schema();
   * schema.toDDL(); // "id BIGINT NOT NULL"
   */
  schema(opts: AnalyzeOptions = {}): Promise<StructType> {
    this.#schema ??= this.#fetchSchema(opts).then((s) => this.#knownSchema = s).catch((err) => {
      this.#schema = undefined;
      throw err;
    });
    return this.#schema;
  }

  /**
   * Gives this new DataFrame the schema of `from` when that is already known, for the
   * transformations that keep it (filter, sort, limit, distinct, ...), as PySpark does: then
   * their `columns`, `dtypes` and `schema()` make no round trip.
   */
  protected keepSchemaOf(from: DataFrameBase): this {
    if (from.#knownSchema && !this.#schema) {
      this.#knownSchema = from.#knownSchema;
      this.#schema = Promise.resolve(from.#knownSchema);
    }
    return this;
  }

  /**
   * The column names (from the cached schema).
   *
   * @example
   * await df.columns; // ["id", "name"]
   */
  get columns(): Promise<string[]> {
    return this.schema().then((s) => s.fieldNames());
  }

  /**
   * `[name, type]` pairs with Spark's simple type names, as PySpark's `df.dtypes`.
   *
   * @example
   * await df.dtypes; // [["id", "bigint"], ["name", "string"]]
   */
  get dtypes(): Promise<[string, string][]> {
    return this.schema().then((s) => s.fields.map((f) => [f.name, f.dataType.simpleString()]));
  }

  /**
   * Prints the schema as a tree, down to `level` levels of nesting (all by default).
   *
   * @example
   * await df.printSchema(); // root\n |-- id: long (nullable = false)
   */
  async printSchema(level?: number, opts: AnalyzeOptions = {}): Promise<void> {
    console.log(treeString(await this.schema(opts), level));
  }

  /**
   * The query plan as Spark explains it.
   *
   * @example
   * console.log(await df.explain("formatted"));
   */
  async explain(mode: ExplainMode = "simple", opts: AnalyzeOptions = {}): Promise<string> {
    const res = await this.session.client.analyze({
      case: "explain",
      value: { plan: rootPlan(this.sentRelation()), explainMode: EXPLAIN_MODES[mode] },
    }, opts);
    return res.result.case === "explain" ? res.result.value.explainString : "";
  }

  /**
   * Whether `collect` can run without executors (the plan reads only local data).
   *
   * @example
   * await (await spark.sql("SELECT 1")).isLocal(); // true
   */
  async isLocal(opts: AnalyzeOptions = {}): Promise<boolean> {
    const plan = rootPlan(this.sentRelation());
    const res = await this.session.client.analyze({ case: "isLocal", value: { plan } }, opts);
    return res.result.case === "isLocal" && res.result.value.isLocal;
  }

  /**
   * Keeps the result cached on the executors after the next action (storage level
   * `MEMORY_AND_DISK_DESER`, as PySpark); returns this DataFrame.
   *
   * @example
   * const hot = await df.cache();
   */
  cache(opts: AnalyzeOptions = {}): Promise<this> {
    return this.persist(StorageLevels.MEMORY_AND_DISK_DESER, opts);
  }

  /**
   * Caches the result at a storage level; returns this DataFrame.
   *
   * @example
   * await df.persist(StorageLevels.DISK_ONLY);
   */
  async persist(
    storageLevel: StorageLevel = StorageLevels.MEMORY_AND_DISK_DESER,
    opts: AnalyzeOptions = {},
  ): Promise<this> {
    await this.session.client.analyze({
      case: "persist",
      value: { relation: this.sentRelation(), storageLevel: { ...storageLevel } },
    }, opts);
    return this;
  }

  /**
   * Drops the cached result; `blocking` waits until it is gone. Returns this DataFrame.
   *
   * @example
   * await df.unpersist();
   */
  async unpersist(blocking = false, opts: AnalyzeOptions = {}): Promise<this> {
    await this.session.client.analyze({
      case: "unpersist",
      value: { relation: this.sentRelation(), blocking },
    }, opts);
    return this;
  }

  /**
   * The storage level the result is cached at (`StorageLevels.NONE` when it is not).
   *
   * @example
   * (await df.cache(), await df.storageLevel).useMemory; // true
   */
  get storageLevel(): Promise<StorageLevel> {
    return this.session.client.analyze({
      case: "getStorageLevel",
      value: { relation: this.sentRelation() },
    }).then((res) => {
      const l = res.result.case === "getStorageLevel" ? res.result.value.storageLevel : undefined;
      if (!l) return StorageLevels.NONE;
      const { useDisk, useMemory, useOffHeap, deserialized, replication } = l;
      return { useDisk, useMemory, useOffHeap, deserialized, replication };
    });
  }

  /**
   * Registers the DataFrame as a temporary view of this session; fails if the name is taken.
   *
   * @example
   * await df.createTempView("reviews");
   */
  createTempView(name: string, opts: ExecuteOptions = {}): Promise<void> {
    return this.#createView(name, false, false, opts);
  }

  /**
   * Registers the DataFrame as a temporary view of this session, replacing any such view.
   *
   * @example
   * await df.createOrReplaceTempView("reviews");
   * const n = await spark.sql("SELECT count(*) FROM reviews");
   */
  createOrReplaceTempView(name: string, opts: ExecuteOptions = {}): Promise<void> {
    return this.#createView(name, false, true, opts);
  }

  /**
   * Registers a view every session of the server sees, as `global_temp.<name>`; fails if the
   * name is taken.
   *
   * @example
   * await df.createGlobalTempView("reviews");
   */
  createGlobalTempView(name: string, opts: ExecuteOptions = {}): Promise<void> {
    return this.#createView(name, true, false, opts);
  }

  /**
   * Registers or replaces a view every session of the server sees, as `global_temp.<name>`.
   *
   * @example
   * await df.createOrReplaceGlobalTempView("reviews");
   */
  createOrReplaceGlobalTempView(name: string, opts: ExecuteOptions = {}): Promise<void> {
    return this.#createView(name, true, true, opts);
  }

  /**
   * The server answers a plan nested beyond its protobuf recursion limit with a bare
   * "Application error processing RPC": when the plan is that deep, say so.
   */
  #explainFailure(err: unknown, plan: Plan): unknown {
    const depth = messageDepth(plan) + 1; // + the request message around the plan
    if (depth <= RECURSION_LIMIT) return err;
    return new PlanTooDeepError(depth, err);
  }

  async #fetchSchema(opts: AnalyzeOptions): Promise<StructType> {
    const plan = rootPlan(this.sentRelation());
    const res = await this.session.client.analyze({ case: "schema", value: { plan } }, opts)
      .catch((err) => {
        throw this.#explainFailure(err, plan);
      });
    if (res.result.case !== "schema" || !res.result.value.schema) {
      throw new Error("the server answered a schema request without a schema");
    }
    const schema = fromProto(res.result.value.schema);
    return schema instanceof StructType ? schema : new StructType([]).add("value", schema);
  }

  async #createView(name: string, isGlobal: boolean, replace: boolean, opts: ExecuteOptions) {
    const plan = create(PlanSchema, {
      opType: {
        case: "command",
        value: {
          commandType: {
            case: "createDataframeView",
            value: { input: this.sentRelation(), name, isGlobal, replace },
          },
        },
      },
    });
    for await (
      const _ of this.execute(plan, opts)
    ) { /* drain: the command's effect is the answer */ }
  }
}
