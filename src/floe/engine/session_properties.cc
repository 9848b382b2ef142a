#include "floe/engine/session_properties.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "floe/sql/error.h"
#include "floe/timezone/time_zone.h"

namespace floe::engine {

namespace codes = sql::error_codes;

namespace {

constexpr std::string_view kQueryMaxMemory = "query_max_memory";
constexpr std::string_view kSortedWritingEnabled = "iceberg.sorted_writing_enabled";
constexpr std::string_view kTimeZoneId = "time_zone_id";

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const SessionPropertyInfo* FindProperty(std::string_view name) {
  for (const auto& info : SessionProperties()) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

}  // namespace

const std::vector<SessionPropertyInfo>& SessionProperties() {
  static const std::vector<SessionPropertyInfo> properties = {
      {kSortedWritingEnabled, "boolean", "true", "Enable sorted writing to tables with a specified sort order"},
      {kQueryMaxMemory, "varchar", "4GB", "Maximum amount of memory a query can use"},
      {kTimeZoneId, "varchar", "UTC", "The session's time zone (SET TIME ZONE)"},
  };
  return properties;
}

Result<int64_t> ParseDataSize(std::string_view text) {
  std::string trimmed(text);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back()))) trimmed.pop_back();
  size_t unit_start = 0;
  while (unit_start < trimmed.size() &&
         (std::isdigit(static_cast<unsigned char>(trimmed[unit_start])) || trimmed[unit_start] == '.')) {
    ++unit_start;
  }
  std::string number = trimmed.substr(0, unit_start);
  std::string unit = Lower(trimmed.substr(unit_start));
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  char* end = nullptr;
  double value = number.empty() ? -1 : std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !(value >= 0)) {
    return Status(ErrorKind::kBadRequest, fmt::format("Invalid data size: '{}'", text));
  }
  double scale = 0;
  if (unit == "b") scale = 1;
  else if (unit == "kb") scale = 1024.0;
  else if (unit == "mb") scale = 1024.0 * 1024;
  else if (unit == "gb") scale = 1024.0 * 1024 * 1024;
  else if (unit == "tb") scale = 1024.0 * 1024 * 1024 * 1024;
  else if (unit == "pb") scale = 1024.0 * 1024 * 1024 * 1024 * 1024;
  else return Status(ErrorKind::kBadRequest, fmt::format("Invalid data size: '{}' (units: B, kB, MB, GB, TB, PB)", text));
  double bytes = std::floor(value * scale);
  if (bytes > 9.0e18) return Status(ErrorKind::kBadRequest, fmt::format("Data size is too large: '{}'", text));
  return static_cast<int64_t>(bytes);
}

Result<std::string> CheckSessionProperty(std::string_view name, std::string_view value) {
  const SessionPropertyInfo* info = FindProperty(name);
  if (!info) return sql::SqlErrorNoLocation(codes::kInvalidSessionProperty, "Session property '{}' does not exist", name);
  if (info->type == "boolean") {
    std::string lower = Lower(value);
    if (lower == "true" || lower == "false") return lower;
    return sql::SqlErrorNoLocation(codes::kInvalidSessionProperty, "{} is invalid: {}: cannot be cast to boolean", name,
                                   value);
  }
  if (name == kQueryMaxMemory) {
    auto bytes = ParseDataSize(value);
    if (!bytes.ok()) {
      return sql::SqlErrorNoLocation(codes::kInvalidSessionProperty, "{} is invalid: {}", name, bytes.status().message());
    }
    if (*bytes <= 0) return sql::SqlErrorNoLocation(codes::kInvalidSessionProperty, "{} must be positive", name);
  }
  if (name == kTimeZoneId) {
    auto zone = timezone::LoadTimeZone(value);
    if (!zone.ok()) {
      return sql::SqlErrorNoLocation(codes::kInvalidSessionProperty, "{} is invalid: {}", name, zone.status().message());
    }
    return (*zone)->name();
  }
  return std::string(value);
}

Result<Session> ApplySessionProperties(const Session& session) {
  Session out = session;
  for (const auto& [name, value] : session.properties) {
    FLOE_ASSIGN_OR_RETURN(std::string canonical, CheckSessionProperty(name, value));
    out.properties[name] = canonical;
    if (name == kQueryMaxMemory) {
      FLOE_ASSIGN_OR_RETURN(int64_t bytes, ParseDataSize(canonical));
      // The server's limit stays the ceiling, as Trino's query.max-memory.
      if (out.query_max_memory_bytes <= 0 || bytes < out.query_max_memory_bytes) out.query_max_memory_bytes = bytes;
    }
    if (name == kTimeZoneId) out.time_zone = canonical;
  }
  return out;
}

bool SortedWritingEnabled(const Session& session) {
  auto it = session.properties.find(std::string(kSortedWritingEnabled));
  return it == session.properties.end() || Lower(it->second) != "false";
}

}  // namespace floe::engine
