/**
 * Problems found in a config, and the error that carries them all.
 *
 * @module
 */
import type { Target } from "./positions.ts";

/**
 * One problem, at a 1-based line and column of a file.
 *
 * @example
 * const p: Problem = { file: "ingestion_config/reviews.yaml", line: 3, col: 9, message: "..." };
 */
export interface Problem {
  /** The file as named in messages. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
  /** What is wrong, led by the key's path (`sink.mode: ...`). */
  message: string;
}

/**
 * A problem found in the parsed value, located by JSON pointer; `validate.ts` turns it into a
 * {@linkcode Problem} with the node's line and column.
 *
 * @example
 * const f: Finding = { pointer: "/sink/mode", message: "sink.mode: ..." };
 */
export interface Finding {
  /** The JSON pointer of the offending node, e.g. `/steps/0/filter`. */
  pointer: string;
  /** Point at the key rather than its value (unknown keys, missing keys). */
  target?: Target;
  /** What is wrong, led by the key's path. */
  message: string;
}

/**
 * A problem as one line: `file:line:col: message`.
 *
 * @example
 * formatProblem({ file: "a.yaml", line: 2, col: 7, message: "sink: missing required key 'path'" });
 * // "a.yaml:2:7: sink: missing required key 'path'"
 */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.line}:${p.col}: ${p.message}`;
}

/**
 * Problems in reading order: by file, line, column.
 *
 * @example
 * sortProblems(problems).map(formatProblem).forEach((line) => console.log(line));
 */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) =>
    a.file === b.file ? a.line - b.line || a.col - b.col : a.file < b.file ? -1 : 1
  );
}

/**
 * A config that failed validation; `problems` lists every problem found. The message's first
 * line names the file and the count, then one `file:line:col: message` line per problem.
 *
 * @example
 * try {
 *   await loadConfig("ingestion_config/reviews.yaml");
 * } catch (e) {
 *   if (e instanceof ConfigError) e.problems.forEach((p) => console.error(formatProblem(p)));
 * }
 */
export class ConfigError extends Error {
  /** Always `ConfigError`. */
  override name = "ConfigError";
  /** Every problem found, in reading order. */
  readonly problems: readonly Problem[];

  /**
   * Makes the error for `problems` (at least one).
   *
   * @example
   * throw new ConfigError([{ file: "a.yaml", line: 1, col: 1, message: "the file is empty" }]);
   */
  constructor(problems: readonly Problem[]) {
    const sorted = sortProblems(problems);
    const files = [...new Set(sorted.map((p) => p.file))].join(", ");
    const count = `${sorted.length} problem${sorted.length === 1 ? "" : "s"}`;
    super([`invalid config ${files}: ${count}`, ...sorted.map(formatProblem)].join("\n"));
    this.problems = sorted;
  }
}
