// `floe serve`: the Iceberg REST catalog on :8181 over a SQLite (default) or
// PostgreSQL catalog store and a local warehouse.
#include "serve_command.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <filesystem>
#include <memory>
#include <regex>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "floe/catalog/catalog.h"
#include "floe/io/s3_file_io.h"
#include "floe/server/health.h"
#include "floe/server/http_server.h"
#include "floe/server/rest_catalog_routes.h"

namespace floe::cli {

namespace {

struct ServeOptions {
  std::string warehouse = "warehouse";
  std::string catalog_uri = "floe-catalog.db";
  std::string address = "0.0.0.0";
  int port = 8181;
  int threads = 0;
  int catalog_pool_size = 16;
  int max_body_mb = 64;
  std::string log_level = "info";
  bool quiet_requests = false;
  // S3 warehouses (s3://bucket/prefix): Iceberg S3FileIO properties. The
  // secret key and session token come only from the environment
  // (FLOE_S3_SECRET_ACCESS_KEY / FLOE_S3_SESSION_TOKEN, else AWS_*), never flags.
  std::string s3_endpoint;
  std::string s3_path_style_access;  // "true"/"false"; empty: the S3 default (virtual-hosted)
  std::string s3_region;
  std::string s3_access_key_id;
  bool vend_credentials = true;
};

// The S3FileIO properties of `floe serve`'s options and environment.
std::map<std::string, std::string> S3Properties(const ServeOptions& options) {
  std::map<std::string, std::string> properties;
  auto set = [&](const char* key, const std::string& value) {
    if (!value.empty()) properties[key] = value;
  };
  auto env = [](const char* name) -> std::string {
    const char* value = std::getenv(name);
    return value ? value : "";
  };
  set("s3.endpoint", options.s3_endpoint);
  set("s3.path-style-access", options.s3_path_style_access);
  set("client.region", options.s3_region);
  set("s3.access-key-id", options.s3_access_key_id);
  set("s3.secret-access-key", env("FLOE_S3_SECRET_ACCESS_KEY"));
  set("s3.session-token", env("FLOE_S3_SESSION_TOKEN"));
  return properties;
}

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
  if (io::IsS3Location(warehouse)) {
    while (warehouse.back() == '/') warehouse.pop_back();
    auto location = io::S3Location::Parse(warehouse);
    if (!location.ok()) {
      fmt::print(stderr, "floe: invalid warehouse {}: {}\n", warehouse, location.status().message());
      return 1;
    }
  }
  auto file_io = io::FileIOForLocation(warehouse, S3Properties(options));
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
  if (auto s3 = std::dynamic_pointer_cast<io::S3FileIO>(*file_io)) {
    // /readyz: the warehouse bucket answers with these credentials.
    std::string prefix = warehouse + "/";
    health->AddReadinessCheck("warehouse", [s3, prefix] { return s3->CheckReachable(prefix); });
    const io::S3Options& s3_options = s3->options();
    if (options.vend_credentials && !s3_options.credentials.access_key_id.empty()) {
      auto& vended = rest_options.vended_credentials;
      if (!s3_options.endpoint.empty()) vended["s3.endpoint"] = s3_options.endpoint;
      vended["s3.path-style-access"] = s3_options.path_style ? "true" : "false";
      vended["client.region"] = s3_options.region;
      vended["s3.access-key-id"] = s3_options.credentials.access_key_id;
      vended["s3.secret-access-key"] = s3_options.credentials.secret_access_key;
      if (!s3_options.credentials.session_token.empty()) {
        vended["s3.session-token"] = s3_options.credentials.session_token;
      }
      rest_options.vended_credentials_prefix = warehouse;
    }
  }
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
  http.HandleSignals();
  std::string url = fmt::format("http://localhost:{}", http.port());
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
      "SIGTERM or Ctrl-C stops gracefully (in-flight requests finish).\n",
      options.address, http.port(), warehouse, RedactPassword(options.catalog_uri), (*store)->kind(), url, url, url,
      url, url, url, url);
  std::fflush(stdout);
  http.Wait();
  spdlog::info("floe serve: stopped");
  return 0;
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "Start the Iceberg REST catalog (port 8181)");
  serve->add_option("--port", options->port, "Iceberg REST catalog port")->envname("FLOE_PORT")->capture_default_str();
  serve->add_option("--address", options->address, "Address to listen on")
      ->envname("FLOE_ADDRESS")
      ->capture_default_str();
  serve->add_option("--warehouse", options->warehouse,
                    "Warehouse for table data and metadata: a directory, or s3://bucket/prefix")
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
  serve->add_option("--s3-endpoint", options->s3_endpoint,
                    "S3 endpoint for s3:// warehouses, e.g. http://minio:9000 (s3.endpoint; default AWS)")
      ->envname("FLOE_S3_ENDPOINT");
  serve->add_option("--s3-path-style-access", options->s3_path_style_access,
                    "true: http://endpoint/bucket/key addressing, as MinIO needs (s3.path-style-access)")
      ->envname("FLOE_S3_PATH_STYLE_ACCESS");
  serve->add_option("--s3-region", options->s3_region, "S3 region (client.region; default AWS_REGION or us-east-1)")
      ->envname("FLOE_S3_REGION");
  serve->add_option("--s3-access-key-id", options->s3_access_key_id,
                    "S3 access key (s3.access-key-id; default AWS_ACCESS_KEY_ID). The secret is read from "
                    "FLOE_S3_SECRET_ACCESS_KEY or AWS_SECRET_ACCESS_KEY, the session token from "
                    "FLOE_S3_SESSION_TOKEN or AWS_SESSION_TOKEN")
      ->envname("FLOE_S3_ACCESS_KEY_ID");
  serve->add_option("--vend-credentials", options->vend_credentials,
                    "Return the S3 credentials to clients that ask for X-Iceberg-Access-Delegation: "
                    "vended-credentials")
      ->envname("FLOE_VEND_CREDENTIALS")
      ->capture_default_str();
  serve->add_flag("--quiet-requests", options->quiet_requests, "Do not log one line per request")
      ->envname("FLOE_QUIET_REQUESTS");
  serve->callback([options, exit_code] { *exit_code = Serve(*options); });
}

}  // namespace floe::cli
