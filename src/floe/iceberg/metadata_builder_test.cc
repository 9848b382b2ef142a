// MetadataBuilder, ApplyCommit and friends: fresh ids for new tables, every
// update (success and failure), -1 semantics, snapshot and metadata logs,
// stale commits, metadata file names and UUIDs.
#include "floe/iceberg/metadata_builder.h"

#include <chrono>
#include <regex>
#include <set>

#include <gtest/gtest.h>

// Designated initializers leave the remaining members at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "floe/common/uuid.h"
#include "floe/iceberg/metadata_json.h"

namespace floe::iceberg {
namespace {

constexpr std::string_view kLocation = "s3://bucket/test/location";

TypePtr Long() { return PrimitiveType::Get(TypeId::kLong); }
TypePtr String() { return PrimitiveType::Get(TypeId::kString); }

NestedField Field(int32_t id, std::string name, TypePtr type, bool required = true) {
  return NestedField{.id = id, .name = std::move(name), .type = std::move(type), .required = required};
}

SchemaPtr MakeSchema(int32_t schema_id, std::vector<NestedField> fields, std::vector<int32_t> identifiers = {}) {
  auto schema = Schema::Make(schema_id, std::move(fields), std::move(identifiers));
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return *schema;
}

// x, y, z: longs 1, 2, 3 (as in the reference builder tests).
SchemaPtr XyzSchema() { return MakeSchema(0, {Field(1, "x", Long()), Field(2, "y", Long()), Field(3, "z", Long())}); }

PartitionField PartitionOn(int32_t source_id, std::string name, Transform transform, int32_t field_id = 0) {
  return PartitionField{.source_id = source_id, .field_id = field_id, .name = std::move(name), .transform = transform};
}

SortField SortOn(int32_t source_id, Transform transform = Transform::Identity(),
                 SortDirection direction = SortDirection::kAscending) {
  return SortField{.source_id = source_id, .transform = transform, .direction = direction};
}

SnapshotPtr MakeSnapshot(int64_t id, std::optional<int64_t> parent, int64_t sequence_number, int64_t timestamp_ms) {
  auto snapshot = std::make_shared<Snapshot>();
  snapshot->snapshot_id = id;
  snapshot->parent_snapshot_id = parent;
  snapshot->sequence_number = sequence_number;
  snapshot->timestamp_ms = timestamp_ms;
  snapshot->manifest_list = fmt::format("{}/metadata/snap-{}.avro", kLocation, id);
  snapshot->summary = {{"operation", "append"}};
  snapshot->schema_id = 0;
  return snapshot;
}

int64_t Now() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// A v2 (or other) table partitioned by identity(y), sorted by bucket[4](z) desc.
TableMetadataPtr NewTable(int format_version = 2, std::map<std::string, std::string> properties = {}) {
  PartitionSpec spec(0, {PartitionOn(2, "y", Transform::Identity())});
  SortOrder order(5, {SortOn(3, Transform::Bucket(4), SortDirection::kDescending)});
  auto builder = MetadataBuilder::ForNewTable(*XyzSchema(), spec, order, std::string(kLocation),
                                              std::move(properties), format_version);
  EXPECT_TRUE(builder.ok()) << builder.status().ToString();
  auto metadata = builder->Build();
  EXPECT_TRUE(metadata.ok()) << metadata.status().ToString();
  return *metadata;
}

template <typename T>
T Ok(Result<T> result) {
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return std::move(result).value();
}

void ExpectError(const Status& status, ErrorKind kind, std::string_view message) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), kind) << status.ToString();
  EXPECT_NE(status.message().find(message), std::string::npos)
      << "message: " << status.message() << "\nexpected to contain: " << message;
}

std::vector<std::string> ChangeJson(const MetadataBuilder& builder) {
  std::vector<std::string> texts;
  for (const TableUpdate& change : builder.changes()) texts.push_back(SerializeTableUpdate(change));
  return texts;
}

// --- New tables ----------------------------------------------------------------------

TEST(ForNewTableTest, MinimalTable) {
  TableMetadataPtr metadata = NewTable(1);
  EXPECT_EQ(metadata->format_version, 1);
  EXPECT_EQ(metadata->location, kLocation);
  EXPECT_EQ(metadata->current_schema_id, 0);
  EXPECT_EQ(metadata->default_spec_id, 0);
  EXPECT_EQ(metadata->default_sort_order_id, 1);
  EXPECT_EQ(metadata->last_partition_id, 1000);
  EXPECT_EQ(metadata->last_column_id, 3);
  EXPECT_TRUE(metadata->snapshots.empty());
  EXPECT_FALSE(metadata->current_snapshot_id.has_value());
  EXPECT_TRUE(metadata->refs.empty());
  EXPECT_TRUE(metadata->metadata_log.empty());
  EXPECT_EQ(metadata->last_sequence_number, 0);
  EXPECT_TRUE(IsUuid(metadata->table_uuid));
  EXPECT_FALSE(metadata->next_row_id.has_value());
  int64_t now = Now();
  EXPECT_LE(metadata->last_updated_ms, now);
  EXPECT_GT(metadata->last_updated_ms, now - 60'000);
  // The result is valid metadata JSON.
  auto reparsed = ParseTableMetadata(SerializeTableMetadata(*metadata));
  EXPECT_TRUE(reparsed.ok()) << reparsed.status().ToString();
}

TEST(ForNewTableTest, UnpartitionedUnsorted) {
  auto builder = MetadataBuilder::ForNewTable(*MakeSchema(3, {}), *PartitionSpec::Unpartitioned(), *SortOrder::Unsorted(),
                                              std::string(kLocation), {});
  ASSERT_TRUE(builder.ok()) << builder.status().ToString();
  TableMetadataPtr metadata = Ok(builder->Build());
  EXPECT_EQ(metadata->format_version, 2);
  EXPECT_EQ(metadata->current_schema_id, 0);
  EXPECT_EQ(metadata->default_spec_id, 0);
  EXPECT_EQ(metadata->default_sort_order_id, 0);
  EXPECT_EQ(metadata->last_partition_id, PartitionSpec::kUnpartitionedLastAssignedId);
  EXPECT_EQ(metadata->last_column_id, 0);
}

TEST(ForNewTableTest, ReassignsIdsDepthFirstLikeTheReference) {
  // Ids 10.. in the input; the reference assigns each struct's own fields
  // first, then descends: a=1, b=2, struct=3, c=4, then nested=5, ...
  auto point = std::make_shared<const StructType>(std::vector<NestedField>{Field(21, "lat", Long()), Field(22, "lon", Long())});
  auto list = std::make_shared<const ListType>(Field(31, "element", point, false));
  auto map = std::make_shared<const MapType>(Field(41, "key", String()), Field(42, "value", Long(), false));
  auto nested = std::make_shared<const StructType>(std::vector<NestedField>{Field(14, "nested", Long())});
  SchemaPtr schema = MakeSchema(10, {Field(11, "a", Long()), Field(12, "b", Long()), Field(13, "struct", nested),
                                     Field(30, "points", list), Field(40, "props", map), Field(15, "c", Long())},
                                {11});
  PartitionSpec spec(20, {PartitionOn(11, "a", Transform::Identity(), 1007),
                          PartitionOn(14, "nested_partition", Transform::Identity(), 1003)});
  SortOrder order(10, {SortOn(15)});

  auto builder = MetadataBuilder::ForNewTable(*schema, spec, order, std::string(kLocation), {});
  ASSERT_TRUE(builder.ok()) << builder.status().ToString();
  TableMetadataPtr metadata = Ok(builder->Build());
  SchemaPtr fresh = metadata->CurrentSchema();
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->schema_id(), 0);
  const auto& fields = fresh->fields();
  ASSERT_EQ(fields.size(), 6u);
  EXPECT_EQ(fields[0].id, 1);  // a
  EXPECT_EQ(fields[1].id, 2);  // b
  EXPECT_EQ(fields[2].id, 3);  // struct
  EXPECT_EQ(fields[3].id, 4);  // points
  EXPECT_EQ(fields[4].id, 5);  // props
  EXPECT_EQ(fields[5].id, 6);  // c
  EXPECT_EQ(fields[2].type->AsStruct()->fields()[0].id, 7);  // struct.nested
  const NestedField& element = fields[3].type->AsList()->element();
  EXPECT_EQ(element.id, 8);                                   // points.element
  EXPECT_EQ(element.type->AsStruct()->fields()[0].id, 9);     // points.element.lat
  EXPECT_EQ(element.type->AsStruct()->fields()[1].id, 10);    // points.element.lon
  EXPECT_EQ(fields[4].type->AsMap()->key().id, 11);           // props.key
  EXPECT_EQ(fields[4].type->AsMap()->value().id, 12);         // props.value
  EXPECT_EQ(metadata->last_column_id, 12);
  EXPECT_EQ(fresh->identifier_field_ids(), std::vector<int32_t>{1});

  PartitionSpecPtr fresh_spec = metadata->DefaultSpec();
  ASSERT_EQ(fresh_spec->fields().size(), 2u);
  EXPECT_EQ(fresh_spec->spec_id(), 0);
  EXPECT_EQ(fresh_spec->fields()[0].source_id, 1);
  EXPECT_EQ(fresh_spec->fields()[0].field_id, 1000);
  EXPECT_EQ(fresh_spec->fields()[1].source_id, 7);
  EXPECT_EQ(fresh_spec->fields()[1].field_id, 1001);
  EXPECT_EQ(fresh_spec->fields()[1].name, "nested_partition");
  EXPECT_EQ(metadata->last_partition_id, 1001);

  SortOrderPtr fresh_order = metadata->DefaultSortOrder();
  EXPECT_EQ(fresh_order->order_id(), 1);
  ASSERT_EQ(fresh_order->fields().size(), 1u);
  EXPECT_EQ(fresh_order->fields()[0].source_id, 6);
}

TEST(ForNewTableTest, UnknownPartitionSourceIsBadRequest) {
  PartitionSpec spec(0, {PartitionOn(99, "missing", Transform::Identity())});
  auto builder = MetadataBuilder::ForNewTable(*XyzSchema(), spec, *SortOrder::Unsorted(), std::string(kLocation), {});
  ExpectError(builder.status(), ErrorKind::kBadRequest, "Cannot find source column with id 99");
}

TEST(ForNewTableTest, Properties) {
  TableMetadataPtr metadata =
      NewTable(2, {{"format-version", "3"}, {"uuid", "dropped"}, {"owner", "me"}, {"write.parquet.compression-codec", "snappy"}});
  EXPECT_EQ(metadata->format_version, 3);  // the property overrides the argument
  EXPECT_EQ(metadata->next_row_id, 0);
  EXPECT_EQ(metadata->properties, (std::map<std::string, std::string>{
                                      {"owner", "me"}, {"write.parquet.compression-codec", "snappy"}}));
  EXPECT_EQ(NewTable()->properties.at("write.parquet.compression-codec"), "zstd");

  PartitionSpec spec(0, {});
  auto bad = MetadataBuilder::ForNewTable(*XyzSchema(), spec, *SortOrder::Unsorted(), std::string(kLocation), {}, 4);
  ExpectError(bad.status(), ErrorKind::kBadRequest, "Unsupported format version: v4 (supported: v3)");
}

TEST(ForNewTableTest, ChangesDescribeTheTable) {
  PartitionSpec spec(0, {PartitionOn(2, "y", Transform::Identity())});
  auto builder = MetadataBuilder::ForNewTable(*XyzSchema(), spec, *SortOrder::Unsorted(), std::string(kLocation),
                                              {{"p", "v"}}, 1);
  ASSERT_TRUE(builder.ok());
  std::vector<std::string> actions;
  for (const TableUpdate& change : builder->changes()) actions.emplace_back(change.action());
  EXPECT_EQ(actions, (std::vector<std::string>{"add-schema", "add-spec", "add-sort-order", "set-location",
                                               "set-properties"}));
}

// --- ApplyCommit: creates ----------------------------------------------------------------

TEST(ApplyCommitTest, CreateTransactionFromChanges) {
  TableMetadataPtr reference = NewTable(2, {{"owner", "me"}});
  std::vector<TableUpdate> updates = ChangesForCreate(*reference);
  std::vector<TableRequirement> requirements = RequirementsForCreateTable(updates);
  TableMetadataPtr created = Ok(ApplyCommit(nullptr, requirements, updates));
  EXPECT_EQ(created->table_uuid, reference->table_uuid);
  EXPECT_EQ(created->format_version, 2);
  EXPECT_EQ(created->location, reference->location);
  EXPECT_EQ(created->properties, reference->properties);
  EXPECT_EQ(created->last_column_id, 3);
  EXPECT_EQ(created->last_partition_id, 1000);
  EXPECT_TRUE(created->CurrentSchema()->SameSchema(*reference->CurrentSchema()));
  EXPECT_EQ(created->DefaultSpec()->fields(), reference->DefaultSpec()->fields());
  EXPECT_EQ(created->DefaultSortOrder()->fields(), reference->DefaultSortOrder()->fields());
  EXPECT_EQ(created->default_sort_order_id, 1);

  // assert-create fails once the table exists.
  ExpectError(ApplyCommit(reference, requirements, updates).status(), ErrorKind::kCommitFailed,
              "Requirement failed: table already exists");
}

TEST(ApplyCommitTest, CreateUsesTheFirstRequestedFormatVersion) {
  TableMetadataPtr reference = NewTable(3);
  TableMetadataPtr created = Ok(ApplyCommit(nullptr, {AssertCreate{}}, ChangesForCreate(*reference)));
  EXPECT_EQ(created->format_version, 3);
  EXPECT_EQ(created->next_row_id, 0);
  ExpectError(ApplyCommit(nullptr, {}, {UpgradeFormatVersionUpdate{7}}).status(), ErrorKind::kBadRequest,
              "Unsupported format version: v7");
}

TEST(ApplyCommitTest, CreateWithoutSchemaIsBadRequest) {
  ExpectError(ApplyCommit(nullptr, {AssertCreate{}}, {SetLocationUpdate{"s3://x"}}).status(), ErrorKind::kBadRequest,
              "Cannot find current schema");
}

// --- ApplyCommit: updates -----------------------------------------------------------------

TEST(ApplyCommitTest, NoChangesReturnsTheBase) {
  TableMetadataPtr base = NewTable();
  TableMetadataPtr same = Ok(ApplyCommit(base, {AssertTableUuid{base->table_uuid}},
                                         {SetLocationUpdate{std::string(kLocation)}, SetPropertiesUpdate{}}));
  EXPECT_EQ(same.get(), base.get());
}

TEST(ApplyCommitTest, FailedRequirementIsCommitFailedAndAppliesNothing) {
  TableMetadataPtr base = NewTable();
  auto result = ApplyCommit(base, {AssertCurrentSchemaId{5}}, {SetLocationUpdate{"s3://elsewhere"}});
  ExpectError(result.status(), ErrorKind::kCommitFailed, "Requirement failed: current schema changed: expected id 5 != 0");
  EXPECT_EQ(base->location, kLocation);
}

TEST(ApplyCommitTest, AppendThroughTheRestShape) {
  TableMetadataPtr base = NewTable();
  SnapshotPtr snapshot = MakeSnapshot(1, std::nullopt, 1, Now());
  std::vector<TableUpdate> updates = {AddSnapshotUpdate{snapshot},
                                      SetSnapshotRefUpdate{"main", SnapshotRef{.snapshot_id = 1}}};
  TableMetadataPtr next = Ok(ApplyCommit(base, RequirementsForUpdateTable(*base, updates), updates,
                                         "s3://bucket/test/location/metadata/00000-a.metadata.json"));
  EXPECT_EQ(next->current_snapshot_id, 1);
  EXPECT_EQ(next->last_sequence_number, 1);
  EXPECT_EQ(next->last_updated_ms, snapshot->timestamp_ms);
  ASSERT_EQ(next->snapshot_log.size(), 1u);
  EXPECT_EQ(next->snapshot_log[0].snapshot_id, 1);
  EXPECT_EQ(next->snapshot_log[0].timestamp_ms, snapshot->timestamp_ms);
  ASSERT_EQ(next->metadata_log.size(), 1u);
  EXPECT_EQ(next->metadata_log[0].metadata_file, "s3://bucket/test/location/metadata/00000-a.metadata.json");
  EXPECT_EQ(next->metadata_log[0].timestamp_ms, base->last_updated_ms);
  EXPECT_EQ(next->SnapshotById(1), snapshot);

  // A second writer that based its commit on `base` conflicts on the main ref.
  SnapshotPtr other = MakeSnapshot(2, std::nullopt, 1, Now());
  std::vector<TableUpdate> other_updates = {AddSnapshotUpdate{other},
                                            SetSnapshotRefUpdate{"main", SnapshotRef{.snapshot_id = 2}}};
  ExpectError(ApplyCommit(next, RequirementsForUpdateTable(*base, other_updates), other_updates).status(),
              ErrorKind::kCommitFailed, "Requirement failed: branch main was created concurrently");
}

// --- Individual updates ----------------------------------------------------------------------

TEST(MetadataBuilderTest, AssignUuid) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.AssignUuid(base->table_uuid).ok());
  EXPECT_TRUE(builder.changes().empty());
  ASSERT_TRUE(builder.AssignUuid("9510c070-5e6d-4b40-bf40-a8915bb76e5d").ok());
  EXPECT_EQ(Ok(builder.Build())->table_uuid, "9510c070-5e6d-4b40-bf40-a8915bb76e5d");
  ExpectError(MetadataBuilder::BuildFrom(base).AssignUuid(""), ErrorKind::kBadRequest, "Cannot set uuid to null");
}

TEST(MetadataBuilderTest, UpgradeFormatVersion) {
  TableMetadataPtr v1 = NewTable(1);
  MetadataBuilder builder = MetadataBuilder::BuildFrom(v1);
  ASSERT_TRUE(builder.UpgradeFormatVersion(1).ok());
  EXPECT_TRUE(builder.changes().empty());
  ASSERT_TRUE(builder.UpgradeFormatVersion(3).ok());
  TableMetadataPtr v3 = Ok(builder.Build());
  EXPECT_EQ(v3->format_version, 3);
  EXPECT_EQ(v3->next_row_id, 0);
  ExpectError(MetadataBuilder::BuildFrom(v3).UpgradeFormatVersion(2), ErrorKind::kBadRequest,
              "Cannot downgrade v3 table to v2");
  ExpectError(MetadataBuilder::BuildFrom(v3).UpgradeFormatVersion(4), ErrorKind::kBadRequest,
              "Cannot upgrade table to unsupported format version: v4 (supported: v3)");
}

TEST(MetadataBuilderTest, AddSchemaAndSetCurrentLastAdded) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  SchemaPtr evolved = MakeSchema(7, {Field(1, "x", Long()), Field(2, "y", Long()), Field(3, "z", Long()),
                                     Field(4, "w", String(), false)});
  ASSERT_TRUE(builder.AddSchema(evolved).ok());
  ASSERT_TRUE(builder.SetCurrentSchema(kLastAdded).ok());
  EXPECT_EQ(ChangeJson(builder)[1], R"({"action":"set-current-schema","schema-id":-1})");
  TableMetadataPtr next = Ok(builder.Build());
  EXPECT_EQ(next->current_schema_id, 1);  // reassigned from 7
  EXPECT_EQ(next->last_column_id, 4);
  ASSERT_EQ(next->schemas.size(), 2u);
  EXPECT_EQ(next->schemas[1]->schema_id(), 1);
}

TEST(MetadataBuilderTest, AddSchemaReusesAnIdenticalSchema) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.AddSchema(MakeSchema(9, base->CurrentSchema()->fields())).ok());
  EXPECT_TRUE(builder.changes().empty());
  EXPECT_EQ(builder.current().schemas.size(), 1u);
  // -1 refers to the reused schema (already current: nothing to do).
  ASSERT_TRUE(builder.SetCurrentSchema(kLastAdded).ok());
  EXPECT_TRUE(builder.changes().empty());

  // Re-adding an old schema and making it current records its real id.
  MetadataBuilder evolve = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(evolve.AddSchema(MakeSchema(0, {Field(1, "x", Long()), Field(2, "y", Long()), Field(3, "z", Long()),
                                               Field(4, "w", Long(), false)}))
                  .ok());
  ASSERT_TRUE(evolve.SetCurrentSchema(kLastAdded).ok());
  TableMetadataPtr evolved = Ok(evolve.Build());
  MetadataBuilder revert = MetadataBuilder::BuildFrom(evolved);
  ASSERT_TRUE(revert.AddSchema(MakeSchema(3, base->CurrentSchema()->fields())).ok());
  ASSERT_TRUE(revert.SetCurrentSchema(kLastAdded).ok());
  EXPECT_EQ(ChangeJson(revert), std::vector<std::string>{R"({"action":"set-current-schema","schema-id":0})"});
  EXPECT_EQ(Ok(revert.Build())->last_column_id, 4);
}

TEST(MetadataBuilderTest, SetCurrentSchemaErrors) {
  TableMetadataPtr base = NewTable();
  ExpectError(MetadataBuilder::BuildFrom(base).SetCurrentSchema(kLastAdded), ErrorKind::kBadRequest,
              "Cannot set last added schema: no schema has been added");
  ExpectError(MetadataBuilder::BuildFrom(base).SetCurrentSchema(42), ErrorKind::kBadRequest,
              "Cannot set current schema to unknown schema: 42");
}

TEST(MetadataBuilderTest, AddSchemaWithNewerTypesNeedsV3) {
  TableMetadataPtr base = NewTable();
  SchemaPtr schema = MakeSchema(0, {Field(1, "x", Long()), Field(2, "ts", PrimitiveType::Get(TypeId::kTimestampNs))});
  ExpectError(MetadataBuilder::BuildFrom(base).AddSchema(schema), ErrorKind::kBadRequest,
              "Invalid schema for v2:\n- Invalid type for ts: timestamp_ns is not supported until v3");
  EXPECT_TRUE(MetadataBuilder::BuildFrom(NewTable(3)).AddSchema(schema).ok());
}

TEST(MetadataBuilderTest, AddPartitionSpec) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  // The existing field keeps its id; a new one without an id gets the next one.
  PartitionSpec added(10, {PartitionOn(2, "y", Transform::Identity(), 1000), PartitionOn(3, "z", Transform::Identity())});
  ASSERT_TRUE(builder.AddPartitionSpec(added).ok());
  TableMetadataPtr next = Ok(builder.Build());
  PartitionSpecPtr spec = next->SpecById(1);
  ASSERT_NE(spec, nullptr);
  EXPECT_EQ(spec->fields()[0].field_id, 1000);
  EXPECT_EQ(spec->fields()[1].field_id, 1001);
  EXPECT_EQ(next->default_spec_id, 0);
  EXPECT_EQ(next->last_partition_id, 1001);

  // An equivalent spec is reused; -1 then refers to it.
  MetadataBuilder again = MetadataBuilder::BuildFrom(next);
  ASSERT_TRUE(again.AddPartitionSpec(PartitionSpec(3, spec->fields())).ok());
  ASSERT_TRUE(again.SetDefaultSpec(kLastAdded).ok());
  EXPECT_EQ(ChangeJson(again), std::vector<std::string>{R"({"action":"set-default-spec","spec-id":1})"});
  EXPECT_EQ(Ok(again.Build())->partition_specs.size(), 2u);
}

TEST(MetadataBuilderTest, AddPartitionSpecReusesFieldIdsOfEquivalentFields) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.AddPartitionSpec(PartitionSpec(0, {PartitionOn(1, "x_bucket", Transform::Bucket(8))})).ok());
  ASSERT_TRUE(builder.AddPartitionSpec(PartitionSpec(0, {PartitionOn(2, "y", Transform::Identity()),
                                                          PartitionOn(1, "x_bucket", Transform::Bucket(8))}))
                  .ok());
  TableMetadataPtr next = Ok(builder.Build());
  EXPECT_EQ(next->SpecById(1)->fields()[0].field_id, 1001);
  EXPECT_EQ(next->SpecById(2)->fields()[0].field_id, 1000);
  EXPECT_EQ(next->SpecById(2)->fields()[1].field_id, 1001);
  EXPECT_EQ(next->last_partition_id, 1001);
}

TEST(MetadataBuilderTest, AddPartitionSpecErrors) {
  TableMetadataPtr base = NewTable();
  ExpectError(MetadataBuilder::BuildFrom(base).AddPartitionSpec(PartitionSpec(0, {PartitionOn(9, "p", Transform::Identity())})),
              ErrorKind::kBadRequest, "Cannot find source column for partition field: 1001: p: identity(9)");
  ExpectError(MetadataBuilder::BuildFrom(base).AddPartitionSpec(PartitionSpec(0, {PartitionOn(1, "h", Transform::Hour())})),
              ErrorKind::kBadRequest, "Invalid source type long for transform: hour");
  ExpectError(MetadataBuilder::BuildFrom(base).AddPartitionSpec(PartitionSpec(
                  0, {PartitionOn(1, "a", Transform::Identity()), PartitionOn(3, "a", Transform::Identity())})),
              ErrorKind::kBadRequest, "Cannot use partition name more than once: a");
  ExpectError(MetadataBuilder::BuildFrom(base).AddPartitionSpec(PartitionSpec(0, {PartitionOn(1, "z", Transform::Bucket(2))})),
              ErrorKind::kBadRequest, "Cannot create partition from name that exists in schema: z");
  // v1 specs need sequential field ids.
  ExpectError(MetadataBuilder::BuildFrom(NewTable(1)).AddPartitionSpec(
                  PartitionSpec(0, {PartitionOn(1, "x_b", Transform::Bucket(2), 1005)})),
              ErrorKind::kBadRequest, "Spec does not use sequential IDs that are required in v1");
}

TEST(MetadataBuilderTest, SetDefaultSpecErrors) {
  TableMetadataPtr base = NewTable();
  ExpectError(MetadataBuilder::BuildFrom(base).SetDefaultSpec(kLastAdded), ErrorKind::kBadRequest,
              "Cannot set last added spec: no spec has been added");
  ExpectError(MetadataBuilder::BuildFrom(base).SetDefaultSpec(3), ErrorKind::kBadRequest,
              "Cannot set default partition spec to unknown spec: 3");
}

TEST(MetadataBuilderTest, AddSortOrderAndSetDefault) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.AddSortOrder(SortOrder(9, {SortOn(1)})).ok());
  ASSERT_TRUE(builder.SetDefaultSortOrder(kLastAdded).ok());
  EXPECT_EQ(ChangeJson(builder)[1], R"({"action":"set-default-sort-order","sort-order-id":-1})");
  TableMetadataPtr next = Ok(builder.Build());
  EXPECT_EQ(next->default_sort_order_id, 2);
  EXPECT_EQ(next->DefaultSortOrder()->fields()[0].source_id, 1);

  // Identical orders are reused; the unsorted order is always id 0.
  MetadataBuilder again = MetadataBuilder::BuildFrom(next);
  ASSERT_TRUE(again.AddSortOrder(SortOrder(4, {SortOn(1)})).ok());
  ASSERT_TRUE(again.AddSortOrder(*SortOrder::Unsorted()).ok());
  ASSERT_TRUE(again.SetDefaultSortOrder(kLastAdded).ok());
  TableMetadataPtr unsorted = Ok(again.Build());
  EXPECT_EQ(unsorted->default_sort_order_id, 0);
  EXPECT_EQ(unsorted->sort_orders.size(), 3u);

  ExpectError(MetadataBuilder::BuildFrom(base).AddSortOrder(SortOrder(1, {SortOn(99)})), ErrorKind::kBadRequest,
              "Cannot find source column for sort field: identity(99) ASC NULLS_FIRST");
  ExpectError(MetadataBuilder::BuildFrom(base).SetDefaultSortOrder(kLastAdded), ErrorKind::kBadRequest,
              "Cannot set last added sort order: no sort order has been added");
  ExpectError(MetadataBuilder::BuildFrom(base).SetDefaultSortOrder(8), ErrorKind::kBadRequest,
              "Cannot set default sort order to unknown sort order: 8");
}

TEST(MetadataBuilderTest, AddSnapshotAndSetRefs) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  SnapshotPtr first = MakeSnapshot(1, std::nullopt, 1, Now());
  ASSERT_TRUE(builder.AddSnapshot(first).ok());
  ASSERT_TRUE(builder.SetSnapshotRef("main", SnapshotRef{.snapshot_id = 1}).ok());
  ASSERT_TRUE(builder.SetSnapshotRef("v1", SnapshotRef{.snapshot_id = 1, .type = SnapshotRefType::kTag}).ok());
  TableMetadataPtr next = Ok(builder.Build());
  EXPECT_EQ(next->current_snapshot_id, 1);
  EXPECT_EQ(next->refs.size(), 2u);
  EXPECT_EQ(next->snapshot_log.size(), 1u);  // tags are not main-branch history

  ExpectError(MetadataBuilder::BuildFrom(next).AddSnapshot(first), ErrorKind::kBadRequest,
              "Snapshot already exists for id: 1");
  ExpectError(MetadataBuilder::BuildFrom(next).SetSnapshotRef("main", SnapshotRef{.snapshot_id = 77}),
              ErrorKind::kBadRequest, "Cannot set main to unknown snapshot: 77");
  ExpectError(MetadataBuilder::BuildFrom(next).SetSnapshotRef(
                  "t", SnapshotRef{.snapshot_id = 1, .type = SnapshotRefType::kTag, .min_snapshots_to_keep = 2}),
              ErrorKind::kBadRequest, "Tags do not support setting minSnapshotsToKeep");
  ExpectError(MetadataBuilder::BuildFrom(next).SetSnapshotRef("b", SnapshotRef{.snapshot_id = 1, .max_ref_age_ms = 0}),
              ErrorKind::kBadRequest, "Max reference age must be greater than 0");
}

TEST(MetadataBuilderTest, StaleSequenceNumberIsCommitFailed) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.SetBranchSnapshot(MakeSnapshot(1, std::nullopt, 1, Now()), "main").ok());
  ASSERT_TRUE(builder.SetBranchSnapshot(MakeSnapshot(2, 1, 2, Now()), "main").ok());
  TableMetadataPtr next = Ok(builder.Build());
  EXPECT_EQ(next->last_sequence_number, 2);

  // A writer that computed sequence number 2 from stale metadata must retry.
  ExpectError(MetadataBuilder::BuildFrom(next).AddSnapshot(MakeSnapshot(3, 1, 2, Now())), ErrorKind::kCommitFailed,
              "Cannot add snapshot with sequence number 2 older than last sequence number 2");
  // Without a parent the check does not apply (as in the reference).
  EXPECT_TRUE(MetadataBuilder::BuildFrom(next).AddSnapshot(MakeSnapshot(3, std::nullopt, 2, Now())).ok());
  // v1 has no sequence numbers.
  MetadataBuilder v1 = MetadataBuilder::BuildFrom(NewTable(1));
  ASSERT_TRUE(v1.SetBranchSnapshot(MakeSnapshot(1, std::nullopt, 0, Now()), "main").ok());
  EXPECT_TRUE(v1.SetBranchSnapshot(MakeSnapshot(2, 1, 0, Now()), "main").ok());
}

TEST(MetadataBuilderTest, AddSnapshotBeforeSchemaIsBadRequest) {
  MetadataBuilder empty = MetadataBuilder::BuildFromEmpty();
  ExpectError(empty.AddSnapshot(MakeSnapshot(1, std::nullopt, 1, Now())), ErrorKind::kBadRequest,
              "Attempting to add a snapshot before a schema is added");
}

TEST(MetadataBuilderTest, RowLineageInV3) {
  TableMetadataPtr base = NewTable(3);
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  auto snapshot = std::make_shared<Snapshot>(*MakeSnapshot(1, std::nullopt, 1, Now()));
  snapshot->first_row_id = 0;
  snapshot->added_rows = 30;
  ASSERT_TRUE(builder.SetBranchSnapshot(snapshot, "main").ok());
  TableMetadataPtr next = Ok(builder.Build());
  EXPECT_EQ(next->next_row_id, 30);

  auto behind = std::make_shared<Snapshot>(*MakeSnapshot(2, 1, 2, Now()));
  behind->first_row_id = 10;
  behind->added_rows = 5;
  ExpectError(MetadataBuilder::BuildFrom(next).AddSnapshot(behind), ErrorKind::kCommitFailed,
              "Cannot add a snapshot, first-row-id is behind table next-row-id: 10 < 30");
  auto missing = std::make_shared<Snapshot>(*MakeSnapshot(2, 1, 2, Now()));
  ExpectError(MetadataBuilder::BuildFrom(next).AddSnapshot(missing), ErrorKind::kBadRequest,
              "Cannot add a snapshot: first-row-id is null");
}

TEST(MetadataBuilderTest, SetBranchSnapshot) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.SetBranchSnapshot(MakeSnapshot(1, std::nullopt, 1, Now()), "main").ok());
  ASSERT_TRUE(builder.SetSnapshotRef("dev", SnapshotRef{.snapshot_id = 1, .max_ref_age_ms = 1000}).ok());
  ASSERT_TRUE(builder.SetSnapshotRef("tag", SnapshotRef{.snapshot_id = 1, .type = SnapshotRefType::kTag}).ok());
  ASSERT_TRUE(builder.SetBranchSnapshot(MakeSnapshot(2, 1, 2, Now()), "dev").ok());
  TableMetadataPtr next = Ok(builder.Build());
  EXPECT_EQ(next->refs.at("dev").snapshot_id, 2);
  EXPECT_EQ(next->refs.at("dev").max_ref_age_ms, 1000);  // retention kept
  EXPECT_EQ(next->current_snapshot_id, 1);

  MetadataBuilder rollback = MetadataBuilder::BuildFrom(next);
  ASSERT_TRUE(rollback.SetBranchSnapshot(2, "main").ok());
  EXPECT_EQ(Ok(rollback.Build())->current_snapshot_id, 2);
  EXPECT_TRUE(MetadataBuilder::BuildFrom(next).SetBranchSnapshot(1, "tag").ok());  // already there: a no-op
  ExpectError(MetadataBuilder::BuildFrom(next).SetBranchSnapshot(2, "tag"), ErrorKind::kBadRequest,
              "Cannot update branch: tag is a tag");
  ExpectError(MetadataBuilder::BuildFrom(next).SetBranchSnapshot(99, "main"), ErrorKind::kBadRequest,
              "Cannot set main to unknown snapshot: 99");
}

TEST(MetadataBuilderTest, RemoveSnapshotsDropsDanglingRefsAndStatistics) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.SetBranchSnapshot(MakeSnapshot(1, std::nullopt, 1, Now()), "main").ok());
  ASSERT_TRUE(builder.SetSnapshotRef("old", SnapshotRef{.snapshot_id = 1, .type = SnapshotRefType::kTag}).ok());
  ASSERT_TRUE(builder.SetStatistics(StatisticsFile{.snapshot_id = 1, .statistics_path = "s1"}).ok());
  ASSERT_TRUE(builder.SetPartitionStatistics(PartitionStatisticsFile{.snapshot_id = 1, .statistics_path = "p1"}).ok());
  TableMetadataPtr one_snapshot = Ok(builder.Build());
  MetadataBuilder second = MetadataBuilder::BuildFrom(one_snapshot);
  ASSERT_TRUE(second.SetBranchSnapshot(MakeSnapshot(2, 1, 2, Now()), "main").ok());
  TableMetadataPtr two = Ok(second.Build());
  ASSERT_EQ(two->snapshot_log.size(), 2u);

  MetadataBuilder expire = MetadataBuilder::BuildFrom(two);
  ASSERT_TRUE(expire.RemoveSnapshots({1, 404}).ok());
  EXPECT_EQ(ChangeJson(expire), (std::vector<std::string>{
                                    R"({"action":"remove-snapshots","snapshot-ids":[1]})",
                                    R"({"action":"remove-statistics","snapshot-id":1})",
                                    R"({"action":"remove-partition-statistics","snapshot-id":1})",
                                    R"({"action":"remove-snapshot-ref","ref-name":"old"})",
                                }));
  TableMetadataPtr one = Ok(expire.Build());
  EXPECT_EQ(one->snapshots.size(), 1u);
  EXPECT_EQ(one->refs.count("old"), 0u);
  EXPECT_TRUE(one->statistics.empty());
  EXPECT_TRUE(one->partition_statistics.empty());
  // History before a removed snapshot is dropped, so time travel never sees a gap.
  ASSERT_EQ(one->snapshot_log.size(), 1u);
  EXPECT_EQ(one->snapshot_log[0].snapshot_id, 2);

  // Removing main's snapshot removes main and the current snapshot.
  MetadataBuilder all = MetadataBuilder::BuildFrom(one);
  ASSERT_TRUE(all.RemoveSnapshots({2}).ok());
  TableMetadataPtr none = Ok(all.Build());
  EXPECT_FALSE(none->current_snapshot_id.has_value());
  EXPECT_TRUE(none->refs.empty());
  EXPECT_TRUE(none->snapshot_log.empty());
}

TEST(MetadataBuilderTest, RemoveSnapshotRef) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.SetBranchSnapshot(MakeSnapshot(1, std::nullopt, 1, Now()), "main").ok());
  ASSERT_TRUE(builder.SetSnapshotRef("dev", SnapshotRef{.snapshot_id = 1}).ok());
  TableMetadataPtr next = Ok(builder.Build());

  MetadataBuilder remove = MetadataBuilder::BuildFrom(next);
  ASSERT_TRUE(remove.RemoveSnapshotRef("absent").ok());
  EXPECT_TRUE(remove.changes().empty());
  ASSERT_TRUE(remove.RemoveSnapshotRef("dev").ok());
  ASSERT_TRUE(remove.RemoveSnapshotRef("main").ok());
  TableMetadataPtr removed = Ok(remove.Build());
  EXPECT_TRUE(removed->refs.empty());
  EXPECT_FALSE(removed->current_snapshot_id.has_value());
  EXPECT_EQ(removed->snapshots.size(), 1u);
}

TEST(MetadataBuilderTest, SnapshotLogSkipsIntermediateSnapshots) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  int64_t now = Now();
  ASSERT_TRUE(builder.SetBranchSnapshot(MakeSnapshot(1, std::nullopt, 1, now), "main").ok());
  ASSERT_TRUE(builder.SetBranchSnapshot(MakeSnapshot(2, 1, 2, now + 1), "main").ok());
  ASSERT_TRUE(builder.SetBranchSnapshot(MakeSnapshot(3, 2, 3, now + 2), "main").ok());
  TableMetadataPtr next = Ok(builder.Build());
  ASSERT_EQ(next->snapshot_log.size(), 1u);
  EXPECT_EQ(next->snapshot_log[0].snapshot_id, 3);
  EXPECT_EQ(next->snapshot_log[0].timestamp_ms, now + 2);
  EXPECT_EQ(next->last_updated_ms, now + 2);

  // Moving main to an existing snapshot logs it at the commit time.
  MetadataBuilder rollback = MetadataBuilder::BuildFrom(next);
  ASSERT_TRUE(rollback.SetSnapshotRef("main", SnapshotRef{.snapshot_id = 1}).ok());
  TableMetadataPtr rolled = Ok(rollback.Build());
  ASSERT_EQ(rolled->snapshot_log.size(), 2u);
  EXPECT_EQ(rolled->snapshot_log[1].snapshot_id, 1);
  EXPECT_GE(rolled->snapshot_log[1].timestamp_ms, now);
  EXPECT_EQ(rolled->snapshot_log[1].timestamp_ms, rolled->last_updated_ms);
}

TEST(MetadataBuilderTest, MetadataLogIsTrimmed) {
  TableMetadataPtr metadata = NewTable(2, {{"write.metadata.previous-versions-max", "2"}});
  for (int i = 0; i < 4; ++i) {
    MetadataBuilder builder = MetadataBuilder::BuildFrom(metadata, fmt::format("{}/metadata/{:05d}-x.metadata.json", kLocation, i));
    ASSERT_TRUE(builder.SetProperties({{"i", std::to_string(i)}}).ok());
    metadata = Ok(builder.Build());
  }
  ASSERT_EQ(metadata->metadata_log.size(), 2u);
  EXPECT_EQ(metadata->metadata_log[0].metadata_file, fmt::format("{}/metadata/00002-x.metadata.json", kLocation));
  EXPECT_EQ(metadata->metadata_log[1].metadata_file, fmt::format("{}/metadata/00003-x.metadata.json", kLocation));

  // Without a previous location (a staged create) nothing is logged.
  MetadataBuilder builder = MetadataBuilder::BuildFrom(metadata);
  ASSERT_TRUE(builder.SetProperties({{"j", "1"}}).ok());
  EXPECT_EQ(Ok(builder.Build())->metadata_log.size(), 2u);

  // The maximum is at least 1.
  MetadataBuilder one = MetadataBuilder::BuildFrom(metadata, "previous.metadata.json");
  ASSERT_TRUE(one.SetProperties({{"write.metadata.previous-versions-max", "0"}}).ok());
  TableMetadataPtr trimmed = Ok(one.Build());
  ASSERT_EQ(trimmed->metadata_log.size(), 1u);
  EXPECT_EQ(trimmed->metadata_log[0].metadata_file, "previous.metadata.json");
}

TEST(MetadataBuilderTest, DefaultMetadataLogKeepsAHundred) {
  TableMetadataPtr metadata = NewTable();
  for (int i = 0; i < 102; ++i) {
    MetadataBuilder builder = MetadataBuilder::BuildFrom(metadata, fmt::format("m{}.metadata.json", i));
    ASSERT_TRUE(builder.SetProperties({{"i", std::to_string(i)}}).ok());
    metadata = Ok(builder.Build());
  }
  ASSERT_EQ(metadata->metadata_log.size(), 100u);
  EXPECT_EQ(metadata->metadata_log.front().metadata_file, "m2.metadata.json");
}

TEST(MetadataBuilderTest, LocationAndProperties) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.SetLocation("s3://elsewhere/").ok());
  ASSERT_TRUE(builder.SetProperties({{"a", "1"}, {"b", "2"}}).ok());
  ASSERT_TRUE(builder.RemoveProperties({"a", "never-set"}).ok());
  ASSERT_TRUE(builder.RemoveProperties({}).ok());
  EXPECT_EQ(builder.changes().size(), 3u);
  TableMetadataPtr next = Ok(builder.Build());
  EXPECT_EQ(next->location, "s3://elsewhere");  // trailing slash stripped
  EXPECT_EQ(next->properties.count("a"), 0u);
  EXPECT_EQ(next->properties.at("b"), "2");
}

TEST(MetadataBuilderTest, Statistics) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.SetStatistics(StatisticsFile{.snapshot_id = 5, .statistics_path = "a"}).ok());
  ASSERT_TRUE(builder.SetStatistics(StatisticsFile{.snapshot_id = 5, .statistics_path = "b"}).ok());
  ASSERT_TRUE(builder.SetStatistics(StatisticsFile{.snapshot_id = 6, .statistics_path = "c"}).ok());
  ASSERT_TRUE(builder.RemoveStatistics(6).ok());
  ASSERT_TRUE(builder.RemoveStatistics(404).ok());
  ASSERT_TRUE(builder.SetPartitionStatistics(PartitionStatisticsFile{.snapshot_id = 5, .statistics_path = "p"}).ok());
  ASSERT_TRUE(builder.RemovePartitionStatistics(404).ok());
  EXPECT_EQ(builder.changes().size(), 5u);
  TableMetadataPtr next = Ok(builder.Build());
  ASSERT_EQ(next->statistics.size(), 1u);
  EXPECT_EQ(next->statistics[0].statistics_path, "b");
  ASSERT_EQ(next->partition_statistics.size(), 1u);
  MetadataBuilder remove = MetadataBuilder::BuildFrom(next);
  ASSERT_TRUE(remove.RemovePartitionStatistics(5).ok());
  EXPECT_TRUE(Ok(remove.Build())->partition_statistics.empty());
}

TEST(MetadataBuilderTest, RemoveSchemasAndSpecs) {
  TableMetadataPtr base = NewTable();
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  ASSERT_TRUE(builder.AddSchema(MakeSchema(0, {Field(1, "x", Long()), Field(2, "y", Long()), Field(3, "z", Long()),
                                                Field(4, "w", Long(), false)}))
                  .ok());
  ASSERT_TRUE(builder.SetCurrentSchema(kLastAdded).ok());
  ASSERT_TRUE(builder.AddPartitionSpec(PartitionSpec(0, {PartitionOn(1, "x", Transform::Identity())})).ok());
  ASSERT_TRUE(builder.SetDefaultSpec(kLastAdded).ok());
  TableMetadataPtr next = Ok(builder.Build());

  ExpectError(MetadataBuilder::BuildFrom(next).RemoveSchemas({1}), ErrorKind::kBadRequest,
              "Cannot remove the current schema");
  ExpectError(MetadataBuilder::BuildFrom(next).RemovePartitionSpecs({1}), ErrorKind::kBadRequest,
              "Cannot remove the default partition spec");
  MetadataBuilder remove = MetadataBuilder::BuildFrom(next);
  ASSERT_TRUE(remove.RemoveSchemas({0}).ok());
  ASSERT_TRUE(remove.RemovePartitionSpecs({0}).ok());
  TableMetadataPtr removed = Ok(remove.Build());
  ASSERT_EQ(removed->schemas.size(), 1u);
  EXPECT_EQ(removed->schemas[0]->schema_id(), 1);
  ASSERT_EQ(removed->partition_specs.size(), 1u);
  EXPECT_EQ(removed->partition_specs[0]->spec_id(), 1);
}

TEST(MetadataBuilderTest, EncryptionKeys) {
  TableMetadataPtr base = NewTable(3);
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base);
  EncryptedKey key{.key_id = "k1", .encrypted_key_metadata = "AAAA"};
  ASSERT_TRUE(builder.AddEncryptionKey(key).ok());
  ASSERT_TRUE(builder.AddEncryptionKey(key).ok());  // already there: no change
  ASSERT_TRUE(builder.RemoveEncryptionKey("absent").ok());
  EXPECT_EQ(builder.changes().size(), 1u);
  TableMetadataPtr next = Ok(builder.Build());
  ASSERT_EQ(next->encryption_keys.size(), 1u);
  MetadataBuilder remove = MetadataBuilder::BuildFrom(next);
  ASSERT_TRUE(remove.RemoveEncryptionKey("k1").ok());
  EXPECT_TRUE(Ok(remove.Build())->encryption_keys.empty());
}

TEST(MetadataBuilderTest, EveryUpdateAppliesThroughApply) {
  // The JSON a REST client sends, applied to a new table in one commit.
  TableMetadataPtr base = NewTable();
  std::vector<std::string> json = {
      R"({"action":"add-schema","schema":{"type":"struct","schema-id":5,"fields":[)"
      R"({"id":1,"name":"x","required":true,"type":"long"},{"id":2,"name":"y","required":true,"type":"long"},)"
      R"({"id":3,"name":"z","required":true,"type":"long"},{"id":4,"name":"s","required":false,"type":"string"}]}})",
      R"({"action":"set-current-schema","schema-id":-1})",
      R"({"action":"add-spec","spec":{"spec-id":0,"fields":[{"name":"s_trunc","transform":"truncate[4]","source-id":4,"field-id":1001}]}})",
      R"({"action":"set-default-spec","spec-id":-1})",
      R"({"action":"add-sort-order","sort-order":{"order-id":1,"fields":[{"transform":"identity","source-id":4,"direction":"asc","null-order":"nulls-first"}]}})",
      R"({"action":"set-default-sort-order","sort-order-id":-1})",
      R"({"action":"add-snapshot","snapshot":{"snapshot-id":10,"sequence-number":1,"timestamp-ms":)" +
          std::to_string(Now()) + R"(,"manifest-list":"s3://m.avro","summary":{"operation":"append"}}})",
      R"({"action":"set-snapshot-ref","ref-name":"main","snapshot-id":10,"type":"branch"})",
      R"({"action":"set-properties","updates":{"k":"v"}})",
      R"({"action":"remove-properties","removals":["k"]})",
      R"({"action":"set-location","location":"s3://moved"})",
  };
  std::vector<TableUpdate> updates;
  for (const std::string& text : json) updates.push_back(Ok(ParseTableUpdate(text)));
  TableMetadataPtr next = Ok(ApplyCommit(base, RequirementsForUpdateTable(*base, updates), updates));
  EXPECT_EQ(next->current_schema_id, 1);
  EXPECT_EQ(next->last_column_id, 4);
  EXPECT_EQ(next->default_spec_id, 1);
  EXPECT_EQ(next->last_partition_id, 1001);
  EXPECT_EQ(next->default_sort_order_id, 2);
  EXPECT_EQ(next->current_snapshot_id, 10);
  EXPECT_EQ(next->location, "s3://moved");
  EXPECT_EQ(next->properties.count("k"), 0u);
  auto reparsed = ParseTableMetadata(SerializeTableMetadata(*next));
  EXPECT_TRUE(reparsed.ok()) << reparsed.status().ToString();
}

TEST(MetadataBuilderTest, RawPointerCommitAndNoSnapshotSpelling) {
  TableMetadataPtr base = NewTable();
  TableMetadata copy = *base;
  copy.current_snapshot_id = -1;  // how JSON spells "no current snapshot"
  TableMetadataPtr next = Ok(ApplyCommit(&copy, {AssertTableUuid{base->table_uuid}}, {SetPropertiesUpdate{{{"a", "b"}}}}));
  EXPECT_FALSE(next->current_snapshot_id.has_value());
  EXPECT_EQ(next->properties.at("a"), "b");
  // Unchanged raw-pointer bases come back as an equal copy.
  TableMetadataPtr unchanged = Ok(ApplyCommit(base.get(), {}, {}));
  EXPECT_NE(unchanged.get(), base.get());
  EXPECT_EQ(unchanged->last_updated_ms, base->last_updated_ms);
}

TEST(MetadataBuilderTest, V1SpecsGetSequentialIds) {
  MetadataBuilder builder = MetadataBuilder::BuildFrom(NewTable(1));
  ASSERT_TRUE(builder.AddPartitionSpec(PartitionSpec(0, {PartitionOn(2, "y", Transform::Identity()),
                                                          PartitionOn(1, "x_bucket", Transform::Bucket(4))}))
                  .ok());
  TableMetadataPtr next = Ok(builder.Build());
  EXPECT_EQ(next->SpecById(1)->fields()[0].field_id, 1000);
  EXPECT_EQ(next->SpecById(1)->fields()[1].field_id, 1001);
  EXPECT_EQ(next->last_partition_id, 1001);
}

TEST(MetadataBuilderTest, InitialDefaultsNeedV3) {
  NestedField with_default = Field(4, "w", Long(), false);
  with_default.initial_default = Literal(int64_t{7});
  SchemaPtr schema = MakeSchema(0, {Field(1, "x", Long()), Field(2, "y", Long()), Field(3, "z", Long()), with_default});
  ExpectError(CheckSchemaCompatibility(*schema, 2), ErrorKind::kBadRequest,
              "Invalid initial default for w: non-null default is not supported until v3");
  EXPECT_TRUE(CheckSchemaCompatibility(*schema, 3).ok());
}

// --- Metadata file names and UUIDs ------------------------------------------------------------

TEST(NextMetadataFileLocationTest, VersionsAndProperties) {
  TableMetadataPtr metadata = NewTable();
  std::regex first(R"(s3://bucket/test/location/metadata/00000-[0-9a-f-]{36}\.metadata\.json)");
  EXPECT_TRUE(std::regex_match(NextMetadataFileLocation(*metadata, ""), first)) << NextMetadataFileLocation(*metadata, "");
  std::string next = NextMetadataFileLocation(
      *metadata, "s3://bucket/test/location/metadata/00041-6b9c1f3e-5b8a-4d2b-9e1c-0a1b2c3d4e5f.metadata.json");
  EXPECT_TRUE(next.starts_with("s3://bucket/test/location/metadata/00042-")) << next;
  EXPECT_NE(next, NextMetadataFileLocation(*metadata, "x/00041-a.metadata.json"));  // a new UUID each time
  EXPECT_TRUE(NextMetadataFileLocation(*metadata, "x/unversioned.metadata.json").find("/00000-") != std::string::npos);

  MetadataBuilder custom = MetadataBuilder::BuildFrom(metadata);
  ASSERT_TRUE(custom.SetProperties({{"write.metadata.path", "s3://other/meta/"},
                                    {"write.metadata.compression-codec", "gzip"}})
                  .ok());
  std::string gz = NextMetadataFileLocation(*Ok(custom.Build()), "");
  EXPECT_TRUE(gz.starts_with("s3://other/meta/00000-")) << gz;
  EXPECT_TRUE(gz.ends_with(".gz.metadata.json")) << gz;
}

TEST(UuidTest, RandomVersion4) {
  std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string uuid = RandomUuid();
    EXPECT_TRUE(std::regex_match(uuid, v4)) << uuid;
    EXPECT_TRUE(IsUuid(uuid));
    seen.insert(uuid);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_TRUE(IsUuid("9510C070-5E6D-4B40-BF40-A8915BB76E5D"));
  EXPECT_FALSE(IsUuid("9510c070-5e6d-4b40-bf40-a8915bb76e5"));
  EXPECT_FALSE(IsUuid("9510c070x5e6d-4b40-bf40-a8915bb76e5d"));
}

}  // namespace
}  // namespace floe::iceberg
