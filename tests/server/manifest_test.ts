import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { checkJarManifest, writeJarManifest } from "../../src/server/manifest.ts";

const FIELDS = {
  kind: "spark+delta",
  sparkVersion: "4.2.0",
  deltaVersion: "4.4.0",
  pomSha256: "abc",
} as const;

async function install(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-manifest-test-" });
  await Deno.mkdir(join(dir, "jars"));
  await Deno.writeTextFile(join(dir, "jars", "a-1.0.jar"), "aaaa");
  await Deno.writeTextFile(join(dir, "jars", "b-2.0.jar"), "bb");
  await writeJarManifest(dir, FIELDS);
  return dir;
}

const expect = { kind: "spark+delta", pomSha256: "abc" } as const;

Deno.test("a complete install checks out, with its jars and sizes", async () => {
  const dir = await install();
  try {
    const check = await checkJarManifest(dir, expect);
    strictEqual(check.ok, true);
    if (check.ok) {
      deepStrictEqual(check.manifest.jars, [{ name: "a-1.0.jar", size: 4 }, {
        name: "b-2.0.jar",
        size: 2,
      }]);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("each kind of damage is named", async () => {
  const cases: [string, (dir: string) => Promise<void>, string, object?][] = [
    ["missing jar", (d) => Deno.remove(join(d, "jars", "a-1.0.jar")), "a-1.0.jar is missing"],
    [
      "wrong size",
      (d) => Deno.writeTextFile(join(d, "jars", "b-2.0.jar"), "bbb"),
      "b-2.0.jar is 3 bytes, expected 2",
    ],
    [
      "extra jar",
      (d) => Deno.writeTextFile(join(d, "jars", "c-3.0.jar"), ""),
      "c-3.0.jar is not in the manifest",
    ],
    ["no manifest", (d) => Deno.remove(join(d, "manifest.json")), "no manifest"],
    ["other pom", async () => {}, "installed from a different pom", { pomSha256: "def" }],
    ["other kind", async () => {}, "unknown manifest format", { kind: "delta-only" }],
  ];
  for (const [name, damage, problem, override] of cases) {
    const dir = await install();
    try {
      await damage(dir);
      deepStrictEqual(
        await checkJarManifest(dir, { ...expect, ...override }),
        name === "no manifest" ? { ok: false, problem, absent: false } : { ok: false, problem },
        name,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});

Deno.test("a folder that does not exist is absent, not damaged", async () => {
  deepStrictEqual(await checkJarManifest("/nonexistent/lakebook/runtime", expect), {
    ok: false,
    problem: "not installed",
    absent: true,
  });
});
