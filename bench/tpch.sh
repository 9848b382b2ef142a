#!/usr/bin/env bash
# TPC-H Q1, Q3, Q5, Q6, Q10 and Q12 on floe and on DuckDB over the same
# Parquet files, side by side (see docs/BENCHMARKS.md).
# Usage: bench/tpch.sh FLOE_BINARY [SCALE] [RUNS]
# The data is generated once per scale into bench/.tpch-data/sf<SCALE>
# (or $FLOE_TPCH_DATA/sf<SCALE>) by `floe bench gen-tpch` and reused.
# Answers are checked against DuckDB's first; then each query's median time:
# floe as `floe sql -f` processes (start-up measured with SELECT 1 and
# subtracted, and printed), DuckDB (@duckdb/node-api) with threads=2 and 1.
set -euo pipefail
floe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
scale=${2:-1}
runs=${3:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
data=${FLOE_TPCH_DATA:-$here/bench/.tpch-data}/sf$scale
(cd "$here/test/sql" && [ -d node_modules/@duckdb/node-api ] ||
  npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 ||
  npm install --no-save --no-audit --no-fund --loglevel=error >/dev/null)
if [ ! -f "$data/.complete" ]; then
  rm -rf "$data" && mkdir -p "$data"
  echo "generating TPC-H scale $scale into $data"
  /usr/bin/time -f "gen-tpch: %e s wall, %U s user, %M KB max resident" \
    "$floe" bench gen-tpch --scale "$scale" --warehouse "$data/warehouse" --catalog-uri "$data/catalog.db"
  touch "$data/.complete"
fi
echo "TPC-H scale $scale, $runs runs, $(nproc) cores"
node "$here/test/sql/tpch.mjs" "$floe" "$data/warehouse" "$data/catalog.db" "$here/bench/tpch" "$runs"
