// CatalogStore: where the catalog keeps its state - namespaces with their
// properties, and for every table and view the location of its current
// metadata file, changed only by compare-and-swap. Also the responses stored
// under idempotency keys.
//
// Implementations: SQLite (the embedded default; WAL, busy timeout, a pool of
// connections) and PostgreSQL (libpq, a connection pool, versioned schema
// migrations applied at start; many server processes may share one database).
// Both are one SQL implementation (sql_catalog_store.cc) over two drivers.
//
// Contract:
// - Thread-safe: one store serves every request thread.
// - Every method is atomic: it fully happens or not at all, also across
//   processes sharing a PostgreSQL database.
// - Errors: the kinds documented per method; kServiceUnavailable when the
//   database is unreachable or stays locked past the busy timeout (nothing
//   was changed); kCommitStateUnknown when a write's COMMIT failed in a way
//   that leaves its outcome unknown; kInternal for unexpected database errors.
// - Tables and views share one name space per namespace: a view and a table
//   cannot have the same identifier.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/catalog/catalog_identifier.h"
#include "floe/common/result.h"

namespace floe::catalog {

using Properties = std::map<std::string, std::string>;

enum class CatalogObjectKind { kTable, kView };
std::string_view CatalogObjectKindName(CatalogObjectKind kind);  // "table", "view"

struct CatalogObject {
  TableIdentifier identifier;
  CatalogObjectKind kind = CatalogObjectKind::kTable;
  std::string metadata_location;
  std::string previous_metadata_location;  // empty when there is none
};

// One compare-and-swap of a metadata pointer.
struct MetadataLocationSwap {
  TableIdentifier identifier;
  CatalogObjectKind kind = CatalogObjectKind::kTable;
  std::string expected_location;  // the location the change was based on
  std::string new_location;
};

// Keyset pagination: `token` is the opaque next-page token of the previous
// page (empty = the first page); `size` 0 = everything.
struct PageRequest {
  std::string token;
  int size = 0;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<std::string> next_page_token;  // nullopt on the last page
};

struct NamespacePropertiesChange {
  std::vector<std::string> updated;
  std::vector<std::string> removed;
  std::vector<std::string> missing;  // removals that were not set
};

// A response stored under an idempotency key, replayed for retries.
struct StoredResponse {
  int http_status = 200;
  std::string body;
};

// A metrics report a client posted for a table (reportMetrics), stored as sent.
struct MetricsReportRecord {
  TableIdentifier table;
  std::string report_type;             // "scan-report" or "commit-report"
  std::optional<int64_t> snapshot_id;  // the report's snapshot-id
  std::string report;                  // the ReportMetricsRequest JSON
  int64_t received_ms = 0;             // set by the store
};

// A dropped table whose files are still to be deleted (dropTable with
// purgeRequested). Keyed by the table's last metadata file.
struct PendingPurge {
  std::string metadata_location;
  TableIdentifier table;  // for logs: the name it had when dropped
  int64_t requested_ms = 0;
};

// The outcome of claiming an idempotency key (CatalogStore::ClaimIdempotencyKey).
struct IdempotencyClaim {
  enum class State {
    kClaimed,     // the caller holds the key: run the operation, then record or release
    kFinished,    // a final response is stored: replay `response`
    kInProgress,  // another request holds the key and has not finished
  };
  State state = State::kClaimed;
  std::string operation;  // the operation the key was first used for
  StoredResponse response;  // kFinished only
};

class CatalogStore {
 public:
  virtual ~CatalogStore() = default;

  // "sqlite" or "postgresql", for logs.
  virtual std::string_view kind() const = 0;
  // A cheap round trip to the database (readiness). kServiceUnavailable when down.
  virtual Status Ping() = 0;

  // Errors: kAlreadyExists; kNoSuchNamespace when a nested namespace's
  // parent does not exist.
  virtual Status CreateNamespace(const Namespace& ns, const Properties& properties) = 0;
  // Errors: kNoSuchNamespace.
  virtual Result<Properties> LoadNamespaceProperties(const Namespace& ns) = 0;
  // The direct children of `parent` (top-level namespaces when it is empty),
  // ordered by name. Errors: kNoSuchNamespace when `parent` does not exist.
  virtual Result<Page<Namespace>> ListNamespaces(const Namespace& parent, const PageRequest& page) = 0;
  // Errors: kNoSuchNamespace; kUnprocessableEntity when a key is both updated and removed.
  virtual Result<NamespacePropertiesChange> UpdateNamespaceProperties(const Namespace& ns,
                                                                      const std::vector<std::string>& removals,
                                                                      const Properties& updates) = 0;
  // Errors: kNoSuchNamespace; kNamespaceNotEmpty when it holds tables, views
  // or child namespaces.
  virtual Status DropNamespace(const Namespace& ns) = 0;

  // Registers a new table or view. Errors: kNoSuchNamespace; kAlreadyExists
  // when a table or view of that name exists (the message says which).
  virtual Status CreateObject(const CatalogObject& object) = 0;
  // Errors: kNoSuchTable / kNoSuchView (also when the name is the other kind).
  virtual Result<CatalogObject> LoadObject(const TableIdentifier& identifier, CatalogObjectKind kind) = 0;
  // The tables (or views) of a namespace, ordered by name. Errors: kNoSuchNamespace.
  virtual Result<Page<TableIdentifier>> ListObjects(const Namespace& ns, CatalogObjectKind kind,
                                                    const PageRequest& page) = 0;
  // Swaps every pointer atomically, all or none (a multi-table transaction
  // when there are several). Errors: kCommitFailed naming the first object
  // whose pointer is no longer `expected_location`; kNoSuchTable /
  // kNoSuchView when an object was dropped.
  virtual Status SwapMetadataLocations(const std::vector<MetadataLocationSwap>& swaps) = 0;
  // Errors: kNoSuchTable / kNoSuchView.
  virtual Status DropObject(const TableIdentifier& identifier, CatalogObjectKind kind) = 0;
  // Drops a table and records a pending purge of its files, atomically (a
  // crash leaves either the table or the pending purge). Returns the dropped
  // table's metadata location. Errors: kNoSuchTable.
  virtual Result<std::string> DropTableForPurge(const TableIdentifier& identifier) = 0;
  // Pending purges, oldest first, at most `limit`.
  virtual Result<std::vector<PendingPurge>> ListPendingPurges(int limit) = 0;
  // Claims a pending purge for `lease_ms`: false when a claim younger than
  // `lease_ms` exists or the purge is gone. Several servers sharing the
  // database so purge each table one at a time; a claim whose server died
  // expires. (Were a purge to outlast its lease, a second purger would only
  // repeat idempotent deletes.)
  virtual Result<bool> ClaimPendingPurge(const std::string& metadata_location, int64_t lease_ms) = 0;
  // Forgets a finished purge.
  virtual Status CompletePendingPurge(const std::string& metadata_location) = 0;
  // Errors: kNoSuchTable / kNoSuchView for the source; kNoSuchNamespace for
  // the destination's namespace; kAlreadyExists when the destination exists.
  virtual Status RenameObject(const TableIdentifier& from, const TableIdentifier& to, CatalogObjectKind kind) = 0;

  // The final response stored under `key`, or nullopt (also while the key is
  // claimed by a request in progress).
  virtual Result<std::optional<StoredResponse>> FindIdempotentResponse(std::string_view key) = 0;
  // Claims `key` for running `operation`, atomically also across processes
  // (an insert-if-absent, then compare-and-swap on the claim time): exactly
  // one of several concurrent claimers gets kClaimed. A claim older than
  // `lease_ms` is presumed dead (its server crashed) and is taken over.
  virtual Result<IdempotencyClaim> ClaimIdempotencyKey(std::string_view key, std::string_view operation,
                                                       int64_t lease_ms) = 0;
  // Drops an unfinished claim (the operation failed with a 5xx, which is not
  // final): a retry runs the operation again. A finished key is left alone.
  virtual Status ReleaseIdempotencyKey(std::string_view key) = 0;
  // Stores a final response, finishing a claim; the first final response
  // stored under a key wins. Keys older than `retention_ms` are purged along the way.
  virtual Status RecordIdempotentResponse(std::string_view key, std::string_view operation,
                                          const StoredResponse& response, int64_t retention_ms) = 0;

  // Stores a metrics report (received_ms is set to now). Reports older than
  // `retention_ms` are purged along the way.
  virtual Status RecordMetricsReport(const MetricsReportRecord& record, int64_t retention_ms) = 0;
  // The newest `limit` reports of a table, newest first (empty for a table
  // without reports; the table need not exist any more).
  virtual Result<std::vector<MetricsReportRecord>> ListMetricsReports(const TableIdentifier& table, int limit) = 0;
};

// Opens the store a URI names:
// - `postgresql://user:password@host:port/database?...` (or `postgres://`):
//   PostgreSQL; migrations are applied before this returns;
// - `sqlite:PATH`, `file:PATH` or a bare path: a SQLite database file, created if missing.
// `pool_size` bounds the connections (0: a default of 8).
// Errors: kServiceUnavailable when the database cannot be reached;
// kBadRequest for a malformed URI; kInvalidData when the database schema is
// newer than this build understands.
Result<std::shared_ptr<CatalogStore>> OpenCatalogStore(std::string_view uri, int pool_size = 0);

}  // namespace floe::catalog
