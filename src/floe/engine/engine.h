// Engine: runs SQL statements (Trino's dialect) against floe's catalog and
// warehouse. The CLI (`floe sql`) and the Trino client protocol use it.
//
//   Engine engine(catalog, file_io);
//   Session session;  session.schema = "demo";
//   FLOE_ASSIGN_OR_RETURN(auto query, engine.Execute(session, "SELECT ..."));
//   for (const ResultColumn& c : query->columns()) ...   // names, Trino type signatures
//   columnar::Batch batch;
//   while (true) { FLOE_ASSIGN_OR_RETURN(bool more, query->Next(&batch)); if (!more) break; ... }
//
// Contract:
// - Execute parses, analyzes and plans the statement; DDL, SHOW, INSERT and
//   EXPLAIN run to completion inside Execute (their result rows are ready),
//   queries stream: each Next pulls one batch through the operators.
// - Errors are Status values in Trino's shape (sql/error.h: DescribeError
//   gives errorName, errorCode, errorType, message and errorLocation).
// - A failed statement writes nothing visible: INSERT commits its snapshot
//   last and deletes its files on failure.
// - Cancellation: QueryResult::Cancel (any thread) stops the query at the
//   next batch with USER_CANCELED; a token passed to Execute stops writes
//   and DDL still inside Execute. Memory: Session::query_max_memory_bytes
//   bounds hash aggregation and sort (EXCEEDED_LOCAL_MEMORY_LIMIT).
// - Thread-safety: an Engine serves concurrent statements; a QueryResult
//   is used by one thread at a time (Cancel excepted).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/catalog/catalog.h"
#include "floe/columnar/vector.h"
#include "floe/engine/operators.h"
#include "floe/engine/session.h"
#include "floe/engine/thread_pool.h"
#include "floe/engine/sql_type.h"

namespace floe::engine {

struct ResultColumn {
  std::string name;
  SqlType type;
  std::string type_signature;  // Trino's: "bigint", "varchar(3)", "decimal(10,2)", ...
};

class QueryResult {
 public:
  virtual ~QueryResult() = default;

  const std::vector<ResultColumn>& columns() const { return columns_; }
  // Fills `batch` (compact: no selection) with the next result rows.
  virtual Result<bool> Next(columnar::Batch* batch) = 0;
  void Cancel() { cancellation_->Cancel(); }

  // Statement kind as Trino reports it ("SELECT", "INSERT", "CREATE TABLE"...).
  const std::string& update_type() const { return update_type_; }
  // Rows written by INSERT / CREATE TABLE AS.
  std::optional<int64_t> update_count() const { return update_count_; }
  // USE: the session's new catalog and schema (X-Trino-Set-Catalog/-Schema).
  const std::optional<std::string>& set_catalog() const { return set_catalog_; }
  const std::optional<std::string>& set_schema() const { return set_schema_; }
  const ScanStatistics& scan_statistics() const { return *scan_statistics_; }
  // SET / RESET SESSION, SET TIME ZONE (time_zone_id), PREPARE, DEALLOCATE,
  // START TRANSACTION, COMMIT, ROLLBACK.
  const SessionUpdate& session_update() const { return session_update_; }

 protected:
  friend class Engine;
  std::vector<ResultColumn> columns_;
  std::string update_type_;
  std::optional<int64_t> update_count_;
  std::optional<std::string> set_catalog_;
  std::optional<std::string> set_schema_;
  std::shared_ptr<CancellationToken> cancellation_ = std::make_shared<CancellationToken>();
  std::shared_ptr<ScanStatistics> scan_statistics_ = std::make_shared<ScanStatistics>();
  SessionUpdate session_update_;
};

struct EngineOptions {
  // Where tables without an explicit location go is the catalog's business
  // (CatalogOptions::warehouse).
  // Worker threads of the engine's pool, shared by all queries (morsels of
  // table scans); <= 0: one per hardware thread.
  int worker_threads = 0;
};

class TransactionRegistry;

class Engine {
 public:
  Engine(std::shared_ptr<catalog::Catalog> catalog, std::shared_ptr<io::FileIO> file_io, EngineOptions options = {});

  Result<std::unique_ptr<QueryResult>> Execute(const Session& session, std::string_view sql);
  // As above, with the statement's cancellation token made by the caller
  // before the statement starts (null: a new one), so that a cancel from
  // another thread also stops what runs inside Execute: INSERT, CREATE
  // TABLE AS (which then commit nothing and delete the files they wrote)
  // and DDL not yet applied. The returned QueryResult shares the token.
  Result<std::unique_ptr<QueryResult>> Execute(const Session& session, std::string_view sql,
                                               std::shared_ptr<CancellationToken> cancellation);

 private:
  struct Statements;
  friend class SessionStatements;
  std::shared_ptr<catalog::Catalog> catalog_;
  std::shared_ptr<io::FileIO> file_io_;
  EngineOptions options_;
  ThreadPoolExecutor executor_;
  std::shared_ptr<TransactionRegistry> transactions_;  // START TRANSACTION ids (session_statements.h)
};

// Result values as text, the way the Trino CLI prints them (FormatValue of value.h).
std::string FormatCell(const columnar::Vector& vector, int64_t row, const SqlType& type);

}  // namespace floe::engine
