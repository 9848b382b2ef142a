// The RLE / bit-packing hybrid encoding (levels, dictionary indices, RLE
// booleans) and the bit unpacking it shares with DELTA_BINARY_PACKED.
//
// Contract:
// - Decoders read only inside [data, data + size); a truncated final run
//   yields fewer values (Decode returns the count), never an out-of-bounds
//   read. Values of bit-packed runs beyond the data read as zero-padded bits
//   only within the declared run and are cut at the data's end.
// - RleBitPackedEncoder::Encode appends a hybrid encoding of the values,
//   padding the last bit-packed group with zeros (the reader knows the count).
// - Not thread-safe; one decoder per page stream.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>

namespace floe::parquet {

// Reads 8 little-endian bytes at `byte`, zero-filling past `size`.
inline uint64_t LoadWord(const uint8_t* data, size_t size, size_t byte) {
  uint64_t word = 0;
  if (byte + 8 <= size) {
    std::memcpy(&word, data + byte, 8);
  } else if (byte < size) {
    std::memcpy(&word, data + byte, size - byte);
  }
  return word;
}

// Unpacks `count` values of `width` bits (0..64), LSB first, starting at bit
// `bit_offset` of data[0, size). Bits past `size` read as zero.
template <typename T>
void UnpackBits(const uint8_t* data, size_t size, uint64_t bit_offset, int width, int64_t count, T* out) {
  if (width == 0) {
    std::fill_n(out, count, T{0});
    return;
  }
  const uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
  for (int64_t i = 0; i < count; ++i) {
    uint64_t bit = bit_offset + static_cast<uint64_t>(i) * width;
    size_t byte = bit >> 3;
    int shift = static_cast<int>(bit & 7);
    uint64_t value = LoadWord(data, size, byte) >> shift;
    if (shift + width > 64 && byte + 8 < size) value |= static_cast<uint64_t>(data[byte + 8]) << (64 - shift);
    out[i] = static_cast<T>(value & mask);
  }
}

class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder() = default;
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width)
      : position_(data), end_(data + size), bit_width_(bit_width) {}

  // Decodes up to `count` values into `out`; returns how many were decoded.
  template <typename T>
  int64_t Decode(T* out, int64_t count) {
    int64_t done = 0;
    while (done < count) {
      if (run_remaining_ == 0 && !NextRun()) break;
      int64_t n = std::min<int64_t>(count - done, run_remaining_);
      if (run_is_repeat_) {
        std::fill_n(out + done, n, static_cast<T>(repeat_value_));
      } else {
        UnpackBits(packed_data_, packed_size_, packed_bit_offset_, bit_width_, n, out + done);
        packed_bit_offset_ += static_cast<uint64_t>(n) * bit_width_;
      }
      run_remaining_ -= n;
      done += n;
    }
    return done;
  }

 private:
  bool NextRun();

  const uint8_t* position_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  int64_t run_remaining_ = 0;
  bool run_is_repeat_ = false;
  uint64_t repeat_value_ = 0;
  const uint8_t* packed_data_ = nullptr;
  size_t packed_size_ = 0;
  uint64_t packed_bit_offset_ = 0;
};

// Appends the hybrid encoding of values[0, count) with `bit_width` bits each.
void EncodeRleBitPacked(const uint32_t* values, int64_t count, int bit_width, std::string* out);
// Same for int16 levels.
void EncodeRleBitPacked(const int16_t* values, int64_t count, int bit_width, std::string* out);

// Bits needed to represent `max_value` (0 for 0).
inline int BitWidth(uint64_t max_value) { return max_value == 0 ? 0 : 64 - __builtin_clzll(max_value); }

void WriteUleb128(uint64_t value, std::string* out);

}  // namespace floe::parquet
