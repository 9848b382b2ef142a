// Calendar arithmetic and ISO-8601 text of dates, times and timestamps.
#include "floe/iceberg/temporal.h"

#include <limits>

#include <gtest/gtest.h>

namespace floe::iceberg {
namespace {

TEST(TemporalTest, CivilDatesRoundTrip) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2017, 11, 16), 17486);
  EXPECT_EQ(DaysFromCivil(2017, 12, 1), 17501);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(DaysFromCivil(2000, 2, 29), 11016);
  EXPECT_EQ(DaysFromCivil(1, 1, 1), -719162);
  for (int64_t days : {int64_t{-1000000}, int64_t{-719162}, int64_t{-1}, int64_t{0}, int64_t{11016}, int64_t{59},
                       int64_t{2932896}, int64_t{std::numeric_limits<int32_t>::max()},
                       int64_t{std::numeric_limits<int32_t>::min()}}) {
    CivilDate date = CivilFromDays(days);
    EXPECT_EQ(DaysFromCivil(date.year, date.month, date.day), days) << days;
  }
  CivilDate leap = CivilFromDays(11016);
  EXPECT_EQ(leap.year, 2000);
  EXPECT_EQ(leap.month, 2);
  EXPECT_EQ(leap.day, 29);
}

TEST(TemporalTest, FloorDivision) {
  EXPECT_EQ(FloorDivide(-1, 10), -1);
  EXPECT_EQ(FloorDivide(-10, 10), -1);
  EXPECT_EQ(FloorDivide(-11, 10), -2);
  EXPECT_EQ(FloorDivide(9, 10), 0);
  EXPECT_EQ(FloorModulo(-1, 10), 9);
  EXPECT_EQ(FloorModulo(10, 10), 0);
}

TEST(TemporalTest, Formatting) {
  EXPECT_EQ(FormatDate(17486), "2017-11-16");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  EXPECT_EQ(FormatDate(DaysFromCivil(10000, 1, 1)), "+10000-01-01");
  EXPECT_EQ(FormatDate(DaysFromCivil(-1, 1, 1)), "-0001-01-01");
  EXPECT_EQ(FormatTime(81068123456, false), "22:31:08.123456");
  EXPECT_EQ(FormatTime(81068000000, false), "22:31:08.000000");
  EXPECT_EQ(FormatTime(81068000000, true), "22:31:08");
  EXPECT_EQ(FormatTimestamp(1510871468123456, TimeUnit::kMicros, true, false), "2017-11-16T22:31:08.123456+00:00");
  EXPECT_EQ(FormatTimestamp(1510871468123456789, TimeUnit::kNanos, false, false), "2017-11-16T22:31:08.123456789");
  EXPECT_EQ(FormatTimestamp(-1, TimeUnit::kMicros, false, true), "1969-12-31T23:59:59.999999");
  EXPECT_EQ(FormatTimestamp(0, TimeUnit::kNanos, false, true), "1970-01-01T00:00:00");
}

TEST(TemporalTest, Parsing) {
  EXPECT_EQ(ParseDate("2017-11-16"), 17486);
  EXPECT_EQ(ParseDate("+10000-01-01"), DaysFromCivil(10000, 1, 1));
  EXPECT_EQ(ParseDate("-0001-01-01"), DaysFromCivil(-1, 1, 1));
  EXPECT_EQ(ParseDate("2000-02-29"), 11016);
  EXPECT_EQ(ParseDate("2001-02-29"), std::nullopt);
  EXPECT_EQ(ParseDate("2017-11-16T00:00"), std::nullopt);
  EXPECT_EQ(ParseDate("17-11-16"), std::nullopt);
  EXPECT_EQ(ParseDate(""), std::nullopt);

  EXPECT_EQ(ParseTime("22:31"), 81060000000);
  EXPECT_EQ(ParseTime("22:31:08"), 81068000000);
  EXPECT_EQ(ParseTime("22:31:08.123456789"), 81068123456);
  EXPECT_EQ(ParseTime("22:31:08."), std::nullopt);
  EXPECT_EQ(ParseTime("22:60:00"), std::nullopt);

  EXPECT_EQ(ParseTimestamp("2017-11-16T22:31:08", TimeUnit::kMicros, ZoneRule::kForbidden), 1510871468000000);
  EXPECT_EQ(ParseTimestamp("2017-11-16 22:31:08", TimeUnit::kMicros, ZoneRule::kOptional), 1510871468000000);
  EXPECT_EQ(ParseTimestamp("2017-11-16T14:31:08-08:00", TimeUnit::kMicros, ZoneRule::kRequired), 1510871468000000);
  EXPECT_EQ(ParseTimestamp("2017-11-17T04:01:08+0530", TimeUnit::kMicros, ZoneRule::kRequired), 1510871468000000);
  EXPECT_EQ(ParseTimestamp("2017-11-16T22:31:08Z", TimeUnit::kNanos, ZoneRule::kRequired), 1510871468000000000);
  EXPECT_EQ(ParseTimestamp("2017-11-16T22:31:08Z", TimeUnit::kMicros, ZoneRule::kForbidden), std::nullopt);
  EXPECT_EQ(ParseTimestamp("2017-11-16T22:31:08", TimeUnit::kMicros, ZoneRule::kRequired), std::nullopt);
  EXPECT_EQ(ParseTimestamp("2017-11-16T22:31:08+25:00", TimeUnit::kMicros, ZoneRule::kRequired), std::nullopt);
  // Nanosecond timestamps beyond 2262 overflow int64.
  EXPECT_EQ(ParseTimestamp("2300-01-01T00:00:00", TimeUnit::kNanos, ZoneRule::kForbidden), std::nullopt);
  EXPECT_NE(ParseTimestamp("2300-01-01T00:00:00", TimeUnit::kMicros, ZoneRule::kForbidden), std::nullopt);
}

}  // namespace
}  // namespace floe::iceberg
