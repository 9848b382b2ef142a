#include "floe/catalog/table_purge.h"

#include <set>
#include <vector>

#include <spdlog/spdlog.h>

#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/iceberg/metadata_json.h"

namespace floe::catalog {

namespace {

// Long enough for any purge; a claim of a crashed server expires after it.
constexpr int64_t kPurgeLeaseMs = 15 * 60 * 1000;
constexpr int kPurgeBatch = 100;

bool IsMissing(const Status& status) { return status.kind() == ErrorKind::kNotFound; }

// A file that cannot be read for another reason than absence: storage
// errors stop the purge (retried later); corrupt content is skipped.
Status SkipOrFail(const Status& status, std::string_view what, std::string_view location) {
  if (IsMissing(status)) return Status::OK();
  if (status.kind() == ErrorKind::kIOError || status.kind() == ErrorKind::kServiceUnavailable) return status;
  spdlog::warn("purge: skipping unreadable {} {}: {}", what, location, status.message());
  return Status::OK();
}

// Files in deletion order, each layer deduplicated.
struct PurgePlan {
  std::set<std::string> content_files;   // data and delete files
  std::set<std::string> manifests;
  std::set<std::string> manifest_lists;  // and statistics files
  std::vector<std::string> metadata_files;  // oldest first, the last one last
};

Status CollectVersion(io::FileIO& file_io, const iceberg::TableMetadata& metadata, PurgePlan* plan,
                      std::set<std::string>* manifests_read) {
  for (const auto& snapshot : metadata.snapshots) {
    std::vector<iceberg::ManifestFile> manifests;
    if (!snapshot->manifest_list.empty()) {
      plan->manifest_lists.insert(snapshot->manifest_list);
      if (!manifests_read->insert("list:" + snapshot->manifest_list).second) continue;
      auto listed = iceberg::ReadManifestList(file_io, snapshot->manifest_list, snapshot->snapshot_id);
      if (!listed.ok()) {
        FLOE_RETURN_IF_ERROR(SkipOrFail(listed.status(), "manifest list", snapshot->manifest_list));
        continue;
      }
      manifests = std::move(listed).value();
    } else {
      for (const auto& path : snapshot->v1_manifests) {
        iceberg::ManifestFile manifest;
        manifest.manifest_path = path;
        manifests.push_back(std::move(manifest));
      }
    }
    for (const auto& manifest : manifests) {
      plan->manifests.insert(manifest.manifest_path);
      if (!manifests_read->insert(manifest.manifest_path).second) continue;
      auto entries = iceberg::ReadManifest(file_io, manifest, &metadata);
      if (!entries.ok()) {
        FLOE_RETURN_IF_ERROR(SkipOrFail(entries.status(), "manifest", manifest.manifest_path));
        continue;
      }
      for (const auto& entry : *entries) plan->content_files.insert(entry.data_file.file_path);
    }
  }
  for (const auto& statistics : metadata.statistics) plan->manifest_lists.insert(statistics.statistics_path);
  for (const auto& statistics : metadata.partition_statistics) {
    plan->manifest_lists.insert(statistics.statistics_path);
  }
  return Status::OK();
}

Status DeleteAll(io::FileIO& file_io, const std::set<std::string>& files) {
  return file_io.DeleteMany(std::vector<std::string>(files.begin(), files.end()));
}

}  // namespace

Status PurgeTableFiles(io::FileIO& file_io, const std::string& metadata_location) {
  auto last = iceberg::ReadTableMetadata(file_io, metadata_location);
  if (!last.ok()) {
    // Missing: the last step of an earlier run deleted it, so all is gone.
    FLOE_RETURN_IF_ERROR(SkipOrFail(last.status(), "metadata file", metadata_location));
    return file_io.Delete(metadata_location);
  }
  PurgePlan plan;
  std::set<std::string> manifests_read;
  std::set<std::string> metadata_seen{metadata_location};
  for (const auto& entry : (*last)->metadata_log) {
    if (!metadata_seen.insert(entry.metadata_file).second) continue;
    plan.metadata_files.push_back(entry.metadata_file);
    auto version = iceberg::ReadTableMetadata(file_io, entry.metadata_file);
    if (!version.ok()) {
      FLOE_RETURN_IF_ERROR(SkipOrFail(version.status(), "metadata file", entry.metadata_file));
      continue;
    }
    FLOE_RETURN_IF_ERROR(CollectVersion(file_io, **version, &plan, &manifests_read));
  }
  FLOE_RETURN_IF_ERROR(CollectVersion(file_io, **last, &plan, &manifests_read));
  plan.metadata_files.push_back(metadata_location);

  FLOE_RETURN_IF_ERROR(DeleteAll(file_io, plan.content_files));
  FLOE_RETURN_IF_ERROR(DeleteAll(file_io, plan.manifests));
  FLOE_RETURN_IF_ERROR(DeleteAll(file_io, plan.manifest_lists));
  for (const auto& file : plan.metadata_files) FLOE_RETURN_IF_ERROR(file_io.Delete(file));
  return Status::OK();
}

TablePurger::TablePurger(std::shared_ptr<CatalogStore> store, std::shared_ptr<io::FileIO> file_io)
    : store_(std::move(store)), file_io_(std::move(file_io)) {}

TablePurger::~TablePurger() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void TablePurger::Start(std::chrono::milliseconds interval) {
  std::lock_guard lock(mutex_);
  if (thread_.joinable()) return;
  ++requests_;  // resume what the store holds at once
  thread_ = std::thread([this, interval] { Loop(interval); });
}

void TablePurger::Notify() {
  {
    std::lock_guard lock(mutex_);
    ++requests_;
  }
  wake_.notify_all();
}

Status TablePurger::RunPendingPurges() {
  Status first_error;
  std::set<std::string> attempted;
  while (true) {
    auto pending = store_->ListPendingPurges(kPurgeBatch);
    if (!pending.ok()) return pending.status();
    bool progressed = false;
    for (const auto& purge : *pending) {
      if (!attempted.insert(purge.metadata_location).second) continue;
      progressed = true;
      auto claimed = store_->ClaimPendingPurge(purge.metadata_location, kPurgeLeaseMs);
      if (!claimed.ok()) {
        if (first_error.ok()) first_error = claimed.status();
        continue;
      }
      if (!*claimed) continue;  // another purger runs it
      Status purged = PurgeTableFiles(*file_io_, purge.metadata_location);
      if (purged.ok()) purged = store_->CompletePendingPurge(purge.metadata_location);
      if (purged.ok()) {
        purged_tables_.fetch_add(1);
        spdlog::info("purge: deleted the files of dropped table {} ({})", purge.table.ToString(),
                     purge.metadata_location);
      } else {
        spdlog::warn("purge of dropped table {} failed, will retry: {}", purge.table.ToString(), purged.message());
        if (first_error.ok()) first_error = purged;
      }
    }
    if (!progressed) return first_error;
  }
}

void TablePurger::WaitUntilIdle() {
  std::unique_lock lock(mutex_);
  if (!thread_.joinable()) {
    lock.unlock();
    RunPendingPurges().IgnoreError();
    return;
  }
  uint64_t target = ++requests_;
  wake_.notify_all();
  idle_.wait(lock, [&] { return stopping_ || (!running_ && served_ >= target); });
}

void TablePurger::Loop(std::chrono::milliseconds interval) {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    if (served_ < requests_) {
      uint64_t pass = requests_;
      running_ = true;
      lock.unlock();
      RunPendingPurges().IgnoreError();
      lock.lock();
      running_ = false;
      served_ = pass;
      idle_.notify_all();
      continue;
    }
    wake_.wait_for(lock, interval, [&] { return stopping_ || served_ < requests_; });
    if (!stopping_ && served_ >= requests_) ++requests_;  // periodic pass
  }
  idle_.notify_all();
}

}  // namespace floe::catalog
