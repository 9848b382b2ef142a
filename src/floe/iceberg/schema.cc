// Iceberg schemas (skeleton; full version follows).
#include "floe/iceberg/schema.h"

namespace floe::iceberg {

Result<std::shared_ptr<const Schema>> Schema::Make(int32_t schema_id, std::vector<NestedField> fields,
                                                   std::vector<int32_t> identifier_field_ids) {
  auto schema = std::shared_ptr<Schema>(new Schema());
  schema->schema_id_ = schema_id;
  schema->root_ = std::make_shared<const StructType>(std::move(fields));
  schema->identifier_field_ids_ = std::move(identifier_field_ids);
  return std::shared_ptr<const Schema>(std::move(schema));
}
const NestedField* Schema::FindField(int32_t field_id) const { return nullptr; }
const NestedField* Schema::FindField(std::string_view name, bool case_sensitive) const { return nullptr; }
std::string Schema::FindColumnName(int32_t field_id) const { return ""; }
std::optional<int32_t> Schema::ParentOf(int32_t field_id) const { return std::nullopt; }
bool Schema::SameSchema(const Schema& other) const { return false; }
std::optional<int32_t> NameMapping::Find(const std::vector<std::string>& path) const { return std::nullopt; }

}  // namespace floe::iceberg
