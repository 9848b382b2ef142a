// Row-level deletes of Iceberg v2/v3 tables (spec "Row-level Deletes",
// "Delete Formats", Puffin "deletion-vector-v1"), applied while a data file
// is scanned.
//
//   DeleteFileLoader loader(file_io, schema, memory);      // one per scan
//   FLOE_ASSIGN_OR_RETURN(auto filter, loader.FilterFor(task));
//   // per batch of consecutive file rows starting at `first_position`:
//   FLOE_ASSIGN_OR_RETURN(auto live, filter->LiveRows(first_position, rows, column_of_field));
//
// Which delete files apply to a data file (sequence numbers, partitions,
// deletion vectors superseding position delete files) is decided by scan
// planning (iceberg::TableScan); this layer reads them and tests rows:
//   - a position delete file (Parquet, columns file_path 2147483546 and pos
//     2147483545) deletes the rows of the data file whose 0-based position
//     it lists;
//   - a deletion vector (Puffin blob at content_offset / content_size_in_bytes:
//     big-endian length, magic D1 D3 39 64, a portable 64-bit Roaring bitmap,
//     big-endian CRC-32) deletes the positions set in the bitmap;
//   - an equality delete file (Parquet, the columns of its equality_ids)
//     deletes every row whose values equal one of its rows in all those
//     columns; NULL equals NULL. Delete values are converted to the table
//     column's type first (int -> long, float -> double, decimal widening).
//
// Each delete file is read once per loader (a position delete file that
// lists several data files, or an equality delete file applying to many,
// is not read again); the loaded deletes are charged to the query's
// MemoryTracker and released when the loader is destroyed.
// Errors: a missing, truncated or corrupt delete file is an error naming
// the file (never an empty set of deletes); delete files in Avro or ORC
// are NOT_SUPPORTED.
// Thread-safety: FilterFor may be called from several threads; a
// DeleteFilter is immutable and may be shared.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/engine/operators.h"
#include "floe/engine/sql_type.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/table_scan.h"
#include "floe/io/file_io.h"

namespace floe::engine {

// Field ids of the position delete file columns (spec "Reserved Field IDs").
inline constexpr int32_t kDeleteFilePathFieldId = 2147483546;
inline constexpr int32_t kDeleteFilePositionFieldId = 2147483545;

// Hashes strings and string views alike (lookups without a copy).
struct BytesHash {
  using is_transparent = void;
  size_t operator()(std::string_view bytes) const { return std::hash<std::string_view>()(bytes); }
};

// The rows one equality delete file deletes.
struct EqualityDeletes {
  std::vector<int32_t> field_ids;  // the file's equality_ids
  std::vector<SqlType> types;      // the table columns' types, per field id
  // AppendValueKey encodings of each delete row's values, in field_ids order.
  std::unordered_set<std::string> keys;
  // One column of an integer representation (integer types, date, time,
  // timestamps): its values are kept here instead of `keys`, which is
  // cheaper to probe.
  bool integer_key = false;
  std::unordered_set<int64_t> integer_keys;
  // One column of bytes (varchar, varbinary, uuid): its values' bytes.
  bool bytes_key = false;
  std::unordered_set<std::string, BytesHash, std::equal_to<>> bytes_keys;
  bool deletes_null = false;  // integer_key / bytes_key: some delete row holds NULL

  bool empty() const { return keys.empty() && integer_keys.empty() && bytes_keys.empty() && !deletes_null; }
};

// The deletes that apply to one data file.
class DeleteFilter {
 public:
  DeleteFilter(std::vector<int64_t> positions, std::vector<std::shared_ptr<const EqualityDeletes>> equality);

  bool empty() const { return positions_.empty() && equality_.empty(); }
  // Deleted positions, ascending and unique.
  const std::vector<int64_t>& positions() const { return positions_; }
  // The table field ids whose values equality deletes compare, once each.
  const std::vector<int32_t>& equality_field_ids() const { return equality_field_ids_; }

  // The rows of a batch of `num_rows` consecutive file rows starting at file
  // position `first_position` that are not deleted, ascending (batch row
  // indices). `column_of(field_id)` gives the batch's vector of a table
  // field in the table type (called only for equality_field_ids()).
  using ColumnOf = std::function<Result<std::shared_ptr<columnar::Vector>>(int32_t field_id)>;
  Result<std::vector<uint32_t>> LiveRows(int64_t first_position, int64_t num_rows, const ColumnOf& column_of) const;

 private:
  std::vector<int64_t> positions_;
  std::vector<std::shared_ptr<const EqualityDeletes>> equality_;
  std::vector<int32_t> equality_field_ids_;
};

class DeleteFileLoader {
 public:
  // `schema`: the table schema the scan reads (types for equality deletes).
  // `memory` may be null (no accounting).
  DeleteFileLoader(std::shared_ptr<io::FileIO> file_io, iceberg::SchemaPtr schema,
                   std::shared_ptr<MemoryTracker> memory);
  ~DeleteFileLoader();
  DeleteFileLoader(const DeleteFileLoader&) = delete;
  DeleteFileLoader& operator=(const DeleteFileLoader&) = delete;

  // Keeps position deletes only for these data files (the ones the scan
  // reads): rows of position delete files for other files are dropped while
  // loading, and row groups whose file_path statistics lie outside these
  // paths are not read. Call before the first FilterFor; without it, every
  // data file's positions are kept.
  void RestrictToDataFiles(const std::vector<std::string>& data_files);

  // The deletes of task.delete_files for task.data_file (an empty filter
  // when it has none).
  Result<std::shared_ptr<const DeleteFilter>> FilterFor(const iceberg::FileScanTask& task);

  // Delete files read so far (each once).
  int64_t files_read() const;

 private:
  using PositionsByDataFile = std::unordered_map<std::string, std::vector<int64_t>>;
  Result<std::shared_ptr<const PositionsByDataFile>> PositionDeletes(const iceberg::DataFile& file);
  Result<std::shared_ptr<const EqualityDeletes>> LoadEqualityDeletes(const iceberg::DataFile& file);
  Result<std::vector<int64_t>> DeletionVector(const iceberg::DataFile& file);
  Status Charge(int64_t bytes);

  std::shared_ptr<io::FileIO> file_io_;
  iceberg::SchemaPtr schema_;
  std::shared_ptr<MemoryTracker> memory_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const PositionsByDataFile>> position_files_;
  std::unordered_map<std::string, std::shared_ptr<const EqualityDeletes>> equality_files_;
  std::unordered_set<std::string> data_files_;  // empty: keep every data file's positions
  std::string min_data_file_, max_data_file_;
  int64_t files_read_ = 0;
  int64_t charged_bytes_ = 0;
};

}  // namespace floe::engine
