/**
 * The one regular expression that finds every listed word in a text: the words as a trie
 * (`d(?:a(?:ng(?:it)?|rn))`), so the engine tries only the words that share what it has read so
 * far, behind a lookahead on the words' first letters, which rejects most positions at once.
 * Case-insensitive; longest word first (a trie's greedy branches try the longer word before
 * the shorter, and backtrack when the longer one is not a whole word); regex syntax characters
 * are escaped, so a word is always taken literally (the pattern is also a valid JavaScript `u`
 * regex once its leading flags are moved to RegExp's, which the tests use).
 *
 * Words are whole words when `match` is `word`: neither preceded nor followed by a letter,
 * mark, digit or `_` in any script (explicit lookarounds rather than `\b`, whose meaning
 * changed between Java 17 and 19).
 *
 * @module
 */
import { readFile, StorageError } from "../storage/mod.ts";

/**
 * How a word matches: `word` only as a whole word (`dang` spares `dangle`), `substring`
 * anywhere.
 *
 * @example
 * const match: MatchMode = "word";
 */
export type MatchMode = "word" | "substring";

/** A word character in any script: what may not touch a whole word. */
const WORD_CHAR = "[\\p{L}\\p{M}\\p{N}_]";

/**
 * Reads a words file: one word a line, blank lines and `#` comments skipped, surrounding
 * spaces trimmed. Throws naming the file when it cannot be read.
 *
 * @example
 * const words = await readWords("data/inappropriate_words.txt"); // ["awful", "crap", ...]
 */
export async function readWords(path: string): Promise<string[]> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(await readFile(path));
  } catch (err) {
    const why = err instanceof StorageError && err.kind === "not_found"
      ? "no such file"
      : err instanceof TypeError
      ? "not UTF-8 text"
      : err instanceof Error
      ? err.message
      : String(err);
    throw new Error(`words file ${path}: ${why}`);
  }
  return parseWords(text);
}

/**
 * The words of a words file's text (see {@linkcode readWords}).
 *
 * @example
 * parseWords("# comment\ndang\n\n  Dangit \n"); // ["dang", "Dangit"]
 */
export function parseWords(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !l.startsWith("#"));
}

/**
 * The Java regular expression that finds all `words` in one pass, or undefined for no words.
 *
 * @example
 * maskPattern(["dang", "dangit", "d.a"]);
 * // "(?i)(?=[d])(?<![\\p{L}\\p{M}\\p{N}_])d(?:\\.a|ang(?:it)?)(?![\\p{L}\\p{M}\\p{N}_])"
 */
export function maskPattern(
  words: readonly string[],
  match: MatchMode = "word",
): string | undefined {
  const unique = [...new Set(words.map((w) => w.toLowerCase()).filter((w) => w !== ""))];
  if (unique.length === 0) return undefined;
  const unicode = unique.some((w) => [...w].some((c) => c.codePointAt(0)! > 0x7f));
  const firsts = [...new Set(unique.map((w) => [...w][0]))].sort().map(escapeInClass).join("");
  const body = trieRegex(unique);
  const flags = unicode ? "(?iu)" : "(?i)";
  return match === "word"
    ? `${flags}(?=[${firsts}])(?<!${WORD_CHAR})${body}(?!${WORD_CHAR})`
    : `${flags}(?=[${firsts}])${body}`;
}

interface Node {
  end: boolean;
  next: Map<string, Node>;
}

/**
 * The words as a trie-shaped alternation; at every node the longer continuations come first
 * and the end of a word is a greedy `?`, so the longest word wins.
 *
 * @example
 * trieRegex(["dang", "dangit", "darn"]); // "da(?:ng(?:it)?|rn)"
 */
export function trieRegex(words: readonly string[]): string {
  const root: Node = { end: false, next: new Map() };
  for (const word of words) {
    let node = root;
    for (const ch of word) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, child = { end: false, next: new Map() });
      node = child;
    }
    node.end = true;
  }
  return emit(root);
}

function emit(node: Node): string {
  const branches = [...node.next.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([ch, child]) => escape(ch) + emit(child));
  if (branches.length === 0) return "";
  const alternation = branches.length === 1 ? branches[0] : `(?:${branches.join("|")})`;
  if (!node.end) return alternation;
  // An optional tail: single characters need no group.
  return branches.length === 1 && [...branches[0]].length > 1 && !/^\\.$/.test(branches[0])
    ? `(?:${alternation})?`
    : `${alternation}?`;
}

/** A character escaped for a Java (and JavaScript `u`) regex, outside a class. */
function escape(ch: string): string {
  return "\\^$.|?*+()[]{}".includes(ch) ? `\\${ch}` : ch;
}

/** A character escaped inside a class (`&` alone is literal: the first letters are unique). */
function escapeInClass(ch: string): string {
  return "\\^-[]".includes(ch) ? `\\${ch}` : ch;
}
