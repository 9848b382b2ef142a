// The tables SQL clients browse to discover what exists, as Trino exposes
// them (JDBC DatabaseMetaData, DBeaver, Superset):
//
//   iceberg.information_schema.schemata   catalog_name, schema_name
//   iceberg.information_schema.tables     table_catalog, table_schema, table_name, table_type
//   iceberg.information_schema.columns    table_catalog, table_schema, table_name, column_name,
//                                         ordinal_position, column_default, is_nullable, data_type
//   iceberg.information_schema.views      table_catalog, table_schema, table_name, view_definition
//   iceberg.information_schema.table_privileges   (Trino's columns; no rows: no access control)
//   system.jdbc.catalogs / schemas / tables / columns / table_types / types
//                                         the columns Trino's JDBC driver reads
//   system.metadata.catalogs              catalog_name, connector_id, connector_name
//   system.metadata.table_comments        catalog_name, schema_name, table_name, comment
//                                         (the "comment" table property; Superset reads it)
//   system.runtime.nodes                  this server, as the coordinator
//   system.runtime.queries                Trino's columns (no rows: queries are not tracked)
//
// Filter pushdown: `filter` carries equality constraints on the schema and
// table name columns taken from the query's WHERE clause, so listing one
// table's columns loads one table, not the catalog. The full predicate
// still runs over the rows afterwards.
// Thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/catalog/catalog.h"
#include "floe/common/result.h"
#include "floe/engine/metadata_tables.h"
#include "floe/engine/session.h"
#include "floe/sql/ast.h"

namespace floe::engine {

struct SystemTableName {
  std::string catalog;  // "iceberg" (information_schema) or "system"
  std::string schema;   // "information_schema", "jdbc", "runtime"
  std::string table;
};

// Constraints pushed down from WHERE: exact schema / table names.
struct SystemTableFilter {
  std::optional<std::string> schema;
  std::optional<std::string> table;
};

// The system table `name` refers to, or nullopt when it names an ordinary
// table (resolution as for tables: the session fills in catalog and schema).
std::optional<SystemTableName> ResolveSystemTableName(const sql::QualifiedName& name, const Session& session);

// The system schemas of `catalog` (sorted), as SHOW SCHEMAS lists them:
// information_schema in "iceberg"; information_schema, jdbc, metadata and
// runtime in "system".
std::vector<std::string> SystemSchemas(std::string_view catalog);
// The tables of system schema `schema` of `catalog` (sorted), as SHOW
// TABLES lists them; nullopt when it is not a system schema.
std::optional<std::vector<std::string>> SystemSchemaTables(std::string_view catalog, std::string_view schema);

// Equality constraints of `where` (conjuncts `column = 'text'`, or LIKE with
// a pattern without wildcards) on the schema and table name columns of
// `table`. `where` may be null.
SystemTableFilter ExtractSystemTableFilter(const SystemTableName& table, const sql::Expression* where);

// The rows of a system table. Errors: TABLE_NOT_FOUND at `location` for an
// unknown table; catalog errors.
Result<MetadataTableContents> ReadSystemTable(catalog::Catalog& catalog, const SystemTableName& table,
                                              const SystemTableFilter& filter, sql::NodeLocation location);

}  // namespace floe::engine
