// `floe bench`: benchmark tooling. `floe bench gen-tpch --scale S` writes the
// eight TPC-H tables as Iceberg tables into the catalog and warehouse that
// `floe sql` uses in embedded mode (same flags and defaults).
#pragma once
#include <CLI/CLI.hpp>
namespace floe::cli {
// Registers the subcommand; its exit status is written to *exit_code.
void AddBenchCommand(CLI::App& app, int* exit_code);
}  // namespace floe::cli
