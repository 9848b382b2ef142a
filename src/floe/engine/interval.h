// Intervals and date/time arithmetic, with Trino's types and semantics.
//
// Types: `interval day to second` (milliseconds, rendered `3 04:05:06.789`)
// and `interval year to month` (months, rendered `1-2`), both int64 in
// vectors (sql_type.h).
//
// Literals: INTERVAL '90' DAY, INTERVAL '3' MONTH, INTERVAL '1' YEAR,
// INTERVAL '-2' HOUR, INTERVAL -'1.5' SECOND, INTERVAL '1-6' YEAR TO MONTH,
// INTERVAL '2 03:04:05.6' DAY TO SECOND (and DAY TO HOUR / MINUTE, HOUR TO
// MINUTE / SECOND, MINUTE TO SECOND). A malformed or out-of-range literal is
// INVALID_LITERAL at its position.
//
// Operators:
//   date +/- interval -> date: year-to-month adds months, clamping the day to
//     the month's end (DATE '2020-01-31' + INTERVAL '1' MONTH = 2020-02-29);
//     day-to-second must be whole days ("Cannot add hour, minute or second
//     to a date").
//   interval + date -> date; the same for timestamp [with time zone] and,
//     for day to second, time (wrapping around midnight).
//   interval +/- interval, -interval, interval * number, number * interval,
//     interval / number -> interval; comparisons between intervals of one kind.
//   date - date is an error, as in Trino (use date_diff).
// Functions:
//   date_add(unit, bigint, date|timestamp|time)        -> the same type
//   date_diff(unit, a, b)                              -> bigint (whole units
//     from a to b, truncated toward zero; months compare day and time too)
//   units: millisecond, second, minute, hour, day, week, month, quarter, year
//   (a date takes day and above: "'hour' is not a valid DATE field").
// Overflow (a date or timestamp outside the representable range, interval
// arithmetic past 64 bits) is NUMERIC_VALUE_OUT_OF_RANGE. NULL in, NULL out.
// Calls with constant arguments fold at analysis (so pushdown sees a constant).
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "floe/engine/expression.h"

namespace floe::engine {

// An INTERVAL literal (sql::ExpressionKind::kIntervalLiteral) as a constant.
Result<BoundExpressionPtr> BindIntervalLiteral(const sql::Expression& literal);

// Arithmetic where an operand is an interval, or a temporal value meets an
// interval: the bound call, or nullopt when `op` on these types is not
// interval arithmetic (the caller resolves it as usual).
std::optional<Result<BoundExpressionPtr>> ResolveIntervalOperator(const std::string& op,
                                                                  const std::vector<BoundExpressionPtr>& arguments,
                                                                  sql::NodeLocation location);

// date_add and date_diff: the bound call, or nullopt for other names.
std::optional<Result<BoundExpressionPtr>> ResolveDateTimeFunction(const std::string& name,
                                                                  const std::vector<BoundExpressionPtr>& arguments,
                                                                  sql::NodeLocation location);

// True for the calls this file binds (their evaluation is ApplyDateTimeCall).
bool IsDateTimeCall(const std::string& function);

// Evaluates one row of a call bound here; `arguments` are non-null.
Result<Value> ApplyDateTimeCall(const BoundExpression& call, const std::vector<Value>& arguments);

// Trino's text of an interval value: `-3 00:00:00.000`, `1-2`.
std::string FormatInterval(int64_t value, const SqlType& type);

// The value of FormatInterval's text (as the Trino protocol sends it).
// Errors: kInvalidData for other text.
Result<int64_t> ParseInterval(std::string_view text, const SqlType& type);

// Adds months to a day number, clamping to the month's end.
int64_t AddMonthsToDays(int64_t days, int64_t months);

}  // namespace floe::engine
