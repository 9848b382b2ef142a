#include "floe/catalog/catalog.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <thread>
#include <random>
#include <set>

#include <fmt/format.h>

#include "floe/iceberg/metadata_json.h"

namespace floe::catalog {

using iceberg::TableMetadataPtr;

namespace {

std::string RandomUuid() {
  thread_local std::mt19937_64 generator(std::random_device{}() ^
                                         (static_cast<uint64_t>(std::random_device{}()) << 32));
  uint64_t high = generator();
  uint64_t low = generator();
  high = (high & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  low = (low & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;    // variant 10
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xFFFF, high & 0xFFFF,
                     low >> 48, low & 0xFFFFFFFFFFFFull);
}

// The version number at the start of a metadata file name ("00003-..."), or -1.
int64_t MetadataFileVersion(std::string_view location) {
  size_t slash = location.rfind('/');
  std::string_view name = slash == std::string_view::npos ? location : location.substr(slash + 1);
  size_t digits = 0;
  while (digits < name.size() && digits < 18 && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
  if (digits == 0 || digits >= name.size() || name[digits] != '-') return -1;
  return std::stoll(std::string(name.substr(0, digits)));
}

std::string NextViewMetadataLocation(const iceberg::ViewMetadata& metadata, std::string_view previous) {
  int64_t version = previous.empty() ? 0 : MetadataFileVersion(previous) + 1;
  if (version < 0) version = 0;
  std::string location = metadata.location;
  while (!location.empty() && location.back() == '/') location.pop_back();
  return fmt::format("{}/metadata/{:05}-{}.metadata.json", location, version, RandomUuid());
}

bool HasAssertCreate(const std::vector<iceberg::TableRequirement>& requirements) {
  for (const auto& requirement : requirements) {
    if (requirement.As<iceberg::AssertCreate>() != nullptr) return true;
  }
  return false;
}

}  // namespace

struct Catalog::PreparedCommit {
  TableIdentifier identifier;
  TableMetadataPtr base;      // nullptr: a staged create completes
  std::string base_location;  // empty: a staged create completes
  std::string new_location;   // empty: nothing changed
  TableMetadataPtr metadata;
  std::shared_ptr<const std::string> metadata_json;  // what was written to new_location
};

Catalog::Catalog(std::shared_ptr<CatalogStore> store, std::shared_ptr<io::FileIO> file_io, CatalogOptions options)
    : store_(std::move(store)),
      file_io_(std::move(file_io)),
      options_(std::move(options)),
      cache_(options_.metadata_cache_capacity),
      purger_(std::make_unique<TablePurger>(store_, file_io_)) {
  while (options_.warehouse.size() > 1 && options_.warehouse.back() == '/') options_.warehouse.pop_back();
  if (options_.purge_in_background) purger_->Start();
}

// ---- Namespaces ----

Result<Page<Namespace>> Catalog::ListNamespaces(const Namespace& parent, const PageRequest& page) {
  return store_->ListNamespaces(parent, page);
}

Result<Properties> Catalog::CreateNamespace(const Namespace& ns, const Properties& properties) {
  FLOE_RETURN_IF_ERROR(ValidateNewNamespace(ns));
  FLOE_RETURN_IF_ERROR(store_->CreateNamespace(ns, properties));
  return properties;
}

Result<Properties> Catalog::LoadNamespaceMetadata(const Namespace& ns) { return store_->LoadNamespaceProperties(ns); }

Status Catalog::NamespaceExists(const Namespace& ns) { return store_->LoadNamespaceProperties(ns).status(); }

Status Catalog::DropNamespace(const Namespace& ns) { return store_->DropNamespace(ns); }

Result<NamespacePropertiesChange> Catalog::UpdateProperties(const Namespace& ns,
                                                            const std::vector<std::string>& removals,
                                                            const Properties& updates) {
  return store_->UpdateNamespaceProperties(ns, removals, updates);
}

// ---- Tables ----

Result<TableMetadataPtr> Catalog::ReadMetadata(const std::string& location) {
  if (TableMetadataPtr cached = cache_.Find(location)) return cached;
  auto metadata = iceberg::ReadTableMetadata(*file_io_, location);
  if (!metadata.ok()) return metadata.status().WithContext(fmt::format("Cannot read table metadata {}", location));
  cache_.Insert(location, *metadata);
  return metadata;
}

Result<std::string> Catalog::DefaultLocation(const TableIdentifier& identifier) {
  FLOE_ASSIGN_OR_RETURN(Properties properties, store_->LoadNamespaceProperties(identifier.ns));
  auto namespace_location = properties.find("location");
  if (namespace_location != properties.end() && !namespace_location->second.empty()) {
    std::string base = namespace_location->second;
    while (base.size() > 1 && base.back() == '/') base.pop_back();
    return fmt::format("{}/{}", base, identifier.name);
  }
  if (options_.warehouse.empty()) {
    return BadRequest("Cannot choose a location for {}: no warehouse is configured; pass a location",
                      identifier.ToString());
  }
  std::string location = options_.warehouse;
  for (const auto& level : identifier.ns.levels) location += "/" + level;
  return location + "/" + identifier.name;
}

void Catalog::DeleteQuietly(const std::string& location) { file_io_->Delete(location).IgnoreError(); }

void Catalog::DeleteRemovedMetadataFiles(const TableMetadataPtr& base, const iceberg::TableMetadata& metadata) {
  if (base == nullptr) return;
  auto enabled = metadata.properties.find("write.metadata.delete-after-commit.enabled");
  if (enabled == metadata.properties.end()) return;
  std::string value = enabled->second;
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
  if (value != "true") return;
  // The builder already trimmed the new log to write.metadata.previous-versions-max:
  // what the base's log had and the new one lacks is no longer referenced.
  std::set<std::string> kept;
  for (const auto& entry : metadata.metadata_log) kept.insert(entry.metadata_file);
  std::vector<std::string> removed;
  for (const auto& entry : base->metadata_log) {
    if (!kept.count(entry.metadata_file)) removed.push_back(entry.metadata_file);
  }
  if (removed.empty()) return;
  // Best effort, like the reference implementation: the commit already succeeded.
  file_io_->DeleteMany(removed).IgnoreError();
}

std::mutex& Catalog::CommitLock(const TableIdentifier& identifier) {
  size_t hash = std::hash<std::string>()(identifier.ns.Key() + kNamespaceSeparator + identifier.name);
  return commit_locks_[hash % commit_locks_.size()];
}

void Catalog::BackOff(int attempt) {
  thread_local std::mt19937 generator(std::random_device{}());
  int ceiling = std::min(100, 1 << std::min(attempt + 1, 7));
  std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(1, ceiling)(generator)));
}

Result<Page<TableIdentifier>> Catalog::ListTables(const Namespace& ns, const PageRequest& page) {
  return store_->ListObjects(ns, CatalogObjectKind::kTable, page);
}

Result<LoadTableResult> Catalog::CreateTable(const Namespace& ns, const CreateTableRequest& request) {
  FLOE_RETURN_IF_ERROR(ValidateNewName(request.name, "table"));
  if (request.schema == nullptr) return BadRequest("Invalid create table request: missing schema");
  TableIdentifier identifier{ns, request.name};
  // Fail fast, before writing files: the namespace must exist, the name be free.
  FLOE_ASSIGN_OR_RETURN(Properties namespace_properties, store_->LoadNamespaceProperties(ns));
  (void)namespace_properties;
  auto existing = store_->LoadObject(identifier, CatalogObjectKind::kTable);
  if (existing.ok()) return AlreadyExists("Table already exists: {}", identifier.ToString());
  if (existing.status().kind() != ErrorKind::kNoSuchTable) return existing.status();

  std::string location = request.location;
  if (location.empty()) {
    FLOE_ASSIGN_OR_RETURN(location, DefaultLocation(identifier));
  }
  while (location.size() > 1 && location.back() == '/') location.pop_back();
  auto spec = request.partition_spec ? request.partition_spec : iceberg::PartitionSpec::Unpartitioned();
  auto order = request.write_order ? request.write_order : iceberg::SortOrder::Unsorted();
  auto builder = iceberg::MetadataBuilder::ForNewTable(*request.schema, *spec, *order, location, request.properties);
  if (!builder.ok()) return builder.status();
  FLOE_ASSIGN_OR_RETURN(TableMetadataPtr metadata, builder->Build());

  LoadTableResult result;
  result.metadata = metadata;
  if (request.stage_create) return result;  // committed later through UpdateTable with assert-create

  std::string metadata_location = iceberg::NextMetadataFileLocation(*metadata, "");
  auto metadata_json = std::make_shared<const std::string>(iceberg::SerializeTableMetadata(*metadata));
  FLOE_RETURN_IF_ERROR(iceberg::WriteTableMetadataJson(*file_io_, metadata_location, *metadata_json));
  Status created = store_->CreateObject(
      CatalogObject{identifier, CatalogObjectKind::kTable, metadata_location, ""});
  if (!created.ok()) {
    DeleteQuietly(metadata_location);
    return created;
  }
  cache_.Insert(metadata_location, metadata, std::move(metadata_json));
  counters_.commits.fetch_add(1, std::memory_order_relaxed);
  result.metadata_location = std::move(metadata_location);
  return result;
}

Result<LoadTableResult> Catalog::LoadTable(const TableIdentifier& identifier) {
  FLOE_ASSIGN_OR_RETURN(CatalogObject object, store_->LoadObject(identifier, CatalogObjectKind::kTable));
  LoadTableResult result;
  FLOE_ASSIGN_OR_RETURN(result.metadata, ReadMetadata(object.metadata_location));
  result.metadata_location = std::move(object.metadata_location);
  return result;
}

std::shared_ptr<const std::string> Catalog::TableMetadataJson(const LoadTableResult& result) {
  return cache_.SerializedJson(result.metadata_location, result.metadata);
}

Result<Catalog::PreparedCommit> Catalog::PrepareCommit(const TableCommit& commit) {
  PreparedCommit prepared;
  prepared.identifier = commit.identifier;
  TableMetadataPtr base;
  auto object = store_->LoadObject(commit.identifier, CatalogObjectKind::kTable);
  if (object.ok()) {
    prepared.base_location = object->metadata_location;
    FLOE_ASSIGN_OR_RETURN(base, ReadMetadata(prepared.base_location));
  } else if (object.status().kind() != ErrorKind::kNoSuchTable || !HasAssertCreate(commit.requirements)) {
    return object.status();
  } else {
    FLOE_RETURN_IF_ERROR(ValidateNewName(commit.identifier.name, "table"));
  }
  prepared.base = base;
  if (base != nullptr && HasAssertCreate(commit.requirements)) {
    return AlreadyExists("Table already exists: {}", commit.identifier.ToString());
  }
  FLOE_ASSIGN_OR_RETURN(prepared.metadata,
                        iceberg::ApplyCommit(base, commit.requirements, commit.updates, prepared.base_location));
  if (prepared.metadata == base) return prepared;  // nothing changed
  if (base == nullptr && prepared.metadata->location.empty()) {
    FLOE_ASSIGN_OR_RETURN(std::string location, DefaultLocation(commit.identifier));
    return BadRequest("Cannot create table {}: the updates set no location (e.g. {})", commit.identifier.ToString(),
                      location);
  }
  prepared.new_location = iceberg::NextMetadataFileLocation(*prepared.metadata, prepared.base_location);
  prepared.metadata_json = std::make_shared<const std::string>(iceberg::SerializeTableMetadata(*prepared.metadata));
  FLOE_RETURN_IF_ERROR(iceberg::WriteTableMetadataJson(*file_io_, prepared.new_location, *prepared.metadata_json));
  return prepared;
}

Result<LoadTableResult> Catalog::UpdateTable(const TableCommit& commit) {
  if (HasAssertCreate(commit.requirements)) FLOE_RETURN_IF_ERROR(ValidateNewName(commit.identifier.name, "table"));
  std::lock_guard table_lock(CommitLock(commit.identifier));
  for (int attempt = 0; attempt < options_.max_commit_attempts; ++attempt) {
    if (attempt > 0) BackOff(attempt);
    auto prepared = PrepareCommit(commit);
    if (!prepared.ok()) {
      if (prepared.status().kind() == ErrorKind::kCommitFailed) {
        counters_.commits_rejected.fetch_add(1, std::memory_order_relaxed);
      }
      return prepared.status();
    }
    LoadTableResult result;
    result.metadata = prepared->metadata;
    if (prepared->new_location.empty()) {
      result.metadata_location = prepared->base_location;
      return result;
    }
    Status swapped =
        prepared->base_location.empty()
            ? store_->CreateObject(CatalogObject{commit.identifier, CatalogObjectKind::kTable, prepared->new_location, ""})
            : store_->SwapMetadataLocations(
                  {{commit.identifier, CatalogObjectKind::kTable, prepared->base_location, prepared->new_location}});
    if (swapped.ok()) {
      cache_.Insert(prepared->new_location, prepared->metadata, prepared->metadata_json);
      // The replaced version is rarely read again: keep one version per hot table, not hundreds.
      if (!prepared->base_location.empty()) cache_.Erase(prepared->base_location);
      DeleteRemovedMetadataFiles(prepared->base, *prepared->metadata);
      counters_.commits.fetch_add(1, std::memory_order_relaxed);
      result.metadata_location = prepared->new_location;
      return result;
    }
    if (swapped.kind() == ErrorKind::kCommitStateUnknown) return swapped;  // the file may be live: keep it
    DeleteQuietly(prepared->new_location);
    if (swapped.kind() != ErrorKind::kCommitFailed) return swapped;
    // Lost the race: re-validate against the winner and re-apply.
    counters_.commit_conflicts.fetch_add(1, std::memory_order_relaxed);
  }
  counters_.commits_rejected.fetch_add(1, std::memory_order_relaxed);
  return CommitFailed("Cannot commit {}: {} attempts lost to concurrent commits", commit.identifier.ToString(),
                      options_.max_commit_attempts);
}

Status Catalog::CommitTransaction(const std::vector<TableCommit>& commits) {
  if (commits.empty()) return BadRequest("Invalid commit transaction: no table changes");
  for (size_t i = 0; i < commits.size(); ++i) {
    for (size_t j = i + 1; j < commits.size(); ++j) {
      if (commits[i].identifier == commits[j].identifier) {
        return BadRequest("Invalid commit transaction: table {} appears more than once",
                          commits[i].identifier.ToString());
      }
    }
  }
  // Lock every table's stripe, in a fixed order (no deadlocks between transactions).
  std::vector<std::mutex*> stripes;
  for (const auto& commit : commits) stripes.push_back(&CommitLock(commit.identifier));
  std::sort(stripes.begin(), stripes.end());
  stripes.erase(std::unique(stripes.begin(), stripes.end()), stripes.end());
  std::vector<std::unique_lock<std::mutex>> locks;
  for (std::mutex* stripe : stripes) locks.emplace_back(*stripe);
  for (int attempt = 0; attempt < options_.max_commit_attempts; ++attempt) {
    if (attempt > 0) BackOff(attempt);
    std::vector<PreparedCommit> prepared;
    Status status;
    for (const auto& commit : commits) {
      if (HasAssertCreate(commit.requirements)) {
        status = UnsupportedOperation("Creating table {} inside a multi-table transaction is not supported",
                                      commit.identifier.ToString());
        break;
      }
      auto one = PrepareCommit(commit);
      if (!one.ok()) {
        status = one.status();
        break;
      }
      prepared.push_back(std::move(one).value());
    }
    std::vector<MetadataLocationSwap> swaps;
    for (const auto& one : prepared) {
      if (!one.new_location.empty()) {
        swaps.push_back({one.identifier, CatalogObjectKind::kTable, one.base_location, one.new_location});
      }
    }
    if (status.ok() && !swaps.empty()) status = store_->SwapMetadataLocations(swaps);
    if (status.ok()) {
      for (const auto& one : prepared) {
        if (one.new_location.empty()) continue;
        cache_.Insert(one.new_location, one.metadata, one.metadata_json);
        cache_.Erase(one.base_location);
        DeleteRemovedMetadataFiles(one.base, *one.metadata);
      }
      counters_.commits.fetch_add(1, std::memory_order_relaxed);
      return status;
    }
    if (status.kind() == ErrorKind::kCommitStateUnknown) return status;
    for (const auto& swap : swaps) DeleteQuietly(swap.new_location);
    if (status.kind() != ErrorKind::kCommitFailed || swaps.empty() || prepared.size() != commits.size()) {
      if (status.kind() == ErrorKind::kCommitFailed) counters_.commits_rejected.fetch_add(1, std::memory_order_relaxed);
      return status;
    }
    counters_.commit_conflicts.fetch_add(1, std::memory_order_relaxed);
  }
  counters_.commits_rejected.fetch_add(1, std::memory_order_relaxed);
  return CommitFailed("Cannot commit the transaction: {} attempts lost to concurrent commits",
                      options_.max_commit_attempts);
}

Status Catalog::DropTable(const TableIdentifier& identifier, bool purge) {
  if (!purge) return store_->DropObject(identifier, CatalogObjectKind::kTable);
  FLOE_RETURN_IF_ERROR(store_->DropTableForPurge(identifier).status());
  purger_->Notify();
  return Status::OK();
}

Status Catalog::RenameTable(const TableIdentifier& from, const TableIdentifier& to) {
  FLOE_RETURN_IF_ERROR(ValidateNewName(to.name, "table"));
  return store_->RenameObject(from, to, CatalogObjectKind::kTable);
}

Result<LoadTableResult> Catalog::RegisterTable(const TableIdentifier& identifier,
                                               const std::string& metadata_location, bool overwrite) {
  FLOE_RETURN_IF_ERROR(ValidateNewName(identifier.name, "table"));
  if (metadata_location.empty()) return BadRequest("Invalid register table request: empty metadata-location");
  FLOE_ASSIGN_OR_RETURN(TableMetadataPtr metadata, ReadMetadata(metadata_location));
  Status created = store_->CreateObject(CatalogObject{identifier, CatalogObjectKind::kTable, metadata_location, ""});
  if (created.kind() == ErrorKind::kAlreadyExists && overwrite) {
    for (int attempt = 0; attempt < options_.max_commit_attempts; ++attempt) {
      FLOE_ASSIGN_OR_RETURN(CatalogObject current, store_->LoadObject(identifier, CatalogObjectKind::kTable));
      created = store_->SwapMetadataLocations(
          {{identifier, CatalogObjectKind::kTable, current.metadata_location, metadata_location}});
      if (created.kind() != ErrorKind::kCommitFailed) break;
    }
  }
  FLOE_RETURN_IF_ERROR(created);
  counters_.commits.fetch_add(1, std::memory_order_relaxed);
  return LoadTableResult{metadata_location, metadata, {}};
}

Status Catalog::TableExists(const TableIdentifier& identifier) {
  return store_->LoadObject(identifier, CatalogObjectKind::kTable).status();
}

Status Catalog::ReportMetrics(const TableIdentifier& identifier, MetricsReportRecord report) {
  FLOE_RETURN_IF_ERROR(store_->LoadObject(identifier, CatalogObjectKind::kTable).status());
  report.table = identifier;
  return store_->RecordMetricsReport(report, options_.metrics_report_retention_ms);
}

// ---- Views ----

Result<Page<TableIdentifier>> Catalog::ListViews(const Namespace& ns, const PageRequest& page) {
  return store_->ListObjects(ns, CatalogObjectKind::kView, page);
}

Result<LoadViewResult> Catalog::CreateView(const Namespace& ns, const CreateViewRequest& request) {
  FLOE_RETURN_IF_ERROR(ValidateNewName(request.name, "view"));
  if (request.schema == nullptr) return BadRequest("Invalid create view request: missing schema");
  TableIdentifier identifier{ns, request.name};
  FLOE_RETURN_IF_ERROR(store_->LoadNamespaceProperties(ns));
  std::string location = request.location;
  if (location.empty()) {
    FLOE_ASSIGN_OR_RETURN(location, DefaultLocation(identifier));
  }
  auto builder = iceberg::ViewMetadataBuilder::BuildFromEmpty();
  FLOE_RETURN_IF_ERROR(builder.SetLocation(location));
  FLOE_RETURN_IF_ERROR(builder.SetCurrentVersion(request.view_version, request.schema));
  if (!request.properties.empty()) {
    FLOE_RETURN_IF_ERROR(builder.SetProperties(request.properties));
  }
  FLOE_ASSIGN_OR_RETURN(iceberg::ViewMetadataPtr metadata, builder.Build());
  std::string metadata_location = NextViewMetadataLocation(*metadata, "");
  FLOE_RETURN_IF_ERROR(iceberg::WriteViewMetadata(*file_io_, metadata_location, *metadata));
  Status created = store_->CreateObject(CatalogObject{identifier, CatalogObjectKind::kView, metadata_location, ""});
  if (!created.ok()) {
    DeleteQuietly(metadata_location);
    return created;
  }
  counters_.commits.fetch_add(1, std::memory_order_relaxed);
  return LoadViewResult{metadata_location, metadata, {}};
}

Result<LoadViewResult> Catalog::LoadView(const TableIdentifier& identifier) {
  FLOE_ASSIGN_OR_RETURN(CatalogObject object, store_->LoadObject(identifier, CatalogObjectKind::kView));
  auto metadata = iceberg::ReadViewMetadata(*file_io_, object.metadata_location);
  if (!metadata.ok()) {
    return metadata.status().WithContext(fmt::format("Cannot read view metadata {}", object.metadata_location));
  }
  return LoadViewResult{object.metadata_location, *metadata, {}};
}

Result<LoadViewResult> Catalog::ReplaceView(const TableIdentifier& identifier,
                                            const std::vector<iceberg::ViewRequirement>& requirements,
                                            const std::vector<iceberg::ViewUpdate>& updates) {
  std::lock_guard view_lock(CommitLock(identifier));
  for (int attempt = 0; attempt < options_.max_commit_attempts; ++attempt) {
    if (attempt > 0) BackOff(attempt);
    FLOE_ASSIGN_OR_RETURN(LoadViewResult current, LoadView(identifier));
    auto metadata = iceberg::ApplyViewCommit(current.metadata, requirements, updates);
    if (!metadata.ok()) {
      if (metadata.status().kind() == ErrorKind::kCommitFailed) {
        counters_.commits_rejected.fetch_add(1, std::memory_order_relaxed);
      }
      return metadata.status();
    }
    if (*metadata == current.metadata) return current;
    std::string new_location = NextViewMetadataLocation(**metadata, current.metadata_location);
    FLOE_RETURN_IF_ERROR(iceberg::WriteViewMetadata(*file_io_, new_location, **metadata));
    Status swapped = store_->SwapMetadataLocations(
        {{identifier, CatalogObjectKind::kView, current.metadata_location, new_location}});
    if (swapped.ok()) {
      counters_.commits.fetch_add(1, std::memory_order_relaxed);
      return LoadViewResult{new_location, *metadata, {}};
    }
    if (swapped.kind() == ErrorKind::kCommitStateUnknown) return swapped;
    DeleteQuietly(new_location);
    if (swapped.kind() != ErrorKind::kCommitFailed) return swapped;
    counters_.commit_conflicts.fetch_add(1, std::memory_order_relaxed);
  }
  counters_.commits_rejected.fetch_add(1, std::memory_order_relaxed);
  return CommitFailed("Cannot commit view {}: {} attempts lost to concurrent commits", identifier.ToString(),
                      options_.max_commit_attempts);
}

Status Catalog::DropView(const TableIdentifier& identifier) {
  return store_->DropObject(identifier, CatalogObjectKind::kView);
}

Status Catalog::RenameView(const TableIdentifier& from, const TableIdentifier& to) {
  FLOE_RETURN_IF_ERROR(ValidateNewName(to.name, "view"));
  return store_->RenameObject(from, to, CatalogObjectKind::kView);
}

Status Catalog::ViewExists(const TableIdentifier& identifier) {
  return store_->LoadObject(identifier, CatalogObjectKind::kView).status();
}

}  // namespace floe::catalog
