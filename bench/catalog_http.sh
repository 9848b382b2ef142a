#!/usr/bin/env bash
# Throughput of the REST catalog's HTTP path: starts `floe serve` on a free
# port with a throwaway warehouse and SQLite catalog, then runs wrk against
#   GET /v1/config                 (a small JSON response, no database)
#   GET /v1/namespaces/bench       (one SQLite read per request)
#   GET /v1/namespaces/bench/tables/t  (a table load: store read + cached metadata)
# Usage: bench/catalog_http.sh [path/to/floe] [seconds] [connections]
# Needs wrk (scripts/deps.sh test). Server threads: FLOE_THREADS (default: cores).
set -euo pipefail
floe=${1:-build/bin/floe}
seconds=${2:-10}
connections=${3:-64}
command -v wrk >/dev/null || { echo "catalog_http.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
dir=$(mktemp -d /tmp/floe-bench.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$floe" serve --port "$port" --trino-port 0 --address 127.0.0.1 --warehouse "$dir/warehouse" --catalog-uri "$dir/catalog.db" \
  --quiet-requests --log-level warn >"$dir/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf -X POST "http://127.0.0.1:$port/v1/namespaces" -d '{"namespace":["bench"]}' >/dev/null
curl -sf -X POST "http://127.0.0.1:$port/v1/namespaces/bench/tables" \
  -d '{"name":"t","schema":{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]}}' >/dev/null
for path in /v1/config /v1/namespaces/bench /v1/namespaces/bench/tables/t; do
  echo "== GET $path  (wrk -t2 -c$connections -d${seconds}s)"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path" | grep -E "Requests/sec|Latency|99%|Non-2xx"
done
