#include "serve_command.h"

#include <filesystem>

#include <fmt/format.h>

namespace floe::cli {

namespace {
struct ServeOptions {
  std::string warehouse = "warehouse";
  std::string catalog = "floe-catalog.db";
  int catalog_port = 8181;
  int sql_port = 8080;
};
}  // namespace

void AddServeCommand(CLI::App& app, int* exit_code) {
  auto options = std::make_shared<ServeOptions>();
  auto* serve = app.add_subcommand("serve", "Start the floe services on embedded defaults");
  serve->add_option("--warehouse", options->warehouse, "Warehouse location for table data and metadata")
      ->capture_default_str();
  serve->add_option("--catalog", options->catalog, "SQLite catalog database file")->capture_default_str();
  serve->add_option("--port", options->catalog_port, "Iceberg REST catalog port")->capture_default_str();
  serve->add_option("--sql-port", options->sql_port, "Trino protocol port")->capture_default_str();
  serve->callback([options, exit_code] {
    std::error_code ec;
    auto warehouse = std::filesystem::absolute(options->warehouse, ec).string();
    fmt::print(
        "floe serve\n"
        "  warehouse      {}\n"
        "  catalog store  {} (SQLite)\n"
        "\n"
        "The network services are not part of this build yet:\n"
        "  Iceberg REST catalog   http://localhost:{}  (next)\n"
        "  Trino protocol (SQL)   http://localhost:{}  (next)\n"
        "\n"
        "What works now: inspect Iceberg tables, their planned files and Avro manifests:\n"
        "  build/bin/floe inspect table PATH\n"
        "  build/bin/floe inspect files PATH --where \"id > 10\"\n"
        "  build/bin/floe inspect avro FILE\n",
        warehouse, options->catalog, options->catalog_port, options->sql_port);
    *exit_code = 0;
  });
}

}  // namespace floe::cli
