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
if [ ! -d "$here/node_modules/@duckdb/node-api" ] || [ ! -d "$here/node_modules/hyparquet-compressors" ]; then
  if [ -f "$here/package-lock.json" ]; then
    # npm ci can refuse a lock that lacks other platforms' optional DuckDB
    # bindings (an npm quirk); fall back to an install that leaves the lock alone.
    (cd "$here" && { npm ci --no-audit --no-fund --loglevel=silent >/dev/null 2>&1 ||
                     npm install --no-save --no-audit --no-fund --loglevel=error >/dev/null; }) ||
      { echo "npm ci / npm install failed"; echo "0 passed, 1 failed"; exit 1; }
  else
    (cd "$here" && npm install --no-audit --no-fund --loglevel=error >/dev/null) || { echo "npm install failed"; echo "0 passed, 1 failed"; exit 1; }
  fi
fi

rm -f "$work"/*.parquet "$work"/*.expected.json
if ! "$writer" "$work" >/dev/null; then
  echo "FAIL: $writer did not write the validation files"
  echo "0 passed, 1 failed"
  exit 1
fi
node "$here/validate.mjs" "$work" "$floe"
