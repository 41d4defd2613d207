/** `lakebook validate` end to end, in a subprocess. */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { sharedUrl } from "../helpers/spark.ts";
import { lakebook } from "../server/cli_process.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("lakebook validate prints every problem of a broken config as file:line:col and exits 1", async () => {
  const file = "tests/config/fixtures/bad.yaml";
  const { code, stdout, stderr } = await lakebook(["validate", "--spark", sharedUrl(), file]);
  const expected = await Deno.readTextFile(`${ROOT}tests/config/fixtures/bad.spark.expected`);
  deepStrictEqual(stdout.trimEnd().split("\n"), expected.trimEnd().split("\n"));
  strictEqual(stderr.trim(), "lakebook: 1 of 1 configs have problems");
  strictEqual(code, 1);
});

Deno.test("lakebook validate with no paths checks every shipped config and exits 0", async () => {
  const { code, stdout } = await lakebook(["validate", "--no-spark"]);
  deepStrictEqual(stdout.trimEnd().split("\n"), [
    "ingestion_config/review_aggregation.yaml: ok",
    "ingestion_config/reviews.yaml: ok",
  ]);
  strictEqual(code, 0);
  const usage = await lakebook(["validate", "--frobnicate"]);
  ok(usage.stderr.includes("(see lakebook validate --help)"), usage.stderr);
  strictEqual(usage.code, 1);
});
