#include "floe/catalog/metadata_cache.h"

namespace floe::catalog {

iceberg::TableMetadataPtr MetadataCache::Find(const std::string& location) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(location);
  if (it == index_.end()) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  hits_.fetch_add(1, std::memory_order_relaxed);
  entries_.splice(entries_.begin(), entries_, it->second);
  return it->second->second;
}

void MetadataCache::Insert(const std::string& location, iceberg::TableMetadataPtr metadata) {
  if (capacity_ == 0 || metadata == nullptr) return;
  std::lock_guard lock(mutex_);
  auto it = index_.find(location);
  if (it != index_.end()) {
    entries_.splice(entries_.begin(), entries_, it->second);
    return;
  }
  entries_.emplace_front(location, std::move(metadata));
  index_.emplace(location, entries_.begin());
  while (entries_.size() > capacity_) {
    index_.erase(entries_.back().first);
    entries_.pop_back();
  }
}

size_t MetadataCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace floe::catalog
