#!/usr/bin/env bash
# Partition pruning: a table partitioned by day(ts) over a year (one file per
# day); a one-day query against a full scan, on floe and on DuckDB over the
# same Parquet files, with the files and row groups read and skipped from
# EXPLAIN ANALYZE (see docs/BENCHMARKS.md).
# Usage: bench/sql_pruning.sh FLOE_BINARY [ROWS_PER_DAY] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
(cd "$here/test/sql" && [ -d node_modules/@duckdb/node-api ] || npm ci --no-audit --no-fund --loglevel=error >/dev/null)
node "$here/test/sql/bench_pruning.mjs" "$1" "$(mktemp -d)" "${2:-3000}" "${3:-5}"
