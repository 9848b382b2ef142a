// Iceberg types: spec strings, structural equality and primitive type parsing.
#include "floe/iceberg/types.h"

#include <array>
#include <charconv>

#include <fmt/format.h>

namespace floe::iceberg {

const StructType* Type::AsStruct() const {
  return id_ == TypeId::kStruct ? static_cast<const StructType*>(this) : nullptr;
}
const ListType* Type::AsList() const { return id_ == TypeId::kList ? static_cast<const ListType*>(this) : nullptr; }
const MapType* Type::AsMap() const { return id_ == TypeId::kMap ? static_cast<const MapType*>(this) : nullptr; }

std::string_view TypeIdName(TypeId id) {
  switch (id) {
    case TypeId::kBoolean: return "boolean";
    case TypeId::kInt: return "int";
    case TypeId::kLong: return "long";
    case TypeId::kFloat: return "float";
    case TypeId::kDouble: return "double";
    case TypeId::kDecimal: return "decimal";
    case TypeId::kDate: return "date";
    case TypeId::kTime: return "time";
    case TypeId::kTimestamp: return "timestamp";
    case TypeId::kTimestampTz: return "timestamptz";
    case TypeId::kString: return "string";
    case TypeId::kUuid: return "uuid";
    case TypeId::kFixed: return "fixed";
    case TypeId::kBinary: return "binary";
    case TypeId::kTimestampNs: return "timestamp_ns";
    case TypeId::kTimestampTzNs: return "timestamptz_ns";
    case TypeId::kUnknown: return "unknown";
    case TypeId::kVariant: return "variant";
    case TypeId::kGeometry: return "geometry";
    case TypeId::kGeography: return "geography";
    case TypeId::kStruct: return "struct";
    case TypeId::kList: return "list";
    case TypeId::kMap: return "map";
  }
  return "invalid";
}

// --- Primitive types ----------------------------------------------------------

struct PrimitiveTypeFactory {
  static std::shared_ptr<PrimitiveType> Make(TypeId id) { return std::shared_ptr<PrimitiveType>(new PrimitiveType(id)); }
  static void SetDecimal(PrimitiveType& type, int32_t precision, int32_t scale) {
    type.precision_ = precision;
    type.scale_ = scale;
  }
  static void SetLength(PrimitiveType& type, int32_t length) { type.length_ = length; }
  static void SetGeo(PrimitiveType& type, std::string parameter) { type.geo_parameter_ = std::move(parameter); }
};

namespace {

constexpr size_t kPrimitiveCount = static_cast<size_t>(TypeId::kStruct);

const std::array<TypePtr, kPrimitiveCount>& Singletons() {
  static const std::array<TypePtr, kPrimitiveCount> singletons = [] {
    std::array<TypePtr, kPrimitiveCount> result;
    for (size_t i = 0; i < kPrimitiveCount; ++i) {
      auto id = static_cast<TypeId>(i);
      if (id == TypeId::kDecimal || id == TypeId::kFixed) continue;
      result[i] = PrimitiveTypeFactory::Make(id);
    }
    return result;
  }();
  return singletons;
}

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Parses a non-negative decimal integer (surrounding spaces allowed).
std::optional<int32_t> ParseTypeParameter(std::string_view text, bool allow_negative = false) {
  text = TrimSpaces(text);
  if (text.empty()) return std::nullopt;
  if (text.front() == '-' && !allow_negative) return std::nullopt;
  if (text.front() == '+') text.remove_prefix(1);
  int32_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "name(args)" with case-insensitive name; returns args text or nullopt.
std::optional<std::string_view> ParenthesisedArguments(std::string_view text, std::string_view lower,
                                                       std::string_view name, char open, char close) {
  if (lower.size() < name.size() + 2 || lower.substr(0, name.size()) != name) return std::nullopt;
  std::string_view rest = TrimSpaces(text.substr(name.size()));
  if (rest.size() < 2 || rest.front() != open || rest.back() != close) return std::nullopt;
  return rest.substr(1, rest.size() - 2);
}

Status CannotParseType(std::string_view text) { return InvalidData("Cannot parse type from json: {}", text); }

}  // namespace

TypePtr PrimitiveType::Get(TypeId id) {
  auto index = static_cast<size_t>(id);
  return index < kPrimitiveCount ? Singletons()[index] : nullptr;
}

TypePtr PrimitiveType::Decimal(int32_t precision, int32_t scale) {
  auto type = PrimitiveTypeFactory::Make(TypeId::kDecimal);
  PrimitiveTypeFactory::SetDecimal(*type, precision, scale);
  return type;
}

TypePtr PrimitiveType::Fixed(int32_t length) {
  auto type = PrimitiveTypeFactory::Make(TypeId::kFixed);
  PrimitiveTypeFactory::SetLength(*type, length);
  return type;
}

TypePtr PrimitiveType::Geo(TypeId id, std::string parameter) {
  if (parameter.empty()) return Get(id);
  auto type = PrimitiveTypeFactory::Make(id);
  PrimitiveTypeFactory::SetGeo(*type, std::move(parameter));
  return type;
}

std::string PrimitiveType::ToString() const {
  switch (id()) {
    case TypeId::kDecimal: return fmt::format("decimal({},{})", precision_, scale_);
    case TypeId::kFixed: return fmt::format("fixed[{}]", length_);
    case TypeId::kGeometry:
    case TypeId::kGeography:
      if (geo_parameter_.empty()) return std::string(TypeIdName(id()));
      return fmt::format("{}({})", TypeIdName(id()), geo_parameter_);
    default: return std::string(TypeIdName(id()));
  }
}

bool PrimitiveType::Equals(const Type& other) const {
  if (this == &other) return true;
  if (other.id() != id()) return false;
  const auto& that = static_cast<const PrimitiveType&>(other);
  return precision_ == that.precision_ && scale_ == that.scale_ && length_ == that.length_ &&
         geo_parameter_ == that.geo_parameter_;
}

Result<TypePtr> ParsePrimitiveType(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = LowerAscii(c);
  for (size_t i = 0; i < kPrimitiveCount; ++i) {
    auto id = static_cast<TypeId>(i);
    if (id == TypeId::kDecimal || id == TypeId::kFixed) continue;
    if (lower == TypeIdName(id)) return Singletons()[i];
  }
  if (auto arguments = ParenthesisedArguments(text, lower, "fixed", '[', ']')) {
    auto length = ParseTypeParameter(*arguments);
    if (!length) return CannotParseType(text);
    return PrimitiveType::Fixed(*length);
  }
  if (auto arguments = ParenthesisedArguments(text, lower, "decimal", '(', ')')) {
    size_t comma = arguments->find(',');
    if (comma == std::string_view::npos) return CannotParseType(text);
    auto precision = ParseTypeParameter(arguments->substr(0, comma));
    // A negative scale is representable (Appendix D writes it as "2E+20").
    auto scale = ParseTypeParameter(arguments->substr(comma + 1), /*allow_negative=*/true);
    if (!precision || !scale) return CannotParseType(text);
    if (*precision > 38) return InvalidData("Decimals with precision larger than 38 are not supported: {}", *precision);
    return PrimitiveType::Decimal(*precision, *scale);
  }
  if (auto arguments = ParenthesisedArguments(text, lower, "geometry", '(', ')')) {
    std::string_view crs = TrimSpaces(*arguments);
    if (crs.empty() || crs.find(',') != std::string_view::npos) return CannotParseType(text);
    return PrimitiveType::Geo(TypeId::kGeometry, std::string(crs));
  }
  if (auto arguments = ParenthesisedArguments(text, lower, "geography", '(', ')')) {
    size_t comma = arguments->find(',');
    std::string_view crs = TrimSpaces(arguments->substr(0, comma));
    if (crs.empty()) return CannotParseType(text);
    if (comma == std::string_view::npos) return PrimitiveType::Geo(TypeId::kGeography, std::string(crs));
    std::string_view algorithm = TrimSpaces(arguments->substr(comma + 1));
    if (algorithm.empty() || algorithm.find(',') != std::string_view::npos) return CannotParseType(text);
    std::string algorithm_lower(algorithm);
    for (char& c : algorithm_lower) c = LowerAscii(c);
    return PrimitiveType::Geo(TypeId::kGeography, fmt::format("{},{}", crs, algorithm_lower));
  }
  return CannotParseType(text);
}

// --- Nested types ---------------------------------------------------------------

namespace {

std::string FieldToString(const NestedField& field) {
  std::string text = fmt::format("{}: {}: {} {}", field.id, field.name, field.required ? "required" : "optional",
                                 field.type ? field.type->ToString() : "null");
  if (!field.doc.empty()) fmt::format_to(std::back_inserter(text), " ({})", field.doc);
  return text;
}

bool TypesEqual(const TypePtr& a, const TypePtr& b) {
  if (a == b) return true;
  if (!a || !b) return false;
  return a->Equals(*b);
}

bool FieldsEqual(const NestedField& a, const NestedField& b) {
  return a.id == b.id && a.required == b.required && a.name == b.name && a.doc == b.doc &&
         a.initial_default == b.initial_default && a.write_default == b.write_default && TypesEqual(a.type, b.type);
}

}  // namespace

StructType::StructType(std::vector<NestedField> fields) : Type(TypeId::kStruct), fields_(std::move(fields)) {}

const NestedField* StructType::FieldById(int32_t id) const {
  for (const auto& field : fields_) {
    if (field.id == id) return &field;
  }
  return nullptr;
}

const NestedField* StructType::FieldByName(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.name == name) return &field;
  }
  return nullptr;
}

std::string StructType::ToString() const {
  std::string text = "struct<";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) text += ", ";
    text += FieldToString(fields_[i]);
  }
  text += ">";
  return text;
}

bool StructType::Equals(const Type& other) const {
  if (this == &other) return true;
  const StructType* that = other.AsStruct();
  if (that == nullptr || that->fields_.size() != fields_.size()) return false;
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (!FieldsEqual(fields_[i], that->fields_[i])) return false;
  }
  return true;
}

std::string ListType::ToString() const {
  return fmt::format("list<{}>", element_.type ? element_.type->ToString() : "null");
}

bool ListType::Equals(const Type& other) const {
  if (this == &other) return true;
  const ListType* that = other.AsList();
  return that != nullptr && FieldsEqual(element_, that->element_);
}

std::string MapType::ToString() const {
  return fmt::format("map<{}, {}>", key_.type ? key_.type->ToString() : "null",
                     value_.type ? value_.type->ToString() : "null");
}

bool MapType::Equals(const Type& other) const {
  if (this == &other) return true;
  const MapType* that = other.AsMap();
  return that != nullptr && FieldsEqual(key_, that->key_) && FieldsEqual(value_, that->value_);
}

}  // namespace floe::iceberg
