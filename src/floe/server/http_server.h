// HttpServer: an HTTP/1.1 server (Boost.Beast over Asio) that dispatches
// requests through a Router.
//
// Behaviour:
// - `threads` I/O threads (0 = one per core) run the sockets. Handlers run on
//   them too, unless `handler_threads` > 0: then every handler except the
//   routes marked never_blocks (Router::Add) runs on a pool of that many
//   threads, so that handlers waiting on a database never hold up the
//   sockets, /healthz or /metrics.
// - Keep-alive; idle connections close after `idle_timeout`.
// - Bodies over `max_body_bytes` get 413 (without reading the body when the
//   Content-Length announces it). `Expect: 100-continue` is honoured.
// - Every request gets a request id (the client's X-Request-ID, or a new one),
//   echoed in the response, and one structured log line (spdlog, logger
//   "http") at info level: method, path, route, status, bytes, duration, id.
// - Metrics: floe_http_requests_total{route,method,status} and
//   floe_http_request_duration_seconds{route} in the given registry.
// - Shutdown (BeginShutdown, or SIGTERM/SIGINT after HandleSignals): stop
//   accepting, close idle connections, let in-flight requests finish and
//   answer them with `Connection: close`; after `shutdown_grace` the
//   remaining connections are dropped.
//
// Thread-safety: Start, HandleSignals, BeginShutdown, Wait may be called from
// any thread; BeginShutdown is idempotent. Errors: Start returns kIOError when
// the address cannot be bound (naming it).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "floe/common/status.h"
#include "floe/server/metrics.h"
#include "floe/server/router.h"

namespace floe::server {

struct HttpServerOptions {
  std::string address = "0.0.0.0";
  uint16_t port = 8181;  // 0 picks a free port (see HttpServer::port())
  int threads = 0;       // 0: std::thread::hardware_concurrency()
  int handler_threads = 0;  // 0: handlers run on the I/O threads
  size_t max_body_bytes = 64 * 1024 * 1024;
  std::chrono::milliseconds idle_timeout{std::chrono::seconds(60)};
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(30)};
  bool log_requests = true;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, std::shared_ptr<const Router> router,
             std::shared_ptr<MetricsRegistry> metrics);
  ~HttpServer();  // shuts down and joins the threads if still running
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds, listens and starts the worker threads; returns once listening.
  Status Start();
  // The bound port (after Start).
  uint16_t port() const;
  // Shut down gracefully on SIGTERM or SIGINT (call after Start).
  void HandleSignals();
  // Starts a graceful shutdown and returns at once.
  void BeginShutdown();
  // Blocks until the server has stopped (after a shutdown began).
  void Wait();

  struct State;  // defined in http_server.cc

 private:
  std::unique_ptr<State> state_;
};

}  // namespace floe::server
