import assert from "node:assert/strict";
import { projectRoot, resolvePath } from "../../src/config/resolve.ts";
import { defaultHistoryRoot, HISTORY_ENV, recordPath } from "../../src/jobs/history.ts";
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

Deno.test("an s3:// config's project root is the prefix above ingestion_config/; relative paths resolve under it", () => {
  assert.equal(projectRoot("s3://lake/jobs/ingestion_config/reviews.yaml"), "s3://lake/jobs");
  assert.equal(projectRoot("s3://lake/ingestion_config/reviews.yaml"), "s3://lake");
  assert.equal(projectRoot("s3://lake/configs/reviews.yaml"), "s3://lake/configs");
  assert.equal(
    resolvePath("s3://lake/jobs", "data/in/*.jsonl"),
    "s3://lake/jobs/data/in/*.jsonl",
  );
  assert.equal(resolvePath("s3://lake/jobs", "./schemas/../words.txt"), "s3://lake/jobs/words.txt");
  // Never above the bucket; absolute local paths and other URLs are kept.
  assert.equal(resolvePath("s3://lake/jobs", "../../../x"), "s3://lake/x");
  assert.equal(resolvePath("s3://lake/jobs", "/srv/words.txt"), "/srv/words.txt");
  assert.equal(resolvePath("s3://lake/jobs", "s3://other/in"), "s3://other/in");
});

Deno.test("the history root: LAKEBOOK_HISTORY wins; an s3:// config's default is in its S3 project", () => {
  const before = Deno.env.get(HISTORY_ENV);
  try {
    Deno.env.delete(HISTORY_ENV);
    assert.equal(
      defaultHistoryRoot("s3://lake/jobs/ingestion_config/reviews.yaml"),
      "s3://lake/jobs/.lakebook/history",
    );
    assert.equal(
      recordPath("s3://lake/h/", "reviews", "20260501T020000Z-3fa9c1"),
      "s3://lake/h/reviews/20260501T020000Z-3fa9c1.json",
    );
    Deno.env.set(HISTORY_ENV, "s3://lake/history");
    assert.equal(defaultHistoryRoot("ingestion_config/reviews.yaml"), "s3://lake/history");
  } finally {
    if (before === undefined) Deno.env.delete(HISTORY_ENV);
    else Deno.env.set(HISTORY_ENV, before);
  }
});
