// ViewMetadata: the content of a view metadata JSON file (view-spec.md,
// format version 1), and its JSON form.
//
// A view is a list of versions; each version is a query (one SQL text per
// dialect) with the schema it produces, the catalog and namespace that
// resolve unqualified names, and a summary. `current-version-id` selects the
// live version; `version-log` records when each version became current.
// Immutable once built and shared as ViewMetadataPtr. Thread-safe: immutable
// values and free functions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/iceberg/schema.h"
#include "floe/io/file_io.h"

namespace floe::iceberg {

inline constexpr int kViewFormatVersion = 1;  // the only one the spec defines

// One representation of a version's query. The spec defines type "sql"
// (`sql` + `dialect`); other types are kept as their verbatim JSON so that
// reading and rewriting a view never drops them.
struct ViewRepresentation {
  static constexpr std::string_view kSqlType = "sql";
  std::string type = std::string(kSqlType);  // lower-cased, as Java normalises it
  std::string sql;
  std::string dialect;
  std::string unknown_json;  // the whole object, for types other than "sql"
  friend bool operator==(const ViewRepresentation&, const ViewRepresentation&) = default;
};

struct ViewVersion {
  int32_t version_id = 0;
  int64_t timestamp_ms = 0;
  int32_t schema_id = 0;
  std::map<std::string, std::string> summary;  // e.g. "engine-name", "engine-version"
  std::vector<ViewRepresentation> representations;
  std::optional<std::string> default_catalog;
  std::vector<std::string> default_namespace;  // namespace levels; may be empty
  friend bool operator==(const ViewVersion&, const ViewVersion&) = default;
};

struct ViewHistoryEntry {
  int64_t timestamp_ms = 0;
  int32_t version_id = 0;
  friend bool operator==(const ViewHistoryEntry&, const ViewHistoryEntry&) = default;
};

struct ViewMetadata {
  std::string view_uuid;
  int format_version = kViewFormatVersion;
  std::string location;
  std::vector<SchemaPtr> schemas;
  int32_t current_version_id = 0;
  std::vector<ViewVersion> versions;
  std::vector<ViewHistoryEntry> version_log;
  std::map<std::string, std::string> properties;

  // Lookups (nullptr when absent).
  const ViewVersion* VersionById(int32_t version_id) const;
  const ViewVersion* CurrentVersion() const;
  SchemaPtr SchemaById(int32_t schema_id) const;
  // The schema of the current version.
  SchemaPtr CurrentSchema() const;
};

using ViewMetadataPtr = std::shared_ptr<const ViewMetadata>;

// Parses and validates view metadata JSON. Errors are kInvalidData with the
// Java messages, e.g. "Cannot parse missing string: location",
// "Cannot parse missing int: current-version-id",
// "Cannot find current version 1234 in view versions: [1, 2]",
// "Cannot find current schema with id 1234 in schemas: [1]",
// "Unsupported format version: 2".
// Like Java, a stored version with several SQL texts for one dialect is
// readable (so that a view can be repaired by replacing it); new versions
// must pass ValidateViewVersion.
Result<ViewMetadataPtr> ParseViewMetadata(std::string_view json);
// Serializes as view-spec.md JSON, in the field order of Java's ViewMetadataParser.
std::string SerializeViewMetadata(const ViewMetadata& metadata);

// A single version (REST `add-view-version` updates carry one).
Result<ViewVersion> ParseViewVersion(std::string_view json);
std::string SerializeViewVersion(const ViewVersion& version);

// The check Java's ViewMetadata builder makes before adding a version: at most
// one SQL representation per dialect, compared case-insensitively.
// Violation -> kInvalidData "Invalid view version: Cannot add multiple queries for dialect <dialect>".
Status ValidateViewVersion(const ViewVersion& version);

// Reads a view metadata file through FileIO; `*.gz.metadata.json` (and any
// file starting with the gzip magic) is gunzipped first.
Result<ViewMetadataPtr> ReadViewMetadata(io::FileIO& file_io, std::string_view location);
// Writes with WriteMode::kFailIfExists; gzip-compresses `*.gz.metadata.json`.
Status WriteViewMetadata(io::FileIO& file_io, std::string_view location, const ViewMetadata& metadata);

}  // namespace floe::iceberg
