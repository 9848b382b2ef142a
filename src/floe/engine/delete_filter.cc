// Reading delete files and testing rows against them (see delete_filter.h).
#include "floe/engine/delete_filter.h"

#include <algorithm>
#include <cstring>

#include "floe/engine/operator_internal.h"
#include "floe/engine/value.h"
#include "floe/iceberg/deletion_vector.h"
#include "floe/parquet/file_reader.h"
#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;
using VectorPtr = std::shared_ptr<columnar::Vector>;

namespace {

void SortUnique(std::vector<int64_t>* positions) {
  if (!std::is_sorted(positions->begin(), positions->end())) std::sort(positions->begin(), positions->end());
  positions->erase(std::unique(positions->begin(), positions->end()), positions->end());
}

Result<std::unique_ptr<parquet::ParquetReader>> OpenDeleteFile(io::FileIO& file_io, const iceberg::DataFile& file) {
  if (file.file_format != iceberg::FileFormat::kParquet) {
    return sql::SqlErrorNoLocation(codes::kNotSupported, "Delete files in {} format are not supported ({})",
                                   iceberg::FileFormatName(file.file_format), file.file_path);
  }
  auto reader = parquet::ParquetReader::Open(file_io, file.file_path);
  if (!reader.ok()) {
    return Status(reader.status().kind(),
                  fmt::format("cannot read delete file {}: {}", file.file_path, reader.status().message()));
  }
  return std::move(*reader);
}

// The top-level field of a delete file: by field id, else by name.
std::optional<int> DeleteFileField(const parquet::ParquetReader& reader, int32_t field_id, std::string_view name) {
  if (auto index = reader.FieldIndexById(field_id)) return index;
  const auto& fields = reader.schema().fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].field.field_id < 0 && fields[i].field.name == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

Status WithFile(Status status, std::string_view location) {
  if (status.ok()) return status;
  return Status(status.kind(), fmt::format("cannot read delete file {}: {}", location, status.message()));
}

}  // namespace

DeleteFilter::DeleteFilter(std::vector<int64_t> positions, std::vector<std::shared_ptr<const EqualityDeletes>> equality)
    : positions_(std::move(positions)), equality_(std::move(equality)) {
  SortUnique(&positions_);
  for (const auto& deletes : equality_) {
    for (int32_t id : deletes->field_ids) {
      if (std::find(equality_field_ids_.begin(), equality_field_ids_.end(), id) == equality_field_ids_.end()) {
        equality_field_ids_.push_back(id);
      }
    }
  }
}

Result<std::vector<uint32_t>> DeleteFilter::LiveRows(int64_t first_position, int64_t num_rows,
                                                     const ColumnOf& column_of) const {
  std::vector<uint8_t> deleted(static_cast<size_t>(num_rows), 0);
  auto it = std::lower_bound(positions_.begin(), positions_.end(), first_position);
  for (; it != positions_.end() && *it < first_position + num_rows; ++it) deleted[*it - first_position] = 1;
  if (!equality_.empty()) {
    std::unordered_map<int32_t, VectorPtr> by_id;
    for (int32_t id : equality_field_ids_) {
      FLOE_ASSIGN_OR_RETURN(by_id[id], column_of(id));
    }
    std::string key;
    std::vector<const columnar::Vector*> columns;
    for (const auto& deletes : equality_) {
      if (deletes->empty()) continue;
      columns.clear();
      for (int32_t id : deletes->field_ids) columns.push_back(by_id[id].get());
      if (deletes->integer_key) {
        for (int64_t row = 0; row < num_rows; ++row) {
          if (deleted[row]) continue;
          if (columns[0] == nullptr || columns[0]->IsNull(row)) {
            deleted[row] = deletes->deletes_null;
          } else {
            deleted[row] = deletes->integer_keys.contains(ReadValue(*columns[0], row, deletes->types[0]).integer());
          }
        }
        continue;
      }
      if (deletes->bytes_key) {
        for (int64_t row = 0; row < num_rows; ++row) {
          if (deleted[row]) continue;
          if (columns[0] == nullptr || columns[0]->IsNull(row)) {
            deleted[row] = deletes->deletes_null;
          } else {
            deleted[row] = deletes->bytes_keys.contains(columns[0]->BytesAt(row));
          }
        }
        continue;
      }
      for (int64_t row = 0; row < num_rows; ++row) {
        if (deleted[row]) continue;
        key.clear();
        for (size_t i = 0; i < columns.size(); ++i) {
          AppendValueKey(&key, columns[i] ? ReadValue(*columns[i], row, deletes->types[i]) : Value::Null());
        }
        if (deletes->keys.contains(key)) deleted[row] = 1;
      }
    }
  }
  std::vector<uint32_t> live;
  live.reserve(static_cast<size_t>(num_rows));
  for (int64_t row = 0; row < num_rows; ++row) {
    if (!deleted[row]) live.push_back(static_cast<uint32_t>(row));
  }
  return live;
}

DeleteFileLoader::DeleteFileLoader(std::shared_ptr<io::FileIO> file_io, iceberg::SchemaPtr schema,
                                   std::shared_ptr<MemoryTracker> memory)
    : file_io_(std::move(file_io)), schema_(std::move(schema)), memory_(std::move(memory)) {}

DeleteFileLoader::~DeleteFileLoader() {
  if (memory_ && charged_bytes_ > 0) memory_->Release(charged_bytes_);
}

int64_t DeleteFileLoader::files_read() const {
  std::lock_guard lock(mutex_);
  return files_read_;
}

Status DeleteFileLoader::Charge(int64_t bytes) {
  if (!memory_ || bytes <= 0) return Status::OK();
  FLOE_RETURN_IF_ERROR(memory_->Reserve(bytes));
  std::lock_guard lock(mutex_);
  charged_bytes_ += bytes;
  return Status::OK();
}

void DeleteFileLoader::RestrictToDataFiles(const std::vector<std::string>& data_files) {
  std::lock_guard lock(mutex_);
  data_files_.insert(data_files.begin(), data_files.end());
  for (const auto& path : data_files_) {
    if (min_data_file_.empty() || path < min_data_file_) min_data_file_ = path;
    if (path > max_data_file_) max_data_file_ = path;
  }
}

Result<std::shared_ptr<const DeleteFilter>> DeleteFileLoader::FilterFor(const iceberg::FileScanTask& task) {
  std::vector<int64_t> positions;
  std::vector<std::shared_ptr<const EqualityDeletes>> equality;
  const std::string& data_path = task.data_file->file_path;
  for (const auto& file : task.delete_files) {
    if (file->is_deletion_vector()) {
      FLOE_ASSIGN_OR_RETURN(std::vector<int64_t> vector, DeletionVector(*file));
      positions.insert(positions.end(), vector.begin(), vector.end());
    } else if (file->content == iceberg::DataFileContent::kPositionDeletes) {
      FLOE_ASSIGN_OR_RETURN(auto by_file, PositionDeletes(*file));
      auto it = by_file->find(data_path);
      if (it != by_file->end()) positions.insert(positions.end(), it->second.begin(), it->second.end());
    } else if (file->content == iceberg::DataFileContent::kEqualityDeletes) {
      FLOE_ASSIGN_OR_RETURN(auto deletes, LoadEqualityDeletes(*file));
      equality.push_back(std::move(deletes));
    }
  }
  return std::make_shared<const DeleteFilter>(std::move(positions), std::move(equality));
}

Result<std::vector<int64_t>> DeleteFileLoader::DeletionVector(const iceberg::DataFile& file) {
  if (!file.content_offset || !file.content_size_in_bytes || *file.content_offset < 0 ||
      *file.content_size_in_bytes < 0 || *file.content_size_in_bytes > (int64_t{1} << 31)) {
    return InvalidData("deletion vector {} has no valid content_offset / content_size_in_bytes",
                               file.file_path);
  }
  auto input = file_io_->OpenInput(file.file_path);
  if (!input.ok()) return WithFile(input.status(), file.file_path);
  std::string blob(static_cast<size_t>(*file.content_size_in_bytes), '\0');
  FLOE_RETURN_IF_ERROR(WithFile((*input)->ReadAt(*file.content_offset, *file.content_size_in_bytes,
                                                 reinterpret_cast<uint8_t*>(blob.data())),
                                file.file_path));
  // record_count is the vector's cardinality: it bounds what the blob may expand to.
  int64_t max_positions = file.record_count > 0 ? file.record_count : int64_t{1} << 31;
  FLOE_ASSIGN_OR_RETURN(std::vector<int64_t> positions,
                        iceberg::DecodeDeletionVector(blob, file.file_path, max_positions));
  FLOE_RETURN_IF_ERROR(Charge(static_cast<int64_t>(positions.size() * sizeof(int64_t))));
  {
    std::lock_guard lock(mutex_);
    ++files_read_;
  }
  return positions;
}

Result<std::shared_ptr<const DeleteFileLoader::PositionsByDataFile>> DeleteFileLoader::PositionDeletes(
    const iceberg::DataFile& file) {
  {
    std::lock_guard lock(mutex_);
    auto it = position_files_.find(file.file_path);
    if (it != position_files_.end()) return it->second;
  }
  FLOE_ASSIGN_OR_RETURN(auto reader, OpenDeleteFile(*file_io_, file));
  auto path_field = DeleteFileField(*reader, kDeleteFilePathFieldId, "file_path");
  auto pos_field = DeleteFileField(*reader, kDeleteFilePositionFieldId, "pos");
  if (!path_field || !pos_field) {
    return InvalidData("position delete file {} lacks the file_path and pos columns", file.file_path);
  }
  std::vector<int> fields = {*path_field, *pos_field};
  bool path_first = *path_field < *pos_field;
  std::sort(fields.begin(), fields.end());
  // Position delete files are sorted by file_path: row groups whose paths
  // lie outside the scan's data files are skipped by their statistics.
  std::vector<int> groups;  // empty: all
  bool none_match = false;
  const auto& path_node = reader->schema().fields()[static_cast<size_t>(*path_field)];
  if (!data_files_.empty() && path_node.kind == parquet::FieldNode::Kind::kLeaf) {
    std::vector<parquet::ColumnPredicate> range(2);
    range[0].column = path_node.column;
    range[0].op = parquet::ColumnPredicate::Op::kGreaterOrEqual;
    range[0].value = min_data_file_;
    range[1].column = path_node.column;
    range[1].op = parquet::ColumnPredicate::Op::kLessOrEqual;
    range[1].value = max_data_file_;
    groups = reader->SelectRowGroups(range);
    none_match = groups.empty();
  }
  auto by_file = std::make_shared<PositionsByDataFile>();
  int64_t bytes = 0;
  std::unique_ptr<parquet::BatchReader> batches;
  if (!none_match) {
    auto opened = reader->ReadRowGroups(groups, fields);
    if (!opened.ok()) return WithFile(opened.status(), file.file_path);
    batches = std::move(*opened);
  }
  columnar::Batch batch;
  while (batches) {
    auto more = batches->Next(&batch);
    if (!more.ok()) return WithFile(more.status(), file.file_path);
    if (!*more) break;
    const columnar::Vector& paths = *batch.columns[path_first ? 0 : 1];
    VectorPtr pos = detail::Conform(batch.columns[path_first ? 1 : 0], SqlType::Of(SqlTypeKind::kBigint));
    if (pos->type.id != columnar::TypeId::kInt64) {
      return InvalidData("position delete file {} has a pos column that is not a long", file.file_path);
    }
    std::string_view last_path;
    std::vector<int64_t>* target = nullptr;
    for (int64_t row = 0; row < batch.num_rows; ++row) {
      if (paths.IsNull(row) || pos->IsNull(row)) {
        return InvalidData("position delete file {} has a null file_path or pos (row {})", file.file_path,
                                   row);
      }
      std::string_view path = paths.BytesAt(row);
      if (row == 0 || path != last_path) {
        last_path = path;
        target = nullptr;
        std::string key(path);
        if (data_files_.empty() || data_files_.contains(key)) {
          auto [it, inserted] = by_file->try_emplace(std::move(key));
          target = &it->second;
          if (inserted) bytes += static_cast<int64_t>(path.size()) + 64;
        }
      }
      if (target == nullptr) continue;
      int64_t position = pos->Values<int64_t>()[row];
      if (position < 0) {
        return InvalidData("position delete file {} has a negative pos {}", file.file_path, position);
      }
      target->push_back(position);
    }
  }
  for (const auto& [path, positions] : *by_file) bytes += static_cast<int64_t>(positions.size() * sizeof(int64_t));
  for (auto& [path, positions] : *by_file) SortUnique(&positions);
  FLOE_RETURN_IF_ERROR(Charge(bytes));
  std::lock_guard lock(mutex_);
  ++files_read_;
  auto [it, inserted] = position_files_.emplace(file.file_path, std::move(by_file));
  return it->second;
}

Result<std::shared_ptr<const EqualityDeletes>> DeleteFileLoader::LoadEqualityDeletes(const iceberg::DataFile& file) {
  {
    std::lock_guard lock(mutex_);
    auto it = equality_files_.find(file.file_path);
    if (it != equality_files_.end()) return it->second;
  }
  if (file.equality_ids.empty()) {
    return InvalidData("equality delete file {} has no equality_ids", file.file_path);
  }
  auto deletes = std::make_shared<EqualityDeletes>();
  deletes->field_ids = file.equality_ids;
  for (int32_t id : file.equality_ids) {
    const iceberg::NestedField* field = schema_ ? schema_->FindField(id) : nullptr;
    if (field == nullptr) {
      return InvalidData("equality delete file {} names field id {}, which the table schema lacks",
                                 file.file_path, id);
    }
    if (schema_->ParentOf(id)) {
      return sql::SqlErrorNoLocation(codes::kNotSupported,
                                     "Equality deletes on nested field {} are not supported yet ({})",
                                     schema_->FindColumnName(id), file.file_path);
    }
    FLOE_ASSIGN_OR_RETURN(SqlType type, SqlTypeOfIceberg(*field->type, field->name));
    deletes->types.push_back(type);
  }
  const SqlType& first = deletes->types[0];
  deletes->integer_key = deletes->types.size() == 1 &&
                         (first.is_integral() || first.kind == SqlTypeKind::kDate || first.kind == SqlTypeKind::kTime ||
                          first.kind == SqlTypeKind::kTimestamp || first.kind == SqlTypeKind::kTimestampTz);
  deletes->bytes_key = deletes->types.size() == 1 && (first.kind == SqlTypeKind::kVarchar ||
                                                       first.kind == SqlTypeKind::kVarbinary ||
                                                       first.kind == SqlTypeKind::kUuid);
  FLOE_ASSIGN_OR_RETURN(auto reader, OpenDeleteFile(*file_io_, file));
  // Per equality id: its top-level field in the delete file, -1 when absent (NULL).
  std::vector<int> field_of;
  std::vector<int> fields;
  for (size_t i = 0; i < file.equality_ids.size(); ++i) {
    const iceberg::NestedField* field = schema_->FindField(file.equality_ids[i]);
    auto index = DeleteFileField(*reader, file.equality_ids[i], field->name);
    field_of.push_back(index ? *index : -1);
    if (index) fields.push_back(*index);
  }
  std::sort(fields.begin(), fields.end());
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  int64_t bytes = 0;
  if (fields.empty()) {
    // Every equality column is missing: each row deletes the all-NULL key.
    if (reader->num_rows() > 0 && (deletes->integer_key || deletes->bytes_key)) {
      deletes->deletes_null = true;
    } else if (reader->num_rows() > 0) {
      std::string key;
      for (size_t i = 0; i < file.equality_ids.size(); ++i) AppendValueKey(&key, Value::Null());
      deletes->keys.insert(key);
    }
  } else {
    auto batches = reader->ReadRowGroups({}, fields);
    if (!batches.ok()) return WithFile(batches.status(), file.file_path);
    columnar::Batch batch;
    std::string key;
    while (true) {
      auto more = (*batches)->Next(&batch);
      if (!more.ok()) return WithFile(more.status(), file.file_path);
      if (!*more) break;
      std::vector<VectorPtr> columns(file.equality_ids.size());
      for (size_t i = 0; i < file.equality_ids.size(); ++i) {
        if (field_of[i] < 0) continue;
        size_t position = static_cast<size_t>(std::find(fields.begin(), fields.end(), field_of[i]) - fields.begin());
        columns[i] = detail::Conform(batch.columns[position], deletes->types[i]);
        if (columns[i]->type.id != ColumnarTypeOf(deletes->types[i]).id) {
          return InvalidData("equality delete file {}: column {} does not match the table column's type",
                                     file.file_path, file.equality_ids[i]);
        }
      }
      if (deletes->integer_key) {
        for (int64_t row = 0; row < batch.num_rows; ++row) {
          if (columns[0] == nullptr || columns[0]->IsNull(row)) {
            deletes->deletes_null = true;
          } else if (deletes->integer_keys.insert(ReadValue(*columns[0], row, deletes->types[0]).integer()).second) {
            bytes += 32;
          }
        }
        continue;
      }
      if (deletes->bytes_key) {
        for (int64_t row = 0; row < batch.num_rows; ++row) {
          if (columns[0] == nullptr || columns[0]->IsNull(row)) {
            deletes->deletes_null = true;
          } else {
            std::string_view value = columns[0]->BytesAt(row);
            if (deletes->bytes_keys.emplace(value).second) bytes += static_cast<int64_t>(value.size()) + 48;
          }
        }
        continue;
      }
      for (int64_t row = 0; row < batch.num_rows; ++row) {
        key.clear();
        for (size_t i = 0; i < columns.size(); ++i) {
          AppendValueKey(&key, columns[i] ? ReadValue(*columns[i], row, deletes->types[i]) : Value::Null());
        }
        if (deletes->keys.insert(key).second) bytes += static_cast<int64_t>(key.size()) + 48;
      }
    }
  }
  FLOE_RETURN_IF_ERROR(Charge(bytes));
  std::lock_guard lock(mutex_);
  ++files_read_;
  auto [it, inserted] = equality_files_.emplace(file.file_path, std::move(deletes));
  return it->second;
}

}  // namespace floe::engine
