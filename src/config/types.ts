/**
 * The TypeScript types of a job config, derived from {@linkcode CONFIG_SCHEMA} by a small
 * type-level reading of JSON Schema, so the schema and the types cannot drift apart.
 *
 * A loaded config has its defaults filled in (see `defaults.ts`), so a key with a `default` is
 * required in these types.
 *
 * @module
 */
import type { CONFIG_SCHEMA } from "./schema.ts";

/**
 * The `definitions` of the config schema, which `$ref`s point into.
 *
 * @example
 * type Columns = FromSchema<Definitions["columns"]>; // string[]
 */
export type Definitions = typeof CONFIG_SCHEMA.definitions;

type Flatten<T> = { [K in keyof T]: T[K] };

type TypeName<T> = T extends "string" ? string
  : T extends "number" | "integer" ? number
  : T extends "boolean" ? boolean
  : T extends "null" ? null
  : never;

/** Exactly one of the properties: how a step (`- dedupe: {...}`) is written. */
type OneOf<P, D> = {
  [K in keyof P]: Flatten<
    & { [Q in K]: FromSchema<P[K], D> }
    & { [Q in Exclude<keyof P, K>]?: never }
  >;
}[keyof P];

type Props<S> = S extends { properties: infer P } ? P : Record<never, never>;
type RequiredKeys<S> = S extends { required: readonly (infer R)[] } ? R : never;
type WithDefault<P> = { [K in keyof P]: P[K] extends { default: unknown } ? K : never }[keyof P];

type ObjectOf<
  S,
  D,
  P = Props<S>,
  R extends keyof P = (RequiredKeys<S> | WithDefault<P>) & keyof P,
> = S extends { minProperties: 1; maxProperties: 1; additionalProperties: false } ? OneOf<P, D>
  : Flatten<
    & { [K in R]: FromSchema<P[K], D> }
    & { [K in Exclude<keyof P, R>]?: FromSchema<P[K], D> }
    & (S extends { additionalProperties: infer A extends object }
      ? { [key: string]: FromSchema<A, D> }
      : unknown)
  >;

/**
 * The TypeScript type a JSON Schema literal describes, resolving `#/definitions/` refs in `D`.
 * Reads `$ref`, `enum`, `anyOf`, `type` (a name or a list), `items`, `properties`, `required`,
 * `default` (makes a property required), `additionalProperties`, and the "exactly one key"
 * object (`minProperties: 1, maxProperties: 1, additionalProperties: false`) as a union.
 *
 * @example
 * type Mode = FromSchema<{ enum: readonly ["append", "merge"] }, {}>; // "append" | "merge"
 */
export type FromSchema<S, D = Definitions> = S extends { $ref: `#/definitions/${infer K}` }
  ? K extends keyof D ? FromSchema<D[K], D> : never
  : S extends { enum: readonly (infer E)[] } ? E
  : S extends { anyOf: readonly (infer B)[] } ? (B extends unknown ? FromSchema<B, D> : never)
  : S extends { type: "array"; items: infer I } ? FromSchema<I, D>[]
  : S extends { type: "object" } ? ObjectOf<S, D>
  : S extends { type: readonly (infer T)[] } ? TypeName<T>
  : S extends { type: infer T } ? TypeName<T>
  : unknown;

/**
 * A job config as loaded: defaults filled in, relative paths resolved against the project root.
 *
 * @example
 * const spec: JobSpec = await loadConfig("ingestion_config/reviews.yaml");
 * spec.steps.map((step) => Object.keys(step)[0]); // ["mask_words", "dedupe", "filter"]
 */
export type JobSpec = FromSchema<typeof CONFIG_SCHEMA>;

/**
 * What a job reads: `format`, `path`, `schema`, `options`.
 *
 * @example
 * const source: Source = { format: "json", path: "/data/reviews/*.jsonl" };
 */
export type Source = FromSchema<Definitions["source"]>;

/**
 * One step: `{ mask_words }`, `{ dedupe }`, `{ filter }` or `{ aggregate }`.
 *
 * @example
 * const step: Step = { filter: "rating BETWEEN 1 AND 5" };
 * if (step.filter !== undefined) console.log(step.filter); // narrowed to a filter step
 */
export type Step = FromSchema<Definitions["step"]>;

/**
 * The options of a `mask_words` step.
 *
 * @example
 * const mask: MaskWords = { column: "text", words: "data/inappropriate_words.txt", match: "word" };
 */
export type MaskWords = FromSchema<Definitions["maskWords"]>;

/**
 * The options of a `dedupe` step.
 *
 * @example
 * const dedupe: Dedupe = { keys: ["restaurantId", "reviewId"], latest_by: "publishedAt" };
 */
export type Dedupe = FromSchema<Definitions["dedupe"]>;

/**
 * The options of an `aggregate` step.
 *
 * @example
 * const agg: Aggregate = { group_by: ["restaurantId"], metrics: { reviewCount: "count(*)" } };
 */
export type Aggregate = FromSchema<Definitions["aggregate"]>;

/**
 * The time window of an `aggregate` step.
 *
 * @example
 * const window: Window = { column: "publishedAt", last: "3 years", until: "${as_of}" };
 */
export type Window = FromSchema<Definitions["window"]>;

/**
 * One metric of an `aggregate` step: an expression, or a struct of named expressions.
 *
 * @example
 * const age: Metric = { oldest: "max(datediff(${as_of}, publishedAt))" };
 */
export type Metric = FromSchema<Definitions["metric"]>;

/**
 * One output of a job.
 *
 * @example
 * const sink: SinkTarget = { format: "delta", path: "/out/reviews", mode: "merge", keys: ["id"], single_file: false };
 */
export type SinkTarget = FromSchema<Definitions["sinkTarget"]>;

/**
 * A declared run parameter.
 *
 * @example
 * const asOf: Param = { type: "date", default: "today" };
 */
export type Param = FromSchema<Definitions["param"]>;

/**
 * The targets of a job's `sink`, which may be one target or a list.
 *
 * @example
 * for (const sink of sinksOf(spec)) console.log(sink.format, sink.path);
 */
export function sinksOf(spec: Pick<JobSpec, "sink">): SinkTarget[] {
  return Array.isArray(spec.sink) ? spec.sink : [spec.sink];
}
