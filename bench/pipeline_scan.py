"""The parsing scan of the pipeline benchmark: how long Spark takes just to parse every field.

    python bench/pipeline_scan.py --url sc://... --input PATH --schema FILE

Reads the JSON lines with the schema derived from the JSON Schema (as the reference does) and
aggregates over all five columns, sum(length(text)) and a count of each other column, so every
field of every line is parsed (a plain count() lets Spark skip parsing). Prints one JSON line:
{seconds, rows, textChars, counts}.
"""

import argparse
import json
import os
import time

from pipeline_reference import spark_type


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("SPARK_REMOTE", "sc://127.0.0.1:15002"))
    ap.add_argument("--input", required=True)
    ap.add_argument("--schema", required=True)
    a = ap.parse_args()

    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = SparkSession.builder.remote(a.url).getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    with open(a.schema) as f:
        props = json.load(f)["properties"]
    ddl = ", ".join(f"`{name}` {spark_type(p)}" for name, p in props.items())

    start = time.perf_counter()
    df = spark.read.schema(ddl).json(a.input)
    others = [name for name in props if name != "text"]
    row = df.agg(
        F.count(F.lit(1)).alias("rows"),
        F.sum(F.length("text")).alias("textChars"),
        *[F.count(name).alias(name) for name in others],
    ).first()
    seconds = time.perf_counter() - start

    print(
        json.dumps(
            {
                "seconds": seconds,
                "rows": row["rows"],
                "textChars": row["textChars"],
                "counts": {name: row[name] for name in others},
            }
        )
    )
    spark.stop()


if __name__ == "__main__":
    main()
