/**
 * `deno task demo`: the reference workload on the embedded local Spark. Runs the review
 * ingestion job (`ingestion_config/reviews.yaml`) on the sample reviews, then the same job on
 * the sample's bad rows (every kind of bad line, to show the quarantine), then the aggregation
 * job (`ingestion_config/review_aggregation.yaml`) as of the newest review; prints each run's
 * reconciliation, the quarantine by rule and the top restaurants. Runs are recorded in
 * `.lakebook/history/` (see `deno task lakebook history`); rerunning the demo shows the
 * upserts are idempotent (everything unchanged).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { loadConfig, sinksOf } from "./config/mod.ts";
import type { RunRecord } from "./jobs/history.ts";
import { progressPrinter } from "./jobs/progress.ts";
import { runJob } from "./jobs/run.ts";
import { connect } from "./server/embedded.ts";
import { deltaTable } from "./steps/delta.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const ingestion = `${root}ingestion_config/reviews.yaml`;
const aggregation = `${root}ingestion_config/review_aggregation.yaml`;
const historyRoot = `${root}.lakebook/history`;

await using spark = await connect(undefined, {
  local: { log: (line) => console.error(line) },
});
console.log(`Spark ${await spark.version()} over Spark Connect\n`);
const run = { spark, onProgress: progressPrinter(), historyRoot };
const report = (title: string, record: RunRecord) => {
  const r = record.reconciliation;
  console.log(`${title}: run ${record.runId} ${record.status} in ${record.seconds.toFixed(1)} s`);
  if (r) console.log(`  ${r.balanced ? "balanced" : "NOT balanced"}: ${r.equation}\n`);
};

const reviews = await loadConfig(ingestion);
report("reviews (sample)", await runJob(ingestion, run));
const badRows = {
  ...reviews,
  source: { ...reviews.source, path: `${root}data/sample/bad_rows.jsonl` },
};
report("reviews (bad rows)", await runJob(badRows, run));

const curated = deltaTable(sinksOf(reviews)[0].path);
const [{ newest }] = await (await spark.sql(
  `SELECT CAST(max(publishedAt) AS DATE) AS newest FROM ${curated}`,
)).collect();
const asOf = (newest as Date).toISOString().slice(0, 10);
report(`review_aggregation (as of ${asOf})`, await runJob(aggregation, { ...run, asOf }));

if (reviews.quarantine) {
  console.log("Quarantine, by rule:");
  const rules = await (await spark.sql(
    `SELECT step, rule, count(*) AS rows FROM ${deltaTable(reviews.quarantine.path)}
     GROUP BY step, rule ORDER BY rows DESC, rule`,
  )).collect();
  console.table(rules.map((r) => ({ ...r, rows: Number(r.rows) })));
}
const table = sinksOf(await loadConfig(aggregation)).find((s) => s.format === "delta");
if (table) {
  console.log(`Top restaurants of the last 3 years (3 reviews or more), as of ${asOf}:`);
  const top = await (await spark.sql(
    `SELECT restaurantId, reviewCount, round(averageRating, 2) AS averageRating,
            round(averageReviewLength, 1) AS averageReviewLength,
            reviewAge.newest AS newestDays, reviewAge.oldest AS oldestDays,
            round(reviewAge.average, 1) AS averageDays
     FROM ${deltaTable(table.path)} WHERE asOf = DATE'${asOf}' AND reviewCount >= 3
     ORDER BY averageRating DESC, reviewCount DESC, restaurantId LIMIT 10`,
  )).collect();
  console.table(top.map((r) => ({
    ...r,
    restaurantId: Number(r.restaurantId),
    reviewCount: Number(r.reviewCount),
  })));
}
console.error(
  "lakebook: the local Spark server keeps running for the next job or notebook; " +
    "stop it with: deno task lakebook spark stop",
);
