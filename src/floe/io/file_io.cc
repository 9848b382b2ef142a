#include "floe/io/file_io.h"

#include "floe/io/local_file_io.h"
#include "floe/io/s3_file_io.h"

namespace floe::io {

Status InputFile::ReadRanges(const std::vector<ByteRange>& ranges, std::vector<std::string>* out) {
  out->resize(ranges.size());
  for (size_t i = 0; i < ranges.size(); ++i) {
    (*out)[i].resize(static_cast<size_t>(ranges[i].length));
    FLOE_RETURN_IF_ERROR(ReadAt(ranges[i].offset, ranges[i].length,
                                reinterpret_cast<uint8_t*>((*out)[i].data())));
  }
  return Status::OK();
}

Result<std::string> InputFile::ReadAll() {
  FLOE_ASSIGN_OR_RETURN(int64_t size, Size());
  std::string data(static_cast<size_t>(size), '\0');
  if (size > 0) FLOE_RETURN_IF_ERROR(ReadAt(0, size, reinterpret_cast<uint8_t*>(data.data())));
  return data;
}

Status FileIO::DeleteMany(const std::vector<std::string>& locations) {
  for (const auto& location : locations) FLOE_RETURN_IF_ERROR(Delete(location));
  return Status::OK();
}

Result<std::string> FileIO::ReadFile(std::string_view location) {
  FLOE_ASSIGN_OR_RETURN(auto input, OpenInput(location));
  return input->ReadAll();
}

Status FileIO::WriteFile(std::string_view location, std::string_view contents, WriteMode mode) {
  FLOE_ASSIGN_OR_RETURN(auto output, CreateOutput(location, mode));
  Status status = output->Write(contents);
  if (!status.ok()) {
    output->Abort();
    return status;
  }
  return output->Close();
}

Result<std::shared_ptr<FileIO>> FileIOForLocation(std::string_view location) {
  return FileIOForLocation(location, {});
}

Result<std::shared_ptr<FileIO>> FileIOForLocation(std::string_view location,
                                                  const std::map<std::string, std::string>& properties) {
  auto colon = location.find("://");
  std::string_view scheme = colon == std::string_view::npos ? "" : location.substr(0, colon);
  if (scheme.empty() || scheme == "file") {
    static std::shared_ptr<FileIO> local = std::make_shared<LocalFileIO>();
    return local;
  }
  if (IsS3Location(location)) {
    FLOE_ASSIGN_OR_RETURN(auto s3, S3FileIO::Make(properties));
    return std::shared_ptr<FileIO>(std::move(s3));
  }
  return NotImplemented("No FileIO for scheme '{}' (location {})", scheme, location);
}

}  // namespace floe::io
