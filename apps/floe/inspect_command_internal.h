// Shared pieces of the `floe inspect` subcommands (private to apps/floe).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "floe/common/status.h"
#include "floe/iceberg/table_metadata.h"
#include "floe/io/file_io.h"

namespace floe::cli {

struct InspectOptions {
  std::string path;
  bool json = false;
  std::vector<std::string> location_maps;  // FROM=TO
  // inspect files
  std::optional<int64_t> snapshot_id;
  std::string ref;
  std::string as_of;
  std::string where;
  // inspect parquet
  bool rows = false;
  bool csv = false;
  int64_t limit = -1;  // -1: every row
  std::string columns;  // comma-separated top-level names; empty: all
  bool pages = false;   // list every page of the page index
};

struct LoadedTable {
  std::shared_ptr<io::FileIO> file_io;
  std::string metadata_location;
  iceberg::TableMetadataPtr metadata;
};

// Resolves a table directory or metadata file and reads its metadata;
// `location_maps` (FROM=TO) relocate the files the metadata names.
Result<LoadedTable> LoadTable(const std::string& path, const std::vector<std::string>& location_maps);

// Prints "floe: <message>" to stderr and returns the exit status 1.
int Fail(const Status& status);
// "2024-01-02T03:04:05.678Z".
std::string FormatTimestampMs(int64_t timestamp_ms);
// Parses "1700000000000" (ms) or an ISO-8601 timestamp ("2024-01-02T03:04:05Z",
// "2024-01-02 03:04:05", "2024-01-02") as UTC ms since the epoch.
Result<int64_t> ParseTimestampMs(std::string_view text);
// A JSON string literal for `text`.
std::string QuoteJson(std::string_view text);

int InspectTable(const InspectOptions& options);
int InspectFiles(const InspectOptions& options);
int InspectAvro(const InspectOptions& options);
int InspectParquet(const InspectOptions& options);

}  // namespace floe::cli
