#include "floe/catalog/metadata_cache.h"

#include "floe/iceberg/metadata_json.h"

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
  return it->second->metadata;
}

void MetadataCache::Insert(const std::string& location, iceberg::TableMetadataPtr metadata, Json json) {
  if (capacity_ == 0 || metadata == nullptr) return;
  std::lock_guard lock(mutex_);
  auto it = index_.find(location);
  if (it != index_.end()) {
    entries_.splice(entries_.begin(), entries_, it->second);
    if (json != nullptr && it->second->json == nullptr && it->second->metadata == metadata) {
      AttachJson(it->second, std::move(json));
    }
    return;
  }
  entries_.push_front(Entry{location, std::move(metadata), nullptr});
  index_.emplace(location, entries_.begin());
  if (json != nullptr) AttachJson(entries_.begin(), std::move(json));
  while (entries_.size() > capacity_) {
    Entry& last = entries_.back();
    if (last.json != nullptr) json_bytes_ -= last.json->size();
    index_.erase(last.location);
    entries_.pop_back();
  }
}

void MetadataCache::Erase(const std::string& location) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(location);
  if (it == index_.end()) return;
  if (it->second->json != nullptr) json_bytes_ -= it->second->json->size();
  entries_.erase(it->second);
  index_.erase(it);
}

MetadataCache::Json MetadataCache::SerializedJson(const std::string& location,
                                                  const iceberg::TableMetadataPtr& metadata) {
  {
    std::lock_guard lock(mutex_);
    auto it = index_.find(location);
    if (it != index_.end() && it->second->metadata == metadata && it->second->json != nullptr) {
      return it->second->json;
    }
  }
  auto json = std::make_shared<const std::string>(iceberg::SerializeTableMetadata(*metadata));
  std::lock_guard lock(mutex_);
  auto it = index_.find(location);
  if (it != index_.end() && it->second->metadata == metadata && it->second->json == nullptr) {
    AttachJson(it->second, json);
  }
  return json;
}

void MetadataCache::AttachJson(std::list<Entry>::iterator it, Json json) {
  if (json->size() > json_capacity_bytes_ / 4) return;  // one huge table must not flush the rest
  json_bytes_ += json->size();
  it->json = std::move(json);
  json_order_.push_back(it->location);
  while (json_bytes_ > json_capacity_bytes_ && !json_order_.empty()) {
    auto oldest = index_.find(json_order_.front());
    json_order_.pop_front();
    if (oldest == index_.end() || oldest->second->json == nullptr) continue;  // evicted or already dropped
    json_bytes_ -= oldest->second->json->size();
    oldest->second->json = nullptr;
  }
  // Locations of evicted entries linger in json_order_; keep it from growing without bound.
  if (json_order_.size() > 2 * (capacity_ + 1)) {
    std::deque<std::string> live;
    for (auto& location : json_order_) {
      auto entry = index_.find(location);
      if (entry != index_.end() && entry->second->json != nullptr) live.push_back(std::move(location));
    }
    json_order_ = std::move(live);
  }
}

size_t MetadataCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace floe::catalog
