// Session statements: what BI tools and JDBC drivers send around their
// queries. Engine::Execute routes them here.
//
//   SET SESSION name = value / RESET SESSION name   session_properties.h
//   SHOW SESSION [LIKE]                              Name, Value, Default, Type, Description
//   SHOW FUNCTIONS [LIKE]                            the engine's functions, as Trino lists them
//   SHOW STATS FOR t                                 from the Iceberg metrics of the current snapshot's
//                                                    data files: data size, nulls fraction, row count,
//                                                    low and high values
//   START TRANSACTION [READ ONLY | READ WRITE, ISOLATION LEVEL ...] / COMMIT / ROLLBACK
//   PREPARE name FROM statement / EXECUTE name [USING ...] / DEALLOCATE PREPARE name
//
// Session state lives with the client, as in Trino: these statements only
// report changes (QueryResult::session_update), which the embedded shell
// applies to its Session and the Trino protocol turns into response headers.
//
// Transactions: every statement commits on its own (autocommit), so COMMIT
// has nothing left to do and ROLLBACK cannot undo writes made inside the
// transaction. What a transaction does decide, as in Trino: in a READ ONLY
// transaction writes fail with READ_ONLY_VIOLATION; COMMIT or ROLLBACK
// without one is NOT_IN_TRANSACTION; an unknown transaction id is
// UNKNOWN_TRANSACTION; START TRANSACTION inside one is NOT_SUPPORTED.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "floe/engine/analyzer.h"
#include "floe/engine/engine.h"
#include "floe/sql/ast.h"

namespace floe::engine {

// The transactions START TRANSACTION opened. Thread-safe.
class TransactionRegistry {
 public:
  // A new transaction id (a UUID, as Trino's).
  std::string Start(bool read_only);
  // nullopt: an unknown (or ended) transaction.
  std::optional<bool> IsReadOnly(const std::string& id) const;
  // False when the transaction was unknown.
  bool End(const std::string& id);

 private:
  static constexpr size_t kMaxOpen = 10000;  // the oldest are forgotten beyond this
  mutable std::mutex mutex_;
  std::map<std::string, bool> read_only_;
  std::deque<std::string> started_;
};

// Whether a statement is one of those above (EXECUTE excepted: the engine
// runs the statement it names).
bool IsSessionStatement(const sql::StatementVariant& node);

// Errors for a statement in the session's transaction: UNKNOWN_TRANSACTION,
// READ_ONLY_VIOLATION for writes in a read-only one.
Status CheckTransaction(const TransactionRegistry& transactions, const Session& session,
                        const sql::Statement& statement);

// EXECUTE: the prepared statement's SQL (or EXECUTE IMMEDIATE's) with
// each `?` replaced by its parameter. Errors: NOT_FOUND ("Prepared statement not found: name"),
// INVALID_PARAMETER_USAGE when the counts differ.
Result<std::string> BindPreparedStatement(const Session& session, const sql::ExecutePrepared& execute);

class SessionStatements {
 public:
  // `session` has its properties applied; `configured_memory_bytes` is the
  // memory limit before query_max_memory (its default in SHOW SESSION).
  SessionStatements(Engine& engine, const Session& session, Analyzer& analyzer, const EvaluationContext& evaluation,
                    int64_t configured_memory_bytes)
      : engine_(engine),
        session_(session),
        analyzer_(analyzer),
        evaluation_(evaluation),
        configured_memory_bytes_(configured_memory_bytes) {}

  // Runs a statement for which IsSessionStatement is true.
  Result<std::unique_ptr<QueryResult>> Run(const sql::Statement& statement);

 private:
  Result<std::unique_ptr<QueryResult>> SetSession(const sql::SetSession& set);
  Result<std::unique_ptr<QueryResult>> ResetSession(const sql::ResetSession& reset);
  Result<std::unique_ptr<QueryResult>> ShowSession(const sql::ShowSession& show);
  Result<std::unique_ptr<QueryResult>> ShowFunctions(const sql::ShowFunctions& show);
  Result<std::unique_ptr<QueryResult>> ShowStats(const sql::ShowStats& show);
  Result<std::unique_ptr<QueryResult>> StartTransaction(const sql::StartTransaction& start, sql::NodeLocation location);
  Result<std::unique_ptr<QueryResult>> EndTransaction(bool commit, sql::NodeLocation location);
  Result<std::unique_ptr<QueryResult>> Prepare(const sql::Prepare& prepare, sql::NodeLocation location);
  Result<std::unique_ptr<QueryResult>> Deallocate(const sql::Deallocate& deallocate);

  Engine& engine_;
  const Session& session_;
  Analyzer& analyzer_;
  const EvaluationContext& evaluation_;
  int64_t configured_memory_bytes_;
};

}  // namespace floe::engine
