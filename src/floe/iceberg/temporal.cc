// Calendar arithmetic and ISO-8601 formatting/parsing of Iceberg date/time values.
#include "floe/iceberg/temporal.h"

#include <limits>

#include <fmt/format.h>

namespace floe::iceberg {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string FormatYear(int64_t year) {
  if (year >= 0 && year <= 9999) return fmt::format("{:04}", year);
  if (year > 9999) return fmt::format("+{}", year);
  return fmt::format("-{:04}", -year);
}

// "HH:MM:SS" plus `fraction_digits` digits of the fraction of a second.
std::string FormatTimeOfDay(int64_t nanos_of_day, int fraction_digits, bool omit_zero_fraction) {
  int64_t seconds = nanos_of_day / kNanosPerSecond;
  int64_t nanos = nanos_of_day % kNanosPerSecond;
  std::string text = fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  if (nanos == 0 && omit_zero_fraction) return text;
  int64_t fraction = fraction_digits == 6 ? nanos / 1000 : nanos;
  fmt::format_to(std::back_inserter(text), ".{:0{}}", fraction, fraction_digits);
  return text;
}

// A cursor over ISO-8601 text.
struct IsoReader {
  std::string_view text;
  size_t position = 0;

  bool AtEnd() const { return position >= text.size(); }
  bool Consume(char c) {
    if (position < text.size() && text[position] == c) {
      ++position;
      return true;
    }
    return false;
  }
  // Exactly `count` digits.
  std::optional<int64_t> Digits(size_t count) {
    if (position + count > text.size()) return std::nullopt;
    int64_t value = 0;
    for (size_t i = 0; i < count; ++i) {
      char c = text[position + i];
      if (!IsDigit(c)) return std::nullopt;
      value = value * 10 + (c - '0');
    }
    position += count;
    return value;
  }
};

int32_t DaysInMonth(int64_t year, int32_t month) {
  static constexpr int32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::optional<int64_t> ReadDate(IsoReader& reader) {
  bool negative = false;
  if (reader.Consume('-')) negative = true;
  else reader.Consume('+');
  size_t year_digits = 0;
  while (reader.position + year_digits < reader.text.size() && IsDigit(reader.text[reader.position + year_digits])) {
    ++year_digits;
  }
  if (year_digits < 4 || year_digits > 9) return std::nullopt;
  auto year = reader.Digits(year_digits);
  if (!year || !reader.Consume('-')) return std::nullopt;
  auto month = reader.Digits(2);
  if (!month || !reader.Consume('-')) return std::nullopt;
  auto day = reader.Digits(2);
  if (!day) return std::nullopt;
  int64_t signed_year = negative ? -*year : *year;
  if (*month < 1 || *month > 12 || *day < 1 || *day > DaysInMonth(signed_year, static_cast<int32_t>(*month))) {
    return std::nullopt;
  }
  return DaysFromCivil(signed_year, static_cast<int32_t>(*month), static_cast<int32_t>(*day));
}

// Nanoseconds of the day; digits past nanoseconds are dropped.
std::optional<int64_t> ReadTimeOfDay(IsoReader& reader) {
  auto hour = reader.Digits(2);
  if (!hour || !reader.Consume(':')) return std::nullopt;
  auto minute = reader.Digits(2);
  if (!minute) return std::nullopt;
  int64_t second = 0, nanos = 0;
  if (reader.Consume(':')) {
    auto parsed = reader.Digits(2);
    if (!parsed) return std::nullopt;
    second = *parsed;
    if (reader.Consume('.')) {
      int digits = 0;
      while (!reader.AtEnd() && IsDigit(reader.text[reader.position])) {
        if (digits < 9) nanos = nanos * 10 + (reader.text[reader.position] - '0');
        ++digits;
        ++reader.position;
      }
      if (digits == 0) return std::nullopt;
      for (int i = digits; i < 9; ++i) nanos *= 10;
    }
  }
  if (*hour > 23 || *minute > 59 || second > 59) return std::nullopt;
  return ((*hour * 60 + *minute) * 60 + second) * kNanosPerSecond + nanos;
}

// Offset seconds east of UTC.
std::optional<int64_t> ReadOffset(IsoReader& reader) {
  if (reader.Consume('Z') || reader.Consume('z')) return 0;
  int64_t sign = reader.Consume('+') ? 1 : reader.Consume('-') ? -1 : 0;
  if (sign == 0) return std::nullopt;
  auto hours = reader.Digits(2);
  if (!hours) return std::nullopt;
  int64_t minutes = 0;
  if (!reader.AtEnd()) {
    reader.Consume(':');
    auto parsed = reader.Digits(2);
    if (!parsed) return std::nullopt;
    minutes = *parsed;
  }
  if (*hours > 18 || minutes > 59) return std::nullopt;
  return sign * (*hours * 3600 + minutes * 60);
}

}  // namespace

CivilDate CivilFromDays(int64_t days_from_epoch) {
  // Howard Hinnant's civil_from_days.
  int64_t z = days_from_epoch + 719468;
  int64_t era = FloorDivide(z, 146097);
  int64_t day_of_era = z - era * 146097;
  int64_t year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  int64_t month_index = (5 * day_of_year + 2) / 153;
  int64_t day = day_of_year - (153 * month_index + 2) / 5 + 1;
  int64_t month = month_index < 10 ? month_index + 3 : month_index - 9;
  int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  return CivilDate{year, static_cast<int32_t>(month), static_cast<int32_t>(day)};
}

int64_t DaysFromCivil(int64_t year, int32_t month, int32_t day) {
  year -= month <= 2 ? 1 : 0;
  int64_t era = FloorDivide(year, 400);
  int64_t year_of_era = year - era * 400;
  int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

std::string FormatDate(int64_t days_from_epoch) {
  CivilDate date = CivilFromDays(days_from_epoch);
  return fmt::format("{}-{:02}-{:02}", FormatYear(date.year), date.month, date.day);
}

std::string FormatTime(int64_t micros_from_midnight, bool omit_zero_fraction) {
  return FormatTimeOfDay(FloorModulo(micros_from_midnight, kMicrosPerDay) * 1000, 6, omit_zero_fraction);
}

std::string FormatTimestamp(int64_t value, TimeUnit unit, bool with_zone, bool omit_zero_fraction) {
  int64_t units_per_second = UnitsPerSecond(unit);
  int64_t units_per_day = units_per_second * kSecondsPerDay;
  int64_t nanos_of_day = FloorModulo(value, units_per_day) * (kNanosPerSecond / units_per_second);
  std::string text = FormatDate(FloorDivide(value, units_per_day));
  text += 'T';
  text += FormatTimeOfDay(nanos_of_day, unit == TimeUnit::kMicros ? 6 : 9, omit_zero_fraction);
  if (with_zone) text += "+00:00";
  return text;
}

std::optional<int32_t> ParseDate(std::string_view text) {
  IsoReader reader{text};
  auto days = ReadDate(reader);
  if (!days || !reader.AtEnd() || *days < std::numeric_limits<int32_t>::min() ||
      *days > std::numeric_limits<int32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<int32_t>(*days);
}

std::optional<int64_t> ParseTime(std::string_view text) {
  IsoReader reader{text};
  auto nanos = ReadTimeOfDay(reader);
  if (!nanos || !reader.AtEnd()) return std::nullopt;
  return *nanos / 1000;
}

std::optional<int64_t> ParseTimestamp(std::string_view text, TimeUnit unit, ZoneRule zone) {
  IsoReader reader{text};
  auto days = ReadDate(reader);
  if (!days || !(reader.Consume('T') || reader.Consume('t') || reader.Consume(' '))) return std::nullopt;
  auto nanos_of_day = ReadTimeOfDay(reader);
  if (!nanos_of_day) return std::nullopt;
  int64_t offset_seconds = 0;
  if (!reader.AtEnd()) {
    if (zone == ZoneRule::kForbidden) return std::nullopt;
    auto offset = ReadOffset(reader);
    if (!offset || !reader.AtEnd()) return std::nullopt;
    offset_seconds = *offset;
  } else if (zone == ZoneRule::kRequired) {
    return std::nullopt;
  }
  int64_t units_per_second = UnitsPerSecond(unit);
  int64_t units_of_day = *nanos_of_day / (kNanosPerSecond / units_per_second);
  // 128-bit so values near the int64 limits (the ns range ends in 1677 and 2262) are exact.
  __int128 result = static_cast<__int128>(*days) * (units_per_second * kSecondsPerDay) + units_of_day -
                    static_cast<__int128>(offset_seconds) * units_per_second;
  if (result < std::numeric_limits<int64_t>::min() || result > std::numeric_limits<int64_t>::max()) {
    return std::nullopt;
  }
  return static_cast<int64_t>(result);
}

}  // namespace floe::iceberg
