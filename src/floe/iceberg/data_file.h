// Data files, manifest entries and manifest-list entries: the in-memory form
// of the records in Iceberg manifests and manifest lists (spec "Manifests",
// "Manifest Lists").
//
// Field ids in comments are the spec's. Metric maps are keyed by table
// column (field) id; bounds hold the single-value binary serialization of
// spec Appendix D (decode with FromBinary and the column's type).
// Plain values: copyable, thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"
#include "floe/iceberg/literal.h"
#include "floe/iceberg/partition_field_summary.h"

namespace floe::iceberg {

// data_file.content (134).
enum class DataFileContent : int32_t {
  kData = 0,
  kPositionDeletes = 1,
  kEqualityDeletes = 2,
};
std::string_view DataFileContentName(DataFileContent content);  // "DATA", "POSITION_DELETES", ...

// data_file.file_format (101). Stored in manifests as a name; Iceberg Java
// writes it upper case ("PARQUET"), other writers lower case.
enum class FileFormat : uint8_t { kParquet, kAvro, kOrc, kPuffin, kUnknown };
// Case-insensitive; unrecognised names give kUnknown (readers must still
// list such files, writers must not produce them).
FileFormat ParseFileFormat(std::string_view name);
std::string_view FileFormatName(FileFormat format);  // "PARQUET", "AVRO", "ORC", "PUFFIN"

// One data or delete file (the manifest entry's data_file struct, id 2).
struct DataFile {
  DataFileContent content = DataFileContent::kData;  // 134; v1 files are data
  std::string file_path;                             // 100
  FileFormat file_format = FileFormat::kParquet;     // 101
  // 102: one value per field of the manifest's partition spec, in spec
  // order; a null Literal for null values. Empty for unpartitioned specs.
  std::vector<Literal> partition;
  int64_t record_count = 0;        // 103 (a deletion vector's cardinality)
  int64_t file_size_in_bytes = 0;  // 104
  // Metrics (108, 109, 110, 137, 125, 128). Absent and empty are the same.
  std::map<int32_t, int64_t> column_sizes;
  std::map<int32_t, int64_t> value_counts;
  std::map<int32_t, int64_t> null_value_counts;
  std::map<int32_t, int64_t> nan_value_counts;
  std::map<int32_t, std::string> lower_bounds;
  std::map<int32_t, std::string> upper_bounds;
  std::optional<std::string> key_metadata;  // 131
  std::vector<int64_t> split_offsets;       // 132
  std::vector<int32_t> equality_ids;        // 135 (equality deletes only)
  std::optional<int32_t> sort_order_id;     // 140
  // v3.
  std::optional<int64_t> first_row_id;               // 142 (data files; inherited on read)
  std::optional<std::string> referenced_data_file;   // 143 (position deletes / DVs)
  std::optional<int64_t> content_offset;             // 144 (deletion vector blob offset)
  std::optional<int64_t> content_size_in_bytes;      // 145 (deletion vector blob length)

  // A deletion vector: a position delete stored as a Puffin blob.
  bool is_deletion_vector() const {
    return content == DataFileContent::kPositionDeletes && file_format == FileFormat::kPuffin;
  }
  friend bool operator==(const DataFile&, const DataFile&) = default;
};

// manifest_entry.status (0).
enum class ManifestEntryStatus : int32_t { kExisting = 0, kAdded = 1, kDeleted = 2 };
std::string_view ManifestEntryStatusName(ManifestEntryStatus status);  // "EXISTING", "ADDED", "DELETED"

// One manifest_entry. After reading (ManifestReader), inheritance has been
// applied: snapshot_id and both sequence numbers are set wherever the spec
// says a null inherits from the manifest (v1 manifests: sequence numbers 0).
// When writing, leave them unset to let readers inherit them.
struct ManifestEntry {
  ManifestEntryStatus status = ManifestEntryStatus::kAdded;  // 0
  std::optional<int64_t> snapshot_id;                          // 1
  std::optional<int64_t> sequence_number;                      // 3: the data sequence number
  std::optional<int64_t> file_sequence_number;                 // 4
  DataFile data_file;                                          // 2

  bool is_live() const { return status != ManifestEntryStatus::kDeleted; }
  friend bool operator==(const ManifestEntry&, const ManifestEntry&) = default;
};

// manifest_file.content (517).
enum class ManifestContent : int32_t { kData = 0, kDeletes = 1 };
std::string_view ManifestContentName(ManifestContent content);  // "data", "deletes" (manifest metadata form)

// Sequence number of a manifest that has not been committed yet; the
// manifest-list writer replaces it with the snapshot's sequence number.
inline constexpr int64_t kUnassignedSequenceNumber = -1;

// One manifest_file record of a manifest list.
struct ManifestFile {
  std::string manifest_path;                           // 500
  int64_t manifest_length = 0;                         // 501
  int32_t partition_spec_id = 0;                       // 502
  ManifestContent content = ManifestContent::kData;    // 517 (v1: data)
  int64_t sequence_number = 0;                         // 515 (v1: 0)
  int64_t min_sequence_number = 0;                     // 516 (v1: 0)
  int64_t added_snapshot_id = 0;                       // 503
  // Counts (504-506, 512-514); optional in v1, where null means "unknown,
  // assume non-zero".
  std::optional<int32_t> added_files_count;
  std::optional<int32_t> existing_files_count;
  std::optional<int32_t> deleted_files_count;
  std::optional<int64_t> added_rows_count;
  std::optional<int64_t> existing_rows_count;
  std::optional<int64_t> deleted_rows_count;
  // 507: one summary per partition field of the spec, in spec order.
  // nullopt when the list does not carry summaries (then nothing is pruned).
  std::optional<std::vector<PartitionFieldSummary>> partitions;
  std::optional<std::string> key_metadata;  // 519
  std::optional<int64_t> first_row_id;      // 520 (v3 data manifests)

  // Whether the manifest may hold ADDED / EXISTING entries (a null count is
  // assumed non-zero, per spec).
  bool has_added_files() const { return !added_files_count || *added_files_count > 0; }
  bool has_existing_files() const { return !existing_files_count || *existing_files_count > 0; }
  bool has_deleted_files() const { return !deleted_files_count || *deleted_files_count > 0; }
  friend bool operator==(const ManifestFile&, const ManifestFile&) = default;
};

}  // namespace floe::iceberg
