// Value decoders: turn the values section of a data page into dense
// (null-free) physical values appended to a columnar vector.
//
// Encodings: PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY, RLE (booleans),
// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY,
// BYTE_STREAM_SPLIT.
//
// The dense physical representation ("physical vector") per Parquet type:
//   BOOLEAN kBool (1 byte/value), INT32 kInt32, INT64 kInt64,
//   INT96 kFixedBinary(12), FLOAT kFloat, DOUBLE kDouble,
//   BYTE_ARRAY kBinary (offsets + bytes), FIXED_LEN_BYTE_ARRAY kFixedBinary(n).
//
// Contract: decoders read only inside the page buffer they were given (which
// must outlive them); asking for more values than the page holds, an
// out-of-range dictionary index, or a malformed header is kInvalidData.
// Output growth is bounded by the values requested. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/parquet/metadata.h"

namespace floe::parquet {

// The physical vector type for a Parquet physical type.
columnar::DataType PhysicalVectorType(PhysicalType type, int32_t type_length);

class ValueDecoder {
 public:
  virtual ~ValueDecoder() = default;
  // Appends `count` values to `out` (a physical vector, see above).
  virtual Status Decode(int64_t count, columnar::Vector* out) = 0;
};

// `dictionary` (a physical vector) is required for the dictionary encodings
// and must outlive the decoder.
Result<std::unique_ptr<ValueDecoder>> MakeValueDecoder(Encoding encoding, PhysicalType type, int32_t type_length,
                                                       const uint8_t* data, size_t size,
                                                       const columnar::Vector* dictionary);

// Decodes a whole PLAIN dictionary page of `count` values into `out`.
Status DecodeDictionaryPage(PhysicalType type, int32_t type_length, const uint8_t* data, size_t size,
                            int64_t count, columnar::Vector* out);

// DELTA_BINARY_PACKED (also the lengths inside the two delta byte-array encodings).
class DeltaBinaryPackedDecoder {
 public:
  Status Init(const uint8_t* data, size_t size);
  uint64_t total_values() const { return total_values_; }
  // Decodes `count` values (wrapping arithmetic, as the spec requires).
  template <typename T>
  Status Decode(T* out, int64_t count);
  // Bytes the whole encoding occupies from the start of `data` (walks the blocks).
  Result<size_t> EncodedSize() const;

 private:
  Status ReadVarint(const uint8_t** position, uint64_t* out) const;
  Status NextMiniblock();

  const uint8_t* data_ = nullptr;
  const uint8_t* end_ = nullptr;
  const uint8_t* position_ = nullptr;
  const uint8_t* blocks_start_ = nullptr;
  uint64_t block_size_ = 0;
  uint64_t miniblocks_per_block_ = 0;
  uint64_t values_per_miniblock_ = 0;
  uint64_t total_values_ = 0;
  uint64_t values_read_ = 0;
  uint64_t last_value_ = 0;
  uint64_t min_delta_ = 0;
  uint8_t bit_widths_[256] = {};
  uint64_t miniblock_index_ = 0;  // next miniblock in the current block
  uint64_t miniblock_remaining_ = 0;
  const uint8_t* miniblock_data_ = nullptr;
  size_t miniblock_size_ = 0;
  uint64_t miniblock_bit_offset_ = 0;
  int miniblock_width_ = 0;
  bool in_block_ = false;
};

}  // namespace floe::parquet
