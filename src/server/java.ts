/**
 * Finds the Java runtime that will run Spark and builds the JVM options Spark 4 needs.
 *
 * @module
 */
import { join } from "node:path";
import { SparkServerError } from "./errors.ts";
import { isExecutableFile, which } from "./which.ts";

/**
 * A `java` executable and its version.
 *
 * @example
 * const java: JavaRuntime = await findJava();
 */
export interface JavaRuntime {
  /** Path of the `java` executable. */
  path: string;
  /** Version as printed by `java -version`, e.g. "17.0.15". */
  version: string;
  /** Feature release, e.g. 17 (1.8 counts as 8). */
  major: number;
}

/**
 * The oldest Java that Spark 4 runs on.
 *
 * @example
 * if (java.major < MIN_JAVA_MAJOR) console.log("too old");
 */
export const MIN_JAVA_MAJOR = 17;

/**
 * Finds `java` (`$JAVA_HOME/bin/java`, else on `PATH`) and checks it is JDK 17 or newer.
 *
 * @example
 * const java = await findJava(); // { path: "/usr/bin/java", version: "17.0.15", major: 17 }
 */
export async function findJava(): Promise<JavaRuntime> {
  const javaHome = Deno.env.get("JAVA_HOME");
  let path: string | undefined;
  if (javaHome && await isExecutableFile(join(javaHome, "bin", "java"))) {
    path = join(javaHome, "bin", "java");
  } else {
    path = await which("java");
  }
  if (!path) {
    const note = javaHome ? ` (JAVA_HOME=${javaHome} has no bin/java)` : "";
    throw new SparkServerError(`no Java found${note}: install JDK 17+ or set JAVA_HOME`);
  }
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command(path, {
      args: ["-version"],
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (err) {
    throw new SparkServerError(`cannot run ${path}: ${(err as Error).message}`);
  }
  const text = new TextDecoder().decode(output.stderr) + new TextDecoder().decode(output.stdout);
  const parsed = parseJavaVersion(text);
  if (!output.success || !parsed) {
    throw new SparkServerError(`cannot tell the Java version of ${path}: install JDK 17+`);
  }
  if (parsed.major < MIN_JAVA_MAJOR) {
    throw new SparkServerError(
      `Java ${parsed.major} found at ${path}; Spark 4 needs JDK ${MIN_JAVA_MAJOR}+`,
    );
  }
  return { path, ...parsed };
}

/**
 * Reads the version out of `java -version` output.
 *
 * @example
 * parseJavaVersion('openjdk version "21.0.2" 2024-01-16'); // { version: "21.0.2", major: 21 }
 * parseJavaVersion('java version "1.8.0_392"'); // { version: "1.8.0_392", major: 8 }
 */
export function parseJavaVersion(output: string): { version: string; major: number } | undefined {
  const m = /\bversion "((\d+)(?:\.(\d+))?[^"]*)"/.exec(output);
  if (!m) return undefined;
  const first = Number(m[2]);
  return { version: m[1], major: first === 1 && m[3] !== undefined ? Number(m[3]) : first };
}

/**
 * The JVM options Spark 4.2's launcher passes (module access for Arrow, Netty and Kryo), for a
 * given Java major version; options a JDK does not know are left out, not merely ignored.
 *
 * @example
 * const args = sparkJvmOptions(17); // ["-XX:+IgnoreUnrecognizedVMOptions", "--add-modules=jdk.incubator.vector", ...]
 */
export function sparkJvmOptions(major: number): string[] {
  const opens = [
    "java.base/java.lang",
    "java.base/java.lang.invoke",
    "java.base/java.lang.reflect",
    "java.base/java.io",
    "java.base/java.net",
    "java.base/java.nio",
    "java.base/java.util",
    "java.base/java.util.concurrent",
    "java.base/java.util.concurrent.atomic",
    "java.base/jdk.internal.ref",
    "java.base/sun.nio.ch",
    "java.base/sun.nio.cs",
    // JDK 25 no longer has this package and warns about opening it.
    ...(major < 25 ? ["java.base/sun.security.action"] : []),
    "java.base/sun.util.calendar",
    "java.security.jgss/sun.security.krb5",
  ];
  return [
    "-XX:+IgnoreUnrecognizedVMOptions",
    "--add-modules=jdk.incubator.vector",
    ...opens.map((pkg) => `--add-opens=${pkg}=ALL-UNNAMED`),
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dio.netty.allocator.type=pooled",
    "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE",
    "--enable-native-access=ALL-UNNAMED",
    // JDK 23 began warning about, and JDK 25 restricting, sun.misc.Unsafe memory access, which
    // Arrow and Netty use; the flag does not exist before 23.
    ...(major >= 23 ? ["--sun-misc-unsafe-memory-access=allow"] : []),
  ];
}
