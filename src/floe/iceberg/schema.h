// Schema: a versioned struct of fields with unique ids (spec "Schemas").
//
// Immutable and shared (SchemaPtr). Construction indexes every field,
// nested ones included, by id and by dotted name ("location.lat", list
// element "points.element", map "props.key"/"props.value"), so lookups are O(1).
// Thread-safe: immutable after construction.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "floe/iceberg/types.h"

namespace floe::iceberg {

class Schema {
 public:
  // Builds the schema and its indexes. Duplicate field ids or duplicate names
  // within one struct -> kInvalidData. Identifier fields are validated as the
  // reference implementation does (they must exist, be required primitives,
  // not float/double, and not sit in a list, map or optional struct).
  // Besides full names, fields of a struct list element or struct map value
  // are also found by short names without "element"/"value" ("points.x" for
  // "points.element.x") when that does not collide with a full name.
  static Result<std::shared_ptr<const Schema>> Make(int32_t schema_id, std::vector<NestedField> fields,
                                                    std::vector<int32_t> identifier_field_ids = {});

  int32_t schema_id() const { return schema_id_; }
  const std::vector<NestedField>& fields() const { return root_->fields(); }
  const std::shared_ptr<const StructType>& as_struct() const { return root_; }
  const std::vector<int32_t>& identifier_field_ids() const { return identifier_field_ids_; }

  // Any field at any depth; nullptr when absent.
  const NestedField* FindField(int32_t field_id) const;
  // By full dotted name, case-sensitive or not.
  const NestedField* FindField(std::string_view name, bool case_sensitive = true) const;
  // The full dotted name of a field id, or "" when absent.
  std::string FindColumnName(int32_t field_id) const;
  // The id of the parent struct/list/map field of `field_id`, or nullopt for top-level fields.
  std::optional<int32_t> ParentOf(int32_t field_id) const;
  // The highest field id in the schema (0 for an empty schema).
  int32_t HighestFieldId() const { return highest_field_id_; }

  // Same fields and identifier ids (the schema id is ignored), as the
  // reference implementation compares schemas when reusing an existing one.
  bool SameSchema(const Schema& other) const;

 private:
  friend class SchemaIndexer;
  Schema() = default;
  int32_t schema_id_ = 0;
  std::shared_ptr<const StructType> root_;
  std::vector<int32_t> identifier_field_ids_;
  int32_t highest_field_id_ = 0;
  std::unordered_map<int32_t, const NestedField*> by_id_;
  std::unordered_map<int32_t, int32_t> parent_of_;
  std::unordered_map<std::string, int32_t> id_by_name_;
  std::unordered_map<std::string, int32_t> id_by_lower_name_;
  std::unordered_map<int32_t, std::string> name_by_id_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

// Name mapping (table property `schema.name-mapping.default`): maps column
// names in files written without field ids to field ids.
struct MappedField {
  std::optional<int32_t> field_id;
  std::vector<std::string> names;
  std::vector<MappedField> fields;  // nested
};
struct NameMapping {
  std::vector<MappedField> fields;
  // The id for a path of names (e.g. {"location", "lat"}), or nullopt.
  std::optional<int32_t> Find(const std::vector<std::string>& path) const;
};

}  // namespace floe::iceberg
