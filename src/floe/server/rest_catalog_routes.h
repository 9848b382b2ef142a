// The Iceberg REST catalog's HTTP API (rest-catalog-open-api.yaml) on a
// Router, mapped onto catalog::Catalog.
//
// - Every route exists with and without the `{prefix}` segment
//   (`/v1/namespaces/...` and `/v1/{prefix}/namespaces/...`); the prefix is
//   accepted and ignored (one catalog per server).
// - Errors are IcebergErrorResponse bodies {"error":{"message","type","code"}}
//   with the HTTP status of the error kind (HttpStatusOf); malformed JSON or a
//   missing/mistyped field is 400 naming the field.
// - Mutations honour the Idempotency-Key header: a final (2xx/4xx) response is
//   stored and replayed for retries with the same key; a duplicate arriving
//   while the first request runs waits for it and replays its response (503
//   after `idempotency_wait`); reusing a key for another operation is 422;
//   /v1/config advertises `idempotency-key-lifetime`.
// - Paging: with a `pageToken` query parameter (even empty) lists are paged
//   by `pageSize` (default 100) and carry `next-page-token`; without it they
//   return everything.
// Thread-safety: the handlers are thread-safe (Catalog is).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "floe/catalog/catalog.h"
#include "floe/server/metrics.h"
#include "floe/server/router.h"
#include "floe/server/token_authority.h"

namespace floe::server {

struct RestCatalogOptions {
  catalog::Properties defaults;   // GET /v1/config "defaults"
  catalog::Properties overrides;  // GET /v1/config "overrides"
  // When set, authentication is on: POST /v1/oauth/tokens issues tokens and
  // every other /v1 route (config included, as the spec's global security
  // requires) needs a valid bearer token (RequireBearerToken).
  std::shared_ptr<const TokenAuthority> token_authority;
  // Where the figures of clients' metrics reports are exported (optional;
  // reports are stored in the catalog store either way).
  std::shared_ptr<MetricsRegistry> metrics;
  // How long a request waits for another one with the same Idempotency-Key
  // to finish before answering 503.
  std::chrono::milliseconds idempotency_wait{std::chrono::seconds(10)};
  // Credential vending. When `vended_credentials` is not empty and a client
  // sends `X-Iceberg-Access-Delegation: vended-credentials`, createTable and
  // loadTable add these properties (s3.endpoint, s3.access-key-id, ...) to
  // `config` and return them as one `storage-credentials` entry for
  // `vended_credentials_prefix`; loadCredentials
  // (GET .../tables/{table}/credentials) returns the same entry. Without
  // vended credentials loadCredentials returns an empty list.
  catalog::Properties vended_credentials;
  std::string vended_credentials_prefix;
};

void AddRestCatalogRoutes(Router& router, std::shared_ptr<catalog::Catalog> catalog, RestCatalogOptions options);

// Exports the catalog's commit and cache counters as Prometheus metrics.
void AddCatalogMetrics(MetricsRegistry& metrics, std::shared_ptr<catalog::Catalog> catalog);

}  // namespace floe::server
