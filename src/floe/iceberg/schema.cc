// Schemas: construction-time indexes by id, dotted name and parent, and
// identifier-field validation as the reference implementation does it.
#include "floe/iceberg/schema.h"

#include <algorithm>

namespace floe::iceberg {

namespace {

std::string LowerAscii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

std::string JoinName(const std::string& prefix, std::string_view name) {
  if (prefix.empty()) return std::string(name);
  std::string joined;
  joined.reserve(prefix.size() + 1 + name.size());
  joined.append(prefix).append(".").append(name);
  return joined;
}

}  // namespace

// Walks the type tree once, filling the indexes. Names follow the reference
// implementation: canonical names include list "element" and map "key"/"value"
// segments; short names (without "element"/"value") are added when they do not
// collide with a canonical name.
class SchemaIndexer {
 public:
  explicit SchemaIndexer(Schema& schema) : schema_(schema) {}

  Status Index() {
    FLOE_RETURN_IF_ERROR(VisitStruct(*schema_.root_, std::nullopt, "", ""));
    for (auto& [name, id] : short_names_) {
      schema_.id_by_name_.try_emplace(name, id);
    }
    for (const auto& [name, id] : schema_.id_by_name_) {
      schema_.id_by_lower_name_.try_emplace(LowerAscii(name), id);
    }
    return Status::OK();
  }

 private:
  Status VisitStruct(const StructType& type, std::optional<int32_t> parent, const std::string& prefix,
                     const std::string& short_prefix) {
    for (const NestedField& field : type.fields()) {
      FLOE_RETURN_IF_ERROR(VisitField(field, parent, JoinName(prefix, field.name), JoinName(short_prefix, field.name)));
    }
    return Status::OK();
  }

  Status VisitField(const NestedField& field, std::optional<int32_t> parent, std::string name, std::string short_name) {
    if (!schema_.by_id_.emplace(field.id, &field).second) {
      return InvalidData("Invalid schema: multiple fields for id {}: {} and {}", field.id,
                         schema_.name_by_id_[field.id], name);
    }
    auto [existing, inserted] = schema_.id_by_name_.emplace(name, field.id);
    if (!inserted) {
      return InvalidData("Invalid schema: multiple fields for name {}: {} and {}", name, existing->second, field.id);
    }
    if (short_name != name) short_names_.emplace_back(short_name, field.id);
    schema_.name_by_id_.emplace(field.id, name);
    if (parent) schema_.parent_of_.emplace(field.id, *parent);
    schema_.highest_field_id_ = std::max(schema_.highest_field_id_, field.id);
    if (!field.type) return InvalidData("Invalid schema: field {} has no type", name);

    switch (field.type->id()) {
      case TypeId::kStruct: return VisitStruct(*field.type->AsStruct(), field.id, name, short_name);
      case TypeId::kList: {
        const NestedField& element = field.type->AsList()->element();
        // A struct element's fields are also reachable without "element".
        bool struct_element = element.type && element.type->id() == TypeId::kStruct;
        return VisitField(element, field.id, JoinName(name, "element"),
                          struct_element ? short_name : JoinName(short_name, "element"));
      }
      case TypeId::kMap: {
        const MapType& map = *field.type->AsMap();
        FLOE_RETURN_IF_ERROR(VisitField(map.key(), field.id, JoinName(name, "key"), JoinName(short_name, "key")));
        bool struct_value = map.value().type && map.value().type->id() == TypeId::kStruct;
        return VisitField(map.value(), field.id, JoinName(name, "value"),
                          struct_value ? short_name : JoinName(short_name, "value"));
      }
      default: return Status::OK();
    }
  }

  Schema& schema_;
  std::vector<std::pair<std::string, int32_t>> short_names_;
};

namespace {

// The reference implementation's identifier-field rules (spec "Identifier Field IDs").
Status ValidateIdentifierField(const Schema& schema, int32_t field_id) {
  const NestedField* field = schema.FindField(field_id);
  if (field == nullptr) {
    return InvalidData("Cannot add fieldId {} as an identifier field: field does not exist", field_id);
  }
  if (!field->type || !field->type->is_primitive()) {
    return InvalidData("Cannot add field {} as an identifier field: not a primitive type field", field->name);
  }
  if (!field->required) {
    return InvalidData("Cannot add field {} as an identifier field: not a required field", field->name);
  }
  if (field->type->id() == TypeId::kFloat || field->type->id() == TypeId::kDouble) {
    return InvalidData("Cannot add field {} as an identifier field: must not be float or double field", field->name);
  }
  for (auto parent_id = schema.ParentOf(field_id); parent_id; parent_id = schema.ParentOf(*parent_id)) {
    const NestedField* parent = schema.FindField(*parent_id);
    if (parent->type->id() != TypeId::kStruct) {
      return InvalidData("Cannot add field {} as an identifier field: must not be nested in {}: {}: {} {}", field->name,
                         parent->id, parent->name, parent->required ? "required" : "optional",
                         parent->type->ToString());
    }
    if (!parent->required) {
      return InvalidData("Cannot add field {} as an identifier field: must not be nested in an optional field {}",
                         field->name, parent->name);
    }
  }
  return Status::OK();
}

}  // namespace

Result<std::shared_ptr<const Schema>> Schema::Make(int32_t schema_id, std::vector<NestedField> fields,
                                                   std::vector<int32_t> identifier_field_ids) {
  auto schema = std::shared_ptr<Schema>(new Schema());
  schema->schema_id_ = schema_id;
  schema->root_ = std::make_shared<const StructType>(std::move(fields));
  schema->identifier_field_ids_ = std::move(identifier_field_ids);
  FLOE_RETURN_IF_ERROR(SchemaIndexer(*schema).Index());
  for (int32_t field_id : schema->identifier_field_ids_) {
    FLOE_RETURN_IF_ERROR(ValidateIdentifierField(*schema, field_id));
  }
  return std::shared_ptr<const Schema>(std::move(schema));
}

const NestedField* Schema::FindField(int32_t field_id) const {
  auto it = by_id_.find(field_id);
  return it == by_id_.end() ? nullptr : it->second;
}

const NestedField* Schema::FindField(std::string_view name, bool case_sensitive) const {
  const auto& index = case_sensitive ? id_by_name_ : id_by_lower_name_;
  auto it = case_sensitive ? index.find(std::string(name)) : index.find(LowerAscii(name));
  return it == index.end() ? nullptr : FindField(it->second);
}

std::string Schema::FindColumnName(int32_t field_id) const {
  auto it = name_by_id_.find(field_id);
  return it == name_by_id_.end() ? std::string() : it->second;
}

std::optional<int32_t> Schema::ParentOf(int32_t field_id) const {
  auto it = parent_of_.find(field_id);
  if (it == parent_of_.end()) return std::nullopt;
  return it->second;
}

bool Schema::SameSchema(const Schema& other) const {
  if (!root_->Equals(*other.root_)) return false;
  std::vector<int32_t> mine = identifier_field_ids_, theirs = other.identifier_field_ids_;
  std::sort(mine.begin(), mine.end());
  std::sort(theirs.begin(), theirs.end());
  mine.erase(std::unique(mine.begin(), mine.end()), mine.end());
  theirs.erase(std::unique(theirs.begin(), theirs.end()), theirs.end());
  return mine == theirs;
}

std::optional<int32_t> NameMapping::Find(const std::vector<std::string>& path) const {
  if (path.empty()) return std::nullopt;
  const std::vector<MappedField>* level = &fields;
  const MappedField* found = nullptr;
  for (const std::string& name : path) {
    found = nullptr;
    for (const MappedField& candidate : *level) {
      if (std::find(candidate.names.begin(), candidate.names.end(), name) != candidate.names.end()) {
        found = &candidate;
        break;
      }
    }
    if (found == nullptr) return std::nullopt;
    level = &found->fields;
  }
  return found->field_id;
}

}  // namespace floe::iceberg
