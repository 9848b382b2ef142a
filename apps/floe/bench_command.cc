// `floe bench gen-tpch`: the TPC-H data generator (floe/tpch) over the
// embedded catalog (SQLite or PostgreSQL store) and a warehouse directory.
#include "bench_command.h"

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "warehouse.h"
#include "floe/catalog/catalog.h"
#include "floe/io/file_io.h"
#include "floe/tpch/generator.h"

namespace floe::cli {

namespace {

struct GenTpchOptions {
  double scale = 1.0;
  std::string warehouse = "warehouse";
  std::string catalog_uri = "floe-catalog.db";
  std::string schema = "tpch";
  int64_t batch_rows = 65536;
  bool quiet = false;
};

int RunGenTpch(const GenTpchOptions& options) {
  if (!(options.scale > 0) || options.scale > 1000) {  // before anything is created
    fmt::print(stderr, "floe bench gen-tpch: TPC-H scale factor must be in (0, 1000], got {}\n", options.scale);
    return 1;
  }
  auto prepared = PrepareWarehouse(options.warehouse);
  if (!prepared.ok()) {
    fmt::print(stderr, "floe bench gen-tpch: {}\n", prepared.status().message());
    return 1;
  }
  std::string warehouse = *prepared;
  auto file_io = io::FileIOForLocation(warehouse);
  if (!file_io.ok()) {
    fmt::print(stderr, "floe bench gen-tpch: unsupported warehouse {}: {}\n", warehouse, file_io.status().message());
    return 1;
  }
  auto store = catalog::OpenCatalogStore(options.catalog_uri);
  if (!store.ok()) {
    fmt::print(stderr, "floe bench gen-tpch: cannot open the catalog store: {}\n", store.status().message());
    return 1;
  }
  catalog::CatalogOptions catalog_options;
  catalog_options.warehouse = warehouse;
  catalog::Catalog catalog(*store, *file_io, catalog_options);
  tpch::GeneratorOptions generator;
  generator.scale = options.scale;
  generator.schema = options.schema;
  generator.batch_rows = options.batch_rows;
  auto started = std::chrono::steady_clock::now();
  if (!options.quiet) {
    generator.progress = [&](const std::string& table, int64_t rows) {
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      fmt::print(stderr, "iceberg.{}.{}: {} rows ({:.1f} s)\n", options.schema, table, rows, seconds);
    };
  }
  auto generated = tpch::Generate(catalog, *file_io, generator);
  if (!generated.ok()) {
    fmt::print(stderr, "floe bench gen-tpch: {}\n", generated.status().message());
    return 1;
  }
  return 0;
}

}  // namespace

void AddBenchCommand(CLI::App& app, int* exit_code) {
  CLI::App* bench = app.add_subcommand("bench", "Benchmark tooling");
  bench->require_subcommand(1);
  auto options = std::make_shared<GenTpchOptions>();
  CLI::App* command = bench->add_subcommand(
      "gen-tpch", "Generate the TPC-H tables (deterministic) as Iceberg tables (Parquet, zstd)");
  command->add_option("--scale", options->scale, "Scale factor (1: lineitem has about 6 million rows)")
      ->capture_default_str();
  command->add_option("--warehouse", options->warehouse, "Warehouse directory (as for floe sql)")
      ->envname("FLOE_WAREHOUSE")
      ->capture_default_str();
  command->add_option("--catalog-uri", options->catalog_uri,
                      "Catalog store: a SQLite file, or postgresql://user:password@host:port/database")
      ->envname("FLOE_CATALOG_URI")
      ->capture_default_str();
  command->add_option("--namespace,--schema", options->schema, "Schema the tables go into (replaced if present)")
      ->capture_default_str();
  command->add_option("--batch-rows", options->batch_rows, "Rows per written batch")->capture_default_str();
  command->add_flag("--quiet", options->quiet, "No progress lines");
  command->callback([options, exit_code]() { *exit_code = RunGenTpch(*options); });
}

}  // namespace floe::cli
