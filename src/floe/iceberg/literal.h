// Literal: one Iceberg value (spec Appendix D, single-value serialization).
//
// The C++ representation per Iceberg type:
//   boolean -> bool; int, date -> int32_t (date = days from 1970-01-01);
//   long, time (µs from midnight), timestamp/timestamptz (µs from epoch),
//   timestamp_ns/timestamptz_ns (ns from epoch) -> int64_t;
//   float -> float; double -> double;
//   decimal -> Decimal (unscaled 128-bit; the scale comes from the type);
//   string (UTF-8), binary, fixed -> std::string of bytes;
//   uuid -> std::string of 16 big-endian bytes.
// A null literal is std::monostate. Literals are plain values (copyable,
// thread-compatible). The type travels separately (partition spec, schema).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "floe/common/result.h"

namespace floe::iceberg {

class Type;

struct Decimal {
  __int128 unscaled = 0;
  friend bool operator==(const Decimal&, const Decimal&) = default;
  friend auto operator<=>(const Decimal& a, const Decimal& b) {
    return a.unscaled < b.unscaled ? std::strong_ordering::less
           : a.unscaled > b.unscaled ? std::strong_ordering::greater
                                     : std::strong_ordering::equal;
  }
};

using LiteralValue = std::variant<std::monostate, bool, int32_t, int64_t, float, double, Decimal, std::string>;

class Literal {
 public:
  Literal() = default;  // null
  template <typename T>
    requires std::is_constructible_v<LiteralValue, T&&>
  Literal(T&& v) : value_(std::forward<T>(v)) {}  // NOLINT: implicit by design
  Literal(const char* s) : value_(std::string(s)) {}  // NOLINT

  bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
  const LiteralValue& value() const { return value_; }
  template <typename T>
  const T& get() const { return std::get<T>(value_); }
  template <typename T>
  const T* get_if() const { return std::get_if<T>(&value_); }

  friend bool operator==(const Literal&, const Literal&) = default;

 private:
  LiteralValue value_;
};

// Compares two non-null literals of the same Iceberg type with Iceberg's
// ordering: signed numbers; floats with -NaN < -inf < ... < -0 < 0 < ... < inf < NaN;
// strings, binary, fixed and uuid as unsigned bytes (which for UTF-8 equals
// code point order). Mismatched alternatives are a bug (asserted).
std::strong_ordering CompareLiterals(const Literal& a, const Literal& b);

// --- Single-value serialization (spec Appendix D) ---------------------------

// Binary form (manifest lower/upper bounds, partition summaries).
Result<std::string> ToBinary(const Type& type, const Literal& value);
Result<Literal> FromBinary(const Type& type, std::string_view bytes);

// JSON form (defaults, partition values in REST/metadata JSON), as JSON text.
Result<std::string> ToJsonText(const Type& type, const Literal& value);
// Parses JSON text (e.g. `"2017-11-16"`, `34`, `"14.20"`) for `type`.
Result<Literal> FromJsonText(const Type& type, std::string_view json_text);

// Human-readable string for partition paths and display (spec vectors §3):
// dates "2017-12-01", timestamps "2017-12-01T18:12:55.038194(+00:00)",
// decimals "-1.50", binary/fixed base64, null "null".
std::string ToHumanString(const Type& type, const Literal& value);

// Parses a literal from SQL/CLI text for a type ("2017-11-16", "12.30", "abc").
Result<Literal> ParseLiteral(const Type& type, std::string_view text);

// --- Value helpers shared by transforms, metrics and expressions -------------

// The unscaled value as two's-complement big-endian in the minimum number of
// bytes (Appendix B/D: -128 -> {0x80}, 0 -> {0x00}). Writes into `out` and
// returns the byte count (1..16). Allocation-free for per-row hashing.
size_t DecimalToMinimalBigEndian(const Decimal& value, uint8_t (&out)[16]);
// Geometry/geography bounds (Appendix D "Bound serialization"): one point as
// 8-byte little-endian IEEE 754 doubles, x:y when z and m are unset, x:y:z
// when only m is unset, x:y:NaN:m when only z is unset, else x:y:z:m.
struct GeospatialBound {
  double x = 0;
  double y = 0;
  std::optional<double> z;
  std::optional<double> m;
};
std::string GeospatialBoundToBinary(const GeospatialBound& bound);
// 16, 24 or 32 bytes; a NaN z in the 32-byte form reads back as unset.
Result<GeospatialBound> GeospatialBoundFromBinary(std::string_view bytes);

// The decimal string of Appendix D: "14.20" for scale 2, "-0.05", "2E+20" for
// unscaled 2 with scale -20 (scientific notation, exponent = -scale).
std::string DecimalToString(const Decimal& value, int32_t scale);

}  // namespace floe::iceberg
