#include "floe/iceberg/table_update.h"

#include <algorithm>
#include <cctype>

#include "floe/iceberg/metadata_json.h"
#include "floe/iceberg/metadata_json_internal.h"

namespace floe::iceberg {

namespace {

using json::JsonArray;
using json::JsonObject;
using json::JsonValue;
using json::JsonWriter;

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower;
}

// --- Reading -----------------------------------------------------------------

// A required member of any type: "Cannot parse missing field: <key>".
Result<JsonValue> GetField(const JsonObject& object, std::string_view key) { return internal::GetField(object, key); }

Result<std::vector<int64_t>> GetLongList(const JsonObject& object, std::string_view key) {
  FLOE_ASSIGN_OR_RETURN(JsonArray array, json::GetArray(object, key));
  std::vector<int64_t> values;
  for (JsonValue element : array) {
    FLOE_ASSIGN_OR_RETURN(int64_t value, json::AsLong(element, key));
    values.push_back(value);
  }
  return values;
}

Result<std::vector<int32_t>> GetIntList(const JsonObject& object, std::string_view key) {
  FLOE_ASSIGN_OR_RETURN(JsonValue value, GetField(object, key));
  return internal::ReadIntList(value, key);
}

Result<std::vector<std::string>> GetStringList(const JsonObject& object, std::string_view key) {
  FLOE_ASSIGN_OR_RETURN(JsonValue value, GetField(object, key));
  return internal::ReadStringList(value, key);
}

Result<SnapshotRefType> ParseSnapshotRefType(std::string_view text) {
  std::string lower = Lowercase(text);
  if (lower == "branch") return SnapshotRefType::kBranch;
  if (lower == "tag") return SnapshotRefType::kTag;
  return BadRequest("Invalid snapshot ref type: {}", text);
}

Result<TableUpdate> ParseAction(const JsonObject& object, std::string_view action) {
  if (action == "assign-uuid") {
    FLOE_ASSIGN_OR_RETURN(std::string_view uuid, json::GetString(object, "uuid"));
    return AssignUuidUpdate{std::string(uuid)};
  }
  if (action == "upgrade-format-version") {
    FLOE_ASSIGN_OR_RETURN(int32_t version, json::GetInt(object, "format-version"));
    return UpgradeFormatVersionUpdate{version};
  }
  if (action == "add-schema") {
    FLOE_ASSIGN_OR_RETURN(JsonValue value, GetField(object, "schema"));
    FLOE_ASSIGN_OR_RETURN(SchemaPtr schema, internal::ReadSchema(value));
    FLOE_ASSIGN_OR_RETURN(auto last_column_id, json::GetOptionalInt(object, "last-column-id"));
    return AddSchemaUpdate{std::move(schema), last_column_id};
  }
  if (action == "set-current-schema") {
    FLOE_ASSIGN_OR_RETURN(int32_t id, json::GetInt(object, "schema-id"));
    return SetCurrentSchemaUpdate{id};
  }
  if (action == "add-spec") {
    FLOE_ASSIGN_OR_RETURN(JsonValue value, GetField(object, "spec"));
    // `spec-id` is read-only in AddPartitionSpecUpdate: the builder assigns the id.
    FLOE_ASSIGN_OR_RETURN(PartitionSpecPtr spec, internal::ReadPartitionSpec(value, 0));
    return AddPartitionSpecUpdate{std::move(spec)};
  }
  if (action == "set-default-spec") {
    FLOE_ASSIGN_OR_RETURN(int32_t id, json::GetInt(object, "spec-id"));
    return SetDefaultSpecUpdate{id};
  }
  if (action == "add-sort-order") {
    FLOE_ASSIGN_OR_RETURN(JsonValue value, GetField(object, "sort-order"));
    FLOE_ASSIGN_OR_RETURN(SortOrderPtr order, internal::ReadSortOrder(value));
    return AddSortOrderUpdate{std::move(order)};
  }
  if (action == "set-default-sort-order") {
    FLOE_ASSIGN_OR_RETURN(int32_t id, json::GetInt(object, "sort-order-id"));
    return SetDefaultSortOrderUpdate{id};
  }
  if (action == "add-snapshot") {
    FLOE_ASSIGN_OR_RETURN(JsonValue value, GetField(object, "snapshot"));
    FLOE_ASSIGN_OR_RETURN(SnapshotPtr snapshot, internal::ReadSnapshot(value));
    return AddSnapshotUpdate{std::move(snapshot)};
  }
  if (action == "set-snapshot-ref") {
    SetSnapshotRefUpdate update;
    FLOE_ASSIGN_OR_RETURN(std::string_view name, json::GetString(object, "ref-name"));
    update.ref_name = name;
    FLOE_ASSIGN_OR_RETURN(update.ref.snapshot_id, json::GetLong(object, "snapshot-id"));
    FLOE_ASSIGN_OR_RETURN(std::string_view type, json::GetString(object, "type"));
    FLOE_ASSIGN_OR_RETURN(update.ref.type, ParseSnapshotRefType(type));
    FLOE_ASSIGN_OR_RETURN(update.ref.min_snapshots_to_keep, json::GetOptionalInt(object, "min-snapshots-to-keep"));
    FLOE_ASSIGN_OR_RETURN(update.ref.max_snapshot_age_ms, json::GetOptionalLong(object, "max-snapshot-age-ms"));
    FLOE_ASSIGN_OR_RETURN(update.ref.max_ref_age_ms, json::GetOptionalLong(object, "max-ref-age-ms"));
    return update;
  }
  if (action == "remove-snapshots") {
    if (!json::Has(object, "snapshot-ids")) {
      return BadRequest("Invalid set of snapshot ids to remove: must be non-null");
    }
    FLOE_ASSIGN_OR_RETURN(auto ids, GetLongList(object, "snapshot-ids"));
    return RemoveSnapshotsUpdate{std::move(ids)};
  }
  if (action == "remove-snapshot-ref") {
    FLOE_ASSIGN_OR_RETURN(std::string_view name, json::GetString(object, "ref-name"));
    return RemoveSnapshotRefUpdate{std::string(name)};
  }
  if (action == "set-location") {
    FLOE_ASSIGN_OR_RETURN(std::string_view location, json::GetString(object, "location"));
    return SetLocationUpdate{std::string(location)};
  }
  if (action == "set-properties") {
    // The spec names the field `updates`; early clients wrote `updated`.
    bool legacy_only = json::Has(object, "updated") && !json::Has(object, "updates");
    FLOE_ASSIGN_OR_RETURN(auto updates, internal::ReadStringMap(object, legacy_only ? "updated" : "updates"));
    return SetPropertiesUpdate{std::move(updates)};
  }
  if (action == "remove-properties") {
    bool legacy_only = json::Has(object, "removed") && !json::Has(object, "removals");
    FLOE_ASSIGN_OR_RETURN(auto removals, GetStringList(object, legacy_only ? "removed" : "removals"));
    return RemovePropertiesUpdate{std::move(removals)};
  }
  if (action == "set-statistics") {
    FLOE_ASSIGN_OR_RETURN(JsonValue value, GetField(object, "statistics"));
    FLOE_ASSIGN_OR_RETURN(StatisticsFile statistics, internal::ReadStatisticsFile(value));
    FLOE_ASSIGN_OR_RETURN(auto snapshot_id, json::GetOptionalLong(object, "snapshot-id"));
    return SetStatisticsUpdate{std::move(statistics), snapshot_id};
  }
  if (action == "remove-statistics") {
    FLOE_ASSIGN_OR_RETURN(int64_t id, json::GetLong(object, "snapshot-id"));
    return RemoveStatisticsUpdate{id};
  }
  if (action == "set-partition-statistics") {
    FLOE_ASSIGN_OR_RETURN(JsonValue value, GetField(object, "partition-statistics"));
    FLOE_ASSIGN_OR_RETURN(PartitionStatisticsFile statistics, internal::ReadPartitionStatisticsFile(value));
    return SetPartitionStatisticsUpdate{std::move(statistics)};
  }
  if (action == "remove-partition-statistics") {
    FLOE_ASSIGN_OR_RETURN(int64_t id, json::GetLong(object, "snapshot-id"));
    return RemovePartitionStatisticsUpdate{id};
  }
  if (action == "remove-partition-specs") {
    FLOE_ASSIGN_OR_RETURN(auto ids, GetIntList(object, "spec-ids"));
    return RemovePartitionSpecsUpdate{std::move(ids)};
  }
  if (action == "remove-schemas") {
    FLOE_ASSIGN_OR_RETURN(auto ids, GetIntList(object, "schema-ids"));
    return RemoveSchemasUpdate{std::move(ids)};
  }
  if (action == "add-encryption-key") {
    auto value = json::Find(object, "encryption-key");
    if (!value || !value->is_object()) {
      return BadRequest("Invalid encryption key, must be non-null object: {}",
                        value ? json::ToJson(*value) : std::string("null"));
    }
    FLOE_ASSIGN_OR_RETURN(EncryptedKey key, internal::ReadEncryptedKey(*value));
    return AddEncryptionKeyUpdate{std::move(key)};
  }
  if (action == "remove-encryption-key") {
    FLOE_ASSIGN_OR_RETURN(std::string_view key_id, json::GetString(object, "key-id"));
    return RemoveEncryptionKeyUpdate{std::string(key_id)};
  }
  return BadRequest("Cannot parse metadata update. Unknown action: {}", action);
}

// --- Writing -----------------------------------------------------------------

void WriteIntField(JsonWriter& writer, std::string_view key, int32_t value) {
  writer.Key(key);
  writer->Int(value);
}
void WriteLongField(JsonWriter& writer, std::string_view key, int64_t value) {
  writer.Key(key);
  writer->Int64(value);
}
void WriteStringField(JsonWriter& writer, std::string_view key, std::string_view value) {
  writer.Key(key);
  writer.String(value);
}

void WriteFields(JsonWriter& writer, const TableUpdate::Variant& update) {
  std::visit(
      Overloaded{
          [&](const AssignUuidUpdate& u) { WriteStringField(writer, "uuid", u.uuid); },
          [&](const UpgradeFormatVersionUpdate& u) { WriteIntField(writer, "format-version", u.format_version); },
          [&](const AddSchemaUpdate& u) {
            writer.Key("schema");
            internal::WriteSchema(writer, *u.schema);
            if (u.last_column_id) WriteIntField(writer, "last-column-id", *u.last_column_id);
          },
          [&](const SetCurrentSchemaUpdate& u) { WriteIntField(writer, "schema-id", u.schema_id); },
          [&](const AddPartitionSpecUpdate& u) {
            writer.Key("spec");
            internal::WritePartitionSpec(writer, *u.spec);
          },
          [&](const SetDefaultSpecUpdate& u) { WriteIntField(writer, "spec-id", u.spec_id); },
          [&](const AddSortOrderUpdate& u) {
            writer.Key("sort-order");
            internal::WriteSortOrder(writer, *u.sort_order);
          },
          [&](const SetDefaultSortOrderUpdate& u) { WriteIntField(writer, "sort-order-id", u.sort_order_id); },
          [&](const AddSnapshotUpdate& u) {
            writer.Key("snapshot");
            internal::WriteSnapshot(writer, *u.snapshot);
          },
          [&](const SetSnapshotRefUpdate& u) {
            WriteStringField(writer, "ref-name", u.ref_name);
            WriteLongField(writer, "snapshot-id", u.ref.snapshot_id);
            WriteStringField(writer, "type", u.ref.type == SnapshotRefType::kBranch ? "branch" : "tag");
            if (u.ref.min_snapshots_to_keep) WriteIntField(writer, "min-snapshots-to-keep", *u.ref.min_snapshots_to_keep);
            if (u.ref.max_snapshot_age_ms) WriteLongField(writer, "max-snapshot-age-ms", *u.ref.max_snapshot_age_ms);
            if (u.ref.max_ref_age_ms) WriteLongField(writer, "max-ref-age-ms", *u.ref.max_ref_age_ms);
          },
          [&](const RemoveSnapshotsUpdate& u) {
            writer.Key("snapshot-ids");
            writer->StartArray();
            for (int64_t id : u.snapshot_ids) writer->Int64(id);
            writer->EndArray();
          },
          [&](const RemoveSnapshotRefUpdate& u) { WriteStringField(writer, "ref-name", u.ref_name); },
          [&](const SetLocationUpdate& u) { WriteStringField(writer, "location", u.location); },
          [&](const SetPropertiesUpdate& u) {
            internal::WriteStringMap(writer, "updates", u.updates);
          },
          [&](const RemovePropertiesUpdate& u) {
            writer.Key("removals");
            writer->StartArray();
            for (const std::string& key : u.removals) writer.String(key);
            writer->EndArray();
          },
          [&](const SetStatisticsUpdate& u) {
            WriteLongField(writer, "snapshot-id", u.snapshot_id.value_or(u.statistics.snapshot_id));
            writer.Key("statistics");
            internal::WriteStatisticsFile(writer, u.statistics);
          },
          [&](const RemoveStatisticsUpdate& u) { WriteLongField(writer, "snapshot-id", u.snapshot_id); },
          [&](const SetPartitionStatisticsUpdate& u) {
            writer.Key("partition-statistics");
            internal::WritePartitionStatisticsFile(writer, u.partition_statistics);
          },
          [&](const RemovePartitionStatisticsUpdate& u) { WriteLongField(writer, "snapshot-id", u.snapshot_id); },
          [&](const RemovePartitionSpecsUpdate& u) {
            writer.Key("spec-ids");
            writer->StartArray();
            for (int32_t id : u.spec_ids) writer->Int(id);
            writer->EndArray();
          },
          [&](const RemoveSchemasUpdate& u) {
            writer.Key("schema-ids");
            writer->StartArray();
            for (int32_t id : u.schema_ids) writer->Int(id);
            writer->EndArray();
          },
          [&](const AddEncryptionKeyUpdate& u) {
            writer.Key("encryption-key");
            internal::WriteEncryptedKey(writer, u.encryption_key);
          },
          [&](const RemoveEncryptionKeyUpdate& u) { WriteStringField(writer, "key-id", u.key_id); },
      },
      update);
}

}  // namespace

namespace internal {
Status AsBadRequest(const Status& status) {
  if (status.ok() || status.kind() == ErrorKind::kBadRequest) return status;
  return Status(ErrorKind::kBadRequest, status.message());
}
}  // namespace internal

std::string_view TableUpdate::action() const {
  return std::visit(Overloaded{
                        [](const AssignUuidUpdate&) { return "assign-uuid"; },
                        [](const UpgradeFormatVersionUpdate&) { return "upgrade-format-version"; },
                        [](const AddSchemaUpdate&) { return "add-schema"; },
                        [](const SetCurrentSchemaUpdate&) { return "set-current-schema"; },
                        [](const AddPartitionSpecUpdate&) { return "add-spec"; },
                        [](const SetDefaultSpecUpdate&) { return "set-default-spec"; },
                        [](const AddSortOrderUpdate&) { return "add-sort-order"; },
                        [](const SetDefaultSortOrderUpdate&) { return "set-default-sort-order"; },
                        [](const AddSnapshotUpdate&) { return "add-snapshot"; },
                        [](const SetSnapshotRefUpdate&) { return "set-snapshot-ref"; },
                        [](const RemoveSnapshotsUpdate&) { return "remove-snapshots"; },
                        [](const RemoveSnapshotRefUpdate&) { return "remove-snapshot-ref"; },
                        [](const SetLocationUpdate&) { return "set-location"; },
                        [](const SetPropertiesUpdate&) { return "set-properties"; },
                        [](const RemovePropertiesUpdate&) { return "remove-properties"; },
                        [](const SetStatisticsUpdate&) { return "set-statistics"; },
                        [](const RemoveStatisticsUpdate&) { return "remove-statistics"; },
                        [](const SetPartitionStatisticsUpdate&) { return "set-partition-statistics"; },
                        [](const RemovePartitionStatisticsUpdate&) { return "remove-partition-statistics"; },
                        [](const RemovePartitionSpecsUpdate&) { return "remove-partition-specs"; },
                        [](const RemoveSchemasUpdate&) { return "remove-schemas"; },
                        [](const AddEncryptionKeyUpdate&) { return "add-encryption-key"; },
                        [](const RemoveEncryptionKeyUpdate&) { return "remove-encryption-key"; },
                    },
                    value_);
}

Result<TableUpdate> ParseTableUpdate(const json::JsonValue& json) {
  if (!json.is_object()) {
    return BadRequest("Cannot parse metadata update from non-object value: {}", json::ToJson(json));
  }
  JsonObject object = json.get_object().value_unsafe();
  auto action_value = json::Find(object, "action");
  if (!action_value) return BadRequest("Cannot parse metadata update. Missing field: action");
  auto action = json::AsString(*action_value, "action");
  if (!action.ok()) return internal::AsBadRequest(action.status());
  auto update = ParseAction(object, Lowercase(*action));
  if (!update.ok()) return internal::AsBadRequest(update.status());
  return update;
}

Result<TableUpdate> ParseTableUpdate(std::string_view json_text) {
  return internal::ParseJsonText<TableUpdate>(json_text,
                                              [](const json::JsonValue& json) { return ParseTableUpdate(json); });
}

Result<std::vector<TableUpdate>> ParseTableUpdates(const json::JsonValue& json_array) {
  return internal::ParseJsonList<TableUpdate>(json_array, "updates",
                                              [](const json::JsonValue& json) { return ParseTableUpdate(json); });
}

void WriteTableUpdate(json::JsonWriter& writer, const TableUpdate& update) {
  writer->StartObject();
  writer.Key("action");
  writer.String(update.action());
  WriteFields(writer, update.value());
  writer->EndObject();
}

std::string SerializeTableUpdate(const TableUpdate& update) {
  JsonWriter writer;
  WriteTableUpdate(writer, update);
  return writer.Take();
}

}  // namespace floe::iceberg
