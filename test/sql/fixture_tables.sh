#!/bin/sh
# Real Iceberg tables written by Spark, PyIceberg, Iceberg Java and BigQuery
# (the shared fixtures' iceberg-tables) answer duckdb-iceberg's recorded
# queries, translated to Trino SQL (fixtures/fixture_tables.test).
#
# Usage: fixture_tables.sh SQL_LOGIC_TEST FIXTURE_TABLES.test [FLOE]
# The fixtures come from $FLOE_FIXTURES (the directory holding
# iceberg-tables/); without them the test is skipped (exit 77). The tables
# are read in place: their metadata names files data/persistent/<table>/...,
# which --map points at the fixture directory. With FLOE, `floe sql --map`
# registers and reads one of them end to end too.
set -eu
runner=$1
cases=$2
tables="${FLOE_FIXTURES:-}/iceberg-tables"
if [ -z "${FLOE_FIXTURES:-}" ] || [ ! -f "$tables/EXPECTED_duckdb-iceberg.md" ]; then
  echo "SKIP: the fixture tables are absent (set FLOE_FIXTURES to the directory holding iceberg-tables/)"
  exit 77
fi
"$runner" --map "data/persistent/=$tables/" --map "file://data/persistent/=$tables/" "$cases"
if [ $# -ge 3 ]; then
  floe=$3
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  out=$("$floe" sql --warehouse "$work/warehouse" --catalog-uri "$work/catalog.db" --format csv \
    --map "data/persistent/=$tables/" -c "
    CREATE SCHEMA iceberg.fx;
    CALL iceberg.system.register_table(schema_name => 'fx', table_name => 'eq',
      table_location => 'data/persistent/equality_deletes/warehouse/mydb/mytable');
    SELECT id, name FROM iceberg.fx.eq ORDER BY id;")
  expected=$(printf 'CREATE SCHEMA\nCALL\nid,name\n4,d\n5,e')
  if [ "$out" != "$expected" ]; then
    echo "floe sql --map: expected"; echo "$expected"; echo "got"; echo "$out"
    exit 1
  fi
  echo "floe sql --map: ok"
fi
