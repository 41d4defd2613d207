#!/usr/bin/env bash
# `deno task lab`: JupyterLab 4.6 (pinned, from PyPI, in a venv under the user cache) in the
# project root, with the Deno kernel registered and Lakebook's Ingestion extension installed.
#
#   scripts/lab.sh                 set up (idempotent), then start jupyter lab on 127.0.0.1
#   scripts/lab.sh setup           set up only; prints the venv's path on the last line
#   scripts/lab.sh [jupyter args]  extra arguments go to `jupyter lab` (e.g. --port 8890)
#
# Set-up: the venv (JupyterLab 4.6.6), kernel.json pointing at tools/node_modules/deno/deno, the
# extension built with npm (jupyter-extension/, lockfile-pinned) and pip-installed as a wheel.
# LAKEBOOK_HOME moves the cache (default $XDG_CACHE_HOME/lakebook or ~/.cache/lakebook).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ext="$root/jupyter-extension"
JUPYTERLAB_VERSION=4.6.6
home="${LAKEBOOK_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/lakebook}"
venv="$home/jupyterlab-$JUPYTERLAB_VERSION"
ready="$venv/.ready-jupyter_builder-1.3.0-hatchling-1.33.0"
deno="$root/tools/node_modules/deno/deno"
log() { echo "lakebook lab: $*" >&2; }

setup() {
  if [ ! -x "$deno" ]; then
    log "installing Deno into tools/ (npm ci)"
    npm ci --prefix "$root/tools" --no-audit --no-fund --loglevel=error >&2
  fi
  if [ ! -f "$ready" ]; then
    log "creating $venv (JupyterLab $JUPYTERLAB_VERSION from PyPI)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check \
      "jupyterlab==$JUPYTERLAB_VERSION" "jupyter_builder==1.3.0" "hatchling==1.33.0" >&2
    touch "$ready"
  fi
  # The Deno kernel, written by hand: `deno jupyter --install` can't target a venv (REFERENCE 5).
  local kdir="$venv/share/jupyter/kernels/deno"
  mkdir -p "$kdir"
  cat >"$kdir/kernel.json" <<JSON
{
  "argv": ["$deno", "jupyter", "--kernel", "--conn", "{connection_file}"],
  "display_name": "Deno",
  "language": "typescript",
  "env": { "NO_COLOR": "1" }
}
JSON
  # The extension: npm build when sources are newer than the bundle, then a wheel install.
  if [ ! -d "$ext/node_modules" ] || [ "$ext/package-lock.json" -nt "$ext/node_modules/.package-lock.json" ]; then
    log "installing the extension's npm dependencies (npm ci)"
    (cd "$ext" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
  local stamp="$ext/labextension/package.json"
  if [ ! -f "$stamp" ] || [ -n "$(find "$ext/src" "$ext/style" "$ext/package.json" "$root/ingestion_config/config.schema.json" -newer "$stamp" -print -quit)" ]; then
    log "building the extension"
    (cd "$ext" && PATH="$venv/bin:$PATH" npm run build >&2)
    touch "$stamp"
  fi
  local installed="$venv/.extension-installed"
  if [ ! -f "$installed" ] || [ "$stamp" -nt "$installed" ] || [ ! -s "$venv/share/jupyter/labextensions/lakebook-jupyterlab/package.json" ]; then
    log "installing the extension into the venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
      --force-reinstall "$ext" >&2
    touch "$installed"
  fi
}

setup
if [ "${1:-}" = "setup" ]; then
  echo "$venv"
  exit 0
fi
cd "$root"
export PATH="$venv/bin:$root/tools/node_modules/.bin:$PATH"
exec jupyter lab --allow-root --ip 127.0.0.1 --no-browser --ContentsManager.allow_hidden=True "$@"
