/**
 * Validates a job config and loads it as a {@linkcode JobSpec}: YAML problems, the config
 * schema, the checks a schema cannot make, and (given a Spark session) the SQL expressions,
 * all reported at once as `file:line:col: message`.
 *
 * @module
 */
import type { SparkSession } from "../connect/session.ts";
import { semanticFindings } from "./checks.ts";
import { withDefaults } from "./defaults.ts";
import { readYaml, type YamlSource } from "./load.ts";
import { ConfigError, type Finding, type Problem, sortProblems } from "./problems.ts";
import { projectRoot, resolvePath } from "./resolve.ts";
import { schemaFindings } from "./schema_check.ts";
import { sparkFindings } from "./spark_check.ts";
import { type JobSpec, sinksOf } from "./types.ts";

/**
 * How to validate a config.
 *
 * @example
 * const opts: ValidateOptions = { spark: await SparkSession.connect("sc://127.0.0.1:15002") };
 */
export interface ValidateOptions {
  /** A session to check SQL expressions with; without one only pure checks run. */
  spark?: SparkSession;
  /** The project root relative paths resolve against (default: found from the file). */
  root?: string;
  /** The file name used in messages (default: the path as given). */
  file?: string;
  /** The date a `today` default stands for (default: now). */
  today?: Date;
  /** Aborts the Spark check's requests. */
  signal?: AbortSignal;
}

/**
 * Every problem of a config file, in reading order; empty when it is valid. Never throws for
 * a bad config (only for a failing Spark connection).
 *
 * @example
 * const problems = await validateConfig("ingestion_config/reviews.yaml");
 * for (const p of problems) console.log(formatProblem(p)); // reviews.yaml:12:7: sink.mode: ...
 */
export async function validateConfig(path: string, opts: ValidateOptions = {}): Promise<Problem[]> {
  return (await check(path, opts)).problems;
}

/**
 * Reads, validates and returns a config, defaults filled in and relative paths made absolute
 * against the project root; throws a {@linkcode ConfigError} listing every problem.
 *
 * @example
 * const spec = await loadConfig("ingestion_config/reviews.yaml");
 * spec.source.path; // "/repo/data/sample/reviews.jsonl"
 */
export async function loadConfig(path: string, opts: ValidateOptions = {}): Promise<JobSpec> {
  const { problems, value, root } = await check(path, opts);
  if (problems.length > 0) throw new ConfigError(problems);
  return resolvePaths(withDefaults(value as JobSpec), root);
}

/**
 * A config with its local paths made absolute against `root` (source path and schema, words
 * files, sink and quarantine paths); `s3://` and other URLs are kept.
 *
 * @example
 * resolvePaths(spec, "/repo").quarantine?.path; // "/repo/data/output/reviews_quarantine"
 */
export function resolvePaths(spec: JobSpec, root: string): JobSpec {
  const at = (p: string) => resolvePath(root, p);
  const sinks = sinksOf(spec).map((s) => ({ ...s, path: at(s.path) }));
  return {
    ...spec,
    source: { ...spec.source, path: at(spec.source.path), ...schemaOf(spec, at) },
    steps: spec.steps.map((step) =>
      step.mask_words
        ? { mask_words: { ...step.mask_words, words: at(step.mask_words.words) } }
        : step
    ),
    sink: Array.isArray(spec.sink) ? sinks : sinks[0],
    ...(spec.quarantine ? { quarantine: { path: at(spec.quarantine.path) } } : {}),
  };
}

function schemaOf(spec: JobSpec, at: (p: string) => string): { schema?: string } {
  return spec.source.schema === undefined ? {} : { schema: at(spec.source.schema) };
}

async function check(
  path: string,
  opts: ValidateOptions,
): Promise<{ problems: Problem[]; value: unknown; root: string }> {
  const file = opts.file ?? path;
  const root = opts.root ?? projectRoot(path);
  const source = await readYaml(path, file);
  const problems = [...source.problems];
  const value = source.value;
  if (source.fatal) return { problems: sortProblems(problems), value, root };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const what = value === null
      ? "the file is empty"
      : `the file holds ${Array.isArray(value) ? "a list" : `a ${typeof value}`}`;
    const { line, col } = source.positions.at("");
    const message = `${what}; a config is a mapping with name, source, steps and sink`;
    problems.push({ file, line, col, message });
    return { problems: sortProblems(problems), value, root };
  }
  const findings = schemaFindings(value);
  const semantic = await semanticFindings(value as Record<string, unknown>, root);
  findings.push(...semantic.findings);
  if (opts.spark && semantic.columns) {
    const reported = findings.map((f) => f.pointer);
    const skip = (p: string) => reported.some((r) => r === p || r.startsWith(p + "/"));
    findings.push(
      ...await sparkFindings(opts.spark, value as Record<string, unknown>, {
        columns: semantic.columns,
        skip,
        today: opts.today,
        signal: opts.signal,
      }),
    );
  }
  problems.push(...toProblems(findings, source, file));
  return { problems: sortProblems(problems), value, root };
}

function toProblems(findings: readonly Finding[], source: YamlSource, file: string): Problem[] {
  return findings.map((f) => ({
    file,
    ...source.positions.at(f.pointer, f.target),
    message: f.message,
  }));
}
