// Session: who runs statements and where unqualified names resolve, as in
// Trino's client session (X-Trino-User / -Catalog / -Schema).
// A plain value; each query reads its own copy.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace floe::engine {

// The only catalog: Iceberg tables of floe's catalog service (as in Trino's
// deployments of the platform). `system` is listed by SHOW CATALOGS.
inline constexpr std::string_view kIcebergCatalog = "iceberg";
inline constexpr std::string_view kSystemCatalog = "system";
// What version() answers; numeric first, as JDBC parses "major.minor" from
// the Trino protocol's nodeVersion, which has the same value.
inline constexpr std::string_view kEngineVersion = "0.1.0-floe";

struct Session {
  std::string user = "floe";
  std::string catalog = std::string(kIcebergCatalog);
  std::optional<std::string> schema;  // nullopt: names must be qualified
  // Per-query memory limit for operators that buffer (hash aggregation,
  // sort); 0: unlimited.
  int64_t query_max_memory_bytes = int64_t{4} << 30;
  // The session's time zone (X-Trino-Time-Zone, SET TIME ZONE): current_timestamp,
  // current_date and casts of timestamps to timestamp with time zone use it.
  std::string time_zone = "UTC";
  // Session properties (SET SESSION, X-Trino-Session): name -> value as
  // text. session_properties.h lists those floe honours; Execute rejects
  // others (INVALID_SESSION_PROPERTY).
  std::map<std::string, std::string> properties;
  // Prepared statements (name -> SQL with `?` parameters). As in Trino the
  // client keeps them and sends them with each statement
  // (X-Trino-Prepared-Statement); PREPARE / DEALLOCATE answer with changes.
  std::map<std::string, std::string> prepared_statements;
  // The transaction started by START TRANSACTION (X-Trino-Transaction-Id).
  std::optional<std::string> transaction_id;
  // Morsels of one query running at once, at most the engine's worker
  // threads; 0: all of them. 1 runs the query on its own thread only.
  int32_t query_max_parallelism = 0;
};

// What a statement changes in the client's session, for the client to
// keep (the Trino protocol's X-Trino-Set-Session, X-Trino-Clear-Session,
// X-Trino-Added-Prepare, X-Trino-Deallocated-Prepare,
// X-Trino-Started-Transaction-Id and X-Trino-Clear-Transaction-Id).
struct SessionUpdate {
  std::map<std::string, std::string> set_properties;
  std::vector<std::string> reset_properties;
  std::map<std::string, std::string> added_prepared_statements;
  std::vector<std::string> deallocated_prepared_statements;
  std::optional<std::string> started_transaction_id;
  bool clear_transaction_id = false;

  bool empty() const {
    return set_properties.empty() && reset_properties.empty() && added_prepared_statements.empty() &&
           deallocated_prepared_statements.empty() && !started_transaction_id && !clear_transaction_id;
  }
  // Applies the changes to `session` (the embedded shell's own bookkeeping).
  void ApplyTo(Session* session) const {
    for (const auto& [name, value] : set_properties) session->properties[name] = value;
    for (const auto& name : reset_properties) session->properties.erase(name);
    for (const auto& [name, sql] : added_prepared_statements) session->prepared_statements[name] = sql;
    for (const auto& name : deallocated_prepared_statements) session->prepared_statements.erase(name);
    if (started_transaction_id) session->transaction_id = started_transaction_id;
    if (clear_transaction_id) session->transaction_id.reset();
  }
};

}  // namespace floe::engine
