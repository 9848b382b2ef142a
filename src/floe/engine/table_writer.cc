#include "floe/engine/table_writer.h"

#include <chrono>
#include <random>
#include <thread>

#include "floe/common/uuid.h"
#include "floe/engine/value.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/parquet/file_writer.h"
#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;
using iceberg::Literal;

namespace {

Result<parquet::WriteField> WriteFieldOf(const iceberg::NestedField& field) {
  parquet::WriteField out;
  out.field_id = field.id;
  out.name = field.name;
  out.required = field.required;
  using T = parquet::WriteField::Type;
  const iceberg::Type& type = *field.type;
  switch (type.id()) {
    case iceberg::TypeId::kBoolean: out.type = T::kBoolean; break;
    case iceberg::TypeId::kInt: out.type = T::kInt; break;
    case iceberg::TypeId::kLong: out.type = T::kLong; break;
    case iceberg::TypeId::kFloat: out.type = T::kFloat; break;
    case iceberg::TypeId::kDouble: out.type = T::kDouble; break;
    case iceberg::TypeId::kDecimal: {
      const auto& primitive = static_cast<const iceberg::PrimitiveType&>(type);
      out.type = T::kDecimal;
      out.precision = primitive.precision();
      out.scale = primitive.scale();
      break;
    }
    case iceberg::TypeId::kDate: out.type = T::kDate; break;
    case iceberg::TypeId::kTime: out.type = T::kTime; break;
    case iceberg::TypeId::kTimestamp: out.type = T::kTimestamp; break;
    case iceberg::TypeId::kTimestampTz: out.type = T::kTimestampTz; break;
    case iceberg::TypeId::kString: out.type = T::kString; break;
    case iceberg::TypeId::kUuid: out.type = T::kUuid; break;
    case iceberg::TypeId::kBinary: out.type = T::kBinary; break;
    case iceberg::TypeId::kFixed:
      out.type = T::kFixed;
      out.length = static_cast<const iceberg::PrimitiveType&>(type).length();
      break;
    case iceberg::TypeId::kStruct:
      out.type = T::kStruct;
      for (const auto& child : static_cast<const iceberg::StructType&>(type).fields()) {
        FLOE_ASSIGN_OR_RETURN(auto write_child, WriteFieldOf(child));
        out.children.push_back(std::move(write_child));
      }
      break;
    case iceberg::TypeId::kList: {
      out.type = T::kList;
      FLOE_ASSIGN_OR_RETURN(auto element, WriteFieldOf(static_cast<const iceberg::ListType&>(type).element()));
      out.children.push_back(std::move(element));
      break;
    }
    case iceberg::TypeId::kMap: {
      out.type = T::kMap;
      const auto& map = static_cast<const iceberg::MapType&>(type);
      FLOE_ASSIGN_OR_RETURN(auto key, WriteFieldOf(map.key()));
      FLOE_ASSIGN_OR_RETURN(auto value, WriteFieldOf(map.value()));
      out.children.push_back(std::move(key));
      out.children.push_back(std::move(value));
      break;
    }
    default:
      return sql::SqlErrorNoLocation(codes::kNotSupported, "Writing columns of type {} is not supported yet ({})",
                                     type.ToString(), field.name);
  }
  return out;
}

// Gives `vector` and its children the file's exact columnar types (fixed
// widths, decimal precision, nested field names and ids).
void AdoptFileType(columnar::Vector* vector, const columnar::DataType& type) {
  vector->type = type;
  for (size_t i = 0; i < vector->children.size() && i < type.children.size(); ++i) {
    AdoptFileType(vector->children[i].get(), type.children[i].type);
  }
}

// The Iceberg literal of a value of an Iceberg primitive type.
Literal LiteralOf(const Value& value, const iceberg::Type& type) {
  if (value.is_null()) return Literal();
  switch (type.id()) {
    case iceberg::TypeId::kBoolean: return Literal(value.boolean());
    case iceberg::TypeId::kInt:
    case iceberg::TypeId::kDate: return Literal(static_cast<int32_t>(value.integer()));
    case iceberg::TypeId::kLong:
    case iceberg::TypeId::kTime:
    case iceberg::TypeId::kTimestamp:
    case iceberg::TypeId::kTimestampTz: return Literal(value.integer());
    case iceberg::TypeId::kFloat: return Literal(static_cast<float>(value.real()));
    case iceberg::TypeId::kDouble: return Literal(value.real());
    case iceberg::TypeId::kDecimal: return Literal(iceberg::Decimal{value.decimal()});
    default: return Literal(value.string());
  }
}

void AppendLiteralKey(std::string* key, const Literal& literal) {
  const auto& v = literal.value();
  key->push_back(static_cast<char>(v.index()));
  std::visit(
      [&](const auto& x) {
        using X = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<X, std::monostate>) {
        } else if constexpr (std::is_same_v<X, std::string>) {
          uint32_t size = static_cast<uint32_t>(x.size());
          key->append(reinterpret_cast<const char*>(&size), sizeof(size));
          key->append(x);
        } else if constexpr (std::is_same_v<X, iceberg::Decimal>) {
          key->append(reinterpret_cast<const char*>(&x.unscaled), sizeof(x.unscaled));
        } else {
          key->append(reinterpret_cast<const char*>(&x), sizeof(x));
        }
      },
      v);
}

int64_t NewSnapshotId() {
  static thread_local std::mt19937_64 random(std::random_device{}() ^
                                            static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()));
  int64_t id = 0;
  while (id <= 0) id = static_cast<int64_t>(random() >> 1);
  return id;
}

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

struct TableWriter::PartitionWriter {
  std::vector<Literal> partition;
  std::string location;
  std::unique_ptr<parquet::ParquetWriter> writer;
  int64_t rows = 0;
};

TableWriter::~TableWriter() {
  for (auto& writer : writers_) {
    if (writer->writer) writer->writer->Abort();
  }
}

Result<std::unique_ptr<TableWriter>> TableWriter::Make(catalog::Catalog& catalog, std::shared_ptr<io::FileIO> file_io,
                                                       catalog::TableIdentifier identifier,
                                                       iceberg::TableMetadataPtr metadata) {
  std::unique_ptr<TableWriter> writer(new TableWriter());
  writer->catalog_ = &catalog;
  writer->file_io_ = std::move(file_io);
  writer->identifier_ = std::move(identifier);
  writer->metadata_ = metadata;
  writer->schema_ = metadata->CurrentSchema();
  writer->spec_ = metadata->DefaultSpec();
  if (!writer->spec_) writer->spec_ = iceberg::PartitionSpec::Unpartitioned();
  for (const auto& field : writer->schema_->fields()) {
    FLOE_ASSIGN_OR_RETURN(SqlType type, SqlTypeOfIceberg(*field.type, field.name));
    writer->column_types_.push_back(type);
  }
  return writer;
}

Result<TableWriter::PartitionWriter*> TableWriter::WriterFor(const std::vector<Literal>& partition, const std::string& key) {
  for (size_t i = 0; i < writer_keys_.size(); ++i) {
    if (writer_keys_[i] == key) return writers_[i].get();
  }
  auto writer = std::make_unique<PartitionWriter>();
  writer->partition = partition;
  std::string directory = metadata_->location + "/data";
  if (!spec_->fields().empty()) {
    FLOE_ASSIGN_OR_RETURN(std::string path, spec_->PartitionPath(*schema_, partition));
    directory += "/" + path;
  }
  writer->location = directory + "/" + RandomUuid() + ".parquet";
  std::vector<parquet::WriteField> fields;
  for (const auto& field : schema_->fields()) {
    FLOE_ASSIGN_OR_RETURN(auto write_field, WriteFieldOf(field));
    fields.push_back(std::move(write_field));
  }
  FLOE_ASSIGN_OR_RETURN(auto output, file_io_->CreateOutput(writer->location, io::WriteMode::kFailIfExists));
  FLOE_ASSIGN_OR_RETURN(writer->writer, parquet::ParquetWriter::Make(std::move(output), std::move(fields)));
  written_files_.push_back(writer->location);
  writers_.push_back(std::move(writer));
  writer_keys_.push_back(key);
  return writers_.back().get();
}

Status TableWriter::Write(const columnar::Batch& batch) {
  const auto& fields = schema_->fields();
  std::vector<uint32_t> rows = LiveRows(batch);
  if (rows.empty()) return Status::OK();
  for (size_t c = 0; c < fields.size(); ++c) {
    if (!fields[c].required) continue;
    const auto& column = *batch.columns[c];
    for (uint32_t row : rows) {
      if (column.IsNull(row)) {
        return sql::SqlErrorNoLocation(codes::kGenericUserError, "NULL value not allowed for NOT NULL column: {}",
                                       fields[c].name);
      }
    }
  }
  // Rows by partition.
  std::vector<std::string> keys;
  std::vector<std::vector<Literal>> partitions;
  std::vector<std::vector<uint32_t>> partition_rows;
  if (spec_->fields().empty()) {
    keys.emplace_back();
    partitions.emplace_back();
    partition_rows.push_back(rows);
  } else {
    std::map<std::string, size_t> index;
    std::vector<Literal> tuple(spec_->fields().size());
    std::string key;
    for (uint32_t row : rows) {
      key.clear();
      for (size_t p = 0; p < spec_->fields().size(); ++p) {
        const iceberg::PartitionField& partition_field = spec_->fields()[p];
        const iceberg::NestedField* source = schema_->FindField(partition_field.source_id);
        int32_t column = -1;
        for (size_t c = 0; c < fields.size(); ++c) {
          if (fields[c].id == partition_field.source_id) column = static_cast<int32_t>(c);
        }
        if (!source || column < 0) {
          return sql::SqlErrorNoLocation(codes::kNotSupported, "partition field {} has no top-level source column",
                                         partition_field.name);
        }
        Value value = ReadValue(*batch.columns[column], row, column_types_[column]);
        FLOE_ASSIGN_OR_RETURN(tuple[p], partition_field.transform.Apply(*source->type, LiteralOf(value, *source->type)));
        AppendLiteralKey(&key, tuple[p]);
      }
      auto [it, inserted] = index.try_emplace(key, keys.size());
      if (inserted) {
        keys.push_back(key);
        partitions.push_back(tuple);
        partition_rows.emplace_back();
      }
      partition_rows[it->second].push_back(row);
    }
  }
  for (size_t p = 0; p < keys.size(); ++p) {
    FLOE_ASSIGN_OR_RETURN(PartitionWriter * writer, WriterFor(partitions[p], keys[p]));
    columnar::Batch out;
    out.schema = std::make_shared<const columnar::Schema>(writer->writer->columnar_schema());
    out.num_rows = static_cast<int64_t>(partition_rows[p].size());
    for (size_t c = 0; c < fields.size(); ++c) {
      FLOE_ASSIGN_OR_RETURN(auto vector, GatherRows(*batch.columns[c], column_types_[c], partition_rows[p]));
      // The writer wants the file's exact columnar type (fixed widths, decimal precision).
      AdoptFileType(vector.get(), (*out.schema)[c].type);
      out.columns.push_back(std::move(vector));
    }
    FLOE_RETURN_IF_ERROR(writer->writer->Write(out));
    writer->rows += out.num_rows;
    rows_ += out.num_rows;
  }
  return Status::OK();
}

void TableWriter::Abort() {
  for (auto& writer : writers_) {
    if (writer->writer) writer->writer->Abort();
    writer->writer.reset();
  }
  for (const auto& location : written_files_) file_io_->Delete(location).IgnoreError();
  written_files_.clear();
}

Result<AppendResult> TableWriter::Commit() {
  AppendResult result;
  result.rows = rows_;
  std::vector<iceberg::DataFile> files;
  int64_t added_bytes = 0;
  for (auto& writer : writers_) {
    FLOE_RETURN_IF_ERROR(writer->writer->Close());
    const parquet::FileMetrics& metrics = writer->writer->metrics();
    iceberg::DataFile file;
    file.file_path = writer->location;
    file.file_format = iceberg::FileFormat::kParquet;
    file.partition = writer->partition;
    file.record_count = metrics.record_count;
    file.file_size_in_bytes = metrics.file_size;
    for (const auto& column : metrics.columns) {
      file.column_sizes[column.field_id] = column.column_size;
      file.value_counts[column.field_id] = column.value_count;
      file.null_value_counts[column.field_id] = column.null_value_count;
      if (column.nan_value_count) file.nan_value_counts[column.field_id] = *column.nan_value_count;
      if (column.lower_bound) file.lower_bounds[column.field_id] = *column.lower_bound;
      if (column.upper_bound) file.upper_bounds[column.field_id] = *column.upper_bound;
    }
    file.split_offsets = metrics.split_offsets;
    added_bytes += metrics.file_size;
    files.push_back(std::move(file));
    writer->writer.reset();
  }
  result.data_files = static_cast<int64_t>(files.size());
  if (files.empty()) return result;

  iceberg::TableMetadataPtr metadata = metadata_;
  constexpr int kMaxAttempts = 20;
  for (int attempt = 1;; ++attempt) {
    int64_t snapshot_id = NewSnapshotId();
    iceberg::SnapshotPtr parent = metadata->SnapshotForRef(iceberg::SnapshotRef::kMainBranch);
    int64_t sequence_number = metadata->format_version >= 2 ? metadata->last_sequence_number + 1 : 0;
    std::string metadata_directory = metadata->location + "/metadata";
    std::string manifest_location = fmt::format("{}/{}-m0.avro", metadata_directory, RandomUuid());
    std::string list_location =
        fmt::format("{}/snap-{}-{}-{}.avro", metadata_directory, snapshot_id, attempt, RandomUuid());
    iceberg::ManifestWriterOptions manifest_options;
    manifest_options.format_version = metadata->format_version;
    manifest_options.snapshot_id = snapshot_id;
    FLOE_ASSIGN_OR_RETURN(auto manifest_writer,
                          iceberg::ManifestWriter::Open(*file_io_, manifest_location, spec_, schema_, manifest_options));
    for (const auto& file : files) FLOE_RETURN_IF_ERROR(manifest_writer->Add(file));
    FLOE_ASSIGN_OR_RETURN(iceberg::ManifestFile manifest, manifest_writer->Close());
    manifest.added_snapshot_id = snapshot_id;

    std::vector<iceberg::ManifestFile> manifests{manifest};
    if (parent) {
      FLOE_ASSIGN_OR_RETURN(auto existing, iceberg::ReadSnapshotManifests(*file_io_, *metadata, *parent));
      manifests.insert(manifests.end(), existing.begin(), existing.end());
    }
    iceberg::ManifestListWriterOptions list_options;
    list_options.format_version = metadata->format_version;
    list_options.snapshot_id = snapshot_id;
    if (parent) list_options.parent_snapshot_id = parent->snapshot_id;
    list_options.sequence_number = sequence_number;
    if (metadata->format_version >= 3) list_options.first_row_id = metadata->next_row_id.value_or(0);
    FLOE_ASSIGN_OR_RETURN(auto list_writer, iceberg::ManifestListWriter::Open(*file_io_, list_location, list_options));
    FLOE_RETURN_IF_ERROR(list_writer->AddAll(manifests));
    FLOE_RETURN_IF_ERROR(list_writer->Close());

    auto snapshot = std::make_shared<iceberg::Snapshot>();
    snapshot->snapshot_id = snapshot_id;
    if (parent) snapshot->parent_snapshot_id = parent->snapshot_id;
    snapshot->sequence_number = sequence_number;
    snapshot->timestamp_ms = std::max(NowMillis(), metadata->last_updated_ms);
    snapshot->manifest_list = list_location;
    snapshot->schema_id = metadata->current_schema_id;
    if (metadata->format_version >= 3) {
      snapshot->first_row_id = list_options.first_row_id;
      snapshot->added_rows = list_writer->next_row_id().value_or(0) - list_options.first_row_id.value_or(0);
    }
    auto& summary = snapshot->summary;
    summary["operation"] = std::string(iceberg::kOperationAppend);
    summary["added-data-files"] = std::to_string(files.size());
    summary["added-records"] = std::to_string(rows_);
    summary["added-files-size"] = std::to_string(added_bytes);
    summary["changed-partition-count"] = std::to_string(files.size());
    auto total = [&](const std::string& name, int64_t added) {
      int64_t previous = 0;
      if (parent) {
        auto it = parent->summary.find(name);
        if (it == parent->summary.end()) return;
        try {
          previous = std::stoll(it->second);
        } catch (...) {
          return;
        }
      }
      summary[name] = std::to_string(previous + added);
    };
    total("total-records", rows_);
    total("total-data-files", static_cast<int64_t>(files.size()));
    total("total-files-size", added_bytes);
    total("total-delete-files", 0);
    total("total-position-deletes", 0);
    total("total-equality-deletes", 0);

    catalog::TableCommit commit;
    commit.identifier = identifier_;
    commit.requirements.push_back(iceberg::AssertTableUuid{metadata->table_uuid});
    commit.requirements.push_back(iceberg::AssertRefSnapshotId{
        std::string(iceberg::SnapshotRef::kMainBranch),
        parent ? std::optional<int64_t>(parent->snapshot_id) : std::nullopt});
    commit.updates.push_back(iceberg::AddSnapshotUpdate{snapshot});
    iceberg::SnapshotRef ref;
    ref.snapshot_id = snapshot_id;
    ref.type = iceberg::SnapshotRefType::kBranch;
    commit.updates.push_back(iceberg::SetSnapshotRefUpdate{std::string(iceberg::SnapshotRef::kMainBranch), ref});
    auto committed = catalog_->UpdateTable(commit);
    if (committed.ok()) {
      result.snapshot_id = snapshot_id;
      metadata_ = committed->metadata;
      written_files_.clear();
      return result;
    }
    file_io_->Delete(list_location).IgnoreError();
    file_io_->Delete(manifest_location).IgnoreError();
    if (committed.status().kind() != ErrorKind::kCommitFailed || attempt >= kMaxAttempts) {
      Abort();
      return committed.status();
    }
    // Another writer moved main: append on top of its snapshot.
    auto reloaded = catalog_->LoadTable(identifier_);
    if (!reloaded.ok()) {
      Abort();
      return reloaded.status();
    }
    metadata = reloaded->metadata;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(100, 1 << std::min(attempt, 6))));
  }
}

}  // namespace floe::engine
