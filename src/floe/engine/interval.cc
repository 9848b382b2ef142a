#include "floe/engine/interval.h"

#include <charconv>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

#include "floe/sql/error.h"

namespace floe::engine {

namespace {

namespace codes = sql::error_codes;

constexpr int64_t kMillisPerDay = 86400000;
constexpr int64_t kMicrosPerDay = 86400000000LL;
constexpr int64_t kMicrosPerMilli = 1000;

bool IsInterval(const SqlType& type) {
  return type.kind == SqlTypeKind::kIntervalDayToSecond || type.kind == SqlTypeKind::kIntervalYearToMonth;
}
bool IsTimestamp(const SqlType& type) {
  return type.kind == SqlTypeKind::kTimestamp || type.kind == SqlTypeKind::kTimestampTz;
}
bool IsDateTime(const SqlType& type) {
  return type.kind == SqlTypeKind::kDate || IsTimestamp(type) || type.kind == SqlTypeKind::kTime;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

Status OutOfRange(sql::NodeLocation location, std::string_view what) {
  return sql::SqlError(codes::kNumericValueOutOfRange, location, "{}", what);
}

// A bound call whose constant arguments fold now.
Result<BoundExpressionPtr> MakeDateTimeCall(std::string function, SqlType type, std::vector<BoundExpressionPtr> children,
                                            sql::NodeLocation location, bool negated = false) {
  auto call = std::make_shared<BoundExpression>();
  call->kind = BoundKind::kCall;
  call->function = std::move(function);
  call->type = std::move(type);
  call->location = location;
  call->negated = negated;
  call->children = std::move(children);
  bool constant = true, any_null = false;
  std::vector<Value> values;
  for (const auto& child : call->children) {
    constant = constant && child->is_constant();
    if (child->is_constant()) {
      any_null = any_null || child->constant.is_null();
      values.push_back(child->constant);
    }
  }
  if (!constant) return BoundExpressionPtr(call);
  if (any_null) return MakeConstant(Value::Null(), call->type, location);
  FLOE_ASSIGN_OR_RETURN(Value folded, ApplyDateTimeCall(*call, values));
  return MakeConstant(std::move(folded), call->type, location);
}

// --- Literals ---

// Digits of `text` as a non-negative number; false when not all digits.
bool ParseDigits(std::string_view text, int64_t* out) {
  if (text.empty() || text.size() > 18) return false;
  auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return error == std::errc() && ptr == text.data() + text.size();
}

// Splits `text` at any of `separators`, in order: "2 03:04:05" with " ::".
bool SplitFields(std::string_view text, std::string_view separators, std::vector<std::string_view>* parts) {
  size_t start = 0;
  for (char separator : separators) {
    size_t at = text.find(separator, start);
    if (at == std::string_view::npos) return false;
    parts->push_back(text.substr(start, at - start));
    start = at + 1;
  }
  parts->push_back(text.substr(start));
  return true;
}

int FieldRank(const std::string& field) {
  static const char* kFields[] = {"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"};
  for (int i = 0; i < 6; ++i) {
    if (field == kFields[i]) return i;
  }
  return -1;
}

// Milliseconds of seconds text "5" or "5.678" (up to 3 fraction digits).
bool ParseSecondsMillis(std::string_view text, int64_t* millis) {
  size_t dot = text.find('.');
  int64_t seconds = 0, fraction = 0;
  if (!ParseDigits(text.substr(0, dot), &seconds)) return false;
  if (dot != std::string_view::npos) {
    std::string_view digits = text.substr(dot + 1);
    if (digits.empty() || digits.size() > 3 || !ParseDigits(digits, &fraction)) return false;
    for (size_t i = digits.size(); i < 3; ++i) fraction *= 10;
  }
  if (__builtin_mul_overflow(seconds, int64_t{1000}, millis) || __builtin_add_overflow(*millis, fraction, millis)) {
    return false;
  }
  return true;
}

}  // namespace

int64_t AddMonthsToDays(int64_t days, int64_t months) {
  int64_t year = 0;
  unsigned month = 0, day = 0;
  CivilFromDays(days, &year, &month, &day);
  int64_t total = year * 12 + (month - 1) + months;
  int64_t new_year = FloorDiv(total, 12);
  unsigned new_month = static_cast<unsigned>(total - new_year * 12) + 1;
  static const unsigned kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (new_year % 4 == 0 && new_year % 100 != 0) || new_year % 400 == 0;
  unsigned last = kDaysInMonth[new_month - 1] + (new_month == 2 && leap ? 1 : 0);
  return DaysFromCivil(new_year, new_month, std::min(day, last));
}

Result<BoundExpressionPtr> BindIntervalLiteral(const sql::Expression& literal) {
  const std::string& from = literal.interval_from;
  const std::string& to = literal.interval_to.empty() ? literal.interval_from : literal.interval_to;
  int from_rank = FieldRank(from), to_rank = FieldRank(to);
  auto invalid = [&]() {
    return sql::SqlError(codes::kInvalidLiteral, literal.location, "'{}' is not a valid INTERVAL {}{} literal", literal.text,
                         from, literal.interval_to.empty() ? "" : " TO " + literal.interval_to);
  };
  // YEAR TO MONTH is the only multi-field year-month form; DAY..SECOND ranges are day-time.
  bool year_month = from_rank <= 1;
  if (from_rank < 0 || to_rank < from_rank || (year_month && to_rank > 1)) {
    return sql::SqlError(codes::kInvalidLiteral, literal.location, "Invalid interval qualifier: {} TO {}", from, to);
  }
  std::string_view text = literal.text;
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  bool negative = literal.negated;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    if (text.front() == '-') negative = !negative;
    text.remove_prefix(1);
  }
  int64_t value = 0;
  if (year_month) {
    int64_t years = 0, months = 0;
    if (from == "YEAR" && to == "MONTH") {
      std::vector<std::string_view> parts;
      if (!SplitFields(text, "-", &parts) || !ParseDigits(parts[0], &years) || !ParseDigits(parts[1], &months)) {
        return invalid();
      }
    } else if (!ParseDigits(text, from == "YEAR" ? &years : &months)) {
      return invalid();
    }
    if (__builtin_mul_overflow(years, int64_t{12}, &value) || __builtin_add_overflow(value, months, &value) ||
        value > std::numeric_limits<int32_t>::max()) {
      return sql::SqlError(codes::kInvalidLiteral, literal.location, "Interval value out of range: '{}'", literal.text);
    }
    return MakeConstant(Value::Integer(negative ? -value : value), SqlType::Of(SqlTypeKind::kIntervalYearToMonth),
                        literal.location);
  }
  // Day-time: the fields from `from` to `to`, separated by ' ' (after DAY) and ':'.
  static const int64_t kUnitMillis[] = {0, 0, kMillisPerDay, 3600000, 60000, 1000};
  std::string separators;
  for (int rank = from_rank; rank < to_rank; ++rank) separators += rank == 2 ? ' ' : ':';
  std::vector<std::string_view> parts;
  if (!SplitFields(text, separators, &parts)) return invalid();
  for (size_t i = 0; i < parts.size(); ++i) {
    int rank = from_rank + static_cast<int>(i);
    int64_t millis = 0;
    if (rank == 5) {
      if (!ParseSecondsMillis(parts[i], &millis)) return invalid();
    } else {
      int64_t count = 0;
      if (!ParseDigits(parts[i], &count)) return invalid();
      // Fields after the first are bounded as on a clock.
      if (i > 0 && ((rank == 3 && count > 23) || (rank == 4 && count > 59))) return invalid();
      if (__builtin_mul_overflow(count, kUnitMillis[rank], &millis)) {
        return sql::SqlError(codes::kInvalidLiteral, literal.location, "Interval value out of range: '{}'", literal.text);
      }
    }
    if (i > 0 && rank == 5 && millis >= 60000) return invalid();
    if (__builtin_add_overflow(value, millis, &value)) {
      return sql::SqlError(codes::kInvalidLiteral, literal.location, "Interval value out of range: '{}'", literal.text);
    }
  }
  return MakeConstant(Value::Integer(negative ? -value : value), SqlType::Of(SqlTypeKind::kIntervalDayToSecond),
                      literal.location);
}

std::optional<Result<BoundExpressionPtr>> ResolveIntervalOperator(const std::string& op,
                                                                  const std::vector<BoundExpressionPtr>& arguments,
                                                                  sql::NodeLocation location) {
  if (arguments.size() == 1) {
    const SqlType& type = arguments[0]->type;
    if (!IsInterval(type)) return std::nullopt;
    if (op == "+") return Result<BoundExpressionPtr>(arguments[0]);
    return MakeDateTimeCall("interval_negate", type, arguments, location);
  }
  const SqlType& left = arguments[0]->type;
  const SqlType& right = arguments[1]->type;
  if (!IsInterval(left) && !IsInterval(right)) return std::nullopt;
  auto mismatch = [&]() -> Result<BoundExpressionPtr> {
    return sql::SqlError(codes::kTypeMismatch, location, "Cannot apply operator: {} {} {}", TypeSignature(left), op,
                         TypeSignature(right));
  };
  auto null_or = [](const SqlType& t, auto predicate) { return t.kind == SqlTypeKind::kUnknown || predicate(t); };
  // Comparisons are resolved by the caller (same types compare as integers).
  if (op != "+" && op != "-" && op != "*" && op != "/") return std::nullopt;
  if (op == "+" || op == "-") {
    // temporal +/- interval, interval + temporal
    const BoundExpressionPtr* temporal = nullptr;
    const BoundExpressionPtr* interval = nullptr;
    if (IsInterval(right) && null_or(left, IsDateTime)) {
      temporal = &arguments[0];
      interval = &arguments[1];
    } else if (op == "+" && IsInterval(left) && IsDateTime(right)) {
      temporal = &arguments[1];
      interval = &arguments[0];
    }
    if (temporal) {
      SqlType result = (*temporal)->type.kind == SqlTypeKind::kUnknown ? SqlType::Of(SqlTypeKind::kDate) : (*temporal)->type;
      BoundExpressionPtr value = *temporal;
      if (value->type.kind == SqlTypeKind::kUnknown) value = MakeConstant(Value::Null(), result, location);
      bool months = (*interval)->type.kind == SqlTypeKind::kIntervalYearToMonth;
      if (months && result.kind == SqlTypeKind::kTime) return mismatch();
      return MakeDateTimeCall(months ? "interval_add_months" : "interval_add_millis", result, {value, *interval}, location,
                              op == "-");
    }
    // interval +/- interval of one kind
    if (IsInterval(left) && (left == right || right.kind == SqlTypeKind::kUnknown)) {
      BoundExpressionPtr other = arguments[1];
      if (right.kind == SqlTypeKind::kUnknown) other = MakeConstant(Value::Null(), left, location);
      return MakeDateTimeCall(op == "+" ? "interval_plus" : "interval_minus", left, {arguments[0], other}, location);
    }
    if (IsInterval(right) && left.kind == SqlTypeKind::kUnknown) {
      return MakeDateTimeCall(op == "+" ? "interval_plus" : "interval_minus", right,
                              {MakeConstant(Value::Null(), right, location), arguments[1]}, location);
    }
    return mismatch();
  }
  // interval * number, number * interval, interval / number
  const BoundExpressionPtr* interval = IsInterval(left) ? &arguments[0] : &arguments[1];
  const BoundExpressionPtr* number = IsInterval(left) ? &arguments[1] : &arguments[0];
  if (!null_or((*number)->type, [](const SqlType& t) { return t.is_numeric(); })) return mismatch();
  if (op == "/" && !IsInterval(left)) return mismatch();
  Result<BoundExpressionPtr> factor = MakeCast(*number, SqlType::Of(SqlTypeKind::kDouble), false, location);
  if (!factor.ok()) return factor;
  return MakeDateTimeCall(op == "*" ? "interval_multiply" : "interval_divide", (*interval)->type, {*interval, *factor},
                          location);
}

std::optional<Result<BoundExpressionPtr>> ResolveDateTimeFunction(const std::string& name,
                                                                  const std::vector<BoundExpressionPtr>& arguments,
                                                                  sql::NodeLocation location) {
  if (name != "date_add" && name != "date_diff") return std::nullopt;
  auto unexpected = [&]() -> Result<BoundExpressionPtr> {
    std::string actual;
    for (const auto& argument : arguments) {
      if (!actual.empty()) actual += ", ";
      actual += TypeSignature(argument->type);
    }
    std::string expected = name == "date_add"
                               ? "date_add(varchar(x), bigint, date), date_add(varchar(x), bigint, time(p)), "
                                 "date_add(varchar(x), bigint, timestamp(p)), date_add(varchar(x), bigint, timestamp(p) with time zone)"
                               : "date_diff(varchar(x), date, date), date_diff(varchar(x), time(p), time(p)), "
                                 "date_diff(varchar(x), timestamp(p), timestamp(p)), date_diff(varchar(x), timestamp(p) with time zone, timestamp(p) with time zone)";
    return sql::SqlError(codes::kFunctionNotFound, location, "Unexpected parameters ({}) for function {}. Expected: {}",
                         actual, name, expected);
  };
  if (arguments.size() != 3) return unexpected();
  auto unit_ok = [](const SqlType& t) { return t.is_string() || t.kind == SqlTypeKind::kUnknown; };
  if (!unit_ok(arguments[0]->type)) return unexpected();
  Result<BoundExpressionPtr> unit = MakeCast(arguments[0], SqlType::Varchar(), false, location);
  if (!unit.ok()) return unit;
  if (name == "date_add") {
    const SqlType& target = arguments[2]->type;
    if (!(arguments[1]->type.is_integral() || arguments[1]->type.kind == SqlTypeKind::kUnknown) || !IsDateTime(target)) {
      return unexpected();
    }
    Result<BoundExpressionPtr> amount = MakeCast(arguments[1], SqlType::Of(SqlTypeKind::kBigint), false, location);
    if (!amount.ok()) return amount;
    return MakeDateTimeCall("date_add", target, {*unit, *amount, arguments[2]}, location);
  }
  auto common = CommonSuperType(arguments[1]->type, arguments[2]->type);
  if (!common || !IsDateTime(*common)) return unexpected();
  Result<BoundExpressionPtr> a = MakeCast(arguments[1], *common, false, location);
  if (!a.ok()) return a;
  Result<BoundExpressionPtr> b = MakeCast(arguments[2], *common, false, location);
  if (!b.ok()) return b;
  return MakeDateTimeCall("date_diff", SqlType::Of(SqlTypeKind::kBigint), {*unit, *a, *b}, location);
}

bool IsDateTimeCall(const std::string& function) {
  return function.starts_with("interval_") || function == "date_add" || function == "date_diff";
}

namespace {

// Micros per unit for the fixed-length units; 0 for month-based; -1 unknown.
int64_t UnitMicros(std::string unit, int64_t* months) {
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  *months = 0;
  if (unit == "millisecond") return 1000;
  if (unit == "second") return 1000000;
  if (unit == "minute") return 60000000;
  if (unit == "hour") return 3600000000LL;
  if (unit == "day") return kMicrosPerDay;
  if (unit == "week") return 7 * kMicrosPerDay;
  if (unit == "month") *months = 1;
  else if (unit == "quarter") *months = 3;
  else if (unit == "year") *months = 12;
  else return -1;
  return 0;
}

bool DateInRange(int64_t days) {
  return days >= std::numeric_limits<int32_t>::min() && days <= std::numeric_limits<int32_t>::max();
}

// Adds `micros` to a value of `type` (date: whole days only; time wraps).
Result<Value> AddMicros(const Value& value, const SqlType& type, int64_t micros, const BoundExpression& call) {
  int64_t v = value.integer();
  if (type.kind == SqlTypeKind::kDate) {
    if (micros % kMicrosPerDay != 0) {
      return sql::SqlError(codes::kInvalidFunctionArgument, call.location, "Cannot add hour, minute or second to a date");
    }
    int64_t days = v + micros / kMicrosPerDay;
    if (!DateInRange(days)) return OutOfRange(call.location, "date out of range");
    return Value::Integer(days);
  }
  if (type.kind == SqlTypeKind::kTime) {
    int64_t wrapped = (v + micros % kMicrosPerDay) % kMicrosPerDay;
    return Value::Integer(wrapped < 0 ? wrapped + kMicrosPerDay : wrapped);
  }
  int64_t result = 0;
  if (__builtin_add_overflow(v, micros, &result)) return OutOfRange(call.location, "timestamp out of range");
  return Value::Integer(result);
}

Result<Value> AddMonths(const Value& value, const SqlType& type, int64_t months, const BoundExpression& call) {
  int64_t v = value.integer();
  if (months > 12LL * 6000000 || months < -12LL * 6000000) {
    return OutOfRange(call.location, type.kind == SqlTypeKind::kDate ? "date out of range" : "timestamp out of range");
  }
  if (type.kind == SqlTypeKind::kDate) {
    int64_t days = AddMonthsToDays(v, months);
    if (!DateInRange(days)) return OutOfRange(call.location, "date out of range");
    return Value::Integer(days);
  }
  if (type.kind == SqlTypeKind::kTime) {
    return sql::SqlError(codes::kInvalidFunctionArgument, call.location, "Cannot add month, quarter or year to a time");
  }
  int64_t days = FloorDiv(v, kMicrosPerDay);
  int64_t in_day = v - days * kMicrosPerDay;
  int64_t new_days = AddMonthsToDays(days, months);
  int64_t result = 0;
  if (__builtin_mul_overflow(new_days, kMicrosPerDay, &result) || __builtin_add_overflow(result, in_day, &result)) {
    return OutOfRange(call.location, "timestamp out of range");
  }
  return Value::Integer(result);
}

// Whole months from a to b (micros or days per `type`), as Joda and Trino count them.
int64_t MonthsBetween(int64_t a, int64_t b, const SqlType& type) {
  auto split = [&](int64_t v, int64_t* days, int64_t* in_day) {
    if (type.kind == SqlTypeKind::kDate) {
      *days = v;
      *in_day = 0;
    } else {
      *days = FloorDiv(v, kMicrosPerDay);
      *in_day = v - *days * kMicrosPerDay;
    }
  };
  int64_t a_days, a_time, b_days, b_time;
  split(a, &a_days, &a_time);
  split(b, &b_days, &b_time);
  int64_t ay, by;
  unsigned am, ad, bm, bd;
  CivilFromDays(a_days, &ay, &am, &ad);
  CivilFromDays(b_days, &by, &bm, &bd);
  int64_t months = (by - ay) * 12 + (static_cast<int64_t>(bm) - static_cast<int64_t>(am));
  // Step back when a + months overshoots b (or, going backwards, undershoots it).
  auto shifted = [&](int64_t m) {
    int64_t days = AddMonthsToDays(a_days, m);
    return std::make_pair(days, a_time);
  };
  auto b_point = std::make_pair(b_days, b_time);
  if (months > 0 && shifted(months) > b_point) --months;
  if (months < 0 && shifted(months) < b_point) ++months;
  return months;
}

}  // namespace

Result<Value> ApplyDateTimeCall(const BoundExpression& call, const std::vector<Value>& arguments) {
  const std::string& f = call.function;
  if (f == "interval_negate") {
    int64_t v = arguments[0].integer();
    if (v == std::numeric_limits<int64_t>::min()) return OutOfRange(call.location, "interval negation overflow");
    return Value::Integer(-v);
  }
  if (f == "interval_plus" || f == "interval_minus") {
    int64_t result = 0;
    bool overflow = f == "interval_plus" ? __builtin_add_overflow(arguments[0].integer(), arguments[1].integer(), &result)
                                         : __builtin_sub_overflow(arguments[0].integer(), arguments[1].integer(), &result);
    if (overflow) return OutOfRange(call.location, f == "interval_plus" ? "interval addition overflow" : "interval subtraction overflow");
    return Value::Integer(result);
  }
  if (f == "interval_multiply" || f == "interval_divide") {
    double factor = arguments[1].real();
    if (f == "interval_divide" && factor == 0) {
      return sql::SqlError(codes::kDivisionByZero, call.location, "Division by zero");
    }
    double result = f == "interval_multiply" ? static_cast<double>(arguments[0].integer()) * factor
                                             : static_cast<double>(arguments[0].integer()) / factor;
    if (!(result > -9.2e18 && result < 9.2e18)) return OutOfRange(call.location, "interval multiplication overflow");
    return Value::Integer(static_cast<int64_t>(result));
  }
  if (f == "interval_add_millis" || f == "interval_add_months") {
    const SqlType& type = call.type;
    int64_t amount = arguments[1].integer();
    if (call.negated) {
      if (amount == std::numeric_limits<int64_t>::min()) return OutOfRange(call.location, "interval negation overflow");
      amount = -amount;
    }
    if (f == "interval_add_months") return AddMonths(arguments[0], type, amount, call);
    int64_t micros = 0;
    if (__builtin_mul_overflow(amount, kMicrosPerMilli, &micros)) {
      return OutOfRange(call.location, type.kind == SqlTypeKind::kDate ? "date out of range" : "timestamp out of range");
    }
    return AddMicros(arguments[0], type, micros, call);
  }
  if (f == "date_add" || f == "date_diff") {
    const std::string& unit = arguments[0].string();
    int64_t months = 0;
    int64_t unit_micros = UnitMicros(unit, &months);
    const SqlType& type = call.children[2]->type;
    bool too_fine = unit_micros < 0 || (type.kind == SqlTypeKind::kDate && unit_micros > 0 && unit_micros < kMicrosPerDay) ||
                    (type.kind == SqlTypeKind::kTime && (months > 0 || unit_micros >= kMicrosPerDay));
    if (too_fine) {
      return sql::SqlError(codes::kInvalidFunctionArgument, call.location, "'{}' is not a valid {} field", unit,
                           type.kind == SqlTypeKind::kDate ? "DATE" : type.kind == SqlTypeKind::kTime ? "TIME" : "TIMESTAMP");
    }
    if (f == "date_add") {
      int64_t amount = arguments[1].integer();
      if (months > 0) {
        int64_t total = 0;
        if (__builtin_mul_overflow(amount, months, &total)) return OutOfRange(call.location, "date_add overflow");
        return AddMonths(arguments[2], type, total, call);
      }
      int64_t micros = 0;
      if (__builtin_mul_overflow(amount, unit_micros, &micros)) return OutOfRange(call.location, "date_add overflow");
      return AddMicros(arguments[2], type, micros, call);
    }
    int64_t a = arguments[1].integer(), b = arguments[2].integer();
    if (months > 0) return Value::Integer(MonthsBetween(a, b, type) / months);
    int64_t scale = type.kind == SqlTypeKind::kDate ? kMicrosPerDay : 1;
    Int128 difference = (static_cast<Int128>(b) - a) * scale;
    return Value::Integer(static_cast<int64_t>(difference / unit_micros));
  }
  return sql::SqlError(codes::kGenericInternalError, call.location, "unknown date/time function {}", f);
}

Result<int64_t> ParseInterval(std::string_view text, const SqlType& type) {
  std::string_view rest = text;
  bool negative = !rest.empty() && rest.front() == '-';
  if (negative) rest.remove_prefix(1);
  std::vector<std::string_view> parts;
  int64_t value = 0;
  if (type.kind == SqlTypeKind::kIntervalYearToMonth) {
    int64_t years = 0, months = 0;
    if (!SplitFields(rest, "-", &parts) || !ParseDigits(parts[0], &years) || !ParseDigits(parts[1], &months) ||
        months > 11 || __builtin_mul_overflow(years, int64_t{12}, &value) || __builtin_add_overflow(value, months, &value)) {
      return InvalidData("invalid interval year to month value '{}'", text);
    }
  } else {
    int64_t days = 0, hours = 0, minutes = 0, millis = 0;
    if (!SplitFields(rest, " ::", &parts) || !ParseDigits(parts[0], &days) || !ParseDigits(parts[1], &hours) ||
        !ParseDigits(parts[2], &minutes) || !ParseSecondsMillis(parts[3], &millis) ||
        __builtin_mul_overflow(days, kMillisPerDay, &value) ||
        __builtin_add_overflow(value, hours * 3600000 + minutes * 60000 + millis, &value)) {
      return InvalidData("invalid interval day to second value '{}'", text);
    }
  }
  return negative ? -value : value;
}

std::string FormatInterval(int64_t value, const SqlType& type) {
  bool negative = value < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  if (type.kind == SqlTypeKind::kIntervalYearToMonth) {
    return fmt::format("{}{}-{}", negative ? "-" : "", magnitude / 12, magnitude % 12);
  }
  uint64_t millis = magnitude % 1000, seconds = magnitude / 1000;
  return fmt::format("{}{} {:02}:{:02}:{:02}.{:03}", negative ? "-" : "", seconds / 86400, seconds / 3600 % 24,
                     seconds / 60 % 60, seconds % 60, millis);
}

}  // namespace floe::engine
