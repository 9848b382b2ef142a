// `floe serve`: starts the floe services.
#pragma once
#include <CLI/CLI.hpp>
namespace floe::cli {
// Registers the subcommand; its exit status is written to *exit_code.
void AddServeCommand(CLI::App& app, int* exit_code);
}  // namespace floe::cli
