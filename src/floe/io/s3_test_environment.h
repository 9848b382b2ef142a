// Test-only: the S3 server a test script started (test/s3/with_swift.sh,
// with_s3rver.sh) as FileIO properties, read from FLOE_S3_* variables.
#pragma once

#include <cstdlib>
#include <map>
#include <optional>
#include <string>

namespace floe::io {

inline std::string S3TestEnv(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// nullopt when no server is configured (the S3 tests then skip).
inline std::optional<std::map<std::string, std::string>> S3TestProperties() {
  if (S3TestEnv("FLOE_S3_ENDPOINT").empty()) return std::nullopt;
  std::map<std::string, std::string> properties{
      {"s3.endpoint", S3TestEnv("FLOE_S3_ENDPOINT")},
      {"s3.path-style-access", "true"},
      {"client.region", S3TestEnv("FLOE_S3_REGION")},
      {"s3.access-key-id", S3TestEnv("FLOE_S3_ACCESS_KEY_ID")},
      {"s3.secret-access-key", S3TestEnv("FLOE_S3_SECRET_ACCESS_KEY")},
      {"s3.retry.total-timeout-ms", "10000"},
  };
  // Stores that ignore `If-None-Match: *` (s3rver) need the HEAD check.
  if (S3TestEnv("FLOE_S3_CONDITIONAL_WRITES") == "0") properties["s3.write.check-exists"] = "true";
  return properties;
}

inline std::string S3TestBucket() { return S3TestEnv("FLOE_S3_BUCKET"); }

}  // namespace floe::io
