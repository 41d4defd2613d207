import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import {
  diagnoseStartupFailure,
  lastLines,
  readFrom,
  rotateLog,
} from "../../src/server/server_log.ts";

Deno.test("recognizable startup failures are named", () => {
  const cases: [string, string | undefined][] = [
    ["java.io.IOException: Failed to bind to address 127.0.0.1:15002", "port_taken"],
    ["Caused by: java.net.BindException: Address already in use", "port_taken"],
    [
      "Error: Could not find or load main class org.apache.spark.deploy.SparkSubmit",
      "classes_missing",
    ],
    [
      "java.lang.UnsupportedClassVersionError: org/apache/spark/deploy/SparkSubmit has been compiled by a more recent version",
      "java_too_old",
    ],
    ['Exception in thread "main" java.lang.OutOfMemoryError: Java heap space', "out_of_memory"],
    ["Invalid maximum heap size: -Xmx4q", "out_of_memory"],
    [
      "Unrecognized option: --bogus\nError: Could not create the Java Virtual Machine.",
      "jvm_options",
    ],
    ["INFO SparkContext: Running Spark version 4.2.0", undefined],
  ];
  for (const [log, kind] of cases) strictEqual(diagnoseStartupFailure(log, 15002)?.kind, kind, log);
  strictEqual(diagnoseStartupFailure("BindException", 15007)?.message, "port 15007 is taken");
});

Deno.test("the last lines of a log, and reading on from an offset", async () => {
  deepStrictEqual(lastLines("a\nb\nc\n", 2), ["b", "c"]);
  deepStrictEqual(lastLines("a\nb", 5), ["a", "b"]);
  deepStrictEqual(lastLines("a\n", 0), []);
  const dir = await Deno.makeTempDir({ prefix: "lakebook-log-test-" });
  try {
    const log = join(dir, "server.log");
    await Deno.writeTextFile(log, "one\n");
    const first = await readFrom(log, 0);
    deepStrictEqual(first, { text: "one\n", offset: 4 });
    await Deno.writeTextFile(log, "two\n", { append: true });
    deepStrictEqual(await readFrom(log, first.offset), { text: "two\n", offset: 8 });
    deepStrictEqual(await readFrom(log, 8), { text: "", offset: 8 });
    await rotateLog(log);
    await Deno.writeTextFile(log, "x\n");
    deepStrictEqual(await readFrom(log, 8), { text: "", offset: 0 }, "a new, shorter log restarts");
    strictEqual(await Deno.readTextFile(`${log}.1`), "one\ntwo\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
