import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { serverCommandLine } from "../../src/server/launch.ts";
import type { SparkRuntime } from "../../src/server/install.ts";

const runtime: SparkRuntime = {
  sparkVersion: "4.2.0",
  deltaVersion: "4.4.0",
  jarsDir: "/rt/jars",
  classpath: ["/rt/jars/*", "/delta/jars/delta-spark.jar"],
  connectJar: "/rt/jars/spark-connect_2.13-4.2.0.jar",
  source: "cache",
  s3: false,
};

function confOf(args: string[]): Record<string, string> {
  const conf: Record<string, string> = {};
  args.forEach((a, i) => {
    if (a === "--conf") {
      const [k, ...v] = args[i + 1].split("=");
      conf[k] = v.join("=");
    }
  });
  return conf;
}

Deno.test("the server binds to loopback on its port, with Delta, UTC and its state folder", () => {
  const { program, args } = serverCommandLine({
    java: { path: "/jdk/bin/java", major: 17 },
    runtime,
    port: 15123,
    stateDir: "/state",
    memory: "2g",
    master: "local[2]",
    conf: { "spark.sql.shuffle.partitions": "4", "spark.sql.session.timeZone": "Europe/Paris" },
  });
  strictEqual(program, "/jdk/bin/java");
  strictEqual(args[0], "-Xmx2g");
  strictEqual(args.at(-1), "spark-internal");
  strictEqual(args[args.indexOf("-cp") + 1], "/rt/jars/*:/delta/jars/delta-spark.jar");
  strictEqual(
    args[args.indexOf("--class") + 1],
    "org.apache.spark.sql.connect.service.SparkConnectServer",
  );
  ok(args.indexOf("org.apache.spark.deploy.SparkSubmit") > args.indexOf("-cp"));
  ok(args.includes("-Djava.io.tmpdir=/state/tmp"));
  ok(args.includes("-Dderby.system.home=/state/derby"));
  deepStrictEqual(confOf(args), {
    "spark.master": "local[2]",
    "spark.connect.grpc.binding.address": "127.0.0.1",
    "spark.connect.grpc.binding.port": "15123",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.ui.enabled": "false",
    "spark.sql.extensions": "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    "spark.sql.session.timeZone": "Europe/Paris",
    "spark.sql.warehouse.dir": "/state/warehouse",
    "spark.databricks.delta.snapshotPartitions": String(
      Math.min(50, navigator.hardwareConcurrency),
    ),
    "spark.sql.shuffle.partitions": "4",
  });
});
