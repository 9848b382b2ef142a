#!/bin/sh
# Real Iceberg tables written by Spark, PyIceberg, Iceberg Java and BigQuery
# (the shared fixtures' iceberg-tables) answer duckdb-iceberg's recorded
# queries, translated to Trino SQL (fixtures/fixture_tables.test).
#
# Usage: fixture_tables.sh SQL_LOGIC_TEST FIXTURE_TABLES.test
# The fixtures come from $FLOE_FIXTURES (the directory holding
# iceberg-tables/); without them the test is skipped (exit 77). The tables
# are read in place: their metadata names files data/persistent/<table>/...,
# which --map points at the fixture directory.
set -eu
runner=$1
cases=$2
tables="${FLOE_FIXTURES:-}/iceberg-tables"
if [ -z "${FLOE_FIXTURES:-}" ] || [ ! -f "$tables/EXPECTED_duckdb-iceberg.md" ]; then
  echo "SKIP: the fixture tables are absent (set FLOE_FIXTURES to the directory holding iceberg-tables/)"
  exit 77
fi
exec "$runner" --map "data/persistent/=$tables/" --map "file://data/persistent/=$tables/" "$cases"
