// Metadata tables read from a table's manifests, with the columns and types
// of Trino's Iceberg connector (all over the current snapshot; empty for a
// table without one):
//
//   "t$files"       one row per live data or delete file: content,
//                   file_path, file_format, spec_id, partition (row of the
//                   partition fields, partitioned tables only),
//                   record_count, file_size_in_bytes, column_sizes,
//                   value_counts, null_value_counts, nan_value_counts
//                   (map(integer, bigint)), lower_bounds, upper_bounds
//                   (map(integer, varchar), Iceberg's human-readable
//                   values), key_metadata, split_offsets, equality_ids,
//                   sort_order_id
//   "t$manifests"   one row per manifest: path, length, partition_spec_id,
//                   added_snapshot_id, added/existing/deleted data file and
//                   row counts, partition_summaries
//                   array(row(contains_null, contains_nan, lower_bound,
//                   upper_bound))
//   "t$partitions"  one row per partition of the live data files:
//                   partition (partitioned tables only), record_count,
//                   file_count, total_size, data (a row with, per primitive
//                   column that is not an identity partition source,
//                   row(min, max, null_count, nan_count))
//
// Errors: the manifest readers' (kNotFound, kInvalidData naming the file).
// Thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "floe/common/result.h"
#include "floe/engine/sql_type.h"
#include "floe/engine/value.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/io/file_io.h"

namespace floe::engine {

struct MetadataTableContents {
  std::vector<std::pair<std::string, SqlType>> columns;
  std::vector<std::vector<Value>> rows;
};

// "t$metadata_log_entries": one row per metadata file of the table's log,
// then the current one: timestamp, file, latest_snapshot_id,
// latest_schema_id, latest_sequence_number (the snapshot current at that
// time, from the snapshot log).
MetadataTableContents MetadataLogEntriesTable(const iceberg::TableMetadata& metadata, const std::string& metadata_location);

// Whether `kind` ("files", "manifests", "partitions") is read here.
bool IsManifestMetadataTable(std::string_view kind);

// The contents of metadata table `kind` of `metadata`.
Result<MetadataTableContents> ReadManifestMetadataTable(io::FileIO& file_io, const iceberg::TableMetadata& metadata,
                                                        std::string_view kind);

// A value of an Iceberg literal for the SQL type of its Iceberg type.
Value ValueOfLiteral(const iceberg::Literal& literal);

}  // namespace floe::engine
