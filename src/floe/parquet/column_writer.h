// ColumnChunkWriter: buffers the levels and values of one leaf column for
// the open row group, cuts pages, dictionary-encodes with fallback to PLAIN,
// keeps statistics, and emits the encoded column chunk.
//
// Contract: used by ParquetWriter only. Add* calls never fail; Finish
// compresses and appends the chunk's bytes, resetting for the next row
// group. File-level statistics accumulate across chunks for the Iceberg
// metrics. Not thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "floe/columnar/vector.h"
#include "floe/parquet/file_writer.h"
#include "floe/parquet/metadata.h"

namespace floe::parquet {

struct LeafSpec {
  std::vector<std::string> path;
  PhysicalType physical_type = PhysicalType::kInt32;
  int32_t type_length = 0;
  int16_t max_definition_level = 0;
  int16_t max_repetition_level = 0;
  WriteField::Type type = WriteField::Type::kInt;
  int32_t precision = 0;
  int32_t field_id = 0;
  bool inside_repeated = false;  // under a list or map: no Iceberg bounds
};

// Min/max in a comparable form, by kind of value.
struct ValueRange {
  enum class Kind : uint8_t { kInteger, kFloating, kDecimal, kBytes };
  Kind kind = Kind::kInteger;
  bool present = false;
  int64_t min_integer = 0, max_integer = 0;
  double min_floating = 0, max_floating = 0;
  __int128 min_decimal = 0, max_decimal = 0;
  std::string min_bytes, max_bytes;

  void Merge(const ValueRange& other);
};

class ColumnChunkWriter {
 public:
  ColumnChunkWriter(LeafSpec spec, const WriterOptions& options);

  void AddNull(int16_t definition, int16_t repetition);
  // A non-null value at row `row` of `vector` (dictionary vectors allowed).
  void AddValue(int16_t repetition, const columnar::Vector& vector, int64_t row);
  // Rows [0, rows) of a top-level column (no repetition; nulls at definition
  // 0 when `nullable`): the same as AddNull/AddValue per row, with a typed
  // loop for integers, dates, times, timestamps, INT32/INT64 decimals and
  // strings/binary.
  void AddColumn(const columnar::Vector& vector, int64_t rows, bool nullable);

  int64_t buffered_bytes() const { return static_cast<int64_t>(chunk_pages_.size()) + page_estimate_ + dictionary_plain_.size(); }

  // The page index and bloom filter of a finished chunk, written by the
  // file writer after the last row group.
  struct ChunkIndexes {
    std::optional<OffsetIndex> offset_index;
    std::optional<ColumnIndex> column_index;
    std::optional<std::string> bloom_filter;  // serialised (header + bitset)
  };

  // Appends the chunk's dictionary page (if any) to `out`, whose first byte
  // will sit at `file_offset`, and describes the chunk; its data pages are
  // data_pages(), which the caller writes right after `out` and then
  // releases with ClearDataPages(). `indexes` receives the page index (when
  // enabled) and bloom filter (when enabled for the column).
  Result<ColumnChunk> Finish(int64_t file_offset, std::string* out, ChunkIndexes* indexes);
  const std::string& data_pages() const { return chunk_pages_; }
  void ClearDataPages() { chunk_pages_.clear(); }

  // Iceberg metrics over every chunk finished so far.
  ColumnMetrics Metrics(int32_t truncate_length) const;
  const LeafSpec& spec() const { return spec_; }

 private:
  Status FlushPage();
  void AppendPlain(const uint8_t* data, size_t size);
  void Observe(const uint8_t* data, size_t size);

  // A page boundary may fall before this entry (the current page is full
  // and, for nested columns, the entry starts a record).
  void MaybeFlushPage(int16_t repetition);
  // Whether MaybeFlushPage may have something to do (a cheap pre-check).
  bool PageCheckDue() const;
  // Counts one non-null value and dictionary-encodes or PLAIN-appends it.
  void EncodeValue(const uint8_t* data, size_t size);
  template <typename Stored, typename Physical>
  void AddIntegerColumn(const columnar::Vector& vector, int64_t rows, bool nullable);
  void AddBytesColumn(const columnar::Vector& vector, int64_t rows, bool nullable);

  LeafSpec spec_;
  const WriterOptions& options_;
  bool bloom_filter_ = false;
  std::vector<uint64_t> bloom_hashes_;  // of the current chunk's values
  // Page index of the current chunk: data page offsets relative to chunk_pages_.
  OffsetIndex offset_index_;
  ColumnIndex column_index_;
  bool column_index_usable_ = true;
  int64_t chunk_rows_ = 0;  // records started in the current chunk
  int64_t page_first_row_ = 0;
  ValueRange page_range_;
  bool range_is_bytes_ = false;  // byte-array min/max (truncated in the column index)
  // Current page.
  std::vector<int16_t> definitions_;
  std::vector<int16_t> repetitions_;
  std::vector<uint32_t> indices_;
  std::string plain_values_;
  int64_t page_estimate_ = 0;
  int64_t page_nulls_ = 0;
  int64_t page_entries_ = 0;
  // Dictionary of the current chunk.
  bool dictionary_enabled_ = true;
  bool dictionary_used_ = false;
  // Open addressing over the dictionary entries (entry + 1; 0 = empty),
  // hashed with XXH3; entries live in dictionary_plain_ (PLAIN encoded).
  struct DictionarySlot {
    uint64_t key = 0;  // the value (up to 8 bytes) or its hash
    uint32_t entry_plus_one = 0;
  };
  std::vector<DictionarySlot> dictionary_slots_;
  // The dictionary is dropped for the rest of the chunk when, after its
  // first kDictionaryCheckValues values, it does not make them smaller.
  static constexpr int64_t kDictionaryCheckValues = 20000;
  bool dictionary_checked_ = false;
  int64_t plain_bytes_seen_ = 0;  // PLAIN size of the dictionary-encoded values so far
  int64_t dictionary_values_seen_ = 0;
  std::vector<uint32_t> dictionary_offsets_;  // BYTE_ARRAY: where each entry's bytes start
  uint32_t DictionaryIndex(const uint8_t* data, size_t size);
  std::string dictionary_plain_;
  uint32_t dictionary_size_ = 0;
  // Current chunk.
  std::string chunk_pages_;
  int64_t chunk_uncompressed_ = 0;
  int64_t chunk_values_ = 0;
  int64_t chunk_nulls_ = 0;
  bool chunk_plain_pages_ = false;
  ValueRange chunk_range_;
  std::string page_scratch_;        // the page being built
  std::string compressed_scratch_;  // its compressed form
  Status deferred_;  // a compression failure surfaced by Finish
  // Whole file.
  ValueRange file_range_;
  int64_t file_values_ = 0;
  int64_t file_nulls_ = 0;
  int64_t file_nans_ = 0;
  int64_t file_bytes_ = 0;
};

}  // namespace floe::parquet
