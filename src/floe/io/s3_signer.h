// AWS Signature Version 4 for S3 requests (header-based signing).
//
// The signer is a pure function of the request and the credentials: it does
// no I/O and is thread-safe. Payloads are always hashed (never aws-chunked or
// UNSIGNED-PAYLOAD), which every S3-compatible store accepts.
// Verified against botocore's S3SigV4Auth (test/s3/sigv4_reference.py) and,
// end to end, against Swift's s3api, which rejects a wrong signature.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace floe::io {

struct S3Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty: none
};

// A request to sign. `path` is the already URI-encoded absolute path
// (S3EncodePath); `query` holds decoded name/value pairs; `headers` the extra
// headers to send and sign (any case; Host and the x-amz-* headers are added).
struct SigningRequest {
  std::string method;
  std::string host;  // as sent in Host: `name` or `name:port` for non-default ports
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string payload_sha256;  // hex SHA-256 of the body
};

// Adds `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` (with a
// session token) and `Authorization` to `request.headers`. `amz_date` is the
// request time as YYYYMMDD'T'HHMMSS'Z'.
void SignV4(SigningRequest& request, const S3Credentials& credentials, std::string_view region,
            std::string_view amz_date);

// The current UTC time as YYYYMMDD'T'HHMMSS'Z'.
std::string AmzDateNow();

// RFC 3986 percent-encoding of everything but A-Z a-z 0-9 - _ . ~ ('/' kept
// when `keep_slash`), as SigV4 requires for paths and query strings.
std::string S3UriEncode(std::string_view text, bool keep_slash);

// The canonical query string: pairs encoded, sorted by name then value.
std::string S3CanonicalQuery(const std::vector<std::pair<std::string, std::string>>& query);

std::string Sha256Hex(std::string_view data);
// Base64 of the MD5 digest (the Content-MD5 header).
std::string Md5Base64(std::string_view data);

}  // namespace floe::io
