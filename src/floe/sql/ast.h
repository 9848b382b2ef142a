// The syntax tree of Trino's SQL dialect, as the parser (parser.h) builds it.
//
// Contract:
// - Every node carries the 1-based line and column where it starts in the
//   statement text (Trino's errorLocation), so later phases (the analyzer)
//   report errors at the right place.
// - Identifiers keep their spelling and whether they were quoted; name
//   resolution (case folding) is the analyzer's job. Keywords that are not
//   reserved in Trino are accepted as identifiers.
// - Literals keep their source text (numbers, typed literals): the analyzer
//   types them as Trino does (integer/bigint/decimal/double).
// - Nodes own their children (unique_ptr); a tree is a plain value, built
//   by one thread and read-only afterwards. FormatStatement (formatter.h)
//   prints a tree back as canonical SQL.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace floe::sql {

// Where a node starts: 1-based line and column (columns count bytes).
struct NodeLocation {
  int32_t line = 1;
  int32_t column = 1;
  friend bool operator==(const NodeLocation&, const NodeLocation&) = default;
};

struct Identifier {
  std::string value;
  bool quoted = false;
  NodeLocation location;
};

// A possibly qualified name: catalog.schema.table, t.column, ...
struct QualifiedName {
  std::vector<Identifier> parts;
  NodeLocation location() const { return parts.empty() ? NodeLocation{} : parts.front().location; }
};

// A type as written: bigint, decimal(10, 2), varchar(20), timestamp(6) with
// time zone, array(integer), map(varchar, bigint), row(a integer, b double),
// interval day to second.
struct TypeSpec {
  std::string name;                 // lower case: "bigint", "double precision" -> "double", "array", ...
  std::vector<int64_t> parameters;  // numeric parameters in order
  bool with_time_zone = false;      // time/timestamp
  std::vector<TypeSpec> arguments;  // array element, map key/value, row field types
  std::vector<std::string> field_names;  // row fields (empty name when omitted)
  NodeLocation location;
};

struct Query;
struct Expression;
using ExpressionPtr = std::unique_ptr<Expression>;
struct WindowSpecification;

enum class ExpressionKind : uint8_t {
  kIdentifier,        // name (a column, or t.column)
  kNullLiteral,
  kBooleanLiteral,    // boolean_value
  kIntegerLiteral,    // text: decimal digits
  kDecimalLiteral,    // text: 1.50 (Trino: DECIMAL)
  kDoubleLiteral,     // text: 1.5E3
  kStringLiteral,     // text: the unescaped string
  kBinaryLiteral,     // text: the hex digits of X'...'
  kTypedLiteral,      // type + text: DATE '2024-01-01', TIMESTAMP '...', DECIMAL '1.2', ...
  kIntervalLiteral,   // text, negative, interval_from [, interval_to]
  kCurrentTime,       // text: current_date, current_timestamp, localtimestamp, ... ; precision in children? no
  kUnary,             // op: "-" or "+"; children[0]
  kBinary,            // op: + - * / % ||; children[0], children[1]
  kComparison,        // op: = <> < <= > >=; children[0], children[1]
  kDistinctFrom,      // negated: IS NOT DISTINCT FROM; children[0], children[1]
  kAnd,               // children (two or more)
  kOr,                // children (two or more)
  kNot,               // children[0]
  kIsNull,            // negated: IS NOT NULL; children[0]
  kBetween,           // negated; children: value, low, high
  kInList,            // negated; children: value, items...
  kInSubquery,        // negated; children[0], subquery
  kExists,            // subquery
  kLike,              // negated; children: value, pattern [, escape]
  kCase,              // children: [operand,] (when, then)*, [else]; has_operand, has_else
  kCast,              // try_cast; children[0], type
  kFunctionCall,      // name, distinct, star (count(*)), children: arguments
  kSubscript,         // children: base, index
  kDereference,       // children[0] . field (name.parts[0]) when the base is not a name
  kArray,             // ARRAY[children...]
  kRow,               // ROW(children...) or (a, b)
  kScalarSubquery,    // subquery
  kExtract,           // text: the field (YEAR, ...); children[0]
  kAtTimeZone,        // children: value, zone
};

struct Expression {
  ExpressionKind kind = ExpressionKind::kNullLiteral;
  NodeLocation location;
  std::string op;              // operators (kUnary, kBinary, kComparison)
  std::string text;            // literal text, kCurrentTime / kExtract name
  bool boolean_value = false;  // kBooleanLiteral
  bool negated = false;        // NOT forms; negative intervals
  bool distinct = false;       // aggregate DISTINCT
  bool star = false;           // count(*)
  bool try_cast = false;
  bool has_operand = false;    // simple CASE
  bool has_else = false;
  QualifiedName name;          // kIdentifier, kFunctionCall, kDereference (field)
  TypeSpec type;               // kCast, kTypedLiteral
  std::string interval_from;   // YEAR, MONTH, DAY, HOUR, MINUTE, SECOND
  std::string interval_to;     // empty unless `DAY TO SECOND`, ...
  std::vector<ExpressionPtr> children;
  std::shared_ptr<Query> subquery;  // kInSubquery, kExists, kScalarSubquery
  std::shared_ptr<WindowSpecification> window;  // kFunctionCall with OVER (...): a window function
  std::optional<bool> ignore_nulls;  // IGNORE NULLS (true) / RESPECT NULLS (false) before OVER

  static ExpressionPtr Make(ExpressionKind kind, NodeLocation location) {
    auto expression = std::make_unique<Expression>();
    expression->kind = kind;
    expression->location = location;
    return expression;
  }
};

struct SortItem {
  ExpressionPtr key;
  bool descending = false;
  std::optional<bool> nulls_first;  // nullopt: the default (NULLS LAST in Trino)
  NodeLocation location;
};

// A window frame bound: UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW,
// n FOLLOWING, UNBOUNDED FOLLOWING.
struct WindowFrameBound {
  enum class Kind : uint8_t { kUnboundedPreceding, kPreceding, kCurrentRow, kFollowing, kUnboundedFollowing };
  Kind kind = Kind::kCurrentRow;
  ExpressionPtr offset;  // kPreceding / kFollowing
  NodeLocation location;
};

// ROWS | RANGE | GROUPS start, or ... BETWEEN start AND end.
struct WindowFrame {
  enum class Type : uint8_t { kRows, kRange, kGroups };
  Type type = Type::kRange;
  WindowFrameBound start;
  std::optional<WindowFrameBound> end;  // nullopt: CURRENT ROW
  NodeLocation location;
};

// OVER (...) of a window function, or one definition of a WINDOW clause:
// [existing window name] [PARTITION BY ...] [ORDER BY ...] [frame].
struct WindowSpecification {
  std::optional<Identifier> existing_name;  // OVER w, or OVER (w ORDER BY ...)
  std::vector<ExpressionPtr> partition_by;
  std::vector<SortItem> order_by;
  std::optional<WindowFrame> frame;
  NodeLocation location;
};

// FOR VERSION AS OF <expr> / FOR TIMESTAMP AS OF <expr>.
struct TimeTravel {
  enum class Kind : uint8_t { kVersion, kTimestamp };
  Kind kind = Kind::kVersion;
  ExpressionPtr value;
};

struct Relation;
using RelationPtr = std::unique_ptr<Relation>;

enum class JoinType : uint8_t { kCross, kInner, kLeft, kRight, kFull, kImplicit /* FROM a, b */ };

enum class RelationKind : uint8_t {
  kTable,     // name [time_travel]
  kSubquery,  // (query)
  kValues,    // VALUES rows, parenthesized as a relation: (VALUES ...)
  kJoin,      // left, right, join_type, on | using_columns | natural
  kUnnest,    // UNNEST(expressions) [WITH ORDINALITY]
};

struct Relation {
  RelationKind kind = RelationKind::kTable;
  NodeLocation location;
  QualifiedName name;
  std::optional<TimeTravel> time_travel;
  std::shared_ptr<Query> query;  // kSubquery, kValues
  RelationPtr left, right;
  JoinType join_type = JoinType::kInner;
  ExpressionPtr on;
  std::vector<Identifier> using_columns;
  bool natural = false;
  std::vector<ExpressionPtr> unnest_expressions;
  bool with_ordinality = false;
  // AS alias (column aliases)
  std::optional<Identifier> alias;
  std::vector<Identifier> column_aliases;
};

// WINDOW name AS (specification).
struct WindowDefinition {
  Identifier name;
  std::shared_ptr<WindowSpecification> window;
};

struct SelectItem {
  // `*` or `t.*` when all_columns; otherwise an expression with an optional alias.
  bool all_columns = false;
  QualifiedName prefix;  // t in t.*
  ExpressionPtr expression;
  std::optional<Identifier> alias;
  NodeLocation location;
};

struct QuerySpecification {
  bool distinct = false;
  std::vector<SelectItem> select;
  RelationPtr from;  // nullptr: SELECT without FROM
  ExpressionPtr where;
  std::vector<ExpressionPtr> group_by;
  bool group_by_distinct = false;
  ExpressionPtr having;
  std::vector<WindowDefinition> windows;  // WINDOW clause
};

enum class SetOperator : uint8_t { kUnion, kIntersect, kExcept };

struct QueryBody;
using QueryBodyPtr = std::unique_ptr<QueryBody>;

enum class QueryBodyKind : uint8_t {
  kSpecification,  // SELECT ...
  kSetOperation,   // left op [ALL|DISTINCT] right
  kValues,         // VALUES (..), (..)
  kTable,          // TABLE name
  kQuery,          // (query)
};

struct QueryBody {
  QueryBodyKind kind = QueryBodyKind::kSpecification;
  NodeLocation location;
  QuerySpecification specification;
  SetOperator set_operator = SetOperator::kUnion;
  bool all = false;  // UNION ALL
  QueryBodyPtr left, right;
  std::vector<ExpressionPtr> values;  // rows: kRow expressions or single values
  QualifiedName table;
  std::shared_ptr<Query> query;
};

struct WithQuery {
  Identifier name;
  std::vector<Identifier> column_names;
  std::shared_ptr<Query> query;
};

struct Query {
  NodeLocation location;
  std::vector<WithQuery> with;
  bool recursive = false;
  QueryBodyPtr body;
  std::vector<SortItem> order_by;
  ExpressionPtr offset;
  ExpressionPtr limit;  // LIMIT n or FETCH FIRST n ROWS ONLY; nullptr also for LIMIT ALL
};

// name = value in WITH (...) of CREATE SCHEMA / CREATE TABLE, ALTER TABLE SET PROPERTIES.
struct Property {
  Identifier name;
  ExpressionPtr value;  // nullptr for `= DEFAULT`
};

struct ColumnDefinition {
  Identifier name;
  TypeSpec type;
  bool not_null = false;
  std::optional<std::string> comment;
  std::vector<Property> properties;
  NodeLocation location;
};

// --- Statements ---

struct QueryStatement {
  std::shared_ptr<Query> query;
};
struct CreateSchema {
  QualifiedName name;
  bool if_not_exists = false;
  std::vector<Property> properties;
};
struct DropSchema {
  QualifiedName name;
  bool if_exists = false;
  bool cascade = false;
};
struct Use {
  std::optional<Identifier> catalog;
  Identifier schema;
};
struct ShowCatalogs {
  std::optional<std::string> like;
};
struct ShowSchemas {
  std::optional<Identifier> catalog;
  std::optional<std::string> like;
};
struct ShowTables {
  QualifiedName schema;  // empty: the current schema
  std::optional<std::string> like;
};
// SHOW COLUMNS FROM t, DESCRIBE t.
struct ShowColumns {
  QualifiedName table;
  bool describe = false;
};
struct ShowCreateTable {
  QualifiedName table;
};
struct CreateTable {
  QualifiedName name;
  bool if_not_exists = false;
  std::vector<ColumnDefinition> columns;
  std::optional<std::string> comment;
  std::vector<Property> properties;
};
struct CreateTableAsSelect {
  QualifiedName name;
  bool if_not_exists = false;
  std::vector<Identifier> column_aliases;
  std::optional<std::string> comment;
  std::vector<Property> properties;
  std::shared_ptr<Query> query;
  bool with_data = true;
};
struct DropTable {
  QualifiedName name;
  bool if_exists = false;
};
struct AlterTable {
  enum class Action : uint8_t { kRenameTable, kAddColumn, kDropColumn, kRenameColumn, kSetProperties, kSetColumnType };
  Action action = Action::kRenameTable;
  QualifiedName table;
  bool if_exists = false;         // ALTER TABLE IF EXISTS
  bool column_if_exists = false;  // DROP/RENAME COLUMN IF EXISTS
  bool column_if_not_exists = false;  // ADD COLUMN IF NOT EXISTS
  QualifiedName new_name;         // kRenameTable
  std::optional<ColumnDefinition> column;  // kAddColumn
  QualifiedName column_name;      // kDropColumn, kRenameColumn, kSetColumnType
  Identifier new_column_name;     // kRenameColumn
  TypeSpec new_type;              // kSetColumnType
  std::vector<Property> properties;  // kSetProperties
};
struct Insert {
  QualifiedName table;
  std::vector<Identifier> columns;  // empty: all, in table order
  std::shared_ptr<Query> query;
};
// CALL catalog.schema.procedure(value, name => value, ...): Trino's procedures.
struct CallArgument {
  std::optional<Identifier> name;  // set for `name => value`
  std::shared_ptr<Expression> value;
  NodeLocation location;
};
struct Call {
  QualifiedName procedure;
  std::vector<CallArgument> arguments;
};
// SET TIME ZONE LOCAL | SET TIME ZONE expression.
struct SetTimeZone {
  ExpressionPtr zone;  // nullptr: LOCAL
};
struct Statement;
struct Explain {
  bool analyze = false;
  bool verbose = false;
  std::string type;    // "", "LOGICAL", "DISTRIBUTED", "IO", "VALIDATE"
  std::string format;  // "", "TEXT", "GRAPHVIZ", "JSON"
  std::shared_ptr<Statement> statement;
};

// Session statements (what BI tools and JDBC send on connect).
struct SetSession {
  QualifiedName name;  // `query_max_memory` or `catalog.property`
  ExpressionPtr value;
};
struct ResetSession {
  QualifiedName name;
};
struct ShowSession {
  std::optional<std::string> like;
};
struct ShowFunctions {
  std::optional<std::string> like;
};
struct ShowStats {
  QualifiedName table;
};
struct StartTransaction {
  std::optional<bool> read_only;        // READ ONLY / READ WRITE
  std::optional<std::string> isolation;  // "READ UNCOMMITTED", ..., "SERIALIZABLE"
};
struct Commit {};
struct Rollback {};
// PREPARE name FROM <statement>: the statement's text as written, with its
// `?` parameters (it is parsed when executed, parameters substituted).
struct Prepare {
  Identifier name;
  std::string statement;
};
// EXECUTE name [USING ...], or EXECUTE IMMEDIATE 'sql' [USING ...] (the
// form Trino's JDBC driver sends for prepared statements).
struct ExecutePrepared {
  Identifier name;                        // empty for IMMEDIATE
  std::optional<std::string> immediate;   // the statement of EXECUTE IMMEDIATE
  std::vector<ExpressionPtr> parameters;  // USING ...
};
struct Deallocate {
  Identifier name;
};

using StatementVariant = std::variant<QueryStatement, CreateSchema, DropSchema, Use, ShowCatalogs, ShowSchemas,
                                      ShowTables, ShowColumns, ShowCreateTable, CreateTable, CreateTableAsSelect,
                                      DropTable, AlterTable, Insert, Explain, Call,
                                      SetSession, ResetSession, ShowSession, ShowFunctions, ShowStats,
                                      StartTransaction, Commit, Rollback, Prepare, ExecutePrepared, Deallocate,
                                      SetTimeZone>;

struct Statement {
  NodeLocation location;
  StatementVariant node;
};

}  // namespace floe::sql
