// LocalFileIO: FileIO over the local filesystem (POSIX).
//
// Locations: `/abs/path`, `file:/abs/path` or `file:///abs/path`.
// Writes go to a hidden temporary file beside the target (`.<name>.<random>.tmp`)
// and are published on Close(): kFailIfExists uses link(2), which fails
// atomically if the target exists; kOverwrite uses rename(2). Parent
// directories are created as needed. Close() fsyncs the file before publishing.
#pragma once

#include "floe/io/file_io.h"

namespace floe::io {

class LocalFileIO final : public FileIO {
 public:
  Result<std::unique_ptr<InputFile>> OpenInput(std::string_view location) override;
  Result<std::unique_ptr<OutputFile>> CreateOutput(std::string_view location, WriteMode mode) override;
  Status Delete(std::string_view location) override;
  Result<bool> Exists(std::string_view location) override;
  Result<std::vector<FileInfo>> List(std::string_view prefix) override;

  // The filesystem path of a local location ("file:///a/b" -> "/a/b").
  static std::string PathOf(std::string_view location);
};

}  // namespace floe::io
