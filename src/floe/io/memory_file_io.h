// MemoryFileIO: an in-memory FileIO for tests, with the same visibility and
// no-overwrite contract as every other FileIO. Thread-safe.
#pragma once

#include <map>
#include <mutex>

#include "floe/io/file_io.h"

namespace floe::io {

class MemoryFileIO final : public FileIO {
 public:
  Result<std::unique_ptr<InputFile>> OpenInput(std::string_view location) override;
  Result<std::unique_ptr<OutputFile>> CreateOutput(std::string_view location, WriteMode mode) override;
  Status Delete(std::string_view location) override;
  Result<bool> Exists(std::string_view location) override;
  Result<std::vector<FileInfo>> List(std::string_view prefix) override;

  // Publishes `contents` at `location` (used by OutputFile::Close).
  Status Publish(const std::string& location, std::string contents, WriteMode mode);

 private:
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const std::string>, std::less<>> files_;
};

}  // namespace floe::io
