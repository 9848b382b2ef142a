// Catalog: the Iceberg REST catalog's operations, named after the OpenAPI
// operationIds (listNamespaces -> ListNamespaces, ...), over a CatalogStore
// (the pointers) and a FileIO (the metadata files).
//
// Commits: a table's new metadata comes from iceberg::ApplyCommit (requirements
// validated against the current metadata, then the updates applied), is
// written to `<location>/metadata/<version>-<uuid>.metadata.json` with
// kFailIfExists, and becomes current by compare-and-swap of the store's
// pointer. When another commit won the race, the requirements are validated
// again against the winner's metadata and, if they still hold, the updates
// are re-applied on top of it (up to `max_commit_attempts`); otherwise the
// commit fails with kCommitFailed (409). Files of lost attempts are deleted.
// With `write.metadata.delete-after-commit.enabled=true`, a commit also deletes
// the previous metadata files that fell out of the metadata log (which
// `write.metadata.previous-versions-max` bounds), as the reference catalog does.
// Within one process, commits to the same table (or view) are serialized by a
// striped lock, so races are only lost to other processes sharing the
// database; retries back off with jitter.
//
// Error kinds, per operation (beyond kServiceUnavailable / kCommitStateUnknown /
// kIOError / kInternal from the store and storage):
// - namespaces: kNoSuchNamespace, kAlreadyExists, kNamespaceNotEmpty,
//   kUnprocessableEntity (a property both set and removed), kBadRequest;
// - tables: kNoSuchNamespace, kNoSuchTable, kAlreadyExists, kCommitFailed,
//   kBadRequest (an invalid update or request);
// - views: kNoSuchNamespace, kNoSuchView, kAlreadyExists, kCommitFailed.
// Thread-safe: one Catalog serves every request thread.
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "floe/catalog/catalog_store.h"
#include "floe/catalog/metadata_cache.h"
#include "floe/catalog/table_purge.h"
#include "floe/iceberg/metadata_builder.h"
#include "floe/iceberg/view_metadata.h"
#include "floe/iceberg/view_update.h"
#include "floe/io/file_io.h"

namespace floe::catalog {

struct CatalogOptions {
  // Where new tables go when neither the request nor the namespace's
  // `location` property says: `<warehouse>/<level>/.../<table>`.
  std::string warehouse;
  int max_commit_attempts = 10;
  size_t metadata_cache_capacity = 2000;
  int64_t idempotency_key_lifetime_ms = 30 * 60 * 1000;
  int64_t metrics_report_retention_ms = int64_t{7} * 24 * 3600 * 1000;
  // Run purges of dropped tables on a background thread (resuming those a
  // previous run left). Off: they stay pending until RunPendingPurges.
  bool purge_in_background = true;
};

// Counters the server exports as Prometheus metrics.
struct CatalogCounters {
  std::atomic<uint64_t> commits{0};            // successful table/view commits (transactions count once)
  std::atomic<uint64_t> commit_conflicts{0};   // CAS losses that were retried
  std::atomic<uint64_t> commits_rejected{0};   // kCommitFailed returned to the client
};

struct LoadTableResult {
  std::string metadata_location;  // empty for a staged create
  iceberg::TableMetadataPtr metadata;
  Properties config;
};

struct LoadViewResult {
  std::string metadata_location;
  iceberg::ViewMetadataPtr metadata;
  Properties config;
};

struct CreateTableRequest {
  std::string name;
  std::string location;  // empty: the default location
  iceberg::SchemaPtr schema;
  iceberg::PartitionSpecPtr partition_spec;  // nullptr: unpartitioned
  iceberg::SortOrderPtr write_order;         // nullptr: unsorted
  Properties properties;
  bool stage_create = false;
};

struct CreateViewRequest {
  std::string name;
  std::string location;  // empty: the default location
  iceberg::SchemaPtr schema;
  iceberg::ViewVersion view_version;
  Properties properties;
};

// One table's part of a commit (CommitTableRequest).
struct TableCommit {
  TableIdentifier identifier;
  std::vector<iceberg::TableRequirement> requirements;
  std::vector<iceberg::TableUpdate> updates;
};

class Catalog {
 public:
  Catalog(std::shared_ptr<CatalogStore> store, std::shared_ptr<io::FileIO> file_io, CatalogOptions options);
  // The FileIO the catalog reads metadata with (also reads manifests).
  const std::shared_ptr<io::FileIO>& file_io() const { return file_io_; }

  CatalogStore& store() { return *store_; }
  const CatalogOptions& options() const { return options_; }
  const CatalogCounters& counters() const { return counters_; }
  const MetadataCache& metadata_cache() const { return cache_; }

  // Namespaces.
  Result<Page<Namespace>> ListNamespaces(const Namespace& parent, const PageRequest& page);
  Result<Properties> CreateNamespace(const Namespace& ns, const Properties& properties);
  Result<Properties> LoadNamespaceMetadata(const Namespace& ns);
  Status NamespaceExists(const Namespace& ns);
  Status DropNamespace(const Namespace& ns);
  Result<NamespacePropertiesChange> UpdateProperties(const Namespace& ns, const std::vector<std::string>& removals,
                                                     const Properties& updates);

  // Tables.
  Result<Page<TableIdentifier>> ListTables(const Namespace& ns, const PageRequest& page);
  Result<LoadTableResult> CreateTable(const Namespace& ns, const CreateTableRequest& request);
  Result<LoadTableResult> LoadTable(const TableIdentifier& identifier);
  // `result.metadata` as JSON (iceberg::SerializeTableMetadata), serialized
  // once per metadata file and cached with it: what load and commit responses
  // send. Never null.
  std::shared_ptr<const std::string> TableMetadataJson(const LoadTableResult& result);
  // Commits to one table. With an assert-create requirement and no table,
  // this completes a staged create.
  Result<LoadTableResult> UpdateTable(const TableCommit& commit);
  // `purge`: the drop also records a pending purge of every file of the
  // table, which runs in the background (see table_purge.h).
  Status DropTable(const TableIdentifier& identifier, bool purge);
  // Runs the pending purges now, on the calling thread.
  Status RunPendingPurges() { return purger_->RunPendingPurges(); }
  // Blocks until the pending purges ran (tests).
  void WaitForPurges() { purger_->WaitUntilIdle(); }
  Status RenameTable(const TableIdentifier& from, const TableIdentifier& to);
  // Registers an existing metadata file as a table (replacing the pointer
  // when `overwrite` and the table exists). Errors: kNotFound / kInvalidData
  // for a missing or corrupt file, besides the table errors.
  Result<LoadTableResult> RegisterTable(const TableIdentifier& identifier, const std::string& metadata_location,
                                        bool overwrite);
  Status TableExists(const TableIdentifier& identifier);
  // Stores a client's metrics report for a table (reportMetrics; the caller
  // validated it). Errors: kNoSuchTable.
  Status ReportMetrics(const TableIdentifier& identifier, MetricsReportRecord report);
  // Commits to several tables atomically: all pointers move or none.
  Status CommitTransaction(const std::vector<TableCommit>& commits);

  // Views.
  Result<Page<TableIdentifier>> ListViews(const Namespace& ns, const PageRequest& page);
  Result<LoadViewResult> CreateView(const Namespace& ns, const CreateViewRequest& request);
  Result<LoadViewResult> LoadView(const TableIdentifier& identifier);
  Result<LoadViewResult> ReplaceView(const TableIdentifier& identifier,
                                     const std::vector<iceberg::ViewRequirement>& requirements,
                                     const std::vector<iceberg::ViewUpdate>& updates);
  Status DropView(const TableIdentifier& identifier);
  Status RenameView(const TableIdentifier& from, const TableIdentifier& to);
  Status ViewExists(const TableIdentifier& identifier);

 private:
  struct PreparedCommit;
  Result<iceberg::TableMetadataPtr> ReadMetadata(const std::string& location);
  Result<std::string> DefaultLocation(const TableIdentifier& identifier);
  // Loads the table, applies the commit and writes the new metadata file.
  Result<PreparedCommit> PrepareCommit(const TableCommit& commit);
  void DeleteQuietly(const std::string& location);
  // After a successful commit: with write.metadata.delete-after-commit.enabled,
  // deletes the metadata files that dropped out of the metadata log (whose
  // length write.metadata.previous-versions-max bounds).
  void DeleteRemovedMetadataFiles(const iceberg::TableMetadataPtr& base, const iceberg::TableMetadata& metadata);
  std::mutex& CommitLock(const TableIdentifier& identifier);
  // Sleeps a random 1..2^attempt ms (at most 100) before retrying a lost race.
  static void BackOff(int attempt);

  std::shared_ptr<CatalogStore> store_;
  std::shared_ptr<io::FileIO> file_io_;
  CatalogOptions options_;
  MetadataCache cache_;
  CatalogCounters counters_;
  std::array<std::mutex, 64> commit_locks_;
  std::unique_ptr<TablePurger> purger_;  // last: stopped first
};

}  // namespace floe::catalog
