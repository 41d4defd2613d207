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
  /** SHA-256 (hex) of the pom's bytes: a changed pom means a changed jar list. */
  sha256: string;
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
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return {
    path,
    sparkVersion: need("spark.version"),
    deltaVersion: need("delta.version"),
    deltaSparkLine: need("delta.spark.line"),
    scalaBinaryVersion: need("scala.binary.version"),
    sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""),
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

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
