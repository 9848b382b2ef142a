// TestHttpClient: a blocking libcurl client for tests that talk to a real
// server over TCP. One instance reuses its connection (keep-alive).
// Not thread-safe: use one client per thread.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace floe::server {

struct TestHttpResponse {
  int status = 0;              // 0 when the transfer failed
  std::string body;
  std::map<std::string, std::string> headers;  // lower-cased names
  std::string error;           // curl's error text when status == 0
};

class TestHttpClient {
 public:
  explicit TestHttpClient(std::string base_url);
  ~TestHttpClient();
  TestHttpClient(const TestHttpClient&) = delete;
  TestHttpClient& operator=(const TestHttpClient&) = delete;

  TestHttpResponse Send(const std::string& method, const std::string& path, const std::string& body = "",
                        const std::vector<std::pair<std::string, std::string>>& headers = {});
  TestHttpResponse Get(const std::string& path) { return Send("GET", path); }
  TestHttpResponse Post(const std::string& path, const std::string& body) { return Send("POST", path, body); }
  // How many TCP connections curl opened so far.
  long connections_opened() const { return connections_opened_; }

 private:
  std::string base_url_;
  void* curl_;
  long connections_opened_ = 0;
};

}  // namespace floe::server
