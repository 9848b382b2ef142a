// View updates and requirements (REST spec `ViewUpdate`, `ViewRequirement`,
// the body of a CommitViewRequest) and ViewMetadataBuilder, which applies them
// (reference: Java ViewMetadata.Builder).
//
// View updates reuse the table update structs for the actions both share
// (assign-uuid, upgrade-format-version, add-schema, set-location,
// set-properties, remove-properties) and add add-view-version and
// set-current-view-version. A view version's schema id of -1 means the schema
// added last; set-current-view-version -1 means the version added last.
//
// Build() keeps `version.history.num-entries` (default 10) versions besides
// those added by the builder and the current one, trims the version log to
// the kept versions, and refuses to drop a SQL dialect of the previous current
// version unless `replace.drop-dialect.allowed` is true.
//
// Errors: invalid updates are kBadRequest with the reference messages; a
// failed requirement is kCommitFailed
// ("Requirement failed: view UUID does not match: expected <view> != <required>").
// Thread-compatible builder; the update values are thread-safe.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "floe/common/json.h"
#include "floe/iceberg/table_update.h"
#include "floe/iceberg/view_metadata.h"

namespace floe::iceberg {

inline constexpr std::string_view kViewVersionHistorySizeProperty = "version.history.num-entries";
inline constexpr int kViewVersionHistorySizeDefault = 10;
inline constexpr std::string_view kViewReplaceDropDialectAllowedProperty = "replace.drop-dialect.allowed";

// `add-view-version`: the version id is reassigned (an equivalent existing version is reused).
struct AddViewVersionUpdate {
  ViewVersion view_version;
};
// `set-current-view-version`: a version id, or kLastAdded.
struct SetCurrentViewVersionUpdate {
  int32_t view_version_id = kLastAdded;
};

class ViewUpdate {
 public:
  using Variant = std::variant<AssignUuidUpdate, UpgradeFormatVersionUpdate, AddSchemaUpdate, SetLocationUpdate,
                               SetPropertiesUpdate, RemovePropertiesUpdate, AddViewVersionUpdate,
                               SetCurrentViewVersionUpdate>;

  template <typename T>
    requires std::is_constructible_v<Variant, T&&> && (!std::is_same_v<std::decay_t<T>, ViewUpdate>)
  ViewUpdate(T&& update) : value_(std::forward<T>(update)) {}  // NOLINT: implicit by design

  const Variant& value() const { return value_; }
  template <typename T>
  const T* As() const { return std::get_if<T>(&value_); }
  // The spec's `action` string.
  std::string_view action() const;

 private:
  Variant value_;
};

// `assert-view-uuid`: the view's UUID must match (case-insensitively).
struct AssertViewUuid {
  std::string uuid;
};

class ViewRequirement {
 public:
  ViewRequirement(AssertViewUuid requirement) : value_(std::move(requirement)) {}  // NOLINT: implicit by design
  const AssertViewUuid& value() const { return value_; }
  std::string_view type() const { return "assert-view-uuid"; }
  // OK when the requirement holds for `current` (nullptr = no view), else kCommitFailed.
  Status Validate(const ViewMetadata* current) const;

 private:
  AssertViewUuid value_;
};

// One element of CommitViewRequest.updates / .requirements. Unknown actions
// or types, and table-only actions, are kBadRequest.
Result<ViewUpdate> ParseViewUpdate(const json::JsonValue& json);
Result<ViewUpdate> ParseViewUpdate(std::string_view json_text);
Result<std::vector<ViewUpdate>> ParseViewUpdates(const json::JsonValue& json_array);
Result<ViewRequirement> ParseViewRequirement(const json::JsonValue& json);
Result<ViewRequirement> ParseViewRequirement(std::string_view json_text);
Result<std::vector<ViewRequirement>> ParseViewRequirements(const json::JsonValue& json_array);

void WriteViewUpdate(json::JsonWriter& writer, const ViewUpdate& update);
std::string SerializeViewUpdate(const ViewUpdate& update);
void WriteViewRequirement(json::JsonWriter& writer, const ViewRequirement& requirement);
std::string SerializeViewRequirement(const ViewRequirement& requirement);

class ViewMetadataBuilder {
 public:
  // Changes `base` (Build() returns `base` itself when nothing changes).
  static ViewMetadataBuilder BuildFrom(ViewMetadataPtr base);
  static ViewMetadataBuilder BuildFrom(const ViewMetadata& base);
  // A new view: format version 1; a random UUID unless one is assigned.
  static ViewMetadataBuilder BuildFromEmpty();

  Status Apply(const ViewUpdate& update);

  // Only a view without a UUID may be given one ("Cannot reassign uuid").
  Status AssignUuid(std::string_view uuid);
  Status UpgradeFormatVersion(int format_version);
  // The schema id is reassigned; an identical existing schema is reused.
  Status AddSchema(const SchemaPtr& schema);
  Status SetLocation(std::string_view location);
  Status SetProperties(const std::map<std::string, std::string>& updates);
  Status RemoveProperties(const std::vector<std::string>& removals);
  // Adds a version (schema id kLastAdded = the schema added last).
  Status AddVersion(const ViewVersion& version);
  // kLastAdded = the version added last.
  Status SetCurrentVersionId(int32_t version_id);
  // Adds `schema` and `version` (with that schema) and makes it current:
  // what CREATE/REPLACE VIEW does.
  Status SetCurrentVersion(const ViewVersion& version, const SchemaPtr& schema);

  const std::vector<ViewUpdate>& changes() const { return changes_; }
  const ViewMetadata& current() const { return metadata_; }

  Result<ViewMetadataPtr> Build();

 private:
  ViewMetadataBuilder() = default;
  Result<int32_t> AddSchemaInternal(const SchemaPtr& schema);
  Result<int32_t> AddVersionInternal(const ViewVersion& version);

  ViewMetadata metadata_;
  ViewMetadataPtr base_;
  std::optional<ViewVersion> previous_version_;  // the base's current version
  std::optional<ViewHistoryEntry> history_entry_;
  std::vector<ViewUpdate> changes_;
  std::optional<int32_t> last_added_version_id_;
  std::optional<int32_t> last_added_schema_id_;
  std::set<int32_t> added_version_ids_;
};

// The view commit entry point: validates requirements against `base`, then
// applies the updates. base == nullptr creates a view from the updates.
Result<ViewMetadataPtr> ApplyViewCommit(const ViewMetadataPtr& base, const std::vector<ViewRequirement>& requirements,
                                        const std::vector<ViewUpdate>& updates);
Result<ViewMetadataPtr> ApplyViewCommit(const ViewMetadata* base, const std::vector<ViewRequirement>& requirements,
                                        const std::vector<ViewUpdate>& updates);

}  // namespace floe::iceberg
