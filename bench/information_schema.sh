#!/usr/bin/env bash
# What the schema/table name pushdown of information_schema and system.jdbc
# saves: the columns of one table of a catalog with many tables, as a JDBC
# tool's DatabaseMetaData.getColumns asks for them, with the constraint
# pushed down (table_schema / table_name equalities) and without (the same
# answer through a predicate the pushdown does not use). Embedded `floe sql`,
# whole process, best of N runs.
# Usage: bench/information_schema.sh [path/to/floe] [tables] [runs]
set -euo pipefail
floe=${1:-build/bin/floe}
tables=${2:-500}
runs=${3:-5}
dir=$(mktemp -d /tmp/floe-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
sql=("$floe" sql --warehouse "$dir/warehouse" --catalog-uri "$dir/catalog.db")
{
  echo "CREATE SCHEMA s;"
  for i in $(seq "$tables"); do
    echo "CREATE TABLE s.t$i (id bigint, name varchar, price decimal(12, 2), day date, tags array(varchar));"
  done
} >"$dir/create.sql"
"${sql[@]}" -f "$dir/create.sql" >/dev/null

best() {  # SQL -> best wall time in ms over $runs runs
  local best_ns=
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "${sql[@]}" --format csv -c "$1" >/dev/null
    end=$(date +%s%N)
    local took=$((end - start))
    if [ -z "$best_ns" ] || [ "$took" -lt "$best_ns" ]; then best_ns=$took; fi
  done
  echo "scale=1; $best_ns / 1000000" | bc
}

target="t$((tables / 2))"
pushed="SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 's' AND table_name = '$target'"
scanned="SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 's' AND lower(table_name) = '$target'"
jdbc="SELECT column_name, type_name FROM system.jdbc.columns WHERE table_cat = 'iceberg' AND table_schem LIKE 's' ESCAPE '\\' AND table_name LIKE '$target' ESCAPE '\\'"
floor="SELECT 1"
echo "$tables tables, best of $runs runs (ms, whole floe sql process)"
echo "floor (SELECT 1):                       $(best "$floor")"
echo "information_schema.columns, pushed down: $(best "$pushed")"
echo "system.jdbc.columns (LIKE without wildcards), pushed down: $(best "$jdbc")"
echo "information_schema.columns, every table: $(best "$scanned")"
