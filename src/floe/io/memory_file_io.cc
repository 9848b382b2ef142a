#include "floe/io/memory_file_io.h"

#include <chrono>
#include <cstring>

namespace floe::io {

namespace {

class MemoryInputFile final : public InputFile {
 public:
  MemoryInputFile(std::string location, std::shared_ptr<const std::string> data)
      : location_(std::move(location)), data_(std::move(data)) {}
  const std::string& location() const override { return location_; }
  Result<int64_t> Size() override { return static_cast<int64_t>(data_->size()); }
  Status ReadAt(int64_t offset, int64_t length, uint8_t* out) override {
    if (offset < 0 || length < 0 || offset + length > static_cast<int64_t>(data_->size())) {
      return InvalidData("Unexpected end of file in {}: wanted {} bytes at offset {}, file has {}", location_,
                         length, offset, data_->size());
    }
    std::memcpy(out, data_->data() + offset, static_cast<size_t>(length));
    return Status::OK();
  }

 private:
  std::string location_;
  std::shared_ptr<const std::string> data_;
};

class MemoryOutputFile final : public OutputFile {
 public:
  MemoryOutputFile(MemoryFileIO* io, std::string location, WriteMode mode)
      : io_(io), location_(std::move(location)), mode_(mode) {}
  const std::string& location() const override { return location_; }
  int64_t Position() const override { return static_cast<int64_t>(buffer_.size()); }
  Status Write(const void* data, size_t size) override {
    if (done_) return Internal("Write after Close/Abort of {}", location_);
    buffer_.append(static_cast<const char*>(data), size);
    return Status::OK();
  }
  Status Close() override {
    if (done_) return Internal("Close after Close/Abort of {}", location_);
    done_ = true;
    return io_->Publish(location_, std::move(buffer_), mode_);
  }
  void Abort() override {
    done_ = true;
    buffer_.clear();
  }

 private:
  MemoryFileIO* io_;
  std::string location_;
  WriteMode mode_;
  std::string buffer_;
  bool done_ = false;
};

}  // namespace

Result<std::unique_ptr<InputFile>> MemoryFileIO::OpenInput(std::string_view location) {
  std::lock_guard lock(mutex_);
  auto it = files_.find(location);
  if (it == files_.end()) return NotFound("File not found: {}", location);
  return std::unique_ptr<InputFile>(new MemoryInputFile(std::string(location), it->second));
}

Result<std::unique_ptr<OutputFile>> MemoryFileIO::CreateOutput(std::string_view location, WriteMode mode) {
  return std::unique_ptr<OutputFile>(new MemoryOutputFile(this, std::string(location), mode));
}

Status MemoryFileIO::Publish(const std::string& location, std::string contents, WriteMode mode) {
  std::lock_guard lock(mutex_);
  if (mode == WriteMode::kFailIfExists && files_.count(location)) {
    return AlreadyExists("File already exists: {}", location);
  }
  files_[location] = std::make_shared<const std::string>(std::move(contents));
  return Status::OK();
}

Status MemoryFileIO::Delete(std::string_view location) {
  std::lock_guard lock(mutex_);
  auto it = files_.find(location);
  if (it != files_.end()) files_.erase(it);
  return Status::OK();
}

Result<bool> MemoryFileIO::Exists(std::string_view location) {
  std::lock_guard lock(mutex_);
  return files_.find(location) != files_.end();
}

Result<std::vector<FileInfo>> MemoryFileIO::List(std::string_view prefix) {
  std::lock_guard lock(mutex_);
  std::vector<FileInfo> out;
  for (auto it = files_.lower_bound(prefix); it != files_.end() && it->first.starts_with(prefix); ++it) {
    out.push_back(FileInfo{it->first, static_cast<int64_t>(it->second->size()), 0});
  }
  return out;
}

}  // namespace floe::io
