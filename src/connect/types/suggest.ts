/**
 * Finds the known name closest to a misspelt one, for "did you mean" hints.
 *
 * @module
 */

/** The edit distance between two strings, counting a swap of neighbours as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}

/**
 * The candidate closest to `word` (case-insensitively, within one edit per three letters), or
 * its entry in `aliases`, written upper-case when `word` was; undefined when none is close.
 *
 * @example
 * closestName("STRNG", ["int", "string"], {}); // "STRING"
 * closestName("bool", ["boolean"], { bool: "boolean" }); // "boolean"
 */
export function closestName(
  word: string,
  candidates: readonly string[],
  aliases: Readonly<Record<string, string>>,
): string | undefined {
  const lower = word.toLowerCase();
  let best = Object.hasOwn(aliases, lower) ? aliases[lower] : undefined;
  if (best === undefined) {
    let bestDistance = Math.max(1, Math.floor(lower.length / 3)) + 1;
    for (const candidate of candidates) {
      const distance = editDistance(lower, candidate);
      if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
    }
  }
  return best !== undefined && word === word.toUpperCase() ? best.toUpperCase() : best;
}
