// ParquetReader: opens a Parquet file, exposes its metadata and schema, and
// reads row groups as columnar batches (floe/columnar/vector.h).
//
// Usage:
//   FLOE_ASSIGN_OR_RETURN(auto reader, ParquetReader::Open(std::move(input)));
//   FLOE_ASSIGN_OR_RETURN(auto batches, reader->ReadRowGroups({}, {0, 2}));  // all groups, fields 0 and 2
//   columnar::Batch batch;
//   while (true) { FLOE_ASSIGN_OR_RETURN(bool more, batches->Next(&batch)); if (!more) break; ... }
//
// Contract:
// - Open reads and validates the footer (magic, length, Thrift, schema).
//   Encrypted files (PARE magic, or encryption metadata in a plaintext
//   footer) give kNotImplemented "encrypted Parquet is not supported".
// - Projection is by top-level field index (FieldIndexById maps Iceberg field
//   ids); a projected field is read with all its leaves.
// - Each BatchReader::Next yields up to ReaderOptions::batch_rows rows; row
//   groups are read one at a time (the projected column chunks of a group
//   are fetched with one InputFile::ReadRanges call), so memory is bounded by
//   one row group's projected chunks plus one batch.
// - Corrupt files give kInvalidData naming the column and the problem; they
//   never crash, hang, or allocate without bound (ReaderOptions limits).
// - A ParquetReader is not thread-safe (it owns one InputFile); BatchReaders
//   borrow it and must not outlive it. Open one reader per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/io/file_io.h"
#include "floe/parquet/column_reader.h"
#include "floe/parquet/metadata.h"
#include "floe/parquet/schema.h"

namespace floe::parquet {

struct ReaderOptions {
  int64_t batch_rows = columnar::kDefaultBatchRows;
  bool verify_page_checksums = false;
  int64_t max_page_bytes = int64_t{256} << 20;
  int64_t max_footer_bytes = int64_t{64} << 20;
};

// A min/max predicate on one leaf column, for row-group skipping. The value
// is in the column's physical representation: int64 for INT32/INT64 (dates
// as days, timestamps in the column's unit), double for FLOAT/DOUBLE, bytes
// for BYTE_ARRAY strings, bool for BOOLEAN.
struct ColumnPredicate {
  enum class Op : uint8_t { kLess, kLessOrEqual, kEqual, kGreaterOrEqual, kGreater, kIsNull, kIsNotNull };
  int column = 0;  // leaf column index (FileSchema::columns())
  Op op = Op::kEqual;
  std::variant<std::monostate, bool, int64_t, double, std::string> value;
};

class BatchReader;

class ParquetReader {
 public:
  static Result<std::unique_ptr<ParquetReader>> Open(std::unique_ptr<io::InputFile> file, ReaderOptions options = {});
  static Result<std::unique_ptr<ParquetReader>> Open(io::FileIO& io, std::string_view location,
                                                     ReaderOptions options = {});

  const FileMetaData& metadata() const { return metadata_; }
  const FileSchema& schema() const { return schema_; }
  int num_row_groups() const { return static_cast<int>(metadata_.row_groups.size()); }
  int64_t num_rows() const { return metadata_.num_rows; }

  // The top-level field with Iceberg field id `field_id`, if any.
  std::optional<int> FieldIndexById(int32_t field_id) const;

  // Row groups that may contain rows matching every predicate (by their
  // column statistics); groups without usable statistics are kept.
  std::vector<int> SelectRowGroups(const std::vector<ColumnPredicate>& predicates) const;

  // Reads `row_groups` (empty: all) with the top-level `fields` (empty: all).
  Result<std::unique_ptr<BatchReader>> ReadRowGroups(std::vector<int> row_groups, std::vector<int> fields);

 private:
  friend class BatchReader;
  ParquetReader() = default;

  std::unique_ptr<io::InputFile> file_;
  ReaderOptions options_;
  int64_t file_size_ = 0;
  FileMetaData metadata_;
  FileSchema schema_;
};

class BatchReader {
 public:
  // The schema of the batches (the projected fields).
  const std::shared_ptr<const columnar::Schema>& schema() const { return schema_; }
  // Fills `batch` with the next rows; false when every row group is read.
  Result<bool> Next(columnar::Batch* batch);

 private:
  friend class ParquetReader;
  BatchReader(ParquetReader* reader, std::vector<int> row_groups, std::vector<int> fields);
  Status OpenRowGroup(int row_group);

  ParquetReader* reader_;
  std::vector<int> row_groups_;
  std::vector<int> fields_;
  std::vector<int> columns_;  // projected leaf columns
  std::shared_ptr<const columnar::Schema> schema_;
  size_t next_row_group_ = 0;
  int64_t rows_left_ = 0;  // in the open row group
  std::vector<std::unique_ptr<ColumnChunkReader>> chunk_readers_;  // indexed by column
  std::vector<LeafBatch> leaves_;
};

}  // namespace floe::parquet
