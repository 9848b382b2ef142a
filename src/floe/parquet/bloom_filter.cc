#include "floe/parquet/bloom_filter.h"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "floe/parquet/metadata.h"

namespace floe::parquet {

namespace {

constexpr uint32_t kSalt[8] = {0x47b6137bU, 0x44974d91U, 0x8824ad5bU, 0xa2b7289dU,
                               0x705495c7U, 0x2df1424bU, 0x9efc4947U, 0x5c6bfb31U};
constexpr size_t kBlockBytes = 32;

bool IsPowerOfTwo(int64_t value) { return value > 0 && (value & (value - 1)) == 0; }

// The first 32-byte block of the bitset and the block a hash selects.
size_t BlockOffset(uint64_t hash, size_t bytes) {
  uint64_t blocks = bytes / kBlockBytes;
  return static_cast<size_t>(((hash >> 32) * blocks) >> 32) * kBlockBytes;
}

}  // namespace

uint64_t BloomFilter::Hash(const void* data, size_t size) { return XXH64(data, size, 0); }

Result<BloomFilter> BloomFilter::Parse(const uint8_t* data, size_t size) {
  size_t header_size = 0;
  FLOE_ASSIGN_OR_RETURN(BloomFilterHeader header, ParseBloomFilterHeader(data, size, &header_size));
  if (!header.split_block) return NotImplemented("Parquet bloom filter: unsupported algorithm (only split-block)");
  if (!header.xxhash) return NotImplemented("Parquet bloom filter: unsupported hash (only XXH64)");
  if (!header.uncompressed) return NotImplemented("Parquet bloom filter: unsupported compression");
  if (header.num_bytes < kMinBytes || header.num_bytes > kMaxBytes || !IsPowerOfTwo(header.num_bytes)) {
    return InvalidData("corrupt Parquet bloom filter: size {} is not a power of two in [{}, {}]", header.num_bytes,
                       kMinBytes, kMaxBytes);
  }
  if (static_cast<uint64_t>(header.num_bytes) > size - header_size) {
    return InvalidData("corrupt Parquet bloom filter: {} bitset bytes declared, {} stored", header.num_bytes,
                       size - header_size);
  }
  BloomFilter filter;
  filter.bitset_.assign(reinterpret_cast<const char*>(data + header_size), static_cast<size_t>(header.num_bytes));
  return filter;
}

BloomFilter BloomFilter::ForDistinctValues(int64_t distinct_values, double fpp, int64_t max_bytes) {
  // Bits for `fpp` with 8 hash bits per value (BloomFilter.md, "Sizing").
  double bits = -8.0 * static_cast<double>(std::max<int64_t>(distinct_values, 1)) /
                std::log(1.0 - std::pow(fpp, 1.0 / 8.0));
  int64_t bytes = kMinBytes;
  int64_t limit = std::clamp<int64_t>(max_bytes, kMinBytes, kMaxBytes);
  while (bytes < limit && static_cast<double>(bytes) * 8 < bits) bytes *= 2;
  BloomFilter filter;
  filter.bitset_.assign(static_cast<size_t>(bytes), '\0');
  return filter;
}

bool BloomFilter::MightContain(uint64_t hash) const {
  if (bitset_.empty()) return true;
  size_t block = BlockOffset(hash, bitset_.size());
  uint32_t key = static_cast<uint32_t>(hash);
  for (int i = 0; i < 8; ++i) {
    uint32_t word;
    std::memcpy(&word, bitset_.data() + block + 4 * i, 4);
    uint32_t mask = uint32_t{1} << ((key * kSalt[i]) >> 27);
    if ((word & mask) == 0) return false;
  }
  return true;
}

void BloomFilter::Insert(uint64_t hash) {
  if (bitset_.empty()) return;
  size_t block = BlockOffset(hash, bitset_.size());
  uint32_t key = static_cast<uint32_t>(hash);
  for (int i = 0; i < 8; ++i) {
    uint32_t word;
    std::memcpy(&word, bitset_.data() + block + 4 * i, 4);
    word |= uint32_t{1} << ((key * kSalt[i]) >> 27);
    std::memcpy(bitset_.data() + block + 4 * i, &word, 4);
  }
}

std::string BloomFilter::Serialize() const {
  BloomFilterHeader header;
  header.num_bytes = static_cast<int32_t>(bitset_.size());
  header.split_block = header.xxhash = header.uncompressed = true;
  std::string out = SerializeBloomFilterHeader(header);
  out += bitset_;
  return out;
}

std::optional<uint64_t> BloomFilter::HashValue(const ColumnDescriptor& column, const ColumnPredicate& predicate) {
  const auto& value = predicate.value;
  // An integer or floating value as a double, when exact.
  auto as_double = [&]() -> std::optional<double> {
    if (auto* d = std::get_if<double>(&value)) return *d;
    if (auto* i = std::get_if<int64_t>(&value)) {
      double d = static_cast<double>(*i);
      if (d >= -9007199254740992.0 && d <= 9007199254740992.0) return d;
    }
    return std::nullopt;
  };
  switch (column.physical_type) {
    case PhysicalType::kInt32: {
      auto* i = std::get_if<int64_t>(&value);
      if (!i) return std::nullopt;
      bool is_unsigned = column.conversion == LeafConversion::kUint8ToInt16 ||
                         column.conversion == LeafConversion::kUint16ToInt32 ||
                         column.conversion == LeafConversion::kUint32ToInt64;
      if (*i < (is_unsigned ? 0 : INT32_MIN) || *i > INT32_MAX) return std::nullopt;
      int32_t v = static_cast<int32_t>(*i);
      return Hash(&v, 4);
    }
    case PhysicalType::kInt64: {
      auto* i = std::get_if<int64_t>(&value);
      if (!i) return std::nullopt;
      return Hash(&*i, 8);
    }
    case PhysicalType::kFloat: {
      std::optional<double> d = as_double();
      // 0.0 and -0.0 are equal but hash differently; NaN equals nothing.
      if (!d || std::isnan(*d) || *d == 0.0) return std::nullopt;
      float f = static_cast<float>(*d);
      if (static_cast<double>(f) != *d) return std::nullopt;
      return Hash(&f, 4);
    }
    case PhysicalType::kDouble: {
      std::optional<double> d = as_double();
      if (!d || std::isnan(*d) || *d == 0.0) return std::nullopt;
      return Hash(&*d, 8);
    }
    case PhysicalType::kByteArray: {
      auto* s = std::get_if<std::string>(&value);
      if (!s) return std::nullopt;
      return Hash(s->data(), s->size());
    }
    case PhysicalType::kFixedLenByteArray: {
      auto* s = std::get_if<std::string>(&value);
      if (!s || static_cast<int32_t>(s->size()) != column.type_length) return std::nullopt;
      return Hash(s->data(), s->size());
    }
    default:
      return std::nullopt;
  }
}

}  // namespace floe::parquet
