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
#include <string>
#include <unordered_map>
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

  int64_t buffered_bytes() const { return static_cast<int64_t>(chunk_pages_.size()) + page_estimate_ + dictionary_plain_.size(); }

  // Appends the chunk (dictionary page, data pages) to `out`, whose first byte
  // will sit at `file_offset`, and describes it.
  Result<ColumnChunk> Finish(int64_t file_offset, std::string* out);

  // Iceberg metrics over every chunk finished so far.
  ColumnMetrics Metrics(int32_t truncate_length) const;
  const LeafSpec& spec() const { return spec_; }

 private:
  Status FlushPage();
  void AppendPlain(const uint8_t* data, size_t size);
  void Observe(const uint8_t* data, size_t size);

  LeafSpec spec_;
  const WriterOptions& options_;
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
  std::unordered_map<std::string, uint32_t> dictionary_;
  std::string dictionary_plain_;
  uint32_t dictionary_size_ = 0;
  // Current chunk.
  std::string chunk_pages_;
  int64_t chunk_uncompressed_ = 0;
  int64_t chunk_values_ = 0;
  int64_t chunk_nulls_ = 0;
  bool chunk_plain_pages_ = false;
  ValueRange chunk_range_;
  std::string scratch_;
  Status deferred_;  // a compression failure surfaced by Finish
  // Whole file.
  ValueRange file_range_;
  int64_t file_values_ = 0;
  int64_t file_nulls_ = 0;
  int64_t file_nans_ = 0;
  int64_t file_bytes_ = 0;
};

}  // namespace floe::parquet
