// Iceberg literals: ordering, Appendix D binary and JSON forms, human strings
// and SQL/CLI text parsing.
#include "floe/iceberg/literal.h"

#include <bit>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "floe/common/json.h"
#include "floe/iceberg/temporal.h"
#include "floe/iceberg/types.h"
#include "floe/iceberg/well_known_text.h"

namespace floe::iceberg {

namespace {

// --- Float ordering ------------------------------------------------------------

// Maps a float's bits onto integers in Iceberg order: -NaN < -inf < ... < -0 < 0 < ... < inf < NaN.
// NaN payloads are canonicalized so every NaN of one sign compares equal.
int64_t OrderKey(double value) {
  if (std::isnan(value)) value = std::signbit(value) ? -std::numeric_limits<double>::quiet_NaN()
                                                     : std::numeric_limits<double>::quiet_NaN();
  auto bits = std::bit_cast<int64_t>(value);
  return bits < 0 ? bits ^ std::numeric_limits<int64_t>::max() : bits;
}
int32_t OrderKey(float value) {
  if (std::isnan(value)) value = std::signbit(value) ? -std::numeric_limits<float>::quiet_NaN()
                                                     : std::numeric_limits<float>::quiet_NaN();
  auto bits = std::bit_cast<int32_t>(value);
  return bits < 0 ? bits ^ std::numeric_limits<int32_t>::max() : bits;
}

std::strong_ordering CompareBytes(const std::string& a, const std::string& b) {
  size_t common = std::min(a.size(), b.size());
  int result = common == 0 ? 0 : std::memcmp(a.data(), b.data(), common);  // memcmp compares unsigned bytes
  if (result != 0) return result < 0 ? std::strong_ordering::less : std::strong_ordering::greater;
  return a.size() <=> b.size();
}

// --- Little-endian fixed-width values ------------------------------------------

template <typename T>
std::string LittleEndianBytes(T value) {
  static_assert(std::endian::native == std::endian::little, "floe assumes a little-endian host");
  std::string bytes(sizeof(T), '\0');
  std::memcpy(bytes.data(), &value, sizeof(T));
  return bytes;
}
template <typename T>
T FromLittleEndian(std::string_view bytes) {
  T value;
  std::memcpy(&value, bytes.data(), sizeof(T));
  return value;
}

// --- Text helpers ------------------------------------------------------------------

constexpr char kHexDigits[] = "0123456789abcdef";

std::string HexEncode(std::string_view bytes) {
  std::string text;
  text.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    text.push_back(kHexDigits[byte >> 4]);
    text.push_back(kHexDigits[byte & 0xF]);
  }
  return text;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> HexDecode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string bytes(text.size() / 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    int high = HexValue(text[2 * i]), low = HexValue(text[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    bytes[i] = static_cast<char>((high << 4) | low);
  }
  return bytes;
}

std::string Base64Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t chunk = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    text.push_back(kAlphabet[(chunk >> 18) & 63]);
    text.push_back(kAlphabet[(chunk >> 12) & 63]);
    text.push_back(kAlphabet[(chunk >> 6) & 63]);
    text.push_back(kAlphabet[chunk & 63]);
  }
  if (size_t rest = bytes.size() - i; rest > 0) {
    uint32_t chunk = uint32_t(uint8_t(bytes[i])) << 16;
    if (rest == 2) chunk |= uint32_t(uint8_t(bytes[i + 1])) << 8;
    text.push_back(kAlphabet[(chunk >> 18) & 63]);
    text.push_back(kAlphabet[(chunk >> 12) & 63]);
    text.push_back(rest == 2 ? kAlphabet[(chunk >> 6) & 63] : '=');
    text.push_back('=');
  }
  return text;
}

std::string UuidToString(const std::string& bytes) {
  std::string hex = HexEncode(bytes);
  if (hex.size() != 32) return hex;
  return fmt::format("{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4), hex.substr(12, 4), hex.substr(16, 4),
                     hex.substr(20));
}

std::optional<std::string> ParseUuid(std::string_view text) {
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') return std::nullopt;
  std::string hex;
  hex.reserve(32);
  for (size_t i = 0; i < text.size(); ++i) {
    if (i != 8 && i != 13 && i != 18 && i != 23) hex.push_back(text[i]);
  }
  return HexDecode(hex);
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

template <typename T>
std::optional<T> ParseInteger(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

template <typename T>
std::optional<T> ParseFloatingPoint(std::string_view text) {
  if (text == "NaN") return std::numeric_limits<T>::quiet_NaN();
  if (text == "Infinity") return std::numeric_limits<T>::infinity();
  if (text == "-Infinity") return -std::numeric_limits<T>::infinity();
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  T value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Shortest round-trip text of a float or double, always with a fraction or
// exponent so it reads back as a floating-point JSON number ("1.0", "1e+20").
template <typename T>
std::string FloatingPointText(T value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

// --- Decimals --------------------------------------------------------------------

constexpr int kMaxDecimalDigits = 38;

std::string UnsignedDigits(unsigned __int128 magnitude) {
  char buffer[40];
  char* end = buffer + sizeof(buffer);
  char* cursor = end;
  do {
    *--cursor = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  return std::string(cursor, end);
}

struct ParsedDecimal {
  __int128 unscaled = 0;
  int32_t scale = 0;
};

// Parses "-12.30", "2E+20", "1.5e-3": the scale is the fraction digits minus the exponent.
std::optional<ParsedDecimal> ParseDecimalText(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  unsigned __int128 magnitude = 0;
  int digits = 0, fraction_digits = 0;
  bool seen_point = false, seen_digit = false;
  size_t i = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !seen_point) {
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') break;
    seen_digit = true;
    if (digits > 0 || c != '0') ++digits;
    if (digits > kMaxDecimalDigits) return std::nullopt;
    magnitude = magnitude * 10 + static_cast<unsigned>(c - '0');
    if (seen_point) ++fraction_digits;
  }
  if (!seen_digit) return std::nullopt;
  int64_t exponent = 0;
  if (i < text.size()) {
    if (text[i] != 'e' && text[i] != 'E') return std::nullopt;
    auto parsed = ParseInteger<int32_t>(text.substr(i + 1));
    if (!parsed) return std::nullopt;
    exponent = *parsed;
  }
  int64_t scale = fraction_digits - exponent;
  if (scale < std::numeric_limits<int32_t>::min() || scale > std::numeric_limits<int32_t>::max()) return std::nullopt;
  __int128 unscaled = static_cast<__int128>(magnitude);
  return ParsedDecimal{negative ? -unscaled : unscaled, static_cast<int32_t>(scale)};
}

// Rescales exactly to `scale` (more digits only if they are zeros); nullopt when that loses digits.
std::optional<__int128> Rescale(const ParsedDecimal& decimal, int32_t scale) {
  __int128 value = decimal.unscaled;
  for (int32_t s = decimal.scale; s < scale; ++s) {
    if (value > std::numeric_limits<__int128>::max() / 10 || value < std::numeric_limits<__int128>::min() / 10) {
      return std::nullopt;
    }
    value *= 10;
  }
  for (int32_t s = decimal.scale; s > scale; --s) {
    if (value % 10 != 0) return std::nullopt;
    value /= 10;
  }
  return value;
}

bool FitsPrecision(__int128 unscaled, int32_t precision) {
  unsigned __int128 magnitude = unscaled < 0 ? -static_cast<unsigned __int128>(unscaled) : unscaled;
  return static_cast<int32_t>(UnsignedDigits(magnitude).size()) <= precision || magnitude == 0;
}

// --- Type checks --------------------------------------------------------------------

Status WrongLiteral(const Type& type, const Literal& value) {
  return InvalidData("Invalid literal for type {}: value holds alternative {}", type.ToString(), value.value().index());
}

template <typename T>
Result<const T*> Expect(const Type& type, const Literal& value) {
  const T* held = value.get_if<T>();
  if (held == nullptr) return WrongLiteral(type, value);
  return held;
}

int32_t DecimalScale(const Type& type) { return static_cast<const PrimitiveType&>(type).scale(); }
TimeUnit UnitOf(const Type& type) {
  return type.id() == TypeId::kTimestampNs || type.id() == TypeId::kTimestampTzNs ? TimeUnit::kNanos : TimeUnit::kMicros;
}
bool HasZone(const Type& type) { return type.id() == TypeId::kTimestampTz || type.id() == TypeId::kTimestampTzNs; }

}  // namespace

// --- Shared value helpers ------------------------------------------------------------

size_t DecimalToMinimalBigEndian(const Decimal& value, uint8_t (&out)[16]) {
  __int128 unscaled = value.unscaled;
  size_t length = 1;
  while (length < 16) {
    __int128 limit = static_cast<__int128>(1) << (8 * length - 1);
    if (unscaled >= -limit && unscaled < limit) break;
    ++length;
  }
  auto bits = static_cast<unsigned __int128>(unscaled);
  for (size_t i = 0; i < length; ++i) out[length - 1 - i] = static_cast<uint8_t>(bits >> (8 * i));
  return length;
}

std::string DecimalToString(const Decimal& value, int32_t scale) {
  bool negative = value.unscaled < 0;
  unsigned __int128 magnitude =
      negative ? -static_cast<unsigned __int128>(value.unscaled) : static_cast<unsigned __int128>(value.unscaled);
  std::string digits = UnsignedDigits(magnitude);
  std::string text = negative ? "-" : "";
  if (scale < 0) return text + digits + "E+" + std::to_string(-static_cast<int64_t>(scale));
  if (scale == 0) return text + digits;
  if (digits.size() <= static_cast<size_t>(scale)) digits.insert(0, scale + 1 - digits.size(), '0');
  digits.insert(digits.size() - scale, 1, '.');
  return text + digits;
}

std::string GeospatialBoundToBinary(const GeospatialBound& bound) {
  std::string bytes = LittleEndianBytes(bound.x) + LittleEndianBytes(bound.y);
  if (bound.z || bound.m) bytes += LittleEndianBytes(bound.z.value_or(std::numeric_limits<double>::quiet_NaN()));
  if (bound.m) bytes += LittleEndianBytes(*bound.m);
  return bytes;
}

Result<GeospatialBound> GeospatialBoundFromBinary(std::string_view bytes) {
  if (bytes.size() != 16 && bytes.size() != 24 && bytes.size() != 32) {
    return InvalidData("Invalid geospatial bound: {} bytes (expected 16, 24 or 32)", bytes.size());
  }
  GeospatialBound bound;
  bound.x = FromLittleEndian<double>(bytes.substr(0, 8));
  bound.y = FromLittleEndian<double>(bytes.substr(8, 8));
  if (bytes.size() >= 24) {
    double z = FromLittleEndian<double>(bytes.substr(16, 8));
    if (bytes.size() == 24 || !std::isnan(z)) bound.z = z;
  }
  if (bytes.size() == 32) bound.m = FromLittleEndian<double>(bytes.substr(24, 8));
  return bound;
}

// --- Ordering ---------------------------------------------------------------------------

std::strong_ordering CompareLiterals(const Literal& a, const Literal& b) {
  const LiteralValue& left = a.value();
  const LiteralValue& right = b.value();
  assert(left.index() == right.index() && "CompareLiterals: mismatched literal alternatives");
  if (left.index() != right.index()) return left.index() <=> right.index();
  switch (left.index()) {
    case 0: return std::strong_ordering::equal;
    case 1: return std::get<bool>(left) <=> std::get<bool>(right);
    case 2: return std::get<int32_t>(left) <=> std::get<int32_t>(right);
    case 3: return std::get<int64_t>(left) <=> std::get<int64_t>(right);
    case 4: return OrderKey(std::get<float>(left)) <=> OrderKey(std::get<float>(right));
    case 5: return OrderKey(std::get<double>(left)) <=> OrderKey(std::get<double>(right));
    case 6: return std::get<Decimal>(left) <=> std::get<Decimal>(right);
    default: return CompareBytes(std::get<std::string>(left), std::get<std::string>(right));
  }
}

// --- Binary form ------------------------------------------------------------------------

Result<std::string> ToBinary(const Type& type, const Literal& value) {
  if (value.is_null()) return InvalidData("Cannot serialize a null {} value to binary", type.ToString());
  switch (type.id()) {
    case TypeId::kBoolean: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<bool>(type, value));
      return std::string(1, *held ? '\x01' : '\x00');
    }
    case TypeId::kInt:
    case TypeId::kDate: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<int32_t>(type, value));
      return LittleEndianBytes(*held);
    }
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<int64_t>(type, value));
      return LittleEndianBytes(*held);
    }
    case TypeId::kFloat: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<float>(type, value));
      return LittleEndianBytes(*held);
    }
    case TypeId::kDouble: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<double>(type, value));
      return LittleEndianBytes(*held);
    }
    case TypeId::kDecimal: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<Decimal>(type, value));
      uint8_t bytes[16];
      size_t length = DecimalToMinimalBigEndian(*held, bytes);
      return std::string(reinterpret_cast<const char*>(bytes), length);
    }
    case TypeId::kUuid: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<std::string>(type, value));
      if (held->size() != 16) return InvalidData("Invalid uuid value: {} bytes, expected 16", held->size());
      return *held;
    }
    case TypeId::kString:
    case TypeId::kFixed:
    case TypeId::kBinary:
    case TypeId::kGeometry:  // WKB
    case TypeId::kGeography: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<std::string>(type, value));
      return *held;
    }
    default: return InvalidData("Binary serialization is not supported for type {}", type.ToString());
  }
}

Result<Literal> FromBinary(const Type& type, std::string_view bytes) {
  auto wrong_length = [&]() -> Status {
    return InvalidData("Cannot read {} value from {} bytes", type.ToString(), bytes.size());
  };
  switch (type.id()) {
    case TypeId::kBoolean:
      if (bytes.size() != 1) return wrong_length();
      return Literal(bytes[0] != 0);
    case TypeId::kInt:
    case TypeId::kDate:
      if (bytes.size() != 4) return wrong_length();
      return Literal(FromLittleEndian<int32_t>(bytes));
    case TypeId::kLong:
    case TypeId::kTime:
      // A 4-byte long bound was written before promotion from int.
      if (type.id() == TypeId::kLong && bytes.size() == 4) return Literal(int64_t{FromLittleEndian<int32_t>(bytes)});
      if (bytes.size() != 8) return wrong_length();
      return Literal(FromLittleEndian<int64_t>(bytes));
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: {
      // A 4-byte timestamp bound was written as a date before promotion.
      if (bytes.size() == 4) {
        bool nanos = type.id() == TypeId::kTimestampNs || type.id() == TypeId::kTimestampTzNs;
        return Literal(int64_t{FromLittleEndian<int32_t>(bytes)} * (nanos ? kNanosPerDay : kMicrosPerDay));
      }
      if (bytes.size() != 8) return wrong_length();
      return Literal(FromLittleEndian<int64_t>(bytes));
    }
    case TypeId::kFloat:
      if (bytes.size() != 4) return wrong_length();
      return Literal(FromLittleEndian<float>(bytes));
    case TypeId::kDouble:
      // A 4-byte double bound was written as a float before promotion.
      if (bytes.size() == 4) return Literal(static_cast<double>(FromLittleEndian<float>(bytes)));
      if (bytes.size() != 8) return wrong_length();
      return Literal(FromLittleEndian<double>(bytes));
    case TypeId::kDecimal: {
      if (bytes.empty() || bytes.size() > 16) return wrong_length();
      // Sign-extend the big-endian two's-complement bytes.
      unsigned __int128 bits = static_cast<uint8_t>(bytes[0]) & 0x80 ? ~static_cast<unsigned __int128>(0) : 0;
      for (unsigned char byte : bytes) bits = (bits << 8) | byte;
      return Literal(Decimal{static_cast<__int128>(bits)});
    }
    case TypeId::kUuid:
      if (bytes.size() != 16) return wrong_length();
      return Literal(std::string(bytes));
    case TypeId::kString:
    case TypeId::kFixed:
    case TypeId::kBinary:
    case TypeId::kGeometry:
    case TypeId::kGeography: return Literal(std::string(bytes));
    default: return InvalidData("Binary serialization is not supported for type {}", type.ToString());
  }
}

// --- JSON form ----------------------------------------------------------------------------

namespace {

std::string JsonString(std::string_view text) {
  json::JsonWriter writer;
  writer.String(text);
  return writer.Take();
}

}  // namespace

Result<std::string> ToJsonText(const Type& type, const Literal& value) {
  if (value.is_null()) return std::string("null");
  switch (type.id()) {
    case TypeId::kBoolean: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<bool>(type, value));
      return std::string(*held ? "true" : "false");
    }
    case TypeId::kInt: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<int32_t>(type, value));
      return std::to_string(*held);
    }
    case TypeId::kLong: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<int64_t>(type, value));
      return std::to_string(*held);
    }
    case TypeId::kFloat: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<float>(type, value));
      std::string text = FloatingPointText(*held);
      return std::isfinite(*held) ? text : JsonString(text);
    }
    case TypeId::kDouble: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<double>(type, value));
      std::string text = FloatingPointText(*held);
      return std::isfinite(*held) ? text : JsonString(text);
    }
    case TypeId::kDecimal: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<Decimal>(type, value));
      return JsonString(DecimalToString(*held, DecimalScale(type)));
    }
    case TypeId::kDate: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<int32_t>(type, value));
      return JsonString(FormatDate(*held));
    }
    case TypeId::kTime: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<int64_t>(type, value));
      if (*held < 0 || *held >= kMicrosPerDay) return InvalidData("Invalid time value: {} µs from midnight", *held);
      return JsonString(FormatTime(*held, /*omit_zero_fraction=*/false));
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<int64_t>(type, value));
      return JsonString(FormatTimestamp(*held, UnitOf(type), HasZone(type), /*omit_zero_fraction=*/false));
    }
    case TypeId::kString: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<std::string>(type, value));
      return JsonString(*held);
    }
    case TypeId::kUuid: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<std::string>(type, value));
      if (held->size() != 16) return InvalidData("Invalid uuid value: {} bytes, expected 16", held->size());
      return JsonString(UuidToString(*held));
    }
    case TypeId::kFixed:
    case TypeId::kBinary: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<std::string>(type, value));
      return JsonString(HexEncode(*held));
    }
    case TypeId::kGeometry:  // WKB value, WKT text
    case TypeId::kGeography: {
      FLOE_ASSIGN_OR_RETURN(auto held, Expect<std::string>(type, value));
      FLOE_ASSIGN_OR_RETURN(std::string text, WellKnownBinaryToText(*held));
      return JsonString(text);
    }
    default: return NotImplemented("JSON single-value serialization of type {} is not supported", type.ToString());
  }
}

Result<Literal> FromJsonText(const Type& type, std::string_view json_text) {
  FLOE_ASSIGN_OR_RETURN(auto document, json::JsonDocument::Parse(json_text));
  const json::JsonValue& root = document.root();
  if (root.is_null()) return Literal();
  auto invalid = [&]() -> Status {
    return InvalidData("Cannot parse {} value from JSON: {}", type.ToString(), Trim(json_text));
  };
  auto string_value = [&]() -> std::optional<std::string_view> {
    std::string_view text;
    if (root.get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
    return text;
  };
  switch (type.id()) {
    case TypeId::kBoolean: {
      bool held;
      if (root.get_bool().get(held) != simdjson::SUCCESS) return invalid();
      return Literal(held);
    }
    case TypeId::kInt: {
      int64_t held;
      if (root.get_int64().get(held) != simdjson::SUCCESS || held < std::numeric_limits<int32_t>::min() ||
          held > std::numeric_limits<int32_t>::max()) {
        return invalid();
      }
      return Literal(static_cast<int32_t>(held));
    }
    case TypeId::kLong: {
      int64_t held;
      if (root.get_int64().get(held) != simdjson::SUCCESS) return invalid();
      return Literal(held);
    }
    case TypeId::kFloat:
    case TypeId::kDouble: {
      // Numbers are re-read from their text so a float is rounded once; "NaN"/"Infinity" come as strings.
      std::string_view text = Trim(json_text);
      if (root.is_string()) text = *string_value();
      else if (!root.is_number()) return invalid();
      if (type.id() == TypeId::kFloat) {
        auto held = ParseFloatingPoint<float>(text);
        if (!held) return invalid();
        return Literal(*held);
      }
      auto held = ParseFloatingPoint<double>(text);
      if (!held) return invalid();
      return Literal(*held);
    }
    case TypeId::kDecimal: {
      auto text = string_value();
      if (!text) return invalid();
      auto parsed = ParseDecimalText(*text);
      if (!parsed || parsed->scale != DecimalScale(type)) return invalid();
      return Literal(Decimal{parsed->unscaled});
    }
    case TypeId::kDate: {
      auto text = string_value();
      auto days = text ? ParseDate(*text) : std::nullopt;
      if (!days) return invalid();
      return Literal(*days);
    }
    case TypeId::kTime: {
      auto text = string_value();
      auto micros = text ? ParseTime(*text) : std::nullopt;
      if (!micros) return invalid();
      return Literal(*micros);
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: {
      auto text = string_value();
      auto held = text ? ParseTimestamp(*text, UnitOf(type), HasZone(type) ? ZoneRule::kRequired : ZoneRule::kForbidden)
                       : std::nullopt;
      if (!held) return invalid();
      return Literal(*held);
    }
    case TypeId::kString: {
      auto text = string_value();
      if (!text) return invalid();
      return Literal(std::string(*text));
    }
    case TypeId::kUuid: {
      auto text = string_value();
      auto bytes = text ? ParseUuid(*text) : std::nullopt;
      if (!bytes) return invalid();
      return Literal(std::move(*bytes));
    }
    case TypeId::kFixed:
    case TypeId::kBinary: {
      auto text = string_value();
      auto bytes = text ? HexDecode(*text) : std::nullopt;
      if (!bytes) return invalid();
      if (type.id() == TypeId::kFixed && bytes->size() != static_cast<size_t>(static_cast<const PrimitiveType&>(type).length())) {
        return InvalidData("Cannot parse {} value from JSON: {} has {} bytes", type.ToString(), Trim(json_text),
                           bytes->size());
      }
      return Literal(std::move(*bytes));
    }
    case TypeId::kGeometry:
    case TypeId::kGeography: {
      auto text = string_value();
      if (!text) return invalid();
      FLOE_ASSIGN_OR_RETURN(std::string bytes, WellKnownTextToBinary(*text));
      return Literal(std::move(bytes));
    }
    default: return NotImplemented("JSON single-value serialization of type {} is not supported", type.ToString());
  }
}

// --- Human strings and SQL/CLI text --------------------------------------------------------

std::string ToHumanString(const Type& type, const Literal& value) {
  if (value.is_null()) return "null";
  const LiteralValue& held = value.value();
  switch (type.id()) {
    case TypeId::kDecimal:
      if (auto* decimal = std::get_if<Decimal>(&held)) return DecimalToString(*decimal, DecimalScale(type));
      break;
    case TypeId::kDate:
      if (auto* days = std::get_if<int32_t>(&held)) return FormatDate(*days);
      break;
    case TypeId::kTime:
      if (auto* micros = std::get_if<int64_t>(&held)) {
        return FormatTime(*micros, /*omit_zero_fraction=*/true);
      }
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      if (auto* units = std::get_if<int64_t>(&held)) {
        return FormatTimestamp(*units, UnitOf(type), HasZone(type), /*omit_zero_fraction=*/true);
      }
      break;
    case TypeId::kUuid:
      if (auto* bytes = std::get_if<std::string>(&held)) return UuidToString(*bytes);
      break;
    case TypeId::kFixed:
    case TypeId::kBinary:
    case TypeId::kGeometry:
    case TypeId::kGeography:
      if (auto* bytes = std::get_if<std::string>(&held)) return Base64Encode(*bytes);
      break;
    default: break;
  }
  // Type-independent renderings (and a best effort for mismatched literals).
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) return "null";
        else if constexpr (std::is_same_v<T, bool>) return v ? "true" : "false";
        else if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) return FloatingPointText(v);
        else if constexpr (std::is_same_v<T, Decimal>) return DecimalToString(v, 0);
        else if constexpr (std::is_same_v<T, std::string>) return v;
        else return std::to_string(v);
      },
      held);
}

Result<Literal> ParseLiteral(const Type& type, std::string_view raw_text) {
  std::string_view text = type.id() == TypeId::kString ? raw_text : Trim(raw_text);
  auto invalid = [&]() -> Status { return InvalidData("Cannot parse '{}' as a {} value", raw_text, type.ToString()); };
  switch (type.id()) {
    case TypeId::kBoolean:
      if (EqualsIgnoreCase(text, "true")) return Literal(true);
      if (EqualsIgnoreCase(text, "false")) return Literal(false);
      return invalid();
    case TypeId::kInt: {
      auto held = ParseInteger<int32_t>(text);
      if (!held) return invalid();
      return Literal(*held);
    }
    case TypeId::kLong: {
      auto held = ParseInteger<int64_t>(text);
      if (!held) return invalid();
      return Literal(*held);
    }
    case TypeId::kFloat: {
      auto held = ParseFloatingPoint<float>(text);
      if (!held) return invalid();
      return Literal(*held);
    }
    case TypeId::kDouble: {
      auto held = ParseFloatingPoint<double>(text);
      if (!held) return invalid();
      return Literal(*held);
    }
    case TypeId::kDecimal: {
      const auto& decimal_type = static_cast<const PrimitiveType&>(type);
      auto parsed = ParseDecimalText(text);
      if (!parsed) return invalid();
      auto unscaled = Rescale(*parsed, decimal_type.scale());
      if (!unscaled) {
        return InvalidData("Cannot parse '{}' as a {} value: more than {} digits after the point", raw_text,
                           type.ToString(), decimal_type.scale());
      }
      if (!FitsPrecision(*unscaled, decimal_type.precision())) {
        return InvalidData("Cannot parse '{}' as a {} value: precision exceeds {}", raw_text, type.ToString(),
                           decimal_type.precision());
      }
      return Literal(Decimal{*unscaled});
    }
    case TypeId::kDate: {
      auto days = ParseDate(text);
      if (!days) return invalid();
      return Literal(*days);
    }
    case TypeId::kTime: {
      auto micros = ParseTime(text);
      if (!micros) return invalid();
      return Literal(*micros);
    }
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: {
      int64_t units_per_second = UnitsPerSecond(UnitOf(type));
      auto held = ParseTimestamp(text, UnitOf(type), HasZone(type) ? ZoneRule::kOptional : ZoneRule::kForbidden);
      if (!held) {
        // A bare date means midnight.
        auto days = ParseDate(text);
        int64_t units;
        if (!days || __builtin_mul_overflow(int64_t{*days}, units_per_second * kSecondsPerDay, &units)) {
          return invalid();
        }
        return Literal(units);
      }
      return Literal(*held);
    }
    case TypeId::kString: return Literal(std::string(text));
    case TypeId::kUuid: {
      auto bytes = ParseUuid(text);
      if (!bytes) return invalid();
      return Literal(std::move(*bytes));
    }
    case TypeId::kFixed:
    case TypeId::kBinary: {
      auto bytes = HexDecode(text);
      if (!bytes) return invalid();
      if (type.id() == TypeId::kFixed && bytes->size() != static_cast<size_t>(static_cast<const PrimitiveType&>(type).length())) {
        return invalid();
      }
      return Literal(std::move(*bytes));
    }
    default: return NotImplemented("Cannot parse literals of type {}", type.ToString());
  }
}

}  // namespace floe::iceberg
