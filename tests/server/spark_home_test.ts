import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { inspectSparkHome, jarArtifactKey, jarsNotIn } from "../../src/server/spark_home.ts";

Deno.test("a jar's artifact key drops its version and classifier", () => {
  const cases: [string, string][] = [
    ["jackson-core-2.21.2.jar", "jackson-core"],
    ["delta-spark_4.2_2.13-4.4.0.jar", "delta-spark_4.2_2.13"],
    [
      "netty-tcnative-boringssl-static-2.0.76.Final-linux-x86_64.jar",
      "netty-tcnative-boringssl-static",
    ],
    ["orc-core-2.3.0-shaded-protobuf.jar", "orc-core"],
    ["zstd-jni-1.5.7-7.jar", "zstd-jni"],
    ["scala-library-2.13.18.jar", "scala-library"],
  ];
  for (const [name, key] of cases) strictEqual(jarArtifactKey(name), key, name);
});

Deno.test("jars a Spark distribution already has are left out, whatever their version", () => {
  deepStrictEqual(
    jarsNotIn(
      ["delta-spark_4.2_2.13-4.4.0.jar", "jackson-core-2.13.5.jar", "scala-library-2.13.17.jar"],
      ["jackson-core-2.21.2.jar", "scala-library-2.13.18.jar", "README"],
    ),
    ["delta-spark_4.2_2.13-4.4.0.jar"],
  );
});

Deno.test("SPARK_HOME is used only for a Spark 4.x with the Connect server", async () => {
  const home = await Deno.makeTempDir({ prefix: "lakebook-spark-home-test-" });
  try {
    deepStrictEqual(await inspectSparkHome(undefined), {});
    deepStrictEqual(await inspectSparkHome(home), {
      reason: `${join(home, "jars")} is not a folder`,
    });
    await Deno.mkdir(join(home, "jars"));
    await Deno.writeTextFile(join(home, "jars", "spark-core_2.13-4.1.0.jar"), "");
    deepStrictEqual(await inspectSparkHome(home), {
      reason: `${join(home, "jars")} has no spark-connect_*.jar`,
    });
    await Deno.writeTextFile(join(home, "jars", "spark-connect_2.12-3.5.1.jar"), "");
    deepStrictEqual(await inspectSparkHome(home), {
      reason: "it holds Spark 3.5.1, and Lakebook needs Spark 4.x",
    });
    await Deno.remove(join(home, "jars", "spark-connect_2.12-3.5.1.jar"));
    await Deno.writeTextFile(join(home, "jars", "spark-connect-common_2.13-4.1.0.jar"), "");
    await Deno.writeTextFile(join(home, "jars", "spark-connect_2.13-4.1.0.jar"), "");
    deepStrictEqual(await inspectSparkHome(home), {
      distribution: {
        home,
        jarsDir: join(home, "jars"),
        jarNames: [
          "spark-connect-common_2.13-4.1.0.jar",
          "spark-connect_2.13-4.1.0.jar",
          "spark-core_2.13-4.1.0.jar",
        ],
        connectJar: join(home, "jars", "spark-connect_2.13-4.1.0.jar"),
        sparkVersion: "4.1.0",
        sparkLine: "4.1",
        scalaBinaryVersion: "2.13",
      },
    });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
