/**
 * Runs Maven to copy the jars listed by the runtime pom into a folder.
 *
 * @module
 */
import { SparkServerError } from "./errors.ts";
import { which } from "./which.ts";

/**
 * What {@linkcode copyRuntimeJars} needs.
 *
 * @example
 * const opts: MavenCopyOptions = {
 *   pomPath: "docker/spark/pom.xml", outputDir: "/tmp/jars", logFile: "/tmp/mvn.log", what: "Spark",
 * };
 */
export interface MavenCopyOptions {
  /** The pom to resolve. */
  pomPath: string;
  /** Where the jars go; Maven creates it. */
  outputDir: string;
  /** Maven's whole output goes here (overwritten). */
  logFile: string;
  /** Extra `-Dname=value` (or `-Dname` for an empty value) properties. */
  properties?: Record<string, string>;
  /** What is being resolved, for messages: "Spark 4.2.0 + Delta 4.4.0". */
  what: string;
  /** What to tell the user to install or set when Maven is missing. */
  missingHint?: string;
  /** Stops Maven when aborted. */
  signal?: AbortSignal;
}

/**
 * Copies the runtime-scope dependencies of a pom into `outputDir` with
 * `mvn dependency:copy-dependencies`, logging Maven's output to `logFile`.
 *
 * @example
 * await copyRuntimeJars({
 *   pomPath: pom.path,
 *   outputDir: "/tmp/jars",
 *   logFile: "/tmp/mvn.log",
 *   what: "Spark 4.2.0 + Delta 4.4.0",
 * });
 */
export async function copyRuntimeJars(opts: MavenCopyOptions): Promise<void> {
  const mvn = await which("mvn");
  if (!mvn) {
    throw new SparkServerError(
      `Maven not found: ${
        opts.missingHint ?? "install Maven (mvn) or set SPARK_HOME to a Spark 4.x distribution"
      }`,
    );
  }
  const props = Object.entries(opts.properties ?? {}).map(([k, v]) => v ? `-D${k}=${v}` : `-D${k}`);
  const args = [
    "-B",
    "-Dstyle.color=never",
    "-f",
    opts.pomPath,
    "dependency:copy-dependencies",
    "-DincludeScope=runtime",
    `-DoutputDirectory=${opts.outputDir}`,
    ...props,
  ];
  using log = await Deno.open(opts.logFile, { write: true, create: true, truncate: true });
  await log.write(new TextEncoder().encode(`$ ${mvn} ${args.join(" ")}\n`));
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(mvn, {
      args,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      signal: opts.signal,
    }).spawn();
  } catch (err) {
    throw new SparkServerError(`cannot run ${mvn}: ${(err as Error).message}`);
  }
  const copy = async (stream: ReadableStream<Uint8Array>) => {
    for await (const chunk of stream) await log.write(chunk);
  };
  const [status] = await Promise.all([child.status, copy(child.stdout), copy(child.stderr)]);
  opts.signal?.throwIfAborted();
  if (!status.success) {
    throw new SparkServerError(
      `Maven failed (exit ${status.code}) resolving ${opts.what}; see ${opts.logFile}`,
      { logFile: opts.logFile },
    );
  }
}
