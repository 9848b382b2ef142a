// Partition specs: the partition tuple type and Hive-style partition paths.
#include "floe/iceberg/partition_spec.h"

#include <algorithm>

#include <fmt/format.h>

namespace floe::iceberg {

namespace {

// application/x-www-form-urlencoded, as Java's URLEncoder.encode(s, UTF_8):
// letters, digits and ".-*_" are kept, space becomes '+', every other byte %XX.
void AppendUrlEncoded(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    bool keep = (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
                byte == '.' || byte == '-' || byte == '*' || byte == '_';
    if (keep) {
      out.push_back(c);
    } else if (byte == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
}

int32_t SourceIdOf(const PartitionField& field) {
  return field.source_ids.empty() ? field.source_id : field.source_ids.front();
}

// The result type of a partition field; a dropped source column gives the
// transform's fixed result type when it has one, otherwise unknown.
Result<TypePtr> FieldResultType(const Schema& schema, const PartitionField& field) {
  const NestedField* source = schema.FindField(SourceIdOf(field));
  if (source == nullptr || !source->type) {
    switch (field.transform.kind()) {
      case TransformKind::kBucket:
      case TransformKind::kYear:
      case TransformKind::kMonth:
      case TransformKind::kHour: return PrimitiveType::Get(TypeId::kInt);
      case TransformKind::kDay: return PrimitiveType::Get(TypeId::kDate);
      case TransformKind::kUnknown: return PrimitiveType::Get(TypeId::kString);
      default: return PrimitiveType::Get(TypeId::kUnknown);
    }
  }
  auto result = field.transform.ResultType(source->type);
  if (!result.ok()) return result.status().WithContext(fmt::format("Partition field {}", field.name));
  return result;
}

}  // namespace

std::shared_ptr<const PartitionSpec> PartitionSpec::Unpartitioned() {
  static const auto kUnpartitioned = std::make_shared<const PartitionSpec>(0, std::vector<PartitionField>{});
  return kUnpartitioned;
}

bool PartitionSpec::is_unpartitioned() const {
  return std::all_of(fields_.begin(), fields_.end(),
                     [](const PartitionField& field) { return field.transform.kind() == TransformKind::kVoid; });
}

int32_t PartitionSpec::LastAssignedFieldId() const {
  int32_t last = kUnpartitionedLastAssignedId;
  for (const auto& field : fields_) last = std::max(last, field.field_id);
  return last;
}

Result<std::shared_ptr<const StructType>> PartitionSpec::PartitionType(const Schema& schema) const {
  std::vector<NestedField> fields;
  fields.reserve(fields_.size());
  for (const auto& field : fields_) {
    FLOE_ASSIGN_OR_RETURN(TypePtr type, FieldResultType(schema, field));
    NestedField partition_field;
    partition_field.id = field.field_id;
    partition_field.name = field.name;
    partition_field.type = std::move(type);
    partition_field.required = false;
    fields.push_back(std::move(partition_field));
  }
  return std::make_shared<const StructType>(std::move(fields));
}

Result<std::string> PartitionSpec::PartitionPath(const Schema& schema, const std::vector<Literal>& partition) const {
  if (partition.size() != fields_.size()) {
    return InvalidData("Invalid partition tuple: {} values for {} partition fields", partition.size(), fields_.size());
  }
  std::string path;
  for (size_t i = 0; i < fields_.size(); ++i) {
    const PartitionField& field = fields_[i];
    FLOE_ASSIGN_OR_RETURN(TypePtr type, FieldResultType(schema, field));
    if (i > 0) path.push_back('/');
    AppendUrlEncoded(path, field.name);
    path.push_back('=');
    AppendUrlEncoded(path, field.transform.ToHumanString(*type, partition[i]));
  }
  return path;
}

}  // namespace floe::iceberg
