#!/usr/bin/env bash
# End-to-end checks of `floe inspect` on real tables written by other engines
# (the shared fixtures), and on bad input: one-line errors, non-zero exits.
# Usage: inspect_test.sh FLOE_BINARY
set -uo pipefail
floe=$1
fixtures=${FLOE_FIXTURES:-}
passed=0
failed=0
check() {  # check NAME CONDITION-COMMAND...
  local name=$1
  shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL: $name"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- bad input --------------------------------------------------------------
"$floe" inspect table "$tmp/missing" >"$tmp/out" 2>"$tmp/err"
code=$?
check "missing table exits non-zero" test "$code" -ne 0
check "missing table: one-line error" test "$(wc -l <"$tmp/err")" -eq 1
check "missing table: says what is missing" grep -q "No table metadata found" "$tmp/err"

mkdir -p "$tmp/corrupt/metadata"
echo '{"format-version": 2, "table-uuid": ' >"$tmp/corrupt/metadata/v1.metadata.json"
"$floe" inspect table "$tmp/corrupt" >"$tmp/out" 2>"$tmp/err"
code=$?
check "corrupt metadata exits non-zero" test "$code" -ne 0
check "corrupt metadata: one-line error" test "$(wc -l <"$tmp/err")" -eq 1
check "corrupt metadata: names the file" grep -q "v1.metadata.json" "$tmp/err"

printf 'Obj\001garbage' >"$tmp/bad.avro"
"$floe" inspect avro "$tmp/bad.avro" >"$tmp/out" 2>"$tmp/err"
code=$?
check "corrupt avro exits non-zero" test "$code" -ne 0
check "corrupt avro: one-line error" test "$(wc -l <"$tmp/err")" -eq 1

"$floe" inspect avro "$tmp/none.avro" >"$tmp/out" 2>"$tmp/err"
check "missing avro exits non-zero" test $? -ne 0

printf 'PAR1garbage-not-a-footerPAR1' >"$tmp/bad.parquet"
"$floe" inspect parquet "$tmp/bad.parquet" >"$tmp/out" 2>"$tmp/err"
code=$?
check "corrupt parquet exits non-zero" test "$code" -ne 0
check "corrupt parquet: one-line error" test "$(wc -l <"$tmp/err")" -eq 1
"$floe" inspect parquet --rows "$tmp/bad.parquet" >"$tmp/out" 2>"$tmp/err"
check "corrupt parquet --rows exits non-zero" test $? -ne 0
"$floe" inspect parquet "$tmp/none.parquet" >"$tmp/out" 2>"$tmp/err"
code=$?
check "missing parquet exits non-zero" test "$code" -ne 0
check "missing parquet: one-line error" test "$(wc -l <"$tmp/err")" -eq 1

# --- real tables ------------------------------------------------------------
if [ -z "$fixtures" ] || [ ! -d "$fixtures/iceberg-tables" ]; then
  echo "SKIP: shared fixtures not found (set FLOE_FIXTURES); real-table checks skipped"
else
  t="$fixtures/iceberg-tables/iceberg_v1_deprecated/default/legacy_v1"
  if [ -d "$t" ]; then
    "$floe" inspect table "$t" >"$tmp/out" 2>"$tmp/err"
    check "v1 table inspects" test $? -eq 0
    check "v1 table: format version shown" grep -q "Format version   1" "$tmp/out"
    "$floe" inspect table --json "$t" >"$tmp/out.json" 2>"$tmp/err"
    check "v1 table --json is JSON with the metadata" \
      /usr/bin/python3 -c "import json,sys; d=json.load(open('$tmp/out.json')); assert d['metadata']['format-version']==1"
  fi
  w="$fixtures/avro/data/weather.avro"
  if [ -f "$w" ]; then
    "$floe" inspect avro "$w" >"$tmp/out" 2>"$tmp/err"
    check "weather.avro inspects" test $? -eq 0
    check "weather.avro: 5 records" test "$(grep -vc '^#' "$tmp/out")" -eq 5
    check "weather.avro: first record" grep -q '"station":"011990-99999"' "$tmp/out"
  fi
  p="$fixtures/parquet-testing/data/alltypes_plain.parquet"
  if [ -f "$p" ]; then
    "$floe" inspect parquet "$p" >"$tmp/out" 2>"$tmp/err"
    check "alltypes_plain.parquet inspects" test $? -eq 0
    check "alltypes_plain.parquet: 8 rows" grep -q "^Rows  *8$" "$tmp/out"
    check "alltypes_plain.parquet: column chunks shown" grep -q "string_col: BYTE_ARRAY UNCOMPRESSED" "$tmp/out"
    "$floe" inspect parquet --rows "$p" >"$tmp/out" 2>"$tmp/err"
    check "alltypes_plain.parquet --rows: 8 JSON lines" test "$(wc -l <"$tmp/out")" -eq 8
    check "alltypes_plain.parquet --rows: first row" grep -q '^{"id":4,"bool_col":true' "$tmp/out"
    "$floe" inspect parquet --rows --csv --limit 2 --columns id,bool_col "$p" >"$tmp/out" 2>"$tmp/err"
    check "alltypes_plain.parquet --csv --limit 2: header + 2 rows" test "$(cat "$tmp/out" | tr '\n' ' ')" = "id,bool_col 4,true 5,false "
    "$floe" inspect parquet --json "$p" >"$tmp/out.json" 2>"$tmp/err"
    check "alltypes_plain.parquet --json is JSON with the row count" \
      /usr/bin/python3 -c "import json; d=json.load(open('$tmp/out.json')); assert d['num_rows']==8 and len(d['row_groups'])==1"
  fi
  p="$fixtures/parquet-testing/data/alltypes_tiny_pages.parquet"
  if [ -f "$p" ]; then
    "$floe" inspect parquet "$p" >"$tmp/out" 2>"$tmp/err"
    check "alltypes_tiny_pages.parquet: page index summary" grep -q "page index: 325 pages, offset index, column index" "$tmp/out"
    "$floe" inspect parquet --pages "$p" >"$tmp/out" 2>"$tmp/err"
    check "alltypes_tiny_pages.parquet --pages: first page of id" grep -q "page 0: rows \[0, 21) offset=4 size=109 nulls=0 min=122 max=142" "$tmp/out"
    "$floe" inspect parquet --pages --json "$p" >"$tmp/out.json" 2>"$tmp/err"
    check "alltypes_tiny_pages.parquet --pages --json lists the pages" \
      /usr/bin/python3 -c "import json; d=json.load(open('$tmp/out.json')); p=d['row_groups'][0]['columns'][0]['page_index']['pages']; assert len(p)==325 and p[0]['first_row_index']==0"
  fi
  p="$fixtures/parquet-testing/data/data_index_bloom_encoding_stats.parquet"
  if [ -f "$p" ]; then
    "$floe" inspect parquet "$p" >"$tmp/out" 2>"$tmp/err"
    check "data_index_bloom_encoding_stats.parquet: bloom filter shown" grep -q "bloom filter: offset=" "$tmp/out"
  fi
  p="$fixtures/parquet-testing/data/nested_maps.snappy.parquet"
  if [ -f "$p" ]; then
    "$floe" inspect parquet --rows "$p" >"$tmp/out" 2>"$tmp/err"
    check "nested_maps.snappy.parquet --rows: 6 rows" test "$(wc -l <"$tmp/out")" -eq 6
  fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
