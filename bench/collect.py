"""One run of the collect benchmark, PySpark side (the Spark Connect client from PyPI).

    python bench/collect.py [--url sc://127.0.0.1:15002] [--rows 5000000] [--query SQL]

Connects, warms up with a small query, then times spark.sql(query).toArrow() and prints one
JSON line {client, rows, bytes, seconds, peakRssBytes, ...} like bench/collect.ts does.
bytes is pyarrow's Table.nbytes (the sum of the buffers the table references); peakRssBytes is
VmHWM from /proc/self/status (ru_maxrss where there is no /proc).
"""

import argparse
import json
import os
import re
import resource
import sys
import threading
import time


def collect_query(rows: int) -> str:
    # Keep in step with collectQuery() in bench/collect.ts (bench/run.ts passes --query anyway).
    return " ".join([
        "SELECT id,",
        "CAST(id % 1000 AS INT) AS i,",
        "id * 1.5D AS d,",
        "rand(42) AS r,",
        "CONCAT('review-', CAST(id AS STRING)) AS s,",
        "TIMESTAMP '2024-01-01 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id % 100000) AS ts",
        f"FROM range({rows})",
    ])


def proc_status_bytes(key: str):
    try:
        with open("/proc/self/status") as f:
            m = re.search(rf"^{key}:\s+(\d+)\s+kB", f.read(), re.M)
        return int(m.group(1)) * 1024 if m else None
    except OSError:
        return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default=os.environ.get("SPARK_REMOTE", "sc://127.0.0.1:15002"))
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--query")
    a = ap.parse_args()
    query = a.query or collect_query(a.rows)

    import pyspark
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.remote(a.url).getOrCreate()
    try:
        spark.sql(collect_query(1000)).toArrow()  # warm-up

        baseline = proc_status_bytes("VmRSS") or 0
        sampled = [baseline]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.02):
                rss = proc_status_bytes("VmRSS") or 0
                if rss > sampled[0]:
                    sampled[0] = rss

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        cpu0 = os.times()
        t0 = time.perf_counter()
        table = spark.sql(query).toArrow()
        seconds = time.perf_counter() - t0
        cpu1 = os.times()

        stop.set()
        sampler.join()
        peak = proc_status_bytes("VmHWM")
        if peak is None:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps({
            "client": f"pyspark-connect {pyspark.__version__}",
            "rows": table.num_rows,
            "bytes": table.nbytes,
            "seconds": seconds,
            "peakRssBytes": peak,
            "sampledPeakRssBytes": max(sampled[0], proc_status_bytes("VmRSS") or 0),
            "baselineRssBytes": baseline,
            "batches": len(table.to_batches()),
            "cpuSeconds": (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system),
        }))
        sys.stdout.flush()
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
