// Thrift compact protocol: the encoding of Parquet's footer and page headers
// (apache/thrift doc/specs/thrift-compact-protocol.md), hand-written.
//
// Contract:
// - CompactReader decodes from a caller-owned byte range and never reads
//   outside it. Every length is checked against the bytes that remain, so
//   corrupt input cannot make it allocate more than the input size, and
//   nesting is limited (kMaxDepth) so it cannot recurse without bound.
//   Errors are kInvalidData "corrupt Parquet metadata: ...".
// - CompactWriter appends to a std::string; it cannot fail.
// - Neither is thread-safe; each is used by one parse/serialise call.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"

namespace floe::parquet::thrift {

// Wire type nibbles of the compact protocol.
enum WireType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

class CompactReader {
 public:
  static constexpr int kMaxDepth = 64;

  CompactReader(const uint8_t* data, size_t size) : data_(data), end_(data + size), position_(data) {}

  size_t consumed() const { return static_cast<size_t>(position_ - data_); }

  // Reads a struct, calling `on_field(field_id, wire_type)` for every field;
  // the callback must consume the value (a Read* call or Skip(wire_type)).
  template <typename OnField>
  Status ReadStruct(OnField&& on_field) {
    if (++depth_ > kMaxDepth) return Corrupt("structs nested too deeply");
    int16_t last_id = 0;
    while (true) {
      uint8_t header;
      FLOE_RETURN_IF_ERROR(ReadRawByte(&header));
      uint8_t type = header & 0x0F;
      if (type == kStop) break;
      int16_t id;
      if ((header >> 4) != 0) {
        id = static_cast<int16_t>(last_id + (header >> 4));
      } else {
        int64_t wide;
        FLOE_RETURN_IF_ERROR(ReadZigZag(&wide));
        id = static_cast<int16_t>(wide);
      }
      last_id = id;
      FLOE_RETURN_IF_ERROR(on_field(id, type));
    }
    --depth_;
    return Status::OK();
  }

  // Values of a struct field of wire type `type`. A field whose wire type is
  // not the expected one is skipped and `out` left unchanged, as
  // Thrift-generated readers do (some writers put other types at known ids).
  Status ReadBool(uint8_t type, bool* out);
  Status ReadI8(uint8_t type, int8_t* out);
  Status ReadI16(uint8_t type, int16_t* out);
  Status ReadI32(uint8_t type, int32_t* out);
  Status ReadI64(uint8_t type, int64_t* out);
  Status ReadDouble(uint8_t type, double* out);
  Status ReadBinary(uint8_t type, std::string* out);
  // A list header: element wire type and element count (bounded by the bytes left).
  Status ReadListHeader(uint8_t type, uint8_t* element_type, uint32_t* size);
  // List elements (no field header).
  Status ReadElementI32(uint8_t element_type, int32_t* out);
  Status ReadElementI64(uint8_t element_type, int64_t* out);
  // A bool list element is one byte (1 true; 0 or 2 false).
  Status ReadElementBool(uint8_t element_type, bool* out);
  Status ReadElementBinary(uint8_t element_type, std::string* out);

  // Skips one value of wire type `type` (and everything inside it).
  Status Skip(uint8_t type);

  // A struct-valued field: ReadStruct, or Skip when the wire type is not a struct.
  template <typename OnField>
  Status ReadStructField(uint8_t type, OnField&& on_field) {
    if (type != kStruct) return Skip(type);
    return ReadStruct(std::forward<OnField>(on_field));
  }

  Status Corrupt(std::string_view what) const;

 private:
  Status ReadRawByte(uint8_t* out) {
    if (position_ >= end_) return Corrupt("unexpected end of data");
    *out = *position_++;
    return Status::OK();
  }
  Status ReadVarint(uint64_t* out);
  Status ReadZigZag(int64_t* out);
  static bool TypeMatches(uint8_t actual, uint8_t expected);

  const uint8_t* data_;
  const uint8_t* end_;
  const uint8_t* position_;
  int depth_ = 0;
};

class CompactWriter {
 public:
  explicit CompactWriter(std::string* out) : out_(out) {}

  void BeginStruct() { last_ids_.push_back(0); }
  void EndStruct() {
    out_->push_back(static_cast<char>(kStop));
    last_ids_.pop_back();
  }

  void FieldBool(int16_t id, bool value) { FieldHeader(id, value ? kBoolTrue : kBoolFalse); }
  void FieldI8(int16_t id, int8_t value) {
    FieldHeader(id, kByte);
    out_->push_back(static_cast<char>(value));
  }
  void FieldI16(int16_t id, int16_t value) {
    FieldHeader(id, kI16);
    WriteZigZag(value);
  }
  void FieldI32(int16_t id, int32_t value) {
    FieldHeader(id, kI32);
    WriteZigZag(value);
  }
  void FieldI64(int16_t id, int64_t value) {
    FieldHeader(id, kI64);
    WriteZigZag(value);
  }
  void FieldBinary(int16_t id, std::string_view value) {
    FieldHeader(id, kBinary);
    WriteBinary(value);
  }
  // Begins a struct-valued field; close it with EndStruct().
  void FieldStruct(int16_t id) {
    FieldHeader(id, kStruct);
    BeginStruct();
  }
  // Begins a list-valued field; then write `size` elements.
  void FieldList(int16_t id, uint8_t element_type, size_t size) {
    FieldHeader(id, kList);
    ListHeader(element_type, size);
  }

  // List elements.
  void ElementI32(int32_t value) { WriteZigZag(value); }
  void ElementI64(int64_t value) { WriteZigZag(value); }
  void ElementBool(bool value) { out_->push_back(static_cast<char>(value ? kBoolTrue : kBoolFalse)); }
  void ElementBinary(std::string_view value) { WriteBinary(value); }
  void ElementStruct() { BeginStruct(); }

 private:
  void FieldHeader(int16_t id, uint8_t type);
  void ListHeader(uint8_t element_type, size_t size);
  void WriteVarint(uint64_t value);
  void WriteZigZag(int64_t value) {
    WriteVarint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63));
  }
  void WriteBinary(std::string_view value) {
    WriteVarint(value.size());
    out_->append(value);
  }

  std::string* out_;
  std::vector<int16_t> last_ids_;
};

}  // namespace floe::parquet::thrift
