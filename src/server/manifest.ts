/**
 * The manifest of an installed jar folder: written last, so its absence marks an unfinished
 * install, and its jar names and sizes tell a damaged one from a good one.
 *
 * @module
 */
import { join } from "node:path";

/**
 * What an installed runtime folder holds; stored as `<dir>/manifest.json`.
 *
 * @example
 * const manifest: JarManifest = JSON.parse(await Deno.readTextFile(`${dir}/manifest.json`));
 */
export interface JarManifest {
  /** Layout version of this file. */
  format: 1;
  /** A full Spark + Delta runtime, or the Delta jars for a Spark from `SPARK_HOME`. */
  kind: "spark+delta" | "delta-only";
  /** Spark version (for `delta-only`, the Spark line the Delta jars are for). */
  sparkVersion: string;
  /** Delta Lake version. */
  deltaVersion: string;
  /** SHA-256 of the pom the jars were resolved from. */
  pomSha256: string;
  /** ISO time the install finished. */
  createdAt: string;
  /** Every jar of `<dir>/jars`, by file name, with its size in bytes. */
  jars: { name: string; size: number }[];
}

/**
 * The outcome of {@linkcode checkJarManifest}: the manifest, or the first problem found.
 *
 * @example
 * const check: ManifestCheck = await checkJarManifest(dir, { kind: "spark+delta", pomSha256 });
 */
export type ManifestCheck =
  | { ok: true; manifest: JarManifest }
  /** `absent`: the folder does not exist at all (never installed, rather than damaged). */
  | { ok: false; problem: string; absent?: boolean };

/**
 * The jar folder of an installed runtime folder.
 *
 * @example
 * jarsDirOf("/cache/spark/4.2.0-delta4.4.0"); // "/cache/spark/4.2.0-delta4.4.0/jars"
 */
export function jarsDirOf(dir: string): string {
  return join(dir, "jars");
}

/**
 * Lists `<dir>/jars` and writes `<dir>/manifest.json` (through a temporary file and a rename).
 *
 * @example
 * await writeJarManifest(tmpDir, {
 *   kind: "spark+delta", sparkVersion: "4.2.0", deltaVersion: "4.4.0", pomSha256: pom.sha256,
 * });
 */
export async function writeJarManifest(
  dir: string,
  fields: Pick<JarManifest, "kind" | "sparkVersion" | "deltaVersion" | "pomSha256">,
): Promise<JarManifest> {
  const jars: JarManifest["jars"] = [];
  for await (const entry of Deno.readDir(jarsDirOf(dir))) {
    if (!entry.name.endsWith(".jar")) continue;
    const { size } = await Deno.stat(join(jarsDirOf(dir), entry.name));
    jars.push({ name: entry.name, size });
  }
  jars.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const manifest: JarManifest = { format: 1, ...fields, createdAt: new Date().toISOString(), jars };
  const tmp = join(dir, `.manifest.${crypto.randomUUID()}.tmp`);
  await Deno.writeTextFile(tmp, JSON.stringify(manifest, null, 2) + "\n");
  await Deno.rename(tmp, join(dir, "manifest.json"));
  return manifest;
}

/**
 * Checks that `<dir>` is a complete install made from the pom with hash `pomSha256`: the
 * manifest is there, and `<dir>/jars` holds exactly its jars with their sizes.
 *
 * @example
 * const check = await checkJarManifest(dir, { kind: "spark+delta", pomSha256: pom.sha256 });
 * if (!check.ok) console.log(`reinstalling: ${check.problem}`);
 */
export async function checkJarManifest(
  dir: string,
  expect: { kind: JarManifest["kind"]; pomSha256: string },
): Promise<ManifestCheck> {
  let manifest: JarManifest;
  try {
    manifest = JSON.parse(await Deno.readTextFile(join(dir, "manifest.json")));
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      const absent = await Deno.stat(dir).then(() => false, () => true);
      return { ok: false, problem: absent ? "not installed" : "no manifest", absent };
    }
    return { ok: false, problem: "unreadable manifest" };
  }
  if (manifest?.format !== 1 || !Array.isArray(manifest.jars) || manifest.kind !== expect.kind) {
    return { ok: false, problem: "unknown manifest format" };
  }
  if (manifest.pomSha256 !== expect.pomSha256) {
    return { ok: false, problem: "installed from a different pom" };
  }
  const present = new Map<string, number>();
  try {
    for await (const entry of Deno.readDir(jarsDirOf(dir))) {
      if (entry.name.endsWith(".jar")) present.set(entry.name, -1);
    }
  } catch {
    return { ok: false, problem: "the jars folder is missing" };
  }
  for (const jar of manifest.jars) {
    if (!present.has(jar.name)) return { ok: false, problem: `${jar.name} is missing` };
    const { size } = await Deno.stat(join(jarsDirOf(dir), jar.name));
    if (size !== jar.size) {
      return { ok: false, problem: `${jar.name} is ${size} bytes, expected ${jar.size}` };
    }
    present.delete(jar.name);
  }
  const extra = [...present.keys()][0];
  if (extra) return { ok: false, problem: `${extra} is not in the manifest` };
  return { ok: true, manifest };
}
