// The text form of expressions shared by Expression::ToString and the
// predicate parser (expression_parser.h), so that what one writes the other
// reads back. Internal to the expression code.
#pragma once

#include <string>
#include <string_view>

#include "floe/iceberg/literal.h"
#include "floe/iceberg/types.h"

namespace floe::iceberg {

// Words the parser treats as keywords (case-insensitive): AND OR NOT IS NULL
// NAN IN LIKE TRUE FALSE.
bool IsReservedWord(std::string_view word);
// [A-Za-z_][A-Za-z0-9_$]* and not a reserved word.
bool IsPlainIdentifier(std::string_view word);

// A column name as the parser reads it: dotted plain identifiers stay as
// they are (`location.lat`), anything else is double-quoted with "" escapes.
std::string FormatColumnName(std::string_view name);

// A literal as the parser reads it. `type` (may be null) selects the form:
// numbers and booleans bare, strings single-quoted with '' escapes, dates,
// times, timestamps, uuids and binary quoted human strings, decimals with
// their scale ("12.30"); doubles always show a '.' or exponent.
std::string FormatLiteral(const Literal& value, const Type* type);

// `'ab%'` for a prefix; `%`, `_` and `\` in the prefix are escaped with `\`.
std::string FormatLikePrefix(std::string_view prefix);

// Decimal text of an unscaled value: (-150, 2) -> "-1.50", (5, 0) -> "5".
std::string FormatDecimal(__int128 unscaled, int32_t scale);

}  // namespace floe::iceberg
