/**
 * The local side of storage: files under a folder, written through a temporary file and a
 * rename so readers never see half a file.
 *
 * @module
 */
import { dirname, join } from "node:path";

/**
 * A listed file.
 *
 * @example
 * const info: FileInfo = { path: "s3://lake/in/a.jsonl", size: 120 };
 */
export interface FileInfo {
  /** Its path, in the form the listing was asked in (`s3://...` or a local path). */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Last modification, when known. */
  modified?: Date;
}

/**
 * Every file under `dir`, recursively (symlinks to files included); nothing when `dir` is missing.
 *
 * @example
 * for await (const f of walkFiles("data/sample")) console.log(f.path);
 */
export async function* walkFiles(dir: string): AsyncGenerator<FileInfo> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound || err instanceof Deno.errors.NotADirectory) return;
    throw err;
  }
  entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory) yield* walkFiles(path);
    else {
      const st = await Deno.stat(path).catch(() => undefined);
      if (st?.isFile) yield { path, size: st.size, modified: st.mtime ?? undefined };
    }
  }
}

/**
 * Writes a file atomically (temporary sibling, then rename), creating parent folders.
 *
 * @example
 * await writeLocalFile("/tmp/out/a.json", new TextEncoder().encode("{}"));
 */
export async function writeLocalFile(
  path: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${crypto.randomUUID()}.tmp`;
  try {
    if (body instanceof Uint8Array) await Deno.writeFile(tmp, body, { signal });
    else await Deno.writeFile(tmp, body, { signal });
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
}

/**
 * Stat of a path, or `undefined` when it does not exist.
 *
 * @example
 * const st = await statOrUndefined("/tmp/x");
 */
export async function statOrUndefined(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) return undefined;
    throw err;
  }
}
