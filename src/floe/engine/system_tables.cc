#include "floe/engine/system_tables.h"

#include <algorithm>
#include <map>

#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;

namespace {

constexpr std::string_view kInformationSchema = "information_schema";

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

SqlType Varchar() { return SqlType::Varchar(); }
SqlType Bigint() { return SqlType::Of(SqlTypeKind::kBigint); }
SqlType Boolean() { return SqlType::Of(SqlTypeKind::kBoolean); }

Value Text(std::string_view text) { return Value::String(std::string(text)); }
Value Long(int64_t v) { return Value::Integer(v); }
Value Null() { return Value::Null(); }

// The tables of information_schema, with their columns.
const std::map<std::string, std::vector<std::pair<std::string, SqlType>>>& InformationSchemaTables() {
  static const auto* tables = new std::map<std::string, std::vector<std::pair<std::string, SqlType>>>{
      {"schemata", {{"catalog_name", Varchar()}, {"schema_name", Varchar()}}},
      {"tables", {{"table_catalog", Varchar()}, {"table_schema", Varchar()}, {"table_name", Varchar()}, {"table_type", Varchar()}}},
      {"columns",
       {{"table_catalog", Varchar()}, {"table_schema", Varchar()}, {"table_name", Varchar()}, {"column_name", Varchar()},
        {"ordinal_position", Bigint()}, {"column_default", Varchar()}, {"is_nullable", Varchar()}, {"data_type", Varchar()}}},
      {"views", {{"table_catalog", Varchar()}, {"table_schema", Varchar()}, {"table_name", Varchar()}, {"view_definition", Varchar()}}},
      {"table_privileges",
       {{"grantor", Varchar()}, {"grantor_type", Varchar()}, {"grantee", Varchar()}, {"grantee_type", Varchar()},
        {"table_catalog", Varchar()}, {"table_schema", Varchar()}, {"table_name", Varchar()}, {"privilege_type", Varchar()},
        {"is_grantable", Varchar()}, {"with_hierarchy", Varchar()}}},
  };
  return *tables;
}

const std::map<std::string, std::vector<std::pair<std::string, SqlType>>>& JdbcTables() {
  static const auto* tables = new std::map<std::string, std::vector<std::pair<std::string, SqlType>>>{
      {"catalogs", {{"table_cat", Varchar()}}},
      {"schemas", {{"table_schem", Varchar()}, {"table_catalog", Varchar()}}},
      {"table_types", {{"table_type", Varchar()}}},
      {"tables",
       {{"table_cat", Varchar()}, {"table_schem", Varchar()}, {"table_name", Varchar()}, {"table_type", Varchar()},
        {"remarks", Varchar()}, {"type_cat", Varchar()}, {"type_schem", Varchar()}, {"type_name", Varchar()},
        {"self_referencing_col_name", Varchar()}, {"ref_generation", Varchar()}}},
      {"columns",
       {{"table_cat", Varchar()},        {"table_schem", Varchar()},     {"table_name", Varchar()},
        {"column_name", Varchar()},      {"data_type", Bigint()},        {"type_name", Varchar()},
        {"column_size", Bigint()},       {"buffer_length", Bigint()},    {"decimal_digits", Bigint()},
        {"num_prec_radix", Bigint()},    {"nullable", Bigint()},         {"remarks", Varchar()},
        {"column_def", Varchar()},       {"sql_data_type", Bigint()},    {"sql_datetime_sub", Bigint()},
        {"char_octet_length", Bigint()}, {"ordinal_position", Bigint()}, {"is_nullable", Varchar()},
        {"scope_catalog", Varchar()},    {"scope_schema", Varchar()},    {"scope_table", Varchar()},
        {"source_data_type", Bigint()},  {"is_autoincrement", Varchar()}, {"is_generatedcolumn", Varchar()}}},
      {"types",
       {{"type_name", Varchar()},       {"data_type", Bigint()},          {"precision", Bigint()},
        {"literal_prefix", Varchar()},  {"literal_suffix", Varchar()},    {"create_params", Varchar()},
        {"nullable", Bigint()},         {"case_sensitive", Boolean()},    {"searchable", Bigint()},
        {"unsigned_attribute", Boolean()}, {"fixed_prec_scale", Boolean()}, {"auto_increment", Boolean()},
        {"local_type_name", Varchar()}, {"minimum_scale", Bigint()},      {"maximum_scale", Bigint()},
        {"sql_data_type", Bigint()},    {"sql_datetime_sub", Bigint()},   {"num_prec_radix", Bigint()}}},
  };
  return *tables;
}

const std::map<std::string, std::vector<std::pair<std::string, SqlType>>>& RuntimeTables() {
  static const auto* tables = new std::map<std::string, std::vector<std::pair<std::string, SqlType>>>{
      {"nodes", {{"node_id", Varchar()}, {"http_uri", Varchar()}, {"node_version", Varchar()}, {"coordinator", Boolean()}, {"state", Varchar()}}},
      {"queries",
       {{"query_id", Varchar()}, {"state", Varchar()}, {"user", Varchar()}, {"source", Varchar()}, {"query", Varchar()},
        {"queued_time_ms", Bigint()}, {"analysis_time_ms", Bigint()}, {"planning_time_ms", Bigint()},
        {"created", SqlType{SqlTypeKind::kTimestampTz, 3}}, {"started", SqlType{SqlTypeKind::kTimestampTz, 3}},
        {"last_heartbeat", SqlType{SqlTypeKind::kTimestampTz, 3}}, {"end", SqlType{SqlTypeKind::kTimestampTz, 3}},
        {"error_type", Varchar()}, {"error_code", Varchar()}}},
  };
  return *tables;
}

const std::map<std::string, std::vector<std::pair<std::string, SqlType>>>& MetadataTables() {
  static const auto* tables = new std::map<std::string, std::vector<std::pair<std::string, SqlType>>>{
      {"catalogs", {{"catalog_name", Varchar()}, {"connector_id", Varchar()}, {"connector_name", Varchar()}}},
      {"table_comments", {{"catalog_name", Varchar()}, {"schema_name", Varchar()}, {"table_name", Varchar()}, {"comment", Varchar()}}},
  };
  return *tables;
}

const std::vector<std::pair<std::string, SqlType>>* ColumnsOf(const SystemTableName& name) {
  const auto& tables = name.schema == kInformationSchema ? InformationSchemaTables()
                       : name.schema == "jdbc"          ? JdbcTables()
                       : name.schema == "metadata"      ? MetadataTables()
                                                        : RuntimeTables();
  auto found = tables.find(name.table);
  return found == tables.end() ? nullptr : &found->second;
}

// java.sql.Types of a SQL type, as Trino's JDBC driver reports it.
int64_t JdbcTypeOf(const SqlType& type) {
  switch (type.kind) {
    case SqlTypeKind::kBoolean: return 16;
    case SqlTypeKind::kTinyint: return -6;
    case SqlTypeKind::kSmallint: return 5;
    case SqlTypeKind::kInteger: return 4;
    case SqlTypeKind::kBigint: return -5;
    case SqlTypeKind::kReal: return 7;
    case SqlTypeKind::kDouble: return 8;
    case SqlTypeKind::kDecimal: return 3;
    case SqlTypeKind::kVarchar: return 12;
    case SqlTypeKind::kVarbinary: return -3;
    case SqlTypeKind::kDate: return 91;
    case SqlTypeKind::kTime: return 92;
    case SqlTypeKind::kTimestamp: return 93;
    case SqlTypeKind::kTimestampTz: return 2014;
    case SqlTypeKind::kArray: return 2003;
    case SqlTypeKind::kUnknown: return 0;
    default: return 2000;  // JAVA_OBJECT: map, row, uuid
  }
}

// column_size: precision for numbers, length for strings, characters for
// dates and times; NULL where it does not apply.
Value ColumnSizeOf(const SqlType& type) {
  switch (type.kind) {
    case SqlTypeKind::kTinyint: return Long(3);
    case SqlTypeKind::kSmallint: return Long(5);
    case SqlTypeKind::kInteger: return Long(10);
    case SqlTypeKind::kBigint: return Long(19);
    case SqlTypeKind::kReal: return Long(24);
    case SqlTypeKind::kDouble: return Long(53);
    case SqlTypeKind::kDecimal: return Long(type.precision);
    case SqlTypeKind::kVarchar: return Long(type.length.value_or(2147483647));
    case SqlTypeKind::kVarbinary: return Long(2147483647);
    case SqlTypeKind::kDate: return Long(14);
    case SqlTypeKind::kTime: return Long(8 + (type.precision > 0 ? type.precision + 1 : 0));
    case SqlTypeKind::kTimestamp: return Long(19 + (type.precision > 0 ? type.precision + 1 : 0));
    case SqlTypeKind::kTimestampTz: return Long(19 + (type.precision > 0 ? type.precision + 1 : 0) + 6);
    default: return Null();
  }
}

Value DecimalDigitsOf(const SqlType& type) {
  switch (type.kind) {
    case SqlTypeKind::kTinyint:
    case SqlTypeKind::kSmallint:
    case SqlTypeKind::kInteger:
    case SqlTypeKind::kBigint: return Long(0);
    case SqlTypeKind::kDecimal: return Long(type.scale);
    case SqlTypeKind::kTime:
    case SqlTypeKind::kTimestamp:
    case SqlTypeKind::kTimestampTz: return Long(type.precision);
    default: return Null();
  }
}

Value RadixOf(const SqlType& type) {
  if (type.is_integral() || type.kind == SqlTypeKind::kDecimal) return Long(10);
  if (type.kind == SqlTypeKind::kReal || type.kind == SqlTypeKind::kDouble) return Long(2);
  return Null();
}

template <typename T, typename List>
Result<std::vector<T>> ListAll(List list) {
  std::vector<T> items;
  catalog::PageRequest page;
  while (true) {
    FLOE_ASSIGN_OR_RETURN(auto listed, list(page));
    items.insert(items.end(), listed.items.begin(), listed.items.end());
    if (!listed.next_page_token) break;
    page.token = *listed.next_page_token;
  }
  return items;
}

struct TableEntry {
  std::string schema;
  std::string table;
  bool is_view = false;
};

// Schemas of the iceberg catalog matching the filter (information_schema included).
Result<std::vector<std::string>> Schemas(catalog::Catalog& catalog, const SystemTableFilter& filter) {
  std::vector<std::string> schemas;
  if (filter.schema) {
    if (*filter.schema == kInformationSchema) return std::vector<std::string>{std::string(kInformationSchema)};
    catalog::Namespace ns{{*filter.schema}};
    Status exists = catalog.NamespaceExists(ns);
    if (exists.ok()) schemas.push_back(*filter.schema);
    else if (exists.kind() != ErrorKind::kNoSuchNamespace) return exists;
    return schemas;
  }
  FLOE_ASSIGN_OR_RETURN(auto namespaces, ListAll<catalog::Namespace>([&](const catalog::PageRequest& page) {
                          return catalog.ListNamespaces(catalog::Namespace{}, page);
                        }));
  for (const auto& ns : namespaces) schemas.push_back(ns.ToString());
  schemas.push_back(std::string(kInformationSchema));
  std::sort(schemas.begin(), schemas.end());
  return schemas;
}

// Tables and views of the iceberg catalog matching the filter.
Result<std::vector<TableEntry>> Tables(catalog::Catalog& catalog, const SystemTableFilter& filter) {
  FLOE_ASSIGN_OR_RETURN(auto schemas, Schemas(catalog, filter));
  std::vector<TableEntry> tables;
  for (const std::string& schema : schemas) {
    if (schema == kInformationSchema) {
      for (const auto& [name, columns] : InformationSchemaTables()) {
        if (!filter.table || *filter.table == name) tables.push_back({schema, name, false});
      }
      continue;
    }
    catalog::Namespace ns{{schema}};
    if (filter.table) {
      catalog::TableIdentifier identifier{ns, *filter.table};
      auto loaded = catalog.LoadTable(identifier);
      if (loaded.ok()) {
        tables.push_back({schema, *filter.table, false});
      } else if (loaded.status().kind() != ErrorKind::kNoSuchTable && loaded.status().kind() != ErrorKind::kNoSuchNamespace) {
        return loaded.status();
      }
      auto view = catalog.LoadView(identifier);
      if (view.ok()) tables.push_back({schema, *filter.table, true});
      continue;
    }
    FLOE_ASSIGN_OR_RETURN(auto identifiers, ListAll<catalog::TableIdentifier>([&](const catalog::PageRequest& page) {
                            return catalog.ListTables(ns, page);
                          }));
    for (const auto& identifier : identifiers) tables.push_back({schema, identifier.name, false});
    auto views = ListAll<catalog::TableIdentifier>([&](const catalog::PageRequest& page) { return catalog.ListViews(ns, page); });
    if (views.ok()) {
      for (const auto& identifier : *views) tables.push_back({schema, identifier.name, true});
    }
  }
  return tables;
}

struct ColumnEntry {
  std::string schema, table, column;
  SqlType type;
  bool nullable = true;
  int64_t ordinal = 0;
};

// Columns of the tables matching the filter (tables whose metadata cannot
// be read, or whose columns have types SQL cannot show, are left out).
Result<std::vector<ColumnEntry>> Columns(catalog::Catalog& catalog, const SystemTableFilter& filter) {
  FLOE_ASSIGN_OR_RETURN(auto tables, Tables(catalog, filter));
  std::vector<ColumnEntry> columns;
  for (const TableEntry& table : tables) {
    if (table.is_view) continue;
    if (table.schema == kInformationSchema) {
      int64_t ordinal = 0;
      for (const auto& [name, type] : InformationSchemaTables().at(table.table)) {
        columns.push_back({table.schema, table.table, name, type, true, ++ordinal});
      }
      continue;
    }
    auto loaded = catalog.LoadTable(catalog::TableIdentifier{catalog::Namespace{{table.schema}}, table.table});
    if (!loaded.ok()) continue;  // dropped meanwhile
    int64_t ordinal = 0;
    for (const auto& field : loaded->metadata->CurrentSchema()->fields()) {
      auto type = SqlTypeOfIceberg(*field.type, field.name);
      ++ordinal;
      if (!type.ok()) continue;
      columns.push_back({table.schema, table.table, field.name, *type, !field.required, ordinal});
    }
  }
  return columns;
}

bool Matches(const std::optional<std::string>& wanted, std::string_view value) { return !wanted || *wanted == value; }

Result<std::vector<std::vector<Value>>> InformationSchemaRows(catalog::Catalog& catalog, const std::string& table,
                                                              const SystemTableFilter& filter) {
  const std::string iceberg(kIcebergCatalog);
  std::vector<std::vector<Value>> rows;
  if (table == "schemata") {
    FLOE_ASSIGN_OR_RETURN(auto schemas, Schemas(catalog, filter));
    for (const auto& schema : schemas) rows.push_back({Text(iceberg), Text(schema)});
  } else if (table == "tables") {
    FLOE_ASSIGN_OR_RETURN(auto tables, Tables(catalog, filter));
    for (const auto& t : tables) rows.push_back({Text(iceberg), Text(t.schema), Text(t.table), Text(t.is_view ? "VIEW" : "BASE TABLE")});
  } else if (table == "columns") {
    FLOE_ASSIGN_OR_RETURN(auto columns, Columns(catalog, filter));
    for (const auto& c : columns) {
      rows.push_back({Text(iceberg), Text(c.schema), Text(c.table), Text(c.column), Long(c.ordinal), Null(),
                      Text(c.nullable ? "YES" : "NO"), Text(DisplayName(c.type))});
    }
  } else if (table == "views") {
    FLOE_ASSIGN_OR_RETURN(auto tables, Tables(catalog, filter));
    for (const auto& t : tables) {
      if (t.is_view) rows.push_back({Text(iceberg), Text(t.schema), Text(t.table), Null()});
    }
  }
  return rows;
}

Result<std::vector<std::vector<Value>>> JdbcRows(catalog::Catalog& catalog, const std::string& table,
                                                 const SystemTableFilter& filter) {
  const std::string iceberg(kIcebergCatalog);
  std::vector<std::vector<Value>> rows;
  if (table == "catalogs") {
    rows = {{Text(iceberg)}, {Text(kSystemCatalog)}};
  } else if (table == "schemas") {
    FLOE_ASSIGN_OR_RETURN(auto schemas, Schemas(catalog, filter));
    for (const auto& schema : schemas) rows.push_back({Text(schema), Text(iceberg)});
    for (std::string_view schema : {"information_schema", "jdbc", "metadata", "runtime"}) {
      if (Matches(filter.schema, schema)) rows.push_back({Text(schema), Text(kSystemCatalog)});
    }
  } else if (table == "table_types") {
    rows = {{Text("TABLE")}, {Text("VIEW")}};
  } else if (table == "tables") {
    FLOE_ASSIGN_OR_RETURN(auto tables, Tables(catalog, filter));
    for (const auto& t : tables) {
      rows.push_back({Text(iceberg), Text(t.schema), Text(t.table), Text(t.is_view ? "VIEW" : "TABLE"), Null(), Null(), Null(),
                      Null(), Null(), Null()});
    }
    for (const auto* group : {&JdbcTables(), &MetadataTables(), &RuntimeTables()}) {
      std::string schema = group == &JdbcTables() ? "jdbc" : group == &MetadataTables() ? "metadata" : "runtime";
      if (!Matches(filter.schema, schema)) continue;
      for (const auto& [name, columns] : *group) {
        if (Matches(filter.table, name)) {
          rows.push_back({Text(kSystemCatalog), Text(schema), Text(name), Text("TABLE"), Null(), Null(), Null(), Null(), Null(), Null()});
        }
      }
    }
  } else if (table == "columns") {
    FLOE_ASSIGN_OR_RETURN(auto columns, Columns(catalog, filter));
    for (const auto& c : columns) {
      int64_t nullable = c.nullable ? 1 : 0;
      Value octets = c.type.kind == SqlTypeKind::kVarchar || c.type.kind == SqlTypeKind::kVarbinary ? ColumnSizeOf(c.type) : Null();
      rows.push_back({Text(iceberg), Text(c.schema), Text(c.table), Text(c.column), Long(JdbcTypeOf(c.type)), Text(DisplayName(c.type)),
                      ColumnSizeOf(c.type), Null(), DecimalDigitsOf(c.type), RadixOf(c.type), Long(nullable), Null(), Null(),
                      Null(), Null(), octets, Long(c.ordinal), Text(c.nullable ? "YES" : "NO"), Null(), Null(), Null(), Null(),
                      Text("NO"), Text("NO")});
    }
  } else if (table == "types") {
    const std::vector<SqlType> types = {
        SqlType::Of(SqlTypeKind::kBigint),   SqlType::Of(SqlTypeKind::kBoolean),   SqlType::Of(SqlTypeKind::kDate),
        SqlType::Decimal(38, 0),             SqlType::Of(SqlTypeKind::kDouble),    SqlType::Of(SqlTypeKind::kInteger),
        SqlType::Of(SqlTypeKind::kReal),     SqlType::Of(SqlTypeKind::kSmallint),  SqlType{SqlTypeKind::kTime, 6},
        SqlType::Timestamp(false),           SqlType::Timestamp(true),             SqlType::Of(SqlTypeKind::kTinyint),
        SqlType::Of(SqlTypeKind::kUuid),     SqlType::Of(SqlTypeKind::kVarbinary), SqlType::Varchar(),
        SqlType::Of(SqlTypeKind::kArray),    SqlType::Of(SqlTypeKind::kMap),       SqlType::Of(SqlTypeKind::kRow)};
    for (const SqlType& type : types) {
      bool parametric = type.kind == SqlTypeKind::kArray || type.kind == SqlTypeKind::kMap || type.kind == SqlTypeKind::kRow;
      std::string name = parametric ? std::string(RawTypeName(type)) : std::string(RawTypeName(type));
      Value precision = type.kind == SqlTypeKind::kDecimal ? Long(38) : ColumnSizeOf(type);
      bool is_string = type.kind == SqlTypeKind::kVarchar;
      rows.push_back({Text(name), Long(JdbcTypeOf(type)), precision, is_string ? Text("'") : Null(), is_string ? Text("'") : Null(),
                      Null(), Long(1), Value::Boolean(is_string), Long(is_string ? 3 : 2), Value::Boolean(!type.is_numeric()),
                      Value::Boolean(type.kind == SqlTypeKind::kDecimal), Value::Boolean(false), Null(),
                      type.kind == SqlTypeKind::kDecimal ? Long(0) : Null(), type.kind == SqlTypeKind::kDecimal ? Long(38) : Null(),
                      Null(), Null(), RadixOf(type)});
    }
  }
  return rows;
}

// Equality constraint `column = 'text'` (either side), or `column LIKE
// 'text'` whose pattern has no unescaped wildcard.
std::optional<std::pair<std::string, std::string>> EqualityOf(const sql::Expression& e) {
  auto column_of = [](const sql::Expression& side) -> std::optional<std::string> {
    if (side.kind != sql::ExpressionKind::kIdentifier || side.name.parts.empty()) return std::nullopt;
    return Lower(side.name.parts.back().value);
  };
  if (e.kind == sql::ExpressionKind::kComparison && e.op == "=" && e.children.size() == 2) {
    for (int side = 0; side < 2; ++side) {
      auto column = column_of(*e.children[side]);
      const sql::Expression& other = *e.children[1 - side];
      if (column && other.kind == sql::ExpressionKind::kStringLiteral) return std::make_pair(*column, other.text);
    }
  }
  if (e.kind == sql::ExpressionKind::kLike && !e.negated && e.children.size() >= 2 &&
      e.children[1]->kind == sql::ExpressionKind::kStringLiteral) {
    auto column = column_of(*e.children[0]);
    if (!column) return std::nullopt;
    std::optional<char> escape;
    if (e.children.size() > 2) {
      if (e.children[2]->kind != sql::ExpressionKind::kStringLiteral || e.children[2]->text.size() != 1) return std::nullopt;
      escape = e.children[2]->text[0];
    }
    std::string text;
    const std::string& pattern = e.children[1]->text;
    for (size_t i = 0; i < pattern.size(); ++i) {
      char c = pattern[i];
      if (escape && c == *escape) {
        if (i + 1 >= pattern.size()) return std::nullopt;
        text.push_back(pattern[++i]);
      } else if (c == '%' || c == '_') {
        return std::nullopt;
      } else {
        text.push_back(c);
      }
    }
    return std::make_pair(*column, text);
  }
  return std::nullopt;
}

void CollectConjuncts(const sql::Expression& e, std::vector<const sql::Expression*>* out) {
  if (e.kind == sql::ExpressionKind::kAnd) {
    for (const auto& child : e.children) CollectConjuncts(*child, out);
  } else {
    out->push_back(&e);
  }
}

}  // namespace

std::optional<SystemTableName> ResolveSystemTableName(const sql::QualifiedName& name, const Session& session) {
  const auto& parts = name.parts;
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  std::string catalog = parts.size() == 3 ? Lower(parts[0].value) : session.catalog;
  std::string schema;
  if (parts.size() >= 2) schema = Lower(parts[parts.size() - 2].value);
  else if (session.schema) schema = *session.schema;
  else return std::nullopt;
  std::string table = Lower(parts.back().value);
  if (catalog == kSystemCatalog &&
      (schema == "jdbc" || schema == "runtime" || schema == "metadata" || schema == kInformationSchema)) {
    return SystemTableName{catalog, schema, table};
  }
  if (catalog == kIcebergCatalog && schema == kInformationSchema) return SystemTableName{catalog, schema, table};
  return std::nullopt;
}

std::vector<std::string> SystemSchemas(std::string_view catalog) {
  if (catalog == kIcebergCatalog) return {std::string(kInformationSchema)};
  if (catalog == kSystemCatalog) return {std::string(kInformationSchema), "jdbc", "metadata", "runtime"};
  return {};
}

std::optional<std::vector<std::string>> SystemSchemaTables(std::string_view catalog, std::string_view schema) {
  const std::map<std::string, std::vector<std::pair<std::string, SqlType>>>* tables = nullptr;
  if (schema == kInformationSchema && (catalog == kIcebergCatalog || catalog == kSystemCatalog)) {
    tables = &InformationSchemaTables();
  } else if (catalog == kSystemCatalog) {
    tables = schema == "jdbc" ? &JdbcTables() : schema == "metadata" ? &MetadataTables() : schema == "runtime" ? &RuntimeTables() : nullptr;
  }
  if (!tables) return std::nullopt;
  std::vector<std::string> names;
  for (const auto& [name, columns] : *tables) names.push_back(name);  // std::map: sorted
  return names;
}

SystemTableFilter ExtractSystemTableFilter(const SystemTableName& table, const sql::Expression* where) {
  SystemTableFilter filter;
  if (!where) return filter;
  bool jdbc = table.schema == "jdbc";
  std::string schema_column = jdbc                                                       ? "table_schem"
                              : table.table == "schemata" || table.schema == "metadata" ? "schema_name"
                                                                                         : "table_schema";
  std::vector<const sql::Expression*> conjuncts;
  CollectConjuncts(*where, &conjuncts);
  for (const sql::Expression* conjunct : conjuncts) {
    auto equality = EqualityOf(*conjunct);
    if (!equality) continue;
    if (equality->first == schema_column) filter.schema = equality->second;
    if (equality->first == "table_name") filter.table = equality->second;
  }
  return filter;
}

Result<MetadataTableContents> ReadSystemTable(catalog::Catalog& catalog, const SystemTableName& table,
                                              const SystemTableFilter& filter, sql::NodeLocation location) {
  // system.information_schema lists the system catalog's own tables: empty here.
  const auto* columns = ColumnsOf(table);
  if (!columns) {
    return sql::SqlError(codes::kTableNotFound, location, "Table '{}.{}.{}' does not exist", table.catalog, table.schema,
                         table.table);
  }
  MetadataTableContents contents;
  contents.columns = *columns;
  if (table.catalog == kSystemCatalog && table.schema == kInformationSchema) return contents;
  if (table.schema == kInformationSchema) {
    FLOE_ASSIGN_OR_RETURN(contents.rows, InformationSchemaRows(catalog, table.table, filter));
  } else if (table.schema == "jdbc") {
    FLOE_ASSIGN_OR_RETURN(contents.rows, JdbcRows(catalog, table.table, filter));
  } else if (table.schema == "metadata" && table.table == "catalogs") {
    contents.rows = {{Text(kIcebergCatalog), Text(kIcebergCatalog), Text("iceberg")},
                     {Text(kSystemCatalog), Text(kSystemCatalog), Text("system")}};
  } else if (table.schema == "metadata") {
    // table_comments: the "comment" table property, as Trino's Iceberg connector keeps it.
    FLOE_ASSIGN_OR_RETURN(auto tables, Tables(catalog, filter));
    for (const auto& t : tables) {
      if (t.is_view || t.schema == kInformationSchema) continue;
      Value comment;
      auto loaded = catalog.LoadTable(catalog::TableIdentifier{catalog::Namespace{{t.schema}}, t.table});
      if (loaded.ok()) {
        auto found = loaded->metadata->properties.find("comment");
        if (found != loaded->metadata->properties.end()) comment = Text(found->second);
      }
      contents.rows.push_back({Text(kIcebergCatalog), Text(t.schema), Text(t.table), comment});
    }
  } else if (table.table == "nodes") {
    contents.rows.push_back({Text("floe"), Null(), Text("0.1.0"), Value::Boolean(true), Text("active")});
  }
  return contents;
}

}  // namespace floe::engine
