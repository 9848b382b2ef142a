// Table metadata JSON: the upstream fixtures (iceberg-metadata/, with the
// expectations of iceberg-metadata/EXPECTED.md), round trips, every real
// table's metadata under iceberg-tables/, gzip files, and the JSON pieces.
#include "floe/iceberg/metadata_json.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "floe/common/json.h"
#include "floe/iceberg/metadata_json_internal.h"
#include "floe/io/local_file_io.h"
#include "floe/io/memory_file_io.h"

namespace floe::iceberg {
namespace {

namespace fs = std::filesystem;

// --- Fixtures -----------------------------------------------------------------------

class MetadataJsonFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* root = std::getenv("FLOE_FIXTURES");
    if (root == nullptr || !fs::is_directory(fs::path(root) / "iceberg-metadata")) {
      GTEST_SKIP() << "shared fixtures not found: set FLOE_FIXTURES to the fixtures directory "
                      "(it must contain iceberg-metadata/ and iceberg-tables/)";
    }
    root_ = root;
  }

  std::string Read(const std::string& relative) const {
    std::ifstream in(root_ / relative, std::ios::binary);
    EXPECT_TRUE(in.good()) << "cannot open fixture " << relative;
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

  Result<TableMetadataPtr> Parse(const std::string& relative) const { return ParseTableMetadata(Read(relative)); }

  TableMetadataPtr ParseOk(const std::string& relative) const {
    auto metadata = Parse(relative);
    EXPECT_TRUE(metadata.ok()) << relative << ": " << metadata.status().ToString();
    return metadata.ok() ? *metadata : nullptr;
  }

  fs::path root_;
};

// --- Structural comparison --------------------------------------------------------------

void ExpectSameType(const Type& a, const Type& b, const std::string& where);

void ExpectSameField(const NestedField& a, const NestedField& b, const std::string& where) {
  EXPECT_EQ(a.id, b.id) << where;
  EXPECT_EQ(a.name, b.name) << where;
  EXPECT_EQ(a.required, b.required) << where << "." << a.name;
  EXPECT_EQ(a.doc, b.doc) << where << "." << a.name;
  EXPECT_EQ(a.initial_default, b.initial_default) << where << "." << a.name;
  EXPECT_EQ(a.write_default, b.write_default) << where << "." << a.name;
  ASSERT_TRUE(a.type && b.type) << where << "." << a.name;
  ExpectSameType(*a.type, *b.type, where + "." + a.name);
}

void ExpectSameFields(const std::vector<NestedField>& a, const std::vector<NestedField>& b,
                      const std::string& where) {
  ASSERT_EQ(a.size(), b.size()) << where;
  for (size_t i = 0; i < a.size(); ++i) ExpectSameField(a[i], b[i], where);
}

void ExpectSameType(const Type& a, const Type& b, const std::string& where) {
  ASSERT_EQ(a.id(), b.id()) << where;
  switch (a.id()) {
    case TypeId::kStruct:
      ExpectSameFields(static_cast<const StructType&>(a).fields(), static_cast<const StructType&>(b).fields(), where);
      break;
    case TypeId::kList:
      ExpectSameField(static_cast<const ListType&>(a).element(), static_cast<const ListType&>(b).element(), where);
      break;
    case TypeId::kMap:
      ExpectSameField(static_cast<const MapType&>(a).key(), static_cast<const MapType&>(b).key(), where);
      ExpectSameField(static_cast<const MapType&>(a).value(), static_cast<const MapType&>(b).value(), where);
      break;
    default: {
      const auto& pa = static_cast<const PrimitiveType&>(a);
      const auto& pb = static_cast<const PrimitiveType&>(b);
      EXPECT_EQ(pa.precision(), pb.precision()) << where;
      EXPECT_EQ(pa.scale(), pb.scale()) << where;
      EXPECT_EQ(pa.length(), pb.length()) << where;
      EXPECT_EQ(pa.geo_parameter(), pb.geo_parameter()) << where;
    }
  }
}

void ExpectSameSnapshot(const Snapshot& a, const Snapshot& b) {
  const std::string where = "snapshot " + std::to_string(a.snapshot_id);
  EXPECT_EQ(a.snapshot_id, b.snapshot_id);
  EXPECT_EQ(a.parent_snapshot_id, b.parent_snapshot_id) << where;
  EXPECT_EQ(a.sequence_number, b.sequence_number) << where;
  EXPECT_EQ(a.timestamp_ms, b.timestamp_ms) << where;
  EXPECT_EQ(a.manifest_list, b.manifest_list) << where;
  EXPECT_EQ(a.v1_manifests, b.v1_manifests) << where;
  EXPECT_EQ(a.summary, b.summary) << where;
  EXPECT_EQ(a.schema_id, b.schema_id) << where;
  EXPECT_EQ(a.first_row_id, b.first_row_id) << where;
  EXPECT_EQ(a.added_rows, b.added_rows) << where;
  EXPECT_EQ(a.key_id, b.key_id) << where;
}

// Every field of TableMetadata, compared in depth.
void ExpectSameMetadata(const TableMetadata& a, const TableMetadata& b) {
  EXPECT_EQ(a.format_version, b.format_version);
  EXPECT_EQ(a.table_uuid, b.table_uuid);
  EXPECT_EQ(a.location, b.location);
  EXPECT_EQ(a.last_sequence_number, b.last_sequence_number);
  EXPECT_EQ(a.last_updated_ms, b.last_updated_ms);
  EXPECT_EQ(a.last_column_id, b.last_column_id);
  EXPECT_EQ(a.current_schema_id, b.current_schema_id);
  ASSERT_EQ(a.schemas.size(), b.schemas.size());
  for (size_t i = 0; i < a.schemas.size(); ++i) {
    EXPECT_EQ(a.schemas[i]->schema_id(), b.schemas[i]->schema_id());
    EXPECT_EQ(a.schemas[i]->identifier_field_ids(), b.schemas[i]->identifier_field_ids());
    ExpectSameFields(a.schemas[i]->fields(), b.schemas[i]->fields(), "schema " + std::to_string(i));
  }
  EXPECT_EQ(a.default_spec_id, b.default_spec_id);
  EXPECT_EQ(a.last_partition_id, b.last_partition_id);
  ASSERT_EQ(a.partition_specs.size(), b.partition_specs.size());
  for (size_t i = 0; i < a.partition_specs.size(); ++i) {
    EXPECT_EQ(a.partition_specs[i]->spec_id(), b.partition_specs[i]->spec_id());
    EXPECT_EQ(a.partition_specs[i]->fields(), b.partition_specs[i]->fields());
  }
  EXPECT_EQ(a.default_sort_order_id, b.default_sort_order_id);
  ASSERT_EQ(a.sort_orders.size(), b.sort_orders.size());
  for (size_t i = 0; i < a.sort_orders.size(); ++i) {
    EXPECT_EQ(a.sort_orders[i]->order_id(), b.sort_orders[i]->order_id());
    EXPECT_EQ(a.sort_orders[i]->fields(), b.sort_orders[i]->fields());
  }
  EXPECT_EQ(a.properties, b.properties);
  EXPECT_EQ(a.current_snapshot_id, b.current_snapshot_id);
  ASSERT_EQ(a.snapshots.size(), b.snapshots.size());
  for (size_t i = 0; i < a.snapshots.size(); ++i) ExpectSameSnapshot(*a.snapshots[i], *b.snapshots[i]);
  EXPECT_EQ(a.refs, b.refs);
  ASSERT_EQ(a.snapshot_log.size(), b.snapshot_log.size());
  for (size_t i = 0; i < a.snapshot_log.size(); ++i) {
    EXPECT_EQ(a.snapshot_log[i].timestamp_ms, b.snapshot_log[i].timestamp_ms);
    EXPECT_EQ(a.snapshot_log[i].snapshot_id, b.snapshot_log[i].snapshot_id);
  }
  ASSERT_EQ(a.metadata_log.size(), b.metadata_log.size());
  for (size_t i = 0; i < a.metadata_log.size(); ++i) {
    EXPECT_EQ(a.metadata_log[i].timestamp_ms, b.metadata_log[i].timestamp_ms);
    EXPECT_EQ(a.metadata_log[i].metadata_file, b.metadata_log[i].metadata_file);
  }
  ASSERT_EQ(a.statistics.size(), b.statistics.size());
  for (size_t i = 0; i < a.statistics.size(); ++i) {
    const StatisticsFile& sa = a.statistics[i];
    const StatisticsFile& sb = b.statistics[i];
    EXPECT_EQ(sa.snapshot_id, sb.snapshot_id);
    EXPECT_EQ(sa.statistics_path, sb.statistics_path);
    EXPECT_EQ(sa.file_size_in_bytes, sb.file_size_in_bytes);
    EXPECT_EQ(sa.file_footer_size_in_bytes, sb.file_footer_size_in_bytes);
    EXPECT_EQ(sa.key_metadata, sb.key_metadata);
    ASSERT_EQ(sa.blob_metadata.size(), sb.blob_metadata.size());
    for (size_t j = 0; j < sa.blob_metadata.size(); ++j) {
      EXPECT_EQ(sa.blob_metadata[j].type, sb.blob_metadata[j].type);
      EXPECT_EQ(sa.blob_metadata[j].snapshot_id, sb.blob_metadata[j].snapshot_id);
      EXPECT_EQ(sa.blob_metadata[j].sequence_number, sb.blob_metadata[j].sequence_number);
      EXPECT_EQ(sa.blob_metadata[j].fields, sb.blob_metadata[j].fields);
      EXPECT_EQ(sa.blob_metadata[j].properties, sb.blob_metadata[j].properties);
    }
  }
  ASSERT_EQ(a.partition_statistics.size(), b.partition_statistics.size());
  for (size_t i = 0; i < a.partition_statistics.size(); ++i) {
    EXPECT_EQ(a.partition_statistics[i].snapshot_id, b.partition_statistics[i].snapshot_id);
    EXPECT_EQ(a.partition_statistics[i].statistics_path, b.partition_statistics[i].statistics_path);
    EXPECT_EQ(a.partition_statistics[i].file_size_in_bytes, b.partition_statistics[i].file_size_in_bytes);
  }
  EXPECT_EQ(a.next_row_id, b.next_row_id);
  ASSERT_EQ(a.encryption_keys.size(), b.encryption_keys.size());
  for (size_t i = 0; i < a.encryption_keys.size(); ++i) {
    EXPECT_EQ(a.encryption_keys[i].key_id, b.encryption_keys[i].key_id);
    EXPECT_EQ(a.encryption_keys[i].encrypted_key_metadata, b.encryption_keys[i].encrypted_key_metadata);
    EXPECT_EQ(a.encryption_keys[i].encrypted_by_id, b.encryption_keys[i].encrypted_by_id);
    EXPECT_EQ(a.encryption_keys[i].properties, b.encryption_keys[i].properties);
  }
}

// parse -> serialize -> parse gives the same metadata, and serializing is stable.
void ExpectRoundTrip(const TableMetadata& metadata, const std::string& name) {
  SCOPED_TRACE(name);
  std::string json = SerializeTableMetadata(metadata);
  auto reparsed = ParseTableMetadata(json);
  ASSERT_TRUE(reparsed.ok()) << reparsed.status().ToString() << "\n" << json;
  ExpectSameMetadata(metadata, **reparsed);
  EXPECT_EQ(SerializeTableMetadata(**reparsed), json);
}

// The member names of a JSON object, in document order.
std::vector<std::string> KeysOf(const std::string& json_text) {
  auto document = json::JsonDocument::Parse(json_text);
  std::vector<std::string> keys;
  if (!document.ok()) return keys;
  json::JsonObject object;
  if (document->root().get_object().get(object)) return keys;
  for (auto member : object) keys.emplace_back(member.key);
  return keys;
}

// --- java-core -----------------------------------------------------------------------

TEST_F(MetadataJsonFixtureTest, JavaV1Valid) {
  auto metadata = ParseOk("iceberg-metadata/java-core/TableMetadataV1Valid.json");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->format_version, 1);
  EXPECT_EQ(metadata->table_uuid, "d20125c8-7284-442c-9aea-15fee620737c");
  EXPECT_EQ(metadata->location, "s3://bucket/test/location");
  EXPECT_EQ(metadata->last_sequence_number, 0);
  EXPECT_EQ(metadata->last_updated_ms, 1602638573874);
  EXPECT_EQ(metadata->last_column_id, 3);
  ASSERT_EQ(metadata->schemas.size(), 1u);
  EXPECT_EQ(metadata->current_schema_id, 0);
  const auto& fields = metadata->schemas[0]->fields();
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[1].name, "y");
  EXPECT_EQ(fields[1].doc, "comment");
  EXPECT_TRUE(fields[2].required);
  EXPECT_EQ(fields[2].type->id(), TypeId::kLong);
  // v1 `partition-spec` becomes spec 0; the last partition id is inferred from it.
  ASSERT_EQ(metadata->partition_specs.size(), 1u);
  EXPECT_EQ(metadata->default_spec_id, 0);
  ASSERT_EQ(metadata->partition_specs[0]->fields().size(), 1u);
  const PartitionField& field = metadata->partition_specs[0]->fields()[0];
  EXPECT_EQ(field.name, "x");
  EXPECT_EQ(field.source_id, 1);
  EXPECT_EQ(field.field_id, 1000);
  EXPECT_EQ(field.transform.kind(), TransformKind::kIdentity);
  EXPECT_EQ(metadata->last_partition_id, 1000);
  // v1 without sort orders: the unsorted order.
  ASSERT_EQ(metadata->sort_orders.size(), 1u);
  EXPECT_TRUE(metadata->sort_orders[0]->is_unsorted());
  EXPECT_EQ(metadata->default_sort_order_id, 0);
  EXPECT_FALSE(metadata->current_snapshot_id.has_value());  // -1
  EXPECT_TRUE(metadata->snapshots.empty());
  EXPECT_TRUE(metadata->refs.empty());
}

TEST_F(MetadataJsonFixtureTest, JavaV2Valid) {
  auto metadata = ParseOk("iceberg-metadata/java-core/TableMetadataV2Valid.json");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->format_version, 2);
  EXPECT_EQ(metadata->last_sequence_number, 34);
  ASSERT_EQ(metadata->schemas.size(), 2u);
  EXPECT_TRUE(metadata->schemas[0]->identifier_field_ids().empty());
  EXPECT_EQ(metadata->schemas[1]->identifier_field_ids(), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(metadata->current_schema_id, 1);
  ASSERT_EQ(metadata->sort_orders.size(), 1u);
  EXPECT_EQ(metadata->default_sort_order_id, 3);
  const auto& sort_fields = metadata->sort_orders[0]->fields();
  ASSERT_EQ(sort_fields.size(), 2u);
  EXPECT_EQ(sort_fields[1].source_id, 3);
  EXPECT_EQ(sort_fields[1].transform, Transform::Bucket(4));
  EXPECT_EQ(sort_fields[1].direction, SortDirection::kDescending);
  EXPECT_EQ(sort_fields[1].null_order, NullOrder::kNullsLast);
  ASSERT_EQ(metadata->snapshots.size(), 2u);
  EXPECT_EQ(metadata->current_snapshot_id, 3055729675574597004);
  const Snapshot& second = *metadata->snapshots[1];
  EXPECT_EQ(second.parent_snapshot_id, 3051729675574597004);
  EXPECT_EQ(second.sequence_number, 1);
  EXPECT_EQ(second.manifest_list, "s3://a/b/2.avro");
  EXPECT_EQ(second.schema_id, 1);
  EXPECT_EQ(second.operation(), "append");
  EXPECT_FALSE(metadata->snapshots[0]->schema_id.has_value());
  // No `refs` member: the current snapshot becomes the main branch.
  ASSERT_EQ(metadata->refs.size(), 1u);
  const SnapshotRef& main = metadata->refs.at("main");
  EXPECT_EQ(main.snapshot_id, 3055729675574597004);
  EXPECT_EQ(main.type, SnapshotRefType::kBranch);
  ASSERT_EQ(metadata->snapshot_log.size(), 2u);
  EXPECT_EQ(metadata->snapshot_log[1].timestamp_ms, 1555100955770);
  EXPECT_EQ(metadata->snapshot_log[1].snapshot_id, 3055729675574597004);
}

TEST_F(MetadataJsonFixtureTest, JavaV2ValidMinimal) {
  auto metadata = ParseOk("iceberg-metadata/java-core/TableMetadataV2ValidMinimal.json");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->format_version, 2);
  EXPECT_TRUE(metadata->snapshots.empty());
  EXPECT_TRUE(metadata->snapshot_log.empty());
  EXPECT_TRUE(metadata->properties.empty());
  EXPECT_TRUE(metadata->metadata_log.empty());
  EXPECT_FALSE(metadata->current_snapshot_id.has_value());
}

TEST_F(MetadataJsonFixtureTest, JavaV3ValidMinimal) {
  auto metadata = ParseOk("iceberg-metadata/java-core/TableMetadataV3ValidMinimal.json");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->format_version, 3);
  EXPECT_EQ(metadata->next_row_id, 0);
  const NestedField& x = metadata->schemas[0]->fields()[0];
  EXPECT_EQ(x.initial_default, Literal(int64_t{1}));
  EXPECT_EQ(x.write_default, Literal(int64_t{1}));
  EXPECT_FALSE(metadata->schemas[0]->fields()[1].initial_default.has_value());
}

TEST_F(MetadataJsonFixtureTest, JavaInvalidFilesGiveJavaMessages) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"TableMetadataUnsupportedVersion.json", "Cannot read unsupported version 42"},
      {"TableMetadataV2MissingPartitionSpecs.json", "partition-specs must exist in format v2"},
      {"TableMetadataV2MissingLastPartitionId.json", "last-partition-id must exist in format v2"},
      {"TableMetadataV2MissingSortOrder.json", "sort-orders must exist in format v2"},
      {"TableMetadataV2CurrentSchemaNotFound.json", "Cannot find schema with current-schema-id=2 from schemas"},
      {"TableMetadataV2MissingSchemas.json", "schemas must exist in format v2"},
  };
  for (const auto& [file, message] : cases) {
    auto metadata = Parse("iceberg-metadata/java-core/" + file);
    ASSERT_FALSE(metadata.ok()) << file;
    EXPECT_EQ(metadata.status().kind(), ErrorKind::kInvalidData) << file;
    EXPECT_EQ(metadata.status().message(), message) << file;
  }
  auto missing_type = Parse("iceberg-metadata/java-core/TableMetadataV1MissingSchemaType.json");
  ASSERT_FALSE(missing_type.ok());
  EXPECT_TRUE(missing_type.status().message().starts_with("Cannot parse type from json: {\"fields\":"))
      << missing_type.status().message();
}

TEST_F(MetadataJsonFixtureTest, JavaStatisticsFiles) {
  auto metadata = ParseOk("iceberg-metadata/java-core/TableMetadataStatisticsFiles.json");
  ASSERT_TRUE(metadata);
  ASSERT_EQ(metadata->statistics.size(), 1u);
  const StatisticsFile& file = metadata->statistics[0];
  EXPECT_EQ(file.snapshot_id, 3055729675574597004);
  EXPECT_EQ(file.statistics_path, "s3://a/b/stats.puffin");
  EXPECT_EQ(file.file_size_in_bytes, 413);
  EXPECT_EQ(file.file_footer_size_in_bytes, 42);
  EXPECT_FALSE(file.key_metadata.has_value());
  ASSERT_EQ(file.blob_metadata.size(), 1u);
  const BlobMetadata& blob = file.blob_metadata[0];
  EXPECT_EQ(blob.type, "ndv");
  EXPECT_EQ(blob.snapshot_id, 3055729675574597004);
  EXPECT_EQ(blob.sequence_number, 1);
  EXPECT_EQ(blob.fields, (std::vector<int32_t>{1}));
  EXPECT_TRUE(blob.properties.empty());
  EXPECT_TRUE(metadata->partition_statistics.empty());
}

TEST_F(MetadataJsonFixtureTest, JavaPartitionStatisticsFiles) {
  auto metadata = ParseOk("iceberg-metadata/java-core/TableMetadataPartitionStatisticsFiles.json");
  ASSERT_TRUE(metadata);
  ASSERT_EQ(metadata->partition_statistics.size(), 1u);
  const PartitionStatisticsFile& file = metadata->partition_statistics[0];
  EXPECT_EQ(file.snapshot_id, 3055729675574597004);
  EXPECT_EQ(file.statistics_path, "s3://a/b/partition-stats.parquet");
  EXPECT_EQ(file.file_size_in_bytes, 43);
  EXPECT_TRUE(metadata->statistics.empty());
}

// --- rust/table_metadata -------------------------------------------------------------

TEST_F(MetadataJsonFixtureTest, RustV1Compat) {
  auto metadata = ParseOk("iceberg-metadata/rust/table_metadata/TableMetadataV1Compat.json");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->format_version, 1);
  EXPECT_EQ(metadata->table_uuid, "3276010d-7b1d-488c-98d8-9025fc4fde6b");
  EXPECT_EQ(metadata->location, "s3://bucket/warehouse/iceberg/glue.db/table_name");
  EXPECT_EQ(metadata->last_updated_ms, 1727773114005);
  EXPECT_EQ(metadata->current_schema_id, 0);
  EXPECT_EQ(metadata->current_snapshot_id, 917896971991367610);
  EXPECT_EQ(metadata->snapshots.at(0)->operation(), "overwrite");
  EXPECT_EQ(metadata->snapshots.at(0)->summary.at("added-files-size"), "1366");
  EXPECT_EQ(metadata->properties.at("owner"), "spark");
  ASSERT_EQ(metadata->metadata_log.size(), 1u);
  EXPECT_EQ(metadata->refs.at("main").snapshot_id, 917896971991367610);
}

TEST_F(MetadataJsonFixtureTest, RustV1SchemasWithoutCurrentIdFallsBackToSchema) {
  auto metadata = ParseOk("iceberg-metadata/rust/table_metadata/TableMetadataV1SchemasWithoutCurrentId.json");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->format_version, 1);
  EXPECT_EQ(metadata->table_uuid, "d20125c8-7284-442c-9aea-15fee620737c");
  ASSERT_EQ(metadata->schemas.size(), 1u);
  const auto& fields = metadata->schemas[0]->fields();
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].name, "x");
  EXPECT_EQ(fields[1].name, "y");
  EXPECT_EQ(fields[2].name, "z");
}

TEST_F(MetadataJsonFixtureTest, RustV1NoValidSchemaFails) {
  auto metadata = Parse("iceberg-metadata/rust/table_metadata/TableMetadataV1NoValidSchema.json");
  ASSERT_FALSE(metadata.ok());
  EXPECT_NE(metadata.status().message().find("No valid schema configuration found"), std::string::npos)
      << metadata.status().message();
}

TEST_F(MetadataJsonFixtureTest, RustV1PartitionSpecsWithoutDefaultIdUsesLargestId) {
  auto metadata = ParseOk("iceberg-metadata/rust/table_metadata/TableMetadataV1PartitionSpecsWithoutDefaultId.json");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->format_version, 1);
  ASSERT_EQ(metadata->partition_specs.size(), 2u);
  EXPECT_EQ(metadata->default_spec_id, 2);
  const PartitionSpec* default_spec = nullptr;
  for (const auto& spec : metadata->partition_specs) {
    if (spec->spec_id() == metadata->default_spec_id) default_spec = spec.get();
  }
  ASSERT_NE(default_spec, nullptr);
  ASSERT_EQ(default_spec->fields().size(), 1u);
  EXPECT_EQ(default_spec->fields()[0].name, "y");
  EXPECT_EQ(metadata->last_partition_id, 1001);
}

TEST_F(MetadataJsonFixtureTest, RustInvalidFilesFail) {
  auto unsupported = Parse("iceberg-metadata/rust/table_metadata/TableMetadataUnsupportedVersion.json");
  ASSERT_FALSE(unsupported.ok());
  EXPECT_EQ(unsupported.status().message(), "schemas must exist in format v3");
  auto schema_not_found = Parse("iceberg-metadata/rust/table_metadata/TableMetadataV2CurrentSchemaNotFound.json");
  ASSERT_FALSE(schema_not_found.ok());
  EXPECT_EQ(schema_not_found.status().message(), "Cannot find schema with current-schema-id=2 from schemas");
}

TEST_F(MetadataJsonFixtureTest, RustV3ValidMinimal) {
  auto metadata = ParseOk("iceberg-metadata/rust/table_metadata/TableMetadataV3ValidMinimal.json");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->format_version, 3);
  EXPECT_EQ(metadata->next_row_id, 0);
}

TEST_F(MetadataJsonFixtureTest, RustV3Encryption) {
  auto metadata = ParseOk("iceberg-metadata/rust/table_metadata/TableMetadataV3ValidEncryption.json");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->format_version, 3);
  ASSERT_EQ(metadata->encryption_keys.size(), 2u);
  const EncryptedKey& first = metadata->encryption_keys[0];
  EXPECT_EQ(first.key_id, "5b29941b-b3b4-4d57-8758-a9d1bf340b39");
  EXPECT_EQ(first.encrypted_key_metadata, "WVMIPwafypGJRgXOICFKcL+m8K4B40gEIJFsgC7rlitqN9PUpDeT19OZPs8=");
  EXPECT_EQ(first.encrypted_by_id, "master-1");
  EXPECT_EQ(first.properties.at("KEY_TIMESTAMP"), "1781172301703");
  EXPECT_EQ(metadata->encryption_keys[1].encrypted_by_id, "5b29941b-b3b4-4d57-8758-a9d1bf340b39");
  EXPECT_TRUE(metadata->encryption_keys[1].properties.empty());
  EXPECT_EQ(metadata->snapshots.at(0)->key_id, "1fb95f04-7f98-4b1f-a08f-e810cfb907ff");
  EXPECT_EQ(metadata->properties.at("encryption.key-id"), "master-1");
}

// --- Round trips ----------------------------------------------------------------------

TEST_F(MetadataJsonFixtureTest, EveryValidFixtureRoundTrips) {
  const std::vector<std::string> files = {
      "java-core/TableMetadataV1Valid.json",
      "java-core/TableMetadataV2Valid.json",
      "java-core/TableMetadataV2ValidMinimal.json",
      "java-core/TableMetadataV3ValidMinimal.json",
      "java-core/TableMetadataStatisticsFiles.json",
      "java-core/TableMetadataPartitionStatisticsFiles.json",
      "rust/table_metadata/TableMetadataV1Compat.json",
      "rust/table_metadata/TableMetadataV1SchemasWithoutCurrentId.json",
      "rust/table_metadata/TableMetadataV1PartitionSpecsWithoutDefaultId.json",
      "rust/table_metadata/TableMetadataV3ValidMinimal.json",
      "rust/table_metadata/TableMetadataV3ValidEncryption.json",
      "rust/examples/example_empty_table_metadata_v2.json",
      "rust/examples/example_table_metadata_v2.json",
      "rust/examples/example_table_metadata_v2_deep_history.json",
      "rust/examples/example_table_metadata_v2_partition_evolution.json",
  };
  for (const std::string& file : files) {
    auto metadata = ParseOk("iceberg-metadata/" + file);
    if (metadata) ExpectRoundTrip(*metadata, file);
  }
}

// Every metadata file of the real tables parses (and round-trips). The one
// BigQuery placeholder that is not table metadata must be rejected.
TEST_F(MetadataJsonFixtureTest, EveryTableMetadataFileParses) {
  const fs::path tables = root_ / "iceberg-tables";
  if (!fs::is_directory(tables)) GTEST_SKIP() << "iceberg-tables/ not in the fixtures";
  const std::vector<std::string> not_metadata = {"big_query_error/metadata/v0.metadata.json"};
  io::LocalFileIO file_io;
  std::vector<std::string> failures;
  size_t parsed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(tables)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || entry.path().parent_path().filename() != "metadata") continue;
    if (!name.ends_with(".metadata.json") && !name.ends_with(".metadata.json.gz")) continue;
    const std::string relative = fs::relative(entry.path(), tables).string();
    auto metadata = ReadTableMetadata(file_io, entry.path().string());
    bool expected_to_fail = std::find(not_metadata.begin(), not_metadata.end(), relative) != not_metadata.end();
    if (expected_to_fail) {
      EXPECT_FALSE(metadata.ok()) << relative;
      continue;
    }
    if (!metadata.ok()) {
      failures.push_back(relative + ": " + metadata.status().ToString());
      continue;
    }
    ++parsed;
    ExpectRoundTrip(**metadata, relative);
  }
  std::string list;
  for (const std::string& failure : failures) list += "\n  " + failure;
  EXPECT_TRUE(failures.empty()) << failures.size() << " metadata files failed to parse:" << list;
  EXPECT_GE(parsed, 100u);
}

// `schema.name-mapping.default` of the name_mapping table variants parses,
// except the hand-edited v1/v2 variants that wrap the fields in a struct
// object, which Java's NameMappingParser rejects too.
TEST_F(MetadataJsonFixtureTest, NameMappingPropertiesParse) {
  const fs::path metadata_dir = root_ / "iceberg-tables/name_mapping/warehouse_1/mydb/t1/metadata";
  if (!fs::is_directory(metadata_dir)) GTEST_SKIP() << "iceberg-tables/name_mapping not in the fixtures";
  io::LocalFileIO file_io;
  auto mapping_of = [&](const std::string& file) -> Result<NameMapping> {
    auto metadata = ReadTableMetadata(file_io, (metadata_dir / file).string());
    if (!metadata.ok()) return metadata.status();
    return ParseNameMapping((*metadata)->properties.at("schema.name-mapping.default"));
  };
  for (const std::string file : {"v1.metadata.json", "v2.metadata.json"}) {
    EXPECT_TRUE(mapping_of(file).status().message().starts_with("Cannot parse non-array mapping fields: {"))
        << file << ": " << mapping_of(file).status().ToString();
  }
  auto v3_2 = mapping_of("v3.2.metadata.json");
  ASSERT_TRUE(v3_2.ok()) << v3_2.status().ToString();
  EXPECT_TRUE(v3_2->fields.empty());
  auto v5 = mapping_of("v5.metadata.json");
  ASSERT_TRUE(v5.ok()) << v5.status().ToString();
  ASSERT_EQ(v5->fields.size(), 3u);
  EXPECT_TRUE(v5->fields[1].names.empty());
  EXPECT_EQ(v5->fields[2].field_id, 3);
  EXPECT_EQ(v5->fields[2].names, (std::vector<std::string>{"b"}));
  for (const std::string file : {"v3.metadata.json", "v3.1.metadata.json", "v4.metadata.json", "v4.1.metadata.json",
                                 "v6.metadata.json", "v7.metadata.json"}) {
    auto mapping = mapping_of(file);
    ASSERT_TRUE(mapping.ok()) << file << ": " << mapping.status().ToString();
    ASSERT_FALSE(mapping->fields.empty()) << file;
    EXPECT_EQ(mapping->fields[0].field_id, 1) << file;
    EXPECT_EQ(mapping->fields[0].names, (std::vector<std::string>{"a"})) << file;
  }
}

// Ids printed as unsigned numbers above 2^63-1 keep their 64 bits.
TEST_F(MetadataJsonFixtureTest, UnsignedSnapshotIdsKeepTheirBits) {
  const std::string file =
      "iceberg-tables/equality_delete_cross_partition/warehouse/ns/t/metadata/vfinal.metadata.json";
  if (!fs::exists(root_ / file)) GTEST_SKIP() << file << " not in the fixtures";
  auto metadata = ParseOk(file);
  ASSERT_TRUE(metadata);
  const int64_t id = static_cast<int64_t>(9876543210123456789ULL);
  EXPECT_EQ(metadata->current_snapshot_id, id);
  EXPECT_EQ(metadata->snapshots.at(1)->snapshot_id, id);
  EXPECT_EQ(metadata->refs.at("main").snapshot_id, id);
  std::string json = SerializeTableMetadata(*metadata);
  EXPECT_NE(json.find("\"current-snapshot-id\":" + std::to_string(id)), std::string::npos);
}

// A hand-written v3 file without `next-row-id` gets one from its snapshots.
TEST_F(MetadataJsonFixtureTest, V3WithoutNextRowId) {
  const std::string file = "iceberg-tables/timestamptz_ns/metadata/v1.metadata.json";
  if (!fs::exists(root_ / file)) GTEST_SKIP() << file << " not in the fixtures";
  auto metadata = ParseOk(file);
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->format_version, 3);
  EXPECT_EQ(metadata->next_row_id, 0);
  EXPECT_EQ(metadata->schemas[0]->fields()[1].type->id(), TypeId::kTimestampTzNs);
}

// --- Serialization form --------------------------------------------------------------------

TEST_F(MetadataJsonFixtureTest, V2FieldOrderFollowsJava) {
  auto metadata = ParseOk("iceberg-metadata/java-core/TableMetadataV2Valid.json");
  ASSERT_TRUE(metadata);
  std::string json = SerializeTableMetadata(*metadata);
  EXPECT_EQ(KeysOf(json), (std::vector<std::string>{
                              "format-version", "table-uuid", "location", "last-sequence-number",
                              "last-updated-ms", "last-column-id", "current-schema-id", "schemas",
                              "default-spec-id", "partition-specs", "last-partition-id",
                              "default-sort-order-id", "sort-orders", "properties", "current-snapshot-id",
                              "refs", "snapshots", "statistics", "partition-statistics", "snapshot-log",
                              "metadata-log"}));
}

TEST_F(MetadataJsonFixtureTest, V1WritesSchemaAndPartitionSpecForOldReaders) {
  auto metadata = ParseOk("iceberg-metadata/java-core/TableMetadataV1Valid.json");
  ASSERT_TRUE(metadata);
  std::string json = SerializeTableMetadata(*metadata);
  EXPECT_EQ(KeysOf(json), (std::vector<std::string>{
                              "format-version", "table-uuid", "location", "last-updated-ms", "last-column-id",
                              "schema", "current-schema-id", "schemas", "partition-spec", "default-spec-id",
                              "partition-specs", "last-partition-id", "default-sort-order-id", "sort-orders",
                              "properties", "current-snapshot-id", "refs", "snapshots", "statistics",
                              "partition-statistics", "snapshot-log", "metadata-log"}));
  EXPECT_NE(json.find("\"partition-spec\":[{\"name\":\"x\",\"transform\":\"identity\",\"source-id\":1,"
                      "\"field-id\":1000}]"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"current-snapshot-id\":-1"), std::string::npos) << json;
}

TEST_F(MetadataJsonFixtureTest, V3WritesNextRowIdAndNullCurrentSnapshot) {
  auto metadata = ParseOk("iceberg-metadata/java-core/TableMetadataV3ValidMinimal.json");
  ASSERT_TRUE(metadata);
  std::string json = SerializeTableMetadata(*metadata);
  EXPECT_NE(json.find("\"current-snapshot-id\":null,\"next-row-id\":0,\"refs\":{}"), std::string::npos) << json;
  EXPECT_NE(json.find("\"initial-default\":1,\"write-default\":1"), std::string::npos) << json;
}

// --- Gzip and FileIO -------------------------------------------------------------------------

TEST_F(MetadataJsonFixtureTest, GzipWriteAndRead) {
  auto metadata = ParseOk("iceberg-metadata/java-core/TableMetadataV2Valid.json");
  ASSERT_TRUE(metadata);
  io::MemoryFileIO file_io;
  const std::string gz = "mem://bucket/t/metadata/00001-abc.gz.metadata.json";
  ASSERT_TRUE(WriteTableMetadata(file_io, gz, *metadata).ok());
  std::string bytes = *file_io.ReadFile(gz);
  ASSERT_TRUE(internal::HasGzipMagic(bytes));
  EXPECT_LT(bytes.size(), SerializeTableMetadata(*metadata).size());
  auto read = ReadTableMetadata(file_io, gz);
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  ExpectSameMetadata(*metadata, **read);

  // Metadata files are never overwritten.
  Status again = WriteTableMetadata(file_io, gz, *metadata);
  EXPECT_EQ(again.kind(), ErrorKind::kAlreadyExists) << again.ToString();

  // Plain names are written as plain JSON.
  const std::string plain = "mem://bucket/t/metadata/00002-abc.metadata.json";
  ASSERT_TRUE(WriteTableMetadata(file_io, plain, *metadata).ok());
  EXPECT_EQ(*file_io.ReadFile(plain), SerializeTableMetadata(*metadata));

  // Gzip content is detected by its magic whatever the name, and the legacy
  // `.metadata.json.gz` suffix is understood.
  auto compressed = internal::GzipCompress(SerializeTableMetadata(*metadata));
  ASSERT_TRUE(compressed.ok());
  for (const std::string location :
       {"mem://bucket/t/metadata/00003-abc.metadata.json", "mem://bucket/t/metadata/00004-abc.metadata.json.gz"}) {
    ASSERT_TRUE(file_io.WriteFile(location, *compressed, io::WriteMode::kFailIfExists).ok());
    auto from_gzip = ReadTableMetadata(file_io, location);
    ASSERT_TRUE(from_gzip.ok()) << location << ": " << from_gzip.status().ToString();
    ExpectSameMetadata(*metadata, **from_gzip);
  }

  // Corrupt gzip and missing files are errors, not crashes.
  const std::string corrupt = "mem://bucket/t/metadata/00005-abc.gz.metadata.json";
  ASSERT_TRUE(file_io.WriteFile(corrupt, bytes.substr(0, bytes.size() / 2), io::WriteMode::kFailIfExists).ok());
  EXPECT_EQ(ReadTableMetadata(file_io, corrupt).status().kind(), ErrorKind::kInvalidData);
  EXPECT_EQ(ReadTableMetadata(file_io, "mem://bucket/t/metadata/missing.metadata.json").status().kind(),
            ErrorKind::kNotFound);
}

TEST(MetadataJsonGzip, LargeRoundTrip) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "{\"i\":" + std::to_string(i) + "}";
  auto compressed = internal::GzipCompress(text);
  ASSERT_TRUE(compressed.ok());
  auto decompressed = internal::GzipDecompress(*compressed);
  ASSERT_TRUE(decompressed.ok()) << decompressed.status().ToString();
  EXPECT_EQ(*decompressed, text);
  EXPECT_FALSE(internal::GzipDecompress("not gzip at all").ok());
}

// --- Pieces ------------------------------------------------------------------------------------

TEST(MetadataJsonPieces, NestedTypesRoundTrip) {
  const std::string json =
      R"({"type":"struct","fields":[)"
      R"({"id":1,"name":"points","required":false,"type":{"type":"list","element-id":2,"element":)"
      R"({"type":"struct","fields":[{"id":3,"name":"x","required":true,"type":"double"}]},"element-required":true}},)"
      R"({"id":4,"name":"props","required":true,"type":{"type":"map","key-id":5,"key":"string","value-id":6,)"
      R"("value":"long","value-required":false},"doc":"properties"}]})";
  auto type = ParseType(json);
  ASSERT_TRUE(type.ok()) << type.status().ToString();
  ASSERT_EQ((*type)->id(), TypeId::kStruct);
  const auto& fields = static_cast<const StructType&>(**type).fields();
  ASSERT_EQ(fields.size(), 2u);
  ASSERT_EQ(fields[0].type->id(), TypeId::kList);
  const NestedField& element = static_cast<const ListType&>(*fields[0].type).element();
  EXPECT_EQ(element.id, 2);
  EXPECT_TRUE(element.required);
  EXPECT_EQ(element.name, "element");
  ASSERT_EQ(fields[1].type->id(), TypeId::kMap);
  const auto& map = static_cast<const MapType&>(*fields[1].type);
  EXPECT_EQ(map.key().id, 5);
  EXPECT_TRUE(map.key().required);
  EXPECT_EQ(map.value().id, 6);
  EXPECT_FALSE(map.value().required);
  EXPECT_EQ(fields[1].doc, "properties");

  json::JsonWriter writer;
  internal::WriteType(writer, **type);
  auto again = ParseType(writer.Take());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ExpectSameType(**type, **again, "root");
}

TEST(MetadataJsonPieces, SchemaErrors) {
  EXPECT_EQ(ParseSchema(R"({"type":"struct","schema-id":1})").status().message(), "Cannot parse missing field: fields");
  EXPECT_EQ(ParseSchema(R"({"type":"struct","fields":[{"id":1,"name":"a","required":true}]})").status().message(),
            "Cannot parse missing field: type");
  EXPECT_EQ(ParseSchema(R"({"type":"struct","fields":[{"id":1,"type":"int","required":true}]})").status().message(),
            "Cannot parse missing string: name");
  EXPECT_EQ(ParseSchema(R"({"type":"struct","fields":[{"id":1,"name":"a","type":"int"}]})").status().message(),
            "Cannot parse missing boolean: required");
  EXPECT_EQ(ParseSchema(R"({"type":"list","element-id":1,"element":"int","element-required":true})")
                .status()
                .message()
                .rfind("Cannot create schema, not a struct type: ", 0),
            0u);
  EXPECT_EQ(ParseType(R"({"type":"tuple"})").status().message(), R"(Cannot parse type from json: {"type":"tuple"})");
  EXPECT_EQ(ParseType("[1]").status().message(), "Cannot parse type from json: [1]");
  EXPECT_EQ(ParseSchema("{not json").status().kind(), ErrorKind::kInvalidData);
}

TEST(MetadataJsonPieces, PartitionSpecs) {
  auto spec = ParsePartitionSpec(
      R"({"spec-id":3,"fields":[{"name":"id_bucket","transform":"bucket[16]","source-id":1,"field-id":1000},)"
      R"({"name":"zorder","transform":"zorder","source-ids":[2,3],"field-id":1001},)"
      R"({"name":"one","transform":"identity","source-ids":[4],"field-id":1002}]})");
  ASSERT_TRUE(spec.ok()) << spec.status().ToString();
  EXPECT_EQ((*spec)->spec_id(), 3);
  const auto& fields = (*spec)->fields();
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].transform, Transform::Bucket(16));
  EXPECT_EQ(fields[0].source_id, 1);
  EXPECT_TRUE(fields[0].source_ids.empty());
  EXPECT_EQ(fields[1].transform.kind(), TransformKind::kUnknown);
  EXPECT_EQ(fields[1].source_id, 2);
  EXPECT_EQ(fields[1].source_ids, (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(fields[2].source_id, 4);
  EXPECT_TRUE(fields[2].source_ids.empty());
  // Multi-argument fields write `source-ids`, single-argument fields `source-id`.
  EXPECT_EQ(SerializePartitionSpec(**spec),
            R"({"spec-id":3,"fields":[{"name":"id_bucket","transform":"bucket[16]","source-id":1,"field-id":1000},)"
            R"({"name":"zorder","transform":"zorder","source-ids":[2,3],"field-id":1001},)"
            R"({"name":"one","transform":"identity","source-id":4,"field-id":1002}]})");

  // v1 specs without field ids get 1000, 1001, ...; mixing is an error.
  auto v1 = ParsePartitionSpec(
      R"({"spec-id":0,"fields":[{"name":"a","transform":"identity","source-id":1},)"
      R"({"name":"b","transform":"day","source-id":2}]})");
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ((*v1)->fields()[0].field_id, 1000);
  EXPECT_EQ((*v1)->fields()[1].field_id, 1001);
  EXPECT_EQ(ParsePartitionSpec(R"({"spec-id":0,"fields":[{"name":"a","transform":"identity","source-id":1},)"
                               R"({"name":"b","transform":"day","source-id":2,"field-id":1001}]})")
                .status()
                .message(),
            "Cannot parse spec with missing field IDs: 1 missing of 2 fields.");
  EXPECT_EQ(ParsePartitionSpec(R"({"fields":[]})").status().message(), "Cannot parse missing int: spec-id");
  EXPECT_EQ(ParsePartitionSpec(R"({"spec-id":0,"fields":[{"name":"a","transform":"identity"}]})").status().message(),
            "Cannot parse missing int: source-id");
}

TEST(MetadataJsonPieces, SortOrders) {
  auto order = ParseSortOrder(
      R"({"order-id":1,"fields":[{"transform":"identity","source-id":2,"direction":"asc","null-order":"nulls-first"},)"
      R"({"transform":"truncate[4]","source-id":3,"direction":"DESC","null-order":"NULLS-LAST"}]})");
  ASSERT_TRUE(order.ok()) << order.status().ToString();
  ASSERT_EQ((*order)->fields().size(), 2u);
  EXPECT_EQ((*order)->fields()[1].direction, SortDirection::kDescending);
  EXPECT_EQ((*order)->fields()[1].null_order, NullOrder::kNullsLast);
  EXPECT_EQ(SerializeSortOrder(**order),
            R"({"order-id":1,"fields":[{"transform":"identity","source-id":2,"direction":"asc",)"
            R"("null-order":"nulls-first"},{"transform":"truncate[4]","source-id":3,"direction":"desc",)"
            R"("null-order":"nulls-last"}]})");
  EXPECT_EQ(ParseSortOrder(R"({"order-id":0,"fields":[{"transform":"identity","source-id":2,"direction":"asc",)"
                           R"("null-order":"first"}]})")
                .status()
                .message(),
            "Unexpected null order: first");
  EXPECT_EQ(ParseSortOrder(R"({"order-id":0,"fields":[{"transform":"identity","source-id":2,"direction":"asc",)"
                           R"("null-order":"nulls-first"}]})")
                .status()
                .message(),
            "Sort order ID 0 is reserved for unsorted order");
  EXPECT_EQ(ParseSortOrder(R"({"order-id":2,"fields":[]})").status().message(), "Unsorted order ID must be 0");
}

TEST(MetadataJsonPieces, Snapshots) {
  // v1: inline manifests, no sequence number, no summary.
  auto v1 = ParseSnapshot(R"({"snapshot-id":5,"timestamp-ms":10,"manifests":["s3://a/m1.avro","s3://a/m2.avro"]})");
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  EXPECT_EQ((*v1)->sequence_number, 0);
  EXPECT_TRUE((*v1)->manifest_list.empty());
  EXPECT_EQ((*v1)->v1_manifests, (std::vector<std::string>{"s3://a/m1.avro", "s3://a/m2.avro"}));
  EXPECT_EQ(SerializeSnapshot(**v1),
            R"({"snapshot-id":5,"timestamp-ms":10,"manifests":["s3://a/m1.avro","s3://a/m2.avro"]})");

  // v3: row lineage and key id; `operation` is written first in the summary.
  const std::string v3_json =
      R"({"sequence-number":7,"snapshot-id":6,"parent-snapshot-id":5,"timestamp-ms":11,)"
      R"("summary":{"operation":"overwrite","added-records":"3","zz":"last"},"manifest-list":"s3://a/list.avro",)"
      R"("schema-id":2,"first-row-id":100,"added-rows":3,"key-id":"k1"})";
  auto v3 = ParseSnapshot(v3_json);
  ASSERT_TRUE(v3.ok()) << v3.status().ToString();
  EXPECT_EQ((*v3)->operation(), "overwrite");
  EXPECT_EQ((*v3)->first_row_id, 100);
  EXPECT_EQ((*v3)->added_rows, 3);
  EXPECT_EQ((*v3)->key_id, "k1");
  EXPECT_EQ(SerializeSnapshot(**v3), v3_json);

  EXPECT_EQ(ParseSnapshot(R"({"snapshot-id":5,"timestamp-ms":10})").status().message(),
            "Cannot parse missing list: manifests");
  EXPECT_EQ(ParseSnapshot(R"({"timestamp-ms":10,"manifest-list":"x"})").status().message(),
            "Cannot parse missing long: snapshot-id");
  EXPECT_EQ(ParseSnapshot(R"({"snapshot-id":5,"timestamp-ms":10,"manifest-list":"x","summary":{"a":1}})")
                .status()
                .message(),
            "Cannot parse a to a string value: 1");
}

TEST(MetadataJsonPieces, NameMapping) {
  auto mapping = ParseNameMapping(
      R"([{"field-id":1,"names":["id","record_id"]},{"field-id":2,"names":["data"]},)"
      R"({"field-id":3,"names":["location"],"fields":[{"field-id":4,"names":["lat","latitude"]}]},)"
      R"({"names":["unmapped"]}])");
  ASSERT_TRUE(mapping.ok()) << mapping.status().ToString();
  ASSERT_EQ(mapping->fields.size(), 4u);
  EXPECT_EQ(mapping->fields[0].names, (std::vector<std::string>{"id", "record_id"}));
  EXPECT_EQ(mapping->fields[2].fields.at(0).field_id, 4);
  EXPECT_FALSE(mapping->fields[3].field_id.has_value());
  EXPECT_EQ(ParseNameMapping(R"({"a":1})").status().message(), R"(Cannot parse non-array mapping fields: {"a":1})");
  EXPECT_EQ(ParseNameMapping(R"([{"field-id":1}])").status().message(), "Cannot parse missing set: names");
}

TEST(MetadataJsonValidation, StructuralErrors) {
  // A minimal valid v2 document, broken one way at a time.
  const std::string base =
      R"({"format-version":2,"table-uuid":"u","location":"s3://t","last-sequence-number":1,)"
      R"("last-updated-ms":1000,"last-column-id":1,"current-schema-id":0,)"
      R"("schemas":[{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"x","required":true,"type":"long"}]}],)"
      R"("default-spec-id":0,"partition-specs":[{"spec-id":0,"fields":[]}],"last-partition-id":999,)"
      R"("default-sort-order-id":0,"sort-orders":[{"order-id":0,"fields":[]}],"properties":{},)"
      R"("current-snapshot-id":SNAP,"snapshots":[{"sequence-number":1,"snapshot-id":7,"timestamp-ms":900,)"
      R"("summary":{"operation":"append"},"manifest-list":"s3://t/l.avro"}]REST})";
  auto document = [&](std::string snapshot, std::string rest) {
    std::string text = base;
    text.replace(text.find("SNAP"), 4, snapshot);
    text.replace(text.find("REST"), 4, rest);
    return text;
  };
  auto ok = ParseTableMetadata(document("7", ""));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ((*ok)->refs.at("main").snapshot_id, 7);

  auto message = [&](std::string snapshot, std::string rest) {
    return ParseTableMetadata(document(snapshot, rest)).status().message();
  };
  EXPECT_EQ(message("8", ""), "Invalid table metadata: Cannot find current version");
  EXPECT_EQ(message("7", R"(,"refs":{"main":{"snapshot-id":9,"type":"branch"}})"),
            "Snapshot for reference main does not exist in the existing snapshots list");
  EXPECT_EQ(message("-1", R"(,"refs":{"main":{"snapshot-id":7,"type":"branch"}})"),
            "Current snapshot is not set, but main branch exists: 7");
  EXPECT_EQ(message("7", R"(,"refs":{"t":{"snapshot-id":7,"type":"tag","min-snapshots-to-keep":1}})"),
            "Tags do not support setting minSnapshotsToKeep");
  EXPECT_EQ(message("7", R"(,"snapshot-log":[{"timestamp-ms":900,"snapshot-id":7}],"next-row-id":5)"), "");
  EXPECT_EQ(message("7", R"(,"snapshot-log":[{"timestamp-ms":900000,"snapshot-id":7}])"),
            "Invalid update timestamp 1000: before last snapshot log entry at 900000");
  EXPECT_EQ(message("7", R"(,"statistics":[{"snapshot-id":7,"statistics-path":"p","file-size-in-bytes":1,)"
                         R"("file-footer-size-in-bytes":1}])"),
            "Cannot parse missing field: blob-metadata");

  std::string no_uuid = document("7", "");
  no_uuid.replace(no_uuid.find(R"("table-uuid":"u",)"), 17, "");
  EXPECT_EQ(ParseTableMetadata(no_uuid).status().message(), "UUID is required in format v2");
  std::string v3 = document("7", "");
  v3.replace(v3.find(R"("format-version":2)"), 18, R"("format-version":3)");
  // v3 without next-row-id: inferred from the snapshots' row ranges.
  v3.replace(v3.find(R"("manifest-list")"), 15, R"("first-row-id":40,"added-rows":2,"manifest-list")");
  auto inferred = ParseTableMetadata(v3);
  ASSERT_TRUE(inferred.ok()) << inferred.status().ToString();
  EXPECT_EQ((*inferred)->next_row_id, 42);
  EXPECT_EQ(ParseTableMetadata("[1,2]").status().message(), "Cannot parse metadata from a non-object: [1,2]");
  EXPECT_EQ(ParseTableMetadata("{}").status().message(), "Cannot parse missing int: format-version");
}

}  // namespace
}  // namespace floe::iceberg
