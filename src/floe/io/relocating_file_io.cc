#include "floe/io/relocating_file_io.h"

#include <algorithm>

namespace floe::io {

Result<LocationMapping> ParseLocationMapping(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0 || eq + 1 == text.size()) {
    return BadRequest("Invalid location mapping '{}': expected FROM=TO", text);
  }
  return LocationMapping{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

RelocatingFileIO::RelocatingFileIO(std::shared_ptr<FileIO> target, std::vector<LocationMapping> mappings)
    : target_(std::move(target)), mappings_(std::move(mappings)) {
  std::stable_sort(mappings_.begin(), mappings_.end(),
                   [](const LocationMapping& a, const LocationMapping& b) { return a.from.size() > b.from.size(); });
}

std::string RelocatingFileIO::Map(std::string_view location) const {
  for (const auto& m : mappings_) {
    if (location.starts_with(m.from)) return m.to + std::string(location.substr(m.from.size()));
  }
  return std::string(location);
}

Result<std::unique_ptr<InputFile>> RelocatingFileIO::OpenInput(std::string_view location) {
  return target_->OpenInput(Map(location));
}

Result<std::unique_ptr<OutputFile>> RelocatingFileIO::CreateOutput(std::string_view location, WriteMode mode) {
  return target_->CreateOutput(Map(location), mode);
}

Status RelocatingFileIO::Delete(std::string_view location) { return target_->Delete(Map(location)); }

Result<bool> RelocatingFileIO::Exists(std::string_view location) { return target_->Exists(Map(location)); }

Result<std::vector<FileInfo>> RelocatingFileIO::List(std::string_view prefix) {
  std::string mapped_prefix = Map(prefix);
  FLOE_ASSIGN_OR_RETURN(auto files, target_->List(mapped_prefix));
  // Map back: the listed locations start with mapped_prefix; restore `prefix`.
  for (auto& file : files) {
    if (file.location.starts_with(mapped_prefix)) {
      file.location = std::string(prefix) + file.location.substr(mapped_prefix.size());
    }
  }
  return files;
}

}  // namespace floe::io
