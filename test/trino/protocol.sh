#!/usr/bin/env bash
# Integration test of the Trino client protocol: starts `floe serve` (a
# temporary SQLite catalog store and warehouse, free ports) and drives it with
# the trino-client npm package (protocol.mjs), then with `floe sql --server`.
# Usage: protocol.sh FLOE_BINARY [WORK_DIR]. Exit 77 (skipped) without node.
set -uo pipefail
floe=$1
here=$(cd "$(dirname "$0")" && pwd)
work=${2:-$(mktemp -d)}
mkdir -p "$work"

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "node/npm not found: skipped (scripts/deps.sh installs them)"
  exit 77
fi
if [ ! -d "$here/node_modules/trino-client" ]; then
  (cd "$here" && { npm ci --no-audit --no-fund --loglevel=silent >/dev/null 2>&1 ||
                   npm install --no-save --no-audit --no-fund --loglevel=error >/dev/null; }) ||
    { echo "npm ci / npm install failed"; echo "0 passed, 1 failed"; exit 1; }
fi

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
rest_port=$(free_port)
trino_port=$(free_port)
rm -rf "$work/warehouse" "$work/catalog.db"
"$floe" serve --address 127.0.0.1 --port "$rest_port" --trino-port "$trino_port" --warehouse "$work/warehouse" \
  --catalog-uri "$work/catalog.db" --quiet-requests >"$work/serve.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$trino_port/v1/info" >/dev/null 2>&1 && break
  sleep 0.1
done
if ! curl -sf "http://127.0.0.1:$trino_port/v1/info" >/dev/null; then
  echo "floe serve did not start:"; cat "$work/serve.log"; echo "0 passed, 1 failed"; exit 1
fi

node "$here/protocol.mjs" "http://127.0.0.1:$trino_port"
status=$?
if [ -x "$here/client_mode.sh" ]; then
  "$here/client_mode.sh" "$floe" "http://127.0.0.1:$trino_port" || status=1
fi
exit $status
