#!/bin/sh
# Independent check of floe's Avro writer with Debian's python3-avro.
# Usage: validate_with_python_avro.sh WRITER_BINARY OUTPUT_DIR
# WRITER_BINARY (avro_write_validation_files) writes Avro files and the
# expected records; validate_avro_files.py reads them back with python3-avro.
# Exits 77 (CTest: skipped) when /usr/bin/python3 or its avro module is missing.
set -eu
writer="$1"
out="$2"
python=/usr/bin/python3
if [ ! -x "$python" ] || ! "$python" -c "import avro.datafile" 2>/dev/null; then
  echo "SKIPPED: $python with the avro module (Debian python3-avro) is not available"
  exit 77
fi
rm -rf "$out"
mkdir -p "$out"
"$writer" "$out"
exec "$python" "$(dirname "$0")/validate_avro_files.py" "$out"
