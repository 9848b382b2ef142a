// JSON forms of the Iceberg model: table metadata files, and the schema,
// partition spec, sort order and snapshot objects the REST protocol shares.
//
// Parsing validates as the reference implementation does and returns
// kInvalidData with its messages; serializing writes exactly the fields the
// spec requires for the metadata's format version (and the optional ones
// that are set). Thread-safe: free functions over immutable values.
#pragma once

#include <string>
#include <string_view>

#include "floe/io/file_io.h"
#include "floe/iceberg/table_metadata.h"

namespace floe::iceberg {

// Parses metadata JSON of format v1, v2 or v3 and validates it. Errors are
// kInvalidData with the reference implementation's messages, e.g.
// "Cannot read unsupported version 4", "partition-specs must exist in format v2",
// "Cannot find schema with current-schema-id=2 from schemas".
Result<TableMetadataPtr> ParseTableMetadata(std::string_view json);
// Serializes metadata as the spec's JSON (the fields required for its format version).
std::string SerializeTableMetadata(const TableMetadata& metadata);

// Reads a metadata file through FileIO; `*.gz.metadata.json` (and any file
// starting with the gzip magic) is gunzipped first.
Result<TableMetadataPtr> ReadTableMetadata(io::FileIO& file_io, std::string_view location);
// Writes a metadata file with WriteMode::kFailIfExists (never overwrites);
// gzip-compresses when the location ends in ".gz.metadata.json".
Status WriteTableMetadata(io::FileIO& file_io, std::string_view location, const TableMetadata& metadata);
// The same, for metadata already serialized with SerializeTableMetadata
// (callers that also send the text, such as the REST catalog, serialize once).
Status WriteTableMetadataJson(io::FileIO& file_io, std::string_view location, std::string_view json);

// Schema / spec / sort order / snapshot JSON pieces, shared by the REST layer.
Result<SchemaPtr> ParseSchema(std::string_view json);
std::string SerializeSchema(const Schema& schema);
Result<TypePtr> ParseType(std::string_view json);
Result<PartitionSpecPtr> ParsePartitionSpec(std::string_view json);
std::string SerializePartitionSpec(const PartitionSpec& spec);
Result<SortOrderPtr> ParseSortOrder(std::string_view json);
std::string SerializeSortOrder(const SortOrder& order);
Result<SnapshotPtr> ParseSnapshot(std::string_view json);
std::string SerializeSnapshot(const Snapshot& snapshot);
Result<NameMapping> ParseNameMapping(std::string_view json);

}  // namespace floe::iceberg
