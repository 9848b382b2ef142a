#include "floe/trino/statement_routes.h"

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "floe/common/json.h"
#include "floe/server/http_message.h"
#include "floe/server/oauth_routes.h"
#include "floe/sql/error.h"
#include "floe/trino/result_encoding.h"
#include "floe/trino/session_headers.h"

namespace floe::trino {

using Clock = std::chrono::steady_clock;

namespace {

int64_t MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// A query and the pages waiting for its client.
struct Query {
  std::string id;
  std::string slug;
  Clock::time_point created = Clock::now();

  std::mutex mutex;
  std::condition_variable changed;
  // Set by the worker.
  bool executed = false;  // Execute returned: columns and update info are known
  bool done = false;      // no more rows will come
  Status error;
  std::vector<engine::ResultColumn> columns;
  std::string update_type;
  std::optional<int64_t> update_count;
  std::optional<std::string> set_catalog;
  std::optional<std::string> set_schema;
  engine::SessionUpdate session_update;
  std::shared_ptr<engine::QueryResult> result;
  // The statement's token from the start: a cancel also stops a write still inside Execute.
  std::shared_ptr<engine::CancellationToken> cancellation = std::make_shared<engine::CancellationToken>();
  std::deque<std::string> rows;  // encoded JSON arrays
  int64_t buffered_bytes = 0;
  int64_t processed_rows = 0;
  int64_t processed_bytes = 0;
  // Set by the client side.
  bool canceled = false;
  bool final_delivered = false;
  bool forgotten = false;  // DELETE: drop at the next sweep
  int64_t token = 0;       // the token the next GET must carry
  std::string last_page;   // the response to token - 1 (retries)
  Clock::time_point last_access = Clock::now();

  std::thread worker;

  void Cancel() {
    {
      std::lock_guard lock(mutex);
      canceled = true;
    }
    cancellation->Cancel();
    changed.notify_all();
  }

  ~Query() {
    Cancel();
    if (worker.joinable()) worker.join();
  }
};

std::string NewQueryId() {
  static std::atomic<uint32_t> sequence{0};
  thread_local std::mt19937_64 random(std::random_device{}());
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  static constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
  std::string suffix;
  for (int i = 0; i < 5; ++i) suffix.push_back(kAlphabet[random() % 32]);
  return fmt::format("{:04}{:02}{:02}_{:02}{:02}{:02}_{:05}_{}", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec, sequence.fetch_add(1) % 100000, suffix);
}

std::string NewSlug() {
  thread_local std::mt19937_64 random(std::random_device{}());
  return fmt::format("y{:016x}", random());
}

server::HttpResponse TextError(int status, std::string message) {
  server::HttpResponse response = server::HttpResponse::Text(status, std::move(message) + "\n");
  return response;
}

}  // namespace

struct TrinoProtocol::State {
  std::shared_ptr<engine::Engine> engine;
  TrinoProtocolOptions options;
  Clock::time_point started = Clock::now();

  mutable std::mutex mutex;
  std::condition_variable sweep_wake;
  bool stopping = false;
  std::map<std::string, std::shared_ptr<Query>> queries;
  std::thread sweeper;

  std::shared_ptr<Query> Find(std::string_view id) {
    std::lock_guard lock(mutex);
    auto it = queries.find(std::string(id));
    return it == queries.end() ? nullptr : it->second;
  }

  server::Counter* finished_queries = nullptr;
  server::Counter* failed_queries = nullptr;

  // Counts a statement that ended (before its client can see the end).
  void CountOutcome(const Status& status) {
    server::Counter* counter = status.ok() ? finished_queries : failed_queries;
    if (counter) counter->Increment();
  }

  // Runs on the query's thread: execute, then encode rows into the buffer.
  void Run(Query* query, engine::Session session, std::string sql) {
    auto executed = engine->Execute(session, sql, query->cancellation);
    if (!executed.ok()) CountOutcome(executed.status());
    {
      std::lock_guard lock(query->mutex);
      query->executed = true;
      if (!executed.ok()) {
        query->error = executed.status();
        query->done = true;
      } else {
        query->result = std::shared_ptr<engine::QueryResult>(std::move(*executed));
        query->columns = query->result->columns();
        query->update_type = query->result->update_type();
        query->set_catalog = query->result->set_catalog();
        query->set_schema = query->result->set_schema();
        query->session_update = query->result->session_update();
        if (query->canceled) query->result->Cancel();
      }
    }
    query->changed.notify_all();
    if (!executed.ok()) return;
    engine::QueryResult& result = *query->result;
    const auto& columns = result.columns();
    columnar::Batch batch;
    Status status;
    while (true) {
      auto more = result.Next(&batch);
      if (!more.ok()) {
        status = more.status();
        break;
      }
      if (!*more) break;
      std::vector<std::string> encoded;
      encoded.reserve(static_cast<size_t>(batch.num_rows));
      int64_t bytes = 0;
      for (int64_t r = 0; r < batch.num_rows; ++r) {
        json::JsonWriter writer;
        writer->StartArray();
        for (size_t c = 0; c < columns.size(); ++c) WriteValue(writer, *batch.columns[c], r, columns[c].type);
        writer->EndArray();
        encoded.push_back(writer.Take());
        bytes += static_cast<int64_t>(encoded.back().size());
      }
      std::unique_lock lock(query->mutex);
      query->changed.wait(lock, [&] { return query->canceled || query->buffered_bytes < options.buffer_max_bytes; });
      if (query->canceled) {
        status = sql::SqlErrorNoLocation(sql::error_codes::kUserCanceled, "Query was canceled");
        break;
      }
      for (auto& row : encoded) query->rows.push_back(std::move(row));
      query->buffered_bytes += bytes;
      query->processed_rows += batch.num_rows;
      query->processed_bytes += bytes;
      lock.unlock();
      query->changed.notify_all();
    }
    CountOutcome(status);
    {
      std::lock_guard lock(query->mutex);
      query->done = true;
      query->update_count = result.update_count();
      if (!status.ok()) query->error = status;
    }
    query->changed.notify_all();
  }

  std::string NextUri(const server::HttpRequest& request, const Query& query, int64_t token) const {
    std::string_view host = request.Header("host").value_or("localhost");
    std::string_view scheme = request.Header("x-forwarded-proto").value_or("http");
    return fmt::format("{}://{}/v1/statement/executing/{}/{}/{}", scheme, host, query.id, query.slug, token);
  }

  // The QueryResults document for the next page; `query->mutex` is held.
  // Without `deliver` (the answer to POST), the document only acknowledges
  // the query, as Trino's does: clients skip any data in that first answer.
  server::HttpResponse Page(const server::HttpRequest& request, Query& query, std::unique_lock<std::mutex>& lock,
                            std::chrono::milliseconds wait, bool deliver = true) {
    if (deliver) {
      query.changed.wait_for(lock, wait, [&] { return query.done || query.canceled || !query.rows.empty(); });
    }
    bool failed = deliver && query.executed && !query.error.ok();
    std::vector<std::string> page;
    int64_t page_bytes = 0;
    if (deliver && !failed) {
      while (!query.rows.empty() && static_cast<int64_t>(page.size()) < options.page_max_rows &&
             (page.empty() || page_bytes + static_cast<int64_t>(query.rows.front().size()) <= options.page_max_bytes)) {
        page_bytes += static_cast<int64_t>(query.rows.front().size());
        page.push_back(std::move(query.rows.front()));
        query.rows.pop_front();
      }
      query.buffered_bytes -= page_bytes;
    }
    bool finished = deliver && (failed || (query.done && query.rows.empty()));
    // Once a client fetches, the statement is planning or running: RUNNING.
    std::string_view state = failed ? "FAILED" : finished ? "FINISHED" : deliver ? "RUNNING" : "QUEUED";

    json::JsonWriter writer;
    writer->StartObject();
    writer.Key("id");
    writer.String(query.id);
    std::string_view host = request.Header("host").value_or("localhost");
    writer.Key("infoUri");
    writer.String(fmt::format("http://{}/ui/query.html?{}", host, query.id));
    if (!finished) {
      writer.Key("nextUri");
      writer.String(NextUri(request, query, query.token + 1));
    }
    if (deliver && query.executed && !failed) {
      writer.Key("columns");
      writer->StartArray();
      for (const auto& column : query.columns) WriteColumn(writer, column.name, column.type);
      writer->EndArray();
    }
    if (!page.empty()) {
      writer.Key("data");
      writer->StartArray();
      for (const auto& row : page) writer.Raw(row);
      writer->EndArray();
    }
    writer.Key("stats");
    writer->StartObject();
    writer.Key("state");
    writer.String(state);
    writer.Key("queued");
    writer->Bool(!deliver);
    writer.Key("scheduled");
    writer->Bool(deliver);
    writer.Key("nodes");
    writer->Int(1);
    int64_t elapsed = MillisSince(query.created);
    for (std::string_view key : {"totalSplits", "queuedSplits", "runningSplits", "completedSplits"}) {
      writer.Key(key);
      writer->Int(0);
    }
    writer.Key("cpuTimeMillis");
    writer->Int64(elapsed);
    writer.Key("wallTimeMillis");
    writer->Int64(elapsed);
    writer.Key("queuedTimeMillis");
    writer->Int64(0);
    writer.Key("elapsedTimeMillis");
    writer->Int64(elapsed);
    writer.Key("processedRows");
    writer->Int64(query.processed_rows);
    writer.Key("processedBytes");
    writer->Int64(query.processed_bytes);
    writer.Key("physicalInputBytes");
    writer->Int64(0);
    writer.Key("physicalWrittenBytes");
    writer->Int64(0);
    writer.Key("peakMemoryBytes");
    writer->Int64(0);
    writer.Key("spilledBytes");
    writer->Int64(0);
    if (finished) {
      writer.Key("progressPercentage");
      writer->Double(100.0);
    }
    writer->EndObject();
    if (failed) {
      writer.Key("error");
      WriteError(writer, query.error);
    }
    writer.Key("warnings");
    writer->StartArray();
    writer->EndArray();
    if (query.executed && !query.update_type.empty()) {
      writer.Key("updateType");
      writer.String(query.update_type);
    }
    if (finished && !failed && query.update_count) {
      writer.Key("updateCount");
      writer->Int64(*query.update_count);
    }
    writer->EndObject();

    server::HttpResponse response = server::HttpResponse::Json(200, writer.Take());
    if (query.executed && !failed) {
      if (query.set_catalog) response.headers.emplace_back("X-Trino-Set-Catalog", *query.set_catalog);
      if (query.set_schema) response.headers.emplace_back("X-Trino-Set-Schema", *query.set_schema);
      AddSessionUpdateHeaders(query.session_update, &response.headers);
    }
    query.token += 1;
    query.last_page = response.body;
    query.last_access = Clock::now();
    if (finished) query.final_delivered = true;
    lock.unlock();
    query.changed.notify_all();  // the worker may wait for buffer space
    return response;
  }

  server::HttpResponse Submit(const server::HttpRequest& request) {
    std::optional<std::string_view> user = request.Header("x-trino-user");
    if (!user || user->empty()) {
      server::HttpResponse response = TextError(401, "Basic authentication or X-Trino-User must be sent");
      response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"Trino\"");
      return response;
    }
    std::string_view body = request.body;
    if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return TextError(400, "SQL statement is empty");
    engine::Session session;
    session.user = std::string(*user);
    if (auto catalog = request.Header("x-trino-catalog"); catalog && !catalog->empty()) {
      session.catalog = std::string(*catalog);
    }
    if (auto schema = request.Header("x-trino-schema"); schema && !schema->empty()) session.schema = std::string(*schema);
    if (auto zone = request.Header("x-trino-time-zone"); zone && !zone->empty()) session.time_zone = std::string(*zone);
    session.query_max_memory_bytes = options.query_max_memory_bytes;
    if (Status read = ReadSessionHeaders(request.headers, &session); !read.ok()) return TextError(400, read.message());

    auto query = std::make_shared<Query>();
    query->id = NewQueryId();
    query->slug = NewSlug();
    spdlog::debug("trino: query {} from user {} source {}: {}", query->id, session.user,
                  request.Header("x-trino-source").value_or("-"), body.substr(0, 200));
    {
      std::lock_guard lock(mutex);
      if (stopping) return TextError(503, "Server is shutting down");
      queries[query->id] = query;
    }
    Query* raw = query.get();
    query->worker = std::thread([this, raw, session, sql = std::string(body)] { Run(raw, session, sql); });
    std::unique_lock lock(query->mutex);
    return Page(request, *query, lock, std::chrono::milliseconds(0), /*deliver=*/false);
  }

  server::HttpResponse Fetch(const server::HttpRequest& request) {
    std::shared_ptr<Query> query = Find(request.PathParameter("id"));
    if (!query || query->slug != request.PathParameter("slug")) return TextError(404, "Query not found");
    int64_t token = -1;
    std::string_view text = request.PathParameter("token");
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), token);
    if (error != std::errc() || end != text.data() + text.size()) return TextError(404, "Query not found");
    std::unique_lock lock(query->mutex);
    if (query->forgotten) return TextError(410, "Query was canceled");
    query->last_access = Clock::now();
    if (token == query->token - 1 && !query->last_page.empty()) {
      return server::HttpResponse::Json(200, query->last_page);
    }
    if (token != query->token || query->final_delivered) return TextError(404, "Query not found");
    return Page(request, *query, lock, options.max_wait);
  }

  server::HttpResponse Cancel(std::string_view id, std::optional<std::string_view> slug) {
    std::shared_ptr<Query> query = Find(id);
    if (!query || (slug && query->slug != *slug)) return TextError(404, "Query not found");
    {
      std::lock_guard lock(query->mutex);
      query->forgotten = true;
    }
    query->Cancel();
    sweep_wake.notify_all();
    return server::HttpResponse::NoContent();
  }

  server::HttpResponse Info() const {
    json::JsonWriter writer;
    writer->StartObject();
    writer.Key("nodeVersion");
    writer->StartObject();
    writer.Key("version");
    writer.String(options.node_version);
    writer->EndObject();
    writer.Key("environment");
    writer.String(options.environment);
    writer.Key("coordinator");
    writer->Bool(true);
    writer.Key("starting");
    writer->Bool(false);
    writer.Key("uptime");
    double minutes = std::chrono::duration<double>(Clock::now() - started).count() / 60;
    writer.String(minutes < 60 ? fmt::format("{:.2f}m", minutes) : fmt::format("{:.2f}h", minutes / 60));
    writer->EndObject();
    return server::HttpResponse::Json(200, writer.Take());
  }

  // Drops finished, cancelled and abandoned queries (joining their threads
  // here, never on a request thread).
  void Sweep() {
    std::unique_lock lock(mutex);
    while (!stopping) {
      sweep_wake.wait_for(lock, std::chrono::milliseconds(500));
      std::vector<std::shared_ptr<Query>> dropped;
      for (auto it = queries.begin(); it != queries.end();) {
        Query& query = *it->second;
        bool drop;
        {
          std::lock_guard query_lock(query.mutex);
          auto idle = Clock::now() - query.last_access;
          drop = query.forgotten || (query.final_delivered && idle > std::chrono::seconds(10)) ||
                 idle > options.abandon_timeout;
        }
        if (drop) {
          dropped.push_back(std::move(it->second));
          it = queries.erase(it);
        } else {
          ++it;
        }
      }
      lock.unlock();
      dropped.clear();  // cancels and joins
      lock.lock();
    }
  }
};

TrinoProtocol::TrinoProtocol(std::shared_ptr<engine::Engine> engine, TrinoProtocolOptions options)
    : state_(std::make_shared<State>()) {
  state_->engine = std::move(engine);
  state_->options = std::move(options);
  if (state_->options.metrics) {
    server::MetricsRegistry& metrics = *state_->options.metrics;
    static constexpr std::string_view kHelp = "Trino protocol statements by final state";
    state_->finished_queries = &metrics.GetCounter("floe_trino_queries_total", kHelp, {{"state", "FINISHED"}});
    state_->failed_queries = &metrics.GetCounter("floe_trino_queries_total", kHelp, {{"state", "FAILED"}});
    std::weak_ptr<State> weak = state_;
    metrics.AddGaugeFunction("floe_trino_active_queries", "Trino protocol statements running or with pages to fetch",
                             {}, [weak] {
                               auto state = weak.lock();
                               if (!state) return 0.0;
                               std::lock_guard lock(state->mutex);
                               return static_cast<double>(state->queries.size());
                             });
  }
  state_->sweeper = std::thread([state = state_.get()] { state->Sweep(); });
}

TrinoProtocol::~TrinoProtocol() {
  std::map<std::string, std::shared_ptr<Query>> queries;
  {
    std::lock_guard lock(state_->mutex);
    state_->stopping = true;
    queries.swap(state_->queries);
  }
  state_->sweep_wake.notify_all();
  state_->sweeper.join();
  queries.clear();
}

size_t TrinoProtocol::active_queries() const {
  std::lock_guard lock(state_->mutex);
  return state_->queries.size();
}

void TrinoProtocol::AddRoutes(server::Router& router) {
  State* state = state_.get();
  auto guarded = [authority = state_->options.token_authority](server::RouteHandler handler) -> server::RouteHandler {
    return authority ? server::RequireBearerToken(authority, std::move(handler)) : handler;
  };
  router.Add("POST", "/v1/statement",
             guarded([state](const server::HttpRequest& request) { return state->Submit(request); }),
             "POST /v1/statement");
  router.Add("GET", "/v1/statement/executing/{id}/{slug}/{token}",
             guarded([state](const server::HttpRequest& request) { return state->Fetch(request); }),
             "GET /v1/statement");
  router.Add("DELETE", "/v1/statement/executing/{id}/{slug}/{token}",
             guarded([state](const server::HttpRequest& request) {
               return state->Cancel(request.PathParameter("id"), request.PathParameter("slug"));
             }),
             "DELETE /v1/statement");
  router.Add("DELETE", "/v1/query/{id}",
             guarded([state](const server::HttpRequest& request) {
               return state->Cancel(request.PathParameter("id"), std::nullopt);
             }),
             "DELETE /v1/query");
  router.Add("GET", "/v1/info", [state](const server::HttpRequest&) { return state->Info(); }, "GET /v1/info");
}

}  // namespace floe::trino
