// Manifests and manifest lists: reading other writers' files, write -> read
// round trips for v1/v2/v3, inheritance, projection and corrupt input.
#include "floe/iceberg/manifest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "floe/avro/container.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/io/local_file_io.h"
#include "floe/io/memory_file_io.h"

namespace floe::iceberg {
namespace {

std::filesystem::path FixturesDir() {
  const char* dir = std::getenv("FLOE_FIXTURES");
  return dir ? std::filesystem::path(dir) : std::filesystem::path();
}

#define REQUIRE_FIXTURES(relative)                                                                   \
  const std::filesystem::path fixture_path = FixturesDir() / (relative);                             \
  if (FixturesDir().empty() || !std::filesystem::exists(fixture_path)) {                            \
    GTEST_SKIP() << "fixtures not found (set FLOE_FIXTURES): " << (relative);                       \
  }

NestedField Field(int32_t id, std::string name, TypeId type, bool required = false) {
  NestedField field;
  field.id = id;
  field.name = std::move(name);
  field.type = PrimitiveType::Get(type);
  field.required = required;
  return field;
}

SchemaPtr TestSchema() {
  std::vector<NestedField> fields = {Field(1, "id", TypeId::kLong, true), Field(2, "name", TypeId::kString),
                                     Field(3, "ts", TypeId::kTimestampTz), Field(4, "score", TypeId::kDouble)};
  NestedField price;
  price.id = 5;
  price.name = "price";
  price.type = PrimitiveType::Decimal(10, 2);
  fields.push_back(price);
  return *Schema::Make(3, std::move(fields));
}

PartitionSpecPtr TestSpec() {
  return std::make_shared<PartitionSpec>(
      7, std::vector<PartitionField>{
             {.source_id = 2, .source_ids = {}, .field_id = 1000, .name = "name", .transform = Transform::Identity()},
             {.source_id = 3, .source_ids = {}, .field_id = 1001, .name = "ts_day", .transform = Transform::Day()},
             {.source_id = 1, .source_ids = {}, .field_id = 1002, .name = "id_bucket", .transform = Transform::Bucket(8)},
             {.source_id = 5, .source_ids = {}, .field_id = 1003, .name = "price", .transform = Transform::Identity()},
             {.source_id = 4, .source_ids = {}, .field_id = 1004, .name = "score", .transform = Transform::Identity()}});
}

DataFile TestFile(int i, DataFileContent content = DataFileContent::kData) {
  DataFile file;
  file.content = content;
  file.file_path = "mem://t/data/file-" + std::to_string(i) + ".parquet";
  file.file_format = FileFormat::kParquet;
  file.partition = {Literal(std::string(i % 3 == 0 ? "" : "name-" + std::to_string(i % 3))), Literal(int32_t{19000 + i}),
                    Literal(int32_t{i % 8}), Literal(Decimal{static_cast<__int128>(i) * 1000 - 5}),
                    i == 2 ? Literal() : Literal(i == 4 ? std::nan("") : 1.5 * i)};
  file.record_count = 100 + i;
  file.file_size_in_bytes = 4096 + i;
  file.column_sizes = {{1, 10 + i}, {2, 20}, {3, 30}};
  file.value_counts = {{1, 100 + i}, {2, 100 + i}};
  file.null_value_counts = {{1, 0}, {2, i}};
  file.nan_value_counts = {{4, 0}};
  file.lower_bounds = {{1, std::string("\x01\0\0\0\0\0\0\0", 8)}, {2, "a"}};
  file.upper_bounds = {{1, std::string("\x09\0\0\0\0\0\0\0", 8)}, {2, "zzz" + std::to_string(i)}};
  file.split_offsets = {4, 1000 + i};
  file.sort_order_id = i % 2 == 0 ? std::optional<int32_t>(0) : std::nullopt;
  if (content == DataFileContent::kEqualityDeletes) file.equality_ids = {1, 2};
  if (content == DataFileContent::kPositionDeletes) {
    file.referenced_data_file = "mem://t/data/file-0.parquet";
    file.sort_order_id.reset();
  }
  if (i == 1) file.key_metadata = std::string("\x00\x01key", 5);
  return file;
}

TEST(ManifestListTest, ReadsJava14And15ListsByFieldId) {
  REQUIRE_FIXTURES("iceberg-metadata/rust/manifest_lists");
  io::LocalFileIO io;
  auto v1 = ReadManifestList(io, (fixture_path / "manifest-list-v2-1.avro").string());
  ASSERT_TRUE(v1.ok()) << v1.status().ToString();
  auto v2 = ReadManifestList(io, (fixture_path / "manifest-list-v2-2.avro").string());
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  for (const auto* list : {&*v1, &*v2}) {
    ASSERT_EQ(list->size(), 1u);
    const ManifestFile& m = list->front();
    EXPECT_EQ(m.partition_spec_id, 0);
    EXPECT_EQ(m.content, ManifestContent::kData);
    EXPECT_EQ(m.sequence_number, 1);
    EXPECT_EQ(m.min_sequence_number, 1);
    EXPECT_EQ(m.added_files_count, 1);
    EXPECT_EQ(m.existing_files_count, 0);
    EXPECT_EQ(m.deleted_files_count, 0);
    EXPECT_EQ(m.added_rows_count, 1);
    EXPECT_EQ(m.existing_rows_count, 0);
    EXPECT_EQ(m.deleted_rows_count, 0);
    ASSERT_TRUE(m.partitions.has_value());
    EXPECT_TRUE(m.partitions->empty());
  }
  EXPECT_EQ((*v1)[0].manifest_path, "iceberg-warehouse/people/metadata/794bd2ee-052c-449c-9a6f-3a88857c747f-m0.avro");
  EXPECT_EQ((*v1)[0].manifest_length, 6658);
  EXPECT_EQ((*v1)[0].added_snapshot_id, 6653143792592159268);
  EXPECT_EQ((*v2)[0].manifest_path, "iceberg-warehouse_2/people/metadata/80064d99-bd75-4cf3-9b27-13a60f189039-m0.avro");
  EXPECT_EQ((*v2)[0].manifest_length, 6660);
  EXPECT_EQ((*v2)[0].added_snapshot_id, 3083072880052097243);
}

TEST(ManifestListTest, EncryptedListIsRejectedClearly) {
  REQUIRE_FIXTURES("iceberg-metadata/rust/manifest_lists/manifest-list-v3-encrypted.avro");
  io::LocalFileIO io;
  auto list = ReadManifestList(io, fixture_path.string());
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.status().kind(), ErrorKind::kNotImplemented);
  EXPECT_NE(list.status().message().find("encrypted manifest list not supported"), std::string::npos)
      << list.status().ToString();
}

class ManifestRoundTripTest : public ::testing::TestWithParam<int> {};

TEST_P(ManifestRoundTripTest, WritesAndReadsEntries) {
  const int version = GetParam();
  io::MemoryFileIO io;
  SchemaPtr schema = TestSchema();
  PartitionSpecPtr spec = TestSpec();
  ManifestWriterOptions options;
  options.format_version = version;
  options.snapshot_id = 42;
  auto writer = ManifestWriter::Open(io, "mem://t/metadata/m0.avro", spec, schema, options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  std::vector<DataFile> files;
  for (int i = 0; i < 5; ++i) {
    files.push_back(TestFile(i));
    if (version >= 3 && i == 3) files.back().first_row_id = 5000;
  }
  ASSERT_TRUE((*writer)->Add(files[0]).ok());
  ASSERT_TRUE((*writer)->Add(files[1], version >= 2 ? std::optional<int64_t>(3) : std::nullopt).ok());
  ManifestEntry existing{.status = ManifestEntryStatus::kExisting,
                         .snapshot_id = 7,
                         .sequence_number = 2,
                         .file_sequence_number = 2,
                         .data_file = files[2]};
  ASSERT_TRUE((*writer)->Existing(existing).ok());
  ManifestEntry deleted = existing;
  deleted.data_file = files[3];
  ASSERT_TRUE((*writer)->Delete(deleted).ok());
  ASSERT_TRUE((*writer)->Add(files[4]).ok());
  auto manifest = (*writer)->Close();
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();

  EXPECT_EQ(manifest->partition_spec_id, 7);
  EXPECT_EQ(manifest->added_snapshot_id, 42);
  EXPECT_EQ(manifest->sequence_number, kUnassignedSequenceNumber);
  EXPECT_EQ(manifest->added_files_count, 3);
  EXPECT_EQ(manifest->existing_files_count, 1);
  EXPECT_EQ(manifest->deleted_files_count, 1);
  EXPECT_EQ(manifest->added_rows_count, 100 + 101 + 104);
  EXPECT_EQ(manifest->existing_rows_count, 102);
  EXPECT_EQ(manifest->deleted_rows_count, 103);
  EXPECT_EQ(manifest->manifest_length, static_cast<int64_t>(io.ReadFile("mem://t/metadata/m0.avro")->size()));
  ASSERT_TRUE(manifest->partitions.has_value());
  ASSERT_EQ(manifest->partitions->size(), 5u);
  const auto& name_summary = (*manifest->partitions)[0];
  EXPECT_FALSE(name_summary.contains_null);
  EXPECT_EQ(name_summary.lower_bound, std::optional<std::string>(""));
  EXPECT_EQ(name_summary.upper_bound, std::optional<std::string>("name-2"));
  const auto& day_summary = (*manifest->partitions)[1];
  EXPECT_EQ(day_summary.lower_bound, *ToBinary(*PrimitiveType::Get(TypeId::kDate), Literal(int32_t{19000})));
  EXPECT_EQ(day_summary.upper_bound, *ToBinary(*PrimitiveType::Get(TypeId::kDate), Literal(int32_t{19004})));
  const auto& score_summary = (*manifest->partitions)[4];
  EXPECT_TRUE(score_summary.contains_null);
  EXPECT_EQ(score_summary.contains_nan, std::optional<bool>(true));
  EXPECT_EQ(score_summary.upper_bound, *ToBinary(*PrimitiveType::Get(TypeId::kDouble), Literal(4.5)));
  if (version >= 2) {
    EXPECT_EQ(manifest->min_sequence_number, 2);
  }

  // As a committed manifest (sequence number 9, first row id 100).
  ManifestFile listed = *manifest;
  listed.sequence_number = version >= 2 ? 9 : 0;
  listed.first_row_id = version >= 3 ? std::optional<int64_t>(100) : std::nullopt;
  TableMetadata table;
  table.format_version = version;
  table.schemas = {schema};
  table.current_schema_id = schema->schema_id();
  table.partition_specs = {spec};
  table.default_spec_id = spec->spec_id();
  auto reader = ManifestReader::Open(io, listed, &table);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->metadata().format_version, version);
  EXPECT_EQ((*reader)->metadata().schema_id, 3);
  EXPECT_EQ((*reader)->metadata().partition_spec_id, 7);
  auto entries = (*reader)->ReadAll();
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 5u);
  const std::vector<ManifestEntryStatus> statuses = {ManifestEntryStatus::kAdded, ManifestEntryStatus::kAdded,
                                                     ManifestEntryStatus::kExisting, ManifestEntryStatus::kDeleted,
                                                     ManifestEntryStatus::kAdded};
  for (size_t i = 0; i < entries->size(); ++i) {
    const ManifestEntry& entry = (*entries)[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(entry.status, statuses[i]);
    DataFile expected = files[i];
    if (version >= 3 && expected.content == DataFileContent::kData && !expected.first_row_id) {
      // Inherited: 100 plus the record counts of earlier files without a first_row_id.
      int64_t next = 100;
      for (size_t j = 0; j < i; ++j) {
        if (!files[j].first_row_id) next += files[j].record_count;
      }
      expected.first_row_id = next;
    }
    if (version < 3) expected.first_row_id.reset();
    const DataFile& actual = entry.data_file;
    EXPECT_EQ(actual.file_path, expected.file_path);
    EXPECT_EQ(actual.file_format, FileFormat::kParquet);
    ASSERT_EQ(actual.partition.size(), 5u);
    EXPECT_EQ(actual.partition[0], expected.partition[0]);
    EXPECT_EQ(actual.partition[1], expected.partition[1]);
    EXPECT_EQ(actual.partition[2], expected.partition[2]);
    EXPECT_EQ(actual.partition[3], expected.partition[3]);
    if (i == 4) {
      EXPECT_TRUE(std::isnan(actual.partition[4].get<double>()));
    } else {
      EXPECT_EQ(actual.partition[4], expected.partition[4]);
    }
    EXPECT_EQ(actual.record_count, expected.record_count);
    EXPECT_EQ(actual.file_size_in_bytes, expected.file_size_in_bytes);
    EXPECT_EQ(actual.column_sizes, expected.column_sizes);
    EXPECT_EQ(actual.value_counts, expected.value_counts);
    EXPECT_EQ(actual.null_value_counts, expected.null_value_counts);
    EXPECT_EQ(actual.nan_value_counts, expected.nan_value_counts);
    EXPECT_EQ(actual.lower_bounds, expected.lower_bounds);
    EXPECT_EQ(actual.upper_bounds, expected.upper_bounds);
    EXPECT_EQ(actual.key_metadata, expected.key_metadata);
    EXPECT_EQ(actual.split_offsets, expected.split_offsets);
    EXPECT_EQ(actual.sort_order_id, expected.sort_order_id);
    EXPECT_EQ(actual.first_row_id, expected.first_row_id);
  }
  // Snapshot ids: written for ADDED/DELETED (42), kept for EXISTING (7).
  EXPECT_EQ((*entries)[0].snapshot_id, 42);
  EXPECT_EQ((*entries)[2].snapshot_id, 7);
  EXPECT_EQ((*entries)[3].snapshot_id, 42);
  if (version == 1) {
    for (const auto& entry : *entries) {
      EXPECT_EQ(entry.sequence_number, 0);
      EXPECT_EQ(entry.file_sequence_number, 0);
    }
  } else {
    EXPECT_EQ((*entries)[0].sequence_number, 9);  // inherited
    EXPECT_EQ((*entries)[0].file_sequence_number, 9);
    EXPECT_EQ((*entries)[1].sequence_number, 3);  // explicit data sequence number
    EXPECT_EQ((*entries)[1].file_sequence_number, 9);
    EXPECT_EQ((*entries)[2].sequence_number, 2);
    EXPECT_EQ((*entries)[3].sequence_number, 2);
    EXPECT_EQ((*entries)[4].sequence_number, 9);
  }
}

INSTANTIATE_TEST_SUITE_P(FormatVersions, ManifestRoundTripTest, ::testing::Values(1, 2, 3));

TEST(ManifestTest, DeleteManifestRoundTrip) {
  io::MemoryFileIO io;
  ManifestWriterOptions options;
  options.format_version = 3;
  options.content = ManifestContent::kDeletes;
  options.snapshot_id = 5;
  auto writer = ManifestWriter::Open(io, "mem://t/metadata/d0.avro", TestSpec(), TestSchema(), options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  DataFile equality = TestFile(1, DataFileContent::kEqualityDeletes);
  DataFile dv = TestFile(2, DataFileContent::kPositionDeletes);
  dv.file_format = FileFormat::kPuffin;
  dv.content_offset = 4;
  dv.content_size_in_bytes = 40;
  ASSERT_TRUE((*writer)->Add(equality).ok());
  ASSERT_TRUE((*writer)->Add(dv).ok());
  // A data file does not belong in a delete manifest.
  EXPECT_FALSE((*writer)->Add(TestFile(3)).ok());
  auto manifest = (*writer)->Close();
  ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
  EXPECT_EQ(manifest->content, ManifestContent::kDeletes);
  EXPECT_EQ(manifest->added_files_count, 2);

  auto reader = ManifestReader::Open(io, "mem://t/metadata/d0.avro", nullptr);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->metadata().content, ManifestContent::kDeletes);
  EXPECT_EQ((*reader)->partition_spec()->spec_id(), 7);
  auto entries = (*reader)->ReadAll();
  ASSERT_TRUE(entries.ok()) << entries.status().ToString();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[0].data_file.content, DataFileContent::kEqualityDeletes);
  EXPECT_EQ((*entries)[0].data_file.equality_ids, (std::vector<int32_t>{1, 2}));
  EXPECT_FALSE((*entries)[0].data_file.first_row_id.has_value());
  EXPECT_EQ((*entries)[1].data_file.content, DataFileContent::kPositionDeletes);
  EXPECT_TRUE((*entries)[1].data_file.is_deletion_vector());
  EXPECT_EQ((*entries)[1].data_file.referenced_data_file, "mem://t/data/file-0.parquet");
  EXPECT_EQ((*entries)[1].data_file.content_offset, 4);
  EXPECT_EQ((*entries)[1].data_file.content_size_in_bytes, 40);
  // Without a manifest-list entry nothing is inherited.
  EXPECT_FALSE((*entries)[0].sequence_number.has_value());
  EXPECT_EQ((*entries)[0].snapshot_id, 5);
}

TEST(ManifestTest, ProjectionSkipsStatsAndReusedEntriesHaveNoStaleValues) {
  io::MemoryFileIO io;
  ManifestWriterOptions options;
  options.snapshot_id = 1;
  auto writer = ManifestWriter::Open(io, "mem://t/m.avro", PartitionSpec::Unpartitioned(), TestSchema(), options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();
  DataFile first = TestFile(1);
  first.partition.clear();
  first.lower_bounds = {{1, "a"}, {2, "b"}, {3, "c"}, {5, "e"}};
  DataFile second = TestFile(2);
  second.partition.clear();
  second.lower_bounds = {{2, "B"}, {4, "D"}};
  second.key_metadata.reset();
  second.split_offsets.clear();
  ASSERT_TRUE((*writer)->Add(first).ok());
  ASSERT_TRUE((*writer)->Add(second).ok());
  ASSERT_TRUE((*writer)->Close().ok());

  auto reader = ManifestReader::Open(io, "mem://t/m.avro", nullptr);
  ASSERT_TRUE(reader.ok());
  ManifestEntry entry;
  ASSERT_TRUE(*(*reader)->Next(&entry));
  EXPECT_EQ(entry.data_file.lower_bounds, first.lower_bounds);
  ASSERT_TRUE(*(*reader)->Next(&entry));
  EXPECT_EQ(entry.data_file.lower_bounds, second.lower_bounds);
  EXPECT_EQ(entry.data_file.key_metadata, std::nullopt);
  EXPECT_TRUE(entry.data_file.split_offsets.empty());
  EXPECT_FALSE(*(*reader)->Next(&entry));

  auto no_stats = ManifestReader::Open(io, "mem://t/m.avro", nullptr, {.column_stats = false, .stats_column_ids = {}});
  ASSERT_TRUE(no_stats.ok());
  auto entries = (*no_stats)->ReadAll();
  ASSERT_TRUE(entries.ok());
  for (const auto& e : *entries) {
    EXPECT_TRUE(e.data_file.lower_bounds.empty());
    EXPECT_TRUE(e.data_file.column_sizes.empty());
    EXPECT_FALSE(e.data_file.split_offsets.empty() && e.data_file.file_path == first.file_path);
  }
  auto some = ManifestReader::Open(io, "mem://t/m.avro", nullptr, {.column_stats = true, .stats_column_ids = {2}});
  ASSERT_TRUE(some.ok());
  entries = (*some)->ReadAll();
  ASSERT_TRUE(entries.ok());
  EXPECT_EQ((*entries)[0].data_file.lower_bounds, (std::map<int32_t, std::string>{{2, "b"}}));
  EXPECT_EQ((*entries)[1].data_file.null_value_counts, (std::map<int32_t, int64_t>{{2, 2}}));
}

TEST(ManifestTest, RefusesToOverwriteAndRejectsCorruptFiles) {
  io::MemoryFileIO io;
  ManifestWriterOptions options;
  options.snapshot_id = 1;
  auto first = ManifestWriter::Open(io, "mem://t/m.avro", PartitionSpec::Unpartitioned(), TestSchema(), options);
  ASSERT_TRUE(first.ok());
  DataFile file = TestFile(1);
  file.partition.clear();
  for (int i = 0; i < 50; ++i) ASSERT_TRUE((*first)->Add(file).ok());
  ASSERT_TRUE((*first)->Close().ok());
  auto second = ManifestWriter::Open(io, "mem://t/m.avro", PartitionSpec::Unpartitioned(), TestSchema(), options);
  if (second.ok()) {
    auto closed = (*second)->Close();
    ASSERT_FALSE(closed.ok());
    EXPECT_EQ(closed.status().kind(), ErrorKind::kAlreadyExists);
  } else {
    EXPECT_EQ(second.status().kind(), ErrorKind::kAlreadyExists);
  }

  std::string bytes = *io.ReadFile("mem://t/m.avro");
  // Truncations and bit flips never crash; they give kInvalidData (or read fewer entries).
  for (size_t cut : {bytes.size() / 2, bytes.size() - 20, bytes.size() - 1}) {
    auto reader = ManifestReader::OpenBytes(bytes.substr(0, cut), "cut", nullptr, nullptr);
    if (!reader.ok()) {
      EXPECT_EQ(reader.status().kind(), ErrorKind::kInvalidData) << reader.status().ToString();
      continue;
    }
    auto entries = (*reader)->ReadAll();
    EXPECT_FALSE(entries.ok());
  }
  for (size_t position = bytes.size() / 2; position < bytes.size(); position += 37) {
    std::string flipped = bytes;
    flipped[position] = static_cast<char>(flipped[position] ^ 0x5a);
    auto reader = ManifestReader::OpenBytes(flipped, "flipped", nullptr, nullptr);
    if (reader.ok()) (void)(*reader)->ReadAll();
  }
  auto encrypted = ManifestReader::OpenBytes("AGS1" + bytes, "enc", nullptr, nullptr);
  ASSERT_FALSE(encrypted.ok());
  EXPECT_EQ(encrypted.status().kind(), ErrorKind::kNotImplemented);
}

class ManifestListRoundTripTest : public ::testing::TestWithParam<int> {};

TEST_P(ManifestListRoundTripTest, WritesAndReadsManifestFiles) {
  const int version = GetParam();
  io::MemoryFileIO io;
  ManifestListWriterOptions options;
  options.format_version = version;
  options.snapshot_id = 77;
  options.parent_snapshot_id = 76;
  options.sequence_number = 12;
  if (version >= 3) options.first_row_id = 1000;
  auto writer = ManifestListWriter::Open(io, "mem://t/metadata/snap-77.avro", options);
  ASSERT_TRUE(writer.ok()) << writer.status().ToString();

  ManifestFile fresh;  // written by this snapshot: sequence numbers unassigned
  fresh.manifest_path = "mem://t/metadata/m-new.avro";
  fresh.manifest_length = 1234;
  fresh.partition_spec_id = 1;
  fresh.sequence_number = kUnassignedSequenceNumber;
  fresh.min_sequence_number = kUnassignedSequenceNumber;
  fresh.added_snapshot_id = 77;
  fresh.added_files_count = 2;
  fresh.existing_files_count = 0;
  fresh.deleted_files_count = 0;
  fresh.added_rows_count = 30;
  fresh.existing_rows_count = 0;
  fresh.deleted_rows_count = 0;
  fresh.partitions = std::vector<PartitionFieldSummary>{
      {.contains_null = true, .contains_nan = false, .lower_bound = "a", .upper_bound = "z"},
      {.contains_null = false, .contains_nan = std::nullopt, .lower_bound = std::nullopt, .upper_bound = std::nullopt}};
  ManifestFile old = fresh;  // carried over from snapshot 70
  old.manifest_path = "mem://t/metadata/m-old.avro";
  old.sequence_number = 4;
  old.min_sequence_number = 3;
  old.added_snapshot_id = 70;
  old.existing_files_count = 5;
  old.existing_rows_count = 50;
  old.key_metadata = std::string("\x01\x02", 2);
  if (version >= 3) old.first_row_id = 10;
  ManifestFile deletes = fresh;
  deletes.manifest_path = "mem://t/metadata/d-new.avro";
  deletes.content = ManifestContent::kDeletes;
  deletes.partitions.reset();

  ASSERT_TRUE((*writer)->Add(fresh).ok());
  ASSERT_TRUE((*writer)->Add(old).ok());
  if (version >= 2) ASSERT_TRUE((*writer)->Add(deletes).ok());
  ManifestFile foreign = fresh;
  foreign.added_snapshot_id = 5;
  if (version >= 2) EXPECT_FALSE((*writer)->Add(foreign).ok());
  ASSERT_TRUE((*writer)->Close().ok());
  if (version >= 3) {
    EXPECT_EQ((*writer)->next_row_id(), 1030);
  }

  auto list = ReadManifestList(io, "mem://t/metadata/snap-77.avro", 77);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  ASSERT_EQ(list->size(), version >= 2 ? 3u : 2u);
  const ManifestFile& a = (*list)[0];
  EXPECT_EQ(a.manifest_path, fresh.manifest_path);
  EXPECT_EQ(a.manifest_length, 1234);
  EXPECT_EQ(a.partition_spec_id, 1);
  EXPECT_EQ(a.added_snapshot_id, 77);
  EXPECT_EQ(a.added_files_count, 2);
  EXPECT_EQ(a.added_rows_count, 30);
  EXPECT_EQ(a.partitions, fresh.partitions);
  const ManifestFile& b = (*list)[1];
  EXPECT_EQ(b.added_snapshot_id, 70);
  EXPECT_EQ(b.existing_rows_count, 50);
  EXPECT_EQ(b.key_metadata, old.key_metadata);
  if (version == 1) {
    EXPECT_EQ(a.sequence_number, 0);
    EXPECT_EQ(b.sequence_number, 0);
  } else {
    EXPECT_EQ(a.sequence_number, 12);
    EXPECT_EQ(a.min_sequence_number, 12);
    EXPECT_EQ(b.sequence_number, 4);
    EXPECT_EQ(b.min_sequence_number, 3);
    EXPECT_EQ((*list)[2].content, ManifestContent::kDeletes);
    EXPECT_FALSE((*list)[2].partitions.has_value());
  }
  if (version >= 3) {
    EXPECT_EQ(a.first_row_id, 1000);
    EXPECT_EQ(b.first_row_id, 10);
    EXPECT_FALSE((*list)[2].first_row_id.has_value());
  }

  // Key-value metadata readers require.
  auto container = avro::ContainerReader::Open(*io.ReadFile("mem://t/metadata/snap-77.avro"), "list");
  ASSERT_TRUE(container.ok());
  EXPECT_EQ((*container)->FindMetadata("snapshot-id"), "77");
  EXPECT_EQ((*container)->FindMetadata("parent-snapshot-id"), "76");
  EXPECT_EQ((*container)->FindMetadata("format-version"), std::to_string(version));
  if (version >= 2) EXPECT_EQ((*container)->FindMetadata("sequence-number"), "12");
}

INSTANTIATE_TEST_SUITE_P(FormatVersions, ManifestListRoundTripTest, ::testing::Values(1, 2, 3));

}  // namespace
}  // namespace floe::iceberg
