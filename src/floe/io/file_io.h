// FileIO: how floe reads and writes table files, whatever the storage.
//
// Locations are URIs: `file:///abs/path`, a bare absolute path (local), or
// `s3://bucket/key`. Implementations: LocalFileIO (local_file_io.h),
// MemoryFileIO (memory_file_io.h, for tests), S3FileIO (s3_file_io.h).
//
// Contract (all implementations):
// - Thread-safe: one FileIO may be used from many threads at once.
// - Atomic visibility: an OutputFile's bytes become visible only when Close()
//   succeeds; Abort() (or destroying an unclosed OutputFile) leaves nothing
//   visible. A half-written file is never observable at its location.
// - kFailIfExists never overwrites: if the location already exists (or another
//   writer wins a race for it) Close() fails with kAlreadyExists. Table metadata
//   files are always written this way.
// - Errors: a missing file is kNotFound; storage failures are kIOError with the
//   location and the OS/server reason in the message.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"

namespace floe::io {

// A byte range [offset, offset + length).
struct ByteRange {
  int64_t offset = 0;
  int64_t length = 0;
};

// A readable file. Instances are not thread-safe; open one per thread.
class InputFile {
 public:
  virtual ~InputFile() = default;
  virtual const std::string& location() const = 0;
  virtual Result<int64_t> Size() = 0;
  // Reads exactly `length` bytes at `offset` into `out`; reading past the end
  // is kInvalidData (a truncated file), never a short read.
  virtual Status ReadAt(int64_t offset, int64_t length, uint8_t* out) = 0;
  // Reads several ranges; stores may fetch them in parallel (S3 ranged GETs).
  // `out[i]` receives ranges[i]. The default reads them one after another.
  virtual Status ReadRanges(const std::vector<ByteRange>& ranges, std::vector<std::string>* out);
  // Reads the whole file.
  Result<std::string> ReadAll();
};

enum class WriteMode {
  kFailIfExists,  // the file must not exist yet (metadata files, data files)
  kOverwrite,     // replace atomically if it exists
};

// A file being written. Bytes are streamed through Write(); stores may upload
// them in parts (S3 multipart) so memory stays bounded.
class OutputFile {
 public:
  virtual ~OutputFile() = default;
  virtual const std::string& location() const = 0;
  virtual Status Write(const void* data, size_t size) = 0;
  Status Write(std::string_view data) { return Write(data.data(), data.size()); }
  // Bytes written so far.
  virtual int64_t Position() const = 0;
  // Publishes the file. After an error nothing is visible at the location.
  virtual Status Close() = 0;
  // Discards everything written. Idempotent; a no-op after Close().
  virtual void Abort() = 0;
};

struct FileInfo {
  std::string location;
  int64_t size = 0;
  int64_t modified_ms = 0;  // last modification, ms since the epoch
};

class FileIO {
 public:
  virtual ~FileIO() = default;

  virtual Result<std::unique_ptr<InputFile>> OpenInput(std::string_view location) = 0;
  virtual Result<std::unique_ptr<OutputFile>> CreateOutput(std::string_view location, WriteMode mode) = 0;
  // Deletes a file. Deleting a missing file is OK (idempotent purges).
  virtual Status Delete(std::string_view location) = 0;
  // Deletes many files; stores batch these (S3 DeleteObjects). Missing files are OK.
  virtual Status DeleteMany(const std::vector<std::string>& locations);
  virtual Result<bool> Exists(std::string_view location) = 0;
  // Every file whose location starts with `prefix`, recursively, in no particular order.
  virtual Result<std::vector<FileInfo>> List(std::string_view prefix) = 0;

  // Convenience: reads a whole file.
  Result<std::string> ReadFile(std::string_view location);
  // Convenience: writes a whole file with the given mode, atomically.
  Status WriteFile(std::string_view location, std::string_view contents, WriteMode mode);
};

// The FileIO for a location's scheme: local paths and file://, and
// s3:// / s3a:// / s3n:// (S3FileIO, configured from `properties` with
// Iceberg's names, then the AWS_* environment variables; see s3_client.h).
// Unknown schemes give kNotImplemented naming the scheme; invalid S3
// properties kBadRequest naming the property.
Result<std::shared_ptr<FileIO>> FileIOForLocation(std::string_view location);
Result<std::shared_ptr<FileIO>> FileIOForLocation(std::string_view location,
                                                  const std::map<std::string, std::string>& properties);

}  // namespace floe::io
