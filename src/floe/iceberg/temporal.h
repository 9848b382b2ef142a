// Calendar arithmetic and ISO-8601 text for Iceberg's date and time values
// (spec Appendix D JSON forms, partition path human strings, SQL literals).
//
// Values use the Iceberg representations (literal.h): date = days from
// 1970-01-01 (int32), time = µs from midnight, timestamps = µs or ns from the
// epoch (int64). Calendars are proleptic Gregorian; all functions are pure and
// allocation-free except the formatters. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace floe::iceberg {

inline constexpr int64_t kSecondsPerDay = 86'400;
inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kNanosPerSecond = 1'000'000'000;
inline constexpr int64_t kMicrosPerHour = 3'600 * kMicrosPerSecond;
inline constexpr int64_t kNanosPerHour = 3'600 * kNanosPerSecond;
inline constexpr int64_t kMicrosPerDay = kSecondsPerDay * kMicrosPerSecond;
inline constexpr int64_t kNanosPerDay = kSecondsPerDay * kNanosPerSecond;

// Division rounding toward negative infinity (1969 values stay in 1969).
constexpr int64_t FloorDivide(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  return (value % divisor != 0 && (value < 0) != (divisor < 0)) ? quotient - 1 : quotient;
}
constexpr int64_t FloorModulo(int64_t value, int64_t divisor) {
  int64_t remainder = value % divisor;
  return (remainder != 0 && (remainder < 0) != (divisor < 0)) ? remainder + divisor : remainder;
}

// A proleptic Gregorian calendar date.
struct CivilDate {
  int64_t year = 1970;
  int32_t month = 1;  // 1..12
  int32_t day = 1;    // 1..31
};
// Days from 1970-01-01 <-> calendar date (exact for every int32 day count).
CivilDate CivilFromDays(int64_t days_from_epoch);
int64_t DaysFromCivil(int64_t year, int32_t month, int32_t day);

enum class TimeUnit { kMicros, kNanos };
constexpr int64_t UnitsPerSecond(TimeUnit unit) { return unit == TimeUnit::kMicros ? kMicrosPerSecond : kNanosPerSecond; }

// "2017-11-16" (years beyond 9999 as "+10000", before year 0 as "-0001").
std::string FormatDate(int64_t days_from_epoch);
// "22:31:08.123456"; with `omit_zero_fraction` a zero fraction is dropped ("22:31:08").
std::string FormatTime(int64_t micros_from_midnight, bool omit_zero_fraction);
// "2017-11-16T22:31:08.123456" (µs) or "...08.123456789" (ns); `with_zone` appends "+00:00".
std::string FormatTimestamp(int64_t value, TimeUnit unit, bool with_zone, bool omit_zero_fraction);

// Parsers: nullopt for malformed or out-of-range text.
// "YYYY-MM-DD" (optionally signed years of more digits).
std::optional<int32_t> ParseDate(std::string_view text);
// "HH:MM[:SS[.fraction]]" -> µs from midnight (digits past µs are truncated).
std::optional<int64_t> ParseTime(std::string_view text);
// Whether a timestamp text must, may or must not carry a zone offset.
enum class ZoneRule { kForbidden, kRequired, kOptional };
// "YYYY-MM-DDTHH:MM[:SS[.fraction]][Z|±HH[:MM]]" ('T' or a space) -> units
// since the epoch, converted to UTC when an offset is present.
std::optional<int64_t> ParseTimestamp(std::string_view text, TimeUnit unit, ZoneRule zone);

}  // namespace floe::iceberg
