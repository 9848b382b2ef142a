// Named time zones for `timestamp with time zone`: UTC offsets of instants
// and the instants of local times, read from the system's TZif files
// (RFC 8536; Debian's tzdata package installs them in /usr/share/zoneinfo).
//
// GCC 12's libstdc++ has no std::chrono::tzdb, so the files are parsed here:
// transitions from the 64-bit (version 2+) data block, and for instants after
// the last transition the POSIX TZ rule of the file's footer
// ("EST5EDT,M3.2.0,M11.1.0"), so DST stays correct in any year.
//
// Local times map to instants as java.time (and so Trino) does: a time in a
// DST gap moves forward by the gap, an ambiguous time (the repeated hour)
// takes the earlier instant.
//
// Thread-safety: a TimeZone is immutable; LoadTimeZone is thread-safe and
// caches each zone for the life of the process.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"

namespace floe::timezone {

class TimeZone {
 public:
  // Parses TZif data (versions 1 to 4). Errors: kInvalidData naming what is
  // malformed (bad magic, counts past the end, type indexes out of range, an
  // unreadable footer rule); never reads out of bounds.
  static Result<std::shared_ptr<const TimeZone>> Parse(std::string name, std::string_view data);
  // A zone at a fixed offset from UTC (seconds east), named e.g. "+05:30".
  static std::shared_ptr<const TimeZone> Fixed(std::string name, int32_t offset_seconds);

  const std::string& name() const { return name_; }
  // Seconds east of UTC in effect at `utc_seconds` (seconds since the epoch).
  int32_t OffsetAt(int64_t utc_seconds) const;
  // The instant (UTC seconds) of local time `local_seconds` (seconds since
  // 1970-01-01T00:00 local).
  int64_t UtcOfLocal(int64_t local_seconds) const;

  // A POSIX TZ rule (the TZif footer): standard offset, optional DST.
  struct Rule {
    struct Date {
      enum class Kind : uint8_t { kJulianNoLeap, kZeroBasedDay, kMonthWeekDay };
      Kind kind = Kind::kMonthWeekDay;
      int32_t day = 0;    // Jn (1..365) or n (0..365)
      int32_t month = 0;  // Mm.w.d
      int32_t week = 0;
      int32_t weekday = 0;
      int32_t time = 7200;  // seconds after local midnight (may be negative or over 24h)
    };
    int32_t standard_offset = 0;  // seconds east of UTC
    bool has_dst = false;
    int32_t dst_offset = 0;
    Date start, end;
    int32_t OffsetAt(int64_t utc_seconds) const;
  };
  // Parses a POSIX TZ string. Errors: kInvalidData.
  static Result<Rule> ParseRule(std::string_view text);

 private:
  struct LocalTimeType {
    int32_t offset = 0;
    bool dst = false;
  };
  std::string name_;
  std::vector<int64_t> transitions_;     // ascending UTC seconds
  std::vector<uint8_t> transition_types_;
  std::vector<LocalTimeType> types_;
  std::optional<Rule> rule_;
  int32_t initial_offset_ = 0;  // before the first transition
};

using TimeZonePtr = std::shared_ptr<const TimeZone>;

// A zone by name: "UTC" (also "Z", "GMT", "UT", "Etc/UTC"...), a fixed
// offset "+05:30" / "-08:00" / "+05", or an IANA name ("America/New_York",
// matched case-insensitively, returned with its canonical spelling).
// Errors: kNotFound "Time zone not supported: Mars/Base" (also for names
// that are not plain zone paths), kInvalidData for a corrupt zone file.
Result<TimeZonePtr> LoadTimeZone(std::string_view name);

// Whether `name` (a SqlType's time_zone) means UTC: empty or "UTC".
inline bool IsUtcZone(std::string_view name) { return name.empty() || name == "UTC"; }

// Microsecond instants and local times in the zone named `zone` (LoadTimeZone's errors).
Result<int64_t> LocalMicrosOf(int64_t utc_micros, std::string_view zone);
Result<int64_t> UtcMicrosOfLocal(int64_t local_micros, std::string_view zone);

// The zone written at the end of a timestamp literal ("2020-01-01 00:00
// America/New_York" -> "America/New_York", "... +05:30" -> "+05:30", "...
// UTC" -> "UTC"), or nullopt when there is none.
std::optional<std::string> TrailingZoneName(std::string_view timestamp_text);

// Where zone files are read from: $FLOE_ZONEINFO, else /usr/share/zoneinfo.
std::string ZoneInfoDirectory();

}  // namespace floe::timezone
