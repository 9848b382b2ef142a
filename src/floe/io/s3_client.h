// S3Client: signed HTTP requests to an S3-compatible store (AWS S3, MinIO,
// Ceph, Swift s3api), with keep-alive connections, bounded retries and errors
// that say what to fix. S3FileIO (s3_file_io.h) builds the FileIO on top.
//
// Configuration uses Iceberg's S3FileIO property names (S3Options::FromProperties).
// Thread-safety: an S3Client may be used from many threads at once; each
// request borrows a libcurl handle from a pool, and each handle keeps its
// connections alive between requests.
// Retries: connection failures, 5xx, 429 and SlowDown are retried with
// exponential backoff and full jitter, at most `retry_num` times and never
// past `retry_total_ms` since the first attempt.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "floe/common/result.h"
#include "floe/io/s3_signer.h"

namespace floe::io {

struct S3Options {
  std::string endpoint;     // s3.endpoint, e.g. http://minio:9000; empty: AWS (https://s3.<region>.amazonaws.com)
  std::string region;       // client.region, then AWS_REGION, AWS_DEFAULT_REGION; default us-east-1
  bool path_style = false;  // s3.path-style-access: http://endpoint/bucket/key instead of http://bucket.endpoint/key
  S3Credentials credentials;  // s3.access-key-id / s3.secret-access-key / s3.session-token, then AWS_* variables
  int64_t multipart_size = 8 << 20;  // s3.multipart.size: part size of multipart uploads (>= 5 MiB)
  int read_parallelism = 8;          // s3.read.parallelism: concurrent ranged GETs per read
  int64_t read_chunk_size = 8 << 20;  // s3.read.chunk-size: ranged GETs of larger reads are split into chunks this big
  int retry_num = 10;                // s3.retry.num-retries
  int64_t retry_min_wait_ms = 100;   // s3.retry.min-wait-ms
  int64_t retry_max_wait_ms = 5000;  // s3.retry.max-wait-ms
  int64_t retry_total_ms = 60000;    // s3.retry.total-timeout-ms: no retry starts later than this after the first try
  int64_t connect_timeout_ms = 5000;  // s3.connect-timeout-ms
  // s3.write.check-exists: kFailIfExists writes also HEAD the key before
  // publishing, for stores that ignore `If-None-Match: *` (best effort: the
  // catalog's compare-and-swap remains the guard against racing commits).
  bool check_exists_before_write = false;

  // Reads the properties above; credentials and region fall back to the
  // environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
  // AWS_REGION, AWS_DEFAULT_REGION). Invalid numbers or booleans are kBadRequest
  // naming the property. `getenv` is injectable for tests.
  static Result<S3Options> FromProperties(const std::map<std::string, std::string>& properties,
                                          const std::function<const char*(const char*)>& getenv = nullptr);
};

// `s3://bucket/key` (also s3a:// and s3n://).
struct S3Location {
  std::string scheme;  // s3, s3a or s3n, kept to print locations back as given
  std::string bucket;
  std::string key;  // may be empty (the bucket itself)

  // kBadRequest for other schemes or an empty bucket name.
  static Result<S3Location> Parse(std::string_view location);
  std::string ToString() const { return scheme + "://" + bucket + "/" + key; }
};

bool IsS3Location(std::string_view location);

struct S3Request {
  std::string method;  // GET, HEAD, PUT, POST, DELETE
  std::string bucket;
  std::string key;
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;
  // When set, a 2xx response body is written here (at most `sink_capacity`
  // bytes; more is kInvalidData) instead of into S3Response::body.
  uint8_t* sink = nullptr;
  size_t sink_capacity = 0;
  // For ranged GETs into a sink: the range's first byte. A store that ignores
  // Range and answers 200 with the whole object still fills the sink with
  // the requested window.
  int64_t range_offset = -1;
};

struct S3Response {
  long status = 0;
  std::string body;          // the response body (error documents too)
  size_t sink_bytes = 0;     // bytes written to S3Request::sink
  std::map<std::string, std::string> headers;  // lower-cased names
  std::optional<std::string> Header(std::string_view name) const;
};

class S3Client {
 public:
  explicit S3Client(S3Options options);
  ~S3Client();
  S3Client(const S3Client&) = delete;
  S3Client& operator=(const S3Client&) = delete;

  const S3Options& options() const { return options_; }

  // Sends a request, retrying as described above. Any final HTTP response is
  // returned as is (check `status`; ErrorOf explains failures); a transport
  // failure that outlives the retries is kIOError naming the endpoint.
  Result<S3Response> Send(const S3Request& request);

  // The error for a non-2xx response, with a message that says what to fix.
  // 404 NoSuchKey is kNotFound, 412 is kAlreadyExists, everything else kIOError.
  Status ErrorOf(const S3Request& request, const S3Response& response) const;

  // Whether the store honours `If-None-Match: *` on writes. Starts true; a
  // store that answers it with 501 NotImplemented (Swift's s3api) is
  // remembered, and kFailIfExists writes fall back to HEAD-then-PUT.
  bool conditional_writes() const { return conditional_writes_; }
  void DisableConditionalWrites() { conditional_writes_ = false; }

  // ErrorOf for a failed HEAD, whose response has no body to explain it: a
  // 4xx other than 404 is repeated as a one-byte GET to learn the S3 error
  // code (e.g. SignatureDoesNotMatch), reported for the HEAD.
  Status ErrorOfHead(const S3Request& request, const S3Response& response);

  // A human name for a request: "PUT s3://bucket/key".
  static std::string Describe(const S3Request& request);

 private:
  struct Handle;
  std::unique_ptr<Handle> Acquire();
  void Release(std::unique_ptr<Handle> handle);
  Result<S3Response> SendOnce(Handle& handle, const S3Request& request, std::string* transport_error);

  S3Options options_;
  std::string endpoint_scheme_;  // http or https
  std::string endpoint_host_;    // host[:port]
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Handle>> pool_;
  std::atomic<bool> conditional_writes_{true};
};

// Minimal XML reading for S3 responses (flat, well-formed documents).
// The inner text of every <tag>...</tag> element, in document order.
std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag);
// The unescaped text of the first <tag> element, or "".
std::string XmlText(std::string_view xml, std::string_view tag);
std::string XmlUnescape(std::string_view text);
std::string XmlEscape(std::string_view text);

}  // namespace floe::io
