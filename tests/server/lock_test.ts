import { ok, rejects, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { acquireStartLock } from "../../src/server/lock.ts";

Deno.test("a held start lock makes the next taker wait, then lets it in once released", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-lock-test-" });
  try {
    const first = await acquireStartLock(dir);
    const holder = JSON.parse(await Deno.readTextFile(join(dir, "start.lock")));
    strictEqual(holder.pid, Deno.pid);
    let waitedFor = 0;
    await rejects(
      acquireStartLock(dir, { timeoutMs: 300, onWait: (pid) => waitedFor = pid }),
      { message: `another process (pid ${Deno.pid}) is still starting the server in ${dir}` },
    );
    strictEqual(waitedFor, Deno.pid);
    const second = acquireStartLock(dir, { timeoutMs: 5_000 });
    setTimeout(() => first.release(), 300);
    const t = performance.now();
    const lock = await second;
    ok(performance.now() - t >= 250, "it waited for the release");
    await lock.release();
    await Deno.stat(join(dir, "start.lock")).then(
      () => ok(false, "the lock file is gone"),
      (err) => ok(err instanceof Deno.errors.NotFound),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a lock left by a dead process is broken", async () => {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-lock-test-" });
  try {
    const gone = new Deno.Command("true").spawn();
    await gone.status;
    await Deno.writeTextFile(
      join(dir, "start.lock"),
      JSON.stringify({ pid: gone.pid, createdAt: new Date().toISOString() }),
    );
    const t = performance.now();
    await using _lock = await acquireStartLock(dir, { timeoutMs: 2_000 });
    ok(performance.now() - t < 1_000);
    strictEqual(JSON.parse(await Deno.readTextFile(join(dir, "start.lock"))).pid, Deno.pid);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
