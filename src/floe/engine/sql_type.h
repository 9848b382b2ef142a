// SQL types as Trino defines them, their Trino type signatures, their
// in-memory representation (floe::columnar) and their Iceberg mapping.
//
// Representation in columnar vectors (one physical form per type, so kernels
// switch on a handful of cases):
//   boolean                  kBool
//   tinyint/smallint/integer kInt32 (range checked per type)
//   bigint                   kInt64
//   real / double            kFloat / kDouble
//   decimal(p, s)            kDecimal (__int128 unscaled)
//   varchar[(n)]             kString
//   varbinary                kBinary
//   date                     kDate (days)
//   time(6)                  kTime (µs since midnight)
//   timestamp(6)             kTimestamp (µs, adjusted_to_utc = false)
//   timestamp(6) with time zone  kTimestamp (µs since the epoch, UTC; adjusted_to_utc = true)
//   uuid                     kFixedBinary(16)
//   interval day to second   kInt64 (milliseconds)
//   interval year to month   kInt64 (months)
//   unknown (NULL literal)   kBool, every row null
//
// Iceberg mapping follows Trino's Iceberg connector: integer->int,
// bigint->long, real->float, double, decimal(p,s), varchar->string,
// varbinary->binary, date, time(6)->time, timestamp(6)->timestamp,
// timestamp(6) with time zone->timestamptz, uuid, boolean; tinyint and
// smallint are stored as int (reading them back gives integer).
// Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "floe/columnar/types.h"
#include "floe/common/result.h"
#include "floe/iceberg/types.h"
#include "floe/sql/ast.h"

namespace floe::engine {

enum class SqlTypeKind : uint8_t {
  kUnknown,  // the type of NULL
  kBoolean,
  kTinyint,
  kSmallint,
  kInteger,
  kBigint,
  kReal,
  kDouble,
  kDecimal,
  kVarchar,
  kVarbinary,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kUuid,
  kArray,
  kMap,
  kRow,
  kIntervalDayToSecond,  // milliseconds (int64), as Trino
  kIntervalYearToMonth,  // months (int64)
};

struct SqlType {
  SqlTypeKind kind = SqlTypeKind::kUnknown;
  int32_t precision = 0;           // decimal precision; time/timestamp precision
  int32_t scale = 0;               // decimal scale
  std::optional<int32_t> length;   // varchar(n); nullopt: unbounded
  std::vector<SqlType> children;   // array element, map key/value, row fields
  std::vector<std::string> field_names;  // row
  // timestamp with time zone: the zone its values are shown in (time_zone.h),
  // "" for UTC. Values are UTC instants; the zone is a label of the type, not
  // part of its identity (types differing only in zone are equal).
  std::string time_zone;

  static SqlType Of(SqlTypeKind kind) { return SqlType{kind}; }
  static SqlType Decimal(int32_t precision, int32_t scale) { return SqlType{SqlTypeKind::kDecimal, precision, scale}; }
  static SqlType Varchar() { return SqlType{SqlTypeKind::kVarchar}; }
  static SqlType Timestamp(bool with_time_zone) {
    return SqlType{with_time_zone ? SqlTypeKind::kTimestampTz : SqlTypeKind::kTimestamp, 6};
  }

  bool operator==(const SqlType& other) const {
    return kind == other.kind && precision == other.precision && scale == other.scale && length == other.length &&
           children == other.children && field_names == other.field_names;
  }

  bool is_integral() const {
    return kind == SqlTypeKind::kTinyint || kind == SqlTypeKind::kSmallint || kind == SqlTypeKind::kInteger ||
           kind == SqlTypeKind::kBigint;
  }
  bool is_numeric() const {
    return is_integral() || kind == SqlTypeKind::kReal || kind == SqlTypeKind::kDouble || kind == SqlTypeKind::kDecimal;
  }
  bool is_string() const { return kind == SqlTypeKind::kVarchar; }
  // Arrays and rows order element by element (Trino); maps do not order.
  bool is_orderable() const { return kind != SqlTypeKind::kMap; }
};

// The Trino type signature: "bigint", "varchar", "varchar(20)",
// "decimal(10,2)", "timestamp(6) with time zone", "array(integer)",
// "map(varchar,bigint)", "row(a integer,b double)".
std::string TypeSignature(const SqlType& type);
// The raw name of a type's signature, without parameters: "varchar",
// "decimal", "timestamp with time zone", "array"... (the Trino protocol's
// typeSignature.rawType).
std::string_view RawTypeName(const SqlType& type);

// Trino's display name (DESCRIBE, SHOW CREATE TABLE): the signature with ", "
// between map and row parameters: "map(varchar, bigint)", "row(x double, y double)".
std::string DisplayName(const SqlType& type);

// The columnar type of vectors holding `type` (see the table above).
columnar::DataType ColumnarTypeOf(const SqlType& type);

// A type name as written in SQL (CAST, CREATE TABLE). Errors: TYPE_NOT_FOUND
// "Unknown type: foo" at the type's position; invalid parameters give
// INVALID_LITERAL-style user errors.
Result<SqlType> ResolveType(const sql::TypeSpec& spec);

// Iceberg type for a column of `type` (Trino's connector mapping). Types
// Iceberg cannot store give NOT_SUPPORTED.
Result<iceberg::TypePtr> IcebergTypeOf(const SqlType& type, int32_t* next_field_id, sql::NodeLocation location);

// The SQL type of an Iceberg column. Unsupported Iceberg types (variant,
// geometry, timestamp_ns...) give NOT_SUPPORTED naming the column.
Result<SqlType> SqlTypeOfIceberg(const iceberg::Type& type, std::string_view column);

// The smallest type both coerce to (Trino's implicit coercions: integer
// widening, integral->decimal->double, real->double, varchar(n)->varchar,
// date->timestamp, unknown->anything); nullopt when there is none.
std::optional<SqlType> CommonSuperType(const SqlType& a, const SqlType& b);

// Whether a value of `from` can be implicitly coerced to `to`.
bool CanCoerce(const SqlType& from, const SqlType& to);

// decimal(p, s) for an integral type (integer -> decimal(10,0), bigint -> decimal(19,0)...).
SqlType DecimalOfIntegral(const SqlType& type);

}  // namespace floe::engine
