// Table metadata lookups.
#include "floe/iceberg/table_metadata.h"

#include "floe/iceberg/temporal.h"

namespace floe::iceberg {

namespace {

template <typename Pointer, typename Id, typename IdOf>
Pointer FindById(const std::vector<Pointer>& items, Id id, IdOf id_of) {
  for (const auto& item : items) {
    if (item && id_of(*item) == id) return item;
  }
  return nullptr;
}

}  // namespace

SchemaPtr TableMetadata::CurrentSchema() const { return SchemaById(current_schema_id); }

SchemaPtr TableMetadata::SchemaById(int32_t schema_id) const {
  return FindById(schemas, schema_id, [](const Schema& schema) { return schema.schema_id(); });
}

PartitionSpecPtr TableMetadata::DefaultSpec() const { return SpecById(default_spec_id); }

PartitionSpecPtr TableMetadata::SpecById(int32_t spec_id) const {
  return FindById(partition_specs, spec_id, [](const PartitionSpec& spec) { return spec.spec_id(); });
}

SortOrderPtr TableMetadata::DefaultSortOrder() const { return SortOrderById(default_sort_order_id); }

SortOrderPtr TableMetadata::SortOrderById(int32_t order_id) const {
  return FindById(sort_orders, order_id, [](const SortOrder& order) { return order.order_id(); });
}

SnapshotPtr TableMetadata::CurrentSnapshot() const {
  if (!current_snapshot_id || *current_snapshot_id == -1) return nullptr;
  return SnapshotById(*current_snapshot_id);
}

SnapshotPtr TableMetadata::SnapshotById(int64_t snapshot_id) const {
  auto it = snapshot_index_.find(snapshot_id);
  if (it != snapshot_index_.end() && it->second < snapshots.size() && snapshots[it->second] &&
      snapshots[it->second]->snapshot_id == snapshot_id) {
    return snapshots[it->second];
  }
  // The index is stale or was never built (metadata assembled by hand): scan.
  return FindById(snapshots, snapshot_id, [](const Snapshot& snapshot) { return snapshot.snapshot_id; });
}

SnapshotPtr TableMetadata::SnapshotForRef(std::string_view ref_name) const {
  auto it = refs.find(std::string(ref_name));
  if (it == refs.end()) return nullptr;
  return SnapshotById(it->second.snapshot_id);
}

Result<SnapshotPtr> TableMetadata::SnapshotAsOf(int64_t timestamp_ms) const {
  // The snapshot log is in commit order; the last entry at or before the time wins.
  std::optional<int64_t> snapshot_id;
  for (const SnapshotLogEntry& entry : snapshot_log) {
    if (entry.timestamp_ms <= timestamp_ms) snapshot_id = entry.snapshot_id;
  }
  if (!snapshot_id) {
    return NotFound("Cannot find a snapshot older than {}",
                    FormatTimestamp(timestamp_ms * 1000, TimeUnit::kMicros, /*with_zone=*/true,
                                    /*omit_zero_fraction=*/true));
  }
  SnapshotPtr snapshot = SnapshotById(*snapshot_id);
  if (!snapshot) {
    return NotFound("Snapshot {} was current at {} but has expired", *snapshot_id, timestamp_ms);
  }
  return snapshot;
}

SchemaPtr TableMetadata::SchemaForSnapshot(const Snapshot& snapshot) const {
  if (snapshot.schema_id) {
    if (SchemaPtr schema = SchemaById(*snapshot.schema_id)) return schema;
  }
  return CurrentSchema();
}

void TableMetadata::IndexSnapshots() {
  snapshot_index_.clear();
  snapshot_index_.reserve(snapshots.size());
  for (size_t i = 0; i < snapshots.size(); ++i) {
    if (snapshots[i]) snapshot_index_[snapshots[i]->snapshot_id] = i;
  }
}

}  // namespace floe::iceberg
