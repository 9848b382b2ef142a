#include "floe/engine/nested_functions.h"

#include <algorithm>
#include <set>

#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;

namespace {

Status Unexpected(const std::string& name, const std::vector<BoundExpressionPtr>& arguments, sql::NodeLocation location,
                  std::string_view expected) {
  std::string actual;
  for (const auto& argument : arguments) {
    if (!actual.empty()) actual += ", ";
    actual += TypeSignature(argument->type);
  }
  return sql::SqlError(codes::kFunctionNotFound, location, "Unexpected parameters ({}) for function {}. Expected: {}",
                       actual, name, expected);
}

BoundExpressionPtr MakeCall(const std::string& function, SqlType type, std::vector<BoundExpressionPtr> children,
                            sql::NodeLocation location) {
  auto e = std::make_shared<BoundExpression>();
  e->kind = BoundKind::kCall;
  e->function = function;
  e->type = std::move(type);
  e->location = location;
  e->children = std::move(children);
  return e;
}

// The common type of `arguments` (Trino's implicit coercions), with casts.
Result<SqlType> CoerceToCommon(std::vector<BoundExpressionPtr>* arguments, sql::NodeLocation location,
                               std::string_view what) {
  SqlType common = SqlType::Of(SqlTypeKind::kUnknown);
  for (const auto& argument : *arguments) {
    auto next = CommonSuperType(common, argument->type);
    if (!next) {
      return sql::SqlError(codes::kTypeMismatch, location, "All {} must be the same type: {}", what,
                           TypeSignature(argument->type));
    }
    common = *next;
  }
  for (auto& argument : *arguments) {
    FLOE_ASSIGN_OR_RETURN(argument, MakeCast(argument, common, false, argument->location));
  }
  return common;
}

Result<BoundExpressionPtr> CoerceTo(BoundExpressionPtr argument, const SqlType& type, const std::string& function,
                                    const std::vector<BoundExpressionPtr>& arguments, sql::NodeLocation location,
                                    std::string_view expected) {
  if (argument->type == type) return argument;
  if (!CanCoerce(argument->type, type)) return Unexpected(function, arguments, location, expected);
  return MakeCast(std::move(argument), type, false, location);
}

bool IsIntegralOrNull(const SqlType& type) { return type.is_integral() || type.kind == SqlTypeKind::kUnknown; }

// The map value's entry for `key`, or nullptr.
const Value* MapLookup(const Elements& entries, const Value& key) {
  for (size_t i = 0; i + 1 < entries.size(); i += 2) {
    if (!entries[i].is_null() && CompareValues(entries[i], key) == 0) return &entries[i + 1];
  }
  return nullptr;
}

Status CheckArrayIndex(int64_t index, size_t size, sql::NodeLocation location) {
  if (index == 0) return sql::SqlError(codes::kInvalidFunctionArgument, location, "SQL array indices start at 1");
  if (index < 0) return sql::SqlError(codes::kInvalidFunctionArgument, location, "Array subscript is negative: {}", index);
  if (static_cast<uint64_t>(index) > size) {
    return sql::SqlError(codes::kInvalidFunctionArgument, location,
                         "Array subscript must be less than or equal to array length: {} > {}", index, size);
  }
  return Status::OK();
}

// Trino's equality of nested values: false when some elements differ,
// NULL (nullopt) when none differ but some are NULL.
std::optional<bool> NestedEqual(const Value& a, const Value& b) {
  if (a.is_null() || b.is_null()) return std::nullopt;
  if (a.data.index() != b.data.index() || !std::holds_alternative<std::shared_ptr<const Elements>>(a.data)) {
    return CompareValues(a, b) == 0;
  }
  const Elements& x = a.elements();
  const Elements& y = b.elements();
  if (x.size() != y.size()) return false;
  bool indeterminate = false;
  for (size_t i = 0; i < x.size(); ++i) {
    auto equal = NestedEqual(x[i], y[i]);
    if (!equal) indeterminate = true;
    else if (!*equal) return false;
  }
  if (indeterminate) return std::nullopt;
  return true;
}

}  // namespace

bool IsNestedComparison(const BoundExpression& e) {
  if (e.kind != BoundKind::kCall || e.children.size() != 2) return false;
  const std::string& f = e.function;
  if (f != "equal" && f != "not_equal" && f != "less_than" && f != "less_than_or_equal" && f != "greater_than" &&
      f != "greater_than_or_equal") {
    return false;
  }
  SqlTypeKind kind = e.children[0]->type.kind;
  return kind == SqlTypeKind::kArray || kind == SqlTypeKind::kMap || kind == SqlTypeKind::kRow;
}

bool IsNestedFunction(const std::string& name) {
  static const std::set<std::string, std::less<>> kNames = {
      "$array", "$row", "$subscript", "$field", "map", "element_at", "cardinality", "contains", "map_keys", "map_values"};
  return kNames.count(name) > 0;
}

Result<BoundExpressionPtr> ResolveNestedFunction(const std::string& name, std::vector<BoundExpressionPtr> arguments,
                                                 sql::NodeLocation location) {
  size_t n = arguments.size();
  if (name == "$array") {
    FLOE_ASSIGN_OR_RETURN(SqlType element, CoerceToCommon(&arguments, location, "ARRAY elements"));
    SqlType type = SqlType::Of(SqlTypeKind::kArray);
    type.children.push_back(element);
    return MakeCall(name, std::move(type), std::move(arguments), location);
  }
  if (name == "$row") {
    SqlType type = SqlType::Of(SqlTypeKind::kRow);
    for (const auto& argument : arguments) {
      type.children.push_back(argument->type);
      type.field_names.emplace_back();
    }
    return MakeCall(name, std::move(type), std::move(arguments), location);
  }
  if (name == "map") {
    constexpr std::string_view kExpected = "map(), map(array(K), array(V))";
    if (n == 0) {
      SqlType type = SqlType::Of(SqlTypeKind::kMap);
      type.children = {SqlType::Of(SqlTypeKind::kUnknown), SqlType::Of(SqlTypeKind::kUnknown)};
      return MakeCall(name, std::move(type), {}, location);
    }
    if (n != 2 || arguments[0]->type.kind != SqlTypeKind::kArray || arguments[1]->type.kind != SqlTypeKind::kArray) {
      return Unexpected(name, arguments, location, kExpected);
    }
    SqlType type = SqlType::Of(SqlTypeKind::kMap);
    type.children = {arguments[0]->type.children[0], arguments[1]->type.children[0]};
    return MakeCall(name, std::move(type), std::move(arguments), location);
  }
  if (name == "$subscript" || name == "element_at") {
    constexpr std::string_view kExpected = "element_at(array(E), bigint), element_at(map(K,V), K)";
    if (n != 2) return Unexpected(name, arguments, location, kExpected);
    const SqlType base = arguments[0]->type;
    if (base.kind == SqlTypeKind::kArray) {
      if (!IsIntegralOrNull(arguments[1]->type)) {
        if (name == "$subscript") {
          return sql::SqlError(codes::kTypeMismatch, location, "Cannot use {} for subscript of {}",
                               TypeSignature(arguments[1]->type), TypeSignature(base));
        }
        return Unexpected(name, arguments, location, kExpected);
      }
      FLOE_ASSIGN_OR_RETURN(arguments[1], MakeCast(arguments[1], SqlType::Of(SqlTypeKind::kBigint), false, location));
      return MakeCall(name, base.children[0], std::move(arguments), location);
    }
    if (base.kind == SqlTypeKind::kMap) {
      if (!CanCoerce(arguments[1]->type, base.children[0])) {
        if (name == "$subscript") {
          return sql::SqlError(codes::kTypeMismatch, location, "Cannot use {} for subscript of {}",
                               TypeSignature(arguments[1]->type), TypeSignature(base));
        }
        return Unexpected(name, arguments, location, kExpected);
      }
      FLOE_ASSIGN_OR_RETURN(arguments[1], MakeCast(arguments[1], base.children[0], false, location));
      return MakeCall(name, base.children[1], std::move(arguments), location);
    }
    if (base.kind == SqlTypeKind::kRow && name == "$subscript") {
      // Trino: a row subscript is a constant field index, 1-based.
      const BoundExpression& index = *arguments[1];
      if (!index.is_constant() || !index.type.is_integral() || index.constant.is_null()) {
        return sql::SqlError(codes::kInvalidFunctionArgument, location, "Subscript expression on ROW requires a constant index");
      }
      int64_t field = index.constant.integer();
      if (field < 1 || static_cast<size_t>(field) > base.children.size()) {
        return sql::SqlError(codes::kInvalidFunctionArgument, location, "Invalid subscript index: {}. ROW indices start at 1",
                             field);
      }
      auto constant = MakeConstant(Value::Integer(field - 1), SqlType::Of(SqlTypeKind::kInteger), location);
      return MakeCall("$field", base.children[static_cast<size_t>(field - 1)], {arguments[0], constant}, location);
    }
    if (name == "$subscript") {
      return sql::SqlError(codes::kTypeMismatch, location, "Cannot use {} for subscript of {}",
                           TypeSignature(arguments[1]->type), TypeSignature(base));
    }
    return Unexpected(name, arguments, location, kExpected);
  }
  if (name == "cardinality") {
    if (n != 1 || (arguments[0]->type.kind != SqlTypeKind::kArray && arguments[0]->type.kind != SqlTypeKind::kMap)) {
      return Unexpected(name, arguments, location, "cardinality(array(E)), cardinality(map(K,V))");
    }
    return MakeCall(name, SqlType::Of(SqlTypeKind::kBigint), std::move(arguments), location);
  }
  if (name == "contains") {
    constexpr std::string_view kExpected = "contains(array(T), T)";
    if (n != 2 || arguments[0]->type.kind != SqlTypeKind::kArray) return Unexpected(name, arguments, location, kExpected);
    auto common = CommonSuperType(arguments[0]->type.children[0], arguments[1]->type);
    if (!common) return Unexpected(name, arguments, location, kExpected);
    SqlType array = SqlType::Of(SqlTypeKind::kArray);
    array.children.push_back(*common);
    FLOE_ASSIGN_OR_RETURN(arguments[0], CoerceTo(arguments[0], array, name, arguments, location, kExpected));
    FLOE_ASSIGN_OR_RETURN(arguments[1], MakeCast(arguments[1], *common, false, location));
    return MakeCall(name, SqlType::Of(SqlTypeKind::kBoolean), std::move(arguments), location);
  }
  if (name == "map_keys" || name == "map_values") {
    if (n != 1 || arguments[0]->type.kind != SqlTypeKind::kMap) {
      return Unexpected(name, arguments, location, name + "(map(K,V))");
    }
    SqlType type = SqlType::Of(SqlTypeKind::kArray);
    type.children.push_back(arguments[0]->type.children[name == "map_keys" ? 0 : 1]);
    return MakeCall(name, std::move(type), std::move(arguments), location);
  }
  if (name == "$field") {
    return sql::SqlError(codes::kGenericInternalError, location, "$field is bound by ResolveFieldAccess");
  }
  return sql::SqlError(codes::kFunctionNotFound, location, "Function '{}' not registered", name);
}

Result<BoundExpressionPtr> ResolveFieldAccess(BoundExpressionPtr row, const std::string& field,
                                              sql::NodeLocation location) {
  if (row->type.kind != SqlTypeKind::kRow) {
    return sql::SqlError(codes::kTypeMismatch, location, "Expression {} is not of type ROW", TypeSignature(row->type));
  }
  std::string wanted = field;
  std::transform(wanted.begin(), wanted.end(), wanted.begin(), [](unsigned char c) { return std::tolower(c); });
  for (size_t i = 0; i < row->type.field_names.size() && i < row->type.children.size(); ++i) {
    std::string name = row->type.field_names[i];
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name == wanted) {
      auto index = MakeConstant(Value::Integer(static_cast<int64_t>(i)), SqlType::Of(SqlTypeKind::kInteger), location);
      return MakeCall("$field", row->type.children[i], {row, index}, location);
    }
  }
  return sql::SqlError(codes::kColumnNotFound, location, "Column '{}' cannot be resolved", field);
}

Status EvaluateNestedFunction(const BoundExpression& e, const std::vector<std::shared_ptr<columnar::Vector>>& inputs,
                              const std::vector<uint32_t>& rows, VectorBuilder* out) {
  const std::string& f = e.function;
  std::vector<Value> args(inputs.size());
  bool comparison = IsNestedComparison(e);
  for (uint32_t row : rows) {
    for (size_t i = 0; i < inputs.size(); ++i) args[i] = ReadValue(*inputs[i], row, e.children[i]->type);
    if (comparison) {
      if (args[0].is_null() || args[1].is_null()) continue;
      if (f == "equal" || f == "not_equal") {
        auto equal = NestedEqual(args[0], args[1]);
        if (equal) out->SetValue(row, Value::Boolean(*equal == (f == "equal")));
        continue;
      }
      auto order = CompareValues(args[0], args[1]);
      bool result = f == "less_than" ? order < 0 : f == "less_than_or_equal" ? order <= 0 : f == "greater_than" ? order > 0 : order >= 0;
      out->SetValue(row, Value::Boolean(result));
      continue;
    }
    if (f == "$array" || f == "$row") {
      out->SetValue(row, Value::Nested(args));
      continue;
    }
    if (f == "map") {
      if (args.empty()) {
        out->SetValue(row, Value::Nested({}));
        continue;
      }
      if (args[0].is_null() || args[1].is_null()) continue;
      const Elements& keys = args[0].elements();
      const Elements& values = args[1].elements();
      if (keys.size() != values.size()) {
        return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "Key and value arrays must be the same length");
      }
      Elements entries;
      std::set<std::string> seen;
      for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].is_null()) return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "map key cannot be null");
        std::string key;
        AppendValueKey(&key, keys[i]);
        if (!seen.insert(key).second) {
          return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "Duplicate map keys ({}) are not allowed",
                               FormatValue(keys[i], e.type.children[0]));
        }
        entries.push_back(keys[i]);
        entries.push_back(values[i]);
      }
      out->SetValue(row, Value::Nested(std::move(entries)));
      continue;
    }
    // The rest: NULL in, NULL out (contains looks for NULL elements itself).
    if (args[0].is_null() || (args.size() > 1 && args[1].is_null() && f != "contains")) continue;
    const Elements& elements = args[0].elements();
    const SqlType& base = e.children[0]->type;
    if (f == "$field") {
      size_t index = static_cast<size_t>(args[1].integer());
      if (index < elements.size()) out->SetValue(row, elements[index]);
    } else if (f == "$subscript" || f == "element_at") {
      if (base.kind == SqlTypeKind::kMap) {
        const Value* found = MapLookup(elements, args[1]);
        if (!found) {
          if (f == "element_at") continue;
          return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "Key not present in map: {}",
                               FormatValue(args[1], base.children[0]));
        }
        out->SetValue(row, *found);
        continue;
      }
      int64_t index = args[1].integer();
      if (f == "$subscript") {
        FLOE_RETURN_IF_ERROR(CheckArrayIndex(index, elements.size(), e.location));
        out->SetValue(row, elements[static_cast<size_t>(index - 1)]);
        continue;
      }
      if (index == 0) return sql::SqlError(codes::kInvalidFunctionArgument, e.location, "SQL array indices start at 1");
      int64_t size = static_cast<int64_t>(elements.size());
      int64_t position = index > 0 ? index - 1 : size + index;
      if (position >= 0 && position < size) out->SetValue(row, elements[static_cast<size_t>(position)]);
    } else if (f == "cardinality") {
      int64_t size = static_cast<int64_t>(elements.size());
      out->SetValue(row, Value::Integer(base.kind == SqlTypeKind::kMap ? size / 2 : size));
    } else if (f == "contains") {
      if (args[1].is_null()) continue;
      bool found = false, saw_null = false;
      for (const Value& element : elements) {
        if (element.is_null()) {
          saw_null = true;
        } else if (CompareValues(element, args[1]) == 0) {
          found = true;
          break;
        }
      }
      if (found || !saw_null) out->SetValue(row, Value::Boolean(found));
    } else if (f == "map_keys" || f == "map_values") {
      Elements part;
      for (size_t i = f == "map_keys" ? 0 : 1; i < elements.size(); i += 2) part.push_back(elements[i]);
      out->SetValue(row, Value::Nested(std::move(part)));
    } else {
      return sql::SqlError(codes::kGenericInternalError, e.location, "unknown nested function {}", f);
    }
  }
  return Status::OK();
}

}  // namespace floe::engine
