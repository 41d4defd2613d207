/**
 * The Deno version check: the notebook runner refuses Deno before 2.9.0, whose kernel reports
 * failing cells as success.
 *
 * @example
 * ```ts
 * checkDenoVersion(Deno.version.deno);
 * ```
 *
 * @module
 */
import { KernelStartError } from "./kernel_errors.ts";

/**
 * The first Deno whose kernel reports failing cells as failures.
 *
 * @example
 * console.log(`needs Deno ${MIN_DENO_VERSION} or later`);
 */
export const MIN_DENO_VERSION = "2.9.0";

/**
 * The `x.y.z` version in `deno --version` output (or a bare version), checked against
 * {@linkcode MIN_DENO_VERSION}; throws a {@linkcode KernelStartError} saying why older ones are
 * refused.
 *
 * @example
 * checkDenoVersion("deno 2.9.6 (stable, release, x86_64-unknown-linux-gnu)"); // "2.9.6"
 * checkDenoVersion("deno 2.8.4"); // throws: ... reports failing cells as success ...
 */
export function checkDenoVersion(versionText: string): string {
  const m = /(?:^|deno\s+)(\d+)\.(\d+)\.(\d+)/.exec(versionText.trim());
  if (!m) {
    throw new KernelStartError(`cannot read a Deno version from ${JSON.stringify(versionText)}`);
  }
  const version = `${m[1]}.${m[2]}.${m[3]}`;
  const have = [m[1], m[2], m[3]].map(Number);
  const need = MIN_DENO_VERSION.split(".").map(Number);
  const cmp = have[0] - need[0] || have[1] - need[1] || have[2] - need[2];
  if (cmp < 0) {
    throw new KernelStartError(
      `Deno ${version} is too old for the notebook runner: the Deno kernel before ` +
        `${MIN_DENO_VERSION} reports failing cells as success; upgrade to Deno ` +
        `${MIN_DENO_VERSION} or later`,
    );
  }
  return version;
}

/**
 * The version of the `deno` at `denoPath`, from `deno --version`.
 *
 * @example
 * checkDenoVersion(await denoVersion("/usr/local/bin/deno"));
 */
export async function denoVersion(denoPath: string): Promise<string> {
  try {
    const out = await new Deno.Command(denoPath, {
      args: ["--version"],
      stdin: "null",
      stdout: "piped",
      stderr: "null",
    }).output();
    return new TextDecoder().decode(out.stdout);
  } catch (err) {
    throw new KernelStartError(
      `cannot run ${denoPath} (${(err as Error).message}); install Deno ${MIN_DENO_VERSION} or ` +
        "later and point the runner at it (--deno PATH)",
    );
  }
}
