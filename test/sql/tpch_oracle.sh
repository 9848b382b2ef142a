#!/usr/bin/env bash
# TPC-H answers checked against DuckDB: `floe bench gen-tpch` writes the
# tables at a small scale into a temporary warehouse, then Q1, Q3, Q5, Q6,
# Q10 and Q12 (bench/tpch) run on floe over the Iceberg tables and on DuckDB
# over the same Parquet files; the answers must match.
# Usage: tpch_oracle.sh FLOE_BINARY [SCALE]
set -uo pipefail
floe=$1
scale=${2:-0.01}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node/npm not found (scripts/deps.sh installs them)"
  exit 1
fi
"$here/../npm_install.sh" "$here" node_modules/@duckdb/node-api || exit 1
# A bad scale is a clear error, and writes nothing.
if message=$("$floe" bench gen-tpch --scale 0 --warehouse "$work/bad" --catalog-uri "$work/bad.db" 2>&1); then
  echo "gen-tpch --scale 0 succeeded"; exit 1
fi
case $message in
  *"scale factor must be in (0, 1000], got 0"*) ;;
  *) echo "unexpected message for --scale 0: $message"; exit 1 ;;
esac
[ ! -e "$work/bad" ] && [ ! -e "$work/bad.db" ] || { echo "gen-tpch --scale 0 created files"; exit 1; }
"$floe" bench gen-tpch --scale "$scale" --warehouse "$work/warehouse" --catalog-uri "$work/catalog.db" --quiet ||
  { echo "gen-tpch failed"; exit 1; }
node "$here/tpch.mjs" "$floe" "$work/warehouse" "$work/catalog.db" "$here/../../bench/tpch"
