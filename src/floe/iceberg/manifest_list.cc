// Manifest list reading and writing.
#include "floe/iceberg/manifest_list.h"

#include <charconv>

#include <fmt/format.h>

#include "floe/avro/container.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_decoder.h"
#include "floe/iceberg/manifest_schema.h"

namespace floe::iceberg {

Result<std::vector<ManifestFile>> ParseManifestList(std::string contents, std::string_view name,
                                                    std::optional<int64_t> snapshot_id) {
  if (std::string_view(contents).substr(0, 4) == "AGS1") {
    return NotImplemented("Cannot read manifest list {}: encrypted manifest list not supported", name);
  }
  FLOE_ASSIGN_OR_RETURN(auto container, avro::ContainerReader::Open(std::move(contents), std::string(name)));
  auto decoder = internal::ManifestFileDecoder::Compile(container->writer_schema());
  if (!decoder.ok()) return decoder.status().WithContext(fmt::format("Cannot read manifest list {}", name));
  std::vector<ManifestFile> manifests;
  avro::ContainerBlock block;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(bool more, container->NextBlock(&block));
    if (!more) break;
    avro::Decoder in(block.data);
    for (int64_t i = 0; i < block.record_count; ++i) {
      ManifestFile& manifest = manifests.emplace_back();
      if (!(*decoder)->Decode(in, &manifest)) {
        return in.status().WithContext(fmt::format("Cannot read manifest list {} (block {})", name, block.index));
      }
      if (manifest.added_snapshot_id == 0 && snapshot_id && !(*decoder)->has_sequence_number()) {
        manifest.added_snapshot_id = *snapshot_id;
      }
    }
    if (!in.at_end()) {
      return InvalidData("Cannot read manifest list {}: block {} has {} bytes after its last record", name,
                         block.index, in.remaining());
    }
  }
  return manifests;
}

Result<std::vector<ManifestFile>> ReadManifestList(io::FileIO& file_io, std::string_view location,
                                                   std::optional<int64_t> snapshot_id) {
  FLOE_ASSIGN_OR_RETURN(std::string contents, file_io.ReadFile(location));
  return ParseManifestList(std::move(contents), location, snapshot_id);
}

Result<std::vector<ManifestFile>> ReadSnapshotManifests(io::FileIO& file_io, const TableMetadata& table,
                                                        const Snapshot& snapshot) {
  if (!snapshot.manifest_list.empty()) {
    return ReadManifestList(file_io, snapshot.manifest_list, snapshot.snapshot_id);
  }
  std::vector<ManifestFile> manifests;
  for (const std::string& location : snapshot.v1_manifests) {
    FLOE_ASSIGN_OR_RETURN(std::string contents, file_io.ReadFile(location));
    ManifestFile manifest;
    manifest.manifest_path = location;
    manifest.manifest_length = static_cast<int64_t>(contents.size());
    manifest.added_snapshot_id = snapshot.snapshot_id;
    FLOE_ASSIGN_OR_RETURN(auto reader, ManifestReader::OpenBytes(std::move(contents), location, nullptr, &table,
                                                                 ManifestReadOptions{.column_stats = false, .stats_column_ids = {}}));
    manifest.partition_spec_id = reader->partition_spec() ? reader->partition_spec()->spec_id() : 0;
    manifest.content = reader->metadata().content;
    manifests.push_back(std::move(manifest));
  }
  return manifests;
}

// --- ManifestListWriter -------------------------------------------------------

ManifestListWriter::~ManifestListWriter() { Abort(); }

Result<std::unique_ptr<ManifestListWriter>> ManifestListWriter::Open(io::FileIO& file_io, std::string location,
                                                                     ManifestListWriterOptions options) {
  if (options.format_version < 1 || options.format_version > 3) {
    return NotImplemented("Cannot write manifest lists of format version {}", options.format_version);
  }
  if (options.format_version >= 3 && !options.first_row_id) {
    return InvalidData("A v3 manifest list needs the snapshot's first-row-id");
  }
  FLOE_ASSIGN_OR_RETURN(auto schema, avro::Schema::Parse(internal::ManifestFileSchemaJson(options.format_version)));
  avro::ContainerWriterOptions writer_options;
  writer_options.codec = options.codec;
  writer_options.metadata = {
      {"snapshot-id", std::to_string(options.snapshot_id)},
      {"parent-snapshot-id",
       options.parent_snapshot_id ? std::to_string(*options.parent_snapshot_id) : std::string("null")},
  };
  if (options.format_version >= 2) {
    writer_options.metadata.emplace_back("sequence-number", std::to_string(options.sequence_number));
  }
  writer_options.metadata.emplace_back("format-version", std::to_string(options.format_version));
  if (options.format_version >= 3) {
    writer_options.metadata.emplace_back("first-row-id", std::to_string(*options.first_row_id));
  }
  FLOE_ASSIGN_OR_RETURN(auto file, file_io.CreateOutput(location, io::WriteMode::kFailIfExists));
  std::unique_ptr<ManifestListWriter> writer(new ManifestListWriter());
  FLOE_ASSIGN_OR_RETURN(writer->writer_,
                        avro::ContainerWriter::Open(std::move(file), std::move(schema), std::move(writer_options)));
  writer->options_ = options;
  writer->next_row_id_ = options.first_row_id;
  return writer;
}

Status ManifestListWriter::Add(const ManifestFile& input) {
  if (closed_) return Internal("ManifestListWriter used after Close()");
  ManifestFile m = input;
  const int version = options_.format_version;
  if (version == 1 && m.content == ManifestContent::kDeletes) {
    return InvalidData("Cannot list delete manifest {} in a v1 manifest list", m.manifest_path);
  }
  if (version >= 2) {
    if (m.sequence_number == kUnassignedSequenceNumber || m.min_sequence_number == kUnassignedSequenceNumber) {
      if (m.added_snapshot_id != options_.snapshot_id && m.added_snapshot_id != kUnassignedSequenceNumber) {
        return InvalidData("Found unassigned sequence number for manifest {} added by snapshot {}, not {}",
                           m.manifest_path, m.added_snapshot_id, options_.snapshot_id);
      }
      if (m.sequence_number == kUnassignedSequenceNumber) m.sequence_number = options_.sequence_number;
      if (m.min_sequence_number == kUnassignedSequenceNumber) m.min_sequence_number = options_.sequence_number;
    }
    if (m.added_snapshot_id == kUnassignedSequenceNumber) m.added_snapshot_id = options_.snapshot_id;
  }
  if (version >= 3 && m.content == ManifestContent::kData && !m.first_row_id) {
    m.first_row_id = next_row_id_;
    *next_row_id_ += m.added_rows_count.value_or(0) + m.existing_rows_count.value_or(0);
  }
  if (version < 3 || m.content == ManifestContent::kDeletes) m.first_row_id.reset();
  if (version >= 2) {
    for (const auto* count : {&m.added_files_count, &m.existing_files_count, &m.deleted_files_count}) {
      if (!*count) return InvalidData("Manifest {} has no file counts (required in format v{})", m.manifest_path, version);
    }
    for (const auto* count : {&m.added_rows_count, &m.existing_rows_count, &m.deleted_rows_count}) {
      if (!*count) return InvalidData("Manifest {} has no row counts (required in format v{})", m.manifest_path, version);
    }
  }

  avro::Encoder& e = writer_->record_encoder();
  auto optional_int = [&](const std::optional<int32_t>& v) {
    e.WriteUnionBranch(v ? 1 : 0);
    if (v) e.WriteInt(*v);
  };
  auto optional_long = [&](const std::optional<int64_t>& v) {
    e.WriteUnionBranch(v ? 1 : 0);
    if (v) e.WriteLong(*v);
  };
  auto partitions = [&] {
    e.WriteUnionBranch(m.partitions ? 1 : 0);
    if (!m.partitions) return;
    if (!m.partitions->empty()) {
      e.WriteBlockCount(static_cast<int64_t>(m.partitions->size()));
      for (const PartitionFieldSummary& s : *m.partitions) {
        e.WriteBoolean(s.contains_null);
        e.WriteUnionBranch(s.contains_nan ? 1 : 0);
        if (s.contains_nan) e.WriteBoolean(*s.contains_nan);
        e.WriteUnionBranch(s.lower_bound ? 1 : 0);
        if (s.lower_bound) e.WriteBytes(*s.lower_bound);
        e.WriteUnionBranch(s.upper_bound ? 1 : 0);
        if (s.upper_bound) e.WriteBytes(*s.upper_bound);
      }
    }
    e.WriteBlockCount(0);
  };

  e.WriteString(m.manifest_path);
  e.WriteLong(m.manifest_length);
  e.WriteInt(m.partition_spec_id);
  if (version == 1) {
    e.WriteUnionBranch(1);
    e.WriteLong(m.added_snapshot_id);
    optional_int(m.added_files_count);
    optional_int(m.existing_files_count);
    optional_int(m.deleted_files_count);
    partitions();
    optional_long(m.added_rows_count);
    optional_long(m.existing_rows_count);
    optional_long(m.deleted_rows_count);
  } else {
    e.WriteInt(static_cast<int32_t>(m.content));
    e.WriteLong(m.sequence_number);
    e.WriteLong(m.min_sequence_number);
    e.WriteLong(m.added_snapshot_id);
    e.WriteInt(*m.added_files_count);
    e.WriteInt(*m.existing_files_count);
    e.WriteInt(*m.deleted_files_count);
    e.WriteLong(*m.added_rows_count);
    e.WriteLong(*m.existing_rows_count);
    e.WriteLong(*m.deleted_rows_count);
    partitions();
  }
  e.WriteUnionBranch(m.key_metadata ? 1 : 0);
  if (m.key_metadata) e.WriteBytes(*m.key_metadata);
  if (version >= 3) optional_long(m.first_row_id);
  FLOE_RETURN_IF_ERROR(writer_->FinishRecord());
  written_.push_back(std::move(m));
  return Status::OK();
}

Status ManifestListWriter::AddAll(const std::vector<ManifestFile>& manifests) {
  for (const ManifestFile& m : manifests) FLOE_RETURN_IF_ERROR(Add(m));
  return Status::OK();
}

Status ManifestListWriter::Close() {
  if (closed_) return Internal("ManifestListWriter closed twice");
  closed_ = true;
  return writer_->Close();
}

void ManifestListWriter::Abort() {
  if (!closed_ && writer_) {
    closed_ = true;
    writer_->Abort();
  }
}

}  // namespace floe::iceberg
