// New tables (fresh ids), compatibility checks, the commit entry point and
// metadata file naming (reference: Java TableMetadata.newTableMetadata,
// TypeUtil.assignFreshIds, Schema/PartitionSpec/SortOrder.checkCompatibility,
// CatalogHandlers.create/commit, BaseMetastoreTableOperations).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>
#include <unordered_map>

#include "floe/common/uuid.h"
#include "floe/iceberg/metadata_builder.h"
#include "floe/iceberg/metadata_location.h"

namespace floe::iceberg {

namespace {

// Reassigns field ids 1..N the way the reference AssignFreshIds visitor does:
// a struct's own fields get ids first (in order), then each field's type is
// visited in order; a list's element and a map's key and value get their ids
// before their types are visited.
class FreshIdAssigner {
 public:
  std::vector<NestedField> Struct(const std::vector<NestedField>& fields) {
    std::vector<int32_t> ids;
    ids.reserve(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) ids.push_back(++last_id_);
    std::vector<NestedField> fresh;
    fresh.reserve(fields.size());
    for (size_t i = 0; i < fields.size(); ++i) {
      NestedField field = fields[i];
      old_to_new_[field.id] = ids[i];
      field.id = ids[i];
      field.type = Visit(field.type);
      fresh.push_back(std::move(field));
    }
    return fresh;
  }

  int32_t last_id() const { return last_id_; }
  // The fresh id of an original field id, or nullopt.
  std::optional<int32_t> Map(int32_t old_id) const {
    auto it = old_to_new_.find(old_id);
    if (it == old_to_new_.end()) return std::nullopt;
    return it->second;
  }

 private:
  TypePtr Visit(const TypePtr& type) {
    if (const StructType* struct_type = type->AsStruct()) {
      return std::make_shared<const StructType>(Struct(struct_type->fields()));
    }
    if (const ListType* list = type->AsList()) {
      NestedField element = list->element();
      int32_t id = ++last_id_;
      old_to_new_[element.id] = id;
      element.id = id;
      element.type = Visit(element.type);
      return std::make_shared<const ListType>(std::move(element));
    }
    if (const MapType* map = type->AsMap()) {
      NestedField key = map->key();
      NestedField value = map->value();
      int32_t key_id = ++last_id_;
      int32_t value_id = ++last_id_;
      old_to_new_[key.id] = key_id;
      old_to_new_[value.id] = value_id;
      key.id = key_id;
      value.id = value_id;
      key.type = Visit(key.type);
      value.type = Visit(value.type);
      return std::make_shared<const MapType>(std::move(key), std::move(value));
    }
    return type;
  }

  int32_t last_id_ = 0;
  std::unordered_map<int32_t, int32_t> old_to_new_;
};

Result<std::vector<int32_t>> MapSourceIds(const FreshIdAssigner& ids, const std::vector<int32_t>& source_ids,
                                          std::string_view what) {
  std::vector<int32_t> mapped;
  for (int32_t source_id : source_ids) {
    auto fresh = ids.Map(source_id);
    if (!fresh) return BadRequest("Cannot find source column with id {} for {} in schema", source_id, what);
    mapped.push_back(*fresh);
  }
  return mapped;
}

Result<int> ParseFormatVersion(std::string_view text) {
  int version = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
  if (error != std::errc() || end != text.data() + text.size()) {
    return BadRequest("Invalid format version: {}", text);
  }
  return version;
}

int CreateFormatVersion(const std::vector<TableUpdate>& updates) {
  for (const TableUpdate& update : updates) {
    if (const auto* upgrade = update.As<UpgradeFormatVersionUpdate>()) return upgrade->format_version;
  }
  return kDefaultFormatVersion;
}

bool IsVoid(const Transform& transform) { return transform.kind() == TransformKind::kVoid; }

// Time transforms share one "dedup name": two of them on one column are redundant.
bool IsTimeTransform(const Transform& transform) {
  switch (transform.kind()) {
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kDay:
    case TransformKind::kHour: return true;
    default: return false;
  }
}

std::vector<int32_t> SourceIds(int32_t source_id, const std::vector<int32_t>& source_ids) {
  return source_ids.empty() ? std::vector<int32_t>{source_id} : source_ids;
}

// Java PartitionField.toString(): "1000: name: bucket[16](3)".
std::string Describe(const PartitionField& field) {
  return fmt::format("{}: {}: {}({})", field.field_id, field.name, field.transform.ToString(), field.source_id);
}

// Java SortField.toString(): "identity(1) ASC NULLS_FIRST".
std::string Describe(const SortField& field) {
  return fmt::format("{}({}) {} {}", field.transform.ToString(), field.source_id,
                     field.direction == SortDirection::kAscending ? "ASC" : "DESC",
                     field.null_order == NullOrder::kNullsFirst ? "NULLS_FIRST" : "NULLS_LAST");
}

// Java Schema.checkCompatibility: types and defaults newer than the format.
void CollectSchemaProblems(const Schema& schema, const std::vector<NestedField>& fields, int format_version,
                           std::vector<std::string>& problems);

void CheckFieldCompatibility(const Schema& schema, const NestedField& field, int format_version,
                             std::vector<std::string>& problems) {
  switch (field.type->id()) {
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
    case TypeId::kUnknown:
    case TypeId::kVariant:
    case TypeId::kGeometry:
    case TypeId::kGeography:
      if (format_version < 3) {
        problems.push_back(fmt::format("Invalid type for {}: {} is not supported until v3",
                                       schema.FindColumnName(field.id), field.type->ToString()));
      }
      break;
    default: break;
  }
  if (field.initial_default && !field.initial_default->is_null() && format_version < 3) {
    problems.push_back(fmt::format("Invalid initial default for {}: non-null default is not supported until v3",
                                   schema.FindColumnName(field.id)));
  }
  if (const StructType* nested = field.type->AsStruct()) {
    CollectSchemaProblems(schema, nested->fields(), format_version, problems);
  } else if (const ListType* list = field.type->AsList()) {
    CheckFieldCompatibility(schema, list->element(), format_version, problems);
  } else if (const MapType* map = field.type->AsMap()) {
    CheckFieldCompatibility(schema, map->key(), format_version, problems);
    CheckFieldCompatibility(schema, map->value(), format_version, problems);
  }
}

void CollectSchemaProblems(const Schema& schema, const std::vector<NestedField>& fields, int format_version,
                           std::vector<std::string>& problems) {
  for (const NestedField& field : fields) CheckFieldCompatibility(schema, field, format_version, problems);
}

}  // namespace

Status CheckSchemaCompatibility(const Schema& schema, int format_version) {
  std::vector<std::string> problems;
  CollectSchemaProblems(schema, schema.fields(), format_version, problems);
  if (problems.empty()) return Status::OK();
  std::string message = fmt::format("Invalid schema for v{}:", format_version);
  for (const std::string& problem : problems) message += "\n- " + problem;
  return BadRequest("{}", message);
}

// Java PartitionSpec.checkCompatibility (fields must resolve to primitive
// columns nested only in structs, with a transform that applies).
Status CheckPartitionSpecCompatibility(const PartitionSpec& spec, const Schema& schema) {
  for (const PartitionField& field : spec.fields()) {
    // A void transform keeps dropped v1 fields: any source is fine.
    if (IsVoid(field.transform)) continue;
    for (int32_t source_id : SourceIds(field.source_id, field.source_ids)) {
      const NestedField* source = schema.FindField(source_id);
      if (source == nullptr) return BadRequest("Cannot find source column for partition field: {}", Describe(field));
      if (!source->type->is_primitive()) {
        return BadRequest("Cannot partition by non-primitive source field: {}", source->type->ToString());
      }
      if (field.transform.kind() != TransformKind::kUnknown && !field.transform.CanTransform(*source->type)) {
        return BadRequest("Invalid source type {} for transform: {}", source->type->ToString(),
                          field.transform.ToString());
      }
      for (auto parent = schema.ParentOf(source_id); parent; parent = schema.ParentOf(*parent)) {
        const NestedField* parent_field = schema.FindField(*parent);
        if (parent_field != nullptr && parent_field->type->id() != TypeId::kStruct) {
          return BadRequest("Invalid partition field parent: {}", parent_field->type->ToString());
        }
      }
    }
  }
  return Status::OK();
}

// Java SortOrder.checkCompatibility.
Status CheckSortOrderCompatibility(const SortOrder& order, const Schema& schema) {
  for (const SortField& field : order.fields()) {
    for (int32_t source_id : SourceIds(field.source_id, field.source_ids)) {
      const NestedField* source = schema.FindField(source_id);
      if (source == nullptr) return BadRequest("Cannot find source column for sort field: {}", Describe(field));
      if (!source->type->is_primitive()) {
        return BadRequest("Cannot sort by non-primitive source field: {}", source->type->ToString());
      }
      if (field.transform.kind() != TransformKind::kUnknown && !field.transform.CanTransform(*source->type)) {
        return BadRequest("Invalid source type {} for transform: {}", source->type->ToString(),
                          field.transform.ToString());
      }
    }
  }
  return Status::OK();
}

// The partition-name rules of Java's PartitionSpec.Builder for a new spec.
Status CheckPartitionFieldNames(const PartitionSpec& spec, const Schema& schema) {
  std::set<std::string> names;
  for (size_t i = 0; i < spec.fields().size(); ++i) {
    const PartitionField& field = spec.fields()[i];
    if (field.name.empty()) return BadRequest("Cannot use empty partition name: {}", field.name);
    if (!names.insert(field.name).second) {
      return BadRequest("Cannot use partition name more than once: {}", field.name);
    }
    if (IsVoid(field.transform)) continue;
    if (const NestedField* column = schema.FindField(field.name)) {
      if (field.transform.kind() == TransformKind::kIdentity) {
        if (column->id != field.source_id) {
          return BadRequest("Cannot create identity partition sourced from different field in schema: {}",
                            field.name);
        }
      } else {
        return BadRequest("Cannot create partition from name that exists in schema: {}", field.name);
      }
    }
    for (size_t j = 0; j < i; ++j) {
      const PartitionField& other = spec.fields()[j];
      if (IsVoid(other.transform) || other.source_id != field.source_id || other.source_ids != field.source_ids) {
        continue;
      }
      bool redundant = (IsTimeTransform(other.transform) && IsTimeTransform(field.transform)) ||
                       other.transform.ToString() == field.transform.ToString();
      if (redundant) {
        return BadRequest("Cannot add redundant partition: {} conflicts with {}", Describe(other), Describe(field));
      }
    }
  }
  return Status::OK();
}

bool IsReservedTableProperty(std::string_view key) {
  static constexpr std::string_view kReserved[] = {
      "format-version",         "uuid",    "snapshot-count",         "current-snapshot-id",
      "current-snapshot-summary", "current-snapshot-timestamp-ms", "current-schema",
      "default-partition-spec", "default-sort-order",
  };
  return std::find(std::begin(kReserved), std::end(kReserved), key) != std::end(kReserved);
}

Result<MetadataBuilder> MetadataBuilder::ForNewTable(const Schema& schema, const PartitionSpec& spec,
                                                     const SortOrder& sort_order, std::string location,
                                                     std::map<std::string, std::string> properties,
                                                     int format_version) {
  auto version_property = properties.find(std::string(kFormatVersionProperty));
  if (version_property != properties.end()) {
    FLOE_ASSIGN_OR_RETURN(format_version, ParseFormatVersion(version_property->second));
  }
  if (format_version < kMinFormatVersion || format_version > kMaxFormatVersion) {
    return BadRequest("Unsupported format version: v{} (supported: v{})", format_version, kMaxFormatVersion);
  }
  // Persisted properties: defaults for new tables, then the caller's (minus reserved ones).
  std::map<std::string, std::string> persisted{{std::string(kParquetCompressionProperty), "zstd"}};
  for (auto& [key, value] : properties) {
    if (!IsReservedTableProperty(key)) persisted[key] = std::move(value);
  }

  FreshIdAssigner ids;
  std::vector<NestedField> fresh_fields = ids.Struct(schema.fields());
  FLOE_ASSIGN_OR_RETURN(std::vector<int32_t> identifier_ids,
                        MapSourceIds(ids, schema.identifier_field_ids(), "identifier field"));
  auto fresh_schema = Schema::Make(0, std::move(fresh_fields), std::move(identifier_ids));
  if (!fresh_schema.ok()) return internal::AsBadRequest(fresh_schema.status());

  std::vector<PartitionField> spec_fields;
  for (const PartitionField& field : spec.fields()) {
    PartitionField fresh = field;
    std::string what = fmt::format("partition field {}", field.name);
    FLOE_ASSIGN_OR_RETURN(auto source, MapSourceIds(ids, {field.source_id}, what));
    fresh.source_id = source[0];
    FLOE_ASSIGN_OR_RETURN(fresh.source_ids, MapSourceIds(ids, field.source_ids, what));
    fresh.field_id = PartitionSpec::kFirstFieldId + static_cast<int32_t>(spec_fields.size());
    spec_fields.push_back(std::move(fresh));
  }
  PartitionSpec fresh_spec(0, std::move(spec_fields));

  std::vector<SortField> order_fields;
  for (const SortField& field : sort_order.fields()) {
    SortField fresh = field;
    FLOE_ASSIGN_OR_RETURN(auto source, MapSourceIds(ids, {field.source_id}, "sort field"));
    fresh.source_id = source[0];
    FLOE_ASSIGN_OR_RETURN(fresh.source_ids, MapSourceIds(ids, field.source_ids, "sort field"));
    order_fields.push_back(std::move(fresh));
  }
  int32_t order_id = order_fields.empty() ? SortOrder::kUnsortedOrderId : 1;
  SortOrder fresh_order(order_id, std::move(order_fields));

  MetadataBuilder builder = BuildFromEmpty(format_version);
  FLOE_RETURN_IF_ERROR(builder.AddSchema(*fresh_schema));
  FLOE_RETURN_IF_ERROR(builder.SetCurrentSchema(kLastAdded));
  builder.metadata_.last_column_id = std::max(builder.metadata_.last_column_id, ids.last_id());
  FLOE_RETURN_IF_ERROR(builder.AddPartitionSpec(fresh_spec));
  FLOE_RETURN_IF_ERROR(builder.SetDefaultSpec(kLastAdded));
  FLOE_RETURN_IF_ERROR(builder.AddSortOrder(fresh_order));
  FLOE_RETURN_IF_ERROR(builder.SetDefaultSortOrder(kLastAdded));
  FLOE_RETURN_IF_ERROR(builder.SetLocation(location));
  FLOE_RETURN_IF_ERROR(builder.SetProperties(persisted));
  return builder;
}

Result<TableMetadataPtr> ApplyCommit(const TableMetadataPtr& base, const std::vector<TableRequirement>& requirements,
                                     const std::vector<TableUpdate>& updates,
                                     std::string_view base_metadata_location) {
  if (!base) return ApplyCommit(static_cast<const TableMetadata*>(nullptr), requirements, updates);
  FLOE_RETURN_IF_ERROR(ValidateRequirements(requirements, base.get()));
  MetadataBuilder builder = MetadataBuilder::BuildFrom(base, std::string(base_metadata_location));
  for (const TableUpdate& update : updates) FLOE_RETURN_IF_ERROR(builder.Apply(update));
  return builder.Build();
}

Result<TableMetadataPtr> ApplyCommit(const TableMetadata* base, const std::vector<TableRequirement>& requirements,
                                     const std::vector<TableUpdate>& updates,
                                     std::string_view base_metadata_location) {
  FLOE_RETURN_IF_ERROR(ValidateRequirements(requirements, base));
  std::optional<MetadataBuilder> builder;
  if (base != nullptr) {
    builder = MetadataBuilder::BuildFrom(*base, std::string(base_metadata_location));
  } else {
    // A create: start empty, at the first requested format version (later
    // upgrade-format-version updates then validate as usual).
    int format_version = CreateFormatVersion(updates);
    if (format_version < kMinFormatVersion || format_version > kMaxFormatVersion) {
      return BadRequest("Unsupported format version: v{} (supported: v{})", format_version, kMaxFormatVersion);
    }
    builder = MetadataBuilder::BuildFromEmpty(format_version);
  }
  for (const TableUpdate& update : updates) FLOE_RETURN_IF_ERROR(builder->Apply(update));
  return builder->Build();
}

std::vector<TableUpdate> ChangesForCreate(const TableMetadata& metadata) {
  std::vector<TableUpdate> changes;
  changes.push_back(AssignUuidUpdate{metadata.table_uuid});
  changes.push_back(UpgradeFormatVersionUpdate{metadata.format_version});
  if (SchemaPtr schema = metadata.CurrentSchema()) {
    changes.push_back(AddSchemaUpdate{schema, schema->HighestFieldId()});
    changes.push_back(SetCurrentSchemaUpdate{kLastAdded});
  }
  PartitionSpecPtr spec = metadata.DefaultSpec();
  changes.push_back(AddPartitionSpecUpdate{spec && !spec->fields().empty() ? spec : PartitionSpec::Unpartitioned()});
  changes.push_back(SetDefaultSpecUpdate{kLastAdded});
  SortOrderPtr order = metadata.DefaultSortOrder();
  changes.push_back(AddSortOrderUpdate{order && !order->is_unsorted() ? order : SortOrder::Unsorted()});
  changes.push_back(SetDefaultSortOrderUpdate{kLastAdded});
  if (!metadata.location.empty()) changes.push_back(SetLocationUpdate{metadata.location});
  if (!metadata.properties.empty()) changes.push_back(SetPropertiesUpdate{metadata.properties});
  return changes;
}

std::string NextMetadataFileLocation(const TableMetadata& metadata, std::string_view previous_metadata_location) {
  int64_t version = 0;
  if (!previous_metadata_location.empty()) {
    if (auto previous = MetadataFileVersion(previous_metadata_location)) version = *previous + 1;
  }
  std::string extension = ".metadata.json";
  auto codec = metadata.properties.find(std::string(kMetadataCompressionProperty));
  if (codec != metadata.properties.end()) {
    std::string name = codec->second;
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
    if (name == "gzip") extension = ".gz.metadata.json";
  }
  std::string directory;
  auto custom = metadata.properties.find(std::string(kWriteMetadataLocationProperty));
  if (custom != metadata.properties.end() && !custom->second.empty()) {
    directory = custom->second;
  } else {
    directory = metadata.location;
    while (directory.size() > 1 && directory.back() == '/') directory.pop_back();
    directory += "/metadata";
  }
  while (directory.size() > 1 && directory.back() == '/') directory.pop_back();
  return fmt::format("{}/{:05d}-{}{}", directory, version, RandomUuid(), extension);
}

}  // namespace floe::iceberg
