/**
 * The runtime install: idempotent and fast when installed, and a damaged install is noticed and
 * repaired. Works on a copy of the installed runtime under a temporary LAKEBOOK_HOME, so the
 * shared install is never touched (repairs run Maven, which the warm ~/.m2 makes quick).
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { basename, dirname, join } from "node:path";
import { findSparkRuntime, installSpark, type SparkRuntime } from "../../src/server/install.ts";
import { readRuntimePom } from "../../src/server/pom.ts";
import { withEnv } from "./env.ts";

/** The shared runtime (installed by `deno task setup` / `lakebook spark install`). */
async function sharedRuntime(): Promise<SparkRuntime> {
  const runtime = await withEnv({ SPARK_HOME: undefined }, findSparkRuntime);
  ok(runtime, "the Spark runtime is not installed: run `lakebook spark install` first");
  return runtime;
}

Deno.test("a second install is fast, runs no Maven, and returns the same runtime", async () => {
  const shared = await sharedRuntime();
  const home = await Deno.makeTempDir({ prefix: "lakebook-home-test-" });
  try {
    const dir = await copyRuntime(shared, home);
    await withEnv({ LAKEBOOK_HOME: home, SPARK_HOME: undefined }, async () => {
      const lines: string[] = [];
      let t = performance.now();
      const first = await installSpark({ log: (l) => lines.push(l) });
      const firstMs = performance.now() - t;
      t = performance.now();
      const second = await installSpark({ log: (l) => lines.push(l) });
      const secondMs = performance.now() - t;

      deepStrictEqual(first, second);
      deepStrictEqual(first, {
        ...shared,
        jarsDir: join(dir, "jars"),
        classpath: [join(dir, "jars", "*")],
        connectJar: join(dir, "jars", basename(shared.connectJar)),
      });
      deepStrictEqual(await findSparkRuntime(), first);
      deepStrictEqual(lines, [], "nothing to install, nothing said");
      ok(firstMs < 1000 && secondMs < 1000, `took ${firstMs} ms and ${secondMs} ms`);
      const entries = await Array.fromAsync(Deno.readDir(join(home, "spark")), (e) => e.name);
      deepStrictEqual(entries, [basename(dir)], "no Maven log, no temporary folder");
    });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("a damaged install is detected and repaired", async (t) => {
  const shared = await sharedRuntime();
  const home = await Deno.makeTempDir({ prefix: "lakebook-home-test-" });
  const jarName = basename(shared.connectJar);
  try {
    const dir = await copyRuntime(shared, home);
    const jar = join(dir, "jars", jarName);
    const size = (await Deno.stat(jar)).size;

    const repairs = async (damage: () => Promise<void>, problem: RegExp) => {
      await withEnv({ LAKEBOOK_HOME: home, SPARK_HOME: undefined }, async () => {
        await damage();
        strictEqual(await findSparkRuntime(), undefined, "a damaged install is not found");
        const lines: string[] = [];
        const runtime = await installSpark({ log: (l) => lines.push(l) });
        match(lines[0] ?? "", problem);
        strictEqual(runtime.connectJar, jar);
        strictEqual((await Deno.stat(jar)).size, size);
        deepStrictEqual(await findSparkRuntime(), runtime);
      });
    };

    await t.step(
      "a missing jar",
      () => repairs(() => Deno.remove(jar), new RegExp(`^repairing ${dir}: ${jarName} is missing`)),
    );
    await t.step("a jar of the wrong size", () =>
      repairs(
        async () => {
          await Deno.remove(jar); // it may be a hard link to the shared copy: replace, never truncate
          await Deno.writeTextFile(jar, "not a jar");
        },
        new RegExp(`^repairing ${dir}: ${jarName} is 9 bytes, expected ${size}`),
      ));
    await t.step("a missing manifest", () =>
      repairs(
        () => Deno.remove(join(dir, "manifest.json")),
        new RegExp(`^repairing ${dir}: no manifest`),
      ));
    const left = await Array.fromAsync(Deno.readDir(join(home, "spark")), (e) => e.name);
    deepStrictEqual(left.sort(), [basename(dir), `${basename(dir)}.install.log`].sort());
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("with SPARK_HOME, Spark's jars are used and only Delta's are added", async () => {
  const shared = await sharedRuntime();
  const home = await Deno.makeTempDir({ prefix: "lakebook-home-test-" });
  const sparkHome = await Deno.makeTempDir({ prefix: "lakebook-spark-home-test-" });
  try {
    // A stand-in distribution: the runtime's jars without Delta's.
    await Deno.mkdir(join(sparkHome, "jars"));
    for await (const entry of Deno.readDir(shared.jarsDir)) {
      if (/^(delta-|unitycatalog-)/.test(entry.name)) continue;
      await Deno.link(join(shared.jarsDir, entry.name), join(sparkHome, "jars", entry.name));
    }
    const pom = await readRuntimePom();
    await withEnv({ LAKEBOOK_HOME: home, SPARK_HOME: sparkHome }, async () => {
      strictEqual(await findSparkRuntime(), undefined);
      const runtime = await installSpark();
      const deltaDir = join(home, "spark", `delta${pom.deltaVersion}-spark4.2`, "jars");
      strictEqual(runtime.source, "spark_home");
      strictEqual(runtime.sparkVersion, shared.sparkVersion);
      strictEqual(runtime.jarsDir, join(sparkHome, "jars"));
      strictEqual(runtime.connectJar, join(sparkHome, "jars", basename(shared.connectJar)));
      strictEqual(runtime.classpath[0], join(sparkHome, "jars", "*"));
      const added = runtime.classpath.slice(1).map((p) => basename(p));
      ok(runtime.classpath.slice(1).every((p) => p.startsWith(deltaDir + "/")));
      ok(added.includes(`delta-spark_4.2_2.13-${pom.deltaVersion}.jar`), added.join(" "));
      ok(added.includes(`delta-storage-${pom.deltaVersion}.jar`), added.join(" "));
      ok(
        !added.some((n) => /^(jackson-core|scala-library|parquet-hadoop)-/.test(n)),
        added.join(" "),
      );
      deepStrictEqual(await findSparkRuntime(), runtime);
      const nonSpark = await Array.fromAsync(Deno.readDir(deltaDir), (e) => e.name);
      ok(!nonSpark.some((n) => n.startsWith("spark-")), "Maven resolved no Spark jar");
    });
  } finally {
    await Deno.remove(home, { recursive: true });
    await Deno.remove(sparkHome, { recursive: true });
  }
});

/** Copies an installed runtime (jars as hard links, manifest as a file) into `home`. */
async function copyRuntime(runtime: SparkRuntime, home: string): Promise<string> {
  const from = dirname(runtime.jarsDir);
  const to = join(home, "spark", basename(from));
  await Deno.mkdir(join(to, "jars"), { recursive: true });
  for await (const entry of Deno.readDir(runtime.jarsDir)) {
    await Deno.link(join(runtime.jarsDir, entry.name), join(to, "jars", entry.name));
  }
  await Deno.copyFile(join(from, "manifest.json"), join(to, "manifest.json"));
  return to;
}
