// `floe inspect table PATH`: a table's metadata, for people (or --json).
#include "inspect_command_internal.h"

#include <fmt/format.h>

#include "floe/iceberg/metadata_json.h"

namespace floe::cli {

using namespace floe::iceberg;

namespace {

void PrintFields(const std::vector<NestedField>& fields, int indent) {
  for (const auto& field : fields) {
    fmt::print("{:{}}{}: {}: {} {}{}\n", "", indent, field.id, field.name, field.required ? "required" : "optional",
               field.type->is_primitive() ? field.type->ToString() : std::string(TypeIdName(field.type->id())),
               field.doc.empty() ? "" : fmt::format("  -- {}", field.doc));
    if (const auto* s = field.type->AsStruct()) {
      PrintFields(s->fields(), indent + 4);
    } else if (const auto* l = field.type->AsList()) {
      PrintFields({l->element()}, indent + 4);
    } else if (const auto* m = field.type->AsMap()) {
      PrintFields({m->key(), m->value()}, indent + 4);
    }
  }
}

std::string SourceName(const Schema& schema, int32_t source_id) {
  std::string name = schema.FindColumnName(source_id);
  return name.empty() ? fmt::format("<field {}>", source_id) : name;
}

}  // namespace

int InspectTable(const InspectOptions& options) {
  auto loaded = LoadTable(options.path, options.location_maps);
  if (!loaded.ok()) return Fail(loaded.status());
  const TableMetadata& m = *loaded->metadata;
  if (options.json) {
    fmt::print("{{\"metadata-location\":{},\"metadata\":{}}}\n", QuoteJson(loaded->metadata_location),
               SerializeTableMetadata(m));
    return 0;
  }
  auto schema = m.CurrentSchema();
  fmt::print("Table            {}\n", options.path);
  fmt::print("Metadata file    {}\n", loaded->metadata_location);
  fmt::print("Format version   {}\n", m.format_version);
  fmt::print("UUID             {}\n", m.table_uuid);
  fmt::print("Location         {}\n", m.location);
  fmt::print("Last updated     {}\n", FormatTimestampMs(m.last_updated_ms));
  fmt::print("Last sequence    {}\n", m.last_sequence_number);
  fmt::print("Last column id   {}\n", m.last_column_id);
  if (m.next_row_id) fmt::print("Next row id      {}\n", *m.next_row_id);

  for (const auto& s : m.schemas) {
    fmt::print("\nSchema {}{}", s->schema_id(), s->schema_id() == m.current_schema_id ? " (current)" : "");
    if (!s->identifier_field_ids().empty()) fmt::print("  identifier fields {}", fmt::join(s->identifier_field_ids(), ", "));
    fmt::print("\n");
    PrintFields(s->fields(), 2);
  }
  for (const auto& spec : m.partition_specs) {
    fmt::print("\nPartition spec {}{}{}\n", spec->spec_id(), spec->spec_id() == m.default_spec_id ? " (default)" : "",
               spec->fields().empty() ? ": unpartitioned" : "");
    for (const auto& f : spec->fields()) {
      fmt::print("  {}: {} = {}({})\n", f.field_id, f.name, f.transform.ToString(),
                 schema ? SourceName(*schema, f.source_id) : std::to_string(f.source_id));
    }
  }
  for (const auto& order : m.sort_orders) {
    fmt::print("\nSort order {}{}{}\n", order->order_id(), order->order_id() == m.default_sort_order_id ? " (default)" : "",
               order->is_unsorted() ? ": unsorted" : "");
    for (const auto& f : order->fields()) {
      fmt::print("  {}({}) {} {}\n", f.transform.ToString(),
                 schema ? SourceName(*schema, f.source_id) : std::to_string(f.source_id),
                 f.direction == SortDirection::kAscending ? "asc" : "desc",
                 f.null_order == NullOrder::kNullsFirst ? "nulls-first" : "nulls-last");
    }
  }
  fmt::print("\nSnapshots ({})\n", m.snapshots.size());
  if (!m.snapshots.empty()) {
    fmt::print("  {:<20} {:<20} {:>5}  {:<24} {:<10} {:>10} {:>12}\n", "id", "parent", "seq", "committed", "operation",
               "added", "total rows");
    for (const auto& s : m.snapshots) {
      auto get = [&](const char* key) {
        auto it = s->summary.find(key);
        return it == s->summary.end() ? std::string("-") : it->second;
      };
      fmt::print("  {:<20} {:<20} {:>5}  {:<24} {:<10} {:>10} {:>12}{}\n", s->snapshot_id,
                 s->parent_snapshot_id ? std::to_string(*s->parent_snapshot_id) : "-", s->sequence_number,
                 FormatTimestampMs(s->timestamp_ms), s->operation().empty() ? "-" : s->operation(),
                 get("added-records"), get("total-records"),
                 m.current_snapshot_id == s->snapshot_id ? "  (current)" : "");
    }
  }
  if (!m.refs.empty()) {
    fmt::print("\nRefs\n");
    for (const auto& [name, ref] : m.refs) {
      fmt::print("  {:<20} {:<6} -> {}", name, ref.type == SnapshotRefType::kBranch ? "branch" : "tag", ref.snapshot_id);
      if (ref.min_snapshots_to_keep) fmt::print("  min-snapshots-to-keep {}", *ref.min_snapshots_to_keep);
      if (ref.max_snapshot_age_ms) fmt::print("  max-snapshot-age-ms {}", *ref.max_snapshot_age_ms);
      if (ref.max_ref_age_ms) fmt::print("  max-ref-age-ms {}", *ref.max_ref_age_ms);
      fmt::print("\n");
    }
  }
  if (!m.properties.empty()) {
    fmt::print("\nProperties\n");
    for (const auto& [key, value] : m.properties) fmt::print("  {} = {}\n", key, value);
  }
  if (!m.statistics.empty() || !m.partition_statistics.empty()) {
    fmt::print("\nStatistics files\n");
    for (const auto& s : m.statistics) fmt::print("  snapshot {}: {} ({} bytes)\n", s.snapshot_id, s.statistics_path, s.file_size_in_bytes);
    for (const auto& s : m.partition_statistics)
      fmt::print("  snapshot {} (partitions): {} ({} bytes)\n", s.snapshot_id, s.statistics_path, s.file_size_in_bytes);
  }
  if (!m.metadata_log.empty()) {
    fmt::print("\nPrevious metadata files ({})\n", m.metadata_log.size());
    for (const auto& e : m.metadata_log) fmt::print("  {}  {}\n", FormatTimestampMs(e.timestamp_ms), e.metadata_file);
  }
  return 0;
}

}  // namespace floe::cli
