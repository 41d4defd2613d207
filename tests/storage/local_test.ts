import assert from "node:assert/strict";
import { join } from "node:path";
import { Storage, StorageError } from "../../src/storage/mod.ts";

Deno.test("local files round-trip: write, list with globs, read, exists, delete", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-storage-" });
  using storage = new Storage();
  try {
    await storage.write(join(dir, "in/2026/a.jsonl"), '{"id":1}\n');
    await storage.write(join(dir, "in/2026/b.json"), "{}");
    await storage.write(join(dir, "in/c.jsonl"), new Uint8Array([1, 2, 3]));

    const names = async (p: string) => (await storage.list(p)).map((f) => f.path.slice(dir.length));
    assert.deepEqual(await names(join(dir, "in/*.jsonl")), ["/in/c.jsonl"]);
    assert.deepEqual(await names(join(dir, "in/**/*.jsonl")), ["/in/2026/a.jsonl", "/in/c.jsonl"]);
    assert.deepEqual(await names(join(dir, "in")), [
      "/in/2026/a.jsonl",
      "/in/2026/b.json",
      "/in/c.jsonl",
    ]);
    assert.deepEqual(await names(join(dir, "in/c.jsonl")), ["/in/c.jsonl"]);
    assert.deepEqual(await names(join(dir, "nothing/*")), []);

    assert.equal(await storage.readText(join(dir, "in/2026/a.jsonl")), '{"id":1}\n');
    assert.deepEqual(await storage.read(join(dir, "in/c.jsonl")), new Uint8Array([1, 2, 3]));
    assert.equal(await storage.exists(join(dir, "in/c.jsonl")), true);
    assert.equal((await storage.stat(join(dir, "in/c.jsonl")))?.size, 3);
    assert.equal(await storage.stat(join(dir, "in/nope")), undefined);
    await storage.delete(join(dir, "in/c.jsonl"));
    await storage.delete(join(dir, "in/c.jsonl")); // missing: fine
    assert.equal(await storage.exists(join(dir, "in/c.jsonl")), false);
    await assert.rejects(
      storage.read(join(dir, "in/c.jsonl")),
      (err) => err instanceof StorageError && err.kind === "not_found",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
