#!/bin/sh
# The MinIO init container: waits for MinIO, then creates Lakebook's bucket (idempotent).
set -eu
until mc alias set lake "$AWS_ENDPOINT_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null 2>&1; do
  sleep 1
done
mc mb --ignore-existing "lake/$LAKEBOOK_BUCKET"
echo "bucket $LAKEBOOK_BUCKET ready"
