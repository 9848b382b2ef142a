// `floe sql`: SQL (Trino's dialect) over the catalog and warehouse that
// `floe serve` uses, in-process (embedded mode) or through the Trino client
// protocol of a server (`--server http://host:8080`, client mode): an
// interactive shell with line editing and history, or `-c SQL` / `-f
// file.sql` for scripts.
#include "sql_command.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include <editline/readline.h>
#include <fmt/format.h>

#include "warehouse.h"
#include "floe/catalog/catalog.h"
#include "floe/engine/engine.h"
#include "floe/io/relocating_file_io.h"
#include "floe/sql/error.h"
#include "floe/sql/parser.h"
#include "floe/trino/result_encoding.h"
#include "floe/trino/statement_client.h"

namespace floe::cli {

namespace {

struct SqlOptions {
  std::string warehouse = "warehouse";
  std::string catalog_uri = "floe-catalog.db";
  std::string user = "floe";
  std::string catalog = "iceberg";
  std::string schema;
  std::string execute;
  std::string file;
  std::string format = "table";
  int64_t memory_limit_mb = 4096;
  int threads = 0;  // embedded engine's worker threads (0: one per core)
  std::string server;  // client mode: a Trino protocol endpoint
  std::vector<std::string> location_maps;  // FROM=TO: read files under FROM from TO
  // Client mode with OAuth2 on the server: a token as is, or one obtained
  // with the client credentials (the secret only from FLOE_CLIENT_SECRET).
  std::string access_token;
  std::string client_id;
  std::string token_endpoint;  // default: the server's host, port 8181, /v1/oauth/tokens
};

// Runs one statement: in-process (Engine::Execute) or on a server, stopped
// by its cancellation token.
using StatementRunner = std::function<Result<std::unique_ptr<engine::QueryResult>>(
    const engine::Session&, std::string_view, std::shared_ptr<engine::CancellationToken>)>;

// The statement a Ctrl-C cancels (also while it runs inside Execute: an INSERT).
std::atomic<engine::CancellationToken*> g_running{nullptr};

void OnInterrupt(int) {
  engine::CancellationToken* running = g_running.load();
  if (running) running->Cancel();
}

bool IsNumeric(const engine::SqlType& type) { return type.is_numeric(); }

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (unsigned char c : text) width += (c & 0xC0) != 0x80;
  return width;
}

// Prints the error as the Trino CLI does, with a caret under its position.
void PrintError(const Status& status, std::string_view statement) {
  sql::QueryError error = sql::DescribeError(status);
  fmt::print(stderr, "Query failed ({}): {}\n", error.error_name, error.message);
  if (!error.location) return;
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start <= statement.size()) {
    size_t end = statement.find('\n', start);
    if (end == std::string_view::npos) end = statement.size();
    lines.push_back(statement.substr(start, end - start));
    start = end + 1;
  }
  size_t line = static_cast<size_t>(error.location->line);
  if (line == 0 || line > lines.size()) return;
  fmt::print(stderr, "{}\n{}^\n", lines[line - 1], std::string(static_cast<size_t>(error.location->column - 1), ' '));
}

// Prints "rows scanned, files, elapsed" on one stderr line every half
// second once a query has run for a second; erased when it finishes.
class Progress {
 public:
  Progress(bool enabled, const engine::ScanStatistics& statistics) : statistics_(statistics) {
    if (!enabled) return;
    thread_ = std::thread([this]() {
      auto start = std::chrono::steady_clock::now();
      std::unique_lock<std::mutex> lock(mutex_);
      while (!done_) {
        wake_.wait_for(lock, std::chrono::milliseconds(500));
        if (done_) break;
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (seconds < 1.0) continue;
        fmt::print(stderr, "\r  running {:.1f}s: {} rows scanned from {} files ({} pruned), {} row groups skipped   ",
                   seconds, statistics_.rows_read.load(), statistics_.files_planned.load(),
                   statistics_.files_pruned.load(), statistics_.row_groups_skipped.load());
        printed_ = true;
      }
    });
  }
  // Stops the line before results are printed.
  void Stop() {
    if (!thread_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
    if (printed_) fmt::print(stderr, "\r{}\r", std::string(100, ' '));
  }
  ~Progress() { Stop(); }

 private:
  const engine::ScanStatistics& statistics_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  bool printed_ = false;
};

class Shell {
 public:
  Shell(StatementRunner runner, engine::Session session, std::string format)
      : runner_(std::move(runner)), session_(std::move(session)), format_(std::move(format)) {}

  // Runs one statement and prints its result; false when it failed.
  bool RunStatement(std::string_view statement, bool show_timing) {
    auto start = std::chrono::steady_clock::now();
    auto cancellation = std::make_shared<engine::CancellationToken>();
    g_running.store(cancellation.get());
    auto result = runner_(session_, statement, cancellation);
    if (!result.ok()) {
      g_running.store(nullptr);
      PrintError(result.status(), statement);
      return false;
    }
    Status status;
    {
      // Interactive: a progress line on stderr while a query runs for more than a second.
      Progress progress(show_timing && isatty(STDERR_FILENO), (*result)->scan_statistics());
      status = Print(**result, &progress);
    }
    g_running.store(nullptr);
    if (!status.ok()) {
      PrintError(status, statement);
      return false;
    }
    if ((*result)->set_schema()) session_.schema = *(*result)->set_schema();
    if ((*result)->set_catalog()) session_.catalog = *(*result)->set_catalog();
    (*result)->session_update().ApplyTo(&session_);
    if (show_timing) {
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      fmt::print(stderr, "[{:.3f}s]\n", seconds);
    }
    return true;
  }

  const engine::Session& session() const { return session_; }

 private:
  Status Print(engine::QueryResult& result, Progress* progress) {
    const auto& columns = result.columns();
    const std::string& update = result.update_type();
    bool is_query = update == "SELECT" || update.starts_with("SHOW") || update == "DESCRIBE" || update == "EXPLAIN";
    std::vector<std::vector<std::string>> rows;
    std::vector<std::vector<bool>> nulls;
    columnar::Batch batch;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(bool more, result.Next(&batch));
      if (!more) break;
      for (int64_t r = 0; r < batch.num_rows; ++r) {
        std::vector<std::string> row;
        std::vector<bool> row_nulls;
        for (size_t c = 0; c < columns.size(); ++c) {
          bool null = batch.columns[c]->IsNull(r);
          if (!null && format_ == "json" && IsNested(columns[c].type)) {
            // --format json: arrays and rows as JSON arrays, maps as objects (Trino's encoding).
            json::JsonWriter writer;
            trino::WriteValue(writer, *batch.columns[c], r, columns[c].type);
            row.push_back(writer.Take());
          } else {
            row.push_back(null ? "NULL" : engine::FormatCell(*batch.columns[c], r, columns[c].type));
          }
          row_nulls.push_back(null);
        }
        if (format_ == "table" || !is_query) {
          rows.push_back(std::move(row));
          nulls.push_back(std::move(row_nulls));
        } else {
          progress->Stop();
          PrintRow(row, row_nulls, columns);
        }
      }
    }
    progress->Stop();
    if (!is_query) {
      if (result.update_count()) {
        fmt::print("{}: {} row{}\n", update, *result.update_count(), *result.update_count() == 1 ? "" : "s");
      } else {
        fmt::print("{}\n", update);
      }
      return Status::OK();
    }
    if (format_ == "table") PrintTable(rows, columns, update == "EXPLAIN" || update == "SHOW CREATE TABLE");
    return Status::OK();
  }

  void PrintHeaderOnce(const std::vector<engine::ResultColumn>& columns) {
    if (header_printed_ || format_ != "csv") return;
    header_printed_ = true;
    std::string line;
    for (size_t c = 0; c < columns.size(); ++c) line += (c ? "," : "") + CsvField(columns[c].name);
    fmt::print("{}\n", line);
  }

  static bool IsNested(const engine::SqlType& type) {
    return type.kind == engine::SqlTypeKind::kArray || type.kind == engine::SqlTypeKind::kMap ||
           type.kind == engine::SqlTypeKind::kRow;
  }

  void PrintRow(const std::vector<std::string>& row, const std::vector<bool>& row_nulls,
                const std::vector<engine::ResultColumn>& columns) {
    if (format_ == "csv") {
      PrintHeaderOnce(columns);
      std::string line;
      for (size_t c = 0; c < row.size(); ++c) line += (c ? "," : "") + (row_nulls[c] ? std::string() : CsvField(row[c]));
      fmt::print("{}\n", line);
      return;
    }
    // json: one object per line.
    std::string line = "{";
    for (size_t c = 0; c < row.size(); ++c) {
      if (c) line += ",";
      line += JsonString(columns[c].name) + ":";
      const auto& type = columns[c].type;
      if (row_nulls[c]) {
        line += "null";
      } else if (IsNested(type)) {
        line += row[c];  // already JSON
      } else if (type.kind == engine::SqlTypeKind::kBoolean ||
                 (IsNumeric(type) && row[c] != "NaN" && row[c] != "Infinity" && row[c] != "-Infinity")) {
        line += row[c];
      } else {
        line += JsonString(row[c]);
      }
    }
    fmt::print("{}}}\n", line);
  }

  void PrintTable(const std::vector<std::vector<std::string>>& rows, const std::vector<engine::ResultColumn>& columns,
                  bool raw) {
    if (raw) {
      // EXPLAIN / SHOW CREATE TABLE: the text as is.
      for (const auto& row : rows) fmt::print("{}\n", row.empty() ? "" : row[0]);
      return;
    }
    std::vector<size_t> widths(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) widths[c] = DisplayWidth(columns[c].name);
    for (const auto& row : rows) {
      for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
    std::string header, rule;
    for (size_t c = 0; c < columns.size(); ++c) {
      size_t pad = widths[c] - DisplayWidth(columns[c].name);
      header += (c ? "|" : "") + std::string(" ") + std::string(pad / 2, ' ') + columns[c].name +
                std::string(pad - pad / 2, ' ') + " ";
      rule += (c ? "+" : "") + std::string(widths[c] + 2, '-');
    }
    fmt::print("{}\n{}\n", header, rule);
    for (const auto& row : rows) {
      std::string line;
      for (size_t c = 0; c < row.size(); ++c) {
        size_t pad = widths[c] - DisplayWidth(row[c]);
        bool right = IsNumeric(columns[c].type);
        line += (c ? "|" : "") + std::string(" ") + (right ? std::string(pad, ' ') + row[c] : row[c] + std::string(pad, ' ')) + " ";
      }
      fmt::print("{}\n", line);
    }
    fmt::print("({} row{})\n", rows.size(), rows.size() == 1 ? "" : "s");
  }

  StatementRunner runner_;
  engine::Session session_;
  std::string format_;
  bool header_printed_ = false;
};

// Runs every statement of a script; stops at the first failure.
int RunScript(Shell& shell, std::string_view script) {
  for (std::string_view statement : sql::SplitStatements(script)) {
    if (!shell.RunStatement(statement, false)) return 1;
  }
  return 0;
}

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + "/.floe_history" : ".floe_history";
}

int Interactive(Shell& shell) {
  std::string history = HistoryPath();
  using_history();
  read_history(history.c_str());
  std::string buffer;
  while (true) {
    std::string prompt = buffer.empty()
                             ? fmt::format("floe:{}> ", shell.session().schema.value_or(shell.session().catalog))
                             : std::string("     -> ");
    char* line = readline(prompt.c_str());
    if (!line) {
      fmt::print("\n");
      break;
    }
    std::string text(line);
    free(line);
    std::string trimmed = text;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front()))) trimmed.erase(0, 1);
    if (buffer.empty() && (trimmed == "\\q" || trimmed == "quit" || trimmed == "exit" || trimmed == "quit;" || trimmed == "exit;")) break;
    if (buffer.empty() && trimmed.empty()) continue;
    buffer += buffer.empty() ? text : "\n" + text;
    if (!sql::EndsWithStatementTerminator(buffer)) continue;
    add_history(buffer.c_str());
    write_history(history.c_str());
    for (std::string_view statement : sql::SplitStatements(buffer)) shell.RunStatement(statement, true);
    buffer.clear();
  }
  return 0;
}

int RunShell(Shell& shell, const SqlOptions& options);

// The bearer token client mode sends: --access-token / FLOE_ACCESS_TOKEN as
// is, or, with --client-id, one from the OAuth2 token endpoint for the
// secret in FLOE_CLIENT_SECRET (never a flag, so it stays out of `ps`).
// Empty when neither is given.
Result<std::string> AccessToken(const SqlOptions& options) {
  if (!options.access_token.empty()) {
    if (!options.client_id.empty()) return BadRequest("--access-token and --client-id exclude each other");
    return options.access_token;
  }
  if (options.client_id.empty()) return std::string();
  const char* secret = std::getenv("FLOE_CLIENT_SECRET");
  if (secret == nullptr || *secret == '\0') {
    return BadRequest("--client-id needs the client's secret in the FLOE_CLIENT_SECRET environment variable");
  }
  std::string endpoint = options.token_endpoint;
  if (endpoint.empty()) {
    // The REST catalog of the same floe serve: same host, port 8181.
    std::string server = options.server;
    size_t scheme = server.find("://");
    size_t host_start = scheme == std::string::npos ? 0 : scheme + 3;
    size_t path = server.find('/', host_start);
    std::string authority = server.substr(host_start, path == std::string::npos ? std::string::npos : path - host_start);
    size_t bracket = authority.rfind(']');
    size_t colon = authority.rfind(':');
    if (colon != std::string::npos && (bracket == std::string::npos || colon > bracket)) authority.resize(colon);
    endpoint = server.substr(0, host_start) + authority + ":8181/v1/oauth/tokens";
  }
  return trino::RequestClientCredentialsToken(endpoint, options.client_id, secret);
}

int RunSql(const SqlOptions& options) {
  if (options.format != "table" && options.format != "csv" && options.format != "json") {
    fmt::print(stderr, "floe sql: --format must be table, csv or json\n");
    return 2;
  }
  engine::Session session;
  session.user = options.user;
  session.catalog = options.catalog;
  if (!options.schema.empty()) session.schema = options.schema;
  session.query_max_memory_bytes = options.memory_limit_mb * (int64_t{1} << 20);
  if (!options.server.empty()) {
    auto client = trino::StatementClient::Create(options.server);
    if (!client.ok()) {
      fmt::print(stderr, "floe sql: {}\n", client.status().message());
      return 2;
    }
    auto token = AccessToken(options);
    if (!token.ok()) {
      fmt::print(stderr, "floe sql: {}\n", token.status().message());
      return token.status().kind() == ErrorKind::kBadRequest ? 2 : 1;
    }
    (*client)->set_access_token(*token);
    Shell shell(
        [client = *client](const engine::Session& s, std::string_view sql,
                           std::shared_ptr<engine::CancellationToken> cancellation) {
          return client->Execute(s, sql, std::move(cancellation));
        },
        session, options.format);
    return RunShell(shell, options);
  }
  auto prepared = PrepareWarehouse(options.warehouse);
  if (!prepared.ok()) {
    fmt::print(stderr, "floe sql: {}\n", prepared.status().message());
    return 1;
  }
  std::string warehouse = *prepared;
  auto file_io = io::FileIOForLocation(warehouse);
  if (!file_io.ok()) {
    fmt::print(stderr, "floe sql: unsupported warehouse {}: {}\n", warehouse, file_io.status().message());
    return 1;
  }
  if (!options.location_maps.empty()) {
    // Tables copied from elsewhere (registered with CALL iceberg.system.register_table)
    // name their files by the original locations; read those from the copy.
    std::vector<io::LocationMapping> mappings;
    for (const auto& text : options.location_maps) {
      auto mapping = io::ParseLocationMapping(text);
      if (!mapping.ok()) {
        fmt::print(stderr, "floe sql: invalid --map {}: {}\n", text, mapping.status().message());
        return 1;
      }
      mappings.push_back(std::move(*mapping));
    }
    *file_io = std::make_shared<io::RelocatingFileIO>(*file_io, std::move(mappings));
  }
  auto store = catalog::OpenCatalogStore(options.catalog_uri);
  if (!store.ok()) {
    fmt::print(stderr, "floe sql: cannot open the catalog store: {}\n", store.status().message());
    return 1;
  }
  catalog::CatalogOptions catalog_options;
  catalog_options.warehouse = warehouse;
  auto catalog = std::make_shared<catalog::Catalog>(*store, *file_io, catalog_options);
  engine::EngineOptions engine_options;
  engine_options.worker_threads = options.threads;
  engine::Engine engine(catalog, *file_io, engine_options);
  Shell shell(
      [&engine](const engine::Session& s, std::string_view sql, std::shared_ptr<engine::CancellationToken> cancellation) {
        return engine.Execute(s, sql, std::move(cancellation));
      },
      session, options.format);
  return RunShell(shell, options);
}

// Runs -c, -f, piped statements or the interactive shell.
int RunShell(Shell& shell, const SqlOptions& options) {
  std::signal(SIGINT, OnInterrupt);
  if (!options.execute.empty()) return RunScript(shell, options.execute);
  if (!options.file.empty()) {
    std::ifstream in(options.file);
    if (!in) {
      fmt::print(stderr, "floe sql: cannot read {}\n", options.file);
      return 1;
    }
    std::stringstream contents;
    contents << in.rdbuf();
    return RunScript(shell, contents.str());
  }
  if (!isatty(STDIN_FILENO)) {
    std::stringstream contents;
    contents << std::cin.rdbuf();
    return RunScript(shell, contents.str());
  }
  return Interactive(shell);
}

}  // namespace

void AddSqlCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<SqlOptions>();
  CLI::App* command = app.add_subcommand("sql", "Run SQL (Trino's dialect) on the catalog's Iceberg tables");
  command->add_option("-c,--execute", options->execute, "Run these statements and exit");
  command->add_option("-f,--file", options->file, "Run the statements of a file and exit");
  command->add_option("--format", options->format, "Output format: table, csv or json")->capture_default_str();
  command->add_option("--warehouse", options->warehouse, "Warehouse directory (as for floe serve)")
      ->envname("FLOE_WAREHOUSE")
      ->capture_default_str();
  command->add_option("--catalog-uri", options->catalog_uri,
                      "Catalog store: a SQLite file, or postgresql://user:password@host:port/database")
      ->envname("FLOE_CATALOG_URI")
      ->capture_default_str();
  command->add_option("--user", options->user, "Session user")->envname("FLOE_USER")->capture_default_str();
  command->add_option("--catalog", options->catalog, "Default catalog")->capture_default_str();
  command->add_option("--schema", options->schema, "Default schema");
  command->add_option("--server", options->server,
                      "Client mode: run statements on a floe serve (or Trino) at this URL, e.g. http://host:8080")
      ->envname("FLOE_SERVER");
  command->add_option("--map", options->location_maps,
                      "Read files under FROM from TO instead (FROM=TO, repeatable; embedded mode), for tables "
                      "registered from copies, e.g. s3://bucket/wh=/data/wh");
  command->add_option("--access-token", options->access_token,
                      "Client mode: a bearer token for a server with OAuth2 on (from its /v1/oauth/tokens)")
      ->envname("FLOE_ACCESS_TOKEN");
  command->add_option("--client-id", options->client_id,
                      "Client mode: get a token with this OAuth2 client id; the secret is read from FLOE_CLIENT_SECRET")
      ->envname("FLOE_CLIENT_ID");
  command->add_option("--token-endpoint", options->token_endpoint,
                      "Client mode: the OAuth2 token endpoint for --client-id (default: the --server host, port 8181, "
                      "/v1/oauth/tokens: floe serve's REST catalog)")
      ->envname("FLOE_TOKEN_ENDPOINT");
  command->add_option("--memory-limit-mb", options->memory_limit_mb, "Per-query memory limit")
      ->envname("FLOE_QUERY_MEMORY_MB")
      ->capture_default_str();
  command->add_option("--threads", options->threads,
                      "Embedded mode: worker threads running a query's scan morsels (0: one per core)")
      ->envname("FLOE_THREADS")
      ->capture_default_str();
  command->callback([options, exit_code]() { *exit_code = RunSql(*options); });
}

}  // namespace floe::cli
