// The Trino client protocol over floe's SQL engine, as routes of floe's HTTP
// server (the protocol Trino's CLI, JDBC driver, trino-python-client and
// trino-client speak; `floe serve` listens for it on :8080).
//
//   POST   /v1/statement                          body = SQL; answers QUEUED with nextUri
//   GET    /v1/statement/executing/{id}/{slug}/{token}  the next page of QueryResults
//   DELETE /v1/statement/executing/{id}/{slug}/{token}  cancels the query (204)
//   DELETE /v1/query/{id}                          cancels the query (204)
//   GET    /v1/info                                nodeVersion, environment, coordinator, starting, uptime
//
// Behaviour:
// - Each query runs on its own thread; results are encoded into pages of at
//   most `page_max_rows` rows / `page_max_bytes` bytes, and at most
//   `buffer_max_bytes` of encoded rows wait for the client (the query blocks
//   until the client fetches). A GET waits at most `max_wait` for a page, then
//   answers RUNNING without data and a new nextUri.
// - Tokens increase by one per page; fetching the previous token again
//   returns the same page (retries are idempotent). Other tokens give 404.
// - A query is forgotten once its last page was fetched, when cancelled, or
//   when the client has not fetched for `abandon_timeout` (it is cancelled).
// - Session headers: X-Trino-User (required: 401 as Trino's insecure
//   authenticator), X-Trino-Catalog, X-Trino-Schema, X-Trino-Source. USE
//   answers with X-Trino-Set-Catalog / X-Trino-Set-Schema. Session
//   properties, prepared statements and the transaction travel in the
//   headers of session_headers.h (X-Trino-Session, ...).
// - DELETE cancels a statement at any point, a write still running inside
//   Engine::Execute included (it commits nothing and deletes its files).
// - Errors of the statement are FAILED results with Trino's error shape
//   (result_encoding.h), never HTTP errors.
// Thread-safety: the routes may be called from any number of server threads.
// Lifetime: the returned TrinoProtocol must outlive the server serving them
// (its destructor cancels and joins every running query).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "floe/engine/engine.h"
#include "floe/server/metrics.h"
#include "floe/server/router.h"
#include "floe/server/token_authority.h"

namespace floe::trino {

struct TrinoProtocolOptions {
  std::string environment = "floe";
  // Numeric first, as JDBC and BI tools parse "major.minor" out of it.
  std::string node_version = "0.1.0-floe";
  int64_t page_max_rows = 10000;
  int64_t page_max_bytes = 1 << 20;
  int64_t buffer_max_bytes = 16 << 20;
  std::chrono::milliseconds max_wait{1000};
  std::chrono::milliseconds abandon_timeout{std::chrono::minutes(5)};
  int64_t query_max_memory_bytes = int64_t{4} << 30;
  // When set: floe_trino_queries_total{state="FINISHED|FAILED"} (statements
  // that ended, cancelled ones FAILED with USER_CANCELED) and the gauge
  // floe_trino_active_queries.
  std::shared_ptr<server::MetricsRegistry> metrics;
  // When set (floe serve with OAuth2 clients), the statement routes need
  // `Authorization: Bearer <token>` from the REST catalog's token endpoint,
  // as Trino's JWT authentication does; /v1/info stays open.
  std::shared_ptr<const server::TokenAuthority> token_authority;
};

class TrinoProtocol {
 public:
  TrinoProtocol(std::shared_ptr<engine::Engine> engine, TrinoProtocolOptions options);
  ~TrinoProtocol();
  TrinoProtocol(const TrinoProtocol&) = delete;
  TrinoProtocol& operator=(const TrinoProtocol&) = delete;

  // Registers the routes above on `router`; they borrow this object.
  void AddRoutes(server::Router& router);

  // Queries currently tracked (running or with pages not yet fetched).
  size_t active_queries() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace floe::trino
