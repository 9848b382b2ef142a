#include "floe/engine/expression.h"
#include "floe/timezone/time_zone.h"

#include <algorithm>
#include <charconv>
#include <clocale>
#include <cwctype>
#include <locale.h>
#include <wctype.h>
#include <cmath>
#include <limits>
#include <unordered_set>

#include "floe/engine/nested_functions.h"
#include "floe/engine/interval.h"
#include "floe/sql/error.h"

namespace floe::engine {

using timezone::IsUtcZone;
using timezone::LoadTimeZone;
using timezone::LocalMicrosOf;
using timezone::TrailingZoneName;
using timezone::UtcMicrosOfLocal;

using columnar::Batch;
using columnar::TypeId;
using columnar::Vector;
using VectorPtr = std::shared_ptr<Vector>;
namespace codes = sql::error_codes;

BoundExpressionPtr MakeColumn(int32_t column, SqlType type, sql::NodeLocation location) {
  auto e = std::make_shared<BoundExpression>();
  e->kind = BoundKind::kColumn;
  e->column = column;
  e->type = std::move(type);
  e->location = location;
  return e;
}

BoundExpressionPtr MakeConstant(Value value, SqlType type, sql::NodeLocation location) {
  auto e = std::make_shared<BoundExpression>();
  e->kind = BoundKind::kConstant;
  e->constant = std::move(value);
  e->type = std::move(type);
  e->location = location;
  return e;
}

namespace {

BoundExpressionPtr MakeCall(std::string function, SqlType type, std::vector<BoundExpressionPtr> children,
                            sql::NodeLocation location) {
  auto e = std::make_shared<BoundExpression>();
  e->kind = BoundKind::kCall;
  e->function = std::move(function);
  e->type = std::move(type);
  e->children = std::move(children);
  e->location = location;
  return e;
}

std::string_view TypeLabel(const SqlType& type) {
  switch (type.kind) {
    case SqlTypeKind::kTinyint: return "tinyint";
    case SqlTypeKind::kSmallint: return "smallint";
    case SqlTypeKind::kInteger: return "integer";
    default: return "bigint";
  }
}

bool InRange(const SqlType& type, int64_t value) {
  switch (type.kind) {
    case SqlTypeKind::kTinyint: return value >= INT8_MIN && value <= INT8_MAX;
    case SqlTypeKind::kSmallint: return value >= INT16_MIN && value <= INT16_MAX;
    case SqlTypeKind::kInteger: return value >= INT32_MIN && value <= INT32_MAX;
    default: return true;
  }
}

Status OutOfRange(sql::NodeLocation location, std::string message) {
  return sql::MakeError(codes::kNumericValueOutOfRange, location, std::move(message));
}

// --- Casts between values ---

Result<Value> CastValue(const Value& value, const SqlType& from, const SqlType& to, sql::NodeLocation location);

Result<int64_t> DecimalToIntegral(Int128 unscaled, int32_t scale, const SqlType& to, sql::NodeLocation location) {
  Int128 divisor = PowerOfTen(scale);
  Int128 quotient = unscaled / divisor, remainder = unscaled % divisor;
  // Round half up (away from zero), as Trino does.
  if (remainder != 0 && (remainder < 0 ? -remainder : remainder) * 2 >= divisor) quotient += unscaled < 0 ? -1 : 1;
  if (quotient > INT64_MAX || quotient < INT64_MIN || !InRange(to, static_cast<int64_t>(quotient))) {
    return sql::SqlError(codes::kNumericValueOutOfRange, location, "Cannot cast '{}' to {}",
                         FormatDecimal(unscaled, scale), TypeSignature(to));
  }
  return static_cast<int64_t>(quotient);
}

Result<Int128> RescaleDecimal(Int128 value, int32_t from_scale, int32_t to_precision, int32_t to_scale,
                              const SqlType& from, sql::NodeLocation location) {
  Int128 result = value;
  if (to_scale > from_scale) {
    Int128 factor = PowerOfTen(to_scale - from_scale);
    if (__builtin_mul_overflow(result, factor, &result)) {
      return sql::SqlError(codes::kNumericValueOutOfRange, location, "Cannot cast {} '{}' to decimal({}, {})",
                           TypeSignature(from), FormatDecimal(value, from_scale), to_precision, to_scale);
    }
  } else if (to_scale < from_scale) {
    Int128 divisor = PowerOfTen(from_scale - to_scale);
    Int128 remainder = result % divisor;
    result /= divisor;
    if ((remainder < 0 ? -remainder : remainder) * 2 >= divisor) result += value < 0 ? -1 : 1;
  }
  Int128 limit = PowerOfTen(to_precision);
  if (result >= limit || result <= -limit) {
    return sql::SqlError(codes::kNumericValueOutOfRange, location, "Cannot cast {} '{}' to decimal({}, {})",
                         TypeSignature(from), FormatDecimal(value, from_scale), to_precision, to_scale);
  }
  return result;
}

Result<Int128> DoubleToDecimal(double value, const SqlType& to, sql::NodeLocation location) {
  if (std::isnan(value) || std::isinf(value)) {
    return sql::SqlError(codes::kInvalidCastArgument, location, "Cannot cast double '{}' to {}", FormatDouble(value),
                         TypeSignature(to));
  }
  long double scaled = std::roundl(static_cast<long double>(value) * static_cast<long double>(PowerOfTen(to.scale)));
  long double limit = static_cast<long double>(PowerOfTen(to.precision));
  if (scaled >= limit || scaled <= -limit) {
    return sql::SqlError(codes::kNumericValueOutOfRange, location, "Cannot cast double '{}' to {}",
                         FormatDouble(value), TypeSignature(to));
  }
  return static_cast<Int128>(scaled);
}

double DecimalToDouble(Int128 value, int32_t scale) {
  return static_cast<double>(static_cast<long double>(value) / static_cast<long double>(PowerOfTen(scale)));
}

Status InvalidCast(const Value& value, const SqlType& from, const SqlType& to, sql::NodeLocation location) {
  return sql::SqlError(codes::kInvalidCastArgument, location, "Cannot cast {} '{}' to {}", TypeSignature(from),
                       FormatValue(value, from), TypeSignature(to));
}

Result<Value> CastFromVarchar(const std::string& text, const SqlType& to, sql::NodeLocation location) {
  auto fail = [&]() {
    return sql::SqlError(codes::kInvalidCastArgument, location, "Cannot cast '{}' to {}", text, TypeSignature(to));
  };
  std::string trimmed = text;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
  size_t start = 0;
  while (start < trimmed.size() && std::isspace(static_cast<unsigned char>(trimmed[start]))) ++start;
  trimmed = trimmed.substr(start);
  switch (to.kind) {
    case SqlTypeKind::kBoolean: {
      std::string lower = trimmed;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "true" || lower == "t" || lower == "1") return Value::Boolean(true);
      if (lower == "false" || lower == "f" || lower == "0") return Value::Boolean(false);
      return fail();
    }
    case SqlTypeKind::kTinyint:
    case SqlTypeKind::kSmallint:
    case SqlTypeKind::kInteger:
    case SqlTypeKind::kBigint: {
      int64_t value = 0;
      const char* begin = trimmed.data();
      if (!trimmed.empty() && trimmed[0] == '+') ++begin;
      auto [ptr, error] = std::from_chars(begin, trimmed.data() + trimmed.size(), value);
      if (trimmed.empty() || error != std::errc() || ptr != trimmed.data() + trimmed.size() || !InRange(to, value)) {
        return fail();
      }
      return Value::Integer(value);
    }
    case SqlTypeKind::kReal:
    case SqlTypeKind::kDouble: {
      std::string lower = trimmed;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (lower == "nan") return Value::Double(std::numeric_limits<double>::quiet_NaN());
      if (lower == "infinity" || lower == "+infinity") return Value::Double(std::numeric_limits<double>::infinity());
      if (lower == "-infinity") return Value::Double(-std::numeric_limits<double>::infinity());
      double value = 0;
      const char* begin = trimmed.data();
      if (!trimmed.empty() && trimmed[0] == '+') ++begin;
      auto [ptr, error] = std::from_chars(begin, trimmed.data() + trimmed.size(), value);
      if (trimmed.empty() || error != std::errc() || ptr != trimmed.data() + trimmed.size()) return fail();
      if (to.kind == SqlTypeKind::kReal) value = static_cast<float>(value);
      return Value::Double(value);
    }
    case SqlTypeKind::kDecimal: {
      bool overflow = false;
      auto value = ParseDecimal(trimmed, to.precision, to.scale, &overflow);
      if (!value.ok()) return fail();
      return Value::Decimal(*value);
    }
    case SqlTypeKind::kVarchar: {
      if (to.length) {
        // Trino: cast to varchar(n) truncates.
        size_t count = 0, i = 0;
        for (; i < text.size(); ++i) {
          if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            if (count == static_cast<size_t>(*to.length)) break;
            ++count;
          }
        }
        return Value::String(text.substr(0, i));
      }
      return Value::String(text);
    }
    case SqlTypeKind::kVarbinary: return Value::String(text);
    case SqlTypeKind::kDate: {
      auto days = ParseDate(text);
      if (!days.ok()) return fail();
      return Value::Integer(*days);
    }
    case SqlTypeKind::kTime: {
      auto micros = ParseTimeMicros(text);
      if (!micros.ok()) return fail();
      return Value::Integer(*micros);
    }
    case SqlTypeKind::kTimestamp:
    case SqlTypeKind::kTimestampTz: {
      bool had_zone = false;
      auto micros = ParseTimestampMicros(text, to.kind == SqlTypeKind::kTimestampTz, &had_zone);
      if (!micros.ok()) {
        if (micros.status().code() == codes::kNotSupported.name) {
          return sql::MakeError(codes::kNotSupported, location, micros.status().message());
        }
        return fail();
      }
      if (!had_zone && to.kind == SqlTypeKind::kTimestampTz && !IsUtcZone(to.time_zone)) {
        // No zone in the text: the local time in the target's zone.
        auto instant = UtcMicrosOfLocal(*micros, to.time_zone);
        if (!instant.ok()) return fail();
        return Value::Integer(*instant);
      }
      return Value::Integer(*micros);
    }
    case SqlTypeKind::kUuid: {
      std::string hex;
      for (char c : trimmed) {
        if (c != '-') hex.push_back(c);
      }
      if (hex.size() != 32) return fail();
      std::string bytes;
      for (size_t i = 0; i < 32; i += 2) {
        int high = std::isxdigit(static_cast<unsigned char>(hex[i])) ? std::stoi(hex.substr(i, 1), nullptr, 16) : -1;
        int low = std::isxdigit(static_cast<unsigned char>(hex[i + 1])) ? std::stoi(hex.substr(i + 1, 1), nullptr, 16) : -1;
        if (high < 0 || low < 0) return fail();
        bytes.push_back(static_cast<char>(high * 16 + low));
      }
      return Value::String(bytes);
    }
    default: return fail();
  }
}

Result<Value> CastValue(const Value& value, const SqlType& from, const SqlType& to, sql::NodeLocation location) {
  if (value.is_null() || from == to) return value;
  // Zones (time_zone.h): timestamps and dates become instants in the target's
  // zone; an instant becomes a local time, date or time in its own zone.
  if ((from.kind == SqlTypeKind::kTimestamp || from.kind == SqlTypeKind::kDate) && to.kind == SqlTypeKind::kTimestampTz &&
      !IsUtcZone(to.time_zone)) {
    SqlType local = SqlType::Timestamp(false);
    local.precision = to.precision;
    FLOE_ASSIGN_OR_RETURN(Value local_value, CastValue(value, from, local, location));
    auto instant = UtcMicrosOfLocal(local_value.integer(), to.time_zone);
    if (!instant.ok()) return sql::MakeError(codes::kInvalidFunctionArgument, location, instant.status().message());
    return Value::Integer(*instant);
  }
  if (from.kind == SqlTypeKind::kTimestampTz && !IsUtcZone(from.time_zone) &&
      (to.kind == SqlTypeKind::kTimestamp || to.kind == SqlTypeKind::kDate || to.kind == SqlTypeKind::kTime)) {
    auto local = LocalMicrosOf(value.integer(), from.time_zone);
    if (!local.ok()) return sql::MakeError(codes::kInvalidFunctionArgument, location, local.status().message());
    SqlType utc = from;
    utc.time_zone.clear();
    return CastValue(Value::Integer(*local), utc, to, location);
  }
  if (from.kind == SqlTypeKind::kUnknown) return Value::Null();
  if (from.kind == SqlTypeKind::kVarchar) return CastFromVarchar(value.string(), to, location);
  if ((from.kind == SqlTypeKind::kArray || from.kind == SqlTypeKind::kMap || from.kind == SqlTypeKind::kRow) &&
      from.kind == to.kind) {
    // Element by element (map: keys and values alternate; row: field i).
    Elements out;
    const Elements& elements = value.elements();
    for (size_t i = 0; i < elements.size(); ++i) {
      size_t child = from.kind == SqlTypeKind::kArray ? 0 : from.kind == SqlTypeKind::kMap ? i % 2 : i;
      if (child >= from.children.size() || child >= to.children.size()) break;
      FLOE_ASSIGN_OR_RETURN(Value element, CastValue(elements[i], from.children[child], to.children[child], location));
      out.push_back(std::move(element));
    }
    return Value::Nested(std::move(out));
  }
  if (to.kind == SqlTypeKind::kVarchar) {
    std::string text = FormatValue(value, from);
    if (from.kind == SqlTypeKind::kVarbinary) return InvalidCast(value, from, to, location);
    if (to.length && static_cast<int32_t>(text.size()) > *to.length) {
      return sql::SqlError(codes::kInvalidCastArgument, location, "Value {} cannot be represented as {}", text,
                           TypeSignature(to));
    }
    return Value::String(std::move(text));
  }
  if (from.is_integral()) {
    int64_t v = value.integer();
    if (to.is_integral()) {
      if (!InRange(to, v)) {
        return sql::SqlError(codes::kNumericValueOutOfRange, location, "Out of range for {}: {}", TypeSignature(to), v);
      }
      return Value::Integer(v);
    }
    if (to.kind == SqlTypeKind::kDouble) return Value::Double(static_cast<double>(v));
    if (to.kind == SqlTypeKind::kReal) return Value::Double(static_cast<float>(v));
    if (to.kind == SqlTypeKind::kDecimal) {
      FLOE_ASSIGN_OR_RETURN(Int128 result, RescaleDecimal(v, 0, to.precision, to.scale, from, location));
      return Value::Decimal(result);
    }
    if (to.kind == SqlTypeKind::kBoolean) return Value::Boolean(v != 0);
  }
  if (from.kind == SqlTypeKind::kDouble || from.kind == SqlTypeKind::kReal) {
    double v = value.real();
    if (to.kind == SqlTypeKind::kDouble) return Value::Double(v);
    if (to.kind == SqlTypeKind::kReal) return Value::Double(static_cast<float>(v));
    if (to.is_integral()) {
      if (std::isnan(v)) return InvalidCast(value, from, to, location);
      double rounded = std::round(v);
      if (!(rounded >= -9223372036854775808.0 && rounded < 9223372036854775808.0) ||
          !InRange(to, static_cast<int64_t>(rounded))) {
        return sql::SqlError(codes::kNumericValueOutOfRange, location, "Out of range for {}: {}", TypeSignature(to),
                             FormatDouble(v));
      }
      return Value::Integer(static_cast<int64_t>(rounded));
    }
    if (to.kind == SqlTypeKind::kDecimal) {
      FLOE_ASSIGN_OR_RETURN(Int128 result, DoubleToDecimal(v, to, location));
      return Value::Decimal(result);
    }
    if (to.kind == SqlTypeKind::kBoolean) return Value::Boolean(v != 0);
  }
  if (from.kind == SqlTypeKind::kDecimal) {
    if (to.kind == SqlTypeKind::kDecimal) {
      FLOE_ASSIGN_OR_RETURN(Int128 result,
                            RescaleDecimal(value.decimal(), from.scale, to.precision, to.scale, from, location));
      return Value::Decimal(result);
    }
    if (to.is_integral()) {
      FLOE_ASSIGN_OR_RETURN(int64_t result, DecimalToIntegral(value.decimal(), from.scale, to, location));
      return Value::Integer(result);
    }
    if (to.kind == SqlTypeKind::kDouble) return Value::Double(DecimalToDouble(value.decimal(), from.scale));
    if (to.kind == SqlTypeKind::kReal) return Value::Double(static_cast<float>(DecimalToDouble(value.decimal(), from.scale)));
    if (to.kind == SqlTypeKind::kBoolean) return Value::Boolean(value.decimal() != 0);
  }
  if (from.kind == SqlTypeKind::kBoolean) {
    if (to.is_integral()) return Value::Integer(value.boolean() ? 1 : 0);
    if (to.kind == SqlTypeKind::kDouble || to.kind == SqlTypeKind::kReal) return Value::Double(value.boolean() ? 1 : 0);
    if (to.kind == SqlTypeKind::kDecimal) {
      FLOE_ASSIGN_OR_RETURN(Int128 result, RescaleDecimal(value.boolean() ? 1 : 0, 0, to.precision, to.scale, from, location));
      return Value::Decimal(result);
    }
  }
  if (from.kind == SqlTypeKind::kDate) {
    if (to.kind == SqlTypeKind::kTimestamp || to.kind == SqlTypeKind::kTimestampTz) {
      return Value::Integer(value.integer() * 86400000000LL);
    }
  }
  if (from.kind == SqlTypeKind::kTimestamp || from.kind == SqlTypeKind::kTimestampTz) {
    int64_t micros = value.integer();
    if (to.kind == SqlTypeKind::kDate) {
      int64_t days = micros >= 0 ? micros / 86400000000LL : -((-micros + 86400000000LL - 1) / 86400000000LL);
      return Value::Integer(days);
    }
    if (to.kind == SqlTypeKind::kTimestamp || to.kind == SqlTypeKind::kTimestampTz) {
      // Precision changes round to the target precision (microseconds kept for 6).
      int64_t unit = 1;
      for (int32_t p = to.precision; p < 6; ++p) unit *= 10;
      if (unit > 1) {
        int64_t floor = micros >= 0 ? micros / unit * unit : -((-micros + unit - 1) / unit) * unit;
        micros = micros - floor >= unit / 2 ? floor + unit : floor;
      }
      return Value::Integer(micros);
    }
    if (to.kind == SqlTypeKind::kTime) {
      int64_t in_day = micros % 86400000000LL;
      if (in_day < 0) in_day += 86400000000LL;
      return Value::Integer(in_day);
    }
  }
  if (from.kind == SqlTypeKind::kUuid && to.kind == SqlTypeKind::kVarbinary) return value;
  if (from.kind == SqlTypeKind::kTime && to.kind == SqlTypeKind::kTime) return value;
  return sql::SqlError(codes::kTypeMismatch, location, "Cannot cast {} to {}", TypeSignature(from), TypeSignature(to));
}

bool CastIsSupported(const SqlType& from, const SqlType& to) {
  if (from == to || from.kind == SqlTypeKind::kUnknown) return true;
  auto scalar = [](const SqlType& t) {
    return t.kind != SqlTypeKind::kArray && t.kind != SqlTypeKind::kMap && t.kind != SqlTypeKind::kRow;
  };
  if (!scalar(from) || !scalar(to)) {
    if (from.kind != to.kind || from.children.size() != to.children.size()) return false;
    for (size_t i = 0; i < from.children.size(); ++i) {
      if (!CastIsSupported(from.children[i], to.children[i])) return false;
    }
    return true;
  }
  if (from.kind == SqlTypeKind::kVarchar || to.kind == SqlTypeKind::kVarchar) {
    return from.kind != SqlTypeKind::kVarbinary && to.kind != SqlTypeKind::kVarbinary;
  }
  bool from_number = from.is_numeric() || from.kind == SqlTypeKind::kBoolean;
  bool to_number = to.is_numeric() || to.kind == SqlTypeKind::kBoolean;
  if (from_number && to_number) return true;
  auto temporal = [](const SqlType& t) {
    return t.kind == SqlTypeKind::kDate || t.kind == SqlTypeKind::kTimestamp || t.kind == SqlTypeKind::kTimestampTz;
  };
  if (temporal(from) && temporal(to)) return true;
  if ((from.kind == SqlTypeKind::kTimestamp || from.kind == SqlTypeKind::kTimestampTz) && to.kind == SqlTypeKind::kTime) {
    return true;
  }
  if (from.kind == SqlTypeKind::kTime && to.kind == SqlTypeKind::kTime) return true;
  if (from.kind == SqlTypeKind::kUuid && to.kind == SqlTypeKind::kVarbinary) return true;
  return false;
}

}  // namespace

void PrepareInList(BoundExpression* in_list) {
  auto set = std::make_shared<std::unordered_set<std::string>>();
  bool has_null = false;
  for (size_t i = 1; i < in_list->children.size(); ++i) {
    const BoundExpression& item = *in_list->children[i];
    if (!item.is_constant()) return;
    if (item.constant.is_null()) {
      has_null = true;
      continue;
    }
    std::string key;
    AppendValueKey(&key, item.constant);
    set->insert(std::move(key));
  }
  in_list->in_set = std::move(set);
  in_list->in_set_has_null = has_null;
}

Result<BoundExpressionPtr> MakeCast(BoundExpressionPtr expression, const SqlType& type, bool try_cast,
                                    sql::NodeLocation location) {
  if (expression->type == type) return expression;
  if (!CastIsSupported(expression->type, type)) {
    return sql::SqlError(codes::kTypeMismatch, location, "Cannot cast {} to {}", TypeSignature(expression->type),
                         TypeSignature(type));
  }
  if (expression->is_constant()) {
    auto folded = CastValue(expression->constant, expression->type, type, location);
    if (folded.ok()) return MakeConstant(std::move(*folded), type, expression->location);
    if (try_cast) return MakeConstant(Value::Null(), type, expression->location);
    // Leave the error to run time: it may sit in a branch never taken.
  }
  auto e = std::make_shared<BoundExpression>();
  e->kind = BoundKind::kCast;
  e->type = type;
  e->try_cast = try_cast;
  e->location = location;
  e->children.push_back(std::move(expression));
  return BoundExpressionPtr(std::move(e));
}

// --- Operator and function resolution ---

namespace {

Result<std::vector<BoundExpressionPtr>> CoerceAll(std::vector<BoundExpressionPtr> arguments, const SqlType& type,
                                                  sql::NodeLocation location) {
  for (auto& argument : arguments) {
    FLOE_ASSIGN_OR_RETURN(argument, MakeCast(argument, type, false, location));
  }
  return arguments;
}

Status OperatorMismatch(const std::string& op, const std::vector<BoundExpressionPtr>& arguments,
                        sql::NodeLocation location) {
  if (arguments.size() == 1) {
    return sql::SqlError(codes::kTypeMismatch, location, "Cannot negate {}", TypeSignature(arguments[0]->type));
  }
  return sql::SqlError(codes::kTypeMismatch, location, "Cannot apply operator: {} {} {}",
                       TypeSignature(arguments[0]->type), op, TypeSignature(arguments[1]->type));
}

std::string ArithmeticName(const std::string& op) {
  if (op == "+") return "add";
  if (op == "-") return "subtract";
  if (op == "*") return "multiply";
  if (op == "/") return "divide";
  return "modulus";
}

}  // namespace

Result<BoundExpressionPtr> ResolveOperator(const std::string& op, std::vector<BoundExpressionPtr> arguments,
                                           sql::NodeLocation location) {
  if (auto interval = ResolveIntervalOperator(op, arguments, location)) return std::move(*interval);
  if (arguments.size() == 1) {
    const SqlType& type = arguments[0]->type;
    if (op == "+" && type.is_numeric()) return arguments[0];
    if (!type.is_numeric() && type.kind != SqlTypeKind::kUnknown) return OperatorMismatch(op, arguments, location);
    SqlType result = type.kind == SqlTypeKind::kUnknown ? SqlType::Of(SqlTypeKind::kInteger) : type;
    if (arguments[0]->is_constant() && arguments[0]->constant.is_null()) return MakeConstant(Value::Null(), result, location);
    return MakeCall("negate", result, std::move(arguments), location);
  }
  SqlType left = arguments[0]->type, right = arguments[1]->type;
  if (op == "||") {
    auto stringish = [](const SqlType& t) { return t.kind == SqlTypeKind::kVarchar || t.kind == SqlTypeKind::kUnknown; };
    if (!stringish(left) || !stringish(right)) {
      if (left.kind == SqlTypeKind::kVarbinary && right.kind == SqlTypeKind::kVarbinary) {
        return MakeCall("concat", left, std::move(arguments), location);
      }
      return OperatorMismatch(op, arguments, location);
    }
    FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), SqlType::Varchar(), location));
    return MakeCall("concat", SqlType::Varchar(), std::move(arguments), location);
  }
  bool comparison = op == "=" || op == "<>" || op == "<" || op == "<=" || op == ">" || op == ">=";
  if (comparison) {
    auto common = CommonSuperType(left, right);
    if (!common || (!common->is_orderable() && op != "=" && op != "<>")) {
      return OperatorMismatch(op, arguments, location);
    }
    if (common->kind == SqlTypeKind::kUnknown) common = SqlType::Of(SqlTypeKind::kBoolean);
    FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), *common, location));
    std::string name = op == "=" ? "equal" : op == "<>" ? "not_equal" : op == "<" ? "less_than"
                       : op == "<=" ? "less_than_or_equal" : op == ">" ? "greater_than" : "greater_than_or_equal";
    return MakeCall(name, SqlType::Of(SqlTypeKind::kBoolean), std::move(arguments), location);
  }
  // Arithmetic.
  if (left.kind == SqlTypeKind::kUnknown) left = right.kind == SqlTypeKind::kUnknown ? SqlType::Of(SqlTypeKind::kInteger) : right;
  if (right.kind == SqlTypeKind::kUnknown) right = left;
  // date/timestamp +- interval are not supported yet; date - date neither.
  if (!left.is_numeric() || !right.is_numeric()) return OperatorMismatch(op, arguments, location);
  std::string name = ArithmeticName(op);
  if (left.kind == SqlTypeKind::kDecimal || right.kind == SqlTypeKind::kDecimal) {
    if (left.kind == SqlTypeKind::kDouble || right.kind == SqlTypeKind::kDouble ||
        left.kind == SqlTypeKind::kReal || right.kind == SqlTypeKind::kReal) {
      SqlType type = (left.kind == SqlTypeKind::kDouble || right.kind == SqlTypeKind::kDouble) ? SqlType::Of(SqlTypeKind::kDouble)
                                                                                            : SqlType::Of(SqlTypeKind::kReal);
      FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), type, location));
      return MakeCall(name, type, std::move(arguments), location);
    }
    SqlType a = left.kind == SqlTypeKind::kDecimal ? left : DecimalOfIntegral(left);
    SqlType b = right.kind == SqlTypeKind::kDecimal ? right : DecimalOfIntegral(right);
    FLOE_ASSIGN_OR_RETURN(arguments[0], MakeCast(arguments[0], a, false, location));
    FLOE_ASSIGN_OR_RETURN(arguments[1], MakeCast(arguments[1], b, false, location));
    int32_t p1 = a.precision, s1 = a.scale, p2 = b.precision, s2 = b.scale;
    SqlType result;
    if (op == "+" || op == "-") {
      int32_t scale = std::max(s1, s2);
      result = SqlType::Decimal(std::min(38, std::max(p1 - s1, p2 - s2) + scale + 1), scale);
    } else if (op == "*") {
      result = SqlType::Decimal(std::min(38, p1 + p2), s1 + s2);
      if (s1 + s2 > 38) return OperatorMismatch(op, arguments, location);
    } else if (op == "/") {
      result = SqlType::Decimal(std::min(38, p1 + s2 + std::max(0, s2 - s1)), std::max(s1, s2));
    } else {
      result = SqlType::Decimal(std::min(p2 - s2, p1 - s1) + std::max(s1, s2), std::max(s1, s2));
    }
    return MakeCall("decimal_" + name, result, std::move(arguments), location);
  }
  auto common = CommonSuperType(left, right);
  if (!common) return OperatorMismatch(op, arguments, location);
  FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), *common, location));
  return MakeCall(name, *common, std::move(arguments), location);
}

bool IsAggregateFunction(const std::string& name) {
  return name == "count" || name == "sum" || name == "avg" || name == "min" || name == "max" ||
         name == "approx_distinct" || name == "count_if" || name == "bool_and" || name == "bool_or" ||
         name == "every" || name == "arbitrary" || name == "any_value";
}

namespace {

struct FunctionSignature {
  std::vector<SqlTypeKind> arguments;  // kUnknown: any
  SqlTypeKind result;
};

Status UnexpectedParameters(const std::string& name, const std::vector<BoundExpressionPtr>& arguments,
                            sql::NodeLocation location, std::string_view expected) {
  std::string actual;
  for (const auto& argument : arguments) {
    if (!actual.empty()) actual += ", ";
    actual += TypeSignature(argument->type);
  }
  return sql::SqlError(codes::kFunctionNotFound, location, "Unexpected parameters ({}) for function {}. Expected: {}",
                       actual, name, expected);
}

bool IsTemporal(const SqlType& type) {
  return type.kind == SqlTypeKind::kDate || type.kind == SqlTypeKind::kTimestamp ||
         type.kind == SqlTypeKind::kTimestampTz;
}

}  // namespace

Result<BoundExpressionPtr> ResolveScalarFunction(const std::string& name, std::vector<BoundExpressionPtr> arguments,
                                                 sql::NodeLocation location) {
  if (IsNestedFunction(name)) return ResolveNestedFunction(name, std::move(arguments), location);
  if (auto date_time = ResolveDateTimeFunction(name, arguments, location)) return std::move(*date_time);
  size_t n = arguments.size();
  auto type_of = [&](size_t i) -> const SqlType& { return arguments[i]->type; };
  auto numeric_or_null = [&](size_t i) { return type_of(i).is_numeric() || type_of(i).kind == SqlTypeKind::kUnknown; };
  auto string_or_null = [&](size_t i) { return type_of(i).is_string() || type_of(i).kind == SqlTypeKind::kUnknown; };
  auto integral_or_null = [&](size_t i) { return type_of(i).is_integral() || type_of(i).kind == SqlTypeKind::kUnknown; };

  if (name == "coalesce") {
    if (n < 1) return UnexpectedParameters(name, arguments, location, "coalesce(E, E...)");
    SqlType common = type_of(0);
    for (size_t i = 1; i < n; ++i) {
      auto next = CommonSuperType(common, type_of(i));
      if (!next) {
        return sql::SqlError(codes::kTypeMismatch, arguments[i]->location,
                             "All COALESCE operands must be the same type: {}", TypeSignature(common));
      }
      common = *next;
    }
    FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), common, location));
    auto e = std::make_shared<BoundExpression>();
    e->kind = BoundKind::kCoalesce;
    e->type = common;
    e->location = location;
    e->children = std::move(arguments);
    return BoundExpressionPtr(std::move(e));
  }
  if (name == "nullif") {
    if (n != 2) return UnexpectedParameters(name, arguments, location, "nullif(T, T)");
    auto common = CommonSuperType(type_of(0), type_of(1));
    if (!common) return UnexpectedParameters(name, arguments, location, "nullif(T, T)");
    SqlType result = type_of(0);
    FLOE_ASSIGN_OR_RETURN(auto left, MakeCast(arguments[0], *common, false, location));
    FLOE_ASSIGN_OR_RETURN(auto right, MakeCast(arguments[1], *common, false, location));
    return MakeCall("nullif", result, {arguments[0], left, right}, location);
  }
  if (name == "if") {
    if (n < 2 || n > 3) return UnexpectedParameters(name, arguments, location, "if(boolean, T) if(boolean, T, T)");
    auto e = std::make_shared<BoundExpression>();
    e->kind = BoundKind::kCase;
    e->location = location;
    SqlType result = type_of(1);
    if (n == 3) {
      auto common = CommonSuperType(type_of(1), type_of(2));
      if (!common) return UnexpectedParameters(name, arguments, location, "if(boolean, T, T)");
      result = *common;
    }
    FLOE_ASSIGN_OR_RETURN(auto condition, MakeCast(arguments[0], SqlType::Of(SqlTypeKind::kBoolean), false, location));
    e->children.push_back(condition);
    for (size_t i = 1; i < n; ++i) {
      FLOE_ASSIGN_OR_RETURN(auto branch, MakeCast(arguments[i], result, false, location));
      e->children.push_back(branch);
    }
    e->has_else = n == 3;
    e->type = result;
    return BoundExpressionPtr(std::move(e));
  }
  if (name == "abs" || name == "ceil" || name == "ceiling" || name == "floor" || name == "sign") {
    if (n != 1 || !numeric_or_null(0)) return UnexpectedParameters(name, arguments, location, name + "(bigint), " + name + "(double), " + name + "(decimal(p,s))");
    SqlType result = type_of(0).kind == SqlTypeKind::kUnknown ? SqlType::Of(SqlTypeKind::kBigint) : type_of(0);
    if ((name == "ceil" || name == "ceiling" || name == "floor") && result.kind == SqlTypeKind::kDecimal) {
      result = SqlType::Decimal(std::min(38, result.precision - result.scale + (result.scale > 0 ? 1 : 0)), 0);
    }
    if (name == "sign" && result.kind == SqlTypeKind::kDecimal) result = SqlType::Decimal(1, 0);
    FLOE_ASSIGN_OR_RETURN(arguments[0], MakeCast(arguments[0], type_of(0).kind == SqlTypeKind::kUnknown ? result : type_of(0), false, location));
    return MakeCall(name == "ceiling" ? "ceil" : name, result, std::move(arguments), location);
  }
  if (name == "round" || name == "truncate") {
    if (n < 1 || n > 2 || !numeric_or_null(0) || (n == 2 && !integral_or_null(1))) {
      return UnexpectedParameters(name, arguments, location, name + "(double), " + name + "(double, bigint), " + name + "(decimal(p,s))");
    }
    SqlType result = type_of(0).kind == SqlTypeKind::kUnknown ? SqlType::Of(SqlTypeKind::kDouble) : type_of(0);
    if (name == "truncate" && n == 1 && result.kind == SqlTypeKind::kDecimal) result = SqlType::Decimal(std::max(1, result.precision - result.scale), 0);
    if (name == "round" && n == 1 && result.kind == SqlTypeKind::kDecimal) {
      result = SqlType::Decimal(std::min(38, result.precision - result.scale + (result.scale > 0 ? 1 : 0)), 0);
    }
    FLOE_ASSIGN_OR_RETURN(arguments[0], MakeCast(arguments[0], type_of(0).kind == SqlTypeKind::kUnknown ? result : type_of(0), false, location));
    if (n == 2) {
      FLOE_ASSIGN_OR_RETURN(arguments[1], MakeCast(arguments[1], SqlType::Of(SqlTypeKind::kBigint), false, location));
    }
    return MakeCall(name, result, std::move(arguments), location);
  }
  if (name == "sqrt" || name == "ln" || name == "log10" || name == "log2" || name == "exp" || name == "cbrt" ||
      name == "power" || name == "pow" || name == "mod" || name == "sin" || name == "cos" || name == "tan" ||
      name == "atan2" || name == "degrees" || name == "radians") {
    size_t expected = (name == "power" || name == "pow" || name == "mod" || name == "atan2") ? 2 : 1;
    if (n != expected) return UnexpectedParameters(name, arguments, location, name + (expected == 2 ? "(double, double)" : "(double)"));
    for (size_t i = 0; i < n; ++i) {
      if (!numeric_or_null(i)) return UnexpectedParameters(name, arguments, location, name + (expected == 2 ? "(double, double)" : "(double)"));
    }
    if (name == "mod") return ResolveOperator("%", std::move(arguments), location);
    FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), SqlType::Of(SqlTypeKind::kDouble), location));
    return MakeCall(name == "pow" ? "power" : name, SqlType::Of(SqlTypeKind::kDouble), std::move(arguments), location);
  }
  if (name == "pi" || name == "e" || name == "nan" || name == "infinity") {
    if (n != 0) return UnexpectedParameters(name, arguments, location, name + "()");
    double value = name == "pi" ? M_PI : name == "e" ? M_E : name == "nan" ? std::numeric_limits<double>::quiet_NaN()
                                                                             : std::numeric_limits<double>::infinity();
    return MakeConstant(Value::Double(value), SqlType::Of(SqlTypeKind::kDouble), location);
  }
  if (name == "is_nan" || name == "is_finite" || name == "is_infinite") {
    if (n != 1 || !numeric_or_null(0)) return UnexpectedParameters(name, arguments, location, name + "(double)");
    FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), SqlType::Of(SqlTypeKind::kDouble), location));
    return MakeCall(name, SqlType::Of(SqlTypeKind::kBoolean), std::move(arguments), location);
  }
  if (name == "lower" || name == "upper" || name == "trim" || name == "ltrim" || name == "rtrim" ||
      name == "reverse") {
    if (n != 1 || !string_or_null(0)) return UnexpectedParameters(name, arguments, location, name + "(varchar(x))");
    SqlType result = type_of(0).kind == SqlTypeKind::kUnknown ? SqlType::Varchar() : type_of(0);
    FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), result, location));
    return MakeCall(name, result, std::move(arguments), location);
  }
  if (name == "to_hex" || name == "from_utf8") {
    if (n != 1 || !(type_of(0).kind == SqlTypeKind::kVarbinary || type_of(0).kind == SqlTypeKind::kUnknown)) {
      return UnexpectedParameters(name, arguments, location, name + "(varbinary)");
    }
    FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), SqlType::Of(SqlTypeKind::kVarbinary), location));
    return MakeCall(name, SqlType::Varchar(), std::move(arguments), location);
  }
  if (name == "from_hex" || name == "to_utf8") {
    if (n != 1 || !string_or_null(0)) return UnexpectedParameters(name, arguments, location, name + "(varchar(x))");
    FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), SqlType::Varchar(), location));
    return MakeCall(name, SqlType::Of(SqlTypeKind::kVarbinary), std::move(arguments), location);
  }
  if (name == "length") {
    if (n != 1 || !(string_or_null(0) || type_of(0).kind == SqlTypeKind::kVarbinary)) {
      return UnexpectedParameters(name, arguments, location, "length(varchar(x)), length(varbinary)");
    }
    std::string function = type_of(0).kind == SqlTypeKind::kVarbinary ? "length_binary" : "length";
    return MakeCall(function, SqlType::Of(SqlTypeKind::kBigint), std::move(arguments), location);
  }
  if (name == "substr" || name == "substring") {
    if (n < 2 || n > 3 || !string_or_null(0) || !integral_or_null(1) || (n == 3 && !integral_or_null(2))) {
      return UnexpectedParameters(name, arguments, location, name + "(varchar(x), bigint), " + name + "(varchar(x), bigint, bigint)");
    }
    SqlType result = type_of(0).kind == SqlTypeKind::kUnknown ? SqlType::Varchar() : type_of(0);
    FLOE_ASSIGN_OR_RETURN(arguments[0], MakeCast(arguments[0], result, false, location));
    for (size_t i = 1; i < n; ++i) {
      FLOE_ASSIGN_OR_RETURN(arguments[i], MakeCast(arguments[i], SqlType::Of(SqlTypeKind::kBigint), false, location));
    }
    return MakeCall("substr", result, std::move(arguments), location);
  }
  if (name == "concat") {
    if (n < 1) return UnexpectedParameters(name, arguments, location, "concat(varchar...)");
    for (size_t i = 0; i < n; ++i) {
      if (!string_or_null(i)) return UnexpectedParameters(name, arguments, location, "concat(varchar...)");
    }
    FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), SqlType::Varchar(), location));
    return MakeCall("concat", SqlType::Varchar(), std::move(arguments), location);
  }
  if (name == "replace" || name == "strpos" || name == "starts_with" || name == "lpad" || name == "rpad" ||
      name == "split_part") {
    bool ok = n >= 2 && string_or_null(0);
    if (name == "replace") ok = ok && n <= 3 && string_or_null(1) && (n == 2 || string_or_null(2));
    if (name == "strpos" || name == "starts_with") ok = ok && n == 2 && string_or_null(1);
    if (name == "lpad" || name == "rpad") ok = ok && n == 3 && integral_or_null(1) && string_or_null(2);
    if (name == "split_part") ok = ok && n == 3 && string_or_null(1) && integral_or_null(2);
    if (!ok) return UnexpectedParameters(name, arguments, location, name + "(varchar, ...)");
    SqlType result = name == "strpos" ? SqlType::Of(SqlTypeKind::kBigint)
                     : name == "starts_with" ? SqlType::Of(SqlTypeKind::kBoolean)
                                             : SqlType::Varchar();
    for (size_t i = 0; i < n; ++i) {
      bool integral_argument = ((name == "lpad" || name == "rpad") && i == 1) || (name == "split_part" && i == 2);
      FLOE_ASSIGN_OR_RETURN(arguments[i], MakeCast(arguments[i], integral_argument ? SqlType::Of(SqlTypeKind::kBigint) : SqlType::Varchar(), false, location));
    }
    return MakeCall(name, result, std::move(arguments), location);
  }
  if (name == "year" || name == "month" || name == "day" || name == "day_of_month" || name == "quarter" ||
      name == "day_of_week" || name == "dow" || name == "day_of_year" || name == "doy" || name == "hour" ||
      name == "minute" || name == "second" || name == "millisecond" || name == "week" || name == "year_of_week") {
    if (n != 1 || !(IsTemporal(type_of(0)) || type_of(0).kind == SqlTypeKind::kUnknown ||
                    type_of(0).kind == SqlTypeKind::kTime)) {
      return UnexpectedParameters(name, arguments, location, name + "(date), " + name + "(timestamp(p))");
    }
    std::string canonical = name == "day_of_month" ? "day" : name == "dow" ? "day_of_week" : name == "doy" ? "day_of_year" : name;
    if ((canonical == "hour" || canonical == "minute" || canonical == "second" || canonical == "millisecond") &&
        type_of(0).kind == SqlTypeKind::kDate) {
      return UnexpectedParameters(name, arguments, location, name + "(timestamp(p)), " + name + "(time(p))");
    }
    return MakeCall("extract_" + canonical, SqlType::Of(SqlTypeKind::kBigint), std::move(arguments), location);
  }
  if (name == "date_trunc") {
    if (n != 2 || !string_or_null(0) || !(IsTemporal(type_of(1)) || type_of(1).kind == SqlTypeKind::kUnknown)) {
      return UnexpectedParameters(name, arguments, location, "date_trunc(varchar(x), date), date_trunc(varchar(x), timestamp(p))");
    }
    FLOE_ASSIGN_OR_RETURN(arguments[0], MakeCast(arguments[0], SqlType::Varchar(), false, location));
    SqlType result = type_of(1);
    return MakeCall("date_trunc", result, std::move(arguments), location);
  }
  if (name == "typeof") {
    if (n != 1) return UnexpectedParameters(name, arguments, location, "typeof(T)");
    return MakeConstant(Value::String(DisplayName(type_of(0))), SqlType::Varchar(), location);
  }
  if (name == "greatest" || name == "least") {
    if (n < 1) return UnexpectedParameters(name, arguments, location, name + "(E...)");
    SqlType common = type_of(0);
    for (size_t i = 1; i < n; ++i) {
      auto next = CommonSuperType(common, type_of(i));
      if (!next || !next->is_orderable()) return UnexpectedParameters(name, arguments, location, name + "(E...)");
      common = *next;
    }
    FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), common, location));
    return MakeCall(name, common, std::move(arguments), location);
  }
  if (name == "from_unixtime" || name == "to_unixtime") {
    if (n != 1) return UnexpectedParameters(name, arguments, location, name + "(double)");
    if (name == "from_unixtime") {
      if (!numeric_or_null(0)) return UnexpectedParameters(name, arguments, location, "from_unixtime(double)");
      FLOE_ASSIGN_OR_RETURN(arguments, CoerceAll(std::move(arguments), SqlType::Of(SqlTypeKind::kDouble), location));
      SqlType result = SqlType::Timestamp(true);
      result.precision = 3;
      return MakeCall(name, result, std::move(arguments), location);
    }
    if (!IsTemporal(type_of(0))) return UnexpectedParameters(name, arguments, location, "to_unixtime(timestamp(p) with time zone)");
    return MakeCall(name, SqlType::Of(SqlTypeKind::kDouble), std::move(arguments), location);
  }
  if (IsAggregateFunction(name)) {
    return sql::SqlError(codes::kGenericUserError, location, "Aggregate function {} is not allowed here", name);
  }
  return sql::SqlError(codes::kFunctionNotFound, location, "Function '{}' not registered", name);
}

// --- Evaluation ---

namespace {

VectorPtr Flatten(const VectorPtr& vector) {
  if (vector->dictionary) return columnar::DecodeDictionary(*vector);
  return vector;
}


template <typename T>
Status IntegralArithmetic(const std::string& function, const BoundExpression& e, const Vector& a, const Vector& b,
                          const std::vector<uint32_t>& rows, VectorBuilder* out) {
  const T* x = a.Values<T>();
  const T* y = b.Values<T>();
  bool nulls = a.has_nulls() || b.has_nulls();
  std::string_view label = TypeLabel(e.type);
  for (uint32_t row : rows) {
    if (nulls && (a.IsNull(row) || b.IsNull(row))) continue;
    int64_t l = x[row], r = y[row], result = 0;
    bool overflow = false;
    if (function == "add") {
      overflow = __builtin_add_overflow(l, r, &result);
      if (overflow || !InRange(e.type, result)) return OutOfRange(e.location, fmt::format("{} addition overflow: {} + {}", label, l, r));
    } else if (function == "subtract") {
      overflow = __builtin_sub_overflow(l, r, &result);
      if (overflow || !InRange(e.type, result)) return OutOfRange(e.location, fmt::format("{} subtraction overflow: {} - {}", label, l, r));
    } else if (function == "multiply") {
      overflow = __builtin_mul_overflow(l, r, &result);
      if (overflow || !InRange(e.type, result)) return OutOfRange(e.location, fmt::format("{} multiplication overflow: {} * {}", label, l, r));
    } else if (function == "divide") {
      if (r == 0) return sql::SqlError(codes::kDivisionByZero, e.location, "Division by zero");
      if (r == -1 && ((std::is_same_v<T, int64_t> && l == INT64_MIN) || !InRange(e.type, -l))) {
        return OutOfRange(e.location, fmt::format("{} division overflow: {} / {}", label, l, r));
      }
      result = l / r;
    } else {  // modulus
      if (r == 0) return sql::SqlError(codes::kDivisionByZero, e.location, "Division by zero");
      result = r == -1 ? 0 : l % r;
    }
    out->Set<T>(row, static_cast<T>(result));
  }
  return Status::OK();
}

template <typename T>
void FloatingArithmetic(const std::string& function, const Vector& a, const Vector& b, const std::vector<uint32_t>& rows,
                        VectorBuilder* out) {
  const T* x = a.Values<T>();
  const T* y = b.Values<T>();
  bool nulls = a.has_nulls() || b.has_nulls();
  for (uint32_t row : rows) {
    if (nulls && (a.IsNull(row) || b.IsNull(row))) continue;
    T l = x[row], r = y[row], result;
    if (function == "add") result = l + r;
    else if (function == "subtract") result = l - r;
    else if (function == "multiply") result = l * r;
    else if (function == "divide") result = l / r;
    else result = std::fmod(l, r);
    out->Set<T>(row, result);
  }
}

template <typename T, typename Compare>
void CompareKernel(const Vector& a, const Vector& b, const std::vector<uint32_t>& rows, VectorBuilder* out, Compare compare) {
  const T* x = a.Values<T>();
  const T* y = b.Values<T>();
  bool nulls = a.has_nulls() || b.has_nulls();
  for (uint32_t row : rows) {
    if (nulls && (a.IsNull(row) || b.IsNull(row))) continue;
    out->Set<uint8_t>(row, compare(x[row], y[row]) ? 1 : 0);
  }
}

template <typename Compare>
void CompareStrings(const Vector& a, const Vector& b, const std::vector<uint32_t>& rows, VectorBuilder* out,
                    Compare compare) {
  bool nulls = a.has_nulls() || b.has_nulls();
  for (uint32_t row : rows) {
    if (nulls && (a.IsNull(row) || b.IsNull(row))) continue;
    int c = a.BytesAt(row).compare(b.BytesAt(row));
    out->Set<uint8_t>(row, compare(c, 0) ? 1 : 0);
  }
}

template <typename Compare>
void CompareDispatch(const Vector& a, const Vector& b, const std::vector<uint32_t>& rows, VectorBuilder* out,
                     Compare compare) {
  switch (a.type.id) {
    case TypeId::kBool: CompareKernel<uint8_t>(a, b, rows, out, compare); break;
    case TypeId::kInt32:
    case TypeId::kDate: CompareKernel<int32_t>(a, b, rows, out, compare); break;
    case TypeId::kInt64:
    case TypeId::kTime:
    case TypeId::kTimestamp: CompareKernel<int64_t>(a, b, rows, out, compare); break;
    case TypeId::kFloat: CompareKernel<float>(a, b, rows, out, compare); break;
    case TypeId::kDouble: CompareKernel<double>(a, b, rows, out, compare); break;
    case TypeId::kDecimal: CompareKernel<Int128>(a, b, rows, out, compare); break;
    default: CompareStrings(a, b, rows, out, compare); break;
  }
}

Result<Int128> DecimalArithmetic(const std::string& function, Int128 l, const SqlType& lt, Int128 r, const SqlType& rt,
                                 const BoundExpression& e) {
  Int128 result = 0;
  int32_t s = e.type.scale;
  auto overflow = [&]() { return OutOfRange(e.location, "Decimal overflow"); };
  if (function == "decimal_add" || function == "decimal_subtract") {
    Int128 a = l, b = r;
    if (__builtin_mul_overflow(a, PowerOfTen(s - lt.scale), &a) || __builtin_mul_overflow(b, PowerOfTen(s - rt.scale), &b)) return overflow();
    if (function == "decimal_add" ? __builtin_add_overflow(a, b, &result) : __builtin_sub_overflow(a, b, &result)) return overflow();
  } else if (function == "decimal_multiply") {
    if (__builtin_mul_overflow(l, r, &result)) return overflow();
  } else if (function == "decimal_divide") {
    if (r == 0) return sql::SqlError(codes::kDivisionByZero, e.location, "Division by zero");
    // result = l / r at scale s: l * 10^(s - ls + rs) / r, rounded half up.
    int32_t shift = s - lt.scale + rt.scale;
    Int128 numerator = l;
    if (shift > 38 || __builtin_mul_overflow(numerator, PowerOfTen(shift), &numerator)) return overflow();
    result = numerator / r;
    Int128 remainder = numerator % r;
    Int128 abs_remainder = remainder < 0 ? -remainder : remainder, abs_r = r < 0 ? -r : r;
    if (abs_remainder * 2 >= abs_r) result += ((numerator < 0) != (r < 0)) ? -1 : 1;
  } else {  // modulus
    if (r == 0) return sql::SqlError(codes::kDivisionByZero, e.location, "Division by zero");
    Int128 a = l, b = r;
    if (__builtin_mul_overflow(a, PowerOfTen(s - lt.scale), &a) || __builtin_mul_overflow(b, PowerOfTen(s - rt.scale), &b)) return overflow();
    result = a % b;
  }
  Int128 limit = PowerOfTen(e.type.precision);
  if (result >= limit || result <= -limit) return overflow();
  return result;
}

// One side of a decimal kernel: an Int128 vector, or a constant broadcast
// to every row (price * (1 - discount) builds no vector for the `1`).
struct DecimalOperand {
  const Vector* vector = nullptr;  // null: `constant`
  Int128 constant = 0;
  Int128 at(uint32_t row) const { return vector ? vector->Values<Int128>()[row] : constant; }
  bool null(uint32_t row) const { return vector && vector->IsNull(row); }
  bool has_nulls() const { return vector && vector->has_nulls(); }
};

// DecimalArithmetic over two operands for `rows` (NULL in, NULL out), the
// operation and rescaling factors resolved once: the hot path of
// expressions such as price * (1 - discount). Division and modulus go
// through DecimalArithmetic per row. Without NULL inputs the result has no
// validity bitmap.
Result<VectorPtr> DecimalArithmeticVector(const BoundExpression& e, const DecimalOperand& left,
                                          const DecimalOperand& right, const std::vector<uint32_t>& rows, int64_t length) {
  const std::string& f = e.function;
  const SqlType& lt = e.children[0]->type;
  const SqlType& rt = e.children[1]->type;
  bool nulls = left.has_nulls() || right.has_nulls();
  auto vector = Vector::Make(ColumnarTypeOf(e.type));
  vector->length = length;
  if (rows.size() == static_cast<size_t>(length)) {
    vector->values.Resize(static_cast<size_t>(length) * sizeof(Int128));
  } else {
    vector->values.ResizeZeroed(static_cast<size_t>(length) * sizeof(Int128));
  }
  if (nulls) vector->validity.ResizeZeroed(static_cast<size_t>(columnar::BitmapBytes(length)));
  Int128* out = reinterpret_cast<Int128*>(vector->values.data());
  uint8_t* valid = vector->validity.data();
  auto finish = [&]() -> Result<VectorPtr> {
    if (nulls) {
      vector->RecountNulls();
    } else {
      vector->null_count = 0;
    }
    return vector;
  };
  Int128 limit = PowerOfTen(e.type.precision);
  auto overflow = [&]() { return OutOfRange(e.location, "Decimal overflow"); };
  if (f == "decimal_add" || f == "decimal_subtract") {
    bool add = f == "decimal_add";
    Int128 fa = PowerOfTen(e.type.scale - lt.scale), fb = PowerOfTen(e.type.scale - rt.scale);
    for (uint32_t row : rows) {
      if (nulls && (left.null(row) || right.null(row))) continue;
      Int128 a = left.at(row), b = right.at(row);
      Int128 x = a, y = b, result;
      if ((fa != 1 && __builtin_mul_overflow(a, fa, &x)) || (fb != 1 && __builtin_mul_overflow(b, fb, &y))) {
        return overflow();
      }
      if (add ? __builtin_add_overflow(x, y, &result) : __builtin_sub_overflow(x, y, &result)) return overflow();
      if (result >= limit || result <= -limit) return overflow();
      out[row] = result;
      if (nulls) columnar::SetBit(valid, row);
    }
    return finish();
  }
  if (f == "decimal_multiply") {
    for (uint32_t row : rows) {
      if (nulls && (left.null(row) || right.null(row))) continue;
      Int128 a = left.at(row), b = right.at(row);
      Int128 result;
      int64_t x = static_cast<int64_t>(a), y = static_cast<int64_t>(b);
      if (x == a && y == b) {
        result = static_cast<Int128>(x) * y;  // cannot overflow 128 bits
      } else if (__builtin_mul_overflow(a, b, &result)) {
        return overflow();
      }
      if (result >= limit || result <= -limit) return overflow();
      out[row] = result;
      if (nulls) columnar::SetBit(valid, row);
    }
    return finish();
  }
  for (uint32_t row : rows) {
    if (nulls && (left.null(row) || right.null(row))) continue;
    FLOE_ASSIGN_OR_RETURN(out[row], DecimalArithmetic(f, left.at(row), lt, right.at(row), rt, e));
    if (nulls) columnar::SetBit(valid, row);
  }
  return finish();
}

// Unicode case mapping by code point (C.UTF-8's tables), as Trino's upper/lower.
std::string ChangeCase(std::string_view text, bool upper) {
  static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(0));
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(upper ? (c >= 'a' && c <= 'z' ? c - 32 : c) : (c >= 'A' && c <= 'Z' ? c + 32 : c)));
      ++i;
      continue;
    }
    size_t length = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + length > text.size() || !utf8) {
      out.append(text.substr(i));
      break;
    }
    char32_t point = length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < length; ++k) point = (point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    char32_t mapped = static_cast<char32_t>(upper ? towupper_l(static_cast<wint_t>(point), utf8)
                                                  : towlower_l(static_cast<wint_t>(point), utf8));
    if (mapped < 0x80) {
      out.push_back(static_cast<char>(mapped));
    } else if (mapped < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (mapped >> 6)));
      out.push_back(static_cast<char>(0x80 | (mapped & 0x3F)));
    } else if (mapped < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (mapped >> 12)));
      out.push_back(static_cast<char>(0x80 | ((mapped >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (mapped & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (mapped >> 18)));
      out.push_back(static_cast<char>(0x80 | ((mapped >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((mapped >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (mapped & 0x3F)));
    }
    i += length;
  }
  return out;
}

std::u32string CodePoints(std::string_view text) {
  std::u32string out;
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    char32_t point = length == 1 ? c : length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < length && i + k < text.size(); ++k) point = (point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(point);
    i += length;
  }
  return out;
}

// SQL LIKE: % any run, _ one code point, `escape` makes the next character literal.
Result<bool> LikeMatch(const std::u32string& value, const std::u32string& pattern, std::optional<char32_t> escape,
                       sql::NodeLocation location) {
  // Compile into tokens: 0 = literal, 1 = any one, 2 = any run.
  std::vector<std::pair<int, char32_t>> tokens;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char32_t c = pattern[i];
    if (escape && c == *escape) {
      if (i + 1 >= pattern.size() || (pattern[i + 1] != U'%' && pattern[i + 1] != U'_' && pattern[i + 1] != *escape)) {
        return sql::SqlError(codes::kInvalidFunctionArgument, location,
                             "Escape character must be followed by '%', '_' or the escape character itself");
      }
      tokens.emplace_back(0, pattern[++i]);
    } else if (c == U'%') {
      tokens.emplace_back(2, 0);
    } else if (c == U'_') {
      tokens.emplace_back(1, 0);
    } else {
      tokens.emplace_back(0, c);
    }
  }
  size_t v = 0, t = 0, star_token = std::string::npos, star_value = 0;
  while (v < value.size()) {
    if (t < tokens.size() && tokens[t].first != 2 && (tokens[t].first == 1 || tokens[t].second == value[v])) {
      ++v;
      ++t;
    } else if (t < tokens.size() && tokens[t].first == 2) {
      star_token = t++;
      star_value = v;
    } else if (star_token != std::string::npos) {
      t = star_token + 1;
      v = ++star_value;
    } else {
      return false;
    }
  }
  while (t < tokens.size() && tokens[t].first == 2) ++t;
  return t == tokens.size();
}

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

// Scalar functions evaluated value by value (NULL in, NULL out).
Result<Value> ApplyScalar(const BoundExpression& e, const std::vector<Value>& args) {
  const std::string& f = e.function;
  if (IsDateTimeCall(f)) return ApplyDateTimeCall(e, args);
  auto arg_type = [&](size_t i) -> const SqlType& { return e.children[i]->type; };
  if (f == "negate") {
    if (e.type.kind == SqlTypeKind::kDouble || e.type.kind == SqlTypeKind::kReal) return Value::Double(-args[0].real());
    if (e.type.kind == SqlTypeKind::kDecimal) return Value::Decimal(-args[0].decimal());
    int64_t v = args[0].integer();
    if (v == INT64_MIN || !InRange(e.type, -v)) {
      return OutOfRange(e.location, fmt::format("{} negation overflow: {}", TypeLabel(e.type), v));
    }
    return Value::Integer(-v);
  }
  if (f.starts_with("decimal_")) {
    FLOE_ASSIGN_OR_RETURN(Int128 result, DecimalArithmetic(f, args[0].decimal(), arg_type(0), args[1].decimal(), arg_type(1), e));
    return Value::Decimal(result);
  }
  if (f == "abs") {
    if (e.type.kind == SqlTypeKind::kDouble || e.type.kind == SqlTypeKind::kReal) return Value::Double(std::fabs(args[0].real()));
    if (e.type.kind == SqlTypeKind::kDecimal) return Value::Decimal(args[0].decimal() < 0 ? -args[0].decimal() : args[0].decimal());
    int64_t v = args[0].integer();
    if (v < 0 && (v == INT64_MIN || !InRange(e.type, -v))) {
      return OutOfRange(e.location, fmt::format("Value -{} is out of range for abs({})", -(v + 1) + 1, TypeLabel(e.type)));
    }
    return Value::Integer(v < 0 ? -v : v);
  }
  if (f == "sign") {
    if (arg_type(0).kind == SqlTypeKind::kDouble || arg_type(0).kind == SqlTypeKind::kReal) {
      double v = args[0].real();
      return Value::Double(std::isnan(v) ? v : v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0);
    }
    if (arg_type(0).kind == SqlTypeKind::kDecimal) return Value::Decimal(args[0].decimal() > 0 ? 1 : args[0].decimal() < 0 ? -1 : 0);
    return Value::Integer(args[0].integer() > 0 ? 1 : args[0].integer() < 0 ? -1 : 0);
  }
  if (f == "ceil" || f == "floor" || f == "round" || f == "truncate") {
    const SqlType& t = arg_type(0);
    int64_t digits = args.size() > 1 ? args[1].integer() : 0;
    if (t.kind == SqlTypeKind::kDouble || t.kind == SqlTypeKind::kReal) {
      double v = args[0].real();
      if (f == "ceil") return Value::Double(std::ceil(v));
      if (f == "floor") return Value::Double(std::floor(v));
      double factor = std::pow(10.0, static_cast<double>(digits));
      if (f == "truncate") return Value::Double(std::trunc(v * factor) / factor);
      if (std::isnan(v) || std::isinf(v)) return Value::Double(v);
      double rounded = std::round(v * factor) / factor;  // half away from zero, as Trino
      return Value::Double(rounded);
    }
    if (t.is_integral()) {
      int64_t v = args[0].integer();
      if (f == "round" && digits < 0) {
        int64_t factor = 1;
        for (int64_t i = 0; i < -digits && i < 19; ++i) factor *= 10;
        int64_t rem = v % factor;
        int64_t base = v - rem;
        if (rem * 2 >= factor) base += factor;
        if (-rem * 2 >= factor) base -= factor;
        return Value::Integer(base);
      }
      return Value::Integer(v);
    }
    // decimal
    Int128 v = args[0].decimal();
    int32_t scale = t.scale;
    int32_t keep = static_cast<int32_t>(std::clamp<int64_t>(digits, -38, scale));
    if (f == "round" && args.size() > 1 && keep >= scale) return Value::Decimal(v);
    Int128 divisor = PowerOfTen(scale - keep);
    Int128 q = v / divisor, rem = v % divisor;
    if (f == "ceil" && rem > 0) q += 1;
    if (f == "floor" && rem < 0) q -= 1;
    if (f == "round" && (rem < 0 ? -rem : rem) * 2 >= divisor) q += v < 0 ? -1 : 1;
    if (e.type.scale == 0 && keep == 0) return Value::Decimal(q);
    return Value::Decimal(q * PowerOfTen(scale - keep) / PowerOfTen(scale - e.type.scale));
  }
  if (f == "sqrt") return Value::Double(std::sqrt(args[0].real()));
  if (f == "cbrt") return Value::Double(std::cbrt(args[0].real()));
  if (f == "ln") return Value::Double(std::log(args[0].real()));
  if (f == "log10") return Value::Double(std::log10(args[0].real()));
  if (f == "log2") return Value::Double(std::log2(args[0].real()));
  if (f == "exp") return Value::Double(std::exp(args[0].real()));
  if (f == "power") return Value::Double(std::pow(args[0].real(), args[1].real()));
  if (f == "sin") return Value::Double(std::sin(args[0].real()));
  if (f == "cos") return Value::Double(std::cos(args[0].real()));
  if (f == "tan") return Value::Double(std::tan(args[0].real()));
  if (f == "atan2") return Value::Double(std::atan2(args[0].real(), args[1].real()));
  if (f == "degrees") return Value::Double(args[0].real() * 180.0 / M_PI);
  if (f == "radians") return Value::Double(args[0].real() * M_PI / 180.0);
  if (f == "is_nan") return Value::Boolean(std::isnan(args[0].real()));
  if (f == "is_finite") return Value::Boolean(std::isfinite(args[0].real()));
  if (f == "is_infinite") return Value::Boolean(std::isinf(args[0].real()));
  if (f == "lower" || f == "upper") return Value::String(ChangeCase(args[0].string(), f == "upper"));
  if (f == "to_hex") {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(args[0].string().size() * 2);
    for (unsigned char c : args[0].string()) {
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
    return Value::String(std::move(out));
  }
  if (f == "from_hex") {
    const std::string& text = args[0].string();
    auto digit = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (text.size() % 2 != 0) {
      return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "invalid input length {}", text.size());
    }
    std::string out;
    out.reserve(text.size() / 2);
    for (size_t i = 0; i < text.size(); i += 2) {
      int high = digit(text[i]), low = digit(text[i + 1]);
      if (high < 0 || low < 0) {
        return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "invalid hex character: {}",
                             high < 0 ? text[i] : text[i + 1]);
      }
      out.push_back(static_cast<char>((high << 4) | low));
    }
    return Value::String(std::move(out));
  }
  if (f == "to_utf8") return args[0];  // varchar bytes are UTF-8
  if (f == "from_utf8") {
    // Invalid UTF-8 sequences become U+FFFD, as Trino's from_utf8(binary).
    const std::string& bytes = args[0].string();
    std::string out;
    out.reserve(bytes.size());
    for (size_t i = 0; i < bytes.size();) {
      unsigned char c = static_cast<unsigned char>(bytes[i]);
      size_t length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
      bool valid = length > 0 && i + length <= bytes.size();
      for (size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
      if (valid && length > 1) {
        // Overlong forms, surrogates and code points past U+10FFFF are invalid too.
        uint32_t point = length == 2 ? (c & 0x1F) : length == 3 ? (c & 0x0F) : (c & 0x07);
        for (size_t k = 1; k < length; ++k) point = (point << 6) | (static_cast<unsigned char>(bytes[i + k]) & 0x3F);
        uint32_t minimum = length == 2 ? 0x80 : length == 3 ? 0x800 : 0x10000;
        valid = point >= minimum && point <= 0x10FFFF && !(point >= 0xD800 && point <= 0xDFFF);
      }
      if (valid) {
        out.append(bytes, i, length);
        i += length;
      } else {
        out += "\xEF\xBF\xBD";
        ++i;
      }
    }
    return Value::String(std::move(out));
  }
  if (f == "trim" || f == "ltrim" || f == "rtrim") {
    std::string_view s = args[0].string();
    if (f != "rtrim") while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    if (f != "ltrim") while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return Value::String(std::string(s));
  }
  if (f == "reverse") {
    // By code point.
    const std::string& s = args[0].string();
    std::vector<std::string_view> points;
    for (size_t i = 0; i < s.size();) {
      size_t j = i + 1;
      while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
      points.emplace_back(s.data() + i, j - i);
      i = j;
    }
    std::string out;
    for (size_t i = points.size(); i-- > 0;) out += points[i];
    return Value::String(std::move(out));
  }
  if (f == "length") {
    int64_t count = 0;
    for (unsigned char c : args[0].string()) count += (c & 0xC0) != 0x80;
    return Value::Integer(count);
  }
  if (f == "length_binary") return Value::Integer(static_cast<int64_t>(args[0].string().size()));
  if (f == "substr") {
    const std::string& s = args[0].string();
    std::vector<size_t> starts;  // byte offset of each code point
    for (size_t i = 0; i < s.size(); ++i) {
      if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
    }
    int64_t length = static_cast<int64_t>(starts.size());
    int64_t start = args[1].integer();
    if (start == 0) return Value::String("");
    if (start < 0) start = length + start + 1;
    if (start < 1 || start > length) return Value::String("");
    int64_t count = args.size() > 2 ? args[2].integer() : length;
    if (count <= 0) return Value::String("");
    int64_t end = std::min(length, start - 1 + count);
    size_t begin_byte = starts[start - 1];
    size_t end_byte = end >= length ? s.size() : starts[end];
    return Value::String(s.substr(begin_byte, end_byte - begin_byte));
  }
  if (f == "concat") {
    std::string out;
    for (const Value& v : args) out += v.string();
    return Value::String(std::move(out));
  }
  if (f == "replace") {
    std::string s = args[0].string();
    const std::string& from = args[1].string();
    std::string to = args.size() > 2 ? args[2].string() : "";
    if (from.empty()) {
      // Trino inserts `to` between code points.
      std::string out = to;
      for (size_t i = 0; i < s.size(); ++i) {
        out += s[i];
        if (i + 1 == s.size() || (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80) out += to;
      }
      return Value::String(out);
    }
    std::string out;
    size_t pos = 0;
    while (true) {
      size_t found = s.find(from, pos);
      if (found == std::string::npos) break;
      out += s.substr(pos, found - pos) + to;
      pos = found + from.size();
    }
    out += s.substr(pos);
    return Value::String(std::move(out));
  }
  if (f == "strpos") {
    const std::string& s = args[0].string();
    size_t found = s.find(args[1].string());
    if (found == std::string::npos) return Value::Integer(0);
    int64_t position = 1;
    for (size_t i = 0; i < found; ++i) position += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
    return Value::Integer(position);
  }
  if (f == "starts_with") return Value::Boolean(args[0].string().starts_with(args[1].string()));
  if (f == "lpad" || f == "rpad") {
    const std::string& s = args[0].string();
    int64_t size = args[1].integer();
    const std::string& pad = args[2].string();
    if (size < 0 || size > (int64_t{1} << 30)) {
      return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "Target length must be in the range [0..{}]", int64_t{1} << 30);
    }
    if (pad.empty()) return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "Padding string must not be empty");
    int64_t length = 0;
    for (unsigned char c : s) length += (c & 0xC0) != 0x80;
    if (length >= size) {
      // Trino truncates to the target length (in code points).
      size_t count = 0, i = 0;
      for (; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
          if (count == static_cast<size_t>(size)) break;
          ++count;
        }
      }
      return Value::String(s.substr(0, i));
    }
    std::string fill;
    int64_t needed = size - length;
    while (needed > 0) {
      for (size_t i = 0; i < pad.size() && needed > 0; ++i) {
        fill += pad[i];
        if (i + 1 == pad.size() || (static_cast<unsigned char>(pad[i + 1]) & 0xC0) != 0x80) --needed;
      }
    }
    return Value::String(f == "lpad" ? fill + s : s + fill);
  }
  if (f == "split_part") {
    const std::string& s = args[0].string();
    const std::string& delimiter = args[1].string();
    int64_t index = args[2].integer();
    if (index < 1) return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "Index must be greater than zero");
    if (delimiter.empty()) return index == 1 ? Value::String(s) : Value::Null();
    size_t pos = 0;
    for (int64_t i = 1;; ++i) {
      size_t found = s.find(delimiter, pos);
      if (i == index) return Value::String(s.substr(pos, found == std::string::npos ? std::string::npos : found - pos));
      if (found == std::string::npos) return Value::Null();
      pos = found + delimiter.size();
    }
  }
  if (f == "nullif") {
    if (!args[1].is_null() && !args[2].is_null() && CompareValues(args[1], args[2]) == 0) return Value::Null();
    return args[0];
  }
  if (f == "greatest" || f == "least") {
    Value best = args[0];
    for (size_t i = 1; i < args.size(); ++i) {
      auto c = CompareValues(args[i], best);
      if (f == "greatest" ? c > 0 : c < 0) best = args[i];
    }
    return best;
  }
  if (f.starts_with("extract_")) {
    std::string_view field = std::string_view(f).substr(8);
    const SqlType& t = arg_type(0);
    int64_t micros = t.kind == SqlTypeKind::kDate ? args[0].integer() * 86400000000LL : args[0].integer();
    int64_t days = FloorDiv(micros, 86400000000LL);
    int64_t in_day = micros - days * 86400000000LL;
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    if (field == "year") return Value::Integer(y);
    if (field == "month") return Value::Integer(m);
    if (field == "day") return Value::Integer(d);
    if (field == "quarter") return Value::Integer((m - 1) / 3 + 1);
    if (field == "day_of_week") return Value::Integer(((days % 7) + 7 + 3) % 7 + 1);  // 1970-01-01 was a Thursday
    if (field == "day_of_year") return Value::Integer(days - DaysFromCivil(y, 1, 1) + 1);
    if (field == "hour") return Value::Integer(in_day / 3600000000LL);
    if (field == "minute") return Value::Integer(in_day / 60000000LL % 60);
    if (field == "second") return Value::Integer(in_day / 1000000 % 60);
    if (field == "millisecond") return Value::Integer(in_day / 1000 % 1000);
    if (field == "week" || field == "year_of_week") {
      int64_t weekday = ((days % 7) + 7 + 3) % 7;  // 0 = Monday
      int64_t thursday = days - weekday + 3;
      int64_t ty;
      unsigned tm, td;
      CivilFromDays(thursday, &ty, &tm, &td);
      if (field == "year_of_week") return Value::Integer(ty);
      return Value::Integer((thursday - DaysFromCivil(ty, 1, 1)) / 7 + 1);
    }
  }
  if (f == "date_trunc") {
    std::string unit = args[0].string();
    for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const SqlType& t = arg_type(1);
    bool is_date = t.kind == SqlTypeKind::kDate;
    int64_t micros = is_date ? args[1].integer() * 86400000000LL : args[1].integer();
    int64_t days = FloorDiv(micros, 86400000000LL);
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    int64_t result;
    if (unit == "year") result = DaysFromCivil(y, 1, 1) * 86400000000LL;
    else if (unit == "quarter") result = DaysFromCivil(y, (m - 1) / 3 * 3 + 1, 1) * 86400000000LL;
    else if (unit == "month") result = DaysFromCivil(y, m, 1) * 86400000000LL;
    else if (unit == "week") result = (days - (((days % 7) + 7 + 3) % 7)) * 86400000000LL;
    else if (unit == "day") result = days * 86400000000LL;
    else if (!is_date && unit == "hour") result = FloorDiv(micros, 3600000000LL) * 3600000000LL;
    else if (!is_date && unit == "minute") result = FloorDiv(micros, 60000000LL) * 60000000LL;
    else if (!is_date && unit == "second") result = FloorDiv(micros, 1000000LL) * 1000000LL;
    else if (!is_date && unit == "millisecond") result = FloorDiv(micros, 1000LL) * 1000LL;
    else return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "'{}' is not a valid {} field", args[0].string(), is_date ? "DATE" : "TIMESTAMP");
    return Value::Integer(is_date ? result / 86400000000LL : result);
  }
  if (f == "from_unixtime") {
    double seconds = args[0].real();
    return Value::Integer(static_cast<int64_t>(std::llround(seconds * 1000)) * 1000);
  }
  if (f == "to_unixtime") {
    const SqlType& t = arg_type(0);
    int64_t micros = t.kind == SqlTypeKind::kDate ? args[0].integer() * 86400000000LL : args[0].integer();
    return Value::Double(static_cast<double>(micros) / 1e6);
  }
  return sql::SqlError(codes::kGenericInternalError, e.location, "function {} has no implementation", f);
}

Result<std::shared_ptr<Vector>> EvaluateNode(const BoundExpression& e, const Batch& batch,
                                             const std::vector<uint32_t>& rows, const EvaluationContext& context);

}  // namespace

Result<std::shared_ptr<Vector>> Evaluate(const BoundExpression& e, const Batch& batch, const std::vector<uint32_t>& rows,
                                         const EvaluationContext& context) {
  auto result = EvaluateNode(e, batch, rows, context);
  if (result.ok()) return result;
  // Errors raised while running carry no position, as Trino's do.
  const Status& status = result.status();
  auto error = sql::DescribeError(status);
  if (!error.location) return status;
  size_t prefix = status.message().find(": ");
  return Status(status.kind(), status.message().substr(prefix + 2)).WithCode(status.code());
}

namespace {

// A comparison of fixed-width columns and constants: vectorized, never an error.
bool IsCheapComparison(const BoundExpression& e) {
  if (e.kind != BoundKind::kCall) return false;
  const std::string& f = e.function;
  if (f != "equal" && f != "not_equal" && f != "less_than" && f != "less_than_or_equal" && f != "greater_than" &&
      f != "greater_than_or_equal") {
    return false;
  }
  for (const auto& child : e.children) {
    if (child->kind != BoundKind::kColumn && child->kind != BoundKind::kConstant) return false;
    switch (child->type.kind) {
      case SqlTypeKind::kBoolean:
      case SqlTypeKind::kTinyint:
      case SqlTypeKind::kSmallint:
      case SqlTypeKind::kInteger:
      case SqlTypeKind::kBigint:
      case SqlTypeKind::kReal:
      case SqlTypeKind::kDouble:
      case SqlTypeKind::kDate: break;
      default: return false;
    }
  }
  return true;
}

Result<std::shared_ptr<Vector>> EvaluateNode(const BoundExpression& e, const Batch& batch, const std::vector<uint32_t>& rows,
                                             const EvaluationContext& context) {
  int64_t length = batch.num_rows;
  switch (e.kind) {
    case BoundKind::kColumn: return Flatten(batch.columns[e.column]);
    case BoundKind::kConstant: return ConstantVector(e.type, e.constant, length);
    case BoundKind::kCast: {
      FLOE_ASSIGN_OR_RETURN(auto input, EvaluateNode(*e.children[0], batch, rows, context));
      const SqlType& from = e.children[0]->type;
      VectorBuilder out(e.type, length);
      for (uint32_t row : rows) {
        Value v = ReadValue(*input, row, from);
        if (v.is_null()) continue;
        auto cast = CastValue(v, from, e.type, e.location);
        if (!cast.ok()) {
          if (e.try_cast) continue;
          return cast.status();
        }
        out.SetValue(row, *cast);
      }
      return out.Finish();
    }
    case BoundKind::kNot: {
      FLOE_ASSIGN_OR_RETURN(auto input, EvaluateNode(*e.children[0], batch, rows, context));
      VectorBuilder out(e.type, length);
      const uint8_t* v = input->Values<uint8_t>();
      for (uint32_t row : rows) {
        if (input->IsValid(row)) out.Set<uint8_t>(row, v[row] ? 0 : 1);
      }
      return out.Finish();
    }
    case BoundKind::kIsNull: {
      FLOE_ASSIGN_OR_RETURN(auto input, EvaluateNode(*e.children[0], batch, rows, context));
      VectorBuilder out(e.type, length);
      for (uint32_t row : rows) out.Set<uint8_t>(row, input->IsNull(row) != e.negated ? 1 : 0);
      return out.Finish();
    }
    case BoundKind::kAnd:
    case BoundKind::kOr: {
      // Three-valued logic; later operands are evaluated only on rows whose
      // result is still open (AND: not false so far; OR: not true so far).
      bool is_and = e.kind == BoundKind::kAnd;
      std::vector<int8_t> state(static_cast<size_t>(length), is_and ? 1 : 0);  // 1 true, 0 false, -1 null
      std::vector<uint32_t> open = rows;
      // Cheap comparisons that cannot fail first, the others in their order:
      // later operands then see fewer rows, and none sees more than it would
      // in the written order (so no new errors).
      std::vector<const BoundExpression*> order;
      for (const auto& child : e.children) {
        if (IsCheapComparison(*child)) order.push_back(child.get());
      }
      for (const auto& child : e.children) {
        if (!IsCheapComparison(*child)) order.push_back(child.get());
      }
      for (const BoundExpression* child : order) {
        if (open.empty()) break;
        FLOE_ASSIGN_OR_RETURN(auto input, EvaluateNode(*child, batch, open, context));
        const uint8_t* v = input->Values<uint8_t>();
        std::vector<uint32_t> still_open;
        still_open.reserve(open.size());
        for (uint32_t row : open) {
          if (input->IsNull(row)) {
            state[row] = -1;
            still_open.push_back(row);
          } else if ((v[row] != 0) == is_and) {
            still_open.push_back(row);  // true for AND / false for OR: keeps the current state
          } else {
            state[row] = is_and ? 0 : 1;  // decided
          }
        }
        open = std::move(still_open);
      }
      VectorBuilder out(e.type, length);
      for (uint32_t row : rows) {
        if (state[row] >= 0) out.Set<uint8_t>(row, static_cast<uint8_t>(state[row]));
      }
      return out.Finish();
    }
    case BoundKind::kCase: {
      // children: (when, then)* [else]
      size_t pairs = (e.children.size() - (e.has_else ? 1 : 0)) / 2;
      std::vector<int32_t> branch(static_cast<size_t>(length), -1);
      std::vector<uint32_t> open = rows;
      std::vector<std::vector<uint32_t>> branch_rows(pairs + 1);
      for (size_t i = 0; i < pairs && !open.empty(); ++i) {
        FLOE_ASSIGN_OR_RETURN(auto condition, EvaluateNode(*e.children[2 * i], batch, open, context));
        const uint8_t* v = condition->Values<uint8_t>();
        std::vector<uint32_t> still_open;
        for (uint32_t row : open) {
          if (condition->IsValid(row) && v[row]) {
            branch_rows[i].push_back(row);
          } else {
            still_open.push_back(row);
          }
        }
        open = std::move(still_open);
      }
      branch_rows[pairs] = std::move(open);
      std::vector<std::pair<std::shared_ptr<Vector>, const std::vector<uint32_t>*>> results;
      for (size_t i = 0; i <= pairs; ++i) {
        if (branch_rows[i].empty()) continue;
        if (i == pairs && !e.has_else) continue;
        const BoundExpression& value = i == pairs ? *e.children.back() : *e.children[2 * i + 1];
        FLOE_ASSIGN_OR_RETURN(auto vector, EvaluateNode(value, batch, branch_rows[i], context));
        for (uint32_t row : branch_rows[i]) branch[row] = static_cast<int32_t>(results.size());
        results.emplace_back(std::move(vector), &branch_rows[i]);
      }
      VectorBuilder out(e.type, length);
      for (uint32_t row : rows) {
        if (branch[row] < 0) continue;
        out.SetValue(row, ReadValue(*results[branch[row]].first, row, e.type));
      }
      return out.Finish();
    }
    case BoundKind::kCoalesce: {
      std::vector<uint32_t> open = rows;
      VectorBuilder out(e.type, length);
      std::vector<std::shared_ptr<Vector>> inputs(e.children.size());
      std::vector<int32_t> source(static_cast<size_t>(length), -1);
      for (size_t i = 0; i < e.children.size() && !open.empty(); ++i) {
        FLOE_ASSIGN_OR_RETURN(inputs[i], EvaluateNode(*e.children[i], batch, open, context));
        std::vector<uint32_t> still_open;
        for (uint32_t row : open) {
          if (inputs[i]->IsValid(row)) {
            source[row] = static_cast<int32_t>(i);
          } else {
            still_open.push_back(row);
          }
        }
        open = std::move(still_open);
      }
      for (uint32_t row : rows) {
        if (source[row] >= 0) out.SetValue(row, ReadValue(*inputs[source[row]], row, e.type));
      }
      return out.Finish();
    }
    case BoundKind::kInList: {
      FLOE_ASSIGN_OR_RETURN(auto value, EvaluateNode(*e.children[0], batch, rows, context));
      const SqlType& type = e.children[0]->type;
      if (e.in_set) {
        VectorBuilder out(e.type, length);
        std::string key;
        for (uint32_t row : rows) {
          Value v = ReadValue(*value, row, type);
          if (v.is_null()) continue;
          key.clear();
          AppendValueKey(&key, v);
          if (e.in_set->count(key)) {
            out.Set<uint8_t>(row, e.negated ? 0 : 1);
          } else if (!e.in_set_has_null) {
            out.Set<uint8_t>(row, e.negated ? 1 : 0);
          }
        }
        return out.Finish();
      }
      std::vector<std::shared_ptr<Vector>> items;
      for (size_t i = 1; i < e.children.size(); ++i) {
        FLOE_ASSIGN_OR_RETURN(auto item, EvaluateNode(*e.children[i], batch, rows, context));
        items.push_back(std::move(item));
      }
      VectorBuilder out(e.type, length);
      for (uint32_t row : rows) {
        Value v = ReadValue(*value, row, type);
        if (v.is_null()) continue;
        bool found = false, saw_null = false;
        for (const auto& item : items) {
          Value candidate = ReadValue(*item, row, type);
          if (candidate.is_null()) {
            saw_null = true;
          } else if (CompareValues(v, candidate) == 0) {
            found = true;
            break;
          }
        }
        if (found) {
          out.Set<uint8_t>(row, e.negated ? 0 : 1);
        } else if (!saw_null) {
          out.Set<uint8_t>(row, e.negated ? 1 : 0);
        }
      }
      return out.Finish();
    }
    case BoundKind::kCall: break;
  }
  if (e.function == "$subquery_multiple_rows") {
    // A decorrelated scalar subquery (subquery_planner.h) with several rows for an active row.
    if (!rows.empty()) return sql::SqlErrorNoLocation(codes::kSubqueryMultipleRows, "Scalar sub-query has returned multiple rows");
    return ConstantVector(e.type, Value::Null(), length);
  }
  const std::string& f = e.function;
  if (f.starts_with("decimal_") && e.children.size() == 2 && e.children[0]->type.kind == SqlTypeKind::kDecimal &&
      e.children[1]->type.kind == SqlTypeKind::kDecimal) {
    // Decimal arithmetic: constants stay scalars, vectors are read in place.
    DecimalOperand operands[2];
    std::shared_ptr<Vector> evaluated[2];
    bool vectorizable = true;
    for (int side = 0; side < 2; ++side) {
      const BoundExpression& child = *e.children[side];
      if (child.is_constant()) {
        if (child.constant.is_null()) return ConstantVector(e.type, Value::Null(), length);
        if (!std::holds_alternative<Int128>(child.constant.data)) {
          vectorizable = false;
          break;
        }
        operands[side].constant = child.constant.decimal();
        continue;
      }
      FLOE_ASSIGN_OR_RETURN(evaluated[side], EvaluateNode(child, batch, rows, context));
      vectorizable = vectorizable && evaluated[side]->type.id == TypeId::kDecimal && !evaluated[side]->dictionary;
      operands[side].vector = evaluated[side].get();
    }
    if (vectorizable) return DecimalArithmeticVector(e, operands[0], operands[1], rows, length);
  }
  // Function calls.
  std::vector<std::shared_ptr<Vector>> inputs;
  for (const auto& child : e.children) {
    FLOE_ASSIGN_OR_RETURN(auto input, EvaluateNode(*child, batch, rows, context));
    inputs.push_back(std::move(input));
  }
  VectorBuilder out(e.type, length);
  if (IsNestedFunction(f) || IsNestedComparison(e)) {
    FLOE_RETURN_IF_ERROR(EvaluateNestedFunction(e, inputs, rows, &out));
    return out.Finish();
  }
  if ((f == "add" || f == "subtract" || f == "multiply" || f == "divide" || f == "modulus") && inputs.size() == 2) {
    switch (inputs[0]->type.id) {
      case TypeId::kInt32: FLOE_RETURN_IF_ERROR(IntegralArithmetic<int32_t>(f, e, *inputs[0], *inputs[1], rows, &out)); break;
      case TypeId::kInt64: FLOE_RETURN_IF_ERROR(IntegralArithmetic<int64_t>(f, e, *inputs[0], *inputs[1], rows, &out)); break;
      case TypeId::kFloat: FloatingArithmetic<float>(f, *inputs[0], *inputs[1], rows, &out); break;
      case TypeId::kDouble: FloatingArithmetic<double>(f, *inputs[0], *inputs[1], rows, &out); break;
      default: return sql::SqlError(codes::kGenericInternalError, e.location, "bad arithmetic operand");
    }
    return out.Finish();
  }
  if (f == "is_distinct_from") {
    const SqlType& type = e.children[0]->type;
    for (uint32_t row : rows) {
      Value a = ReadValue(*inputs[0], row, type), b = ReadValue(*inputs[1], row, type);
      bool distinct = a.is_null() != b.is_null() || (!a.is_null() && CompareValues(a, b) != 0);
      out.Set<uint8_t>(row, distinct != e.negated ? 1 : 0);
    }
    return out.Finish();
  }
  if (f == "like") {
    for (uint32_t row : rows) {
      if (inputs[0]->IsNull(row) || inputs[1]->IsNull(row)) continue;
      std::optional<std::u32string> escape;
      if (inputs.size() > 2) {
        if (inputs[2]->IsNull(row)) continue;
        escape = CodePoints(inputs[2]->BytesAt(row));
        if (escape->size() != 1) {
          return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "Escape string must be a single character");
        }
      }
      FLOE_ASSIGN_OR_RETURN(bool matched, LikeMatch(CodePoints(inputs[0]->BytesAt(row)), CodePoints(inputs[1]->BytesAt(row)),
                                                     escape ? std::optional<char32_t>((*escape)[0]) : std::nullopt, e.location));
      out.Set<uint8_t>(row, matched != e.negated ? 1 : 0);
    }
    return out.Finish();
  }
  if (f == "equal") { CompareDispatch(*inputs[0], *inputs[1], rows, &out, [](auto a, auto b) { return a == b; }); return out.Finish(); }
  if (f == "not_equal") { CompareDispatch(*inputs[0], *inputs[1], rows, &out, [](auto a, auto b) { return a != b; }); return out.Finish(); }
  if (f == "less_than") { CompareDispatch(*inputs[0], *inputs[1], rows, &out, [](auto a, auto b) { return a < b; }); return out.Finish(); }
  if (f == "less_than_or_equal") { CompareDispatch(*inputs[0], *inputs[1], rows, &out, [](auto a, auto b) { return a <= b; }); return out.Finish(); }
  if (f == "greater_than") { CompareDispatch(*inputs[0], *inputs[1], rows, &out, [](auto a, auto b) { return a > b; }); return out.Finish(); }
  if (f == "greater_than_or_equal") { CompareDispatch(*inputs[0], *inputs[1], rows, &out, [](auto a, auto b) { return a >= b; }); return out.Finish(); }
  std::vector<Value> args(inputs.size());
  for (uint32_t row : rows) {
    bool any_null = false;
    for (size_t i = 0; i < inputs.size(); ++i) {
      args[i] = ReadValue(*inputs[i], row, e.children[i]->type);
      any_null = any_null || args[i].is_null();
    }
    // NULL in, NULL out; nullif only needs its first argument.
    if (f == "nullif" ? args[0].is_null() : any_null) continue;
    FLOE_ASSIGN_OR_RETURN(Value result, ApplyScalar(e, args));
    out.SetValue(row, result);
  }
  return out.Finish();
}

}  // namespace

Result<Value> EvaluateConstant(const BoundExpression& expression, const EvaluationContext& context) {
  if (expression.is_constant()) return expression.constant;
  Batch batch;
  batch.num_rows = 1;
  std::vector<uint32_t> rows{0};
  FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(expression, batch, rows, context));
  return ReadValue(*vector, 0, expression.type);
}

Result<std::vector<uint32_t>> EvaluateFilter(const BoundExpression& predicate, const Batch& batch,
                                             const std::vector<uint32_t>& rows, const EvaluationContext& context) {
  FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(predicate, batch, rows, context));
  std::vector<uint32_t> selected;
  selected.reserve(rows.size());
  const uint8_t* v = vector->Values<uint8_t>();
  for (uint32_t row : rows) {
    if (vector->IsValid(row) && v[row]) selected.push_back(row);
  }
  return selected;
}

}  // namespace floe::engine
