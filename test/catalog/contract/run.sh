#!/usr/bin/env bash
# Runs one of the REST catalog tests in this folder (contract.mjs,
# iceberg_js.mjs, concurrency.mjs, crash.mjs) against real `floe serve`
# processes. Installs the npm dependencies on first use (ajv, yaml,
# iceberg-js), gives the test a scratch directory and always kills the
# servers the test started, even when node itself is killed.
# Usage: run.sh TEST.mjs FLOE_BINARY [test arguments...]
# Exit 77 (skipped) only when node or npm is missing.
set -uo pipefail
script=$1
floe=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "SKIP: node/npm not found; scripts/deps.sh test installs them"
  exit 77
fi
"$here/../../npm_install.sh" "$here" node_modules/ajv node_modules/yaml node_modules/iceberg-js ||
  { echo "FAIL: npm ci / npm install failed in $here"; exit 1; }

dir=$(mktemp -d /tmp/floe-rest-test.XXXXXX)
node_pid=
cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null
  if [ -f "$dir/pids" ]; then
    # Only pids that are still this test's floe processes (never a reused pid).
    while read -r pid; do
      [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/" &&
        kill -9 "$pid" 2>/dev/null
    done <"$dir/pids"
  fi
  if [ "${FLOE_KEEP_TEST_DIR:-}" = 1 ]; then echo "kept $dir"; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT

FLOE_BINARY=$floe FLOE_TEST_DIR=$dir node "$here/$script" "$@" &
node_pid=$!
wait "$node_pid"
status=$?
node_pid=
if [ "$status" -ne 0 ]; then
  for log in "$dir"/*.log; do
    [ -s "$log" ] || continue
    echo "--- $(basename "$log") (last lines)"
    tail -n 20 "$log"
  done
fi
exit "$status"
