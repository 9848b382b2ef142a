#include "floe/engine/sql_type.h"

#include <algorithm>

#include "floe/sql/error.h"

namespace floe::engine {

using sql::error_codes::kNotSupported;
using sql::error_codes::kTypeNotFound;

std::string_view RawTypeName(const SqlType& type) {
  switch (type.kind) {
    case SqlTypeKind::kUnknown: return "unknown";
    case SqlTypeKind::kBoolean: return "boolean";
    case SqlTypeKind::kTinyint: return "tinyint";
    case SqlTypeKind::kSmallint: return "smallint";
    case SqlTypeKind::kInteger: return "integer";
    case SqlTypeKind::kBigint: return "bigint";
    case SqlTypeKind::kReal: return "real";
    case SqlTypeKind::kDouble: return "double";
    case SqlTypeKind::kDecimal: return "decimal";
    case SqlTypeKind::kVarchar: return "varchar";
    case SqlTypeKind::kVarbinary: return "varbinary";
    case SqlTypeKind::kDate: return "date";
    case SqlTypeKind::kTime: return "time";
    case SqlTypeKind::kTimestamp: return "timestamp";
    case SqlTypeKind::kTimestampTz: return "timestamp with time zone";
    case SqlTypeKind::kUuid: return "uuid";
    case SqlTypeKind::kArray: return "array";
    case SqlTypeKind::kMap: return "map";
    case SqlTypeKind::kRow: return "row";
    case SqlTypeKind::kIntervalDayToSecond: return "interval day to second";
    case SqlTypeKind::kIntervalYearToMonth: return "interval year to month";
  }
  return "unknown";
}

std::string TypeSignature(const SqlType& type) {
  switch (type.kind) {
    case SqlTypeKind::kDecimal: return fmt::format("decimal({},{})", type.precision, type.scale);
    case SqlTypeKind::kVarchar: return type.length ? fmt::format("varchar({})", *type.length) : "varchar";
    case SqlTypeKind::kTime: return fmt::format("time({})", type.precision);
    case SqlTypeKind::kTimestamp: return fmt::format("timestamp({})", type.precision);
    case SqlTypeKind::kTimestampTz: return fmt::format("timestamp({}) with time zone", type.precision);
    case SqlTypeKind::kArray: return "array(" + TypeSignature(type.children[0]) + ")";
    case SqlTypeKind::kMap:
      return "map(" + TypeSignature(type.children[0]) + "," + TypeSignature(type.children[1]) + ")";
    case SqlTypeKind::kRow: {
      std::string out = "row(";
      for (size_t i = 0; i < type.children.size(); ++i) {
        if (i > 0) out += ",";
        if (i < type.field_names.size() && !type.field_names[i].empty()) out += type.field_names[i] + " ";
        out += TypeSignature(type.children[i]);
      }
      return out + ")";
    }
    default: return std::string(RawTypeName(type));  // no parameters
  }
}

std::string DisplayName(const SqlType& type) {
  switch (type.kind) {
    case SqlTypeKind::kArray: return "array(" + DisplayName(type.children[0]) + ")";
    case SqlTypeKind::kMap: return "map(" + DisplayName(type.children[0]) + ", " + DisplayName(type.children[1]) + ")";
    case SqlTypeKind::kRow: {
      std::string out = "row(";
      for (size_t i = 0; i < type.children.size(); ++i) {
        if (i > 0) out += ", ";
        if (i < type.field_names.size() && !type.field_names[i].empty()) out += type.field_names[i] + " ";
        out += DisplayName(type.children[i]);
      }
      return out + ")";
    }
    default: return TypeSignature(type);
  }
}

columnar::DataType ColumnarTypeOf(const SqlType& type) {
  using columnar::DataType;
  using columnar::TypeId;
  switch (type.kind) {
    case SqlTypeKind::kUnknown:
    case SqlTypeKind::kBoolean: return DataType(TypeId::kBool);
    case SqlTypeKind::kTinyint:
    case SqlTypeKind::kSmallint:
    case SqlTypeKind::kInteger: return DataType(TypeId::kInt32);
    case SqlTypeKind::kBigint:
    case SqlTypeKind::kIntervalDayToSecond:
    case SqlTypeKind::kIntervalYearToMonth: return DataType(TypeId::kInt64);
    case SqlTypeKind::kReal: return DataType(TypeId::kFloat);
    case SqlTypeKind::kDouble: return DataType(TypeId::kDouble);
    case SqlTypeKind::kDecimal: return DataType::Decimal(type.precision, type.scale);
    case SqlTypeKind::kVarchar: return DataType(TypeId::kString);
    case SqlTypeKind::kVarbinary: return DataType(TypeId::kBinary);
    case SqlTypeKind::kDate: return DataType(TypeId::kDate);
    case SqlTypeKind::kTime: return DataType(TypeId::kTime);
    case SqlTypeKind::kTimestamp: return DataType::Timestamp(false);
    case SqlTypeKind::kTimestampTz: return DataType::Timestamp(true);
    case SqlTypeKind::kUuid: return DataType::FixedBinary(16);
    case SqlTypeKind::kArray: {
      return DataType::List(columnar::Field{"element", ColumnarTypeOf(type.children[0])});
    }
    case SqlTypeKind::kMap:
      return DataType::Map(columnar::Field{"key", ColumnarTypeOf(type.children[0]), false},
                           columnar::Field{"value", ColumnarTypeOf(type.children[1])});
    case SqlTypeKind::kRow: {
      std::vector<columnar::Field> fields;
      for (size_t i = 0; i < type.children.size(); ++i) {
        fields.push_back(columnar::Field{i < type.field_names.size() ? type.field_names[i] : "",
                                         ColumnarTypeOf(type.children[i])});
      }
      return DataType::Struct(std::move(fields));
    }
  }
  return DataType(TypeId::kBool);
}

Result<SqlType> ResolveType(const sql::TypeSpec& spec) {
  const std::string& name = spec.name;
  auto no_parameters = [&](SqlTypeKind kind) -> Result<SqlType> {
    if (!spec.parameters.empty()) {
      return sql::SqlError(kTypeNotFound, spec.location, "Unknown type: {}", name + "(...)");
    }
    return SqlType::Of(kind);
  };
  if (name == "boolean") return no_parameters(SqlTypeKind::kBoolean);
  if (name == "tinyint") return no_parameters(SqlTypeKind::kTinyint);
  if (name == "smallint") return no_parameters(SqlTypeKind::kSmallint);
  if (name == "integer" || name == "int") return no_parameters(SqlTypeKind::kInteger);
  if (name == "bigint") return no_parameters(SqlTypeKind::kBigint);
  if (name == "real") return no_parameters(SqlTypeKind::kReal);
  if (name == "double") return no_parameters(SqlTypeKind::kDouble);
  if (name == "varbinary") return no_parameters(SqlTypeKind::kVarbinary);
  if (name == "date") return no_parameters(SqlTypeKind::kDate);
  if (name == "uuid") return no_parameters(SqlTypeKind::kUuid);
  if (name == "decimal" || name == "numeric") {
    int64_t precision = spec.parameters.size() > 0 ? spec.parameters[0] : 38;
    int64_t scale = spec.parameters.size() > 1 ? spec.parameters[1] : 0;
    if (spec.parameters.size() > 2 || precision < 1 || precision > 38) {
      return sql::SqlError(sql::error_codes::kInvalidArguments, spec.location,
                           "DECIMAL precision must be in range [1, 38]: {}", precision);
    }
    if (scale < 0 || scale > precision) {
      return sql::SqlError(sql::error_codes::kInvalidArguments, spec.location,
                           "DECIMAL scale must be in range [0, precision ({})]: {}", precision, scale);
    }
    return SqlType::Decimal(static_cast<int32_t>(precision), static_cast<int32_t>(scale));
  }
  if (name == "varchar" || name == "char") {
    SqlType type = SqlType::Varchar();
    if (name == "char") {
      return sql::SqlError(kNotSupported, spec.location, "char(n) is not supported yet; use varchar");
    }
    if (spec.parameters.size() > 1) return sql::SqlError(kTypeNotFound, spec.location, "Unknown type: varchar(...)");
    if (!spec.parameters.empty()) {
      if (spec.parameters[0] < 1 || spec.parameters[0] > INT32_MAX) {
        return sql::SqlError(sql::error_codes::kInvalidArguments, spec.location, "VARCHAR length must be positive");
      }
      type.length = static_cast<int32_t>(spec.parameters[0]);
    }
    return type;
  }
  if (name == "time" || name == "timestamp") {
    int64_t precision = spec.parameters.empty() ? (name == "time" ? 3 : 3) : spec.parameters[0];
    if (spec.parameters.size() > 1 || precision < 0 || precision > 12) {
      return sql::SqlError(sql::error_codes::kInvalidArguments, spec.location, "{} precision must be in range [0, 12]",
                           name);
    }
    SqlType type = SqlType::Of(name == "time" ? SqlTypeKind::kTime
                               : spec.with_time_zone ? SqlTypeKind::kTimestampTz
                                                     : SqlTypeKind::kTimestamp);
    if (name == "time" && spec.with_time_zone) {
      return sql::SqlError(kNotSupported, spec.location, "time with time zone is not supported");
    }
    // Values are kept in microseconds: precisions up to 6 are exact.
    if (precision > 6) {
      return sql::SqlError(kNotSupported, spec.location, "{}({}) is not supported; the maximum precision is 6", name,
                           precision);
    }
    type.precision = static_cast<int32_t>(precision);
    return type;
  }
  if (name == "array" || name == "map" || name == "row") {
    SqlType type = SqlType::Of(name == "array" ? SqlTypeKind::kArray
                               : name == "map" ? SqlTypeKind::kMap
                                               : SqlTypeKind::kRow);
    if ((name == "array" && spec.arguments.size() != 1) || (name == "map" && spec.arguments.size() != 2)) {
      return sql::SqlError(kTypeNotFound, spec.location, "Unknown type: {}", name);
    }
    for (const sql::TypeSpec& argument : spec.arguments) {
      FLOE_ASSIGN_OR_RETURN(SqlType child, ResolveType(argument));
      type.children.push_back(std::move(child));
    }
    type.field_names = spec.field_names;
    return type;
  }
  if (name == "interval day to second") return no_parameters(SqlTypeKind::kIntervalDayToSecond);
  if (name == "interval year to month") return no_parameters(SqlTypeKind::kIntervalYearToMonth);
  if (name.starts_with("interval")) {
    return sql::SqlError(kNotSupported, spec.location, "type {} is not supported yet", name);
  }
  return sql::SqlError(kTypeNotFound, spec.location, "Unknown type: {}", name);
}

Result<iceberg::TypePtr> IcebergTypeOf(const SqlType& type, int32_t* next_field_id, sql::NodeLocation location) {
  using iceberg::PrimitiveType;
  using iceberg::TypeId;
  switch (type.kind) {
    case SqlTypeKind::kBoolean: return PrimitiveType::Get(TypeId::kBoolean);
    case SqlTypeKind::kTinyint:
    case SqlTypeKind::kSmallint:
    case SqlTypeKind::kInteger: return PrimitiveType::Get(TypeId::kInt);
    case SqlTypeKind::kBigint: return PrimitiveType::Get(TypeId::kLong);
    case SqlTypeKind::kReal: return PrimitiveType::Get(TypeId::kFloat);
    case SqlTypeKind::kDouble: return PrimitiveType::Get(TypeId::kDouble);
    case SqlTypeKind::kDecimal: return PrimitiveType::Decimal(type.precision, type.scale);
    case SqlTypeKind::kVarchar: return PrimitiveType::Get(TypeId::kString);
    case SqlTypeKind::kVarbinary: return PrimitiveType::Get(TypeId::kBinary);
    case SqlTypeKind::kDate: return PrimitiveType::Get(TypeId::kDate);
    case SqlTypeKind::kTime:
      if (type.precision != 6) break;
      return PrimitiveType::Get(TypeId::kTime);
    case SqlTypeKind::kTimestamp:
      if (type.precision != 6) break;
      return PrimitiveType::Get(TypeId::kTimestamp);
    case SqlTypeKind::kTimestampTz:
      if (type.precision != 6) break;
      return PrimitiveType::Get(TypeId::kTimestampTz);
    case SqlTypeKind::kUuid: return PrimitiveType::Get(TypeId::kUuid);
    case SqlTypeKind::kArray: {
      int32_t element_id = (*next_field_id)++;
      FLOE_ASSIGN_OR_RETURN(auto element, IcebergTypeOf(type.children[0], next_field_id, location));
      return std::make_shared<iceberg::ListType>(iceberg::NestedField{element_id, "element", element, false});
    }
    case SqlTypeKind::kMap: {
      int32_t key_id = (*next_field_id)++;
      int32_t value_id = (*next_field_id)++;
      FLOE_ASSIGN_OR_RETURN(auto key, IcebergTypeOf(type.children[0], next_field_id, location));
      FLOE_ASSIGN_OR_RETURN(auto value, IcebergTypeOf(type.children[1], next_field_id, location));
      return std::make_shared<iceberg::MapType>(iceberg::NestedField{key_id, "key", key, true},
                                                iceberg::NestedField{value_id, "value", value, false});
    }
    case SqlTypeKind::kRow: {
      std::vector<int32_t> ids;
      for (size_t i = 0; i < type.children.size(); ++i) ids.push_back((*next_field_id)++);
      std::vector<iceberg::NestedField> fields;
      for (size_t i = 0; i < type.children.size(); ++i) {
        std::string name = i < type.field_names.size() && !type.field_names[i].empty() ? type.field_names[i]
                                                                                          : fmt::format("_col{}", i);
        FLOE_ASSIGN_OR_RETURN(auto child, IcebergTypeOf(type.children[i], next_field_id, location));
        fields.push_back(iceberg::NestedField{ids[i], name, child, false});
      }
      return std::make_shared<iceberg::StructType>(std::move(fields));
    }
    case SqlTypeKind::kUnknown:
    case SqlTypeKind::kIntervalDayToSecond:
    case SqlTypeKind::kIntervalYearToMonth: break;
  }
  return sql::SqlError(kNotSupported, location, "Type not supported for Iceberg: {}", TypeSignature(type));
}

Result<SqlType> SqlTypeOfIceberg(const iceberg::Type& type, std::string_view column) {
  using iceberg::TypeId;
  switch (type.id()) {
    case TypeId::kBoolean: return SqlType::Of(SqlTypeKind::kBoolean);
    case TypeId::kInt: return SqlType::Of(SqlTypeKind::kInteger);
    case TypeId::kLong: return SqlType::Of(SqlTypeKind::kBigint);
    case TypeId::kFloat: return SqlType::Of(SqlTypeKind::kReal);
    case TypeId::kDouble: return SqlType::Of(SqlTypeKind::kDouble);
    case TypeId::kDecimal: {
      const auto& primitive = static_cast<const iceberg::PrimitiveType&>(type);
      return SqlType::Decimal(primitive.precision(), primitive.scale());
    }
    case TypeId::kDate: return SqlType::Of(SqlTypeKind::kDate);
    case TypeId::kTime: return SqlType{SqlTypeKind::kTime, 6};
    case TypeId::kTimestamp: return SqlType::Timestamp(false);
    case TypeId::kTimestampTz: return SqlType::Timestamp(true);
    case TypeId::kString: return SqlType::Varchar();
    case TypeId::kUuid: return SqlType::Of(SqlTypeKind::kUuid);
    case TypeId::kBinary:
    case TypeId::kFixed: return SqlType::Of(SqlTypeKind::kVarbinary);
    case TypeId::kList: {
      FLOE_ASSIGN_OR_RETURN(SqlType element, SqlTypeOfIceberg(*type.AsList()->element().type, column));
      SqlType result = SqlType::Of(SqlTypeKind::kArray);
      result.children.push_back(std::move(element));
      return result;
    }
    case TypeId::kMap: {
      FLOE_ASSIGN_OR_RETURN(SqlType key, SqlTypeOfIceberg(*type.AsMap()->key().type, column));
      FLOE_ASSIGN_OR_RETURN(SqlType value, SqlTypeOfIceberg(*type.AsMap()->value().type, column));
      SqlType result = SqlType::Of(SqlTypeKind::kMap);
      result.children = {std::move(key), std::move(value)};
      return result;
    }
    case TypeId::kStruct: {
      SqlType result = SqlType::Of(SqlTypeKind::kRow);
      for (const auto& field : type.AsStruct()->fields()) {
        FLOE_ASSIGN_OR_RETURN(SqlType child, SqlTypeOfIceberg(*field.type, column));
        result.children.push_back(std::move(child));
        result.field_names.push_back(field.name);
      }
      return result;
    }
    default: break;
  }
  return sql::SqlErrorNoLocation(kNotSupported, "Iceberg type {} of column {} is not supported yet", type.ToString(),
                                 column);
}

SqlType DecimalOfIntegral(const SqlType& type) {
  switch (type.kind) {
    case SqlTypeKind::kTinyint: return SqlType::Decimal(3, 0);
    case SqlTypeKind::kSmallint: return SqlType::Decimal(5, 0);
    case SqlTypeKind::kInteger: return SqlType::Decimal(10, 0);
    default: return SqlType::Decimal(19, 0);
  }
}

namespace {

int IntegralRank(SqlTypeKind kind) {
  switch (kind) {
    case SqlTypeKind::kTinyint: return 1;
    case SqlTypeKind::kSmallint: return 2;
    case SqlTypeKind::kInteger: return 3;
    case SqlTypeKind::kBigint: return 4;
    default: return 0;
  }
}

}  // namespace

std::optional<SqlType> CommonSuperType(const SqlType& a, const SqlType& b) {
  if (a == b) return a;
  if (a.kind == SqlTypeKind::kUnknown) return b;
  if (b.kind == SqlTypeKind::kUnknown) return a;
  if (a.is_integral() && b.is_integral()) return IntegralRank(a.kind) >= IntegralRank(b.kind) ? a : b;
  if (a.is_numeric() && b.is_numeric()) {
    if (a.kind == SqlTypeKind::kDouble || b.kind == SqlTypeKind::kDouble) return SqlType::Of(SqlTypeKind::kDouble);
    if (a.kind == SqlTypeKind::kReal || b.kind == SqlTypeKind::kReal) {
      // real with decimal/integral -> real (Trino), except bigint/decimal precision loss is accepted.
      return SqlType::Of(SqlTypeKind::kReal);
    }
    SqlType da = a.kind == SqlTypeKind::kDecimal ? a : DecimalOfIntegral(a);
    SqlType db = b.kind == SqlTypeKind::kDecimal ? b : DecimalOfIntegral(b);
    int32_t scale = std::max(da.scale, db.scale);
    int32_t integral = std::max(da.precision - da.scale, db.precision - db.scale);
    return SqlType::Decimal(std::min(38, integral + scale), scale);
  }
  if (a.kind == SqlTypeKind::kVarchar && b.kind == SqlTypeKind::kVarchar) {
    if (!a.length || !b.length) return SqlType::Varchar();
    SqlType result = SqlType::Varchar();
    result.length = std::max(*a.length, *b.length);
    return result;
  }
  if ((a.kind == SqlTypeKind::kDate && b.kind == SqlTypeKind::kTimestamp) ||
      (a.kind == SqlTypeKind::kTimestamp && b.kind == SqlTypeKind::kDate)) {
    return a.kind == SqlTypeKind::kTimestamp ? a : b;
  }
  if ((a.kind == SqlTypeKind::kTimestamp || a.kind == SqlTypeKind::kTimestampTz || a.kind == SqlTypeKind::kTime) &&
      a.kind == b.kind) {
    SqlType result = a;
    result.precision = std::max(a.precision, b.precision);
    return result;
  }
  if ((a.kind == SqlTypeKind::kTimestamp && b.kind == SqlTypeKind::kTimestampTz) ||
      (a.kind == SqlTypeKind::kTimestampTz && b.kind == SqlTypeKind::kTimestamp)) {
    return SqlType{SqlTypeKind::kTimestampTz, std::max(a.precision, b.precision)};
  }
  if (a.kind == SqlTypeKind::kArray && b.kind == SqlTypeKind::kArray) {
    auto element = CommonSuperType(a.children[0], b.children[0]);
    if (!element) return std::nullopt;
    SqlType result = a;
    result.children[0] = *element;
    return result;
  }
  if ((a.kind == SqlTypeKind::kMap || a.kind == SqlTypeKind::kRow) && a.kind == b.kind &&
      a.children.size() == b.children.size()) {
    SqlType result = a;
    for (size_t i = 0; i < a.children.size(); ++i) {
      auto child = CommonSuperType(a.children[i], b.children[i]);
      if (!child) return std::nullopt;
      result.children[i] = *child;
    }
    // Row fields keep the name either side gives (anonymous when they disagree).
    if (a.kind == SqlTypeKind::kRow) result.field_names.resize(a.children.size());
    for (size_t i = 0; i < result.field_names.size(); ++i) {
      std::string other = i < b.field_names.size() ? b.field_names[i] : "";
      if (result.field_names[i].empty()) result.field_names[i] = other;
      else if (!other.empty() && other != result.field_names[i]) result.field_names[i].clear();
    }
    return result;
  }
  return std::nullopt;
}

bool CanCoerce(const SqlType& from, const SqlType& to) {
  auto common = CommonSuperType(from, to);
  return common && *common == to;
}

}  // namespace floe::engine
