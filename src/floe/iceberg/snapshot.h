// Snapshots, refs (branches and tags) and the snapshot/metadata logs
// (spec "Snapshots", "Snapshot References", table metadata fields).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace floe::iceberg {

// Snapshot summary `operation` values.
inline constexpr std::string_view kOperationAppend = "append";
inline constexpr std::string_view kOperationReplace = "replace";
inline constexpr std::string_view kOperationOverwrite = "overwrite";
inline constexpr std::string_view kOperationDelete = "delete";

struct Snapshot {
  int64_t snapshot_id = 0;
  std::optional<int64_t> parent_snapshot_id;
  int64_t sequence_number = 0;  // 0 in v1
  int64_t timestamp_ms = 0;
  std::string manifest_list;               // location of the manifest list ("" for v1 `manifests`)
  std::vector<std::string> v1_manifests;   // v1 only: manifest locations listed inline
  // Summary: "operation" plus optional metrics ("added-records", "total-records", ...).
  std::map<std::string, std::string> summary;
  std::optional<int32_t> schema_id;
  // v3 row lineage.
  std::optional<int64_t> first_row_id;
  std::optional<int64_t> added_rows;
  std::optional<std::string> key_id;  // v3 encryption key id

  std::string operation() const {
    auto it = summary.find("operation");
    return it == summary.end() ? std::string() : it->second;
  }
};
using SnapshotPtr = std::shared_ptr<const Snapshot>;

enum class SnapshotRefType { kBranch, kTag };

struct SnapshotRef {
  static constexpr std::string_view kMainBranch = "main";
  int64_t snapshot_id = 0;
  SnapshotRefType type = SnapshotRefType::kBranch;
  std::optional<int32_t> min_snapshots_to_keep;   // branches only
  std::optional<int64_t> max_snapshot_age_ms;     // branches only
  std::optional<int64_t> max_ref_age_ms;
  friend bool operator==(const SnapshotRef&, const SnapshotRef&) = default;
};

struct SnapshotLogEntry {
  int64_t timestamp_ms = 0;
  int64_t snapshot_id = 0;
};

struct MetadataLogEntry {
  int64_t timestamp_ms = 0;
  std::string metadata_file;
};

// Table statistics file (Puffin) and partition statistics file.
struct BlobMetadata {
  std::string type;
  int64_t snapshot_id = 0;
  int64_t sequence_number = 0;
  std::vector<int32_t> fields;
  std::map<std::string, std::string> properties;
};
struct StatisticsFile {
  int64_t snapshot_id = 0;
  std::string statistics_path;
  int64_t file_size_in_bytes = 0;
  int64_t file_footer_size_in_bytes = 0;
  std::optional<std::string> key_metadata;  // base64 text as in JSON
  std::vector<BlobMetadata> blob_metadata;
};
struct PartitionStatisticsFile {
  int64_t snapshot_id = 0;
  std::string statistics_path;
  int64_t file_size_in_bytes = 0;
};

// v3 table encryption keys.
struct EncryptedKey {
  std::string key_id;
  std::string encrypted_key_metadata;  // base64 text as in JSON
  std::optional<std::string> encrypted_by_id;
  std::map<std::string, std::string> properties;
};

}  // namespace floe::iceberg
