#include "floe/engine/engine.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "floe/engine/analyzer.h"
#include "floe/engine/optimizer.h"
#include "floe/engine/procedures.h"
#include "floe/engine/scan_file_columns.h"
#include "floe/engine/system_tables.h"
#include "floe/engine/session_properties.h"
#include "floe/engine/session_statements.h"
#include "floe/engine/sorted_by.h"
#include "floe/engine/table_writer.h"
#include "floe/iceberg/table_scan.h"
#include "floe/parquet/file_reader.h"
#include "floe/sql/error.h"
#include "floe/sql/formatter.h"
#include "floe/timezone/time_zone.h"
#include "floe/sql/parser.h"

namespace floe::engine {

using timezone::IsUtcZone;
using timezone::LoadTimeZone;
using timezone::LocalMicrosOf;
using timezone::TrailingZoneName;
using timezone::UtcMicrosOfLocal;

namespace codes = sql::error_codes;
using columnar::Batch;
using sql::NodeLocation;

std::string FormatCell(const columnar::Vector& vector, int64_t row, const SqlType& type) {
  return FormatValue(ReadValue(vector, row, type), type);
}

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Morsels of a query running at once: the session's limit, within the pool.
int QueryParallelism(const Session& session, const TaskExecutor& executor) {
  int threads = executor.parallelism();
  if (session.query_max_parallelism > 0) threads = std::min(threads, static_cast<int>(session.query_max_parallelism));
  return std::max(1, threads);
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A result computed up front: rows of text or values.
class MaterializedResult final : public QueryResult {
 public:
  Result<bool> Next(Batch* batch) override {
    if (cancellation_->canceled()) return sql::SqlErrorNoLocation(codes::kUserCanceled, "Query was canceled");
    if (next_ >= batches_.size()) return false;
    *batch = batches_[next_++];
    return true;
  }

  void SetColumns(std::vector<std::pair<std::string, SqlType>> columns) {
    for (auto& [name, type] : columns) columns_.push_back(ResultColumn{name, type, TypeSignature(type)});
  }
  void AddRows(const std::vector<std::vector<Value>>& rows) {
    if (rows.empty()) return;
    Batch batch;
    batch.num_rows = static_cast<int64_t>(rows.size());
    for (size_t c = 0; c < columns_.size(); ++c) {
      VectorBuilder builder(columns_[c].type, batch.num_rows);
      for (size_t r = 0; r < rows.size(); ++r) builder.SetValue(static_cast<int64_t>(r), rows[r][c]);
      batch.columns.push_back(builder.Finish());
    }
    batches_.push_back(std::move(batch));
  }
  void SetUpdate(std::string type, std::optional<int64_t> count = std::nullopt) {
    update_type_ = std::move(type);
    update_count_ = count;
    if (count) {
      SetColumns({{"rows", SqlType::Of(SqlTypeKind::kBigint)}});
      AddRows({{Value::Integer(*count)}});
    }
  }
  // SET TIME ZONE: the time_zone_id session property, as Trino reports it
  // (X-Trino-Set-Session); LOCAL (nullopt) clears it.
  void SetTimeZone(std::optional<std::string> zone) {
    update_type_ = "SET TIME ZONE";
    if (zone) {
      session_update_.set_properties["time_zone_id"] = std::move(*zone);
    } else {
      session_update_.reset_properties.push_back("time_zone_id");
    }
  }
  void SetUse(std::string catalog, std::string schema) {
    update_type_ = "USE";
    set_catalog_ = std::move(catalog);
    set_schema_ = std::move(schema);
  }

 private:
  std::vector<Batch> batches_;
  size_t next_ = 0;
};

// A query streaming batches from an operator tree.
class StreamingResult final : public QueryResult {
 public:
  Result<bool> Next(Batch* batch) override {
    while (true) {
      if (cancellation_->canceled()) return sql::SqlErrorNoLocation(codes::kUserCanceled, "Query was canceled");
      Batch raw;
      FLOE_ASSIGN_OR_RETURN(bool more, root_->Next(&raw));
      if (!more) return false;
      if (raw.live_rows() == 0) continue;
      FLOE_ASSIGN_OR_RETURN(*batch, CompactBatch(raw, plan_->outputs));
      return true;
    }
  }

  PlanPtr plan_;
  ExecutionContext context_;
  std::unique_ptr<Operator> root_;
};

Value Text(std::string text) { return Value::String(std::move(text)); }

}  // namespace

struct Engine::Statements {
  Engine& engine;
  Session session;
  EvaluationContext evaluation;
  Analyzer analyzer;

  // The statement's token, shared by its QueryResult: cancels reach writes and DDL running inside Execute.
  std::shared_ptr<CancellationToken> cancellation;
  // The statement's memory, shared by a write's operators and its table writer.
  std::shared_ptr<MemoryTracker> write_memory;
  // The limit before SET SESSION query_max_memory (SHOW SESSION's default).
  int64_t configured_memory_bytes = 0;

  Statements(Engine& e, const Session& s, std::shared_ptr<CancellationToken> token)
      : engine(e),
        session(s),
        evaluation{NowMicros()},
        analyzer(*e.catalog_, s, evaluation, [this](const PlanPtr& plan) { return RunSubquery(plan); }),
        cancellation(token ? std::move(token) : std::make_shared<CancellationToken>()),
        write_memory(std::make_shared<MemoryTracker>(s.query_max_memory_bytes)) {}

  TableWriterOptions WriterOptions() const {
    TableWriterOptions options;
    options.cancellation = cancellation;
    options.memory = write_memory;
    options.sorted_writing = SortedWritingEnabled(session);
    return options;
  }

  // Runs an uncorrelated subquery to its rows.
  Result<std::vector<std::vector<Value>>> RunSubquery(const PlanPtr& plan) {
    ExecutionContext context;
    context.file_io = engine.file_io_;
    context.evaluation = evaluation;
    context.cancellation = cancellation;
    context.memory = std::make_shared<MemoryTracker>(session.query_max_memory_bytes);
    context.executor = &engine.executor_;
    context.parallelism = QueryParallelism(session, engine.executor_);
    FLOE_ASSIGN_OR_RETURN(auto root, BuildOperator(plan, context));
    std::vector<std::vector<Value>> rows;
    Batch batch;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(bool more, root->Next(&batch));
      if (!more) break;
      for (uint32_t row : LiveRows(batch)) {
        std::vector<Value> values;
        for (size_t c = 0; c < plan->outputs.size(); ++c) values.push_back(ReadValue(*batch.columns[c], row, plan->outputs[c].type));
        rows.push_back(std::move(values));
        if (rows.size() > 1000000) {
          return sql::SqlErrorNoLocation(codes::kNotSupported, "Subqueries returning more than 1000000 rows are not supported yet");
        }
      }
    }
    return rows;
  }

  catalog::Catalog& catalog() { return *engine.catalog_; }

  Status TranslateCatalogError(const Status& status, NodeLocation location, const std::string& table) {
    switch (status.kind()) {
      case ErrorKind::kNoSuchNamespace:
        return sql::SqlError(codes::kSchemaNotFound, location, "Schema '{}' does not exist", table);
      case ErrorKind::kNoSuchTable:
        return sql::SqlError(codes::kTableNotFound, location, "Table '{}' does not exist", table);
      default: return status;
    }
  }

  std::string FullName(const catalog::TableIdentifier& id) {
    return fmt::format("{}.{}.{}", kIcebergCatalog, id.ns.ToString(), id.name);
  }

  // --- Queries ---

  Result<std::pair<PlanPtr, ExecutionContext>> PlanQuery(const sql::Query& query, QueryResult* result) {
    FLOE_ASSIGN_OR_RETURN(PlanPtr plan, analyzer.AnalyzeQuery(query));
    plan = Optimize(plan);
    ExecutionContext context;
    context.file_io = engine.file_io_;
    context.evaluation = evaluation;
    context.cancellation = cancellation;
    context.memory = std::make_shared<MemoryTracker>(session.query_max_memory_bytes);
    context.executor = &engine.executor_;
    context.parallelism = QueryParallelism(session, engine.executor_);
    context.scan_statistics = result->scan_statistics_.get();
    return std::make_pair(plan, context);
  }

  Result<std::unique_ptr<QueryResult>> RunQuery(const sql::Query& query) {
    auto result = std::make_unique<StreamingResult>();
    FLOE_ASSIGN_OR_RETURN(auto planned, PlanQuery(query, result.get()));
    result->plan_ = planned.first;
    result->context_ = planned.second;
    FLOE_ASSIGN_OR_RETURN(result->root_, BuildOperator(result->plan_, result->context_));
    for (const auto& output : result->plan_->outputs) {
      result->columns_.push_back(ResultColumn{output.name, output.type, TypeSignature(output.type)});
    }
    result->update_type_ = "SELECT";
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  // Files and row groups each scan of `plan` reads and skips.
  Status DescribeScans(const PlanNode& plan, std::string* out) {
    if (plan.kind == PlanKind::kTableScan) {
      iceberg::TableScan scan(engine.file_io_, plan.metadata);
      if (plan.snapshot.snapshot_id) scan.UseSnapshot(*plan.snapshot.snapshot_id);
      if (plan.snapshot.ref) scan.UseRef(*plan.snapshot.ref);
      if (plan.snapshot.as_of_timestamp_ms) scan.AsOfTime(*plan.snapshot.as_of_timestamp_ms);
      if (auto filter = IcebergFilterOf(plan); filter && MetricsPruningAllowed(*plan.metadata)) scan.Filter(filter);
      auto planned = scan.Plan();
      if (!planned.ok()) return planned.status();
      const auto& m = planned->metrics;
      // Row groups of the files read (EXPLAIN ANALYZE reports how many the statistics skipped).
      int64_t groups_total = 0;
      for (const auto& task : planned->tasks) {
        auto reader = parquet::ParquetReader::Open(*engine.file_io_, task.data_file->file_path);
        if (reader.ok()) groups_total += (*reader)->num_row_groups();
      }
      *out += fmt::format(
          "Scan iceberg:{}: files: {} read, {} skipped ({} by partition, {} by metrics); manifests: {} read, {} "
          "skipped; row groups: {} in the files read; records: {}\n",
          plan.table.ToString(), planned->tasks.size(),
          m.data_files_pruned_by_partition + m.data_files_pruned_by_metrics, m.data_files_pruned_by_partition,
          m.data_files_pruned_by_metrics, m.data_manifests_read, m.data_manifests_skipped, groups_total,
          m.records_matched);
      if (m.delete_files_applied > 0) *out += fmt::format("  delete files applied: {}\n", m.delete_files_applied);
    }
    for (const auto& child : plan.children) FLOE_RETURN_IF_ERROR(DescribeScans(*child, out));
    return Status::OK();
  }

  Result<std::unique_ptr<QueryResult>> RunExplain(const sql::Explain& explain) {
    const auto* query = std::get_if<sql::QueryStatement>(&explain.statement->node);
    auto result = std::make_unique<MaterializedResult>();
    if (!query) {
      if (explain.analyze) return sql::SqlErrorNoLocation(codes::kNotSupported, "EXPLAIN ANALYZE is only supported for queries");
      result->SetColumns({{"Query Plan", SqlType::Varchar()}});
      result->AddRows({{Text(sql::FormatStatement(*explain.statement) + "\n")}});
      result->update_type_ = "EXPLAIN";
      return std::unique_ptr<QueryResult>(std::move(result));
    }
    FLOE_ASSIGN_OR_RETURN(auto planned, PlanQuery(*query->query, result.get()));
    std::string text = FormatPlan(*planned.first);
    FLOE_RETURN_IF_ERROR(DescribeScans(*planned.first, &text));
    if (explain.analyze) {
      ExecutionContext context = planned.second;
      FLOE_ASSIGN_OR_RETURN(auto root, BuildOperator(planned.first, context));
      Batch batch;
      int64_t rows = 0;
      auto start = std::chrono::steady_clock::now();
      while (true) {
        FLOE_ASSIGN_OR_RETURN(bool more, root->Next(&batch));
        if (!more) break;
        rows += batch.live_rows();
      }
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const ScanStatistics& stats = *result->scan_statistics_;
      text += fmt::format(
          "Executed: {} output rows in {:.3f}s; scanned {} rows from {} files ({} pruned), {} row groups read, {} "
          "skipped; peak memory {} bytes\n",
          rows, seconds, stats.rows_read.load(), stats.files_planned.load(), stats.files_pruned.load(),
          stats.row_groups_read.load(), stats.row_groups_skipped.load(), context.memory->peak());
    }
    result->SetColumns({{"Query Plan", SqlType::Varchar()}});
    result->AddRows({{Text(text)}});
    result->update_type_ = "EXPLAIN";
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  // --- Schemas ---

  Result<std::unique_ptr<QueryResult>> RunCreateSchema(const sql::CreateSchema& create, NodeLocation location) {
    FLOE_ASSIGN_OR_RETURN(catalog::Namespace ns, analyzer.ResolveSchemaName(create.name));
    catalog::Properties properties;
    for (const auto& property : create.properties) {
      std::string name = Lower(property.name.value);
      if (name != "location") {
        return sql::SqlError(codes::kInvalidSchemaProperty, property.name.location,
                             "Catalog 'iceberg' schema property '{}' does not exist", name);
      }
      if (!property.value) continue;
      FLOE_ASSIGN_OR_RETURN(std::string value, StringProperty(*property.value, name));
      properties["location"] = value;
    }
    auto created = catalog().CreateNamespace(ns, properties);
    if (!created.ok()) {
      if (created.status().kind() == ErrorKind::kAlreadyExists) {
        if (!create.if_not_exists) {
          return sql::SqlError(codes::kSchemaAlreadyExists, create.name.location(), "Schema '{}.{}' already exists",
                               kIcebergCatalog, ns.ToString());
        }
      } else {
        return created.status();
      }
    }
    auto result = std::make_unique<MaterializedResult>();
    result->SetUpdate("CREATE SCHEMA");
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  Result<std::unique_ptr<QueryResult>> RunDropSchema(const sql::DropSchema& drop) {
    FLOE_ASSIGN_OR_RETURN(catalog::Namespace ns, analyzer.ResolveSchemaName(drop.name));
    Status exists = catalog().NamespaceExists(ns);
    if (!exists.ok()) {
      if (exists.kind() == ErrorKind::kNoSuchNamespace) {
        if (!drop.if_exists) {
          return sql::SqlError(codes::kSchemaNotFound, drop.name.location(), "Schema '{}.{}' does not exist",
                               kIcebergCatalog, ns.ToString());
        }
        auto result = std::make_unique<MaterializedResult>();
        result->SetUpdate("DROP SCHEMA");
        return std::unique_ptr<QueryResult>(std::move(result));
      }
      return exists;
    }
    if (drop.cascade) {
      FLOE_ASSIGN_OR_RETURN(auto tables, ListAllTables(ns));
      for (const auto& table : tables) FLOE_RETURN_IF_ERROR(catalog().DropTable(table, true));
    }
    Status dropped = catalog().DropNamespace(ns);
    if (!dropped.ok()) {
      if (dropped.kind() == ErrorKind::kNamespaceNotEmpty) {
        return sql::SqlError(codes::kSchemaNotEmpty, drop.name.location(), "Cannot drop non-empty schema '{}'", ns.ToString());
      }
      return dropped;
    }
    auto result = std::make_unique<MaterializedResult>();
    result->SetUpdate("DROP SCHEMA");
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  Result<std::vector<catalog::TableIdentifier>> ListAllTables(const catalog::Namespace& ns) {
    std::vector<catalog::TableIdentifier> tables;
    catalog::PageRequest page;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(auto listed, catalog().ListTables(ns, page));
      tables.insert(tables.end(), listed.items.begin(), listed.items.end());
      if (!listed.next_page_token) break;
      page.token = *listed.next_page_token;
    }
    return tables;
  }

  // SET TIME ZONE 'zone' | LOCAL (UTC, the zone sessions start in).
  Result<std::unique_ptr<QueryResult>> RunSetTimeZone(const sql::SetTimeZone& set, NodeLocation location) {
    std::optional<std::string> zone;
    if (set.zone) {
      Analyzer analyzer(catalog(), session, EvaluationContext{});
      FLOE_ASSIGN_OR_RETURN(auto bound, analyzer.BindConstant(*set.zone));
      if (bound->type.kind != SqlTypeKind::kVarchar) {
        return sql::SqlError(codes::kTypeMismatch, set.zone->location,
                             "Expected expression of varchar or interval day-time type, but '{}' has {} type",
                             sql::FormatExpression(*set.zone), TypeSignature(bound->type));
      }
      FLOE_ASSIGN_OR_RETURN(Value value, EvaluateConstant(*bound, EvaluationContext{}));
      if (value.is_null()) return sql::SqlError(codes::kInvalidLiteral, set.zone->location, "Time zone must not be null");
      auto loaded = LoadTimeZone(value.string());
      if (!loaded.ok()) return sql::MakeError(codes::kInvalidFunctionArgument, set.zone->location, loaded.status().message());
      zone = (*loaded)->name();
    }
    (void)location;
    auto result = std::make_unique<MaterializedResult>();
    result->SetTimeZone(zone);
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  Result<std::unique_ptr<QueryResult>> RunUse(const sql::Use& use) {
    std::string catalog_name = use.catalog ? Lower(use.catalog->value) : session.catalog;
    if (catalog_name != kIcebergCatalog) {
      return sql::SqlError(codes::kCatalogNotFound, use.catalog->location, "Catalog '{}' not found", catalog_name);
    }
    std::string schema = Lower(use.schema.value);
    Status exists = catalog().NamespaceExists(catalog::Namespace{{schema}});
    if (!exists.ok()) {
      if (exists.kind() == ErrorKind::kNoSuchNamespace) {
        return sql::SqlError(codes::kSchemaNotFound, use.schema.location, "Schema does not exist: {}.{}", catalog_name, schema);
      }
      return exists;
    }
    auto result = std::make_unique<MaterializedResult>();
    result->SetUse(catalog_name, schema);
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  static bool Like(std::string_view value, std::string_view pattern) {
    // SQL LIKE without escapes (SHOW ... LIKE).
    if (pattern.empty()) return value.empty();
    if (pattern[0] == '%') {
      for (size_t i = 0; i <= value.size(); ++i) {
        if (Like(value.substr(i), pattern.substr(1))) return true;
      }
      return false;
    }
    if (value.empty()) return false;
    if (pattern[0] == '_' || pattern[0] == value[0]) return Like(value.substr(1), pattern.substr(1));
    return false;
  }

  Result<std::unique_ptr<QueryResult>> RunShowCatalogs(const sql::ShowCatalogs& show) {
    auto result = std::make_unique<MaterializedResult>();
    result->SetColumns({{"Catalog", SqlType::Varchar()}});
    std::vector<std::vector<Value>> rows;
    for (std::string_view name : {kIcebergCatalog, kSystemCatalog}) {
      if (!show.like || Like(name, *show.like)) rows.push_back({Text(std::string(name))});
    }
    result->AddRows(rows);
    result->update_type_ = "SHOW CATALOGS";
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  Result<std::unique_ptr<QueryResult>> RunShowSchemas(const sql::ShowSchemas& show) {
    std::string catalog_name = show.catalog ? Lower(show.catalog->value) : session.catalog;
    auto result = std::make_unique<MaterializedResult>();
    result->SetColumns({{"Schema", SqlType::Varchar()}});
    std::vector<std::vector<Value>> rows;
    if (catalog_name == kIcebergCatalog) {
      catalog::PageRequest page;
      while (true) {
        FLOE_ASSIGN_OR_RETURN(auto listed, catalog().ListNamespaces(catalog::Namespace{}, page));
        for (const auto& ns : listed.items) {
          std::string name = ns.ToString();
          if (!show.like || Like(name, *show.like)) rows.push_back({Text(name)});
        }
        if (!listed.next_page_token) break;
        page.token = *listed.next_page_token;
      }
    } else if (catalog_name != kSystemCatalog) {
      return sql::SqlError(codes::kCatalogNotFound, show.catalog->location, "Catalog '{}' not found", catalog_name);
    }
    for (const std::string& name : SystemSchemas(catalog_name)) {
      if (!show.like || Like(name, *show.like)) rows.push_back({Text(name)});
    }
    // Sorted by name, as Trino's SHOW SCHEMAS.
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a[0].string() < b[0].string(); });
    result->AddRows(rows);
    result->update_type_ = "SHOW SCHEMAS";
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  Result<std::unique_ptr<QueryResult>> RunShowTables(const sql::ShowTables& show, NodeLocation location) {
    // information_schema and the system catalog's schemas list their tables.
    const auto& parts = show.schema.parts;
    std::string system_catalog = parts.size() == 2 ? Lower(parts[0].value) : session.catalog;
    std::optional<std::string> system_schema = !parts.empty() ? std::optional<std::string>(Lower(parts.back().value)) : session.schema;
    if (parts.size() <= 2 && system_schema) {
      if (auto tables = SystemSchemaTables(system_catalog, *system_schema)) {
        auto result = std::make_unique<MaterializedResult>();
        result->SetColumns({{"Table", SqlType::Varchar()}});
        std::vector<std::vector<Value>> rows;
        for (const auto& name : *tables) {
          if (!show.like || Like(name, *show.like)) rows.push_back({Text(name)});
        }
        result->AddRows(rows);
        result->update_type_ = "SHOW TABLES";
        return std::unique_ptr<QueryResult>(std::move(result));
      }
    }
    catalog::Namespace ns;
    if (!show.schema.parts.empty()) {
      FLOE_ASSIGN_OR_RETURN(ns, analyzer.ResolveSchemaName(show.schema));
    } else if (session.schema) {
      ns = catalog::Namespace{{*session.schema}};
    } else {
      return sql::SqlError(codes::kMissingSchemaName, location, "Schema must be specified when session schema is not set");
    }
    auto tables = ListAllTables(ns);
    if (!tables.ok()) {
      return TranslateCatalogError(tables.status(), show.schema.parts.empty() ? location : show.schema.location(),
                                   fmt::format("{}.{}", kIcebergCatalog, ns.ToString()));
    }
    auto result = std::make_unique<MaterializedResult>();
    result->SetColumns({{"Table", SqlType::Varchar()}});
    std::vector<std::vector<Value>> rows;
    for (const auto& table : *tables) {
      if (!show.like || Like(table.name, *show.like)) rows.push_back({Text(table.name)});
    }
    result->AddRows(rows);
    result->update_type_ = "SHOW TABLES";
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  Result<catalog::LoadTableResult> LoadNamedTable(const sql::QualifiedName& name, catalog::TableIdentifier* identifier) {
    FLOE_ASSIGN_OR_RETURN(*identifier, analyzer.ResolveTableName(name));
    return analyzer.LoadTable(*identifier, name.location());
  }

  Result<std::unique_ptr<QueryResult>> RunShowColumns(const sql::ShowColumns& show) {
    auto result = std::make_unique<MaterializedResult>();
    result->SetColumns({{"Column", SqlType::Varchar()},
                        {"Type", SqlType::Varchar()},
                        {"Extra", SqlType::Varchar()},
                        {"Comment", SqlType::Varchar()}});
    std::vector<std::vector<Value>> rows;
    // Metadata tables ("t$files") and system tables: the columns of SELECT *.
    bool metadata_table = !show.table.parts.empty() && show.table.parts.back().value.find('$') != std::string::npos;
    auto system_table = ResolveSystemTableName(show.table, session);
    if (metadata_table || system_table) {
      auto statement = sql::ParseStatement("SELECT * FROM " + sql::FormatName(show.table));
      const auto* query = statement.ok() ? std::get_if<sql::QueryStatement>(&statement->node) : nullptr;
      auto plan = query ? analyzer.AnalyzeQuery(*query->query) : Result<PlanPtr>(statement.status());
      if (plan.ok()) {
        for (const auto& output : (*plan)->outputs) rows.push_back({Text(output.name), Text(DisplayName(output.type)), Text(""), Value::Null()});
        result->AddRows(rows);
        result->update_type_ = show.describe ? "DESCRIBE" : "SHOW COLUMNS";
        return std::unique_ptr<QueryResult>(std::move(result));
      }
      if (system_table) {
        return sql::SqlError(codes::kTableNotFound, show.table.location(), "Table '{}.{}.{}' does not exist",
                             system_table->catalog, system_table->schema, system_table->table);
      }
      // Otherwise the table's own errors (TABLE_NOT_FOUND at the name's position).
    }
    catalog::TableIdentifier identifier;
    FLOE_ASSIGN_OR_RETURN(auto table, LoadNamedTable(show.table, &identifier));
    for (const auto& field : table.metadata->CurrentSchema()->fields()) {
      auto type = SqlTypeOfIceberg(*field.type, field.name);
      rows.push_back({Text(field.name), Text(type.ok() ? DisplayName(*type) : field.type->ToString()), Text(""),
                      field.doc.empty() ? Value::Null() : Text(field.doc)});
    }
    result->AddRows(rows);
    result->update_type_ = show.describe ? "DESCRIBE" : "SHOW COLUMNS";
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  static std::string PartitionText(const iceberg::PartitionField& field, const iceberg::Schema& schema) {
    std::string column = schema.FindColumnName(field.source_id);
    const auto& t = field.transform;
    switch (t.kind()) {
      case iceberg::TransformKind::kIdentity: return column;
      case iceberg::TransformKind::kBucket: return fmt::format("bucket({}, {})", column, t.parameter());
      case iceberg::TransformKind::kTruncate: return fmt::format("truncate({}, {})", column, t.parameter());
      case iceberg::TransformKind::kVoid: return fmt::format("void({})", column);
      default: return fmt::format("{}({})", t.ToString(), column);
    }
  }

  Result<std::unique_ptr<QueryResult>> RunShowCreateTable(const sql::ShowCreateTable& show) {
    catalog::TableIdentifier identifier;
    FLOE_ASSIGN_OR_RETURN(auto table, LoadNamedTable(show.table, &identifier));
    const auto& metadata = *table.metadata;
    auto schema = metadata.CurrentSchema();
    std::string text = fmt::format("CREATE TABLE {} (\n", FullName(identifier));
    const auto& fields = schema->fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      auto type = SqlTypeOfIceberg(*fields[i].type, fields[i].name);
      text += fmt::format("   {} {}{}{}{}\n", fields[i].name, type.ok() ? DisplayName(*type) : fields[i].type->ToString(),
                          fields[i].required ? " NOT NULL" : "",
                          fields[i].doc.empty() ? "" : " COMMENT " + sql::QuoteString(fields[i].doc),
                          i + 1 < fields.size() ? "," : "");
    }
    text += ")\nWITH (\n";
    std::vector<std::string> properties;
    properties.push_back("   format = 'PARQUET'");
    properties.push_back(fmt::format("   format_version = {}", metadata.format_version));
    properties.push_back(fmt::format("   location = {}", sql::QuoteString(metadata.location)));
    auto spec = metadata.DefaultSpec();
    if (spec && !spec->fields().empty()) {
      std::string items;
      for (const auto& field : spec->fields()) {
        if (!items.empty()) items += ", ";
        items += sql::QuoteString(PartitionText(field, *schema));
      }
      properties.push_back("   partitioning = ARRAY[" + items + "]");
    }
    auto sort_order = metadata.DefaultSortOrder();
    if (sort_order && !sort_order->is_unsorted()) {
      std::string items;
      for (const auto& field : sort_order->fields()) {
        if (!items.empty()) items += ", ";
        items += sql::QuoteString(SortFieldText(field, *schema));
      }
      properties.push_back("   sorted_by = ARRAY[" + items + "]");
    }
    for (size_t i = 0; i < properties.size(); ++i) text += properties[i] + (i + 1 < properties.size() ? ",\n" : "\n");
    text += ")";
    auto result = std::make_unique<MaterializedResult>();
    result->SetColumns({{"Create Table", SqlType::Varchar()}});
    result->AddRows({{Text(text)}});
    result->update_type_ = "SHOW CREATE TABLE";
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  // --- Tables ---

  Result<std::string> StringProperty(const sql::Expression& value, const std::string& name) {
    FLOE_ASSIGN_OR_RETURN(auto bound, analyzer.BindConstant(value));
    if (!bound->type.is_string()) {
      return sql::SqlError(codes::kInvalidTableProperty, value.location, "Invalid value for property '{}': expected varchar, got {}",
                           name, TypeSignature(bound->type));
    }
    FLOE_ASSIGN_OR_RETURN(Value v, EvaluateConstant(*bound, evaluation));
    if (v.is_null()) return sql::SqlError(codes::kInvalidTableProperty, value.location, "Property '{}' must not be null", name);
    return v.string();
  }

  Result<std::vector<std::string>> StringArrayProperty(const sql::Expression& value, const std::string& name) {
    if (value.kind != sql::ExpressionKind::kArray) {
      return sql::SqlError(codes::kInvalidTableProperty, value.location, "Invalid value for table property '{}': expected array(varchar)", name);
    }
    std::vector<std::string> items;
    for (const auto& item : value.children) {
      FLOE_ASSIGN_OR_RETURN(std::string text, StringProperty(*item, name));
      items.push_back(std::move(text));
    }
    return items;
  }

  // "day(ts)", "bucket(id, 16)", "truncate(name, 4)", "id", ...
  Result<iceberg::PartitionField> ParsePartitionField(const std::string& text, const iceberg::Schema& schema,
                                                      NodeLocation location, int32_t field_id) {
    auto invalid = [&]() {
      return sql::SqlError(codes::kInvalidTableProperty, location, "Unable to parse partitioning value: {}", text);
    };
    std::string spec;
    for (char c : text) {
      if (!std::isspace(static_cast<unsigned char>(c))) spec.push_back(c);
    }
    std::string function, column;
    int32_t parameter = 0;
    size_t open = spec.find('(');
    if (open == std::string::npos) {
      column = Lower(spec);
    } else {
      if (spec.back() != ')') return invalid();
      function = Lower(spec.substr(0, open));
      std::string inside = spec.substr(open + 1, spec.size() - open - 2);
      size_t comma = inside.find(',');
      column = Lower(inside.substr(0, comma));
      if (comma != std::string::npos) {
        try {
          parameter = std::stoi(inside.substr(comma + 1));
        } catch (...) {
          return invalid();
        }
      }
    }
    if (!column.empty() && column.front() == '"' && column.back() == '"') column = column.substr(1, column.size() - 2);
    const iceberg::NestedField* source = schema.FindField(column, false);
    if (!source) return sql::SqlError(codes::kColumnNotFound, location, "Column '{}' does not exist", column);
    iceberg::PartitionField field;
    field.source_id = source->id;
    field.field_id = field_id;
    if (function.empty()) {
      field.transform = iceberg::Transform::Identity();
      field.name = source->name;
    } else if (function == "year" || function == "month" || function == "day" || function == "hour") {
      field.transform = function == "year" ? iceberg::Transform::Year()
                        : function == "month" ? iceberg::Transform::Month()
                        : function == "day" ? iceberg::Transform::Day()
                                            : iceberg::Transform::Hour();
      field.name = source->name + "_" + function;
    } else if (function == "bucket" && parameter > 0) {
      field.transform = iceberg::Transform::Bucket(parameter);
      field.name = source->name + "_bucket";
    } else if (function == "truncate" && parameter > 0) {
      field.transform = iceberg::Transform::Truncate(parameter);
      field.name = source->name + "_trunc";
    } else if (function == "void") {
      field.transform = iceberg::Transform::Void();
      field.name = source->name + "_null";
    } else {
      return invalid();
    }
    if (!field.transform.CanTransform(*source->type)) {
      return sql::SqlError(codes::kInvalidTableProperty, location, "Invalid partitioning: {} cannot be applied to {} column {}",
                           field.transform.ToString(), source->type->ToString(), source->name);
    }
    return field;
  }

  struct TableProperties {
    std::optional<std::string> location;
    std::optional<int> format_version;
    std::optional<std::vector<std::pair<std::string, NodeLocation>>> partitioning;
    std::optional<std::vector<std::pair<std::string, NodeLocation>>> sorted_by;
  };

  Result<TableProperties> ReadTableProperties(const std::vector<sql::Property>& properties) {
    TableProperties out;
    std::set<std::string> seen;
    for (const auto& property : properties) {
      std::string name = Lower(property.name.value);
      if (!seen.insert(name).second) {
        return sql::SqlError(codes::kDuplicateProperty, property.name.location, "Duplicate property: {}", name);
      }
      if (!property.value) continue;
      if (name == "format") {
        FLOE_ASSIGN_OR_RETURN(std::string format, StringProperty(*property.value, name));
        if (Lower(format) != "parquet") {
          return sql::SqlError(codes::kNotSupported, property.value->location, "File format {} is not supported; floe writes PARQUET",
                               format);
        }
      } else if (name == "location") {
        FLOE_ASSIGN_OR_RETURN(out.location, StringProperty(*property.value, name));
      } else if (name == "format_version") {
        FLOE_ASSIGN_OR_RETURN(auto bound, analyzer.BindConstant(*property.value));
        FLOE_ASSIGN_OR_RETURN(Value v, EvaluateConstant(*bound, evaluation));
        if (!bound->type.is_integral() || v.is_null() || v.integer() < 1 || v.integer() > 3) {
          return sql::SqlError(codes::kInvalidTableProperty, property.value->location,
                               "format_version must be between 1 and 3");
        }
        out.format_version = static_cast<int>(v.integer());
      } else if (name == "partitioning") {
        FLOE_ASSIGN_OR_RETURN(auto items, StringArrayProperty(*property.value, name));
        std::vector<std::pair<std::string, NodeLocation>> located;
        for (size_t i = 0; i < items.size(); ++i) located.emplace_back(items[i], property.value->children[i]->location);
        out.partitioning = std::move(located);
      } else if (name == "sorted_by") {
        FLOE_ASSIGN_OR_RETURN(auto items, StringArrayProperty(*property.value, name));
        std::vector<std::pair<std::string, NodeLocation>> located;
        for (size_t i = 0; i < items.size(); ++i) located.emplace_back(items[i], property.value->children[i]->location);
        out.sorted_by = std::move(located);
      } else {
        return sql::SqlError(codes::kInvalidTableProperty, property.name.location,
                             "Catalog 'iceberg' table property '{}' does not exist", name);
      }
    }
    return out;
  }

  Result<iceberg::PartitionSpecPtr> BuildSpec(const TableProperties& properties, const iceberg::Schema& schema,
                                              int32_t spec_id, int32_t first_field_id) {
    std::vector<iceberg::PartitionField> fields;
    if (properties.partitioning) {
      int32_t next = first_field_id;
      for (const auto& [text, location] : *properties.partitioning) {
        FLOE_ASSIGN_OR_RETURN(auto field, ParsePartitionField(text, schema, location, next++));
        fields.push_back(std::move(field));
      }
    }
    return std::make_shared<const iceberg::PartitionSpec>(spec_id, std::move(fields));
  }

  Status CreateIcebergTable(const catalog::TableIdentifier& identifier, std::vector<iceberg::NestedField> fields,
                            const TableProperties& properties, NodeLocation name_location, bool if_not_exists,
                            bool* created) {
    *created = false;
    FLOE_ASSIGN_OR_RETURN(auto schema, iceberg::Schema::Make(0, std::move(fields)));
    FLOE_ASSIGN_OR_RETURN(auto spec, BuildSpec(properties, *schema, 0, iceberg::PartitionSpec::kFirstFieldId));
    catalog::CreateTableRequest request;
    request.name = identifier.name;
    request.schema = schema;
    request.partition_spec = spec;
    if (properties.sorted_by) {
      FLOE_ASSIGN_OR_RETURN(request.write_order, ParseSortedBy(*properties.sorted_by, *schema, 1));
    }
    if (properties.location) request.location = *properties.location;
    request.properties["write.format.default"] = "PARQUET";
    request.properties["format-version"] = std::to_string(properties.format_version.value_or(2));
    auto result = catalog().CreateTable(identifier.ns, request);
    if (!result.ok()) {
      if (result.status().kind() == ErrorKind::kAlreadyExists) {
        if (if_not_exists) return Status::OK();
        return sql::SqlError(codes::kTableAlreadyExists, name_location, "Table '{}' already exists", FullName(identifier));
      }
      return TranslateCatalogError(result.status(), name_location, fmt::format("{}.{}", kIcebergCatalog, identifier.ns.ToString()));
    }
    *created = true;
    return Status::OK();
  }

  Result<std::unique_ptr<QueryResult>> RunCreateTable(const sql::CreateTable& create) {
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier identifier, analyzer.ResolveTableName(create.name));
    FLOE_ASSIGN_OR_RETURN(TableProperties properties, ReadTableProperties(create.properties));
    std::vector<iceberg::NestedField> fields;
    int32_t next_id = static_cast<int32_t>(create.columns.size()) + 1;
    std::set<std::string> names;
    for (size_t i = 0; i < create.columns.size(); ++i) {
      const sql::ColumnDefinition& column = create.columns[i];
      std::string name = Lower(column.name.value);
      if (!names.insert(name).second) {
        return sql::SqlError(codes::kDuplicateColumnName, column.location, "Column name '{}' specified more than once", name);
      }
      if (!column.properties.empty()) {
        return sql::SqlError(codes::kNotSupported, column.location, "Column properties are not supported");
      }
      FLOE_ASSIGN_OR_RETURN(SqlType type, ResolveType(column.type));
      FLOE_ASSIGN_OR_RETURN(auto iceberg_type, IcebergTypeOf(type, &next_id, column.type.location));
      iceberg::NestedField field{static_cast<int32_t>(i + 1), name, iceberg_type, column.not_null};
      if (column.comment) field.doc = *column.comment;
      fields.push_back(std::move(field));
    }
    bool created = false;
    FLOE_RETURN_IF_ERROR(CreateIcebergTable(identifier, std::move(fields), properties, create.name.location(),
                                            create.if_not_exists, &created));
    auto result = std::make_unique<MaterializedResult>();
    result->SetUpdate("CREATE TABLE");
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  // Runs `plan` into `writer`; returns rows written.
  Result<AppendResult> WritePlan(const PlanPtr& plan, TableWriter& writer, QueryResult& owner) {
    ExecutionContext context;
    context.file_io = engine.file_io_;
    context.evaluation = evaluation;
    context.cancellation = cancellation;
    context.memory = write_memory;
    context.executor = &engine.executor_;
    context.parallelism = QueryParallelism(session, engine.executor_);
    context.scan_statistics = owner.scan_statistics_.get();
    auto root = BuildOperator(plan, context);
    if (!root.ok()) return root.status();
    Batch batch;
    while (true) {
      auto more = (*root)->Next(&batch);
      if (!more.ok()) {
        writer.Abort();
        return more.status();
      }
      if (!*more) break;
      Status written = writer.Write(batch);
      if (!written.ok()) {
        writer.Abort();
        return written;
      }
    }
    return writer.Commit();
  }

  // Whether INSERT may write a `from` value into a `to` column (Trino's
  // assignment rules; array, map and row element by element).
  static bool IsInsertAssignable(const SqlType& from, const SqlType& to) {
    if ((from.kind == SqlTypeKind::kArray || from.kind == SqlTypeKind::kMap || from.kind == SqlTypeKind::kRow) &&
        from.kind == to.kind && from.children.size() == to.children.size()) {
      for (size_t i = 0; i < from.children.size(); ++i) {
        if (!IsInsertAssignable(from.children[i], to.children[i])) return false;
      }
      return true;
    }
    return CanCoerce(from, to) || (from.is_numeric() && to.is_numeric()) ||
           (from.is_string() && to.is_string()) || from.kind == SqlTypeKind::kUnknown ||
           (from.kind == SqlTypeKind::kDate && (to.kind == SqlTypeKind::kTimestamp || to.kind == SqlTypeKind::kTimestampTz)) ||
           ((from.kind == SqlTypeKind::kTimestamp || from.kind == SqlTypeKind::kTimestampTz) &&
            (to.kind == SqlTypeKind::kTimestamp || to.kind == SqlTypeKind::kTimestampTz));
  }

  // A projection of `query` onto the table's columns, with casts to their types.
  Result<PlanPtr> InsertPlan(PlanPtr query, const std::vector<SqlType>& table_types,
                             const std::vector<std::string>& table_names, const std::vector<int32_t>& target_of_query,
                             NodeLocation location) {
    auto project = std::make_shared<PlanNode>();
    project->kind = PlanKind::kProject;
    project->children.push_back(query);
    std::vector<BoundExpressionPtr> expressions(table_types.size());
    for (size_t q = 0; q < target_of_query.size(); ++q) {
      int32_t target = target_of_query[q];
      const SqlType& from = query->outputs[q].type;
      const SqlType& to = table_types[target];
      bool assignable = IsInsertAssignable(from, to);
      if (!assignable) {
        std::string table_list, query_list;
        for (size_t i = 0; i < table_types.size(); ++i) table_list += (i ? ", " : "") + TypeSignature(table_types[i]);
        for (size_t i = 0; i < query->outputs.size(); ++i) query_list += (i ? ", " : "") + TypeSignature(query->outputs[i].type);
        return sql::SqlError(codes::kTypeMismatch, location, "Insert query has mismatched column types: Table: [{}], Query: [{}]",
                             table_list, query_list);
      }
      FLOE_ASSIGN_OR_RETURN(expressions[target], MakeCast(MakeColumn(static_cast<int32_t>(q), from), to, false, location));
    }
    for (size_t t = 0; t < table_types.size(); ++t) {
      if (!expressions[t]) expressions[t] = MakeConstant(Value::Null(), table_types[t]);
      project->outputs.push_back(OutputColumn{table_names[t], table_types[t]});
    }
    project->expressions = std::move(expressions);
    return PlanPtr(project);
  }

  Result<std::unique_ptr<QueryResult>> RunInsert(const sql::Insert& insert, NodeLocation location) {
    catalog::TableIdentifier identifier;
    FLOE_ASSIGN_OR_RETURN(auto table, LoadNamedTable(insert.table, &identifier));
    FLOE_ASSIGN_OR_RETURN(PlanPtr query, analyzer.AnalyzeQuery(*insert.query));
    FLOE_ASSIGN_OR_RETURN(auto writer, TableWriter::Make(catalog(), engine.file_io_, identifier, table.metadata, WriterOptions()));
    const auto& fields = table.metadata->CurrentSchema()->fields();
    std::vector<std::string> names;
    for (const auto& field : fields) names.push_back(field.name);
    std::vector<int32_t> targets;
    if (insert.columns.empty()) {
      for (size_t i = 0; i < fields.size(); ++i) targets.push_back(static_cast<int32_t>(i));
    } else {
      std::set<int32_t> seen;
      for (const auto& column : insert.columns) {
        int32_t found = -1;
        for (size_t i = 0; i < fields.size(); ++i) {
          if (Lower(fields[i].name) == Lower(column.value)) found = static_cast<int32_t>(i);
        }
        if (found < 0) {
          return sql::SqlError(codes::kColumnNotFound, column.location, "Insert column name does not exist in target table: {}",
                               Lower(column.value));
        }
        if (!seen.insert(found).second) {
          return sql::SqlError(codes::kDuplicateColumnName, column.location, "Insert column name is specified more than once: {}",
                               Lower(column.value));
        }
        targets.push_back(found);
      }
    }
    if (targets.size() != query->outputs.size()) {
      std::string table_list, query_list;
      for (int32_t t : targets) table_list += (table_list.empty() ? "" : ", ") + TypeSignature(writer->column_types()[t]);
      for (const auto& output : query->outputs) query_list += (query_list.empty() ? "" : ", ") + TypeSignature(output.type);
      return sql::SqlError(codes::kTypeMismatch, location, "Insert query has mismatched column types: Table: [{}], Query: [{}]",
                           table_list, query_list);
    }
    FLOE_ASSIGN_OR_RETURN(PlanPtr plan, InsertPlan(query, writer->column_types(), names, targets, insert.query->location));
    plan = Optimize(plan);
    auto result = std::make_unique<MaterializedResult>();
    FLOE_ASSIGN_OR_RETURN(AppendResult appended, WritePlan(plan, *writer, *result));
    result->SetUpdate("INSERT", appended.rows);
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  Result<std::unique_ptr<QueryResult>> RunCreateTableAsSelect(const sql::CreateTableAsSelect& create) {
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier identifier, analyzer.ResolveTableName(create.name));
    FLOE_ASSIGN_OR_RETURN(TableProperties properties, ReadTableProperties(create.properties));
    FLOE_ASSIGN_OR_RETURN(PlanPtr query, analyzer.AnalyzeQuery(*create.query));
    if (!create.column_aliases.empty() && create.column_aliases.size() != query->outputs.size()) {
      return sql::SqlError(codes::kGenericUserError, create.name.location(), "Column alias list has {} entries but relation has {} columns",
                           create.column_aliases.size(), query->outputs.size());
    }
    std::vector<iceberg::NestedField> fields;
    int32_t next_id = static_cast<int32_t>(query->outputs.size()) + 1;
    std::set<std::string> names;
    for (size_t i = 0; i < query->outputs.size(); ++i) {
      std::string name = create.column_aliases.empty() ? query->outputs[i].name : Lower(create.column_aliases[i].value);
      if (name.starts_with("_col") && create.column_aliases.empty()) {
        return sql::SqlError(codes::kGenericUserError, create.query->location, "Column name not specified at position {}", i + 1);
      }
      if (!names.insert(name).second) {
        return sql::SqlError(codes::kDuplicateColumnName, create.query->location, "Column name '{}' specified more than once", name);
      }
      SqlType type = query->outputs[i].type;
      if (type.kind == SqlTypeKind::kUnknown) {
        return sql::SqlError(codes::kGenericUserError, create.query->location, "Column type is unknown: {}", name);
      }
      if (type.kind == SqlTypeKind::kTimestamp || type.kind == SqlTypeKind::kTimestampTz || type.kind == SqlTypeKind::kTime) {
        type.precision = 6;  // Iceberg stores microseconds
      }
      FLOE_ASSIGN_OR_RETURN(auto iceberg_type, IcebergTypeOf(type, &next_id, create.query->location));
      fields.push_back(iceberg::NestedField{static_cast<int32_t>(i + 1), name, iceberg_type, false});
    }
    bool created = false;
    FLOE_RETURN_IF_ERROR(CreateIcebergTable(identifier, std::move(fields), properties, create.name.location(),
                                            create.if_not_exists, &created));
    auto result = std::make_unique<MaterializedResult>();
    if (!created) {
      result->SetUpdate("CREATE TABLE", 0);
      return std::unique_ptr<QueryResult>(std::move(result));
    }
    int64_t rows = 0;
    if (create.with_data) {
      auto table = catalog().LoadTable(identifier);
      Status status = table.status();
      if (status.ok()) {
        auto written = [&]() -> Result<AppendResult> {
          FLOE_ASSIGN_OR_RETURN(auto writer, TableWriter::Make(catalog(), engine.file_io_, identifier, table->metadata, WriterOptions()));
          std::vector<std::string> names_in_order;
          std::vector<int32_t> targets;
          for (const auto& field : table->metadata->CurrentSchema()->fields()) names_in_order.push_back(field.name);
          for (size_t i = 0; i < query->outputs.size(); ++i) targets.push_back(static_cast<int32_t>(i));
          FLOE_ASSIGN_OR_RETURN(PlanPtr plan, InsertPlan(query, writer->column_types(), names_in_order, targets, create.query->location));
          return WritePlan(Optimize(plan), *writer, *result);
        }();
        status = written.status();
        if (written.ok()) rows = written->rows;
      }
      if (!status.ok()) {
        catalog().DropTable(identifier, true).IgnoreError();  // nothing stays behind a failed CTAS
        return status;
      }
    }
    result->SetUpdate("CREATE TABLE", rows);
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  Result<std::unique_ptr<QueryResult>> RunDropTable(const sql::DropTable& drop) {
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier identifier, analyzer.ResolveTableName(drop.name));
    Status dropped = catalog().DropTable(identifier, true);
    if (!dropped.ok()) {
      bool missing = dropped.kind() == ErrorKind::kNoSuchTable || dropped.kind() == ErrorKind::kNoSuchNamespace;
      if (!missing) return dropped;
      if (!drop.if_exists) {
        return sql::SqlError(codes::kTableNotFound, drop.name.location(), "Table '{}' does not exist", FullName(identifier));
      }
    }
    auto result = std::make_unique<MaterializedResult>();
    result->SetUpdate("DROP TABLE");
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  Status CommitSchema(const catalog::TableIdentifier& identifier, const iceberg::TableMetadata& metadata,
                      std::vector<iceberg::NestedField> fields) {
    FLOE_ASSIGN_OR_RETURN(auto schema, iceberg::Schema::Make(0, std::move(fields),
                                                             metadata.CurrentSchema()->identifier_field_ids()));
    catalog::TableCommit commit;
    commit.identifier = identifier;
    commit.requirements.push_back(iceberg::AssertCurrentSchemaId{metadata.current_schema_id});
    commit.requirements.push_back(iceberg::AssertLastAssignedFieldId{metadata.last_column_id});
    commit.updates.push_back(iceberg::AddSchemaUpdate{schema});
    commit.updates.push_back(iceberg::SetCurrentSchemaUpdate{iceberg::kLastAdded});
    return catalog().UpdateTable(commit).status();
  }

  Result<std::unique_ptr<QueryResult>> RunAlterTable(const sql::AlterTable& alter) {
    catalog::TableIdentifier identifier;
    FLOE_ASSIGN_OR_RETURN(identifier, analyzer.ResolveTableName(alter.table));
    auto loaded = analyzer.LoadTable(identifier, alter.table.location());
    auto result = std::make_unique<MaterializedResult>();
    if (!loaded.ok()) {
      if (alter.if_exists && sql::DescribeError(loaded.status()).error_name == codes::kTableNotFound.name) {
        result->SetUpdate("ALTER TABLE");
        return std::unique_ptr<QueryResult>(std::move(result));
      }
      return loaded.status();
    }
    const iceberg::TableMetadata& metadata = *loaded->metadata;
    auto schema = metadata.CurrentSchema();
    std::vector<iceberg::NestedField> fields = schema->fields();
    auto find = [&](const std::string& name) -> int {
      for (size_t i = 0; i < fields.size(); ++i) {
        if (Lower(fields[i].name) == Lower(name)) return static_cast<int>(i);
      }
      return -1;
    };
    switch (alter.action) {
      case sql::AlterTable::Action::kRenameTable: {
        FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier target, analyzer.ResolveTableName(alter.new_name));
        Status renamed = catalog().RenameTable(identifier, target);
        if (!renamed.ok()) {
          if (renamed.kind() == ErrorKind::kAlreadyExists) {
            return sql::SqlError(codes::kTableAlreadyExists, alter.new_name.location(), "Target table '{}' already exists", FullName(target));
          }
          return TranslateCatalogError(renamed, alter.new_name.location(), FullName(target));
        }
        break;
      }
      case sql::AlterTable::Action::kAddColumn: {
        const sql::ColumnDefinition& column = *alter.column;
        std::string name = Lower(column.name.value);
        if (find(name) >= 0) {
          if (alter.column_if_not_exists) break;
          return sql::SqlError(codes::kColumnAlreadyExists, column.location, "Column '{}' already exists", name);
        }
        if (column.not_null) {
          return sql::SqlError(codes::kNotSupported, column.location, "This connector does not support adding not null columns");
        }
        FLOE_ASSIGN_OR_RETURN(SqlType type, ResolveType(column.type));
        int32_t next_id = metadata.last_column_id + 2;
        FLOE_ASSIGN_OR_RETURN(auto iceberg_type, IcebergTypeOf(type, &next_id, column.type.location));
        iceberg::NestedField field{metadata.last_column_id + 1, name, iceberg_type, false};
        if (column.comment) field.doc = *column.comment;
        fields.push_back(std::move(field));
        FLOE_RETURN_IF_ERROR(CommitSchema(identifier, metadata, std::move(fields)));
        break;
      }
      case sql::AlterTable::Action::kDropColumn: {
        std::string name = Lower(alter.column_name.parts.back().value);
        int index = alter.column_name.parts.size() == 1 ? find(name) : -1;
        if (index < 0) {
          if (alter.column_if_exists) break;
          return sql::SqlError(codes::kColumnNotFound, alter.column_name.location(), "Column '{}' does not exist", name);
        }
        if (fields.size() == 1) {
          return sql::SqlError(codes::kNotSupported, alter.column_name.location(), "Cannot drop the only column in a table");
        }
        for (const auto& spec : metadata.partition_specs) {
          for (const auto& field : spec->fields()) {
            if (field.source_id == fields[index].id && spec->spec_id() == metadata.default_spec_id) {
              return sql::SqlError(codes::kNotSupported, alter.column_name.location(), "Cannot drop partition field: {}", name);
            }
          }
        }
        fields.erase(fields.begin() + index);
        FLOE_RETURN_IF_ERROR(CommitSchema(identifier, metadata, std::move(fields)));
        break;
      }
      case sql::AlterTable::Action::kRenameColumn: {
        std::string name = Lower(alter.column_name.parts.back().value);
        int index = alter.column_name.parts.size() == 1 ? find(name) : -1;
        if (index < 0) {
          if (alter.column_if_exists) break;
          return sql::SqlError(codes::kColumnNotFound, alter.column_name.location(), "Column '{}' does not exist", name);
        }
        std::string target = Lower(alter.new_column_name.value);
        if (find(target) >= 0) {
          return sql::SqlError(codes::kColumnAlreadyExists, alter.new_column_name.location, "Column '{}' already exists", target);
        }
        fields[index].name = target;
        FLOE_RETURN_IF_ERROR(CommitSchema(identifier, metadata, std::move(fields)));
        break;
      }
      case sql::AlterTable::Action::kSetProperties: {
        FLOE_ASSIGN_OR_RETURN(TableProperties properties, ReadTableProperties(alter.properties));
        catalog::TableCommit commit;
        commit.identifier = identifier;
        if (properties.location) {
          return sql::SqlError(codes::kNotSupported, alter.table.location(), "The location of a table cannot be changed");
        }
        if (properties.format_version) {
          if (*properties.format_version < metadata.format_version) {
            return sql::SqlError(codes::kInvalidTableProperty, alter.table.location(), "Cannot downgrade format version from {} to {}",
                                 metadata.format_version, *properties.format_version);
          }
          commit.updates.push_back(iceberg::UpgradeFormatVersionUpdate{*properties.format_version});
        }
        if (properties.partitioning) {
          FLOE_ASSIGN_OR_RETURN(auto spec, BuildSpec(properties, *schema, 0, metadata.last_partition_id + 1));
          commit.requirements.push_back(iceberg::AssertDefaultSpecId{metadata.default_spec_id});
          commit.updates.push_back(iceberg::AddPartitionSpecUpdate{spec});
          commit.updates.push_back(iceberg::SetDefaultSpecUpdate{iceberg::kLastAdded});
        }
        if (properties.sorted_by) {
          FLOE_ASSIGN_OR_RETURN(auto order, ParseSortedBy(*properties.sorted_by, *schema, 0));
          commit.updates.push_back(iceberg::AddSortOrderUpdate{order});
          commit.updates.push_back(iceberg::SetDefaultSortOrderUpdate{iceberg::kLastAdded});
        }
        if (!commit.updates.empty()) FLOE_RETURN_IF_ERROR(catalog().UpdateTable(commit).status());
        break;
      }
      case sql::AlterTable::Action::kSetColumnType:
        return sql::SqlError(codes::kNotSupported, alter.column_name.location(), "ALTER COLUMN SET DATA TYPE is not supported yet");
    }
    result->SetUpdate(alter.action == sql::AlterTable::Action::kRenameTable ? "RENAME TABLE"
                      : alter.action == sql::AlterTable::Action::kAddColumn ? "ADD COLUMN"
                      : alter.action == sql::AlterTable::Action::kDropColumn ? "DROP COLUMN"
                      : alter.action == sql::AlterTable::Action::kRenameColumn ? "RENAME COLUMN"
                                                                               : "SET PROPERTIES");
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  Result<std::unique_ptr<QueryResult>> RunCall(const sql::Call& call) {
    FLOE_RETURN_IF_ERROR(RunProcedure(call, catalog(), *engine.file_io_));
    auto result = std::make_unique<MaterializedResult>();
    result->SetUpdate("CALL");
    return std::unique_ptr<QueryResult>(std::move(result));
  }

  // EXECUTE name USING ...: the prepared statement, parameters bound, run as if sent.
  Result<std::unique_ptr<QueryResult>> RunExecutePrepared(const sql::ExecutePrepared& execute) {
    FLOE_ASSIGN_OR_RETURN(std::string text, BindPreparedStatement(session, execute));
    FLOE_ASSIGN_OR_RETURN(sql::Statement statement, sql::ParseStatement(text));
    if (std::holds_alternative<sql::ExecutePrepared>(statement.node)) {
      return sql::SqlError(codes::kNotSupported, execute.name.location, "Invalid statement type for prepared statement: EXECUTE");
    }
    FLOE_RETURN_IF_ERROR(CheckTransaction(*engine.transactions_, session, statement));
    return Run(statement);
  }

  Result<std::unique_ptr<QueryResult>> Run(const sql::Statement& statement) {
    if (IsSessionStatement(statement.node)) {
      return SessionStatements(engine, session, analyzer, evaluation, configured_memory_bytes).Run(statement);
    }
    NodeLocation location = statement.location;
    return std::visit(
        [&](const auto& node) -> Result<std::unique_ptr<QueryResult>> {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, sql::QueryStatement>) return RunQuery(*node.query);
          else if constexpr (std::is_same_v<T, sql::Explain>) return RunExplain(node);
          else if constexpr (std::is_same_v<T, sql::CreateSchema>) return RunCreateSchema(node, location);
          else if constexpr (std::is_same_v<T, sql::DropSchema>) return RunDropSchema(node);
          else if constexpr (std::is_same_v<T, sql::Use>) return RunUse(node);
          else if constexpr (std::is_same_v<T, sql::ShowCatalogs>) return RunShowCatalogs(node);
          else if constexpr (std::is_same_v<T, sql::ShowSchemas>) return RunShowSchemas(node);
          else if constexpr (std::is_same_v<T, sql::ShowTables>) return RunShowTables(node, location);
          else if constexpr (std::is_same_v<T, sql::ShowColumns>) return RunShowColumns(node);
          else if constexpr (std::is_same_v<T, sql::ShowCreateTable>) return RunShowCreateTable(node);
          else if constexpr (std::is_same_v<T, sql::CreateTable>) return RunCreateTable(node);
          else if constexpr (std::is_same_v<T, sql::CreateTableAsSelect>) return RunCreateTableAsSelect(node);
          else if constexpr (std::is_same_v<T, sql::DropTable>) return RunDropTable(node);
          else if constexpr (std::is_same_v<T, sql::AlterTable>) return RunAlterTable(node);
          else if constexpr (std::is_same_v<T, sql::Insert>) return RunInsert(node, location);
          else if constexpr (std::is_same_v<T, sql::Call>) return RunCall(node);
          else if constexpr (std::is_same_v<T, sql::ExecutePrepared>) return RunExecutePrepared(node);
          else if constexpr (std::is_same_v<T, sql::SetTimeZone>) return RunSetTimeZone(node, location);
          else return sql::SqlError(codes::kNotSupported, location, "statement not supported");
        },
        statement.node);
  }
};

Engine::Engine(std::shared_ptr<catalog::Catalog> catalog, std::shared_ptr<io::FileIO> file_io, EngineOptions options)
    : catalog_(std::move(catalog)),
      file_io_(std::move(file_io)),
      options_(options),
      executor_(options.worker_threads),
      transactions_(std::make_shared<TransactionRegistry>()) {}

Result<std::unique_ptr<QueryResult>> Engine::Execute(const Session& session, std::string_view sql_text) {
  return Execute(session, sql_text, nullptr);
}

Result<std::unique_ptr<QueryResult>> Engine::Execute(const Session& session, std::string_view sql_text,
                                                     std::shared_ptr<CancellationToken> cancellation) {
  FLOE_ASSIGN_OR_RETURN(sql::Statement statement, sql::ParseStatement(sql_text));
  FLOE_ASSIGN_OR_RETURN(Session effective, ApplySessionProperties(session));
  if (!IsUtcZone(effective.time_zone)) {
    // The session's zone (X-Trino-Time-Zone), checked and spelled canonically.
    auto zone = LoadTimeZone(effective.time_zone);
    if (!zone.ok()) return sql::SqlErrorNoLocation(codes::kInvalidFunctionArgument, "{}", zone.status().message());
    effective.time_zone = (*zone)->name();
  }
  FLOE_RETURN_IF_ERROR(CheckTransaction(*transactions_, effective, statement));
  Statements statements(*this, effective, std::move(cancellation));
  statements.configured_memory_bytes = session.query_max_memory_bytes;
  if (statements.cancellation->canceled()) return sql::SqlErrorNoLocation(codes::kUserCanceled, "Query was canceled");
  auto result = statements.Run(statement);
  if (result.ok()) (*result)->cancellation_ = statements.cancellation;
  return result;
}

}  // namespace floe::engine
