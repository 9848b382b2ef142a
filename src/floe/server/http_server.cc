// The only translation unit that includes Boost.Beast/Asio for the HTTP server.
#define BOOST_BEAST_USE_STD_STRING_VIEW 1
#include "floe/server/http_server.h"

#include <atomic>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <spdlog/spdlog.h>

namespace floe::server {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

class Session;

struct HttpServer::State {
  HttpServerOptions options;
  std::shared_ptr<const Router> router;
  std::shared_ptr<MetricsRegistry> metrics;
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> next_request{0};
  uint32_t request_id_prefix = 0;

  std::mutex metrics_mutex;
  std::unordered_map<std::string, Counter*> request_counters;     // "<route>\n<status>"
  std::unordered_map<std::string_view, Histogram*> route_latency;  // route names are owned by the router

  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;

  // Declared after the members that sessions touch when destroyed, so the
  // io_context (which owns pending handlers, and through them sessions) goes first.
  net::io_context io_context;
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::signal_set> signals;
  std::optional<net::steady_timer> shutdown_timer;
  Clock::time_point shutdown_deadline;
  std::vector<std::thread> threads;
  uint16_t bound_port = 0;
  // Runs the blocking handlers when options.handler_threads > 0. Declared
  // after io_context: destroyed (stopped and joined) first.
  std::optional<net::thread_pool> handler_pool;

  State(HttpServerOptions server_options, int thread_count)
      : options(std::move(server_options)), io_context(thread_count) {}

  void Accept();
  void CountRequest(std::string_view route, int status, double seconds);
  std::string NextRequestId() {
    return fmt::format("{:08x}{:08x}", request_id_prefix, next_request.fetch_add(1, std::memory_order_relaxed));
  }
  size_t SessionCount() {
    std::lock_guard lock(sessions_mutex);
    return sessions.size();
  }
  void WatchShutdown();
};

namespace {

std::string LowerCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsBenignReadError(const beast::error_code& error) {
  return error == http::error::end_of_stream || error == http::error::partial_message || error == net::error::eof || error == net::error::operation_aborted ||
         error == net::error::connection_reset || error == beast::error::timeout || error == net::error::bad_descriptor;
}

}  // namespace

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::State* state) : stream_(std::move(socket)), state_(state) {}

  ~Session() {
    std::lock_guard lock(state_->sessions_mutex);
    state_->sessions.erase(this);
  }

  void Start() {
    {
      std::lock_guard lock(state_->sessions_mutex);
      state_->sessions.emplace(this, weak_from_this());
    }
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::ReadHeader, shared_from_this()));
  }

  // Closes the connection if it is idle; a busy one closes after its response.
  void Stop() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->Close();
    });
  }

 private:
  void ReadHeader() {
    busy_ = false;
    if (state_->stopping.load()) return Close();
    parser_.emplace();
    parser_->header_limit(64 * 1024);
    parser_->body_limit(state_->options.max_body_bytes);
    stream_.expires_after(state_->options.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(beast::error_code error, size_t) {
    if (error) return OnReadError(error);
    busy_ = true;
    started_ = Clock::now();
    const auto& header = parser_->get();
    auto length = parser_->content_length();
    if (length && *length > state_->options.max_body_bytes) {
      drain_before_close_ = true;
      return Reply(header.method_string(), header.target(), header.version(), false,
                   HttpResponse::Error(413, "BadRequestException",
                                       fmt::format("Request body of {} bytes exceeds the limit of {} bytes", *length,
                                                   state_->options.max_body_bytes)),
                   "rejected");
    }
    auto expect = header[http::field::expect];
    if (!expect.empty() && LowerCase(expect) == "100-continue") {
      continue_.emplace(http::status::continue_, header.version());
      http::async_write(stream_, *continue_, [self = shared_from_this()](beast::error_code write_error, size_t) {
        if (write_error) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(state_->options.idle_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(beast::error_code error, size_t) {
    if (error) return OnReadError(error);
    Dispatch(parser_->release());
  }

  void OnReadError(const beast::error_code& error) {
    if (IsBenignReadError(error)) return Close();
    started_ = Clock::now();
    if (error == http::error::body_limit) {
      drain_before_close_ = true;
      return Reply("-", "-", 11, false,
                   HttpResponse::Error(413, "BadRequestException",
                                       fmt::format("Request body exceeds the limit of {} bytes",
                                                   state_->options.max_body_bytes)),
                   "rejected");
    }
    if (error == http::error::header_limit) {
      return Reply("-", "-", 11, false, HttpResponse::Error(431, "BadRequestException", "Request header too large"),
                   "rejected");
    }
    if (error.category() == http::make_error_code(http::error::bad_target).category()) {
      return Reply("-", "-", 11, false,
                   HttpResponse::Error(400, "BadRequestException",
                                       fmt::format("Malformed HTTP request: {}", error.message())),
                   "rejected");
    }
    Close();
  }

  void Dispatch(http::request<http::string_body>&& message) {
    HttpRequest request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    std::string_view target = message.target();
    size_t question = target.find('?');
    request.path = std::string(target.substr(0, question));
    for (const auto& field : message) request.headers.emplace_back(LowerCase(field.name_string()), field.value());
    auto client_id = message["X-Request-ID"];
    request.request_id = client_id.empty() || client_id.size() > 128 ? state_->NextRequestId() : std::string(client_id);
    request.body = std::move(message.body());

    HttpResponse response;
    std::string_view route_name = "unmatched";
    auto query = ParseQueryString(question == std::string_view::npos ? std::string_view() : target.substr(question + 1));
    if (!query.ok()) {
      response = HttpResponse::Error(query.status());
    } else {
      request.query = std::move(query).value();
      Router::Resolution resolution = state_->router->Route(&request);
      route_name = resolution.route_name;
      if (resolution.handler == nullptr) {
        response = std::move(resolution.error);
      } else if (state_->handler_pool && !resolution.never_blocks) {
        return RunOnHandlerPool(resolution.handler, std::move(request), route_name, message.version(),
                                message.keep_alive(), message.method() == http::verb::head);
      } else {
        response = Invoke(*resolution.handler, request);
      }
    }
    bool keep_alive = message.keep_alive() && !state_->stopping.load();
    request_id_ = std::move(request.request_id);
    Reply(request.method, request.target, message.version(), keep_alive, std::move(response), route_name,
          message.method() == http::verb::head);
  }

  static HttpResponse Invoke(const RouteHandler& handler, const HttpRequest& request) {
    try {
      return handler(request);
    } catch (const std::exception& exception) {
      return HttpResponse::Error(500, "InternalServerError", fmt::format("Unexpected error: {}", exception.what()));
    } catch (...) {
      return HttpResponse::Error(500, "InternalServerError", "Unexpected error");
    }
  }

  // Runs the handler on the pool, then replies on the connection's strand.
  // The session stays busy (and alive) meanwhile, so shutdown waits for it.
  void RunOnHandlerPool(const RouteHandler* handler, HttpRequest&& request, std::string_view route_name,
                        unsigned version, bool keep_alive, bool head) {
    net::post(*state_->handler_pool, [self = shared_from_this(), handler, request = std::move(request), route_name,
                                      version, keep_alive, head]() mutable {
      HttpResponse response = Invoke(*handler, request);
      net::post(self->stream_.get_executor(), [self, request = std::move(request), response = std::move(response),
                                               route_name, version, keep_alive, head]() mutable {
        self->request_id_ = std::move(request.request_id);
        self->Reply(request.method, request.target, version, keep_alive && !self->state_->stopping.load(),
                    std::move(response), route_name, head);
      });
    });
  }

  void Reply(std::string_view method, std::string_view target, unsigned version, bool keep_alive,
             HttpResponse&& response, std::string_view route_name, bool head = false) {
    if (request_id_.empty()) request_id_ = state_->NextRequestId();
    method_ = std::string(method);
    target_ = std::string(target);
    route_name_ = route_name;
    response_ = {};
    response_.version(version == 10 ? 10 : 11);
    response_.result(static_cast<unsigned>(response.status));
    response_.set(http::field::server, "floe");
    if (!response.content_type.empty()) response_.set(http::field::content_type, response.content_type);
    response_.set("X-Request-ID", request_id_);
    for (auto& [name, value] : response.headers) response_.set(name, value);
    response_.keep_alive(keep_alive);
    body_bytes_ = response.body.size();
    if (head) {
      if (response.status != 204) response_.content_length(response.body.size());
    } else if (response.status != 204 && response.status != 304) {
      response_.body() = std::move(response.body);
      response_.prepare_payload();
    }
    stream_.expires_after(state_->options.idle_timeout);
    http::async_write(stream_, response_,
                      beast::bind_front_handler(&Session::OnWrite, shared_from_this(), !keep_alive));
  }

  void OnWrite(bool close, beast::error_code error, size_t) {
    double seconds = std::chrono::duration<double>(Clock::now() - started_).count();
    int status = static_cast<int>(response_.result_int());
    state_->CountRequest(route_name_, status, seconds);
    if (state_->options.log_requests) {
      spdlog::info("http request method={} path={} route=\"{}\" status={} bytes={} duration_ms={:.3f} request_id={}{}",
                   method_, target_, route_name_, status, body_bytes_, seconds * 1000, request_id_,
                   error ? fmt::format(" write_error=\"{}\"", error.message()) : std::string());
    }
    request_id_.clear();
    if (!error && drain_before_close_) return Drain();
    if (error || close) return Close();
    ReadHeader();
  }

  // After answering a request whose body was not read (413): stop sending,
  // then read and discard what the client still sends, for a bounded time.
  // Closing at once would reset the connection while the client is still
  // writing, and it would lose the response before reading it.
  void Drain() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    DrainSome();
  }

  void DrainSome() {
    drain_buffer_.resize(64 * 1024);
    stream_.async_read_some(net::buffer(drain_buffer_), [self = shared_from_this()](beast::error_code error, size_t) {
      if (error) return self->Close();
      self->DrainSome();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  HttpServer::State* state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::empty_body>> continue_;
  http::response<http::string_body> response_;
  bool busy_ = false;
  bool drain_before_close_ = false;  // the request's body is unread: drain it before closing
  std::vector<char> drain_buffer_;
  Clock::time_point started_;
  std::string method_;
  std::string target_;
  std::string_view route_name_;
  std::string request_id_;
  size_t body_bytes_ = 0;
};

void HttpServer::State::Accept() {
  acceptor->async_accept(net::make_strand(io_context), [this](beast::error_code error, tcp::socket socket) {
    if (error) {
      if (error == net::error::operation_aborted || stopping.load()) return;
      spdlog::warn("http accept failed: {}", error.message());
    } else if (stopping.load()) {
      beast::error_code ignored;
      socket.close(ignored);
      return;
    } else {
      std::make_shared<Session>(std::move(socket), this)->Start();
    }
    Accept();
  });
}

void HttpServer::State::CountRequest(std::string_view route, int status, double seconds) {
  Counter* counter;
  Histogram* latency;
  {
    std::lock_guard lock(metrics_mutex);
    std::string key = fmt::format("{}\n{}", route, status);
    auto it = request_counters.find(key);
    if (it == request_counters.end()) {
      Counter& created = metrics->GetCounter("floe_http_requests_total", "HTTP requests by route and status",
                                             {{"route", std::string(route)}, {"status", std::to_string(status)}});
      it = request_counters.emplace(std::move(key), &created).first;
    }
    counter = it->second;
    auto latency_it = route_latency.find(route);
    if (latency_it == route_latency.end()) {
      Histogram& created = metrics->GetHistogram("floe_http_request_duration_seconds",
                                                 "HTTP request latency by route", {{"route", std::string(route)}});
      latency_it = route_latency.emplace(route, &created).first;
    }
    latency = latency_it->second;
  }
  counter->Increment();
  latency->Observe(seconds);
}

void HttpServer::State::WatchShutdown() {
  shutdown_timer->expires_after(std::chrono::milliseconds(20));
  shutdown_timer->async_wait([this](beast::error_code error) {
    if (error) return;
    if (SessionCount() == 0) return;  // nothing left: io_context.run() returns
    if (Clock::now() >= shutdown_deadline) {
      spdlog::warn("http shutdown: {} connections still busy after the grace period; dropping them", SessionCount());
      io_context.stop();
      return;
    }
    WatchShutdown();
  });
}

HttpServer::HttpServer(HttpServerOptions options, std::shared_ptr<const Router> router,
                       std::shared_ptr<MetricsRegistry> metrics) {
  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  if (threads <= 0) threads = 1;
  options.threads = threads;
  state_ = std::make_unique<State>(std::move(options), threads);
  state_->router = std::move(router);
  state_->metrics = std::move(metrics);
  state_->request_id_prefix = std::random_device()();
}

HttpServer::~HttpServer() {
  BeginShutdown();
  Wait();
}

Status HttpServer::Start() {
  State& state = *state_;
  beast::error_code error;
  auto address = net::ip::make_address(state.options.address, error);
  if (error) return BadRequest("Invalid listen address '{}': {}", state.options.address, error.message());
  tcp::endpoint endpoint(address, state.options.port);
  state.acceptor.emplace(net::make_strand(state.io_context));
  state.acceptor->open(endpoint.protocol(), error);
  if (!error) state.acceptor->set_option(net::socket_base::reuse_address(true), error);
  if (!error) state.acceptor->bind(endpoint, error);
  if (!error) state.acceptor->listen(net::socket_base::max_listen_connections, error);
  if (error) {
    return IOError("Cannot listen on {}:{}: {}", state.options.address, state.options.port, error.message());
  }
  state.bound_port = state.acceptor->local_endpoint().port();
  if (state.options.handler_threads > 0) {
    state.handler_pool.emplace(static_cast<size_t>(state.options.handler_threads));
  }
  state.Accept();
  for (int i = 0; i < state.options.threads; ++i) {
    state.threads.emplace_back([&state] { state.io_context.run(); });
  }
  return Status::OK();
}

uint16_t HttpServer::port() const { return state_->bound_port; }

void HttpServer::HandleSignals() {
  State& state = *state_;
  state.signals.emplace(state.acceptor->get_executor(), SIGINT, SIGTERM);
  state.signals->async_wait([this](beast::error_code error, int signal_number) {
    if (error) return;
    spdlog::info("http received signal {}: shutting down gracefully", signal_number);
    BeginShutdown();
  });
}

void HttpServer::BeginShutdown() {
  State& state = *state_;
  if (state.stopping.exchange(true)) return;
  if (!state.acceptor) return;  // never started
  net::post(state.acceptor->get_executor(), [&state] {
    beast::error_code ignored;
    state.acceptor->close(ignored);
    if (state.signals) state.signals->cancel(ignored);
    state.shutdown_deadline = Clock::now() + state.options.shutdown_grace;
    state.shutdown_timer.emplace(state.acceptor->get_executor());
    state.WatchShutdown();
  });
  std::vector<std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(state.sessions_mutex);
    for (auto& [pointer, weak] : state.sessions) {
      if (auto session = weak.lock()) sessions.push_back(std::move(session));
    }
  }
  for (auto& session : sessions) session->Stop();
}

void HttpServer::Wait() {
  for (auto& thread : state_->threads) {
    if (thread.joinable()) thread.join();
  }
  state_->threads.clear();
  // The sockets are done: handlers still running (past the grace period)
  // finish, and their replies are dropped with the io_context.
  if (state_->handler_pool) state_->handler_pool->join();
}

}  // namespace floe::server
