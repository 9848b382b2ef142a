// Scan planning (spec "Scan Planning", "Delete Formats"): which data files a
// scan of one snapshot reads, and which delete files apply to each.
//
//   TableScan scan(file_io, metadata);
//   scan.UseRef("main").Filter(GreaterThan("id", int64_t{100}));
//   FLOE_ASSIGN_OR_RETURN(ScanPlan plan, scan.Plan());
//
// Snapshot selection: the current snapshot by default, or one of a snapshot
// id, a branch/tag name, or a timestamp (the snapshot current then, as
// TableMetadata::SnapshotAsOf). A table without snapshots plans no tasks.
//
// Pruning, in order: a manifest whose counts show no live files, or whose
// partition summaries cannot match the filter's inclusive projection onto
// its spec (ManifestEvaluator), is not read; an entry whose partition tuple
// cannot match the projection (PartitionEvaluator) is pruned by partition;
// one whose column metrics cannot match (InclusiveMetricsEvaluator) is
// pruned by metrics. DELETED entries are never used. Delete files are
// pruned the same way before they are indexed.
//
// Delete files that apply to a data file d (data sequence number s_d):
//   - a deletion vector: referenced_data_file == d's path, s_d <= its
//     sequence number, same spec and partition; when one applies, position
//     delete files do not;
//   - a position delete file: same spec and partition, s_d <= its sequence
//     number, and referenced_data_file unset or equal to d's path;
//   - an equality delete file: s_d < its sequence number, and same spec and
//     partition, or written with an unpartitioned spec (global).
// Partition tuples are equal when every value is (floats by bits).
//
// All reads go through the FileIO. Errors: kNotFound for an unknown
// snapshot id or ref, kBadRequest for a filter naming unknown columns, and
// the manifest readers' errors (with the file named).
// Thread-safety: a TableScan is a value; Plan() may run from several
// threads on copies.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "floe/iceberg/data_file.h"
#include "floe/iceberg/expression.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/io/file_io.h"

namespace floe::iceberg {

// One data file to read, with the deletes to apply while reading it.
struct FileScanTask {
  std::shared_ptr<const DataFile> data_file;
  int32_t spec_id = 0;
  int64_t data_sequence_number = 0;
  // Deletion vectors, position delete files and equality delete files that
  // apply (in manifest order).
  std::vector<std::shared_ptr<const DataFile>> delete_files;
  // The filter rows of the file must still satisfy: the scan filter (floe
  // does not compute narrower residuals yet); AlwaysTrue without a filter.
  ExpressionPtr residual;
};

// What planning read and pruned (shown by `floe inspect files` and EXPLAIN).
struct ScanMetrics {
  int64_t data_manifests_total = 0;
  int64_t data_manifests_read = 0;
  int64_t data_manifests_skipped = 0;  // by counts or partition summaries
  int64_t delete_manifests_total = 0;
  int64_t delete_manifests_read = 0;
  int64_t delete_manifests_skipped = 0;
  int64_t entries_read = 0;  // manifest entries decoded (every status)
  int64_t data_files_matched = 0;
  int64_t data_files_pruned_by_partition = 0;
  int64_t data_files_pruned_by_metrics = 0;
  int64_t delete_files_indexed = 0;  // live delete files that survived pruning
  int64_t delete_files_pruned_by_partition = 0;
  int64_t delete_files_pruned_by_metrics = 0;
  int64_t delete_files_applied = 0;  // distinct delete files applying to some task
  int64_t records_matched = 0;       // sum of matched data files' record counts

  int64_t manifests_read() const { return data_manifests_read + delete_manifests_read; }
  int64_t manifests_skipped() const { return data_manifests_skipped + delete_manifests_skipped; }
};

struct ScanPlan {
  SnapshotPtr snapshot;  // nullptr when the table has no snapshot
  SchemaPtr schema;      // the snapshot's schema (the filter is bound to it)
  std::vector<FileScanTask> tasks;
  ScanMetrics metrics;
};

class TableScan {
 public:
  TableScan(std::shared_ptr<io::FileIO> file_io, TableMetadataPtr table);

  // Snapshot selection (the last call wins; the default is the current snapshot).
  TableScan& UseSnapshot(int64_t snapshot_id);
  TableScan& UseRef(std::string ref_name);
  TableScan& AsOfTime(int64_t timestamp_ms);
  // Adds a row filter on table columns (ANDed with earlier ones).
  TableScan& Filter(ExpressionPtr row_filter);
  TableScan& CaseSensitive(bool case_sensitive);
  // Keep the data files' column metrics in the tasks (off: the maps are
  // emptied, which saves memory on large scans).
  TableScan& IncludeColumnStats(bool include);

  // The snapshot the scan reads; nullptr for a table without snapshots.
  Result<SnapshotPtr> SelectedSnapshot() const;
  Result<ScanPlan> Plan() const;

  const TableMetadataPtr& table() const { return table_; }
  const ExpressionPtr& filter() const { return filter_; }

 private:
  std::shared_ptr<io::FileIO> file_io_;
  TableMetadataPtr table_;
  std::optional<int64_t> snapshot_id_;
  std::optional<std::string> ref_name_;
  std::optional<int64_t> as_of_timestamp_ms_;
  ExpressionPtr filter_;
  bool case_sensitive_ = true;
  bool include_column_stats_ = false;
};

// The sum of record_count over the live (ADDED or EXISTING) data files of a
// snapshot's data manifests: what the snapshot summary's `total-records`
// records. Reads every data manifest (metrics skipped).
Result<int64_t> LiveRecordCount(io::FileIO& file_io, const TableMetadata& table, const Snapshot& snapshot);

}  // namespace floe::iceberg
