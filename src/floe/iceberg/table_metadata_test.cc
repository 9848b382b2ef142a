// Table metadata lookups: schemas, specs, sort orders, snapshots by id and
// ref, time travel through the snapshot log, snapshot schemas.
#include "floe/iceberg/table_metadata.h"

#include <gtest/gtest.h>

namespace floe::iceberg {
namespace {

NestedField Field(int32_t id, std::string name, TypePtr type) {
  NestedField field;
  field.id = id;
  field.name = std::move(name);
  field.type = std::move(type);
  return field;
}

SnapshotPtr MakeSnapshot(int64_t id, int64_t timestamp_ms, std::optional<int32_t> schema_id = std::nullopt) {
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->snapshot_id = id;
  snapshot->timestamp_ms = timestamp_ms;
  snapshot->schema_id = schema_id;
  return snapshot;
}

TableMetadata SampleMetadata() {
  TableMetadata metadata;
  metadata.schemas = {Schema::Make(0, {Field(1, "a", PrimitiveType::Get(TypeId::kInt))}).value(),
                      Schema::Make(1, {Field(1, "a", PrimitiveType::Get(TypeId::kLong))}).value()};
  metadata.current_schema_id = 1;
  metadata.partition_specs = {PartitionSpec::Unpartitioned(),
                              std::make_shared<PartitionSpec>(
                                  1, std::vector<PartitionField>{{1, {}, 1000, "a_bucket", Transform::Bucket(4)}})};
  metadata.default_spec_id = 1;
  metadata.sort_orders = {SortOrder::Unsorted()};
  metadata.snapshots = {MakeSnapshot(10, 1000, 0), MakeSnapshot(20, 2000), MakeSnapshot(30, 3000, 1),
                        MakeSnapshot(40, 4000, 7)};
  metadata.snapshot_log = {{1000, 10}, {2000, 20}, {3000, 30}, {3500, 10}};
  metadata.current_snapshot_id = 10;
  metadata.refs["main"] = SnapshotRef{10, SnapshotRefType::kBranch};
  metadata.refs["audit"] = SnapshotRef{30, SnapshotRefType::kTag};
  metadata.refs["stale"] = SnapshotRef{99, SnapshotRefType::kTag};
  metadata.IndexSnapshots();
  return metadata;
}

TEST(TableMetadataTest, SchemaSpecAndOrderLookups) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_EQ(metadata.CurrentSchema()->schema_id(), 1);
  EXPECT_EQ(metadata.SchemaById(0)->schema_id(), 0);
  EXPECT_EQ(metadata.SchemaById(5), nullptr);
  EXPECT_EQ(metadata.DefaultSpec()->spec_id(), 1);
  EXPECT_EQ(metadata.SpecById(0), PartitionSpec::Unpartitioned());
  EXPECT_EQ(metadata.SpecById(2), nullptr);
  EXPECT_EQ(metadata.DefaultSortOrder(), SortOrder::Unsorted());
  EXPECT_EQ(metadata.SortOrderById(3), nullptr);
}

TEST(TableMetadataTest, SnapshotLookups) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_EQ(metadata.CurrentSnapshot()->snapshot_id, 10);
  EXPECT_EQ(metadata.SnapshotById(30)->timestamp_ms, 3000);
  EXPECT_EQ(metadata.SnapshotById(31), nullptr);
  EXPECT_EQ(metadata.SnapshotForRef("main")->snapshot_id, 10);
  EXPECT_EQ(metadata.SnapshotForRef("audit")->snapshot_id, 30);
  EXPECT_EQ(metadata.SnapshotForRef("missing"), nullptr);
  EXPECT_EQ(metadata.SnapshotForRef("stale"), nullptr);

  metadata.current_snapshot_id = std::nullopt;
  EXPECT_EQ(metadata.CurrentSnapshot(), nullptr);
  metadata.current_snapshot_id = -1;
  EXPECT_EQ(metadata.CurrentSnapshot(), nullptr);
}

TEST(TableMetadataTest, LookupsWorkWithoutAnIndexAndAfterChanges) {
  TableMetadata metadata = SampleMetadata();
  metadata.snapshots.push_back(MakeSnapshot(50, 5000));
  EXPECT_EQ(metadata.SnapshotById(50)->snapshot_id, 50);  // stale index falls back to a scan
  metadata.snapshots.erase(metadata.snapshots.begin());
  EXPECT_EQ(metadata.SnapshotById(10), nullptr);
  EXPECT_EQ(metadata.SnapshotById(20)->snapshot_id, 20);
  metadata.IndexSnapshots();
  EXPECT_EQ(metadata.SnapshotById(50)->snapshot_id, 50);
  EXPECT_EQ(metadata.SnapshotById(10), nullptr);
}

TEST(TableMetadataTest, SnapshotAsOfUsesTheSnapshotLog) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_EQ(metadata.SnapshotAsOf(1000).value()->snapshot_id, 10);
  EXPECT_EQ(metadata.SnapshotAsOf(1999).value()->snapshot_id, 10);
  EXPECT_EQ(metadata.SnapshotAsOf(2000).value()->snapshot_id, 20);
  EXPECT_EQ(metadata.SnapshotAsOf(3400).value()->snapshot_id, 30);
  // A rollback to 10 at 3500 made 10 current again, although 40 was created later.
  EXPECT_EQ(metadata.SnapshotAsOf(5000).value()->snapshot_id, 10);

  auto before = metadata.SnapshotAsOf(999);
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.status().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(before.status().message(), "Cannot find a snapshot older than 1970-01-01T00:00:00.999000+00:00");

  metadata.snapshot_log.clear();
  EXPECT_EQ(metadata.SnapshotAsOf(5000).status().kind(), ErrorKind::kNotFound);

  // An expired snapshot in the log is reported, not returned.
  metadata.snapshot_log = {{1000, 77}};
  EXPECT_EQ(metadata.SnapshotAsOf(5000).status().kind(), ErrorKind::kNotFound);
}

TEST(TableMetadataTest, SchemaForSnapshot) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_EQ(metadata.SchemaForSnapshot(*metadata.SnapshotById(10))->schema_id(), 0);
  EXPECT_EQ(metadata.SchemaForSnapshot(*metadata.SnapshotById(30))->schema_id(), 1);
  // No schema id, or an unknown one: the current schema.
  EXPECT_EQ(metadata.SchemaForSnapshot(*metadata.SnapshotById(20))->schema_id(), 1);
  EXPECT_EQ(metadata.SchemaForSnapshot(*metadata.SnapshotById(40))->schema_id(), 1);
}

}  // namespace
}  // namespace floe::iceberg
