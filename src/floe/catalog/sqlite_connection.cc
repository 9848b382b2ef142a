// The SQLite driver of SqlDatabase.
#include <sqlite3.h>

#include <map>

#include "floe/catalog/sql_database.h"

namespace floe::catalog {

namespace {

class SqliteConnection final : public SqlConnection {
 public:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  ~SqliteConnection() override {
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
  }

  Result<std::vector<SqlRow>> Query(std::string_view sql, const std::vector<SqlValue>& parameters) override {
    std::vector<SqlRow> rows;
    FLOE_RETURN_IF_ERROR(Run(sql, parameters, &rows));
    return rows;
  }

  Result<int64_t> Execute(std::string_view sql, const std::vector<SqlValue>& parameters) override {
    FLOE_RETURN_IF_ERROR(Run(sql, parameters, nullptr));
    return static_cast<int64_t>(sqlite3_changes(db_));
  }

  bool broken() const override { return false; }

 private:
  Status Error(int code, std::string_view sql) {
    std::string message = sqlite3_errmsg(db_);
    int extended = sqlite3_extended_errcode(db_);
    if (extended == SQLITE_CONSTRAINT_PRIMARYKEY || extended == SQLITE_CONSTRAINT_UNIQUE) {
      return AlreadyExists("{}", message);
    }
    if (extended == SQLITE_CONSTRAINT_FOREIGNKEY) return NotFound("{}", message);
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
      return ServiceUnavailable("The catalog database is locked (busy timeout exceeded): {}", message);
    }
    return Internal("SQLite error {} in '{}': {}", code, sql, message);
  }

  Status Run(std::string_view sql, const std::vector<SqlValue>& parameters, std::vector<SqlRow>* rows) {
    sqlite3_stmt* statement = nullptr;
    auto cached = statements_.find(sql);
    if (cached != statements_.end()) {
      statement = cached->second;
    } else {
      int code = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
      if (code != SQLITE_OK) return Error(code, sql);
      statements_.emplace(std::string(sql), statement);
    }
    sqlite3_reset(statement);
    sqlite3_clear_bindings(statement);
    for (size_t i = 0; i < parameters.size(); ++i) {
      int code = parameters[i] ? sqlite3_bind_text(statement, static_cast<int>(i + 1), parameters[i]->data(),
                                                   static_cast<int>(parameters[i]->size()), SQLITE_TRANSIENT)
                               : sqlite3_bind_null(statement, static_cast<int>(i + 1));
      if (code != SQLITE_OK) return Error(code, sql);
    }
    while (true) {
      int code = sqlite3_step(statement);
      if (code == SQLITE_DONE) break;
      if (code != SQLITE_ROW) {
        Status status = Error(code, sql);
        sqlite3_reset(statement);
        return status;
      }
      if (rows == nullptr) continue;
      SqlRow row;
      int columns = sqlite3_column_count(statement);
      for (int c = 0; c < columns; ++c) {
        if (sqlite3_column_type(statement, c) == SQLITE_NULL) {
          row.emplace_back(std::nullopt);
        } else {
          const unsigned char* text = sqlite3_column_text(statement, c);
          row.emplace_back(std::string(reinterpret_cast<const char*>(text),
                                       static_cast<size_t>(sqlite3_column_bytes(statement, c))));
        }
      }
      rows->push_back(std::move(row));
    }
    sqlite3_reset(statement);
    return Status::OK();
  }

  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> statements_;
};

}  // namespace

Result<std::unique_ptr<SqlConnection>> ConnectSqlite(const std::string& path) {
  sqlite3* db = nullptr;
  int code = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                             nullptr);
  if (code != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    sqlite3_close_v2(db);
    return ServiceUnavailable("Cannot open the SQLite catalog database {}: {}", path, message);
  }
  auto connection = std::make_unique<SqliteConnection>(db);
  sqlite3_busy_timeout(db, 10000);
  // WAL: readers never block the writer; synchronous=FULL: a committed
  // pointer swap survives power loss.
  for (const char* pragma : {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
    auto done = connection->Query(pragma, {});
    if (!done.ok()) return done.status().WithContext(fmt::format("Cannot configure the SQLite database {}", path));
  }
  return std::unique_ptr<SqlConnection>(std::move(connection));
}

}  // namespace floe::catalog
