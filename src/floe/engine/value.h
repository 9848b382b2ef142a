// Value: one SQL value outside a vector (constants, group keys, sort keys),
// and the bridges between values and columnar vectors.
//
// Representation by SqlType (sql_type.h): boolean -> bool; tinyint..bigint,
// date (days), time / timestamp / timestamp with time zone (µs) -> int64_t;
// real, double -> double; decimal -> __int128 unscaled; varchar, varbinary,
// uuid -> std::string of bytes; array, map and row -> Elements (a shared,
// immutable list: array elements; map keys and values alternating, key
// first; row fields in order). A null value holds std::monostate.
// Plain values; thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/engine/sql_type.h"

namespace floe::engine {

using Int128 = __int128;

struct Value;
using Elements = std::vector<Value>;

struct Value {
  std::variant<std::monostate, bool, int64_t, double, Int128, std::string, std::shared_ptr<const Elements>> data;

  Value() = default;
  static Value Null() { return Value(); }
  static Value Boolean(bool v) { return Value(v); }
  static Value Integer(int64_t v) { return Value(v); }
  static Value Double(double v) { return Value(v); }
  static Value Decimal(Int128 v) { return Value(v); }
  static Value String(std::string v) { return Value(std::move(v)); }
  // An array, map or row value (see the representation above).
  static Value Nested(Elements elements) { return Value(std::make_shared<const Elements>(std::move(elements))); }

  bool is_null() const { return std::holds_alternative<std::monostate>(data); }
  bool boolean() const { return std::get<bool>(data); }
  int64_t integer() const { return std::get<int64_t>(data); }
  double real() const { return std::get<double>(data); }
  Int128 decimal() const { return std::get<Int128>(data); }
  const std::string& string() const { return std::get<std::string>(data); }
  const Elements& elements() const { return *std::get<std::shared_ptr<const Elements>>(data); }

  // Equal representations; nested values compare element by element.
  bool operator==(const Value& other) const;

 private:
  template <typename T>
  explicit Value(T v) : data(std::move(v)) {}
};

// Total order used by ORDER BY, min/max and grouping (nulls compare equal to
// each other and are ordered by the caller). Both values must have the same
// representation (same SqlType); doubles order NaN last, as Trino does.
std::strong_ordering CompareValues(const Value& a, const Value& b);

// Appends a byte encoding of `value` to `key` for hashing and equality
// (grouping, joins, set operations, IN lists): equal values encode equally,
// NULLs equal each other, -0.0 equals 0.0 and all NaNs are one value.
void AppendValueKey(std::string* key, const Value& value);
// The value AppendValueKey encoded at the front of `key`, which it advances
// past it. `key` must hold AppendValueKey's output (-0.0 reads back as 0.0).
Value ParseValueKey(std::string_view* key);

// A value of a vector row (dictionary vectors included).
Value ReadValue(const columnar::Vector& vector, int64_t row, const SqlType& type);

// Builds a vector of `length` rows of `type`, all null until set. Rows of
// variable-width types must be set in ascending order. Array, map and row
// values are collected and laid out as nested vectors by Finish().
class VectorBuilder {
 public:
  VectorBuilder(const SqlType& type, int64_t length);

  void SetNull(int64_t row) { (void)row; }
  void SetValue(int64_t row, const Value& value);
  template <typename T>
  void Set(int64_t row, T value) {
    vector_->MutableValues<T>()[row] = value;
    columnar::SetBit(vector_->validity.data(), row);
  }
  void SetBytes(int64_t row, std::string_view bytes);

  std::shared_ptr<columnar::Vector> Finish();

 private:
  void FillOffsetsTo(int64_t row);

  SqlType type_;
  int64_t length_;
  std::shared_ptr<columnar::Vector> vector_;
  bool variable_width_ = false;
  int64_t next_row_ = 0;  // variable width: rows below have their offsets
  std::vector<Value> nested_rows_;  // array / map / row: the values, laid out by Finish()
};

// A vector of `type` holding `values` (any type, nested ones included).
std::shared_ptr<columnar::Vector> VectorOfValues(const SqlType& type, const std::vector<Value>& values);

// A vector of `length` copies of `value`.
std::shared_ptr<columnar::Vector> ConstantVector(const SqlType& type, const Value& value, int64_t length);

// The rows of `vector` at `rows`, as a new flat vector (dictionaries decoded).
Result<std::shared_ptr<columnar::Vector>> GatherRows(const columnar::Vector& vector, const SqlType& type,
                                                     const std::vector<uint32_t>& rows);

// The live rows of a batch: its selection, or 0..num_rows-1.
std::vector<uint32_t> LiveRows(const columnar::Batch& batch);

// Rendering for result output, as the Trino CLI shows values: 12.34,
// 2024-01-31, 2024-01-31 10:00:00.000000, 2024-01-31 10:00:00.000000 UTC,
// doubles like Java (1.0E10), varbinary as hex bytes "0a ff", NULL as "NULL",
// arrays [1, 2], maps {a=1, b=2}, rows {x=1, y=a} ({1, a} without names).
std::string FormatValue(const Value& value, const SqlType& type);

// Parses/validates text for typed literals and casts from varchar. Errors are
// INVALID_CAST_ARGUMENT ("Value cannot be cast to date: ...") or
// INVALID_LITERAL, without a position (callers add it).
Result<int64_t> ParseDate(std::string_view text);
Result<int64_t> ParseTimestampMicros(std::string_view text, bool with_time_zone, bool* had_zone);
Result<int64_t> ParseTimeMicros(std::string_view text);
Result<Int128> ParseDecimal(std::string_view text, int32_t precision, int32_t scale, bool* overflow);
std::string FormatDate(int64_t days);
std::string FormatDecimal(Int128 unscaled, int32_t scale);
std::string FormatDouble(double value);
std::string FormatReal(float value);

// Civil date helpers (proleptic Gregorian).
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);

// 10^n for 0 <= n <= 38.
Int128 PowerOfTen(int32_t n);

}  // namespace floe::engine
