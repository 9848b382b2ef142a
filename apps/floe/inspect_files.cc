// `floe inspect files PATH`: the files a scan of one snapshot would read,
// with their record counts, partitions and deletes, and what planning pruned.
#include <fmt/format.h>

#include "floe/iceberg/expression_parser.h"
#include "floe/iceberg/table_scan.h"
#include "inspect_command_internal.h"

namespace floe::cli {

using namespace floe::iceberg;

namespace {

// "category=books, id_bucket=3" for a data file's partition tuple.
std::string PartitionText(const TableMetadata& table, const Schema& schema, const FileScanTask& task) {
  auto spec = table.SpecById(task.spec_id);
  if (!spec || spec->fields().empty()) return "";
  auto partition_type = spec->PartitionType(schema);
  std::string text;
  const auto& values = task.data_file->partition;
  for (size_t i = 0; i < spec->fields().size() && i < values.size(); ++i) {
    const PartitionField& field = spec->fields()[i];
    std::string value = "?";
    if (partition_type.ok() && i < (*partition_type)->fields().size()) {
      value = field.transform.ToHumanString(*(*partition_type)->fields()[i].type, values[i]);
    }
    text += fmt::format("{}{}={}", text.empty() ? "" : ", ", field.name, value);
  }
  return text;
}

void PrintJsonTask(const TableMetadata& table, const Schema& schema, const FileScanTask& task) {
  const DataFile& file = *task.data_file;
  std::string deletes;
  for (const auto& d : task.delete_files) {
    deletes += fmt::format("{}{{\"path\":{},\"content\":{},\"record-count\":{}}}", deletes.empty() ? "" : ",",
                           QuoteJson(d->file_path), QuoteJson(DataFileContentName(d->content)), d->record_count);
  }
  fmt::print(
      "{{\"path\":{},\"format\":{},\"spec-id\":{},\"partition\":{},\"record-count\":{},\"file-size-in-bytes\":{},"
      "\"data-sequence-number\":{},\"deletes\":[{}]}}\n",
      QuoteJson(file.file_path), QuoteJson(FileFormatName(file.file_format)), task.spec_id,
      QuoteJson(PartitionText(table, schema, task)), file.record_count, file.file_size_in_bytes,
      task.data_sequence_number, deletes);
}

}  // namespace

int InspectFiles(const InspectOptions& options) {
  auto loaded = LoadTable(options.path, options.location_maps);
  if (!loaded.ok()) return Fail(loaded.status());
  TableScan scan(loaded->file_io, loaded->metadata);
  if (options.snapshot_id) scan.UseSnapshot(*options.snapshot_id);
  if (!options.ref.empty()) scan.UseRef(options.ref);
  if (!options.as_of.empty()) {
    auto timestamp = ParseTimestampMs(options.as_of);
    if (!timestamp.ok()) return Fail(timestamp.status());
    scan.AsOfTime(*timestamp);
  }
  if (!options.where.empty()) {
    auto predicate = ParsePredicate(options.where);
    if (!predicate.ok()) return Fail(predicate.status().WithContext("--where"));
    scan.Filter(*predicate);
  }
  auto plan = scan.Plan();
  if (!plan.ok()) return Fail(plan.status());
  const TableMetadata& table = *loaded->metadata;
  const ScanMetrics& m = plan->metrics;

  if (options.json) {
    for (const auto& task : plan->tasks) PrintJsonTask(table, *plan->schema, task);
    fmt::print(
        "{{\"summary\":{{\"snapshot-id\":{},\"files\":{},\"records\":{},\"data-manifests\":{},"
        "\"data-manifests-skipped\":{},\"delete-manifests\":{},\"delete-manifests-skipped\":{},"
        "\"files-pruned-by-partition\":{},\"files-pruned-by-metrics\":{},\"delete-files-applied\":{}}}}}\n",
        plan->snapshot ? std::to_string(plan->snapshot->snapshot_id) : "null", m.data_files_matched,
        m.records_matched, m.data_manifests_total, m.data_manifests_skipped, m.delete_manifests_total,
        m.delete_manifests_skipped, m.data_files_pruned_by_partition, m.data_files_pruned_by_metrics,
        m.delete_files_applied);
    return 0;
  }

  if (!plan->snapshot) {
    fmt::print("The table has no snapshot: nothing to scan.\n");
    return 0;
  }
  fmt::print("Snapshot {} ({}, sequence {})\n", plan->snapshot->snapshot_id,
             FormatTimestampMs(plan->snapshot->timestamp_ms), plan->snapshot->sequence_number);
  if (!options.where.empty()) fmt::print("Filter   {}\n", scan.filter()->ToString());
  fmt::print("\n{:>12}  {:>12}  {:<30}  {}\n", "records", "bytes", "partition", "file");
  for (const auto& task : plan->tasks) {
    const DataFile& file = *task.data_file;
    fmt::print("{:>12}  {:>12}  {:<30}  {}\n", file.record_count, file.file_size_in_bytes,
               PartitionText(table, *plan->schema, task), file.file_path);
    for (const auto& d : task.delete_files) {
      fmt::print("{:>12}  {:>12}  {:<30}    - {} {}\n", d->record_count, d->file_size_in_bytes, "",
                 DataFileContentName(d->content), d->file_path);
    }
  }
  fmt::print(
      "\n{} files, {} records planned.\n"
      "Data manifests: {} of {} read ({} skipped). Delete manifests: {} of {} read ({} skipped).\n"
      "Data files pruned: {} by partition, {} by column metrics. Delete files applied: {}.\n",
      m.data_files_matched, m.records_matched, m.data_manifests_read, m.data_manifests_total,
      m.data_manifests_skipped, m.delete_manifests_read, m.delete_manifests_total, m.delete_manifests_skipped,
      m.data_files_pruned_by_partition, m.data_files_pruned_by_metrics, m.delete_files_applied);
  return 0;
}

}  // namespace floe::cli
