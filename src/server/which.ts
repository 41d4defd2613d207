/**
 * Finds executables on `PATH`, the way a shell would.
 *
 * @module
 */
import { delimiter, join } from "node:path";

/**
 * The first executable file named `name` on `PATH`, or `undefined`.
 *
 * @example
 * const mvn = await which("mvn"); // "/usr/bin/mvn"
 */
export async function which(
  name: string,
  path: string = Deno.env.get("PATH") ?? "",
): Promise<string | undefined> {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Whether `path` is a regular file (following links) that someone may execute.
 *
 * @example
 * await isExecutableFile("/usr/bin/java"); // true
 */
export async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    return info.isFile && (info.mode === null || (info.mode & 0o111) !== 0);
  } catch {
    return false;
  }
}
