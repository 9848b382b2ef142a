// Internal to manifest.cc and manifest_list.cc: decode plans that turn Avro
// manifest and manifest-list records straight into ManifestEntry and
// ManifestFile, without a generic datum per record.
//
// A plan is compiled once per file from the file's writer schema. Fields are
// matched to the spec's fields by Avro "field-id" (names only when a writer
// left ids out), so files from every writer read: Java 1.4 and 1.5 name
// fields 504-506 differently, DuckDB and PyIceberg order fields their own
// way, and fields this reader does not know are skipped. Compatible type
// differences are promoted (int written where a long is expected, float for
// double, bytes for string). Decode() overwrites every field of the target,
// reusing its storage (strings, maps, vectors), so streaming readers
// allocate almost nothing per record.
//
// Not thread-safe: a decoder keeps scratch buffers; use one per reader.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "floe/avro/decoder.h"
#include "floe/avro/schema.h"
#include "floe/iceberg/data_file.h"
#include "floe/iceberg/types.h"

namespace floe::iceberg::internal {

// One field of the manifest's partition tuple, in spec order.
struct PartitionFieldType {
  int32_t field_id = 0;
  std::string name;
  TypePtr type;  // the transform's result type; nullptr when unknown (decode by the Avro type)
};

// What a manifest reader keeps of each entry.
struct EntryProjection {
  // Whether to read the metric maps (column sizes, value/null/NaN counts, bounds).
  bool column_stats = true;
  // When non-empty, the metric maps keep only these column ids (sorted, unique).
  std::vector<int32_t> stats_column_ids;
};

class ManifestEntryDecoder {
 public:
  // Compiles a plan for `writer` (the manifest file's schema, a
  // manifest_entry record). kInvalidData when a field the spec requires is
  // missing or has an incompatible type.
  static Result<std::unique_ptr<ManifestEntryDecoder>> Compile(std::shared_ptr<const avro::Schema> writer,
                                                                std::vector<PartitionFieldType> partition_fields,
                                                                EntryProjection projection);
  ~ManifestEntryDecoder();

  // Decodes one record into `entry`. On false the decoder has failed
  // (decoder.status() says why).
  [[nodiscard]] bool Decode(avro::Decoder& decoder, ManifestEntry* entry);

  // Whether the writer schema has the v2 fields (3 sequence_number, 134 content).
  bool has_sequence_number() const;
  bool has_content() const;

  struct Plan;

 private:
  ManifestEntryDecoder() = default;
  std::unique_ptr<Plan> plan_;
};

class ManifestFileDecoder {
 public:
  // Compiles a plan for a manifest list's writer schema (a manifest_file record).
  static Result<std::unique_ptr<ManifestFileDecoder>> Compile(std::shared_ptr<const avro::Schema> writer);
  ~ManifestFileDecoder();

  [[nodiscard]] bool Decode(avro::Decoder& decoder, ManifestFile* manifest);

  // Whether the writer schema has the v2 fields (515 sequence_number, 517 content).
  bool has_sequence_number() const;

  struct Plan;

 private:
  ManifestFileDecoder() = default;
  std::unique_ptr<Plan> plan_;
};

}  // namespace floe::iceberg::internal
