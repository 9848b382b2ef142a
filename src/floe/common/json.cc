#include "floe/common/json.h"

namespace floe::json {

Result<JsonDocument> JsonDocument::Parse(std::string_view text) {
  JsonDocument doc;
  doc.parser_ = std::make_unique<simdjson::dom::parser>();
  simdjson::padded_string padded(text);
  // parse() copies into the parser's own buffer, so `padded` may die here.
  auto error = doc.parser_->parse(padded).get(doc.root_);
  if (error) return InvalidData("Invalid JSON: {}", simdjson::error_message(error));
  return doc;
}

std::string_view TypeName(const JsonValue& value) {
  switch (value.type()) {
    case simdjson::dom::element_type::ARRAY: return "array";
    case simdjson::dom::element_type::OBJECT: return "object";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64: return "integer";
    case simdjson::dom::element_type::DOUBLE: return "number";
    case simdjson::dom::element_type::STRING: return "string";
    case simdjson::dom::element_type::BOOL: return "boolean";
    case simdjson::dom::element_type::NULL_VALUE: return "null";
  }
  return "unknown";
}

std::string ToJson(const JsonValue& value) { return simdjson::minify(value); }

bool Has(const JsonObject& object, std::string_view key) { return Find(object, key).has_value(); }

std::optional<JsonValue> Find(const JsonObject& object, std::string_view key) {
  JsonValue value;
  if (object.at_key(key).get(value)) return std::nullopt;
  if (value.is_null()) return std::nullopt;
  return value;
}

namespace {
Status WrongType(std::string_view key, std::string_view type, const JsonValue& value) {
  return InvalidData("Cannot parse {} to a {} value: {}", key, type, ToJson(value));
}
}  // namespace

Result<std::string_view> AsString(const JsonValue& value, std::string_view what) {
  std::string_view s;
  if (value.get_string().get(s)) return WrongType(what, "string", value);
  return s;
}
Result<int64_t> AsLong(const JsonValue& value, std::string_view what) {
  int64_t v;
  if (value.get_int64().get(v)) return WrongType(what, "long", value);
  return v;
}
Result<int32_t> AsInt(const JsonValue& value, std::string_view what) {
  int64_t v;
  if (value.get_int64().get(v) || v < INT32_MIN || v > INT32_MAX) return WrongType(what, "int", value);
  return static_cast<int32_t>(v);
}
Result<JsonObject> AsObject(const JsonValue& value, std::string_view what) {
  JsonObject o;
  if (value.get_object().get(o)) return WrongType(what, "object", value);
  return o;
}
Result<JsonArray> AsArray(const JsonValue& value, std::string_view what) {
  JsonArray a;
  if (value.get_array().get(a)) return WrongType(what, "array", value);
  return a;
}

#define FLOE_JSON_REQUIRED(Name, Type, TypeWord, As)                                \
  Result<Type> Name(const JsonObject& object, std::string_view key) {               \
    auto value = Find(object, key);                                                 \
    if (!value) return InvalidData("Cannot parse missing " TypeWord ": {}", key);   \
    return As(*value, key);                                                          \
  }
#define FLOE_JSON_OPTIONAL(Name, Type, As)                                                  \
  Result<std::optional<Type>> Name(const JsonObject& object, std::string_view key) {        \
    auto value = Find(object, key);                                                         \
    if (!value) return std::optional<Type>();                                              \
    FLOE_ASSIGN_OR_RETURN(Type v, As(*value, key));                                         \
    return std::optional<Type>(v);                                                          \
  }

Result<bool> AsBool(const JsonValue& value, std::string_view what) {
  bool b;
  if (value.get_bool().get(b)) return WrongType(what, "boolean", value);
  return b;
}

FLOE_JSON_REQUIRED(GetString, std::string_view, "string", AsString)
FLOE_JSON_REQUIRED(GetInt, int32_t, "int", AsInt)
FLOE_JSON_REQUIRED(GetLong, int64_t, "long", AsLong)
FLOE_JSON_REQUIRED(GetBool, bool, "boolean", AsBool)
FLOE_JSON_REQUIRED(GetObject, JsonObject, "object", AsObject)
FLOE_JSON_REQUIRED(GetArray, JsonArray, "array", AsArray)
FLOE_JSON_OPTIONAL(GetOptionalString, std::string_view, AsString)
FLOE_JSON_OPTIONAL(GetOptionalInt, int32_t, AsInt)
FLOE_JSON_OPTIONAL(GetOptionalLong, int64_t, AsLong)
FLOE_JSON_OPTIONAL(GetOptionalBool, bool, AsBool)

}  // namespace floe::json
