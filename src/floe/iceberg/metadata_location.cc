#include "floe/iceberg/metadata_location.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace floe::iceberg {

namespace {

std::string_view FileName(std::string_view location) {
  auto slash = location.rfind('/');
  return slash == std::string_view::npos ? location : location.substr(slash + 1);
}

bool IsMetadataFileName(std::string_view name) {
  return name.ends_with(".metadata.json") && !name.starts_with(".");
}

std::string TrimTrailingSlashes(std::string_view path) {
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return std::string(path);
}

}  // namespace

std::optional<int64_t> MetadataFileVersion(std::string_view location) {
  std::string_view name = FileName(location);
  if (!IsMetadataFileName(name)) return std::nullopt;
  if (name.starts_with("v")) name.remove_prefix(1);
  int64_t version = 0;
  auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), version);
  if (error != std::errc() || end == name.data()) return std::nullopt;
  char next = end < name.data() + name.size() ? *end : '\0';
  if (next != '-' && next != '.') return std::nullopt;
  return version;
}

Result<std::string> ResolveMetadataLocation(io::FileIO& file_io, std::string_view path) {
  std::string base = TrimTrailingSlashes(path);
  if (IsMetadataFileName(FileName(base))) {
    FLOE_ASSIGN_OR_RETURN(bool exists, file_io.Exists(base));
    if (!exists) return NotFound("Metadata file not found: {}", base);
    return base;
  }
  // A table directory, or its metadata/ directory.
  std::string metadata_dir = FileName(base) == "metadata" ? base : base + "/metadata";
  FLOE_ASSIGN_OR_RETURN(auto files, file_io.List(metadata_dir + "/"));

  // 1. version-hint.text
  for (const auto& file : files) {
    if (FileName(file.location) != "version-hint.text") continue;
    auto hint = file_io.ReadFile(file.location);
    if (!hint.ok()) break;
    std::string text = *hint;
    text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)); }),
               text.end());
    int64_t version = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (error != std::errc() || end != text.data() + text.size()) break;  // fall back to scanning
    for (const auto& candidate : files) {
      if (MetadataFileVersion(candidate.location) == version) return candidate.location;
    }
    break;
  }

  // 2./3. highest version, then newest.
  const io::FileInfo* best = nullptr;
  std::optional<int64_t> best_version;
  for (const auto& file : files) {
    std::string_view name = FileName(file.location);
    if (!IsMetadataFileName(name)) continue;
    std::string_view parent(file.location.data(), file.location.size() - name.size() - 1);
    if (parent != metadata_dir) continue;  // in a nested directory
    auto version = MetadataFileVersion(file.location);
    bool better = best == nullptr || (version.has_value() && (!best_version || *version > *best_version)) ||
                  (version == best_version && file.modified_ms > best->modified_ms);
    if (better) {
      best = &file;
      best_version = version;
    }
  }
  if (best == nullptr) return NotFound("No table metadata found under {}", metadata_dir);
  return best->location;
}

}  // namespace floe::iceberg
