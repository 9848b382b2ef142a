// `floe serve`: the Iceberg REST catalog on :8181 and the Trino client
// protocol on :8080, over a SQLite (default) or PostgreSQL catalog store and a
// local warehouse; both share one Catalog and FileIO.
#include "serve_command.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <regex>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "warehouse.h"
#include "floe/catalog/catalog.h"
#include "floe/common/uuid.h"
#include "floe/io/relocating_file_io.h"
#include "floe/io/s3_file_io.h"
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
  int handler_threads = 0;
  int catalog_pool_size = 16;
  int max_body_mb = 64;
  std::string log_level = "info";
  bool quiet_requests = false;
  // Authentication (on when at least one client is configured).
  std::vector<std::string> oauth_clients;  // "client_id:pbkdf2-sha256$..."
  std::string token_signing_key;
  std::string token_signing_key_file;
  int token_lifetime_s = 3600;
  // S3 warehouses (s3://bucket/prefix): Iceberg S3FileIO properties. The
  // secret key and session token come only from the environment
  // (FLOE_S3_SECRET_ACCESS_KEY / FLOE_S3_SESSION_TOKEN, else AWS_*), never flags.
  std::string s3_endpoint;
  std::string s3_path_style_access;  // "true"/"false"; empty: the S3 default (virtual-hosted)
  std::string s3_region;
  std::string s3_access_key_id;
  bool vend_credentials = true;
  // FROM=TO: files under FROM are read from TO (tables registered from copies).
  std::vector<std::string> location_maps;
};

// Writes and deletes a small file in the warehouse: can commits write there?
Status ProbeWarehouse(io::FileIO& file_io, const std::string& warehouse) {
  std::string probe = warehouse + "/.floe-probe-" + RandomUuid();
  FLOE_RETURN_IF_ERROR(file_io.WriteFile(probe, "ok", io::WriteMode::kFailIfExists));
  return file_io.Delete(probe);
}

// The token authority the options describe; nullptr when authentication is off.
Result<std::shared_ptr<const server::TokenAuthority>> TokenAuthorityFor(const ServeOptions& options) {
  if (options.oauth_clients.empty()) {
    if (!options.token_signing_key.empty() || !options.token_signing_key_file.empty()) {
      return BadRequest("a token signing key is set but no --oauth-client: authentication stays off");
    }
    return std::shared_ptr<const server::TokenAuthority>();
  }
  server::TokenAuthorityOptions authority;
  for (const auto& entry : options.oauth_clients) {
    size_t colon = entry.find(':');
    if (colon == std::string::npos || colon == 0) {
      return BadRequest("invalid --oauth-client '{}': expected CLIENT_ID:HASH (the hash from `floe hash-secret`)",
                        entry.substr(0, 40));
    }
    authority.clients.push_back({entry.substr(0, colon), entry.substr(colon + 1)});
  }
  authority.signing_key = options.token_signing_key;
  if (!options.token_signing_key_file.empty()) {
    if (!authority.signing_key.empty()) {
      return BadRequest("set either --token-signing-key or --token-signing-key-file, not both");
    }
    std::ifstream file(options.token_signing_key_file, std::ios::binary);
    if (!file) return BadRequest("cannot read the token signing key file {}", options.token_signing_key_file);
    std::stringstream content;
    content << file.rdbuf();
    authority.signing_key = content.str();
    while (!authority.signing_key.empty() &&
           (authority.signing_key.back() == '\n' || authority.signing_key.back() == '\r')) {
      authority.signing_key.pop_back();
    }
  }
  authority.token_lifetime = std::chrono::seconds(options.token_lifetime_s);
  return server::TokenAuthority::Create(std::move(authority));
}

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
  auto authority = TokenAuthorityFor(options);
  if (!authority.ok()) {
    fmt::print(stderr, "floe: {}\n", authority.status().message());
    return 1;
  }
  if (*authority && (*authority)->generated_key()) {
    spdlog::warn("floe serve: no --token-signing-key configured: tokens are signed with a random key, so they "
                 "stop working after a restart and are not accepted by other instances");
  }
  auto prepared = PrepareWarehouse(options.warehouse);
  if (!prepared.ok()) {
    fmt::print(stderr, "floe: {}\n", prepared.status().message());
    return 1;
  }
  std::string warehouse = *prepared;
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
  // The warehouse's S3 FileIO, or null for a local one.
  std::shared_ptr<io::S3FileIO> s3 = std::dynamic_pointer_cast<io::S3FileIO>(*file_io);
  if (Status writable = ProbeWarehouse(**file_io, warehouse); !writable.ok()) {
    if (s3 == nullptr) {
      fmt::print(stderr, "floe: the warehouse {} is not writable: {}\n", warehouse, writable.message());
      return 1;
    }
    // An object store may be down or still being provisioned: serve anyway and
    // report not-ready (/readyz) until the bucket answers.
    spdlog::warn("floe serve: the warehouse {} is not writable yet: {}", warehouse, writable.message());
  }
  auto store = catalog::OpenCatalogStore(options.catalog_uri, options.catalog_pool_size);
  if (!store.ok()) {
    fmt::print(stderr, "floe: cannot open the catalog store {}: {}\n", RedactPassword(options.catalog_uri),
               store.status().message());
    return 1;
  }
  // Tables' files: through --map when given (the warehouse probes use the plain FileIO).
  std::shared_ptr<io::FileIO> table_io = *file_io;
  if (!options.location_maps.empty()) {
    std::vector<io::LocationMapping> mappings;
    for (const auto& text : options.location_maps) {
      auto mapping = io::ParseLocationMapping(text);
      if (!mapping.ok()) {
        fmt::print(stderr, "floe: invalid --map {}: {}\n", text, mapping.status().message());
        return 1;
      }
      mappings.push_back(std::move(*mapping));
    }
    table_io = std::make_shared<io::RelocatingFileIO>(*file_io, std::move(mappings));
  }
  catalog::CatalogOptions catalog_options;
  catalog_options.warehouse = warehouse;
  auto catalog = std::make_shared<catalog::Catalog>(*store, table_io, catalog_options);

  auto router = std::make_shared<server::Router>();
  auto metrics = std::make_shared<server::MetricsRegistry>();
  auto health = std::make_shared<server::HealthChecks>();
  std::shared_ptr<catalog::CatalogStore> catalog_store = *store;
  health->AddReadinessCheck("catalog-store", [catalog_store] { return catalog_store->Ping(); });
  std::shared_ptr<io::FileIO> warehouse_io = *file_io;
  if (s3 == nullptr) {
    // Local: a probe file is cheap. S3: the bucket check below (no PUT per probe).
    health->AddReadinessCheck("warehouse",
                              [warehouse_io, warehouse] { return ProbeWarehouse(*warehouse_io, warehouse); });
  }
  server::RestCatalogOptions rest_options;
  rest_options.overrides["warehouse"] = warehouse;
  rest_options.token_authority = *authority;
  rest_options.metrics = metrics;
  if (s3 != nullptr) {
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
  server_options.handler_threads = options.handler_threads;
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
    trino_options.token_authority = *authority;
    trino_protocol = std::make_unique<trino::TrinoProtocol>(std::make_shared<engine::Engine>(catalog, table_io),
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
      "  auth           {}\n"
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
      "{}"
      "\n"
      "SIGTERM or Ctrl-C stops gracefully (in-flight requests finish).\n",
      options.address, http.port(), warehouse, RedactPassword(options.catalog_uri), (*store)->kind(),
      *authority ? fmt::format("OAuth2 bearer tokens from {}/v1/oauth/tokens ({} clients)", url,
                               (*authority)->client_count())
                 : std::string("off (no --oauth-client)"),
      url, url, url,
      url, url, url, url,
      *authority ? fmt::format("With authentication, add the client's credential and the token endpoint:\n"
                               "  Spark/Flink/PyIceberg  credential=<client-id>:<secret>  "
                               "oauth2-server-uri={}/v1/oauth/tokens\n"
                               "  Trino     iceberg.rest-catalog.security=OAUTH2\n"
                               "            iceberg.rest-catalog.oauth2.credential=<client-id>:<secret>\n"
                               "            iceberg.rest-catalog.oauth2.server-uri={}/v1/oauth/tokens\n\n",
                               url, url)
                 : std::string(),
      trino_banner);
  std::fflush(stdout);
  http.Wait();
  if (trino_http) {
    trino_http->BeginShutdown();
    trino_http->Wait();
  }
  spdlog::info("floe serve: stopped");
  return 0;
}

// Applies the settings of a TOML/INI file to the options of `command` that
// neither a flag nor an environment variable set (they take priority).
// Keys are the long flag names without dashes, at the top level or in a
// [serve] section. CLI11 reads config files only for the top-level app, so
// the subcommand applies its own. Errors name the file and the key.
Status ApplyConfigFile(CLI::App& command, const std::string& path) {
  std::vector<CLI::ConfigItem> items;
  try {
    items = CLI::ConfigTOML().from_file(path);
  } catch (const std::exception& error) {
    return BadRequest("cannot read the configuration file {}: {}", path, error.what());
  }
  for (const auto& item : items) {
    if (item.name == "++" || item.name == "--") continue;  // section markers
    if (!item.parents.empty() && !(item.parents.size() == 1 && item.parents[0] == command.get_name())) {
      return BadRequest("{}: unknown section [{}] (settings go at the top level or under [{}])", path,
                        CLI::detail::join(item.parents, "."), command.get_name());
    }
    if (item.name == "config") return BadRequest("{}: a configuration file cannot name another one", path);
    CLI::Option* option = command.get_option_no_throw("--" + item.name);
    if (option == nullptr) {
      return BadRequest("{}: unknown setting '{}' (see floe {} --help)", path, item.name, command.get_name());
    }
    if (option->count() > 0) continue;  // the flag or the environment wins
    try {
      option->add_result(item.inputs);
      option->run_callback();
    } catch (const CLI::Error& error) {
      return BadRequest("{}: invalid value for '{}': {}", path, item.name, error.what());
    }
  }
  return Status::OK();
}

}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "Start the Iceberg REST catalog (port 8181) and the Trino protocol (8080)");
  serve->footer(
      "Every setting comes, by priority, from its flag, its FLOE_* environment variable, the --config file\n"
      "(TOML or INI: one `name = value` per line, names as the flags without dashes, e.g.\n"
      "  port = 8181\n"
      "  catalog-uri = \"postgresql://floe:secret@db/floe\"\n"
      "  oauth-client = [\"spark:pbkdf2-sha256$...\", \"trino:pbkdf2-sha256$...\"]\n"
      "), or its default. Authentication is on when at least one --oauth-client is set; produce the hash with\n"
      "`floe hash-secret`.");
  auto config_file = std::make_shared<std::string>();
  serve->add_option("--config", *config_file, "Read settings from this TOML or INI file")
      ->envname("FLOE_CONFIG")
      ->check(CLI::ExistingFile);
  serve->add_option("--port", options->port, "Iceberg REST catalog port")
      ->envname("FLOE_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve->add_option("--trino-port", options->trino_port, "Trino client protocol port (0: off)")
      ->envname("FLOE_TRINO_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve->add_option("--trino-threads", options->trino_threads,
                    "Trino protocol HTTP threads (a fetch of the next page waits up to 1 s for rows)")
      ->envname("FLOE_TRINO_THREADS")
      ->capture_default_str();
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
  serve->add_option("--threads", options->threads,
                    "HTTP threads (0: one per core); they also run the handlers unless --handler-threads is set")
      ->envname("FLOE_THREADS")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  serve->add_option("--handler-threads", options->handler_threads,
                    "Run the catalog handlers on a pool of this many threads instead of the HTTP threads (0), so "
                    "that handlers waiting on the database never hold up the sockets, /healthz or /metrics. With "
                    "PostgreSQL, set it near --catalog-pool-size")
      ->envname("FLOE_HANDLER_THREADS")
      ->check(CLI::Range(0, 1024))
      ->capture_default_str();
  serve->add_option("--catalog-pool-size", options->catalog_pool_size, "Catalog database connections")
      ->envname("FLOE_CATALOG_POOL_SIZE")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  serve->add_option("--max-body-mb", options->max_body_mb, "Largest request body accepted (MiB)")
      ->envname("FLOE_MAX_BODY_MB")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  serve->add_option("--log-level", options->log_level, "trace, debug, info, warn, error")
      ->envname("FLOE_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}))
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
  serve
      ->add_option("--oauth-client", options->oauth_clients,
                   "An OAuth2 client allowed to get tokens, as CLIENT_ID:SECRET_HASH (repeatable; the hash from "
                   "`floe hash-secret`). Setting one turns authentication on")
      ->envname("FLOE_OAUTH_CLIENTS")
      ->delimiter(',');
  serve->add_option("--token-signing-key", options->token_signing_key,
                    "HMAC-SHA256 key signing the bearer tokens (at least 32 bytes; share it between instances). "
                    "Default: a random key per start")
      ->envname("FLOE_TOKEN_SIGNING_KEY");
  serve->add_option("--token-signing-key-file", options->token_signing_key_file,
                    "Read the token signing key from this file instead")
      ->envname("FLOE_TOKEN_SIGNING_KEY_FILE");
  serve->add_option("--map", options->location_maps,
                    "Read files under FROM from TO instead (FROM=TO, repeatable), for tables registered from "
                    "copies, e.g. s3://bucket/wh=/data/wh")
      ->envname("FLOE_MAP");
  serve->add_option("--token-lifetime", options->token_lifetime_s, "Lifetime of issued tokens, in seconds")
      ->envname("FLOE_TOKEN_LIFETIME")
      ->check(CLI::Range(1, 30 * 24 * 3600))
      ->capture_default_str();
  serve->callback([serve, options, config_file, exit_code] {
    if (!config_file->empty()) {
      Status applied = ApplyConfigFile(*serve, *config_file);
      if (!applied.ok()) {
        fmt::print(stderr, "floe: {}\n", applied.message());
        *exit_code = 1;
        return;
      }
    }
    *exit_code = Serve(*options);
  });

  // `floe hash-secret`: the hash an --oauth-client entry carries.
  auto secret = std::make_shared<std::string>();
  auto client_id = std::make_shared<std::string>();
  auto* hash = app.add_subcommand("hash-secret",
                                  "Print the salted PBKDF2-SHA256 hash of an OAuth2 client secret for --oauth-client "
                                  "(the secret is read from standard input unless --secret is given)");
  hash->add_option("--secret", *secret, "The client secret (prefer standard input: it stays out of the shell history)");
  hash->add_option("--client", *client_id, "Print CLIENT_ID:HASH, ready for --oauth-client");
  hash->callback([secret, client_id, exit_code] {
    std::string text = *secret;
    if (text.empty() && !std::getline(std::cin, text)) text.clear();
    while (!text.empty() && (text.back() == '\r' || text.back() == '\n')) text.pop_back();
    if (text.empty()) {
      fmt::print(stderr, "floe hash-secret: empty secret (pass it on standard input or with --secret)\n");
      *exit_code = 1;
      return;
    }
    std::string hashed = server::HashClientSecret(text);
    fmt::print("{}\n", client_id->empty() ? hashed : *client_id + ":" + hashed);
  });
}

}  // namespace floe::cli
