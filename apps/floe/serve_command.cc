// `floe serve`: the Iceberg REST catalog on :8181 and the Trino client
// protocol on :8080, over a SQLite (default) or PostgreSQL catalog store and a
// local warehouse; both share one Catalog and FileIO.
#include "serve_command.h"

#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "floe/catalog/catalog.h"
#include "floe/server/health.h"
#include "floe/server/http_server.h"
#include "floe/server/rest_catalog_routes.h"
#include "floe/trino/statement_routes.h"

namespace floe::cli {

namespace {

struct ServeOptions {
  std::string warehouse = "warehouse";
  std::string catalog_uri = "floe-catalog.db";
  std::string address = "0.0.0.0";
  int port = 8181;
  int trino_port = 8080;  // 0: no Trino protocol
  int trino_threads = 16;  // GET nextUri waits up to a second for rows, so more threads than cores
  int threads = 0;
  int catalog_pool_size = 16;
  int max_body_mb = 64;
  std::string log_level = "info";
  bool quiet_requests = false;
};

// postgresql://user:secret@host/db -> postgresql://user:***@host/db
std::string RedactPassword(const std::string& uri) {
  return std::regex_replace(uri, std::regex("(://[^:/@]+):[^@]*@"), "$1:***@");
}

int Serve(const ServeOptions& options) {
  spdlog::set_level(spdlog::level::from_str(options.log_level));
  std::string warehouse = options.warehouse;
  if (warehouse.find("://") == std::string::npos) {
    std::error_code error;
    std::filesystem::create_directories(warehouse, error);
    if (error) {
      fmt::print(stderr, "floe: cannot create the warehouse directory {}: {}\n", warehouse, error.message());
      return 1;
    }
    warehouse = std::filesystem::absolute(warehouse).lexically_normal().string();
    while (warehouse.size() > 1 && warehouse.back() == '/') warehouse.pop_back();
  }
  auto file_io = io::FileIOForLocation(warehouse);
  if (!file_io.ok()) {
    fmt::print(stderr, "floe: unsupported warehouse {}: {}\n", warehouse, file_io.status().message());
    return 1;
  }
  auto store = catalog::OpenCatalogStore(options.catalog_uri, options.catalog_pool_size);
  if (!store.ok()) {
    fmt::print(stderr, "floe: cannot open the catalog store {}: {}\n", RedactPassword(options.catalog_uri),
               store.status().message());
    return 1;
  }
  catalog::CatalogOptions catalog_options;
  catalog_options.warehouse = warehouse;
  auto catalog = std::make_shared<catalog::Catalog>(*store, *file_io, catalog_options);

  auto router = std::make_shared<server::Router>();
  auto metrics = std::make_shared<server::MetricsRegistry>();
  auto health = std::make_shared<server::HealthChecks>();
  std::shared_ptr<catalog::CatalogStore> catalog_store = *store;
  health->AddReadinessCheck("catalog-store", [catalog_store] { return catalog_store->Ping(); });
  server::RestCatalogOptions rest_options;
  rest_options.overrides["warehouse"] = warehouse;
  server::AddRestCatalogRoutes(*router, catalog, rest_options);
  server::AddCatalogMetrics(*metrics, catalog);
  server::AddOperationalRoutes(*router, health, metrics);

  server::HttpServerOptions server_options;
  server_options.address = options.address;
  server_options.port = static_cast<uint16_t>(options.port);
  server_options.threads = options.threads;
  server_options.max_body_bytes = static_cast<size_t>(options.max_body_mb) * 1024 * 1024;
  server_options.log_requests = !options.quiet_requests;
  server::HttpServer http(server_options, router, metrics);
  Status started = http.Start();
  if (!started.ok()) {
    fmt::print(stderr, "floe: {}\n", started.message());
    return 1;
  }
  // The Trino client protocol, on its own port (as a Trino coordinator).
  std::unique_ptr<trino::TrinoProtocol> trino_protocol;
  std::unique_ptr<server::HttpServer> trino_http;
  if (options.trino_port != 0) {
    trino::TrinoProtocolOptions trino_options;
    trino_options.metrics = metrics;
    trino_protocol = std::make_unique<trino::TrinoProtocol>(std::make_shared<engine::Engine>(catalog, *file_io),
                                                            trino_options);
    auto trino_router = std::make_shared<server::Router>();
    trino_protocol->AddRoutes(*trino_router);
    server::AddOperationalRoutes(*trino_router, health, metrics);
    server::HttpServerOptions trino_server_options = server_options;
    trino_server_options.port = static_cast<uint16_t>(options.trino_port);
    trino_server_options.threads = options.trino_threads;
    trino_http = std::make_unique<server::HttpServer>(trino_server_options, trino_router, metrics);
    Status trino_started = trino_http->Start();
    if (!trino_started.ok()) {
      fmt::print(stderr, "floe: Trino protocol: {}\n", trino_started.message());
      return 1;
    }
  }
  http.HandleSignals();
  std::string url = fmt::format("http://localhost:{}", http.port());
  std::string trino_banner = "  Trino protocol off (--trino-port 0)\n";
  if (trino_http) {
    trino_banner = fmt::format(
        "floe serve: Trino client protocol listening on {}:{} (catalog iceberg)\n"
        "  Trino CLI trino --server http://localhost:{} --catalog iceberg --schema <schema> --user <you>\n"
        "  JDBC      jdbc:trino://localhost:{}/iceberg  (DBeaver, Superset: trino://<you>@localhost:{}/iceberg)\n"
        "  floe sql  floe sql --server http://localhost:{}\n",
        options.address, trino_http->port(), trino_http->port(), trino_http->port(), trino_http->port(),
        trino_http->port());
  }
  fmt::print(
      "floe serve: Iceberg REST catalog listening on {}:{}\n"
      "  warehouse      {}\n"
      "  catalog store  {} ({})\n"
      "  health         {}/healthz  {}/readyz  metrics {}/metrics\n"
      "\n"
      "Connect:\n"
      "  Spark     --conf spark.sql.catalog.floe=org.apache.iceberg.spark.SparkCatalog \\\n"
      "            --conf spark.sql.catalog.floe.type=rest \\\n"
      "            --conf spark.sql.catalog.floe.uri={}\n"
      "  Trino     connector.name=iceberg\n"
      "            iceberg.catalog.type=rest\n"
      "            iceberg.rest-catalog.uri={}\n"
      "  PyIceberg load_catalog(\"floe\", **{{\"type\": \"rest\", \"uri\": \"{}\"}})\n"
      "  Flink     CREATE CATALOG floe WITH ('type'='iceberg', 'catalog-type'='rest', 'uri'='{}');\n"
      "\n"
      "{}"
      "\n"
      "SIGTERM or Ctrl-C stops gracefully (in-flight requests finish).\n",
      options.address, http.port(), warehouse, RedactPassword(options.catalog_uri), (*store)->kind(), url, url, url,
      url, url, url, url, trino_banner);
  std::fflush(stdout);
  http.Wait();
  if (trino_http) {
    trino_http->BeginShutdown();
    trino_http->Wait();
  }
  spdlog::info("floe serve: stopped");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "Start the Iceberg REST catalog (port 8181) and the Trino protocol (8080)");
  serve->add_option("--port", options->port, "Iceberg REST catalog port")->envname("FLOE_PORT")->capture_default_str();
  serve->add_option("--trino-port", options->trino_port, "Trino client protocol port (0: off)")
      ->envname("FLOE_TRINO_PORT")
      ->capture_default_str();
  serve->add_option("--trino-threads", options->trino_threads,
                    "Trino protocol HTTP threads (a fetch of the next page waits up to 1 s for rows)")
      ->envname("FLOE_TRINO_THREADS")
      ->capture_default_str();
  serve->add_option("--address", options->address, "Address to listen on")
      ->envname("FLOE_ADDRESS")
      ->capture_default_str();
  serve->add_option("--warehouse", options->warehouse, "Warehouse directory for table data and metadata")
      ->envname("FLOE_WAREHOUSE")
      ->capture_default_str();
  serve->add_option("--catalog-uri", options->catalog_uri,
                    "Catalog store: a SQLite file, or postgresql://user:password@host:port/database")
      ->envname("FLOE_CATALOG_URI")
      ->capture_default_str();
  serve->add_option("--threads", options->threads, "HTTP worker threads (0: one per core)")
      ->envname("FLOE_THREADS")
      ->capture_default_str();
  serve->add_option("--catalog-pool-size", options->catalog_pool_size, "Catalog database connections")
      ->envname("FLOE_CATALOG_POOL_SIZE")
      ->capture_default_str();
  serve->add_option("--max-body-mb", options->max_body_mb, "Largest request body accepted (MiB)")
      ->envname("FLOE_MAX_BODY_MB")
      ->capture_default_str();
  serve->add_option("--log-level", options->log_level, "trace, debug, info, warn, error")
      ->envname("FLOE_LOG_LEVEL")
      ->capture_default_str();
  serve->add_flag("--quiet-requests", options->quiet_requests, "Do not log one line per request")
      ->envname("FLOE_QUIET_REQUESTS");
  serve->callback([options, exit_code] { *exit_code = Serve(*options); });
}

}  // namespace floe::cli
