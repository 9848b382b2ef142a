// The handler pool (HttpServerOptions::handler_threads): blocking handlers
// run off the I/O threads, so never-blocking routes answer meanwhile.
#include <future>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "floe/server/health.h"
#include "floe/server/http_server.h"
#include "floe/server/test_http_client.h"

namespace floe::server {
namespace {

TEST(HandlerPool, ABlockedHandlerDoesNotHoldUpNeverBlockingRoutes) {
  spdlog::set_level(spdlog::level::warn);
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto router = std::make_shared<Router>();
  // Stands for a handler waiting on a database that hangs.
  router->Add("GET", "/v1/blocked", [&entered, released](const HttpRequest&) {
    entered.set_value();
    released.wait();
    return HttpResponse::Text(200, "released");
  });
  router->Add("GET", "/v1/other", [](const HttpRequest&) { return HttpResponse::Text(200, "other"); });
  auto metrics = std::make_shared<MetricsRegistry>();
  AddOperationalRoutes(*router, std::make_shared<HealthChecks>(), metrics);
  HttpServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.threads = 1;          // one I/O thread: without the pool, the blocked handler would hold it
  options.handler_threads = 2;  // one blocked, one free
  options.log_requests = false;
  HttpServer server(options, router, metrics);
  ASSERT_TRUE(server.Start().ok());
  std::string base = "http://127.0.0.1:" + std::to_string(server.port());

  TestHttpResponse blocked_response;
  std::thread blocked([&] { blocked_response = TestHttpClient(base).Get("/v1/blocked"); });
  entered.get_future().wait();  // the handler now occupies a pool thread
  TestHttpClient client(base);
  EXPECT_EQ(client.Get("/healthz").status, 200);   // on the I/O thread
  EXPECT_EQ(client.Get("/metrics").status, 200);   // on the I/O thread
  TestHttpResponse other = client.Get("/v1/other");  // on the free pool thread
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.body, "other");
  EXPECT_FALSE(other.headers["x-request-id"].empty());
  release.set_value();
  blocked.join();
  EXPECT_EQ(blocked_response.status, 200);
  EXPECT_EQ(blocked_response.body, "released");
  // Errors and HEAD go through the pool too.
  EXPECT_EQ(client.Get("/v1/missing").status, 404);
  EXPECT_EQ(client.Send("HEAD", "/v1/other").status, 200);
  EXPECT_NE(metrics->RenderPrometheus().find(R"(route="GET /v1/blocked",status="200")"), std::string::npos);
}

TEST(HandlerPool, ShutdownWaitsForHandlersOnThePool) {
  spdlog::set_level(spdlog::level::warn);
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  auto router = std::make_shared<Router>();
  router->Add("GET", "/v1/blocked", [&entered, released](const HttpRequest&) {
    entered.set_value();
    released.wait();
    return HttpResponse::Text(200, "finished");
  });
  HttpServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.threads = 1;
  options.handler_threads = 1;
  options.log_requests = false;
  HttpServer server(options, router, std::make_shared<MetricsRegistry>());
  ASSERT_TRUE(server.Start().ok());
  std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  TestHttpResponse response;
  std::thread in_flight([&] { response = TestHttpClient(base).Get("/v1/blocked"); });
  entered.get_future().wait();
  server.BeginShutdown();  // while the handler runs
  release.set_value();
  in_flight.join();
  server.Wait();
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "finished");
  EXPECT_EQ(response.headers["connection"], "close");
}

}  // namespace
}  // namespace floe::server
