/**
 * Starting, talking to and stopping the real Deno kernel: heartbeat, interrupt, shutdown by pid,
 * the start timeout, and the version check before anything starts.
 */
import assert from "node:assert/strict";
import { KernelStartError } from "../../src/notebook/kernel_errors.ts";
import { startKernel } from "../../src/notebook/kernel_process.ts";
import { tempDir } from "./helpers.ts";

function alive(pid: number): boolean {
  try {
    return !Deno.readTextFileSync(`/proc/${pid}/stat`).includes(") Z ");
  } catch {
    return false;
  }
}

Deno.test("the kernel answers heartbeats during a busy cell, stops it on interrupt, and leaves no process", async () => {
  const kernel = await startKernel();
  try {
    assert.equal(await kernel.client.heartbeat(2000), true);
    const { client } = kernel;
    const msg = client.message("execute_request", { code: "while (true) {}", silent: false });
    const reply = client.request("shell", msg);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(await client.heartbeat(2000), true, "the heartbeat is not blocked by the cell");
    assert.equal(await kernel.interrupt(3000), true);
    assert.equal((await reply).content.status, "error");
    assert.equal(kernel.info.implementation, "Deno kernel");
  } finally {
    await kernel.shutdown();
  }
  assert.equal(alive(kernel.pid), false);
  assert.equal(await kernel.exitsWithin(0), true);
});

Deno.test("--start-timeout bounds how long the kernel may take to get ready", async () => {
  await assert.rejects(
    startKernel({ startTimeoutMs: 1 }),
    (err) => err instanceof KernelStartError && /within 0\.001 s/.test(err.message),
  );
});

Deno.test("a deno older than 2.9.0 is refused before a kernel starts", async () => {
  const [dir, cleanup] = await tempDir();
  try {
    const fake = `${dir}/deno`;
    await Deno.writeTextFile(fake, "#!/bin/sh\necho 'deno 2.8.4 (stable, release)'\nexit 0\n", {
      mode: 0o755,
    });
    await assert.rejects(
      startKernel({ denoPath: fake }),
      /^KernelStartError: Deno 2\.8\.4 is too old for the notebook runner/,
    );
  } finally {
    await cleanup();
  }
});
