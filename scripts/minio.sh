#!/usr/bin/env bash
# The S3 server of the tests: MinIO (AGPL-3.0; run as a separate test process, never shipped or
# linked), built once from its Go module into the Lakebook cache.
#
#   scripts/minio.sh        build it unless that exact version is there; prints the binary's path
#
# MinIO publishes no semver tags on the Go module proxy, so the pin is the pseudo-version of a
# commit. The build needs Go 1.24+; it took 12 minutes with a cold module cache on 2 busy cores
# (once per machine).
# LAKEBOOK_HOME moves the cache (default $XDG_CACHE_HOME/lakebook or ~/.cache/lakebook).
set -euo pipefail
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
home="${LAKEBOOK_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/lakebook}"
dir="$home/minio-$MINIO_VERSION"
bin="$dir/bin/minio"

if [ ! -x "$bin" ]; then
  command -v go >/dev/null || {
    echo "lakebook minio: Go 1.24+ is needed to build MinIO (the tests' S3 server): install Go" >&2
    exit 1
  }
  echo "lakebook minio: building MinIO $MINIO_VERSION into $dir (once; ~12 min)" >&2
  mkdir -p "$dir"
  # Into a temporary GOBIN, then renamed: an interrupted build never leaves a binary behind.
  tmp="$(mktemp -d "$dir/.build-XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  GOBIN="$tmp" GOFLAGS=-mod=mod go install "github.com/minio/minio@$MINIO_VERSION" >&2
  mkdir -p "$dir/bin"
  mv "$tmp/minio" "$bin"
fi
echo "$bin"
