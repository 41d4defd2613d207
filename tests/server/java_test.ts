import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { findJava, parseJavaVersion, sparkJvmOptions } from "../../src/server/java.ts";
import { SparkServerError } from "../../src/server/errors.ts";
import { withEnv } from "./env.ts";

Deno.test("java -version output of old and new JDKs gives the major version", () => {
  deepStrictEqual(
    parseJavaVersion('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment'),
    { version: "17.0.15", major: 17 },
  );
  deepStrictEqual(parseJavaVersion('java version "1.8.0_392"'), { version: "1.8.0_392", major: 8 });
  deepStrictEqual(parseJavaVersion('openjdk version "21" 2023-09-19'), {
    version: "21",
    major: 21,
  });
  deepStrictEqual(
    parseJavaVersion('Picked up JAVA_TOOL_OPTIONS: -Xss4m\nopenjdk version "25-ea"'),
    {
      version: "25-ea",
      major: 25,
    },
  );
  deepStrictEqual(parseJavaVersion('openjdk version "11.0.2" 2019-01-15'), {
    version: "11.0.2",
    major: 11,
  });
  strictEqual(parseJavaVersion("command not found"), undefined);
});

Deno.test("the JVM options open Spark's packages, with JDK 25 extras only on JDK 23+", () => {
  const on17 = sparkJvmOptions(17);
  const on25 = sparkJvmOptions(25);
  for (
    const pkg of ["java.lang", "java.nio", "sun.nio.ch", "sun.util.calendar", "jdk.internal.ref"]
  ) {
    ok(on17.includes(`--add-opens=java.base/${pkg}=ALL-UNNAMED`), pkg);
    ok(on25.includes(`--add-opens=java.base/${pkg}=ALL-UNNAMED`), pkg);
  }
  ok(on17.includes("--add-modules=jdk.incubator.vector"));
  ok(on17.includes("-Dio.netty.tryReflectionSetAccessible=true"));
  ok(!on17.includes("--sun-misc-unsafe-memory-access=allow"));
  ok(on25.includes("--sun-misc-unsafe-memory-access=allow"));
  ok(on25.includes("--enable-native-access=ALL-UNNAMED"));
  ok(!on25.includes("--add-opens=java.base/sun.security.action=ALL-UNNAMED"));
});

Deno.test("findJava finds this machine's JDK and reads its version", async () => {
  const java = await findJava();
  ok(java.major >= 17, `${java.path} is Java ${java.major}`);
  const out = await new Deno.Command(java.path, { args: ["-version"], stderr: "piped" }).output();
  ok(new TextDecoder().decode(out.stderr).includes(`"${java.version}"`));
});

Deno.test("findJava prefers JAVA_HOME and fails in one line when there is no java", async () => {
  const empty = await Deno.makeTempDir({ prefix: "lakebook-no-java-" });
  try {
    const err = await withEnv({ JAVA_HOME: empty, PATH: empty }, () => findJava().catch((e) => e));
    ok(err instanceof SparkServerError);
    strictEqual(
      err.message,
      `no Java found (JAVA_HOME=${empty} has no bin/java): install JDK 17+ or set JAVA_HOME`,
    );
    await withEnv(
      { JAVA_HOME: undefined, PATH: empty },
      () => rejects(findJava(), { message: "no Java found: install JDK 17+ or set JAVA_HOME" }),
    );
    const real = await findJava();
    const home = real.path.replace(/\/bin\/java$/, "");
    await withEnv({ JAVA_HOME: home, PATH: empty }, async () => {
      strictEqual((await findJava()).path, `${home}/bin/java`);
    });
  } finally {
    await Deno.remove(empty, { recursive: true });
  }
});
