/**
 * Splits a DDL or type string into words, backtick-quoted names, string literals and symbols.
 *
 * @module
 */

import { DataTypeParseError } from "./parse_error.ts";

/**
 * One token of DDL: `word` (keyword, name or number), `quoted` (a backtick-quoted name),
 * `string` (a quoted literal), `symbol` (any other single character) or the `end` of input.
 *
 * @example
 * const token: Token = { kind: "word", text: "INT", value: "INT", offset: 2 };
 */
export interface Token {
  /** What kind of token this is. */
  readonly kind: "word" | "quoted" | "string" | "symbol" | "end";
  /** The source text of the token, quotes included. */
  readonly text: string;
  /** The token's value: quotes removed and escapes resolved for names and literals. */
  readonly value: string;
  /** The 0-based offset of the token in the input. */
  readonly offset: number;
}

const SPACE = /\s+/y;
const WORD = /[\p{L}\p{N}_]+/uy;

/** The characters a backslash escape stands for in a Spark string literal. */
const ESCAPES: Readonly<Record<string, string>> = {
  "0": "\0",
  b: "\b",
  n: "\n",
  r: "\r",
  t: "\t",
  Z: "\x1a",
  // Spark keeps these escaped, for LIKE patterns.
  "%": "\\%",
  _: "\\_",
};

/** Reads a backtick-quoted name starting at `start`; a doubled backtick stands for one. */
function readQuoted(input: string, start: number): Token {
  let value = "";
  let i = start + 1;
  while (i < input.length) {
    const next = input.indexOf("`", i);
    if (next === -1) break;
    value += input.slice(i, next);
    if (input[next + 1] !== "`") {
      return { kind: "quoted", text: input.slice(start, next + 1), value, offset: start };
    }
    value += "`";
    i = next + 2;
  }
  throw new DataTypeParseError("unterminated quoted name", input, start, {
    expected: "` to close it",
  });
}

/** Reads a '...' or "..." literal starting at `start`, resolving backslash escapes. */
function readString(input: string, start: number): Token {
  const quote = input[start];
  let value = "";
  let i = start + 1;
  while (i < input.length) {
    const ch = input[i];
    if (ch === quote) {
      return { kind: "string", text: input.slice(start, i + 1), value, offset: start };
    }
    if (ch === "\\" && i + 1 < input.length) {
      const escaped = input[i + 1];
      const unicode = /^u[0-9a-fA-F]{4}/.exec(input.slice(i + 1, i + 6));
      if (unicode) {
        value += String.fromCharCode(parseInt(unicode[0].slice(1), 16));
        i += 6;
        continue;
      }
      value += ESCAPES[escaped] ?? escaped;
      i += 2;
      continue;
    }
    value += ch;
    i++;
  }
  throw new DataTypeParseError("unterminated string", input, start, {
    expected: `${quote} to close it`,
  });
}

/**
 * Splits `input` into tokens, ending with an `end` token; throws a `DataTypeParseError` for an
 * unterminated quoted name or string.
 *
 * @example
 * tokenize("a INT").map((t) => t.kind); // ["word", "word", "end"]
 */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    SPACE.lastIndex = i;
    if (SPACE.test(input)) {
      i = SPACE.lastIndex;
      continue;
    }
    WORD.lastIndex = i;
    const word = WORD.exec(input);
    let token: Token;
    if (word) {
      token = { kind: "word", text: word[0], value: word[0], offset: i };
    } else if (input[i] === "`") {
      token = readQuoted(input, i);
    } else if (input[i] === "'" || input[i] === '"') {
      token = readString(input, i);
    } else {
      const symbol = String.fromCodePoint(input.codePointAt(i)!);
      token = { kind: "symbol", text: symbol, value: symbol, offset: i };
    }
    tokens.push(token);
    i += token.text.length;
  }
  tokens.push({ kind: "end", text: "", value: "", offset: input.length });
  return tokens;
}
