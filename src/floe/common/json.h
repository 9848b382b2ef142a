// JSON reading (simdjson DOM) and writing (RapidJSON Writer) shared by every
// parser in floe: table/view metadata, Avro schemas, REST bodies.
//
// Contract: JsonDocument owns the parsed tree; JsonObject/JsonArray/JsonValue
// borrow from it and must not outlive it. Field accessors return typed errors
// (kInvalidData by default) whose messages follow the Iceberg Java parser's
// wording, e.g. "Cannot parse missing string: location", so users see the
// same text whichever implementation rejected their document.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <simdjson.h>

#include "floe/common/result.h"

namespace floe::json {

using JsonValue = simdjson::dom::element;
using JsonObject = simdjson::dom::object;
using JsonArray = simdjson::dom::array;

class JsonDocument {
 public:
  // Parses `text`. Malformed JSON gives kInvalidData with simdjson's reason.
  static Result<JsonDocument> Parse(std::string_view text);
  const JsonValue& root() const { return root_; }

 private:
  std::unique_ptr<simdjson::dom::parser> parser_;
  JsonValue root_;
};

// A readable type name for error messages: "object", "array", "string", ...
std::string_view TypeName(const JsonValue& value);

bool Has(const JsonObject& object, std::string_view key);
// The member `key`, or nullopt when absent. A present JSON null counts as absent.
std::optional<JsonValue> Find(const JsonObject& object, std::string_view key);

// Required members. Missing: "Cannot parse missing <type>: <key>".
// Wrong type: "Cannot parse <key> to a <type> value: <json>".
Result<std::string_view> GetString(const JsonObject& object, std::string_view key);
Result<int32_t> GetInt(const JsonObject& object, std::string_view key);
Result<int64_t> GetLong(const JsonObject& object, std::string_view key);
Result<bool> GetBool(const JsonObject& object, std::string_view key);
Result<JsonObject> GetObject(const JsonObject& object, std::string_view key);
Result<JsonArray> GetArray(const JsonObject& object, std::string_view key);

// Optional members: nullopt when absent or null, an error when of the wrong type.
Result<std::optional<std::string_view>> GetOptionalString(const JsonObject& object, std::string_view key);
Result<std::optional<int32_t>> GetOptionalInt(const JsonObject& object, std::string_view key);
Result<std::optional<int64_t>> GetOptionalLong(const JsonObject& object, std::string_view key);
Result<std::optional<bool>> GetOptionalBool(const JsonObject& object, std::string_view key);

// Conversions of a bare value (for array elements).
Result<std::string_view> AsString(const JsonValue& value, std::string_view what);
Result<int64_t> AsLong(const JsonValue& value, std::string_view what);
Result<int32_t> AsInt(const JsonValue& value, std::string_view what);
Result<JsonObject> AsObject(const JsonValue& value, std::string_view what);
Result<JsonArray> AsArray(const JsonValue& value, std::string_view what);

// Compact JSON text of a value (for error messages and for preserving
// unknown members verbatim).
std::string ToJson(const JsonValue& value);

// Writing: a RapidJSON writer over a string buffer. Callers use the writer
// API directly (StartObject/Key/String/Int64/...); Take() returns the text.
class JsonWriter {
 public:
  JsonWriter() : writer_(buffer_) {}
  rapidjson::Writer<rapidjson::StringBuffer>& operator*() { return writer_; }
  rapidjson::Writer<rapidjson::StringBuffer>* operator->() { return &writer_; }
  void Key(std::string_view key) { writer_.Key(key.data(), static_cast<rapidjson::SizeType>(key.size())); }
  void String(std::string_view s) { writer_.String(s.data(), static_cast<rapidjson::SizeType>(s.size())); }
  // Writes already-serialised JSON text as a value.
  void Raw(std::string_view json) {
    writer_.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
  std::string Take() { return std::string(buffer_.GetString(), buffer_.GetSize()); }

 private:
  rapidjson::StringBuffer buffer_;
  rapidjson::Writer<rapidjson::StringBuffer> writer_;
};

}  // namespace floe::json
