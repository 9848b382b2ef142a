// MetadataCache: parsed table metadata keyed by metadata file location.
//
// Metadata files are immutable (written once with kFailIfExists), so an entry
// never goes stale; a table's current state is found through the store's
// pointer, and the cache only saves re-reading and re-parsing the file.
// Least-recently-used entries are evicted beyond `capacity` (0 disables it).
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "floe/iceberg/table_metadata.h"

namespace floe::catalog {

class MetadataCache {
 public:
  explicit MetadataCache(size_t capacity) : capacity_(capacity) {}

  // The cached metadata, or nullptr (counted as a hit or a miss).
  iceberg::TableMetadataPtr Find(const std::string& location);
  void Insert(const std::string& location, iceberg::TableMetadataPtr metadata);

  uint64_t hits() const { return hits_.load(std::memory_order_relaxed); }
  uint64_t misses() const { return misses_.load(std::memory_order_relaxed); }
  size_t size() const;

 private:
  using Entry = std::pair<std::string, iceberg::TableMetadataPtr>;
  size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

}  // namespace floe::catalog
