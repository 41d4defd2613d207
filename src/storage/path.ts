/**
 * Storage paths: `s3://bucket/key` or a local path (or `file://` URL), and glob patterns over
 * them.
 *
 * @module
 */
import { fileURLToPath } from "node:url";

/**
 * A parsed storage path.
 *
 * @example
 * const p: StoragePath = parsePath("s3://lake/reviews/2026.jsonl");
 * if (p.kind === "s3") console.log(p.bucket, p.key); // "lake" "reviews/2026.jsonl"
 */
export type StoragePath =
  | { kind: "s3"; bucket: string; key: string }
  | { kind: "local"; path: string };

/**
 * Whether `path` names an S3 object or prefix (`s3://`, also `s3a://` as Spark writes it).
 *
 * @example
 * isS3Path("s3://lake/in/"); // true
 * isS3Path("data/sample/reviews.jsonl"); // false
 */
export function isS3Path(path: string): boolean {
  return /^s3a?:\/\//i.test(path);
}

/**
 * Parses a storage path; throws on an `s3://` path without a bucket.
 *
 * @example
 * parsePath("s3://lake/a/b.json"); // { kind: "s3", bucket: "lake", key: "a/b.json" }
 * parsePath("file:///tmp/x"); // { kind: "local", path: "/tmp/x" }
 */
export function parsePath(path: string): StoragePath {
  if (isS3Path(path)) {
    const rest = path.replace(/^s3a?:\/\//i, "");
    const slash = rest.indexOf("/");
    const bucket = slash < 0 ? rest : rest.slice(0, slash);
    const key = slash < 0 ? "" : rest.slice(slash + 1);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
      throw new TypeError(`"${path}" has no valid bucket name (s3://bucket/key)`);
    }
    return { kind: "s3", bucket, key };
  }
  if (path.startsWith("file://")) return { kind: "local", path: fileURLToPath(path) };
  return { kind: "local", path };
}

/**
 * Formats an S3 location as `s3://bucket/key`.
 *
 * @example
 * s3Url("lake", "in/a.json"); // "s3://lake/in/a.json"
 */
export function s3Url(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/**
 * Whether `pattern` holds glob syntax: `*`, `**`, `?`, `[...]` or `{a,b}`.
 *
 * @example
 * hasGlob("s3://lake/in/*.jsonl"); // true
 * hasGlob("s3://lake/in/a.jsonl"); // false
 */
export function hasGlob(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}

/**
 * The part of a pattern before its first glob character, cut back to the last `/`: the folder
 * (or key prefix) a listing has to start from.
 *
 * @example
 * globBase("s3://lake/in/2026-*\/*.jsonl"); // "s3://lake/in/"
 */
export function globBase(pattern: string): string {
  const first = pattern.search(/[*?[{]/);
  if (first < 0) return pattern;
  return pattern.slice(0, pattern.lastIndexOf("/", first) + 1);
}

/**
 * Compiles a glob to a regular expression over whole paths: `*` and `?` stay within one path
 * segment, `**` spans segments (`a/**\/b` also matches `a/b`), `[...]` is a character class,
 * `{x,y}` alternatives.
 *
 * @example
 * globToRegExp("in/*.jsonl").test("in/a.jsonl"); // true
 * globToRegExp("in/**\/*.jsonl").test("in/2026/11/a.jsonl"); // true
 */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === "*") {
      if (glob[i + 1] === "*") {
        i++;
        if (glob[i + 1] === "/") {
          i++;
          re += "(?:.*/)?";
        } else re += ".*";
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "[") {
      const end = glob.indexOf("]", i + 2);
      if (end < 0) re += "\\[";
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, "\\\\");
        re += body.startsWith("!") ? `[^${body.slice(1)}]` : `[${body}]`;
        i = end;
      }
    } else if (c === "{") {
      braces++;
      re += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      re += ")";
    } else if (c === "," && braces > 0) re += "|";
    else re += c.replace(/[.+^$()|\\\]}/]/g, "\\$&");
  }
  return new RegExp(`^${re}$`);
}
