/**
 * Reading and writing the runner's files, local or `s3://`. Local files use Deno's file system
 * directly; the storage layer (and its S3 SDK, slow to load) is imported only for `s3://` paths,
 * so a local run starts fast.
 *
 * @example
 * ```ts
 * const text = await readText("s3://lake/notebooks/report.ipynb");
 * await writeText("out/report.ipynb", text);
 * ```
 *
 * @module
 */
import { dirname } from "node:path";
import { isS3Path } from "../storage/path.ts";

/**
 * A file's text; a missing file is a `StorageError` (kind `not_found`) naming the path.
 *
 * @example
 * const yaml = await readText("params.yaml");
 */
export async function readText(path: string): Promise<string> {
  if (isS3Path(path)) return await (await storage()).readTextFile(path);
  try {
    return await Deno.readTextFile(path);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    const { StorageError } = await storage();
    throw new StorageError(`cannot read ${path}: no such file`, {
      kind: "not_found",
      path,
      cause: err,
    });
  }
}

/**
 * Writes a file whole and atomically, so a reader never sees half of it: locally a temporary
 * file beside it, renamed over it (its folder made if missing); on S3 one PUT (an object is
 * visible only once complete).
 *
 * @example
 * await writeText("out/report.ipynb", "{}", "application/x-ipynb+json");
 */
export async function writeText(path: string, text: string, contentType?: string): Promise<void> {
  if (isS3Path(path)) {
    await (await storage()).writeFile(path, text, { contentType });
    return;
  }
  const tmp = `${path}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  try {
    await Deno.writeTextFile(tmp, text);
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
    await Deno.mkdir(dirname(path), { recursive: true });
    await Deno.writeTextFile(tmp, text);
  }
  try {
    await Deno.rename(tmp, path);
  } catch (err) {
    await Deno.remove(tmp).catch(() => {});
    throw err;
  }
}

function storage() {
  return import("../storage/mod.ts");
}
