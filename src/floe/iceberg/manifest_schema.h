// Internal to manifest.cc and manifest_list.cc: the Avro schemas floe writes
// for manifests and manifest lists (the spec's field ids and names, Iceberg
// Java's record names: `r2`, `r102`, `k117_v118`, `r508`), the Avro form of
// partition values, and the `partition-spec` metadata value.
#pragma once

#include <string>

#include "floe/avro/encoder.h"
#include "floe/iceberg/partition_spec.h"
#include "floe/iceberg/types.h"

namespace floe::iceberg::internal {

// Schema JSON of a manifest_entry for a format version (1-3) and a partition
// tuple type. kNotImplemented for partition types Avro manifests cannot hold.
Result<std::string> ManifestEntrySchemaJson(int format_version, const StructType& partition_type);

// Schema JSON of a manifest list's manifest_file record for a format version.
std::string ManifestFileSchemaJson(int format_version);

// Encodes one partition value as the (nullable) Avro type the manifest
// schema gives `type`. kInvalidData when the literal does not fit the type.
Status EncodePartitionValue(const Type& type, const Literal& value, avro::Encoder& encoder);

// The `partition-spec` metadata value: the JSON array of the spec's fields.
std::string PartitionFieldsJson(const PartitionSpec& spec);

// A valid Avro name for an Iceberg name, as Iceberg Java makes it: invalid
// characters become `_x<HEX>`, a leading digit gets a `_` prefix.
std::string AvroCompatibleName(std::string_view name);

}  // namespace floe::iceberg::internal
