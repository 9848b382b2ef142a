"""Checks "t$files" and "t$manifests" against the manifest list and manifests
read independently with the Apache Avro reader (python3-avro).

Usage: /usr/bin/python3 metadata_files_check.py FLOE_BINARY WORK_DIR
Prints one line per check and "N passed, M failed"; exit status 1 on failure.
"""
import json
import os
import shutil
import struct
import subprocess
import sys

from avro.datafile import DataFileReader
from avro.io import DatumReader

floe, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
base = [floe, "sql", "--warehouse", os.path.join(work, "warehouse"), "--catalog-uri", os.path.join(work, "catalog.db")]


def sql(text):
    out = subprocess.run(base + ["--format", "json", "-c", text], check=True, capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def read_avro(path):
    with open(path, "rb") as f:
        reader = DataFileReader(f, DatumReader())
        records = list(reader)
        reader.close()
    return records


def shown_map(pairs):
    """A map(integer, X) as `floe sql --format json` encodes it (Trino's JSON: keys as strings)."""
    return {str(k): v for k, v in pairs.items()}


def as_dict(entries):
    # Iceberg's maps are arrays of {key, value} records in Avro.
    if entries is None:
        return {}
    if isinstance(entries, dict):
        return entries
    return {e["key"]: e["value"] for e in entries}


passed = failed = 0


def expect(name, expected, actual):
    global passed, failed
    if expected == actual:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name}\n  expected {expected!r}\n  actual   {actual!r}")


subprocess.run(base + ["-c", """CREATE SCHEMA s;
CREATE TABLE s.t (id bigint, name varchar, score double) WITH (partitioning = ARRAY['bucket(id, 2)']);
INSERT INTO s.t VALUES (1, 'ann', 1.5), (2, 'bob', nan()), (3, NULL, NULL), (4, 'dee', 2.0);
INSERT INTO s.t VALUES (5, 'eve', -1.0)"""], check=True, capture_output=True)

manifest_list = sql('SELECT manifest_list FROM s."t$snapshots" ORDER BY committed_at DESC, parent_id DESC NULLS LAST LIMIT 1')[0]["manifest_list"]
manifests = read_avro(manifest_list)
files = {}
for manifest in manifests:
    for entry in read_avro(manifest["manifest_path"]):
        if entry["status"] != 2:
            files[entry["data_file"]["file_path"]] = entry["data_file"]

floe_manifests = {m["path"]: m for m in sql('SELECT path, length, partition_spec_id, added_snapshot_id, added_data_files_count, added_rows_count FROM s."t$manifests"')}
expect("$manifests lists the manifest list's manifests", sorted(m["manifest_path"] for m in manifests), sorted(floe_manifests))
for m in manifests:
    row = floe_manifests.get(m["manifest_path"], {})
    added_files = m.get("added_files_count", m.get("added_data_files_count"))
    expect(f"$manifests row of {os.path.basename(m['manifest_path'])}",
           [m["manifest_length"], m["partition_spec_id"], m["added_snapshot_id"], added_files, m["added_rows_count"]],
           [row.get("length"), row.get("partition_spec_id"), row.get("added_snapshot_id"), row.get("added_data_files_count"),
            row.get("added_rows_count")])

floe_files = {f["file_path"]: f for f in sql(
    'SELECT file_path, content, file_format, record_count, file_size_in_bytes, column_sizes, value_counts, null_value_counts, '
    'nan_value_counts, lower_bounds, upper_bounds, split_offsets, partition FROM s."t$files"')}
expect("$files lists the live files of the manifests", sorted(files), sorted(floe_files))


def bound(field_id, data):
    if field_id == 1:
        return str(struct.unpack("<q", data)[0])
    if field_id == 3:
        value = struct.unpack("<d", data)[0]
        return repr(value)
    return data.decode("utf-8")


for path, data_file in files.items():
    row = floe_files.get(path, {})
    name = os.path.basename(path)
    expect(f"{name}: content, format, record_count, file_size_in_bytes",
           [data_file.get("content", 0), data_file["file_format"], data_file["record_count"], data_file["file_size_in_bytes"]],
           [row.get("content"), row.get("file_format"), row.get("record_count"), row.get("file_size_in_bytes")])
    for column in ["column_sizes", "value_counts", "null_value_counts", "nan_value_counts"]:
        expect(f"{name}: {column}", shown_map(as_dict(data_file.get(column))), row.get(column))
    for column in ["lower_bounds", "upper_bounds"]:
        expect(f"{name}: {column}", shown_map({k: bound(k, v) for k, v in as_dict(data_file.get(column)).items()}), row.get(column))
    offsets = data_file.get("split_offsets")
    expect(f"{name}: split_offsets", offsets or None, row.get("split_offsets"))
    # Rows are JSON arrays of their fields.
    expect(f"{name}: partition", [data_file["partition"]["id_bucket"]], row.get("partition"))

totals = sql('SELECT sum(record_count) AS records, sum(file_count) AS files, sum(total_size) AS size FROM s."t$partitions"')[0]
expect("$partitions totals match the manifests",
       [sum(f["record_count"] for f in files.values()), len(files), sum(f["file_size_in_bytes"] for f in files.values())],
       [totals["records"], totals["files"], totals["size"]])

print(f"{passed} passed, {failed} failed")
sys.exit(0 if failed == 0 else 1)
