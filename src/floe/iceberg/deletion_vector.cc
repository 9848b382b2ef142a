// Deletion vectors (see deletion_vector.h).
#include "floe/iceberg/deletion_vector.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace floe::iceberg {

namespace {

// Little-endian reads over a bounded buffer.
class ByteCursor {
 public:
  ByteCursor(std::string_view bytes, std::string_view location) : bytes_(bytes), location_(location) {}

  template <typename T>
  Result<T> Read() {
    if (bytes_.size() - offset_ < sizeof(T)) return Truncated();
    T value;
    std::memcpy(&value, bytes_.data() + offset_, sizeof(T));
    offset_ += sizeof(T);
    return value;
  }
  Status Skip(size_t length) {
    if (bytes_.size() - offset_ < length) return Truncated();
    offset_ += length;
    return Status::OK();
  }
  const char* here() const { return bytes_.data() + offset_; }
  size_t left() const { return bytes_.size() - offset_; }

 private:
  Status Truncated() const {
    return InvalidData("deletion vector in {} is truncated (Roaring bitmap needs more than {} bytes)",
                               location_, bytes_.size());
  }
  std::string_view bytes_;
  std::string_view location_;
  size_t offset_ = 0;
};

constexpr uint32_t kSerialCookieNoRunContainer = 12346;
constexpr uint32_t kSerialCookie = 12347;
constexpr uint32_t kNoOffsetThreshold = 4;
constexpr uint32_t kMaxArrayContainer = 4096;

// One portable 32-bit Roaring bitmap (RoaringFormatSpec), each value ORed
// with `high`.
Status DecodeRoaring32(ByteCursor& cursor, uint64_t high, std::vector<int64_t>* out, int64_t max_positions,
                       std::string_view location) {
  FLOE_ASSIGN_OR_RETURN(uint32_t cookie, cursor.Read<uint32_t>());
  uint32_t containers = 0;
  bool has_run = false;
  std::string run_flags;
  if ((cookie & 0xFFFF) == kSerialCookie) {
    has_run = true;
    containers = (cookie >> 16) + 1;
    size_t flag_bytes = (containers + 7) / 8;
    if (cursor.left() < flag_bytes) return cursor.Skip(flag_bytes);
    run_flags.assign(cursor.here(), flag_bytes);
    FLOE_RETURN_IF_ERROR(cursor.Skip(flag_bytes));
  } else if (cookie == kSerialCookieNoRunContainer) {
    FLOE_ASSIGN_OR_RETURN(containers, cursor.Read<uint32_t>());
  } else {
    return InvalidData("deletion vector in {} is not a portable Roaring bitmap (cookie {:#x})", location, cookie);
  }
  if (containers > 65536) {
    return InvalidData("deletion vector in {} has {} containers in one bucket (at most 65536)", location,
                               containers);
  }
  std::vector<uint16_t> keys(containers);
  std::vector<uint32_t> cardinalities(containers);
  for (uint32_t i = 0; i < containers; ++i) {
    FLOE_ASSIGN_OR_RETURN(keys[i], cursor.Read<uint16_t>());
    FLOE_ASSIGN_OR_RETURN(uint16_t cardinality_minus_one, cursor.Read<uint16_t>());
    cardinalities[i] = uint32_t{cardinality_minus_one} + 1;
  }
  if (!has_run || containers >= kNoOffsetThreshold) FLOE_RETURN_IF_ERROR(cursor.Skip(size_t{4} * containers));
  for (uint32_t i = 0; i < containers; ++i) {
    // The declared cardinality bounds what a container may add (runs are
    // checked against it), so a small blob cannot expand without limit.
    if (static_cast<int64_t>(out->size()) + cardinalities[i] > max_positions) {
      return InvalidData("deletion vector in {} holds more than {} positions", location, max_positions);
    }
    size_t container_start = out->size();
    uint64_t base = high | (uint64_t{keys[i]} << 16);
    bool run = has_run && ((static_cast<uint8_t>(run_flags[i / 8]) >> (i % 8)) & 1);
    if (run) {
      FLOE_ASSIGN_OR_RETURN(uint16_t runs, cursor.Read<uint16_t>());
      for (uint16_t r = 0; r < runs; ++r) {
        FLOE_ASSIGN_OR_RETURN(uint16_t start, cursor.Read<uint16_t>());
        FLOE_ASSIGN_OR_RETURN(uint16_t length, cursor.Read<uint16_t>());
        if (uint32_t{start} + length > 0xFFFF) {
          return InvalidData("deletion vector in {} has a run past its container", location);
        }
        if (out->size() - container_start + length + 1 > cardinalities[i]) {
          return InvalidData("deletion vector in {} has runs longer than their container's cardinality", location);
        }
        for (uint32_t v = start; v <= uint32_t{start} + length; ++v) out->push_back(static_cast<int64_t>(base | v));
      }
    } else if (cardinalities[i] > kMaxArrayContainer) {
      for (uint32_t word = 0; word < 1024; ++word) {
        FLOE_ASSIGN_OR_RETURN(uint64_t bits, cursor.Read<uint64_t>());
        while (bits != 0) {
          int bit = __builtin_ctzll(bits);
          out->push_back(static_cast<int64_t>(base | (word * 64 + static_cast<uint32_t>(bit))));
          bits &= bits - 1;
        }
      }
    } else {
      for (uint32_t v = 0; v < cardinalities[i]; ++v) {
        FLOE_ASSIGN_OR_RETURN(uint16_t low, cursor.Read<uint16_t>());
        out->push_back(static_cast<int64_t>(base | low));
      }
    }
  }
  return Status::OK();
}

uint32_t ReadBigEndian32(const char* p) {
  const auto* u = reinterpret_cast<const uint8_t*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

void SortUnique(std::vector<int64_t>* positions) {
  if (!std::is_sorted(positions->begin(), positions->end())) std::sort(positions->begin(), positions->end());
  positions->erase(std::unique(positions->begin(), positions->end()), positions->end());
}

}  // namespace

Result<std::vector<int64_t>> DecodeRoaring64(std::string_view bytes, std::string_view location,
                                             int64_t max_positions) {
  ByteCursor cursor(bytes, location);
  FLOE_ASSIGN_OR_RETURN(uint64_t buckets, cursor.Read<uint64_t>());
  if (buckets > bytes.size()) {
    return InvalidData("deletion vector in {} claims {} buckets in {} bytes", location, buckets, bytes.size());
  }
  std::vector<int64_t> positions;
  for (uint64_t b = 0; b < buckets; ++b) {
    FLOE_ASSIGN_OR_RETURN(uint32_t high, cursor.Read<uint32_t>());
    if (high > 0x7FFFFFFF) return InvalidData("deletion vector in {} has a negative position", location);
    FLOE_RETURN_IF_ERROR(DecodeRoaring32(cursor, uint64_t{high} << 32, &positions, max_positions, location));
  }
  SortUnique(&positions);
  return positions;
}

Result<std::vector<int64_t>> DecodeDeletionVector(std::string_view blob, std::string_view location,
                                                  int64_t max_positions) {
  static constexpr unsigned char kMagic[4] = {0xD1, 0xD3, 0x39, 0x64};
  if (blob.size() < 12) {
    return InvalidData("deletion vector in {} is {} bytes, too short for a deletion-vector-v1 blob", location,
                               blob.size());
  }
  uint32_t length = ReadBigEndian32(blob.data());
  if (std::memcmp(blob.data() + 4, kMagic, 4) != 0) {
    return InvalidData(
        "deletion vector in {} lacks the deletion-vector-v1 magic (a bare Roaring bitmap written by an older "
        "writer is not a valid deletion vector)",
        location);
  }
  if (length != blob.size() - 8) {
    return InvalidData("deletion vector in {} declares {} bytes but the blob holds {}", location, length,
                               blob.size() - 8);
  }
  uint32_t expected_crc = ReadBigEndian32(blob.data() + 4 + length);
  uint32_t crc = static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(blob.data() + 4), static_cast<uInt>(length)));
  if (crc != expected_crc) {
    return InvalidData("deletion vector in {} fails its CRC-32 check", location);
  }
  return DecodeRoaring64(blob.substr(8, length - 4), location, max_positions);
}

}  // namespace floe::iceberg
