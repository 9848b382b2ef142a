// MetadataCache: parsed table metadata keyed by metadata file location.
//
// Metadata files are immutable (written once with kFailIfExists), so an entry
// never goes stale; a table's current state is found through the store's
// pointer, and the cache only saves re-reading and re-parsing the file.
// Least-recently-used entries are evicted beyond `capacity` (0 disables it).
//
// An entry may also hold its metadata serialized as JSON (what loadTable
// sends), so a table version is serialized once, not once per request. Those
// texts are bounded separately, by `json_capacity_bytes`: beyond it the
// oldest texts are dropped (their metadata stays).
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "floe/iceberg/table_metadata.h"

namespace floe::catalog {

class MetadataCache {
 public:
  using Json = std::shared_ptr<const std::string>;
  static constexpr size_t kDefaultJsonCapacityBytes = size_t{64} << 20;

  explicit MetadataCache(size_t capacity, size_t json_capacity_bytes = kDefaultJsonCapacityBytes)
      : capacity_(capacity), json_capacity_bytes_(json_capacity_bytes) {}

  // The cached metadata, or nullptr (counted as a hit or a miss).
  iceberg::TableMetadataPtr Find(const std::string& location);
  // `json`, when given, is `metadata` serialized (iceberg::SerializeTableMetadata).
  void Insert(const std::string& location, iceberg::TableMetadataPtr metadata, Json json = nullptr);
  // Forgets `location` (a table version that is no longer current).
  void Erase(const std::string& location);
  // `metadata` as JSON: the cached text when `location` is cached with this
  // very metadata object, else serialized now (and kept when it is cached).
  Json SerializedJson(const std::string& location, const iceberg::TableMetadataPtr& metadata);

  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }
  size_t size() const;

 private:
  struct Entry {
    std::string location;
    iceberg::TableMetadataPtr metadata;
    Json json;  // may be null
  };
  // Keeps `json` with the entry at `it` and trims the texts to the budget. Locked.
  void AttachJson(std::list<Entry>::iterator it, Json json);

  size_t capacity_;
  size_t json_capacity_bytes_;
  size_t json_bytes_ = 0;  // total size of the cached texts
  std::deque<std::string> json_order_;  // locations whose text was attached, oldest first (may be stale)
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

}  // namespace floe::catalog
