// Table updates: the changes a commit makes to table metadata (REST spec
// `TableUpdate`, the `updates` of a CommitTableRequest; Java `MetadataUpdate`).
//
// Each action of the spec is a plain struct named after its spec schema
// (AddSnapshotUpdate for `add-snapshot`, ...); TableUpdate holds one of them.
// MetadataBuilder (metadata_builder.h) applies them with the reference
// implementation's validation. An id of -1 (kLastAdded) in set-current-schema,
// set-default-spec and set-default-sort-order means "the one added last in
// this commit".
//
// JSON: ParseTableUpdate reads one element of a request's `updates` array;
// every error is kBadRequest (HTTP 400) naming the unknown action or the
// missing field, e.g. "Cannot parse metadata update. Unknown action: drop-table",
// "Cannot parse missing string: uuid". WriteTableUpdate writes the spec form.
// Thread-safe: values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "floe/common/json.h"
#include "floe/iceberg/table_metadata.h"

namespace floe::iceberg {

// The id standing for "the schema/spec/sort order added last in this commit".
inline constexpr int32_t kLastAdded = -1;

// `assign-uuid`: only safe while creating a table.
struct AssignUuidUpdate {
  std::string uuid;
};
// `upgrade-format-version`: never downwards, at most kMaxFormatVersion.
struct UpgradeFormatVersionUpdate {
  int format_version = kDefaultFormatVersion;
};
// `add-schema`: the schema id is reassigned (an identical existing schema is reused).
struct AddSchemaUpdate {
  SchemaPtr schema;
  // Deprecated for removal in the spec: read and written for compatibility,
  // ignored when applied (the builder computes the last column id itself, as
  // the reference implementation has since 1.8).
  std::optional<int32_t> last_column_id;
};
// `set-current-schema`: a schema id, or kLastAdded.
struct SetCurrentSchemaUpdate {
  int32_t schema_id = kLastAdded;
};
// `add-spec`: the spec id is reassigned (an equivalent existing spec is reused).
// Partition field ids <= 0 mean "unassigned" and are assigned by the builder.
struct AddPartitionSpecUpdate {
  PartitionSpecPtr spec;
};
// `set-default-spec`: a spec id, or kLastAdded.
struct SetDefaultSpecUpdate {
  int32_t spec_id = kLastAdded;
};
// `add-sort-order`: the order id is reassigned (an identical existing order is reused).
struct AddSortOrderUpdate {
  SortOrderPtr sort_order;
};
// `set-default-sort-order`: an order id, or kLastAdded.
struct SetDefaultSortOrderUpdate {
  int32_t sort_order_id = kLastAdded;
};
// `add-snapshot`.
struct AddSnapshotUpdate {
  SnapshotPtr snapshot;
};
// `set-snapshot-ref`: creates or moves a branch or tag (and its retention).
struct SetSnapshotRefUpdate {
  std::string ref_name;
  SnapshotRef ref;
};
// `remove-snapshots`: also drops refs left pointing at removed snapshots.
struct RemoveSnapshotsUpdate {
  std::vector<int64_t> snapshot_ids;
};
// `remove-snapshot-ref`: removing `main` clears the current snapshot.
struct RemoveSnapshotRefUpdate {
  std::string ref_name;
};
// `set-location`.
struct SetLocationUpdate {
  std::string location;
};
// `set-properties` (JSON `updates`; the legacy `updated` is read too).
struct SetPropertiesUpdate {
  std::map<std::string, std::string> updates;
};
// `remove-properties` (JSON `removals`; the legacy `removed` is read too).
struct RemovePropertiesUpdate {
  std::vector<std::string> removals;
};
// `set-statistics`: replaces the statistics file of `statistics.snapshot_id`.
struct SetStatisticsUpdate {
  StatisticsFile statistics;
  // Deprecated for removal in the spec (redundant with statistics.snapshot_id);
  // read and written for compatibility, ignored when applied.
  std::optional<int64_t> snapshot_id;
};
// `remove-statistics`.
struct RemoveStatisticsUpdate {
  int64_t snapshot_id = 0;
};
// `set-partition-statistics`.
struct SetPartitionStatisticsUpdate {
  PartitionStatisticsFile partition_statistics;
};
// `remove-partition-statistics`.
struct RemovePartitionStatisticsUpdate {
  int64_t snapshot_id = 0;
};
// `remove-partition-specs`: never the default spec.
struct RemovePartitionSpecsUpdate {
  std::vector<int32_t> spec_ids;
};
// `remove-schemas`: never the current schema.
struct RemoveSchemasUpdate {
  std::vector<int32_t> schema_ids;
};
// `add-encryption-key` (v3).
struct AddEncryptionKeyUpdate {
  EncryptedKey encryption_key;
};
// `remove-encryption-key` (v3).
struct RemoveEncryptionKeyUpdate {
  std::string key_id;
};

class TableUpdate {
 public:
  using Variant =
      std::variant<AssignUuidUpdate, UpgradeFormatVersionUpdate, AddSchemaUpdate, SetCurrentSchemaUpdate,
                   AddPartitionSpecUpdate, SetDefaultSpecUpdate, AddSortOrderUpdate, SetDefaultSortOrderUpdate,
                   AddSnapshotUpdate, SetSnapshotRefUpdate, RemoveSnapshotsUpdate, RemoveSnapshotRefUpdate,
                   SetLocationUpdate, SetPropertiesUpdate, RemovePropertiesUpdate, SetStatisticsUpdate,
                   RemoveStatisticsUpdate, SetPartitionStatisticsUpdate, RemovePartitionStatisticsUpdate,
                   RemovePartitionSpecsUpdate, RemoveSchemasUpdate, AddEncryptionKeyUpdate,
                   RemoveEncryptionKeyUpdate>;

  template <typename T>
    requires std::is_constructible_v<Variant, T&&> && (!std::is_same_v<std::decay_t<T>, TableUpdate>)
  TableUpdate(T&& update) : value_(std::forward<T>(update)) {}  // NOLINT: implicit by design

  const Variant& value() const { return value_; }
  // The update if it is a T, else nullptr.
  template <typename T>
  const T* As() const { return std::get_if<T>(&value_); }
  // The spec's `action` string: "add-snapshot", ...
  std::string_view action() const;

 private:
  Variant value_;
};

// Parses one update object (an element of CommitTableRequest.updates).
// The action is matched case-insensitively, as the reference parser does.
Result<TableUpdate> ParseTableUpdate(const json::JsonValue& json);
Result<TableUpdate> ParseTableUpdate(std::string_view json_text);
// Parses a whole `updates` array.
Result<std::vector<TableUpdate>> ParseTableUpdates(const json::JsonValue& json_array);

void WriteTableUpdate(json::JsonWriter& writer, const TableUpdate& update);
std::string SerializeTableUpdate(const TableUpdate& update);

namespace internal {
// Re-labels a parse error as kBadRequest (the REST layer's 400); OK passes through.
Status AsBadRequest(const Status& status);

// Parses JSON text with `parse_one(const json::JsonValue&) -> Result<T>`;
// malformed JSON is kBadRequest.
template <typename T, typename ParseOne>
Result<T> ParseJsonText(std::string_view json_text, ParseOne parse_one) {
  auto document = json::JsonDocument::Parse(json_text);
  if (!document.ok()) return AsBadRequest(document.status());
  return parse_one(document->root());
}

// Parses a JSON array named `what` ("updates", "requirements") element by
// element with `parse_one`; a non-array is kBadRequest.
template <typename T, typename ParseOne>
Result<std::vector<T>> ParseJsonList(const json::JsonValue& json_array, std::string_view what, ParseOne parse_one) {
  auto array = json::AsArray(json_array, what);
  if (!array.ok()) return AsBadRequest(array.status());
  std::vector<T> items;
  for (json::JsonValue element : *array) {
    FLOE_ASSIGN_OR_RETURN(T item, parse_one(element));
    items.push_back(std::move(item));
  }
  return items;
}
}  // namespace internal

}  // namespace floe::iceberg
