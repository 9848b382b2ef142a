// Decoder: reads Avro binary encoding (zig-zag varints, floats, doubles,
// bytes, strings, fixed, block-encoded arrays and maps) from a byte span.
//
// Contract:
// - Every read is bounds-checked against the remaining input. A length or
//   count that cannot fit in the remaining bytes is rejected before anything
//   is allocated or read, so corrupt input can never cause an out-of-bounds
//   read or an allocation larger than the input.
// - Reads return `true` on success. On failure they return `false`, leave the
//   decoder failed (the cursor moves to the end, so later reads fail too) and
//   record the first problem; status() turns it into a one-line kInvalidData Status naming the
//   problem and its byte offset. This keeps the hot path free of Status
//   construction: check the bool, and call status() once on the way out.
// - Bytes, strings and fixed values are returned as views into the input
//   (zero-copy); they stay valid as long as the input does. Strings are not
//   checked for valid UTF-8.
// - All primitives are inline. A Decoder is a small value type, not
//   thread-safe; use one per thread.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "floe/common/status.h"

namespace floe::avro {

static_assert(std::endian::native == std::endian::little, "the Avro decoder assumes a little-endian host");

enum class DecodeProblem : uint8_t {
  kNone,
  kTruncated,            // the input ended inside a value
  kVarintTooLong,        // a varint longer than 10 bytes (5 for an int)
  kIntOutOfRange,        // an int's varint does not fit in 32 bits
  kNegativeLength,       // a bytes/string length below zero
  kLengthBeyondInput,    // a length larger than the bytes that are left
  kBadBoolean,           // a boolean byte other than 0 or 1
  kBadUnionBranch,       // a union discriminant outside [0, branches)
  kBadEnumIndex,         // an enum index outside [0, symbols)
  kCountTooLarge,        // an array/map block count that cannot fit in the input
  kNestingTooDeep,       // values nested deeper than kMaxNestingDepth
  kBadValue,             // a value the caller rejected (see Fail)
};

class Decoder {
 public:
  // Values nested deeper than this (recursive schemas) are rejected by the
  // generic decoders, so corrupt input cannot exhaust the stack.
  static constexpr int kMaxNestingDepth = 256;
  // Items that take no bytes (null, empty records) cannot be bounded by the
  // input size; one Decoder accepts at most this many of them in all its
  // collections together (so nested collections cannot multiply the work).
  static constexpr int64_t kMaxZeroSizeItems = int64_t{1} << 20;

  Decoder() = default;
  Decoder(const uint8_t* data, size_t size) : begin_(data), cursor_(data), end_(data + size) {}
  explicit Decoder(std::string_view bytes)
      : Decoder(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()) {}

  size_t position() const { return static_cast<size_t>(cursor_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - cursor_); }
  bool at_end() const { return cursor_ == end_; }
  const uint8_t* cursor() const { return cursor_; }
  bool failed() const { return problem_ != DecodeProblem::kNone; }
  DecodeProblem problem() const { return problem_; }

  // OK, or kInvalidData describing the first failure, e.g. "Avro decode error
  // at byte 17: string length 1000 exceeds the 12 remaining bytes".
  Status status() const;

  // Marks the decoder failed (if it is not already) with a problem found by
  // the caller; `value` and `limit` are shown in the message. Returns false.
  bool Fail(DecodeProblem problem, int64_t value = 0, int64_t limit = 0) {
    if (problem_ == DecodeProblem::kNone) {
      problem_ = problem;
      problem_position_ = position();
      problem_value_ = value;
      problem_limit_ = limit;
    }
    cursor_ = end_;
    return false;
  }

  [[nodiscard]] bool ReadLong(int64_t* value) {
    if (cursor_ < end_ && *cursor_ < 0x80) [[likely]] {
      uint64_t raw = *cursor_++;
      *value = static_cast<int64_t>((raw >> 1) ^ (0 - (raw & 1)));
      return true;
    }
    return ReadLongSlow(value);
  }

  [[nodiscard]] bool ReadInt(int32_t* value) {
    if (cursor_ < end_ && *cursor_ < 0x80) [[likely]] {
      uint32_t raw = *cursor_++;
      *value = static_cast<int32_t>((raw >> 1) ^ (0 - (raw & 1)));
      return true;
    }
    return ReadIntSlow(value);
  }

  [[nodiscard]] bool ReadBoolean(bool* value) {
    if (cursor_ >= end_) return Fail(DecodeProblem::kTruncated);
    uint8_t byte = *cursor_;
    if (byte > 1) return Fail(DecodeProblem::kBadBoolean, byte);
    ++cursor_;
    *value = byte == 1;
    return true;
  }

  [[nodiscard]] bool ReadFloat(float* value) {
    if (remaining() < 4) return Fail(DecodeProblem::kTruncated);
    std::memcpy(value, cursor_, 4);
    cursor_ += 4;
    return true;
  }

  [[nodiscard]] bool ReadDouble(double* value) {
    if (remaining() < 8) return Fail(DecodeProblem::kTruncated);
    std::memcpy(value, cursor_, 8);
    cursor_ += 8;
    return true;
  }

  // A length-prefixed value (bytes or string), as a view into the input.
  [[nodiscard]] bool ReadBytes(std::string_view* value) {
    const uint8_t* start = cursor_;
    int64_t length;
    if (!ReadLong(&length)) return false;
    if (length < 0) return FailAt(start, DecodeProblem::kNegativeLength, length);
    if (static_cast<uint64_t>(length) > remaining()) {
      return FailAt(start, DecodeProblem::kLengthBeyondInput, length, static_cast<int64_t>(remaining()));
    }
    *value = std::string_view(reinterpret_cast<const char*>(cursor_), static_cast<size_t>(length));
    cursor_ += length;
    return true;
  }
  [[nodiscard]] bool ReadString(std::string_view* value) { return ReadBytes(value); }

  [[nodiscard]] bool ReadFixed(size_t size, std::string_view* value) {
    if (size > remaining()) return Fail(DecodeProblem::kTruncated);
    *value = std::string_view(reinterpret_cast<const char*>(cursor_), size);
    cursor_ += size;
    return true;
  }

  // A union discriminant, checked against the number of branches.
  [[nodiscard]] bool ReadUnionBranch(size_t branch_count, size_t* branch) {
    const uint8_t* start = cursor_;
    int64_t index;
    if (!ReadLong(&index)) return false;
    if (index < 0 || static_cast<uint64_t>(index) >= branch_count) {
      return FailAt(start, DecodeProblem::kBadUnionBranch, index, static_cast<int64_t>(branch_count));
    }
    *branch = static_cast<size_t>(index);
    return true;
  }

  // An enum index, checked against the number of symbols.
  [[nodiscard]] bool ReadEnumIndex(size_t symbol_count, size_t* index) {
    const uint8_t* start = cursor_;
    int32_t value;
    if (!ReadInt(&value)) return false;
    if (value < 0 || static_cast<uint32_t>(value) >= symbol_count) {
      return FailAt(start, DecodeProblem::kBadEnumIndex, value, static_cast<int64_t>(symbol_count));
    }
    *index = static_cast<size_t>(value);
    return true;
  }

  // The header of one array/map block: sets `count` to the number of items
  // that follow (0 ends the collection). A negative count on the wire is
  // followed by the block's byte size, which is read and, if `byte_size` is
  // not null, returned (else -1). The count is checked against the remaining
  // input using `min_item_size`, a lower bound on one item's encoded size
  // (Node::min_encoded_size; for maps add 1 for the key).
  [[nodiscard]] bool ReadBlockCount(int64_t min_item_size, int64_t* count, int64_t* byte_size = nullptr) {
    const uint8_t* start = cursor_;
    int64_t wire_count;
    if (!ReadLong(&wire_count)) return false;
    int64_t size = -1;
    if (wire_count < 0) {
      if (wire_count == INT64_MIN) return FailAt(start, DecodeProblem::kCountTooLarge, wire_count);
      wire_count = -wire_count;
      if (!ReadLong(&size)) return false;
      if (size < 0) return FailAt(start, DecodeProblem::kNegativeLength, size);
      if (static_cast<uint64_t>(size) > remaining()) {
        return FailAt(start, DecodeProblem::kLengthBeyondInput, size, static_cast<int64_t>(remaining()));
      }
    }
    if (!CheckCount(wire_count, min_item_size)) {
      problem_position_ = static_cast<size_t>(start - begin_);
      return false;
    }
    *count = wire_count;
    if (byte_size != nullptr) *byte_size = size;
    return true;
  }

  // Checks that `count` items of at least `min_item_size` bytes each can fit
  // in the remaining input (zero-size items: see kMaxZeroSizeItems).
  [[nodiscard]] bool CheckCount(int64_t count, int64_t min_item_size) {
    if (min_item_size <= 0) {
      if (count > zero_size_items_left_) return Fail(DecodeProblem::kCountTooLarge, count, zero_size_items_left_);
      zero_size_items_left_ -= count;
    } else if (static_cast<uint64_t>(count) > remaining() / static_cast<uint64_t>(min_item_size)) {
      return Fail(DecodeProblem::kCountTooLarge, count, static_cast<int64_t>(remaining()));
    }
    return true;
  }

  // Like Fail, reporting the problem at `start` (where the bad value began).
  bool FailAt(const uint8_t* start, DecodeProblem problem, int64_t value = 0, int64_t limit = 0) {
    if (problem_ == DecodeProblem::kNone) cursor_ = start;
    return Fail(problem, value, limit);
  }

  [[nodiscard]] bool Skip(size_t size) {
    if (size > remaining()) return Fail(DecodeProblem::kTruncated);
    cursor_ += size;
    return true;
  }

  [[nodiscard]] bool SkipLong() {
    int64_t ignored;
    return ReadLong(&ignored);
  }

  [[nodiscard]] bool SkipBytes() {
    std::string_view ignored;
    return ReadBytes(&ignored);
  }

 private:
  bool ReadLongSlow(int64_t* value) {
    uint64_t raw = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (cursor_ >= end_) return Fail(DecodeProblem::kTruncated);
      uint8_t byte = *cursor_++;
      if (shift == 63 && byte > 1) return Fail(DecodeProblem::kVarintTooLong);
      raw |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if (byte < 0x80) {
        *value = static_cast<int64_t>((raw >> 1) ^ (0 - (raw & 1)));
        return true;
      }
    }
    return Fail(DecodeProblem::kVarintTooLong);
  }

  bool ReadIntSlow(int32_t* value) {
    uint32_t raw = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (cursor_ >= end_) return Fail(DecodeProblem::kTruncated);
      uint8_t byte = *cursor_++;
      if (shift == 28 && byte > 0x0f) return Fail(byte & 0x80 ? DecodeProblem::kVarintTooLong : DecodeProblem::kIntOutOfRange);
      raw |= static_cast<uint32_t>(byte & 0x7f) << shift;
      if (byte < 0x80) {
        *value = static_cast<int32_t>((raw >> 1) ^ (0 - (raw & 1)));
        return true;
      }
    }
    return Fail(DecodeProblem::kVarintTooLong);
  }

  const uint8_t* begin_ = nullptr;
  const uint8_t* cursor_ = nullptr;
  const uint8_t* end_ = nullptr;
  DecodeProblem problem_ = DecodeProblem::kNone;
  size_t problem_position_ = 0;
  int64_t problem_value_ = 0;
  int64_t problem_limit_ = 0;
  int64_t zero_size_items_left_ = kMaxZeroSizeItems;
};

}  // namespace floe::avro
