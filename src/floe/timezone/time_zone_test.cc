#include "floe/timezone/time_zone.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>


namespace floe::timezone {
namespace {

// Days since 1970-01-01 (civil calendar), computed independently of the code under test.
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  static const int kDaysBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
  auto leap = [](int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; };
  int64_t days = 0;
  for (int64_t y = 1970; y < year; ++y) days += leap(y) ? 366 : 365;
  for (int64_t y = year; y < 1970; ++y) days -= leap(y) ? 366 : 365;
  days += kDaysBefore[month - 1] + (month > 2 && leap(year) ? 1 : 0) + (day - 1);
  return days;
}

int64_t Utc(int64_t year, unsigned month, unsigned day, int64_t hour, int64_t minute = 0) {
  return DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60;
}

TimeZonePtr Load(std::string_view name) {
  auto zone = LoadTimeZone(name);
  EXPECT_TRUE(zone.ok()) << zone.status().ToString();
  return zone.ok() ? *zone : TimeZone::Fixed("UTC", 0);
}

TEST(TimeZone, NewYorkTransitionsAndRule) {
  TimeZonePtr zone = Load("America/New_York");
  EXPECT_EQ(zone->name(), "America/New_York");
  EXPECT_EQ(zone->OffsetAt(Utc(2020, 1, 1, 0)), -5 * 3600);
  EXPECT_EQ(zone->OffsetAt(Utc(2020, 7, 1, 0)), -4 * 3600);
  // 2020-03-08 02:00 EST -> 03:00 EDT, at 07:00 UTC.
  EXPECT_EQ(zone->OffsetAt(Utc(2020, 3, 8, 7) - 1), -5 * 3600);
  EXPECT_EQ(zone->OffsetAt(Utc(2020, 3, 8, 7)), -4 * 3600);
  // 2020-11-01 02:00 EDT -> 01:00 EST, at 06:00 UTC.
  EXPECT_EQ(zone->OffsetAt(Utc(2020, 11, 1, 6) - 1), -4 * 3600);
  EXPECT_EQ(zone->OffsetAt(Utc(2020, 11, 1, 6)), -5 * 3600);
  // Past the file's transitions: the footer's rule (EST5EDT,M3.2.0,M11.1.0).
  EXPECT_EQ(zone->OffsetAt(Utc(2100, 1, 15, 0)), -5 * 3600);
  EXPECT_EQ(zone->OffsetAt(Utc(2100, 7, 15, 0)), -4 * 3600);
  EXPECT_EQ(zone->OffsetAt(Utc(2100, 3, 14, 7) - 1), -5 * 3600);  // second Sunday of March 2100 is the 14th
  EXPECT_EQ(zone->OffsetAt(Utc(2100, 3, 14, 7)), -4 * 3600);
  // Before standard time (1883): local mean time.
  EXPECT_EQ(zone->OffsetAt(Utc(1800, 1, 1, 0)), -(4 * 3600 + 56 * 60 + 2));
}

TEST(TimeZone, LocalTimesInGapsAndOverlaps) {
  TimeZonePtr zone = Load("America/New_York");
  auto local = [](int64_t year, unsigned month, unsigned day, int64_t hour, int64_t minute) {
    return Utc(year, month, day, hour, minute);  // the same arithmetic, read as local time
  };
  EXPECT_EQ(zone->UtcOfLocal(local(2020, 1, 1, 12, 0)), Utc(2020, 1, 1, 17));
  // 02:30 does not exist on 2020-03-08: it moves forward by the hour (03:30 EDT).
  EXPECT_EQ(zone->UtcOfLocal(local(2020, 3, 8, 2, 30)), Utc(2020, 3, 8, 7, 30));
  // 01:30 happens twice on 2020-11-01: the earlier (EDT) one.
  EXPECT_EQ(zone->UtcOfLocal(local(2020, 11, 1, 1, 30)), Utc(2020, 11, 1, 5, 30));
}

TEST(TimeZone, OtherZones) {
  EXPECT_EQ(Load("Europe/London")->OffsetAt(Utc(2021, 6, 1, 0)), 3600);
  EXPECT_EQ(Load("Europe/London")->OffsetAt(Utc(2021, 12, 1, 0)), 0);
  // Southern hemisphere: DST over New Year, also from the footer rule.
  TimeZonePtr sydney = Load("Australia/Sydney");
  EXPECT_EQ(sydney->OffsetAt(Utc(2021, 1, 1, 0)), 11 * 3600);
  EXPECT_EQ(sydney->OffsetAt(Utc(2021, 7, 1, 0)), 10 * 3600);
  EXPECT_EQ(sydney->OffsetAt(Utc(2090, 1, 1, 0)), 11 * 3600);
  EXPECT_EQ(sydney->OffsetAt(Utc(2090, 7, 1, 0)), 10 * 3600);
  EXPECT_EQ(Load("Asia/Kolkata")->OffsetAt(Utc(2021, 1, 1, 0)), 5 * 3600 + 1800);
  // Case-insensitive names, canonical spelling.
  EXPECT_EQ(Load("america/new_york")->name(), "America/New_York");
  EXPECT_EQ(Load("utc")->name(), "UTC");
  EXPECT_EQ(Load("Z")->name(), "UTC");
  EXPECT_EQ(Load("+05:30")->OffsetAt(0), 5 * 3600 + 1800);
  EXPECT_EQ(Load("-08:00")->name(), "-08:00");
  EXPECT_EQ(Load("+0000")->name(), "UTC");
}

TEST(TimeZone, UnknownAndUnsafeNames) {
  for (std::string_view name : {"Mars/Base", "../../etc/passwd", "/etc/passwd", "", "America/../etc", "+25:00", "a b"}) {
    auto zone = LoadTimeZone(name);
    ASSERT_FALSE(zone.ok()) << name;
    EXPECT_EQ(zone.status().kind(), ErrorKind::kNotFound) << name;
  }
}

TEST(TimeZone, Rules) {
  auto rule = TimeZone::ParseRule("AEST-10AEDT,M10.1.0,M4.1.0/3");
  ASSERT_TRUE(rule.ok()) << rule.status().ToString();
  EXPECT_EQ(rule->standard_offset, 10 * 3600);
  EXPECT_EQ(rule->dst_offset, 11 * 3600);
  EXPECT_EQ(rule->end.time, 3 * 3600);
  auto fixed = TimeZone::ParseRule("<+0330>-3:30");
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->standard_offset, 3 * 3600 + 1800);
  EXPECT_FALSE(fixed->has_dst);
  for (std::string_view bad : {"", "E5", "EST", "EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.2", "EST5EDT,J0,J5", "<EST5", "EST99999"}) {
    EXPECT_FALSE(TimeZone::ParseRule(bad).ok()) << bad;
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

TEST(TimeZone, CorruptFilesFailCleanly) {
  std::string data = ReadFile(ZoneInfoDirectory() + "/America/New_York");
  ASSERT_GT(data.size(), 100u);
  ASSERT_TRUE(TimeZone::Parse("x", data).ok());
  EXPECT_FALSE(TimeZone::Parse("x", "").ok());
  EXPECT_FALSE(TimeZone::Parse("x", "TZif").ok());
  std::string bad_magic = data;
  bad_magic[0] = 'X';
  EXPECT_FALSE(TimeZone::Parse("x", bad_magic).ok());
  // Every truncation and many single-byte changes parse or fail, never crash.
  for (size_t length = 0; length < data.size(); length += 7) (void)TimeZone::Parse("x", data.substr(0, length));
  for (size_t at = 0; at < data.size(); at += 3) {
    std::string changed = data;
    changed[at] = static_cast<char>(changed[at] ^ 0xA5);
    auto zone = TimeZone::Parse("x", changed);
    if (zone.ok()) (void)(*zone)->OffsetAt(1600000000);
  }
}

}  // namespace
}  // namespace floe::timezone
