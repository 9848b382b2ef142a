#include "floe/engine/metadata_tables.h"

#include <map>
#include <optional>
#include <set>

#include "floe/iceberg/literal.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_list.h"

namespace floe::engine {

namespace {

SqlType Integer() { return SqlType::Of(SqlTypeKind::kInteger); }
SqlType Bigint() { return SqlType::Of(SqlTypeKind::kBigint); }
SqlType Boolean() { return SqlType::Of(SqlTypeKind::kBoolean); }
SqlType Varchar() { return SqlType::Varchar(); }

SqlType ArrayOf(SqlType element) {
  SqlType type = SqlType::Of(SqlTypeKind::kArray);
  type.children.push_back(std::move(element));
  return type;
}

SqlType MapOf(SqlType key, SqlType value) {
  SqlType type = SqlType::Of(SqlTypeKind::kMap);
  type.children = {std::move(key), std::move(value)};
  return type;
}

SqlType RowOf(std::vector<std::pair<std::string, SqlType>> fields) {
  SqlType type = SqlType::Of(SqlTypeKind::kRow);
  for (auto& [name, child] : fields) {
    type.field_names.push_back(name);
    type.children.push_back(std::move(child));
  }
  return type;
}

Value CountMap(const std::map<int32_t, int64_t>& counts) {
  Elements entries;
  for (const auto& [id, count] : counts) {
    entries.push_back(Value::Integer(id));
    entries.push_back(Value::Integer(count));
  }
  return Value::Nested(std::move(entries));
}

// Bounds as Iceberg's human-readable strings, for the schema's primitive
// columns (bounds of unknown columns are left out, as Trino does).
Value BoundMap(const std::map<int32_t, std::string>& bounds, const iceberg::Schema& schema) {
  Elements entries;
  for (const auto& [id, bytes] : bounds) {
    const iceberg::NestedField* field = schema.FindField(id);
    if (!field || field->type->is_nested()) continue;
    auto literal = iceberg::FromBinary(*field->type, bytes);
    if (!literal.ok()) continue;
    entries.push_back(Value::Integer(id));
    entries.push_back(Value::String(iceberg::ToHumanString(*field->type, *literal)));
  }
  return Value::Nested(std::move(entries));
}

// The partition row of the current default spec: its fields, named and
// typed as the spec's partition type.
struct PartitionColumn {
  std::vector<iceberg::PartitionField> fields;
  SqlType type;
};

std::optional<PartitionColumn> PartitionColumnOf(const iceberg::TableMetadata& metadata, const iceberg::Schema& schema) {
  iceberg::PartitionSpecPtr spec = metadata.DefaultSpec();
  if (!spec || spec->is_unpartitioned()) return std::nullopt;
  auto partition_type = spec->PartitionType(schema);
  if (!partition_type.ok()) return std::nullopt;
  PartitionColumn column;
  std::vector<std::pair<std::string, SqlType>> fields;
  for (size_t i = 0; i < spec->fields().size() && i < (*partition_type)->fields().size(); ++i) {
    const iceberg::PartitionField& field = spec->fields()[i];
    if (field.transform.ToString() == "void") continue;
    auto type = SqlTypeOfIceberg(*(*partition_type)->fields()[i].type, field.name);
    if (!type.ok()) continue;
    column.fields.push_back(field);
    fields.emplace_back(field.name, *type);
  }
  if (fields.empty()) return std::nullopt;
  column.type = RowOf(std::move(fields));
  return column;
}

// The partition row of a file written under `spec` (fields matched by
// partition field id; NULL for fields the file's spec does not have).
Value PartitionValue(const PartitionColumn& column, const iceberg::PartitionSpec* spec,
                     const std::vector<iceberg::Literal>& partition) {
  Elements fields;
  for (const iceberg::PartitionField& wanted : column.fields) {
    Value value;
    if (spec) {
      for (size_t i = 0; i < spec->fields().size() && i < partition.size(); ++i) {
        if (spec->fields()[i].field_id == wanted.field_id) value = ValueOfLiteral(partition[i]);
      }
    }
    fields.push_back(std::move(value));
  }
  return Value::Nested(std::move(fields));
}

struct LiveFile {
  iceberg::DataFile file;
  iceberg::PartitionSpecPtr spec;
};

Result<std::vector<LiveFile>> LiveFiles(io::FileIO& file_io, const iceberg::TableMetadata& metadata,
                                        const iceberg::Snapshot& snapshot) {
  FLOE_ASSIGN_OR_RETURN(auto manifests, iceberg::ReadSnapshotManifests(file_io, metadata, snapshot));
  std::vector<LiveFile> files;
  for (const auto& manifest : manifests) {
    FLOE_ASSIGN_OR_RETURN(auto entries, iceberg::ReadManifest(file_io, manifest, &metadata));
    iceberg::PartitionSpecPtr spec = metadata.SpecById(manifest.partition_spec_id);
    for (auto& entry : entries) {
      if (!entry.is_live()) continue;
      files.push_back(LiveFile{std::move(entry.data_file), spec});
    }
  }
  return files;
}

Result<MetadataTableContents> FilesTable(io::FileIO& file_io, const iceberg::TableMetadata& metadata) {
  iceberg::SchemaPtr schema = metadata.CurrentSchema();
  auto partition = PartitionColumnOf(metadata, *schema);
  MetadataTableContents table;
  const SqlType counts = MapOf(Integer(), Bigint()), bounds = MapOf(Integer(), Varchar());
  table.columns = {{"content", Integer()}, {"file_path", Varchar()}, {"file_format", Varchar()}, {"spec_id", Integer()}};
  if (partition) table.columns.emplace_back("partition", partition->type);
  std::vector<std::pair<std::string, SqlType>> rest = {
      {"record_count", Bigint()},        {"file_size_in_bytes", Bigint()},
      {"column_sizes", counts},          {"value_counts", counts},
      {"null_value_counts", counts},     {"nan_value_counts", counts},
      {"lower_bounds", bounds},          {"upper_bounds", bounds},
      {"key_metadata", SqlType::Of(SqlTypeKind::kVarbinary)},
      {"split_offsets", ArrayOf(Bigint())},
      {"equality_ids", ArrayOf(Integer())},
      {"sort_order_id", Integer()}};
  table.columns.insert(table.columns.end(), rest.begin(), rest.end());
  auto snapshot = metadata.CurrentSnapshot();
  if (!snapshot) return table;
  FLOE_ASSIGN_OR_RETURN(auto files, LiveFiles(file_io, metadata, *snapshot));
  for (const LiveFile& live : files) {
    const iceberg::DataFile& file = live.file;
    std::vector<Value> row = {Value::Integer(static_cast<int32_t>(file.content)), Value::String(file.file_path),
                              Value::String(std::string(iceberg::FileFormatName(file.file_format))),
                              live.spec ? Value::Integer(live.spec->spec_id()) : Value::Null()};
    if (partition) row.push_back(PartitionValue(*partition, live.spec.get(), file.partition));
    row.push_back(Value::Integer(file.record_count));
    row.push_back(Value::Integer(file.file_size_in_bytes));
    row.push_back(CountMap(file.column_sizes));
    row.push_back(CountMap(file.value_counts));
    row.push_back(CountMap(file.null_value_counts));
    row.push_back(CountMap(file.nan_value_counts));
    row.push_back(BoundMap(file.lower_bounds, *schema));
    row.push_back(BoundMap(file.upper_bounds, *schema));
    row.push_back(file.key_metadata ? Value::String(*file.key_metadata) : Value::Null());
    Elements offsets, equality_ids;
    for (int64_t offset : file.split_offsets) offsets.push_back(Value::Integer(offset));
    for (int32_t id : file.equality_ids) equality_ids.push_back(Value::Integer(id));
    row.push_back(file.split_offsets.empty() ? Value::Null() : Value::Nested(std::move(offsets)));
    row.push_back(file.equality_ids.empty() ? Value::Null() : Value::Nested(std::move(equality_ids)));
    row.push_back(file.sort_order_id ? Value::Integer(*file.sort_order_id) : Value::Null());
    table.rows.push_back(std::move(row));
  }
  return table;
}

Result<MetadataTableContents> ManifestsTable(io::FileIO& file_io, const iceberg::TableMetadata& metadata) {
  MetadataTableContents table;
  SqlType summary = RowOf({{"contains_null", Boolean()}, {"contains_nan", Boolean()}, {"lower_bound", Varchar()},
                           {"upper_bound", Varchar()}});
  table.columns = {{"path", Varchar()},
                   {"length", Bigint()},
                   {"partition_spec_id", Integer()},
                   {"added_snapshot_id", Bigint()},
                   {"added_data_files_count", Integer()},
                   {"added_rows_count", Bigint()},
                   {"existing_data_files_count", Integer()},
                   {"existing_rows_count", Bigint()},
                   {"deleted_data_files_count", Integer()},
                   {"deleted_rows_count", Bigint()},
                   {"partition_summaries", ArrayOf(summary)}};
  auto snapshot = metadata.CurrentSnapshot();
  if (!snapshot) return table;
  iceberg::SchemaPtr schema = metadata.CurrentSchema();
  FLOE_ASSIGN_OR_RETURN(auto manifests, iceberg::ReadSnapshotManifests(file_io, metadata, *snapshot));
  auto optional_int = [](const auto& v) { return v ? Value::Integer(*v) : Value::Null(); };
  for (const auto& manifest : manifests) {
    std::vector<Value> row = {Value::String(manifest.manifest_path),
                              Value::Integer(manifest.manifest_length),
                              Value::Integer(manifest.partition_spec_id),
                              Value::Integer(manifest.added_snapshot_id),
                              optional_int(manifest.added_files_count),
                              optional_int(manifest.added_rows_count),
                              optional_int(manifest.existing_files_count),
                              optional_int(manifest.existing_rows_count),
                              optional_int(manifest.deleted_files_count),
                              optional_int(manifest.deleted_rows_count)};
    if (!manifest.partitions) {
      row.push_back(Value::Null());
    } else {
      iceberg::PartitionSpecPtr spec = metadata.SpecById(manifest.partition_spec_id);
      std::shared_ptr<const iceberg::StructType> partition_type;
      if (spec) {
        auto type = spec->PartitionType(*schema);
        if (type.ok()) partition_type = *type;
      }
      Elements summaries;
      for (size_t i = 0; i < manifest.partitions->size(); ++i) {
        const iceberg::PartitionFieldSummary& s = (*manifest.partitions)[i];
        auto bound = [&](const std::optional<std::string>& bytes) -> Value {
          if (!bytes || !partition_type || i >= partition_type->fields().size()) return Value::Null();
          const iceberg::Type& type = *partition_type->fields()[i].type;
          auto literal = iceberg::FromBinary(type, *bytes);
          if (!literal.ok()) return Value::Null();
          return Value::String(iceberg::ToHumanString(type, *literal));
        };
        summaries.push_back(Value::Nested({Value::Boolean(s.contains_null),
                                           s.contains_nan ? Value::Boolean(*s.contains_nan) : Value::Null(),
                                           bound(s.lower_bound), bound(s.upper_bound)}));
      }
      row.push_back(Value::Nested(std::move(summaries)));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

Result<MetadataTableContents> PartitionsTable(io::FileIO& file_io, const iceberg::TableMetadata& metadata) {
  iceberg::SchemaPtr schema = metadata.CurrentSchema();
  auto partition = PartitionColumnOf(metadata, *schema);
  // Columns with statistics: top-level primitive columns that are not the
  // source of an identity partition field.
  std::set<int32_t> identity_sources;
  if (auto spec = metadata.DefaultSpec()) {
    for (const auto& field : spec->fields()) {
      if (field.transform.ToString() == "identity") identity_sources.insert(field.source_id);
    }
  }
  struct StatisticsColumn {
    const iceberg::NestedField* field;
    SqlType type;
  };
  std::vector<StatisticsColumn> statistics_columns;
  std::vector<std::pair<std::string, SqlType>> data_fields;
  for (const auto& field : schema->fields()) {
    if (field.type->is_nested() || identity_sources.count(field.id)) continue;
    auto type = SqlTypeOfIceberg(*field.type, field.name);
    if (!type.ok()) continue;
    statistics_columns.push_back({&field, *type});
    data_fields.emplace_back(field.name, RowOf({{"min", *type}, {"max", *type}, {"null_count", Bigint()},
                                                {"nan_count", Bigint()}}));
  }
  MetadataTableContents table;
  if (partition) table.columns.emplace_back("partition", partition->type);
  table.columns.emplace_back("record_count", Bigint());
  table.columns.emplace_back("file_count", Bigint());
  table.columns.emplace_back("total_size", Bigint());
  if (!data_fields.empty()) table.columns.emplace_back("data", RowOf(data_fields));
  auto snapshot = metadata.CurrentSnapshot();
  if (!snapshot) return table;
  FLOE_ASSIGN_OR_RETURN(auto files, LiveFiles(file_io, metadata, *snapshot));

  struct ColumnStatistics {
    Value min, max;
    std::optional<int64_t> null_count = 0, nan_count = 0;
    bool bounds_complete = true;
  };
  struct Group {
    Value partition;
    int64_t records = 0, files = 0, size = 0;
    std::vector<ColumnStatistics> columns;
  };
  std::vector<Group> groups;
  std::map<std::string, size_t> index;
  for (const LiveFile& live : files) {
    const iceberg::DataFile& file = live.file;
    if (file.content != iceberg::DataFileContent::kData) continue;
    Value partition_value = partition ? PartitionValue(*partition, live.spec.get(), file.partition) : Value::Null();
    std::string key;
    AppendValueKey(&key, partition_value);
    auto [it, inserted] = index.try_emplace(key, groups.size());
    if (inserted) {
      groups.push_back(Group{partition_value});
      groups.back().columns.resize(statistics_columns.size());
    }
    Group& group = groups[it->second];
    group.records += file.record_count;
    group.files += 1;
    group.size += file.file_size_in_bytes;
    for (size_t c = 0; c < statistics_columns.size(); ++c) {
      const iceberg::NestedField& field = *statistics_columns[c].field;
      ColumnStatistics& s = group.columns[c];
      auto add_count = [&](std::optional<int64_t>* total, const std::map<int32_t, int64_t>& counts) {
        auto found = counts.find(field.id);
        if (found == counts.end()) total->reset();
        else if (*total) **total += found->second;
      };
      add_count(&s.null_count, file.null_value_counts);
      add_count(&s.nan_count, file.nan_value_counts);
      auto lower = file.lower_bounds.find(field.id);
      auto upper = file.upper_bounds.find(field.id);
      if (lower == file.lower_bounds.end() || upper == file.upper_bounds.end()) {
        // A file of only nulls has no bounds and does not widen them.
        auto values = file.value_counts.find(field.id);
        auto nulls = file.null_value_counts.find(field.id);
        bool all_null = values != file.value_counts.end() && nulls != file.null_value_counts.end() &&
                        values->second == nulls->second;
        if (!all_null) s.bounds_complete = false;
        continue;
      }
      auto lower_literal = iceberg::FromBinary(*field.type, lower->second);
      auto upper_literal = iceberg::FromBinary(*field.type, upper->second);
      if (!lower_literal.ok() || !upper_literal.ok()) {
        s.bounds_complete = false;
        continue;
      }
      Value low = ValueOfLiteral(*lower_literal), high = ValueOfLiteral(*upper_literal);
      if (s.min.is_null() || CompareValues(low, s.min) < 0) s.min = low;
      if (s.max.is_null() || CompareValues(high, s.max) > 0) s.max = high;
    }
  }
  for (const Group& group : groups) {
    std::vector<Value> row;
    if (partition) row.push_back(group.partition);
    row.push_back(Value::Integer(group.records));
    row.push_back(Value::Integer(group.files));
    row.push_back(Value::Integer(group.size));
    if (!data_fields.empty()) {
      Elements data;
      for (const ColumnStatistics& s : group.columns) {
        data.push_back(Value::Nested({s.bounds_complete ? s.min : Value::Null(), s.bounds_complete ? s.max : Value::Null(),
                                      s.null_count ? Value::Integer(*s.null_count) : Value::Null(),
                                      s.nan_count ? Value::Integer(*s.nan_count) : Value::Null()}));
      }
      row.push_back(Value::Nested(std::move(data)));
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

}  // namespace

MetadataTableContents MetadataLogEntriesTable(const iceberg::TableMetadata& metadata, const std::string& metadata_location) {
  MetadataTableContents table;
  table.columns = {{"timestamp", SqlType{SqlTypeKind::kTimestampTz, 3}},
                   {"file", Varchar()},
                   {"latest_snapshot_id", Bigint()},
                   {"latest_schema_id", Integer()},
                   {"latest_sequence_number", Bigint()}};
  auto add = [&](int64_t timestamp_ms, const std::string& file) {
    // The snapshot current at `timestamp_ms`: the last snapshot log entry at or before it.
    iceberg::SnapshotPtr snapshot;
    for (const auto& entry : metadata.snapshot_log) {
      if (entry.timestamp_ms <= timestamp_ms) snapshot = metadata.SnapshotById(entry.snapshot_id);
    }
    table.rows.push_back({Value::Integer(timestamp_ms * 1000), Value::String(file),
                          snapshot ? Value::Integer(snapshot->snapshot_id) : Value::Null(),
                          snapshot && snapshot->schema_id ? Value::Integer(*snapshot->schema_id) : Value::Null(),
                          snapshot ? Value::Integer(snapshot->sequence_number) : Value::Null()});
  };
  for (const auto& entry : metadata.metadata_log) add(entry.timestamp_ms, entry.metadata_file);
  if (!metadata_location.empty()) add(metadata.last_updated_ms, metadata_location);
  return table;
}

bool IsManifestMetadataTable(std::string_view kind) {
  return kind == "files" || kind == "manifests" || kind == "partitions";
}

Result<MetadataTableContents> ReadManifestMetadataTable(io::FileIO& file_io, const iceberg::TableMetadata& metadata,
                                                        std::string_view kind) {
  if (kind == "files") return FilesTable(file_io, metadata);
  if (kind == "manifests") return ManifestsTable(file_io, metadata);
  return PartitionsTable(file_io, metadata);
}

Value ValueOfLiteral(const iceberg::Literal& literal) {
  return std::visit(
      [](const auto& v) -> Value {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, std::monostate>) return Value::Null();
        else if constexpr (std::is_same_v<V, bool>) return Value::Boolean(v);
        else if constexpr (std::is_same_v<V, int32_t> || std::is_same_v<V, int64_t>) return Value::Integer(v);
        else if constexpr (std::is_same_v<V, float> || std::is_same_v<V, double>) return Value::Double(v);
        else if constexpr (std::is_same_v<V, iceberg::Decimal>) return Value::Decimal(v.unscaled);
        else return Value::String(v);
      },
      literal.value());
}

}  // namespace floe::engine
