#!/usr/bin/env bash
# Airflow 3.3 (pinned in docker/airflow/requirements.txt, from PyPI, in a venv under the user
# cache) with Lakebook's DAG factory (docker/airflow/dags/): one DAG per ingestion_config/*.yaml.
#
#   scripts/airflow.sh setup           set up (idempotent); prints the venv's path on the last line
#   scripts/airflow.sh [airflow args]  run `airflow` on this project, e.g. `dags list --local`,
#                                      `dags test reviews 2026-11-24`, `standalone`
#
# Runs use AIRFLOW_HOME (default .lakebook/airflow in the project: SQLite, created on first use),
# the DAG folder docker/airflow/dags and LAKEBOOK_ROOT (default: this project).
# LAKEBOOK_HOME moves the cache (default $XDG_CACHE_HOME/lakebook or ~/.cache/lakebook).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
requirements="$root/docker/airflow/requirements.txt"
AIRFLOW_VERSION=$(sed -n 's/^apache-airflow==//p' "$requirements")
home="${LAKEBOOK_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/lakebook}"
venv="$home/airflow-$AIRFLOW_VERSION"
ready="$venv/.ready"
log() { echo "lakebook airflow: $*" >&2; }

setup() {
  if [ ! -f "$ready" ] || [ "$requirements" -nt "$ready" ]; then
    log "creating $venv (Airflow $AIRFLOW_VERSION from PyPI, about 2 minutes)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
    touch "$ready"
  fi
}

setup
if [ "${1:-}" = "setup" ]; then
  echo "$venv"
  exit 0
fi
export AIRFLOW_HOME="${AIRFLOW_HOME:-$root/.lakebook/airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="$root/docker/airflow/dags"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export PYTHONDONTWRITEBYTECODE=1
export LAKEBOOK_ROOT="${LAKEBOOK_ROOT:-$root}"
export PATH="$venv/bin:$root/tools/node_modules/.bin:$PATH"
if [ ! -f "$AIRFLOW_HOME/airflow.db" ]; then
  log "creating the Airflow database in $AIRFLOW_HOME"
  mkdir -p "$AIRFLOW_HOME"
  airflow db migrate >&2
fi
exec airflow "$@"
