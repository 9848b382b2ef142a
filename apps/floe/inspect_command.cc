#include "inspect_command.h"

#include <cstdio>
#include <ctime>

#include <fmt/format.h>

#include "floe/common/json.h"
#include "floe/iceberg/metadata_json.h"
#include "floe/iceberg/metadata_location.h"
#include "floe/io/relocating_file_io.h"
#include "inspect_command_internal.h"

namespace floe::cli {

int Fail(const Status& status) {
  std::fprintf(stderr, "floe: %s\n", status.message().c_str());
  return 1;
}

Result<LoadedTable> LoadTable(const std::string& path, const std::vector<std::string>& location_maps) {
  LoadedTable table;
  FLOE_ASSIGN_OR_RETURN(table.file_io, io::FileIOForLocation(path));
  if (!location_maps.empty()) {
    std::vector<io::LocationMapping> mappings;
    for (const auto& text : location_maps) {
      FLOE_ASSIGN_OR_RETURN(auto mapping, io::ParseLocationMapping(text));
      mappings.push_back(std::move(mapping));
    }
    table.file_io = std::make_shared<io::RelocatingFileIO>(table.file_io, std::move(mappings));
  }
  FLOE_ASSIGN_OR_RETURN(table.metadata_location, iceberg::ResolveMetadataLocation(*table.file_io, path));
  auto metadata = iceberg::ReadTableMetadata(*table.file_io, table.metadata_location);
  if (!metadata.ok()) return metadata.status().WithContext(table.metadata_location);
  table.metadata = *metadata;
  return table;
}

std::string FormatTimestampMs(int64_t timestamp_ms) {
  std::time_t seconds = static_cast<std::time_t>(timestamp_ms / 1000);
  int64_t millis = timestamp_ms % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, millis);
}

namespace {
// Days from 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}
}  // namespace

Result<int64_t> ParseTimestampMs(std::string_view text) {
  std::string s(text);
  bool all_digits = !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
  if (all_digits) return std::stoll(s);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, consumed = 0;
  double fraction = 0;
  if (std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &year, &month, &day, &consumed) != 3 || month < 1 || month > 12 ||
      day < 1 || day > 31) {
    return BadRequest("Invalid timestamp '{}': expected milliseconds or YYYY-MM-DD[THH:MM:SS[.fff]][Z]", text);
  }
  std::string rest = s.substr(static_cast<size_t>(consumed));
  if (!rest.empty() && (rest[0] == 'T' || rest[0] == ' ')) {
    int used = 0;
    if (std::sscanf(rest.c_str() + 1, "%2d:%2d:%2d%n", &hour, &minute, &second, &used) != 3) {
      return BadRequest("Invalid time in timestamp '{}'", text);
    }
    rest = rest.substr(static_cast<size_t>(used) + 1);
    if (!rest.empty() && rest[0] == '.') {
      size_t end = rest.find_first_not_of("0123456789", 1);
      fraction = std::stod("0" + rest.substr(0, end));
      rest = end == std::string::npos ? "" : rest.substr(end);
    }
  }
  if (!rest.empty() && rest != "Z" && rest != "+00:00") {
    return BadRequest("Unsupported time zone '{}' in timestamp '{}': use UTC (Z)", rest, text);
  }
  int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return ((days * 24 + hour) * 60 + minute) * 60000 + second * 1000 + static_cast<int64_t>(fraction * 1000 + 0.5);
}

std::string QuoteJson(std::string_view text) {
  json::JsonWriter writer;
  writer.String(text);
  return writer.Take();
}

void AddInspectCommand(CLI::App& app, int* exit_code) {
  auto* inspect = app.add_subcommand("inspect", "Look inside Iceberg tables, manifests and data files");
  inspect->require_subcommand(1);
  auto options = std::make_shared<InspectOptions>();

  auto* table = inspect->add_subcommand("table", "Show a table's metadata: schemas, specs, snapshots, refs, properties");
  table->add_option("PATH", options->path, "A table directory or a metadata file")->required();
  table->add_flag("--json", options->json, "Print JSON for machines");
  table->add_option("--map", options->location_maps,
                    "Read files under FROM from TO instead (FROM=TO, repeatable), e.g. s3://bucket/wh=/data/wh");
  table->callback([options, exit_code] { *exit_code = InspectTable(*options); });

  auto* files = inspect->add_subcommand("files", "Show the files a scan plans, with pruning");
  files->add_option("PATH", options->path, "A table directory or a metadata file")->required();
  auto* snapshot = files->add_option("--snapshot", options->snapshot_id, "Plan this snapshot id");
  auto* ref = files->add_option("--ref", options->ref, "Plan the snapshot a branch or tag points at");
  auto* as_of = files->add_option("--as-of", options->as_of, "Plan the snapshot current at this time (ms or ISO-8601 UTC)");
  snapshot->excludes(ref)->excludes(as_of);
  ref->excludes(as_of);
  files->add_option("--where", options->where, "A predicate, e.g. \"id > 5 and name = 'x'\"");
  files->add_flag("--json", options->json, "Print JSON lines for machines");
  files->add_option("--map", options->location_maps,
                    "Read files under FROM from TO instead (FROM=TO, repeatable), e.g. s3://bucket/wh=/data/wh");
  files->callback([options, exit_code] { *exit_code = InspectFiles(*options); });

  auto* avro = inspect->add_subcommand("avro", "Show an Avro file's schema and records as JSON lines");
  avro->add_option("FILE", options->path, "An Avro object container file")->required();
  avro->add_flag("--json", options->json, "Print the schema as one JSON line too");
  avro->callback([options, exit_code] { *exit_code = InspectAvro(*options); });

  auto* parquet = inspect->add_subcommand(
      "parquet", "Show a Parquet file's schema, row groups and column chunks, or its rows (--rows)");
  parquet->add_option("FILE", options->path, "A Parquet file")->required();
  parquet->add_flag("--json", options->json, "Print the metadata as JSON");
  parquet->add_flag("--rows", options->rows, "Print the rows as JSON lines instead of the metadata");
  parquet->add_flag("--csv", options->csv, "With --rows: print CSV with a header line instead");
  parquet->add_option("--limit", options->limit, "With --rows: print at most N rows");
  parquet->add_option("--columns", options->columns, "With --rows: only these top-level columns (a,b)");
  parquet->add_flag("--pages", options->pages,
                    "List every data page from the page index (rows, offset, size, nulls, min, max)");
  parquet->callback([options, exit_code] { *exit_code = InspectParquet(*options); });
}

}  // namespace floe::cli
