// Manifest reading (plan-based decoding, inheritance) and writing.
#include "floe/iceberg/manifest.h"

#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "floe/avro/container.h"
#include "floe/iceberg/manifest_decoder.h"
#include "floe/iceberg/manifest_schema.h"
#include "floe/iceberg/metadata_json.h"

namespace floe::iceberg {

// --- Names ----------------------------------------------------------------------

std::string_view DataFileContentName(DataFileContent content) {
  switch (content) {
    case DataFileContent::kData: return "DATA";
    case DataFileContent::kPositionDeletes: return "POSITION_DELETES";
    case DataFileContent::kEqualityDeletes: return "EQUALITY_DELETES";
  }
  return "UNKNOWN";
}

FileFormat ParseFileFormat(std::string_view name) {
  auto equals = [&](std::string_view upper) {
    if (name.size() != upper.size()) return false;
    for (size_t i = 0; i < name.size(); ++i) {
      char c = name[i];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (c != upper[i]) return false;
    }
    return true;
  };
  if (equals("PARQUET")) return FileFormat::kParquet;
  if (equals("AVRO")) return FileFormat::kAvro;
  if (equals("ORC")) return FileFormat::kOrc;
  if (equals("PUFFIN")) return FileFormat::kPuffin;
  return FileFormat::kUnknown;
}

std::string_view FileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kParquet: return "PARQUET";
    case FileFormat::kAvro: return "AVRO";
    case FileFormat::kOrc: return "ORC";
    case FileFormat::kPuffin: return "PUFFIN";
    case FileFormat::kUnknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

std::string_view ManifestEntryStatusName(ManifestEntryStatus status) {
  switch (status) {
    case ManifestEntryStatus::kExisting: return "EXISTING";
    case ManifestEntryStatus::kAdded: return "ADDED";
    case ManifestEntryStatus::kDeleted: return "DELETED";
  }
  return "UNKNOWN";
}

std::string_view ManifestContentName(ManifestContent content) {
  return content == ManifestContent::kDeletes ? "deletes" : "data";
}

namespace {

std::optional<int64_t> ParseInteger(std::string_view text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// Iceberg's AES-GCM stream encryption ("AGS1") wraps manifests and manifest
// lists of encrypted tables.
bool IsEncrypted(std::string_view contents) { return contents.substr(0, 4) == "AGS1"; }

}  // namespace

// --- ManifestReader ----------------------------------------------------------------

ManifestReader::~ManifestReader() = default;

Result<std::unique_ptr<ManifestReader>> ManifestReader::Open(io::FileIO& file_io, const ManifestFile& manifest,
                                                             const TableMetadata* table, ManifestReadOptions options) {
  FLOE_ASSIGN_OR_RETURN(std::string contents, file_io.ReadFile(manifest.manifest_path));
  return OpenBytes(std::move(contents), manifest.manifest_path, &manifest, table, std::move(options));
}

Result<std::unique_ptr<ManifestReader>> ManifestReader::Open(io::FileIO& file_io, std::string_view location,
                                                             const TableMetadata* table, ManifestReadOptions options) {
  FLOE_ASSIGN_OR_RETURN(std::string contents, file_io.ReadFile(location));
  return OpenBytes(std::move(contents), std::string(location), nullptr, table, std::move(options));
}

Result<std::unique_ptr<ManifestReader>> ManifestReader::OpenBytes(std::string contents, std::string name,
                                                                  const ManifestFile* manifest,
                                                                  const TableMetadata* table,
                                                                  ManifestReadOptions options) {
  if (IsEncrypted(contents)) {
    return NotImplemented("Cannot read manifest {}: encrypted manifests are not supported", name);
  }
  std::unique_ptr<ManifestReader> reader(new ManifestReader());
  reader->location_ = name;
  FLOE_ASSIGN_OR_RETURN(reader->container_, avro::ContainerReader::Open(std::move(contents), name));
  Status status = reader->Initialize(manifest, table, std::move(options));
  if (!status.ok()) return status.WithContext(fmt::format("Cannot read manifest {}", name));
  return reader;
}

Status ManifestReader::Initialize(const ManifestFile* manifest, const TableMetadata* table,
                                  ManifestReadOptions options) {
  const avro::ContainerReader& container = *container_;
  std::optional<int64_t> format_version;
  if (auto v = container.FindMetadata("format-version")) format_version = ParseInteger(*v);
  if (auto v = container.FindMetadata("content")) {
    metadata_.content = *v == "deletes" ? ManifestContent::kDeletes : ManifestContent::kData;
  }
  if (auto v = container.FindMetadata("schema-id")) {
    if (auto id = ParseInteger(*v)) metadata_.schema_id = static_cast<int32_t>(*id);
  }
  if (auto v = container.FindMetadata("partition-spec-id")) {
    if (auto id = ParseInteger(*v)) metadata_.partition_spec_id = static_cast<int32_t>(*id);
  }
  if (auto v = container.FindMetadata("schema")) metadata_.schema_json = std::string(*v);
  if (auto v = container.FindMetadata("partition-spec")) metadata_.partition_spec_json = std::string(*v);
  if (manifest != nullptr) metadata_.content = manifest->content;

  // The partition spec: the table's (by the list's spec id), else the file's own.
  std::optional<int32_t> spec_id = manifest ? std::optional<int32_t>(manifest->partition_spec_id)
                                            : metadata_.partition_spec_id;
  if (table != nullptr && spec_id) spec_ = table->SpecById(*spec_id);
  if (!spec_ && !metadata_.partition_spec_json.empty()) {
    auto parsed = ParsePartitionSpec(
        fmt::format(R"({{"spec-id":{},"fields":{}}})", spec_id.value_or(0), metadata_.partition_spec_json));
    if (!parsed.ok()) return parsed.status().WithContext("partition-spec");
    spec_ = *parsed;
  }
  if (!spec_ && table != nullptr && !spec_id) spec_ = table->DefaultSpec();
  if (!spec_) {
    if (spec_id && *spec_id != 0) return InvalidData("unknown partition spec id {}", *spec_id);
    spec_ = PartitionSpec::Unpartitioned();
  }

  // The schema the spec binds to: the table's by schema-id, else the file's own.
  if (table != nullptr && metadata_.schema_id) schema_ = table->SchemaById(*metadata_.schema_id);
  if (!schema_ && !metadata_.schema_json.empty()) {
    auto parsed = ParseSchema(metadata_.schema_json);
    if (parsed.ok()) schema_ = *parsed;
  }
  if (!schema_ && table != nullptr) schema_ = table->CurrentSchema();
  if (schema_) {
    auto type = spec_->PartitionType(*schema_);
    if (type.ok()) partition_type_ = *type;
  }

  std::vector<internal::PartitionFieldType> partition_fields;
  for (size_t i = 0; i < spec_->fields().size(); ++i) {
    const PartitionField& field = spec_->fields()[i];
    internal::PartitionFieldType f{field.field_id, field.name, nullptr};
    if (partition_type_ && i < partition_type_->fields().size()) f.type = partition_type_->fields()[i].type;
    partition_fields.push_back(std::move(f));
  }
  internal::EntryProjection projection;
  projection.column_stats = options.column_stats;
  projection.stats_column_ids = std::move(options.stats_column_ids);
  FLOE_ASSIGN_OR_RETURN(decoder_, internal::ManifestEntryDecoder::Compile(container.writer_schema(),
                                                                          std::move(partition_fields),
                                                                          std::move(projection)));
  metadata_.format_version = static_cast<int>(
      format_version.value_or(decoder_->has_sequence_number() || decoder_->has_content() ? 2 : 1));

  if (!decoder_->has_sequence_number()) {
    // v1 manifests: no sequence numbers; they read as 0.
    sequence_number_ = 0;
    inherit_sequence_numbers_ = true;
  } else if (manifest != nullptr) {
    sequence_number_ = manifest->sequence_number;
    inherit_sequence_numbers_ = sequence_number_ != kUnassignedSequenceNumber;
  }
  if (manifest != nullptr) {
    snapshot_id_ = manifest->added_snapshot_id;
    if (manifest->content == ManifestContent::kData) next_row_id_ = manifest->first_row_id;
  }
  return Status::OK();
}

void ManifestReader::Inherit(ManifestEntry* entry) {
  if (!entry->snapshot_id && snapshot_id_) entry->snapshot_id = snapshot_id_;
  if (inherit_sequence_numbers_ && (sequence_number_ == 0 || entry->status == ManifestEntryStatus::kAdded)) {
    if (!entry->sequence_number) entry->sequence_number = sequence_number_;
    if (!entry->file_sequence_number) entry->file_sequence_number = sequence_number_;
  }
  if (next_row_id_ && entry->data_file.content == DataFileContent::kData && !entry->data_file.first_row_id) {
    entry->data_file.first_row_id = *next_row_id_;
    *next_row_id_ += entry->data_file.record_count;
  }
}

Result<bool> ManifestReader::NextBlock() {
  avro::ContainerBlock block;
  FLOE_ASSIGN_OR_RETURN(bool more, container_->NextBlock(&block));
  if (!more) return false;
  block_ = block.data;
  block_offset_ = 0;
  block_records_left_ = block.record_count;
  block_index_ = block.index;
  return true;
}

Result<bool> ManifestReader::Next(ManifestEntry* entry) {
  while (block_records_left_ == 0) {
    if (finished_) return false;
    if (block_offset_ != block_.size()) {
      return InvalidData("Cannot read manifest {}: block {} has {} bytes after its last record", location_,
                         block_index_, block_.size() - block_offset_);
    }
    FLOE_ASSIGN_OR_RETURN(bool more, NextBlock());
    if (!more) {
      finished_ = true;
      return false;
    }
  }
  avro::Decoder decoder(reinterpret_cast<const uint8_t*>(block_.data()) + block_offset_, block_.size() - block_offset_);
  if (!decoder_->Decode(decoder, entry)) {
    return decoder.status().WithContext(fmt::format("Cannot read manifest {} (block {})", location_, block_index_));
  }
  block_offset_ += decoder.position();
  --block_records_left_;
  Inherit(entry);
  return true;
}

Result<std::vector<ManifestEntry>> ManifestReader::ReadAll() {
  std::vector<ManifestEntry> entries;
  while (true) {
    ManifestEntry entry;
    FLOE_ASSIGN_OR_RETURN(bool more, Next(&entry));
    if (!more) break;
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<std::vector<ManifestEntry>> ReadManifest(io::FileIO& file_io, const ManifestFile& manifest,
                                                const TableMetadata* table, ManifestReadOptions options) {
  FLOE_ASSIGN_OR_RETURN(auto reader, ManifestReader::Open(file_io, manifest, table, std::move(options)));
  return reader->ReadAll();
}

// --- ManifestWriter ------------------------------------------------------------------

namespace {

// Running summary of one partition field (spec "Manifest Lists", field_summary).
struct FieldSummaryBuilder {
  bool contains_null = false;
  bool contains_nan = false;
  std::optional<Literal> lower;
  std::optional<Literal> upper;

  void Update(const Literal& value) {
    if (value.is_null()) {
      contains_null = true;
      return;
    }
    if (const double* d = value.get_if<double>(); d != nullptr && std::isnan(*d)) {
      contains_nan = true;
      return;
    }
    if (const float* f = value.get_if<float>(); f != nullptr && std::isnan(*f)) {
      contains_nan = true;
      return;
    }
    if (!lower || CompareLiterals(value, *lower) < 0) lower = value;
    if (!upper || CompareLiterals(value, *upper) > 0) upper = value;
  }
};

}  // namespace

struct ManifestWriter::State {
  std::unique_ptr<avro::ContainerWriter> writer;
  std::string location;
  PartitionSpecPtr spec;
  SchemaPtr schema;
  std::shared_ptr<const StructType> partition_type;
  ManifestWriterOptions options;
  std::vector<FieldSummaryBuilder> summaries;
  int32_t added_files = 0, existing_files = 0, deleted_files = 0;
  int64_t added_rows = 0, existing_rows = 0, deleted_rows = 0;
  std::optional<int64_t> min_sequence_number;
  int64_t entries = 0;
  bool closed = false;

  Status Encode(const ManifestEntry& entry);
};

ManifestWriter::~ManifestWriter() { Abort(); }

Result<std::unique_ptr<ManifestWriter>> ManifestWriter::Open(io::FileIO& file_io, std::string location,
                                                             PartitionSpecPtr spec, SchemaPtr schema,
                                                             ManifestWriterOptions options) {
  if (options.format_version < 1 || options.format_version > 3) {
    return NotImplemented("Cannot write manifests of format version {}", options.format_version);
  }
  if (options.format_version == 1 && options.content == ManifestContent::kDeletes) {
    return InvalidData("Cannot write a delete manifest in format version 1");
  }
  if (!spec || !schema) return Internal("ManifestWriter needs a partition spec and a schema");
  auto state = std::make_unique<State>();
  state->location = location;
  FLOE_ASSIGN_OR_RETURN(state->partition_type, spec->PartitionType(*schema));
  state->summaries.resize(spec->fields().size());
  FLOE_ASSIGN_OR_RETURN(std::string schema_json,
                        internal::ManifestEntrySchemaJson(options.format_version, *state->partition_type));
  FLOE_ASSIGN_OR_RETURN(auto avro_schema, avro::Schema::Parse(schema_json));

  avro::ContainerWriterOptions writer_options;
  writer_options.codec = options.codec;
  writer_options.metadata = {
      {"schema", SerializeSchema(*schema)},
      {"schema-id", std::to_string(schema->schema_id())},
      {"partition-spec", internal::PartitionFieldsJson(*spec)},
      {"partition-spec-id", std::to_string(spec->spec_id())},
      {"format-version", std::to_string(options.format_version)},
  };
  if (options.format_version >= 2) {
    writer_options.metadata.emplace_back("content", std::string(ManifestContentName(options.content)));
  }
  FLOE_ASSIGN_OR_RETURN(auto file, file_io.CreateOutput(location, io::WriteMode::kFailIfExists));
  FLOE_ASSIGN_OR_RETURN(state->writer, avro::ContainerWriter::Open(std::move(file), std::move(avro_schema),
                                                                   std::move(writer_options)));
  state->spec = std::move(spec);
  state->schema = std::move(schema);
  state->options = options;
  std::unique_ptr<ManifestWriter> writer(new ManifestWriter());
  writer->state_ = std::move(state);
  return writer;
}

Status ManifestWriter::State::Encode(const ManifestEntry& entry) {
  const int version = options.format_version;
  const DataFile& file = entry.data_file;
  const bool delete_file = file.content != DataFileContent::kData;
  if (delete_file != (options.content == ManifestContent::kDeletes)) {
    return InvalidData("Cannot write {} file {} to a {} manifest", DataFileContentName(file.content), file.file_path,
                       ManifestContentName(options.content));
  }
  if (file.partition.size() != partition_type->fields().size()) {
    return InvalidData("Data file {} has {} partition values; spec {} has {} fields", file.file_path,
                       file.partition.size(), spec->spec_id(), partition_type->fields().size());
  }
  if (file.file_format == FileFormat::kUnknown) {
    return InvalidData("Data file {} has an unknown file format", file.file_path);
  }
  if (version >= 2 && entry.status != ManifestEntryStatus::kAdded &&
      (!entry.sequence_number || !entry.file_sequence_number)) {
    return InvalidData("{} entry for {} must carry its sequence numbers", ManifestEntryStatusName(entry.status),
                       file.file_path);
  }
  avro::Encoder& e = writer->record_encoder();
  auto optional_long = [&](const std::optional<int64_t>& value) {
    e.WriteUnionBranch(value ? 1 : 0);
    if (value) e.WriteLong(*value);
  };
  auto long_map = [&](const std::map<int32_t, int64_t>& map) {
    e.WriteUnionBranch(map.empty() ? 0 : 1);
    if (map.empty()) return;
    e.WriteBlockCount(static_cast<int64_t>(map.size()));
    for (const auto& [key, value] : map) {
      e.WriteInt(key);
      e.WriteLong(value);
    }
    e.WriteBlockCount(0);
  };
  auto bytes_map = [&](const std::map<int32_t, std::string>& map) {
    e.WriteUnionBranch(map.empty() ? 0 : 1);
    if (map.empty()) return;
    e.WriteBlockCount(static_cast<int64_t>(map.size()));
    for (const auto& [key, value] : map) {
      e.WriteInt(key);
      e.WriteBytes(value);
    }
    e.WriteBlockCount(0);
  };
  auto int_list = [&](const auto& list) {
    e.WriteUnionBranch(list.empty() ? 0 : 1);
    if (list.empty()) return;
    e.WriteBlockCount(static_cast<int64_t>(list.size()));
    for (auto value : list) e.WriteLong(value);
    e.WriteBlockCount(0);
  };

  if (version == 1 && !entry.snapshot_id) {
    return InvalidData("v1 manifest entry for {} needs a snapshot id", file.file_path);
  }
  const size_t record_start = e.size();
  e.WriteInt(static_cast<int32_t>(entry.status));
  if (version == 1) {
    e.WriteLong(*entry.snapshot_id);
  } else {
    optional_long(entry.snapshot_id);
    optional_long(entry.sequence_number);
    optional_long(entry.file_sequence_number);
  }
  if (version >= 2) e.WriteInt(static_cast<int32_t>(file.content));
  e.WriteString(file.file_path);
  e.WriteString(FileFormatName(file.file_format));
  for (size_t i = 0; i < file.partition.size(); ++i) {
    Status s = internal::EncodePartitionValue(*partition_type->fields()[i].type, file.partition[i], e);
    if (!s.ok()) e.buffer().resize(record_start);
    if (!s.ok()) return s.WithContext(fmt::format("Data file {} partition field {}", file.file_path,
                                                  partition_type->fields()[i].name));
  }
  e.WriteLong(file.record_count);
  e.WriteLong(file.file_size_in_bytes);
  if (version == 1) e.WriteLong(options.v1_block_size_in_bytes);
  long_map(file.column_sizes);
  long_map(file.value_counts);
  long_map(file.null_value_counts);
  long_map(file.nan_value_counts);
  bytes_map(file.lower_bounds);
  bytes_map(file.upper_bounds);
  e.WriteUnionBranch(file.key_metadata ? 1 : 0);
  if (file.key_metadata) e.WriteBytes(*file.key_metadata);
  int_list(file.split_offsets);
  if (version >= 2) int_list(file.equality_ids);
  e.WriteUnionBranch(file.sort_order_id ? 1 : 0);
  if (file.sort_order_id) e.WriteInt(*file.sort_order_id);
  if (version >= 3) optional_long(file.first_row_id);
  if (version >= 2) {
    e.WriteUnionBranch(file.referenced_data_file ? 1 : 0);
    if (file.referenced_data_file) e.WriteString(*file.referenced_data_file);
  }
  if (version >= 3) {
    optional_long(file.content_offset);
    optional_long(file.content_size_in_bytes);
  }
  FLOE_RETURN_IF_ERROR(writer->FinishRecord());

  switch (entry.status) {
    case ManifestEntryStatus::kAdded:
      ++added_files;
      added_rows += file.record_count;
      break;
    case ManifestEntryStatus::kExisting:
      ++existing_files;
      existing_rows += file.record_count;
      break;
    case ManifestEntryStatus::kDeleted:
      ++deleted_files;
      deleted_rows += file.record_count;
      break;
  }
  for (size_t i = 0; i < summaries.size(); ++i) summaries[i].Update(file.partition[i]);
  if (entry.is_live() && entry.sequence_number &&
      (!min_sequence_number || *entry.sequence_number < *min_sequence_number)) {
    min_sequence_number = entry.sequence_number;
  }
  ++entries;
  return Status::OK();
}

Status ManifestWriter::Write(const ManifestEntry& entry) {
  if (!state_ || state_->closed) return Internal("ManifestWriter used after Close()");
  return state_->Encode(entry);
}

Status ManifestWriter::Add(const DataFile& file, std::optional<int64_t> data_sequence_number) {
  ManifestEntry entry;
  entry.status = ManifestEntryStatus::kAdded;
  entry.snapshot_id = state_ ? state_->options.snapshot_id : std::nullopt;
  entry.sequence_number = data_sequence_number;
  entry.data_file = file;
  return Write(entry);
}

Status ManifestWriter::Existing(const ManifestEntry& entry) {
  ManifestEntry existing = entry;
  existing.status = ManifestEntryStatus::kExisting;
  return Write(existing);
}

Status ManifestWriter::Delete(const ManifestEntry& entry) {
  ManifestEntry deleted = entry;
  deleted.status = ManifestEntryStatus::kDeleted;
  if (state_ && state_->options.snapshot_id) deleted.snapshot_id = state_->options.snapshot_id;
  return Write(deleted);
}

int64_t ManifestWriter::entries_written() const { return state_ ? state_->entries : 0; }

Result<ManifestFile> ManifestWriter::Close() {
  if (!state_ || state_->closed) return Internal("ManifestWriter closed twice");
  State& s = *state_;
  s.closed = true;
  FLOE_RETURN_IF_ERROR(s.writer->Close());
  ManifestFile manifest;
  manifest.manifest_path = s.location;
  manifest.manifest_length = s.writer->file_position();
  manifest.partition_spec_id = s.spec->spec_id();
  manifest.content = s.options.content;
  manifest.sequence_number = kUnassignedSequenceNumber;
  manifest.min_sequence_number = s.min_sequence_number.value_or(kUnassignedSequenceNumber);
  manifest.added_snapshot_id = s.options.snapshot_id.value_or(kUnassignedSequenceNumber);
  manifest.added_files_count = s.added_files;
  manifest.existing_files_count = s.existing_files;
  manifest.deleted_files_count = s.deleted_files;
  manifest.added_rows_count = s.added_rows;
  manifest.existing_rows_count = s.existing_rows;
  manifest.deleted_rows_count = s.deleted_rows;
  auto& partitions = manifest.partitions.emplace();
  for (size_t i = 0; i < s.summaries.size(); ++i) {
    const FieldSummaryBuilder& b = s.summaries[i];
    const Type& type = *s.partition_type->fields()[i].type;
    PartitionFieldSummary summary;
    summary.contains_null = b.contains_null;
    if (type.id() == TypeId::kFloat || type.id() == TypeId::kDouble || s.options.format_version >= 2) {
      summary.contains_nan = b.contains_nan;
    }
    if (b.lower) {
      FLOE_ASSIGN_OR_RETURN(summary.lower_bound, ToBinary(type, *b.lower));
      FLOE_ASSIGN_OR_RETURN(summary.upper_bound, ToBinary(type, *b.upper));
    }
    partitions.push_back(std::move(summary));
  }
  return manifest;
}

void ManifestWriter::Abort() {
  if (state_ && !state_->closed) {
    state_->closed = true;
    state_->writer->Abort();
  }
}

}  // namespace floe::iceberg
