// `floe sql`: SQL on the catalog's Iceberg tables (embedded mode).
#pragma once
#include <CLI/CLI.hpp>
namespace floe::cli {
// Registers the subcommand; its exit status is written to *exit_code.
void AddSqlCommand(CLI::App& app, int* exit_code);
}  // namespace floe::cli
