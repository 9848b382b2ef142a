#!/usr/bin/env bash
# Throughput of the HTTP server core: floe_http_benchmark serves a small JSON
# response (the shape of GET /v1/config), wrk loads it.
# Usage: bench/http_server.sh [build dir] [server threads] [seconds] [connections]
# Needs wrk (scripts/deps.sh test) and a Release build of floe_http_benchmark.
set -euo pipefail
build=${1:-build}
threads=${2:-2}
seconds=${3:-10}
connections=${4:-64}
command -v wrk >/dev/null || { echo "http_server.sh: wrk is not installed (apt-get install wrk)" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
"$build/bin/floe_http_benchmark" "$port" "$threads" >/dev/null 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
echo "server threads=$threads, request logging on; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for path in /v1/config /v1/warehouse/namespaces/db; do
  echo "== GET $path  (wrk -t2 -c$connections -d${seconds}s)"
  wrk -t2 -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port$path" | grep -E "Requests/sec|Latency |99%|Non-2xx"
done
