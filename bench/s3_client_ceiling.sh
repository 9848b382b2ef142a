#!/usr/bin/env bash
# The ceiling of S3FileIO's read path (signing, libcurl, parallel ranged GETs)
# over loopback, with the server taken out of the way: nginx serves a 256 MiB
# file with Range support at the path-style URL of an S3 object (nginx ignores
# the SigV4 headers). Compare with `curl -o /dev/null` of the same URL.
# Usage: bench/s3_client_ceiling.sh [path/to/s3_bench] [parallelism...]
# Needs nginx (Debian nginx-light).
set -euo pipefail
bench=${1:-build/bin/s3_bench}
shift || true
parallelisms=${*:-1 4 8 16}
command -v nginx >/dev/null || { echo "s3_client_ceiling.sh: install nginx-light" >&2; exit 1; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/floe-nginx.XXXXXX")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
mkdir -p "$dir/root/bench" "$dir/logs"
head -c $((256 << 20)) /dev/urandom > "$dir/root/bench/large.bin"
cat > "$dir/nginx.conf" <<CONF
daemon off;
user root;  # the files live in a private temp dir
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 256; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 100000;
  client_body_temp_path $dir/tmp;
  server { listen 127.0.0.1:$port; root $dir/root; }
}
CONF
nginx -c "$dir/nginx.conf" -p "$dir" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$port/bench/large.bin" && break; sleep 0.1; done
echo "== curl -o /dev/null (one stream)"
for run in 1 2 3; do curl -s -o /dev/null -w "curl: %{speed_download} B/s\n" "http://127.0.0.1:$port/bench/large.bin" | awk '{printf "curl run: %.0f MB/s\n", $2 / 1e6}'; done
export FLOE_S3_ENDPOINT="http://127.0.0.1:$port" FLOE_S3_BUCKET=bench FLOE_S3_REGION=us-east-1
export FLOE_S3_ACCESS_KEY_ID=bench FLOE_S3_SECRET_ACCESS_KEY=bench
for parallelism in $parallelisms; do
  echo "== floe S3FileIO, s3.read.parallelism=$parallelism"
  FLOE_S3_READ_PARALLELISM=$parallelism "$bench" read large.bin 3 | tail -1
done
