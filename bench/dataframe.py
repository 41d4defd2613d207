"""One run of the dataframe benchmark, PySpark side (the Spark Connect client from PyPI).

    python bench/dataframe.py [--url sc://...] [--calls 1000] [--warmup 100] [--reps 5]

The same parts as bench/dataframe.ts, on the same cached DataFrame
(spark.range(1000).withColumn("x", id * 2)): df.columns, df.filter(id >= 0).columns (a new
DataFrame each call), df.count(), building the 10-step chain, and building it plus encoding the
Plan message an action would send. The client-only parts are timed as --reps batches of
--calls calls (the median batch counts), the round-trip parts as one batch. Prints one JSON line
{client, parts, check} like bench/dataframe.ts does.
"""

import argparse
import json
import os
import sys
import time


def chain(df, F):
    # Keep in step with chain() in bench/dataframe.ts.
    return (
        df.withColumn("a", F.col("id") + 1)
        .filter(F.col("a") > 10)
        .withColumn("b", F.col("a") * 2)
        .select("id", "a", "b", "x")
        .filter(F.col("b") % 3 == 0)
        .withColumn("c", F.concat(F.lit("r-"), F.col("id").cast("string")))
        .withColumn("d", F.when(F.col("a") > 100, F.lit(1)).otherwise(F.lit(0)))
        .select("id", "b", "c", "d")
        .filter(F.col("c").isNotNull())
        .withColumn("e", F.col("b") - F.col("d"))
    )


def cpu_seconds() -> float:
    # User + system CPU of the whole process (all threads), at clock_gettime resolution.
    return time.process_time()


def median(xs):
    s = sorted(xs)
    m = len(s) // 2
    return s[m] if len(s) % 2 else (s[m - 1] + s[m]) / 2


def timed(calls: int, reps: int, batch, each=None) -> dict:
    """reps batches of calls calls (one batch() each): the median batch's wall and CPU time."""
    seconds, cpu = [], []
    for _ in range(reps):
        cpu0 = cpu_seconds()
        t0 = time.perf_counter()
        batch()
        seconds.append(time.perf_counter() - t0)
        cpu.append(cpu_seconds() - cpu0)
    result = {"calls": calls, "reps": reps, "seconds": median(seconds), "cpuSeconds": median(cpu)}
    if each:
        s = sorted(each)
        result["p50Us"] = s[min(len(s) - 1, int(0.5 * len(s)))] * 1e6
        result["p99Us"] = s[min(len(s) - 1, int(0.99 * len(s)))] * 1e6
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("SPARK_REMOTE", "sc://127.0.0.1:15002"))
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    calls, warmup, reps = a.calls, a.warmup, a.reps

    import pyspark
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F

    spark = SparkSession.builder.remote(a.url).getOrCreate()
    try:
        df = spark.range(1000).withColumn("x", F.col("id") * 2)
        df.cache()
        cached = df.storageLevel.useMemory
        client = spark.client

        def derived():
            return df.filter(F.col("id") >= 0)

        def encoded():
            return chain(df, F)._plan.to_proto(client).SerializeToString()

        # Warm-up: materializes the cache, fetches df's schema, and runs every code path.
        sink = 0
        for _ in range(warmup):
            sink += len(df.columns)
        for _ in range(warmup):
            sink += len(derived().columns)
        for _ in range(warmup):
            sink += df.count()
        for _ in range(warmup):
            sink += chain(df, F)._plan._plan_id
        for _ in range(warmup):
            sink += len(encoded())

        parts = {}

        def columns_loop():
            nonlocal sink
            for _ in range(calls):
                sink += len(df.columns)

        parts["columns"] = timed(calls, reps, columns_loop)

        derived_each = []

        def derived_loop():
            nonlocal sink
            for _ in range(calls):
                t = time.perf_counter()
                sink += len(derived().columns)
                derived_each.append(time.perf_counter() - t)

        parts["derivedColumns"] = timed(calls, 1, derived_loop, derived_each)

        count_each = []

        def count_loop():
            nonlocal sink
            for _ in range(calls):
                t = time.perf_counter()
                sink += df.count()
                count_each.append(time.perf_counter() - t)

        parts["count"] = timed(calls, 1, count_loop, count_each)

        def plan_loop():
            nonlocal sink
            for _ in range(calls):
                sink += chain(df, F)._plan._plan_id

        parts["plan"] = timed(calls, reps, plan_loop)

        def encode_loop():
            nonlocal sink
            for _ in range(calls):
                sink += len(encoded())

        parts["planEncode"] = timed(calls, reps, encode_loop)

        chained = chain(df, F)
        print(json.dumps({
            "client": f"pyspark-connect {pyspark.__version__}",
            "parts": parts,
            "check": {
                "columns": df.columns,
                "derivedColumns": derived().columns,
                "count": df.count(),
                "chainCount": chained.count(),
                "chainColumns": chained.columns,
                "cached": cached,
            },
        }))
        sys.stdout.flush()
        if sink == 0:
            print("sink", sink, file=sys.stderr)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
