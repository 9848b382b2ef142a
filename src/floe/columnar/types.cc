#include "floe/columnar/types.h"

#include <fmt/format.h>

namespace floe::columnar {

bool DataType::operator==(const DataType& other) const {
  return id == other.id && byte_width == other.byte_width && precision == other.precision &&
         scale == other.scale && adjusted_to_utc == other.adjusted_to_utc && children == other.children;
}

DataType DataType::Decimal(int32_t precision, int32_t scale) {
  DataType type{TypeId::kDecimal};
  type.precision = precision;
  type.scale = scale;
  return type;
}

DataType DataType::FixedBinary(int32_t byte_width) {
  DataType type{TypeId::kFixedBinary};
  type.byte_width = byte_width;
  return type;
}

DataType DataType::Timestamp(bool adjusted_to_utc, bool nanos) {
  DataType type{nanos ? TypeId::kTimestampNs : TypeId::kTimestamp};
  type.adjusted_to_utc = adjusted_to_utc;
  return type;
}

DataType DataType::Struct(std::vector<Field> fields) {
  DataType type{TypeId::kStruct};
  type.children = std::move(fields);
  return type;
}

DataType DataType::List(Field element) {
  DataType type{TypeId::kList};
  type.children.push_back(std::move(element));
  return type;
}

DataType DataType::Map(Field key, Field value) {
  DataType type{TypeId::kMap};
  type.children.push_back(std::move(key));
  type.children.push_back(std::move(value));
  return type;
}

int32_t ValueWidth(const DataType& type) {
  switch (type.id) {
    case TypeId::kBool:
    case TypeId::kInt8:
      return 1;
    case TypeId::kInt16:
      return 2;
    case TypeId::kInt32:
    case TypeId::kFloat:
    case TypeId::kDate:
      return 4;
    case TypeId::kInt64:
    case TypeId::kDouble:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampNs:
      return 8;
    case TypeId::kDecimal:
      return 16;
    case TypeId::kFixedBinary:
      return type.byte_width;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kList:
    case TypeId::kMap:
      return 4;
    case TypeId::kStruct:
      return 0;
  }
  return 0;
}

bool IsVariableWidth(TypeId id) { return id == TypeId::kString || id == TypeId::kBinary; }

bool IsNested(TypeId id) { return id == TypeId::kStruct || id == TypeId::kList || id == TypeId::kMap; }

std::string TypeToString(const DataType& type) {
  switch (type.id) {
    case TypeId::kBool: return "bool";
    case TypeId::kInt8: return "int8";
    case TypeId::kInt16: return "int16";
    case TypeId::kInt32: return "int32";
    case TypeId::kInt64: return "int64";
    case TypeId::kFloat: return "float";
    case TypeId::kDouble: return "double";
    case TypeId::kDecimal: return fmt::format("decimal({}, {})", type.precision, type.scale);
    case TypeId::kDate: return "date";
    case TypeId::kTime: return "time";
    case TypeId::kTimestamp: return type.adjusted_to_utc ? "timestamptz" : "timestamp";
    case TypeId::kTimestampNs: return type.adjusted_to_utc ? "timestamptz_ns" : "timestamp_ns";
    case TypeId::kString: return "string";
    case TypeId::kBinary: return "binary";
    case TypeId::kFixedBinary: return fmt::format("fixed({})", type.byte_width);
    case TypeId::kStruct: {
      std::string text = "struct<";
      for (size_t i = 0; i < type.children.size(); ++i) {
        if (i) text += ", ";
        text += type.children[i].name + ": " + TypeToString(type.children[i].type);
      }
      return text + ">";
    }
    case TypeId::kList:
      return "list<" + (type.children.empty() ? std::string("?") : TypeToString(type.children[0].type)) + ">";
    case TypeId::kMap:
      if (type.children.size() != 2) return "map<?>";
      return "map<" + TypeToString(type.children[0].type) + ", " + TypeToString(type.children[1].type) + ">";
  }
  return "unknown";
}

}  // namespace floe::columnar
