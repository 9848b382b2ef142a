// NestedValue JSON single-value serialization (spec Appendix D).
#include "floe/iceberg/nested_value.h"

#include <charconv>
#include <cstdint>

#include <fmt/format.h>

#include "floe/common/json.h"
#include "floe/iceberg/types.h"

namespace floe::iceberg {

bool operator==(const StructValue& a, const StructValue& b) { return a.fields == b.fields; }
bool operator==(const ListValue& a, const ListValue& b) { return a.elements == b.elements; }
bool operator==(const MapValue& a, const MapValue& b) { return a.keys == b.keys && a.values == b.values; }
bool operator==(const NestedValue& a, const NestedValue& b) { return a.value_ == b.value_; }

namespace {

Status WrongShape(const Type& type, std::string_view found) {
  return InvalidData("Invalid value for type {}: found {}", type.ToString(), found);
}

std::string_view ShapeName(const NestedValue& value) {
  if (value.is_null()) return "null";
  if (value.literal() != nullptr) return "a primitive value";
  if (value.struct_value() != nullptr) return "a struct value";
  if (value.list_value() != nullptr) return "a list value";
  return "a map value";
}

Status CheckNullability(const NestedField& field, const NestedValue& value, std::string_view role) {
  if (value.is_null() && field.required) {
    return InvalidData("Invalid null {} for required field {} ({})", role, field.id, field.name);
  }
  return Status::OK();
}

// --- Writing --------------------------------------------------------------------------

Status AppendJson(std::string& out, const Type& type, const NestedValue& value) {
  if (value.is_null()) {
    out += "null";
    return Status::OK();
  }
  switch (type.id()) {
    case TypeId::kStruct: {
      const StructValue* held = value.struct_value();
      if (held == nullptr) return WrongShape(type, ShapeName(value));
      const auto& fields = type.AsStruct()->fields();
      if (held->fields.size() != fields.size()) {
        return InvalidData("Invalid value for type {}: {} field values for {} fields", type.ToString(),
                           held->fields.size(), fields.size());
      }
      out += '{';
      bool first = true;
      for (size_t i = 0; i < fields.size(); ++i) {
        FLOE_RETURN_IF_ERROR(CheckNullability(fields[i], held->fields[i], "value"));
        if (held->fields[i].is_null()) continue;
        if (!first) out += ',';
        first = false;
        out += fmt::format("\"{}\":", fields[i].id);
        FLOE_RETURN_IF_ERROR(AppendJson(out, *fields[i].type, held->fields[i]));
      }
      out += '}';
      return Status::OK();
    }
    case TypeId::kList: {
      const ListValue* held = value.list_value();
      if (held == nullptr) return WrongShape(type, ShapeName(value));
      const NestedField& element = type.AsList()->element();
      out += '[';
      for (size_t i = 0; i < held->elements.size(); ++i) {
        FLOE_RETURN_IF_ERROR(CheckNullability(element, held->elements[i], "element"));
        if (i > 0) out += ',';
        FLOE_RETURN_IF_ERROR(AppendJson(out, *element.type, held->elements[i]));
      }
      out += ']';
      return Status::OK();
    }
    case TypeId::kMap: {
      const MapValue* held = value.map_value();
      if (held == nullptr) return WrongShape(type, ShapeName(value));
      if (held->keys.size() != held->values.size()) {
        return InvalidData("Invalid value for type {}: {} keys and {} values", type.ToString(), held->keys.size(),
                           held->values.size());
      }
      const MapType& map = *type.AsMap();
      out += "{\"keys\":[";
      for (size_t i = 0; i < held->keys.size(); ++i) {
        if (held->keys[i].is_null()) return InvalidData("Invalid null key in a value of type {}", type.ToString());
        if (i > 0) out += ',';
        FLOE_RETURN_IF_ERROR(AppendJson(out, *map.key().type, held->keys[i]));
      }
      out += "],\"values\":[";
      for (size_t i = 0; i < held->values.size(); ++i) {
        FLOE_RETURN_IF_ERROR(CheckNullability(map.value(), held->values[i], "value"));
        if (i > 0) out += ',';
        FLOE_RETURN_IF_ERROR(AppendJson(out, *map.value().type, held->values[i]));
      }
      out += "]}";
      return Status::OK();
    }
    default: {
      const Literal* held = value.literal();
      if (held == nullptr) return WrongShape(type, ShapeName(value));
      FLOE_ASSIGN_OR_RETURN(std::string text, ToJsonText(type, *held));
      out += text;
      return Status::OK();
    }
  }
}

// --- Reading --------------------------------------------------------------------------

Status WrongJson(const Type& type, const json::JsonValue& value) {
  std::string text = json::ToJson(value);
  if (text.size() > 200) text = text.substr(0, 200) + "...";
  return InvalidData("Cannot parse {} value from JSON: {}", type.ToString(), text);
}

Result<NestedValue> ReadJson(const Type& type, const json::JsonValue& value) {
  if (value.is_null()) return NestedValue();
  switch (type.id()) {
    case TypeId::kStruct: {
      json::JsonObject object;
      if (value.get_object().get(object) != simdjson::SUCCESS) return WrongJson(type, value);
      const auto& fields = type.AsStruct()->fields();
      std::vector<NestedValue> values(fields.size());
      std::vector<bool> seen(fields.size(), false);
      for (auto member : object) {
        int32_t id = 0;
        std::string_view key = member.key;
        auto [end, error] = std::from_chars(key.data(), key.data() + key.size(), id);
        size_t index = fields.size();
        if (error == std::errc() && end == key.data() + key.size() && !key.empty()) {
          for (size_t i = 0; i < fields.size(); ++i) {
            if (fields[i].id == id) index = i;
          }
        }
        if (index == fields.size()) {
          return InvalidData("Cannot parse {} value from JSON: unknown field id \"{}\"", type.ToString(), key);
        }
        if (seen[index]) {
          return InvalidData("Cannot parse {} value from JSON: duplicate field id \"{}\"", type.ToString(), key);
        }
        seen[index] = true;
        FLOE_ASSIGN_OR_RETURN(values[index], ReadJson(*fields[index].type, member.value));
      }
      for (size_t i = 0; i < fields.size(); ++i) FLOE_RETURN_IF_ERROR(CheckNullability(fields[i], values[i], "value"));
      return NestedValue::Struct(std::move(values));
    }
    case TypeId::kList: {
      json::JsonArray array;
      if (value.get_array().get(array) != simdjson::SUCCESS) return WrongJson(type, value);
      const NestedField& element = type.AsList()->element();
      std::vector<NestedValue> elements;
      for (json::JsonValue item : array) {
        FLOE_ASSIGN_OR_RETURN(NestedValue parsed, ReadJson(*element.type, item));
        FLOE_RETURN_IF_ERROR(CheckNullability(element, parsed, "element"));
        elements.push_back(std::move(parsed));
      }
      return NestedValue::List(std::move(elements));
    }
    case TypeId::kMap: {
      json::JsonObject object;
      if (value.get_object().get(object) != simdjson::SUCCESS) return WrongJson(type, value);
      for (auto member : object) {
        if (member.key != "keys" && member.key != "values") {
          return InvalidData("Cannot parse {} value from JSON: unknown member \"{}\"", type.ToString(), member.key);
        }
      }
      json::JsonArray keys_array, values_array;
      if (object["keys"].get_array().get(keys_array) != simdjson::SUCCESS ||
          object["values"].get_array().get(values_array) != simdjson::SUCCESS) {
        return InvalidData("Cannot parse {} value from JSON: expected arrays \"keys\" and \"values\"", type.ToString());
      }
      if (keys_array.size() != values_array.size()) {
        return InvalidData("Cannot parse {} value from JSON: {} keys and {} values", type.ToString(), keys_array.size(),
                           values_array.size());
      }
      const MapType& map = *type.AsMap();
      MapValue held;
      for (json::JsonValue item : keys_array) {
        FLOE_ASSIGN_OR_RETURN(NestedValue key, ReadJson(*map.key().type, item));
        if (key.is_null()) return InvalidData("Cannot parse {} value from JSON: null key", type.ToString());
        held.keys.push_back(std::move(key));
      }
      for (json::JsonValue item : values_array) {
        FLOE_ASSIGN_OR_RETURN(NestedValue parsed, ReadJson(*map.value().type, item));
        FLOE_RETURN_IF_ERROR(CheckNullability(map.value(), parsed, "value"));
        held.values.push_back(std::move(parsed));
      }
      return NestedValue(std::move(held));
    }
    default: {
      FLOE_ASSIGN_OR_RETURN(Literal literal, FromJsonText(type, json::ToJson(value)));
      return NestedValue(std::move(literal));
    }
  }
}

}  // namespace

Result<std::string> NestedValueToJsonText(const Type& type, const NestedValue& value) {
  std::string out;
  FLOE_RETURN_IF_ERROR(AppendJson(out, type, value));
  return out;
}

Result<NestedValue> NestedValueFromJsonText(const Type& type, std::string_view json_text) {
  FLOE_ASSIGN_OR_RETURN(auto document, json::JsonDocument::Parse(json_text));
  return ReadJson(type, document.root());
}

}  // namespace floe::iceberg
