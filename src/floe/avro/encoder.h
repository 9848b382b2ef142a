// Encoder: writes Avro binary encoding into a growable in-memory buffer.
//
// Contract: writing cannot fail (memory aside); the caller is responsible for
// writing values in the order its schema dictates. Everything is inline so a
// writer that encodes manifest entries field by field pays no call overhead.
// Not thread-safe; one Encoder per writer.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace floe::avro {

class Encoder {
 public:
  void WriteNull() {}
  void WriteBoolean(bool value) { buffer_.push_back(value ? 1 : 0); }
  void WriteInt(int32_t value) { WriteLong(value); }
  void WriteLong(int64_t value) {
    uint64_t raw = (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
    char bytes[10];
    size_t size = 0;
    while (raw >= 0x80) {
      bytes[size++] = static_cast<char>((raw & 0x7f) | 0x80);
      raw >>= 7;
    }
    bytes[size++] = static_cast<char>(raw);
    buffer_.append(bytes, size);
  }
  void WriteFloat(float value) {
    char bytes[4];
    std::memcpy(bytes, &value, 4);
    buffer_.append(bytes, 4);
  }
  void WriteDouble(double value) {
    char bytes[8];
    std::memcpy(bytes, &value, 8);
    buffer_.append(bytes, 8);
  }
  void WriteBytes(std::string_view value) {
    WriteLong(static_cast<int64_t>(value.size()));
    buffer_.append(value);
  }
  void WriteString(std::string_view value) { WriteBytes(value); }
  // A fixed value: its bytes, no length (the schema knows the size).
  void WriteFixed(std::string_view value) { buffer_.append(value); }
  void WriteEnumIndex(size_t index) { WriteLong(static_cast<int64_t>(index)); }
  void WriteUnionBranch(size_t branch) { WriteLong(static_cast<int64_t>(branch)); }
  // Array/map blocks: WriteBlockCount(n) then n items, ..., then WriteBlockCount(0).
  void WriteBlockCount(int64_t count) { WriteLong(count); }

  size_t size() const { return buffer_.size(); }
  std::string_view bytes() const { return buffer_; }
  std::string& buffer() { return buffer_; }
  void Clear() { buffer_.clear(); }

 private:
  static_assert(std::endian::native == std::endian::little, "the Avro encoder assumes a little-endian host");
  std::string buffer_;
};

}  // namespace floe::avro
