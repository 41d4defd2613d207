import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { formatProblem, validateConfig } from "../../src/config/mod.ts";
import { withSpark } from "../helpers/spark.ts";
import { copyProject, lakebook } from "./project.ts";

Deno.test("lakebook run and lakebook history, end to end in subprocesses", async (t) => {
  const dir = await copyProject();
  const history = `${dir}/history`;
  const config = `${dir}/ingestion_config/reviews.yaml`;
  try {
    await t.step("a run that succeeds exits 0 and prints its account and record", async () => {
      const { code, stdout, stderr } = await lakebook("run", config, "--history", history);
      strictEqual(code, 0, stderr);
      ok(
        stdout.includes(
          "balanced: 16 read = 7 quarantined + 1 dropped by masking + 3 duplicates removed + " +
            "5 inserted + 0 updated + 0 unchanged",
        ),
        stdout,
      );
      ok(/^record: .*\/history\/reviews\/\d{8}T\d{6}Z-[0-9a-f]{6}\.json$/m.test(stdout), stdout);
      // Not a terminal: plain progress lines, no bars.
      ok(
        stderr.includes("lakebook: read_source > validate_rows > mask_words > dedupe > filter ..."),
      );
      ok(!stderr.includes("\r"), "no live bar off a terminal");
    });

    await t.step("a run that fails exits 1 and records why", async () => {
      const { code, stderr } = await lakebook(
        "run",
        config,
        "--param",
        "batch=missing",
        "--history",
        history,
      );
      strictEqual(code, 1, stderr);
      ok(stderr.includes("PATH_NOT_FOUND"), stderr);
    });

    await t.step(
      "lakebook history lists both runs, newest first, as a table and as JSON",
      async () => {
        const table = await lakebook("history", "--history", history);
        strictEqual(table.code, 0, table.stderr);
        const lines = table.stdout.trim().split("\n");
        strictEqual(lines.length, 4);
        ok(lines[2].includes("reviews  failed"), lines[2]);
        ok(lines[3].includes("reviews  succeeded"), lines[3]);
        const json = await lakebook("history", "--history", history, "--job", "reviews", "--json");
        const runs = JSON.parse(json.stdout);
        deepStrictEqual(runs.map((r: { status: string }) => r.status), ["failed", "succeeded"]);
        strictEqual(runs[1].reconciliation.rowsRead, 16);
        strictEqual(runs[0].params.batch, "missing");
        const none = await lakebook("history", "--history", history, "--job", "other", "--json");
        deepStrictEqual(JSON.parse(none.stdout), []);
      },
    );

    await t.step(
      "an invalid config exits 2 with the validator's messages, and nothing runs",
      async () => {
        const bad = `${dir}/ingestion_config/bad.yaml`;
        await Deno.writeTextFile(
          bad,
          (await Deno.readTextFile(config))
            .replace('filter: "rating >= 1"', 'filter: "ratin >= 1"')
            .replace("latest_by: publishedAt", "latest_by: publishedAt\n      tiebreak: [text]"),
        );
        const { code, stderr } = await lakebook("run", bad, "--history", history);
        strictEqual(code, 2, stderr);
        const expected = await withSpark((spark) => validateConfig(bad, { spark }));
        strictEqual(expected.length, 2);
        for (const p of expected) {
          ok(stderr.includes(formatProblem(p)), `${formatProblem(p)}\n${stderr}`);
        }
        ok(stderr.includes("invalid config (nothing ran)"));
        const json = await lakebook("history", "--history", history, "--json");
        strictEqual(JSON.parse(json.stdout).length, 2);
      },
    );

    await t.step("a bad parameter exits 2", async () => {
      const { code, stderr } = await lakebook("run", config, "--param", "nope=1");
      strictEqual(code, 2);
      ok(stderr.includes("unknown parameter 'nope'"), stderr);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
