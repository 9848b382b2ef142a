// floe_http_benchmark: serves a small JSON response (like GET /v1/config)
// from the HTTP server core, for measuring it with wrk:
//   floe_http_benchmark [port] [threads]   then   wrk -t2 -c64 -d10s http://127.0.0.1:PORT/v1/config
// Request logging is on (as in `floe serve`) unless FLOE_QUIET_REQUESTS is set;
// logs go to /dev/null-able stderr. Stops on SIGTERM/SIGINT.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include "floe/server/health.h"
#include "floe/server/http_server.h"

int main(int argc, char** argv) {
  using namespace floe::server;
  int port = argc > 1 ? std::atoi(argv[1]) : 8181;
  int threads = argc > 2 ? std::atoi(argv[2]) : 0;
  bool quiet = std::getenv("FLOE_QUIET_REQUESTS") != nullptr;
  auto router = std::make_shared<Router>();
  auto metrics = std::make_shared<MetricsRegistry>();
  router->Add("GET", "/v1/config", [](const HttpRequest&) {
    return HttpResponse::Json(
        200, R"({"defaults":{"clients":"4"},"overrides":{"warehouse":"/srv/warehouse"},"endpoints":["GET /v1/{prefix}/namespaces","POST /v1/{prefix}/namespaces"],"idempotency-key-lifetime":"PT30M"})");
  });
  router->Add("GET", "/v1/{prefix}/namespaces/{namespace}", [](const HttpRequest& request) {
    return HttpResponse::Json(200, R"({"namespace":[")" + std::string(request.PathParameter("namespace")) +
                                       R"("],"properties":{}})");
  });
  AddOperationalRoutes(*router, std::make_shared<HealthChecks>(), metrics);
  HttpServerOptions options;
  options.address = "127.0.0.1";
  options.port = static_cast<uint16_t>(port);
  options.threads = threads;
  options.log_requests = !quiet;
  HttpServer server(options, router, metrics);
  floe::Status started = server.Start();
  if (!started.ok()) {
    std::fprintf(stderr, "%s\n", started.ToString().c_str());
    return 1;
  }
  server.HandleSignals();
  std::printf("listening on 127.0.0.1:%u\n", server.port());
  std::fflush(stdout);
  server.Wait();
  return 0;
}
