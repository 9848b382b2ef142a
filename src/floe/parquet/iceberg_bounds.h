// Iceberg single-value binary serialization helpers for DataFile metrics
// (format/spec.md, "Binary single-value serialization" and metrics
// truncation): minimal big-endian two's-complement decimals and the
// truncate(N) lower/upper bounds of strings and binary.
//
// Contract: pure functions, thread-safe. An upper bound that cannot be
// truncated and incremented (e.g. all bytes 0xFF) is nullopt: the caller then
// omits the bound, which Iceberg reads as "unknown".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace floe::parquet {

// BigInteger.toByteArray() of an unscaled decimal: the fewest big-endian
// two's-complement bytes (at least one).
std::string MinimalBigEndianDecimal(__int128 unscaled);
// The FIXED_LEN_BYTE_ARRAY length Iceberg uses for decimal(precision): the
// fewest bytes that hold any precision-digit value.
int32_t DecimalFixedLength(int32_t precision);

// First `length` Unicode code points of UTF-8 `value` (a lower bound).
std::string TruncateStringLower(std::string_view value, int32_t length);
// An upper bound with at most `length` code points: the truncated prefix with
// its last incrementable code point incremented; nullopt if none is.
std::optional<std::string> TruncateStringUpper(std::string_view value, int32_t length);
// Binary equivalents, counting bytes.
std::string TruncateBinaryLower(std::string_view value, int32_t length);
std::optional<std::string> TruncateBinaryUpper(std::string_view value, int32_t length);

}  // namespace floe::parquet
