#include "floe/catalog/sql_database.h"

#include <chrono>

namespace floe::catalog {

SqlDatabase::SqlDatabase(SqlDialect dialect, Connector connect, int pool_size)
    : dialect_(dialect), connect_(std::move(connect)), pool_size_(pool_size > 0 ? pool_size : 8) {}

SqlDatabase::~SqlDatabase() = default;

Result<std::unique_ptr<SqlConnection>> SqlDatabase::Acquire() {
  std::unique_lock lock(mutex_);
  bool waited = !available_.wait_for(lock, std::chrono::seconds(30),
                                     [&] { return !idle_.empty() || open_ < pool_size_; });
  if (waited) return ServiceUnavailable("No catalog database connection became free within 30 s");
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_;
  lock.unlock();
  auto connection = connect_();
  if (!connection.ok()) {
    lock.lock();
    --open_;
    available_.notify_one();
  }
  return connection;
}

void SqlDatabase::Release(std::unique_ptr<SqlConnection> connection) {
  std::lock_guard lock(mutex_);
  if (connection->broken()) {
    --open_;
  } else {
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

Status SqlDatabase::WithConnection(const std::function<Status(SqlConnection&)>& body) {
  FLOE_ASSIGN_OR_RETURN(auto connection, Acquire());
  Status status = body(*connection);
  Release(std::move(connection));
  return status;
}

Status SqlDatabase::Transaction(bool write, const std::function<Status(SqlConnection&)>& body) {
  FLOE_ASSIGN_OR_RETURN(auto connection, Acquire());
  std::string_view begin = dialect_ == SqlDialect::kSqlite && write ? "BEGIN IMMEDIATE" : "BEGIN";
  auto begun = connection->Execute(begin, {});
  if (!begun.ok()) {
    Release(std::move(connection));
    return begun.status();
  }
  Status status = body(*connection);
  if (status.ok()) {
    auto committed = connection->Execute("COMMIT", {});
    if (!committed.ok()) {
      status = committed.status();
      if (write && connection->broken()) {
        status = CommitStateUnknown("The catalog database connection failed during COMMIT: {}", status.message());
      }
    }
  }
  if (!status.ok() && !connection->broken()) {
    connection->Execute("ROLLBACK", {}).status().IgnoreError();
  }
  Release(std::move(connection));
  return status;
}

}  // namespace floe::catalog
