// RelocatingFileIO: a FileIO that rewrites location prefixes before
// delegating, for reading a table whose files were copied elsewhere (an S3
// table downloaded to a laptop, fixtures written with relative paths).
//
// Each mapping is FROM=TO; the longest FROM that prefixes a location wins,
// and locations that match none pass through unchanged. Listed locations
// are mapped back to the FROM form, so callers only ever see the paths the
// table's metadata uses. Thread-safe if the wrapped FileIO is.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "floe/io/file_io.h"

namespace floe::io {

struct LocationMapping {
  std::string from;
  std::string to;
};

// Parses "FROM=TO" (as given on the command line).
Result<LocationMapping> ParseLocationMapping(std::string_view text);

class RelocatingFileIO final : public FileIO {
 public:
  RelocatingFileIO(std::shared_ptr<FileIO> target, std::vector<LocationMapping> mappings);

  Result<std::unique_ptr<InputFile>> OpenInput(std::string_view location) override;
  Result<std::unique_ptr<OutputFile>> CreateOutput(std::string_view location, WriteMode mode) override;
  Status Delete(std::string_view location) override;
  Result<bool> Exists(std::string_view location) override;
  Result<std::vector<FileInfo>> List(std::string_view prefix) override;

  // The location a path maps to.
  std::string Map(std::string_view location) const;

 private:
  std::shared_ptr<FileIO> target_;
  std::vector<LocationMapping> mappings_;  // sorted longest `from` first
};

}  // namespace floe::io
