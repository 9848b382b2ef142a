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
#include "floe/parquet/bloom_filter.h"
#include "floe/parquet/metadata.h"
#include "floe/parquet/predicate.h"
#include "floe/parquet/schema.h"

namespace floe::parquet {

struct ReaderOptions {
  int64_t batch_rows = columnar::kDefaultBatchRows;
  bool verify_page_checksums = false;
  int64_t max_page_bytes = int64_t{256} << 20;
  int64_t max_footer_bytes = int64_t{64} << 20;
};

// What Scan skipped, for callers that report it (EXPLAIN, inspect, tests).
struct ScanStatistics {
  int row_groups = 0;                          // in the file
  int row_groups_pruned_by_statistics = 0;     // column-chunk min/max/null counts
  int row_groups_pruned_by_bloom_filter = 0;   // kEqual predicates
  int row_groups_pruned_by_page_index = 0;     // no page of the group may match
  int64_t rows = 0;                            // in the file
  int64_t rows_selected = 0;                   // rows the scan decodes
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
  // Reads only `rows` of one row group (a morsel of a parallel scan): pages
  // outside them are not decompressed when the columns have an offset index;
  // rows before the range inside its first page are decoded and dropped.
  Result<std::unique_ptr<BatchReader>> ReadRows(int row_group, RowRanges rows, std::vector<int> fields);

  // The page index of one column chunk (`column` is a leaf index); nullopt
  // when the file has none for it. kInvalidData when it lies outside the
  // file or does not parse.
  Result<std::optional<OffsetIndex>> ReadOffsetIndex(int row_group, int column);
  Result<std::optional<ColumnIndex>> ReadColumnIndex(int row_group, int column);
  // The bloom filter of one column chunk; nullopt when it has none.
  // kNotImplemented for filters of an unknown algorithm, hash or compression.
  Result<std::optional<BloomFilter>> ReadBloomFilter(int row_group, int column);

  // Row groups that may contain rows matching every predicate: by column
  // statistics (as SelectRowGroups), then by bloom filters for kEqual
  // predicates. Filters that cannot be read or used never exclude a group.
  Result<std::vector<int>> PruneRowGroups(const std::vector<ColumnPredicate>& predicates,
                                          ScanStatistics* statistics = nullptr);
  // The rows of `row_group` that lie in pages which may match every
  // predicate, by the page index of the predicates' columns (columns without
  // a page index keep every row). Empty when no page may match.
  Result<RowRanges> SelectRows(int row_group, const std::vector<ColumnPredicate>& predicates);

  // Reads the top-level `fields` (empty: all) of the rows that may match
  // every predicate: row groups pruned by PruneRowGroups, then pages by
  // SelectRows. The batches hold a superset of the matching rows, in file
  // order (the caller still applies the predicates); a batch never spans
  // two row ranges, and BatchReader::file_row_position() tells where it
  // starts. Pages outside the selected rows are not decompressed when the
  // projected columns have an offset index.
  Result<std::unique_ptr<BatchReader>> Scan(std::vector<int> fields, const std::vector<ColumnPredicate>& predicates,
                                            ScanStatistics* statistics = nullptr);

 private:
  friend class BatchReader;
  ParquetReader() = default;
  // Reads `length` bytes at `offset` after checking they lie inside the file.
  Result<std::string> ReadIndexBytes(int64_t offset, int64_t length, std::string_view what);

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

  // Where the rows of the last batch come from: its row group, and the
  // position of its first row in the row group and in the file (0-based,
  // as Iceberg position deletes count). The batch's rows are consecutive.
  int row_group() const { return current_row_group_; }
  int64_t row_group_position() const { return batch_first_row_; }
  int64_t file_row_position() const { return row_group_first_file_row_ + batch_first_row_; }
  // Column chunk bytes fetched from the file so far (Scan fetches only the
  // pages of the selected rows when every projected column has an offset index).
  int64_t bytes_read() const { return bytes_read_; }

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
  // Scan: the rows to read per entry of row_groups_ (empty: every row).
  std::vector<RowRanges> row_ranges_;
  RowRanges ranges_;  // of the open row group, including the unread rest
  size_t next_range_ = 0;
  int64_t position_ = 0;  // next row to read in the open row group
  int current_row_group_ = -1;
  int64_t batch_first_row_ = 0;
  int64_t row_group_first_file_row_ = 0;
  std::vector<int64_t> file_row_offsets_;  // first file row of every row group
  int64_t bytes_read_ = 0;
};

}  // namespace floe::parquet
