"""Reads Avro files written by floe with python3-avro and checks them.

Usage: /usr/bin/python3 validate_avro_files.py DIR

DIR holds entries-<codec>.avro files and expected.jsonl (the records as
floe's DatumToJson renders them: unions plain, bytes/fixed as strings of
code points U+0000..U+00FF, enums as symbols). Checks that every record
matches, that the user metadata is there, and that the Iceberg properties
(field-id, element-id, key-id, value-id, logicalType, adjust-to-utc)
survive in the file's schema.
"""
import datetime
import glob
import json
import os
import sys

import avro.datafile
import avro.io
import avro.schema


def normalize(value):
    """Python-avro values -> the JSON-ish form floe renders."""
    if isinstance(value, datetime.datetime):  # python-avro applies timestamp-micros
        epoch = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
        return (value - epoch) // datetime.timedelta(microseconds=1)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, dict):
        return {k: normalize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def check_schema_properties(schema_json, parsed):
    fields = {f["name"]: f for f in schema_json["fields"]}
    for field in schema_json["fields"]:
        if "field-id" not in field:
            fail("field %s lost its field-id" % field["name"])
    if fields["status"]["field-id"] != 0 or fields["file_path"]["field-id"] != 100:
        fail("wrong field-id values: %r" % fields)
    split_offsets = fields["split_offsets"]["type"][1]
    if split_offsets.get("element-id") != 133:
        fail("element-id lost: %r" % split_offsets)
    properties = fields["properties"]["type"]
    if properties.get("key-id") != 201 or properties.get("value-id") != 202:
        fail("key-id/value-id lost: %r" % properties)
    ts = fields["ts"]["type"]
    if ts.get("logicalType") != "timestamp-micros" or ts.get("adjust-to-utc") is not True:
        fail("logicalType/adjust-to-utc lost: %r" % ts)
    # python-avro itself sees the properties on the parsed schema.
    parsed_fields = {f.name: f for f in parsed.fields}
    if parsed_fields["file_path"].other_props.get("field-id") != 100:
        fail("python-avro does not see field-id on file_path: %r" % parsed_fields["file_path"].other_props)


def main():
    directory = sys.argv[1]
    with open(os.path.join(directory, "expected.jsonl")) as f:
        expected = [json.loads(line) for line in f if line.strip()]
    files = sorted(glob.glob(os.path.join(directory, "entries-*.avro")))
    if not files:
        fail("no entries-*.avro files in " + directory)
    for path in files:
        with open(path, "rb") as f:
            reader = avro.datafile.DataFileReader(f, avro.io.DatumReader())
            if reader.meta.get("floe.test") != b"yes":
                fail("%s: user metadata floe.test missing: %r" % (path, reader.meta))
            schema_json = json.loads(reader.meta["avro.schema"].decode("utf-8"))
            check_schema_properties(schema_json, reader.datum_reader.writers_schema)
            records = [normalize(r) for r in reader]
            reader.close()
        if len(records) != len(expected):
            fail("%s: %d records, expected %d" % (path, len(records), len(expected)))
        for i, (got, want) in enumerate(zip(records, expected)):
            if got != want:
                fail("%s: record %d differs:\n  python-avro: %r\n  floe:        %r" % (path, i, got, want))
        print("OK: %s: %d records, codec %s, properties intact"
              % (os.path.basename(path), len(records), reader.codec if hasattr(reader, "codec") else "?"))


if __name__ == "__main__":
    main()
