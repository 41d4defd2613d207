/**
 * Reads the versions of Lakebook's Spark runtime from its one list of jars,
 * `docker/spark/pom.xml`.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { SparkServerError } from "./errors.ts";

/**
 * The facts Lakebook needs from the runtime pom.
 *
 * @example
 * const pom: RuntimePom = await readRuntimePom();
 */
export interface RuntimePom {
  /** Absolute path of the pom. */
  path: string;
  /** `spark.version`, e.g. "4.2.0". */
  sparkVersion: string;
  /** `delta.version`, e.g. "4.4.0". */
  deltaVersion: string;
  /** `delta.spark.line`: the Spark line the Delta artifact is built for, e.g. "4.2". */
  deltaSparkLine: string;
  /** `scala.binary.version`, e.g. "2.13". */
  scalaBinaryVersion: string;
  /**
   * SHA-256 (hex) of the pom's bytes without its `s3` profile: a changed pom means a changed jar
   * list (and the `s3` profile only changes the list when it is on).
   */
  sha256: string;
  /** SHA-256 (hex) of the whole pom, for installs with the `s3` profile on. */
  s3Sha256: string;
}

/**
 * The path of the runtime pom inside this checkout.
 *
 * @example
 * const pom = runtimePomPath(); // "/work/main/docker/spark/pom.xml"
 */
export function runtimePomPath(): string {
  return fileURLToPath(new URL("../../docker/spark/pom.xml", import.meta.url));
}

/**
 * Reads the runtime pom's version properties and hash.
 *
 * @example
 * const { sparkVersion, deltaVersion } = await readRuntimePom(); // "4.2.0", "4.4.0"
 */
export async function readRuntimePom(path: string = runtimePomPath()): Promise<RuntimePom> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (err) {
    throw new SparkServerError(`cannot read the Spark runtime pom ${path}: ${errorText(err)}`);
  }
  const props = pomProperties(text);
  const need = (name: string): string => {
    const value = props.get(name);
    if (!value) throw new SparkServerError(`${path} has no <${name}> property`);
    return value;
  };
  const hex = async (t: string) =>
    Array.from(
      new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(t))),
      (b) => b.toString(16).padStart(2, "0"),
    ).join("");
  return {
    path,
    sparkVersion: need("spark.version"),
    deltaVersion: need("delta.version"),
    deltaSparkLine: need("delta.spark.line"),
    scalaBinaryVersion: need("scala.binary.version"),
    sha256: await hex(withoutS3Profile(text)),
    s3Sha256: await hex(text),
  };
}

/**
 * The `<properties>` of a pom as a map; comments are ignored.
 *
 * @example
 * pomProperties("<properties><a.b>1</a.b></properties>").get("a.b"); // "1"
 */
export function pomProperties(pomText: string): Map<string, string> {
  const text = pomText.replace(/<!--[\s\S]*?-->/g, "");
  const block = /<properties>([\s\S]*?)<\/properties>/.exec(text)?.[1] ?? "";
  const props = new Map<string, string>();
  for (const m of block.matchAll(/<([\w.-]+)>\s*([^<]*?)\s*<\/\1>/g)) props.set(m[1], m[2]);
  return props;
}

/** The pom text less its `<profile>` whose id is `s3` (with the line break before it). */
function withoutS3Profile(text: string): string {
  return text.replace(
    /\n[ \t]*<profile>\s*(?:<!--[\s\S]*?-->\s*)?<id>s3<\/id>[\s\S]*?<\/profile>/,
    "",
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
