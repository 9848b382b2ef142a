// Parser for Trino's SQL dialect: a hand-written recursive-descent parser
// over the lexer's tokens (lexer.h), producing the syntax tree of ast.h.
//
// Grammar: Trino's (io/trino/sql/parser/SqlBase.g4) for the statements floe
// runs: queries (WITH, SELECT [DISTINCT], FROM with joins and subqueries,
// WHERE, GROUP BY, HAVING, ORDER BY, OFFSET, LIMIT / FETCH FIRST, UNION /
// INTERSECT / EXCEPT [ALL | DISTINCT], VALUES, TABLE, FOR VERSION /
// TIMESTAMP AS OF), CREATE / DROP SCHEMA, USE, SHOW CATALOGS / SCHEMAS /
// TABLES / COLUMNS / CREATE TABLE, DESCRIBE, CREATE TABLE [AS SELECT],
// DROP TABLE, ALTER TABLE, INSERT, EXPLAIN. Expression precedence is
// Trino's: OR < AND < NOT < predicates (comparison, BETWEEN, IN, LIKE, IS)
// < || < + - < * / % < unary +/- < AT TIME ZONE < subscript/dereference.
//
// Errors: SYNTAX_ERROR (error.h) with Trino's message shape, at the
// furthest token the parser reached:
//   line 1:10: mismatched input 'FORM'. Expecting: ',', 'FROM', ..., <EOF>
// Nesting deeper than kMaxNestingDepth gives SYNTAX_ERROR instead of
// exhausting the stack; no input crashes or hangs the parser.
// Window functions (OVER) and other recognised but unsupported syntax give
// NOT_SUPPORTED with the position.
// Pure functions; thread-safe.
#pragma once

#include <string_view>
#include <vector>

#include "floe/common/result.h"
#include "floe/sql/ast.h"

namespace floe::sql {

inline constexpr int kMaxNestingDepth = 200;

// Parses exactly one statement; a trailing `;` is allowed.
Result<Statement> ParseStatement(std::string_view sql);

// Parses one expression (for tests and for expression strings such as
// `partitioning` entries).
Result<ExpressionPtr> ParseExpression(std::string_view sql);

// Splits a script into statements at top-level `;` (not inside strings,
// quoted identifiers or comments), without surrounding whitespace (so error
// positions count from the statement's first character). Blank statements
// are dropped. Used by
// `floe sql -f` and the interactive shell to find statement ends.
std::vector<std::string_view> SplitStatements(std::string_view script);

// True when `text` holds at least one complete statement ending in `;`
// (outside strings and comments) and nothing but blanks after it.
bool EndsWithStatementTerminator(std::string_view text);

}  // namespace floe::sql
