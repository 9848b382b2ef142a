// JSON for schemas and types, partition specs, sort orders and name mappings
// (spec Appendix C), with the messages of Java's SchemaParser,
// PartitionSpecParser, SortOrderParser and NameMappingParser.
#include <cctype>

#include "floe/iceberg/metadata_json.h"
#include "floe/iceberg/metadata_json_internal.h"

namespace floe::iceberg {

using json::JsonArray;
using json::JsonObject;
using json::JsonValue;
using json::JsonWriter;

namespace internal {

// --- Generic members ----------------------------------------------------------

Result<JsonValue> GetField(const JsonObject& object, std::string_view key) {
  auto value = json::Find(object, key);
  if (!value) return InvalidData("Cannot parse missing field: {}", key);
  return *value;
}

Result<int64_t> AsSnapshotId(const JsonValue& value, std::string_view what) {
  int64_t signed_id;
  if (!value.get_int64().get(signed_id)) return signed_id;
  uint64_t unsigned_id;
  if (!value.get_uint64().get(unsigned_id)) return static_cast<int64_t>(unsigned_id);
  return InvalidData("Cannot parse {} to a long value: {}", what, json::ToJson(value));
}

Result<int64_t> GetSnapshotId(const JsonObject& object, std::string_view key) {
  auto value = json::Find(object, key);
  if (!value) return InvalidData("Cannot parse missing long: {}", key);
  return AsSnapshotId(*value, key);
}

Result<std::optional<int64_t>> GetOptionalSnapshotId(const JsonObject& object, std::string_view key) {
  auto value = json::Find(object, key);
  if (!value) return std::optional<int64_t>();
  FLOE_ASSIGN_OR_RETURN(int64_t id, AsSnapshotId(*value, key));
  return std::optional<int64_t>(id);
}

namespace {
Result<std::map<std::string, std::string>> ReadStringMapValue(const JsonValue& value, std::string_view key) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse string map from non-object value: {}: {}", key, json::ToJson(value));
  }
  std::map<std::string, std::string> map;
  for (auto member : object) {
    FLOE_ASSIGN_OR_RETURN(std::string_view text, json::AsString(member.value, member.key));
    map.emplace_hint(map.end(), member.key, text);
  }
  return map;
}
}  // namespace

Result<std::map<std::string, std::string>> ReadStringMap(const JsonObject& object, std::string_view key) {
  auto value = json::Find(object, key);
  if (!value) return InvalidData("Cannot parse missing map: {}", key);
  return ReadStringMapValue(*value, key);
}

Result<std::map<std::string, std::string>> ReadOptionalStringMap(const JsonObject& object, std::string_view key) {
  auto value = json::Find(object, key);
  if (!value) return std::map<std::string, std::string>();
  return ReadStringMapValue(*value, key);
}

Result<std::vector<int32_t>> ReadIntList(const JsonValue& value, std::string_view what) {
  FLOE_ASSIGN_OR_RETURN(JsonArray array, json::AsArray(value, what));
  std::vector<int32_t> ints;
  ints.reserve(array.size());
  for (JsonValue element : array) {
    FLOE_ASSIGN_OR_RETURN(int32_t v, json::AsInt(element, what));
    ints.push_back(v);
  }
  return ints;
}

Result<std::vector<std::string>> ReadStringList(const JsonValue& value, std::string_view what) {
  FLOE_ASSIGN_OR_RETURN(JsonArray array, json::AsArray(value, what));
  std::vector<std::string> strings;
  strings.reserve(array.size());
  for (JsonValue element : array) {
    FLOE_ASSIGN_OR_RETURN(std::string_view text, json::AsString(element, what));
    strings.emplace_back(text);
  }
  return strings;
}

void WriteStringMap(JsonWriter& writer, std::string_view key, const std::map<std::string, std::string>& map) {
  writer.Key(key);
  writer->StartObject();
  for (const auto& [name, value] : map) {
    writer.Key(name);
    writer.String(value);
  }
  writer->EndObject();
}

// --- Types and schemas ----------------------------------------------------------

namespace {

Status CannotParseType(const JsonValue& value) {
  return InvalidData("Cannot parse type from json: {}", json::ToJson(value));
}

// The `type` member of a nested type object, or "" when absent or not a string.
std::string_view NestedTypeName(const JsonObject& object) {
  auto type = json::Find(object, "type");
  std::string_view name;
  if (!type || type->get_string().get(name)) return {};
  return name;
}

Result<std::optional<Literal>> ReadDefault(const JsonObject& field, std::string_view key, const Type& type) {
  auto value = json::Find(field, key);
  if (!value) return std::optional<Literal>();
  FLOE_ASSIGN_OR_RETURN(Literal literal, FromJsonText(type, json::ToJson(*value)));
  return std::optional<Literal>(std::move(literal));
}

Result<std::vector<NestedField>> ReadStructFields(const JsonObject& object) {
  FLOE_ASSIGN_OR_RETURN(JsonValue fields_value, GetField(object, "fields"));
  JsonArray array;
  if (fields_value.get_array().get(array)) {
    return InvalidData("Cannot parse struct fields from non-array: {}", json::ToJson(fields_value));
  }
  std::vector<NestedField> fields;
  fields.reserve(array.size());
  for (JsonValue element : array) {
    JsonObject field_object;
    if (element.get_object().get(field_object)) {
      return InvalidData("Cannot parse struct field from non-object: {}", json::ToJson(element));
    }
    NestedField& field = fields.emplace_back();
    FLOE_ASSIGN_OR_RETURN(field.id, json::GetInt(field_object, "id"));
    FLOE_ASSIGN_OR_RETURN(std::string_view name, json::GetString(field_object, "name"));
    field.name = name;
    FLOE_ASSIGN_OR_RETURN(JsonValue type_value, GetField(field_object, "type"));
    FLOE_ASSIGN_OR_RETURN(field.type, ReadType(type_value));
    FLOE_ASSIGN_OR_RETURN(std::optional<std::string_view> doc, json::GetOptionalString(field_object, "doc"));
    if (doc) field.doc = *doc;
    FLOE_ASSIGN_OR_RETURN(field.required, json::GetBool(field_object, "required"));
    FLOE_ASSIGN_OR_RETURN(field.initial_default, ReadDefault(field_object, "initial-default", *field.type));
    FLOE_ASSIGN_OR_RETURN(field.write_default, ReadDefault(field_object, "write-default", *field.type));
  }
  return fields;
}

Result<TypePtr> ReadListType(const JsonObject& object) {
  NestedField element;
  element.name = "element";
  FLOE_ASSIGN_OR_RETURN(element.id, json::GetInt(object, "element-id"));
  FLOE_ASSIGN_OR_RETURN(JsonValue element_value, GetField(object, "element"));
  FLOE_ASSIGN_OR_RETURN(element.type, ReadType(element_value));
  FLOE_ASSIGN_OR_RETURN(element.required, json::GetBool(object, "element-required"));
  return TypePtr(std::make_shared<const ListType>(std::move(element)));
}

Result<TypePtr> ReadMapType(const JsonObject& object) {
  NestedField key;
  key.name = "key";
  key.required = true;
  FLOE_ASSIGN_OR_RETURN(key.id, json::GetInt(object, "key-id"));
  FLOE_ASSIGN_OR_RETURN(JsonValue key_value, GetField(object, "key"));
  FLOE_ASSIGN_OR_RETURN(key.type, ReadType(key_value));
  NestedField value;
  value.name = "value";
  FLOE_ASSIGN_OR_RETURN(value.id, json::GetInt(object, "value-id"));
  FLOE_ASSIGN_OR_RETURN(JsonValue value_value, GetField(object, "value"));
  FLOE_ASSIGN_OR_RETURN(value.type, ReadType(value_value));
  FLOE_ASSIGN_OR_RETURN(value.required, json::GetBool(object, "value-required"));
  return TypePtr(std::make_shared<const MapType>(std::move(key), std::move(value)));
}

}  // namespace

Result<TypePtr> ReadType(const JsonValue& value) {
  std::string_view text;
  if (!value.get_string().get(text)) return ParsePrimitiveType(text);
  JsonObject object;
  if (value.get_object().get(object)) return CannotParseType(value);
  std::string_view name = NestedTypeName(object);
  if (name == "struct") {
    FLOE_ASSIGN_OR_RETURN(std::vector<NestedField> fields, ReadStructFields(object));
    return TypePtr(std::make_shared<const StructType>(std::move(fields)));
  }
  if (name == "list") return ReadListType(object);
  if (name == "map") return ReadMapType(object);
  return CannotParseType(value);
}

Result<SchemaPtr> ReadSchema(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object) || NestedTypeName(object) != "struct") {
    // Not a struct: report what it is, as Java does.
    FLOE_ASSIGN_OR_RETURN(TypePtr type, ReadType(value));
    return InvalidData("Cannot create schema, not a struct type: {}", type->ToString());
  }
  FLOE_ASSIGN_OR_RETURN(std::vector<NestedField> fields, ReadStructFields(object));
  FLOE_ASSIGN_OR_RETURN(std::optional<int32_t> schema_id, json::GetOptionalInt(object, "schema-id"));
  std::vector<int32_t> identifier_field_ids;
  if (auto ids = json::Find(object, "identifier-field-ids")) {
    FLOE_ASSIGN_OR_RETURN(identifier_field_ids, ReadIntList(*ids, "identifier-field-ids"));
  }
  return Schema::Make(schema_id.value_or(0), std::move(fields), std::move(identifier_field_ids));
}

namespace {

void WriteStruct(JsonWriter& writer, const StructType& type, const Schema* schema) {
  writer->StartObject();
  writer.Key("type");
  writer.String("struct");
  if (schema != nullptr) {
    writer.Key("schema-id");
    writer->Int(schema->schema_id());
    if (!schema->identifier_field_ids().empty()) {
      writer.Key("identifier-field-ids");
      writer->StartArray();
      for (int32_t id : schema->identifier_field_ids()) writer->Int(id);
      writer->EndArray();
    }
  }
  writer.Key("fields");
  writer->StartArray();
  for (const NestedField& field : type.fields()) {
    writer->StartObject();
    writer.Key("id");
    writer->Int(field.id);
    writer.Key("name");
    writer.String(field.name);
    writer.Key("required");
    writer->Bool(field.required);
    writer.Key("type");
    WriteType(writer, *field.type);
    if (!field.doc.empty()) {
      writer.Key("doc");
      writer.String(field.doc);
    }
    // A default the literal layer cannot render (a literal of the wrong type,
    // which the parser never produces) is left out rather than written corrupt.
    if (field.initial_default) {
      if (auto text = ToJsonText(*field.type, *field.initial_default); text.ok()) {
        writer.Key("initial-default");
        writer.Raw(*text);
      }
    }
    if (field.write_default) {
      if (auto text = ToJsonText(*field.type, *field.write_default); text.ok()) {
        writer.Key("write-default");
        writer.Raw(*text);
      }
    }
    writer->EndObject();
  }
  writer->EndArray();
  writer->EndObject();
}

}  // namespace

void WriteType(JsonWriter& writer, const Type& type) {
  switch (type.id()) {
    case TypeId::kStruct:
      WriteStruct(writer, static_cast<const StructType&>(type), nullptr);
      return;
    case TypeId::kList: {
      const NestedField& element = static_cast<const ListType&>(type).element();
      writer->StartObject();
      writer.Key("type");
      writer.String("list");
      writer.Key("element-id");
      writer->Int(element.id);
      writer.Key("element");
      WriteType(writer, *element.type);
      writer.Key("element-required");
      writer->Bool(element.required);
      writer->EndObject();
      return;
    }
    case TypeId::kMap: {
      const auto& map = static_cast<const MapType&>(type);
      writer->StartObject();
      writer.Key("type");
      writer.String("map");
      writer.Key("key-id");
      writer->Int(map.key().id);
      writer.Key("key");
      WriteType(writer, *map.key().type);
      writer.Key("value-id");
      writer->Int(map.value().id);
      writer.Key("value");
      WriteType(writer, *map.value().type);
      writer.Key("value-required");
      writer->Bool(map.value().required);
      writer->EndObject();
      return;
    }
    default:
      writer.String(type.ToString());
      return;
  }
}

void WriteSchema(JsonWriter& writer, const Schema& schema) { WriteStruct(writer, *schema.as_struct(), &schema); }

// --- Partition specs -------------------------------------------------------------

namespace {

// `source-id`, or v3 `source-ids` (a single id is kept as `source_id` alone).
Status ReadSourceIds(const JsonObject& object, int32_t* source_id, std::vector<int32_t>* source_ids) {
  if (auto ids = json::Find(object, "source-ids")) {
    FLOE_ASSIGN_OR_RETURN(std::vector<int32_t> list, ReadIntList(*ids, "source-ids"));
    if (list.empty()) return InvalidData("Cannot parse empty source-ids: {}", json::ToJson(*ids));
    FLOE_ASSIGN_OR_RETURN(std::optional<int32_t> single, json::GetOptionalInt(object, "source-id"));
    *source_id = single.value_or(list.front());
    if (list.size() > 1) *source_ids = std::move(list);
    return Status::OK();
  }
  FLOE_ASSIGN_OR_RETURN(*source_id, json::GetInt(object, "source-id"));
  return Status::OK();
}

// Single-argument transforms write `source-id`; multi-argument ones write `source-ids`.
void WriteSourceIds(JsonWriter& writer, int32_t source_id, const std::vector<int32_t>& source_ids) {
  if (source_ids.size() > 1) {
    writer.Key("source-ids");
    writer->StartArray();
    for (int32_t id : source_ids) writer->Int(id);
    writer->EndArray();
  } else {
    writer.Key("source-id");
    writer->Int(source_id);
  }
}

}  // namespace

Result<std::vector<PartitionField>> ReadPartitionFields(const JsonValue& value) {
  JsonArray array;
  if (value.get_array().get(array)) {
    return InvalidData("Cannot parse partition spec fields, not an array: {}", json::ToJson(value));
  }
  std::vector<PartitionField> fields;
  fields.reserve(array.size());
  size_t with_field_id = 0;
  for (JsonValue element : array) {
    JsonObject object;
    if (element.get_object().get(object)) {
      return InvalidData("Cannot parse partition field, not an object: {}", json::ToJson(element));
    }
    PartitionField& field = fields.emplace_back();
    FLOE_ASSIGN_OR_RETURN(std::string_view name, json::GetString(object, "name"));
    field.name = name;
    FLOE_ASSIGN_OR_RETURN(std::string_view transform, json::GetString(object, "transform"));
    FLOE_ASSIGN_OR_RETURN(field.transform, Transform::Parse(transform));
    FLOE_RETURN_IF_ERROR(ReadSourceIds(object, &field.source_id, &field.source_ids));
    FLOE_ASSIGN_OR_RETURN(std::optional<int32_t> field_id, json::GetOptionalInt(object, "field-id"));
    if (field_id) {
      field.field_id = *field_id;
      ++with_field_id;
    } else {
      // Partition field ids are missing in old specs: they were assigned from 1000.
      field.field_id = PartitionSpec::kFirstFieldId + static_cast<int32_t>(fields.size() - 1);
    }
  }
  if (with_field_id != 0 && with_field_id != fields.size()) {
    return InvalidData("Cannot parse spec with missing field IDs: {} missing of {} fields.",
                       fields.size() - with_field_id, fields.size());
  }
  return fields;
}

Result<PartitionSpecPtr> ReadPartitionSpec(const JsonValue& value, std::optional<int32_t> default_spec_id) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse partition spec from non-object: {}", json::ToJson(value));
  }
  int32_t spec_id = 0;
  if (default_spec_id && !json::Find(object, "spec-id")) {
    spec_id = *default_spec_id;
  } else {
    FLOE_ASSIGN_OR_RETURN(spec_id, json::GetInt(object, "spec-id"));
  }
  FLOE_ASSIGN_OR_RETURN(JsonValue fields_value, GetField(object, "fields"));
  FLOE_ASSIGN_OR_RETURN(std::vector<PartitionField> fields, ReadPartitionFields(fields_value));
  return PartitionSpecPtr(std::make_shared<const PartitionSpec>(spec_id, std::move(fields)));
}

void WritePartitionFields(JsonWriter& writer, const std::vector<PartitionField>& fields) {
  writer->StartArray();
  for (const PartitionField& field : fields) {
    writer->StartObject();
    writer.Key("name");
    writer.String(field.name);
    writer.Key("transform");
    writer.String(field.transform.ToString());
    WriteSourceIds(writer, field.source_id, field.source_ids);
    writer.Key("field-id");
    writer->Int(field.field_id);
    writer->EndObject();
  }
  writer->EndArray();
}

void WritePartitionSpec(JsonWriter& writer, const PartitionSpec& spec) {
  writer->StartObject();
  writer.Key("spec-id");
  writer->Int(spec.spec_id());
  writer.Key("fields");
  WritePartitionFields(writer, spec.fields());
  writer->EndObject();
}

// --- Sort orders -------------------------------------------------------------------

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

Result<SortDirection> ParseSortDirection(std::string_view text) {
  if (EqualsIgnoreCase(text, "asc")) return SortDirection::kAscending;
  if (EqualsIgnoreCase(text, "desc")) return SortDirection::kDescending;
  return InvalidData("Invalid sort direction: {}", text);
}

Result<NullOrder> ParseNullOrder(std::string_view text) {
  if (EqualsIgnoreCase(text, "nulls-first")) return NullOrder::kNullsFirst;
  if (EqualsIgnoreCase(text, "nulls-last")) return NullOrder::kNullsLast;
  return InvalidData("Unexpected null order: {}", text);
}

}  // namespace

Result<SortOrderPtr> ReadSortOrder(const JsonValue& value) {
  JsonObject object;
  if (value.get_object().get(object)) {
    return InvalidData("Cannot parse sort order from non-object: {}", json::ToJson(value));
  }
  FLOE_ASSIGN_OR_RETURN(int32_t order_id, json::GetInt(object, "order-id"));
  FLOE_ASSIGN_OR_RETURN(JsonValue fields_value, GetField(object, "fields"));
  JsonArray array;
  if (fields_value.get_array().get(array)) {
    return InvalidData("Cannot parse sort order fields, not an array: {}", json::ToJson(fields_value));
  }
  std::vector<SortField> fields;
  fields.reserve(array.size());
  for (JsonValue element : array) {
    JsonObject field_object;
    if (element.get_object().get(field_object)) {
      return InvalidData("Cannot parse sort field, not an object: {}", json::ToJson(element));
    }
    SortField& field = fields.emplace_back();
    FLOE_ASSIGN_OR_RETURN(std::string_view transform, json::GetString(field_object, "transform"));
    FLOE_ASSIGN_OR_RETURN(field.transform, Transform::Parse(transform));
    FLOE_RETURN_IF_ERROR(ReadSourceIds(field_object, &field.source_id, &field.source_ids));
    FLOE_ASSIGN_OR_RETURN(std::string_view direction, json::GetString(field_object, "direction"));
    FLOE_ASSIGN_OR_RETURN(field.direction, ParseSortDirection(direction));
    FLOE_ASSIGN_OR_RETURN(std::string_view null_order, json::GetString(field_object, "null-order"));
    FLOE_ASSIGN_OR_RETURN(field.null_order, ParseNullOrder(null_order));
  }
  if (fields.empty() && order_id != SortOrder::kUnsortedOrderId) {
    return InvalidData("Unsorted order ID must be 0");
  }
  if (!fields.empty() && order_id == SortOrder::kUnsortedOrderId) {
    return InvalidData("Sort order ID 0 is reserved for unsorted order");
  }
  return SortOrderPtr(std::make_shared<const SortOrder>(order_id, std::move(fields)));
}

void WriteSortOrder(JsonWriter& writer, const SortOrder& order) {
  writer->StartObject();
  writer.Key("order-id");
  writer->Int(order.order_id());
  writer.Key("fields");
  writer->StartArray();
  for (const SortField& field : order.fields()) {
    writer->StartObject();
    writer.Key("transform");
    writer.String(field.transform.ToString());
    WriteSourceIds(writer, field.source_id, field.source_ids);
    writer.Key("direction");
    writer.String(field.direction == SortDirection::kAscending ? "asc" : "desc");
    writer.Key("null-order");
    writer.String(field.null_order == NullOrder::kNullsFirst ? "nulls-first" : "nulls-last");
    writer->EndObject();
  }
  writer->EndArray();
  writer->EndObject();
}

// --- Name mapping --------------------------------------------------------------------

namespace {

Result<std::vector<MappedField>> ReadMappedFields(const JsonValue& value) {
  JsonArray array;
  if (value.get_array().get(array)) {
    return InvalidData("Cannot parse non-array mapping fields: {}", json::ToJson(value));
  }
  std::vector<MappedField> fields;
  fields.reserve(array.size());
  for (JsonValue element : array) {
    JsonObject object;
    if (element.get_object().get(object)) {
      return InvalidData("Cannot parse non-object mapping field: {}", json::ToJson(element));
    }
    MappedField& field = fields.emplace_back();
    FLOE_ASSIGN_OR_RETURN(field.field_id, json::GetOptionalInt(object, "field-id"));
    auto names = json::Find(object, "names");
    if (!names) return InvalidData("Cannot parse missing set: names");
    FLOE_ASSIGN_OR_RETURN(field.names, ReadStringList(*names, "names"));
    if (auto nested = json::Find(object, "fields")) {
      FLOE_ASSIGN_OR_RETURN(field.fields, ReadMappedFields(*nested));
    }
  }
  return fields;
}

}  // namespace

}  // namespace internal

// --- Public entry points ----------------------------------------------------------------

Result<TypePtr> ParseType(std::string_view json) {
  FLOE_ASSIGN_OR_RETURN(json::JsonDocument document, json::JsonDocument::Parse(json));
  return internal::ReadType(document.root());
}

Result<SchemaPtr> ParseSchema(std::string_view json) {
  FLOE_ASSIGN_OR_RETURN(json::JsonDocument document, json::JsonDocument::Parse(json));
  return internal::ReadSchema(document.root());
}

std::string SerializeSchema(const Schema& schema) {
  JsonWriter writer;
  internal::WriteSchema(writer, schema);
  return writer.Take();
}

Result<PartitionSpecPtr> ParsePartitionSpec(std::string_view json) {
  FLOE_ASSIGN_OR_RETURN(json::JsonDocument document, json::JsonDocument::Parse(json));
  return internal::ReadPartitionSpec(document.root());
}

std::string SerializePartitionSpec(const PartitionSpec& spec) {
  JsonWriter writer;
  internal::WritePartitionSpec(writer, spec);
  return writer.Take();
}

Result<SortOrderPtr> ParseSortOrder(std::string_view json) {
  FLOE_ASSIGN_OR_RETURN(json::JsonDocument document, json::JsonDocument::Parse(json));
  return internal::ReadSortOrder(document.root());
}

std::string SerializeSortOrder(const SortOrder& order) {
  JsonWriter writer;
  internal::WriteSortOrder(writer, order);
  return writer.Take();
}

Result<NameMapping> ParseNameMapping(std::string_view json) {
  FLOE_ASSIGN_OR_RETURN(json::JsonDocument document, json::JsonDocument::Parse(json));
  NameMapping mapping;
  FLOE_ASSIGN_OR_RETURN(mapping.fields, internal::ReadMappedFields(document.root()));
  return mapping;
}

}  // namespace floe::iceberg
