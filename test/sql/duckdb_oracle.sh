#!/usr/bin/env bash
# DuckDB as an oracle: floe writes an Iceberg table (several inserts, so
# several files and partitions), then a corpus of queries runs on floe over
# the Iceberg table and on DuckDB over the same Parquet data files; the
# answers must match.
# Usage: duckdb_oracle.sh FLOE_BINARY [WORK_DIR]
set -uo pipefail
floe=$1
here=$(cd "$(dirname "$0")" && pwd)
work=${2:-$(mktemp -d)}
rm -rf "$work" && mkdir -p "$work"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node/npm not found (scripts/deps.sh installs them)"
  echo "0 passed, 1 failed"
  exit 1
fi
"$here/../npm_install.sh" "$here" node_modules/@duckdb/node-api || { echo "0 passed, 1 failed"; exit 1; }
node "$here/duckdb_oracle.mjs" "$floe" "$work"
