// Table metadata lookups (skeleton; full version follows).
#include "floe/iceberg/table_metadata.h"

namespace floe::iceberg {

SchemaPtr TableMetadata::CurrentSchema() const { return nullptr; }
SchemaPtr TableMetadata::SchemaById(int32_t schema_id) const { return nullptr; }
PartitionSpecPtr TableMetadata::DefaultSpec() const { return nullptr; }
PartitionSpecPtr TableMetadata::SpecById(int32_t spec_id) const { return nullptr; }
SortOrderPtr TableMetadata::DefaultSortOrder() const { return nullptr; }
SortOrderPtr TableMetadata::SortOrderById(int32_t order_id) const { return nullptr; }
SnapshotPtr TableMetadata::CurrentSnapshot() const { return nullptr; }
SnapshotPtr TableMetadata::SnapshotById(int64_t snapshot_id) const { return nullptr; }
SnapshotPtr TableMetadata::SnapshotForRef(std::string_view ref_name) const { return nullptr; }
Result<SnapshotPtr> TableMetadata::SnapshotAsOf(int64_t timestamp_ms) const { return NotImplemented("SnapshotAsOf"); }
SchemaPtr TableMetadata::SchemaForSnapshot(const Snapshot& snapshot) const { return nullptr; }
void TableMetadata::IndexSnapshots() {}

}  // namespace floe::iceberg
