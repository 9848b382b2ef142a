// Session properties floe honours (SET SESSION, RESET SESSION, SHOW
// SESSION, the Trino protocol's X-Trino-Session header).
//
//   query_max_memory                 data size ('512MB', '2GB'): the query's
//                                    memory limit, at most the server's
//                                    (Session::query_max_memory_bytes as
//                                    configured)
//   iceberg.sorted_writing_enabled   boolean: INSERT and CREATE TABLE AS
//                                    sort each file by the table's sort
//                                    order (sorted_by); default true
//   time_zone_id                     a zone name: the session's time zone
//                                    (SET TIME ZONE sets it), over
//                                    Session::time_zone (X-Trino-Time-Zone)
//
// Values are kept as text in Session::properties, canonicalised by
// CheckSessionProperty. Errors are INVALID_SESSION_PROPERTY, with Trino's
// messages ("Session property 'x' does not exist").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"
#include "floe/engine/session.h"

namespace floe::engine {

struct SessionPropertyInfo {
  std::string_view name;
  std::string_view type;  // Trino's type name: "varchar", "boolean"
  std::string_view default_value;
  std::string_view description;
};

// Every property floe honours, sorted by name.
const std::vector<SessionPropertyInfo>& SessionProperties();

// The canonical text of `value` for property `name` ("true", "512MB").
// Errors: unknown property, or a value that does not parse as its type.
Result<std::string> CheckSessionProperty(std::string_view name, std::string_view value);

// `session` with its properties applied (query_max_memory lowers
// query_max_memory_bytes). Errors: as CheckSessionProperty, for any property.
Result<Session> ApplySessionProperties(const Session& session);

// iceberg.sorted_writing_enabled (true unless set to false).
bool SortedWritingEnabled(const Session& session);

// A Trino data size: a number (fractions allowed) and a unit B, kB, MB,
// GB, TB or PB (powers of 1024, case-insensitive). Errors: kBadRequest
// with the reason.
Result<int64_t> ParseDataSize(std::string_view text);

}  // namespace floe::engine
