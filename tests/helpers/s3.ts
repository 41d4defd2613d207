/**
 * A real S3-compatible server on loopback for tests: MinIO, built once from its Go module by
 * `scripts/minio.sh` into the Lakebook cache, started on a free port with root credentials
 * generated for the run, a data folder under tests/out and a fresh bucket, and stopped by pid.
 *
 * To run the suite against another server, set `LAKEBOOK_TEST_S3_ENDPOINT` (with
 * `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`): the helper then only creates a bucket there.
 *
 * @module
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort, LOOPBACK } from "../../src/server/net.ts";
import { isProcessAlive, signalProcess, sleep, waitForExit } from "../../src/server/process.ts";

const SCRIPT = fileURLToPath(new URL("../../scripts/minio.sh", import.meta.url));
const OUT = fileURLToPath(new URL("../out", import.meta.url));

/** A running S3 server with a bucket made for this run. */
export interface TestS3Server extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`. */
  endpoint: string;
  /** A bucket that exists, unique to this start. */
  bucket: string;
  /** Credentials the server accepts (generated for this start). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Environment for a child process (AWS_ENDPOINT_URL, keys, region). */
  env: Record<string, string>;
  /** The server's pid (none for an external server). */
  pid?: number;
  /** Stops the server (when this helper started it) and removes its data. */
  stop(): Promise<void>;
}

/**
 * The MinIO binary, built by `scripts/minio.sh` unless the pinned version is in the cache.
 *
 * @example
 * const bin = await ensureMinio(); // "~/.cache/lakebook/minio-v0.0.0-.../bin/minio"
 */
export async function ensureMinio(): Promise<string> {
  const out = await new Deno.Command("bash", {
    args: [SCRIPT],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  if (!out.success) throw new Error(`scripts/minio.sh failed:\n${text.decode(out.stderr)}`);
  return text.decode(out.stdout).trim().split("\n").at(-1)!;
}

/** A random hex string of `bytes` bytes. */
function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Starts MinIO on a free loopback port (or uses `LAKEBOOK_TEST_S3_ENDPOINT`) and creates a fresh
 * bucket.
 *
 * @example
 * await using s3 = await startS3Server();
 * const storage = new Storage({ endpoint: s3.endpoint, credentials: s3.credentials });
 */
export async function startS3Server(): Promise<TestS3Server> {
  const id = randomHex(4);
  const bucket = `lakebook-test-${id}`;
  const external = Deno.env.get("LAKEBOOK_TEST_S3_ENDPOINT");
  let stop = async () => {};
  let endpoint: string;
  let pid: number | undefined;
  let credentials = { accessKeyId: `lakebook-${id}`, secretAccessKey: randomHex(20) };
  if (external) {
    endpoint = external;
    credentials = {
      accessKeyId: Deno.env.get("AWS_ACCESS_KEY_ID") ?? "",
      secretAccessKey: Deno.env.get("AWS_SECRET_ACCESS_KEY") ?? "",
    };
  } else {
    const bin = await ensureMinio();
    const dir = join(OUT, `minio-${id}`);
    await Deno.mkdir(join(dir, "data"), { recursive: true });
    const port = findFreePort(15500 + Math.floor(Math.random() * 400));
    const consolePort = findFreePort(port + 1);
    endpoint = `http://${LOOPBACK}:${port}`;
    // Through `exec` so the pid is MinIO's own and its output lands in a log beside its data.
    const child = new Deno.Command("sh", {
      args: [
        "-c",
        'exec "$0" server "$1" --address "$2" --console-address "$3" --quiet >"$4" 2>&1',
        bin,
        join(dir, "data"),
        `${LOOPBACK}:${port}`,
        `${LOOPBACK}:${consolePort}`,
        join(dir, "minio.log"),
      ],
      env: {
        MINIO_ROOT_USER: credentials.accessKeyId,
        MINIO_ROOT_PASSWORD: credentials.secretAccessKey,
        MINIO_BROWSER: "off",
        MINIO_UPDATE: "off",
      },
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    pid = child.pid;
    stop = async () => {
      if (signalProcess(child.pid, "SIGTERM") && !(await waitForExit(child.pid, 5_000))) {
        signalProcess(child.pid, "SIGKILL");
      }
      await child.status;
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    };
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`${endpoint}/minio/health/ready`).then(async (r) => {
        await r.body?.cancel();
        return r.ok;
      }, () => false);
      if (ok) break;
      if (!isProcessAlive(child.pid) || Date.now() > deadline) {
        const log = await Deno.readTextFile(join(dir, "minio.log")).catch(() => "");
        await stop();
        throw new Error(`MinIO did not start on ${endpoint}:\n${log.slice(-2000)}`);
      }
      await sleep(100);
    }
  }
  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials });
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  return {
    endpoint,
    bucket,
    credentials,
    env: {
      AWS_ENDPOINT_URL: endpoint,
      AWS_ACCESS_KEY_ID: credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
      AWS_REGION: "us-east-1",
    },
    pid,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** A loopback proxy in front of an S3 server that can answer 503 SlowDown for a while. */
export interface ThrottlingProxy extends AsyncDisposable {
  /** `http://127.0.0.1:PORT`: use it as the S3 endpoint. */
  endpoint: string;
  /** Requests answered 503 so far. */
  readonly failed: number;
  /** Requests forwarded so far. */
  readonly forwarded: number;
  /** Answers the next `count` requests with 503 SlowDown, then forwards again. */
  failNext(count: number): void;
}

/**
 * Starts a proxy that answers the first `fail` requests (and those asked for by `failNext`)
 * with 503 SlowDown and forwards the others to `target` byte for byte, `Host` header included,
 * so signatures made for the proxy's address still verify.
 *
 * @example
 * await using proxy = await startThrottlingProxy(s3.endpoint, 4);
 * const storage = new Storage({ endpoint: proxy.endpoint, credentials: s3.credentials });
 */
export async function startThrottlingProxy(target: string, fail = 0): Promise<ThrottlingProxy> {
  const to = new URL(target);
  let toFail = fail;
  let failed = 0;
  let forwarded = 0;
  const server = http.createServer((req, res) => {
    if (toFail > 0) {
      toFail--;
      failed++;
      req.resume();
      res.writeHead(503, { "content-type": "application/xml", connection: "close" });
      res.end(
        "<?xml version='1.0' encoding='UTF-8'?><Error><Code>SlowDown</Code>" +
          "<Message>Please reduce your request rate.</Message></Error>",
      );
      return;
    }
    forwarded++;
    const upstream = http.request({
      host: to.hostname,
      port: Number(to.port),
      method: req.method,
      path: req.url,
      headers: req.headers,
    }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${LOOPBACK}:${port}`,
    get failed() {
      return failed;
    },
    get forwarded() {
      return forwarded;
    },
    failNext(count) {
      toFail = count;
    },
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
