// Manifests: reading and writing the Avro files that list a snapshot's data
// and delete files (spec "Manifests", "Sequence Number Inheritance",
// "First Row ID Inheritance").
//
// Reading compiles the file's writer schema into a decode plan (see
// manifest_decoder.h) that resolves fields by field id, so manifests from
// every writer read (Java, PyIceberg, Trino, DuckDB re-encodes, ...), and
// decodes records straight into ManifestEntry. Callers that do not need
// column metrics say so (ManifestReadOptions) and those bytes are skipped.
//
// Inheritance (applied by the reader when it knows the manifest's
// manifest-list entry): a null snapshot_id inherits the manifest's
// added_snapshot_id; null data and file sequence numbers inherit the
// manifest's sequence number when the entry is ADDED (or the manifest's
// sequence number is 0, as for v1); v1 manifests have no sequence numbers,
// which read as 0; v3 data files with a null first_row_id get the
// manifest's first_row_id plus the record counts of the preceding such files.
//
// Writing: ManifestWriter streams entries to an io::OutputFile created with
// kFailIfExists, writes the spec's Avro schema (field ids, `r102` partition
// struct, `k117_v118` map records) and key-value metadata (`schema`,
// `schema-id`, `partition-spec`, `partition-spec-id`, `format-version`,
// `content`), and returns the ManifestFile for the manifest list, with
// counts and partition field summaries.
//
// Errors: kNotFound for a missing file, kInvalidData (naming the file) for
// a corrupt or non-conforming one, kNotImplemented for encrypted manifests.
// Readers and writers are not thread-safe; use one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/avro/codec.h"
#include "floe/iceberg/data_file.h"
#include "floe/iceberg/partition_spec.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/io/file_io.h"

namespace floe::avro {
class ContainerReader;
class ContainerWriter;
}  // namespace floe::avro

namespace floe::iceberg {

namespace internal {
class ManifestEntryDecoder;
}

struct ManifestReadOptions {
  // Read the metric maps (column_sizes, value/null/NaN counts, lower/upper
  // bounds). Off: they are skipped and left empty.
  bool column_stats = true;
  // When non-empty, keep metrics only for these column ids (e.g. the
  // columns a scan filter references).
  std::vector<int32_t> stats_column_ids;
};

// The key-value metadata of a manifest file, as read.
struct ManifestMetadata {
  int format_version = 1;  // "format-version", or inferred from the schema (v2 fields present)
  ManifestContent content = ManifestContent::kData;  // "content" ("data" / "deletes")
  std::optional<int32_t> schema_id;                  // "schema-id"
  std::optional<int32_t> partition_spec_id;          // "partition-spec-id"
  std::string schema_json;                           // "schema"
  std::string partition_spec_json;                   // "partition-spec" (the fields array)
};

class ManifestReader {
 public:
  // Opens a manifest listed in a manifest list. Inheritance uses `manifest`.
  // The partition spec and schema come from `table` (by the manifest's spec
  // id and the file's schema-id) and, when `table` is null or lacks them,
  // from the manifest's own metadata.
  static Result<std::unique_ptr<ManifestReader>> Open(io::FileIO& file_io, const ManifestFile& manifest,
                                                      const TableMetadata* table, ManifestReadOptions options = {});
  // Opens a manifest by location, with no manifest-list entry: nothing is
  // inherited except the v1 defaults (sequence numbers 0).
  static Result<std::unique_ptr<ManifestReader>> Open(io::FileIO& file_io, std::string_view location,
                                                      const TableMetadata* table, ManifestReadOptions options = {});
  // Opens manifest bytes already in memory (`name` appears in errors).
  static Result<std::unique_ptr<ManifestReader>> OpenBytes(std::string contents, std::string name,
                                                           const ManifestFile* manifest, const TableMetadata* table,
                                                           ManifestReadOptions options = {});
  ~ManifestReader();

  const std::string& location() const { return location_; }
  const ManifestMetadata& metadata() const { return metadata_; }
  // The spec the partition tuples follow, and their struct type (field ids =
  // partition field ids). The type is null when the schema was unavailable.
  const PartitionSpecPtr& partition_spec() const { return spec_; }
  const std::shared_ptr<const StructType>& partition_type() const { return partition_type_; }
  const SchemaPtr& schema() const { return schema_; }

  // Reads the next entry (ADDED, EXISTING and DELETED alike) into `entry`,
  // overwriting it and reusing its storage. Returns false at the end.
  Result<bool> Next(ManifestEntry* entry);
  // Reads every remaining entry.
  Result<std::vector<ManifestEntry>> ReadAll();

 private:
  ManifestReader() = default;
  Status Initialize(const ManifestFile* manifest, const TableMetadata* table, ManifestReadOptions options);
  Result<bool> NextBlock();
  void Inherit(ManifestEntry* entry);

  std::string location_;
  std::unique_ptr<avro::ContainerReader> container_;
  std::unique_ptr<internal::ManifestEntryDecoder> decoder_;
  ManifestMetadata metadata_;
  PartitionSpecPtr spec_;
  SchemaPtr schema_;
  std::shared_ptr<const StructType> partition_type_;
  // Inheritance.
  std::optional<int64_t> snapshot_id_;
  int64_t sequence_number_ = 0;
  bool inherit_sequence_numbers_ = false;
  std::optional<int64_t> next_row_id_;
  // The current block.
  std::string_view block_;
  size_t block_offset_ = 0;
  int64_t block_records_left_ = 0;
  int64_t block_index_ = 0;
  bool finished_ = false;
};

// Reads a whole manifest (convenience over ManifestReader).
Result<std::vector<ManifestEntry>> ReadManifest(io::FileIO& file_io, const ManifestFile& manifest,
                                                const TableMetadata* table, ManifestReadOptions options = {});

struct ManifestWriterOptions {
  int format_version = kDefaultFormatVersion;  // 1, 2 or 3
  ManifestContent content = ManifestContent::kData;
  // The snapshot adding files: written as ADDED/DELETED entries' snapshot_id
  // and returned as the manifest's added_snapshot_id. nullopt leaves it for
  // readers to inherit (v2+ only).
  std::optional<int64_t> snapshot_id;
  avro::Codec codec = avro::Codec::kDeflate;
  // v1 writes the deprecated block_size_in_bytes (105) with this value.
  int64_t v1_block_size_in_bytes = 64 * 1024 * 1024;
};

class ManifestWriter {
 public:
  // Creates `location` (kFailIfExists) and writes the header. `schema` is the
  // table schema the spec binds to (its partition types and the `schema`
  // metadata come from it).
  static Result<std::unique_ptr<ManifestWriter>> Open(io::FileIO& file_io, std::string location,
                                                      PartitionSpecPtr spec, SchemaPtr schema,
                                                      ManifestWriterOptions options = {});
  ~ManifestWriter();

  // An ADDED entry. The sequence numbers stay null (inherited at commit)
  // unless `data_sequence_number` is given.
  Status Add(const DataFile& file, std::optional<int64_t> data_sequence_number = std::nullopt);
  // An EXISTING entry carried over from another manifest: keeps its snapshot
  // id and sequence numbers, which must be set (v2+).
  Status Existing(const ManifestEntry& entry);
  // A DELETED entry for a file removed by this snapshot: keeps the entry's
  // sequence numbers, takes the writer's snapshot id.
  Status Delete(const ManifestEntry& entry);
  // Writes an entry exactly as given (status, ids and sequence numbers).
  Status Write(const ManifestEntry& entry);

  // Finishes the file and returns its manifest-list entry. Its sequence
  // numbers are kUnassignedSequenceNumber when the manifest relies on
  // inheritance (ManifestListWriter assigns them).
  Result<ManifestFile> Close();
  // Discards the file.
  void Abort();

  int64_t entries_written() const;

  struct State;

 private:
  ManifestWriter() = default;
  std::unique_ptr<State> state_;
};

}  // namespace floe::iceberg
