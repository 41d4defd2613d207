import assert from "node:assert/strict";
import { globBase, globToRegExp, hasGlob, parsePath } from "../../src/storage/path.ts";

Deno.test("s3 paths parse into bucket and key; local paths and file URLs stay local", () => {
  assert.deepEqual(parsePath("s3://lake/a/b.json"), {
    kind: "s3",
    bucket: "lake",
    key: "a/b.json",
  });
  assert.deepEqual(parsePath("s3a://lake"), { kind: "s3", bucket: "lake", key: "" });
  assert.deepEqual(parsePath("file:///tmp/x"), { kind: "local", path: "/tmp/x" });
  assert.deepEqual(parsePath("data/x.json"), { kind: "local", path: "data/x.json" });
  assert.throws(() => parsePath("s3:///key"), /no valid bucket/);
});

Deno.test("a glob's base is the folder before its first wildcard", () => {
  assert.equal(globBase("s3://lake/in/2026-*/*.jsonl"), "s3://lake/in/");
  assert.equal(globBase("in/a.jsonl"), "in/a.jsonl");
  assert.equal(hasGlob("in/{a,b}.json"), true);
  assert.equal(hasGlob("in/a.json"), false);
});

Deno.test("* stays in one segment, ** spans segments, ?, [..] and {..} match as in shells", () => {
  const m = (g: string, p: string) => globToRegExp(g).test(p);
  assert.equal(m("*.jsonl", "a.jsonl"), true);
  assert.equal(m("*.jsonl", "x/a.jsonl"), false);
  assert.equal(m("**/*.jsonl", "a.jsonl"), true);
  assert.equal(m("**/*.jsonl", "x/y/a.jsonl"), true);
  assert.equal(m("day=?/*", "day=1/a"), true);
  assert.equal(m("day=?/*", "day=12/a"), false);
  assert.equal(m("[ab].json", "b.json"), true);
  assert.equal(m("[!ab].json", "b.json"), false);
  assert.equal(m("{in,out}/*.json", "out/x.json"), true);
  assert.equal(m("{in,out}/*.json", "tmp/x.json"), false);
  assert.equal(m("a.b", "aXb"), false);
});
