// MetadataBuilder and ApplyCommit: the one path by which table metadata
// changes (reference: Java TableMetadata.Builder and newTableMetadata,
// iceberg-rust TableMetadataBuilder). The REST catalog server, the SQL engine
// and the pipelines all commit through ApplyCommit.
//
// A builder starts from existing metadata (BuildFrom), from nothing
// (BuildFromEmpty, for create transactions) or from a new table's schema,
// spec and sort order (ForNewTable, which assigns fresh ids). Each operation
// validates like the reference implementation and records the change it made
// (changes()); operations that change nothing record nothing. Build()
// validates the whole and produces the new immutable TableMetadata,
// maintaining last-updated-ms, the snapshot log (main branch history), the
// metadata log (the previous metadata file, trimmed to
// `write.metadata.previous-versions-max`, default 100), refs and the main
// branch's current-snapshot-id, last-sequence-number and v3 next-row-id.
//
// Errors:
// - kBadRequest: an invalid update (unknown schema/spec/order/snapshot id,
//   downgrade, removing the current schema, incompatible spec, ...), with the
//   reference implementation's message;
// - kCommitFailed: a stale update that a retry on fresh metadata may fix: a
//   snapshot whose sequence number is not newer than the table's last one, or
//   (v3) whose first-row-id is behind the table's next-row-id.
// After an error the builder is in an unspecified state and must be dropped.
//
// Deviations from the reference, all more lenient: re-adding an existing
// schema/spec/order makes it the "last added" one (so -1 refers to it), and
// partition fields without ids (id <= 0) get the id of an equivalent field of
// an existing spec (v2+) or the next unused id.
// Thread-compatible: one builder per thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "floe/iceberg/table_metadata.h"
#include "floe/iceberg/table_requirement.h"
#include "floe/iceberg/table_update.h"

namespace floe::iceberg {

// Table properties the builder reads.
inline constexpr std::string_view kMetadataPreviousVersionsMaxProperty = "write.metadata.previous-versions-max";
inline constexpr int kMetadataPreviousVersionsMaxDefault = 100;
inline constexpr std::string_view kMetadataCompressionProperty = "write.metadata.compression-codec";
inline constexpr std::string_view kWriteMetadataLocationProperty = "write.metadata.path";
inline constexpr std::string_view kFormatVersionProperty = "format-version";
inline constexpr std::string_view kParquetCompressionProperty = "write.parquet.compression-codec";

// Properties that are never stored in table metadata (they mirror metadata fields).
bool IsReservedTableProperty(std::string_view key);

// Compatibility checks (kBadRequest with the reference messages), as the
// builder applies them (reference Schema/PartitionSpec/SortOrder.checkCompatibility):
// - a schema's types and defaults must exist in `format_version` (v3 types, initial defaults);
// - a spec's (and an order's) source columns must exist in `schema`, be
//   primitive, nested only in structs (specs), and suit the transform; void
//   partition fields are exempt;
// - a new spec's field names must be unique, non-empty, and not name a column
//   of `schema` other than an identity partition's own source; two partition
//   fields on one source with the same (or two time) transforms are redundant.
Status CheckSchemaCompatibility(const Schema& schema, int format_version);
Status CheckPartitionSpecCompatibility(const PartitionSpec& spec, const Schema& schema);
Status CheckSortOrderCompatibility(const SortOrder& order, const Schema& schema);
Status CheckPartitionFieldNames(const PartitionSpec& spec, const Schema& schema);

class MetadataBuilder {
 public:
  // Changes `base`. `base_metadata_location` is the file `base` was read from;
  // when not empty, Build() appends it to the metadata log. When nothing
  // changes, Build() returns `base` itself.
  static MetadataBuilder BuildFrom(TableMetadataPtr base, std::string base_metadata_location = {});
  // As above, copying `base` (Build() then returns a copy even when unchanged).
  static MetadataBuilder BuildFrom(const TableMetadata& base, std::string base_metadata_location = {});
  // An empty table of `format_version` with a random UUID: the start of a
  // create transaction, whose updates add the schema, spec, order, location.
  static MetadataBuilder BuildFromEmpty(int format_version = kDefaultFormatVersion);
  // A new table as the reference catalog creates it (newTableMetadata): field
  // ids reassigned 1..N (each struct's fields first, then their children, in
  // order; identifier fields follow), schema id 0, partition field ids from
  // 1000 in spec order, spec id 0, sort order id 1 (0 when unsorted), source
  // ids remapped. A `format-version` property overrides `format_version`;
  // other reserved properties are dropped; `write.parquet.compression-codec`
  // defaults to zstd. Errors: kBadRequest (unknown source column, bad version).
  static Result<MetadataBuilder> ForNewTable(const Schema& schema, const PartitionSpec& spec,
                                             const SortOrder& sort_order, std::string location,
                                             std::map<std::string, std::string> properties,
                                             int format_version = kDefaultFormatVersion);

  // Applies one update (dispatches to the operations below).
  Status Apply(const TableUpdate& update);

  Status AssignUuid(std::string_view uuid);
  Status UpgradeFormatVersion(int format_version);
  // The schema id is reassigned; an identical existing schema is reused.
  Status AddSchema(const SchemaPtr& schema);
  // kLastAdded = the schema added last by this builder.
  Status SetCurrentSchema(int32_t schema_id);
  // The spec id is reassigned; an equivalent existing spec is reused.
  Status AddPartitionSpec(const PartitionSpec& spec);
  Status SetDefaultSpec(int32_t spec_id);
  // The order id is reassigned; an identical existing order is reused.
  Status AddSortOrder(const SortOrder& sort_order);
  Status SetDefaultSortOrder(int32_t sort_order_id);
  Status AddSnapshot(const SnapshotPtr& snapshot);
  // Creates or replaces a branch or tag; setting `main` sets the current snapshot.
  Status SetSnapshotRef(std::string_view name, const SnapshotRef& ref);
  // Adds `snapshot` and moves `branch` to it (creating the branch, keeping an
  // existing branch's retention) - what an engine's append/overwrite does.
  Status SetBranchSnapshot(const SnapshotPtr& snapshot, std::string_view branch);
  // Moves `branch` to an existing snapshot (rollback, cherry-pick).
  Status SetBranchSnapshot(int64_t snapshot_id, std::string_view branch);
  Status RemoveSnapshots(const std::vector<int64_t>& snapshot_ids);
  Status RemoveSnapshotRef(std::string_view name);
  Status SetLocation(std::string_view location);
  Status SetProperties(const std::map<std::string, std::string>& updates);
  Status RemoveProperties(const std::vector<std::string>& removals);
  Status SetStatistics(const StatisticsFile& statistics);
  Status RemoveStatistics(int64_t snapshot_id);
  Status SetPartitionStatistics(const PartitionStatisticsFile& statistics);
  Status RemovePartitionStatistics(int64_t snapshot_id);
  Status RemovePartitionSpecs(const std::vector<int32_t>& spec_ids);
  Status RemoveSchemas(const std::vector<int32_t>& schema_ids);
  Status AddEncryptionKey(const EncryptedKey& key);
  Status RemoveEncryptionKey(std::string_view key_id);

  // The changes made so far, as updates that replay them (ids as assigned,
  // -1 where the reference records "last added").
  const std::vector<TableUpdate>& changes() const { return changes_; }
  // The metadata as changed so far (not yet validated or finalized).
  const TableMetadata& current() const { return metadata_; }

  // Validates and produces the new metadata. Call once.
  Result<TableMetadataPtr> Build();

 private:
  MetadataBuilder() = default;

  SchemaPtr FindSchema(int32_t schema_id) const;
  PartitionSpecPtr FindSpec(int32_t spec_id) const;
  SortOrderPtr FindSortOrder(int32_t order_id) const;
  Status SetBranchSnapshotInternal(const Snapshot& snapshot, std::string_view branch);
  Status UpdateSnapshotLog();
  void AddPreviousMetadataFile();

  TableMetadata metadata_;
  TableMetadataPtr base_;        // when built from a shared base: returned if nothing changes
  bool has_base_ = false;        // built from existing metadata (adds a metadata log entry)
  std::string base_metadata_location_;
  int64_t base_last_updated_ms_ = 0;
  std::optional<int64_t> last_updated_ms_;
  std::unordered_map<int64_t, SnapshotPtr> snapshots_by_id_;

  std::vector<TableUpdate> changes_;
  std::optional<int32_t> last_added_schema_id_;
  std::optional<int32_t> last_added_spec_id_;
  std::optional<int32_t> last_added_order_id_;
  std::set<int32_t> added_schema_ids_;  // added by this builder (recorded as add-schema)
  std::set<int32_t> added_spec_ids_;
  std::set<int32_t> added_order_ids_;
  std::set<int64_t> added_snapshot_ids_;
};

// The commit entry point: validates `requirements` against `base` (kCommitFailed
// when one fails), then applies `updates` and builds the new metadata.
// base == nullptr is a create: the table starts empty, with the format version
// of the first upgrade-format-version update (default 2). When base is a
// shared pointer and nothing changes, `base` itself is returned.
// `base_metadata_location` is the file `base` was read from (for the metadata log).
Result<TableMetadataPtr> ApplyCommit(const TableMetadataPtr& base, const std::vector<TableRequirement>& requirements,
                                     const std::vector<TableUpdate>& updates,
                                     std::string_view base_metadata_location = {});
Result<TableMetadataPtr> ApplyCommit(const TableMetadata* base, const std::vector<TableRequirement>& requirements,
                                     const std::vector<TableUpdate>& updates,
                                     std::string_view base_metadata_location = {});

// The updates that recreate `metadata` in a create transaction (what the
// reference client sends for a staged create): assign-uuid,
// upgrade-format-version, add-schema, set-current-schema -1, add-spec,
// set-default-spec -1, add-sort-order, set-default-sort-order -1,
// set-location, set-properties (when not empty).
std::vector<TableUpdate> ChangesForCreate(const TableMetadata& metadata);

// Where the next metadata file of a table goes:
// `<location>/metadata/<version %05d>-<random uuid>.metadata.json`, where
// version = the version parsed from `previous_metadata_location` + 1 (0 when
// there is none or it has no version). Honors `write.metadata.path` and
// `write.metadata.compression-codec=gzip` (".gz.metadata.json").
std::string NextMetadataFileLocation(const TableMetadata& metadata, std::string_view previous_metadata_location);

}  // namespace floe::iceberg
