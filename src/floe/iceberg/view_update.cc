#include "floe/iceberg/view_update.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <charconv>

#include "floe/common/uuid.h"

namespace floe::iceberg {

namespace {

using json::JsonObject;
using json::JsonValue;
using json::JsonWriter;

template <typename... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <typename... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

int64_t NowMillis() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower;
}

std::set<std::string> SqlDialects(const ViewVersion& version) {
  std::set<std::string> dialects;
  for (const ViewRepresentation& representation : version.representations) {
    if (representation.type == ViewRepresentation::kSqlType) dialects.insert(Lowercase(representation.dialect));
  }
  return dialects;
}

std::string DescribeDialects(const std::set<std::string>& dialects) {
  std::string text = "[";
  for (const std::string& dialect : dialects) {
    if (text.size() > 1) text += ", ";
    text += dialect;
  }
  return text + "]";
}

// Whether two versions behave the same (ignoring id and timestamp).
bool SameViewVersion(const ViewVersion& a, const ViewVersion& b) {
  return a.summary == b.summary && a.representations == b.representations &&
         a.default_catalog == b.default_catalog && a.default_namespace == b.default_namespace &&
         a.schema_id == b.schema_id;
}

std::optional<int> IntProperty(const std::map<std::string, std::string>& properties, std::string_view key) {
  auto it = properties.find(std::string(key));
  if (it == properties.end()) return std::nullopt;
  int value = 0;
  auto [end, error] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (error != std::errc() || end != it->second.data() + it->second.size()) return std::nullopt;
  return value;
}

bool BoolProperty(const std::map<std::string, std::string>& properties, std::string_view key) {
  auto it = properties.find(std::string(key));
  return it != properties.end() && Lowercase(it->second) == "true";
}

}  // namespace

// --- Updates and requirements --------------------------------------------------------

std::string_view ViewUpdate::action() const {
  return std::visit(Overloaded{
                        [](const AddViewVersionUpdate&) -> std::string_view { return "add-view-version"; },
                        [](const SetCurrentViewVersionUpdate&) -> std::string_view {
                          return "set-current-view-version";
                        },
                        [](const auto& shared) -> std::string_view { return TableUpdate(shared).action(); },
                    },
                    value_);
}

Status ViewRequirement::Validate(const ViewMetadata* current) const {
  if (current == nullptr) return CommitFailed("Requirement failed: view does not exist");
  const std::string& uuid = current->view_uuid;
  bool same = uuid.size() == value_.uuid.size() &&
              std::equal(uuid.begin(), uuid.end(), value_.uuid.begin(), [](unsigned char a, unsigned char b) {
                return std::tolower(a) == std::tolower(b);
              });
  if (!same) return CommitFailed("Requirement failed: view UUID does not match: expected {} != {}", uuid, value_.uuid);
  return Status::OK();
}

Result<ViewUpdate> ParseViewUpdate(const json::JsonValue& json) {
  if (json.is_object()) {
    JsonObject object = json.get_object().value_unsafe();
    auto action_value = json::Find(object, "action");
    std::string_view action;
    if (action_value && !action_value->get_string().get(action)) {
      std::string lower = Lowercase(action);
      if (lower == "add-view-version") {
        auto version_value = json::Find(object, "view-version");
        if (!version_value) return BadRequest("Cannot parse missing field: view-version");
        auto version = ParseViewVersion(json::ToJson(*version_value));
        if (!version.ok()) return internal::AsBadRequest(version.status());
        return AddViewVersionUpdate{std::move(version).value()};
      }
      if (lower == "set-current-view-version") {
        auto id = json::GetInt(object, "view-version-id");
        if (!id.ok()) return internal::AsBadRequest(id.status());
        return SetCurrentViewVersionUpdate{*id};
      }
    }
  }
  FLOE_ASSIGN_OR_RETURN(TableUpdate update, ParseTableUpdate(json));
  return std::visit(Overloaded{
                        [](const AssignUuidUpdate& u) -> Result<ViewUpdate> { return ViewUpdate(u); },
                        [](const UpgradeFormatVersionUpdate& u) -> Result<ViewUpdate> { return ViewUpdate(u); },
                        [](const AddSchemaUpdate& u) -> Result<ViewUpdate> { return ViewUpdate(u); },
                        [](const SetLocationUpdate& u) -> Result<ViewUpdate> { return ViewUpdate(u); },
                        [](const SetPropertiesUpdate& u) -> Result<ViewUpdate> { return ViewUpdate(u); },
                        [](const RemovePropertiesUpdate& u) -> Result<ViewUpdate> { return ViewUpdate(u); },
                        [&](const auto&) -> Result<ViewUpdate> {
                          return BadRequest("Cannot apply update {} to a view", update.action());
                        },
                    },
                    update.value());
}

Result<ViewUpdate> ParseViewUpdate(std::string_view json_text) {
  return internal::ParseJsonText<ViewUpdate>(json_text,
                                             [](const json::JsonValue& json) { return ParseViewUpdate(json); });
}

Result<std::vector<ViewUpdate>> ParseViewUpdates(const json::JsonValue& json_array) {
  return internal::ParseJsonList<ViewUpdate>(json_array, "updates",
                                             [](const json::JsonValue& json) { return ParseViewUpdate(json); });
}

Result<ViewRequirement> ParseViewRequirement(const json::JsonValue& json) {
  if (!json.is_object()) {
    return BadRequest("Cannot parse update requirement from non-object value: {}", json::ToJson(json));
  }
  JsonObject object = json.get_object().value_unsafe();
  auto type_value = json::Find(object, "type");
  if (!type_value) return BadRequest("Cannot parse update requirement. Missing field: type");
  auto type = json::AsString(*type_value, "type");
  if (!type.ok()) return internal::AsBadRequest(type.status());
  if (Lowercase(*type) != "assert-view-uuid") {
    return BadRequest("Cannot parse update requirement. Unknown type: {}", *type);
  }
  auto uuid = json::GetString(object, "uuid");
  if (!uuid.ok()) return internal::AsBadRequest(uuid.status());
  return ViewRequirement(AssertViewUuid{std::string(*uuid)});
}

Result<ViewRequirement> ParseViewRequirement(std::string_view json_text) {
  return internal::ParseJsonText<ViewRequirement>(
      json_text, [](const json::JsonValue& json) { return ParseViewRequirement(json); });
}

Result<std::vector<ViewRequirement>> ParseViewRequirements(const json::JsonValue& json_array) {
  return internal::ParseJsonList<ViewRequirement>(
      json_array, "requirements", [](const json::JsonValue& json) { return ParseViewRequirement(json); });
}

void WriteViewUpdate(json::JsonWriter& writer, const ViewUpdate& update) {
  std::visit(Overloaded{
                 [&](const AddViewVersionUpdate& u) {
                   writer->StartObject();
                   writer.Key("action");
                   writer.String(update.action());
                   writer.Key("view-version");
                   writer.Raw(SerializeViewVersion(u.view_version));
                   writer->EndObject();
                 },
                 [&](const SetCurrentViewVersionUpdate& u) {
                   writer->StartObject();
                   writer.Key("action");
                   writer.String(update.action());
                   writer.Key("view-version-id");
                   writer->Int(u.view_version_id);
                   writer->EndObject();
                 },
                 [&](const auto& shared) { WriteTableUpdate(writer, TableUpdate(shared)); },
             },
             update.value());
}

std::string SerializeViewUpdate(const ViewUpdate& update) {
  JsonWriter writer;
  WriteViewUpdate(writer, update);
  return writer.Take();
}

void WriteViewRequirement(json::JsonWriter& writer, const ViewRequirement& requirement) {
  writer->StartObject();
  writer.Key("type");
  writer.String(requirement.type());
  writer.Key("uuid");
  writer.String(requirement.value().uuid);
  writer->EndObject();
}

std::string SerializeViewRequirement(const ViewRequirement& requirement) {
  JsonWriter writer;
  WriteViewRequirement(writer, requirement);
  return writer.Take();
}

// --- ViewMetadataBuilder ---------------------------------------------------------------

ViewMetadataBuilder ViewMetadataBuilder::BuildFrom(ViewMetadataPtr base) {
  ViewMetadataBuilder builder = BuildFrom(*base);
  builder.base_ = std::move(base);
  return builder;
}

ViewMetadataBuilder ViewMetadataBuilder::BuildFrom(const ViewMetadata& base) {
  ViewMetadataBuilder builder;
  builder.metadata_ = base;
  if (const ViewVersion* current = base.CurrentVersion()) builder.previous_version_ = *current;
  return builder;
}

ViewMetadataBuilder ViewMetadataBuilder::BuildFromEmpty() {
  ViewMetadataBuilder builder;
  builder.metadata_.format_version = kViewFormatVersion;
  builder.metadata_.current_version_id = kLastAdded;  // no version yet
  return builder;
}

Status ViewMetadataBuilder::Apply(const ViewUpdate& update) {
  return std::visit(Overloaded{
                        [&](const AssignUuidUpdate& u) { return AssignUuid(u.uuid); },
                        [&](const UpgradeFormatVersionUpdate& u) { return UpgradeFormatVersion(u.format_version); },
                        [&](const AddSchemaUpdate& u) { return AddSchema(u.schema); },
                        [&](const SetLocationUpdate& u) { return SetLocation(u.location); },
                        [&](const SetPropertiesUpdate& u) { return SetProperties(u.updates); },
                        [&](const RemovePropertiesUpdate& u) { return RemoveProperties(u.removals); },
                        [&](const AddViewVersionUpdate& u) { return AddVersion(u.view_version); },
                        [&](const SetCurrentViewVersionUpdate& u) { return SetCurrentVersionId(u.view_version_id); },
                    },
                    update.value());
}

Status ViewMetadataBuilder::AssignUuid(std::string_view uuid) {
  if (uuid.empty()) return BadRequest("Cannot set uuid to null");
  if (!metadata_.view_uuid.empty() && uuid != metadata_.view_uuid) return BadRequest("Cannot reassign uuid");
  if (uuid == metadata_.view_uuid) return Status::OK();
  metadata_.view_uuid = std::string(uuid);
  changes_.push_back(AssignUuidUpdate{std::string(uuid)});
  return Status::OK();
}

Status ViewMetadataBuilder::UpgradeFormatVersion(int format_version) {
  if (format_version < metadata_.format_version) {
    return BadRequest("Cannot downgrade v{} view to v{}", metadata_.format_version, format_version);
  }
  if (format_version > kViewFormatVersion) return BadRequest("Unsupported format version: {}", format_version);
  if (format_version == metadata_.format_version) return Status::OK();
  metadata_.format_version = format_version;
  changes_.push_back(UpgradeFormatVersionUpdate{format_version});
  return Status::OK();
}

Result<int32_t> ViewMetadataBuilder::AddSchemaInternal(const SchemaPtr& schema) {
  if (!schema) return BadRequest("Cannot add schema: null");
  int32_t new_schema_id = 0;
  for (const SchemaPtr& existing : metadata_.schemas) {
    if (existing->SameSchema(*schema)) return existing->schema_id();  // existed or already added
    if (existing->schema_id() >= new_schema_id) new_schema_id = existing->schema_id() + 1;
  }
  SchemaPtr new_schema = schema;
  if (schema->schema_id() != new_schema_id) {
    auto renumbered = Schema::Make(new_schema_id, schema->fields(), schema->identifier_field_ids());
    if (!renumbered.ok()) return internal::AsBadRequest(renumbered.status());
    new_schema = std::move(renumbered).value();
  }
  metadata_.schemas.push_back(new_schema);
  changes_.push_back(AddSchemaUpdate{new_schema, std::nullopt});
  last_added_schema_id_ = new_schema_id;
  return new_schema_id;
}

Status ViewMetadataBuilder::AddSchema(const SchemaPtr& schema) { return AddSchemaInternal(schema).status(); }

Status ViewMetadataBuilder::SetLocation(std::string_view location) {
  if (location == metadata_.location && !metadata_.location.empty()) return Status::OK();
  metadata_.location = std::string(location);
  changes_.push_back(SetLocationUpdate{std::string(location)});
  return Status::OK();
}

Status ViewMetadataBuilder::SetProperties(const std::map<std::string, std::string>& updates) {
  if (updates.empty()) return Status::OK();
  for (const auto& [key, value] : updates) metadata_.properties[key] = value;
  changes_.push_back(SetPropertiesUpdate{updates});
  return Status::OK();
}

Status ViewMetadataBuilder::RemoveProperties(const std::vector<std::string>& removals) {
  if (removals.empty()) return Status::OK();
  for (const std::string& key : removals) metadata_.properties.erase(key);
  changes_.push_back(RemovePropertiesUpdate{removals});
  return Status::OK();
}

Result<int32_t> ViewMetadataBuilder::AddVersionInternal(const ViewVersion& new_version) {
  ViewVersion version = new_version;
  if (version.schema_id == kLastAdded) {
    if (!last_added_schema_id_) return BadRequest("Cannot set last added schema: no schema has been added");
    version.schema_id = *last_added_schema_id_;
  }
  // Reuse an equivalent version's id; otherwise above every existing id.
  int32_t new_version_id = version.version_id;
  for (const ViewVersion& existing : metadata_.versions) {
    if (SameViewVersion(existing, version)) {
      new_version_id = existing.version_id;
      break;
    }
    if (existing.version_id >= new_version_id) new_version_id = existing.version_id + 1;
  }
  version.version_id = new_version_id;
  if (metadata_.VersionById(new_version_id) != nullptr) {
    last_added_version_id_ = new_version_id;
    return new_version_id;
  }
  if (metadata_.SchemaById(version.schema_id) == nullptr) {
    return BadRequest("Cannot add version with unknown schema: {}", version.schema_id);
  }
  std::set<std::string> dialects;
  for (const ViewRepresentation& representation : version.representations) {
    if (representation.type != ViewRepresentation::kSqlType) continue;
    std::string dialect = Lowercase(representation.dialect);
    if (!dialects.insert(dialect).second) {
      return BadRequest("Invalid view version: Cannot add multiple queries for dialect {}", dialect);
    }
  }
  metadata_.versions.push_back(version);
  ViewVersion change = version;
  if (last_added_schema_id_ == version.schema_id) change.schema_id = kLastAdded;
  changes_.push_back(AddViewVersionUpdate{std::move(change)});
  added_version_ids_.insert(new_version_id);
  last_added_version_id_ = new_version_id;
  return new_version_id;
}

Status ViewMetadataBuilder::AddVersion(const ViewVersion& version) { return AddVersionInternal(version).status(); }

Status ViewMetadataBuilder::SetCurrentVersionId(int32_t version_id) {
  if (version_id == kLastAdded) {
    if (!last_added_version_id_) return BadRequest("Cannot set last version id: no current version id has been set");
    version_id = *last_added_version_id_;
  }
  if (version_id == metadata_.current_version_id) return Status::OK();
  const ViewVersion* version = metadata_.VersionById(version_id);
  if (version == nullptr) return BadRequest("Cannot set current version to unknown version: {}", version_id);
  metadata_.current_version_id = version_id;
  bool added = added_version_ids_.contains(version_id);
  changes_.push_back(SetCurrentViewVersionUpdate{added && last_added_version_id_ == version_id ? kLastAdded
                                                                                                : version_id});
  // A version added now becomes current at its own timestamp; an older one, now.
  history_entry_ = ViewHistoryEntry{added ? version->timestamp_ms : NowMillis(), version_id};
  return Status::OK();
}

Status ViewMetadataBuilder::SetCurrentVersion(const ViewVersion& version, const SchemaPtr& schema) {
  FLOE_ASSIGN_OR_RETURN(int32_t schema_id, AddSchemaInternal(schema));
  ViewVersion with_schema = version;
  with_schema.schema_id = schema_id;
  FLOE_ASSIGN_OR_RETURN(int32_t version_id, AddVersionInternal(with_schema));
  return SetCurrentVersionId(version_id);
}

Result<ViewMetadataPtr> ViewMetadataBuilder::Build() {
  if (changes_.empty() && base_) return base_;
  ViewMetadata m = metadata_;
  if (m.location.empty()) return BadRequest("Invalid location: null");
  if (m.versions.empty()) return BadRequest("Invalid view: no versions were added");
  const ViewVersion* current = m.VersionById(m.current_version_id);
  if (current == nullptr) return BadRequest("Cannot find current version {} in view versions", m.current_version_id);
  if (m.SchemaById(current->schema_id) == nullptr) {
    return BadRequest("Cannot find current schema with id {} in schemas", current->schema_id);
  }
  if (history_entry_) m.version_log.push_back(*history_entry_);

  if (previous_version_ && !BoolProperty(m.properties, kViewReplaceDropDialectAllowedProperty)) {
    std::set<std::string> before = SqlDialects(*previous_version_);
    std::set<std::string> after = SqlDialects(*current);
    if (!std::includes(after.begin(), after.end(), before.begin(), before.end())) {
      return BadRequest(
          "Cannot replace view due to loss of view dialects ({}=false):\nPrevious dialects: {}\nNew dialects: {}",
          kViewReplaceDropDialectAllowedProperty, DescribeDialects(before), DescribeDialects(after));
    }
  }

  int history_size = IntProperty(m.properties, kViewVersionHistorySizeProperty).value_or(kViewVersionHistorySizeDefault);
  if (history_size <= 0) {
    return BadRequest("{} must be positive but was {}", kViewVersionHistorySizeProperty, history_size);
  }
  // Expire old versions, keeping at least those added here and the current one.
  std::set<int32_t> must_keep = added_version_ids_;
  must_keep.insert(m.current_version_id);
  size_t keep = std::max(must_keep.size(), static_cast<size_t>(history_size));
  if (m.versions.size() > keep) {
    std::vector<int32_t> ids;
    for (const ViewVersion& version : m.versions) ids.push_back(version.version_id);
    std::sort(ids.rbegin(), ids.rend());
    std::set<int32_t> retained{m.current_version_id};
    for (size_t i = 0; i < keep && retained.size() < keep; ++i) retained.insert(ids[i]);
    std::vector<ViewVersion> versions{*current};
    for (int32_t id : ids) {
      if (id != m.current_version_id && retained.contains(id)) versions.push_back(*m.VersionById(id));
    }
    m.versions = std::move(versions);
    std::vector<ViewHistoryEntry> history;
    for (const ViewHistoryEntry& entry : m.version_log) {
      if (retained.contains(entry.version_id)) {
        history.push_back(entry);
      } else {
        history.clear();  // no history past an expired version
      }
    }
    m.version_log = std::move(history);
  }
  if (m.view_uuid.empty()) m.view_uuid = RandomUuid();
  return std::make_shared<const ViewMetadata>(std::move(m));
}

Result<ViewMetadataPtr> ApplyViewCommit(const ViewMetadataPtr& base, const std::vector<ViewRequirement>& requirements,
                                        const std::vector<ViewUpdate>& updates) {
  if (!base) return ApplyViewCommit(static_cast<const ViewMetadata*>(nullptr), requirements, updates);
  for (const ViewRequirement& requirement : requirements) FLOE_RETURN_IF_ERROR(requirement.Validate(base.get()));
  ViewMetadataBuilder builder = ViewMetadataBuilder::BuildFrom(base);
  for (const ViewUpdate& update : updates) FLOE_RETURN_IF_ERROR(builder.Apply(update));
  return builder.Build();
}

Result<ViewMetadataPtr> ApplyViewCommit(const ViewMetadata* base, const std::vector<ViewRequirement>& requirements,
                                        const std::vector<ViewUpdate>& updates) {
  for (const ViewRequirement& requirement : requirements) FLOE_RETURN_IF_ERROR(requirement.Validate(base));
  ViewMetadataBuilder builder =
      base != nullptr ? ViewMetadataBuilder::BuildFrom(*base) : ViewMetadataBuilder::BuildFromEmpty();
  for (const ViewUpdate& update : updates) FLOE_RETURN_IF_ERROR(builder.Apply(update));
  return builder.Build();
}

}  // namespace floe::iceberg
