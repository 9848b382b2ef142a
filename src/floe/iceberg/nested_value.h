// NestedValue: one value of any Iceberg type, and its JSON single-value form
// (spec Appendix D; vectors in spec-vectors.md §6). Used for the
// `initial-default` / `write-default` of struct, list and map fields.
//
// Contract:
//  - A NestedValue is null, a primitive Literal (same representation as
//    literal.h), a StructValue (one value per field of the struct type, by
//    position; a null entry is a null field), a ListValue (the elements) or a
//    MapValue (keys and values, equal lengths, in matching order).
//  - The type travels separately; the JSON functions check the value's shape
//    against it and fail with kInvalidData (one-line message) on a mismatch.
//  - JSON: struct = object keyed by field id as a string (`{"1": 1, "2": "bar"}`;
//    null fields are omitted when writing; absent keys read as null; unknown
//    keys are rejected), list = array, map = `{"keys": [...], "values": [...]}`
//    (exactly those two members, arrays of equal length), primitives through
//    ToJsonText/FromJsonText (geometry/geography as WKT strings).
//  - Required struct fields, required list elements, required map values and
//    every map key must be non-null, when writing and when reading.
//  - Plain value type: copyable, comparable, thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "floe/common/result.h"
#include "floe/iceberg/literal.h"

namespace floe::iceberg {

class Type;
class NestedValue;

struct StructValue {
  std::vector<NestedValue> fields;  // by position in the struct type
  friend bool operator==(const StructValue&, const StructValue&);
};

struct ListValue {
  std::vector<NestedValue> elements;
  friend bool operator==(const ListValue&, const ListValue&);
};

struct MapValue {
  std::vector<NestedValue> keys;
  std::vector<NestedValue> values;
  friend bool operator==(const MapValue&, const MapValue&);
};

class NestedValue {
 public:
  using Held = std::variant<Literal, StructValue, ListValue, MapValue>;

  NestedValue() = default;  // null
  NestedValue(Literal literal) : value_(std::move(literal)) {}  // NOLINT: implicit by design
  NestedValue(StructValue value) : value_(std::move(value)) {}  // NOLINT
  NestedValue(ListValue value) : value_(std::move(value)) {}    // NOLINT
  NestedValue(MapValue value) : value_(std::move(value)) {}     // NOLINT

  static NestedValue Struct(std::vector<NestedValue> fields) { return StructValue{std::move(fields)}; }
  static NestedValue List(std::vector<NestedValue> elements) { return ListValue{std::move(elements)}; }
  static NestedValue Map(std::vector<NestedValue> keys, std::vector<NestedValue> values) {
    return MapValue{std::move(keys), std::move(values)};
  }

  bool is_null() const {
    const Literal* literal = std::get_if<Literal>(&value_);
    return literal != nullptr && literal->is_null();
  }
  const Held& value() const { return value_; }
  // nullptr unless the value holds that alternative (a null holds a Literal).
  const Literal* literal() const { return std::get_if<Literal>(&value_); }
  const StructValue* struct_value() const { return std::get_if<StructValue>(&value_); }
  const ListValue* list_value() const { return std::get_if<ListValue>(&value_); }
  const MapValue* map_value() const { return std::get_if<MapValue>(&value_); }

  friend bool operator==(const NestedValue&, const NestedValue&);

 private:
  Held value_;
};

// JSON text of `value` for `type` (compact: `{"1":1,"2":"bar"}`).
Result<std::string> NestedValueToJsonText(const Type& type, const NestedValue& value);

// Parses JSON text for `type`; whitespace is free (`{ "keys": ["a"], "values": [1] }`).
Result<NestedValue> NestedValueFromJsonText(const Type& type, std::string_view json_text);

}  // namespace floe::iceberg
