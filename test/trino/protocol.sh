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
"$here/../npm_install.sh" "$here" node_modules/trino-client || { echo "0 passed, 1 failed"; exit 1; }

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
node "$here/session.mjs" "http://127.0.0.1:$trino_port" "$work/warehouse" || status=1

# `floe sql --server` (client mode) against the same server: the same output
# as embedded mode over the same catalog and warehouse, in every format.
passed=0
failed=0
expect() {  # NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then
    passed=$((passed + 1)); echo "ok   $1"
  else
    failed=$((failed + 1)); echo "FAIL $1"; diff <(echo "$2") <(echo "$3") | head -20
  fi
}
server="http://127.0.0.1:$trino_port"
embedded=("$floe" sql --warehouse "$work/warehouse" --catalog-uri "$work/catalog.db")
client=("$floe" sql --server "$server" --user tester)
query="SELECT * FROM iceberg.demo.typed ORDER BY id"
for format in table csv json; do
  expect "floe sql --server --format $format matches embedded mode" \
    "$("${embedded[@]}" --format "$format" -c "$query" 2>&1)" "$("${client[@]}" --format "$format" -c "$query" 2>&1)"
done
query="SELECT id, tags, attrs, p, events FROM iceberg.demo.nested ORDER BY id"
for format in table csv json; do
  expect "floe sql --server --format $format shows array, map and row values as embedded mode does" \
    "$("${embedded[@]}" --format "$format" -c "$query" 2>&1)" "$("${client[@]}" --format "$format" -c "$query" 2>&1)"
done
expect "floe sql --server: USE sets the schema of the following statements (X-Trino-Set-Schema)" \
  "$(printf 'USE\n _col0 \n-------\n 32000 \n(1 row)')" \
  "$("${client[@]}" -c "USE iceberg.demo; SELECT count(*) FROM big" 2>&1)"
expect "floe sql --server: DDL and INSERT report as in embedded mode" \
  "$(printf 'CREATE TABLE\nINSERT: 2 rows')" \
  "$("${client[@]}" --schema demo -c "CREATE TABLE client_made (a integer); INSERT INTO client_made VALUES 1, 2" 2>&1)"
expect "floe sql --server: a table created by the client is seen by embedded mode" \
  "$(printf '1\n2')" "$("${embedded[@]}" --format csv -c "SELECT a FROM demo.client_made ORDER BY a" 2>&1 | tail -n +2)"
error_output=$("${client[@]}" --schema demo -c "$(printf 'SELECT *\nFROM missing')" 2>&1)
error_status=$?
expect "floe sql --server: errors show Trino's name, position and a caret (exit 1: $error_status)" \
  "$(printf "Query failed (TABLE_NOT_FOUND): line 2:6: Table 'iceberg.demo.missing' does not exist\nFROM missing\n     ^")" \
  "$error_output"
[ "$error_status" -eq 1 ] || { failed=$((failed + 1)); echo "FAIL exit status $error_status after an error"; }
session_output=$("${client[@]}" --format csv -c "SET SESSION query_max_memory = '256MB'; SHOW SESSION LIKE 'query%';
  PREPARE answer FROM SELECT ? * 2; EXECUTE answer USING 21; START TRANSACTION; COMMIT; COMMIT" 2>"$work/session.err")
expect "floe sql --server: session properties, prepared statements and transactions carry over (Trino's headers)" \
  "$(printf 'SET SESSION\nName,Value,Default,Type,Description\nquery_max_memory,256MB,4GB,varchar,Maximum amount of memory a query can use\nPREPARE\n42\nSTART TRANSACTION\nCOMMIT')" \
  "$session_output"
expect "floe sql --server: COMMIT after the transaction ended is NOT_IN_TRANSACTION" \
  "Query failed (NOT_IN_TRANSACTION): line 1:1: No transaction in progress" "$(head -1 "$work/session.err")"
unreachable=$("$floe" sql --server "http://127.0.0.1:1" -c "SELECT 1" 2>&1)
expect "floe sql --server: an unreachable server is a clear error" \
  "Query failed (GENERIC_INTERNAL_ERROR): cannot reach http://127.0.0.1:1: Couldn't connect to server" "$unreachable"
echo "$passed passed, $failed failed (floe sql --server)"
[ "$failed" -eq 0 ] || status=1
exit $status
