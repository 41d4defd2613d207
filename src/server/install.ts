/**
 * Installs Lakebook's Spark runtime (Spark Connect server + Delta Lake jars) into a cache, or
 * finds it there.
 *
 * Two sources:
 * - `cache` (default): Maven resolves every jar of `docker/spark/pom.xml` into
 *   `<home>/spark/<sparkVersion>-delta<deltaVersion>/jars`.
 * - `spark_home`: when `$SPARK_HOME/jars/spark-connect_*.jar` exists (Spark 4.x), Spark's own
 *   jars are used, and Maven resolves only the Delta jars, with the same pom
 *   (`-Dlakebook.deltaOnly`, `-Ddelta.spark.line=<that Spark's major.minor>`), into
 *   `<home>/spark/delta<deltaVersion>-spark<line>/jars`. Delta jars whose artifact the
 *   distribution already has (Scala, Jackson, Parquet, Hadoop...) are left off the classpath,
 *   so the distribution's versions win.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { SparkServerError } from "./errors.ts";
import { checkJarManifest, type JarManifest, jarsDirOf, writeJarManifest } from "./manifest.ts";
import { copyRuntimeJars } from "./maven.ts";
import { deltaOnlyDir, sparkRuntimeDir } from "./paths.ts";
import { readRuntimePom, type RuntimePom } from "./pom.ts";
import { inspectSparkHome, jarsNotIn, type SparkDistribution } from "./spark_home.ts";

/**
 * An installed Spark runtime, ready for `java -cp`.
 *
 * @example
 * const { classpath, connectJar } = await installSpark();
 */
export interface SparkRuntime {
  /** e.g. "4.2.0". */
  sparkVersion: string;
  /** e.g. "4.4.0". */
  deltaVersion: string;
  /** The folder of the Spark jars. */
  jarsDir: string;
  /** Entries for `java -cp` (folder wildcards `dir/*` or jar paths), in order. */
  classpath: string[];
  /** Path of `spark-connect_2.13-<v>.jar`, which also carries the `.proto` files. */
  connectJar: string;
  /** Where Spark's jars come from: Lakebook's cache or `SPARK_HOME`. */
  source: "cache" | "spark_home";
  /** Whether the S3 jars (hadoop-aws and the AWS SDK) are on the classpath. */
  s3: boolean;
}

/**
 * Options of {@linkcode installSpark}.
 *
 * @example
 * const opts: InstallSparkOptions = { force: true, log: console.error };
 */
export interface InstallSparkOptions {
  /** Reinstall even when the installed runtime checks out. */
  force?: boolean;
  /** Progress lines for a person. */
  log?: (line: string) => void;
  /** Stops a running Maven when aborted. */
  signal?: AbortSignal;
  /**
   * Also resolve S3 support (`hadoop-aws` + the AWS SDK bundle, ~690 MB more) into a sibling
   * folder (`...-s3`). Default: whether that folder is already installed, so one
   * `lakebook spark install --s3` makes every later start use it.
   */
  s3?: boolean;
}

/** One install target: what to resolve, where, and how to turn it into a runtime. */
interface Target {
  kind: JarManifest["kind"];
  dir: string;
  what: string;
  properties: Record<string, string>;
  missingMavenHint?: string;
  toRuntime(manifest: JarManifest): SparkRuntime;
}

/**
 * Installs the runtime if it is missing, incomplete or damaged (a jar missing or of the wrong
 * size, no manifest, a changed pom), and returns it; when it is already installed this only
 * checks file sizes and takes milliseconds. See the module doc for `SPARK_HOME`.
 *
 * @example
 * const runtime = await installSpark({ log: console.error });
 * console.log(runtime.sparkVersion, runtime.classpath);
 */
export async function installSpark(opts: InstallSparkOptions = {}): Promise<SparkRuntime> {
  const pomFile = await readRuntimePom();
  const s3 = opts.s3 ?? (await findSparkRuntime({ s3: true })) !== undefined;
  const pom = s3 ? { ...pomFile, sha256: pomFile.s3Sha256 } : pomFile;
  const target = await installTarget(pom, opts.log, s3);
  if (!opts.force) {
    const check = await checkJarManifest(target.dir, { kind: target.kind, pomSha256: pom.sha256 });
    if (check.ok) return target.toRuntime(check.manifest);
    if (!check.absent) opts.log?.(`repairing ${target.dir}: ${check.problem}`);
  }
  const manifest = await installInto(target, pom, opts);
  return target.toRuntime(manifest);
}

/**
 * The installed runtime, or `undefined` when it is not (completely) installed; never runs
 * Maven or touches the network.
 *
 * @example
 * const runtime = await findSparkRuntime();
 * if (!runtime) console.log("run: lakebook spark install");
 */
export async function findSparkRuntime(
  opts: { s3?: boolean } = {},
): Promise<SparkRuntime | undefined> {
  if (opts.s3 === undefined) {
    return await findSparkRuntime({ s3: true }) ?? await findSparkRuntime({ s3: false });
  }
  const pomFile = await readRuntimePom();
  const pom = opts.s3 ? { ...pomFile, sha256: pomFile.s3Sha256 } : pomFile;
  const target = await installTarget(pom, undefined, opts.s3);
  const check = await checkJarManifest(target.dir, { kind: target.kind, pomSha256: pom.sha256 });
  return check.ok ? target.toRuntime(check.manifest) : undefined;
}

async function installTarget(
  pom: RuntimePom,
  log?: (line: string) => void,
  s3 = false,
): Promise<Target> {
  const target = await baseTarget(pom, log);
  if (!s3) return target;
  // S3 support: the same pom with its `s3` profile on, in a folder of its own.
  return {
    ...target,
    dir: `${target.dir}-s3`,
    what: `${target.what} + S3 (hadoop-aws)`,
    properties: { ...target.properties, "lakebook.s3": "" },
    toRuntime: (manifest) => {
      const runtime = { ...target.toRuntime(manifest), s3: true };
      const jarsDir = jarsDirOf(`${target.dir}-s3`);
      return runtime.source === "cache"
        ? {
          ...runtime,
          jarsDir,
          classpath: [join(jarsDir, "*")],
          connectJar: join(jarsDir, basename(runtime.connectJar)),
        }
        : {
          ...runtime,
          classpath: runtime.classpath.map((p) => p.replace(jarsDirOf(target.dir), jarsDir)),
        };
    },
  };
}

async function baseTarget(pom: RuntimePom, log?: (line: string) => void): Promise<Target> {
  const home = await inspectSparkHome();
  if (home.distribution) return deltaOnlyTarget(pom, home.distribution);
  if (home.reason) log?.(`SPARK_HOME not used: ${home.reason}`);
  const dir = sparkRuntimeDir(pom.sparkVersion, pom.deltaVersion);
  const connectName = `spark-connect_${pom.scalaBinaryVersion}-${pom.sparkVersion}.jar`;
  return {
    kind: "spark+delta",
    dir,
    what: `Spark ${pom.sparkVersion} + Delta ${pom.deltaVersion}`,
    properties: {},
    toRuntime(manifest) {
      if (!manifest.jars.some((j) => j.name === connectName)) {
        throw new SparkServerError(`${pom.path} does not resolve ${connectName}`);
      }
      const jarsDir = jarsDirOf(dir);
      return {
        sparkVersion: pom.sparkVersion,
        deltaVersion: pom.deltaVersion,
        jarsDir,
        classpath: [join(jarsDir, "*")],
        connectJar: join(jarsDir, connectName),
        source: "cache",
        s3: false,
      };
    },
  };
}

function deltaOnlyTarget(pom: RuntimePom, spark: SparkDistribution): Target {
  const dir = deltaOnlyDir(pom.deltaVersion, spark.sparkLine);
  return {
    kind: "delta-only",
    dir,
    what: `Delta ${pom.deltaVersion} for Spark ${spark.sparkLine}`,
    properties: { "lakebook.deltaOnly": "", "delta.spark.line": spark.sparkLine },
    missingMavenHint: `install Maven (mvn): it fetches the Delta jars for SPARK_HOME=${spark.home}`,
    toRuntime(manifest) {
      const extra = jarsNotIn(manifest.jars.map((j) => j.name), spark.jarNames);
      return {
        sparkVersion: spark.sparkVersion,
        deltaVersion: pom.deltaVersion,
        jarsDir: spark.jarsDir,
        classpath: [join(spark.jarsDir, "*"), ...extra.map((name) => join(jarsDirOf(dir), name))],
        connectJar: spark.connectJar,
        source: "spark_home",
        s3: false,
      };
    },
  };
}

/** Resolves into a fresh sibling folder, writes the manifest last, then swaps it in by rename. */
async function installInto(
  target: Target,
  pom: RuntimePom,
  opts: InstallSparkOptions,
): Promise<JarManifest> {
  const parent = dirname(target.dir);
  const name = basename(target.dir);
  await Deno.mkdir(parent, { recursive: true });
  await removeLeftovers(parent, name);
  const tmp = join(parent, `.${name}.tmp-${crypto.randomUUID()}`);
  const logFile = join(parent, `${name}.install.log`);
  opts.log?.(
    `installing ${target.what} into ${target.dir} with Maven` +
      ("lakebook.s3" in target.properties
        ? " (a first run downloads ~1 GB)"
        : target.kind === "spark+delta"
        ? " (a first run downloads ~305 MB)"
        : ""),
  );
  try {
    await Deno.mkdir(tmp);
    await copyRuntimeJars({
      pomPath: pom.path,
      outputDir: jarsDirOf(tmp),
      logFile,
      what: target.what,
      properties: target.properties,
      missingHint: target.missingMavenHint,
      signal: opts.signal,
    });
    const manifest = await writeJarManifest(tmp, {
      kind: target.kind,
      sparkVersion: target.kind === "spark+delta" ? pom.sparkVersion : pom.deltaSparkLine,
      deltaVersion: pom.deltaVersion,
      pomSha256: pom.sha256,
    });
    await swapIn(tmp, target.dir);
    opts.log?.(`installed ${target.what}: ${manifest.jars.length} jars in ${target.dir}`);
    return manifest;
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}

async function swapIn(tmp: string, dir: string): Promise<void> {
  const old = join(dirname(dir), `.${basename(dir)}.old-${crypto.randomUUID()}`);
  const hadOld = await Deno.rename(dir, old).then(() => true, (err) => {
    if (err instanceof Deno.errors.NotFound) return false;
    throw err;
  });
  try {
    await Deno.rename(tmp, dir);
  } catch (err) {
    // Another install won the race and put its (equally good) copy in place first.
    if (!(await Deno.stat(join(dir, "manifest.json")).then(() => true, () => false))) throw err;
  }
  if (hadOld) await Deno.remove(old, { recursive: true }).catch(() => {});
}

/** Removes temporary folders of installs that died more than an hour ago. */
async function removeLeftovers(parent: string, name: string): Promise<void> {
  const cutoff = Date.now() - 3600_000;
  for await (const entry of Deno.readDir(parent)) {
    if (!entry.name.startsWith(`.${name}.tmp-`) && !entry.name.startsWith(`.${name}.old-`)) {
      continue;
    }
    const path = join(parent, entry.name);
    const info = await Deno.stat(path).catch(() => undefined);
    if (info?.mtime && info.mtime.getTime() < cutoff) {
      await Deno.remove(path, { recursive: true }).catch(() => {});
    }
  }
}
