// Session: who runs statements and where unqualified names resolve, as in
// Trino's client session (X-Trino-User / -Catalog / -Schema).
// A plain value; each query reads its own copy.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace floe::engine {

// The only catalog: Iceberg tables of floe's catalog service (as in Trino's
// deployments of the platform). `system` is listed by SHOW CATALOGS.
inline constexpr std::string_view kIcebergCatalog = "iceberg";
inline constexpr std::string_view kSystemCatalog = "system";

struct Session {
  std::string user = "floe";
  std::string catalog = std::string(kIcebergCatalog);
  std::optional<std::string> schema;  // nullopt: names must be qualified
  // Per-query memory limit for operators that buffer (hash aggregation,
  // sort); 0: unlimited.
  int64_t query_max_memory_bytes = int64_t{4} << 30;
  // The session's time zone (X-Trino-Time-Zone, SET TIME ZONE): current_timestamp,
  // current_date and casts of timestamps to timestamp with time zone use it.
  std::string time_zone = "UTC";
};

}  // namespace floe::engine
