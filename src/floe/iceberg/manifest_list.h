// Manifest lists: the Avro file naming a snapshot's manifests (spec
// "Manifest Lists", "First Row ID Assignment").
//
// Reading resolves fields by field id (Iceberg Java 1.4 wrote fields 504-506
// as added_data_files_count/..., 1.5 as added_files_count/...; both read)
// and applies the v1 defaults: content data, sequence numbers 0, and the
// snapshot's id where a v1 list left added_snapshot_id null. v1 snapshots
// that list manifests inline (no manifest list) are read by
// ReadSnapshotManifests from each manifest's header.
//
// Writing: ManifestListWriter streams to an io::OutputFile (kFailIfExists)
// with the spec's schema for the format version and the key-value metadata
// readers require (`snapshot-id`, `parent-snapshot-id`, `sequence-number`,
// `format-version`, v3 `first-row-id`). Manifests written in this commit
// (kUnassignedSequenceNumber) get the snapshot's sequence number; v3 data
// manifests without a first_row_id are assigned one.
//
// Errors: kNotFound for a missing file; kInvalidData naming the file for a
// corrupt one; kNotImplemented "encrypted manifest list not supported" for
// AES-GCM encrypted lists. Not thread-safe (one writer per thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/avro/codec.h"
#include "floe/iceberg/data_file.h"
#include "floe/iceberg/snapshot.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/io/file_io.h"

namespace floe::avro {
class ContainerWriter;
}

namespace floe::iceberg {

// Reads a manifest list file. `snapshot_id` fills added_snapshot_id where a
// v1 list left it null.
Result<std::vector<ManifestFile>> ReadManifestList(io::FileIO& file_io, std::string_view location,
                                                   std::optional<int64_t> snapshot_id = std::nullopt);
// Parses manifest-list bytes (`name` appears in errors).
Result<std::vector<ManifestFile>> ParseManifestList(std::string contents, std::string_view name,
                                                    std::optional<int64_t> snapshot_id = std::nullopt);

// The manifests of a snapshot: its manifest list, or for v1 snapshots that
// list manifest files inline, one entry per file built from the manifest's
// header (spec id) with sequence numbers 0 and unknown counts.
Result<std::vector<ManifestFile>> ReadSnapshotManifests(io::FileIO& file_io, const TableMetadata& table,
                                                        const Snapshot& snapshot);

struct ManifestListWriterOptions {
  int format_version = kDefaultFormatVersion;
  int64_t snapshot_id = 0;
  std::optional<int64_t> parent_snapshot_id;
  int64_t sequence_number = 0;         // the snapshot's (v2+)
  std::optional<int64_t> first_row_id;  // the snapshot's first-row-id (v3)
  avro::Codec codec = avro::Codec::kDeflate;
};

class ManifestListWriter {
 public:
  static Result<std::unique_ptr<ManifestListWriter>> Open(io::FileIO& file_io, std::string location,
                                                          ManifestListWriterOptions options);
  ~ManifestListWriter();

  // Appends a manifest. v2+: an unassigned sequence number (or min sequence
  // number) becomes the snapshot's, which is only valid for manifests added
  // by this snapshot (kInvalidData otherwise). v3: a data manifest without
  // first_row_id is assigned the next row id.
  Status Add(const ManifestFile& manifest);
  Status AddAll(const std::vector<ManifestFile>& manifests);

  // Publishes the file.
  Status Close();
  void Abort();

  // v3: the row id after the last assigned range; next_row_id - first_row_id
  // is the snapshot's `added-rows`.
  std::optional<int64_t> next_row_id() const { return next_row_id_; }
  // The manifests as written (sequence numbers and row ids assigned).
  const std::vector<ManifestFile>& written() const { return written_; }

 private:
  ManifestListWriter() = default;
  std::unique_ptr<avro::ContainerWriter> writer_;
  ManifestListWriterOptions options_;
  std::optional<int64_t> next_row_id_;
  std::vector<ManifestFile> written_;
  bool closed_ = false;
};

}  // namespace floe::iceberg
