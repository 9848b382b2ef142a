#!/usr/bin/env bash
# SQL on floe vs DuckDB over the same Parquet files (see docs/BENCHMARKS.md).
# Usage: bench/sql_duckdb.sh FLOE_BINARY [ROWS] [RUNS] [FILES]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here/test/sql" && [ -d node_modules/@duckdb/node-api ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null)
node "$here/test/sql/bench_duckdb.mjs" "$1" "$(mktemp -d)" "${2:-1000000}" "${3:-3}" "${4:-1}"
