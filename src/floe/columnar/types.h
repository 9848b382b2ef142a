// Logical types of the columnar batch format (see README.md).
//
// Contract: a DataType names one physical in-memory representation:
//   kBool            1 byte per value (0/1), not bit-packed: cheap to branch on
//   kInt8..kInt64    native little-endian integers
//   kFloat, kDouble  IEEE 754
//   kDecimal         __int128 unscaled value; precision/scale in the type
//   kDate            int32 days since 1970-01-01
//   kTime            int64 microseconds since midnight
//   kTimestamp       int64 microseconds since the epoch (adjusted_to_utc: tz)
//   kTimestampNs     int64 nanoseconds since the epoch
//   kString/kBinary  int32 offsets (length + 1) + bytes; strings are UTF-8
//   kFixedBinary     byte_width bytes per value, contiguous
//   kStruct          one child vector per field, same length as the struct
//   kList            int32 offsets (length + 1) + one element child
//   kMap             int32 offsets (length + 1) + key child + value child
// Types are plain values: copyable, comparable, thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace floe::columnar {

enum class TypeId : uint8_t {
  kBool,
  kInt8,
  kInt16,
  kInt32,
  kInt64,
  kFloat,
  kDouble,
  kDecimal,
  kDate,
  kTime,
  kTimestamp,
  kTimestampNs,
  kString,
  kBinary,
  kFixedBinary,
  kStruct,
  kList,
  kMap,
};

struct Field;

struct DataType {
  DataType() = default;
  explicit DataType(TypeId type_id);  // defined below, once Field is complete

  TypeId id = TypeId::kInt32;
  int32_t byte_width = 0;  // kFixedBinary
  int32_t precision = 0;   // kDecimal
  int32_t scale = 0;       // kDecimal
  bool adjusted_to_utc = false;  // kTime, kTimestamp, kTimestampNs
  std::vector<Field> children;   // kStruct fields; kList {element}; kMap {key, value}

  bool operator==(const DataType& other) const;

  static DataType Primitive(TypeId id);
  static DataType Decimal(int32_t precision, int32_t scale);
  static DataType FixedBinary(int32_t byte_width);
  static DataType Timestamp(bool adjusted_to_utc, bool nanos = false);
  static DataType Struct(std::vector<Field> fields);
  static DataType List(Field element);
  static DataType Map(Field key, Field value);
};

struct Field {
  std::string name;
  DataType type;
  bool nullable = true;
  int32_t field_id = -1;  // the Iceberg field id, -1 when the source has none

  bool operator==(const Field& other) const = default;
};

inline DataType::DataType(TypeId type_id) : id(type_id) {}
inline DataType DataType::Primitive(TypeId id) { return DataType(id); }

// The fields of a batch.
using Schema = std::vector<Field>;

// Bytes per value in the `values` buffer for fixed-width types (kBool: 1,
// kDecimal: 16, kFixedBinary: byte_width); 4 (offsets/indices) otherwise.
int32_t ValueWidth(const DataType& type);
// True for kString, kBinary.
bool IsVariableWidth(TypeId id);
// True for kStruct, kList, kMap.
bool IsNested(TypeId id);
// "int64", "decimal(10, 2)", "list<string>", "struct<a: int32>" ...
std::string TypeToString(const DataType& type);

}  // namespace floe::columnar
