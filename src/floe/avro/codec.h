// Block compression codecs of Avro object container files: null, deflate
// (raw RFC 1951, via zlib), snappy (followed by the big-endian CRC-32 of the
// uncompressed bytes) and zstandard.
//
// Contract: Decompress never produces more than `max_size` bytes; a block
// that would is rejected (kInvalidData), so a compression bomb cannot cause
// an unbounded allocation. Corrupt input, a CRC mismatch or trailing garbage
// give kInvalidData with a one-line reason. Stateless and thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "floe/common/result.h"

namespace floe::avro {

enum class Codec : uint8_t { kNull, kDeflate, kSnappy, kZstandard };

// The avro.codec metadata value: "null", "deflate", "snappy", "zstandard".
std::string_view CodecName(Codec codec);
// Parses an avro.codec value; unknown codecs give kNotImplemented.
Result<Codec> CodecFromName(std::string_view name);

// Compresses `input` into `output` (replacing its contents). `level` 0 means
// the codec's default (deflate 6, zstandard 3); snappy ignores it.
Status Compress(Codec codec, std::string_view input, int level, std::string* output);

// Decompresses one block into `output` (replacing its contents).
Status Decompress(Codec codec, std::string_view input, size_t max_size, std::string* output);

}  // namespace floe::avro
