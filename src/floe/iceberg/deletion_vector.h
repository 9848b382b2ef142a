// Deletion vectors (spec v3 "Deletion Vectors", Puffin "deletion-vector-v1"):
// the deleted row positions of one data file, stored as a blob inside a
// Puffin file at the delete file's content_offset / content_size_in_bytes.
//
// Blob layout: a 4-byte big-endian length of what follows up to the CRC,
// the magic D1 D3 39 64, a portable 64-bit Roaring bitmap (little-endian:
// an 8-byte bucket count, then per bucket the 4-byte high half of the
// positions and a 32-bit Roaring bitmap in the RoaringFormatSpec portable
// layout, with array, bitset and run containers), and a 4-byte big-endian
// CRC-32 of magic and bitmap.
//
// Decoding never reads past the given bytes and never produces more than
// `max_positions` positions (pass the delete file's record_count, the
// vector's cardinality); a malformed blob, or one holding more positions, is
// kInvalidData naming the file. Plain functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "floe/common/result.h"

namespace floe::iceberg {

// The positions of a deletion-vector-v1 blob, ascending and unique.
// `location` names the file in errors.
Result<std::vector<int64_t>> DecodeDeletionVector(std::string_view blob, std::string_view location,
                                                  int64_t max_positions = int64_t{1} << 31);

// The positions of a portable 64-bit Roaring bitmap (the blob's payload).
Result<std::vector<int64_t>> DecodeRoaring64(std::string_view bytes, std::string_view location,
                                             int64_t max_positions = int64_t{1} << 31);

}  // namespace floe::iceberg
