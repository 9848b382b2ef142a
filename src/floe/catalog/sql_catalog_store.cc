// The CatalogStore over SqlDatabase, for SQLite and PostgreSQL alike.
//
// Schema (versioned migrations in kMigrations, applied at open):
//   floe_namespaces(namespace_key PK, parent_key, properties JSON)
//   floe_catalog_objects(namespace_key FK, name, kind, metadata_location,
//                        previous_metadata_location, updated_ms) PK(namespace_key, name)
//   floe_idempotency_keys(idempotency_key PK, operation, http_status, response_body, created_ms)
//   floe_metrics_reports(namespace_key, table_name, report_type, snapshot_id, report, received_ms)
//     (v2; no foreign key: reports outlive dropped tables until retention)
//   floe_pending_purges(metadata_location PK, namespace_key, table_name, requested_ms, claimed_ms) (v3)
// The foreign key makes "create a table in a namespace being dropped" and
// "drop a namespace that just got a table" impossible, across processes too.
#include <algorithm>
#include <atomic>
#include <chrono>

#include "floe/catalog/catalog_store.h"
#include "floe/catalog/sql_database.h"
#include "floe/common/json.h"

namespace floe::catalog {

namespace {

struct Migration {
  int version;
  std::vector<std::string_view> statements;
};

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1,
       {"CREATE TABLE floe_namespaces ("
        " namespace_key TEXT PRIMARY KEY,"
        " parent_key TEXT NOT NULL,"
        " properties TEXT NOT NULL)",
        "CREATE INDEX floe_namespaces_by_parent ON floe_namespaces (parent_key, namespace_key)",
        "CREATE TABLE floe_catalog_objects ("
        " namespace_key TEXT NOT NULL REFERENCES floe_namespaces (namespace_key),"
        " name TEXT NOT NULL,"
        " kind TEXT NOT NULL,"
        " metadata_location TEXT NOT NULL,"
        " previous_metadata_location TEXT,"
        " updated_ms BIGINT NOT NULL,"
        " PRIMARY KEY (namespace_key, name))",
        "CREATE TABLE floe_idempotency_keys ("
        " idempotency_key TEXT PRIMARY KEY,"
        " operation TEXT NOT NULL,"
        " http_status INTEGER NOT NULL,"
        " response_body TEXT NOT NULL,"
        " created_ms BIGINT NOT NULL)",
        "CREATE INDEX floe_idempotency_keys_by_age ON floe_idempotency_keys (created_ms)"}},
      {2,
       {"CREATE TABLE floe_metrics_reports ("
        " namespace_key TEXT NOT NULL,"
        " table_name TEXT NOT NULL,"
        " report_type TEXT NOT NULL,"
        " snapshot_id BIGINT,"
        " report TEXT NOT NULL,"
        " received_ms BIGINT NOT NULL)",
        "CREATE INDEX floe_metrics_reports_by_table ON floe_metrics_reports (namespace_key, table_name, received_ms)",
        "CREATE INDEX floe_metrics_reports_by_age ON floe_metrics_reports (received_ms)"}},
      {3,
       {"CREATE TABLE floe_pending_purges ("
        " metadata_location TEXT PRIMARY KEY,"
        " namespace_key TEXT NOT NULL,"
        " table_name TEXT NOT NULL,"
        " requested_ms BIGINT NOT NULL,"
        " claimed_ms BIGINT)"}},
  };
  return kMigrations;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string SerializeProperties(const Properties& properties) {
  json::JsonWriter writer;
  writer->StartObject();
  for (const auto& [key, value] : properties) {
    writer.Key(key);
    writer.String(value);
  }
  writer->EndObject();
  return writer.Take();
}

Result<Properties> ParseProperties(std::string_view text) {
  FLOE_ASSIGN_OR_RETURN(auto document, json::JsonDocument::Parse(text));
  FLOE_ASSIGN_OR_RETURN(auto object, json::AsObject(document.root(), "properties"));
  Properties properties;
  for (auto field : object) {
    FLOE_ASSIGN_OR_RETURN(auto value, json::AsString(field.value, field.key));
    properties.emplace(std::string(field.key), std::string(value));
  }
  return properties;
}

std::string LimitParameter(const PageRequest& page) {
  return std::to_string(page.size > 0 ? static_cast<int64_t>(page.size) + 1 : int64_t{1} << 40);
}

Status NoSuchObject(const TableIdentifier& identifier, CatalogObjectKind kind) {
  return kind == CatalogObjectKind::kTable ? NoSuchTable("Table does not exist: {}", identifier.ToString())
                                           : NoSuchView("View does not exist: {}", identifier.ToString());
}

class SqlCatalogStore final : public CatalogStore {
 public:
  explicit SqlCatalogStore(std::unique_ptr<SqlDatabase> database) : database_(std::move(database)) {}

  std::string_view kind() const override {
    return database_->dialect() == SqlDialect::kSqlite ? "sqlite" : "postgresql";
  }

  Status Migrate() {
    return database_->Transaction(true, [&](SqlConnection& sql) -> Status {
      if (database_->dialect() == SqlDialect::kPostgres) {
        // Serializes concurrent starts of several servers on one database.
        FLOE_RETURN_IF_ERROR(sql.Query("SELECT pg_advisory_xact_lock(7236114001)", {}));
      }
      FLOE_RETURN_IF_ERROR(sql.Execute(
          "CREATE TABLE IF NOT EXISTS floe_schema_migrations (version INTEGER PRIMARY KEY, applied_ms BIGINT NOT NULL)",
          {}));
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query("SELECT MAX(version) FROM floe_schema_migrations", {}));
      int current = rows.empty() || !rows[0][0] ? 0 : std::stoi(*rows[0][0]);
      int newest = Migrations().back().version;
      if (current > newest) {
        return InvalidData("The catalog database schema is version {}, newer than this floe understands ({})", current,
                           newest);
      }
      for (const Migration& migration : Migrations()) {
        if (migration.version <= current) continue;
        for (std::string_view statement : migration.statements) FLOE_RETURN_IF_ERROR(sql.Execute(statement, {}));
        FLOE_RETURN_IF_ERROR(sql.Execute("INSERT INTO floe_schema_migrations (version, applied_ms) VALUES (?, ?)",
                                         {std::to_string(migration.version), std::to_string(NowMs())}));
      }
      return Status::OK();
    });
  }

  Status Ping() override {
    return database_->WithConnection([](SqlConnection& sql) { return sql.Query("SELECT 1", {}).status(); });
  }

  Status CreateNamespace(const Namespace& ns, const Properties& properties) override {
    Status status = database_->Transaction(true, [&](SqlConnection& sql) -> Status {
      if (ns.levels.size() > 1) {
        // Locks the parent's row, so that it cannot be dropped meanwhile.
        FLOE_ASSIGN_OR_RETURN(auto parent, sql.Query(WithRowLock("SELECT 1 FROM floe_namespaces WHERE namespace_key = ?"),
                                                     {ns.Parent().Key()}));
        if (parent.empty()) {
          return NoSuchNamespace("Cannot create namespace {}: its parent namespace {} does not exist", ns.ToString(),
                                 ns.Parent().ToString());
        }
      }
      return sql
          .Execute("INSERT INTO floe_namespaces (namespace_key, parent_key, properties) VALUES (?, ?, ?)",
                   {ns.Key(), ns.Parent().Key(), SerializeProperties(properties)})
          .status();
    });
    if (status.kind() == ErrorKind::kAlreadyExists) {
      return AlreadyExists("Namespace already exists: {}", ns.ToString());
    }
    return status;
  }

  Result<Properties> LoadNamespaceProperties(const Namespace& ns) override {
    Properties properties;
    FLOE_RETURN_IF_ERROR(database_->WithConnection([&](SqlConnection& sql) -> Status {
      FLOE_ASSIGN_OR_RETURN(auto rows,
                            sql.Query("SELECT properties FROM floe_namespaces WHERE namespace_key = ?", {ns.Key()}));
      if (rows.empty()) return NoSuchNamespace("Namespace does not exist: {}", ns.ToString());
      FLOE_ASSIGN_OR_RETURN(properties, ParseProperties(rows[0][0].value_or("{}")));
      return Status::OK();
    }));
    return properties;
  }

  Result<Page<Namespace>> ListNamespaces(const Namespace& parent, const PageRequest& page) override {
    Page<Namespace> result;
    FLOE_RETURN_IF_ERROR(database_->WithConnection([&](SqlConnection& sql) -> Status {
      if (!parent.empty()) FLOE_RETURN_IF_ERROR(RequireNamespace(sql, parent));
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query("SELECT namespace_key FROM floe_namespaces WHERE parent_key = ? AND "
                                                 "namespace_key > ? ORDER BY namespace_key LIMIT ?",
                                                 {parent.Key(), page.token, LimitParameter(page)}));
      for (const auto& row : rows) {
        if (page.size > 0 && result.items.size() == static_cast<size_t>(page.size)) {
          result.next_page_token = result.items.back().Key();
          break;
        }
        FLOE_ASSIGN_OR_RETURN(Namespace child, Namespace::FromKey(row[0].value_or("")));
        result.items.push_back(std::move(child));
      }
      return Status::OK();
    }));
    return result;
  }

  Result<NamespacePropertiesChange> UpdateNamespaceProperties(const Namespace& ns,
                                                              const std::vector<std::string>& removals,
                                                              const Properties& updates) override {
    for (const auto& key : removals) {
      if (updates.count(key)) {
        return UnprocessableEntity("Invalid namespace properties update: cannot both set and remove '{}'", key);
      }
    }
    NamespacePropertiesChange change;
    FLOE_RETURN_IF_ERROR(database_->Transaction(true, [&](SqlConnection& sql) -> Status {
      change = {};
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query(WithRowLock("SELECT properties FROM floe_namespaces WHERE namespace_key = ?"),
                                                 {ns.Key()}));
      if (rows.empty()) return NoSuchNamespace("Namespace does not exist: {}", ns.ToString());
      FLOE_ASSIGN_OR_RETURN(Properties properties, ParseProperties(rows[0][0].value_or("{}")));
      for (const auto& key : removals) {
        if (properties.erase(key)) {
          change.removed.push_back(key);
        } else {
          change.missing.push_back(key);
        }
      }
      for (const auto& [key, value] : updates) {
        properties[key] = value;
        change.updated.push_back(key);
      }
      return sql
          .Execute("UPDATE floe_namespaces SET properties = ? WHERE namespace_key = ?",
                   {SerializeProperties(properties), ns.Key()})
          .status();
    }));
    return change;
  }

  Status DropNamespace(const Namespace& ns) override {
    Status status = database_->Transaction(true, [&](SqlConnection& sql) -> Status {
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query(WithRowLock("SELECT 1 FROM floe_namespaces WHERE namespace_key = ?"),
                                                 {ns.Key()}));
      if (rows.empty()) return NoSuchNamespace("Namespace does not exist: {}", ns.ToString());
      FLOE_ASSIGN_OR_RETURN(auto children,
                            sql.Query("SELECT 1 FROM floe_namespaces WHERE parent_key = ? LIMIT 1", {ns.Key()}));
      FLOE_ASSIGN_OR_RETURN(auto objects,
                            sql.Query("SELECT 1 FROM floe_catalog_objects WHERE namespace_key = ? LIMIT 1", {ns.Key()}));
      if (!children.empty() || !objects.empty()) {
        return NamespaceNotEmpty("Namespace {} is not empty: it contains {}", ns.ToString(),
                                 !objects.empty() ? "tables or views" : "namespaces");
      }
      return sql.Execute("DELETE FROM floe_namespaces WHERE namespace_key = ?", {ns.Key()}).status();
    });
    if (status.kind() == ErrorKind::kNotFound) {  // a table was created concurrently (foreign key)
      return NamespaceNotEmpty("Namespace {} is not empty: it contains tables or views", ns.ToString());
    }
    return status;
  }

  Status CreateObject(const CatalogObject& object) override {
    return database_->WithConnection([&](SqlConnection& sql) -> Status {
      auto inserted = sql.Execute(
          "INSERT INTO floe_catalog_objects (namespace_key, name, kind, metadata_location, "
          "previous_metadata_location, updated_ms) VALUES (?, ?, ?, ?, NULL, ?)",
          {object.identifier.ns.Key(), object.identifier.name, std::string(CatalogObjectKindName(object.kind)),
           object.metadata_location, std::to_string(NowMs())});
      if (inserted.ok()) return Status::OK();
      if (inserted.status().kind() == ErrorKind::kNotFound) {
        return NoSuchNamespace("Namespace does not exist: {}", object.identifier.ns.ToString());
      }
      if (inserted.status().kind() == ErrorKind::kAlreadyExists) {
        return AlreadyExistsError(sql, object.identifier, object.kind);
      }
      return inserted.status();
    });
  }

  Result<CatalogObject> LoadObject(const TableIdentifier& identifier, CatalogObjectKind kind) override {
    CatalogObject object;
    FLOE_RETURN_IF_ERROR(database_->WithConnection([&](SqlConnection& sql) -> Status {
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query("SELECT metadata_location, previous_metadata_location FROM "
                                                 "floe_catalog_objects WHERE namespace_key = ? AND name = ? AND kind = ?",
                                                 {identifier.ns.Key(), identifier.name,
                                                  std::string(CatalogObjectKindName(kind))}));
      if (rows.empty()) return NoSuchObject(identifier, kind);
      object.identifier = identifier;
      object.kind = kind;
      object.metadata_location = rows[0][0].value_or("");
      object.previous_metadata_location = rows[0][1].value_or("");
      return Status::OK();
    }));
    return object;
  }

  Result<Page<TableIdentifier>> ListObjects(const Namespace& ns, CatalogObjectKind kind,
                                            const PageRequest& page) override {
    Page<TableIdentifier> result;
    FLOE_RETURN_IF_ERROR(database_->WithConnection([&](SqlConnection& sql) -> Status {
      FLOE_RETURN_IF_ERROR(RequireNamespace(sql, ns));
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query("SELECT name FROM floe_catalog_objects WHERE namespace_key = ? AND "
                                                 "kind = ? AND name > ? ORDER BY name LIMIT ?",
                                                 {ns.Key(), std::string(CatalogObjectKindName(kind)), page.token,
                                                  LimitParameter(page)}));
      for (const auto& row : rows) {
        if (page.size > 0 && result.items.size() == static_cast<size_t>(page.size)) {
          result.next_page_token = result.items.back().name;
          break;
        }
        result.items.push_back(TableIdentifier{ns, row[0].value_or("")});
      }
      return Status::OK();
    }));
    return result;
  }

  Status SwapMetadataLocations(const std::vector<MetadataLocationSwap>& swaps) override {
    // A fixed order, so that two multi-table transactions never deadlock.
    std::vector<const MetadataLocationSwap*> ordered;
    for (const auto& swap : swaps) ordered.push_back(&swap);
    std::sort(ordered.begin(), ordered.end(),
              [](const auto* a, const auto* b) { return a->identifier < b->identifier; });
    std::string now = std::to_string(NowMs());
    return database_->Transaction(true, [&](SqlConnection& sql) -> Status {
      for (const MetadataLocationSwap* swap : ordered) {
        std::string kind(CatalogObjectKindName(swap->kind));
        FLOE_ASSIGN_OR_RETURN(int64_t changed,
                              sql.Execute("UPDATE floe_catalog_objects SET metadata_location = ?, "
                                          "previous_metadata_location = ?, updated_ms = ? WHERE namespace_key = ? AND "
                                          "name = ? AND kind = ? AND metadata_location = ?",
                                          {swap->new_location, swap->expected_location, now, swap->identifier.ns.Key(),
                                           swap->identifier.name, kind, swap->expected_location}));
        if (changed == 1) continue;
        FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query("SELECT metadata_location FROM floe_catalog_objects WHERE "
                                                   "namespace_key = ? AND name = ? AND kind = ?",
                                                   {swap->identifier.ns.Key(), swap->identifier.name, kind}));
        if (rows.empty()) return NoSuchObject(swap->identifier, swap->kind);
        return CommitFailed("Cannot commit {}: its metadata location changed concurrently (expected {}, found {})",
                            swap->identifier.ToString(), swap->expected_location, rows[0][0].value_or(""));
      }
      return Status::OK();
    });
  }

  Status DropObject(const TableIdentifier& identifier, CatalogObjectKind kind) override {
    return database_->WithConnection([&](SqlConnection& sql) -> Status {
      FLOE_ASSIGN_OR_RETURN(int64_t changed,
                            sql.Execute("DELETE FROM floe_catalog_objects WHERE namespace_key = ? AND name = ? AND kind = ?",
                                        {identifier.ns.Key(), identifier.name, std::string(CatalogObjectKindName(kind))}));
      return changed == 1 ? Status::OK() : NoSuchObject(identifier, kind);
    });
  }

  Result<std::string> DropTableForPurge(const TableIdentifier& identifier) override {
    std::string location;
    FLOE_RETURN_IF_ERROR(database_->Transaction(true, [&](SqlConnection& sql) -> Status {
      std::string kind(CatalogObjectKindName(CatalogObjectKind::kTable));
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query(WithRowLock("SELECT metadata_location FROM floe_catalog_objects "
                                                             "WHERE namespace_key = ? AND name = ? AND kind = ?"),
                                                 {identifier.ns.Key(), identifier.name, kind}));
      if (rows.empty()) return NoSuchObject(identifier, CatalogObjectKind::kTable);
      location = rows[0][0].value_or("");
      FLOE_RETURN_IF_ERROR(sql.Execute("DELETE FROM floe_catalog_objects WHERE namespace_key = ? AND name = ? AND "
                                       "kind = ?",
                                       {identifier.ns.Key(), identifier.name, kind}));
      return sql
          .Execute("INSERT INTO floe_pending_purges (metadata_location, namespace_key, table_name, requested_ms) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (metadata_location) DO NOTHING",
                   {location, identifier.ns.Key(), identifier.name, std::to_string(NowMs())})
          .status();
    }));
    return location;
  }

  Result<std::vector<PendingPurge>> ListPendingPurges(int limit) override {
    std::vector<PendingPurge> purges;
    FLOE_RETURN_IF_ERROR(database_->WithConnection([&](SqlConnection& sql) -> Status {
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query("SELECT metadata_location, namespace_key, table_name, requested_ms "
                                                 "FROM floe_pending_purges ORDER BY requested_ms, metadata_location "
                                                 "LIMIT ?",
                                                 {std::to_string(std::max(limit, 0))}));
      for (const auto& row : rows) {
        PendingPurge purge;
        purge.metadata_location = row[0].value_or("");
        auto ns = Namespace::FromKey(row[1].value_or(""));
        if (ns.ok()) purge.table.ns = std::move(ns).value();
        purge.table.name = row[2].value_or("");
        purge.requested_ms = std::stoll(row[3].value_or("0"));
        purges.push_back(std::move(purge));
      }
      return Status::OK();
    }));
    return purges;
  }

  Result<bool> ClaimPendingPurge(const std::string& metadata_location, int64_t lease_ms) override {
    int64_t now = NowMs();
    int64_t changed = 0;
    FLOE_RETURN_IF_ERROR(database_->WithConnection([&](SqlConnection& sql) -> Status {
      FLOE_ASSIGN_OR_RETURN(changed, sql.Execute("UPDATE floe_pending_purges SET claimed_ms = ? WHERE "
                                                 "metadata_location = ? AND (claimed_ms IS NULL OR claimed_ms < ?)",
                                                 {std::to_string(now), metadata_location,
                                                  std::to_string(now - lease_ms)}));
      return Status::OK();
    }));
    return changed == 1;
  }

  Status CompletePendingPurge(const std::string& metadata_location) override {
    return database_->WithConnection([&](SqlConnection& sql) -> Status {
      return sql.Execute("DELETE FROM floe_pending_purges WHERE metadata_location = ?", {metadata_location}).status();
    });
  }

  Status RenameObject(const TableIdentifier& from, const TableIdentifier& to, CatalogObjectKind kind) override {
    return database_->Transaction(true, [&](SqlConnection& sql) -> Status {
      auto changed = sql.Execute(
          "UPDATE floe_catalog_objects SET namespace_key = ?, name = ? WHERE namespace_key = ? AND name = ? AND kind = ?",
          {to.ns.Key(), to.name, from.ns.Key(), from.name, std::string(CatalogObjectKindName(kind))});
      if (changed.ok()) return *changed == 1 ? Status::OK() : NoSuchObject(from, kind);
      if (changed.status().kind() == ErrorKind::kNotFound) {
        return NoSuchNamespace("Namespace does not exist: {}", to.ns.ToString());
      }
      if (changed.status().kind() == ErrorKind::kAlreadyExists) {
        if (database_->dialect() == SqlDialect::kPostgres) {
          // The failed statement aborted the transaction; report without looking.
          return AlreadyExists("Cannot rename {} to {}: a table or view of that name already exists",
                               from.ToString(), to.ToString());
        }
        return AlreadyExistsError(sql, to, kind);
      }
      return changed.status();
    });
  }

  Result<std::optional<StoredResponse>> FindIdempotentResponse(std::string_view key) override {
    std::optional<StoredResponse> stored;
    FLOE_RETURN_IF_ERROR(database_->WithConnection([&](SqlConnection& sql) -> Status {
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query("SELECT http_status, response_body FROM floe_idempotency_keys "
                                                 "WHERE idempotency_key = ? AND http_status <> 0",
                                                 {std::string(key)}));
      if (!rows.empty()) stored = StoredResponse{std::stoi(rows[0][0].value_or("200")), rows[0][1].value_or("")};
      return Status::OK();
    }));
    return stored;
  }

  Status RecordIdempotentResponse(std::string_view key, std::string_view operation, const StoredResponse& response,
                                  int64_t retention_ms) override {
    int64_t now = NowMs();
    return database_->WithConnection([&](SqlConnection& sql) -> Status {
      FLOE_RETURN_IF_ERROR(sql.Execute(
          "INSERT INTO floe_idempotency_keys (idempotency_key, operation, http_status, response_body, created_ms) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO UPDATE SET http_status = excluded.http_status, "
          "response_body = excluded.response_body WHERE floe_idempotency_keys.http_status = 0",
          {std::string(key), std::string(operation), std::to_string(response.http_status), response.body,
           std::to_string(now)}));
      if (records_.fetch_add(1, std::memory_order_relaxed) % 256 == 0) {
        FLOE_RETURN_IF_ERROR(sql.Execute("DELETE FROM floe_idempotency_keys WHERE created_ms < ?",
                                         {std::to_string(now - retention_ms)}));
      }
      return Status::OK();
    });
  }

  // A claim is a row with http_status 0 (no final response yet) whose
  // created_ms is the claim time.
  Result<IdempotencyClaim> ClaimIdempotencyKey(std::string_view key, std::string_view operation,
                                               int64_t lease_ms) override {
    IdempotencyClaim claim;
    FLOE_RETURN_IF_ERROR(database_->WithConnection([&](SqlConnection& sql) -> Status {
      std::string now = std::to_string(NowMs());
      FLOE_ASSIGN_OR_RETURN(int64_t inserted,
                            sql.Execute("INSERT INTO floe_idempotency_keys (idempotency_key, operation, http_status, "
                                        "response_body, created_ms) VALUES (?, ?, 0, '', ?) "
                                        "ON CONFLICT (idempotency_key) DO NOTHING",
                                        {std::string(key), std::string(operation), now}));
      if (inserted == 1) {
        claim = {IdempotencyClaim::State::kClaimed, std::string(operation), {}};
        return Status::OK();
      }
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query("SELECT operation, http_status, response_body, created_ms FROM "
                                                 "floe_idempotency_keys WHERE idempotency_key = ?",
                                                 {std::string(key)}));
      if (rows.empty()) {  // purged between the two statements: the next attempt inserts
        claim = {IdempotencyClaim::State::kInProgress, std::string(operation), {}};
        return Status::OK();
      }
      claim.operation = rows[0][0].value_or("");
      int status = std::stoi(rows[0][1].value_or("0"));
      if (status != 0) {
        claim.state = IdempotencyClaim::State::kFinished;
        claim.response = StoredResponse{status, rows[0][2].value_or("")};
        return Status::OK();
      }
      std::string claimed_ms = rows[0][3].value_or("0");
      claim.state = IdempotencyClaim::State::kInProgress;
      if (std::stoll(claimed_ms) < NowMs() - lease_ms) {
        FLOE_ASSIGN_OR_RETURN(int64_t taken,
                              sql.Execute("UPDATE floe_idempotency_keys SET created_ms = ? WHERE idempotency_key = ? "
                                          "AND http_status = 0 AND created_ms = ?",
                                          {now, std::string(key), claimed_ms}));
        if (taken == 1) claim.state = IdempotencyClaim::State::kClaimed;
      }
      return Status::OK();
    }));
    return claim;
  }

  Status ReleaseIdempotencyKey(std::string_view key) override {
    return database_->WithConnection([&](SqlConnection& sql) -> Status {
      return sql.Execute("DELETE FROM floe_idempotency_keys WHERE idempotency_key = ? AND http_status = 0",
                         {std::string(key)})
          .status();
    });
  }

  Status RecordMetricsReport(const MetricsReportRecord& record, int64_t retention_ms) override {
    int64_t now = NowMs();
    return database_->WithConnection([&](SqlConnection& sql) -> Status {
      FLOE_RETURN_IF_ERROR(sql.Execute(
          "INSERT INTO floe_metrics_reports (namespace_key, table_name, report_type, snapshot_id, report, received_ms) "
          "VALUES (?, ?, ?, ?, ?, ?)",
          {record.table.ns.Key(), record.table.name, record.report_type,
           record.snapshot_id ? SqlValue(std::to_string(*record.snapshot_id)) : SqlValue(), record.report,
           std::to_string(now)}));
      if (reports_.fetch_add(1, std::memory_order_relaxed) % 256 == 0) {
        FLOE_RETURN_IF_ERROR(sql.Execute("DELETE FROM floe_metrics_reports WHERE received_ms < ?",
                                         {std::to_string(now - retention_ms)}));
      }
      return Status::OK();
    });
  }

  Result<std::vector<MetricsReportRecord>> ListMetricsReports(const TableIdentifier& table, int limit) override {
    std::vector<MetricsReportRecord> records;
    FLOE_RETURN_IF_ERROR(database_->WithConnection([&](SqlConnection& sql) -> Status {
      FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query("SELECT report_type, snapshot_id, report, received_ms FROM "
                                                 "floe_metrics_reports WHERE namespace_key = ? AND table_name = ? "
                                                 "ORDER BY received_ms DESC LIMIT ?",
                                                 {table.ns.Key(), table.name, std::to_string(std::max(limit, 0))}));
      for (const auto& row : rows) {
        MetricsReportRecord record;
        record.table = table;
        record.report_type = row[0].value_or("");
        if (row[1]) record.snapshot_id = std::stoll(*row[1]);
        record.report = row[2].value_or("");
        record.received_ms = std::stoll(row[3].value_or("0"));
        records.push_back(std::move(record));
      }
      return Status::OK();
    }));
    return records;
  }

 private:
  std::string WithRowLock(std::string_view select) const {
    return database_->dialect() == SqlDialect::kPostgres ? std::string(select) + " FOR UPDATE" : std::string(select);
  }

  Status RequireNamespace(SqlConnection& sql, const Namespace& ns) {
    FLOE_ASSIGN_OR_RETURN(auto rows, sql.Query("SELECT 1 FROM floe_namespaces WHERE namespace_key = ?", {ns.Key()}));
    if (rows.empty()) return NoSuchNamespace("Namespace does not exist: {}", ns.ToString());
    return Status::OK();
  }

  // The AlreadyExists error for `identifier`, saying whether a table or a view holds the name.
  Status AlreadyExistsError(SqlConnection& sql, const TableIdentifier& identifier, CatalogObjectKind kind) {
    auto rows = sql.Query("SELECT kind FROM floe_catalog_objects WHERE namespace_key = ? AND name = ?",
                          {identifier.ns.Key(), identifier.name});
    bool other_kind = rows.ok() && !rows->empty() && (*rows)[0][0] != CatalogObjectKindName(kind);
    if (kind == CatalogObjectKind::kTable) {
      return other_kind ? AlreadyExists("View with same name already exists: {}", identifier.ToString())
                        : AlreadyExists("Table already exists: {}", identifier.ToString());
    }
    return other_kind ? AlreadyExists("Table with same name already exists: {}", identifier.ToString())
                      : AlreadyExists("View already exists: {}", identifier.ToString());
  }

  std::unique_ptr<SqlDatabase> database_;
  std::atomic<uint64_t> records_{0};
  std::atomic<uint64_t> reports_{0};
};

}  // namespace

std::string_view CatalogObjectKindName(CatalogObjectKind kind) {
  return kind == CatalogObjectKind::kTable ? "table" : "view";
}

Result<std::shared_ptr<CatalogStore>> OpenCatalogStore(std::string_view uri, int pool_size) {
  std::unique_ptr<SqlDatabase> database;
  std::string text(uri);
  if (text.rfind("postgresql://", 0) == 0 || text.rfind("postgres://", 0) == 0) {
    database = std::make_unique<SqlDatabase>(
        SqlDialect::kPostgres, [text] { return ConnectPostgres(text); }, pool_size);
  } else {
    std::string path = text;
    if (path.rfind("sqlite://", 0) == 0) {
      path = path.substr(9);
    } else if (path.rfind("sqlite:", 0) == 0) {
      path = path.substr(7);
    } else if (path.rfind("file://", 0) == 0) {
      path = path.substr(7);
    } else if (path.rfind("file:", 0) == 0) {
      path = path.substr(5);
    }
    if (path.empty()) return BadRequest("Invalid catalog URI '{}': no database file", uri);
    if (path.find("://") != std::string::npos) {
      return BadRequest("Unsupported catalog URI '{}': use postgresql://... or a SQLite file path", uri);
    }
    database = std::make_unique<SqlDatabase>(
        SqlDialect::kSqlite, [path] { return ConnectSqlite(path); }, pool_size);
  }
  auto store = std::make_shared<SqlCatalogStore>(std::move(database));
  FLOE_RETURN_IF_ERROR(store->Migrate());
  return std::shared_ptr<CatalogStore>(std::move(store));
}

}  // namespace floe::catalog
