/**
 * Where a config's relative paths point: the project root, the folder holding
 * `ingestion_config/`, found from the config file itself so the current directory never matters.
 *
 * @module
 */
import { existsSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, posix, resolve } from "node:path";
import { isS3Path } from "../storage/path.ts";

/** The folder of job configs; its parent is the project root. */
export const CONFIG_DIR = "ingestion_config";

/**
 * The project root of a config file: the parent of the nearest enclosing `ingestion_config/`
 * folder; else the nearest ancestor that holds an `ingestion_config/` folder (so a config kept
 * elsewhere in a project, e.g. a test fixture, still resolves against that project); else the
 * config's own folder. For an `s3://` config: the prefix above its nearest enclosing
 * `ingestion_config/`, else the config's own prefix.
 *
 * @example
 * projectRoot("/repo/ingestion_config/reviews.yaml"); // "/repo"
 * projectRoot("/repo/tests/config/fixtures/bad.yaml"); // "/repo" (it has ingestion_config/)
 * projectRoot("s3://lake/jobs/ingestion_config/reviews.yaml"); // "s3://lake/jobs"
 */
export function projectRoot(configPath: string): string {
  if (isS3Path(configPath)) return s3ProjectRoot(configPath);
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
 * A config path made absolute against the project root; URLs and absolute paths are kept. A
 * relative path under an `s3://` root becomes a key under that prefix (never above its bucket).
 *
 * @example
 * resolvePath("/repo", "data/output/reviews"); // "/repo/data/output/reviews"
 * resolvePath("/repo", "s3://lake/reviews"); // "s3://lake/reviews"
 * resolvePath("s3://lake/jobs", "data/in/*.jsonl"); // "s3://lake/jobs/data/in/*.jsonl"
 */
export function resolvePath(root: string, path: string): string {
  if (isUrl(path) || isAbsolute(path)) return path;
  if (!isS3Path(root)) return join(root, path);
  const [, bucket, key] = /^([^:]+:\/\/[^/]+)(.*)$/.exec(root)!;
  return bucket + posix.join("/", key, path);
}

/** The project root of an `s3://` config (see {@linkcode projectRoot}). */
function s3ProjectRoot(configPath: string): string {
  const [, bucket, key] = /^([^:]+:\/\/[^/]+)(.*)$/.exec(configPath)!;
  const folders = key.split("/").filter(Boolean).slice(0, -1);
  const at = folders.lastIndexOf(CONFIG_DIR);
  const kept = at >= 0 ? folders.slice(0, at) : folders;
  return kept.length ? `${bucket}/${kept.join("/")}` : bucket;
}

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
