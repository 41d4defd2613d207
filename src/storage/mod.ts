/**
 * One path API over local files and `s3://` objects: list with globs, read, write (multipart for
 * large files), delete, exists. S3 uses the standard AWS credential chain and
 * `AWS_ENDPOINT_URL`; throttling and 5xx answers are retried with backoff; errors are
 * {@linkcode StorageError}s that never carry a secret.
 *
 * ```ts
 * const storage = new Storage();
 * await storage.write("s3://lake/in/a.jsonl", '{"id":1}\n');
 * for (const f of await storage.list("s3://lake/in/*.jsonl")) console.log(f.path, f.size);
 * ```
 *
 * @module
 */
import type { S3Client } from "@aws-sdk/client-s3";
import { join, relative, sep as SEP } from "node:path";
import { toStorageError } from "./errors.ts";
import { type FileInfo, statOrUndefined, walkFiles, writeLocalFile } from "./local.ts";
import { globBase, globToRegExp, hasGlob, parsePath } from "./path.ts";
import {
  deleteObject,
  getObject,
  getObjectStream,
  headObject,
  listObjects,
  makeS3Client,
  prefixExists,
  putObject,
  type S3Options,
  s3Secrets,
} from "./s3.ts";

export { StorageError, type StorageErrorKind } from "./errors.ts";
export type { FileInfo } from "./local.ts";
export { globToRegExp, isS3Path, parsePath, type StoragePath } from "./path.ts";
export { resolveS3Settings, type S3Options } from "./s3.ts";
export { s3aConf } from "./spark.ts";

/**
 * What {@linkcode Storage.stat} tells about a file.
 *
 * @example
 * const info: FileStat = { path: "s3://lake/a.bin", size: 12_582_929, etag: '"9b2c...-3"' };
 */
export interface FileStat extends FileInfo {
  /** The S3 ETag (quoted, as S3 sends it); none for local files. */
  etag?: string;
}

/**
 * Options of every storage operation.
 *
 * @example
 * const opts: OpOptions = { signal: AbortSignal.timeout(10_000) };
 */
export interface OpOptions {
  /** Aborts the operation. */
  signal?: AbortSignal;
}

/**
 * Reads and writes local paths and `s3://` URLs alike; one S3 client per instance, made on first
 * use. Disposing it releases the client's sockets.
 *
 * @example
 * using storage = new Storage({ endpoint: "http://127.0.0.1:9000" });
 * const text = await storage.readText("s3://lake/config/reviews.yaml");
 */
export class Storage implements Disposable {
  #opts: S3Options;
  #client?: S3Client;

  /** Makes a storage over the given S3 options (default: the AWS environment). */
  constructor(opts: S3Options = {}) {
    this.#opts = opts;
  }

  get #s3(): S3Client {
    return this.#client ??= makeS3Client(this.#opts);
  }

  /**
   * Lists files matching a glob (`*`, `**`, `?`, `[...]`, `{a,b}`), sorted by path. A pattern
   * without glob syntax names a file, or a folder (prefix) whose files are all listed.
   *
   * @example
   * const files = await new Storage().list("s3://lake/in/**\/*.jsonl");
   */
  async list(pattern: string, opts: OpOptions = {}): Promise<FileInfo[]> {
    const out: FileInfo[] = [];
    try {
      const glob = hasGlob(pattern);
      const base = glob ? globBase(pattern) : pattern;
      // The glob is matched against the part of each path after its literal base.
      const re = glob ? globToRegExp(pattern.slice(base.length)) : undefined;
      const p = parsePath(base);
      if (p.kind === "s3") {
        if (!glob && p.key !== "" && !p.key.endsWith("/")) {
          const head = await headObject(this.#s3, p.bucket, p.key, opts.signal);
          if (head) return [{ path: `s3://${p.bucket}/${p.key}`, ...head }];
        }
        const prefix = glob || p.key === "" || p.key.endsWith("/") ? p.key : `${p.key}/`;
        for await (const f of listObjects(this.#s3, p.bucket, prefix, opts.signal)) {
          const rel = f.path.slice(`s3://${p.bucket}/${prefix}`.length);
          if (!re || re.test(rel)) {
            out.push({ ...f, path: `${base}${base.endsWith("/") ? "" : "/"}${rel}` });
          }
        }
      } else {
        const st = glob ? undefined : await statOrUndefined(p.path);
        if (st?.isFile) return [{ path: p.path, size: st.size, modified: st.mtime ?? undefined }];
        const dir = p.path === "" ? "." : p.path;
        for await (const f of walkFiles(dir)) {
          const rel = relative(dir, f.path).split(SEP).join("/");
          if (!re || re.test(rel)) out.push({ ...f, path: joinPath(base || ".", rel) });
        }
      }
    } catch (err) {
      throw this.#error(err, "list", pattern);
    }
    return out.sort((a, b) => a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  }

  /**
   * Reads a whole file.
   *
   * @example
   * const bytes = await new Storage().read("s3://lake/in/a.jsonl");
   */
  async read(path: string, opts: OpOptions = {}): Promise<Uint8Array<ArrayBuffer>> {
    try {
      const p = parsePath(path);
      if (p.kind === "s3") return await getObject(this.#s3, p.bucket, p.key, opts.signal);
      return await Deno.readFile(p.path, { signal: opts.signal });
    } catch (err) {
      throw this.#error(err, "read", path);
    }
  }

  /**
   * Reads a whole file as UTF-8 text.
   *
   * @example
   * const yaml = await new Storage().readText("ingestion_config/reviews.yaml");
   */
  async readText(path: string, opts: OpOptions = {}): Promise<string> {
    return new TextDecoder().decode(await this.read(path, opts));
  }

  /**
   * Opens a file as a byte stream, for files too large to hold in memory.
   *
   * @example
   * const stream = await new Storage().open("s3://lake/in/big.jsonl");
   */
  async open(path: string, opts: OpOptions = {}): Promise<ReadableStream<Uint8Array>> {
    try {
      const p = parsePath(path);
      if (p.kind === "s3") return await getObjectStream(this.#s3, p.bucket, p.key, opts.signal);
      return (await Deno.open(p.path)).readable;
    } catch (err) {
      throw this.#error(err, "open", path);
    }
  }

  /**
   * Writes a file whole (replacing it): local files atomically, S3 objects in one PUT or, above
   * the part size (8 MiB), as a multipart upload.
   *
   * @example
   * await new Storage().write("s3://lake/out/summary.json", JSON.stringify({ rows: 3 }));
   */
  async write(
    path: string,
    data: string | Uint8Array | ReadableStream<Uint8Array>,
    opts: OpOptions & { contentType?: string } = {},
  ): Promise<void> {
    const body = typeof data === "string" ? new TextEncoder().encode(data) : data;
    try {
      const p = parsePath(path);
      if (p.kind === "s3") {
        if (p.key === "" || p.key.endsWith("/")) throw new TypeError(`${path} names no object`);
        await putObject(this.#s3, p.bucket, p.key, body, {
          partSize: this.#opts.partSize,
          contentType: opts.contentType,
          signal: opts.signal,
        });
      } else await writeLocalFile(p.path, body, opts.signal);
    } catch (err) {
      throw this.#error(err, "write", path);
    }
  }

  /**
   * Size, modification time and (for S3) ETag of a file, or `undefined` when it does not exist.
   * A multipart S3 object's ETag ends in `-<parts>`.
   *
   * @example
   * const info = await new Storage().stat("s3://lake/in/a.jsonl");
   * console.log(info?.size);
   */
  async stat(path: string, opts: OpOptions = {}): Promise<FileStat | undefined> {
    try {
      const p = parsePath(path);
      if (p.kind === "s3") {
        const head = await headObject(this.#s3, p.bucket, p.key, opts.signal);
        return head && { path, ...head };
      }
      const st = await statOrUndefined(p.path);
      return st?.isFile ? { path, size: st.size, modified: st.mtime ?? undefined } : undefined;
    } catch (err) {
      throw this.#error(err, "stat", path);
    }
  }

  /**
   * Deletes a file; a missing file is not an error.
   *
   * @example
   * await new Storage().delete("s3://lake/tmp/a.json");
   */
  async delete(path: string, opts: OpOptions = {}): Promise<void> {
    try {
      const p = parsePath(path);
      if (p.kind === "s3") await deleteObject(this.#s3, p.bucket, p.key, opts.signal);
      else {await Deno.remove(p.path).catch((err) => {
          if (!(err instanceof Deno.errors.NotFound)) throw err;
        });}
    } catch (err) {
      throw this.#error(err, "delete", path);
    }
  }

  /**
   * Whether a file exists, or a folder (an S3 prefix holding at least one object).
   *
   * @example
   * if (!(await new Storage().exists("s3://lake/in/a.jsonl"))) console.log("missing");
   */
  async exists(path: string, opts: OpOptions = {}): Promise<boolean> {
    try {
      const p = parsePath(path);
      if (p.kind === "local") return (await statOrUndefined(p.path)) !== undefined;
      if (p.key !== "" && await headObject(this.#s3, p.bucket, p.key, opts.signal)) return true;
      const prefix = p.key === "" || p.key.endsWith("/") ? p.key : `${p.key}/`;
      return await prefixExists(this.#s3, p.bucket, prefix, opts.signal);
    } catch (err) {
      if ((err as { name?: string }).name === "NoSuchBucket") return false;
      throw this.#error(err, "check", path);
    }
  }

  /** Releases the S3 client's connections. */
  [Symbol.dispose](): void {
    this.#client?.destroy();
    this.#client = undefined;
  }

  #error(err: unknown, op: string, path: string) {
    return toStorageError(err, op, path, s3Secrets(this.#opts));
  }
}

let shared: Storage | undefined;

/**
 * The process-wide {@linkcode Storage} over the AWS environment, made on first use.
 *
 * @example
 * const files = await defaultStorage().list("data/sample/*.jsonl");
 */
export function defaultStorage(): Storage {
  return shared ??= new Storage();
}

/**
 * Lists files matching a glob, with {@linkcode defaultStorage}.
 *
 * @example
 * const files = await listFiles("s3://lake/in/*.jsonl");
 */
export function listFiles(pattern: string, opts?: OpOptions): Promise<FileInfo[]> {
  return defaultStorage().list(pattern, opts);
}

/**
 * Reads a file whole, with {@linkcode defaultStorage}.
 *
 * @example
 * const bytes = await readFile("s3://lake/in/a.jsonl");
 */
export function readFile(path: string, opts?: OpOptions): Promise<Uint8Array<ArrayBuffer>> {
  return defaultStorage().read(path, opts);
}

/**
 * Reads a file as UTF-8 text, with {@linkcode defaultStorage}.
 *
 * @example
 * const text = await readTextFile("s3://lake/config/reviews.yaml");
 */
export function readTextFile(path: string, opts?: OpOptions): Promise<string> {
  return defaultStorage().readText(path, opts);
}

/**
 * Writes a file whole, with {@linkcode defaultStorage}.
 *
 * @example
 * await writeFile("s3://lake/out/a.json", "{}");
 */
export function writeFile(
  path: string,
  data: string | Uint8Array | ReadableStream<Uint8Array>,
  opts?: OpOptions & { contentType?: string },
): Promise<void> {
  return defaultStorage().write(path, data, opts);
}

/**
 * Deletes a file (missing is fine), with {@linkcode defaultStorage}.
 *
 * @example
 * await removeFile("s3://lake/tmp/a.json");
 */
export function removeFile(path: string, opts?: OpOptions): Promise<void> {
  return defaultStorage().delete(path, opts);
}

/**
 * A file's size, modification time and ETag, or `undefined` when there is no such file, with
 * {@linkcode defaultStorage}.
 *
 * @example
 * const info = await statFile("s3://lake/config/words.txt");
 */
export function statFile(path: string, opts?: OpOptions): Promise<FileStat | undefined> {
  return defaultStorage().stat(path, opts);
}

/**
 * Whether a file or folder exists, with {@linkcode defaultStorage}.
 *
 * @example
 * if (await exists("s3://lake/in/")) console.log("inputs are there");
 */
export function exists(path: string, opts?: OpOptions): Promise<boolean> {
  return defaultStorage().exists(path, opts);
}

/**
 * Joins a folder and a name for either kind of path (`s3://` keeps forward slashes).
 *
 * @example
 * joinPath("s3://lake/out", "a.json"); // "s3://lake/out/a.json"
 */
export function joinPath(base: string, name: string): string {
  if (parsePath(base).kind === "s3") return `${base.replace(/\/+$/, "")}/${name}`;
  return join(base, name);
}
