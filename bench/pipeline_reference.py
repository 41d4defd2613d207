"""The reference review pipeline (REFERENCE.md part 9), PySpark over Spark Connect, step for step.

    python bench/pipeline_reference.py --url sc://... --input PATH --words FILE --schema FILE \
        --out DIR --as-of YYYY-MM-DD

Ingest: read the JSON lines with a schema derived from the JSON Schema; mask inappropriate words
with a cross join of the word list and a per-row regex reduce (case-insensitive, longest word
first, each replaced by '*' of its length); drop a review when masked characters / text length
>= 0.2; keep the latest row per (restaurantId, reviewId) by publishedAt; write Delta partitioned
by date (partition_date = to_date(publishedAt)), or MERGE into it when the table exists.
Aggregate: reviews of the last 3 years before --as-of, per restaurant: reviewCount,
averageRating, averageReviewLength, reviewAge {oldest, newest, average} in days, written as JSON
lines.

One change from the program it follows: rows that break the schema (corrupt JSON, nulls in
required fields, rating outside minimum..maximum) are filtered out after the read. The original
kept them with null fields, which would make its curated rows differ from any pipeline that
quarantines them; the filter is narrow and costs next to nothing.

The window is Lakebook's definition, so the aggregates can be compared: publishedAt >= as_of -
3 years and < as_of + 1 day.

Prints one JSON line: {seconds, ingestSeconds, aggregateSeconds, merged}.
"""

import argparse
import json
import os
import time


def spark_type(prop: dict) -> str:
    kind = prop.get("type")
    if kind == "integer":
        return "BIGINT"
    if kind == "number":
        return "DOUBLE"
    if kind == "boolean":
        return "BOOLEAN"
    if kind == "string" and prop.get("format") == "date-time":
        return "TIMESTAMP"
    if kind == "string" and prop.get("format") == "date":
        return "DATE"
    return "STRING"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("SPARK_REMOTE", "sc://127.0.0.1:15002"))
    ap.add_argument("--input", required=True)
    ap.add_argument("--words", required=True)
    ap.add_argument("--schema", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--as-of", required=True)
    ap.add_argument("--ratio", type=float, default=0.2)
    a = ap.parse_args()

    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.window import Window

    spark = SparkSession.builder.remote(a.url).getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")

    with open(a.schema) as f:
        schema = json.load(f)
    props = schema["properties"]
    required = schema.get("required", [])
    ddl = ", ".join(f"`{name}` {spark_type(p)}" for name, p in props.items())
    with open(a.words) as f:
        words = [w.strip() for w in f if w.strip() and not w.strip().startswith("#")]
    words.sort(key=lambda w: (-len(w), w))  # longest first

    table = os.path.join(a.out, "reviews")
    aggregation = os.path.join(a.out, "aggregation", f"as_of={a.as_of}")

    start = time.perf_counter()
    # ---- ingest
    raw = (
        spark.read.schema(f"{ddl}, _corrupt_record STRING")
        .option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", "_corrupt_record")
        .json(a.input)
    )
    valid = F.col("_corrupt_record").isNull()
    for name in required:
        valid = valid & F.col(name).isNotNull()
    for name, p in props.items():
        if "minimum" in p:
            valid = valid & (F.col(name) >= F.lit(p["minimum"]))
        if "maximum" in p:
            valid = valid & (F.col(name) <= F.lit(p["maximum"]))
    reviews = raw.filter(valid).drop("_corrupt_record")

    # The word list as a one-row table, cross-joined to every review; then a regex per word,
    # folded over the list (the reference's plan).
    word_list = spark.createDataFrame([(words,)], "words ARRAY<STRING>")
    stars = lambda c: F.length(c) - F.length(F.regexp_replace(c, r"\*", ""))  # noqa: E731
    masked = reviews.crossJoin(word_list).withColumn(
        "masked",
        F.expr(
            "aggregate(words, text, (acc, w) -> regexp_replace(acc, "
            "concat('(?i)\\\\b\\\\Q', w, '\\\\E\\\\b'), repeat('*', length(w))))"
        ),
    )
    masked = masked.withColumn(
        "ratio",
        F.when(F.length("text") == 0, F.lit(0.0)).otherwise(
            (stars(F.col("masked")) - stars(F.col("text"))) / F.length("text")
        ),
    )
    kept = masked.filter(F.col("ratio") < a.ratio).select(
        "restaurantId", "reviewId", F.col("masked").alias("text"), "rating", "publishedAt"
    )

    latest = Window.partitionBy("restaurantId", "reviewId").orderBy(F.col("publishedAt").desc())
    curated = (
        kept.withColumn("rn", F.row_number().over(latest))
        .filter("rn = 1")
        .drop("rn")
        .withColumn("partition_date", F.to_date("publishedAt"))
    )

    merged = os.path.isdir(os.path.join(table, "_delta_log"))
    if merged:
        bounds = curated.agg(F.min("partition_date"), F.max("partition_date")).first()
        curated.createOrReplaceTempView("reference_batch")
        spark.sql(
            f"""MERGE INTO delta.`{table}` t USING reference_batch s
            ON t.restaurantId = s.restaurantId AND t.reviewId = s.reviewId
              AND t.partition_date BETWEEN DATE'{bounds[0]}' AND DATE'{bounds[1]}'
            WHEN MATCHED AND s.publishedAt > t.publishedAt THEN UPDATE SET *
            WHEN NOT MATCHED THEN INSERT *"""
        ).collect()
    else:
        curated.write.format("delta").partitionBy("partition_date").save(table)
    ingested = time.perf_counter()

    # ---- aggregate
    as_of = F.lit(a.as_of).cast("date")
    age = F.datediff(as_of, F.col("publishedAt"))
    recent = spark.read.format("delta").load(table).filter(
        (F.col("publishedAt") >= F.expr(f"DATE'{a.as_of}' - INTERVAL 3 YEARS"))
        & (F.col("publishedAt") < F.expr(f"DATE'{a.as_of}' + INTERVAL 1 DAY"))
    )
    stats = recent.groupBy("restaurantId").agg(
        F.count(F.lit(1)).alias("reviewCount"),
        F.avg("rating").alias("averageRating"),
        F.avg(F.length("text")).alias("averageReviewLength"),
        F.struct(
            F.max(age).alias("oldest"), F.min(age).alias("newest"), F.avg(age).alias("average")
        ).alias("reviewAge"),
    )
    stats.write.mode("overwrite").json(aggregation)
    done = time.perf_counter()

    print(
        json.dumps(
            {
                "seconds": done - start,
                "ingestSeconds": ingested - start,
                "aggregateSeconds": done - ingested,
                "merged": merged,
            }
        )
    )
    spark.stop()


if __name__ == "__main__":
    main()
