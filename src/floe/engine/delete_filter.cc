// Reading delete files and testing rows against them (see delete_filter.h).
#include "floe/engine/delete_filter.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

#include "floe/engine/operator_internal.h"
#include "floe/engine/value.h"
#include "floe/parquet/file_reader.h"
#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;
using VectorPtr = std::shared_ptr<columnar::Vector>;

namespace {

// Little-endian reads over a bounded buffer.
class ByteCursor {
 public:
  ByteCursor(std::string_view bytes, std::string_view location) : bytes_(bytes), location_(location) {}

  template <typename T>
  Result<T> Read() {
    if (bytes_.size() - offset_ < sizeof(T)) return Truncated();
    T value;
    std::memcpy(&value, bytes_.data() + offset_, sizeof(T));
    offset_ += sizeof(T);
    return value;
  }
  Status Skip(size_t length) {
    if (bytes_.size() - offset_ < length) return Truncated();
    offset_ += length;
    return Status::OK();
  }
  const char* here() const { return bytes_.data() + offset_; }
  size_t left() const { return bytes_.size() - offset_; }

 private:
  Status Truncated() const {
    return InvalidData("deletion vector in {} is truncated (Roaring bitmap needs more than {} bytes)",
                               location_, bytes_.size());
  }
  std::string_view bytes_;
  std::string_view location_;
  size_t offset_ = 0;
};

constexpr uint32_t kSerialCookieNoRunContainer = 12346;
constexpr uint32_t kSerialCookie = 12347;
constexpr uint32_t kNoOffsetThreshold = 4;
constexpr uint32_t kMaxArrayContainer = 4096;

// One portable 32-bit Roaring bitmap (RoaringFormatSpec), each value ORed
// with `high`.
Status DecodeRoaring32(ByteCursor& cursor, uint64_t high, std::vector<int64_t>* out, std::string_view location) {
  FLOE_ASSIGN_OR_RETURN(uint32_t cookie, cursor.Read<uint32_t>());
  uint32_t containers = 0;
  bool has_run = false;
  std::string run_flags;
  if ((cookie & 0xFFFF) == kSerialCookie) {
    has_run = true;
    containers = (cookie >> 16) + 1;
    size_t flag_bytes = (containers + 7) / 8;
    if (cursor.left() < flag_bytes) return cursor.Skip(flag_bytes);
    run_flags.assign(cursor.here(), flag_bytes);
    FLOE_RETURN_IF_ERROR(cursor.Skip(flag_bytes));
  } else if (cookie == kSerialCookieNoRunContainer) {
    FLOE_ASSIGN_OR_RETURN(containers, cursor.Read<uint32_t>());
  } else {
    return InvalidData("deletion vector in {} is not a portable Roaring bitmap (cookie {:#x})", location, cookie);
  }
  if (containers > 65536) {
    return InvalidData("deletion vector in {} has {} containers in one bucket (at most 65536)", location,
                               containers);
  }
  std::vector<uint16_t> keys(containers);
  std::vector<uint32_t> cardinalities(containers);
  for (uint32_t i = 0; i < containers; ++i) {
    FLOE_ASSIGN_OR_RETURN(keys[i], cursor.Read<uint16_t>());
    FLOE_ASSIGN_OR_RETURN(uint16_t cardinality_minus_one, cursor.Read<uint16_t>());
    cardinalities[i] = uint32_t{cardinality_minus_one} + 1;
  }
  if (!has_run || containers >= kNoOffsetThreshold) FLOE_RETURN_IF_ERROR(cursor.Skip(size_t{4} * containers));
  for (uint32_t i = 0; i < containers; ++i) {
    uint64_t base = high | (uint64_t{keys[i]} << 16);
    bool run = has_run && ((static_cast<uint8_t>(run_flags[i / 8]) >> (i % 8)) & 1);
    if (run) {
      FLOE_ASSIGN_OR_RETURN(uint16_t runs, cursor.Read<uint16_t>());
      for (uint16_t r = 0; r < runs; ++r) {
        FLOE_ASSIGN_OR_RETURN(uint16_t start, cursor.Read<uint16_t>());
        FLOE_ASSIGN_OR_RETURN(uint16_t length, cursor.Read<uint16_t>());
        if (uint32_t{start} + length > 0xFFFF) {
          return InvalidData("deletion vector in {} has a run past its container", location);
        }
        for (uint32_t v = start; v <= uint32_t{start} + length; ++v) out->push_back(static_cast<int64_t>(base | v));
      }
    } else if (cardinalities[i] > kMaxArrayContainer) {
      for (uint32_t word = 0; word < 1024; ++word) {
        FLOE_ASSIGN_OR_RETURN(uint64_t bits, cursor.Read<uint64_t>());
        while (bits != 0) {
          int bit = __builtin_ctzll(bits);
          out->push_back(static_cast<int64_t>(base | (word * 64 + static_cast<uint32_t>(bit))));
          bits &= bits - 1;
        }
      }
    } else {
      for (uint32_t v = 0; v < cardinalities[i]; ++v) {
        FLOE_ASSIGN_OR_RETURN(uint16_t low, cursor.Read<uint16_t>());
        out->push_back(static_cast<int64_t>(base | low));
      }
    }
  }
  return Status::OK();
}

uint32_t ReadBigEndian32(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

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

Result<std::vector<int64_t>> DecodeRoaring64(std::string_view bytes, std::string_view location) {
  ByteCursor cursor(bytes, location);
  FLOE_ASSIGN_OR_RETURN(uint64_t buckets, cursor.Read<uint64_t>());
  if (buckets > bytes.size()) {
    return InvalidData("deletion vector in {} claims {} buckets in {} bytes", location, buckets, bytes.size());
  }
  std::vector<int64_t> positions;
  for (uint64_t b = 0; b < buckets; ++b) {
    FLOE_ASSIGN_OR_RETURN(uint32_t high, cursor.Read<uint32_t>());
    if (high > 0x7FFFFFFF) return InvalidData("deletion vector in {} has a negative position", location);
    FLOE_RETURN_IF_ERROR(DecodeRoaring32(cursor, uint64_t{high} << 32, &positions, location));
  }
  SortUnique(&positions);
  return positions;
}

Result<std::vector<int64_t>> DecodeDeletionVector(std::string_view blob, std::string_view location) {
  static constexpr unsigned char kMagic[4] = {0xD1, 0xD3, 0x39, 0x64};
  if (blob.size() < 12) {
    return InvalidData("deletion vector in {} is {} bytes, too short for a deletion-vector-v1 blob", location,
                               blob.size());
  }
  uint32_t length = ReadBigEndian32(blob.data());
  if (std::memcmp(blob.data() + 4, kMagic, 4) != 0) {
    return InvalidData(
        "deletion vector in {} lacks the deletion-vector-v1 magic (a bare Roaring bitmap written by an older "
        "writer is not a valid deletion vector)",
        location);
  }
  if (length != blob.size() - 8) {
    return InvalidData("deletion vector in {} declares {} bytes but the blob holds {}", location, length,
                               blob.size() - 8);
  }
  uint32_t expected_crc = ReadBigEndian32(blob.data() + 4 + length);
  uint32_t crc = static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(blob.data() + 4), static_cast<uInt>(length)));
  if (crc != expected_crc) {
    return InvalidData("deletion vector in {} fails its CRC-32 check", location);
  }
  return DecodeRoaring64(blob.substr(8, length - 4), location);
}

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
    std::unordered_map<int32_t, VectorPtr> columns;
    for (int32_t id : equality_field_ids_) {
      FLOE_ASSIGN_OR_RETURN(columns[id], column_of(id));
    }
    std::string key;
    for (const auto& deletes : equality_) {
      if (deletes->keys.empty()) continue;
      for (int64_t row = 0; row < num_rows; ++row) {
        if (deleted[row]) continue;
        key.clear();
        for (size_t i = 0; i < deletes->field_ids.size(); ++i) {
          const VectorPtr& column = columns[deletes->field_ids[i]];
          AppendValueKey(&key, column ? ReadValue(*column, row, deletes->types[i]) : Value::Null());
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
  FLOE_ASSIGN_OR_RETURN(std::vector<int64_t> positions, DecodeDeletionVector(blob, file.file_path));
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
  auto batches = reader->ReadRowGroups({}, fields);
  if (!batches.ok()) return WithFile(batches.status(), file.file_path);
  auto by_file = std::make_shared<PositionsByDataFile>();
  int64_t bytes = 0;
  columnar::Batch batch;
  while (true) {
    auto more = (*batches)->Next(&batch);
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
      if (target == nullptr || path != last_path) {
        target = &(*by_file)[std::string(path)];
        last_path = path;
        bytes += static_cast<int64_t>(path.size()) + 64;
      }
      int64_t position = pos->Values<int64_t>()[row];
      if (position < 0) {
        return InvalidData("position delete file {} has a negative pos {}", file.file_path, position);
      }
      target->push_back(position);
    }
    bytes += batch.num_rows * static_cast<int64_t>(sizeof(int64_t));
  }
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
    FLOE_ASSIGN_OR_RETURN(SqlType type, SqlTypeOfIceberg(*field->type, field->name));
    deletes->types.push_back(type);
  }
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
    if (reader->num_rows() > 0) {
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
