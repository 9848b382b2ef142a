// Page compression codecs: UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW,
// LZ4 (Hadoop framing, falling back to raw LZ4 blocks), BROTLI.
//
// Contract:
// - Decompress writes exactly `output_size` bytes (the page header's
//   uncompressed size) or fails with kInvalidData "corrupt ... page"; it never
//   writes past `output`. GZIP accepts concatenated members.
// - Compress appends the compressed bytes to `out` (UNCOMPRESSED, SNAPPY,
//   GZIP, ZSTD, LZ4_RAW, BROTLI). LZO and other codecs are kNotImplemented.
// - Stateless and thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "floe/common/result.h"
#include "floe/parquet/metadata.h"

namespace floe::parquet {

std::string_view CodecName(Codec codec);

Status Decompress(Codec codec, const uint8_t* input, size_t input_size, uint8_t* output, size_t output_size);

// `level`: codec-specific; 0 means the codec's default.
Status Compress(Codec codec, const uint8_t* input, size_t input_size, int level, std::string* out);

}  // namespace floe::parquet
