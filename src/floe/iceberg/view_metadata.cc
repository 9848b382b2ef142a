// View metadata JSON (view-spec.md), read and written as Java's
// ViewMetadataParser, ViewVersionParser and ViewRepresentationParser do.
#include "floe/iceberg/view_metadata.h"

#include <algorithm>
#include <cctype>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "floe/iceberg/metadata_json_internal.h"

namespace floe::iceberg {

using json::JsonArray;
using json::JsonObject;
using json::JsonValue;
using json::JsonWriter;

const ViewVersion* ViewMetadata::VersionById(int32_t version_id) const {
  for (const ViewVersion& version : versions) {
    if (version.version_id == version_id) return &version;
  }
  return nullptr;
}

const ViewVersion* ViewMetadata::CurrentVersion() const { return VersionById(current_version_id); }

SchemaPtr ViewMetadata::SchemaById(int32_t schema_id) const {
  for (const SchemaPtr& schema : schemas) {
    if (schema->schema_id() == schema_id) return schema;
  }
  return nullptr;
}

SchemaPtr ViewMetadata::CurrentSchema() const {
  const ViewVersion* version = CurrentVersion();
  return version == nullptr ? nullptr : SchemaById(version->schema_id);
}

namespace {

std::string ToLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

Result<ViewRepresentation> ReadRepresentation(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse view representation from non-object: {}", json::ToJson(value));
  }
  ViewRepresentation representation;
  FLOE_ASSIGN_OR_RETURN(std::string_view type, json::GetString(object, "type"));
  representation.type = ToLower(type);
  if (representation.type != ViewRepresentation::kSqlType) {
    representation.unknown_json = json::ToJson(value);
    return representation;
  }
  FLOE_ASSIGN_OR_RETURN(std::string_view sql, json::GetString(object, "sql"));
  representation.sql = sql;
  FLOE_ASSIGN_OR_RETURN(std::string_view dialect, json::GetString(object, "dialect"));
  representation.dialect = dialect;
  return representation;
}

Result<ViewVersion> ReadViewVersion(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse view version from a non-object: {}", json::ToJson(value));
  }
  ViewVersion version;
  FLOE_ASSIGN_OR_RETURN(version.version_id, json::GetInt(object, "version-id"));
  FLOE_ASSIGN_OR_RETURN(version.timestamp_ms, json::GetLong(object, "timestamp-ms"));
  FLOE_ASSIGN_OR_RETURN(version.summary, internal::ReadStringMap(object, "summary"));
  FLOE_ASSIGN_OR_RETURN(JsonValue representations_value, internal::GetField(object, "representations"));
  JsonArray representations;
  if (representations_value.get_array().get(representations)) {
    return InvalidData("Cannot parse representations from non-array: {}", json::ToJson(representations_value));
  }
  version.representations.reserve(representations.size());
  for (JsonValue element : representations) {
    FLOE_ASSIGN_OR_RETURN(ViewRepresentation representation, ReadRepresentation(element));
    version.representations.push_back(std::move(representation));
  }
  FLOE_ASSIGN_OR_RETURN(version.schema_id, json::GetInt(object, "schema-id"));
  FLOE_ASSIGN_OR_RETURN(std::optional<std::string_view> catalog, json::GetOptionalString(object, "default-catalog"));
  if (catalog) version.default_catalog.emplace(*catalog);
  FLOE_ASSIGN_OR_RETURN(JsonValue namespace_value, internal::GetField(object, "default-namespace"));
  FLOE_ASSIGN_OR_RETURN(version.default_namespace, internal::ReadStringList(namespace_value, "default-namespace"));
  return version;
}

Result<ViewHistoryEntry> ReadHistoryEntry(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse view history entry from non-object: {}", json::ToJson(value));
  }
  ViewHistoryEntry entry;
  FLOE_ASSIGN_OR_RETURN(entry.timestamp_ms, json::GetLong(object, "timestamp-ms"));
  FLOE_ASSIGN_OR_RETURN(entry.version_id, json::GetInt(object, "version-id"));
  return entry;
}

// The checks Java makes when the metadata is built and when its current
// version and schema are first used.
Status Validate(const ViewMetadata& metadata) {
  if (metadata.format_version < 1 || metadata.format_version > kViewFormatVersion) {
    return InvalidData("Unsupported format version: {}", metadata.format_version);
  }
  const ViewVersion* current = metadata.CurrentVersion();
  if (current == nullptr) {
    std::vector<int32_t> ids;
    for (const ViewVersion& version : metadata.versions) ids.push_back(version.version_id);
    return InvalidData("Cannot find current version {} in view versions: [{}]", metadata.current_version_id,
                       fmt::join(ids, ", "));
  }
  if (metadata.SchemaById(current->schema_id) == nullptr) {
    std::vector<int32_t> ids;
    for (const SchemaPtr& schema : metadata.schemas) ids.push_back(schema->schema_id());
    return InvalidData("Cannot find current schema with id {} in schemas: [{}]", current->schema_id,
                       fmt::join(ids, ", "));
  }
  return Status::OK();
}

Result<ViewMetadataPtr> ReadViewMetadataJson(const JsonValue& value) {
  JsonObject root;
  if (value.get_object().get(root)) {
    return InvalidData("Cannot parse view metadata from non-object: {}", json::ToJson(value));
  }
  auto metadata = std::make_shared<ViewMetadata>();
  FLOE_ASSIGN_OR_RETURN(std::string_view uuid, json::GetString(root, "view-uuid"));
  metadata->view_uuid = uuid;
  FLOE_ASSIGN_OR_RETURN(metadata->format_version, json::GetInt(root, "format-version"));
  FLOE_ASSIGN_OR_RETURN(std::string_view location, json::GetString(root, "location"));
  metadata->location = location;
  FLOE_ASSIGN_OR_RETURN(metadata->properties, internal::ReadOptionalStringMap(root, "properties"));

  FLOE_ASSIGN_OR_RETURN(JsonValue schemas_value, internal::GetField(root, "schemas"));
  JsonArray schemas;
  if (schemas_value.get_array().get(schemas)) {
    return InvalidData("Cannot parse schemas from non-array: {}", json::ToJson(schemas_value));
  }
  metadata->schemas.reserve(schemas.size());
  for (JsonValue element : schemas) {
    FLOE_ASSIGN_OR_RETURN(SchemaPtr schema, internal::ReadSchema(element));
    metadata->schemas.push_back(std::move(schema));
  }

  FLOE_ASSIGN_OR_RETURN(metadata->current_version_id, json::GetInt(root, "current-version-id"));
  FLOE_ASSIGN_OR_RETURN(JsonValue versions_value, internal::GetField(root, "versions"));
  JsonArray versions;
  if (versions_value.get_array().get(versions)) {
    return InvalidData("Cannot parse versions from non-array: {}", json::ToJson(versions_value));
  }
  metadata->versions.reserve(versions.size());
  for (JsonValue element : versions) {
    FLOE_ASSIGN_OR_RETURN(ViewVersion version, ReadViewVersion(element));
    metadata->versions.push_back(std::move(version));
  }

  FLOE_ASSIGN_OR_RETURN(JsonValue log_value, internal::GetField(root, "version-log"));
  JsonArray log;
  if (log_value.get_array().get(log)) {
    return InvalidData("Cannot parse version-log from non-array: {}", json::ToJson(log_value));
  }
  metadata->version_log.reserve(log.size());
  for (JsonValue element : log) {
    FLOE_ASSIGN_OR_RETURN(ViewHistoryEntry entry, ReadHistoryEntry(element));
    metadata->version_log.push_back(entry);
  }

  FLOE_RETURN_IF_ERROR(Validate(*metadata));
  return ViewMetadataPtr(std::move(metadata));
}

void WriteRepresentation(JsonWriter& writer, const ViewRepresentation& representation) {
  if (representation.type != ViewRepresentation::kSqlType) {
    if (!representation.unknown_json.empty()) {
      writer.Raw(representation.unknown_json);
      return;
    }
    writer->StartObject();
    writer.Key("type");
    writer.String(representation.type);
    writer->EndObject();
    return;
  }
  writer->StartObject();
  writer.Key("type");
  writer.String(representation.type);
  writer.Key("sql");
  writer.String(representation.sql);
  writer.Key("dialect");
  writer.String(representation.dialect);
  writer->EndObject();
}

void WriteViewVersion(JsonWriter& writer, const ViewVersion& version) {
  writer->StartObject();
  writer.Key("version-id");
  writer->Int(version.version_id);
  writer.Key("timestamp-ms");
  writer->Int64(version.timestamp_ms);
  writer.Key("schema-id");
  writer->Int(version.schema_id);
  internal::WriteStringMap(writer, "summary", version.summary);
  if (version.default_catalog) {
    writer.Key("default-catalog");
    writer.String(*version.default_catalog);
  }
  writer.Key("default-namespace");
  writer->StartArray();
  for (const std::string& level : version.default_namespace) writer.String(level);
  writer->EndArray();
  writer.Key("representations");
  writer->StartArray();
  for (const ViewRepresentation& representation : version.representations) {
    WriteRepresentation(writer, representation);
  }
  writer->EndArray();
  writer->EndObject();
}

}  // namespace

Result<ViewMetadataPtr> ParseViewMetadata(std::string_view json) {
  FLOE_ASSIGN_OR_RETURN(json::JsonDocument document, json::JsonDocument::Parse(json));
  return ReadViewMetadataJson(document.root());
}

std::string SerializeViewMetadata(const ViewMetadata& metadata) {
  JsonWriter writer;
  writer->StartObject();
  writer.Key("view-uuid");
  writer.String(metadata.view_uuid);
  writer.Key("format-version");
  writer->Int(metadata.format_version);
  writer.Key("location");
  writer.String(metadata.location);
  if (!metadata.properties.empty()) internal::WriteStringMap(writer, "properties", metadata.properties);
  writer.Key("schemas");
  writer->StartArray();
  for (const SchemaPtr& schema : metadata.schemas) internal::WriteSchema(writer, *schema);
  writer->EndArray();
  writer.Key("current-version-id");
  writer->Int(metadata.current_version_id);
  writer.Key("versions");
  writer->StartArray();
  for (const ViewVersion& version : metadata.versions) WriteViewVersion(writer, version);
  writer->EndArray();
  writer.Key("version-log");
  writer->StartArray();
  for (const ViewHistoryEntry& entry : metadata.version_log) {
    writer->StartObject();
    writer.Key("timestamp-ms");
    writer->Int64(entry.timestamp_ms);
    writer.Key("version-id");
    writer->Int(entry.version_id);
    writer->EndObject();
  }
  writer->EndArray();
  writer->EndObject();
  return writer.Take();
}

Result<ViewVersion> ParseViewVersion(std::string_view json) {
  FLOE_ASSIGN_OR_RETURN(json::JsonDocument document, json::JsonDocument::Parse(json));
  return ReadViewVersion(document.root());
}

std::string SerializeViewVersion(const ViewVersion& version) {
  JsonWriter writer;
  WriteViewVersion(writer, version);
  return writer.Take();
}

Status ValidateViewVersion(const ViewVersion& version) {
  std::unordered_set<std::string> dialects;
  for (const ViewRepresentation& representation : version.representations) {
    if (representation.type != ViewRepresentation::kSqlType) continue;
    std::string dialect = ToLower(representation.dialect);
    if (!dialects.insert(dialect).second) {
      return InvalidData("Invalid view version: Cannot add multiple queries for dialect {}", dialect);
    }
  }
  return Status::OK();
}

Result<ViewMetadataPtr> ReadViewMetadata(io::FileIO& file_io, std::string_view location) {
  FLOE_ASSIGN_OR_RETURN(std::string json, internal::ReadMetadataFile(file_io, location));
  auto metadata = ParseViewMetadata(json);
  if (!metadata.ok()) return metadata.status().WithContext(location);
  return metadata;
}

Status WriteViewMetadata(io::FileIO& file_io, std::string_view location, const ViewMetadata& metadata) {
  return internal::WriteMetadataFile(file_io, location, SerializeViewMetadata(metadata));
}

}  // namespace floe::iceberg
