/**
 * Where a config's relative paths point: the project root, the folder holding
 * `ingestion_config/`, found from the config file itself so the current directory never matters.
 *
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";

/** The folder of job configs; its parent is the project root. */
export const CONFIG_DIR = "ingestion_config";

/**
 * The project root of a config file: the parent of the nearest enclosing `ingestion_config/`
 * folder; else the nearest ancestor that holds an `ingestion_config/` folder (so a config kept
 * elsewhere in a project, e.g. a test fixture, still resolves against that project); else the
 * config's own folder.
 *
 * @example
 * projectRoot("/repo/ingestion_config/reviews.yaml"); // "/repo"
 * projectRoot("/repo/tests/config/fixtures/bad.yaml"); // "/repo" (it has ingestion_config/)
 */
export function projectRoot(configPath: string): string {
  const start = dirname(resolve(configPath));
  for (let dir = start;; dir = dirname(dir)) {
    if (basename(dir) === CONFIG_DIR) return dirname(dir);
    if (dir === dirname(dir)) break;
  }
  const root = findProjectRoot(start);
  return root ?? start;
}

/**
 * The nearest folder at or above `dir` that holds an `ingestion_config/` folder, if any.
 *
 * @example
 * findProjectRoot(Deno.cwd()); // "/repo" when run anywhere inside /repo
 */
export function findProjectRoot(dir: string): string | undefined {
  for (let d = resolve(dir);; d = dirname(d)) {
    if (isDirectory(join(d, CONFIG_DIR))) return d;
    if (d === dirname(d)) return undefined;
  }
}

/**
 * Whether a path is a URL (`s3://bucket/key`, `file:///x`) rather than a local path.
 *
 * @example
 * isUrl("s3://bucket/reviews/"); // true
 * isUrl("data/reviews.jsonl"); // false
 */
export function isUrl(path: string): boolean {
  return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(path);
}

/**
 * A config path made absolute against the project root; URLs and absolute paths are kept.
 *
 * @example
 * resolvePath("/repo", "data/output/reviews"); // "/repo/data/output/reviews"
 * resolvePath("/repo", "s3://lake/reviews"); // "s3://lake/reviews"
 */
export function resolvePath(root: string, path: string): string {
  return isUrl(path) || isAbsolute(path) ? path : join(root, path);
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
