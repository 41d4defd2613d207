/**
 * Looks at a Spark distribution named by `SPARK_HOME` and decides whether Lakebook can use it.
 *
 * @module
 */
import { join } from "node:path";

/**
 * A Spark 4.x distribution with the Spark Connect server in its `jars/`.
 *
 * @example
 * const { distribution } = await inspectSparkHome("/opt/spark");
 * console.log(distribution?.sparkVersion);
 */
export interface SparkDistribution {
  /** The distribution folder (`SPARK_HOME`). */
  home: string;
  /** `<home>/jars`. */
  jarsDir: string;
  /** The file names in `jarsDir`. */
  jarNames: string[];
  /** Path of `spark-connect_<scala>-<version>.jar`. */
  connectJar: string;
  /** From the connect jar's name, e.g. "4.1.0". */
  sparkVersion: string;
  /** Major.minor, e.g. "4.1": picks the matching Delta artifact. */
  sparkLine: string;
  /** e.g. "2.13". */
  scalaBinaryVersion: string;
}

/**
 * A usable distribution, or why `SPARK_HOME` was passed over (unset is `reason: undefined`).
 *
 * @example
 * const check: SparkHomeCheck = await inspectSparkHome();
 */
export type SparkHomeCheck =
  | { distribution: SparkDistribution }
  | { distribution?: undefined; reason?: string };

/**
 * Inspects `home` (default `$SPARK_HOME`): usable when `jars/spark-connect_*.jar` is there and
 * its version is 4.x.
 *
 * @example
 * const check = await inspectSparkHome();
 * if (check.distribution) console.log(`using Spark ${check.distribution.sparkVersion}`);
 * else if (check.reason) console.log(`SPARK_HOME ignored: ${check.reason}`);
 */
export async function inspectSparkHome(
  home: string | undefined = Deno.env.get("SPARK_HOME"),
): Promise<SparkHomeCheck> {
  if (!home) return {};
  const jarsDir = join(home, "jars");
  const jarNames: string[] = [];
  try {
    for await (const entry of Deno.readDir(jarsDir)) jarNames.push(entry.name);
  } catch {
    return { reason: `${jarsDir} is not a folder` };
  }
  const connect = jarNames
    .map((name) => /^spark-connect_(\d+\.\d+)-((\d+)\.(\d+)\.[\w.-]+)\.jar$/.exec(name))
    .find((m) => m !== null);
  if (!connect) return { reason: `${jarsDir} has no spark-connect_*.jar` };
  const [name, scalaBinaryVersion, sparkVersion, major, minor] = connect;
  if (Number(major) < 4) {
    return { reason: `it holds Spark ${sparkVersion}, and Lakebook needs Spark 4.x` };
  }
  return {
    distribution: {
      home,
      jarsDir,
      jarNames: jarNames.sort(),
      connectJar: join(jarsDir, name),
      sparkVersion,
      sparkLine: `${major}.${minor}`,
      scalaBinaryVersion,
    },
  };
}

/**
 * A jar file name without its version: `jackson-core-2.21.2.jar` -> `jackson-core`.
 *
 * @example
 * jarArtifactKey("delta-spark_4.2_2.13-4.4.0.jar"); // "delta-spark_4.2_2.13"
 */
export function jarArtifactKey(fileName: string): string {
  return fileName.replace(/\.jar$/, "").replace(/-\d+(\.\d+)+.*$/, "");
}

/**
 * The jars of `extra` whose artifact is not already among `present`: what to add to a Spark
 * distribution's classpath without shadowing its own versions.
 *
 * @example
 * jarsNotIn(["delta-spark_4.2_2.13-4.4.0.jar", "jackson-core-2.13.5.jar"], ["jackson-core-2.21.2.jar"]);
 * // ["delta-spark_4.2_2.13-4.4.0.jar"]
 */
export function jarsNotIn(extra: string[], present: string[]): string[] {
  const have = new Set(present.filter((n) => n.endsWith(".jar")).map(jarArtifactKey));
  return extra.filter((name) => !have.has(jarArtifactKey(name)));
}
