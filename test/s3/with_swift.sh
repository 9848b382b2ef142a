#!/usr/bin/env bash
# Runs a command against a throwaway one-node OpenStack Swift with the s3api
# and tempauth middlewares (Debian packages swift swift-proxy swift-account
# swift-container swift-object, with memcached), which checks AWS Signature V4.
#
# Usage: test/s3/with_swift.sh COMMAND [ARGS...]
# The command sees:
#   FLOE_S3_ENDPOINT           http://127.0.0.1:PORT (path-style addressing)
#   FLOE_S3_REGION             us-east-1
#   FLOE_S3_ACCESS_KEY_ID      test:tester
#   FLOE_S3_SECRET_ACCESS_KEY  testing
#   FLOE_S3_BUCKET             an empty bucket created for the run
#   FLOE_S3_KILL_COMMAND       kills the S3 endpoint with SIGKILL (mid-request failures)
#   FLOE_S3_START_COMMAND      starts it again and waits until it answers
#   FLOE_S3_SIGNATURE_CHECKED  1 (this server rejects wrong signatures)
#   FLOE_S3_UNPRIVILEGED_ACCESS_KEY_ID / _SECRET_ACCESS_KEY  a user denied access to the bucket
#   FLOE_S3_VIRTUAL_HOSTED_ENDPOINT  http://localhost:PORT, for bucket.localhost addressing
# Everything lives in a temporary directory; the servers are always stopped.
# Exit code 77 (skip) only when the Swift packages are not installed.
set -euo pipefail
for binary in memcached swift-proxy-server swift-account-server swift-container-server swift-object-server swift-ring-builder; do
  if ! command -v "$binary" >/dev/null 2>&1; then
    echo "with_swift.sh: $binary not found: install memcached swift swift-proxy swift-account swift-container swift-object (scripts/deps.sh test)" >&2
    exit 77
  fi
done
python=/usr/bin/python3
[ -x "$python" ] || python=python3

dir=$(mktemp -d "${TMPDIR:-/tmp}/floe-swift.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [ -f "$dir/proxy.pid" ] && kill -9 "$(cat "$dir/proxy.pid")" 2>/dev/null || true
  { wait; } 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

free_port() {
  "$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
proxy_port=$(free_port)
account_port=$(free_port)
container_port=$(free_port)
object_port=$(free_port)
memcached_port=$(free_port)

mkdir -p "$dir/srv/d1" "$dir/cache" "$dir/run"
cat > "$dir/swift.conf" <<CONF
[swift-hash]
swift_hash_path_suffix = floe-test-suffix
swift_hash_path_prefix = floe-test-prefix
[storage-policy:0]
name = Policy-0
default = yes
CONF

common="swift_dir = $dir
devices = $dir/srv
mount_check = false
bind_ip = 127.0.0.1
workers = 0
log_facility = LOG_LOCAL0
log_level = WARNING
user = $(id -un)"

for kind in account container object; do
  port_var="${kind}_port"
  cat > "$dir/$kind-server.conf" <<CONF
[DEFAULT]
$common
bind_port = ${!port_var}
[pipeline:main]
pipeline = $kind-server
[app:$kind-server]
use = egg:swift#$kind
[$kind-replicator]
[$kind-updater]
[$kind-auditor]
CONF
  (cd "$dir" && swift-ring-builder "$kind.builder" create 10 1 1 >/dev/null &&
    swift-ring-builder "$kind.builder" add "r1z1-127.0.0.1:${!port_var}/d1" 1 >/dev/null &&
    swift-ring-builder "$kind.builder" rebalance >/dev/null 2>&1) || {
    echo "with_swift.sh: building the $kind ring failed" >&2
    exit 1
  }
done

cat > "$dir/proxy-server.conf" <<CONF
[DEFAULT]
$common
bind_port = $proxy_port
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache s3api tempauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:$memcached_port
[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin
# A user of the same account without rights on its buckets (AccessDenied).
user_test_reader = reading
[filter:s3api]
use = egg:swift#s3api
location = us-east-1
# Virtual-hosted addressing: http://BUCKET.localhost:PORT/key (libcurl
# resolves *.localhost to the loopback address itself).
storage_domain = localhost
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
CONF

# s3api keeps tempauth tokens in memcached.
memcached -l 127.0.0.1 -p "$memcached_port" -U 0 -m 64 -u "$(id -un)" >"$dir/memcached.log" 2>&1 &
pids+=($!); disown
for kind in account container object; do
  "swift-$kind-server" "$dir/$kind-server.conf" --verbose >"$dir/$kind.log" 2>&1 &
  pids+=($!); disown
done

# The proxy is the S3 endpoint; tests kill and restart it through these scripts.
cat > "$dir/start-proxy.sh" <<SCRIPT
#!/usr/bin/env bash
swift-proxy-server "$dir/proxy-server.conf" --verbose >>"$dir/proxy.log" 2>&1 &
echo \$! > "$dir/proxy.pid"
for i in \$(seq 1 300); do
  if curl -sf -o /dev/null "http://127.0.0.1:$proxy_port/healthcheck"; then exit 0; fi
  if ! kill -0 "\$(cat "$dir/proxy.pid")" 2>/dev/null; then
    echo "with_swift.sh: swift-proxy-server exited; its log:" >&2; tail -20 "$dir/proxy.log" >&2; exit 1
  fi
  sleep 0.1
done
echo "with_swift.sh: swift-proxy-server did not answer within 30 s" >&2
exit 1
SCRIPT
cat > "$dir/kill-proxy.sh" <<SCRIPT
#!/usr/bin/env bash
kill -9 "\$(cat "$dir/proxy.pid")" 2>/dev/null
for i in \$(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$proxy_port/" || exit 0; sleep 0.05; done
SCRIPT
chmod +x "$dir/start-proxy.sh" "$dir/kill-proxy.sh"
"$dir/start-proxy.sh"

# The storage servers answer once the proxy can create the account and a container.
export FLOE_S3_ENDPOINT="http://127.0.0.1:$proxy_port"
export FLOE_S3_REGION=us-east-1
export FLOE_S3_ACCESS_KEY_ID=test:tester
export FLOE_S3_SECRET_ACCESS_KEY=testing
export FLOE_S3_BUCKET=floe-test
export FLOE_S3_KILL_COMMAND="$dir/kill-proxy.sh"
export FLOE_S3_START_COMMAND="$dir/start-proxy.sh"
export FLOE_S3_SIGNATURE_CHECKED=1
export FLOE_S3_UNPRIVILEGED_ACCESS_KEY_ID=test:reader
export FLOE_S3_UNPRIVILEGED_SECRET_ACCESS_KEY=reading
export FLOE_S3_VIRTUAL_HOSTED_ENDPOINT="http://localhost:$proxy_port"
created=""
for i in $(seq 1 25); do
  if "$python" - <<PY 2>"$dir/create-bucket.err"
import botocore.session
from botocore.config import Config
s = botocore.session.get_session()
c = s.create_client("s3", endpoint_url="$FLOE_S3_ENDPOINT", region_name="us-east-1",
                    aws_access_key_id="test:tester", aws_secret_access_key="testing",
                    config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                                  connect_timeout=2, read_timeout=10))
c.create_bucket(Bucket="$FLOE_S3_BUCKET")
PY
  then created=1; break; fi
  [ "${FLOE_S3_DEBUG:-}" ] && cat "$dir/create-bucket.err" >&2
  sleep 0.2
done
if [ -z "$created" ]; then
  echo "with_swift.sh: cannot create the test bucket:" >&2
  tail -5 "$dir/create-bucket.err" >&2
  for log in "$dir"/*.log; do echo "== $log" >&2; tail -n 20 "$log" >&2; done
  exit 1
fi
"$@"
