// TableMetadata: the content of a table metadata JSON file (spec "Table
// Metadata"), for format versions 1, 2 and 3.
//
// Immutable once built and shared as TableMetadataPtr: every change goes
// through MetadataBuilder (metadata_builder.h), which produces a new
// TableMetadata. Lookups by id are linear over small vectors except
// snapshots, which are indexed (tables may hold 10,000+ snapshots).
// Thread-safe: immutable.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "floe/iceberg/partition_spec.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/snapshot.h"
#include "floe/iceberg/sort_order.h"

namespace floe::iceberg {

inline constexpr int kMinFormatVersion = 1;
inline constexpr int kMaxFormatVersion = 3;     // readable
inline constexpr int kDefaultFormatVersion = 2;  // written for new tables

struct TableMetadata {
  int format_version = kDefaultFormatVersion;
  std::string table_uuid;
  std::string location;
  int64_t last_sequence_number = 0;
  int64_t last_updated_ms = 0;
  int32_t last_column_id = 0;
  std::vector<SchemaPtr> schemas;
  int32_t current_schema_id = 0;
  std::vector<PartitionSpecPtr> partition_specs;
  int32_t default_spec_id = 0;
  int32_t last_partition_id = PartitionSpec::kUnpartitionedLastAssignedId;
  std::map<std::string, std::string> properties;
  std::optional<int64_t> current_snapshot_id;  // absent/-1 in JSON = no snapshot
  std::vector<SnapshotPtr> snapshots;
  std::vector<SnapshotLogEntry> snapshot_log;
  std::vector<MetadataLogEntry> metadata_log;
  std::vector<SortOrderPtr> sort_orders;
  int32_t default_sort_order_id = SortOrder::kUnsortedOrderId;
  std::map<std::string, SnapshotRef> refs;
  std::vector<StatisticsFile> statistics;
  std::vector<PartitionStatisticsFile> partition_statistics;
  // v3.
  std::optional<int64_t> next_row_id;
  std::vector<EncryptedKey> encryption_keys;

  // Lookups (nullptr / empty when absent).
  SchemaPtr CurrentSchema() const;
  SchemaPtr SchemaById(int32_t schema_id) const;
  PartitionSpecPtr DefaultSpec() const;
  PartitionSpecPtr SpecById(int32_t spec_id) const;
  SortOrderPtr DefaultSortOrder() const;
  SortOrderPtr SortOrderById(int32_t order_id) const;
  SnapshotPtr CurrentSnapshot() const;
  SnapshotPtr SnapshotById(int64_t snapshot_id) const;
  // The snapshot a branch or tag points at; nullptr when the ref is absent.
  SnapshotPtr SnapshotForRef(std::string_view ref_name) const;
  // The snapshot that was current at `timestamp_ms` (latest snapshot-log entry
  // at or before it); kNotFound when the table had no snapshot then.
  Result<SnapshotPtr> SnapshotAsOf(int64_t timestamp_ms) const;
  // The schema a snapshot was written with (falls back to the current schema).
  SchemaPtr SchemaForSnapshot(const Snapshot& snapshot) const;

  // Rebuilds the snapshot index after `snapshots` changes. Called by the
  // parser and the builder; other code never mutates a shared TableMetadata.
  void IndexSnapshots();

 private:
  std::unordered_map<int64_t, size_t> snapshot_index_;
};

using TableMetadataPtr = std::shared_ptr<const TableMetadata>;

}  // namespace floe::iceberg
