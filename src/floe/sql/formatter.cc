#include "floe/sql/formatter.h"

#include <cctype>

#include <fmt/format.h>

#include "floe/sql/lexer.h"

namespace floe::sql {

namespace {

std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += separator;
    out += items[i];
  }
  return out;
}

std::string FormatIdentifiers(const std::vector<Identifier>& identifiers) {
  std::vector<std::string> parts;
  for (const Identifier& identifier : identifiers) parts.push_back(FormatIdentifier(identifier));
  return Join(parts, ", ");
}

std::string FormatProperties(const std::vector<Property>& properties) {
  std::vector<std::string> parts;
  for (const Property& property : properties) {
    parts.push_back(fmt::format("{} = {}", FormatIdentifier(property.name),
                                property.value ? FormatExpression(*property.value) : "DEFAULT"));
  }
  return Join(parts, ", ");
}

std::string FormatRelation(const Relation& relation);
std::string FormatWindow(const WindowSpecification& window);

std::string FormatQueryBody(const QueryBody& body) {
  switch (body.kind) {
    case QueryBodyKind::kSpecification: {
      const QuerySpecification& spec = body.specification;
      std::string out = spec.distinct ? "SELECT DISTINCT " : "SELECT ";
      std::vector<std::string> items;
      for (const SelectItem& item : spec.select) {
        if (item.all_columns) {
          items.push_back(item.prefix.parts.empty() ? "*" : FormatName(item.prefix) + ".*");
        } else {
          std::string text = FormatExpression(*item.expression);
          if (item.alias) text += " AS " + FormatIdentifier(*item.alias);
          items.push_back(std::move(text));
        }
      }
      out += Join(items, ", ");
      if (spec.from) out += " FROM " + FormatRelation(*spec.from);
      if (spec.where) out += " WHERE " + FormatExpression(*spec.where);
      if (!spec.group_by.empty()) {
        std::vector<std::string> keys;
        for (const auto& key : spec.group_by) keys.push_back(FormatExpression(*key));
        out += std::string(" GROUP BY ") + (spec.group_by_distinct ? "DISTINCT " : "") + Join(keys, ", ");
      }
      if (spec.having) out += " HAVING " + FormatExpression(*spec.having);
      if (!spec.windows.empty()) {
        std::vector<std::string> windows;
        for (const WindowDefinition& definition : spec.windows) {
          windows.push_back(FormatIdentifier(definition.name) + " AS (" + FormatWindow(*definition.window) + ")");
        }
        out += " WINDOW " + Join(windows, ", ");
      }
      return out;
    }
    case QueryBodyKind::kSetOperation: {
      std::string_view op = body.set_operator == SetOperator::kUnion       ? "UNION"
                            : body.set_operator == SetOperator::kIntersect ? "INTERSECT"
                                                                           : "EXCEPT";
      auto operand = [](const QueryBody& side) {
        std::string text = FormatQueryBody(side);
        return side.kind == QueryBodyKind::kSetOperation ? "(" + text + ")" : text;
      };
      return fmt::format("{} {}{} {}", operand(*body.left), op, body.all ? " ALL" : "", operand(*body.right));
    }
    case QueryBodyKind::kValues: {
      std::vector<std::string> rows;
      for (const auto& row : body.values) rows.push_back(FormatExpression(*row));
      return "VALUES " + Join(rows, ", ");
    }
    case QueryBodyKind::kTable:
      return "TABLE " + FormatName(body.table);
    case QueryBodyKind::kQuery:
      return "(" + FormatQuery(*body.query) + ")";
  }
  return "";
}

std::string FormatRelation(const Relation& relation) {
  std::string out;
  switch (relation.kind) {
    case RelationKind::kTable:
      out = FormatName(relation.name);
      if (relation.time_travel) {
        out += relation.time_travel->kind == TimeTravel::Kind::kVersion ? " FOR VERSION AS OF "
                                                                        : " FOR TIMESTAMP AS OF ";
        out += FormatExpression(*relation.time_travel->value);
      }
      break;
    case RelationKind::kSubquery:
    case RelationKind::kValues:
      out = "(" + FormatQuery(*relation.query) + ")";
      break;
    case RelationKind::kUnnest: {
      std::vector<std::string> items;
      for (const auto& expression : relation.unnest_expressions) items.push_back(FormatExpression(*expression));
      out = "UNNEST(" + Join(items, ", ") + ")";
      if (relation.with_ordinality) out += " WITH ORDINALITY";
      break;
    }
    case RelationKind::kJoin: {
      std::string_view type;
      switch (relation.join_type) {
        case JoinType::kCross: type = "CROSS JOIN"; break;
        case JoinType::kInner: type = "INNER JOIN"; break;
        case JoinType::kLeft: type = "LEFT JOIN"; break;
        case JoinType::kRight: type = "RIGHT JOIN"; break;
        case JoinType::kFull: type = "FULL JOIN"; break;
        case JoinType::kImplicit: type = ","; break;
      }
      std::string right = FormatRelation(*relation.right);
      if (relation.right->kind == RelationKind::kJoin) right = "(" + right + ")";
      if (relation.join_type == JoinType::kImplicit) {
        out = FormatRelation(*relation.left) + ", " + right;
      } else {
        out = FormatRelation(*relation.left) + (relation.natural ? " NATURAL " : " ") + std::string(type) + " " + right;
      }
      if (relation.on) out += " ON " + FormatExpression(*relation.on);
      if (!relation.using_columns.empty()) out += " USING (" + FormatIdentifiers(relation.using_columns) + ")";
      break;
    }
  }
  if (relation.alias) {
    out += " AS " + FormatIdentifier(*relation.alias);
    if (!relation.column_aliases.empty()) out += " (" + FormatIdentifiers(relation.column_aliases) + ")";
  }
  return out;
}

std::string FormatSortItems(const std::vector<SortItem>& sort_items) {
  std::vector<std::string> items;
  for (const SortItem& item : sort_items) {
    std::string text = FormatExpression(*item.key) + (item.descending ? " DESC" : " ASC");
    if (item.nulls_first) text += *item.nulls_first ? " NULLS FIRST" : " NULLS LAST";
    items.push_back(std::move(text));
  }
  return Join(items, ", ");
}

std::string FormatFrameBound(const WindowFrameBound& bound) {
  switch (bound.kind) {
    case WindowFrameBound::Kind::kUnboundedPreceding: return "UNBOUNDED PRECEDING";
    case WindowFrameBound::Kind::kPreceding: return FormatExpression(*bound.offset) + " PRECEDING";
    case WindowFrameBound::Kind::kCurrentRow: return "CURRENT ROW";
    case WindowFrameBound::Kind::kFollowing: return FormatExpression(*bound.offset) + " FOLLOWING";
    case WindowFrameBound::Kind::kUnboundedFollowing: return "UNBOUNDED FOLLOWING";
  }
  return "";
}

// The inside of OVER (...).
std::string FormatWindow(const WindowSpecification& window) {
  std::vector<std::string> parts;
  if (window.existing_name) parts.push_back(FormatIdentifier(*window.existing_name));
  if (!window.partition_by.empty()) {
    std::vector<std::string> keys;
    for (const auto& key : window.partition_by) keys.push_back(FormatExpression(*key));
    parts.push_back("PARTITION BY " + Join(keys, ", "));
  }
  if (!window.order_by.empty()) parts.push_back("ORDER BY " + FormatSortItems(window.order_by));
  if (window.frame) {
    const WindowFrame& frame = *window.frame;
    std::string text = frame.type == WindowFrame::Type::kRows ? "ROWS " : frame.type == WindowFrame::Type::kRange ? "RANGE " : "GROUPS ";
    if (frame.end) {
      text += "BETWEEN " + FormatFrameBound(frame.start) + " AND " + FormatFrameBound(*frame.end);
    } else {
      text += FormatFrameBound(frame.start);
    }
    parts.push_back(std::move(text));
  }
  return Join(parts, " ");
}

std::string FormatColumn(const ColumnDefinition& column) {
  std::string out = FormatIdentifier(column.name) + " " + FormatType(column.type);
  if (column.not_null) out += " NOT NULL";
  if (column.comment) out += " COMMENT " + QuoteString(*column.comment);
  if (!column.properties.empty()) out += " WITH (" + FormatProperties(column.properties) + ")";
  return out;
}

}  // namespace

std::string QuoteString(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string FormatIdentifier(const Identifier& identifier) {
  if (!identifier.quoted) return identifier.value;
  std::string out = "\"";
  for (char c : identifier.value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string FormatName(const QualifiedName& name) {
  std::vector<std::string> parts;
  for (const Identifier& part : name.parts) parts.push_back(FormatIdentifier(part));
  return Join(parts, ".");
}

std::string FormatType(const TypeSpec& type) {
  // A bare `array`, `map` or `row` (no parentheses) is an unknown type name
  // the analyzer rejects; it prints back as it was written.
  if ((type.name == "row" || type.name == "array" || type.name == "map") && type.arguments.empty()) return type.name;
  if (type.name == "row") {
    std::vector<std::string> fields;
    for (size_t i = 0; i < type.arguments.size(); ++i) {
      std::string field = FormatType(type.arguments[i]);
      if (i < type.field_names.size() && !type.field_names[i].empty()) {
        const std::string& name = type.field_names[i];
        bool plain = !name.empty() && !std::isdigit(static_cast<unsigned char>(name[0]));
        std::string upper;
        for (char c : name) {
          plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
          upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
        plain = plain && !IsReservedWord(upper);
        field = (plain ? name : FormatIdentifier(Identifier{name, true})) + " " + field;
      }
      fields.push_back(std::move(field));
    }
    return "row(" + Join(fields, ", ") + ")";
  }
  if (type.name == "array" || type.name == "map") {
    std::vector<std::string> arguments;
    for (const TypeSpec& argument : type.arguments) arguments.push_back(FormatType(argument));
    return type.name + "(" + Join(arguments, ", ") + ")";
  }
  std::string out = type.name;
  if (!type.parameters.empty()) {
    std::vector<std::string> parameters;
    for (int64_t parameter : type.parameters) parameters.push_back(std::to_string(parameter));
    out += "(" + Join(parameters, ", ") + ")";
  }
  if (type.with_time_zone) out += " with time zone";
  return out;
}

std::string FormatExpression(const Expression& e) {
  auto child = [&](size_t i) { return FormatExpression(*e.children[i]); };
  switch (e.kind) {
    case ExpressionKind::kIdentifier: return FormatName(e.name);
    case ExpressionKind::kNullLiteral: return "null";
    case ExpressionKind::kBooleanLiteral: return e.boolean_value ? "true" : "false";
    case ExpressionKind::kIntegerLiteral:
    case ExpressionKind::kDecimalLiteral:
    case ExpressionKind::kDoubleLiteral: return e.text;
    case ExpressionKind::kStringLiteral: return QuoteString(e.text);
    case ExpressionKind::kBinaryLiteral: return "X'" + e.text + "'";
    case ExpressionKind::kTypedLiteral: {
      std::string name = e.type.name;
      for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      return name + " " + QuoteString(e.text);
    }
    case ExpressionKind::kIntervalLiteral:
      return fmt::format("INTERVAL {}{} {}{}", e.negated ? "- " : "", QuoteString(e.text), e.interval_from,
                         e.interval_to.empty() ? "" : " TO " + e.interval_to);
    case ExpressionKind::kCurrentTime:
      return e.type.parameters.empty() ? e.text : fmt::format("{}({})", e.text, e.type.parameters[0]);
    case ExpressionKind::kUnary: return "(" + e.op + child(0) + ")";
    case ExpressionKind::kBinary:
    case ExpressionKind::kComparison: return "(" + child(0) + " " + e.op + " " + child(1) + ")";
    case ExpressionKind::kDistinctFrom:
      return "(" + child(0) + (e.negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") + child(1) + ")";
    case ExpressionKind::kAnd:
    case ExpressionKind::kOr: {
      std::vector<std::string> parts;
      for (const auto& operand : e.children) parts.push_back(FormatExpression(*operand));
      return "(" + Join(parts, e.kind == ExpressionKind::kAnd ? " AND " : " OR ") + ")";
    }
    case ExpressionKind::kNot: return "(NOT " + child(0) + ")";
    case ExpressionKind::kIsNull: return "(" + child(0) + (e.negated ? " IS NOT NULL)" : " IS NULL)");
    case ExpressionKind::kBetween:
      return "(" + child(0) + (e.negated ? " NOT BETWEEN " : " BETWEEN ") + child(1) + " AND " + child(2) + ")";
    case ExpressionKind::kInList: {
      std::vector<std::string> items;
      for (size_t i = 1; i < e.children.size(); ++i) items.push_back(child(i));
      return "(" + child(0) + (e.negated ? " NOT IN (" : " IN (") + Join(items, ", ") + "))";
    }
    case ExpressionKind::kInSubquery:
      return "(" + child(0) + (e.negated ? " NOT IN (" : " IN (") + FormatQuery(*e.subquery) + "))";
    case ExpressionKind::kExists: return "(EXISTS (" + FormatQuery(*e.subquery) + "))";
    case ExpressionKind::kLike: {
      std::string out = "(" + child(0) + (e.negated ? " NOT LIKE " : " LIKE ") + child(1);
      if (e.children.size() > 2) out += " ESCAPE " + child(2);
      return out + ")";
    }
    case ExpressionKind::kCase: {
      std::string out = "(CASE";
      size_t i = 0;
      if (e.has_operand) out += " " + child(i++);
      size_t end = e.children.size() - (e.has_else ? 1 : 0);
      for (; i + 1 < end; i += 2) out += " WHEN " + child(i) + " THEN " + child(i + 1);
      if (e.has_else) out += " ELSE " + child(e.children.size() - 1);
      return out + " END)";
    }
    case ExpressionKind::kCast:
      return std::string(e.try_cast ? "TRY_CAST(" : "CAST(") + child(0) + " AS " + FormatType(e.type) + ")";
    case ExpressionKind::kFunctionCall: {
      if (e.star) return FormatName(e.name) + "(*)" + (e.window ? " OVER (" + FormatWindow(*e.window) + ")" : "");
      std::vector<std::string> arguments;
      for (const auto& argument : e.children) arguments.push_back(FormatExpression(*argument));
      std::string out = FormatName(e.name) + "(" + (e.distinct ? "DISTINCT " : "") + Join(arguments, ", ") + ")";
      if (e.ignore_nulls) out += *e.ignore_nulls ? " IGNORE NULLS" : " RESPECT NULLS";
      if (e.window) out += " OVER (" + FormatWindow(*e.window) + ")";
      return out;
    }
    case ExpressionKind::kSubscript: return child(0) + "[" + child(1) + "]";
    // The base in parentheses: `2.x` would read back as a number.
    case ExpressionKind::kDereference: return "(" + child(0) + ")." + FormatName(e.name);
    case ExpressionKind::kArray: {
      std::vector<std::string> items;
      for (const auto& item : e.children) items.push_back(FormatExpression(*item));
      return "ARRAY[" + Join(items, ", ") + "]";
    }
    case ExpressionKind::kRow: {
      std::vector<std::string> items;
      for (const auto& item : e.children) items.push_back(FormatExpression(*item));
      return "ROW (" + Join(items, ", ") + ")";
    }
    case ExpressionKind::kScalarSubquery: return "(" + FormatQuery(*e.subquery) + ")";
    case ExpressionKind::kExtract: return "EXTRACT(" + e.text + " FROM " + child(0) + ")";
    case ExpressionKind::kAtTimeZone: return "(" + child(0) + " AT TIME ZONE " + child(1) + ")";
  }
  return "";
}

std::string FormatQuery(const Query& query) {
  std::string out;
  if (!query.with.empty()) {
    std::vector<std::string> items;
    for (const WithQuery& with : query.with) {
      std::string item = FormatIdentifier(with.name);
      if (!with.column_names.empty()) item += " (" + FormatIdentifiers(with.column_names) + ")";
      items.push_back(item + " AS (" + FormatQuery(*with.query) + ")");
    }
    out = std::string("WITH ") + (query.recursive ? "RECURSIVE " : "") + Join(items, ", ") + " ";
  }
  out += FormatQueryBody(*query.body);
  if (!query.order_by.empty()) {
    std::vector<std::string> items;
    for (const SortItem& item : query.order_by) {
      std::string text = FormatExpression(*item.key) + (item.descending ? " DESC" : " ASC");
      if (item.nulls_first) text += *item.nulls_first ? " NULLS FIRST" : " NULLS LAST";
      items.push_back(std::move(text));
    }
    out += " ORDER BY " + Join(items, ", ");
  }
  if (query.offset) out += " OFFSET " + FormatExpression(*query.offset) + " ROWS";
  if (query.limit) out += " LIMIT " + FormatExpression(*query.limit);
  return out;
}

std::string FormatStatement(const Statement& statement) {
  struct Visitor {
    std::string operator()(const QueryStatement& s) { return FormatQuery(*s.query); }
    std::string operator()(const CreateSchema& s) {
      std::string out = std::string("CREATE SCHEMA ") + (s.if_not_exists ? "IF NOT EXISTS " : "") + FormatName(s.name);
      if (!s.properties.empty()) out += " WITH (" + FormatProperties(s.properties) + ")";
      return out;
    }
    std::string operator()(const DropSchema& s) {
      return std::string("DROP SCHEMA ") + (s.if_exists ? "IF EXISTS " : "") + FormatName(s.name) +
             (s.cascade ? " CASCADE" : "");
    }
    std::string operator()(const Use& s) {
      return "USE " + (s.catalog ? FormatIdentifier(*s.catalog) + "." : "") + FormatIdentifier(s.schema);
    }
    std::string operator()(const ShowCatalogs& s) {
      return "SHOW CATALOGS" + (s.like ? " LIKE " + QuoteString(*s.like) : "");
    }
    std::string operator()(const ShowSchemas& s) {
      return "SHOW SCHEMAS" + (s.catalog ? " FROM " + FormatIdentifier(*s.catalog) : "") +
             (s.like ? " LIKE " + QuoteString(*s.like) : "");
    }
    std::string operator()(const ShowTables& s) {
      return "SHOW TABLES" + (s.schema.parts.empty() ? "" : " FROM " + FormatName(s.schema)) +
             (s.like ? " LIKE " + QuoteString(*s.like) : "");
    }
    std::string operator()(const ShowColumns& s) {
      return (s.describe ? "DESCRIBE " : "SHOW COLUMNS FROM ") + FormatName(s.table);
    }
    std::string operator()(const ShowCreateTable& s) { return "SHOW CREATE TABLE " + FormatName(s.table); }
    std::string operator()(const CreateTable& s) {
      std::vector<std::string> columns;
      for (const ColumnDefinition& column : s.columns) columns.push_back(FormatColumn(column));
      std::string out = std::string("CREATE TABLE ") + (s.if_not_exists ? "IF NOT EXISTS " : "") +
                        FormatName(s.name) + " (" + Join(columns, ", ") + ")";
      if (s.comment) out += " COMMENT " + QuoteString(*s.comment);
      if (!s.properties.empty()) out += " WITH (" + FormatProperties(s.properties) + ")";
      return out;
    }
    std::string operator()(const CreateTableAsSelect& s) {
      std::string out =
          std::string("CREATE TABLE ") + (s.if_not_exists ? "IF NOT EXISTS " : "") + FormatName(s.name);
      if (!s.column_aliases.empty()) out += " (" + FormatIdentifiers(s.column_aliases) + ")";
      if (s.comment) out += " COMMENT " + QuoteString(*s.comment);
      if (!s.properties.empty()) out += " WITH (" + FormatProperties(s.properties) + ")";
      out += " AS " + FormatQuery(*s.query);
      if (!s.with_data) out += " WITH NO DATA";
      return out;
    }
    std::string operator()(const DropTable& s) {
      return std::string("DROP TABLE ") + (s.if_exists ? "IF EXISTS " : "") + FormatName(s.name);
    }
    std::string operator()(const AlterTable& s) {
      std::string out = std::string("ALTER TABLE ") + (s.if_exists ? "IF EXISTS " : "") + FormatName(s.table) + " ";
      switch (s.action) {
        case AlterTable::Action::kRenameTable: return out + "RENAME TO " + FormatName(s.new_name);
        case AlterTable::Action::kAddColumn:
          return out + "ADD COLUMN " + (s.column_if_not_exists ? "IF NOT EXISTS " : "") + FormatColumn(*s.column);
        case AlterTable::Action::kDropColumn:
          return out + "DROP COLUMN " + (s.column_if_exists ? "IF EXISTS " : "") + FormatName(s.column_name);
        case AlterTable::Action::kRenameColumn:
          return out + "RENAME COLUMN " + (s.column_if_exists ? "IF EXISTS " : "") + FormatName(s.column_name) +
                 " TO " + FormatIdentifier(s.new_column_name);
        case AlterTable::Action::kSetProperties: return out + "SET PROPERTIES " + FormatProperties(s.properties);
        case AlterTable::Action::kSetColumnType:
          return out + "ALTER COLUMN " + FormatName(s.column_name) + " SET DATA TYPE " + FormatType(s.new_type);
      }
      return out;
    }
    std::string operator()(const Insert& s) {
      std::string out = "INSERT INTO " + FormatName(s.table);
      if (!s.columns.empty()) out += " (" + FormatIdentifiers(s.columns) + ")";
      return out + " " + FormatQuery(*s.query);
    }
    std::string operator()(const SetSession& s) { return "SET SESSION " + FormatName(s.name) + " = " + FormatExpression(*s.value); }
    std::string operator()(const ResetSession& s) { return "RESET SESSION " + FormatName(s.name); }
    std::string operator()(const ShowSession& s) { return "SHOW SESSION" + (s.like ? " LIKE " + QuoteString(*s.like) : ""); }
    std::string operator()(const ShowFunctions& s) {
      return "SHOW FUNCTIONS" + (s.like ? " LIKE " + QuoteString(*s.like) : "");
    }
    std::string operator()(const ShowStats& s) { return "SHOW STATS FOR " + FormatName(s.table); }
    std::string operator()(const StartTransaction& s) {
      std::vector<std::string> modes;
      if (s.isolation) modes.push_back("ISOLATION LEVEL " + *s.isolation);
      if (s.read_only) modes.push_back(*s.read_only ? "READ ONLY" : "READ WRITE");
      return "START TRANSACTION" + (modes.empty() ? "" : " " + Join(modes, ", "));
    }
    std::string operator()(const Commit&) { return "COMMIT"; }
    std::string operator()(const Rollback&) { return "ROLLBACK"; }
    std::string operator()(const Prepare& s) { return "PREPARE " + FormatIdentifier(s.name) + " FROM " + s.statement; }
    std::string operator()(const ExecutePrepared& s) {
      std::string out = "EXECUTE " + (s.immediate ? "IMMEDIATE " + QuoteString(*s.immediate) : FormatIdentifier(s.name));
      std::vector<std::string> parameters;
      for (const auto& parameter : s.parameters) parameters.push_back(FormatExpression(*parameter));
      if (!parameters.empty()) out += " USING " + Join(parameters, ", ");
      return out;
    }
    std::string operator()(const Deallocate& s) { return "DEALLOCATE PREPARE " + FormatIdentifier(s.name); }
    std::string operator()(const SetTimeZone& s) {
      return "SET TIME ZONE " + (s.zone ? FormatExpression(*s.zone) : std::string("LOCAL"));
    }
    std::string operator()(const Explain& s) {
      std::string out = "EXPLAIN ";
      if (s.analyze) out += s.verbose ? "ANALYZE VERBOSE " : "ANALYZE ";
      std::vector<std::string> options;
      if (!s.type.empty()) options.push_back("TYPE " + s.type);
      if (!s.format.empty()) options.push_back("FORMAT " + s.format);
      if (!options.empty()) out += "(" + Join(options, ", ") + ") ";
      return out + FormatStatement(*s.statement);
    }
    std::string operator()(const Call& s) {
      std::vector<std::string> arguments;
      for (const auto& argument : s.arguments) {
        std::string text = FormatExpression(*argument.value);
        arguments.push_back(argument.name ? FormatName(QualifiedName{{*argument.name}}) + " => " + text : text);
      }
      return "CALL " + FormatName(s.procedure) + "(" + Join(arguments, ", ") + ")";
    }
  };
  return std::visit(Visitor{}, statement.node);
}

}  // namespace floe::sql
