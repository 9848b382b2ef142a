// Starts real servers on ephemeral ports and talks to them over TCP.
#include "floe/server/http_server.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "floe/server/health.h"
#include "floe/server/test_http_client.h"

namespace floe::server {
namespace {

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    metrics_ = std::make_shared<MetricsRegistry>();
    health_ = std::make_shared<HealthChecks>();
    router_ = std::make_shared<Router>();
    router_->Add("GET", "/v1/echo/{name}", [](const HttpRequest& request) {
      std::string body = std::string(request.PathParameter("name")) + "|" +
                         std::string(request.QueryParameter("q").value_or("-")) + "|" + request.request_id;
      return HttpResponse::Text(200, body);
    });
    router_->Add("POST", "/v1/body", [](const HttpRequest& request) {
      return HttpResponse::Text(200, std::to_string(request.body.size()));
    });
    router_->Add("HEAD", "/v1/exists/{name}", [](const HttpRequest& request) {
      return request.PathParameter("name") == "yes" ? HttpResponse::NoContent()
                                                    : HttpResponse::Error(NotFound("no {}", request.PathParameter("name")));
    });
    router_->Add("GET", "/v1/slow", [this](const HttpRequest&) {
      slow_started_ = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(400));
      return HttpResponse::Text(200, "done");
    });
    router_->Add("GET", "/v1/throws", [](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom"); });
    AddOperationalRoutes(*router_, health_, metrics_);
  }

  void StartServer(HttpServerOptions options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    options.threads = 2;
    options.log_requests = false;
    server_ = std::make_unique<HttpServer>(options, router_, metrics_);
    ASSERT_TRUE(server_->Start().ok());
  }

  std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  std::shared_ptr<MetricsRegistry> metrics_;
  std::shared_ptr<HealthChecks> health_;
  std::shared_ptr<Router> router_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<bool> slow_started_{false};
};

TEST_F(HttpServerTest, RoutesDecodesAndKeepsConnectionsAlive) {
  StartServer();
  TestHttpClient client(BaseUrl());
  for (int i = 0; i < 5; ++i) {
    TestHttpResponse response = client.Get("/v1/echo/a%1Fb?q=x%20y");
    ASSERT_EQ(response.status, 200) << response.error;
    EXPECT_EQ(response.body.substr(0, 8), "a\x1F" "b|x y|");
    EXPECT_FALSE(response.headers["x-request-id"].empty());
  }
  EXPECT_EQ(client.connections_opened(), 1);
}

TEST_F(HttpServerTest, EchoesTheClientRequestId) {
  StartServer();
  TestHttpClient client(BaseUrl());
  TestHttpResponse response = client.Send("GET", "/v1/echo/x", "", {{"X-Request-ID", "abc-123"}});
  EXPECT_EQ(response.headers["x-request-id"], "abc-123");
  EXPECT_EQ(response.body, "x|-|abc-123");
}

TEST_F(HttpServerTest, NotFoundMethodNotAllowedAndHandlerFailures) {
  StartServer();
  TestHttpClient client(BaseUrl());
  TestHttpResponse missing = client.Get("/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("\"type\":\"NotFoundException\""), std::string::npos);
  EXPECT_EQ(client.Send("DELETE", "/v1/echo/x").status, 405);
  TestHttpResponse thrown = client.Get("/v1/throws");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_NE(thrown.body.find("boom"), std::string::npos);
  EXPECT_EQ(client.Get("/v1/echo/x").status, 200);  // the connection still works
}

TEST_F(HttpServerTest, HeadRoutes) {
  StartServer();
  TestHttpClient client(BaseUrl());
  EXPECT_EQ(client.Send("HEAD", "/v1/exists/yes").status, 204);
  EXPECT_EQ(client.Send("HEAD", "/v1/exists/no").status, 404);
  TestHttpResponse via_get = client.Send("HEAD", "/v1/echo/x");
  EXPECT_EQ(via_get.status, 200);
  EXPECT_TRUE(via_get.body.empty());
  EXPECT_EQ(client.Get("/v1/echo/x").status, 200);
}

TEST_F(HttpServerTest, RejectsBodiesOverTheLimit) {
  HttpServerOptions options;
  options.max_body_bytes = 1000;
  StartServer(options);
  TestHttpClient client(BaseUrl());
  EXPECT_EQ(client.Post("/v1/body", std::string(1000, 'x')).body, "1000");
  TestHttpResponse too_big = client.Post("/v1/body", std::string(5000, 'x'));
  EXPECT_EQ(too_big.status, 413);
  TestHttpClient chunked(BaseUrl());
  TestHttpResponse chunked_too_big =
      chunked.Send("POST", "/v1/body", std::string(5000, 'x'), {{"Transfer-Encoding", "chunked"}});
  EXPECT_EQ(chunked_too_big.status, 413);
}

TEST_F(HttpServerTest, HonoursExpectContinue) {
  StartServer();
  TestHttpClient client(BaseUrl());
  TestHttpResponse response = client.Send("POST", "/v1/body", std::string(200000, 'x'), {{"Expect", "100-continue"}});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "200000");
}

TEST_F(HttpServerTest, MetricsHealthAndReadiness) {
  bool ready = false;
  health_->AddReadinessCheck("database", [&] { return ready ? Status::OK() : ServiceUnavailable("not yet"); });
  StartServer();
  TestHttpClient client(BaseUrl());
  EXPECT_EQ(client.Get("/healthz").status, 200);
  TestHttpResponse not_ready = client.Get("/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_NE(not_ready.body.find("not yet"), std::string::npos);
  ready = true;
  EXPECT_EQ(client.Get("/readyz").status, 200);
  client.Get("/v1/echo/m");
  client.Get("/nope");
  TestHttpResponse metrics = client.Get("/metrics");
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("floe_http_requests_total{route=\"GET /v1/echo/{name}\",status=\"200\"} 1"),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("floe_http_requests_total{route=\"unmatched\",status=\"404\"} 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("floe_http_request_duration_seconds_bucket{route=\"GET /v1/echo/{name}\",le=\"+Inf\"} 1"),
            std::string::npos);
}

TEST_F(HttpServerTest, ShutdownFinishesInFlightRequests) {
  StartServer();
  TestHttpResponse slow;
  std::thread request([&] {
    TestHttpClient client(BaseUrl());
    slow = client.Get("/v1/slow");
  });
  while (!slow_started_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  TestHttpClient idle(BaseUrl());
  EXPECT_EQ(idle.Get("/v1/echo/x").status, 200);  // an idle keep-alive connection
  auto started = std::chrono::steady_clock::now();
  server_->BeginShutdown();
  server_->Wait();
  request.join();
  EXPECT_EQ(slow.status, 200);
  EXPECT_EQ(slow.body, "done");
  EXPECT_EQ(slow.headers["connection"], "close");
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(idle.Get("/v1/echo/x").status, 0);  // refused: the server is gone
}

TEST_F(HttpServerTest, StartFailsWhenThePortIsTaken) {
  StartServer();
  HttpServerOptions options;
  options.address = "127.0.0.1";
  options.port = server_->port();
  HttpServer second(options, router_, metrics_);
  // SO_REUSEADDR does not allow two listeners on one port.
  Status status = second.Start();
  EXPECT_EQ(status.kind(), ErrorKind::kIOError);
}

}  // namespace
}  // namespace floe::server
