#include "floe/io/s3_file_io.h"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <thread>

#include <fmt/format.h>

namespace floe::io {

namespace {

constexpr size_t kDeleteBatch = 1000;

// Runs `task(i)` for i in [0, count) on up to `parallelism` threads; returns
// the first error.
Status RunParallel(size_t count, int parallelism, const std::function<Status(size_t)>& task) {
  if (count == 0) return Status::OK();
  size_t workers = std::min<size_t>(count, static_cast<size_t>(std::max(parallelism, 1)));
  if (workers == 1) {
    for (size_t i = 0; i < count; ++i) FLOE_RETURN_IF_ERROR(task(i));
    return Status::OK();
  }
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::vector<Status> errors(workers);
  std::vector<std::thread> threads;
  for (size_t w = 0; w < workers; ++w) {
    threads.emplace_back([&, w] {
      for (size_t i = next++; i < count && !failed; i = next++) {
        Status status = task(i);
        if (!status.ok()) {
          errors[w] = status;
          failed = true;
          return;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& error : errors) {
    if (!error.ok()) return error;
  }
  return Status::OK();
}

// "2026-11-24T08:30:00.000Z" -> ms since the epoch (0 if unparsable).
int64_t ParseIsoMillis(std::string_view text) {
  std::tm tm{};
  std::string copy(text);
  if (!strptime(copy.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return 0;
  return static_cast<int64_t>(timegm(&tm)) * 1000;
}

class S3InputFile final : public InputFile {
 public:
  S3InputFile(std::shared_ptr<S3Client> client, S3Location location, std::string name, int64_t size)
      : client_(std::move(client)), location_(std::move(location)), name_(std::move(name)), size_(size) {}

  const std::string& location() const override { return name_; }
  Result<int64_t> Size() override { return size_; }

  Status ReadAt(int64_t offset, int64_t length, uint8_t* out) override {
    if (offset < 0 || length < 0 || offset + length > size_) {
      return InvalidData("Unexpected end of file in {}: wanted {} bytes at offset {}, file has {}", name_, length,
                         offset, size_);
    }
    if (length == 0) return Status::OK();
    const auto& options = client_->options();
    int64_t chunk = std::max<int64_t>(options.read_chunk_size, 1);
    size_t chunks = static_cast<size_t>((length + chunk - 1) / chunk);
    return RunParallel(chunks, options.read_parallelism, [&](size_t i) {
      int64_t start = static_cast<int64_t>(i) * chunk;
      return Get(offset + start, std::min(chunk, length - start), out + start);
    });
  }

  Status ReadRanges(const std::vector<ByteRange>& ranges, std::vector<std::string>* out) override {
    out->assign(ranges.size(), std::string());
    for (size_t i = 0; i < ranges.size(); ++i) {
      const auto& range = ranges[i];
      if (range.offset < 0 || range.length < 0 || range.offset + range.length > size_) {
        return InvalidData("Unexpected end of file in {}: wanted {} bytes at offset {}, file has {}", name_,
                           range.length, range.offset, size_);
      }
      (*out)[i].resize(static_cast<size_t>(range.length));
    }
    return RunParallel(ranges.size(), client_->options().read_parallelism, [&](size_t i) {
      if (ranges[i].length == 0) return Status::OK();
      return Get(ranges[i].offset, ranges[i].length, reinterpret_cast<uint8_t*>((*out)[i].data()));
    });
  }

 private:
  Status Get(int64_t offset, int64_t length, uint8_t* out) {
    S3Request request{"GET", location_.bucket, location_.key};
    request.headers.emplace_back("Range", fmt::format("bytes={}-{}", offset, offset + length - 1));
    request.sink = out;
    request.sink_capacity = static_cast<size_t>(length);
    request.range_offset = offset;
    FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
    if (response.status != 206 && response.status != 200) return client_->ErrorOf(request, response);
    if (static_cast<int64_t>(response.sink_bytes) != length) {
      return InvalidData("Unexpected end of file in {}: got {} of {} bytes at offset {} (was it replaced while "
                         "being read?)",
                         name_, response.sink_bytes, length, offset);
    }
    return Status::OK();
  }

  std::shared_ptr<S3Client> client_;
  S3Location location_;
  std::string name_;
  int64_t size_;
};

class S3OutputFile final : public OutputFile {
 public:
  S3OutputFile(std::shared_ptr<S3Client> client, S3Location location, std::string name, WriteMode mode)
      : client_(std::move(client)), location_(std::move(location)), name_(std::move(name)), mode_(mode) {}
  ~S3OutputFile() override { Abort(); }

  const std::string& location() const override { return name_; }
  int64_t Position() const override { return position_; }

  Status Write(const void* data, size_t size) override {
    if (!failure_.ok()) return failure_;
    if (done_) return Internal("Write after Close/Abort of {}", name_);
    const char* bytes = static_cast<const char*>(data);
    size_t part_size = static_cast<size_t>(client_->options().multipart_size);
    while (size > 0) {
      size_t take = std::min(size, part_size - buffer_.size());
      buffer_.append(bytes, take);
      bytes += take;
      size -= take;
      position_ += static_cast<int64_t>(take);
      if (buffer_.size() == part_size) {
        Status uploaded = UploadPart();
        if (!uploaded.ok()) {
          failure_ = uploaded;  // later Write/Close calls report the same failure
          Abort();
          return uploaded;
        }
      }
    }
    return Status::OK();
  }

  Status Close() override {
    if (!failure_.ok()) return failure_;
    if (done_) return Internal("Close after Close/Abort of {}", name_);
    Status status = Publish();
    if (!status.ok()) {
      failure_ = status;
      Abort();
    }
    done_ = true;
    return status;
  }

  void Abort() override {
    if (done_) return;
    done_ = true;
    buffer_.clear();
    buffer_.shrink_to_fit();
    if (!upload_id_.empty()) {
      // Best effort: if the store is unreachable the upload stays pending
      // (never visible as an object) until a lifecycle rule removes it.
      S3Request request{"DELETE", location_.bucket, location_.key, {{"uploadId", upload_id_}}};
      client_->Send(request).status().IgnoreError();
      upload_id_.clear();
    }
  }

 private:
  Status CheckAbsent() {
    S3Request request{"HEAD", location_.bucket, location_.key};
    FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
    if (response.status == 404) return Status::OK();
    if (response.status / 100 == 2) return AlreadyExists("File already exists: {}", name_);
    return client_->ErrorOfHead(request, response);
  }

  // Sends a publishing request (PUT or CompleteMultipartUpload). kFailIfExists
  // adds `If-None-Match: *`; if the store does not implement it, the request
  // is repeated without it after a HEAD (the documented fallback).
  Result<S3Response> SendPublish(S3Request request, bool checked) {
    bool conditional = mode_ == WriteMode::kFailIfExists && client_->conditional_writes();
    if (conditional) {
      request.headers.emplace_back("If-None-Match", "*");
      FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
      bool unsupported = response.status == 501 || XmlText(response.body, "Code") == "NotImplemented";
      if (!unsupported) return response;
      client_->DisableConditionalWrites();
      request.headers.pop_back();
    }
    if (mode_ == WriteMode::kFailIfExists && !checked) FLOE_RETURN_IF_ERROR(CheckAbsent());
    return client_->Send(request);
  }

  Status Publish() {
    bool check = mode_ == WriteMode::kFailIfExists &&
                 (client_->options().check_exists_before_write || !client_->conditional_writes());
    if (upload_id_.empty()) {
      if (check) FLOE_RETURN_IF_ERROR(CheckAbsent());
      S3Request request{"PUT", location_.bucket, location_.key};
      request.body = buffer_;
      FLOE_ASSIGN_OR_RETURN(auto response, SendPublish(request, check));
      if (response.status / 100 != 2) return client_->ErrorOf(request, response);
      return Status::OK();
    }
    if (!buffer_.empty()) FLOE_RETURN_IF_ERROR(UploadPart());
    if (check) FLOE_RETURN_IF_ERROR(CheckAbsent());
    std::string body = "<CompleteMultipartUpload>";
    for (size_t i = 0; i < etags_.size(); ++i) {
      body += fmt::format("<Part><PartNumber>{}</PartNumber><ETag>{}</ETag></Part>", i + 1, XmlEscape(etags_[i]));
    }
    body += "</CompleteMultipartUpload>";
    S3Request request{"POST", location_.bucket, location_.key, {{"uploadId", upload_id_}}};
    request.body = body;
    FLOE_ASSIGN_OR_RETURN(auto response, SendPublish(request, check));
    // CompleteMultipartUpload may report an error inside a 200 response.
    if (response.status / 100 != 2 || response.body.find("<Error>") != std::string::npos) {
      return client_->ErrorOf(request, response);
    }
    upload_id_.clear();  // completed: nothing to abort
    return Status::OK();
  }

  Status UploadPart() {
    if (upload_id_.empty()) {
      S3Request request{"POST", location_.bucket, location_.key, {{"uploads", ""}}};
      FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
      if (response.status / 100 != 2) return client_->ErrorOf(request, response);
      upload_id_ = XmlText(response.body, "UploadId");
      if (upload_id_.empty()) {
        return IOError("POST s3://{}/{}?uploads: the store returned no UploadId", location_.bucket, location_.key);
      }
    }
    int part_number = static_cast<int>(etags_.size()) + 1;
    S3Request request{"PUT", location_.bucket, location_.key,
                      {{"partNumber", std::to_string(part_number)}, {"uploadId", upload_id_}}};
    request.body = buffer_;
    FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
    if (response.status / 100 != 2) return client_->ErrorOf(request, response);
    auto etag = response.Header("etag");
    if (!etag) return IOError("PUT part {} of {}: the store returned no ETag", part_number, name_);
    etags_.push_back(*etag);
    buffer_.clear();
    return Status::OK();
  }

  std::shared_ptr<S3Client> client_;
  S3Location location_;
  std::string name_;
  WriteMode mode_;
  std::string buffer_;
  int64_t position_ = 0;
  std::string upload_id_;
  std::vector<std::string> etags_;
  bool done_ = false;
  Status failure_;  // the upload failure that aborted this file, if any
};

}  // namespace

S3FileIO::S3FileIO(S3Options options) : client_(std::make_shared<S3Client>(std::move(options))) {}

Result<std::shared_ptr<S3FileIO>> S3FileIO::Make(const std::map<std::string, std::string>& properties) {
  FLOE_ASSIGN_OR_RETURN(auto options, S3Options::FromProperties(properties));
  return std::make_shared<S3FileIO>(std::move(options));
}

Result<std::unique_ptr<InputFile>> S3FileIO::OpenInput(std::string_view location) {
  FLOE_ASSIGN_OR_RETURN(auto parsed, S3Location::Parse(location));
  if (parsed.key.empty()) return BadRequest("Invalid S3 file location '{}': the key is empty", location);
  S3Request request{"HEAD", parsed.bucket, parsed.key};
  FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
  if (response.status / 100 != 2) return client_->ErrorOfHead(request, response);
  auto length = response.Header("content-length");
  int64_t size = -1;
  if (length) size = std::strtoll(length->c_str(), nullptr, 10);
  if (size < 0) return IOError("HEAD {}: the store returned no Content-Length", location);
  return std::unique_ptr<InputFile>(new S3InputFile(client_, std::move(parsed), std::string(location), size));
}

Result<std::unique_ptr<OutputFile>> S3FileIO::CreateOutput(std::string_view location, WriteMode mode) {
  FLOE_ASSIGN_OR_RETURN(auto parsed, S3Location::Parse(location));
  if (parsed.key.empty()) return BadRequest("Invalid S3 file location '{}': the key is empty", location);
  return std::unique_ptr<OutputFile>(new S3OutputFile(client_, std::move(parsed), std::string(location), mode));
}

Status S3FileIO::Delete(std::string_view location) {
  FLOE_ASSIGN_OR_RETURN(auto parsed, S3Location::Parse(location));
  S3Request request{"DELETE", parsed.bucket, parsed.key};
  FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
  if (response.status / 100 == 2 || response.status == 404) {
    if (response.status == 404 && XmlText(response.body, "Code") == "NoSuchBucket") {
      return client_->ErrorOf(request, response);
    }
    return Status::OK();
  }
  return client_->ErrorOf(request, response);
}

Status S3FileIO::DeleteMany(const std::vector<std::string>& locations) {
  std::map<std::string, std::vector<std::string>> keys_by_bucket;
  for (const auto& location : locations) {
    FLOE_ASSIGN_OR_RETURN(auto parsed, S3Location::Parse(location));
    keys_by_bucket[parsed.bucket].push_back(parsed.key);
  }
  for (const auto& [bucket, keys] : keys_by_bucket) {
    for (size_t start = 0; start < keys.size(); start += kDeleteBatch) {
      size_t end = std::min(keys.size(), start + kDeleteBatch);
      std::string body = "<Delete><Quiet>true</Quiet>";
      for (size_t i = start; i < end; ++i) body += "<Object><Key>" + XmlEscape(keys[i]) + "</Key></Object>";
      body += "</Delete>";
      S3Request request{"POST", bucket, "", {{"delete", ""}}};
      request.headers.emplace_back("Content-MD5", Md5Base64(body));
      request.body = body;
      FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
      if (response.status / 100 != 2) return client_->ErrorOf(request, response);
      for (auto error : XmlElements(response.body, "Error")) {
        std::string code = XmlText(error, "Code");
        if (code == "NoSuchKey") continue;
        return IOError("DeleteObjects s3://{}: cannot delete s3://{}/{}: {} {}", bucket, bucket,
                       XmlText(error, "Key"), code, XmlText(error, "Message"));
      }
    }
  }
  return Status::OK();
}

Result<bool> S3FileIO::Exists(std::string_view location) {
  FLOE_ASSIGN_OR_RETURN(auto parsed, S3Location::Parse(location));
  S3Request request{"HEAD", parsed.bucket, parsed.key};
  FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
  if (response.status / 100 == 2) return true;
  if (response.status == 404) {
    // HEAD has no body: tell a missing key from a missing bucket.
    FLOE_RETURN_IF_ERROR(CheckReachable(location));
    return false;
  }
  return client_->ErrorOfHead(request, response);
}

Result<std::vector<FileInfo>> S3FileIO::List(std::string_view prefix) {
  FLOE_ASSIGN_OR_RETURN(auto parsed, S3Location::Parse(prefix));
  std::vector<FileInfo> files;
  std::string token;
  for (;;) {
    S3Request request{"GET", parsed.bucket, "", {{"list-type", "2"}, {"prefix", parsed.key}}};
    if (!token.empty()) request.query.emplace_back("continuation-token", token);
    FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
    if (response.status / 100 != 2) return client_->ErrorOf(request, response);
    for (auto contents : XmlElements(response.body, "Contents")) {
      FileInfo info;
      info.location = parsed.scheme + "://" + parsed.bucket + "/" + XmlText(contents, "Key");
      info.size = std::strtoll(XmlText(contents, "Size").c_str(), nullptr, 10);
      info.modified_ms = ParseIsoMillis(XmlText(contents, "LastModified"));
      files.push_back(std::move(info));
    }
    std::string truncated = XmlText(response.body, "IsTruncated");
    token = XmlText(response.body, "NextContinuationToken");
    if (truncated != "true") break;
    if (token.empty()) {
      return IOError("ListObjectsV2 s3://{}/{}: the listing is truncated but has no NextContinuationToken",
                     parsed.bucket, parsed.key);
    }
  }
  return files;
}

Status S3FileIO::CheckReachable(std::string_view location) {
  FLOE_ASSIGN_OR_RETURN(auto parsed, S3Location::Parse(location));
  S3Request request{"GET", parsed.bucket, "", {{"list-type", "2"}, {"max-keys", "1"}, {"prefix", parsed.key}}};
  FLOE_ASSIGN_OR_RETURN(auto response, client_->Send(request));
  if (response.status / 100 != 2) return client_->ErrorOf(request, response);
  return Status::OK();
}

}  // namespace floe::io
