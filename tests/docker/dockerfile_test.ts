import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { readRuntimePom } from "../../src/server/pom.ts";
import { argDefaults, parseDockerfile, stageNames } from "./dockerfile.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DOCKERFILES = [
  "docker/spark/Dockerfile",
  "docker/jupyter/Dockerfile",
  "docker/airflow/Dockerfile",
];

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("the parser refuses unknown instructions and a Dockerfile that does not start with FROM", () => {
  assert.throws(
    () => parseDockerfile("FROM a\nCOPPY x y\n"),
    /line 2: unknown instruction "COPPY"/,
  );
  assert.throws(() => parseDockerfile("RUN true\nFROM a\n"), /first instruction is not FROM/);
  assert.throws(() => parseDockerfile('FROM a\nCMD ["x",\n'), /broken JSON array/);
  const ok = parseDockerfile(
    "ARG V=1\n# c\nFROM b:${V} AS s\nRUN a \\\n  # inner\n  && b\nCOPY --from=s /x /y\n",
  );
  assert.deepEqual(ok.map((i) => i.keyword), ["ARG", "FROM", "RUN", "COPY"]);
  assert.deepEqual(ok[2].args, ["a", "&&", "b"]);
  assert.deepEqual(ok[3].flags, { from: "s" });
});

for (const file of DOCKERFILES) {
  Deno.test(`${file} parses, and every COPY source exists in the build context`, async () => {
    const text = await Deno.readTextFile(join(ROOT, file));
    const instructions = parseDockerfile(text);
    const stages = stageNames(instructions);
    const copies = instructions.filter((i) => i.keyword === "COPY" || i.keyword === "ADD");
    assert.ok(copies.length > 0);
    for (const copy of copies) {
      if (copy.flags.from !== undefined) {
        // From an earlier stage or an image: a stage name must be defined before use.
        if (!copy.flags.from.includes("/") && !copy.flags.from.includes(":")) {
          assert.ok(
            stages.includes(copy.flags.from),
            `line ${copy.line}: no stage ${copy.flags.from}`,
          );
        }
        continue;
      }
      for (const src of copy.args.slice(0, -1)) {
        // The build context of every image is the repository root (see docker-compose.yml).
        assert.ok(await exists(join(ROOT, src)), `${file}:${copy.line}: ${src} does not exist`);
      }
    }
    const last = instructions.filter((i) => i.keyword === "CMD" || i.keyword === "ENTRYPOINT");
    assert.ok(last.length > 0, `${file} says what to run`);
  });
}

Deno.test("the Spark image is the official apache/spark of the pom's Spark version plus the pom's jars", async () => {
  const pom = await readRuntimePom();
  const instructions = parseDockerfile(
    await Deno.readTextFile(join(ROOT, "docker/spark/Dockerfile")),
  );
  assert.equal(argDefaults(instructions).SPARK_VERSION, pom.sparkVersion);
  const froms = instructions.filter((i) => i.keyword === "FROM").map((i) => i.args[0]);
  assert.equal(froms.at(-1), "apache/spark:${SPARK_VERSION}");

  const copyPom = instructions.find((i) =>
    i.keyword === "COPY" && i.args[0] === "docker/spark/pom.xml"
  );
  assert.ok(copyPom, "the image copies docker/spark/pom.xml");
  const mvn = instructions.find((i) => i.keyword === "RUN" && i.args.includes("mvn"));
  assert.ok(mvn, "the image resolves the pom with Maven");
  // Delta (Spark's jars come with the base image) and the S3 profile.
  assert.ok(mvn.args.includes("-Dlakebook.deltaOnly"));
  assert.ok(mvn.args.includes("-Dlakebook.s3"));
  assert.ok(mvn.args.some((a) => a.endsWith(":copy-dependencies")));
  const jarsInto = instructions.find((i) =>
    i.keyword === "RUN" && i.args.join(" ").includes("/opt/spark/jars")
  );
  assert.ok(jarsInto, "the resolved jars land in /opt/spark/jars");

  const entry = join(ROOT, "docker/spark/entrypoint.sh");
  assert.ok(((await Deno.stat(entry)).mode ?? 0) & 0o100, "entrypoint.sh is executable");
  const script = await Deno.readTextFile(entry);
  for (const role of ["master)", "worker)", "connect)"]) assert.ok(script.includes(role), role);
  assert.ok(script.includes("--port 7077") && script.includes("binding.port=15002"));
});

Deno.test("the pom's S3 profile is off by default and leaves the default install's jar list (hash) alone", async () => {
  const pom = await readRuntimePom();
  const text = await Deno.readTextFile(pom.path);
  assert.match(text, /<id>s3<\/id>\s*<activation>\s*<property>\s*<name>lakebook\.s3<\/name>/);
  assert.match(text, /<artifactId>hadoop-aws<\/artifactId>\s*<version>\$\{hadoop\.version\}/);
  assert.match(text, /<hadoop\.version>3\.5\.0<\/hadoop\.version>/);
  assert.match(text, /<aws\.sdk\.version>2\.35\.4<\/aws\.sdk\.version>/);
  // Without the profile the pom hashes the same: installs made before it stay valid.
  const dir = await Deno.makeTempDir();
  try {
    const stripped = text.replace(
      /\n {4}<profile>\s*<!--[\s\S]*?-->\s*<id>s3<\/id>[\s\S]*?<\/profile>/,
      "",
    );
    assert.notEqual(stripped, text);
    await Deno.writeTextFile(join(dir, "pom.xml"), stripped);
    const plain = await readRuntimePom(join(dir, "pom.xml"));
    assert.equal(plain.sha256, pom.sha256);
    assert.equal(plain.s3Sha256, pom.sha256);
    assert.notEqual(pom.s3Sha256, pom.sha256);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
