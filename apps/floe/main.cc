// floe: the command-line entry point. A thin main over the library.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

int main(int argc, char** argv) {
  CLI::App app{"floe: an open lakehouse platform (Iceberg catalog, storage, SQL)"};
  app.require_subcommand(1);
  auto* serve = app.add_subcommand("serve", "Start the floe services");
  serve->callback([] { fmt::print("floe serve: the catalog service is not built yet\n"); });
  CLI11_PARSE(app, argc, argv);
  return 0;
}
