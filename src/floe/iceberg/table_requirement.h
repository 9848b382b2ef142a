// Table requirements: the assertions a commit makes about the table it
// changes (REST spec `TableRequirement`, the `requirements` of a
// CommitTableRequest; Java `UpdateRequirement`).
//
// Validate() checks one requirement against the table's current metadata
// (nullptr when the table does not exist). A failed requirement is
// kCommitFailed (HTTP 409, the client may retry) with the reference
// implementation's message, e.g.
//   "Requirement failed: branch main has changed: expected id 1 != 2".
// The server's conflict handling re-validates the same requirements against
// newer metadata: a requirement still holds exactly when Validate() is OK.
//
// RequirementsForUpdateTable & co. derive the requirements a client sends for
// a list of updates, as the reference client does (UpdateRequirements).
//
// JSON: ParseTableRequirement reads one element of `requirements`; errors are
// kBadRequest naming the unknown type or the missing field.
// Thread-safe: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "floe/common/json.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/iceberg/table_update.h"

namespace floe::iceberg {

// `assert-create`: the table must not exist yet.
struct AssertCreate {};
// `assert-table-uuid`: the table's UUID must match (case-insensitively).
struct AssertTableUuid {
  std::string uuid;
};
// `assert-ref-snapshot-id`: the branch or tag `ref` must point at
// `snapshot_id`; nullopt (JSON null) means the ref must not exist.
struct AssertRefSnapshotId {
  std::string ref;
  std::optional<int64_t> snapshot_id;
};
// `assert-last-assigned-field-id`: the table's last-column-id must match.
struct AssertLastAssignedFieldId {
  int32_t last_assigned_field_id = 0;
};
// `assert-current-schema-id`.
struct AssertCurrentSchemaId {
  int32_t current_schema_id = 0;
};
// `assert-last-assigned-partition-id`: the table's last-partition-id must match.
struct AssertLastAssignedPartitionId {
  int32_t last_assigned_partition_id = 0;
};
// `assert-default-spec-id`.
struct AssertDefaultSpecId {
  int32_t default_spec_id = 0;
};
// `assert-default-sort-order-id`.
struct AssertDefaultSortOrderId {
  int32_t default_sort_order_id = 0;
};

class TableRequirement {
 public:
  using Variant = std::variant<AssertCreate, AssertTableUuid, AssertRefSnapshotId, AssertLastAssignedFieldId,
                               AssertCurrentSchemaId, AssertLastAssignedPartitionId, AssertDefaultSpecId,
                               AssertDefaultSortOrderId>;

  template <typename T>
    requires std::is_constructible_v<Variant, T&&> && (!std::is_same_v<std::decay_t<T>, TableRequirement>)
  TableRequirement(T&& requirement) : value_(std::forward<T>(requirement)) {}  // NOLINT: implicit by design

  const Variant& value() const { return value_; }
  template <typename T>
  const T* As() const { return std::get_if<T>(&value_); }
  // The spec's `type` string: "assert-create", ...
  std::string_view type() const;

  // OK when the requirement holds for `current` (nullptr = the table does not
  // exist), else kCommitFailed. On a missing table only assert-create, the
  // last-assigned-id assertions and a ref assertion expecting no ref hold.
  Status Validate(const TableMetadata* current) const;

 private:
  Variant value_;
};

// Validates every requirement in order; the first failure is returned.
Status ValidateRequirements(const std::vector<TableRequirement>& requirements, const TableMetadata* current);

// Requirements for committing `updates` (reference UpdateRequirements):
// - create: assert-create (+ nothing derived: there is no base);
// - update: assert-table-uuid plus, per update kind, assertions that the
//   state the update builds on is unchanged (ref snapshot ids, last assigned
//   field/partition ids, current schema, default spec, default sort order, and
//   non-main branches when removing schemas or specs);
// - replace: assert-table-uuid plus only the last-assigned-id assertions.
std::vector<TableRequirement> RequirementsForCreateTable(const std::vector<TableUpdate>& updates);
std::vector<TableRequirement> RequirementsForUpdateTable(const TableMetadata& base,
                                                         const std::vector<TableUpdate>& updates);
std::vector<TableRequirement> RequirementsForReplaceTable(const TableMetadata& base,
                                                          const std::vector<TableUpdate>& updates);

// Parses one requirement object (an element of CommitTableRequest.requirements).
Result<TableRequirement> ParseTableRequirement(const json::JsonValue& json);
Result<TableRequirement> ParseTableRequirement(std::string_view json_text);
// Parses a whole `requirements` array.
Result<std::vector<TableRequirement>> ParseTableRequirements(const json::JsonValue& json_array);

void WriteTableRequirement(json::JsonWriter& writer, const TableRequirement& requirement);
std::string SerializeTableRequirement(const TableRequirement& requirement);

}  // namespace floe::iceberg
