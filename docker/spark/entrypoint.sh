#!/usr/bin/env bash
# One image, three roles, all configured from the shared environment (lakebook.env):
#   master   the standalone master (7077, UI 8080)
#   worker   a worker of $SPARK_MASTER_URL (scale with: docker compose up --scale spark-worker=N)
#   connect  the Spark Connect server (15002) on $SPARK_MASTER_URL, with Delta and s3a
set -euo pipefail
role="${1:-connect}"
shift || true
class() { exec /opt/spark/bin/spark-class "$@"; }
case "$role" in
  master)
    class org.apache.spark.deploy.master.Master --host "$(hostname)" --port 7077 --webui-port 8080 "$@"
    ;;
  worker)
    class org.apache.spark.deploy.worker.Worker --webui-port 8081 \
      --cores "${SPARK_WORKER_CORES:-1}" --memory "${SPARK_WORKER_MEMORY:-1g}" \
      "${SPARK_MASTER_URL:?SPARK_MASTER_URL is not set}" "$@"
    ;;
  connect)
    # Credentials reach s3a through its default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY),
    # never through --conf, so they stay out of Spark's UI and logs.
    exec /opt/spark/bin/spark-submit \
      --class org.apache.spark.sql.connect.service.SparkConnectServer \
      --master "${SPARK_MASTER_URL:?SPARK_MASTER_URL is not set}" \
      --driver-memory "${SPARK_DRIVER_MEMORY:-2g}" \
      --conf spark.executor.memory="${SPARK_EXECUTOR_MEMORY:-768m}" \
      --conf spark.connect.grpc.binding.port=15002 \
      --conf spark.hadoop.fs.s3a.endpoint="${AWS_ENDPOINT_URL:-}" \
      --conf spark.hadoop.fs.s3a.endpoint.region="${AWS_REGION:-us-east-1}" \
      "$@" spark-internal
    ;;
  *)
    exec "$role" "$@"
    ;;
esac
