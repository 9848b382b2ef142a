#!/usr/bin/env bash
# End-to-end checks of `floe sql` (embedded mode): -c / -f / stdin scripts,
# the table, csv and json formats, Trino-style errors with a non-zero exit,
# two processes inserting into one table at once (SQLite WAL catalog),
# session statements, and client mode (`--server`) against a floe serve
# with OAuth2 on.
# Usage: sql_test.sh FLOE_BINARY
set -uo pipefail
floe=$1
passed=0
failed=0
check() {  # check NAME CONDITION-COMMAND...
  local name=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sql() { "$floe" sql --warehouse "$tmp/warehouse" --catalog-uri "$tmp/catalog.db" "$@"; }

sql -c "CREATE SCHEMA demo; CREATE TABLE demo.events (id bigint, kind varchar, amount decimal(10, 2)) WITH (partitioning = ARRAY['kind']);" >"$tmp/out" 2>"$tmp/err"
check "-c runs several statements" test $? -eq 0
check "-c prints statement kinds" grep -q "CREATE TABLE" "$tmp/out"

sql -c "INSERT INTO demo.events VALUES (1, 'click', 1.50), (2, 'view', NULL), (3, 'click', 2.25);" >"$tmp/out" 2>"$tmp/err"
check "insert succeeds" test $? -eq 0
check "insert reports rows" grep -q "INSERT: 3 rows" "$tmp/out"

sql --schema demo -c "SELECT kind, count(*) AS n, sum(amount) AS total FROM events GROUP BY kind ORDER BY kind;" >"$tmp/out" 2>"$tmp/err"
check "table format: centered header" grep -q "^ kind  | n | total $" "$tmp/out"
check "table format: aligned row" grep -q "^ click | 2 |  3.75 $" "$tmp/out"
check "table format: row count" grep -q "(2 rows)" "$tmp/out"

sql --format csv -c "SELECT id, kind, amount FROM demo.events ORDER BY id;" >"$tmp/out" 2>"$tmp/err"
check "csv format" test "$(cat "$tmp/out")" = "$(printf 'id,kind,amount\n1,click,1.50\n2,view,\n3,click,2.25')"

sql --format json -c "SELECT id, kind, amount FROM demo.events WHERE id = 2;" >"$tmp/out" 2>"$tmp/err"
check "json format" test "$(cat "$tmp/out")" = '{"id":2,"kind":"view","amount":null}'

printf 'USE demo;\nSELECT count(*)\nFROM events;\n' >"$tmp/script.sql"
sql --format csv -f "$tmp/script.sql" >"$tmp/out" 2>"$tmp/err"
check "-f runs a multi-line script with USE" test "$(tail -1 "$tmp/out")" = "3"

printf 'SELECT 1 + 1;' | sql --format csv >"$tmp/out" 2>"$tmp/err"
check "statements from stdin" test "$(tail -1 "$tmp/out")" = "2"

sql -c "SELECT kynd FROM demo.events;" >"$tmp/out" 2>"$tmp/err"
code=$?
check "error exits non-zero" test "$code" -ne 0
check "error in Trino's shape" grep -q "Query failed (COLUMN_NOT_FOUND): line 1:8: Column 'kynd' cannot be resolved" "$tmp/err"
check "error shows the position" grep -q "^       ^$" "$tmp/err"

sql -c "SELECT 1; SELEC 2; SELECT 3;" >"$tmp/out" 2>"$tmp/err"
code=$?
check "a script stops at the first failing statement" test "$code" -ne 0
check "syntax error message" grep -q "SYNTAX_ERROR): line 1:1: mismatched input 'SELEC'" "$tmp/err"

sql --format nope -c "SELECT 1;" >"$tmp/out" 2>"$tmp/err"
check "bad --format is refused" test $? -ne 0

# Two processes append to one table at the same time: every insert commits.
for w in 1 2; do
  (for i in 1 2 3 4 5; do sql -c "INSERT INTO demo.events VALUES ($((w * 100 + i)), 'w$w', 1);" >/dev/null 2>>"$tmp/concurrent.err" || echo fail >>"$tmp/concurrent.fail"; done) &
done
wait
check "concurrent inserts: none failed" test ! -e "$tmp/concurrent.fail"
sql --format csv -c "SELECT count(*) FROM demo.events WHERE kind LIKE 'w%';" >"$tmp/out" 2>"$tmp/err"
check "concurrent inserts: all rows visible" test "$(tail -1 "$tmp/out")" = "10"

# Session statements in one shell: SET SESSION, PREPARE and a transaction
# carry over to the following statements.
sql --format csv --schema demo -c "SET SESSION query_max_memory = '256MB'; SHOW SESSION LIKE 'query_max_memory';
  PREPARE by_id FROM SELECT kind FROM events WHERE id = ?; EXECUTE by_id USING 2;
  START TRANSACTION READ ONLY; INSERT INTO events VALUES (9, 'x', 1);" >"$tmp/out" 2>"$tmp/err"
check "session: SET SESSION is seen by SHOW SESSION" grep -q '^query_max_memory,256MB,4GB,varchar,' "$tmp/out"
check "session: EXECUTE runs the prepared statement" grep -qx 'view' "$tmp/out"
check "session: a read-only transaction refuses writes" grep -q 'READ_ONLY_VIOLATION' "$tmp/err"

# Client mode against a floe serve with OAuth2 on: a token from the REST
# catalog's /v1/oauth/tokens for --client-id (secret from FLOE_CLIENT_SECRET)
# or --access-token; without one, a clear 401 error.
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
rest_port=$(free_port)
trino_port=$(free_port)
secret="cli-secret-$RANDOM$RANDOM"
hash=$(printf '%s' "$secret" | "$floe" hash-secret --client cli)
head -c 48 /dev/urandom | base64 >"$tmp/signing.key"
"$floe" serve --address 127.0.0.1 --port "$rest_port" --trino-port "$trino_port" --warehouse "$tmp/warehouse" \
  --catalog-uri "$tmp/catalog.db" --quiet-requests --oauth-client "$hash" --token-signing-key-file "$tmp/signing.key" \
  >"$tmp/serve.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$trino_port/v1/info" >/dev/null 2>&1 && break
  sleep 0.1
done
server="http://127.0.0.1:$trino_port"
token_endpoint="http://127.0.0.1:$rest_port/v1/oauth/tokens"
client() { "$floe" sql --server "$server" --format csv "$@"; }

client -c "SELECT count(*) FROM demo.events" >"$tmp/out" 2>"$tmp/err"
code=$?
check "auth: without a token, exit 1" test "$code" -eq 1
check "auth: without a token, a clear 401 error" grep -q "HTTP 401 Unauthorized.*--access-token (or FLOE_ACCESS_TOKEN), or --client-id with the secret in FLOE_CLIENT_SECRET" "$tmp/err"

FLOE_CLIENT_SECRET="$secret" client --client-id cli --token-endpoint "$token_endpoint" \
  -c "SELECT count(*) FROM demo.events" >"$tmp/out" 2>"$tmp/err"
check "auth: --client-id with FLOE_CLIENT_SECRET gets a token and runs" test "$(tail -1 "$tmp/out")" = "13"

FLOE_CLIENT_SECRET="wrong" client --client-id cli --token-endpoint "$token_endpoint" -c "SELECT 1" >"$tmp/out" 2>"$tmp/err"
code=$?
check "auth: a wrong secret fails" test "$code" -ne 0
check "auth: a wrong secret names the client and the endpoint" grep -q "refused client 'cli' (HTTP 401)" "$tmp/err"

client --client-id cli --token-endpoint "$token_endpoint" -c "SELECT 1" >"$tmp/out" 2>"$tmp/err"
check "auth: --client-id without FLOE_CLIENT_SECRET is refused" grep -q "FLOE_CLIENT_SECRET" "$tmp/err"

token=$(curl -sf "$token_endpoint" -d grant_type=client_credentials -d client_id=cli -d client_secret="$secret" -d scope=catalog |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
client --access-token "$token" -c "SELECT count(*) FROM demo.events" >"$tmp/out" 2>"$tmp/err"
check "auth: --access-token" test "$(tail -1 "$tmp/out")" = "13"
FLOE_ACCESS_TOKEN="$token" client -c "SELECT current_user" >"$tmp/out" 2>"$tmp/err"
check "auth: FLOE_ACCESS_TOKEN" test "$(tail -1 "$tmp/out")" = "floe"
client --access-token "not-a-token" -c "SELECT 1" >"$tmp/out" 2>"$tmp/err"
check "auth: an invalid token gets the 401 error" grep -q "HTTP 401 Unauthorized" "$tmp/err"

echo "$passed passed, $failed failed"
test "$failed" -eq 0
