// Matching a data file's columns to table fields (see scan_file_columns.h).
#include "floe/engine/scan_file_columns.h"

#include "floe/engine/plan.h"
#include "floe/iceberg/metadata_json.h"
#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;

Result<std::shared_ptr<const iceberg::NameMapping>> TableNameMapping(const iceberg::TableMetadata& metadata) {
  auto it = metadata.properties.find("schema.name-mapping.default");
  if (it == metadata.properties.end()) return std::shared_ptr<const iceberg::NameMapping>();
  auto mapping = iceberg::ParseNameMapping(it->second);
  if (!mapping.ok()) {
    return sql::SqlErrorNoLocation(codes::kInvalidTableProperty,
                                   "Table property schema.name-mapping.default is not a valid name mapping: {}",
                                   mapping.status().message());
  }
  return std::make_shared<const iceberg::NameMapping>(std::move(*mapping));
}

bool MetricsPruningAllowed(const iceberg::TableMetadata& metadata) {
  return !metadata.properties.contains("schema.name-mapping.default");
}

std::vector<int32_t> FileFieldIds(const parquet::FileSchema& schema, const iceberg::NameMapping* mapping) {
  std::vector<int32_t> ids;
  ids.reserve(schema.fields().size());
  for (const auto& node : schema.fields()) {
    int32_t id = node.field.field_id;
    if (id < 0 && mapping != nullptr) {
      if (auto mapped = mapping->Find({node.field.name})) id = *mapped;
    }
    ids.push_back(id);
  }
  return ids;
}

int FileFieldOf(const std::vector<int32_t>& file_field_ids, int32_t field_id) {
  for (size_t i = 0; i < file_field_ids.size(); ++i) {
    if (file_field_ids[i] == field_id) return static_cast<int>(i);
  }
  return -1;
}

int CheapestFileField(const parquet::ParquetReader& reader) {
  const auto& fields = reader.schema().fields();
  if (fields.empty()) return -1;
  int best = 0;
  int64_t best_bytes = -1;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].kind != parquet::FieldNode::Kind::kLeaf) continue;
    int64_t bytes = 0;
    for (const auto& group : reader.metadata().row_groups) {
      const auto& chunk = group.columns[static_cast<size_t>(fields[i].column)];
      if (chunk.meta_data) bytes += chunk.meta_data->total_compressed_size;
    }
    if (best_bytes < 0 || bytes < best_bytes) {
      best = static_cast<int>(i);
      best_bytes = bytes;
    }
  }
  return best;
}

Value ValueOfLiteral(const iceberg::Literal& literal, const SqlType& type) {
  if (literal.is_null()) return Value::Null();
  if (const auto* v = literal.get_if<bool>()) return type.kind == SqlTypeKind::kBoolean ? Value::Boolean(*v) : Value::Null();
  if (type.kind == SqlTypeKind::kDecimal) {
    if (const auto* v = literal.get_if<iceberg::Decimal>()) return Value::Decimal(v->unscaled);
    return Value::Null();
  }
  if (type.kind == SqlTypeKind::kReal || type.kind == SqlTypeKind::kDouble) {
    if (const auto* v = literal.get_if<float>()) return Value::Double(*v);
    if (const auto* v = literal.get_if<double>()) return Value::Double(*v);
    return Value::Null();
  }
  if (const auto* v = literal.get_if<int32_t>()) return Value::Integer(*v);
  if (const auto* v = literal.get_if<int64_t>()) return Value::Integer(*v);
  if (const auto* v = literal.get_if<std::string>()) return Value::String(*v);
  return Value::Null();
}

Value MissingColumnValue(const iceberg::TableMetadata& metadata, const iceberg::Schema& schema,
                         const iceberg::FileScanTask& task, int32_t field_id, const SqlType& type) {
  if (field_id == kFilePathFieldId) return Value::String(task.data_file->file_path);
  if (auto spec = metadata.SpecById(task.spec_id)) {
    const auto& fields = spec->fields();
    for (size_t i = 0; i < fields.size() && i < task.data_file->partition.size(); ++i) {
      if (fields[i].source_id == field_id && fields[i].transform.kind() == iceberg::TransformKind::kIdentity) {
        return ValueOfLiteral(task.data_file->partition[i], type);
      }
    }
  }
  const iceberg::NestedField* field = schema.FindField(field_id);
  if (field != nullptr && field->initial_default) return ValueOfLiteral(*field->initial_default, type);
  return Value::Null();
}

}  // namespace floe::engine
