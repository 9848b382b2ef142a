#include "floe/iceberg/expression_parser.h"

#include <cctype>
#include <charconv>
#include <limits>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "floe/iceberg/expression_text.h"

namespace floe::iceberg {

namespace {

enum class TokenKind {
  kWord,              // identifier or keyword
  kQuotedIdentifier,  // "..." or `...`
  kString,            // '...'
  kNumber,
  kSign,      // + or - before a number
  kOperator,  // = == != <> < <= > >=
  kLeftParenthesis,
  kRightParenthesis,
  kComma,
  kDot,
  kEnd,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;  // unquoted content for strings and quoted identifiers
  size_t position = 0;
};

Status ParseError(size_t position, std::string_view message) {
  return BadRequest("Cannot parse filter at position {}: {}", position + 1, message);
}

bool IsWordStart(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool IsWordPart(unsigned char c) { return std::isalnum(c) || c == '_' || c == '$' || c >= 0x80; }

Result<std::vector<Token>> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      ++i;
      continue;
    }
    Token token;
    token.position = i;
    if (IsWordStart(c)) {
      size_t end = i;
      while (end < text.size() && IsWordPart(static_cast<unsigned char>(text[end]))) ++end;
      token.kind = TokenKind::kWord;
      token.text = std::string(text.substr(i, end - i));
      i = end;
    } else if (c == '\'' || c == '"' || c == '`') {
      char quote = static_cast<char>(c);
      token.kind = quote == '\'' ? TokenKind::kString : TokenKind::kQuotedIdentifier;
      size_t j = i + 1;
      bool closed = false;
      while (j < text.size()) {
        if (text[j] == quote) {
          if (j + 1 < text.size() && text[j + 1] == quote) {
            token.text += quote;
            j += 2;
            continue;
          }
          closed = true;
          ++j;
          break;
        }
        token.text += text[j++];
      }
      if (!closed) {
        return ParseError(i, quote == '\'' ? "unterminated string literal" : "unterminated quoted column name");
      }
      i = j;
    } else if (std::isdigit(c) || (c == '.' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])))) {
      size_t end = i;
      while (end < text.size() && (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.')) ++end;
      if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
        size_t exponent = end + 1;
        if (exponent < text.size() && (text[exponent] == '+' || text[exponent] == '-')) ++exponent;
        if (exponent < text.size() && std::isdigit(static_cast<unsigned char>(text[exponent]))) {
          end = exponent;
          while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
        }
      }
      if (end < text.size() && IsWordPart(static_cast<unsigned char>(text[end]))) {
        return ParseError(i, "malformed number");
      }
      token.kind = TokenKind::kNumber;
      token.text = std::string(text.substr(i, end - i));
      i = end;
    } else if (c == '+' || c == '-') {
      token.kind = TokenKind::kSign;
      token.text = std::string(1, static_cast<char>(c));
      ++i;
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
      std::string_view two = text.substr(i, 2);
      token.kind = TokenKind::kOperator;
      if (two == "==" || two == "!=" || two == "<>" || two == "<=" || two == ">=") {
        token.text = std::string(two);
        i += 2;
      } else if (c == '!') {
        return ParseError(i, "expected '!=' (use NOT for negation)");
      } else {
        token.text = std::string(1, static_cast<char>(c));
        ++i;
      }
    } else if (c == '(' || c == ')' || c == ',' || c == '.') {
      token.kind = c == '(' ? TokenKind::kLeftParenthesis
                   : c == ')' ? TokenKind::kRightParenthesis
                   : c == ',' ? TokenKind::kComma
                              : TokenKind::kDot;
      token.text = std::string(1, static_cast<char>(c));
      ++i;
    } else {
      return ParseError(i, fmt::format("unexpected character '{}'", static_cast<char>(c)));
    }
    tokens.push_back(std::move(token));
  }
  Token end;
  end.position = text.size();
  tokens.push_back(end);
  return tokens;
}

bool IsKeyword(const Token& token, std::string_view keyword) {
  if (token.kind != TokenKind::kWord || token.text.size() != keyword.size()) return false;
  for (size_t i = 0; i < keyword.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(token.text[i])) != keyword[i]) return false;
  }
  return true;
}

std::string Describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd: return "end of input";
    case TokenKind::kString: return "'" + token.text + "'";
    case TokenKind::kQuotedIdentifier: return "\"" + token.text + "\"";
    default: return "'" + token.text + "'";
  }
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Result<ExpressionPtr> ParseFilter() {
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr expression, ParseDisjunction());
    if (Peek().kind != TokenKind::kEnd) return Expected("AND, OR or end of input");
    return expression;
  }

 private:
  const Token& Peek() const { return tokens_[index_]; }
  const Token& Next() { return tokens_[index_ < tokens_.size() - 1 ? index_++ : index_]; }
  bool AcceptKeyword(std::string_view keyword) {
    if (!IsKeyword(Peek(), keyword)) return false;
    ++index_;
    return true;
  }
  Status Expected(std::string_view what) const {
    return ParseError(Peek().position, fmt::format("expected {}, found {}", what, Describe(Peek())));
  }

  Result<ExpressionPtr> ParseDisjunction() {
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr result, ParseConjunction());
    while (AcceptKeyword("or")) {
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr right, ParseConjunction());
      result = Or(std::move(result), std::move(right));
    }
    return result;
  }

  Result<ExpressionPtr> ParseConjunction() {
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr result, ParseNegation());
    while (AcceptKeyword("and")) {
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr right, ParseNegation());
      result = And(std::move(result), std::move(right));
    }
    return result;
  }

  Result<ExpressionPtr> ParseNegation() {
    if (AcceptKeyword("not")) {
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr child, ParseNegation());
      return Not(std::move(child));
    }
    return ParsePrimary();
  }

  Result<ExpressionPtr> ParsePrimary() {
    if (Peek().kind == TokenKind::kLeftParenthesis) {
      Next();
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr inner, ParseDisjunction());
      if (Peek().kind != TokenKind::kRightParenthesis) return Expected("')'");
      Next();
      return inner;
    }
    if (AcceptKeyword("true")) return AlwaysTrue();
    if (AcceptKeyword("false")) return AlwaysFalse();
    return ParsePredicateOnColumn();
  }

  Result<std::string> ParseColumn() {
    std::string name;
    while (true) {
      const Token& token = Peek();
      if (token.kind == TokenKind::kQuotedIdentifier ||
          (token.kind == TokenKind::kWord && !IsReservedWord(token.text))) {
        name += Next().text;
      } else {
        return Status(Expected(name.empty() ? "a column name" : "a column name after '.'"));
      }
      if (Peek().kind != TokenKind::kDot) return name;
      Next();
      name += '.';
    }
  }

  Result<ExpressionPtr> ParsePredicateOnColumn() {
    FLOE_ASSIGN_OR_RETURN(std::string column, ParseColumn());
    if (AcceptKeyword("is")) {
      bool negated = AcceptKeyword("not");
      if (AcceptKeyword("null")) return negated ? NotNull(std::move(column)) : IsNull(std::move(column));
      if (AcceptKeyword("nan")) return negated ? NotNaN(std::move(column)) : IsNaN(std::move(column));
      return Expected(negated ? "NULL or NAN" : "NOT, NULL or NAN");
    }
    bool negated = AcceptKeyword("not");
    if (AcceptKeyword("in")) return ParseInList(std::move(column), negated);
    if (AcceptKeyword("like")) return ParseLike(std::move(column), negated);
    if (negated) return Expected("IN or LIKE after NOT");
    if (Peek().kind != TokenKind::kOperator) return Expected("a comparison, IS, IN or LIKE after the column");
    std::string symbol = Next().text;
    FLOE_ASSIGN_OR_RETURN(Literal value, ParseLiteralValue());
    Operation op = symbol == "<"                    ? Operation::kLessThan
                   : symbol == "<="                 ? Operation::kLessThanOrEqual
                   : symbol == ">"                  ? Operation::kGreaterThan
                   : symbol == ">="                 ? Operation::kGreaterThanOrEqual
                   : symbol == "!=" || symbol == "<>" ? Operation::kNotEqual
                                                    : Operation::kEqual;
    return Predicate(op, std::move(column), {std::move(value)});
  }

  Result<ExpressionPtr> ParseInList(std::string column, bool negated) {
    if (Peek().kind != TokenKind::kLeftParenthesis) return Expected("'(' after IN");
    Next();
    std::vector<Literal> values;
    while (true) {
      FLOE_ASSIGN_OR_RETURN(Literal value, ParseLiteralValue());
      values.push_back(std::move(value));
      if (Peek().kind == TokenKind::kComma) {
        Next();
        continue;
      }
      if (Peek().kind == TokenKind::kRightParenthesis) {
        Next();
        break;
      }
      return Expected("',' or ')'");
    }
    return negated ? NotIn(std::move(column), std::move(values)) : In(std::move(column), std::move(values));
  }

  Result<ExpressionPtr> ParseLike(std::string column, bool negated) {
    if (Peek().kind != TokenKind::kString) return Expected("a quoted pattern after LIKE");
    const Token& token = Next();
    std::string prefix;
    bool wildcard_suffix = false;
    const std::string& pattern = token.text;
    for (size_t i = 0; i < pattern.size(); ++i) {
      char c = pattern[i];
      // Position of the pattern character in the input (+1 for the opening quote;
      // exact unless the pattern contains '' escapes).
      size_t position = token.position + 1 + i;
      if (c == '\\') {
        if (i + 1 == pattern.size()) return ParseError(position, "LIKE pattern ends with an escape character");
        prefix += pattern[++i];
      } else if (c == '%') {
        if (i + 1 != pattern.size()) {
          return ParseError(position, "only prefix LIKE patterns ('abc%') are supported");
        }
        wildcard_suffix = true;
      } else if (c == '_') {
        return ParseError(position, "only prefix LIKE patterns ('abc%') are supported; escape '_' as '\\_'");
      } else {
        prefix += c;
      }
    }
    if (!wildcard_suffix) {
      return negated ? NotEqual(std::move(column), Literal(std::move(prefix)))
                     : Equal(std::move(column), Literal(std::move(prefix)));
    }
    if (prefix.empty()) return negated ? AlwaysFalse() : NotNull(std::move(column));
    return negated ? NotStartsWith(std::move(column), std::move(prefix))
                   : StartsWith(std::move(column), std::move(prefix));
  }

  Result<Literal> ParseLiteralValue() {
    const Token& token = Peek();
    if (token.kind == TokenKind::kString) return Literal(Next().text);
    if (AcceptKeyword("true")) return Literal(true);
    if (AcceptKeyword("false")) return Literal(false);
    if (IsKeyword(token, "null")) {
      return ParseError(token.position, "comparisons with NULL are never true; use IS NULL or IS NOT NULL");
    }
    bool negative = false;
    size_t start = token.position;
    if (token.kind == TokenKind::kSign) {
      negative = Next().text == "-";
      if (Peek().kind != TokenKind::kNumber) return Expected("a number after the sign");
    }
    if (Peek().kind != TokenKind::kNumber) return Expected("a literal");
    std::string text = (negative ? "-" : "") + Next().text;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (text.find_first_of(".eE") == std::string::npos) {
      int64_t value = 0;
      auto [ptr, error] = std::from_chars(begin, end, value);
      if (error == std::errc::result_out_of_range) return ParseError(start, "integer literal out of the long range");
      if (error != std::errc() || ptr != end) return ParseError(start, "malformed number");
      if (value >= std::numeric_limits<int32_t>::min() && value <= std::numeric_limits<int32_t>::max()) {
        return Literal(static_cast<int32_t>(value));
      }
      return Literal(value);
    }
    double value = 0;
    auto [ptr, error] = std::from_chars(begin, end, value);
    if (error == std::errc::result_out_of_range) return ParseError(start, "number out of the double range");
    if (error != std::errc() || ptr != end) return ParseError(start, "malformed number");
    return Literal(value);
  }

  std::vector<Token> tokens_;
  size_t index_ = 0;
};

}  // namespace

Result<ExpressionPtr> ParsePredicate(std::string_view text) {
  FLOE_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  if (tokens.size() == 1) return ParseError(0, "the filter is empty");
  Parser parser(std::move(tokens));
  return parser.ParseFilter();
}

}  // namespace floe::iceberg
