#include "floe/iceberg/expression_text.h"

#include <array>
#include <cctype>
#include <cmath>

#include <fmt/format.h>

namespace floe::iceberg {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string SingleQuoted(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  out += '\'';
  return out;
}

std::string FormatFloating(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  std::string text = fmt::format("{}", value);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

}  // namespace

bool IsReservedWord(std::string_view word) {
  static constexpr std::array<std::string_view, 10> kWords = {"and",  "or", "not",  "is",   "null",
                                                              "nan",  "in", "like", "true", "false"};
  for (std::string_view reserved : kWords) {
    if (EqualsIgnoreCase(word, reserved)) return true;
  }
  return false;
}

bool IsPlainIdentifier(std::string_view word) {
  if (word.empty()) return false;
  unsigned char first = static_cast<unsigned char>(word[0]);
  if (!std::isalpha(first) && first != '_') return false;
  for (char c : word) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!std::isalnum(u) && u != '_' && u != '$') return false;
  }
  return !IsReservedWord(word);
}

std::string FormatColumnName(std::string_view name) {
  bool plain = !name.empty();
  size_t start = 0;
  while (plain) {
    size_t dot = name.find('.', start);
    std::string_view segment = name.substr(start, dot == std::string_view::npos ? name.npos : dot - start);
    if (!IsPlainIdentifier(segment)) plain = false;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (plain) return std::string(name);
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

std::string FormatDecimal(__int128 unscaled, int32_t scale) {
  bool negative = unscaled < 0;
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1 : static_cast<unsigned __int128>(unscaled);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(magnitude % 10)));
    magnitude /= 10;
  } while (magnitude != 0);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  } else if (scale < 0) {
    digits.append(static_cast<size_t>(-scale), '0');
  }
  return negative ? "-" + digits : digits;
}

std::string FormatLiteral(const Literal& value, const Type* type) {
  const LiteralValue& v = value.value();
  if (std::holds_alternative<std::monostate>(v)) return "NULL";
  if (const bool* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  TypeId id = type ? type->id() : TypeId::kUnknown;
  bool temporal = id == TypeId::kDate || id == TypeId::kTime || id == TypeId::kTimestamp ||
                  id == TypeId::kTimestampTz || id == TypeId::kTimestampNs || id == TypeId::kTimestampTzNs;
  if (temporal) return SingleQuoted(ToHumanString(*type, value));
  if (const int32_t* i = std::get_if<int32_t>(&v)) return fmt::format("{}", *i);
  if (const int64_t* l = std::get_if<int64_t>(&v)) return fmt::format("{}", *l);
  if (const float* f = std::get_if<float>(&v)) return FormatFloating(*f);
  if (const double* d = std::get_if<double>(&v)) return FormatFloating(*d);
  if (const Decimal* decimal = std::get_if<Decimal>(&v)) {
    int32_t scale = 0;
    if (id == TypeId::kDecimal) scale = static_cast<const PrimitiveType*>(type)->scale();
    return FormatDecimal(decimal->unscaled, scale);
  }
  const std::string& text = std::get<std::string>(v);
  if (id == TypeId::kUuid || id == TypeId::kBinary || id == TypeId::kFixed) {
    return SingleQuoted(ToHumanString(*type, value));
  }
  return SingleQuoted(text);
}

std::string FormatLikePrefix(std::string_view prefix) {
  std::string pattern;
  for (char c : prefix) {
    if (c == '%' || c == '_' || c == '\\') pattern += '\\';
    pattern += c;
  }
  pattern += '%';
  return SingleQuoted(pattern);
}

}  // namespace floe::iceberg
