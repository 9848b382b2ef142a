// Building blocks of the metadata JSON parsers, shared by table metadata
// (metadata_json.cc), its schema/spec/sort-order pieces (schema_json.cc),
// snapshots and statistics (snapshot_json.cc) and view metadata
// (view_metadata.cc). Not a public API: callers use metadata_json.h and
// view_metadata.h.
//
// Readers take simdjson DOM values borrowed from a json::JsonDocument and
// return kInvalidData with the Iceberg Java parsers' messages. Writers append
// to a json::JsonWriter in the Java field order. Thread-safe: free functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/common/json.h"
#include "floe/iceberg/table_metadata.h"

namespace floe::iceberg::internal {

// --- Documents -------------------------------------------------------------------

// Parses `text` with this thread's reusable simdjson parser, so that large
// metadata files are parsed without allocating (and faulting in) fresh parser
// buffers each time. The returned root borrows from that parser: it is valid
// until the next ParseWithThreadParser call on the same thread, so callers
// finish with it first and never call this while holding another root.
// Malformed JSON -> kInvalidData "Invalid JSON: <reason>".
Result<json::JsonValue> ParseWithThreadParser(std::string_view text);

// --- Generic members ----------------------------------------------------------

// A JSON object of string values (properties, summaries). Missing ->
// "Cannot parse missing map: <key>".
Result<std::map<std::string, std::string>> ReadStringMap(const json::JsonObject& object, std::string_view key);
// Like ReadStringMap, but an absent (or null) member gives an empty map.
Result<std::map<std::string, std::string>> ReadOptionalStringMap(const json::JsonObject& object,
                                                                  std::string_view key);
// The elements of a JSON array of ints / strings; `what` names the member in errors.
Result<std::vector<int32_t>> ReadIntList(const json::JsonValue& value, std::string_view what);
Result<std::vector<std::string>> ReadStringList(const json::JsonValue& value, std::string_view what);
// A required member of any JSON type: "Cannot parse missing field: <key>".
Result<json::JsonValue> GetField(const json::JsonObject& object, std::string_view key);
// A snapshot id member. Ids are opaque 64-bit values; some writers print ids
// above 2^63-1 as unsigned numbers, which are read as the same 64 bits (and
// written back as the signed long Java reads). Errors as json::GetLong.
Result<int64_t> GetSnapshotId(const json::JsonObject& object, std::string_view key);
Result<std::optional<int64_t>> GetOptionalSnapshotId(const json::JsonObject& object, std::string_view key);
Result<int64_t> AsSnapshotId(const json::JsonValue& value, std::string_view what);

void WriteStringMap(json::JsonWriter& writer, std::string_view key, const std::map<std::string, std::string>& map);

// --- Schemas, specs, sort orders (schema_json.cc) -------------------------------

Result<TypePtr> ReadType(const json::JsonValue& value);
Result<SchemaPtr> ReadSchema(const json::JsonValue& value);
// `default_spec_id`: the id of a spec without `spec-id` (the OpenAPI marks it
// read-only in requests); without it, a missing `spec-id` is an error.
Result<PartitionSpecPtr> ReadPartitionSpec(const json::JsonValue& value,
                                           std::optional<int32_t> default_spec_id = std::nullopt);
// The field list of a spec (also the v1 `partition-spec` member). Fields
// without `field-id` get 1000, 1001, ... as the v1 reference writer assigned.
Result<std::vector<PartitionField>> ReadPartitionFields(const json::JsonValue& value);
Result<SortOrderPtr> ReadSortOrder(const json::JsonValue& value);

void WriteType(json::JsonWriter& writer, const Type& type);
void WriteSchema(json::JsonWriter& writer, const Schema& schema);
void WritePartitionSpec(json::JsonWriter& writer, const PartitionSpec& spec);
void WritePartitionFields(json::JsonWriter& writer, const std::vector<PartitionField>& fields);
void WriteSortOrder(json::JsonWriter& writer, const SortOrder& order);

// --- Snapshots, refs, statistics, encryption keys (snapshot_json.cc) ------------

Result<SnapshotPtr> ReadSnapshot(const json::JsonValue& value);
Result<SnapshotRef> ReadSnapshotRef(const json::JsonValue& value);
Result<StatisticsFile> ReadStatisticsFile(const json::JsonValue& value);
Result<PartitionStatisticsFile> ReadPartitionStatisticsFile(const json::JsonValue& value);
Result<EncryptedKey> ReadEncryptedKey(const json::JsonValue& value);

void WriteSnapshot(json::JsonWriter& writer, const Snapshot& snapshot);
void WriteSnapshotRef(json::JsonWriter& writer, const SnapshotRef& ref);
void WriteStatisticsFile(json::JsonWriter& writer, const StatisticsFile& file);
void WritePartitionStatisticsFile(json::JsonWriter& writer, const PartitionStatisticsFile& file);
void WriteEncryptedKey(json::JsonWriter& writer, const EncryptedKey& key);

// --- Metadata files (metadata_json.cc) ------------------------------------------

// Whether a metadata location names a gzip file: "*.gz.metadata.json", or the
// legacy "*.metadata.json.gz".
bool IsGzipMetadataLocation(std::string_view location);
// Whether bytes start with the gzip magic (1f 8b).
bool HasGzipMagic(std::string_view bytes);
Result<std::string> GzipCompress(std::string_view bytes);
// Decompresses a gzip stream; corrupt input -> kInvalidData.
Result<std::string> GzipDecompress(std::string_view bytes);

// Reads a metadata file (table or view), gunzipping by name or magic.
Result<std::string> ReadMetadataFile(io::FileIO& file_io, std::string_view location);
// Writes a metadata file with kFailIfExists, gzipping by name.
Status WriteMetadataFile(io::FileIO& file_io, std::string_view location, std::string_view json);

}  // namespace floe::iceberg::internal
