import { match, strictEqual } from "node:assert/strict";
import { pomProperties, readRuntimePom } from "../../src/server/pom.ts";

Deno.test("the runtime pom names the Spark and Delta versions", async () => {
  const pom = await readRuntimePom();
  match(pom.sparkVersion, /^4\.\d+\.\d+$/);
  match(pom.deltaVersion, /^\d+\.\d+\.\d+$/);
  strictEqual(pom.deltaSparkLine, pom.sparkVersion.split(".").slice(0, 2).join("."));
  strictEqual(pom.scalaBinaryVersion, "2.13");
  match(pom.sha256, /^[0-9a-f]{64}$/);
});

Deno.test("pom properties ignore comments", () => {
  const props = pomProperties(
    "<project><properties><!-- <a>0</a> --><a>1</a>\n<b.c> 2 </b.c></properties></project>",
  );
  strictEqual(props.get("a"), "1");
  strictEqual(props.get("b.c"), "2");
});
