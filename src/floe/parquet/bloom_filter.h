// Split-block bloom filters (parquet-format BloomFilter.md): the filter a
// writer stores per column chunk so that readers can rule out equality
// predicates. Hash: XXH64 (seed 0) of the value's plain encoding (for
// BYTE_ARRAY the bytes without the length prefix); 256-bit blocks of eight
// 32-bit words, one bit per word chosen by the SALT constants.
//
// Contract:
// - BloomFilter::Make validates the header (split-block, XXH64,
//   uncompressed, a power-of-two size of at least 32 bytes and at most
//   kMaxBytes) and that the bitset is complete; otherwise kInvalidData or
//   kNotImplemented (an algorithm, hash or compression this reader does not
//   know).
// - MightContain is false only when the value was never inserted: no false
//   negatives.
// - Thread-compatible (const methods are safe to share).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "floe/common/result.h"
#include "floe/parquet/predicate.h"
#include "floe/parquet/schema.h"

namespace floe::parquet {

class BloomFilter {
 public:
  static constexpr int64_t kMinBytes = 32;
  static constexpr int64_t kMaxBytes = int64_t{128} << 20;

  // Parses a serialised filter (header + bitset) at the start of `data`.
  static Result<BloomFilter> Parse(const uint8_t* data, size_t size);
  // An empty filter sized for `distinct_values` at false-positive rate `fpp`
  // (rounded up to a power of two, clamped to [kMinBytes, max_bytes]).
  static BloomFilter ForDistinctValues(int64_t distinct_values, double fpp, int64_t max_bytes);

  // XXH64 with seed 0.
  static uint64_t Hash(const void* data, size_t size);
  // The hash of a predicate value as the column stores it (its plain
  // encoding), or nullopt when the value cannot be represented exactly in
  // the column's physical type (the filter then cannot answer).
  static std::optional<uint64_t> HashValue(const ColumnDescriptor& column, const ColumnPredicate& predicate);

  bool MightContain(uint64_t hash) const;
  void Insert(uint64_t hash);

  int64_t num_bytes() const { return static_cast<int64_t>(bitset_.size()); }
  // Header + bitset, as stored in the file.
  std::string Serialize() const;

 private:
  std::string bitset_;  // a whole number of 32-byte blocks, little-endian words
};

}  // namespace floe::parquet
