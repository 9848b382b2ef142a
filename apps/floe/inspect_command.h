// `floe inspect`: looks inside Iceberg tables and their files.
//   inspect table PATH            metadata summary
//   inspect files PATH [...]      the planned scan: files, partitions, pruning
//   inspect avro FILE             an Avro file's schema and records
// Every subcommand takes --json. Errors print one line to stderr and exit 1.
#pragma once
#include <CLI/CLI.hpp>
namespace floe::cli {
void AddInspectCommand(CLI::App& app, int* exit_code);
}  // namespace floe::cli
