#!/usr/bin/python3
"""Independent check of floe's manifests and manifest lists with Debian's python3-avro.

Usage: validate_manifests_with_python_avro.py WRITER_BINARY OUTPUT_DIR

WRITER_BINARY (iceberg_write_manifest_validation_files) writes manifests and
manifest lists of format v1, v2 and v3 into OUTPUT_DIR. This script reads them
with python3-avro and checks, against the Iceberg spec and against the
formulas the writer uses (recomputed here, independently of floe):
  - the Avro schemas carry the spec's field ids (field-id, element-id, the
    k<key>_v<value> map records) and names, and nothing else;
  - the key-value metadata Iceberg readers require;
  - every record's values, including partition tuples, metrics maps, bounds
    and the partition field summaries (single-value binary serialization).
Exits 77 (CTest: skipped) when the avro module is not available.
"""

import datetime
import decimal
import json
import math
import os
import struct
import subprocess
import sys
import warnings

try:
    import avro.datafile
    import avro.io
except ImportError:
    print("SKIPPED: the avro module (Debian python3-avro) is not available; run with /usr/bin/python3")
    sys.exit(77)

warnings.filterwarnings("ignore")  # python3-avro warns about logicalType "map"

ENTRIES = 20
SNAPSHOT_ID = 42
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def read(path):
    with open(path, "rb") as f:
        reader = avro.datafile.DataFileReader(f, avro.io.DatumReader())
        meta = {k: v.decode() for k, v in reader.meta.items()}
        schema = json.loads(meta["avro.schema"])
        records = list(reader)
    return meta, schema, records


# --- Spec field ids --------------------------------------------------------------

def entry_field_ids(version):
    top = {"status": 0, "snapshot_id": 1, "data_file": 2}
    if version >= 2:
        top.update({"sequence_number": 3, "file_sequence_number": 4})
    data_file = {"file_path": 100, "file_format": 101, "partition": 102, "record_count": 103,
                 "file_size_in_bytes": 104, "column_sizes": 108, "value_counts": 109, "null_value_counts": 110,
                 "nan_value_counts": 137, "lower_bounds": 125, "upper_bounds": 128, "key_metadata": 131,
                 "split_offsets": 132, "sort_order_id": 140}
    if version == 1:
        data_file["block_size_in_bytes"] = 105
    if version >= 2:
        data_file.update({"content": 134, "equality_ids": 135, "referenced_data_file": 143})
    if version >= 3:
        data_file.update({"first_row_id": 142, "content_offset": 144, "content_size_in_bytes": 145})
    return top, data_file


MAP_IDS = {"column_sizes": (117, 118), "value_counts": (119, 120), "null_value_counts": (121, 122),
           "nan_value_counts": (138, 139), "lower_bounds": (126, 127), "upper_bounds": (129, 130)}
LIST_IDS = {"split_offsets": 133, "equality_ids": 136}
PARTITION_IDS = {"category": 1000, "ts_day": 1001, "id_bucket": 1002, "price": 1003, "score": 1004}


def list_field_ids(version):
    ids = {"manifest_path": 500, "manifest_length": 501, "partition_spec_id": 502, "added_snapshot_id": 503,
           "added_files_count": 504, "existing_files_count": 505, "deleted_files_count": 506,
           "partitions": 507, "added_rows_count": 512, "existing_rows_count": 513, "deleted_rows_count": 514,
           "key_metadata": 519}
    if version >= 2:
        ids.update({"content": 517, "sequence_number": 515, "min_sequence_number": 516})
    if version >= 3:
        ids["first_row_id"] = 520
    return ids


def value_type(field_type):
    """The non-null branch of a ["null", T] union, or the type itself."""
    if isinstance(field_type, list):
        branches = [b for b in field_type if b != "null"]
        return branches[0] if branches else "null"
    return field_type


def check_fields(record_schema, expected, where):
    actual = {f["name"]: f.get("field-id") for f in record_schema["fields"]}
    check(actual == expected, f"{where}: field ids {actual} != spec {expected}")
    return {f["name"]: f for f in record_schema["fields"]}


def check_entry_schema(schema, version, path):
    top, data_file_ids = entry_field_ids(version)
    check(schema["name"] == "manifest_entry", f"{path}: record name {schema['name']}")
    fields = check_fields(schema, top, f"{path} manifest_entry")
    data_file = value_type(fields["data_file"]["type"])
    check(data_file.get("name") == "r2", f"{path}: data_file record is named {data_file.get('name')}, not r2")
    df_fields = check_fields(data_file, data_file_ids, f"{path} data_file")
    partition = value_type(df_fields["partition"]["type"])
    check(partition.get("name") == "r102", f"{path}: partition record is named {partition.get('name')}")
    check_fields(partition, PARTITION_IDS, f"{path} partition")
    for name, (key_id, value_id) in MAP_IDS.items():
        array = value_type(df_fields[name]["type"])
        check(array.get("logicalType") == "map", f"{path}: {name} lacks logicalType map")
        items = array["items"]
        check(items.get("name") == f"k{key_id}_v{value_id}", f"{path}: {name} items named {items.get('name')}")
        check_fields(items, {"key": key_id, "value": value_id}, f"{path} {name}")
    for name, element_id in LIST_IDS.items():
        if name not in df_fields:
            continue
        array = value_type(df_fields[name]["type"])
        check(array.get("element-id") == element_id, f"{path}: {name} element-id {array.get('element-id')}")


def check_list_schema(schema, version, path):
    check(schema["name"] == "manifest_file", f"{path}: record name {schema['name']}")
    fields = check_fields(schema, list_field_ids(version), f"{path} manifest_file")
    array = value_type(fields["partitions"]["type"])
    check(array.get("element-id") == 508, f"{path}: partitions element-id {array.get('element-id')}")
    check(array["items"].get("name") == "r508", f"{path}: field_summary record named {array['items'].get('name')}")
    check_fields(array["items"], {"contains_null": 509, "contains_nan": 518, "lower_bound": 510, "upper_bound": 511},
                 f"{path} field_summary")


# --- Expected values (the writer's formulas) -------------------------------------

def content_of(kind):
    return {"data": 0, "position": 1, "equality": 2}[kind]


def expected_partition(i):
    return {
        "category": None if i % 5 == 0 else f"cat-{i % 4}",
        "ts_day": datetime.date(1970, 1, 1) + datetime.timedelta(days=19000 + i),
        "id_bucket": i % 8,
        "price": decimal.Decimal(i * 1000 + 5).scaleb(-2),
        "score": float("nan") if i == 7 else (None if i % 6 == 0 else i * 0.5),
    }


def expected_entry(i, version, kind):
    content = content_of(kind)
    data_file = {
        "file_path": f"s3://bucket/t/{'data' if kind == 'data' else 'deletes'}/file-{i}.parquet",
        "file_format": "PARQUET",
        "partition": expected_partition(i),
        "record_count": 1000 + i,
        "file_size_in_bytes": 50000 + i,
        "column_sizes": [{"key": 1, "value": 10 + i}, {"key": 2, "value": 20 + i}],
        "value_counts": [{"key": 1, "value": 1000 + i}, {"key": 2, "value": 1000 + i}],
        "null_value_counts": [{"key": 1, "value": 0}, {"key": 2, "value": i}],
        "nan_value_counts": [{"key": 4, "value": 0}] if i % 2 == 0 else None,
        "lower_bounds": [{"key": 1, "value": struct.pack("<q", i)}, {"key": 2, "value": f"a{i}".encode()}],
        "upper_bounds": [{"key": 1, "value": struct.pack("<q", i + 100)}, {"key": 2, "value": b"z"}],
        "key_metadata": b"\x00\x01key" if i == 1 else None,
        "split_offsets": [4, 4096 + i],
        "sort_order_id": 0 if i % 2 == 0 and kind != "position" else None,
    }
    if version == 1:
        data_file["block_size_in_bytes"] = 64 * 1024 * 1024
    if version >= 2:
        data_file["content"] = content
        data_file["equality_ids"] = [1, 2] if kind == "equality" else None
        data_file["referenced_data_file"] = f"s3://bucket/t/data/file-{i}.parquet" if kind == "position" else None
    if version >= 3:
        data_file["first_row_id"] = 999 if kind == "data" and i == 4 else None
        data_file["content_offset"] = 4 + i if kind == "position" else None
        data_file["content_size_in_bytes"] = 40 + i if kind == "position" else None
    if kind == "position":
        data_file["file_format"] = "PUFFIN"
        data_file["file_path"] = f"s3://bucket/t/deletes/dv-{i}.puffin"
    if i % 3 == 1:
        entry = {"status": 1, "snapshot_id": SNAPSHOT_ID, "sequence_number": None, "file_sequence_number": None}
    elif i % 3 == 0:
        entry = {"status": 0, "snapshot_id": 7, "sequence_number": 3, "file_sequence_number": 3}
    else:
        entry = {"status": 2, "snapshot_id": SNAPSHOT_ID, "sequence_number": 2, "file_sequence_number": 2}
    if version == 1:
        del entry["sequence_number"], entry["file_sequence_number"]
    entry["data_file"] = data_file
    return entry


def same(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) == type(b) and a == b


def decimal_bytes(unscaled):
    length = 1
    while not -(1 << (8 * length - 1)) <= unscaled < (1 << (8 * length - 1)):
        length += 1
    return unscaled.to_bytes(length, "big", signed=True)


def expected_summaries(version):
    indexes = range(ENTRIES)
    categories = sorted(f"cat-{i % 4}" for i in indexes if i % 5 != 0)
    scores = [i * 0.5 for i in indexes if i != 7 and i % 6 != 0]
    string_nan = False if version >= 2 else None
    return [
        {"contains_null": True, "contains_nan": string_nan,
         "lower_bound": categories[0].encode(), "upper_bound": categories[-1].encode()},
        {"contains_null": False, "contains_nan": string_nan,
         "lower_bound": struct.pack("<i", 19000), "upper_bound": struct.pack("<i", 19000 + ENTRIES - 1)},
        {"contains_null": False, "contains_nan": string_nan,
         "lower_bound": struct.pack("<i", 0), "upper_bound": struct.pack("<i", 7)},
        {"contains_null": False, "contains_nan": string_nan,
         "lower_bound": decimal_bytes(5), "upper_bound": decimal_bytes((ENTRIES - 1) * 1000 + 5)},
        {"contains_null": True, "contains_nan": True,
         "lower_bound": struct.pack("<d", min(scores)), "upper_bound": struct.pack("<d", max(scores))},
    ]


def expected_counts():
    added = [i for i in range(ENTRIES) if i % 3 == 1]
    existing = [i for i in range(ENTRIES) if i % 3 == 0]
    deleted = [i for i in range(ENTRIES) if i % 3 == 2]
    rows = lambda xs: sum(1000 + i for i in xs)  # noqa: E731
    return {"added_files_count": len(added), "existing_files_count": len(existing),
            "deleted_files_count": len(deleted), "added_rows_count": rows(added),
            "existing_rows_count": rows(existing), "deleted_rows_count": rows(deleted)}


# --- Checks ------------------------------------------------------------------------

def check_manifest(directory, name, version, kind):
    path = os.path.join(directory, f"{name}-v{version}.avro")
    meta, schema, records = read(path)
    check_entry_schema(schema, version, path)
    table_schema = json.loads(meta["schema"])
    check([f["id"] for f in table_schema["fields"]] == [1, 2, 3, 4, 5], f"{path}: schema metadata {meta['schema']}")
    check(meta.get("schema-id") == "5", f"{path}: schema-id {meta.get('schema-id')}")
    check(meta.get("partition-spec-id") == "3", f"{path}: partition-spec-id {meta.get('partition-spec-id')}")
    spec = json.loads(meta["partition-spec"])
    check([(f["field-id"], f["name"], f["transform"], f["source-id"]) for f in spec] ==
          [(1000, "category", "identity", 2), (1001, "ts_day", "day", 3), (1002, "id_bucket", "bucket[8]", 1),
           (1003, "price", "identity", 5), (1004, "score", "identity", 4)], f"{path}: partition-spec {spec}")
    check(meta.get("format-version") == str(version), f"{path}: format-version {meta.get('format-version')}")
    if version >= 2:
        check(meta.get("content") == ("data" if kind == "data" else "deletes"), f"{path}: content {meta.get('content')}")
    check(len(records) == ENTRIES, f"{path}: {len(records)} records")
    for i, record in enumerate(records):
        expected = expected_entry(i, version, kind)
        check(same(record, expected), f"{path} record {i}:\n  read     {record}\n  expected {expected}")
    return path


def check_list(directory, version, manifest_paths):
    path = os.path.join(directory, f"list-v{version}.avro")
    meta, schema, records = read(path)
    check_list_schema(schema, version, path)
    check(meta.get("snapshot-id") == str(SNAPSHOT_ID), f"{path}: snapshot-id {meta.get('snapshot-id')}")
    check(meta.get("parent-snapshot-id") == "41", f"{path}: parent-snapshot-id {meta.get('parent-snapshot-id')}")
    check(meta.get("format-version") == str(version), f"{path}: format-version {meta.get('format-version')}")
    if version >= 2:
        check(meta.get("sequence-number") == "12", f"{path}: sequence-number {meta.get('sequence-number')}")
    if version >= 3:
        check(meta.get("first-row-id") == "1000", f"{path}: first-row-id {meta.get('first-row-id')}")
    expected = []
    for manifest_path, kind in manifest_paths:
        record = {"manifest_path": manifest_path, "manifest_length": os.path.getsize(manifest_path),
                  "partition_spec_id": 3, "added_snapshot_id": SNAPSHOT_ID, "partitions": expected_summaries(version),
                  "key_metadata": None}
        record.update(expected_counts())
        if version >= 2:
            record.update({"content": 0 if kind == "data" else 1, "sequence_number": 12, "min_sequence_number": 3})
        if version >= 3:
            record["first_row_id"] = 1000 if kind == "data" else None
        expected.append(record)
    old = dict(expected[0])
    old.update({"manifest_path": "s3://bucket/t/metadata/old-m0.avro", "manifest_length": 777,
                "added_snapshot_id": 70, "key_metadata": b"\x01\x02"})
    if version >= 2:
        old.update({"sequence_number": 4, "min_sequence_number": 3})
    if version >= 3:
        old["first_row_id"] = 10
    expected.append(old)
    check(len(records) == len(expected), f"{path}: {len(records)} records, expected {len(expected)}")
    for i, (record, want) in enumerate(zip(records, expected)):
        check(same(record, want), f"{path} record {i}:\n  read     {record}\n  expected {want}")


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    writer, directory = sys.argv[1], sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    for name in os.listdir(directory):
        os.remove(os.path.join(directory, name))
    subprocess.run([writer, directory], check=True)
    for version in (1, 2, 3):
        manifests = [(check_manifest(directory, "manifest", version, "data"), "data")]
        if version >= 2:
            kind = "equality" if version == 2 else "position"
            manifests.append((check_manifest(directory, "deletes", version, kind), kind))
        check_list(directory, version, manifests)
    if failures:
        for failure in failures:
            print("FAIL:", failure)
        print(f"{len(failures)} check(s) failed")
        return 1
    print("OK: python3-avro read floe's v1/v2/v3 manifests and manifest lists; field ids and values match the spec")
    return 0


if __name__ == "__main__":
    sys.exit(main())
