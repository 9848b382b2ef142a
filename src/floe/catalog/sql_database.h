// SqlDatabase: the small SQL layer the catalog store runs on - a pool of
// connections of one driver (SQLite or PostgreSQL) and transactions.
//
// Statements use `?` placeholders in both dialects (the PostgreSQL driver
// rewrites them to $1, $2, ...; statements must not contain a literal '?').
// Parameters and results are text or NULL; the database converts to the
// column types.
//
// Errors the drivers return, so that callers can translate them:
// - kAlreadyExists: a unique or primary key violation;
// - kNotFound: a foreign key violation;
// - kServiceUnavailable: cannot connect, the connection broke, or the
//   database stayed locked past the busy timeout;
// - kInternal: any other SQL error, with the database's message.
// Thread-safety: SqlDatabase is thread-safe; a SqlConnection is used by one
// thread at a time (the pool hands it out exclusively).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"

namespace floe::catalog {

enum class SqlDialect { kSqlite, kPostgres };

using SqlValue = std::optional<std::string>;
using SqlRow = std::vector<SqlValue>;

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  // Runs one statement and returns its rows.
  virtual Result<std::vector<SqlRow>> Query(std::string_view sql, const std::vector<SqlValue>& parameters) = 0;
  // Runs one statement and returns how many rows it changed.
  virtual Result<int64_t> Execute(std::string_view sql, const std::vector<SqlValue>& parameters) = 0;
  // True when the connection must not be reused (it lost its server).
  virtual bool broken() const = 0;
};

class SqlDatabase {
 public:
  using Connector = std::function<Result<std::unique_ptr<SqlConnection>>()>;
  // Opens connections lazily through `connect`, at most `pool_size` at once.
  SqlDatabase(SqlDialect dialect, Connector connect, int pool_size);
  ~SqlDatabase();

  SqlDialect dialect() const { return dialect_; }

  // Runs `body` in a transaction on a pooled connection: committed when it
  // returns OK, rolled back otherwise (its error is returned). `write`
  // transactions take SQLite's write lock up front (BEGIN IMMEDIATE), so
  // they never deadlock on lock upgrades. A failed COMMIT of a write on a
  // broken connection is kCommitStateUnknown.
  Status Transaction(bool write, const std::function<Status(SqlConnection&)>& body);
  // Runs `body` on a pooled connection outside a transaction (autocommit).
  Status WithConnection(const std::function<Status(SqlConnection&)>& body);

 private:
  Result<std::unique_ptr<SqlConnection>> Acquire();
  void Release(std::unique_ptr<SqlConnection> connection);

  SqlDialect dialect_;
  Connector connect_;
  int pool_size_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;
  int open_ = 0;  // connections handed out or idle
};

// Drivers. `path` is a SQLite file (created if missing) opened in WAL mode
// with a busy timeout and foreign keys on.
Result<std::unique_ptr<SqlConnection>> ConnectSqlite(const std::string& path);
// `uri` is a libpq connection string or postgresql:// URI.
Result<std::unique_ptr<SqlConnection>> ConnectPostgres(const std::string& uri);

}  // namespace floe::catalog
