// Lexer for Trino's SQL dialect: statement text -> tokens with positions.
//
// Tokens: identifiers (words; `"quoted"` with "" escapes), strings ('...'
// with '' escapes), binary literals (X'0A1B'), numbers (integer 12, decimal
// 1.5 / .5, double 1E5 / 1.5e-3), operators and punctuation, end of input.
// Words are kept as written (`text`) and upper-cased (`upper`) for keyword
// matching. `--` and `/* */` comments and whitespace are skipped.
//
// Errors: an unterminated string, quoted identifier or comment, or a
// character that starts no token, gives SYNTAX_ERROR with its position
// ("line 1:8: token recognition error at: '#'"), as Trino does.
// Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"
#include "floe/sql/ast.h"

namespace floe::sql {

enum class TokenType : uint8_t {
  kWord,              // identifier or keyword
  kQuotedIdentifier,  // "..."
  kString,            // '...'
  kBinary,            // X'...'
  kInteger,
  kDecimal,
  kDouble,
  kOperator,  // + - * / % || = <> != < <= > >= ( ) , . [ ] ; ? -> => :
  kEnd,
};

struct Token {
  TokenType type = TokenType::kEnd;
  std::string text;   // as written (strings/quoted identifiers: unescaped)
  std::string upper;  // kWord: upper-cased text; kOperator: the operator
  NodeLocation location;
  size_t offset = 0;  // byte offset in the statement
};

// Tokenizes `sql`; the last token is kEnd.
Result<std::vector<Token>> Tokenize(std::string_view sql);

// True for Trino's reserved words, which cannot be used as unquoted identifiers.
bool IsReservedWord(std::string_view upper);

}  // namespace floe::sql
