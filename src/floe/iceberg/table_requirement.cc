#include "floe/iceberg/table_requirement.h"

#include <algorithm>
#include <cctype>
#include <set>

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

template <typename... Args>
Status RequirementFailed(fmt::format_string<Args...> format, Args&&... args) {
  return CommitFailed("Requirement failed: {}", fmt::format(format, std::forward<Args>(args)...));
}

Status TableDoesNotExist() { return CommitFailed("Requirement failed: table does not exist"); }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
           return std::tolower(x) == std::tolower(y);
         });
}

std::string Lowercase(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower;
}

Result<TableRequirement> ParseType(const JsonObject& object, std::string_view type) {
  if (type == "assert-create") return AssertCreate{};
  if (type == "assert-table-uuid") {
    FLOE_ASSIGN_OR_RETURN(std::string_view uuid, json::GetString(object, "uuid"));
    return AssertTableUuid{std::string(uuid)};
  }
  if (type == "assert-ref-snapshot-id") {
    FLOE_ASSIGN_OR_RETURN(std::string_view ref, json::GetString(object, "ref"));
    FLOE_ASSIGN_OR_RETURN(auto snapshot_id, json::GetOptionalLong(object, "snapshot-id"));
    return AssertRefSnapshotId{std::string(ref), snapshot_id};
  }
  if (type == "assert-last-assigned-field-id") {
    FLOE_ASSIGN_OR_RETURN(int32_t id, json::GetInt(object, "last-assigned-field-id"));
    return AssertLastAssignedFieldId{id};
  }
  if (type == "assert-current-schema-id") {
    FLOE_ASSIGN_OR_RETURN(int32_t id, json::GetInt(object, "current-schema-id"));
    return AssertCurrentSchemaId{id};
  }
  if (type == "assert-last-assigned-partition-id") {
    FLOE_ASSIGN_OR_RETURN(int32_t id, json::GetInt(object, "last-assigned-partition-id"));
    return AssertLastAssignedPartitionId{id};
  }
  if (type == "assert-default-spec-id") {
    FLOE_ASSIGN_OR_RETURN(int32_t id, json::GetInt(object, "default-spec-id"));
    return AssertDefaultSpecId{id};
  }
  if (type == "assert-default-sort-order-id") {
    FLOE_ASSIGN_OR_RETURN(int32_t id, json::GetInt(object, "default-sort-order-id"));
    return AssertDefaultSortOrderId{id};
  }
  return BadRequest("Cannot parse update requirement. Unknown type: {}", type);
}

// Derives requirements from updates (the reference UpdateRequirements.Builder).
class RequirementCollector {
 public:
  RequirementCollector(const TableMetadata* base, bool is_replace) : base_(base), is_replace_(is_replace) {}

  void Require(TableRequirement requirement) { requirements_.push_back(std::move(requirement)); }

  void Update(const TableUpdate& update) {
    std::visit(Overloaded{
                   [&](const SetSnapshotRefUpdate& u) {
                     bool first_change = changed_refs_.insert(u.ref_name).second;
                     if (first_change && base_ != nullptr && !is_replace_) {
                       auto it = base_->refs.find(u.ref_name);
                       std::optional<int64_t> expected;
                       if (it != base_->refs.end()) expected = it->second.snapshot_id;
                       Require(AssertRefSnapshotId{u.ref_name, expected});
                     }
                   },
                   [&](const AddSchemaUpdate&) {
                     if (!added_schema_) {
                       if (base_ != nullptr) Require(AssertLastAssignedFieldId{base_->last_column_id});
                       added_schema_ = true;
                     }
                   },
                   [&](const SetCurrentSchemaUpdate&) { RequireCurrentSchemaNotChanged(); },
                   [&](const AddPartitionSpecUpdate&) {
                     if (!added_spec_) {
                       if (base_ != nullptr) Require(AssertLastAssignedPartitionId{base_->last_partition_id});
                       added_spec_ = true;
                     }
                   },
                   [&](const SetDefaultSpecUpdate&) { RequireDefaultSpecNotChanged(); },
                   [&](const SetDefaultSortOrderUpdate&) {
                     if (!set_order_id_) {
                       if (base_ != nullptr && !is_replace_) {
                         Require(AssertDefaultSortOrderId{base_->default_sort_order_id});
                       }
                       set_order_id_ = true;
                     }
                   },
                   [&](const RemovePartitionSpecsUpdate&) {
                     RequireDefaultSpecNotChanged();
                     RequireNoBranchesChanged();
                   },
                   [&](const RemoveSchemasUpdate&) {
                     RequireCurrentSchemaNotChanged();
                     RequireNoBranchesChanged();
                   },
                   [](const auto&) {},
               },
               update.value());
  }

  std::vector<TableRequirement> Take() { return std::move(requirements_); }

 private:
  void RequireCurrentSchemaNotChanged() {
    if (set_schema_id_) return;
    if (base_ != nullptr && !is_replace_) Require(AssertCurrentSchemaId{base_->current_schema_id});
    set_schema_id_ = true;
  }
  void RequireDefaultSpecNotChanged() {
    if (set_spec_id_) return;
    if (base_ != nullptr && !is_replace_) Require(AssertDefaultSpecId{base_->default_spec_id});
    set_spec_id_ = true;
  }
  // So that specs or schemas still written by other branches are not removed.
  void RequireNoBranchesChanged() {
    if (base_ == nullptr || is_replace_) return;
    for (const auto& [name, ref] : base_->refs) {
      if (ref.type == SnapshotRefType::kBranch && name != SnapshotRef::kMainBranch) {
        Require(AssertRefSnapshotId{name, ref.snapshot_id});
      }
    }
  }

  const TableMetadata* base_;
  bool is_replace_;
  std::vector<TableRequirement> requirements_;
  std::set<std::string> changed_refs_;
  bool added_schema_ = false;
  bool set_schema_id_ = false;
  bool added_spec_ = false;
  bool set_spec_id_ = false;
  bool set_order_id_ = false;
};

}  // namespace

std::string_view TableRequirement::type() const {
  return std::visit(Overloaded{
                        [](const AssertCreate&) { return "assert-create"; },
                        [](const AssertTableUuid&) { return "assert-table-uuid"; },
                        [](const AssertRefSnapshotId&) { return "assert-ref-snapshot-id"; },
                        [](const AssertLastAssignedFieldId&) { return "assert-last-assigned-field-id"; },
                        [](const AssertCurrentSchemaId&) { return "assert-current-schema-id"; },
                        [](const AssertLastAssignedPartitionId&) { return "assert-last-assigned-partition-id"; },
                        [](const AssertDefaultSpecId&) { return "assert-default-spec-id"; },
                        [](const AssertDefaultSortOrderId&) { return "assert-default-sort-order-id"; },
                    },
                    value_);
}

Status TableRequirement::Validate(const TableMetadata* current) const {
  return std::visit(
      Overloaded{
          [&](const AssertCreate&) -> Status {
            if (current != nullptr) return RequirementFailed("table already exists");
            return Status::OK();
          },
          [&](const AssertTableUuid& r) -> Status {
            if (current == nullptr) return TableDoesNotExist();
            if (!EqualsIgnoreCase(r.uuid, current->table_uuid)) {
              // The reference message puts the table's UUID first.
              return RequirementFailed("UUID does not match: expected {} != {}", current->table_uuid, r.uuid);
            }
            return Status::OK();
          },
          [&](const AssertRefSnapshotId& r) -> Status {
            const SnapshotRef* ref = nullptr;
            if (current != nullptr) {
              auto it = current->refs.find(r.ref);
              if (it != current->refs.end()) ref = &it->second;
            }
            if (ref != nullptr) {
              std::string_view type = ref->type == SnapshotRefType::kBranch ? "branch" : "tag";
              if (!r.snapshot_id) return RequirementFailed("{} {} was created concurrently", type, r.ref);
              if (*r.snapshot_id != ref->snapshot_id) {
                return RequirementFailed("{} {} has changed: expected id {} != {}", type, r.ref, *r.snapshot_id,
                                         ref->snapshot_id);
              }
            } else if (r.snapshot_id) {
              return RequirementFailed("branch or tag {} is missing, expected {}", r.ref, *r.snapshot_id);
            }
            return Status::OK();
          },
          [&](const AssertLastAssignedFieldId& r) -> Status {
            if (current != nullptr && current->last_column_id != r.last_assigned_field_id) {
              return RequirementFailed("last assigned field id changed: expected id {} != {}",
                                       r.last_assigned_field_id, current->last_column_id);
            }
            return Status::OK();
          },
          [&](const AssertCurrentSchemaId& r) -> Status {
            if (current == nullptr) return TableDoesNotExist();
            if (current->current_schema_id != r.current_schema_id) {
              return RequirementFailed("current schema changed: expected id {} != {}", r.current_schema_id,
                                       current->current_schema_id);
            }
            return Status::OK();
          },
          [&](const AssertLastAssignedPartitionId& r) -> Status {
            if (current != nullptr && current->last_partition_id != r.last_assigned_partition_id) {
              return RequirementFailed("last assigned partition id changed: expected id {} != {}",
                                       r.last_assigned_partition_id, current->last_partition_id);
            }
            return Status::OK();
          },
          [&](const AssertDefaultSpecId& r) -> Status {
            if (current == nullptr) return TableDoesNotExist();
            if (current->default_spec_id != r.default_spec_id) {
              return RequirementFailed("default partition spec changed: expected id {} != {}", r.default_spec_id,
                                       current->default_spec_id);
            }
            return Status::OK();
          },
          [&](const AssertDefaultSortOrderId& r) -> Status {
            if (current == nullptr) return TableDoesNotExist();
            if (current->default_sort_order_id != r.default_sort_order_id) {
              return RequirementFailed("default sort order changed: expected id {} != {}", r.default_sort_order_id,
                                       current->default_sort_order_id);
            }
            return Status::OK();
          },
      },
      value_);
}

Status ValidateRequirements(const std::vector<TableRequirement>& requirements, const TableMetadata* current) {
  for (const TableRequirement& requirement : requirements) {
    FLOE_RETURN_IF_ERROR(requirement.Validate(current));
  }
  return Status::OK();
}

std::vector<TableRequirement> RequirementsForCreateTable(const std::vector<TableUpdate>& updates) {
  RequirementCollector collector(nullptr, /*is_replace=*/false);
  collector.Require(AssertCreate{});
  for (const TableUpdate& update : updates) collector.Update(update);
  return collector.Take();
}

std::vector<TableRequirement> RequirementsForUpdateTable(const TableMetadata& base,
                                                         const std::vector<TableUpdate>& updates) {
  RequirementCollector collector(&base, /*is_replace=*/false);
  collector.Require(AssertTableUuid{base.table_uuid});
  for (const TableUpdate& update : updates) collector.Update(update);
  return collector.Take();
}

std::vector<TableRequirement> RequirementsForReplaceTable(const TableMetadata& base,
                                                          const std::vector<TableUpdate>& updates) {
  RequirementCollector collector(&base, /*is_replace=*/true);
  collector.Require(AssertTableUuid{base.table_uuid});
  for (const TableUpdate& update : updates) collector.Update(update);
  return collector.Take();
}

Result<TableRequirement> ParseTableRequirement(const json::JsonValue& json) {
  if (!json.is_object()) {
    return BadRequest("Cannot parse update requirement from non-object value: {}", json::ToJson(json));
  }
  JsonObject object = json.get_object().value_unsafe();
  auto type_value = json::Find(object, "type");
  if (!type_value) return BadRequest("Cannot parse update requirement. Missing field: type");
  auto type = json::AsString(*type_value, "type");
  if (!type.ok()) return internal::AsBadRequest(type.status());
  auto requirement = ParseType(object, Lowercase(*type));
  if (!requirement.ok()) return internal::AsBadRequest(requirement.status());
  return requirement;
}

Result<TableRequirement> ParseTableRequirement(std::string_view json_text) {
  return internal::ParseJsonText<TableRequirement>(
      json_text, [](const json::JsonValue& json) { return ParseTableRequirement(json); });
}

Result<std::vector<TableRequirement>> ParseTableRequirements(const json::JsonValue& json_array) {
  return internal::ParseJsonList<TableRequirement>(
      json_array, "requirements", [](const json::JsonValue& json) { return ParseTableRequirement(json); });
}

void WriteTableRequirement(json::JsonWriter& writer, const TableRequirement& requirement) {
  writer->StartObject();
  writer.Key("type");
  writer.String(requirement.type());
  auto write_int = [&](std::string_view key, int32_t value) {
    writer.Key(key);
    writer->Int(value);
  };
  std::visit(Overloaded{
                 [](const AssertCreate&) {},
                 [&](const AssertTableUuid& r) {
                   writer.Key("uuid");
                   writer.String(r.uuid);
                 },
                 [&](const AssertRefSnapshotId& r) {
                   writer.Key("ref");
                   writer.String(r.ref);
                   writer.Key("snapshot-id");
                   if (r.snapshot_id) {
                     writer->Int64(*r.snapshot_id);
                   } else {
                     writer->Null();
                   }
                 },
                 [&](const AssertLastAssignedFieldId& r) { write_int("last-assigned-field-id", r.last_assigned_field_id); },
                 [&](const AssertCurrentSchemaId& r) { write_int("current-schema-id", r.current_schema_id); },
                 [&](const AssertLastAssignedPartitionId& r) {
                   write_int("last-assigned-partition-id", r.last_assigned_partition_id);
                 },
                 [&](const AssertDefaultSpecId& r) { write_int("default-spec-id", r.default_spec_id); },
                 [&](const AssertDefaultSortOrderId& r) { write_int("default-sort-order-id", r.default_sort_order_id); },
             },
             requirement.value());
  writer->EndObject();
}

std::string SerializeTableRequirement(const TableRequirement& requirement) {
  JsonWriter writer;
  WriteTableRequirement(writer, requirement);
  return writer.Take();
}

}  // namespace floe::iceberg
