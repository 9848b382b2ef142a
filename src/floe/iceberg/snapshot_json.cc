// JSON for snapshots, snapshot refs, statistics files and encryption keys,
// with the field order and messages of Java's SnapshotParser,
// SnapshotRefParser, StatisticsFileParser, PartitionStatisticsFileParser and
// EncryptedKeyParser.
#include "floe/iceberg/metadata_json.h"
#include "floe/iceberg/metadata_json_internal.h"

namespace floe::iceberg {

using json::JsonArray;
using json::JsonObject;
using json::JsonValue;
using json::JsonWriter;

namespace internal {

// --- Snapshots --------------------------------------------------------------------

namespace {

// The members of a snapshot object. Snapshots are the bulk of large metadata
// files, so their members are collected in one pass instead of one lookup each.
struct SnapshotMembers {
  std::optional<JsonValue> sequence_number, snapshot_id, parent_snapshot_id, timestamp_ms, summary, manifest_list,
      manifests, schema_id, first_row_id, added_rows, key_id;

  explicit SnapshotMembers(const JsonObject& object) {
    for (auto member : object) {
      if (member.value.is_null()) continue;  // null counts as absent, as in json::Find
      if (std::optional<JsonValue>* slot = SlotFor(member.key); slot != nullptr && !slot->has_value()) {
        *slot = member.value;
      }
    }
  }

 private:
  std::optional<JsonValue>* SlotFor(std::string_view key) {
    switch (key.size()) {
      case 6: return key == "key-id" ? &key_id : nullptr;
      case 7: return key == "summary" ? &summary : nullptr;
      case 9: return key == "manifests" ? &manifests : key == "schema-id" ? &schema_id : nullptr;
      case 10: return key == "added-rows" ? &added_rows : nullptr;
      case 11: return key == "snapshot-id" ? &snapshot_id : nullptr;
      case 12: return key == "timestamp-ms" ? &timestamp_ms : key == "first-row-id" ? &first_row_id : nullptr;
      case 13: return key == "manifest-list" ? &manifest_list : nullptr;
      case 15: return key == "sequence-number" ? &sequence_number : nullptr;
      case 18: return key == "parent-snapshot-id" ? &parent_snapshot_id : nullptr;
      default: return nullptr;
    }
  }
};

Result<int64_t> RequiredLong(const std::optional<JsonValue>& value, std::string_view key) {
  if (!value) return InvalidData("Cannot parse missing long: {}", key);
  return json::AsLong(*value, key);
}

Result<std::optional<int64_t>> OptionalLong(const std::optional<JsonValue>& value, std::string_view key) {
  if (!value) return std::optional<int64_t>();
  FLOE_ASSIGN_OR_RETURN(int64_t v, json::AsLong(*value, key));
  return std::optional<int64_t>(v);
}

}  // namespace

// Checks members in the order Java's SnapshotParser reads them, so the first
// error reported is the same.
Result<SnapshotPtr> ReadSnapshot(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse table version from a non-object: {}", json::ToJson(value));
  }
  const SnapshotMembers members(object);
  auto snapshot = std::make_shared<Snapshot>();
  FLOE_ASSIGN_OR_RETURN(std::optional<int64_t> sequence_number,
                        OptionalLong(members.sequence_number, "sequence-number"));
  snapshot->sequence_number = sequence_number.value_or(0);
  if (!members.snapshot_id) return InvalidData("Cannot parse missing long: snapshot-id");
  FLOE_ASSIGN_OR_RETURN(snapshot->snapshot_id, AsSnapshotId(*members.snapshot_id, "snapshot-id"));
  if (members.parent_snapshot_id) {
    FLOE_ASSIGN_OR_RETURN(snapshot->parent_snapshot_id,
                          AsSnapshotId(*members.parent_snapshot_id, "parent-snapshot-id"));
  }
  FLOE_ASSIGN_OR_RETURN(snapshot->timestamp_ms, RequiredLong(members.timestamp_ms, "timestamp-ms"));

  if (members.summary) {
    JsonObject summary;
    if (members.summary->get_object().get(summary)) {
      return InvalidData("Cannot parse summary from non-object value: {}", json::ToJson(*members.summary));
    }
    for (auto member : summary) {
      std::string_view text;
      if (member.value.get_string().get(text)) return json::AsString(member.value, member.key).status();
      snapshot->summary.emplace(member.key, text);
    }
  }

  if (members.schema_id) {
    FLOE_ASSIGN_OR_RETURN(snapshot->schema_id, json::AsInt(*members.schema_id, "schema-id"));
  }
  FLOE_ASSIGN_OR_RETURN(snapshot->first_row_id, OptionalLong(members.first_row_id, "first-row-id"));
  FLOE_ASSIGN_OR_RETURN(snapshot->added_rows, OptionalLong(members.added_rows, "added-rows"));
  if (members.key_id) {
    FLOE_ASSIGN_OR_RETURN(std::string_view key_id, json::AsString(*members.key_id, "key-id"));
    snapshot->key_id.emplace(key_id);
  }

  if (members.manifest_list) {
    FLOE_ASSIGN_OR_RETURN(std::string_view location, json::AsString(*members.manifest_list, "manifest-list"));
    snapshot->manifest_list = location;
  } else {
    // v1: the manifest list is embedded as a list of manifest locations.
    if (!members.manifests) return InvalidData("Cannot parse missing list: manifests");
    FLOE_ASSIGN_OR_RETURN(snapshot->v1_manifests, ReadStringList(*members.manifests, "manifests"));
  }
  return SnapshotPtr(std::move(snapshot));
}

void WriteSnapshot(JsonWriter& writer, const Snapshot& snapshot) {
  writer->StartObject();
  if (snapshot.sequence_number > 0) {
    writer.Key("sequence-number");
    writer->Int64(snapshot.sequence_number);
  }
  writer.Key("snapshot-id");
  writer->Int64(snapshot.snapshot_id);
  if (snapshot.parent_snapshot_id) {
    writer.Key("parent-snapshot-id");
    writer->Int64(*snapshot.parent_snapshot_id);
  }
  writer.Key("timestamp-ms");
  writer->Int64(snapshot.timestamp_ms);
  if (!snapshot.summary.empty()) {
    // `operation` first, as Java writes it.
    writer.Key("summary");
    writer->StartObject();
    auto operation = snapshot.summary.find("operation");
    if (operation != snapshot.summary.end()) {
      writer.Key(operation->first);
      writer.String(operation->second);
    }
    for (auto it = snapshot.summary.begin(); it != snapshot.summary.end(); ++it) {
      if (it == operation) continue;
      writer.Key(it->first);
      writer.String(it->second);
    }
    writer->EndObject();
  }
  if (!snapshot.manifest_list.empty() || snapshot.v1_manifests.empty()) {
    writer.Key("manifest-list");
    writer.String(snapshot.manifest_list);
  } else {
    writer.Key("manifests");
    writer->StartArray();
    for (const std::string& manifest : snapshot.v1_manifests) writer.String(manifest);
    writer->EndArray();
  }
  if (snapshot.schema_id) {
    writer.Key("schema-id");
    writer->Int(*snapshot.schema_id);
  }
  if (snapshot.first_row_id) {
    writer.Key("first-row-id");
    writer->Int64(*snapshot.first_row_id);
  }
  if (snapshot.added_rows) {
    writer.Key("added-rows");
    writer->Int64(*snapshot.added_rows);
  }
  if (snapshot.key_id) {
    writer.Key("key-id");
    writer.String(*snapshot.key_id);
  }
  writer->EndObject();
}

// --- Refs ----------------------------------------------------------------------------

Result<SnapshotRef> ReadSnapshotRef(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse snapshot ref from non-object: {}", json::ToJson(value));
  }
  SnapshotRef ref;
  FLOE_ASSIGN_OR_RETURN(ref.snapshot_id, GetSnapshotId(object, "snapshot-id"));
  FLOE_ASSIGN_OR_RETURN(std::string_view type, json::GetString(object, "type"));
  if (type == "branch" || type == "BRANCH") {
    ref.type = SnapshotRefType::kBranch;
  } else if (type == "tag" || type == "TAG") {
    ref.type = SnapshotRefType::kTag;
  } else {
    return InvalidData("Invalid snapshot ref type: {}", type);
  }
  FLOE_ASSIGN_OR_RETURN(ref.min_snapshots_to_keep, json::GetOptionalInt(object, "min-snapshots-to-keep"));
  FLOE_ASSIGN_OR_RETURN(ref.max_snapshot_age_ms, json::GetOptionalLong(object, "max-snapshot-age-ms"));
  FLOE_ASSIGN_OR_RETURN(ref.max_ref_age_ms, json::GetOptionalLong(object, "max-ref-age-ms"));
  if (ref.type == SnapshotRefType::kTag) {
    if (ref.min_snapshots_to_keep) return InvalidData("Tags do not support setting minSnapshotsToKeep");
    if (ref.max_snapshot_age_ms) return InvalidData("Tags do not support setting maxSnapshotAgeMs");
  }
  return ref;
}

void WriteSnapshotRef(JsonWriter& writer, const SnapshotRef& ref) {
  writer->StartObject();
  writer.Key("snapshot-id");
  writer->Int64(ref.snapshot_id);
  writer.Key("type");
  writer.String(ref.type == SnapshotRefType::kBranch ? "branch" : "tag");
  if (ref.min_snapshots_to_keep) {
    writer.Key("min-snapshots-to-keep");
    writer->Int(*ref.min_snapshots_to_keep);
  }
  if (ref.max_snapshot_age_ms) {
    writer.Key("max-snapshot-age-ms");
    writer->Int64(*ref.max_snapshot_age_ms);
  }
  if (ref.max_ref_age_ms) {
    writer.Key("max-ref-age-ms");
    writer->Int64(*ref.max_ref_age_ms);
  }
  writer->EndObject();
}

// --- Statistics ----------------------------------------------------------------------

namespace {

Result<BlobMetadata> ReadBlobMetadata(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse blob metadata from non-object: {}", json::ToJson(value));
  }
  BlobMetadata blob;
  FLOE_ASSIGN_OR_RETURN(std::string_view type, json::GetString(object, "type"));
  blob.type = type;
  FLOE_ASSIGN_OR_RETURN(blob.snapshot_id, GetSnapshotId(object, "snapshot-id"));
  FLOE_ASSIGN_OR_RETURN(blob.sequence_number, json::GetLong(object, "sequence-number"));
  auto fields = json::Find(object, "fields");
  if (!fields) return InvalidData("Cannot parse missing list: fields");
  FLOE_ASSIGN_OR_RETURN(blob.fields, ReadIntList(*fields, "fields"));
  FLOE_ASSIGN_OR_RETURN(blob.properties, ReadOptionalStringMap(object, "properties"));
  return blob;
}

}  // namespace

Result<StatisticsFile> ReadStatisticsFile(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse statistics file from non-object: {}", json::ToJson(value));
  }
  StatisticsFile file;
  FLOE_ASSIGN_OR_RETURN(file.snapshot_id, GetSnapshotId(object, "snapshot-id"));
  FLOE_ASSIGN_OR_RETURN(std::string_view path, json::GetString(object, "statistics-path"));
  file.statistics_path = path;
  FLOE_ASSIGN_OR_RETURN(file.file_size_in_bytes, json::GetLong(object, "file-size-in-bytes"));
  FLOE_ASSIGN_OR_RETURN(file.file_footer_size_in_bytes, json::GetLong(object, "file-footer-size-in-bytes"));
  FLOE_ASSIGN_OR_RETURN(std::optional<std::string_view> key_metadata,
                        json::GetOptionalString(object, "key-metadata"));
  if (key_metadata) file.key_metadata.emplace(*key_metadata);
  FLOE_ASSIGN_OR_RETURN(JsonValue blobs_value, GetField(object, "blob-metadata"));
  JsonArray blobs;
  if (blobs_value.get_array().get(blobs)) {
    return InvalidData("Cannot parse blob metadata from non-array: {}", json::ToJson(blobs_value));
  }
  file.blob_metadata.reserve(blobs.size());
  for (JsonValue blob : blobs) {
    FLOE_ASSIGN_OR_RETURN(BlobMetadata metadata, ReadBlobMetadata(blob));
    file.blob_metadata.push_back(std::move(metadata));
  }
  return file;
}

void WriteStatisticsFile(JsonWriter& writer, const StatisticsFile& file) {
  writer->StartObject();
  writer.Key("snapshot-id");
  writer->Int64(file.snapshot_id);
  writer.Key("statistics-path");
  writer.String(file.statistics_path);
  writer.Key("file-size-in-bytes");
  writer->Int64(file.file_size_in_bytes);
  writer.Key("file-footer-size-in-bytes");
  writer->Int64(file.file_footer_size_in_bytes);
  if (file.key_metadata) {
    writer.Key("key-metadata");
    writer.String(*file.key_metadata);
  }
  writer.Key("blob-metadata");
  writer->StartArray();
  for (const BlobMetadata& blob : file.blob_metadata) {
    writer->StartObject();
    writer.Key("type");
    writer.String(blob.type);
    writer.Key("snapshot-id");
    writer->Int64(blob.snapshot_id);
    writer.Key("sequence-number");
    writer->Int64(blob.sequence_number);
    writer.Key("fields");
    writer->StartArray();
    for (int32_t field : blob.fields) writer->Int(field);
    writer->EndArray();
    if (!blob.properties.empty()) WriteStringMap(writer, "properties", blob.properties);
    writer->EndObject();
  }
  writer->EndArray();
  writer->EndObject();
}

Result<PartitionStatisticsFile> ReadPartitionStatisticsFile(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse partition statistics file from non-object: {}", json::ToJson(value));
  }
  PartitionStatisticsFile file;
  FLOE_ASSIGN_OR_RETURN(file.snapshot_id, GetSnapshotId(object, "snapshot-id"));
  FLOE_ASSIGN_OR_RETURN(std::string_view path, json::GetString(object, "statistics-path"));
  file.statistics_path = path;
  FLOE_ASSIGN_OR_RETURN(file.file_size_in_bytes, json::GetLong(object, "file-size-in-bytes"));
  return file;
}

void WritePartitionStatisticsFile(JsonWriter& writer, const PartitionStatisticsFile& file) {
  writer->StartObject();
  writer.Key("snapshot-id");
  writer->Int64(file.snapshot_id);
  writer.Key("statistics-path");
  writer.String(file.statistics_path);
  writer.Key("file-size-in-bytes");
  writer->Int64(file.file_size_in_bytes);
  writer->EndObject();
}

// --- Encryption keys -----------------------------------------------------------------

Result<EncryptedKey> ReadEncryptedKey(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse encrypted key from non-object: {}", json::ToJson(value));
  }
  EncryptedKey key;
  FLOE_ASSIGN_OR_RETURN(std::string_view key_id, json::GetString(object, "key-id"));
  key.key_id = key_id;
  FLOE_ASSIGN_OR_RETURN(std::string_view metadata, json::GetString(object, "encrypted-key-metadata"));
  key.encrypted_key_metadata = metadata;
  FLOE_ASSIGN_OR_RETURN(std::optional<std::string_view> encrypted_by,
                        json::GetOptionalString(object, "encrypted-by-id"));
  if (encrypted_by) key.encrypted_by_id.emplace(*encrypted_by);
  FLOE_ASSIGN_OR_RETURN(key.properties, ReadOptionalStringMap(object, "properties"));
  return key;
}

void WriteEncryptedKey(JsonWriter& writer, const EncryptedKey& key) {
  writer->StartObject();
  writer.Key("key-id");
  writer.String(key.key_id);
  writer.Key("encrypted-key-metadata");
  writer.String(key.encrypted_key_metadata);
  if (key.encrypted_by_id) {
    writer.Key("encrypted-by-id");
    writer.String(*key.encrypted_by_id);
  }
  if (!key.properties.empty()) WriteStringMap(writer, "properties", key.properties);
  writer->EndObject();
}

}  // namespace internal

// --- Public entry points ----------------------------------------------------------------

Result<SnapshotPtr> ParseSnapshot(std::string_view json) {
  FLOE_ASSIGN_OR_RETURN(json::JsonDocument document, json::JsonDocument::Parse(json));
  return internal::ReadSnapshot(document.root());
}

std::string SerializeSnapshot(const Snapshot& snapshot) {
  JsonWriter writer;
  internal::WriteSnapshot(writer, snapshot);
  return writer.Take();
}

}  // namespace floe::iceberg
