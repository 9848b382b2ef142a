// Datum: a generic in-memory Avro value, for tools, tests and the schema
// resolver's defaults. Hot paths (manifest reading) decode straight from a
// Decoder instead.
//
// A Datum does not point at its schema; functions that need names (records'
// field names, enum symbols) take the schema node beside the datum.
//   - record: fields() in schema order
//   - enum:   enum_index() into the schema's symbols
//   - union:  union_branch() and union_value()
//   - map:    map_keys()[i] -> map_values()[i], in encounter order
//   - bytes, string and fixed: bytes()
//
// JSON rendering (DatumToJson) is meant for people (`floe inspect avro`):
// values are written plainly, NOT in the Avro JSON encoding. A union is
// written as its branch's value without the {"type": value} wrapper; bytes
// and fixed are strings whose code points U+0000..U+00FF are the bytes (the
// Avro spec's convention for bytes in JSON); enums are their symbol; NaN and
// infinities are the strings "NaN", "Infinity", "-Infinity"; a string that
// is not valid UTF-8 is rendered like bytes.
//
// Errors: DecodeDatum gives kInvalidData for malformed input (see
// decoder.h); EncodeDatum and DatumFromJson give kInvalidData naming the
// path of a value that does not fit its schema, e.g. "at .data2.d1: expected
// int, got string". Thread-safety: values are plain data.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "floe/avro/decoder.h"
#include "floe/avro/encoder.h"
#include "floe/avro/schema.h"
#include "floe/common/json.h"

namespace floe::avro {

class Datum {
 public:
  Datum() = default;  // null

  static Datum Null() { return Datum(); }
  static Datum Boolean(bool value);
  static Datum Int(int32_t value);
  static Datum Long(int64_t value);
  static Datum Float(float value);
  static Datum Double(double value);
  static Datum Bytes(std::string value);
  static Datum String(std::string value);
  static Datum Fixed(std::string value);
  static Datum Enum(size_t index);
  static Datum Record(std::vector<Datum> fields);
  static Datum Array(std::vector<Datum> items);
  static Datum Map(std::vector<std::string> keys, std::vector<Datum> values);
  static Datum Union(size_t branch, Datum value);

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }

  bool boolean() const { return integer_ != 0; }
  int32_t int_value() const { return static_cast<int32_t>(integer_); }
  int64_t long_value() const { return integer_; }
  float float_value() const { return static_cast<float>(real_); }
  double double_value() const { return real_; }
  const std::string& bytes() const { return bytes_; }  // bytes, string, fixed
  size_t enum_index() const { return static_cast<size_t>(integer_); }
  size_t union_branch() const { return static_cast<size_t>(integer_); }
  const Datum& union_value() const { return children_[0]; }
  Datum& union_value() { return children_[0]; }

  const std::vector<Datum>& fields() const { return children_; }  // record
  std::vector<Datum>& fields() { return children_; }
  const std::vector<Datum>& items() const { return children_; }  // array
  std::vector<Datum>& items() { return children_; }
  const std::vector<std::string>& map_keys() const { return keys_; }
  const std::vector<Datum>& map_values() const { return children_; }
  std::vector<std::string>& map_keys() { return keys_; }
  std::vector<Datum>& map_values() { return children_; }

  // Structural equality; floating-point values compare bit for bit (NaN == NaN).
  bool operator==(const Datum& other) const;

 private:
  Type type_ = Type::kNull;
  int64_t integer_ = 0;   // boolean, int, long, enum index, union branch
  double real_ = 0;       // float, double
  std::string bytes_;     // bytes, string, fixed
  std::vector<Datum> children_;  // record fields, array items, map values, union value
  std::vector<std::string> keys_;  // map keys
};

// Decodes one value of `schema`. On failure returns the decoder's status.
Status DecodeDatum(Decoder& decoder, const Node& schema, Datum* out);

// Encodes `datum` as a value of `schema`, checking that it fits.
Status EncodeDatum(const Node& schema, const Datum& datum, Encoder& encoder);

// Renders a datum as one line of JSON, as described above.
std::string DatumToJson(const Node& schema, const Datum& datum);

// Builds a datum of `schema` from JSON: plain values as DatumToJson writes
// them (numbers, strings, objects, arrays, null), which also covers Avro
// default values. A union takes the first branch the value fits, or an Avro
// JSON encoding wrapper {"branch type name": value}.
Result<Datum> DatumFromJson(const Node& schema, const json::JsonValue& value);
Result<Datum> DatumFromJson(const Node& schema, std::string_view json_text);

}  // namespace floe::avro
