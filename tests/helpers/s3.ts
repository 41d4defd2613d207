/**
 * A real S3-compatible server on loopback for tests: moto's server (`moto[server]`, pinned),
 * installed once into a virtual environment under the Lakebook cache, started on a free port
 * with a fresh bucket, and stopped by pid.
 *
 * Why moto and not MinIO: MinIO has no release binaries on package registries; building it from
 * its Go module takes ~8 minutes on this machine's 2 cores, while moto installs with pip in
 * ~45 s and starts in under a second; it implements what Lakebook and s3a use (multipart,
 * listing v2, conditional requests, copy) and can check credentials on demand. To run the
 * suite against MinIO or any other server, set `LAKEBOOK_TEST_S3_ENDPOINT` (with
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`): the helper then only creates a bucket there.
 *
 * @module
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { join } from "node:path";
import { findFreePort, LOOPBACK } from "../../src/server/net.ts";
import { lakebookHome } from "../../src/server/paths.ts";
import { signalProcess, sleep, waitForExit } from "../../src/server/process.ts";

/** The pinned moto release. */
export const MOTO_VERSION = "5.2.5";

/** A running S3 server with a bucket made for this run. */
export interface TestS3Server extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`. */
  endpoint: string;
  /** A bucket that exists, unique to this start. */
  bucket: string;
  /** Credentials the server accepts. */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Environment for a child process (AWS_ENDPOINT_URL, keys, region). */
  env: Record<string, string>;
  /** Turns credential checking on (unknown keys are refused) or off; moto only. */
  setAuth(on: boolean): Promise<void>;
  /** Stops the server (when this helper started it). */
  stop(): Promise<void>;
}

/** The moto virtual environment: `<lakebookHome>/moto-venv`. */
function venvDir(): string {
  return join(lakebookHome(), "moto-venv");
}

/** Installs moto into the cache's venv unless that exact version is there. */
export async function ensureMoto(): Promise<string> {
  const venv = venvDir();
  const bin = join(venv, "bin", "moto_server");
  const stamp = join(venv, `lakebook-moto-${MOTO_VERSION}`);
  if (await exists(stamp) && await exists(bin)) return bin;
  const run = async (program: string, args: string[]) => {
    const out = await new Deno.Command(program, { args, stdout: "piped", stderr: "piped" })
      .output();
    if (!out.success) {
      throw new Error(
        `${program} ${args.join(" ")} failed:\n${new TextDecoder().decode(out.stderr)}`,
      );
    }
  };
  if (!(await exists(join(venv, "bin", "python")))) await run("python3", ["-m", "venv", venv]);
  await run(join(venv, "bin", "pip"), ["install", "-q", `moto[server]==${MOTO_VERSION}`]);
  await Deno.writeTextFile(stamp, "");
  return bin;
}

/**
 * Starts moto on a free loopback port (or uses `LAKEBOOK_TEST_S3_ENDPOINT`) and creates a fresh
 * bucket.
 *
 * @example
 * await using s3 = await startS3Server();
 * const storage = new Storage({ endpoint: s3.endpoint, credentials: s3.credentials });
 */
export async function startS3Server(): Promise<TestS3Server> {
  const bucket = `lakebook-test-${crypto.randomUUID().slice(0, 8)}`;
  const external = Deno.env.get("LAKEBOOK_TEST_S3_ENDPOINT");
  let stop = async () => {};
  let endpoint: string;
  let credentials = { accessKeyId: "lakebooktest", secretAccessKey: "lakebook-test-secret" };
  if (external) {
    endpoint = external;
    credentials = {
      accessKeyId: Deno.env.get("AWS_ACCESS_KEY_ID") ?? "",
      secretAccessKey: Deno.env.get("AWS_SECRET_ACCESS_KEY") ?? "",
    };
  } else {
    const bin = await ensureMoto();
    const port = findFreePort(15500 + Math.floor(Math.random() * 400));
    endpoint = `http://${LOOPBACK}:${port}`;
    const child = new Deno.Command(bin, {
      args: ["-H", LOOPBACK, "-p", String(port)],
      stdout: "null",
      stderr: "null",
      stdin: "null",
    }).spawn();
    stop = async () => {
      if (signalProcess(child.pid, "SIGTERM") && !(await waitForExit(child.pid, 5_000))) {
        signalProcess(child.pid, "SIGKILL");
      }
      await child.status;
    };
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`${endpoint}/moto-api/`).then(async (r) => {
        await r.body?.cancel();
        return r.ok;
      }, () => false);
      if (ok) break;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`moto did not start on ${endpoint}`);
      }
      await sleep(150);
    }
  }
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials,
  });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  const server: TestS3Server = {
    endpoint,
    bucket,
    credentials,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: "us-east-1",
    },
    async setAuth(on) {
      if (external) throw new Error("setAuth needs moto");
      const r = await fetch(`${endpoint}/moto-api/reset-auth`, {
        method: "POST",
        body: on ? "0" : "inf",
      });
      await r.body?.cancel();
      if (!r.ok) throw new Error(`moto reset-auth answered ${r.status}`);
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
  return server;
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
