#!/usr/bin/env bash
# Interop test: Parquet files written by floe are read back by DuckDB and by
# hyparquet (values, field ids, statistics), and a file written by DuckDB is
# read back by `floe inspect parquet --rows` with identical values.
# Usage: validate.sh PARQUET_WRITE_VALIDATION_FILES FLOE_BINARY [WORK_DIR]
set -uo pipefail
writer=$1
floe=$2
here=$(cd "$(dirname "$0")" && pwd)
work=${3:-$(mktemp -d)}
mkdir -p "$work"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node/npm not found (scripts/deps.sh installs them)"
  echo "0 passed, 1 failed"
  exit 1
fi
"$here/../npm_install.sh" "$here" node_modules/@duckdb/node-api node_modules/hyparquet-compressors ||
  { echo "0 passed, 1 failed"; exit 1; }

rm -f "$work"/*.parquet "$work"/*.expected.json
if ! "$writer" "$work" >/dev/null; then
  echo "FAIL: $writer did not write the validation files"
  echo "0 passed, 1 failed"
  exit 1
fi
node "$here/validate.mjs" "$work" "$floe"
