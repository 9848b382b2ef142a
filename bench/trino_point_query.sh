#!/usr/bin/env bash
# p50 latency of a point query on a small Iceberg table through the Trino
# client protocol of `floe serve` (target: p50 <= 5 ms; a Trino coordinator's
# floor is about 100 ms). Starts floe serve on free ports with a throwaway
# warehouse and SQLite catalog, creates a 10,000-row table with
# `floe sql --server`, then runs bench/trino_point_query.mjs (node, no npm deps).
# Usage: bench/trino_point_query.sh [path/to/floe] [iterations]
set -euo pipefail
floe=${1:-build/bin/floe}
iterations=${2:-1000}
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null || { echo "trino_point_query.sh: node is not installed" >&2; exit 1; }
dir=$(mktemp -d /tmp/floe-bench.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rest_port=$(free_port)
trino_port=$(free_port)
"$floe" serve --port "$rest_port" --trino-port "$trino_port" --address 127.0.0.1 --warehouse "$dir/warehouse" \
  --catalog-uri "$dir/catalog.db" --quiet-requests --log-level warn >"$dir/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$trino_port/v1/info" >/dev/null && break; sleep 0.1; done
client=("$floe" sql --server "http://127.0.0.1:$trino_port" --user bench)
python3 -c 'print("INSERT INTO bench.customers VALUES " + ", ".join(f"({i}, {chr(39)}customer {i}{chr(39)}, {i % 97}.5)" for i in range(10000)) + ";")' >"$dir/insert.sql"
"${client[@]}" -c "CREATE SCHEMA bench; CREATE TABLE bench.customers (id bigint, name varchar, balance double)" >/dev/null
"${client[@]}" -f "$dir/insert.sql" >/dev/null
node "$here/trino_point_query.mjs" "http://127.0.0.1:$trino_port" "SELECT id, name, balance FROM bench.customers WHERE id = 4242" "$iterations"
