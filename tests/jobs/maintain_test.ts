import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { listRuns } from "../../src/jobs/history.ts";
import { runJob } from "../../src/jobs/run.ts";
import { deltaTable, history } from "../../src/steps/delta.ts";
import type { SparkSession } from "../../src/connect/session.ts";
import { withSpark } from "../helpers/spark.ts";
import { copyProject, curatedRows, lakebook } from "./project.ts";

async function numFiles(spark: SparkSession, path: string): Promise<number> {
  const [d] = await (await spark.sql(`DESCRIBE DETAIL ${deltaTable(path)}`)).collect();
  return Number(d.numFiles);
}

/** Parquet files on disk under a table folder (live and unreferenced alike). */
async function filesOnDisk(dir: string): Promise<number> {
  let n = 0;
  for await (const e of Deno.readDir(dir)) {
    if (e.isDirectory && !e.name.startsWith("_")) n += await filesOnDisk(`${dir}/${e.name}`);
    else if (e.isFile && e.name.endsWith(".parquet")) n++;
  }
  return n;
}

Deno.test("lakebook maintain compacts and vacuums the tables of a config after several MERGE runs", async (t) => {
  const dir = await copyProject();
  const config = `${dir}/ingestion_config/reviews.yaml`;
  const historyRoot = `${dir}/history`;
  const sink = `${dir}/data/output/reviews`;
  const quarantine = `${dir}/data/output/reviews_quarantine`;
  const maintain = (...args: string[]) =>
    lakebook("maintain", config, "--history", historyRoot, ...args);
  // Sessions are opened around each check, never held idle while a subprocess works.
  const version = () => withSpark(async (spark) => (await history(spark, sink, 1))[0].version);
  try {
    for (const batch of ["batch1", "batch2", "batch3"]) {
      await runJob(config, { params: { batch }, historyRoot });
    }
    const [before, filesBefore] = await withSpark(async (spark) =>
      [await curatedRows(spark, dir), await numFiles(spark, sink)] as const
    );
    const versionBefore = await version();

    await t.step("below 168 h without the config's consent: exit 2, nothing ran", async () => {
      const { code, stderr } = await maintain("--retain-hours", "0");
      strictEqual(code, 2, stderr);
      ok(stderr.includes("maintenance.allow_short_retention: true"), stderr);
      strictEqual(await version(), versionBefore);
    });

    // The config consents to a retention of 0 hours (tests only: old versions lose files).
    await Deno.writeTextFile(
      config,
      "maintenance:\n  retain_hours: 0\n  allow_short_retention: true\n",
      { append: true },
    );

    await t.step("--dry-run changes nothing and says what VACUUM would delete", async () => {
      const onDisk = await filesOnDisk(sink);
      const { code, stdout, stderr } = await maintain("--dry-run");
      strictEqual(code, 0, stderr);
      ok(stdout.includes("vacuum_dry_run"), stdout);
      strictEqual(await version(), versionBefore);
      strictEqual(await filesOnDisk(sink), onDisk);
    });

    await t.step("fewer files, the same rows, OPTIMIZE and VACUUM in the history", async () => {
      const { code, stdout, stderr } = await maintain();
      strictEqual(code, 0, stderr);
      ok(stdout.includes("(OPTIMIZE)"), stdout);
      ok(stderr.includes("ZORDER BY (restaurantId, reviewId)"), stderr);
      await withSpark(async (spark) => {
        const filesAfter = await numFiles(spark, sink);
        ok(filesAfter < filesBefore, `${filesAfter} files after, ${filesBefore} before`);
        // VACUUM with 0 hours left only the files the table uses.
        strictEqual(await filesOnDisk(sink), filesAfter);
        deepStrictEqual(await curatedRows(spark, dir), before);
        const ops = (await history(spark, sink, 5)).map((c) => c.operation);
        deepStrictEqual(ops.slice(0, 3), ["VACUUM END", "VACUUM START", "OPTIMIZE"]);
        const commits = await (await spark.sql(`DESCRIBE HISTORY ${deltaTable(sink)}`)).collect();
        const optimize = commits.find((c) => c.operation === "OPTIMIZE");
        const parameters = optimize?.operationParameters as Map<string, string>;
        strictEqual(parameters.get("zOrderBy"), '["restaurantId","reviewId"]');
        ok((await history(spark, quarantine, 3)).some((c) => c.operation === "OPTIMIZE"));
      });
    });

    await t.step(
      "the record: kind maintain, a step per table and operation, files counted",
      async () => {
        const runs = (await listRuns({ root: historyRoot, job: "reviews" }))
          .filter((r) => r.kind === "maintain");
        strictEqual(runs.length, 2); // the dry run and the run
        const [run] = runs;
        strictEqual(run.status, "succeeded");
        deepStrictEqual(run.params, { retain_hours: 0, dry_run: false });
        deepStrictEqual(
          run.steps.map((s) => `${s.step} ${s.details?.table}`),
          [`optimize ${sink}`, `vacuum ${sink}`, `optimize ${quarantine}`, `vacuum ${quarantine}`],
        );
        const [opt, vac] = run.steps;
        strictEqual(opt.details?.filesBefore, filesBefore);
        ok(Number(opt.details?.filesRemoved) > Number(opt.details?.filesAdded));
        ok(Number(vac.details?.filesDeleted) > 0);
        strictEqual(opt.rowsIn, before.length);
        strictEqual(opt.rowsOut, before.length);
        deepStrictEqual(
          run.deltaVersions.filter((v) => v.role === "sink").map((v) => v.operation),
          ["OPTIMIZE", "VACUUM END"],
        );
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("lakebook maintain on an invalid config exits 2 and names the problem", async () => {
  const dir = await copyProject();
  try {
    const config = `${dir}/ingestion_config/reviews.yaml`;
    const text = await Deno.readTextFile(config);
    await Deno.writeTextFile(config, text + "maintenance:\n  retain_hours: soon\n");
    const { code, stderr } = await lakebook("maintain", config);
    strictEqual(code, 2, stderr);
    ok(/reviews\.yaml:\d+:\d+: maintenance\.retain_hours/.test(stderr), stderr);
    ok(stderr.includes("invalid config (nothing ran)"), stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
