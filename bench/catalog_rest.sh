#!/usr/bin/env bash
# The REST catalog's performance targets (issue: the Iceberg REST catalog
# service), each against a fresh `floe serve` on loopback with a SQLite
# catalog and a local warehouse in a temporary directory:
#   1. loadTable of a small table         wrk, 64 and 16 connections
#   2. createTable                        wrk, 4 connections, a new table per request
#   3. fast-append commits to one table   one writer, commits back to back
#   4. loadTable of a 10,000-snapshot table, without and with snapshots=refs
#   5. server RSS while serving 10,000 tables (each created, then loaded once)
# Usage: bench/catalog_rest.sh [path/to/floe] [seconds per wrk run]
# Needs wrk and node (scripts/deps.sh test). Server threads: FLOE_THREADS (default: cores).
set -euo pipefail
floe=${1:-build/bin/floe}
seconds=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "catalog_rest.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
command -v node >/dev/null || { echo "catalog_rest.sh: node is not installed" >&2; exit 1; }
dir=$(mktemp -d /tmp/floe-bench.XXXXXX)
server=
stop() { if [ -n "$server" ]; then kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; fi; server=; }
trap 'stop; rm -rf "$dir"' EXIT

start() {  # start NAME: a fresh server with its own catalog and warehouse
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
  mkdir -p "$dir/$1"
  "$floe" serve --port "$port" --trino-port 0 --address 127.0.0.1 --warehouse "$dir/$1/warehouse" --catalog-uri "$dir/$1/catalog.db" \
    --quiet-requests --log-level warn >"$dir/$1/serve.log" 2>&1 &
  server=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 100); do curl -sf "$url/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf -X POST "$url/v1/namespaces" -d '{"namespace":["bench"]}' >/dev/null
}
rss() { awk '/^VmRSS|^VmHWM/ {printf "%s %.1f MB  ", $1, $2 / 1024} END {print ""}' "/proc/$server/status"; }
small_table='{"name":"small","schema":{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"},{"id":2,"name":"ts","required":false,"type":"timestamptz"}]}}'

echo "floe serve, SQLite catalog, local warehouse; wrk on the same machine; load average $(cut -d' ' -f1-3 /proc/loadavg)"
start load
curl -sf -X POST "$url/v1/namespaces/bench/tables" -d "$small_table" >/dev/null
echo "== 1. loadTable, small table (target: >= 20,000 req/s on 2 cores, p99 <= 5 ms)"
echo " anchor GET /v1/config, wrk -t2 -c64 -d${seconds}s:"
wrk -t2 -c64 -d"${seconds}s" -s "$here/catalog/report.lua" "$url/v1/config" | tail -1
for c in 64 16; do
  echo " GET /v1/namespaces/bench/tables/small, wrk -t2 -c$c -d${seconds}s:"
  wrk -t2 -c"$c" -d"${seconds}s" -s "$here/catalog/report.lua" "$url/v1/namespaces/bench/tables/small" | tail -1
done
stop

start create
echo "== 2. createTable (target: p95 <= 10 ms)"
cat "$here/catalog/create_table.lua" "$here/catalog/report.lua" >"$dir/create.lua"
for c in 1 4; do
  echo " POST /v1/namespaces/bench/tables, wrk -t1 -c$c -d${seconds}s:"
  wrk -t1 -c"$c" -d"${seconds}s" -s "$dir/create.lua" "$url/v1/namespaces/bench/tables" -- "c$c" | tail -1
done
stop

start commits
curl -sf -X POST "$url/v1/namespaces/bench/tables" -d "$small_table" >/dev/null
echo "== 3. fast-append commits to one table, one writer back to back (target: >= 500 commits/s)"
echo " node client (parses every response to build the next commit):"
node "$here/catalog/catalog_bench.mjs" commits "$url" bench small 2000
stop
# The same chain from wrk (fast_append.lua computes each commit instead of
# parsing the previous response), so the server's commit path is measured.
for d in 1 2 4; do
  start "commits-wrk-$d"
  curl -sf -X POST "$url/v1/namespaces/bench/tables" -d "$small_table" >/dev/null
  echo " wrk -t1 -c1 -d${d}s, one chain of commits on a new table:"
  wrk -t1 -c1 -d"${d}s" --latency -s "$here/catalog/fast_append.lua" "$url/v1/namespaces/bench/tables/small" \
    -- "$dir/commits-wrk-$d/warehouse/bench/small" 2000000 | grep -E 'requests in|Requests/sec|^ +(50|99)%|Non-2xx' | sed 's/^ */  /'
  stop
done

start big
echo "== 4. loadTable of a table with 10,000 snapshots (target: p95 <= 20 ms; <= 2 ms with snapshots=refs)"
node "$here/catalog/catalog_bench.mjs" big-table "$url" "$dir/big/warehouse" bench big 10000
for query in "" "?snapshots=refs"; do
  for c in 1 4; do
    echo " GET /v1/namespaces/bench/tables/big$query, wrk -t1 -c$c -d${seconds}s:"
    wrk -t1 -c"$c" -d"${seconds}s" -s "$here/catalog/report.lua" "$url/v1/namespaces/bench/tables/big$query" | tail -1
  done
  echo "   response bytes: $(curl -s "$url/v1/namespaces/bench/tables/big$query" | wc -c)"
done
stop

start many
echo "== 5. server RSS while serving 10,000 tables (target: < 200 MB)"
echo -n " idle after start: "; rss
node "$here/catalog/catalog_bench.mjs" many-tables "$url" bench 10000
echo -n " after creating and loading 10,000 tables: "; rss
wrk -t2 -c64 -d"${seconds}s" -s "$here/catalog/report.lua" "$url/v1/namespaces/bench/tables/t4242" | tail -1
echo -n " after ${seconds}s of loadTable under wrk -c64: "; rss
echo " 2,000 more fast appends to one table (its metadata grows to 2,000 snapshots):"
curl -sf -X POST "$url/v1/namespaces/bench/tables" -d "$small_table" >/dev/null
node "$here/catalog/catalog_bench.mjs" commits "$url" bench small 2000 | tail -1
echo -n " after them: "; rss
stop
