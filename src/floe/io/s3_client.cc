#include "floe/io/s3_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>

#include <fmt/format.h>

namespace floe::io {

namespace {

std::once_flag curl_init_once;

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Result<int64_t> IntProperty(const std::map<std::string, std::string>& properties, const std::string& name,
                            int64_t fallback, int64_t minimum) {
  auto it = properties.find(name);
  if (it == properties.end() || it->second.empty()) return fallback;
  int64_t value = 0;
  auto [end, error] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (error != std::errc() || end != it->second.data() + it->second.size() || value < minimum) {
    return BadRequest("Invalid S3 property {}='{}': expected an integer >= {}", name, it->second, minimum);
  }
  return value;
}

Result<bool> BoolProperty(const std::map<std::string, std::string>& properties, const std::string& name,
                          bool fallback) {
  auto it = properties.find(name);
  if (it == properties.end() || it->second.empty()) return fallback;
  std::string value = Lower(it->second);
  if (value == "true") return true;
  if (value == "false") return false;
  return BadRequest("Invalid S3 property {}='{}': expected true or false", name, it->second);
}

size_t WriteCallback(char* data, size_t size, size_t count, void* user);
size_t HeaderCallback(char* data, size_t size, size_t count, void* user);
size_t ReadCallback(char* buffer, size_t size, size_t count, void* user);

bool IsRetryableStatus(long status, std::string_view body) {
  if (status == 500 || status == 502 || status == 503 || status == 504 || status == 429) return true;
  // Some stores send SlowDown / throttling with other codes.
  return status >= 400 && (body.find("<Code>SlowDown</Code>") != std::string_view::npos ||
                           body.find("<Code>Throttling</Code>") != std::string_view::npos);
}

}  // namespace

// ---------------------------------------------------------------- options

Result<S3Options> S3Options::FromProperties(const std::map<std::string, std::string>& properties,
                                            const std::function<const char*(const char*)>& getenv) {
  auto env = [&](const char* name) -> std::string {
    const char* value = getenv ? getenv(name) : std::getenv(name);
    return value ? std::string(value) : std::string();
  };
  auto property = [&](const std::string& name) -> std::string {
    auto it = properties.find(name);
    return it == properties.end() ? std::string() : it->second;
  };
  S3Options options;
  options.endpoint = property("s3.endpoint");
  while (!options.endpoint.empty() && options.endpoint.back() == '/') options.endpoint.pop_back();
  if (!options.endpoint.empty() && !options.endpoint.starts_with("http://") &&
      !options.endpoint.starts_with("https://")) {
    return BadRequest("Invalid S3 property s3.endpoint='{}': expected http://host[:port] or https://host[:port]",
                      options.endpoint);
  }
  options.region = property("client.region");
  if (options.region.empty()) options.region = env("AWS_REGION");
  if (options.region.empty()) options.region = env("AWS_DEFAULT_REGION");
  if (options.region.empty()) options.region = "us-east-1";
  FLOE_ASSIGN_OR_RETURN(options.path_style, BoolProperty(properties, "s3.path-style-access", false));
  // Credentials come as a set: properties first, then the environment.
  if (!property("s3.access-key-id").empty() || !property("s3.secret-access-key").empty()) {
    options.credentials.access_key_id = property("s3.access-key-id");
    options.credentials.secret_access_key = property("s3.secret-access-key");
    options.credentials.session_token = property("s3.session-token");
  } else {
    options.credentials.access_key_id = env("AWS_ACCESS_KEY_ID");
    options.credentials.secret_access_key = env("AWS_SECRET_ACCESS_KEY");
    options.credentials.session_token = env("AWS_SESSION_TOKEN");
  }
  if (options.credentials.access_key_id.empty() != options.credentials.secret_access_key.empty()) {
    return BadRequest(
        "Incomplete S3 credentials: set both s3.access-key-id and s3.secret-access-key (or AWS_ACCESS_KEY_ID and "
        "AWS_SECRET_ACCESS_KEY)");
  }
  FLOE_ASSIGN_OR_RETURN(options.multipart_size, IntProperty(properties, "s3.multipart.size", 8 << 20, 5 << 20));
  FLOE_ASSIGN_OR_RETURN(int64_t parallelism, IntProperty(properties, "s3.read.parallelism", 8, 1));
  options.read_parallelism = static_cast<int>(std::min<int64_t>(parallelism, 256));
  FLOE_ASSIGN_OR_RETURN(options.read_chunk_size, IntProperty(properties, "s3.read.chunk-size", 8 << 20, 64 << 10));
  FLOE_ASSIGN_OR_RETURN(int64_t retries, IntProperty(properties, "s3.retry.num-retries", 10, 0));
  options.retry_num = static_cast<int>(std::min<int64_t>(retries, 1000));
  FLOE_ASSIGN_OR_RETURN(options.retry_min_wait_ms, IntProperty(properties, "s3.retry.min-wait-ms", 100, 0));
  FLOE_ASSIGN_OR_RETURN(options.retry_max_wait_ms, IntProperty(properties, "s3.retry.max-wait-ms", 5000, 0));
  FLOE_ASSIGN_OR_RETURN(options.retry_total_ms, IntProperty(properties, "s3.retry.total-timeout-ms", 60000, 0));
  FLOE_ASSIGN_OR_RETURN(options.connect_timeout_ms, IntProperty(properties, "s3.connect-timeout-ms", 5000, 1));
  FLOE_ASSIGN_OR_RETURN(options.check_exists_before_write, BoolProperty(properties, "s3.write.check-exists", false));
  return options;
}

// ---------------------------------------------------------------- locations

bool IsS3Location(std::string_view location) {
  return location.starts_with("s3://") || location.starts_with("s3a://") || location.starts_with("s3n://");
}

Result<S3Location> S3Location::Parse(std::string_view location) {
  auto colon = location.find("://");
  if (colon == std::string_view::npos || !IsS3Location(location)) {
    return BadRequest("Not an S3 location: '{}' (expected s3://bucket/key)", location);
  }
  S3Location parsed;
  parsed.scheme = std::string(location.substr(0, colon));
  std::string_view rest = location.substr(colon + 3);
  auto slash = rest.find('/');
  parsed.bucket = std::string(rest.substr(0, slash));
  if (slash != std::string_view::npos) parsed.key = std::string(rest.substr(slash + 1));
  if (parsed.bucket.empty()) return BadRequest("Invalid S3 location '{}': the bucket name is empty", location);
  return parsed;
}

std::optional<std::string> S3Response::Header(std::string_view name) const {
  auto it = headers.find(Lower(name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

// ---------------------------------------------------------------- XML

std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag) {
  std::vector<std::string_view> out;
  std::string open = fmt::format("<{}>", tag), close = fmt::format("</{}>", tag);
  size_t position = 0;
  while (true) {
    size_t start = xml.find(open, position);
    if (start == std::string_view::npos) break;
    start += open.size();
    size_t end = xml.find(close, start);
    if (end == std::string_view::npos) break;
    out.push_back(xml.substr(start, end - start));
    position = end + close.size();
  }
  return out;
}

std::string XmlUnescape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    size_t semicolon = text.find(';', i);
    if (semicolon == std::string_view::npos || semicolon - i > 10) {
      out.push_back('&');
      continue;
    }
    std::string_view entity = text.substr(i + 1, semicolon - i - 1);
    if (entity == "amp") out.push_back('&');
    else if (entity == "lt") out.push_back('<');
    else if (entity == "gt") out.push_back('>');
    else if (entity == "quot") out.push_back('"');
    else if (entity == "apos") out.push_back('\'');
    else if (entity.size() > 1 && entity[0] == '#') {
      uint32_t code = 0;
      bool hex = entity[1] == 'x' || entity[1] == 'X';
      std::string_view digits = entity.substr(hex ? 2 : 1);
      auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), code, hex ? 16 : 10);
      if (error != std::errc() || end != digits.data() + digits.size() || code > 0x10FFFF) {
        out.append(text.substr(i, semicolon - i + 1));
      } else if (code < 0x80) {
        out.push_back(static_cast<char>(code));
      } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
      } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
      } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
      }
    } else {
      out.append(text.substr(i, semicolon - i + 1));
    }
    i = semicolon;
  }
  return out;
}

std::string XmlText(std::string_view xml, std::string_view tag) {
  auto elements = XmlElements(xml, tag);
  return elements.empty() ? std::string() : XmlUnescape(elements[0]);
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

// ---------------------------------------------------------------- client

struct S3Client::Handle {
  CURL* curl = nullptr;
  ~Handle() {
    if (curl) curl_easy_cleanup(curl);
  }
};

namespace {

struct Transfer {
  const S3Request* request = nullptr;
  S3Response* response = nullptr;
  CURL* curl = nullptr;
  size_t read_position = 0;
  int64_t seen = 0;  // body bytes received so far
  bool overflow = false;
};

size_t WriteCallback(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  long status = 0;
  curl_easy_getinfo(transfer->curl, CURLINFO_RESPONSE_CODE, &status);
  if (transfer->request->sink && status == 200 && transfer->request->range_offset >= 0) {
    // The whole object: keep the requested window only.
    const S3Request& request = *transfer->request;
    int64_t begin = std::max<int64_t>(request.range_offset, transfer->seen);
    int64_t end = std::min<int64_t>(request.range_offset + static_cast<int64_t>(request.sink_capacity),
                                    transfer->seen + static_cast<int64_t>(bytes));
    if (end > begin) {
      std::memcpy(request.sink + (begin - request.range_offset), data + (begin - transfer->seen),
                  static_cast<size_t>(end - begin));
      transfer->response->sink_bytes += static_cast<size_t>(end - begin);
    }
    transfer->seen += static_cast<int64_t>(bytes);
    return bytes;
  }
  if (transfer->request->sink && status >= 200 && status < 300) {
    S3Response& response = *transfer->response;
    if (response.sink_bytes + bytes > transfer->request->sink_capacity) {
      // More than the range asked for (s3rver answers `bytes=0-0` with the
      // rest of the object): keep the requested bytes and stop the transfer.
      size_t fits = transfer->request->sink_capacity - response.sink_bytes;
      std::memcpy(transfer->request->sink + response.sink_bytes, data, fits);
      response.sink_bytes += fits;
      transfer->overflow = true;
      return 0;  // aborts the transfer
    }
    std::memcpy(transfer->request->sink + response.sink_bytes, data, bytes);
    response.sink_bytes += bytes;
    return bytes;
  }
  if (transfer->response->body.size() + bytes > (64u << 20)) return 0;  // a runaway error body
  transfer->response->body.append(data, bytes);
  return bytes;
}

size_t HeaderCallback(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    transfer->response->headers.clear();  // a new response (after 100 Continue)
    return size * count;
  }
  auto colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' ')) {
      value.remove_suffix(1);
    }
    transfer->response->headers[Lower(line.substr(0, colon))] = std::string(value);
  }
  return size * count;
}

size_t ReadCallback(char* buffer, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view body = transfer->request->body;
  size_t bytes = std::min(size * count, body.size() - transfer->read_position);
  std::memcpy(buffer, body.data() + transfer->read_position, bytes);
  transfer->read_position += bytes;
  return bytes;
}

}  // namespace

S3Client::S3Client(S3Options options) : options_(std::move(options)) {
  std::call_once(curl_init_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  std::string endpoint = options_.endpoint;
  if (endpoint.empty()) endpoint = fmt::format("https://s3.{}.amazonaws.com", options_.region);
  auto colon = endpoint.find("://");
  endpoint_scheme_ = endpoint.substr(0, colon);
  endpoint_host_ = endpoint.substr(colon + 3);
  auto slash = endpoint_host_.find('/');
  if (slash != std::string::npos) endpoint_host_.resize(slash);
  // The Host header leaves out default ports, as clients and signers do.
  if (endpoint_scheme_ == "http" && endpoint_host_.ends_with(":80")) endpoint_host_.resize(endpoint_host_.size() - 3);
  if (endpoint_scheme_ == "https" && endpoint_host_.ends_with(":443")) {
    endpoint_host_.resize(endpoint_host_.size() - 4);
  }
}

S3Client::~S3Client() = default;

std::unique_ptr<S3Client::Handle> S3Client::Acquire() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!pool_.empty()) {
      auto handle = std::move(pool_.back());
      pool_.pop_back();
      return handle;
    }
  }
  auto handle = std::make_unique<Handle>();
  handle->curl = curl_easy_init();
  return handle;
}

void S3Client::Release(std::unique_ptr<Handle> handle) {
  std::lock_guard lock(pool_mutex_);
  if (pool_.size() < 64) pool_.push_back(std::move(handle));
}

std::string S3Client::Describe(const S3Request& request) {
  return fmt::format("{} s3://{}/{}", request.method, request.bucket, request.key);
}

Result<S3Response> S3Client::SendOnce(Handle& handle, const S3Request& request, std::string* transport_error) {
  CURL* curl = handle.curl;
  if (!curl) return IOError("{}: cannot initialise libcurl", Describe(request));
  curl_easy_reset(curl);

  SigningRequest signing;
  signing.method = request.method;
  std::string encoded_key = S3UriEncode(request.key, true);
  if (options_.path_style) {
    signing.host = endpoint_host_;
    signing.path = "/" + request.bucket + (request.key.empty() ? "" : "/" + encoded_key);
  } else {
    signing.host = request.bucket + "." + endpoint_host_;
    signing.path = "/" + encoded_key;
  }
  signing.query = request.query;
  signing.headers = request.headers;
  signing.payload_sha256 = Sha256Hex(request.body);
  if (!options_.credentials.access_key_id.empty()) {
    SignV4(signing, options_.credentials, options_.region, AmzDateNow());
  } else {
    signing.headers.emplace_back("x-amz-content-sha256", signing.payload_sha256);
  }
  std::string url = fmt::format("{}://{}{}", endpoint_scheme_, signing.host, signing.path);
  std::string query = S3CanonicalQuery(request.query);
  if (!query.empty()) url += "?" + query;

  curl_slist* headers = nullptr;
  for (const auto& [name, value] : signing.headers) {
    headers = curl_slist_append(headers, fmt::format("{}: {}", name, value).c_str());
  }
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  if (request.method == "POST" || request.method == "PUT") {
    headers = curl_slist_append(headers, "Content-Type:");
  }

  S3Response response;
  Transfer transfer{&request, &response, curl};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, 512L * 1024);  // fewer, larger writes for big GETs
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout_ms));
  // A stalled transfer (no byte for 30 s) fails instead of hanging.
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, 30L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, WriteCallback);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, HeaderCallback);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (request.method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadCallback);
    curl_easy_setopt(curl, CURLOPT_READDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (transfer.overflow) {
    // The sink is full: the request got what it asked for; the connection
    // (with unread bytes) is closed by libcurl.
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
    return response;
  }
  if (code != CURLE_OK) {
    *transport_error = curl_easy_strerror(code);
    return response;
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  if (response.status < 100) *transport_error = "no valid HTTP response";
  return response;
}

Result<S3Response> S3Client::Send(const S3Request& request) {
  using Clock = std::chrono::steady_clock;
  auto start = Clock::now();
  thread_local std::mt19937_64 random(std::random_device{}());
  std::string last_problem;
  int attempt = 0;
  for (;; ++attempt) {
    auto handle = Acquire();
    std::string transport_error;
    auto response = SendOnce(*handle, request, &transport_error);
    if (!response.ok()) return response.status();
    bool retryable = false;
    if (!transport_error.empty()) {
      handle.reset();  // the connection is in an unknown state: drop it
      last_problem = transport_error;
      retryable = true;
    } else {
      Release(std::move(handle));
      if (!IsRetryableStatus(response->status, response->body)) return response;
      last_problem = fmt::format("HTTP {} {}", response->status, XmlText(response->body, "Code"));
      retryable = true;
    }
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    // Exponential backoff with full jitter.
    int64_t ceiling = options_.retry_min_wait_ms << std::min(attempt, 20);
    ceiling = std::min(std::max<int64_t>(ceiling, 1), std::max<int64_t>(options_.retry_max_wait_ms, 1));
    int64_t wait = std::uniform_int_distribution<int64_t>(ceiling / 2, ceiling)(random);
    bool out_of_time = elapsed + wait > options_.retry_total_ms;
    if (!retryable || attempt >= options_.retry_num || out_of_time) {
      std::string endpoint = fmt::format("{}://{}", endpoint_scheme_, endpoint_host_);
      if (!transport_error.empty()) {
        return IOError(
            "{}: cannot reach the S3 endpoint {} ({}) after {} attempt(s) in {} ms: check s3.endpoint and that the "
            "object store is running and reachable",
            Describe(request), endpoint, last_problem, attempt + 1, elapsed);
      }
      if (response->status == 503 || response->status == 429) {
        return IOError("{}: the S3 endpoint {} is throttling or unavailable ({}) after {} attempt(s) in {} ms: retry "
                       "later or raise s3.retry.total-timeout-ms",
                       Describe(request), endpoint, last_problem, attempt + 1, elapsed);
      }
      return response;  // a final 5xx: ErrorOf explains it
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(wait));
  }
}

Status S3Client::ErrorOfHead(const S3Request& request, const S3Response& response) {
  if (response.status >= 400 && response.status < 500 && response.status != 404 && response.body.empty()) {
    S3Request probe{"GET", request.bucket, request.key};
    probe.headers.emplace_back("Range", "bytes=0-0");
    auto explained = Send(probe);
    if (explained.ok() && explained->status >= 400 && !XmlText(explained->body, "Code").empty()) {
      explained->status = response.status;
      return ErrorOf(request, *explained);
    }
  }
  return ErrorOf(request, response);
}

Status S3Client::ErrorOf(const S3Request& request, const S3Response& response) const {
  std::string code = XmlText(response.body, "Code");
  std::string message = XmlText(response.body, "Message");
  std::string what = Describe(request);
  std::string endpoint = fmt::format("{}://{}", endpoint_scheme_, endpoint_host_);
  const std::string& key_id = options_.credentials.access_key_id;
  if (code == "NoSuchKey" || (response.status == 404 && code.empty() && !request.key.empty())) {
    return NotFound("File not found: s3://{}/{}", request.bucket, request.key);
  }
  if (code == "NoSuchBucket" || (response.status == 404 && request.key.empty())) {
    return IOError("{}: NoSuchBucket: the bucket '{}' does not exist at {}: create it, or fix the bucket in the "
                   "warehouse location",
                   what, request.bucket, endpoint);
  }
  if (code == "PreconditionFailed" || code == "ConditionalRequestConflict" || response.status == 412) {
    return AlreadyExists("File already exists: s3://{}/{}", request.bucket, request.key);
  }
  if (code == "SignatureDoesNotMatch") {
    return IOError("{}: SignatureDoesNotMatch: the S3 secret access key is wrong for access key '{}' at {}: fix "
                   "s3.secret-access-key (or AWS_SECRET_ACCESS_KEY)",
                   what, key_id, endpoint);
  }
  if (code == "InvalidAccessKeyId") {
    return IOError("{}: InvalidAccessKeyId: the access key '{}' is unknown to {}: fix s3.access-key-id (or "
                   "AWS_ACCESS_KEY_ID)",
                   what, key_id, endpoint);
  }
  if (code == "AccessDenied" || code == "AllAccessDisabled" || (response.status == 403 && code.empty())) {
    if (key_id.empty()) {
      return IOError("{}: AccessDenied by {}: no S3 credentials are configured: set s3.access-key-id and "
                     "s3.secret-access-key (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)",
                     what, endpoint);
    }
    return IOError("{}: AccessDenied: access key '{}' may not do this on bucket '{}' at {} (or its secret is "
                   "wrong): grant it in the bucket or user policy, or use other credentials{}",
                   what, key_id, request.bucket, endpoint, message.empty() ? "" : " (" + message + ")");
  }
  if (code == "ExpiredToken" || code == "InvalidToken" || code == "TokenRefreshRequired") {
    return IOError("{}: {}: the S3 session token has expired or is invalid: refresh s3.session-token (or "
                   "AWS_SESSION_TOKEN)",
                   what, code);
  }
  if (code == "AuthorizationHeaderMalformed" || code == "PermanentRedirect" ||
      code == "IllegalLocationConstraintException") {
    return IOError("{}: {}: the bucket '{}' is in another region than '{}': fix client.region (or AWS_REGION){}",
                   what, code, request.bucket, options_.region, message.empty() ? "" : " (" + message + ")");
  }
  if (code == "RequestTimeTooSkewed") {
    return IOError("{}: RequestTimeTooSkewed: this machine's clock differs too much from the store's: sync it (NTP)",
                   what);
  }
  return IOError("{}: S3 error HTTP {}{}{}", what, response.status, code.empty() ? "" : " " + code,
                 message.empty() ? "" : ": " + message);
}

}  // namespace floe::io
