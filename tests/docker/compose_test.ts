import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { DEFAULT_MASTER_PORT } from "../../src/server/cluster.ts";
import { DEFAULT_PORT } from "../../src/server/local.ts";

const DOCKER = fileURLToPath(new URL("../../docker/", import.meta.url));

/** The defaults of the tools the stack runs (MinIO's S3 port, JupyterLab's, Airflow's). */
const MINIO_PORT = 9000;
const JUPYTERLAB_PORT = 8888;
const AIRFLOW_PORT = 8080;

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  entrypoint?: string[];
  ports?: string[];
  volumes?: string[];
  env_file?: { path: string }[];
  container_name?: string;
  depends_on?: string[] | Record<string, { condition: string }>;
}

async function compose(): Promise<{ services: Record<string, Service>; volumes: object }> {
  const text = await Deno.readTextFile(join(DOCKER, "docker-compose.yml"));
  return parse(text, { merge: true });
}

async function envFile(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of (await Deno.readTextFile(join(DOCKER, "lakebook.env"))).split("\n")) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** `"HOST:CONTAINER"` entries as pairs. */
function ports(s: Service): [number, number][] {
  return (s.ports ?? []).map((p) => p.split(":").map(Number) as [number, number]);
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

Deno.test("docker-compose.yml parses and has every service of the stack", async () => {
  const { services } = await compose();
  assert.deepEqual(Object.keys(services).sort(), [
    "airflow",
    "jupyterlab",
    "minio",
    "minio-init",
    "spark-connect",
    "spark-master",
    "spark-worker",
  ]);
  for (const [name, s] of Object.entries(services)) {
    assert.ok(s.image, `${name} names its image`);
  }
});

Deno.test("every file the compose file references exists: build contexts, Dockerfiles, env file, mounts", async () => {
  const { services, volumes } = await compose();
  for (const [name, s] of Object.entries(services)) {
    if (s.build) {
      const context = resolve(DOCKER, s.build.context);
      assert.ok(await exists(context), `${name}: context ${context}`);
      assert.ok(await exists(join(context, s.build.dockerfile)), `${name}: ${s.build.dockerfile}`);
    }
    assert.deepEqual(
      s.env_file?.map((e) => e.path),
      ["./lakebook.env"],
      `${name} shares lakebook.env`,
    );
    assert.ok(await exists(join(DOCKER, "lakebook.env")));
    for (const v of s.volumes ?? []) {
      const source = v.split(":")[0];
      if (source.startsWith(".") || source.startsWith("/")) {
        assert.ok(await exists(resolve(DOCKER, source)), `${name}: mount source ${source}`);
      } else {
        assert.ok(source in volumes, `${name}: named volume ${source} is declared`);
      }
    }
  }
});

Deno.test("ports agree with the code's defaults: Connect 15002, master 7077, MinIO 9000, JupyterLab 8888, Airflow 8080", async () => {
  const { services } = await compose();
  const env = await envFile();
  assert.equal(DEFAULT_PORT, 15002);
  assert.equal(DEFAULT_MASTER_PORT, 7077);
  assert.deepEqual(ports(services["spark-connect"])[0], [DEFAULT_PORT, DEFAULT_PORT]);
  assert.deepEqual(ports(services["spark-master"])[0], [DEFAULT_MASTER_PORT, DEFAULT_MASTER_PORT]);
  assert.deepEqual(ports(services.minio)[0], [MINIO_PORT, MINIO_PORT]);
  assert.deepEqual(ports(services.jupyterlab), [[JUPYTERLAB_PORT, JUPYTERLAB_PORT]]);
  assert.deepEqual(ports(services.airflow), [[AIRFLOW_PORT, AIRFLOW_PORT]]);
  // Every host port is used once (the master's UI moves off Airflow's 8080).
  const host = Object.values(services).flatMap((s) => ports(s).map(([h]) => h));
  assert.equal(new Set(host).size, host.length, `host ports ${host}`);

  assert.equal(env.SPARK_REMOTE, `sc://spark-connect:${DEFAULT_PORT}`);
  assert.equal(env.SPARK_MASTER_URL, `spark://spark-master:${DEFAULT_MASTER_PORT}`);
  assert.equal(env.AWS_ENDPOINT_URL, `http://minio:${MINIO_PORT}`);
  assert.match(
    await Deno.readTextFile(join(DOCKER, "jupyter/Dockerfile")),
    new RegExp(`--port=${JUPYTERLAB_PORT}`),
  );
});

Deno.test("one configuration: MinIO's root user is the S3 key Lakebook and Spark use; the bucket is made by an init container", async () => {
  const { services } = await compose();
  const env = await envFile();
  assert.equal(env.MINIO_ROOT_USER, env.AWS_ACCESS_KEY_ID);
  assert.equal(env.MINIO_ROOT_PASSWORD, env.AWS_SECRET_ACCESS_KEY);
  assert.ok(env.LAKEBOOK_BUCKET);
  const init = services["minio-init"];
  assert.deepEqual(init.depends_on, { minio: { condition: "service_healthy" } });
  const script = await Deno.readTextFile(join(DOCKER, "minio/create-bucket.sh"));
  assert.match(script, /mc mb --ignore-existing "lake\/\$LAKEBOOK_BUCKET"/);
  for (const name of Object.keys(env)) {
    if (!/^(AWS_|SPARK_|MINIO_|LAKEBOOK_|NO_COLOR)/.test(name)) assert.fail(`unexpected ${name}`);
  }
  // Secrets never go on a Spark command line (they would show in its UI and logs).
  const entry = (await Deno.readTextFile(join(DOCKER, "spark/entrypoint.sh")))
    .split("\n").filter((line) => !/^\s*#/.test(line)).join("\n");
  assert.ok(!entry.includes("AWS_SECRET_ACCESS_KEY") && !entry.includes("secret.key"));
});

Deno.test("the Spark cluster services share one image; workers scale (no fixed name or host port)", async () => {
  const { services } = await compose();
  const spark = ["spark-master", "spark-worker", "spark-connect"].map((n) => services[n]);
  assert.equal(new Set(spark.map((s) => s.image)).size, 1);
  for (const s of spark) assert.equal(s.build?.dockerfile, "docker/spark/Dockerfile");
  assert.deepEqual(spark.map((s) => s.command), [["master"], ["worker"], ["connect"]]);
  const worker = services["spark-worker"];
  assert.equal(worker.container_name, undefined);
  assert.equal(worker.ports, undefined);
  assert.deepEqual(services["spark-connect"].depends_on, {
    "spark-master": { condition: "service_started" },
    "minio-init": { condition: "service_completed_successfully" },
  });
});
