/**
 * A small scanner for the top-level `let`/`const`/`var` declarations of a TypeScript cell: enough
 * to list a parameters cell (names, annotations, initializers, line comments) without a
 * TypeScript parser. It knows strings, template literals, comments and bracket nesting; it does
 * not know regular expression literals, and skips destructuring declarations.
 *
 * @example
 * ```ts
 * topLevelDeclarations('const day: string = "2024-05-01"; // the day to load');
 * // [{ keyword: "const", name: "day", type: "string", init: '"2024-05-01"', comment: "the day to load" }]
 * ```
 *
 * @module
 */

/**
 * One declarator of a top-level declaration.
 *
 * @example
 * const [first]: Declaration[] = topLevelDeclarations("let n = 5;"); // { name: "n", ... }
 */
export interface Declaration {
  /** The declaring keyword. */
  keyword: "let" | "const" | "var";
  /** The declared name. */
  name: string;
  /** The type annotation's text, or "". */
  type: string;
  /** The initializer's text, or "". */
  init: string;
  /** The `//` comment on the line where the declaration ends, or "". */
  comment: string;
}

const OPEN = "([{";
const CLOSE = ")]}";
const CONTINUES_AFTER = /[-+*/%&|^!~?:=<>,.([{]$/;
const CONTINUES_BEFORE = /^(\.|\?|:|[-+*%&|^=<>,]|\/(?![/*]))/;

/**
 * The top-level declarations of `source`, in order, one entry per declarator.
 *
 * @example
 * topLevelDeclarations("let a = 1, b = [1,\n 2];").map((d) => d.name); // ["a", "b"]
 */
export function topLevelDeclarations(source: string): Declaration[] {
  const out: Declaration[] = [];
  let i = 0;
  let depth = 0;
  let statementStart = true;
  while (i < source.length) {
    const ch = source[i];
    const skipped = skipTrivia(source, i);
    if (skipped > i) {
      if (source.slice(i, skipped).includes("\n") && depth === 0) statementStart = true;
      i = skipped;
      continue;
    }
    if (depth === 0 && statementStart) {
      const m = /^(let|const|var)\s+(?=[\p{ID_Start}_$])/u.exec(source.slice(i));
      if (m) {
        i = readDeclarators(source, i + m[0].length, m[1] as Declaration["keyword"], out);
        statementStart = true;
        continue;
      }
    }
    if (OPEN.includes(ch)) depth++;
    else if (CLOSE.includes(ch)) depth = Math.max(0, depth - 1);
    statementStart = depth === 0 && (ch === ";" || ch === "}");
    i = skipToken(source, i);
  }
  return out;
}

function readDeclarators(
  src: string,
  i: number,
  keyword: Declaration["keyword"],
  out: Declaration[],
): number {
  const found: Declaration[] = [];
  while (true) {
    i = skipSpaces(src, i, true);
    const id = /^[\p{ID_Start}_$][\p{ID_Continue}$\u200c\u200d]*/u.exec(src.slice(i));
    if (!id) return readUntilEnd(src, i, false).end;
    const d: Declaration = { keyword, name: id[0], type: "", init: "", comment: "" };
    i = skipSpaces(src, i + id[0].length, true);
    if (src[i] === ":") {
      const t = readUntilEnd(src, i + 1, true);
      d.type = src.slice(i + 1, t.end).trim();
      i = t.end;
    }
    if (src[i] === "=" && src[i + 1] !== "=") {
      const e = readUntilEnd(src, i + 1, false);
      d.init = src.slice(i + 1, e.end).trim();
      i = e.end;
    }
    found.push(d);
    if (src[i] === ",") {
      i++;
      continue;
    }
    if (src[i] === ";") i++;
    const lineEnd = src.indexOf("\n", i) < 0 ? src.length : src.indexOf("\n", i);
    const comment = /^[ \t]*\/\/\s?(.*)$/.exec(src.slice(i, lineEnd));
    for (const f of found) f.comment = comment ? comment[1].trim() : "";
    out.push(...found);
    return i;
  }
}

/**
 * Where the current part of a declaration ends: at `,` or `;` at depth 0, at `=` too when
 * reading a type, or at a line break where the expression looks complete.
 */
function readUntilEnd(src: string, i: number, isType: boolean): { end: number } {
  let depth = 0;
  const start = i;
  while (i < src.length) {
    const ch = src[i];
    if (depth === 0) {
      if (ch === ";" || ch === ",") return { end: i };
      if (isType && ch === "=" && src[i + 1] !== ">") return { end: i };
      if (ch === "\n") {
        const before = src.slice(start, i).replace(/\/\/.*$/, "").trim();
        const after = src.slice(skipSpaces(src, i, true)).trimStart();
        if (before !== "" && !CONTINUES_AFTER.test(before) && !CONTINUES_BEFORE.test(after)) {
          return { end: trimTrailingComment(src, start, i) };
        }
      }
    }
    if (OPEN.includes(ch) || (isType && ch === "<")) depth++;
    else if (CLOSE.includes(ch) || (isType && ch === ">" && src[i - 1] !== "=")) depth--;
    if (depth < 0) return { end: i };
    i = skipTrivia(src, i) > i ? skipTrivia(src, i) : skipToken(src, i);
  }
  return { end: trimTrailingComment(src, start, src.length) };
}

/** The end of the code on a line, before a trailing `//` comment. */
function trimTrailingComment(src: string, start: number, end: number): number {
  let i = start;
  let codeEnd = start;
  while (i < end) {
    if (src.startsWith("//", i)) break;
    const next = skipTrivia(src, i) > i ? skipTrivia(src, i) : skipToken(src, i);
    if (!/^\s*$/.test(src.slice(i, next))) codeEnd = next;
    i = next;
  }
  return Math.min(codeEnd, end);
}

/** Skips whitespace, and comments when `comments` is set. */
function skipSpaces(src: string, i: number, comments: boolean): number {
  while (i < src.length) {
    if (/\s/.test(src[i])) i++;
    else if (comments && (src.startsWith("//", i) || src.startsWith("/*", i))) {
      i = skipTrivia(src, i);
    } else break;
  }
  return i;
}

/** Past a comment or whitespace run at `i`, or `i` itself. */
function skipTrivia(src: string, i: number): number {
  if (src.startsWith("//", i)) {
    const end = src.indexOf("\n", i);
    return end < 0 ? src.length : end;
  }
  if (src.startsWith("/*", i)) {
    const end = src.indexOf("*/", i + 2);
    return end < 0 ? src.length : end + 2;
  }
  let j = i;
  while (j < src.length && /\s/.test(src[j])) j++;
  return j;
}

/** Past one token at `i`: a whole string or template literal, else one character. */
function skipToken(src: string, i: number): number {
  const ch = src[i];
  if (ch === '"' || ch === "'") {
    let j = i + 1;
    while (j < src.length && src[j] !== ch && src[j] !== "\n") j += src[j] === "\\" ? 2 : 1;
    return Math.min(j + 1, src.length);
  }
  if (ch === "`") {
    let j = i + 1;
    while (j < src.length && src[j] !== "`") {
      if (src[j] === "\\") j += 2;
      else if (src.startsWith("${", j)) j = skipBraces(src, j + 1);
      else j++;
    }
    return Math.min(j + 1, src.length);
  }
  return i + 1;
}

/** Past the `{ ... }` starting at `i`, nesting and skipping strings and comments inside. */
function skipBraces(src: string, i: number): number {
  let depth = 0;
  while (i < src.length) {
    const skipped = skipTrivia(src, i);
    if (skipped > i) {
      i = skipped;
      continue;
    }
    if (src[i] === "{") depth++;
    else if (src[i] === "}" && --depth === 0) return i + 1;
    i = skipToken(src, i);
  }
  return i;
}
