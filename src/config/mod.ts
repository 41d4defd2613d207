/**
 * Job configs (`ingestion_config/*.yaml`): load one as a {@linkcode JobSpec}, or list every
 * problem of it as `file:line:col: message`.
 *
 * @example
 * ```ts
 * import { loadConfig } from "./src/config/mod.ts";
 * const spec = await loadConfig("ingestion_config/reviews.yaml"); // throws ConfigError
 * ```
 *
 * @module
 */
export { loadConfig, resolvePaths, validateConfig, type ValidateOptions } from "./validate.ts";
export { ConfigError, formatProblem, type Problem } from "./problems.ts";
export { CONFIG_SCHEMA } from "./schema.ts";
export {
  type Aggregate,
  type Dedupe,
  type FromSchema,
  type JobSpec,
  type MaskWords,
  type Metric,
  type Param,
  sinksOf,
  type SinkTarget,
  type Source,
  type Step,
  type Window,
} from "./types.ts";
export { bindSql, bindText, type ParamValue, paramValues } from "./params.ts";
export { CONFIG_DIR, findProjectRoot, projectRoot, resolvePath } from "./resolve.ts";
export { readSourceSchema, type SourceColumn } from "./source_schema.ts";
