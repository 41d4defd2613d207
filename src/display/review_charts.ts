/**
 * Ready-made charts of reviews (`restaurantId`, `reviewId`, `text`, `rating`, `publishedAt`):
 * each aggregates in Spark and collects only the aggregate — a handful of rows however many
 * reviews there are.
 *
 * @module
 */
import type { DataFrame } from "../connect/dataframe.ts";
import { avg, col, count, desc, lit, round, to_date, trunc } from "../connect/functions/mod.ts";
import { type Chart, chart, type ChartOptions } from "./chart.ts";

/** Options of the review charts: where the columns are, and the chart's options. */
export interface ReviewChartOptions extends ChartOptions {
  /** The rating column (default `rating`). */
  rating?: string;
  /** The publication time column (default `publishedAt`). */
  publishedAt?: string;
  /** The restaurant column (default `restaurantId`). */
  restaurantId?: string;
  /** The chart's title. */
  title?: string;
}

/**
 * How many reviews gave each rating, as bars (nulls left out).
 *
 * @example
 * await ratingDistribution(reviews); // as a cell's last value
 */
export function ratingDistribution(
  reviews: DataFrame,
  opts: ReviewChartOptions = {},
): Promise<Chart> {
  const rating = opts.rating ?? "rating";
  const counts = reviews.where(col(rating).isNotNull())
    .groupBy(col(rating).alias("rating"))
    .agg(count(lit(1)).alias("reviews"))
    .orderBy("rating");
  return chart(counts, {
    title: opts.title ?? "Reviews per rating",
    mark: { type: "bar", tooltip: true },
    encoding: {
      x: { field: "rating", type: "ordinal", title: rating },
      y: { field: "reviews", type: "quantitative", title: "reviews" },
    },
  }, opts);
}

/**
 * How many reviews were published each month (by the session time zone's calendar), as a line.
 *
 * @example
 * await reviewsPerMonth(reviews, { title: "Review volume" });
 */
export function reviewsPerMonth(
  reviews: DataFrame,
  opts: ReviewChartOptions = {},
): Promise<Chart> {
  const publishedAt = opts.publishedAt ?? "publishedAt";
  const month = trunc(to_date(col(publishedAt)), "month");
  const counts = reviews.where(col(publishedAt).isNotNull())
    .groupBy(month.alias("month"))
    .agg(count(lit(1)).alias("reviews"))
    .orderBy("month");
  return chart(counts, {
    title: opts.title ?? "Reviews per month",
    mark: { type: "line", point: true, tooltip: true },
    encoding: {
      // Months arrive as `YYYY-MM-DD` (dates parse as UTC): read them in UTC too.
      x: { field: "month", type: "temporal", timeUnit: "utcyearmonth", title: "month" },
      y: { field: "reviews", type: "quantitative", title: "reviews" },
    },
  }, opts);
}

/**
 * The `n` restaurants with the most reviews (default 10), as bars colored by average rating.
 *
 * @example
 * await topRestaurants(reviews, { n: 5 });
 */
export function topRestaurants(
  reviews: DataFrame,
  opts: ReviewChartOptions & { n?: number } = {},
): Promise<Chart> {
  const restaurantId = opts.restaurantId ?? "restaurantId";
  const rating = opts.rating ?? "rating";
  const n = opts.n ?? 10;
  const top = reviews
    .groupBy(col(restaurantId).alias("restaurantId"))
    .agg(count(lit(1)).alias("reviews"), round(avg(rating), 2).alias("averageRating"))
    .orderBy(desc("reviews"), col("restaurantId"))
    .limit(n);
  return chart(top, {
    title: opts.title ?? `Top ${n} restaurants by reviews`,
    mark: { type: "bar", tooltip: true },
    encoding: {
      y: { field: "restaurantId", type: "nominal", sort: "-x", title: restaurantId },
      x: { field: "reviews", type: "quantitative", title: "reviews" },
      color: { field: "averageRating", type: "quantitative", title: "average rating" },
    },
  }, opts);
}
