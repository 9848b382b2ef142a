// A small SQL-like filter language for the CLI (`floe inspect files --where ...`),
// parsed into an unbound Expression (expression.h). Expression::ToString
// writes the same language, so parse(e.ToString()) gives e back.
//
//   filter      := disjunction
//   disjunction := conjunction (OR conjunction)*
//   conjunction := negation (AND negation)*
//   negation    := NOT negation | primary
//   primary     := '(' disjunction ')' | TRUE | FALSE | predicate
//   predicate   := column (= | == | != | <> | < | <= | > | >=) literal
//                | column IS [NOT] NULL | column IS [NOT] NAN
//                | column [NOT] IN '(' literal (',' literal)* ')'
//                | column [NOT] LIKE 'pattern'
//   column      := name ('.' name)*, name := identifier | "quoted" | `quoted`
//   literal     := 'string' | [+-]number | TRUE | FALSE
//
// Keywords are case-insensitive; column names keep their case (binding
// decides whether case matters). Strings use '' for a quote. Integers become
// int literals when they fit 32 bits, long literals otherwise; numbers with a
// '.' or an exponent become doubles. LIKE supports prefix patterns only:
// 'abc%' is STARTS WITH 'abc', a pattern without wildcards is =, '%' alone
// is IS NOT NULL; `\` escapes %, _ and \. Literal conversion to the column
// types happens in Bind() ('2017-11-16' for a date column, 5 for a long).
//
// Errors are kBadRequest naming the 1-based character position:
// "Cannot parse filter at position 9: expected a literal, found ')'".
#pragma once

#include <string_view>

#include "floe/common/result.h"
#include "floe/iceberg/expression.h"

namespace floe::iceberg {

Result<ExpressionPtr> ParsePredicate(std::string_view text);

}  // namespace floe::iceberg
