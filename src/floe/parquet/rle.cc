#include "floe/parquet/rle.h"

#include <vector>

namespace floe::parquet {

bool RleBitPackedDecoder::NextRun() {
  while (position_ < end_) {
    uint64_t header = 0;
    int shift = 0;
    while (true) {
      if (position_ >= end_ || shift > 35) return false;
      uint8_t byte = *position_++;
      header |= static_cast<uint64_t>(byte & 0x7F) << shift;
      shift += 7;
      if ((byte & 0x80) == 0) break;
    }
    if (header & 1) {
      uint64_t groups = header >> 1;
      uint64_t bytes = groups * static_cast<uint64_t>(bit_width_);
      size_t available = static_cast<size_t>(std::min<uint64_t>(bytes, static_cast<uint64_t>(end_ - position_)));
      uint64_t values = groups * 8;
      if (bit_width_ > 0) values = std::min<uint64_t>(values, available * 8 / bit_width_);
      packed_data_ = position_;
      packed_size_ = available;
      packed_bit_offset_ = 0;
      position_ += available;
      run_is_repeat_ = false;
      run_remaining_ = static_cast<int64_t>(values);
    } else {
      int value_bytes = (bit_width_ + 7) / 8;
      if (end_ - position_ < value_bytes) return false;
      uint64_t value = 0;
      std::memcpy(&value, position_, value_bytes);
      position_ += value_bytes;
      run_is_repeat_ = true;
      repeat_value_ = value;
      run_remaining_ = static_cast<int64_t>(std::min<uint64_t>(header >> 1, INT64_MAX));
    }
    if (run_remaining_ > 0) return true;
  }
  return false;
}

void WriteUleb128(uint64_t value, std::string* out) {
  while (value >= 0x80) {
    out->push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out->push_back(static_cast<char>(value));
}

namespace {

template <typename T>
void EncodeHybrid(const T* values, int64_t count, int bit_width, std::string* out) {
  int value_bytes = (bit_width + 7) / 8;
  int64_t i = 0;
  auto run_length = [&](int64_t start) {
    int64_t end = start + 1;
    while (end < count && values[end] == values[start]) ++end;
    return end - start;
  };
  std::vector<uint8_t> packed;
  while (i < count) {
    int64_t run = run_length(i);
    if (run >= 8) {
      WriteUleb128(static_cast<uint64_t>(run) << 1, out);
      uint64_t value = static_cast<uint64_t>(static_cast<std::make_unsigned_t<T>>(values[i]));
      for (int b = 0; b < value_bytes; ++b) out->push_back(static_cast<char>((value >> (8 * b)) & 0xFF));
      i += run;
      continue;
    }
    // Bit-pack groups of 8 until a run of 8 or more starts at a group boundary.
    int64_t start = i;
    do {
      i += 8;
    } while (i < count && run_length(i) < 8);
    int64_t groups = (i - start + 7) / 8;
    WriteUleb128(static_cast<uint64_t>(groups) << 1 | 1, out);
    packed.resize(static_cast<size_t>(groups * bit_width));
    // LSB-first packing through a 64-bit accumulator (bit_width <= 32).
    uint64_t accumulator = 0;
    int bits = 0;
    size_t byte = 0;
    for (int64_t k = start; k < start + groups * 8; ++k) {
      uint64_t value = k < count ? static_cast<uint64_t>(static_cast<std::make_unsigned_t<T>>(values[k])) : 0;
      accumulator |= value << bits;
      bits += bit_width;
      while (bits >= 8) {
        packed[byte++] = static_cast<uint8_t>(accumulator);
        accumulator >>= 8;
        bits -= 8;
      }
    }
    out->append(reinterpret_cast<const char*>(packed.data()), packed.size());
    if (i > count) i = count;
  }
}

}  // namespace

void EncodeRleBitPacked(const uint32_t* values, int64_t count, int bit_width, std::string* out) {
  EncodeHybrid(values, count, bit_width, out);
}

void EncodeRleBitPacked(const int16_t* values, int64_t count, int bit_width, std::string* out) {
  EncodeHybrid(values, count, bit_width, out);
}

}  // namespace floe::parquet
