/**
 * The job tests' fixture project (`fixtures/project/`), copied to a temporary folder so that
 * every run's tables, quarantine and history stay there; and helpers to read what runs wrote.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { SparkSession } from "../../src/connect/session.ts";
import { deltaTable } from "../../src/steps/delta.ts";
import { sharedUrl } from "../helpers/spark.ts";
import { type CliResult, lakebook as cli } from "../server/cli_process.ts";

/** The fixture project, as shipped. */
export const FIXTURE = fileURLToPath(new URL("./fixtures/project/", import.meta.url));

/** The repository's root. */
export const REPO = fileURLToPath(new URL("../../", import.meta.url));

/** Runs `lakebook <args>` in a subprocess on the suite's server. */
export function lakebook(...args: string[]): Promise<CliResult> {
  return cli(args, { env: { SPARK_REMOTE: sharedUrl() } });
}

/** A fresh copy of the fixture project; resolves to its path (no trailing slash). */
export async function copyProject(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "lakebook-jobs-" });
  await copyDir(FIXTURE, dir);
  return dir;
}

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(`${from}/${e.name}`, `${to}/${e.name}`);
    else if (e.isFile) await Deno.copyFile(`${from}/${e.name}`, `${to}/${e.name}`);
  }
}

/** The curated reviews, ordered by key, timestamps as UTC text. */
export async function curatedRows(spark: SparkSession, dir: string) {
  return await (await spark.sql(
    `SELECT restaurantId, reviewId, text, rating,
            date_format(publishedAt, "yyyy-MM-dd'T'HH:mm:ss'Z'") AS publishedAt, published_month
     FROM ${deltaTable(`${dir}/data/output/reviews`)} ORDER BY restaurantId, reviewId`,
  )).collect();
}

/** The latest version of a Delta table of the project. */
export async function latestVersion(spark: SparkSession, path: string): Promise<number> {
  const [row] = await (await spark.sql(`DESCRIBE HISTORY ${deltaTable(path)} LIMIT 1`)).collect();
  return Number(row.version);
}

/** A row of the curated table, as `curatedRows` gives it. */
export function review(
  restaurantId: number,
  reviewId: number,
  text: string,
  rating: number,
  publishedAt: string,
) {
  return {
    restaurantId: BigInt(restaurantId),
    reviewId: BigInt(reviewId),
    text,
    rating,
    publishedAt,
    published_month: publishedAt.slice(0, 7),
  };
}
