#include "floe/sql/parser.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "floe/sql/error.h"
#include "floe/sql/lexer.h"

namespace floe::sql {

namespace {

// Non-reserved words that never start an implicit alias, so that
// `FROM t LIMIT 10` reads as a LIMIT clause (ANTLR resolves these by lookahead).
bool IsClauseWord(std::string_view upper) {
  return upper == "LIMIT" || upper == "OFFSET" || upper == "FETCH" || upper == "WINDOW" || upper == "TABLESAMPLE" ||
         upper == "MATCH_RECOGNIZE";
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens, std::string_view source = {})
      : tokens_(std::move(tokens)), source_(source) {}

  Result<Statement> ParseSingleStatement() {
    FLOE_ASSIGN_OR_RETURN(Statement statement, ParseStatementNode());
    if (PeekOperator(0, ";")) ++pos_;  // not listed as expected, as in Trino
    if (!AtEnd()) return Fail();
    return statement;
  }

  Result<ExpressionPtr> ParseSingleExpression() {
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr expression, ParseExpressionNode());
    if (!AtEnd()) return Fail();
    return expression;
  }

 private:
  // --- Token helpers; every check at the current token records what was expected. ---

  const Token& Current() const { return tokens_[pos_]; }
  const Token& PeekToken(size_t ahead) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }
  NodeLocation Here() const { return Current().location; }

  void Expect(std::string what) {
    if (pos_ > expected_pos_) {
      expected_pos_ = pos_;
      expected_.clear();
    }
    if (pos_ == expected_pos_) expected_.insert(std::move(what));
  }

  bool AtEnd() {
    Expect("<EOF>");
    return Current().type == TokenType::kEnd;
  }

  bool IsKeyword(std::string_view keyword) {
    Expect(fmt::format("'{}'", keyword));
    return Current().type == TokenType::kWord && Current().upper == keyword;
  }
  bool PeekKeyword(size_t ahead, std::string_view keyword) const {
    const Token& token = PeekToken(ahead);
    return token.type == TokenType::kWord && token.upper == keyword;
  }
  bool MatchKeyword(std::string_view keyword) {
    if (!IsKeyword(keyword)) return false;
    ++pos_;
    return true;
  }
  Status ExpectKeyword(std::string_view keyword) {
    if (MatchKeyword(keyword)) return Status::OK();
    return Fail();
  }
  bool IsOperator(std::string_view op) {
    Expect(fmt::format("'{}'", op));
    return Current().type == TokenType::kOperator && Current().upper == op;
  }
  bool PeekOperator(size_t ahead, std::string_view op) const {
    const Token& token = PeekToken(ahead);
    return token.type == TokenType::kOperator && token.upper == op;
  }
  bool MatchOperator(std::string_view op) {
    if (!IsOperator(op)) return false;
    ++pos_;
    return true;
  }
  Status ExpectOperator(std::string_view op) {
    if (MatchOperator(op)) return Status::OK();
    return Fail();
  }

  // The error at the furthest point reached, listing what could follow there.
  Status Fail() {
    size_t at = std::max(expected_pos_, pos_);
    if (at >= tokens_.size()) at = tokens_.size() - 1;
    const Token& token = tokens_[at];
    std::string input = token.type == TokenType::kEnd ? "<EOF>"
                        : token.type == TokenType::kString ? "'" + token.text + "'"
                        : token.type == TokenType::kQuotedIdentifier ? "\"" + token.text + "\""
                                                                   : token.text;
    std::vector<std::string> expected;
    if (at == expected_pos_) expected.assign(expected_.begin(), expected_.end());
    // Quoted tokens first (alphabetically), then <...> categories, as Trino lists them.
    std::stable_sort(expected.begin(), expected.end(), [](const std::string& a, const std::string& b) {
      bool a_category = a.starts_with("<"), b_category = b.starts_with("<");
      if (a_category != b_category) return !a_category;
      return a < b;
    });
    std::string list;
    for (const std::string& item : expected) {
      if (!list.empty()) list += ", ";
      list += item;
    }
    if (list.empty()) return SqlError(error_codes::kSyntaxError, token.location, "mismatched input '{}'", input);
    return SqlError(error_codes::kSyntaxError, token.location, "mismatched input '{}'. Expecting: {}", input, list);
  }

  // Guards recursion depth (expressions, queries, relations, types).
  struct DepthGuard {
    explicit DepthGuard(int* depth) : depth_(depth) { ++*depth_; }
    ~DepthGuard() { --*depth_; }
    int* depth_;
  };
  Status CheckDepth() {
    if (depth_ > kMaxNestingDepth) {
      return SqlError(error_codes::kSyntaxError, Here(), "statement is too deeply nested (more than {} levels)",
                      kMaxNestingDepth);
    }
    return Status::OK();
  }

  // --- Identifiers and names ---

  bool IsIdentifierToken(const Token& token) const {
    return token.type == TokenType::kQuotedIdentifier ||
           (token.type == TokenType::kWord && !IsReservedWord(token.upper));
  }
  bool IsIdentifier() {
    Expect("<identifier>");
    return IsIdentifierToken(Current());
  }

  Result<Identifier> ParseIdentifier() {
    if (!IsIdentifier()) return Fail();
    Identifier identifier{Current().text, Current().type == TokenType::kQuotedIdentifier, Here()};
    ++pos_;
    return identifier;
  }

  Result<QualifiedName> ParseQualifiedName() {
    QualifiedName name;
    FLOE_ASSIGN_OR_RETURN(Identifier first, ParseIdentifier());
    name.parts.push_back(std::move(first));
    while (IsOperator(".") && IsIdentifierToken(PeekToken(1))) {
      ++pos_;
      FLOE_ASSIGN_OR_RETURN(Identifier part, ParseIdentifier());
      name.parts.push_back(std::move(part));
    }
    return name;
  }

  // `[LIKE 'pattern']` of the SHOW statements: the pattern, or nullopt.
  Result<std::optional<std::string>> ParseOptionalLike() {
    if (!MatchKeyword("LIKE")) return std::optional<std::string>();
    FLOE_ASSIGN_OR_RETURN(std::string pattern, ParseStringLiteral());
    return std::optional<std::string>(std::move(pattern));
  }

  Result<std::string> ParseStringLiteral() {
    Expect("<string>");
    if (Current().type != TokenType::kString) return Fail();
    return tokens_[pos_++].text;
  }

  Result<int64_t> ParseIntegerValue() {
    Expect("<integer>");
    if (Current().type != TokenType::kInteger) return Fail();
    const std::string& text = Current().text;
    int64_t value = 0;
    for (char c : text) {
      if (value > (INT64_MAX - (c - '0')) / 10) {
        return SqlError(error_codes::kSyntaxError, Here(), "Invalid numeric literal: {}", text);
      }
      value = value * 10 + (c - '0');
    }
    ++pos_;
    return value;
  }

  // --- Statements ---

  Result<Statement> ParseStatementNode() {
    Statement statement;
    statement.location = Here();
    if (IsKeyword("SELECT") || IsKeyword("WITH") || IsKeyword("VALUES") || IsKeyword("TABLE") || IsOperator("(")) {
      FLOE_ASSIGN_OR_RETURN(auto query, ParseQuery());
      statement.node = QueryStatement{std::move(query)};
    } else if (MatchKeyword("CREATE")) {
      if (MatchKeyword("SCHEMA")) {
        FLOE_ASSIGN_OR_RETURN(statement.node, ParseCreateSchema());
      } else if (MatchKeyword("TABLE")) {
        FLOE_ASSIGN_OR_RETURN(statement.node, ParseCreateTable());
      } else {
        if (IsKeyword("OR") || IsKeyword("VIEW") || IsKeyword("MATERIALIZED") || IsKeyword("ROLE") ||
            IsKeyword("FUNCTION")) {
          return SqlError(error_codes::kNotSupported, Here(), "CREATE {} is not supported", Current().text);
        }
        return Fail();
      }
    } else if (MatchKeyword("DROP")) {
      if (MatchKeyword("SCHEMA")) {
        DropSchema drop;
        if (MatchKeyword("IF")) {
          FLOE_RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
          drop.if_exists = true;
        }
        FLOE_ASSIGN_OR_RETURN(drop.name, ParseQualifiedName());
        if (MatchKeyword("CASCADE")) {
          drop.cascade = true;
        } else {
          MatchKeyword("RESTRICT");
        }
        statement.node = std::move(drop);
      } else if (MatchKeyword("TABLE")) {
        DropTable drop;
        if (MatchKeyword("IF")) {
          FLOE_RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
          drop.if_exists = true;
        }
        FLOE_ASSIGN_OR_RETURN(drop.name, ParseQualifiedName());
        statement.node = std::move(drop);
      } else {
        return Fail();
      }
    } else if (IsKeyword("SET") && PeekKeyword(1, "TIME") && PeekKeyword(2, "ZONE")) {
      pos_ += 3;
      SetTimeZone set;
      if (!MatchKeyword("LOCAL")) {
        FLOE_ASSIGN_OR_RETURN(set.zone, ParseExpressionNode());
      }
      statement.node = std::move(set);
    } else if (MatchKeyword("USE")) {
      Use use;
      FLOE_ASSIGN_OR_RETURN(Identifier first, ParseIdentifier());
      if (MatchOperator(".")) {
        use.catalog = std::move(first);
        FLOE_ASSIGN_OR_RETURN(use.schema, ParseIdentifier());
      } else {
        use.schema = std::move(first);
      }
      statement.node = std::move(use);
    } else if (MatchKeyword("SHOW")) {
      FLOE_ASSIGN_OR_RETURN(statement.node, ParseShow());
    } else if (MatchKeyword("DESCRIBE") || MatchKeyword("DESC")) {
      ShowColumns show;
      show.describe = true;
      FLOE_ASSIGN_OR_RETURN(show.table, ParseQualifiedName());
      statement.node = std::move(show);
    } else if (MatchKeyword("ALTER")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("TABLE"));
      FLOE_ASSIGN_OR_RETURN(statement.node, ParseAlterTable());
    } else if (MatchKeyword("INSERT")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("INTO"));
      Insert insert;
      FLOE_ASSIGN_OR_RETURN(insert.table, ParseQualifiedName());
      if (IsOperator("(") && !PeekKeyword(1, "SELECT") && !PeekKeyword(1, "WITH") && !PeekKeyword(1, "VALUES") &&
          !PeekKeyword(1, "TABLE") && !PeekOperator(1, "(")) {
        ++pos_;
        FLOE_ASSIGN_OR_RETURN(insert.columns, ParseIdentifierList());
        FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      }
      FLOE_ASSIGN_OR_RETURN(insert.query, ParseQuery());
      statement.node = std::move(insert);
    } else if (MatchKeyword("EXPLAIN")) {
      Explain explain;
      if (MatchKeyword("ANALYZE")) {
        explain.analyze = true;
        if (MatchKeyword("VERBOSE")) explain.verbose = true;
      }
      if (IsOperator("(") && (PeekKeyword(1, "TYPE") || PeekKeyword(1, "FORMAT"))) {
        ++pos_;
        do {
          if (MatchKeyword("TYPE")) {
            if (IsKeyword("LOGICAL") || IsKeyword("DISTRIBUTED") || IsKeyword("IO") || IsKeyword("VALIDATE")) {
              explain.type = tokens_[pos_++].upper;
            } else {
              return Fail();
            }
          } else if (MatchKeyword("FORMAT")) {
            if (IsKeyword("TEXT") || IsKeyword("GRAPHVIZ") || IsKeyword("JSON")) {
              explain.format = tokens_[pos_++].upper;
            } else {
              return Fail();
            }
          } else {
            return Fail();
          }
        } while (MatchOperator(","));
        FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      }
      DepthGuard guard(&depth_);
      FLOE_RETURN_IF_ERROR(CheckDepth());
      FLOE_ASSIGN_OR_RETURN(Statement inner, ParseStatementNode());
      explain.statement = std::make_shared<Statement>(std::move(inner));
      statement.node = std::move(explain);
    } else if (MatchKeyword("CALL")) {
      FLOE_ASSIGN_OR_RETURN(statement.node, ParseCall());
    } else if (IsSessionStatementStart()) {
      FLOE_ASSIGN_OR_RETURN(statement.node, ParseSessionStatement());
    } else {
      for (std::string_view keyword : {"DELETE", "UPDATE", "MERGE", "GRANT", "REVOKE", "PREPARE", "EXECUTE",
                                       "DEALLOCATE", "COMMENT", "ANALYZE", "REFRESH", "SET", "RESET", "START",
                                       "COMMIT", "ROLLBACK", "TRUNCATE"}) {
        if (IsKeyword(keyword)) {
          return SqlError(error_codes::kNotSupported, Here(), "{} is not supported", keyword);
        }
      }
      return Fail();
    }
    return statement;
  }

  // After CALL: name ( [argument [, argument]*] ), an argument being
  // `expression` or `identifier => expression`.
  Result<Call> ParseCall() {
    Call call;
    FLOE_ASSIGN_OR_RETURN(call.procedure, ParseQualifiedName());
    FLOE_RETURN_IF_ERROR(ExpectOperator("("));
    if (!MatchOperator(")")) {
      do {
        CallArgument argument;
        argument.location = Here();
        if (IsIdentifier() && PeekOperator(1, "=>")) {
          FLOE_ASSIGN_OR_RETURN(argument.name, ParseIdentifier());
          FLOE_RETURN_IF_ERROR(ExpectOperator("=>"));
        }
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr value, ParseExpressionNode());
        argument.value = std::move(value);
        call.arguments.push_back(std::move(argument));
      } while (MatchOperator(","));
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
    }
    return call;
  }

  // --- Session statements: SET / RESET SESSION, transactions, prepared statements ---

  bool IsSessionStatementStart() {
    return (IsKeyword("SET") && PeekKeyword(1, "SESSION") && !PeekKeyword(2, "AUTHORIZATION")) ||
           (IsKeyword("RESET") && PeekKeyword(1, "SESSION")) || IsKeyword("START") || IsKeyword("COMMIT") ||
           IsKeyword("ROLLBACK") || IsKeyword("PREPARE") || IsKeyword("EXECUTE") || IsKeyword("DEALLOCATE");
  }

  Result<StatementVariant> ParseSessionStatement() {
    if (MatchKeyword("SET")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("SESSION"));
      SetSession set;
      FLOE_ASSIGN_OR_RETURN(set.name, ParseQualifiedName());
      FLOE_RETURN_IF_ERROR(ExpectOperator("="));
      FLOE_ASSIGN_OR_RETURN(set.value, ParseExpressionNode());
      return StatementVariant(std::move(set));
    }
    if (MatchKeyword("RESET")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("SESSION"));
      ResetSession reset;
      FLOE_ASSIGN_OR_RETURN(reset.name, ParseQualifiedName());
      return StatementVariant(std::move(reset));
    }
    if (MatchKeyword("START")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("TRANSACTION"));
      StartTransaction start;
      if (AtEnd() || IsOperator(";")) return StatementVariant(std::move(start));
      do {
        if (MatchKeyword("ISOLATION")) {
          FLOE_RETURN_IF_ERROR(ExpectKeyword("LEVEL"));
          if (MatchKeyword("SERIALIZABLE")) {
            start.isolation = "SERIALIZABLE";
          } else if (MatchKeyword("REPEATABLE")) {
            FLOE_RETURN_IF_ERROR(ExpectKeyword("READ"));
            start.isolation = "REPEATABLE READ";
          } else {
            FLOE_RETURN_IF_ERROR(ExpectKeyword("READ"));
            if (MatchKeyword("COMMITTED")) {
              start.isolation = "READ COMMITTED";
            } else {
              FLOE_RETURN_IF_ERROR(ExpectKeyword("UNCOMMITTED"));
              start.isolation = "READ UNCOMMITTED";
            }
          }
        } else {
          FLOE_RETURN_IF_ERROR(ExpectKeyword("READ"));
          if (MatchKeyword("ONLY")) {
            start.read_only = true;
          } else {
            FLOE_RETURN_IF_ERROR(ExpectKeyword("WRITE"));
            start.read_only = false;
          }
        }
      } while (MatchOperator(","));
      return StatementVariant(std::move(start));
    }
    if (MatchKeyword("COMMIT")) {
      MatchKeyword("WORK");
      return StatementVariant(Commit{});
    }
    if (MatchKeyword("ROLLBACK")) {
      MatchKeyword("WORK");
      return StatementVariant(Rollback{});
    }
    if (MatchKeyword("PREPARE")) {
      Prepare prepare;
      FLOE_ASSIGN_OR_RETURN(prepare.name, ParseIdentifier());
      FLOE_RETURN_IF_ERROR(ExpectKeyword("FROM"));
      // The statement is kept as text: its `?` parameters are not expressions yet.
      Expect("<statement>");
      if (Current().type == TokenType::kEnd) return Fail();
      size_t start = Current().offset;
      size_t end = tokens_.back().offset;
      std::string_view text = source_.substr(std::min(start, source_.size()), end - std::min(start, end));
      while (!text.empty() && (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == ';')) {
        text.remove_suffix(1);
      }
      if (text.empty()) return Fail();  // PREPARE q FROM ;
      prepare.statement = std::string(text);
      pos_ = tokens_.size() - 1;
      return StatementVariant(std::move(prepare));
    }
    if (MatchKeyword("EXECUTE")) {
      ExecutePrepared execute;
      if (IsKeyword("IMMEDIATE") && PeekToken(1).type == TokenType::kString) {
        ++pos_;
        execute.name.location = Here();
        FLOE_ASSIGN_OR_RETURN(execute.immediate, ParseStringLiteral());
      } else {
        FLOE_ASSIGN_OR_RETURN(execute.name, ParseIdentifier());
      }
      if (MatchKeyword("USING")) {
        do {
          FLOE_ASSIGN_OR_RETURN(ExpressionPtr parameter, ParseExpressionNode());
          execute.parameters.push_back(std::move(parameter));
        } while (MatchOperator(","));
      }
      return StatementVariant(std::move(execute));
    }
    FLOE_RETURN_IF_ERROR(ExpectKeyword("DEALLOCATE"));
    FLOE_RETURN_IF_ERROR(ExpectKeyword("PREPARE"));
    Deallocate deallocate;
    FLOE_ASSIGN_OR_RETURN(deallocate.name, ParseIdentifier());
    return StatementVariant(std::move(deallocate));
  }

  Result<std::vector<Identifier>> ParseIdentifierList() {
    std::vector<Identifier> identifiers;
    do {
      FLOE_ASSIGN_OR_RETURN(Identifier identifier, ParseIdentifier());
      identifiers.push_back(std::move(identifier));
    } while (MatchOperator(","));
    return identifiers;
  }

  Result<std::vector<Property>> ParseProperties() {
    FLOE_RETURN_IF_ERROR(ExpectOperator("("));
    std::vector<Property> properties;
    do {
      Property property;
      FLOE_ASSIGN_OR_RETURN(property.name, ParseIdentifier());
      FLOE_RETURN_IF_ERROR(ExpectOperator("="));
      if (!MatchKeyword("DEFAULT")) {
        FLOE_ASSIGN_OR_RETURN(property.value, ParseExpressionNode());
      }
      properties.push_back(std::move(property));
    } while (MatchOperator(","));
    FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
    return properties;
  }

  Result<StatementVariant> ParseCreateSchema() {
    CreateSchema create;
    if (MatchKeyword("IF")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("NOT"));
      FLOE_RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
      create.if_not_exists = true;
    }
    FLOE_ASSIGN_OR_RETURN(create.name, ParseQualifiedName());
    if (MatchKeyword("AUTHORIZATION")) {
      return SqlError(error_codes::kNotSupported, tokens_[pos_ - 1].location, "AUTHORIZATION is not supported");
    }
    if (MatchKeyword("WITH")) {
      FLOE_ASSIGN_OR_RETURN(create.properties, ParseProperties());
    }
    return StatementVariant(std::move(create));
  }

  Result<ColumnDefinition> ParseColumnDefinition() {
    ColumnDefinition column;
    column.location = Here();
    FLOE_ASSIGN_OR_RETURN(column.name, ParseIdentifier());
    FLOE_ASSIGN_OR_RETURN(column.type, ParseType());
    if (MatchKeyword("NOT")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("NULL"));
      column.not_null = true;
    }
    if (MatchKeyword("COMMENT")) {
      FLOE_ASSIGN_OR_RETURN(column.comment, ParseStringLiteral());
    }
    if (MatchKeyword("WITH")) {
      FLOE_ASSIGN_OR_RETURN(column.properties, ParseProperties());
    }
    return column;
  }

  Result<StatementVariant> ParseCreateTable() {
    bool if_not_exists = false;
    if (MatchKeyword("IF")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("NOT"));
      FLOE_RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
      if_not_exists = true;
    }
    FLOE_ASSIGN_OR_RETURN(QualifiedName name, ParseQualifiedName());
    // CREATE TABLE t [(aliases)] [COMMENT] [WITH (...)] AS query
    bool is_select = IsKeyword("AS") || IsKeyword("COMMENT") || IsKeyword("WITH");
    std::vector<Identifier> aliases;
    if (!is_select && IsOperator("(")) {
      // Column aliases of CTAS are bare identifiers followed by `,` or `)`.
      size_t after = 1;
      bool aliases_only = true;
      while (true) {
        const Token& identifier = PeekToken(after);
        if (!IsIdentifierToken(identifier)) {
          aliases_only = false;
          break;
        }
        if (PeekOperator(after + 1, ",")) {
          after += 2;
          continue;
        }
        aliases_only = PeekOperator(after + 1, ")") &&
                       (PeekKeyword(after + 2, "AS") || PeekKeyword(after + 2, "WITH") ||
                        PeekKeyword(after + 2, "COMMENT"));
        break;
      }
      if (aliases_only) {
        ++pos_;
        FLOE_ASSIGN_OR_RETURN(aliases, ParseIdentifierList());
        FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
        is_select = true;
      }
    }
    if (is_select) {
      CreateTableAsSelect create;
      create.name = std::move(name);
      create.if_not_exists = if_not_exists;
      create.column_aliases = std::move(aliases);
      if (MatchKeyword("COMMENT")) {
        FLOE_ASSIGN_OR_RETURN(create.comment, ParseStringLiteral());
      }
      if (MatchKeyword("WITH")) {
        FLOE_ASSIGN_OR_RETURN(create.properties, ParseProperties());
      }
      FLOE_RETURN_IF_ERROR(ExpectKeyword("AS"));
      if (MatchOperator("(")) {
        FLOE_ASSIGN_OR_RETURN(create.query, ParseQuery());
        FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      } else {
        FLOE_ASSIGN_OR_RETURN(create.query, ParseQuery());
      }
      if (MatchKeyword("WITH")) {
        if (MatchKeyword("NO")) create.with_data = false;
        FLOE_RETURN_IF_ERROR(ExpectKeyword("DATA"));
      }
      return StatementVariant(std::move(create));
    }
    CreateTable create;
    create.name = std::move(name);
    create.if_not_exists = if_not_exists;
    FLOE_RETURN_IF_ERROR(ExpectOperator("("));
    do {
      if (IsKeyword("LIKE")) {
        return SqlError(error_codes::kNotSupported, Here(), "CREATE TABLE ... LIKE is not supported");
      }
      FLOE_ASSIGN_OR_RETURN(ColumnDefinition column, ParseColumnDefinition());
      create.columns.push_back(std::move(column));
    } while (MatchOperator(","));
    FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
    if (MatchKeyword("COMMENT")) {
      FLOE_ASSIGN_OR_RETURN(create.comment, ParseStringLiteral());
    }
    if (MatchKeyword("WITH")) {
      FLOE_ASSIGN_OR_RETURN(create.properties, ParseProperties());
    }
    return StatementVariant(std::move(create));
  }

  Result<StatementVariant> ParseShow() {
    if (MatchKeyword("CATALOGS")) {
      ShowCatalogs show;
      FLOE_ASSIGN_OR_RETURN(show.like, ParseOptionalLike());
      return StatementVariant(std::move(show));
    }
    if (MatchKeyword("SCHEMAS")) {
      ShowSchemas show;
      if (MatchKeyword("FROM") || MatchKeyword("IN")) {
        FLOE_ASSIGN_OR_RETURN(show.catalog, ParseIdentifier());
      }
      FLOE_ASSIGN_OR_RETURN(show.like, ParseOptionalLike());
      return StatementVariant(std::move(show));
    }
    if (MatchKeyword("TABLES")) {
      ShowTables show;
      if (MatchKeyword("FROM") || MatchKeyword("IN")) {
        FLOE_ASSIGN_OR_RETURN(show.schema, ParseQualifiedName());
      }
      FLOE_ASSIGN_OR_RETURN(show.like, ParseOptionalLike());
      return StatementVariant(std::move(show));
    }
    if (MatchKeyword("COLUMNS")) {
      ShowColumns show;
      if (!MatchKeyword("FROM")) FLOE_RETURN_IF_ERROR(ExpectKeyword("IN"));
      FLOE_ASSIGN_OR_RETURN(show.table, ParseQualifiedName());
      return StatementVariant(std::move(show));
    }
    if (MatchKeyword("CREATE")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("TABLE"));
      ShowCreateTable show;
      FLOE_ASSIGN_OR_RETURN(show.table, ParseQualifiedName());
      return StatementVariant(std::move(show));
    }
    if (MatchKeyword("SESSION")) {
      ShowSession show;
      FLOE_ASSIGN_OR_RETURN(show.like, ParseOptionalLike());
      return StatementVariant(std::move(show));
    }
    if (MatchKeyword("FUNCTIONS")) {
      ShowFunctions show;
      FLOE_ASSIGN_OR_RETURN(show.like, ParseOptionalLike());
      return StatementVariant(std::move(show));
    }
    if (MatchKeyword("STATS")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("FOR"));
      if (IsOperator("(")) return SqlError(error_codes::kNotSupported, Here(), "SHOW STATS for a query is not supported");
      ShowStats show;
      FLOE_ASSIGN_OR_RETURN(show.table, ParseQualifiedName());
      return StatementVariant(std::move(show));
    }
    for (std::string_view keyword : {"GRANTS", "ROLES", "BRANCHES"}) {
      if (IsKeyword(keyword)) return SqlError(error_codes::kNotSupported, Here(), "SHOW {} is not supported", keyword);
    }
    return Fail();
  }

  Result<StatementVariant> ParseAlterTable() {
    AlterTable alter;
    if (MatchKeyword("IF")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
      alter.if_exists = true;
    }
    FLOE_ASSIGN_OR_RETURN(alter.table, ParseQualifiedName());
    if (MatchKeyword("RENAME")) {
      if (MatchKeyword("TO")) {
        alter.action = AlterTable::Action::kRenameTable;
        FLOE_ASSIGN_OR_RETURN(alter.new_name, ParseQualifiedName());
      } else {
        FLOE_RETURN_IF_ERROR(ExpectKeyword("COLUMN"));
        alter.action = AlterTable::Action::kRenameColumn;
        if (MatchKeyword("IF")) {
          FLOE_RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
          alter.column_if_exists = true;
        }
        FLOE_ASSIGN_OR_RETURN(alter.column_name, ParseQualifiedName());
        FLOE_RETURN_IF_ERROR(ExpectKeyword("TO"));
        FLOE_ASSIGN_OR_RETURN(alter.new_column_name, ParseIdentifier());
      }
    } else if (MatchKeyword("ADD")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("COLUMN"));
      alter.action = AlterTable::Action::kAddColumn;
      if (MatchKeyword("IF")) {
        FLOE_RETURN_IF_ERROR(ExpectKeyword("NOT"));
        FLOE_RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
        alter.column_if_not_exists = true;
      }
      FLOE_ASSIGN_OR_RETURN(alter.column, ParseColumnDefinition());
    } else if (MatchKeyword("DROP")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("COLUMN"));
      alter.action = AlterTable::Action::kDropColumn;
      if (MatchKeyword("IF")) {
        FLOE_RETURN_IF_ERROR(ExpectKeyword("EXISTS"));
        alter.column_if_exists = true;
      }
      FLOE_ASSIGN_OR_RETURN(alter.column_name, ParseQualifiedName());
    } else if (MatchKeyword("SET")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("PROPERTIES"));
      alter.action = AlterTable::Action::kSetProperties;
      do {
        Property property;
        FLOE_ASSIGN_OR_RETURN(property.name, ParseIdentifier());
        FLOE_RETURN_IF_ERROR(ExpectOperator("="));
        if (!MatchKeyword("DEFAULT")) {
          FLOE_ASSIGN_OR_RETURN(property.value, ParseExpressionNode());
        }
        alter.properties.push_back(std::move(property));
      } while (MatchOperator(","));
    } else if (MatchKeyword("ALTER")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("COLUMN"));
      alter.action = AlterTable::Action::kSetColumnType;
      FLOE_ASSIGN_OR_RETURN(alter.column_name, ParseQualifiedName());
      FLOE_RETURN_IF_ERROR(ExpectKeyword("SET"));
      FLOE_RETURN_IF_ERROR(ExpectKeyword("DATA"));
      FLOE_RETURN_IF_ERROR(ExpectKeyword("TYPE"));
      FLOE_ASSIGN_OR_RETURN(alter.new_type, ParseType());
    } else {
      if (IsKeyword("EXECUTE")) {
        return SqlError(error_codes::kNotSupported, Here(), "ALTER TABLE EXECUTE is not supported");
      }
      return Fail();
    }
    return StatementVariant(std::move(alter));
  }

  // --- Types ---

  Result<TypeSpec> ParseType() {
    DepthGuard guard(&depth_);
    FLOE_RETURN_IF_ERROR(CheckDepth());
    TypeSpec type;
    type.location = Here();
    Expect("<type>");
    if (!IsIdentifierToken(Current())) return Fail();
    std::string upper = Current().type == TokenType::kWord ? Current().upper : Current().text;
    std::string lower = upper;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    ++pos_;
    if (upper == "ROW" && MatchOperator("(")) {
      type.name = "row";
      do {
        // A field is `name type` or just `type`.
        std::string field_name;
        if (IsIdentifierToken(Current()) && IsIdentifierToken(PeekToken(1)) && !PeekKeyword(1, "WITH")) {
          field_name = Current().text;
          ++pos_;
        }
        FLOE_ASSIGN_OR_RETURN(TypeSpec field_type, ParseType());
        type.field_names.push_back(std::move(field_name));
        type.arguments.push_back(std::move(field_type));
      } while (MatchOperator(","));
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      return type;
    }
    if ((upper == "ARRAY" || upper == "MAP") && MatchOperator("(")) {
      type.name = lower;
      do {
        FLOE_ASSIGN_OR_RETURN(TypeSpec argument, ParseType());
        type.arguments.push_back(std::move(argument));
      } while (MatchOperator(","));
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      return type;
    }
    if (upper == "DOUBLE" && MatchKeyword("PRECISION")) {
      type.name = "double";
      return type;
    }
    if (upper == "INTERVAL") {
      FLOE_ASSIGN_OR_RETURN(std::string from, ParseIntervalField());
      FLOE_RETURN_IF_ERROR(ExpectKeyword("TO"));
      FLOE_ASSIGN_OR_RETURN(std::string to, ParseIntervalField());
      type.name = "interval " + from + " to " + to;
      for (char& c : type.name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return type;
    }
    type.name = lower;
    if (upper == "CHARACTER" && MatchKeyword("VARYING")) type.name = "varchar";
    if (MatchOperator("(")) {
      do {
        FLOE_ASSIGN_OR_RETURN(int64_t parameter, ParseIntegerValue());
        type.parameters.push_back(parameter);
      } while (MatchOperator(","));
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
    }
    if (upper == "TIMESTAMP" || upper == "TIME") {
      if (MatchKeyword("WITH")) {
        FLOE_RETURN_IF_ERROR(ExpectKeyword("TIME"));
        FLOE_RETURN_IF_ERROR(ExpectKeyword("ZONE"));
        type.with_time_zone = true;
      } else if (MatchKeyword("WITHOUT")) {
        FLOE_RETURN_IF_ERROR(ExpectKeyword("TIME"));
        FLOE_RETURN_IF_ERROR(ExpectKeyword("ZONE"));
      }
    }
    return type;
  }

  Result<std::string> ParseIntervalField() {
    for (std::string_view field : {"YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND"}) {
      if (MatchKeyword(field)) return std::string(field);
    }
    return Fail();
  }

  // --- Queries ---

  bool StartsQuery(size_t ahead) const {
    return PeekKeyword(ahead, "SELECT") || PeekKeyword(ahead, "WITH") || PeekKeyword(ahead, "VALUES") ||
           PeekKeyword(ahead, "TABLE");
  }

  Result<std::shared_ptr<Query>> ParseQuery() {
    DepthGuard guard(&depth_);
    FLOE_RETURN_IF_ERROR(CheckDepth());
    auto query = std::make_shared<Query>();
    query->location = Here();
    if (MatchKeyword("WITH")) {
      if (MatchKeyword("RECURSIVE")) query->recursive = true;
      do {
        WithQuery with;
        FLOE_ASSIGN_OR_RETURN(with.name, ParseIdentifier());
        if (MatchOperator("(")) {
          FLOE_ASSIGN_OR_RETURN(with.column_names, ParseIdentifierList());
          FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
        }
        FLOE_RETURN_IF_ERROR(ExpectKeyword("AS"));
        FLOE_RETURN_IF_ERROR(ExpectOperator("("));
        FLOE_ASSIGN_OR_RETURN(with.query, ParseQuery());
        FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
        query->with.push_back(std::move(with));
      } while (MatchOperator(","));
    }
    FLOE_ASSIGN_OR_RETURN(query->body, ParseQueryTerm());
    if (MatchKeyword("ORDER")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("BY"));
      FLOE_ASSIGN_OR_RETURN(query->order_by, ParseSortItems());
    }
    if (MatchKeyword("OFFSET")) {
      FLOE_ASSIGN_OR_RETURN(query->offset, ParseRowCount());
      if (!MatchKeyword("ROWS")) MatchKeyword("ROW");
    }
    if (MatchKeyword("LIMIT")) {
      if (!MatchKeyword("ALL")) {
        FLOE_ASSIGN_OR_RETURN(query->limit, ParseRowCount());
      }
    } else if (MatchKeyword("FETCH")) {
      if (!MatchKeyword("FIRST")) FLOE_RETURN_IF_ERROR(ExpectKeyword("NEXT"));
      if (IsKeyword("ROW") || IsKeyword("ROWS")) {
        auto one = Expression::Make(ExpressionKind::kIntegerLiteral, Here());
        one->text = "1";
        query->limit = std::move(one);
      } else {
        FLOE_ASSIGN_OR_RETURN(query->limit, ParseRowCount());
      }
      if (!MatchKeyword("ROWS")) FLOE_RETURN_IF_ERROR(ExpectKeyword("ROW"));
      if (MatchKeyword("WITH")) {
        return SqlError(error_codes::kNotSupported, tokens_[pos_ - 1].location, "FETCH ... WITH TIES is not supported");
      }
      FLOE_RETURN_IF_ERROR(ExpectKeyword("ONLY"));
    }
    return query;
  }

  Result<ExpressionPtr> ParseRowCount() {
    Expect("<integer>");
    if (Current().type == TokenType::kInteger) {
      auto count = Expression::Make(ExpressionKind::kIntegerLiteral, Here());
      count->text = Current().text;
      ++pos_;
      return count;
    }
    if (IsOperator("?")) {
      return SqlError(error_codes::kNotSupported, Here(), "query parameters are not supported");
    }
    return Fail();
  }

  Result<std::vector<SortItem>> ParseSortItems() {
    std::vector<SortItem> items;
    do {
      SortItem item;
      item.location = Here();
      FLOE_ASSIGN_OR_RETURN(item.key, ParseExpressionNode());
      if (MatchKeyword("DESC")) {
        item.descending = true;
      } else {
        MatchKeyword("ASC");
      }
      if (MatchKeyword("NULLS")) {
        if (MatchKeyword("FIRST")) {
          item.nulls_first = true;
        } else {
          FLOE_RETURN_IF_ERROR(ExpectKeyword("LAST"));
          item.nulls_first = false;
        }
      }
      items.push_back(std::move(item));
    } while (MatchOperator(","));
    return items;
  }

  // UNION / EXCEPT (left-associative) over INTERSECT terms.
  Result<QueryBodyPtr> ParseQueryTerm() {
    FLOE_ASSIGN_OR_RETURN(QueryBodyPtr left, ParseIntersectTerm());
    while (IsKeyword("UNION") || IsKeyword("EXCEPT")) {
      auto body = std::make_unique<QueryBody>();
      body->kind = QueryBodyKind::kSetOperation;
      body->location = Here();
      body->set_operator = Current().upper == "UNION" ? SetOperator::kUnion : SetOperator::kExcept;
      ++pos_;
      if (MatchKeyword("ALL")) {
        body->all = true;
      } else {
        MatchKeyword("DISTINCT");
      }
      body->left = std::move(left);
      FLOE_ASSIGN_OR_RETURN(body->right, ParseIntersectTerm());
      left = std::move(body);
    }
    return left;
  }

  Result<QueryBodyPtr> ParseIntersectTerm() {
    FLOE_ASSIGN_OR_RETURN(QueryBodyPtr left, ParseQueryPrimary());
    while (IsKeyword("INTERSECT")) {
      auto body = std::make_unique<QueryBody>();
      body->kind = QueryBodyKind::kSetOperation;
      body->location = Here();
      body->set_operator = SetOperator::kIntersect;
      ++pos_;
      if (MatchKeyword("ALL")) {
        body->all = true;
      } else {
        MatchKeyword("DISTINCT");
      }
      body->left = std::move(left);
      FLOE_ASSIGN_OR_RETURN(body->right, ParseQueryPrimary());
      left = std::move(body);
    }
    return left;
  }

  Result<QueryBodyPtr> ParseQueryPrimary() {
    DepthGuard guard(&depth_);
    FLOE_RETURN_IF_ERROR(CheckDepth());
    auto body = std::make_unique<QueryBody>();
    body->location = Here();
    if (MatchKeyword("SELECT")) {
      body->kind = QueryBodyKind::kSpecification;
      FLOE_RETURN_IF_ERROR(ParseQuerySpecification(&body->specification));
    } else if (MatchKeyword("VALUES")) {
      body->kind = QueryBodyKind::kValues;
      do {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr row, ParseExpressionNode());
        body->values.push_back(std::move(row));
      } while (MatchOperator(","));
    } else if (MatchKeyword("TABLE")) {
      body->kind = QueryBodyKind::kTable;
      FLOE_ASSIGN_OR_RETURN(body->table, ParseQualifiedName());
    } else if (MatchOperator("(")) {
      body->kind = QueryBodyKind::kQuery;
      FLOE_ASSIGN_OR_RETURN(body->query, ParseQuery());
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
    } else {
      return Fail();
    }
    return body;
  }

  // True when the tokens from the current one read `name (. name)* . *`.
  bool AtQualifiedStar() const {
    size_t ahead = 0;
    while (IsIdentifierToken(PeekToken(ahead)) && PeekOperator(ahead + 1, ".")) {
      if (PeekOperator(ahead + 2, "*")) return true;
      ahead += 2;
    }
    return false;
  }

  bool AtImplicitAlias() {
    if (!IsIdentifier()) return false;
    return !(Current().type == TokenType::kWord && IsClauseWord(Current().upper));
  }

  Status ParseQuerySpecification(QuerySpecification* specification) {
    if (MatchKeyword("DISTINCT")) {
      specification->distinct = true;
    } else {
      MatchKeyword("ALL");
    }
    do {
      SelectItem item;
      item.location = Here();
      if (MatchOperator("*")) {
        item.all_columns = true;
      } else if (AtQualifiedStar()) {
        item.all_columns = true;
        while (!PeekOperator(0, "*")) {
          FLOE_ASSIGN_OR_RETURN(Identifier part, ParseIdentifier());
          item.prefix.parts.push_back(std::move(part));
          FLOE_RETURN_IF_ERROR(ExpectOperator("."));
        }
        FLOE_RETURN_IF_ERROR(ExpectOperator("*"));
      } else {
        FLOE_ASSIGN_OR_RETURN(item.expression, ParseExpressionNode());
        if (MatchKeyword("AS")) {
          FLOE_ASSIGN_OR_RETURN(item.alias, ParseIdentifier());
        } else if (AtImplicitAlias()) {
          FLOE_ASSIGN_OR_RETURN(item.alias, ParseIdentifier());
        }
      }
      specification->select.push_back(std::move(item));
    } while (MatchOperator(","));
    if (MatchKeyword("FROM")) {
      FLOE_ASSIGN_OR_RETURN(specification->from, ParseRelation());
      while (IsOperator(",")) {
        auto join = std::make_unique<Relation>();
        join->kind = RelationKind::kJoin;
        join->join_type = JoinType::kImplicit;
        join->location = Here();
        ++pos_;
        join->left = std::move(specification->from);
        FLOE_ASSIGN_OR_RETURN(join->right, ParseRelation());
        specification->from = std::move(join);
      }
    }
    if (MatchKeyword("WHERE")) {
      FLOE_ASSIGN_OR_RETURN(specification->where, ParseExpressionNode());
    }
    if (MatchKeyword("GROUP")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("BY"));
      if (MatchKeyword("DISTINCT")) {
        specification->group_by_distinct = true;
      } else {
        MatchKeyword("ALL");
      }
      do {
        for (std::string_view keyword : {"ROLLUP", "CUBE", "GROUPING"}) {
          if (IsKeyword(keyword)) {
            return SqlError(error_codes::kNotSupported, Here(), "GROUP BY {} is not supported", keyword);
          }
        }
        if (IsOperator("(") && PeekOperator(1, ")")) {
          pos_ += 2;  // GROUP BY (): the global aggregation
          continue;
        }
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr key, ParseExpressionNode());
        specification->group_by.push_back(std::move(key));
      } while (MatchOperator(","));
    }
    if (MatchKeyword("HAVING")) {
      FLOE_ASSIGN_OR_RETURN(specification->having, ParseExpressionNode());
    }
    if (MatchKeyword("WINDOW")) {
      do {
        WindowDefinition definition;
        FLOE_ASSIGN_OR_RETURN(definition.name, ParseIdentifier());
        FLOE_RETURN_IF_ERROR(ExpectKeyword("AS"));
        NodeLocation location = Here();
        FLOE_RETURN_IF_ERROR(ExpectOperator("("));
        FLOE_ASSIGN_OR_RETURN(definition.window, ParseWindowSpecification(location));
        specification->windows.push_back(std::move(definition));
      } while (MatchOperator(","));
    }
    return Status::OK();
  }

  // A window specification after its '(' up to and including ')':
  // [existing name] [PARTITION BY ...] [ORDER BY ...] [ROWS | RANGE | GROUPS frame].
  Result<std::shared_ptr<WindowSpecification>> ParseWindowSpecification(NodeLocation location) {
    auto window = std::make_shared<WindowSpecification>();
    window->location = location;
    if (IsIdentifier() && !IsKeyword("PARTITION") && !IsKeyword("ROWS") && !IsKeyword("RANGE") && !IsKeyword("GROUPS")) {
      FLOE_ASSIGN_OR_RETURN(Identifier name, ParseIdentifier());
      window->existing_name = std::move(name);
    }
    if (MatchKeyword("PARTITION")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("BY"));
      do {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr key, ParseExpressionNode());
        window->partition_by.push_back(std::move(key));
      } while (MatchOperator(","));
    }
    if (MatchKeyword("ORDER")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("BY"));
      FLOE_ASSIGN_OR_RETURN(window->order_by, ParseSortItems());
    }
    if (IsKeyword("ROWS") || IsKeyword("RANGE") || IsKeyword("GROUPS")) {
      WindowFrame frame;
      frame.location = Here();
      frame.type = Current().upper == "ROWS" ? WindowFrame::Type::kRows
                   : Current().upper == "RANGE" ? WindowFrame::Type::kRange
                                                : WindowFrame::Type::kGroups;
      ++pos_;
      if (MatchKeyword("BETWEEN")) {
        FLOE_ASSIGN_OR_RETURN(frame.start, ParseFrameBound());
        FLOE_RETURN_IF_ERROR(ExpectKeyword("AND"));
        FLOE_ASSIGN_OR_RETURN(WindowFrameBound end, ParseFrameBound());
        frame.end = std::move(end);
      } else {
        FLOE_ASSIGN_OR_RETURN(frame.start, ParseFrameBound());
      }
      window->frame = std::move(frame);
    }
    FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
    return window;
  }

  Result<WindowFrameBound> ParseFrameBound() {
    WindowFrameBound bound;
    bound.location = Here();
    if (MatchKeyword("UNBOUNDED")) {
      if (MatchKeyword("PRECEDING")) {
        bound.kind = WindowFrameBound::Kind::kUnboundedPreceding;
      } else {
        FLOE_RETURN_IF_ERROR(ExpectKeyword("FOLLOWING"));
        bound.kind = WindowFrameBound::Kind::kUnboundedFollowing;
      }
      return bound;
    }
    if (MatchKeyword("CURRENT")) {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("ROW"));
      bound.kind = WindowFrameBound::Kind::kCurrentRow;
      return bound;
    }
    FLOE_ASSIGN_OR_RETURN(bound.offset, ParseExpressionNode());
    if (MatchKeyword("PRECEDING")) {
      bound.kind = WindowFrameBound::Kind::kPreceding;
    } else {
      FLOE_RETURN_IF_ERROR(ExpectKeyword("FOLLOWING"));
      bound.kind = WindowFrameBound::Kind::kFollowing;
    }
    return bound;
  }

  // --- Relations ---

  Result<RelationPtr> ParseRelation() {
    DepthGuard guard(&depth_);
    FLOE_RETURN_IF_ERROR(CheckDepth());
    FLOE_ASSIGN_OR_RETURN(RelationPtr left, ParseAliasedRelation());
    while (true) {
      NodeLocation location = Here();
      JoinType type;
      bool natural = false;
      if (MatchKeyword("CROSS")) {
        FLOE_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
        type = JoinType::kCross;
      } else {
        if (MatchKeyword("NATURAL")) natural = true;
        if (MatchKeyword("JOIN")) {
          type = JoinType::kInner;
        } else if (MatchKeyword("INNER")) {
          FLOE_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
          type = JoinType::kInner;
        } else if (MatchKeyword("LEFT")) {
          MatchKeyword("OUTER");
          FLOE_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
          type = JoinType::kLeft;
        } else if (MatchKeyword("RIGHT")) {
          MatchKeyword("OUTER");
          FLOE_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
          type = JoinType::kRight;
        } else if (MatchKeyword("FULL")) {
          MatchKeyword("OUTER");
          FLOE_RETURN_IF_ERROR(ExpectKeyword("JOIN"));
          type = JoinType::kFull;
        } else if (natural) {
          return Fail();
        } else {
          break;
        }
      }
      auto join = std::make_unique<Relation>();
      join->kind = RelationKind::kJoin;
      join->location = location;
      join->join_type = type;
      join->natural = natural;
      join->left = std::move(left);
      FLOE_ASSIGN_OR_RETURN(join->right, ParseAliasedRelation());
      if (type != JoinType::kCross && !natural) {
        if (MatchKeyword("ON")) {
          FLOE_ASSIGN_OR_RETURN(join->on, ParseExpressionNode());
        } else if (MatchKeyword("USING")) {
          FLOE_RETURN_IF_ERROR(ExpectOperator("("));
          FLOE_ASSIGN_OR_RETURN(join->using_columns, ParseIdentifierList());
          FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
        } else {
          return Fail();
        }
      }
      left = std::move(join);
    }
    return left;
  }

  Result<RelationPtr> ParseAliasedRelation() {
    DepthGuard guard(&depth_);
    FLOE_RETURN_IF_ERROR(CheckDepth());
    RelationPtr relation;
    NodeLocation location = Here();
    if (IsOperator("(")) {
      if (StartsQuery(1) || PeekOperator(1, "(")) {
        // A subquery; `((SELECT ...))` nests queries.
        ++pos_;
        relation = std::make_unique<Relation>();
        relation->location = location;
        FLOE_ASSIGN_OR_RETURN(relation->query, ParseQuery());
        relation->kind = relation->query->body->kind == QueryBodyKind::kValues && relation->query->order_by.empty() &&
                                 !relation->query->limit && relation->query->with.empty()
                             ? RelationKind::kValues
                             : RelationKind::kSubquery;
        FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      } else {
        ++pos_;
        FLOE_ASSIGN_OR_RETURN(relation, ParseRelation());
        FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      }
    } else if (MatchKeyword("UNNEST")) {
      relation = std::make_unique<Relation>();
      relation->kind = RelationKind::kUnnest;
      relation->location = location;
      FLOE_RETURN_IF_ERROR(ExpectOperator("("));
      do {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr expression, ParseExpressionNode());
        relation->unnest_expressions.push_back(std::move(expression));
      } while (MatchOperator(","));
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      if (MatchKeyword("WITH")) {
        FLOE_RETURN_IF_ERROR(ExpectKeyword("ORDINALITY"));
        relation->with_ordinality = true;
      }
    } else if (IsKeyword("LATERAL")) {
      return SqlError(error_codes::kNotSupported, Here(), "LATERAL is not supported");
    } else {
      relation = std::make_unique<Relation>();
      relation->kind = RelationKind::kTable;
      relation->location = location;
      FLOE_ASSIGN_OR_RETURN(relation->name, ParseQualifiedName());
      if (MatchKeyword("FOR")) {
        TimeTravel travel;
        if (MatchKeyword("VERSION")) {
          travel.kind = TimeTravel::Kind::kVersion;
        } else if (MatchKeyword("TIMESTAMP")) {
          travel.kind = TimeTravel::Kind::kTimestamp;
        } else if (MatchKeyword("SYSTEM_TIME")) {
          travel.kind = TimeTravel::Kind::kTimestamp;
        } else if (MatchKeyword("SYSTEM_VERSION")) {
          travel.kind = TimeTravel::Kind::kVersion;
        } else {
          return Fail();
        }
        FLOE_RETURN_IF_ERROR(ExpectKeyword("AS"));
        FLOE_RETURN_IF_ERROR(ExpectKeyword("OF"));
        FLOE_ASSIGN_OR_RETURN(travel.value, ParseValueExpression());
        relation->time_travel = std::move(travel);
      }
    }
    if (IsKeyword("TABLESAMPLE")) {
      return SqlError(error_codes::kNotSupported, Here(), "TABLESAMPLE is not supported");
    }
    bool explicit_alias = MatchKeyword("AS");
    if (explicit_alias || AtImplicitAlias()) {
      FLOE_ASSIGN_OR_RETURN(relation->alias, ParseIdentifier());
      if (MatchOperator("(")) {
        FLOE_ASSIGN_OR_RETURN(relation->column_aliases, ParseIdentifierList());
        FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      }
    }
    return relation;
  }

  // --- Expressions ---

  Result<ExpressionPtr> ParseExpressionNode() {
    DepthGuard guard(&depth_);
    FLOE_RETURN_IF_ERROR(CheckDepth());
    return ParseOr();
  }

  Result<ExpressionPtr> ParseOr() {
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr left, ParseAnd());
    if (!IsKeyword("OR")) return left;
    auto node = Expression::Make(ExpressionKind::kOr, left->location);
    node->children.push_back(std::move(left));
    while (MatchKeyword("OR")) {
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr right, ParseAnd());
      node->children.push_back(std::move(right));
    }
    return node;
  }

  Result<ExpressionPtr> ParseAnd() {
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr left, ParseNot());
    if (!IsKeyword("AND")) return left;
    auto node = Expression::Make(ExpressionKind::kAnd, left->location);
    node->children.push_back(std::move(left));
    while (MatchKeyword("AND")) {
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr right, ParseNot());
      node->children.push_back(std::move(right));
    }
    return node;
  }

  Result<ExpressionPtr> ParseNot() {
    DepthGuard guard(&depth_);
    FLOE_RETURN_IF_ERROR(CheckDepth());
    if (IsKeyword("NOT")) {
      auto node = Expression::Make(ExpressionKind::kNot, Here());
      ++pos_;
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr operand, ParseNot());
      node->children.push_back(std::move(operand));
      return node;
    }
    return ParsePredicate();
  }

  Result<ExpressionPtr> ParsePredicate() {
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr value, ParseValueExpression());
    NodeLocation location = value->location;
    for (std::string_view op : {"=", "<>", "!=", "<", "<=", ">", ">="}) {
      if (IsOperator(op)) {
        auto node = Expression::Make(ExpressionKind::kComparison, Here());
        node->op = op == "!=" ? "<>" : std::string(op);
        ++pos_;
        if (IsKeyword("ALL") || IsKeyword("ANY") || IsKeyword("SOME")) {
          return SqlError(error_codes::kNotSupported, Here(), "quantified comparisons ({}) are not supported",
                          Current().upper);
        }
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr right, ParseValueExpression());
        node->children.push_back(std::move(value));
        node->children.push_back(std::move(right));
        return node;
      }
    }
    if (IsKeyword("IS")) {
      ++pos_;
      bool negated = MatchKeyword("NOT");
      if (MatchKeyword("NULL")) {
        auto node = Expression::Make(ExpressionKind::kIsNull, location);
        node->negated = negated;
        node->children.push_back(std::move(value));
        return node;
      }
      if (MatchKeyword("DISTINCT")) {
        FLOE_RETURN_IF_ERROR(ExpectKeyword("FROM"));
        auto node = Expression::Make(ExpressionKind::kDistinctFrom, location);
        node->negated = negated;
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr right, ParseValueExpression());
        node->children.push_back(std::move(value));
        node->children.push_back(std::move(right));
        return node;
      }
      return Fail();
    }
    bool negated = false;
    if (IsKeyword("NOT") && (PeekKeyword(1, "BETWEEN") || PeekKeyword(1, "IN") || PeekKeyword(1, "LIKE"))) {
      ++pos_;
      negated = true;
    }
    if (MatchKeyword("BETWEEN")) {
      auto node = Expression::Make(ExpressionKind::kBetween, location);
      node->negated = negated;
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr low, ParseValueExpression());
      FLOE_RETURN_IF_ERROR(ExpectKeyword("AND"));
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr high, ParseValueExpression());
      node->children.push_back(std::move(value));
      node->children.push_back(std::move(low));
      node->children.push_back(std::move(high));
      return node;
    }
    if (MatchKeyword("IN")) {
      FLOE_RETURN_IF_ERROR(ExpectOperator("("));
      if (StartsQuery(0)) {
        auto node = Expression::Make(ExpressionKind::kInSubquery, location);
        node->negated = negated;
        FLOE_ASSIGN_OR_RETURN(node->subquery, ParseQuery());
        FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
        node->children.push_back(std::move(value));
        return node;
      }
      auto node = Expression::Make(ExpressionKind::kInList, location);
      node->negated = negated;
      node->children.push_back(std::move(value));
      do {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr item, ParseExpressionNode());
        node->children.push_back(std::move(item));
      } while (MatchOperator(","));
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      return node;
    }
    if (MatchKeyword("LIKE")) {
      auto node = Expression::Make(ExpressionKind::kLike, location);
      node->negated = negated;
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr pattern, ParseValueExpression());
      node->children.push_back(std::move(value));
      node->children.push_back(std::move(pattern));
      if (MatchKeyword("ESCAPE")) {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr escape, ParseValueExpression());
        node->children.push_back(std::move(escape));
      }
      return node;
    }
    if (negated) return Fail();
    return value;
  }

  // Binary operators are located at their operator token, as in Trino.
  Result<ExpressionPtr> MakeBinary(ExpressionKind kind, std::string op, NodeLocation location, ExpressionPtr left,
                                   ExpressionPtr right) {
    auto node = Expression::Make(kind, location);
    node->op = std::move(op);
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
  }

  // || (lowest) over + - over * / % over unary over AT TIME ZONE over postfix.
  Result<ExpressionPtr> ParseValueExpression() {
    DepthGuard guard(&depth_);
    FLOE_RETURN_IF_ERROR(CheckDepth());
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr left, ParseAdditive());
    while (IsOperator("||")) {
      NodeLocation location = Here();
      ++pos_;
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr right, ParseAdditive());
      FLOE_ASSIGN_OR_RETURN(left, MakeBinary(ExpressionKind::kBinary, "||", location, std::move(left), std::move(right)));
    }
    return left;
  }

  Result<ExpressionPtr> ParseAdditive() {
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr left, ParseMultiplicative());
    while (IsOperator("+") || IsOperator("-")) {
      NodeLocation location = Here();
      std::string op = tokens_[pos_++].upper;
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr right, ParseMultiplicative());
      FLOE_ASSIGN_OR_RETURN(left, MakeBinary(ExpressionKind::kBinary, op, location, std::move(left), std::move(right)));
    }
    return left;
  }

  Result<ExpressionPtr> ParseMultiplicative() {
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr left, ParseUnary());
    while (IsOperator("*") || IsOperator("/") || IsOperator("%")) {
      NodeLocation location = Here();
      std::string op = tokens_[pos_++].upper;
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr right, ParseUnary());
      FLOE_ASSIGN_OR_RETURN(left, MakeBinary(ExpressionKind::kBinary, op, location, std::move(left), std::move(right)));
    }
    return left;
  }

  Result<ExpressionPtr> ParseUnary() {
    DepthGuard guard(&depth_);
    FLOE_RETURN_IF_ERROR(CheckDepth());
    if (IsOperator("-") || IsOperator("+")) {
      auto node = Expression::Make(ExpressionKind::kUnary, Here());
      node->op = tokens_[pos_++].upper;
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr operand, ParseUnary());
      node->children.push_back(std::move(operand));
      return node;
    }
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr value, ParsePostfix());
    while (IsKeyword("AT")) {
      ++pos_;
      auto node = Expression::Make(ExpressionKind::kAtTimeZone, value->location);
      FLOE_RETURN_IF_ERROR(ExpectKeyword("TIME"));
      FLOE_RETURN_IF_ERROR(ExpectKeyword("ZONE"));
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr zone, ParsePostfix());
      node->children.push_back(std::move(value));
      node->children.push_back(std::move(zone));
      value = std::move(node);
    }
    return value;
  }

  Result<ExpressionPtr> ParsePostfix() {
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr value, ParsePrimary());
    while (true) {
      if (IsOperator("[")) {
        auto node = Expression::Make(ExpressionKind::kSubscript, value->location);
        ++pos_;
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr index, ParseValueExpression());
        FLOE_RETURN_IF_ERROR(ExpectOperator("]"));
        node->children.push_back(std::move(value));
        node->children.push_back(std::move(index));
        value = std::move(node);
      } else if (IsOperator(".") && IsIdentifierToken(PeekToken(1))) {
        ++pos_;
        FLOE_ASSIGN_OR_RETURN(Identifier field, ParseIdentifier());
        if (value->kind == ExpressionKind::kIdentifier) {
          value->name.parts.push_back(std::move(field));
        } else {
          auto node = Expression::Make(ExpressionKind::kDereference, value->location);
          node->name.parts.push_back(std::move(field));
          node->children.push_back(std::move(value));
          value = std::move(node);
        }
      } else {
        return value;
      }
    }
  }

  Result<ExpressionPtr> ParsePrimary() {
    DepthGuard guard(&depth_);
    FLOE_RETURN_IF_ERROR(CheckDepth());
    NodeLocation location = Here();
    const Token& token = Current();
    Expect("<expression>");
    switch (token.type) {
      case TokenType::kInteger:
      case TokenType::kDecimal:
      case TokenType::kDouble:
      case TokenType::kString:
      case TokenType::kBinary: {
        ExpressionKind kind = token.type == TokenType::kInteger   ? ExpressionKind::kIntegerLiteral
                              : token.type == TokenType::kDecimal ? ExpressionKind::kDecimalLiteral
                              : token.type == TokenType::kDouble  ? ExpressionKind::kDoubleLiteral
                              : token.type == TokenType::kString  ? ExpressionKind::kStringLiteral
                                                                  : ExpressionKind::kBinaryLiteral;
        auto node = Expression::Make(kind, location);
        node->text = token.text;
        ++pos_;
        return node;
      }
      case TokenType::kOperator:
        if (token.upper == "(") return ParseParenthesized();
        if (token.upper == "?") return SqlError(error_codes::kNotSupported, location, "query parameters are not supported");
        return Fail();
      case TokenType::kQuotedIdentifier:
        return ParseNameOrCall();
      case TokenType::kEnd:
        return Fail();
      case TokenType::kWord:
        break;
    }
    const std::string& upper = token.upper;
    if (upper == "NULL") {
      ++pos_;
      return Expression::Make(ExpressionKind::kNullLiteral, location);
    }
    if (upper == "TRUE" || upper == "FALSE") {
      auto node = Expression::Make(ExpressionKind::kBooleanLiteral, location);
      node->boolean_value = upper == "TRUE";
      ++pos_;
      return node;
    }
    if (upper == "CASE") return ParseCase();
    if ((upper == "CAST" || upper == "TRY_CAST") && PeekOperator(1, "(")) {
      auto node = Expression::Make(ExpressionKind::kCast, location);
      node->try_cast = upper == "TRY_CAST";
      pos_ += 2;
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr operand, ParseExpressionNode());
      FLOE_RETURN_IF_ERROR(ExpectKeyword("AS"));
      FLOE_ASSIGN_OR_RETURN(node->type, ParseType());
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      node->children.push_back(std::move(operand));
      return node;
    }
    if (upper == "EXISTS") {
      auto node = Expression::Make(ExpressionKind::kExists, location);
      ++pos_;
      FLOE_RETURN_IF_ERROR(ExpectOperator("("));
      FLOE_ASSIGN_OR_RETURN(node->subquery, ParseQuery());
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      return node;
    }
    if (upper == "EXTRACT" && PeekOperator(1, "(")) {
      auto node = Expression::Make(ExpressionKind::kExtract, location);
      pos_ += 2;
      FLOE_ASSIGN_OR_RETURN(Identifier field, ParseIdentifier());
      node->text = field.value;
      for (char& c : node->text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      FLOE_RETURN_IF_ERROR(ExpectKeyword("FROM"));
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr operand, ParseValueExpression());
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      node->children.push_back(std::move(operand));
      return node;
    }
    if (upper == "ARRAY" && PeekOperator(1, "[")) {
      auto node = Expression::Make(ExpressionKind::kArray, location);
      pos_ += 2;
      if (!MatchOperator("]")) {
        do {
          FLOE_ASSIGN_OR_RETURN(ExpressionPtr element, ParseExpressionNode());
          node->children.push_back(std::move(element));
        } while (MatchOperator(","));
        FLOE_RETURN_IF_ERROR(ExpectOperator("]"));
      }
      return node;
    }
    if (upper == "ROW" && PeekOperator(1, "(")) {
      auto node = Expression::Make(ExpressionKind::kRow, location);
      pos_ += 2;
      do {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr field, ParseExpressionNode());
        node->children.push_back(std::move(field));
      } while (MatchOperator(","));
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      return node;
    }
    if (upper == "INTERVAL" && (PeekToken(1).type == TokenType::kString || PeekOperator(1, "-") || PeekOperator(1, "+"))) {
      auto node = Expression::Make(ExpressionKind::kIntervalLiteral, location);
      ++pos_;
      if (MatchOperator("-")) {
        node->negated = true;
      } else {
        MatchOperator("+");
      }
      FLOE_ASSIGN_OR_RETURN(node->text, ParseStringLiteral());
      FLOE_ASSIGN_OR_RETURN(node->interval_from, ParseIntervalField());
      if (MatchKeyword("TO")) {
        FLOE_ASSIGN_OR_RETURN(node->interval_to, ParseIntervalField());
      }
      return node;
    }
    if (upper == "CURRENT_DATE" || upper == "CURRENT_TIME" || upper == "CURRENT_TIMESTAMP" || upper == "LOCALTIME" ||
        upper == "LOCALTIMESTAMP" || upper == "CURRENT_USER" || upper == "CURRENT_CATALOG" ||
        upper == "CURRENT_SCHEMA") {
      auto node = Expression::Make(ExpressionKind::kCurrentTime, location);
      node->text = upper;
      ++pos_;
      if ((upper == "CURRENT_TIME" || upper == "CURRENT_TIMESTAMP" || upper == "LOCALTIME" ||
           upper == "LOCALTIMESTAMP") &&
          MatchOperator("(")) {
        FLOE_ASSIGN_OR_RETURN(int64_t precision, ParseIntegerValue());
        node->type.parameters.push_back(precision);
        FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      }
      return node;
    }
    if ((upper == "SUBSTRING" || upper == "POSITION" || upper == "TRIM") && PeekOperator(1, "(")) {
      return ParseSpecialFunction(upper);
    }
    // A typed literal: DATE '2024-01-01', TIMESTAMP '...', DECIMAL '1.5', DOUBLE PRECISION '1'.
    if (!IsReservedWord(upper) && (PeekToken(1).type == TokenType::kString ||
                                   (upper == "DOUBLE" && PeekKeyword(1, "PRECISION") &&
                                    PeekToken(2).type == TokenType::kString))) {
      auto node = Expression::Make(ExpressionKind::kTypedLiteral, location);
      node->type.location = location;
      node->type.name = token.text;
      for (char& c : node->type.name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      ++pos_;
      if (upper == "DOUBLE" && MatchKeyword("PRECISION")) node->type.name = "double";
      node->text = tokens_[pos_++].text;
      return node;
    }
    if (IsReservedWord(upper)) return Fail();
    return ParseNameOrCall();
  }

  Result<ExpressionPtr> ParseSpecialFunction(const std::string& upper) {
    auto node = Expression::Make(ExpressionKind::kFunctionCall, Here());
    node->name.parts.push_back(Identifier{Current().text, false, Here()});
    for (char& c : node->name.parts[0].value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    pos_ += 2;
    if (upper == "TRIM") {
      std::string mode;
      if (IsKeyword("BOTH") || IsKeyword("LEADING") || IsKeyword("TRAILING")) mode = tokens_[pos_++].upper;
      if (!mode.empty() && MatchKeyword("FROM")) {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr value, ParseValueExpression());
        node->children.push_back(std::move(value));
      } else {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr first, ParseValueExpression());
        if (MatchKeyword("FROM")) {
          FLOE_ASSIGN_OR_RETURN(ExpressionPtr value, ParseValueExpression());
          node->children.push_back(std::move(value));
          node->children.push_back(std::move(first));
        } else {
          node->children.push_back(std::move(first));
          while (MatchOperator(",")) {
            FLOE_ASSIGN_OR_RETURN(ExpressionPtr more, ParseExpressionNode());
            node->children.push_back(std::move(more));
          }
        }
      }
      if (mode == "LEADING") node->name.parts[0].value = "ltrim";
      if (mode == "TRAILING") node->name.parts[0].value = "rtrim";
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      return node;
    }
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr first, ParseValueExpression());
    if (upper == "POSITION" && MatchKeyword("IN")) {
      // position(needle IN haystack) = strpos(haystack, needle)
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr haystack, ParseValueExpression());
      node->name.parts[0].value = "strpos";
      node->children.push_back(std::move(haystack));
      node->children.push_back(std::move(first));
    } else if (upper == "SUBSTRING" && MatchKeyword("FROM")) {
      node->children.push_back(std::move(first));
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr start, ParseValueExpression());
      node->children.push_back(std::move(start));
      if (MatchKeyword("FOR")) {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr length, ParseValueExpression());
        node->children.push_back(std::move(length));
      }
    } else {
      node->children.push_back(std::move(first));
      while (MatchOperator(",")) {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr more, ParseExpressionNode());
        node->children.push_back(std::move(more));
      }
    }
    FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
    return node;
  }

  Result<ExpressionPtr> ParseNameOrCall() {
    NodeLocation location = Here();
    FLOE_ASSIGN_OR_RETURN(QualifiedName name, ParseQualifiedName());
    if (!IsOperator("(")) {
      auto node = Expression::Make(ExpressionKind::kIdentifier, location);
      node->name = std::move(name);
      return node;
    }
    ++pos_;
    auto node = Expression::Make(ExpressionKind::kFunctionCall, location);
    node->name = std::move(name);
    if (MatchOperator("*")) {
      node->star = true;
    } else if (!IsOperator(")")) {
      if (MatchKeyword("DISTINCT")) {
        node->distinct = true;
      } else {
        MatchKeyword("ALL");
      }
      do {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr argument, ParseExpressionNode());
        node->children.push_back(std::move(argument));
      } while (MatchOperator(","));
      if (IsKeyword("ORDER")) {
        return SqlError(error_codes::kNotSupported, Here(), "ORDER BY in function arguments is not supported");
      }
    }
    FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
    if (IsKeyword("FILTER")) {
      return SqlError(error_codes::kNotSupported, Here(), "aggregate FILTER clauses are not supported");
    }
    if (IsKeyword("IGNORE") || IsKeyword("RESPECT")) {
      bool ignore = Current().upper == "IGNORE";
      if (PeekKeyword(1, "NULLS") && PeekKeyword(2, "OVER")) {
        pos_ += 2;
        node->ignore_nulls = ignore;
      }
    }
    if (MatchKeyword("OVER")) {
      NodeLocation over = Here();
      if (MatchOperator("(")) {
        FLOE_ASSIGN_OR_RETURN(node->window, ParseWindowSpecification(over));
      } else {
        FLOE_ASSIGN_OR_RETURN(Identifier name, ParseIdentifier());
        node->window = std::make_shared<WindowSpecification>();
        node->window->location = over;
        node->window->existing_name = std::move(name);
      }
    }
    return node;
  }

  Result<ExpressionPtr> ParseParenthesized() {
    NodeLocation location = Here();
    ++pos_;  // (
    if (StartsQuery(0)) {
      auto node = Expression::Make(ExpressionKind::kScalarSubquery, location);
      FLOE_ASSIGN_OR_RETURN(node->subquery, ParseQuery());
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      return node;
    }
    FLOE_ASSIGN_OR_RETURN(ExpressionPtr first, ParseExpressionNode());
    if (IsOperator(",")) {
      auto node = Expression::Make(ExpressionKind::kRow, location);
      node->children.push_back(std::move(first));
      while (MatchOperator(",")) {
        FLOE_ASSIGN_OR_RETURN(ExpressionPtr field, ParseExpressionNode());
        node->children.push_back(std::move(field));
      }
      FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
      return node;
    }
    FLOE_RETURN_IF_ERROR(ExpectOperator(")"));
    return first;
  }

  Result<ExpressionPtr> ParseCase() {
    auto node = Expression::Make(ExpressionKind::kCase, Here());
    ++pos_;
    if (!IsKeyword("WHEN")) {
      node->has_operand = true;
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr operand, ParseExpressionNode());
      node->children.push_back(std::move(operand));
    }
    if (!IsKeyword("WHEN")) return Fail();
    while (MatchKeyword("WHEN")) {
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr when, ParseExpressionNode());
      FLOE_RETURN_IF_ERROR(ExpectKeyword("THEN"));
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr then, ParseExpressionNode());
      node->children.push_back(std::move(when));
      node->children.push_back(std::move(then));
    }
    if (MatchKeyword("ELSE")) {
      node->has_else = true;
      FLOE_ASSIGN_OR_RETURN(ExpressionPtr otherwise, ParseExpressionNode());
      node->children.push_back(std::move(otherwise));
    }
    FLOE_RETURN_IF_ERROR(ExpectKeyword("END"));
    return node;
  }

  std::vector<Token> tokens_;
  std::string_view source_;  // the statement's text (PREPARE keeps its inner statement as text)
  size_t pos_ = 0;
  size_t expected_pos_ = 0;
  std::set<std::string> expected_;
  int depth_ = 0;
};

// Scans `script` calling on_terminator(offset) at each top-level `;`.
// Returns false when the script ends inside a string, identifier or comment.
template <typename Callback>
bool ScanTerminators(std::string_view script, Callback on_terminator) {
  size_t i = 0;
  while (i < script.size()) {
    char c = script[i];
    if (c == '\'' || c == '"') {
      size_t j = i + 1;
      while (true) {
        if (j >= script.size()) return false;
        if (script[j] == c) {
          if (j + 1 < script.size() && script[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      i = j + 1;
    } else if (c == '-' && i + 1 < script.size() && script[i + 1] == '-') {
      while (i < script.size() && script[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < script.size() && script[i + 1] == '*') {
      size_t end = script.find("*/", i + 2);
      if (end == std::string_view::npos) return false;
      i = end + 2;
    } else {
      if (c == ';') on_terminator(i);
      ++i;
    }
  }
  return true;
}

bool IsBlank(std::string_view text) {
  // Blank: only whitespace and comments.
  auto tokens = Tokenize(text);
  return tokens.ok() && tokens->size() == 1;
}

}  // namespace

Result<Statement> ParseStatement(std::string_view sql) {
  FLOE_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(sql));
  Parser parser(std::move(tokens), sql);
  return parser.ParseSingleStatement();
}

Result<ExpressionPtr> ParseExpression(std::string_view sql) {
  FLOE_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(sql));
  Parser parser(std::move(tokens));
  return parser.ParseSingleExpression();
}

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> SplitStatements(std::string_view script) {
  std::vector<std::string_view> statements;
  size_t start = 0;
  ScanTerminators(script, [&](size_t offset) {
    std::string_view statement = script.substr(start, offset - start);
    if (!IsBlank(statement)) statements.push_back(TrimSpace(statement));
    start = offset + 1;
  });
  std::string_view rest = script.substr(std::min(start, script.size()));
  if (!IsBlank(rest)) statements.push_back(TrimSpace(rest));
  return statements;
}

bool EndsWithStatementTerminator(std::string_view text) {
  size_t last = std::string_view::npos;
  if (!ScanTerminators(text, [&](size_t offset) { last = offset; })) return false;
  if (last == std::string_view::npos) return false;
  return IsBlank(text.substr(last + 1));
}

}  // namespace floe::sql
