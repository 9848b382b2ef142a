// How the columns of one data file line up with the table's fields (spec
// "Column Projection"), for the table scan.
//
// A file column belongs to the table field with its Parquet field id; a
// file written without field ids (Hive migrations, PyIceberg add_files) is
// matched by the table property `schema.name-mapping.default`, and without
// a mapping its columns match nothing. A field the file lacks reads as the
// value of an identity partition field on it (from the data file's
// partition tuple), else the field's initial-default, else NULL.
// Plain functions; thread-safe.
#pragma once

#include <memory>
#include <vector>

#include "floe/common/result.h"
#include "floe/engine/sql_type.h"
#include "floe/engine/value.h"
#include "floe/iceberg/schema.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/iceberg/table_scan.h"
#include "floe/parquet/file_reader.h"
#include "floe/parquet/schema.h"

namespace floe::engine {

// The table's `schema.name-mapping.default`, parsed; null when it has none.
// Errors: a mapping that does not parse (INVALID_TABLE_PROPERTY-style user error).
Result<std::shared_ptr<const iceberg::NameMapping>> TableNameMapping(const iceberg::TableMetadata& metadata);

// Whether scans of the table may prune files by manifest metrics: not with a
// name mapping, since metrics of files imported without field ids were
// computed under the mapping of their import, which the current one may
// contradict (a column it no longer names reads as NULL).
bool MetricsPruningAllowed(const iceberg::TableMetadata& metadata);

// Per top-level field of the file: its table field id (the Parquet field id,
// else the mapping's id for its name), -1 when unknown.
std::vector<int32_t> FileFieldIds(const parquet::FileSchema& schema, const iceberg::NameMapping* mapping);

// The top-level file field holding table field `field_id`, -1 when absent.
int FileFieldOf(const std::vector<int32_t>& file_field_ids, int32_t field_id);

// The top-level field that is cheapest to read (the primitive one with the
// fewest compressed bytes; field 0 when none is primitive), for scans that
// need only row positions. -1 for a file without fields.
int CheapestFileField(const parquet::ParquetReader& reader);

// The value of table field `field_id` (of SQL type `type`) for rows of a
// data file that lacks it: identity partition value, initial-default or NULL;
// for kFilePathFieldId ("$path"), the data file's path.
Value MissingColumnValue(const iceberg::TableMetadata& metadata, const iceberg::Schema& schema,
                         const iceberg::FileScanTask& task, int32_t field_id, const SqlType& type);

// An Iceberg literal as the engine value of `type` (NULL when the
// representation does not fit the type).
Value ValueOfLiteral(const iceberg::Literal& literal, const SqlType& type);

}  // namespace floe::engine
