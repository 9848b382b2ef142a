#include "floe/io/local_file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>

namespace floe::io {

namespace fs = std::filesystem;

namespace {

Status ErrnoStatus(std::string_view action, std::string_view path, int err) {
  if (err == ENOENT) return NotFound("File not found: {}", path);
  if (err == EEXIST) return AlreadyExists("File already exists: {}", path);
  return IOError("Cannot {} {}: {}", action, path, std::strerror(err));
}

class LocalInputFile final : public InputFile {
 public:
  LocalInputFile(std::string location, int fd) : location_(std::move(location)), fd_(fd) {}
  ~LocalInputFile() override { ::close(fd_); }
  const std::string& location() const override { return location_; }

  Result<int64_t> Size() override {
    struct stat st;
    if (::fstat(fd_, &st) != 0) return ErrnoStatus("stat", location_, errno);
    return static_cast<int64_t>(st.st_size);
  }

  Status ReadAt(int64_t offset, int64_t length, uint8_t* out) override {
    if (offset < 0 || length < 0) return InvalidData("Invalid read range {}+{} in {}", offset, length, location_);
    int64_t done = 0;
    while (done < length) {
      ssize_t n = ::pread(fd_, out + done, static_cast<size_t>(length - done), offset + done);
      if (n < 0) {
        if (errno == EINTR) continue;
        return ErrnoStatus("read", location_, errno);
      }
      if (n == 0) {
        return InvalidData("Unexpected end of file in {}: wanted {} bytes at offset {}, file ends at {}",
                           location_, length, offset, offset + done);
      }
      done += n;
    }
    return Status::OK();
  }

 private:
  std::string location_;
  int fd_;
};

// fsync(2) of the directory holding `path`, so that a name just linked or
// renamed into it survives a power loss.
Status SyncParentDirectory(const std::string& path, const std::string& location) {
  size_t slash = path.find_last_of('/');
  std::string directory = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("sync the directory of", location, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return ErrnoStatus("sync the directory of", location, err);
  return Status::OK();
}

class LocalOutputFile final : public OutputFile {
 public:
  LocalOutputFile(std::string location, std::string path, std::string temp_path, int fd, WriteMode mode)
      : location_(std::move(location)), path_(std::move(path)), temp_path_(std::move(temp_path)), fd_(fd), mode_(mode) {}
  ~LocalOutputFile() override { Abort(); }
  const std::string& location() const override { return location_; }
  int64_t Position() const override { return position_; }

  Status Write(const void* data, size_t size) override {
    if (fd_ < 0) return Internal("Write after Close/Abort of {}", location_);
    const auto* bytes = static_cast<const uint8_t*>(data);
    size_t done = 0;
    while (done < size) {
      ssize_t n = ::write(fd_, bytes + done, size - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        Status s = ErrnoStatus("write", location_, errno);
        Abort();
        return s;
      }
      done += static_cast<size_t>(n);
    }
    position_ += static_cast<int64_t>(size);
    return Status::OK();
  }

  Status Close() override {
    if (fd_ < 0) return Internal("Close after Close/Abort of {}", location_);
    // Publish, then make durable: readers see the name only once every byte
    // is written (the page cache holds them), and Close returns only once the
    // contents and the new name are on disk. Syncing the file after the link
    // lets the filesystem commit both in one journal transaction, so the
    // directory sync that follows (needed by POSIX for the name) is cheap.
    int rc = mode_ == WriteMode::kFailIfExists ? ::link(temp_path_.c_str(), path_.c_str())
                                                : ::rename(temp_path_.c_str(), path_.c_str());
    int err = errno;
    if (rc != 0) {
      ::close(fd_);
      fd_ = -1;
      ::unlink(temp_path_.c_str());
      return ErrnoStatus("publish", location_, err);
    }
    if (mode_ == WriteMode::kFailIfExists) ::unlink(temp_path_.c_str());  // after rename() it is already gone
    rc = ::fsync(fd_);
    err = errno;
    if (::close(fd_) != 0 && rc == 0) {
      rc = -1;
      err = errno;
    }
    fd_ = -1;
    if (rc != 0) {
      // The name is visible but its contents may not be durable: take it back.
      ::unlink(path_.c_str());
      return ErrnoStatus("flush", location_, err);
    }
    // The new name is durable only once its directory is: without this, a
    // power loss after a catalog commit could lose a metadata file that the
    // catalog's (durable) pointer already names.
    return SyncParentDirectory(path_, location_);
  }

  void Abort() override {
    if (fd_ >= 0) {
      ::close(fd_);
      fd_ = -1;
      ::unlink(temp_path_.c_str());
    }
  }

 private:
  std::string location_, path_, temp_path_;
  int fd_;
  WriteMode mode_;
  int64_t position_ = 0;
};

std::string RandomSuffix() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return fmt::format("{:016x}", rng());
}

}  // namespace

std::string LocalFileIO::PathOf(std::string_view location) {
  if (location.starts_with("file://")) return std::string(location.substr(7));
  if (location.starts_with("file:")) return std::string(location.substr(5));
  return std::string(location);
}

Result<std::unique_ptr<InputFile>> LocalFileIO::OpenInput(std::string_view location) {
  std::string path = PathOf(location);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("open", location, errno);
  struct stat st;
  if (::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
    ::close(fd);
    return InvalidData("{} is a directory, not a file", location);
  }
  return std::unique_ptr<InputFile>(new LocalInputFile(std::string(location), fd));
}

Result<std::unique_ptr<OutputFile>> LocalFileIO::CreateOutput(std::string_view location, WriteMode mode) {
  std::string path = PathOf(location);
  fs::path p(path);
  std::error_code ec;
  if (p.has_parent_path()) fs::create_directories(p.parent_path(), ec);
  if (ec) return IOError("Cannot create directory {}: {}", p.parent_path().string(), ec.message());
  if (mode == WriteMode::kFailIfExists && ::access(path.c_str(), F_OK) == 0) {
    return AlreadyExists("File already exists: {}", location);
  }
  std::string temp = (p.parent_path() / fmt::format(".{}.{}.tmp", p.filename().string(), RandomSuffix())).string();
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus("create", location, errno);
  return std::unique_ptr<OutputFile>(new LocalOutputFile(std::string(location), path, temp, fd, mode));
}

Status LocalFileIO::Delete(std::string_view location) {
  std::string path = PathOf(location);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) return ErrnoStatus("delete", location, errno);
  return Status::OK();
}

Result<bool> LocalFileIO::Exists(std::string_view location) {
  std::string path = PathOf(location);
  struct stat st;
  if (::stat(path.c_str(), &st) == 0) return true;
  if (errno == ENOENT || errno == ENOTDIR) return false;
  return ErrnoStatus("stat", location, errno);
}

Result<std::vector<FileInfo>> LocalFileIO::List(std::string_view prefix) {
  // A prefix is a string prefix, not necessarily a directory: list the
  // deepest existing directory it names and filter.
  std::string path_prefix = PathOf(prefix);
  std::string scheme_prefix(prefix.substr(0, prefix.size() - std::string_view(PathOf(prefix)).size()));
  fs::path dir(path_prefix);
  if (!path_prefix.ends_with('/')) dir = dir.parent_path();
  std::vector<FileInfo> out;
  std::error_code ec;
  if (!fs::exists(dir, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string p = it->path().string();
    if (!p.starts_with(path_prefix)) continue;
    struct stat st;
    if (::stat(p.c_str(), &st) != 0) continue;  // raced with a delete
    out.push_back(FileInfo{scheme_prefix + p, static_cast<int64_t>(st.st_size),
                           static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000});
  }
  if (ec) return IOError("Cannot list {}: {}", prefix, ec.message());
  return out;
}

}  // namespace floe::io
