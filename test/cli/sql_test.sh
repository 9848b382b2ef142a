#!/usr/bin/env bash
# End-to-end checks of `floe sql` (embedded mode): -c / -f / stdin scripts,
# the table, csv and json formats, Trino-style errors with a non-zero exit,
# and two processes inserting into one table at once (SQLite WAL catalog).
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

echo "$passed passed, $failed failed"
test "$failed" -eq 0
