/** `lakebook generate reviews` end to end, in a subprocess. */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readWords } from "../../src/data/generate.ts";
import { SAMPLE_REVIEWS_OPTIONS, sampleReviews } from "../../src/data/sample.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

async function lakebook(args: string[], cwd = ROOT) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${ROOT}src/cli.ts`, ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdin: "null",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

Deno.test("lakebook generate reviews writes the sample's lines from its documented options", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const o = SAMPLE_REVIEWS_OPTIONS;
    const { code, stdout, stderr } = await lakebook([
      "generate",
      "reviews",
      ...["--rows", String(o.rows), "--seed", String(o.seed), "--bad-ratio", "0"],
      ...["--restaurants", String(o.restaurants), "--word-rate", String(o.rates?.word)],
      ...["--profane-rate", String(o.rates?.profane), "--out", `${dir}/r.jsonl`, "--json"],
    ], dir); // outside any project: Lakebook's own words file
    strictEqual(code, 0, stderr);
    const stats = JSON.parse(stdout);
    strictEqual(stats.rows, 200);
    ok(stats.rowsPerSecond > 0);
    ok(stderr.includes("wrote 200 reviews"), stderr);
    const words = await readWords(`${ROOT}data/inappropriate_words.txt`);
    deepStrictEqual(
      (await Deno.readTextFile(`${dir}/r.jsonl`)).trimEnd().split("\n"),
      sampleReviews(words),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("lakebook generate reviews --files K splits into K part files", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { code, stderr } = await lakebook([
      ...["generate", "reviews", "--rows", "1000", "--seed", "5", "--bad-ratio", "0.1"],
      ...["--files", "4", "--out", `${dir}/parts`],
    ]);
    strictEqual(code, 0, stderr);
    let lines = 0;
    for (let i = 0; i < 4; i++) {
      const text = await Deno.readTextFile(`${dir}/parts/part-0000${i}.jsonl`);
      strictEqual(text.split("\n").length - 1, 250);
      lines += 250;
    }
    strictEqual(lines, 1000);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("lakebook generate rejects bad options with a pointer to --help", async () => {
  for (
    const [args, message] of [
      [["reviews", "--out", "/tmp/x.jsonl"], "--rows is required"],
      [["reviews", "--rows", "10"], "--out is required"],
      [["reviews", "--rows", "ten", "--out", "/tmp/x"], `--rows must be an integer`],
      [["reviews", "--rows", "1", "--bad-ratio", "1.5", "--out", "/tmp/x"], "--bad-ratio must"],
      [["reviews", "--rows", "1", "--frobnicate", "--out", "/tmp/x"], "frobnicate"],
      [["tweets", "--rows", "1"], `unknown command "generate tweets"`],
    ] as const
  ) {
    const { code, stderr } = await lakebook(["generate", ...args]);
    strictEqual(code, 1, stderr);
    ok(stderr.includes(message), stderr);
    ok(stderr.includes("(see lakebook generate --help)"), stderr);
  }
  const help = await lakebook(["generate", "--help"]);
  strictEqual(help.code, 0);
  ok(help.stdout.includes("--bad-ratio R"));
});
