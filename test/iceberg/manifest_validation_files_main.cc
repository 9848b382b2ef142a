// Writes manifests and manifest lists (format v1, v2, v3) for the independent
// check with Debian's python3-avro (validate_manifests_with_python_avro.py).
//
// Usage: iceberg_write_manifest_validation_files OUTPUT_DIR
//
// The values follow formulas of the entry index i that the Python script
// recomputes on its own; keep the two in step.
#include <cmath>
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/io/local_file_io.h"

namespace floe::iceberg {
namespace {

constexpr int kEntries = 20;
constexpr int64_t kSnapshotId = 42;

NestedField Field(int32_t id, std::string name, TypePtr type, bool required = false) {
  NestedField field;
  field.id = id;
  field.name = std::move(name);
  field.type = std::move(type);
  field.required = required;
  return field;
}

std::string LittleEndian64(int64_t value) {
  std::string bytes(8, '\0');
  for (int b = 0; b < 8; ++b) bytes[static_cast<size_t>(b)] = static_cast<char>((static_cast<uint64_t>(value) >> (8 * b)) & 0xff);
  return bytes;
}

DataFile MakeFile(int i, DataFileContent content, int version) {
  DataFile file;
  file.content = content;
  file.file_path = fmt::format("s3://bucket/t/{}/file-{}.parquet", content == DataFileContent::kData ? "data" : "deletes", i);
  file.file_format = FileFormat::kParquet;
  file.partition = {i % 5 == 0 ? Literal() : Literal(fmt::format("cat-{}", i % 4)), Literal(int32_t{19000 + i}),
                    Literal(int32_t{i % 8}), Literal(Decimal{static_cast<__int128>(i) * 1000 + 5}),
                    i == 7 ? Literal(std::nan("")) : (i % 6 == 0 ? Literal() : Literal(i * 0.5))};
  file.record_count = 1000 + i;
  file.file_size_in_bytes = 50000 + i;
  file.column_sizes = {{1, 10 + i}, {2, 20 + i}};
  file.value_counts = {{1, 1000 + i}, {2, 1000 + i}};
  file.null_value_counts = {{1, 0}, {2, i}};
  if (i % 2 == 0) file.nan_value_counts = {{4, 0}};
  file.lower_bounds = {{1, LittleEndian64(i)}, {2, fmt::format("a{}", i)}};
  file.upper_bounds = {{1, LittleEndian64(i + 100)}, {2, "z"}};
  if (i == 1) file.key_metadata = std::string("\x00\x01key", 5);
  file.split_offsets = {4, 4096 + i};
  if (i % 2 == 0) file.sort_order_id = 0;
  if (content == DataFileContent::kData && version >= 3 && i == 4) file.first_row_id = 999;
  if (content == DataFileContent::kEqualityDeletes) {
    file.equality_ids = {1, 2};
  }
  if (content == DataFileContent::kPositionDeletes) {
    file.sort_order_id.reset();
    file.file_format = FileFormat::kPuffin;
    file.file_path = fmt::format("s3://bucket/t/deletes/dv-{}.puffin", i);
    file.referenced_data_file = fmt::format("s3://bucket/t/data/file-{}.parquet", i);
    file.content_offset = 4 + i;
    file.content_size_in_bytes = 40 + i;
  }
  return file;
}

// Entry i: EXISTING (i % 3 == 0, snapshot 7, sequence numbers 3), ADDED
// (i % 3 == 1, inherited sequence numbers), DELETED (i % 3 == 2, sequence numbers 2).
Status WriteEntries(ManifestWriter& writer, DataFileContent content, int version) {
  for (int i = 0; i < kEntries; ++i) {
    DataFile file = MakeFile(i, content, version);
    if (i % 3 == 1) {
      FLOE_RETURN_IF_ERROR(writer.Add(file));
    } else if (i % 3 == 0) {
      FLOE_RETURN_IF_ERROR(writer.Existing(ManifestEntry{.status = ManifestEntryStatus::kExisting,
                                                         .snapshot_id = 7,
                                                         .sequence_number = 3,
                                                         .file_sequence_number = 3,
                                                         .data_file = file}));
    } else {
      FLOE_RETURN_IF_ERROR(writer.Delete(ManifestEntry{.status = ManifestEntryStatus::kDeleted,
                                                       .snapshot_id = 7,
                                                       .sequence_number = 2,
                                                       .file_sequence_number = 2,
                                                       .data_file = file}));
    }
  }
  return Status::OK();
}

Status Run(const std::string& directory) {
  io::LocalFileIO io;
  auto decimal = PrimitiveType::Decimal(10, 2);
  FLOE_ASSIGN_OR_RETURN(SchemaPtr schema,
                        Schema::Make(5, {Field(1, "id", PrimitiveType::Get(TypeId::kLong), true),
                                         Field(2, "category", PrimitiveType::Get(TypeId::kString)),
                                         Field(3, "ts", PrimitiveType::Get(TypeId::kTimestampTz)),
                                         Field(4, "score", PrimitiveType::Get(TypeId::kDouble)),
                                         Field(5, "price", decimal)}));
  auto spec = std::make_shared<PartitionSpec>(
      3, std::vector<PartitionField>{
             {.source_id = 2, .source_ids = {}, .field_id = 1000, .name = "category", .transform = Transform::Identity()},
             {.source_id = 3, .source_ids = {}, .field_id = 1001, .name = "ts_day", .transform = Transform::Day()},
             {.source_id = 1, .source_ids = {}, .field_id = 1002, .name = "id_bucket", .transform = Transform::Bucket(8)},
             {.source_id = 5, .source_ids = {}, .field_id = 1003, .name = "price", .transform = Transform::Identity()},
             {.source_id = 4, .source_ids = {}, .field_id = 1004, .name = "score", .transform = Transform::Identity()}});

  for (int version = 1; version <= 3; ++version) {
    std::vector<ManifestFile> manifests;
    std::vector<std::pair<std::string, DataFileContent>> files = {{"manifest", DataFileContent::kData}};
    if (version >= 2) files.emplace_back("deletes", version == 2 ? DataFileContent::kEqualityDeletes : DataFileContent::kPositionDeletes);
    for (const auto& [name, content] : files) {
      ManifestWriterOptions options;
      options.format_version = version;
      options.snapshot_id = kSnapshotId;
      options.content = content == DataFileContent::kData ? ManifestContent::kData : ManifestContent::kDeletes;
      const std::string location = fmt::format("{}/{}-v{}.avro", directory, name, version);
      FLOE_ASSIGN_OR_RETURN(auto writer, ManifestWriter::Open(io, location, spec, schema, options));
      FLOE_RETURN_IF_ERROR(WriteEntries(*writer, content, version));
      FLOE_ASSIGN_OR_RETURN(ManifestFile manifest, writer->Close());
      manifests.push_back(std::move(manifest));
    }
    // A manifest carried over from an earlier snapshot (not a file on disk).
    ManifestFile old = manifests.front();
    old.manifest_path = "s3://bucket/t/metadata/old-m0.avro";
    old.manifest_length = 777;
    old.sequence_number = 4;
    old.min_sequence_number = 3;
    old.added_snapshot_id = 70;
    old.key_metadata = std::string("\x01\x02", 2);
    old.first_row_id = version >= 3 ? std::optional<int64_t>(10) : std::nullopt;
    manifests.push_back(old);

    ManifestListWriterOptions options;
    options.format_version = version;
    options.snapshot_id = kSnapshotId;
    options.parent_snapshot_id = 41;
    options.sequence_number = 12;
    if (version >= 3) options.first_row_id = 1000;
    FLOE_ASSIGN_OR_RETURN(auto list, ManifestListWriter::Open(io, fmt::format("{}/list-v{}.avro", directory, version),
                                                              options));
    FLOE_RETURN_IF_ERROR(list->AddAll(manifests));
    FLOE_RETURN_IF_ERROR(list->Close());
  }
  return Status::OK();
}

}  // namespace
}  // namespace floe::iceberg

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  floe::Status status = floe::iceberg::Run(argv[1]);
  if (!status.ok()) {
    std::fprintf(stderr, "%s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
