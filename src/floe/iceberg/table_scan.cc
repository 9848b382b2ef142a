// Scan planning: snapshot selection, manifest and entry pruning, delete file matching.
#include "floe/iceberg/table_scan.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "floe/iceberg/inclusive_metrics_evaluator.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_evaluator.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/iceberg/row_evaluator.h"

namespace floe::iceberg {

namespace {

// A byte string identifying (spec id, partition tuple) for hashing. Floats
// compare by bits with NaNs normalised (spec "Scan Planning", note 3).
std::string PartitionKey(int32_t spec_id, const std::vector<Literal>& partition) {
  std::string key;
  key.reserve(8 + partition.size() * 9);
  auto append = [&](const void* data, size_t size) { key.append(static_cast<const char*>(data), size); };
  append(&spec_id, sizeof(spec_id));
  for (const Literal& value : partition) {
    const auto index = static_cast<char>(value.value().index());
    key.push_back(index);
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) {
          } else if constexpr (std::is_same_v<T, float>) {
            uint32_t bits = std::isnan(v) ? 0x7fc00000u : std::bit_cast<uint32_t>(v);
            append(&bits, sizeof(bits));
          } else if constexpr (std::is_same_v<T, double>) {
            uint64_t bits = std::isnan(v) ? 0x7ff8000000000000ull : std::bit_cast<uint64_t>(v);
            append(&bits, sizeof(bits));
          } else if constexpr (std::is_same_v<T, std::string>) {
            uint32_t size = static_cast<uint32_t>(v.size());
            append(&size, sizeof(size));
            key.append(v);
          } else if constexpr (std::is_same_v<T, Decimal>) {
            append(&v.unscaled, sizeof(v.unscaled));
          } else {
            append(&v, sizeof(v));
          }
        },
        value.value());
  }
  return key;
}

struct IndexedDelete {
  std::shared_ptr<const DataFile> file;
  int64_t sequence_number = 0;
  std::string partition_key;
};

// The live delete files of a snapshot, indexed for matching (Java's DeleteFileIndex).
class DeleteIndex {
 public:
  void Add(std::shared_ptr<const DataFile> file, int32_t spec_id, bool unpartitioned_spec, int64_t sequence_number) {
    IndexedDelete indexed{file, sequence_number, PartitionKey(spec_id, file->partition)};
    if (file->content == DataFileContent::kEqualityDeletes) {
      if (unpartitioned_spec) {
        global_equality_.push_back(std::move(indexed));
      } else {
        equality_by_partition_[indexed.partition_key].push_back(std::move(indexed));
      }
    } else if (file->is_deletion_vector()) {
      if (file->referenced_data_file) vectors_by_path_[*file->referenced_data_file].push_back(std::move(indexed));
    } else if (file->referenced_data_file) {
      positions_by_path_[*file->referenced_data_file].push_back(std::move(indexed));
    } else {
      positions_by_partition_[indexed.partition_key].push_back(std::move(indexed));
    }
    ++size_;
  }

  bool empty() const { return size_ == 0; }

  // The deletes applying to a data file, per the spec's scope rules.
  void Match(const DataFile& file, const std::string& partition_key, int64_t sequence_number,
             std::vector<std::shared_ptr<const DataFile>>* out) const {
    bool has_vector = false;
    if (auto it = vectors_by_path_.find(file.file_path); it != vectors_by_path_.end()) {
      for (const IndexedDelete& d : it->second) {
        if (sequence_number <= d.sequence_number && d.partition_key == partition_key) {
          out->push_back(d.file);
          has_vector = true;
        }
      }
    }
    if (!has_vector) {
      if (auto it = positions_by_path_.find(file.file_path); it != positions_by_path_.end()) {
        for (const IndexedDelete& d : it->second) {
          if (sequence_number <= d.sequence_number && d.partition_key == partition_key) out->push_back(d.file);
        }
      }
      if (auto it = positions_by_partition_.find(partition_key); it != positions_by_partition_.end()) {
        for (const IndexedDelete& d : it->second) {
          if (sequence_number <= d.sequence_number) out->push_back(d.file);
        }
      }
    }
    if (auto it = equality_by_partition_.find(partition_key); it != equality_by_partition_.end()) {
      for (const IndexedDelete& d : it->second) {
        if (sequence_number < d.sequence_number) out->push_back(d.file);
      }
    }
    for (const IndexedDelete& d : global_equality_) {
      if (sequence_number < d.sequence_number) out->push_back(d.file);
    }
  }

 private:
  size_t size_ = 0;
  std::vector<IndexedDelete> global_equality_;
  std::unordered_map<std::string, std::vector<IndexedDelete>> equality_by_partition_;
  std::unordered_map<std::string, std::vector<IndexedDelete>> positions_by_partition_;
  std::unordered_map<std::string, std::vector<IndexedDelete>> positions_by_path_;
  std::unordered_map<std::string, std::vector<IndexedDelete>> vectors_by_path_;
};

// Per-spec pruning state. Evaluators are absent when there is no filter or
// when the filter cannot be projected onto the spec (then nothing is pruned).
struct SpecFilter {
  PartitionSpecPtr spec;
  std::optional<ManifestEvaluator> manifest_evaluator;
  std::optional<PartitionEvaluator> partition_evaluator;
};

// Whether a manifest can hold live entries according to its counts.
bool MayHaveLiveFiles(const ManifestFile& manifest) {
  return manifest.has_added_files() || manifest.has_existing_files();
}

void DropColumnStats(DataFile& file) {
  file.column_sizes.clear();
  file.value_counts.clear();
  file.null_value_counts.clear();
  file.nan_value_counts.clear();
  file.lower_bounds.clear();
  file.upper_bounds.clear();
}

class Planner {
 public:
  Planner(io::FileIO& file_io, const TableMetadata& table, SchemaPtr schema, ExpressionPtr filter,
          bool case_sensitive, bool include_column_stats)
      : file_io_(file_io),
        table_(table),
        schema_(std::move(schema)),
        filter_(std::move(filter)),
        case_sensitive_(case_sensitive),
        include_column_stats_(include_column_stats) {}

  Status Prepare() {
    has_filter_ = filter_->op() != Operation::kTrue;
    if (!has_filter_) return Status::OK();
    FLOE_ASSIGN_OR_RETURN(auto bound, Bind(filter_, *schema_, case_sensitive_));
    stats_column_ids_ = ReferencedFieldIds(*bound);
    FLOE_ASSIGN_OR_RETURN(auto metrics, InclusiveMetricsEvaluator::Make(filter_, *schema_, case_sensitive_));
    metrics_evaluator_.emplace(std::move(metrics));
    return Status::OK();
  }

  Status Run(const Snapshot& snapshot, ScanPlan* plan) {
    FLOE_ASSIGN_OR_RETURN(std::vector<ManifestFile> manifests, ReadSnapshotManifests(file_io_, table_, snapshot));
    ScanMetrics& metrics = plan->metrics;
    DeleteIndex deletes;
    for (const ManifestFile& manifest : manifests) {
      if (manifest.content != ManifestContent::kDeletes) continue;
      ++metrics.delete_manifests_total;
      FLOE_ASSIGN_OR_RETURN(bool read, ShouldRead(manifest));
      if (!read) {
        ++metrics.delete_manifests_skipped;
        continue;
      }
      ++metrics.delete_manifests_read;
      FLOE_RETURN_IF_ERROR(ReadDeletes(manifest, &deletes, &metrics));
    }
    std::unordered_set<const DataFile*> applied;
    for (const ManifestFile& manifest : manifests) {
      if (manifest.content != ManifestContent::kData) continue;
      ++metrics.data_manifests_total;
      FLOE_ASSIGN_OR_RETURN(bool read, ShouldRead(manifest));
      if (!read) {
        ++metrics.data_manifests_skipped;
        continue;
      }
      ++metrics.data_manifests_read;
      FLOE_RETURN_IF_ERROR(ReadData(manifest, deletes, plan, &applied));
    }
    metrics.delete_files_applied = static_cast<int64_t>(applied.size());
    return Status::OK();
  }

 private:
  Result<SpecFilter*> FilterFor(int32_t spec_id) {
    auto it = spec_filters_.find(spec_id);
    if (it != spec_filters_.end()) return &it->second;
    SpecFilter& entry = spec_filters_[spec_id];
    entry.spec = table_.SpecById(spec_id);
    if (has_filter_ && entry.spec) {
      auto manifest_evaluator = ManifestEvaluator::ForRowFilter(filter_, *entry.spec, *schema_, case_sensitive_);
      auto partition_evaluator = PartitionEvaluator::ForRowFilter(filter_, *entry.spec, *schema_, case_sensitive_);
      if (manifest_evaluator.ok() && partition_evaluator.ok()) {
        entry.manifest_evaluator.emplace(std::move(*manifest_evaluator));
        entry.partition_evaluator.emplace(std::move(*partition_evaluator));
      }
    }
    return &entry;
  }

  Result<bool> ShouldRead(const ManifestFile& manifest) {
    if (!MayHaveLiveFiles(manifest)) return false;
    FLOE_ASSIGN_OR_RETURN(SpecFilter * spec_filter, FilterFor(manifest.partition_spec_id));
    if (!spec_filter->manifest_evaluator) return true;
    auto matches = spec_filter->manifest_evaluator->Evaluate(manifest.partitions);
    // Summaries that do not decode never prune.
    return matches.ok() ? *matches : true;
  }

  ManifestReadOptions ReadOptions() const {
    ManifestReadOptions options;
    options.column_stats = include_column_stats_ || has_filter_;
    if (!include_column_stats_) {
      options.stats_column_ids = stats_column_ids_;
      if (stats_column_ids_.empty()) options.column_stats = false;
    }
    return options;
  }

  enum class Verdict { kMatch, kPrunedByPartition, kPrunedByMetrics };

  Result<Verdict> Evaluate(const SpecFilter& spec_filter, const DataFile& file) {
    if (!has_filter_) return Verdict::kMatch;
    if (spec_filter.partition_evaluator) {
      auto matches = spec_filter.partition_evaluator->Evaluate(file.partition);
      if (matches.ok() && !*matches) return Verdict::kPrunedByPartition;
    }
    if (metrics_evaluator_) {
      auto matches = metrics_evaluator_->Evaluate(MetricsOf(file));
      if (matches.ok() && !*matches) return Verdict::kPrunedByMetrics;
    }
    return Verdict::kMatch;
  }

  Status ReadDeletes(const ManifestFile& manifest, DeleteIndex* deletes, ScanMetrics* metrics) {
    FLOE_ASSIGN_OR_RETURN(SpecFilter * spec_filter, FilterFor(manifest.partition_spec_id));
    FLOE_ASSIGN_OR_RETURN(auto reader, ManifestReader::Open(file_io_, manifest, &table_, ReadOptions()));
    const PartitionSpecPtr& spec = spec_filter->spec ? spec_filter->spec : reader->partition_spec();
    const bool unpartitioned = !spec || spec->is_unpartitioned();
    ManifestEntry entry;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(&entry));
      if (!more) break;
      ++metrics->entries_read;
      if (!entry.is_live() || entry.data_file.content == DataFileContent::kData) continue;
      FLOE_ASSIGN_OR_RETURN(Verdict verdict, Evaluate(*spec_filter, entry.data_file));
      if (verdict == Verdict::kPrunedByPartition) {
        ++metrics->delete_files_pruned_by_partition;
        continue;
      }
      if (verdict == Verdict::kPrunedByMetrics) {
        ++metrics->delete_files_pruned_by_metrics;
        continue;
      }
      if (!include_column_stats_) DropColumnStats(entry.data_file);
      ++metrics->delete_files_indexed;
      deletes->Add(std::make_shared<const DataFile>(std::move(entry.data_file)), manifest.partition_spec_id,
                   unpartitioned, entry.sequence_number.value_or(0));
      entry.data_file = DataFile();
    }
    return Status::OK();
  }

  Status ReadData(const ManifestFile& manifest, const DeleteIndex& deletes, ScanPlan* plan,
                  std::unordered_set<const DataFile*>* applied) {
    FLOE_ASSIGN_OR_RETURN(SpecFilter * spec_filter, FilterFor(manifest.partition_spec_id));
    FLOE_ASSIGN_OR_RETURN(auto reader, ManifestReader::Open(file_io_, manifest, &table_, ReadOptions()));
    ScanMetrics& metrics = plan->metrics;
    ManifestEntry entry;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(&entry));
      if (!more) break;
      ++metrics.entries_read;
      if (!entry.is_live() || entry.data_file.content != DataFileContent::kData) continue;
      FLOE_ASSIGN_OR_RETURN(Verdict verdict, Evaluate(*spec_filter, entry.data_file));
      if (verdict == Verdict::kPrunedByPartition) {
        ++metrics.data_files_pruned_by_partition;
        continue;
      }
      if (verdict == Verdict::kPrunedByMetrics) {
        ++metrics.data_files_pruned_by_metrics;
        continue;
      }
      ++metrics.data_files_matched;
      metrics.records_matched += entry.data_file.record_count;
      FileScanTask task;
      task.spec_id = manifest.partition_spec_id;
      task.data_sequence_number = entry.sequence_number.value_or(0);
      task.residual = filter_;
      if (!deletes.empty()) {
        deletes.Match(entry.data_file, PartitionKey(manifest.partition_spec_id, entry.data_file.partition),
                      task.data_sequence_number, &task.delete_files);
        for (const auto& d : task.delete_files) applied->insert(d.get());
      }
      if (!include_column_stats_) DropColumnStats(entry.data_file);
      task.data_file = std::make_shared<const DataFile>(std::move(entry.data_file));
      entry.data_file = DataFile();
      plan->tasks.push_back(std::move(task));
    }
    return Status::OK();
  }

  io::FileIO& file_io_;
  const TableMetadata& table_;
  SchemaPtr schema_;
  ExpressionPtr filter_;
  bool case_sensitive_;
  bool include_column_stats_;
  bool has_filter_ = false;
  std::vector<int32_t> stats_column_ids_;
  std::optional<InclusiveMetricsEvaluator> metrics_evaluator_;
  std::unordered_map<int32_t, SpecFilter> spec_filters_;
};

}  // namespace

TableScan::TableScan(std::shared_ptr<io::FileIO> file_io, TableMetadataPtr table)
    : file_io_(std::move(file_io)), table_(std::move(table)), filter_(AlwaysTrue()) {}

TableScan& TableScan::UseSnapshot(int64_t snapshot_id) {
  snapshot_id_ = snapshot_id;
  ref_name_.reset();
  as_of_timestamp_ms_.reset();
  return *this;
}

TableScan& TableScan::UseRef(std::string ref_name) {
  ref_name_ = std::move(ref_name);
  snapshot_id_.reset();
  as_of_timestamp_ms_.reset();
  return *this;
}

TableScan& TableScan::AsOfTime(int64_t timestamp_ms) {
  as_of_timestamp_ms_ = timestamp_ms;
  snapshot_id_.reset();
  ref_name_.reset();
  return *this;
}

TableScan& TableScan::Filter(ExpressionPtr row_filter) {
  filter_ = And(filter_, std::move(row_filter));
  return *this;
}

TableScan& TableScan::CaseSensitive(bool case_sensitive) {
  case_sensitive_ = case_sensitive;
  return *this;
}

TableScan& TableScan::IncludeColumnStats(bool include) {
  include_column_stats_ = include;
  return *this;
}

Result<SnapshotPtr> TableScan::SelectedSnapshot() const {
  if (snapshot_id_) {
    SnapshotPtr snapshot = table_->SnapshotById(*snapshot_id_);
    if (!snapshot) return NotFound("Cannot find snapshot with ID {}", *snapshot_id_);
    return snapshot;
  }
  if (ref_name_) {
    SnapshotPtr snapshot = table_->SnapshotForRef(*ref_name_);
    if (!snapshot) return NotFound("Cannot find ref {}", *ref_name_);
    return snapshot;
  }
  if (as_of_timestamp_ms_) return table_->SnapshotAsOf(*as_of_timestamp_ms_);
  return table_->CurrentSnapshot();
}

Result<ScanPlan> TableScan::Plan() const {
  ScanPlan plan;
  FLOE_ASSIGN_OR_RETURN(plan.snapshot, SelectedSnapshot());
  plan.schema = plan.snapshot ? table_->SchemaForSnapshot(*plan.snapshot) : table_->CurrentSchema();
  if (!plan.schema) return InvalidData("Table has no schema");
  Planner planner(*file_io_, *table_, plan.schema, filter_, case_sensitive_, include_column_stats_);
  FLOE_RETURN_IF_ERROR(planner.Prepare());
  if (!plan.snapshot) return plan;
  FLOE_RETURN_IF_ERROR(planner.Run(*plan.snapshot, &plan));
  return plan;
}

Result<int64_t> LiveRecordCount(io::FileIO& file_io, const TableMetadata& table, const Snapshot& snapshot) {
  FLOE_ASSIGN_OR_RETURN(std::vector<ManifestFile> manifests, ReadSnapshotManifests(file_io, table, snapshot));
  int64_t total = 0;
  ManifestReadOptions options;
  options.column_stats = false;
  for (const ManifestFile& manifest : manifests) {
    if (manifest.content != ManifestContent::kData || !MayHaveLiveFiles(manifest)) continue;
    FLOE_ASSIGN_OR_RETURN(auto reader, ManifestReader::Open(file_io, manifest, &table, options));
    ManifestEntry entry;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(bool more, reader->Next(&entry));
      if (!more) break;
      if (entry.is_live() && entry.data_file.content == DataFileContent::kData) total += entry.data_file.record_count;
    }
  }
  return total;
}

}  // namespace floe::iceberg
