// Prints syntax trees (ast.h) back as SQL text.
//
// The output is canonical and reparses to the same tree: keywords upper
// case, identifiers as written (quoted ones re-quoted), every compound
// expression parenthesised so that precedence is explicit:
//   SELECT a, (b + (c * 2)) AS d FROM t WHERE ((a = 1) AND (b IS NULL))
// Used by the parser's round-trip tests, EXPLAIN, SHOW CREATE TABLE and
// column names of unaliased expressions.
// Pure functions; thread-safe.
#pragma once

#include <string>

#include "floe/sql/ast.h"

namespace floe::sql {

std::string FormatStatement(const Statement& statement);
std::string FormatQuery(const Query& query);
std::string FormatExpression(const Expression& expression);
std::string FormatType(const TypeSpec& type);
std::string FormatName(const QualifiedName& name);
std::string FormatIdentifier(const Identifier& identifier);
// 'it''s' quoting.
std::string QuoteString(std::string_view text);

}  // namespace floe::sql
