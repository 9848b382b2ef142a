// ColumnChunkReader: iterates the pages of one column chunk and yields, per
// batch of records, the definition/repetition levels and the dense physical
// values (see value_decoder.h) of those records.
//
// Contract:
// - Owns the chunk's (compressed) bytes and one decompressed page at a time:
//   memory is bounded by the chunk size plus one page, plus the batch output.
// - ReadRecords(n) consumes exactly n records (rows of the top-level field)
//   unless the chunk ends first; records may span pages (v1).
// - Corrupt pages (bad sizes, levels above their maximum, too few values,
//   checksum mismatch when verification is on) give kInvalidData; unsupported
//   encodings/codecs give kNotImplemented. Never reads outside its buffers.
// - Not thread-safe; one reader per column per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/parquet/metadata.h"
#include "floe/parquet/rle.h"
#include "floe/parquet/schema.h"
#include "floe/parquet/value_decoder.h"

namespace floe::parquet {

struct PageLimits {
  int64_t max_page_bytes = int64_t{256} << 20;  // decompressed size of one page
  int64_t max_batch_level_entries = int64_t{64} << 20;
  bool verify_checksums = false;
};

// The levels and values of a run of records of one leaf column.
struct LeafBatch {
  columnar::Buffer definition_levels;  // int16 per entry; empty when max_definition_level == 0
  columnar::Buffer repetition_levels;  // int16 per entry; empty when max_repetition_level == 0
  int64_t level_count = 0;             // entries (= values + nulls + empty lists)
  std::shared_ptr<columnar::Vector> values;  // dense physical values (entries with def == max)

  const int16_t* definitions() const { return definition_levels.As<int16_t>(); }
  const int16_t* repetitions() const { return repetition_levels.As<int16_t>(); }
};

// A column chunk's bytes: a string, or a buffer of the chunk's size holding
// only the pages a row range needs (read through the offset index; the
// bytes between them are uninitialised and never parsed), so a morsel of a
// large row group neither zero-fills nor faults in the whole chunk.
class ChunkBytes {
 public:
  ChunkBytes() = default;
  ChunkBytes(std::string text) : text_(std::move(text)) {}  // NOLINT: implicit, as the bytes of a string
  ChunkBytes(std::unique_ptr<char[]> buffer, size_t size) : buffer_(std::move(buffer)), buffer_size_(size) {}

  const char* data() const { return buffer_ ? buffer_.get() : text_.data(); }
  char* mutable_data() { return buffer_ ? buffer_.get() : text_.data(); }
  size_t size() const { return buffer_ ? buffer_size_ : text_.size(); }
  bool empty() const { return size() == 0; }

 private:
  std::string text_;
  std::unique_ptr<char[]> buffer_;
  size_t buffer_size_ = 0;
};

class ColumnChunkReader {
 public:
  ColumnChunkReader(const ColumnDescriptor& column, Codec codec, int64_t num_values, ChunkBytes chunk,
                    PageLimits limits);

  // Appends the next `records` records to `out` (initialised by StartBatch);
  // returns how many were read (fewer only at the end of the chunk).
  Result<int64_t> ReadRecords(int64_t records, LeafBatch* out);
  // Resets `out` for a new batch.
  void StartBatch(LeafBatch* out) const;

  // The data pages of the chunk from its offset index, with offsets relative
  // to the start of the chunk's bytes (validated by the caller: inside the
  // chunk, rows increasing). Lets SkipRecords jump over whole pages.
  void SetPageLocations(std::vector<PageLocation> pages);
  // Skips the next `records` records: whole pages are skipped without being
  // decompressed when page locations are set, the rest is decoded and dropped.
  Status SkipRecords(int64_t records);
  // Records consumed (read or skipped) so far.
  int64_t position() const { return row_; }

 private:
  // Loads the next data page (reading dictionary pages on the way); false at the end.
  Result<bool> NextDataPage();
  // Parses the page header at offset_ and checks its sizes; `*page_offset`
  // receives where the page body starts.
  Result<PageHeader> ReadPageHeader(size_t* page_offset);
  Result<const uint8_t*> DecompressPage(const uint8_t* input, size_t input_size, size_t output_size);
  Status ReadDictionaryPage(const PageHeader& header, const uint8_t* page, size_t page_size);
  // Reads the dictionary page when the chunk starts with one and nothing is read yet.
  Status LoadDictionary();
  Status Corrupt(std::string_view what) const;
  Status SetUpLevels(Encoding encoding, int16_t max_level, const uint8_t** data, size_t* size, bool length_prefixed,
                     size_t v2_length, RleBitPackedDecoder* decoder, bool* bit_packed_legacy,
                     const uint8_t** legacy_data, size_t* legacy_size);
  Status DecodeLevels(bool repetition, int64_t count, int16_t* out);
  Status ConsumeValues(int64_t count, LeafBatch* out);
  Result<int64_t> ReadFlat(int64_t records, LeafBatch* out);
  Result<int64_t> ReadNested(int64_t records, LeafBatch* out);

  const ColumnDescriptor& column_;
  Codec codec_;
  int64_t num_values_;
  int64_t values_seen_ = 0;
  ChunkBytes chunk_;
  size_t offset_ = 0;
  PageLimits limits_;
  columnar::Buffer page_buffer_;
  std::shared_ptr<columnar::Vector> dictionary_;
  std::unique_ptr<ValueDecoder> values_;
  int64_t page_remaining_ = 0;  // level entries of the current page not yet decoded
  RleBitPackedDecoder definition_decoder_;
  RleBitPackedDecoder repetition_decoder_;
  // Deprecated BIT_PACKED levels (MSB first).
  bool definition_bit_packed_ = false;
  bool repetition_bit_packed_ = false;
  const uint8_t* definition_packed_data_ = nullptr;
  size_t definition_packed_size_ = 0;
  uint64_t definition_packed_index_ = 0;
  const uint8_t* repetition_packed_data_ = nullptr;
  size_t repetition_packed_size_ = 0;
  uint64_t repetition_packed_index_ = 0;
  // Nested columns: levels decoded from the page but not yet consumed.
  columnar::Buffer pending_definitions_;
  columnar::Buffer pending_repetitions_;
  int64_t pending_begin_ = 0;
  int64_t pending_end_ = 0;
  bool first_entry_ = true;
  std::vector<PageLocation> pages_;
  int64_t row_ = 0;
};

}  // namespace floe::parquet
