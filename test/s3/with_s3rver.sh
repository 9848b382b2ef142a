#!/usr/bin/env bash
# Runs a command against a throwaway s3rver (npm; test/s3/package.json), a
# second S3 implementation. It does not verify signatures: it checks the API
# shape only (with_swift.sh is the server that checks SigV4).
#
# Usage: test/s3/with_s3rver.sh COMMAND [ARGS...]
# The command sees the same FLOE_S3_* variables as with with_swift.sh, with
# FLOE_S3_SIGNATURE_CHECKED=0 and FLOE_S3_CONDITIONAL_WRITES=0 (s3rver ignores
# If-None-Match). Exit code 77 (skip) only when node/npm are not installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "with_s3rver.sh: node and npm are needed (scripts/deps.sh test)" >&2
  exit 77
fi
"$here/../npm_install.sh" "$here" node_modules/.bin/s3rver >&2 || exit 1
python=/usr/bin/python3
[ -x "$python" ] || python=python3

dir=$(mktemp -d "${TMPDIR:-/tmp}/floe-s3rver.XXXXXX")
cleanup() {
  [ -f "$dir/s3rver.pid" ] && kill -9 "$(cat "$dir/s3rver.pid")" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' INT TERM

port=$("$python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
mkdir -p "$dir/data"
cat > "$dir/start.sh" <<SCRIPT
#!/usr/bin/env bash
# s3rver opens every listed object's metadata at once: 1,000 keys need more descriptors.
ulimit -n "\$(ulimit -Hn)" 2>/dev/null || true
# Its continuation tokens use a cipher that OpenSSL 3 keeps in the legacy provider.
NODE_OPTIONS=--openssl-legacy-provider "$here/node_modules/.bin/s3rver" -d "$dir/data" -a 127.0.0.1 -p $port --no-vhost-buckets \
  --configure-bucket floe-test >>"$dir/s3rver.log" 2>&1 &
echo \$! > "$dir/s3rver.pid"
for i in \$(seq 1 200); do
  if curl -s -o /dev/null "http://127.0.0.1:$port/"; then exit 0; fi
  if ! kill -0 "\$(cat "$dir/s3rver.pid")" 2>/dev/null; then
    echo "with_s3rver.sh: s3rver exited; its log:" >&2; tail -n 20 "$dir/s3rver.log" >&2; exit 1
  fi
  sleep 0.1
done
echo "with_s3rver.sh: s3rver did not answer within 20 s" >&2
exit 1
SCRIPT
cat > "$dir/kill.sh" <<SCRIPT
#!/usr/bin/env bash
kill -9 "\$(cat "$dir/s3rver.pid")" 2>/dev/null
for i in \$(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/" || exit 0; sleep 0.05; done
SCRIPT
chmod +x "$dir/start.sh" "$dir/kill.sh"
"$dir/start.sh"

export FLOE_S3_ENDPOINT="http://127.0.0.1:$port"
export FLOE_S3_REGION=us-east-1
export FLOE_S3_ACCESS_KEY_ID=S3RVER
export FLOE_S3_SECRET_ACCESS_KEY=S3RVER
export FLOE_S3_BUCKET=floe-test
export FLOE_S3_KILL_COMMAND="$dir/kill.sh"
export FLOE_S3_START_COMMAND="$dir/start.sh"
export FLOE_S3_SIGNATURE_CHECKED=0
export FLOE_S3_CONDITIONAL_WRITES=0
"$@"
