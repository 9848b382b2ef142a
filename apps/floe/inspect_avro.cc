// `floe inspect avro FILE`: an Avro file's metadata and schema, then its
// records as JSON lines (manifests and manifest lists are Avro files).
#include <fmt/format.h>

#include "floe/avro/container.h"
#include "inspect_command_internal.h"

namespace floe::cli {

int InspectAvro(const InspectOptions& options) {
  auto file_io = io::FileIOForLocation(options.path);
  if (!file_io.ok()) return Fail(file_io.status());
  auto input = (*file_io)->OpenInput(options.path);
  if (!input.ok()) return Fail(input.status());
  auto reader = avro::ContainerReader::Open(**input);
  if (!reader.ok()) return Fail(reader.status());
  auto& container = **reader;

  // Header first: metadata (minus the schema, printed on its own) and schema.
  if (options.json) {
    fmt::print("{{\"codec\":{},\"metadata\":{{", QuoteJson(avro::CodecName(container.codec())));
    bool first = true;
    for (const auto& [key, value] : container.metadata()) {
      if (key == "avro.schema" || key == "avro.codec") continue;
      fmt::print("{}{}:{}", first ? "" : ",", QuoteJson(key), QuoteJson(value));
      first = false;
    }
    fmt::print("}},\"schema\":{}}}\n", container.writer_schema()->ToJson());
  } else {
    fmt::print("# codec: {}\n", avro::CodecName(container.codec()));
    for (const auto& [key, value] : container.metadata()) {
      if (key == "avro.schema" || key == "avro.codec") continue;
      std::string shown = value.size() > 200 ? value.substr(0, 200) + "..." : value;
      fmt::print("# {}: {}\n", key, shown);
    }
    fmt::print("# schema: {}\n", container.writer_schema()->ToJson());
  }
  const avro::Node& root = container.writer_schema()->root();
  avro::Datum record;
  int64_t count = 0;
  while (true) {
    auto more = container.NextRecord(&record);
    if (!more.ok()) {
      std::fflush(stdout);
      return Fail(more.status());
    }
    if (!*more) break;
    fmt::print("{}\n", avro::DatumToJson(root, record));
    ++count;
  }
  if (!options.json) fmt::print("# {} records\n", count);
  return 0;
}

}  // namespace floe::cli
