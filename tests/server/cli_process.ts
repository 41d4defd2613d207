/**
 * Runs the real `lakebook` CLI in a subprocess, and small helpers for tests that start servers.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { findFreePort } from "../../src/server/net.ts";
import { isProcessAlive, processCommandLine, waitForExit } from "../../src/server/process.ts";
import { readServerState } from "../../src/server/state.ts";

const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

/** The outcome of one CLI run. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `lakebook <args>`; `env` adds to (or, with `clearEnv`, replaces) the environment. */
export async function lakebook(
  args: string[],
  opts: { env?: Record<string, string>; clearEnv?: boolean } = {},
): Promise<CliResult> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    env: { NO_COLOR: "1", ...opts.env },
    clearEnv: opts.clearEnv,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** A free loopback port, away from the default 15002 and from the suite's shared server. */
export function testPort(): number {
  return findFreePort(20000 + Math.floor(Math.random() * 20000));
}

/** Stops whatever server the state folder records, via the CLI and then by pid if needed. */
export async function cleanUpServer(stateDir: string, pids: number[] = []): Promise<void> {
  const recorded = await readServerState(stateDir).catch(() => undefined);
  await lakebook(["spark", "stop", "--state-dir", stateDir]);
  for (const pid of [...pids, ...(recorded ? [recorded.pid] : [])]) {
    // Only a process whose command line names this state folder is ours to kill.
    if (isProcessAlive(pid) && (await processCommandLine(pid))?.includes(stateDir)) {
      Deno.kill(pid, "SIGKILL");
      await waitForExit(pid, 5_000);
    }
  }
  await Deno.remove(stateDir, { recursive: true }).catch(() => {});
}

/** The port of an `sc://host:port` URL. */
export function urlPort(url: string): number {
  const m = /^sc:\/\/127\.0\.0\.1:(\d+)$/.exec(url.trim());
  if (!m) throw new Error(`not a local sc:// URL: ${JSON.stringify(url)}`);
  return Number(m[1]);
}
