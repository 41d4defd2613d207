/**
 * "did you mean" hints for config names: keys, step names, enum values, columns, parameters.
 * Built on the client's {@linkcode closestName}, matching case-insensitively but suggesting the
 * name as it is spelt (`publishedAt`, not `publishedat`).
 *
 * @module
 */
import { closestName } from "../connect/types/suggest.ts";

/**
 * The candidate closest to `word`, spelt as the candidate is, or undefined when none is close.
 *
 * @example
 * closest("publishedat", ["rating", "publishedAt"]); // "publishedAt"
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = candidates.map((c) => c.toLowerCase());
  const hit = closestName(word.toLowerCase(), lower, {});
  return hit === undefined ? undefined : candidates[lower.indexOf(hit)];
}

/**
 * ` (did you mean 'x'?)` for the closest candidate, or `""`.
 *
 * @example
 * `unknown key 'frmat'${didYouMean("frmat", ["format", "path"])}`; // "unknown key 'frmat' (did you mean 'format'?)"
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const hit = closest(word, candidates);
  return hit === undefined || hit === word ? "" : ` (did you mean '${hit}'?)`;
}
