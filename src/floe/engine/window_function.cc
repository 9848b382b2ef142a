#include "floe/engine/window_function.h"

#include <set>

#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;
using Bound = WindowFrameSpec::Bound;

namespace {

Status UnexpectedParameters(const std::string& name, const std::vector<BoundExpressionPtr>& arguments,
                            std::string_view expected, sql::NodeLocation location) {
  std::string actual;
  for (const auto& argument : arguments) actual += (actual.empty() ? "" : ", ") + TypeSignature(argument->type);
  return sql::SqlError(codes::kFunctionNotFound, location, "Unexpected parameters ({}) for function {}. Expected: {}", actual,
                       name, expected);
}

bool IsIntegralOrUnknown(const SqlType& type) { return type.is_integral() || type.kind == SqlTypeKind::kUnknown; }

Bound BoundOf(sql::WindowFrameBound::Kind kind) {
  switch (kind) {
    case sql::WindowFrameBound::Kind::kUnboundedPreceding: return Bound::kUnboundedPreceding;
    case sql::WindowFrameBound::Kind::kPreceding: return Bound::kPreceding;
    case sql::WindowFrameBound::Kind::kCurrentRow: return Bound::kCurrentRow;
    case sql::WindowFrameBound::Kind::kFollowing: return Bound::kFollowing;
    case sql::WindowFrameBound::Kind::kUnboundedFollowing: return Bound::kUnboundedFollowing;
  }
  return Bound::kCurrentRow;
}

}  // namespace

bool IsWindowOnlyFunction(const std::string& name) {
  static const std::set<std::string> kNames = {"row_number", "rank",     "dense_rank", "percent_rank",
                                               "cume_dist",  "ntile",    "lag",        "lead",
                                               "first_value", "last_value", "nth_value"};
  return kNames.count(name) > 0;
}

const sql::Expression* FindWindowFunction(const sql::Expression& e) {
  if (e.kind == sql::ExpressionKind::kFunctionCall && e.window) return &e;
  for (const auto& child : e.children) {
    if (const sql::Expression* found = FindWindowFunction(*child)) return found;
  }
  return nullptr;
}

Status ResolveWindowOnlyFunction(const std::string& name, std::vector<BoundExpressionPtr> arguments,
                                 sql::NodeLocation location, WindowCall* call) {
  const SqlType bigint = SqlType::Of(SqlTypeKind::kBigint);
  const SqlType double_type = SqlType::Of(SqlTypeKind::kDouble);
  auto no_arguments = [&](WindowFunction function, const SqlType& type) -> Status {
    if (!arguments.empty()) return UnexpectedParameters(name, arguments, name + "()", location);
    call->function = function;
    call->type = type;
    return Status::OK();
  };
  if (name == "row_number") return no_arguments(WindowFunction::kRowNumber, bigint);
  if (name == "rank") return no_arguments(WindowFunction::kRank, bigint);
  if (name == "dense_rank") return no_arguments(WindowFunction::kDenseRank, bigint);
  if (name == "percent_rank") return no_arguments(WindowFunction::kPercentRank, double_type);
  if (name == "cume_dist") return no_arguments(WindowFunction::kCumeDist, double_type);
  if (name == "ntile") {
    if (arguments.size() != 1 || !IsIntegralOrUnknown(arguments[0]->type)) {
      return UnexpectedParameters(name, arguments, "ntile(bigint)", location);
    }
    FLOE_ASSIGN_OR_RETURN(arguments[0], MakeCast(arguments[0], bigint, false, location));
    call->function = WindowFunction::kNtile;
    call->type = bigint;
    call->arguments = std::move(arguments);
    return Status::OK();
  }
  if (name == "first_value" || name == "last_value") {
    if (arguments.size() != 1) return UnexpectedParameters(name, arguments, name + "(T)", location);
    call->function = name == "first_value" ? WindowFunction::kFirstValue : WindowFunction::kLastValue;
    call->type = arguments[0]->type;
    call->arguments = std::move(arguments);
    return Status::OK();
  }
  if (name == "nth_value") {
    if (arguments.size() != 2 || !IsIntegralOrUnknown(arguments[1]->type)) {
      return UnexpectedParameters(name, arguments, "nth_value(T, bigint)", location);
    }
    FLOE_ASSIGN_OR_RETURN(arguments[1], MakeCast(arguments[1], bigint, false, location));
    call->function = WindowFunction::kNthValue;
    call->type = arguments[0]->type;
    call->arguments = std::move(arguments);
    return Status::OK();
  }
  if (name == "lag" || name == "lead") {
    std::string expected = name + "(T), " + name + "(T, bigint), " + name + "(T, bigint, T)";
    if (arguments.empty() || arguments.size() > 3) return UnexpectedParameters(name, arguments, expected, location);
    if (arguments.size() >= 2) {
      if (!IsIntegralOrUnknown(arguments[1]->type)) return UnexpectedParameters(name, arguments, expected, location);
      FLOE_ASSIGN_OR_RETURN(arguments[1], MakeCast(arguments[1], bigint, false, location));
    }
    SqlType type = arguments[0]->type;
    if (arguments.size() == 3) {
      auto common = CommonSuperType(type, arguments[2]->type);
      if (!common) return UnexpectedParameters(name, arguments, expected, location);
      type = *common;
      FLOE_ASSIGN_OR_RETURN(arguments[0], MakeCast(arguments[0], type, false, location));
      FLOE_ASSIGN_OR_RETURN(arguments[2], MakeCast(arguments[2], type, false, location));
    }
    call->function = name == "lag" ? WindowFunction::kLag : WindowFunction::kLead;
    call->type = type;
    call->arguments = std::move(arguments);
    return Status::OK();
  }
  return sql::SqlError(codes::kFunctionNotWindow, location, "Not a window function: {}", name);
}

Result<WindowFrameSpec> ResolveWindowFrame(const std::optional<sql::WindowFrame>& frame,
                                           const std::vector<SortKey>& order_keys,
                                           const std::function<Result<BoundExpressionPtr>(const sql::Expression&)>& bind,
                                           const EvaluationContext& context) {
  WindowFrameSpec spec;
  if (!frame) return spec;
  spec.type = frame->type == sql::WindowFrame::Type::kRows    ? WindowFrameSpec::Type::kRows
              : frame->type == sql::WindowFrame::Type::kRange ? WindowFrameSpec::Type::kRange
                                                              : WindowFrameSpec::Type::kGroups;
  spec.start = BoundOf(frame->start.kind);
  spec.end = frame->end ? BoundOf(frame->end->kind) : Bound::kCurrentRow;
  sql::NodeLocation location = frame->location;
  if (spec.start == Bound::kUnboundedFollowing) {
    return sql::SqlError(codes::kInvalidWindowFrame, location, "Window frame start cannot be UNBOUNDED FOLLOWING");
  }
  if (spec.end == Bound::kUnboundedPreceding) {
    return sql::SqlError(codes::kInvalidWindowFrame, location, "Window frame end cannot be UNBOUNDED PRECEDING");
  }
  if (spec.start == Bound::kCurrentRow && spec.end == Bound::kPreceding) {
    return sql::SqlError(codes::kInvalidWindowFrame, location, "Window frame starting from CURRENT ROW cannot end with PRECEDING");
  }
  if (spec.start == Bound::kFollowing && spec.end == Bound::kPreceding) {
    return sql::SqlError(codes::kInvalidWindowFrame, location, "Window frame starting from FOLLOWING cannot end with PRECEDING");
  }
  if (spec.start == Bound::kFollowing && spec.end == Bound::kCurrentRow) {
    return sql::SqlError(codes::kInvalidWindowFrame, location, "Window frame starting from FOLLOWING cannot end with CURRENT ROW");
  }
  auto has_offset = [](Bound bound) { return bound == Bound::kPreceding || bound == Bound::kFollowing; };
  bool offsets = has_offset(spec.start) || has_offset(spec.end);
  if (offsets && spec.type == WindowFrameSpec::Type::kRange && order_keys.size() != 1) {
    return sql::SqlError(codes::kMissingOrderBy, location,
                         "Window frame of type RANGE PRECEDING or FOLLOWING requires single sort item in ORDER BY (actual: {})",
                         order_keys.size());
  }
  if (offsets && spec.type == WindowFrameSpec::Type::kGroups && order_keys.empty()) {
    return sql::SqlError(codes::kMissingOrderBy, location, "Window frame of type GROUPS PRECEDING or FOLLOWING requires ORDER BY");
  }
  auto resolve_offset = [&](const sql::WindowFrameBound& bound, std::string_view which) -> Result<Value> {
    FLOE_ASSIGN_OR_RETURN(auto offset, bind(*bound.offset));
    if (spec.type == WindowFrameSpec::Type::kRange) {
      const SqlType& key_type = order_keys[0].expression->type;
      bool numeric = key_type.is_integral() || key_type.kind == SqlTypeKind::kDecimal ||
                     key_type.kind == SqlTypeKind::kDouble || key_type.kind == SqlTypeKind::kReal;
      if (!numeric) {
        return sql::SqlError(codes::kTypeMismatch, bound.location,
                             "Window frame of type RANGE PRECEDING or FOLLOWING requires that sort item type be numeric, "
                             "datetime or interval (actual: {})",
                             TypeSignature(key_type));
      }
      if (!CommonSuperType(key_type, offset->type) || !offset->type.is_numeric()) {
        return sql::SqlError(codes::kTypeMismatch, bound.location, "Window frame RANGE value type ({}) not compatible with sort item type ({})",
                             TypeSignature(offset->type), TypeSignature(key_type));
      }
      auto cast = MakeCast(offset, key_type, false, bound.location);
      if (!cast.ok()) return cast.status();
      offset = *cast;
    } else if (!IsIntegralOrUnknown(offset->type)) {
      return sql::SqlError(codes::kTypeMismatch, bound.location,
                           "Window frame {} {} value type must be exact numeric type with scale 0 (actual {})",
                           spec.type == WindowFrameSpec::Type::kRows ? "ROWS" : "GROUPS", which, TypeSignature(offset->type));
    } else {
      FLOE_ASSIGN_OR_RETURN(offset, MakeCast(offset, SqlType::Of(SqlTypeKind::kBigint), false, bound.location));
    }
    if (!offset->is_constant()) {
      return sql::SqlError(codes::kNotSupported, bound.location, "Window frame offsets that are not constant are not supported yet");
    }
    FLOE_ASSIGN_OR_RETURN(Value value, EvaluateConstant(*offset, context));
    bool negative = false;
    if (std::holds_alternative<int64_t>(value.data)) negative = value.integer() < 0;
    if (std::holds_alternative<double>(value.data)) negative = !(value.real() >= 0);
    if (std::holds_alternative<Int128>(value.data)) negative = value.decimal() < 0;
    if (value.is_null() || negative) {
      return sql::SqlError(codes::kInvalidWindowFrame, bound.location, "Window frame offset value must not be negative or null");
    }
    return value;
  };
  if (has_offset(spec.start)) {
    FLOE_ASSIGN_OR_RETURN(spec.start_offset, resolve_offset(frame->start, "start"));
  }
  if (has_offset(spec.end)) {
    FLOE_ASSIGN_OR_RETURN(spec.end_offset, resolve_offset(*frame->end, "end"));
  }
  return spec;
}

}  // namespace floe::engine
