// Bind(): resolves predicate columns against a schema and converts literals
// to the column types with Java's Literal.to(Type) rules (expression.h).
#include <cfloat>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>

#include "floe/iceberg/expression.h"
#include "floe/iceberg/expression_text.h"

namespace floe::iceberg {

namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000LL;
constexpr int64_t kNanosPerDay = 86'400'000'000'000LL;

// How a literal converted to a column type.
enum class Conversion {
  kExact,     // `value` equals the literal
  kAboveMax,  // the literal is greater than every value of the type
  kBelowMin,  // the literal is less than every value of the type
  kFloor,     // `value` is the greatest value of the type below the literal
  kInvalid,   // the literal cannot be converted
};

struct Converted {
  Conversion kind = Conversion::kInvalid;
  Literal value;
};

Converted Exact(Literal value) { return {Conversion::kExact, std::move(value)}; }
Converted Invalid() { return {Conversion::kInvalid, {}}; }
Converted Beyond(bool negative) { return {negative ? Conversion::kBelowMin : Conversion::kAboveMax, {}}; }

int64_t FloorDivide(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  if ((value % divisor != 0) && (value < 0)) --quotient;
  return quotient;
}

// --- Decimals --------------------------------------------------------------------

struct DecimalNumber {
  __int128 unscaled = 0;
  int32_t scale = 0;
  bool overflow = false;  // more digits than 128 bits hold; `negative` tells the side
  bool negative = false;
};

// Parses BigDecimal-style text: [+-]digits[.digits][(e|E)[+-]digits].
std::optional<DecimalNumber> ParseDecimalNumber(std::string_view text) {
  DecimalNumber number;
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) number.negative = text[i++] == '-';
  bool any_digit = false, in_fraction = false;
  int32_t fraction_digits = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c == '.' && !in_fraction) {
      in_fraction = true;
    } else if (c >= '0' && c <= '9') {
      any_digit = true;
      if (!number.overflow) {
        if (__builtin_mul_overflow(number.unscaled, static_cast<__int128>(10), &number.unscaled) ||
            __builtin_add_overflow(number.unscaled, static_cast<__int128>(c - '0'), &number.unscaled)) {
          number.overflow = true;
        }
      }
      if (in_fraction) ++fraction_digits;
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exponent_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exponent_negative = text[i++] == '-';
    if (i >= text.size()) return std::nullopt;
    for (; i < text.size(); ++i) {
      if (text[i] < '0' || text[i] > '9' || exponent > 100000) return std::nullopt;
      exponent = exponent * 10 + (text[i] - '0');
    }
    if (exponent_negative) exponent = -exponent;
  }
  if (i != text.size()) return std::nullopt;
  if (number.negative) number.unscaled = -number.unscaled;
  number.scale = static_cast<int32_t>(fraction_digits - exponent);
  return number;
}

enum class Rounding { kHalfUp, kFloor };

// Rescales to `scale`: exact when possible, otherwise rounded HALF_UP (Java's
// setScale for numbers) or to the floor (exact comparisons for decimals).
Converted Rescale(const DecimalNumber& number, int32_t scale, Rounding rounding) {
  if (number.overflow) return Beyond(number.negative);
  __int128 value = number.unscaled;
  if (value == 0) return Exact(Decimal{0});
  if (scale >= number.scale) {
    for (int32_t i = number.scale; i < scale; ++i) {
      if (__builtin_mul_overflow(value, static_cast<__int128>(10), &value)) return Beyond(number.unscaled < 0);
    }
    return Exact(Decimal{value});
  }
  int64_t drop = static_cast<int64_t>(number.scale) - scale;
  __int128 quotient = value, remainder = 0, divisor = 1;
  if (drop > 38) {
    quotient = 0;
    remainder = value;
    divisor = 0;  // "infinite": any remainder is below half
  } else {
    for (int64_t i = 0; i < drop; ++i) divisor *= 10;
    quotient = value / divisor;
    remainder = value % divisor;
  }
  if (remainder == 0) return Exact(Decimal{quotient});
  if (rounding == Rounding::kHalfUp) {
    __int128 magnitude = remainder < 0 ? -remainder : remainder;
    if (divisor != 0 && magnitude >= divisor - magnitude) quotient += value < 0 ? -1 : 1;
    return Exact(Decimal{quotient});
  }
  if (value < 0) quotient -= 1;
  return {Conversion::kFloor, Literal(Decimal{quotient})};
}

Converted FloatingToDecimal(double value, int32_t scale) {
  if (std::isinf(value)) return Beyond(value < 0);
  // Java: BigDecimal.valueOf(double) (the shortest decimal text) then setScale(HALF_UP).
  auto number = ParseDecimalNumber(fmt::format("{}", value));
  if (!number) return Invalid();
  return Rescale(*number, scale, Rounding::kHalfUp);
}

Converted IntegerToDecimal(int64_t value, int32_t scale) {
  DecimalNumber number;
  number.unscaled = value;
  number.negative = value < 0;
  return Rescale(number, scale, Rounding::kHalfUp);
}

int32_t ScaleOf(const Type& type) { return static_cast<const PrimitiveType&>(type).scale(); }

// --- Conversion table --------------------------------------------------------

bool IsTimestampMicros(TypeId id) { return id == TypeId::kTimestamp || id == TypeId::kTimestampTz; }
bool IsTimestampNanos(TypeId id) { return id == TypeId::kTimestampNs || id == TypeId::kTimestampTzNs; }

Converted MicrosToNanos(int64_t micros) {
  int64_t nanos = 0;
  if (__builtin_mul_overflow(micros, int64_t{1000}, &nanos)) return Beyond(micros < 0);
  return Exact(nanos);
}

Converted FromLong(int64_t value, const Type& to) {
  switch (to.id()) {
    case TypeId::kInt:
    case TypeId::kDate:
      if (value > std::numeric_limits<int32_t>::max()) return Beyond(false);
      if (value < std::numeric_limits<int32_t>::min()) return Beyond(true);
      return Exact(static_cast<int32_t>(value));
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return Exact(value);
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      return MicrosToNanos(value);  // Java takes a long as microseconds
    case TypeId::kFloat: return Exact(static_cast<float>(value));
    case TypeId::kDouble: return Exact(static_cast<double>(value));
    case TypeId::kDecimal: return IntegerToDecimal(value, ScaleOf(to));
    default: return Invalid();
  }
}

Converted FromInt(int32_t value, const Type& to) {
  switch (to.id()) {
    case TypeId::kInt:
    case TypeId::kDate: return Exact(value);
    case TypeId::kLong: return Exact(static_cast<int64_t>(value));
    case TypeId::kFloat: return Exact(static_cast<float>(value));
    case TypeId::kDouble: return Exact(static_cast<double>(value));
    case TypeId::kDecimal: return IntegerToDecimal(value, ScaleOf(to));
    default: return Invalid();
  }
}

Converted FromDouble(double value, const Type& to) {
  switch (to.id()) {
    case TypeId::kFloat:
      if (value > static_cast<double>(FLT_MAX)) return Beyond(false);
      if (value < -static_cast<double>(FLT_MAX)) return Beyond(true);
      return Exact(static_cast<float>(value));
    case TypeId::kDouble: return Exact(value);
    case TypeId::kDecimal: return FloatingToDecimal(value, ScaleOf(to));
    default: return Invalid();
  }
}

Converted FromFloat(float value, const Type& to) {
  switch (to.id()) {
    case TypeId::kFloat: return Exact(value);
    case TypeId::kDouble: return Exact(static_cast<double>(value));
    case TypeId::kDecimal: return FloatingToDecimal(static_cast<double>(value), ScaleOf(to));
    default: return Invalid();
  }
}

Converted FromText(const std::string& text, const Type& to) {
  TypeId id = to.id();
  if (id == TypeId::kString) return Exact(text);
  if (id == TypeId::kDecimal) {
    auto number = ParseDecimalNumber(text);
    if (!number) return Invalid();
    return Rescale(*number, ScaleOf(to), Rounding::kFloor);
  }
  bool parsable = id == TypeId::kDate || id == TypeId::kTime || id == TypeId::kUuid || IsTimestampMicros(id) ||
                  IsTimestampNanos(id);
  if (!parsable) return Invalid();
  auto parsed = ParseLiteral(to, text);
  if (parsed.ok()) return Exact(std::move(parsed).value());
  if (IsTimestampMicros(id) || IsTimestampNanos(id)) {
    // A date alone means midnight (UTC for the tz types), as SQL's cast does.
    auto date = ParseLiteral(*PrimitiveType::Get(TypeId::kDate), text);
    if (date.ok() && date->get_if<int32_t>()) {
      int64_t days = *date->get_if<int32_t>();
      return Exact(days * (IsTimestampMicros(id) ? kMicrosPerDay : kNanosPerDay));
    }
  }
  return Invalid();
}

// Converts `value`, typed by `from` (nullptr: by representation), to `to`.
Converted ConvertLiteral(const Literal& value, const Type* from, const Type& to) {
  const LiteralValue& v = value.value();
  if (from == nullptr) {
    if (const bool* b = std::get_if<bool>(&v)) return to.id() == TypeId::kBoolean ? Exact(*b) : Invalid();
    if (const int32_t* i = std::get_if<int32_t>(&v)) return FromInt(*i, to);
    if (const int64_t* l = std::get_if<int64_t>(&v)) return FromLong(*l, to);
    if (const float* f = std::get_if<float>(&v)) return FromFloat(*f, to);
    if (const double* d = std::get_if<double>(&v)) return FromDouble(*d, to);
    if (const Decimal* d = std::get_if<Decimal>(&v)) return to.id() == TypeId::kDecimal ? Exact(*d) : Invalid();
    if (const std::string* s = std::get_if<std::string>(&v)) return FromText(*s, to);
    return Invalid();
  }
  TypeId source = from->id();
  TypeId target = to.id();
  switch (source) {
    case TypeId::kBoolean:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kString:
      return ConvertLiteral(value, nullptr, to);
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kUuid:
      return source == target ? Exact(value) : Invalid();
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: {
      const int64_t* units = value.get_if<int64_t>();
      if (units == nullptr) return Invalid();
      bool nanos = IsTimestampNanos(source);
      if (target == TypeId::kDate) {
        int64_t days = FloorDivide(*units, nanos ? kNanosPerDay : kMicrosPerDay);
        return FromLong(days, to);
      }
      if (IsTimestampMicros(target)) return Exact(nanos ? FloorDivide(*units, 1000) : *units);
      if (IsTimestampNanos(target)) return nanos ? Exact(*units) : MicrosToNanos(*units);
      return Invalid();
    }
    case TypeId::kDecimal: {
      const Decimal* decimal = value.get_if<Decimal>();
      if (decimal == nullptr || target != TypeId::kDecimal) return Invalid();
      DecimalNumber number;
      number.unscaled = decimal->unscaled;
      number.scale = ScaleOf(*from);
      number.negative = decimal->unscaled < 0;
      return Rescale(number, ScaleOf(to), Rounding::kFloor);
    }
    case TypeId::kFixed:
    case TypeId::kBinary: {
      const std::string* bytes = value.get_if<std::string>();
      if (bytes == nullptr) return Invalid();
      if (target == TypeId::kBinary) return Exact(value);
      if (target == TypeId::kFixed && static_cast<int32_t>(bytes->size()) == static_cast<const PrimitiveType&>(to).length()) {
        return Exact(value);
      }
      return Invalid();
    }
    default:
      return source == target && to.Equals(*from) ? Exact(value) : Invalid();
  }
}

bool HoldsNaN(const Literal& value) {
  if (const float* f = value.get_if<float>()) return std::isnan(*f);
  if (const double* d = value.get_if<double>()) return std::isnan(*d);
  return false;
}

// --- Binding -----------------------------------------------------------------

Status InvalidConversion(const Type& to, const Literal& value, const Type* from) {
  if (value.is_null()) {
    return BadRequest("Invalid value for conversion to type {}: null (use IS NULL / IS NOT NULL)", to.ToString());
  }
  std::string source = from ? from->ToString() : std::string();
  if (!from) {
    static constexpr const char* kNames[] = {"null", "boolean", "int", "long", "float", "double", "decimal", "string"};
    source = kNames[value.value().index()];
  }
  return BadRequest("Invalid value for conversion to type {}: {} ({})", to.ToString(), FormatLiteral(value, nullptr),
                    source);
}

Result<ExpressionPtr> BindLiteralPredicate(const Expression& predicate, BoundReference reference) {
  Operation op = predicate.op();
  const Type& type = *reference.type;
  if ((op == Operation::kStartsWith || op == Operation::kNotStartsWith) && type.id() != TypeId::kString) {
    return BadRequest("Term for STARTS_WITH or NOT_STARTS_WITH must produce a string: {}: {}", reference.name,
                      type.ToString());
  }
  const Literal& literal = predicate.literal();
  if (HoldsNaN(literal)) return BadRequest("Cannot create expression literal from NaN (use IS NAN / NOT NAN)");
  Converted converted = literal.is_null() || !type.is_primitive()
                            ? Invalid()
                            : ConvertLiteral(literal, predicate.literal_type().get(), type);
  switch (converted.kind) {
    case Conversion::kInvalid:
      return InvalidConversion(type, literal, predicate.literal_type().get());
    case Conversion::kAboveMax:
      switch (op) {
        case Operation::kLessThan:
        case Operation::kLessThanOrEqual:
        case Operation::kNotEqual: return AlwaysTrue();
        default: return AlwaysFalse();
      }
    case Conversion::kBelowMin:
      switch (op) {
        case Operation::kGreaterThan:
        case Operation::kGreaterThanOrEqual:
        case Operation::kNotEqual: return AlwaysTrue();
        default: return AlwaysFalse();
      }
    case Conversion::kFloor:
      // The literal lies strictly between `value` and the next value of the type.
      switch (op) {
        case Operation::kLessThan:
        case Operation::kLessThanOrEqual: op = Operation::kLessThanOrEqual; break;
        case Operation::kGreaterThan:
        case Operation::kGreaterThanOrEqual: op = Operation::kGreaterThan; break;
        case Operation::kEqual: return AlwaysFalse();
        case Operation::kNotEqual: return AlwaysTrue();
        default: return InvalidConversion(type, literal, predicate.literal_type().get());
      }
      break;
    case Conversion::kExact:
      break;
  }
  return BoundPredicate(op, std::move(reference), {std::move(converted.value)});
}

Result<ExpressionPtr> BindSetPredicate(const Expression& predicate, BoundReference reference) {
  const Type& type = *reference.type;
  std::vector<Literal> values;
  values.reserve(predicate.literals().size());
  for (const Literal& literal : predicate.literals()) {
    if (HoldsNaN(literal)) return BadRequest("Cannot create expression literal from NaN (use IS NAN / NOT NAN)");
    Converted converted = literal.is_null() || !type.is_primitive()
                              ? Invalid()
                              : ConvertLiteral(literal, predicate.literal_type().get(), type);
    if (converted.kind == Conversion::kInvalid) return InvalidConversion(type, literal, predicate.literal_type().get());
    // Values outside the type's range (or between two of its values) never
    // equal a column value: IN drops them and so does NOT IN.
    if (converted.kind == Conversion::kExact) values.push_back(std::move(converted.value));
  }
  return BoundPredicate(predicate.op(), std::move(reference), std::move(values));
}

Result<ExpressionPtr> BindPredicate(const Expression& predicate, const Schema& schema, bool case_sensitive) {
  const NestedField* field = schema.FindField(predicate.column(), case_sensitive);
  if (field == nullptr) {
    return BadRequest("Cannot find field '{}' in struct: {}", predicate.column(), schema.as_struct()->ToString());
  }
  BoundReference reference;
  reference.field_id = field->id;
  reference.name = schema.FindColumnName(field->id);
  if (reference.name.empty()) reference.name = predicate.column();
  reference.type = field->type;
  reference.required = field->required;
  if (!schema.ParentOf(field->id)) {
    const auto& fields = schema.fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].id == field->id) reference.position = static_cast<int32_t>(i);
    }
  }
  switch (predicate.op()) {
    case Operation::kIsNull:
      if (reference.required) return AlwaysFalse();
      return BoundPredicate(Operation::kIsNull, std::move(reference));
    case Operation::kNotNull:
      if (reference.required) return AlwaysTrue();
      return BoundPredicate(Operation::kNotNull, std::move(reference));
    case Operation::kIsNan:
    case Operation::kNotNan: {
      TypeId id = reference.type->id();
      if (id != TypeId::kFloat && id != TypeId::kDouble) {
        return BadRequest("{} cannot be used with a non-floating-point column: {}",
                          predicate.op() == Operation::kIsNan ? "IsNaN" : "NotNaN", reference.name);
      }
      return BoundPredicate(predicate.op(), std::move(reference));
    }
    case Operation::kIn:
    case Operation::kNotIn:
      return BindSetPredicate(predicate, std::move(reference));
    default:
      return BindLiteralPredicate(predicate, std::move(reference));
  }
}

Result<ExpressionPtr> BindTree(const ExpressionPtr& expression, const Schema& schema, bool case_sensitive) {
  switch (expression->op()) {
    case Operation::kTrue:
    case Operation::kFalse:
      return expression;
    case Operation::kAnd:
    case Operation::kOr: {
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr left, BindTree(expression->left(), schema, case_sensitive));
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr right, BindTree(expression->right(), schema, case_sensitive));
      return expression->op() == Operation::kAnd ? And(std::move(left), std::move(right))
                                                 : Or(std::move(left), std::move(right));
    }
    case Operation::kNot: {
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr child, BindTree(expression->child(), schema, case_sensitive));
      return Not(std::move(child));
    }
    default:
      if (expression->is_bound()) return expression;
      return BindPredicate(*expression, schema, case_sensitive);
  }
}

}  // namespace

Result<ExpressionPtr> Bind(const ExpressionPtr& expression, const Schema& schema, bool case_sensitive) {
  return BindTree(expression, schema, case_sensitive);
}

Result<ExpressionPtr> Bind(const ExpressionPtr& expression, const StructType& struct_type, bool case_sensitive) {
  FLOE_ASSIGN_OR_RETURN(SchemaPtr schema, Schema::Make(0, struct_type.fields()));
  return BindTree(expression, *schema, case_sensitive);
}

}  // namespace floe::iceberg
