#include "floe/engine/table_writer.h"

#include <chrono>
#include <random>
#include <thread>

#include "floe/common/uuid.h"
#include "floe/engine/operator_internal.h"
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
  std::vector<columnar::Batch> buffered;  // sorted tables: rows waiting for the sort
};

TableWriter::~TableWriter() {
  if (!keep_files_) Abort();  // a statement that never committed leaves nothing
  if (options_.memory && reserved_bytes_ > 0) options_.memory->Release(reserved_bytes_);
}

Status TableWriter::CheckCanceled() const {
  if (options_.cancellation && options_.cancellation->canceled()) {
    return sql::SqlErrorNoLocation(codes::kUserCanceled, "Query was canceled");
  }
  return Status::OK();
}

Result<std::unique_ptr<TableWriter>> TableWriter::Make(catalog::Catalog& catalog, std::shared_ptr<io::FileIO> file_io,
                                                       catalog::TableIdentifier identifier,
                                                       iceberg::TableMetadataPtr metadata, TableWriterOptions options) {
  std::unique_ptr<TableWriter> writer(new TableWriter());
  writer->options_ = std::move(options);
  writer->catalog_ = &catalog;
  writer->file_io_ = std::move(file_io);
  writer->identifier_ = std::move(identifier);
  writer->metadata_ = metadata;
  writer->schema_ = metadata->CurrentSchema();
  writer->spec_ = metadata->DefaultSpec();
  if (!writer->spec_) writer->spec_ = iceberg::PartitionSpec::Unpartitioned();
  auto sort_order = metadata->DefaultSortOrder();
  if (writer->options_.sorted_writing && sort_order && !sort_order->is_unsorted()) {
    for (const auto& field : sort_order->fields()) {
      const iceberg::NestedField* source = writer->schema_->FindField(field.source_id);
      bool top_level = false;
      for (const auto& column : writer->schema_->fields()) top_level |= column.id == field.source_id;
      if (!source || !top_level || !field.source_ids.empty()) {
        return sql::SqlErrorNoLocation(codes::kNotSupported, "Sort order field {} has no top-level source column",
                                       field.source_id);
      }
    }
    writer->sort_order_ = sort_order;
  }
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
  FLOE_RETURN_IF_ERROR(CheckCanceled());
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
    if (sort_order_) {
      // The rows, and per row its place and sort key values in WriteSorted.
      int64_t bytes = detail::BatchBytes(out) +
                      out.num_rows * static_cast<int64_t>(12 + sizeof(Literal) * sort_order_->fields().size());
      if (options_.memory) FLOE_RETURN_IF_ERROR(options_.memory->Reserve(bytes));
      reserved_bytes_ += bytes;
      writer->buffered.push_back(std::move(out));
    } else {
      FLOE_RETURN_IF_ERROR(writer->writer->Write(out));
    }
    writer->rows += partition_rows[p].size();
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
  auto committed = CommitFiles();
  if (!committed.ok() && !keep_files_) Abort();
  return committed;
}

Status TableWriter::WriteSorted(PartitionWriter& writer) {
  const auto& fields = schema_->fields();
  struct Key {
    size_t column;
    const iceberg::SortField* field;
    const iceberg::Type* type;
  };
  std::vector<Key> keys;
  for (const auto& sort_field : sort_order_->fields()) {
    for (size_t c = 0; c < fields.size(); ++c) {
      if (fields[c].id == sort_field.source_id) keys.push_back(Key{c, &sort_field, fields[c].type.get()});
    }
  }
  // (batch, row) of every buffered row, and its sort key values.
  std::vector<std::pair<uint32_t, uint32_t>> rows;
  std::vector<Literal> values;
  for (uint32_t b = 0; b < writer.buffered.size(); ++b) {
    const columnar::Batch& batch = writer.buffered[b];
    for (uint32_t r = 0; r < static_cast<uint32_t>(batch.num_rows); ++r) {
      rows.emplace_back(b, r);
      for (const Key& key : keys) {
        Value value = ReadValue(*batch.columns[key.column], r, column_types_[key.column]);
        FLOE_ASSIGN_OR_RETURN(Literal literal, key.field->transform.Apply(*key.type, LiteralOf(value, *key.type)));
        values.push_back(std::move(literal));
      }
    }
    if ((b & 15) == 0) FLOE_RETURN_IF_ERROR(CheckCanceled());
  }
  std::vector<uint32_t> order(rows.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  const size_t width = keys.size();
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    for (size_t k = 0; k < width; ++k) {
      const Literal& x = values[a * width + k];
      const Literal& y = values[b * width + k];
      bool x_null = x.is_null(), y_null = y.is_null();
      if (x_null || y_null) {
        if (x_null == y_null) continue;
        bool nulls_first = keys[k].field->null_order == iceberg::NullOrder::kNullsFirst;
        return x_null == nulls_first;
      }
      auto ordering = CompareLiterals(x, y);
      if (ordering == 0) continue;
      bool ascending = keys[k].field->direction == iceberg::SortDirection::kAscending;
      return ascending ? ordering < 0 : ordering > 0;
    }
    return false;
  });
  // Written in chunks so that the Parquet writer sees batches of a usual size.
  constexpr size_t kChunkRows = 64 * 1024;
  auto schema = std::make_shared<const columnar::Schema>(writer.writer->columnar_schema());
  for (size_t start = 0; start < order.size(); start += kChunkRows) {
    FLOE_RETURN_IF_ERROR(CheckCanceled());
    size_t end = std::min(order.size(), start + kChunkRows);
    columnar::Batch out;
    out.schema = schema;
    out.num_rows = static_cast<int64_t>(end - start);
    for (size_t c = 0; c < fields.size(); ++c) {
      VectorBuilder builder(column_types_[c], out.num_rows);
      for (size_t i = start; i < end; ++i) {
        auto [b, r] = rows[order[i]];
        builder.SetValue(static_cast<int64_t>(i - start), ReadValue(*writer.buffered[b].columns[c], r, column_types_[c]));
      }
      auto vector = builder.Finish();
      vector->type = (*schema)[c].type;
      out.columns.push_back(std::move(vector));
    }
    FLOE_RETURN_IF_ERROR(writer.writer->Write(out));
  }
  writer.buffered.clear();
  return Status::OK();
}

Result<AppendResult> TableWriter::CommitFiles() {
  FLOE_RETURN_IF_ERROR(CheckCanceled());
  AppendResult result;
  result.rows = rows_;
  std::vector<iceberg::DataFile> files;
  int64_t added_bytes = 0;
  for (auto& writer : writers_) {
    if (sort_order_) FLOE_RETURN_IF_ERROR(WriteSorted(*writer));
    FLOE_RETURN_IF_ERROR(CheckCanceled());
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
    if (sort_order_) file.sort_order_id = sort_order_->order_id();
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
    // Deleted when this attempt does not commit (Abort knows only the data files).
    struct AttemptFiles {
      io::FileIO& file_io;
      std::vector<std::string> locations;
      bool keep = false;
      ~AttemptFiles() {
        if (!keep) {
          for (const auto& location : locations) file_io.Delete(location).IgnoreError();
        }
      }
    } attempt_files{*file_io_, {manifest_location, list_location}};
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
    // The last moment a cancel can stop the statement: after the commit the append is visible.
    FLOE_RETURN_IF_ERROR(CheckCanceled());
    auto committed = catalog_->UpdateTable(commit);
    if (committed.ok()) {
      attempt_files.keep = true;
      result.snapshot_id = snapshot_id;
      metadata_ = committed->metadata;
      written_files_.clear();
      keep_files_ = true;
      return result;
    }
    if (committed.status().kind() == ErrorKind::kCommitStateUnknown) {
      // The snapshot may be in the table: its files must stay.
      attempt_files.keep = true;
      keep_files_ = true;
      return committed.status();
    }
    if (committed.status().kind() != ErrorKind::kCommitFailed || attempt >= kMaxAttempts) return committed.status();
    // Another writer moved main: append on top of its snapshot.
    FLOE_ASSIGN_OR_RETURN(auto reloaded, catalog_->LoadTable(identifier_));
    metadata = reloaded.metadata;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(100, 1 << std::min(attempt, 6))));
  }
}

}  // namespace floe::engine
