/**
 * Finds where a JSON pointer (`/sink/mode`) sits in the YAML text it was read from, as a
 * 1-based line and column, so every problem can be reported as `file:line:col`.
 *
 * @module
 */
import {
  type Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
} from "yaml";

/**
 * A 1-based line and column in a file.
 *
 * @example
 * const where: Position = { line: 3, col: 5 };
 */
export interface Position {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  col: number;
}

/**
 * What to point at: the `value` under a key (the default), or the `key` itself (an unknown key,
 * or a mapping missing a key: the key that names the mapping).
 *
 * @example
 * const target: Target = "key";
 */
export type Target = "key" | "value";

/**
 * The segments of a JSON pointer, unescaped (`/a~1b/0` is `["a/b", "0"]`).
 *
 * @example
 * pointerSegments("/steps/0/filter"); // ["steps", "0", "filter"]
 */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/**
 * A JSON pointer made of segments, escaped.
 *
 * @example
 * toPointer(["steps", 0, "filter"]); // "/steps/0/filter"
 */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => "/" + String(s).replaceAll("~", "~0").replaceAll("/", "~1")).join(
    "",
  );
}

/**
 * Positions of the nodes of one parsed YAML document.
 *
 * @example
 * const lineCounter = new LineCounter();
 * const doc = parseDocument("sink:\n  mode: upsert\n", { lineCounter });
 * new Positions(doc, lineCounter).at("/sink/mode"); // { line: 2, col: 9 }
 */
export class Positions {
  /**
   * Positions of `doc`, whose offsets `lines` turns into lines and columns.
   *
   * @example
   * const positions = new Positions(doc, lineCounter);
   */
  constructor(private readonly doc: Document, private readonly lines: LineCounter) {}

  /**
   * Where the node at `pointer` is. A pointer that goes deeper than the document (a missing
   * key) gives the position of the deepest node found on the way.
   *
   * @example
   * positions.at("/sink/frmat", "key"); // the unknown key itself
   */
  at(pointer: string, target: Target = "value"): Position {
    let node: unknown = this.doc.contents;
    let pair: Pair | undefined;
    let item: unknown;
    for (const segment of pointerSegments(pointer)) {
      node = this.#resolve(node);
      if (isMap(node)) {
        const found = node.items.findLast((p) =>
          isScalar(p.key) && String(p.key.value) === segment
        );
        if (!found) break;
        [pair, item, node] = [found, undefined, found.value];
      } else if (isSeq(node)) {
        const next = node.items[Number(segment)];
        if (next === undefined) break;
        [pair, item, node] = [undefined, next, next];
      } else {
        break;
      }
    }
    const keyNode = pair?.key as Node | undefined;
    if (target === "key") return this.#pos(keyNode ?? item ?? node);
    return this.#pos(this.#hasText(node) ? node : keyNode ?? item ?? node);
  }

  #resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) ?? node : node;
  }

  /** Whether a value node has text of its own (`key:` with nothing after has none). */
  #hasText(node: unknown): boolean {
    if (!node || isPair(node)) return false;
    const range = (node as Node).range;
    return !!range && (range[1] > range[0] || !isScalar(node));
  }

  #pos(node: unknown): Position {
    const range = node && !isPair(node) ? (node as Node).range : undefined;
    const offset = range ? range[0] : 0;
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }
}
