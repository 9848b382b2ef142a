// SigV4 against fixed vectors from botocore (test/s3/sigv4_reference.py),
// S3 options from properties and environment, locations and XML.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

#include <gtest/gtest.h>

#include "floe/io/s3_client.h"
#include "floe/io/s3_signer.h"


#include <fmt/format.h>

namespace floe::io {
namespace {

const S3Credentials kCredentials{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", ""};

std::string HeaderOf(const SigningRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(S3SignerTest, PutWithConditionalHeaderMatchesBotocore) {
  SigningRequest request;
  request.method = "PUT";
  request.host = "127.0.0.1:9000";
  request.path = "/warehouse/" + S3UriEncode("db/t/metadata/00001-a b.metadata.json", true);
  request.headers = {{"If-None-Match", "*"}};
  request.payload_sha256 = Sha256Hex("hello");
  SignV4(request, kCredentials, "eu-west-1", "20261124T083000Z");
  EXPECT_EQ(request.path, "/warehouse/db/t/metadata/00001-a%20b.metadata.json");
  EXPECT_EQ(request.payload_sha256, "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
  EXPECT_EQ(HeaderOf(request, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/eu-west-1/s3/aws4_request, "
            "SignedHeaders=host;if-none-match;x-amz-content-sha256;x-amz-date, "
            "Signature=aecd61cedc2d48bd32faad02bf8a51350aef48dab15c3db97e6d3ba09c5700ff");
}

TEST(S3SignerTest, VirtualHostedListWithSessionTokenMatchesBotocore) {
  SigningRequest request;
  request.method = "GET";
  request.host = "bucket.s3.eu-west-1.amazonaws.com";
  request.path = "/";
  request.query = {{"list-type", "2"}, {"prefix", "db/t/"}, {"continuation-token", "a+b="}};
  request.payload_sha256 = Sha256Hex("");
  S3Credentials credentials = kCredentials;
  credentials.session_token = "SESSIONTOKEN/+=";
  SignV4(request, credentials, "eu-west-1", "20261124T083000Z");
  EXPECT_EQ(HeaderOf(request, "x-amz-security-token"), "SESSIONTOKEN/+=");
  EXPECT_EQ(HeaderOf(request, "Authorization"),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261124/eu-west-1/s3/aws4_request, "
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, "
            "Signature=c088e13810459c1baa79ea671529657e0169657388795fbed372bddbfb6df770");
}

TEST(S3SignerTest, EncodingAndDigests) {
  EXPECT_EQ(S3UriEncode("a b/c~d+e=", true), "a%20b/c~d%2Be%3D");
  EXPECT_EQ(S3UriEncode("a/b", false), "a%2Fb");
  EXPECT_EQ(S3CanonicalQuery({{"uploads", ""}, {"b", "2"}, {"a", "x y"}}), "a=x%20y&b=2&uploads=");
  EXPECT_EQ(Md5Base64(""), "1B2M2Y8AsgTpgAmY7PhCfg==");
}

TEST(S3OptionsTest, PropertiesWinOverEnvironment) {
  auto env = [](const char* name) -> const char* {
    std::string_view n(name);
    if (n == "AWS_ACCESS_KEY_ID") return "env-key";
    if (n == "AWS_SECRET_ACCESS_KEY") return "env-secret";
    if (n == "AWS_REGION") return "eu-central-1";
    return nullptr;
  };
  auto from_env = *S3Options::FromProperties({}, env);
  EXPECT_EQ(from_env.credentials.access_key_id, "env-key");
  EXPECT_EQ(from_env.credentials.secret_access_key, "env-secret");
  EXPECT_EQ(from_env.region, "eu-central-1");
  EXPECT_FALSE(from_env.path_style);
  auto options = *S3Options::FromProperties({{"s3.endpoint", "http://minio:9000/"},
                                             {"s3.path-style-access", "true"},
                                             {"client.region", "us-west-2"},
                                             {"s3.access-key-id", "key"},
                                             {"s3.secret-access-key", "secret"},
                                             {"s3.session-token", "token"},
                                             {"s3.multipart.size", "5242880"}},
                                            env);
  EXPECT_EQ(options.endpoint, "http://minio:9000");
  EXPECT_TRUE(options.path_style);
  EXPECT_EQ(options.region, "us-west-2");
  EXPECT_EQ(options.credentials.access_key_id, "key");
  EXPECT_EQ(options.credentials.secret_access_key, "secret");
  EXPECT_EQ(options.credentials.session_token, "token");
  EXPECT_EQ(options.multipart_size, 5242880);
}

TEST(S3OptionsTest, InvalidPropertiesNameTheProperty) {
  auto none = [](const char*) -> const char* { return nullptr; };
  auto bad_bool = S3Options::FromProperties({{"s3.path-style-access", "yes"}}, none);
  EXPECT_EQ(bad_bool.status().kind(), ErrorKind::kBadRequest);
  EXPECT_NE(bad_bool.status().message().find("s3.path-style-access"), std::string::npos);
  auto small_part = S3Options::FromProperties({{"s3.multipart.size", "1024"}}, none);
  EXPECT_NE(small_part.status().message().find("s3.multipart.size"), std::string::npos);
  auto endpoint = S3Options::FromProperties({{"s3.endpoint", "minio:9000"}}, none);
  EXPECT_NE(endpoint.status().message().find("s3.endpoint"), std::string::npos);
  auto half = S3Options::FromProperties({{"s3.access-key-id", "key"}}, none);
  EXPECT_NE(half.status().message().find("s3.secret-access-key"), std::string::npos);
}

TEST(S3LocationTest, SchemesAndErrors) {
  for (std::string scheme : {"s3", "s3a", "s3n"}) {
    auto location = *S3Location::Parse(scheme + "://bucket/a/b.parquet");
    EXPECT_EQ(location.scheme, scheme);
    EXPECT_EQ(location.bucket, "bucket");
    EXPECT_EQ(location.key, "a/b.parquet");
    EXPECT_EQ(location.ToString(), scheme + "://bucket/a/b.parquet");
  }
  EXPECT_EQ(S3Location::Parse("s3://bucket")->key, "");
  EXPECT_EQ(S3Location::Parse("s3:///key").status().kind(), ErrorKind::kBadRequest);
  EXPECT_EQ(S3Location::Parse("gs://bucket/key").status().kind(), ErrorKind::kBadRequest);
}

TEST(S3XmlTest, ElementsTextAndEscapes) {
  std::string xml =
      "<ListBucketResult><Contents><Key>a&amp;b</Key><Size>3</Size></Contents>"
      "<Contents><Key>&#x3c;c&#62;&#233;</Key><Size>4</Size></Contents><IsTruncated>false</IsTruncated>"
      "</ListBucketResult>";
  auto contents = XmlElements(xml, "Contents");
  ASSERT_EQ(contents.size(), 2u);
  EXPECT_EQ(XmlText(contents[0], "Key"), "a&b");
  EXPECT_EQ(XmlText(contents[1], "Key"), "<c>\xC3\xA9");
  EXPECT_EQ(XmlText(xml, "IsTruncated"), "false");
  EXPECT_EQ(XmlText(xml, "Missing"), "");
  EXPECT_EQ(XmlEscape("<a&'\">"), "&lt;a&amp;&apos;&quot;&gt;");
  // Malformed input never crashes: unterminated tags and bad entities pass through.
  EXPECT_TRUE(XmlElements("<Key>unterminated", "Key").empty());
  EXPECT_EQ(XmlUnescape("&#xZZ; &bogus; &"), "&#xZZ; &bogus; &");
}

TEST(S3ClientTest, UnreachableEndpointIsAClearErrorWithinTheRetryBudget) {
  S3Options options;
  options.endpoint = "http://127.0.0.1:1";  // nothing listens on port 1
  options.path_style = true;
  options.credentials = kCredentials;
  options.retry_min_wait_ms = 10;
  options.retry_max_wait_ms = 50;
  options.retry_total_ms = 300;
  S3Client client(options);
  auto response = client.Send(S3Request{"GET", "bucket", "key"});
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.status().kind(), ErrorKind::kIOError);
  EXPECT_NE(response.status().message().find("cannot reach the S3 endpoint http://127.0.0.1:1"), std::string::npos)
      << response.status().message();
  EXPECT_NE(response.status().message().find("s3.endpoint"), std::string::npos);
}

// A loopback HTTP server that answers each request with `respond(n)` (n
// counts from 0): scripted throttling, 5xx and cut connections. A response
// with `Connection: close` closes the connection; others keep it open for the
// next request. Handles one connection at a time (the client is sequential).
class ScriptedServer {
 public:
  explicit ScriptedServer(std::function<std::string(int)> respond) : respond_(std::move(respond)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    ::listen(listener_, 16);
    thread_ = std::thread([this] {
      for (;;) {
        int connection = ::accept(listener_, nullptr, nullptr);
        if (connection < 0 || stop_) {
          if (connection >= 0) ::close(connection);
          return;
        }
        ++connections_;
        std::string pending;
        for (bool open = true; open;) {
          char buffer[4096];
          while (pending.find("\r\n\r\n") == std::string::npos) {
            ssize_t n = ::recv(connection, buffer, sizeof(buffer), 0);
            if (n <= 0) {
              open = false;
              break;
            }
            pending.append(buffer, static_cast<size_t>(n));
          }
          if (!open) break;
          pending.erase(0, pending.find("\r\n\r\n") + 4);  // requests here carry no body
          std::string response = respond_(requests_++);
          ::send(connection, response.data(), response.size(), MSG_NOSIGNAL);
          open = response.find("Connection: close") == std::string::npos;
        }
        ::close(connection);
      }
    });
  }
  ~ScriptedServer() {
    stop_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  int port() const { return port_; }
  int requests() const { return requests_; }
  int connections() const { return connections_; }

  static std::string Response(int status, std::string_view reason, std::string_view body, bool close = true) {
    return fmt::format("HTTP/1.1 {} {}\r\nContent-Length: {}\r\n{}\r\n{}", status, reason, body.size(),
                       close ? "Connection: close\r\n" : "", body);
  }

 private:
  std::function<std::string(int)> respond_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<int> requests_{0};
  std::atomic<int> connections_{0};
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

S3Options ScriptedOptions(int port, int64_t total_ms) {
  S3Options options;
  options.endpoint = fmt::format("http://127.0.0.1:{}", port);
  options.path_style = true;
  options.credentials = kCredentials;
  options.retry_min_wait_ms = 5;
  options.retry_max_wait_ms = 20;
  options.retry_total_ms = total_ms;
  return options;
}

TEST(S3ClientTest, RetriesSlowDownAnd5xxThenSucceeds) {
  ScriptedServer server([](int n) {
    if (n == 0) return ScriptedServer::Response(503, "Slow Down", "<Error><Code>SlowDown</Code></Error>");
    if (n == 1) return ScriptedServer::Response(500, "Internal", "<Error><Code>InternalError</Code></Error>");
    // A connection cut mid-body: 3 of 10 bytes.
    if (n == 2) return std::string("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\ndon");
    return ScriptedServer::Response(200, "OK", "done");
  });
  S3Client client(ScriptedOptions(server.port(), 5000));
  auto response = client.Send(S3Request{"GET", "bucket", "key"});
  ASSERT_TRUE(response.ok()) << response.status().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "done");
  EXPECT_EQ(server.requests(), 4);
}

TEST(S3ClientTest, PersistentThrottlingStopsWithinTheBudgetWithAClearError) {
  ScriptedServer server(
      [](int) { return ScriptedServer::Response(503, "Slow Down", "<Error><Code>SlowDown</Code></Error>"); });
  S3Client client(ScriptedOptions(server.port(), 200));
  auto response = client.Send(S3Request{"PUT", "bucket", "key"});
  ASSERT_FALSE(response.ok());
  EXPECT_NE(response.status().message().find("throttling or unavailable"), std::string::npos)
      << response.status().message();
  EXPECT_NE(response.status().message().find("s3.retry.total-timeout-ms"), std::string::npos);
  EXPECT_GT(server.requests(), 1);
}

TEST(S3ClientTest, ClientErrorsAreNotRetriedAndSayWhatToFix) {
  ScriptedServer server([](int) {
    return ScriptedServer::Response(403, "Forbidden",
                                    "<Error><Code>InvalidAccessKeyId</Code><Message>no such key</Message></Error>");
  });
  S3Client client(ScriptedOptions(server.port(), 5000));
  S3Request request{"GET", "bucket", "key"};
  auto response = client.Send(request);
  ASSERT_TRUE(response.ok());
  EXPECT_EQ(server.requests(), 1);
  Status error = client.ErrorOf(request, *response);
  EXPECT_NE(error.message().find("InvalidAccessKeyId"), std::string::npos) << error.message();
  EXPECT_NE(error.message().find("s3.access-key-id"), std::string::npos) << error.message();
}

TEST(S3ClientTest, ConnectionsAreKeptAliveAndReused) {
  ScriptedServer server([](int) { return ScriptedServer::Response(200, "OK", "ok", /*close=*/false); });
  S3Client client(ScriptedOptions(server.port(), 5000));
  for (int i = 0; i < 5; ++i) {
    auto response = client.Send(S3Request{"GET", "bucket", "key-" + std::to_string(i)});
    ASSERT_TRUE(response.ok()) << response.status().ToString();
    EXPECT_EQ(response->body, "ok");
  }
  EXPECT_EQ(server.requests(), 5);
  EXPECT_EQ(server.connections(), 1);
}

}  // namespace
}  // namespace floe::io
