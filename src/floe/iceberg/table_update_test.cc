// Table updates and requirements: JSON parse/serialize of every action and
// type, error reporting (400 for unknown/missing), requirement validation
// against metadata (409 on failure) and requirement derivation.
#include "floe/iceberg/table_update.h"

#include <gtest/gtest.h>

// Designated initializers leave the remaining members at their defaults on purpose.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#include "floe/iceberg/table_requirement.h"

namespace floe::iceberg {
namespace {

// Parses, serializes, and checks that serializing the re-parsed text gives the same text.
TableUpdate RoundTrip(std::string_view json) {
  auto update = ParseTableUpdate(json);
  EXPECT_TRUE(update.ok()) << update.status().ToString() << " for " << json;
  if (!update.ok()) return AssignUuidUpdate{};
  std::string text = SerializeTableUpdate(*update);
  auto reparsed = ParseTableUpdate(text);
  EXPECT_TRUE(reparsed.ok()) << reparsed.status().ToString() << " for " << text;
  if (reparsed.ok()) {
    EXPECT_EQ(SerializeTableUpdate(*reparsed), text);
  }
  return *update;
}

void ExpectExactRoundTrip(std::string_view json) {
  auto update = ParseTableUpdate(json);
  ASSERT_TRUE(update.ok()) << update.status().ToString() << " for " << json;
  EXPECT_EQ(SerializeTableUpdate(*update), json);
}

void ExpectBadRequest(std::string_view json, std::string_view message) {
  auto update = ParseTableUpdate(json);
  ASSERT_FALSE(update.ok()) << json;
  EXPECT_EQ(update.status().kind(), ErrorKind::kBadRequest) << update.status().ToString();
  EXPECT_NE(update.status().message().find(message), std::string::npos)
      << "message: " << update.status().message() << "\nexpected to contain: " << message;
}

// --- Updates: every action ------------------------------------------------------------

TEST(TableUpdateJsonTest, AssignUuid) {
  std::string json = R"({"action":"assign-uuid","uuid":"9510c070-5e6d-4b40-bf40-a8915bb76e5d"})";
  ExpectExactRoundTrip(json);
  auto update = ParseTableUpdate(json);
  ASSERT_TRUE(update.ok());
  EXPECT_EQ(update->action(), "assign-uuid");
  EXPECT_EQ(update->As<AssignUuidUpdate>()->uuid, "9510c070-5e6d-4b40-bf40-a8915bb76e5d");
}

TEST(TableUpdateJsonTest, UpgradeFormatVersion) {
  ExpectExactRoundTrip(R"({"action":"upgrade-format-version","format-version":2})");
  auto update = ParseTableUpdate(R"({"action":"upgrade-format-version","format-version":3})");
  ASSERT_TRUE(update.ok());
  EXPECT_EQ(update->As<UpgradeFormatVersionUpdate>()->format_version, 3);
}

TEST(TableUpdateJsonTest, AddSchema) {
  TableUpdate update = RoundTrip(
      R"({"action":"add-schema","schema":{"type":"struct","schema-id":1,"fields":[)"
      R"({"id":1,"name":"id","required":true,"type":"long"},)"
      R"({"id":2,"name":"data","required":false,"type":"string"}]},"last-column-id":2})");
  const auto* add = update.As<AddSchemaUpdate>();
  ASSERT_NE(add, nullptr);
  ASSERT_NE(add->schema, nullptr);
  EXPECT_EQ(add->schema->schema_id(), 1);
  EXPECT_EQ(add->schema->fields().size(), 2u);
  EXPECT_EQ(add->last_column_id, 2);
  EXPECT_NE(SerializeTableUpdate(update).find(R"("last-column-id":2)"), std::string::npos);

  // last-column-id is deprecated and optional.
  TableUpdate without = RoundTrip(
      R"({"action":"add-schema","schema":{"type":"struct","schema-id":0,"fields":[]}})");
  EXPECT_FALSE(without.As<AddSchemaUpdate>()->last_column_id.has_value());
  EXPECT_EQ(SerializeTableUpdate(without).find("last-column-id"), std::string::npos);
}

TEST(TableUpdateJsonTest, SetCurrentSchema) {
  ExpectExactRoundTrip(R"({"action":"set-current-schema","schema-id":-1})");
  ExpectExactRoundTrip(R"({"action":"set-current-schema","schema-id":3})");
}

TEST(TableUpdateJsonTest, AddPartitionSpec) {
  TableUpdate update = RoundTrip(
      R"({"action":"add-spec","spec":{"spec-id":1,"fields":[)"
      R"({"name":"id_bucket","transform":"bucket[16]","source-id":1,"field-id":1000},)"
      R"({"name":"ts_day","transform":"day","source-id":2,"field-id":1001}]}})");
  const auto* add = update.As<AddPartitionSpecUpdate>();
  ASSERT_NE(add, nullptr);
  ASSERT_EQ(add->spec->fields().size(), 2u);
  EXPECT_EQ(add->spec->fields()[0].name, "id_bucket");
  EXPECT_EQ(add->spec->fields()[0].transform, Transform::Bucket(16));
  EXPECT_EQ(add->spec->fields()[1].field_id, 1001);
}

// The OpenAPI marks the spec's id read-only: clients may leave it out.
TEST(TableUpdateJsonTest, AddPartitionSpecWithoutSpecId) {
  TableUpdate update = RoundTrip(
      R"({"action":"add-spec","spec":{"fields":[{"name":"ts_day","transform":"day","source-id":2,"field-id":1001}]}})");
  const auto* add = update.As<AddPartitionSpecUpdate>();
  ASSERT_NE(add, nullptr);
  ASSERT_EQ(add->spec->fields().size(), 1u);
  EXPECT_EQ(add->spec->fields()[0].name, "ts_day");
}

TEST(TableUpdateJsonTest, SetDefaultSpec) { ExpectExactRoundTrip(R"({"action":"set-default-spec","spec-id":-1})"); }

TEST(TableUpdateJsonTest, AddSortOrder) {
  TableUpdate update = RoundTrip(
      R"({"action":"add-sort-order","sort-order":{"order-id":1,"fields":[)"
      R"({"transform":"identity","source-id":2,"direction":"desc","null-order":"nulls-last"}]}})");
  const auto* add = update.As<AddSortOrderUpdate>();
  ASSERT_NE(add, nullptr);
  ASSERT_EQ(add->sort_order->fields().size(), 1u);
  EXPECT_EQ(add->sort_order->fields()[0].source_id, 2);
  EXPECT_EQ(add->sort_order->fields()[0].direction, SortDirection::kDescending);
  EXPECT_EQ(add->sort_order->fields()[0].null_order, NullOrder::kNullsLast);
}

TEST(TableUpdateJsonTest, SetDefaultSortOrder) {
  ExpectExactRoundTrip(R"({"action":"set-default-sort-order","sort-order-id":-1})");
}

TEST(TableUpdateJsonTest, AddSnapshot) {
  TableUpdate update = RoundTrip(
      R"({"action":"add-snapshot","snapshot":{"snapshot-id":3055729675574597004,)"
      R"("parent-snapshot-id":3051729675574597004,"sequence-number":1,"timestamp-ms":1555100955770,)"
      R"("manifest-list":"s3://a/b/2.avro","summary":{"operation":"append","added-records":"4"},"schema-id":1}})");
  const auto* add = update.As<AddSnapshotUpdate>();
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->snapshot->snapshot_id, 3055729675574597004);
  EXPECT_EQ(add->snapshot->parent_snapshot_id, 3051729675574597004);
  EXPECT_EQ(add->snapshot->sequence_number, 1);
  EXPECT_EQ(add->snapshot->manifest_list, "s3://a/b/2.avro");
  EXPECT_EQ(add->snapshot->operation(), "append");
  EXPECT_EQ(add->snapshot->schema_id, 1);
}

TEST(TableUpdateJsonTest, SetSnapshotRef) {
  ExpectExactRoundTrip(R"({"action":"set-snapshot-ref","ref-name":"main","snapshot-id":1,"type":"branch"})");
  ExpectExactRoundTrip(
      R"({"action":"set-snapshot-ref","ref-name":"dev","snapshot-id":1,"type":"branch",)"
      R"("min-snapshots-to-keep":2,"max-snapshot-age-ms":3,"max-ref-age-ms":4})");
  auto update = ParseTableUpdate(
      R"({"action":"set-snapshot-ref","ref-name":"hank","snapshot-id":7,"type":"TAG","max-ref-age-ms":1})");
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  const auto* set = update->As<SetSnapshotRefUpdate>();
  EXPECT_EQ(set->ref_name, "hank");
  EXPECT_EQ(set->ref.snapshot_id, 7);
  EXPECT_EQ(set->ref.type, SnapshotRefType::kTag);
  EXPECT_EQ(set->ref.max_ref_age_ms, 1);
  EXPECT_FALSE(set->ref.min_snapshots_to_keep.has_value());
  ExpectBadRequest(R"({"action":"set-snapshot-ref","ref-name":"x","snapshot-id":1,"type":"twig"})",
                   "Invalid snapshot ref type: twig");
}

TEST(TableUpdateJsonTest, RemoveSnapshots) {
  ExpectExactRoundTrip(R"({"action":"remove-snapshots","snapshot-ids":[1,2]})");
  ExpectBadRequest(R"({"action":"remove-snapshots"})", "Invalid set of snapshot ids to remove: must be non-null");
}

TEST(TableUpdateJsonTest, RemoveSnapshotRef) {
  ExpectExactRoundTrip(R"({"action":"remove-snapshot-ref","ref-name":"snapshot-ref"})");
}

TEST(TableUpdateJsonTest, SetLocation) {
  ExpectExactRoundTrip(R"({"action":"set-location","location":"s3://bucket/warehouse/tbl_location"})");
}

TEST(TableUpdateJsonTest, SetProperties) {
  ExpectExactRoundTrip(R"({"action":"set-properties","updates":{"prop1":"val1","prop2":"val2"}})");
  // The legacy field name is still read; `updates` wins when both are present.
  auto legacy = ParseTableUpdate(R"({"action":"set-properties","updated":{"a":"1"}})");
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(legacy->As<SetPropertiesUpdate>()->updates.at("a"), "1");
  auto both = ParseTableUpdate(R"({"action":"set-properties","updated":{"a":"1"},"updates":{"b":"2"}})");
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->As<SetPropertiesUpdate>()->updates.count("a"), 0u);
  EXPECT_EQ(both->As<SetPropertiesUpdate>()->updates.at("b"), "2");
  ExpectBadRequest(R"({"action":"set-properties","updates":{"a":1}})", "a");
}

TEST(TableUpdateJsonTest, RemoveProperties) {
  ExpectExactRoundTrip(R"({"action":"remove-properties","removals":["prop1","prop2"]})");
  auto legacy = ParseTableUpdate(R"({"action":"remove-properties","removed":["a"]})");
  ASSERT_TRUE(legacy.ok()) << legacy.status().ToString();
  EXPECT_EQ(legacy->As<RemovePropertiesUpdate>()->removals, std::vector<std::string>{"a"});
}

TEST(TableUpdateJsonTest, SetStatistics) {
  TableUpdate update = RoundTrip(
      R"({"action":"set-statistics","snapshot-id":1940541653261589030,"statistics":{)"
      R"("snapshot-id":1940541653261589030,"statistics-path":"s3://bucket/warehouse/stats.puffin",)"
      R"("file-size-in-bytes":124,"file-footer-size-in-bytes":27,"blob-metadata":[{"type":"boring-type",)"
      R"("snapshot-id":1940541653261589030,"sequence-number":2,"fields":[1],)"
      R"("properties":{"prop-key":"prop-value"}}]}})");
  const auto* set = update.As<SetStatisticsUpdate>();
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->snapshot_id, 1940541653261589030);
  EXPECT_EQ(set->statistics.statistics_path, "s3://bucket/warehouse/stats.puffin");
  EXPECT_EQ(set->statistics.file_footer_size_in_bytes, 27);
  ASSERT_EQ(set->statistics.blob_metadata.size(), 1u);
  EXPECT_EQ(set->statistics.blob_metadata[0].fields, std::vector<int32_t>{1});
  EXPECT_EQ(set->statistics.blob_metadata[0].properties.at("prop-key"), "prop-value");

  // The deprecated top-level snapshot-id is optional.
  auto without = ParseTableUpdate(
      R"({"action":"set-statistics","statistics":{"snapshot-id":5,"statistics-path":"p",)"
      R"("file-size-in-bytes":1,"file-footer-size-in-bytes":1,"blob-metadata":[]}})");
  ASSERT_TRUE(without.ok()) << without.status().ToString();
  EXPECT_FALSE(without->As<SetStatisticsUpdate>()->snapshot_id.has_value());
  EXPECT_NE(SerializeTableUpdate(*without).find(R"("snapshot-id":5)"), std::string::npos);
}

TEST(TableUpdateJsonTest, RemoveStatistics) {
  ExpectExactRoundTrip(R"({"action":"remove-statistics","snapshot-id":1940541653261589030})");
}

TEST(TableUpdateJsonTest, SetPartitionStatistics) {
  ExpectExactRoundTrip(
      R"({"action":"set-partition-statistics","partition-statistics":{"snapshot-id":123456789,)"
      R"("statistics-path":"s3://bucket/warehouse/stats1.parquet","file-size-in-bytes":43}})");
}

TEST(TableUpdateJsonTest, RemovePartitionStatistics) {
  ExpectExactRoundTrip(R"({"action":"remove-partition-statistics","snapshot-id":123456789})");
}

TEST(TableUpdateJsonTest, RemovePartitionSpecs) {
  ExpectExactRoundTrip(R"({"action":"remove-partition-specs","spec-ids":[1,2,3]})");
}

TEST(TableUpdateJsonTest, RemoveSchemas) { ExpectExactRoundTrip(R"({"action":"remove-schemas","schema-ids":[1,2]})"); }

TEST(TableUpdateJsonTest, AddEncryptionKey) {
  TableUpdate update = RoundTrip(
      R"({"action":"add-encryption-key","encryption-key":{"key-id":"key","encrypted-key-metadata":"AAAA",)"
      R"("encrypted-by-id":"kek","properties":{"p":"v"}}})");
  const auto* add = update.As<AddEncryptionKeyUpdate>();
  ASSERT_NE(add, nullptr);
  EXPECT_EQ(add->encryption_key.key_id, "key");
  EXPECT_EQ(add->encryption_key.encrypted_key_metadata, "AAAA");
  EXPECT_EQ(add->encryption_key.encrypted_by_id, "kek");
  EXPECT_EQ(add->encryption_key.properties.at("p"), "v");
  ExpectBadRequest(R"({"action":"add-encryption-key"})", "Invalid encryption key, must be non-null object");
}

TEST(TableUpdateJsonTest, RemoveEncryptionKey) {
  ExpectExactRoundTrip(R"({"action":"remove-encryption-key","key-id":"key"})");
}

// --- Updates: errors ---------------------------------------------------------------------

TEST(TableUpdateJsonTest, UnknownActionIsBadRequestNamingIt) {
  ExpectBadRequest(R"({"action":"drop-everything"})", "drop-everything");
  // Actions of views only are not table updates.
  ExpectBadRequest(R"({"action":"set-current-view-version","view-version-id":1})", "set-current-view-version");
}

TEST(TableUpdateJsonTest, ActionIsCaseInsensitive) {
  auto update = ParseTableUpdate(R"({"action":"SET-LOCATION","location":"x"})");
  ASSERT_TRUE(update.ok()) << update.status().ToString();
  EXPECT_EQ(update->As<SetLocationUpdate>()->location, "x");
}

TEST(TableUpdateJsonTest, MalformedUpdatesAreBadRequests) {
  ExpectBadRequest("23", "Cannot parse metadata update from non-object value: 23");
  ExpectBadRequest("{}", "Cannot parse metadata update. Missing field: action");
  ExpectBadRequest(R"({"action":null})", "Missing field: action");
  ExpectBadRequest("{not json", "Invalid JSON");
}

TEST(TableUpdateJsonTest, MissingFieldsAreBadRequestsNamingTheField) {
  ExpectBadRequest(R"({"action":"assign-uuid"})", "uuid");
  ExpectBadRequest(R"({"action":"upgrade-format-version"})", "format-version");
  ExpectBadRequest(R"({"action":"add-schema"})", "schema");
  ExpectBadRequest(R"({"action":"set-current-schema"})", "schema-id");
  ExpectBadRequest(R"({"action":"add-spec"})", "spec");
  ExpectBadRequest(R"({"action":"set-default-spec"})", "spec-id");
  ExpectBadRequest(R"({"action":"add-sort-order"})", "sort-order");
  ExpectBadRequest(R"({"action":"set-default-sort-order"})", "sort-order-id");
  ExpectBadRequest(R"({"action":"add-snapshot"})", "snapshot");
  ExpectBadRequest(R"({"action":"set-snapshot-ref","snapshot-id":1,"type":"tag"})", "ref-name");
  ExpectBadRequest(R"({"action":"set-snapshot-ref","ref-name":"a","type":"tag"})", "snapshot-id");
  ExpectBadRequest(R"({"action":"set-snapshot-ref","ref-name":"a","snapshot-id":1})", "type");
  ExpectBadRequest(R"({"action":"remove-snapshot-ref"})", "ref-name");
  ExpectBadRequest(R"({"action":"set-location"})", "location");
  ExpectBadRequest(R"({"action":"set-properties"})", "updates");
  ExpectBadRequest(R"({"action":"remove-properties"})", "removals");
  ExpectBadRequest(R"({"action":"set-statistics"})", "statistics");
  ExpectBadRequest(R"({"action":"remove-statistics"})", "snapshot-id");
  ExpectBadRequest(R"({"action":"set-partition-statistics"})", "partition-statistics");
  ExpectBadRequest(R"({"action":"remove-partition-statistics"})", "snapshot-id");
  ExpectBadRequest(R"({"action":"remove-partition-specs"})", "spec-ids");
  ExpectBadRequest(R"({"action":"remove-schemas"})", "schema-ids");
  ExpectBadRequest(R"({"action":"remove-encryption-key"})", "key-id");
  // Nested objects report their own missing fields, still as 400.
  ExpectBadRequest(R"({"action":"set-partition-statistics","partition-statistics":{"snapshot-id":1}})",
                   "statistics-path");
  ExpectBadRequest(R"({"action":"add-snapshot","snapshot":{"snapshot-id":1}})", "timestamp-ms");
}

TEST(TableUpdateJsonTest, ParsesAnUpdatesArray) {
  auto document = json::JsonDocument::Parse(
      R"([{"action":"set-location","location":"a"},{"action":"remove-properties","removals":[]}])");
  ASSERT_TRUE(document.ok());
  auto updates = ParseTableUpdates(document->root());
  ASSERT_TRUE(updates.ok()) << updates.status().ToString();
  ASSERT_EQ(updates->size(), 2u);
  EXPECT_EQ((*updates)[1].action(), "remove-properties");

  auto bad = json::JsonDocument::Parse(R"([{"action":"set-location","location":"a"},{"action":"nope"}])");
  ASSERT_TRUE(bad.ok());
  auto failed = ParseTableUpdates(bad->root());
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().kind(), ErrorKind::kBadRequest);
}

// --- Requirements: JSON --------------------------------------------------------------------

void ExpectRequirementRoundTrip(std::string_view json) {
  auto requirement = ParseTableRequirement(json);
  ASSERT_TRUE(requirement.ok()) << requirement.status().ToString() << " for " << json;
  EXPECT_EQ(SerializeTableRequirement(*requirement), json);
}

TEST(TableRequirementJsonTest, EveryTypeRoundTrips) {
  ExpectRequirementRoundTrip(R"({"type":"assert-create"})");
  ExpectRequirementRoundTrip(R"({"type":"assert-table-uuid","uuid":"2cc52516-5e73-41f2-b139-545d41a4e151"})");
  ExpectRequirementRoundTrip(R"({"type":"assert-ref-snapshot-id","ref":"snapshot-name","snapshot-id":1})");
  ExpectRequirementRoundTrip(R"({"type":"assert-ref-snapshot-id","ref":"snapshot-name","snapshot-id":null})");
  ExpectRequirementRoundTrip(R"({"type":"assert-last-assigned-field-id","last-assigned-field-id":12})");
  ExpectRequirementRoundTrip(R"({"type":"assert-current-schema-id","current-schema-id":4})");
  ExpectRequirementRoundTrip(R"({"type":"assert-last-assigned-partition-id","last-assigned-partition-id":1004})");
  ExpectRequirementRoundTrip(R"({"type":"assert-default-spec-id","default-spec-id":5})");
  ExpectRequirementRoundTrip(R"({"type":"assert-default-sort-order-id","default-sort-order-id":10})");
}

TEST(TableRequirementJsonTest, FieldsAreRead) {
  auto ref = ParseTableRequirement(R"({"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":7})");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->type(), "assert-ref-snapshot-id");
  EXPECT_EQ(ref->As<AssertRefSnapshotId>()->ref, "main");
  EXPECT_EQ(ref->As<AssertRefSnapshotId>()->snapshot_id, 7);
  // A missing snapshot-id reads as null: the ref must not exist.
  auto missing = ParseTableRequirement(R"({"type":"assert-ref-snapshot-id","ref":"main"})");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->As<AssertRefSnapshotId>()->snapshot_id.has_value());
}

TEST(TableRequirementJsonTest, ErrorsAreBadRequests) {
  auto expect_bad = [](std::string_view json, std::string_view message) {
    auto requirement = ParseTableRequirement(json);
    ASSERT_FALSE(requirement.ok()) << json;
    EXPECT_EQ(requirement.status().kind(), ErrorKind::kBadRequest);
    EXPECT_NE(requirement.status().message().find(message), std::string::npos) << requirement.status().message();
  };
  expect_bad("23", "Cannot parse update requirement from non-object value: 23");
  expect_bad(R"({"uuid":"x"})", "Cannot parse update requirement. Missing field: type");
  expect_bad(R"({"type":null,"uuid":"x"})", "Cannot parse update requirement. Missing field: type");
  expect_bad(R"({"type":"assert-something-else"})", "assert-something-else");
  expect_bad(R"({"type":"assert-table-uuid"})", "uuid");
  expect_bad(R"({"type":"assert-ref-snapshot-id","snapshot-id":1})", "ref");
  expect_bad(R"({"type":"assert-last-assigned-field-id"})", "last-assigned-field-id");
  expect_bad(R"({"type":"assert-current-schema-id"})", "current-schema-id");
  expect_bad(R"({"type":"assert-last-assigned-partition-id"})", "last-assigned-partition-id");
  expect_bad(R"({"type":"assert-default-spec-id"})", "default-spec-id");
  expect_bad(R"({"type":"assert-default-sort-order-id"})", "default-sort-order-id");
}

// --- Requirements: validation ---------------------------------------------------------------

TableMetadata SampleMetadata() {
  TableMetadata metadata;
  metadata.table_uuid = "2cc52516-5e73-41f2-b139-545d41a4e151";
  metadata.last_column_id = 3;
  metadata.current_schema_id = 1;
  metadata.last_partition_id = 1001;
  metadata.default_spec_id = 2;
  metadata.default_sort_order_id = 1;
  metadata.refs["main"] = SnapshotRef{.snapshot_id = 10};
  metadata.refs["v1"] = SnapshotRef{.snapshot_id = 9, .type = SnapshotRefType::kTag};
  metadata.refs["dev"] = SnapshotRef{.snapshot_id = 8};
  return metadata;
}

void ExpectCommitFailed(const Status& status, std::string_view message) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.kind(), ErrorKind::kCommitFailed) << status.ToString();
  EXPECT_EQ(status.message(), message);
}

TEST(TableRequirementTest, AssertCreate) {
  TableMetadata metadata = SampleMetadata();
  TableRequirement requirement = AssertCreate{};
  EXPECT_TRUE(requirement.Validate(nullptr).ok());
  ExpectCommitFailed(requirement.Validate(&metadata), "Requirement failed: table already exists");
}

TEST(TableRequirementTest, AssertTableUuid) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_TRUE(TableRequirement(AssertTableUuid{metadata.table_uuid}).Validate(&metadata).ok());
  EXPECT_TRUE(TableRequirement(AssertTableUuid{"2CC52516-5E73-41F2-B139-545D41A4E151"}).Validate(&metadata).ok());
  ExpectCommitFailed(TableRequirement(AssertTableUuid{"other"}).Validate(&metadata),
                     "Requirement failed: UUID does not match: expected 2cc52516-5e73-41f2-b139-545d41a4e151 != other");
  ExpectCommitFailed(TableRequirement(AssertTableUuid{"other"}).Validate(nullptr),
                     "Requirement failed: table does not exist");
}

TEST(TableRequirementTest, AssertRefSnapshotId) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_TRUE(TableRequirement(AssertRefSnapshotId{"main", 10}).Validate(&metadata).ok());
  EXPECT_TRUE(TableRequirement(AssertRefSnapshotId{"absent", std::nullopt}).Validate(&metadata).ok());
  EXPECT_TRUE(TableRequirement(AssertRefSnapshotId{"main", std::nullopt}).Validate(nullptr).ok());
  ExpectCommitFailed(TableRequirement(AssertRefSnapshotId{"main", 1}).Validate(&metadata),
                     "Requirement failed: branch main has changed: expected id 1 != 10");
  ExpectCommitFailed(TableRequirement(AssertRefSnapshotId{"v1", 1}).Validate(&metadata),
                     "Requirement failed: tag v1 has changed: expected id 1 != 9");
  ExpectCommitFailed(TableRequirement(AssertRefSnapshotId{"dev", std::nullopt}).Validate(&metadata),
                     "Requirement failed: branch dev was created concurrently");
  ExpectCommitFailed(TableRequirement(AssertRefSnapshotId{"absent", 5}).Validate(&metadata),
                     "Requirement failed: branch or tag absent is missing, expected 5");
}

TEST(TableRequirementTest, AssertLastAssignedFieldId) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_TRUE(TableRequirement(AssertLastAssignedFieldId{3}).Validate(&metadata).ok());
  EXPECT_TRUE(TableRequirement(AssertLastAssignedFieldId{3}).Validate(nullptr).ok());
  ExpectCommitFailed(TableRequirement(AssertLastAssignedFieldId{2}).Validate(&metadata),
                     "Requirement failed: last assigned field id changed: expected id 2 != 3");
}

TEST(TableRequirementTest, AssertCurrentSchemaId) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_TRUE(TableRequirement(AssertCurrentSchemaId{1}).Validate(&metadata).ok());
  ExpectCommitFailed(TableRequirement(AssertCurrentSchemaId{0}).Validate(&metadata),
                     "Requirement failed: current schema changed: expected id 0 != 1");
}

TEST(TableRequirementTest, AssertLastAssignedPartitionId) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_TRUE(TableRequirement(AssertLastAssignedPartitionId{1001}).Validate(&metadata).ok());
  EXPECT_TRUE(TableRequirement(AssertLastAssignedPartitionId{1}).Validate(nullptr).ok());
  ExpectCommitFailed(TableRequirement(AssertLastAssignedPartitionId{1000}).Validate(&metadata),
                     "Requirement failed: last assigned partition id changed: expected id 1000 != 1001");
}

TEST(TableRequirementTest, AssertDefaultSpecId) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_TRUE(TableRequirement(AssertDefaultSpecId{2}).Validate(&metadata).ok());
  ExpectCommitFailed(TableRequirement(AssertDefaultSpecId{0}).Validate(&metadata),
                     "Requirement failed: default partition spec changed: expected id 0 != 2");
}

TEST(TableRequirementTest, AssertDefaultSortOrderId) {
  TableMetadata metadata = SampleMetadata();
  EXPECT_TRUE(TableRequirement(AssertDefaultSortOrderId{1}).Validate(&metadata).ok());
  ExpectCommitFailed(TableRequirement(AssertDefaultSortOrderId{0}).Validate(&metadata),
                     "Requirement failed: default sort order changed: expected id 0 != 1");
}

TEST(TableRequirementTest, RevalidationOnNewerMetadata) {
  // The server's conflict handling: requirements that held on the old base are
  // checked again on the newer metadata a concurrent commit produced.
  TableMetadata base = SampleMetadata();
  std::vector<TableRequirement> requirements = {AssertTableUuid{base.table_uuid}, AssertDefaultSpecId{2}};
  TableMetadata newer = base;
  newer.refs["main"].snapshot_id = 11;  // a concurrent append does not conflict here
  EXPECT_TRUE(ValidateRequirements(requirements, &newer).ok());
  requirements.push_back(AssertRefSnapshotId{"main", 10});
  ExpectCommitFailed(ValidateRequirements(requirements, &newer),
                     "Requirement failed: branch main has changed: expected id 10 != 11");
}

// --- Requirements: derivation -----------------------------------------------------------------

std::vector<std::string> Serialized(const std::vector<TableRequirement>& requirements) {
  std::vector<std::string> texts;
  for (const TableRequirement& requirement : requirements) texts.push_back(SerializeTableRequirement(requirement));
  return texts;
}

TEST(RequirementsForTest, UpdateTable) {
  TableMetadata base = SampleMetadata();
  std::vector<TableUpdate> updates = {
      SetSnapshotRefUpdate{"main", SnapshotRef{.snapshot_id = 11}},
      SetSnapshotRefUpdate{"main", SnapshotRef{.snapshot_id = 12}},  // one assertion per ref
      SetSnapshotRefUpdate{"feature", SnapshotRef{.snapshot_id = 12}},
      AddSchemaUpdate{},
      SetCurrentSchemaUpdate{kLastAdded},
      AddPartitionSpecUpdate{},
      SetDefaultSpecUpdate{kLastAdded},
      SetDefaultSortOrderUpdate{kLastAdded},
      SetPropertiesUpdate{{{"a", "b"}}},
  };
  EXPECT_EQ(Serialized(RequirementsForUpdateTable(base, updates)),
            (std::vector<std::string>{
                R"({"type":"assert-table-uuid","uuid":"2cc52516-5e73-41f2-b139-545d41a4e151"})",
                R"({"type":"assert-ref-snapshot-id","ref":"main","snapshot-id":10})",
                R"({"type":"assert-ref-snapshot-id","ref":"feature","snapshot-id":null})",
                R"({"type":"assert-last-assigned-field-id","last-assigned-field-id":3})",
                R"({"type":"assert-current-schema-id","current-schema-id":1})",
                R"({"type":"assert-last-assigned-partition-id","last-assigned-partition-id":1001})",
                R"({"type":"assert-default-spec-id","default-spec-id":2})",
                R"({"type":"assert-default-sort-order-id","default-sort-order-id":1})",
            }));
}

TEST(RequirementsForTest, RemovingSchemasOrSpecsGuardsOtherBranches) {
  TableMetadata base = SampleMetadata();
  EXPECT_EQ(Serialized(RequirementsForUpdateTable(base, {RemoveSchemasUpdate{{0}}, RemovePartitionSpecsUpdate{{1}}})),
            (std::vector<std::string>{
                R"({"type":"assert-table-uuid","uuid":"2cc52516-5e73-41f2-b139-545d41a4e151"})",
                R"({"type":"assert-current-schema-id","current-schema-id":1})",
                R"({"type":"assert-ref-snapshot-id","ref":"dev","snapshot-id":8})",
                R"({"type":"assert-default-spec-id","default-spec-id":2})",
                R"({"type":"assert-ref-snapshot-id","ref":"dev","snapshot-id":8})",
            }));
}

TEST(RequirementsForTest, CreateAndReplace) {
  TableMetadata base = SampleMetadata();
  std::vector<TableUpdate> updates = {AddSchemaUpdate{}, SetCurrentSchemaUpdate{kLastAdded},
                                      SetSnapshotRefUpdate{"main", SnapshotRef{.snapshot_id = 11}}};
  EXPECT_EQ(Serialized(RequirementsForCreateTable(updates)),
            (std::vector<std::string>{R"({"type":"assert-create"})"}));
  EXPECT_EQ(Serialized(RequirementsForReplaceTable(base, updates)),
            (std::vector<std::string>{
                R"({"type":"assert-table-uuid","uuid":"2cc52516-5e73-41f2-b139-545d41a4e151"})",
                R"({"type":"assert-last-assigned-field-id","last-assigned-field-id":3})",
            }));
}

}  // namespace
}  // namespace floe::iceberg
