#include "floe/sql/lexer.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "floe/sql/error.h"

namespace floe::sql {

namespace {

// Trino's reserved keywords (docs: "Reserved keywords").
constexpr std::string_view kReservedWords[] = {
    "ALTER",        "AND",          "AS",           "BETWEEN",       "BY",
    "CASE",         "CAST",         "CONSTRAINT",   "CREATE",        "CROSS",
    "CUBE",         "CURRENT_CATALOG", "CURRENT_DATE", "CURRENT_PATH", "CURRENT_ROLE",
    "CURRENT_SCHEMA", "CURRENT_TIME", "CURRENT_TIMESTAMP", "CURRENT_USER", "DEALLOCATE",
    "DELETE",       "DESCRIBE",     "DISTINCT",     "DROP",          "ELSE",
    "END",          "ESCAPE",       "EXCEPT",       "EXECUTE",       "EXISTS",
    "EXTRACT",      "FALSE",        "FOR",          "FROM",          "FULL",
    "GROUP",        "GROUPING",     "HAVING",       "IN",            "INNER",
    "INSERT",       "INTERSECT",    "INTO",         "IS",            "JOIN",
    "JSON_ARRAY",   "JSON_EXISTS",  "JSON_OBJECT",  "JSON_QUERY",    "JSON_TABLE",
    "JSON_VALUE",   "LEFT",         "LIKE",         "LISTAGG",       "LOCALTIME",
    "LOCALTIMESTAMP", "NATURAL",    "NORMALIZE",    "NOT",           "NULL",
    "ON",           "OR",           "ORDER",        "OUTER",         "PREPARE",
    "RECURSIVE",    "RIGHT",        "ROLLUP",       "SELECT",        "SKIP",
    "TABLE",        "THEN",         "TRIM",         "TRUE",          "UESCAPE",
    "UNION",        "UNNEST",       "USING",        "VALUES",        "WHEN",
    "WHERE",        "WITH",
};

bool IsIdentifierStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || (c & 0x80); }
bool IsIdentifierPart(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '@' || c == ':' || (c & 0x80);
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view sql) : sql_(sql) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> tokens;
    while (true) {
      FLOE_RETURN_IF_ERROR(SkipSpaceAndComments());
      Token token;
      token.location = Location();
      token.offset = pos_;
      if (pos_ >= sql_.size()) {
        token.type = TokenType::kEnd;
        tokens.push_back(std::move(token));
        return tokens;
      }
      char c = sql_[pos_];
      if ((c == 'X' || c == 'x') && Peek(1) == '\'') {
        Advance(1);
        FLOE_ASSIGN_OR_RETURN(token.text, ReadQuoted('\'', token.location));
        if (!std::all_of(token.text.begin(), token.text.end(),
                         [](char h) { return std::isxdigit(static_cast<unsigned char>(h)) || h == ' '; })) {
          return SqlError(error_codes::kSyntaxError, token.location, "Binary literal can only contain hexadecimal digits");
        }
        token.text.erase(std::remove(token.text.begin(), token.text.end(), ' '), token.text.end());
        if (token.text.size() % 2 != 0) {
          return SqlError(error_codes::kSyntaxError, token.location, "Binary literal must contain an even number of digits");
        }
        token.type = TokenType::kBinary;
      } else if (IsIdentifierStart(c)) {
        size_t start = pos_;
        while (pos_ < sql_.size() && IsIdentifierPart(sql_[pos_])) Advance(1);
        token.type = TokenType::kWord;
        token.text = std::string(sql_.substr(start, pos_ - start));
        token.upper = token.text;
        for (char& u : token.upper) u = static_cast<char>(std::toupper(static_cast<unsigned char>(u)));
      } else if (c == '"') {
        FLOE_ASSIGN_OR_RETURN(token.text, ReadQuoted('"', token.location));
        if (token.text.empty()) {
          return SqlError(error_codes::kSyntaxError, token.location, "Zero-length delimited identifier not allowed");
        }
        token.type = TokenType::kQuotedIdentifier;
      } else if (c == '\'') {
        FLOE_ASSIGN_OR_RETURN(token.text, ReadQuoted('\'', token.location));
        token.type = TokenType::kString;
      } else if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) {
        FLOE_RETURN_IF_ERROR(ReadNumber(&token));
      } else {
        FLOE_RETURN_IF_ERROR(ReadOperator(&token));
      }
      tokens.push_back(std::move(token));
    }
  }

 private:
  char Peek(size_t ahead) const { return pos_ + ahead < sql_.size() ? sql_[pos_ + ahead] : '\0'; }

  void Advance(size_t count) {
    for (size_t i = 0; i < count && pos_ < sql_.size(); ++i) {
      if (sql_[pos_] == '\n') {
        ++line_;
        line_start_ = pos_ + 1;
      }
      ++pos_;
    }
  }

  NodeLocation Location() const {
    return {line_, static_cast<int32_t>(pos_ - line_start_ + 1)};
  }

  Status SkipSpaceAndComments() {
    while (pos_ < sql_.size()) {
      char c = sql_[pos_];
      if (std::isspace(static_cast<unsigned char>(c))) {
        Advance(1);
      } else if (c == '-' && Peek(1) == '-') {
        while (pos_ < sql_.size() && sql_[pos_] != '\n') Advance(1);
      } else if (c == '/' && Peek(1) == '*') {
        NodeLocation start = Location();
        Advance(2);
        while (pos_ < sql_.size() && !(sql_[pos_] == '*' && Peek(1) == '/')) Advance(1);
        if (pos_ >= sql_.size()) {
          return SqlError(error_codes::kSyntaxError, start, "unterminated comment");
        }
        Advance(2);
      } else {
        break;
      }
    }
    return Status::OK();
  }

  // Reads a `quote`-delimited run starting at the opening quote; a doubled
  // quote stands for one.
  Result<std::string> ReadQuoted(char quote, NodeLocation start) {
    Advance(1);
    std::string text;
    while (true) {
      if (pos_ >= sql_.size()) {
        return SqlError(error_codes::kSyntaxError, start, "mismatched input '{}'. Expecting: <{}>",
                        std::string(sql_.substr(start_offset(start))), quote == '"' ? "identifier" : "string");
      }
      char c = sql_[pos_];
      if (c == quote) {
        if (Peek(1) == quote) {
          text.push_back(quote);
          Advance(2);
          continue;
        }
        Advance(1);
        return text;
      }
      text.push_back(c);
      Advance(1);
    }
  }

  // The byte offset of a location on the current or an earlier line (for messages).
  size_t start_offset(NodeLocation location) const {
    size_t line = 1, offset = 0;
    while (offset < sql_.size() && line < static_cast<size_t>(location.line)) {
      if (sql_[offset] == '\n') ++line;
      ++offset;
    }
    return std::min(sql_.size(), offset + static_cast<size_t>(location.column) - 1);
  }

  Status ReadNumber(Token* token) {
    size_t start = pos_;
    bool has_dot = false, has_exponent = false;
    while (IsDigit(Peek(0))) Advance(1);
    if (Peek(0) == '.') {
      has_dot = true;
      Advance(1);
      while (IsDigit(Peek(0))) Advance(1);
    }
    if ((Peek(0) == 'e' || Peek(0) == 'E') &&
        (IsDigit(Peek(1)) || ((Peek(1) == '+' || Peek(1) == '-') && IsDigit(Peek(2))))) {
      has_exponent = true;
      Advance(2);
      while (IsDigit(Peek(0))) Advance(1);
    }
    if (IsIdentifierStart(Peek(0))) {
      // 123abc: Trino rejects identifiers starting with digits.
      while (pos_ < sql_.size() && IsIdentifierPart(sql_[pos_])) Advance(1);
      return SqlError(error_codes::kSyntaxError, token->location,
                      "identifiers must not start with a digit; surround the identifier with double quotes");
    }
    token->text = std::string(sql_.substr(start, pos_ - start));
    token->type = has_exponent ? TokenType::kDouble : has_dot ? TokenType::kDecimal : TokenType::kInteger;
    return Status::OK();
  }

  Status ReadOperator(Token* token) {
    static constexpr std::array<std::string_view, 9> kTwoCharacter = {"||", "<>", "!=", "<=", ">=", "->", "=>", "::", ".."};
    for (std::string_view op : kTwoCharacter) {
      if (sql_.substr(pos_, 2) == op && op != "::" && op != "..") {
        token->type = TokenType::kOperator;
        token->text = token->upper = std::string(op);
        Advance(2);
        return Status::OK();
      }
    }
    static constexpr std::string_view kSingle = "+-*/%=<>(),.[];?:{}|";
    char c = sql_[pos_];
    if (kSingle.find(c) != std::string_view::npos) {
      token->type = TokenType::kOperator;
      token->text = token->upper = std::string(1, c);
      Advance(1);
      return Status::OK();
    }
    // One code point, for the message.
    size_t length = 1;
    while (pos_ + length < sql_.size() && (static_cast<unsigned char>(sql_[pos_ + length]) & 0xC0) == 0x80) ++length;
    return SqlError(error_codes::kSyntaxError, token->location, "token recognition error at: '{}'",
                    std::string(sql_.substr(pos_, length)));
  }

  std::string_view sql_;
  size_t pos_ = 0;
  int32_t line_ = 1;
  size_t line_start_ = 0;
};

}  // namespace

bool IsReservedWord(std::string_view upper) {
  return std::find(std::begin(kReservedWords), std::end(kReservedWords), upper) != std::end(kReservedWords);
}

Result<std::vector<Token>> Tokenize(std::string_view sql) { return Lexer(sql).Run(); }

}  // namespace floe::sql
