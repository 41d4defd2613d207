/**
 * The error thrown for a DDL or type string that does not parse, with its position.
 *
 * @module
 */

/** What went wrong beyond the position: what was expected, a likely fix, or why it is invalid. */
export interface ParseErrorDetails {
  /** What the parser expected at the position, e.g. `'>'` or `a data type`. */
  expected?: string;
  /** A known spelling close to what was written, e.g. `string` for `strng`. */
  suggestion?: string;
  /** Why well-formed text is still invalid, e.g. a decimal precision out of range. */
  reason?: string;
}

/**
 * A DDL or type string that does not parse, naming the line and column (both from 1), what was
 * expected there and, for a misspelt type, the closest known one.
 *
 * @example
 * try {
 *   parseDDL("id BIGINT, name strng");
 * } catch (e) {
 *   if (e instanceof DataTypeParseError) {
 *     e.message; // "unknown type 'strng' at column 17: did you mean 'string'?"
 *     e.column; // 17
 *   }
 * }
 */
export class DataTypeParseError extends Error {
  /** The text being parsed. */
  readonly input: string;
  /** The 0-based offset of the problem in `input`. */
  readonly offset: number;
  /** The 1-based line of the problem. */
  readonly line: number;
  /** The 1-based column of the problem within its line. */
  readonly column: number;
  /** What was expected at the position, when known. */
  readonly expected: string | undefined;
  /** The closest known spelling, when the problem is a misspelt name. */
  readonly suggestion: string | undefined;

  /** Creates the error for `problem` (e.g. `unexpected ','`) at `offset` in `input`. */
  constructor(problem: string, input: string, offset: number, details: ParseErrorDetails = {}) {
    const before = input.slice(0, offset).split("\n");
    const line = before.length;
    const column = before[before.length - 1].length + 1;
    const where = input.includes("\n") ? `line ${line}, column ${column}` : `column ${column}`;
    const tail = details.suggestion !== undefined
      ? `: did you mean '${details.suggestion}'?`
      : details.reason !== undefined
      ? `: ${details.reason}`
      : details.expected !== undefined
      ? `: expected ${details.expected}`
      : "";
    super(`${problem} at ${where}${tail}`);
    this.name = "DataTypeParseError";
    this.input = input;
    this.offset = offset;
    this.line = line;
    this.column = column;
    this.expected = details.expected;
    this.suggestion = details.suggestion;
  }
}
