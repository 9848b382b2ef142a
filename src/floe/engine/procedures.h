// Trino's Iceberg procedures (CALL iceberg.system.<name>(...)):
//
//   register_table(schema_name, table_name, table_location [, metadata_file_name])
//     adds an existing Iceberg table to the catalog: its current metadata file
//     is `table_location`/metadata/`metadata_file_name`, or without a name the
//     one version-hint.text names, else the highest version there.
//   unregister_table(schema_name, table_name)
//     removes a table from the catalog and keeps its files.
//
// Arguments are positional or named (`name => value`), as string literals.
// Errors (Trino's): PROCEDURE_NOT_FOUND for other names, INVALID_PROCEDURE_ARGUMENT
// for a missing, repeated, unknown or non-string argument or a metadata file
// name with a '/', SCHEMA_NOT_FOUND, TABLE_ALREADY_EXISTS, TABLE_NOT_FOUND, and
// the metadata reader's errors for a missing or corrupt metadata file.
// Thread-safety: as the catalog.
#pragma once

#include "floe/catalog/catalog.h"
#include "floe/common/result.h"
#include "floe/io/file_io.h"
#include "floe/sql/ast.h"

namespace floe::engine {

Status RunProcedure(const sql::Call& call, catalog::Catalog& catalog, io::FileIO& file_io);

}  // namespace floe::engine
