// Partition transforms and the Appendix B bucket hash.
#include "floe/iceberg/transform.h"

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "floe/iceberg/temporal.h"

namespace floe::iceberg {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

bool IsTimestamp(TypeId id) {
  return id == TypeId::kTimestamp || id == TypeId::kTimestampTz || id == TypeId::kTimestampNs ||
         id == TypeId::kTimestampTzNs;
}
bool IsNanosecondTimestamp(TypeId id) { return id == TypeId::kTimestampNs || id == TypeId::kTimestampTzNs; }

// Days from the epoch of a date or timestamp value.
int64_t DaysOf(TypeId source, int64_t value) {
  if (source == TypeId::kDate) return value;
  return FloorDivide(value, IsNanosecondTimestamp(source) ? kNanosPerDay : kMicrosPerDay);
}

Status NullOrWrongLiteral(const Type& source, const Transform& transform) {
  return InvalidData("Invalid literal for transform {} of type {}", transform.ToString(), source.ToString());
}

// Truncates UTF-8 text to at most `code_points` code points.
std::string TruncateUtf8(const std::string& text, int32_t code_points) {
  int32_t seen = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {  // a lead byte starts a code point
      if (seen == code_points) return text.substr(0, i);
      ++seen;
    }
  }
  return text;
}

// --- murmur3_x86_32 -----------------------------------------------------------

inline uint32_t Mix(uint32_t k) {
  k *= 0xcc9e2d51u;
  k = std::rotl(k, 15);
  return k * 0x1b873593u;
}

inline int32_t HashLong(int64_t value) {
  static_assert(std::endian::native == std::endian::little, "floe assumes a little-endian host");
  return Murmur3Hash32(&value, sizeof(value));
}

inline int32_t HashDouble(double value) {
  if (std::isnan(value)) return HashLong(0x7ff8000000000000LL);  // canonical NaN
  if (value == 0.0) value = 0.0;                                 // -0.0 hashes as 0.0
  return HashLong(std::bit_cast<int64_t>(value));
}

}  // namespace

int32_t Murmur3Hash32(const void* data, size_t length) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  uint32_t hash = 0;  // seed 0
  size_t blocks = length / 4;
  for (size_t i = 0; i < blocks; ++i) {
    uint32_t k;
    std::memcpy(&k, bytes + 4 * i, 4);  // little-endian block
    hash ^= Mix(k);
    hash = std::rotl(hash, 13);
    hash = hash * 5 + 0xe6546b64u;
  }
  const uint8_t* tail = bytes + 4 * blocks;
  uint32_t k = 0;
  switch (length & 3) {
    case 3: k ^= static_cast<uint32_t>(tail[2]) << 16; [[fallthrough]];
    case 2: k ^= static_cast<uint32_t>(tail[1]) << 8; [[fallthrough]];
    case 1: k ^= tail[0]; hash ^= Mix(k);
  }
  hash ^= static_cast<uint32_t>(length);
  hash ^= hash >> 16;
  hash *= 0x85ebca6bu;
  hash ^= hash >> 13;
  hash *= 0xc2b2ae35u;
  hash ^= hash >> 16;
  return static_cast<int32_t>(hash);
}

Result<int32_t> BucketHash(const Type& type, const Literal& value) {
  const LiteralValue& held = value.value();
  auto wrong = [&]() -> Status {
    return InvalidData("Cannot hash {} literal for type {}", value.is_null() ? "a null" : "a mismatched", type.ToString());
  };
  switch (type.id()) {
    case TypeId::kBoolean:
      if (auto* v = std::get_if<bool>(&held)) return HashLong(*v ? 1 : 0);
      return wrong();
    case TypeId::kInt:
    case TypeId::kDate:  // ints hash as longs so int -> long promotion keeps buckets
      if (auto* v = std::get_if<int32_t>(&held)) return HashLong(*v);
      return wrong();
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      if (auto* v = std::get_if<int64_t>(&held)) return HashLong(*v);
      return wrong();
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:  // ns are hashed as µs
      if (auto* v = std::get_if<int64_t>(&held)) return HashLong(FloorDivide(*v, 1000));
      return wrong();
    case TypeId::kFloat:
      if (auto* v = std::get_if<float>(&held)) return HashDouble(static_cast<double>(*v));
      return wrong();
    case TypeId::kDouble:
      if (auto* v = std::get_if<double>(&held)) return HashDouble(*v);
      return wrong();
    case TypeId::kDecimal:
      if (auto* v = std::get_if<Decimal>(&held)) {
        uint8_t bytes[16];
        size_t length = DecimalToMinimalBigEndian(*v, bytes);
        return Murmur3Hash32(bytes, length);
      }
      return wrong();
    case TypeId::kString:
    case TypeId::kUuid:  // 16 big-endian bytes
    case TypeId::kFixed:
    case TypeId::kBinary:
      if (auto* v = std::get_if<std::string>(&held)) return Murmur3Hash32(v->data(), v->size());
      return wrong();
    default: return InvalidData("Cannot hash a value of type {}", type.ToString());
  }
}

// --- Transform ---------------------------------------------------------------------

Result<Transform> Transform::Parse(std::string_view text) {
  size_t open = text.find('[');
  if (open != std::string_view::npos && !text.empty() && text.back() == ']') {
    std::string_view name = text.substr(0, open);
    std::string_view argument = text.substr(open + 1, text.size() - open - 2);
    bool bucket = EqualsIgnoreCase(name, "bucket");
    if (bucket || EqualsIgnoreCase(name, "truncate")) {
      int32_t parameter = 0;
      auto [end, error] = std::from_chars(argument.data(), argument.data() + argument.size(), parameter);
      bool parsed = error == std::errc() && end == argument.data() + argument.size() && !argument.empty();
      if (!parsed || parameter <= 0) {
        if (bucket) return InvalidData("Invalid number of buckets: {} (must be > 0)", argument);
        return InvalidData("Invalid truncate width: {} (must be > 0)", argument);
      }
      return bucket ? Bucket(parameter) : Truncate(parameter);
    }
  }
  if (EqualsIgnoreCase(text, "identity")) return Identity();
  if (EqualsIgnoreCase(text, "year")) return Year();
  if (EqualsIgnoreCase(text, "month")) return Month();
  if (EqualsIgnoreCase(text, "day")) return Day();
  if (EqualsIgnoreCase(text, "hour")) return Hour();
  if (EqualsIgnoreCase(text, "void")) return Void();
  return Transform(TransformKind::kUnknown, 0, std::string(text));
}

std::string Transform::ToString() const {
  switch (kind_) {
    case TransformKind::kIdentity: return "identity";
    case TransformKind::kBucket: return fmt::format("bucket[{}]", parameter_);
    case TransformKind::kTruncate: return fmt::format("truncate[{}]", parameter_);
    case TransformKind::kYear: return "year";
    case TransformKind::kMonth: return "month";
    case TransformKind::kDay: return "day";
    case TransformKind::kHour: return "hour";
    case TransformKind::kVoid: return "void";
    case TransformKind::kUnknown: return text_;
  }
  return text_;
}

bool Transform::CanTransform(const Type& source) const {
  TypeId id = source.id();
  switch (kind_) {
    case TransformKind::kIdentity:
      return source.is_primitive() && id != TypeId::kVariant && id != TypeId::kGeometry && id != TypeId::kGeography;
    case TransformKind::kBucket:
      switch (id) {
        case TypeId::kInt: case TypeId::kLong: case TypeId::kDecimal: case TypeId::kDate: case TypeId::kTime:
        case TypeId::kTimestamp: case TypeId::kTimestampTz: case TypeId::kTimestampNs: case TypeId::kTimestampTzNs:
        case TypeId::kString: case TypeId::kUuid: case TypeId::kFixed: case TypeId::kBinary: return true;
        default: return false;
      }
    case TransformKind::kTruncate:
      return id == TypeId::kInt || id == TypeId::kLong || id == TypeId::kDecimal || id == TypeId::kString ||
             id == TypeId::kBinary;
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kDay: return id == TypeId::kDate || IsTimestamp(id);
    case TransformKind::kHour: return IsTimestamp(id);
    case TransformKind::kVoid: return true;
    case TransformKind::kUnknown: return true;  // tolerated when reading; never applied
  }
  return false;
}

Result<TypePtr> Transform::ResultType(const TypePtr& source) const {
  if (!source || !CanTransform(*source)) {
    return InvalidData("Invalid source type {} for transform: {}", source ? source->ToString() : "null", ToString());
  }
  switch (kind_) {
    case TransformKind::kBucket:
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kHour: return PrimitiveType::Get(TypeId::kInt);
    case TransformKind::kDay: return PrimitiveType::Get(TypeId::kDate);
    case TransformKind::kUnknown: return PrimitiveType::Get(TypeId::kString);
    default: return source;
  }
}

Result<Literal> Transform::Apply(const Type& source, const Literal& value) const {
  if (kind_ == TransformKind::kUnknown) return NotImplemented("Cannot apply unsupported transform: {}", text_);
  if (value.is_null() || kind_ == TransformKind::kVoid) return Literal();
  if (!CanTransform(source)) {
    return InvalidData("Invalid source type {} for transform: {}", source.ToString(), ToString());
  }
  const LiteralValue& held = value.value();
  switch (kind_) {
    case TransformKind::kIdentity: return value;
    case TransformKind::kBucket: {
      FLOE_ASSIGN_OR_RETURN(int32_t hash, BucketHash(source, value));
      return Literal(static_cast<int32_t>((hash & std::numeric_limits<int32_t>::max()) % parameter_));
    }
    case TransformKind::kTruncate:
      switch (source.id()) {
        case TypeId::kInt:
          if (auto* v = std::get_if<int32_t>(&held)) {
            int64_t width = parameter_;  // 64-bit so the subtraction cannot overflow before the range check
            return Literal(static_cast<int32_t>(*v - FloorModulo(*v, width)));
          }
          break;
        case TypeId::kLong:
          if (auto* v = std::get_if<int64_t>(&held)) return Literal(*v - FloorModulo(*v, parameter_));
          break;
        case TypeId::kDecimal:
          if (auto* v = std::get_if<Decimal>(&held)) {
            // The width is an unscaled value at the column's scale.
            __int128 remainder = v->unscaled % parameter_;
            if (remainder < 0) remainder += parameter_;
            return Literal(Decimal{v->unscaled - remainder});
          }
          break;
        case TypeId::kString:
          if (auto* v = std::get_if<std::string>(&held)) return Literal(TruncateUtf8(*v, parameter_));
          break;
        case TypeId::kBinary:
          if (auto* v = std::get_if<std::string>(&held)) {
            return Literal(v->size() <= static_cast<size_t>(parameter_) ? *v : v->substr(0, parameter_));
          }
          break;
        default: break;
      }
      return NullOrWrongLiteral(source, *this);
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kDay:
    case TransformKind::kHour: {
      int64_t units;
      if (auto* days = std::get_if<int32_t>(&held); days && source.id() == TypeId::kDate) units = *days;
      else if (auto* timestamp = std::get_if<int64_t>(&held); timestamp && IsTimestamp(source.id())) units = *timestamp;
      else return NullOrWrongLiteral(source, *this);
      if (kind_ == TransformKind::kHour) {
        return Literal(static_cast<int32_t>(
            FloorDivide(units, IsNanosecondTimestamp(source.id()) ? kNanosPerHour : kMicrosPerHour)));
      }
      int64_t days = DaysOf(source.id(), units);
      if (kind_ == TransformKind::kDay) return Literal(static_cast<int32_t>(days));
      CivilDate date = CivilFromDays(days);
      int64_t years = date.year - 1970;
      if (kind_ == TransformKind::kYear) return Literal(static_cast<int32_t>(years));
      return Literal(static_cast<int32_t>(years * 12 + (date.month - 1)));
    }
    default: return NullOrWrongLiteral(source, *this);
  }
}

std::string Transform::ToHumanString(const Type& result_type, const Literal& transformed) const {
  if (transformed.is_null()) return "null";
  const auto* ordinal = transformed.get_if<int32_t>();
  switch (kind_) {
    case TransformKind::kYear:
      if (ordinal) return fmt::format("{:04}", 1970 + int64_t{*ordinal});
      break;
    case TransformKind::kMonth:
      if (ordinal) {
        int64_t year = 1970 + FloorDivide(*ordinal, 12);
        return fmt::format("{:04}-{:02}", year, FloorModulo(*ordinal, 12) + 1);
      }
      break;
    case TransformKind::kDay:
      if (ordinal) return FormatDate(*ordinal);
      break;
    case TransformKind::kHour:
      if (ordinal) {
        return fmt::format("{}-{:02}", FormatDate(FloorDivide(*ordinal, 24)), FloorModulo(*ordinal, 24));
      }
      break;
    case TransformKind::kVoid: return "null";
    default: break;
  }
  return iceberg::ToHumanString(result_type, transformed);
}

bool Transform::PreservesOrder() const {
  switch (kind_) {
    case TransformKind::kIdentity:
    case TransformKind::kTruncate:
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kDay:
    case TransformKind::kHour: return true;
    default: return false;
  }
}

}  // namespace floe::iceberg
