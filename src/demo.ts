/**
 * `deno task demo`: the reference workload in miniature on the embedded local Spark: read the
 * sample reviews, keep the latest version of each, MERGE them into a Delta table (twice, to
 * show the upsert is idempotent), and print the table's history and a per-restaurant summary.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { connect } from "./server/embedded.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const input = `${root}data/sample/reviews.jsonl`;
const table = `delta.\`${root}data/output/demo_reviews\``;

await using spark = await connect(undefined, {
  local: { log: (line) => console.error(line) },
});
console.log(`Spark ${await spark.version()} over Spark Connect`);

await spark.sql(
  `CREATE TABLE IF NOT EXISTS ${table}
   (restaurantId BIGINT, reviewId BIGINT, text STRING, rating DOUBLE, publishedAt TIMESTAMP)
   USING delta`,
);
const latest = `(SELECT restaurantId, reviewId, text, rating, publishedAt FROM (
    SELECT *, row_number() OVER (PARTITION BY restaurantId, reviewId
                                 ORDER BY publishedAt DESC, text DESC) AS rn
    FROM json.\`${input}\`
    WHERE restaurantId IS NOT NULL AND reviewId IS NOT NULL AND publishedAt IS NOT NULL)
  WHERE rn = 1)`;
for (const run of [1, 2]) {
  const [merged] = await (await spark.sql(
    `MERGE INTO ${table} t USING ${latest} s
     ON t.restaurantId = s.restaurantId AND t.reviewId = s.reviewId
     WHEN MATCHED AND s.publishedAt > t.publishedAt THEN UPDATE SET *
     WHEN NOT MATCHED THEN INSERT *`,
  )).collect();
  console.log(`merge ${run}:`, merged);
}

const history = await (await spark.sql(`DESCRIBE HISTORY ${table}`)).collect();
console.table(history.map((h) => ({ version: h.version, operation: h.operation })));
const summary = await (await spark.sql(
  `SELECT restaurantId, count(*) AS reviewCount, round(avg(rating), 2) AS averageRating,
          round(avg(length(text)), 1) AS averageReviewLength
   FROM ${table} GROUP BY restaurantId ORDER BY restaurantId`,
)).collect();
console.table(summary);
console.error(
  "lakebook: the local Spark server keeps running for the next job or notebook; " +
    "stop it with: deno task lakebook spark stop",
);
