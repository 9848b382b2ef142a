#!/usr/bin/env bash
# End-to-end checks of `floe serve` settings: a TOML configuration file,
# flags and FLOE_* variables taking priority over it, OAuth2 clients with
# hashes from `floe hash-secret`, and misconfiguration failing at start with
# a clear message. Starts real servers on free ports; talks to them with curl.
# Usage: serve_test.sh FLOE_BINARY
set -uo pipefail
floe=$(realpath "$1")
passed=0
failed=0
check() {  # check NAME CONDITION-COMMAND...
  local name=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
tmp=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null
    wait "$server_pid" 2>/dev/null
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1  # defaults (floe-catalog.db, ./warehouse) land here
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
# start_server LOG ARGS...: starts floe serve, waits until /healthz answers.
start_server() {
  local log=$1
  shift
  "$floe" serve --trino-port 0 "$@" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 100); do
    if grep -q "listening on" "$log" 2>/dev/null; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}
status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

# --- floe hash-secret ---------------------------------------------------------
hash=$(printf 's3cret\n' | "$floe" hash-secret)
check "hash-secret prints a PBKDF2 hash" grep -Eq '^pbkdf2-sha256\$[0-9]+\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$' <<<"$hash"
entry=$("$floe" hash-secret --client spark --secret s3cret)
check "hash-secret --client prints CLIENT:HASH" grep -q '^spark:pbkdf2-sha256\$' <<<"$entry"
printf '' | "$floe" hash-secret >/dev/null 2>"$tmp/err"
check "hash-secret refuses an empty secret" grep -q "empty secret" "$tmp/err"

# --- a configuration file, with authentication ------------------------------
port=$(free_port)
cat >"$tmp/floe.toml" <<EOF
# floe serve settings
port = $port
address = "127.0.0.1"
warehouse = "$tmp/warehouse"
catalog-uri = "$tmp/catalog.db"
quiet-requests = true
handler-threads = 4
oauth-client = ["$entry"]
token-signing-key = "0123456789abcdef0123456789abcdef-shared"
token-lifetime = 600
EOF
check "serve starts from a config file" start_server "$tmp/serve.log" --config "$tmp/floe.toml"
check "the port comes from the file" grep -q "listening on 127.0.0.1:$port" "$tmp/serve.log"
check "the banner says authentication is on" grep -q "OAuth2 bearer tokens" "$tmp/serve.log"
base="http://127.0.0.1:$port"
check "config without a token is 401" test "$(status_of "$base/v1/config")" = 401
check "healthz stays open" test "$(status_of "$base/healthz")" = 200
check "readyz: store reachable, warehouse writable" grep -q '"warehouse"' <<<"$(curl -s "$base/readyz")"
check "readyz is 200" test "$(status_of "$base/readyz")" = 200
token_json=$(curl -s -X POST "$base/v1/oauth/tokens" -d 'grant_type=client_credentials&client_id=spark&client_secret=s3cret&scope=catalog')
token=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["access_token"])' "$token_json" 2>/dev/null)
check "the client gets a token" test -n "$token"
check "the token lifetime comes from the file" grep -q '"expires_in":600' <<<"$token_json"
check "config with the token is 200" test "$(status_of -H "Authorization: Bearer $token" "$base/v1/config")" = 200
check "a wrong secret is invalid_client" grep -q '"error":"invalid_client"' \
  <<<"$(curl -s -X POST "$base/v1/oauth/tokens" -d 'grant_type=client_credentials&client_id=spark&client_secret=nope')"
stop_server

# --- flags and FLOE_* variables win over the file ---------------------------
flag_port=$(free_port)
check "a flag overrides the file" start_server "$tmp/flag.log" --config "$tmp/floe.toml" --port "$flag_port"
check "the flag's port is used" grep -q "listening on 127.0.0.1:$flag_port" "$tmp/flag.log"
stop_server
env_port=$(free_port)
FLOE_PORT=$env_port FLOE_OAUTH_CLIENTS="" start_server "$tmp/env.log" --config "$tmp/floe.toml"
check "FLOE_PORT overrides the file" grep -q "listening on 127.0.0.1:$env_port" "$tmp/env.log"
stop_server
FLOE_CONFIG="$tmp/floe.toml" start_server "$tmp/envconfig.log"
check "FLOE_CONFIG names the file" grep -q "listening on 127.0.0.1:$port" "$tmp/envconfig.log"
stop_server

# --- misconfiguration fails at start, naming the problem --------------------
expect_failure() {  # expect_failure NAME PATTERN ARGS...
  local name=$1 pattern=$2
  shift 2
  timeout 20 "$floe" serve --address 127.0.0.1 --port 0 --trino-port 0 "$@" >"$tmp/out" 2>"$tmp/err"
  local code=$?
  check "$name: exits non-zero" test "$code" -ne 0 -a "$code" -ne 124
  check "$name: says why" grep -q -- "$pattern" "$tmp/err"
}
echo 'bogus = 1' >"$tmp/unknown.toml"
expect_failure "unknown setting in the file" "unknown setting 'bogus'" --config "$tmp/unknown.toml"
echo 'threads = "many"' >"$tmp/badvalue.toml"
expect_failure "bad value in the file" "invalid value for 'threads'" --config "$tmp/badvalue.toml"
printf '[other]\nport = 1\n' >"$tmp/section.toml"
expect_failure "unknown section" "unknown section" --config "$tmp/section.toml"
expect_failure "missing config file" "File does not exist" --config "$tmp/none.toml"
expect_failure "port out of range" "not in range" --port 70000
expect_failure "unknown log level" "log-level" --log-level loud
expect_failure "client without a hash" "invalid --oauth-client" --oauth-client spark
expect_failure "malformed hash" "OAuth client 'spark'" --oauth-client 'spark:pbkdf2-sha256$1$x$y'
expect_failure "short signing key" "at least 32" --oauth-client "$entry" --token-signing-key short
expect_failure "signing key without clients" "no --oauth-client" --token-signing-key 0123456789abcdef0123456789abcdef
expect_failure "unreachable PostgreSQL" "cannot open the catalog store" \
  --catalog-uri "postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2"
check "the password is not printed" bash -c "! grep -q secret '$tmp/err'"
if [ "$(id -u)" -ne 0 ]; then  # root writes anywhere
  mkdir -p "$tmp/readonly" && chmod 555 "$tmp/readonly"
  expect_failure "read-only warehouse" "not writable" --warehouse "$tmp/readonly"
fi
printf 'x' >"$tmp/a-file"
expect_failure "warehouse under a file" "cannot create the warehouse" --warehouse "$tmp/a-file/wh"
"$floe" serve --help >"$tmp/help" 2>&1
for setting in --config --handler-threads --port --warehouse --catalog-uri --oauth-client --token-signing-key --token-lifetime FLOE_CONFIG \
  FLOE_OAUTH_CLIENTS "hash-secret"; do
  check "serve --help documents $setting" grep -q -- "$setting" "$tmp/help"
done

echo "serve_test: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
