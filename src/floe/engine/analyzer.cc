#include "floe/engine/analyzer.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "floe/engine/metadata_tables.h"
#include "floe/engine/nested_functions.h"
#include "floe/engine/interval.h"
#include "floe/engine/optimizer.h"
#include "floe/engine/subquery_planner.h"
#include "floe/engine/system_tables.h"
#include "floe/engine/window_function.h"
#include "floe/timezone/time_zone.h"
#include "floe/sql/error.h"
#include "floe/sql/formatter.h"

namespace floe::engine {

using timezone::IsUtcZone;
using timezone::LoadTimeZone;
using timezone::LocalMicrosOf;
using timezone::TrailingZoneName;
using timezone::UtcMicrosOfLocal;

namespace codes = sql::error_codes;
using sql::ExpressionKind;
using sql::NodeLocation;

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A column visible to name resolution.
struct ScopeField {
  std::string name;      // lower case
  std::string relation;  // lower-case table name or alias ("" for none)
  SqlType type;
  int32_t index = 0;     // in the input of the expressions being bound
  PlanNode* scan = nullptr;  // the scan producing it, to mark it read
  // A side's column of JOIN ... USING: reachable as t.column and t.*, not as
  // a bare name or through `*` (the coalesced column stands for both).
  bool qualified_only = false;
  // A hidden column ("$path"): found by name, never through `*`, NATURAL
  // JOIN or a column alias list.
  bool hidden = false;
};

struct Scope {
  std::vector<ScopeField> fields;
};

// Aggregations collected while binding a query's select list, HAVING and
// ORDER BY: keys first, then aggregate calls, are the aggregate's outputs.
struct Aggregation {
  const Scope* input = nullptr;
  std::vector<BoundExpressionPtr> keys;
  std::vector<AggregateCall> calls;
};

// Window function calls collected while binding a query's select list and
// ORDER BY; each becomes a column of the window node (numbered from
// kWindowColumnBase until the node's input width is known).
struct Windowing {
  static constexpr int32_t kWindowColumnBase = 1 << 28;
  std::vector<std::pair<std::string, const sql::WindowSpecification*>> definitions;  // WINDOW clause
  std::vector<WindowCall> calls;
};

struct BindContext {
  const Scope* scope = nullptr;
  Aggregation* aggregation = nullptr;  // set: binding over the aggregate's outputs
  std::string_view clause;             // "WHERE", ... for messages about aggregates
  Windowing* windowing = nullptr;      // set: window functions allowed here
  // The plan whose outputs `scope` describes: a correlated subquery here is
  // joined onto it (subquery_planner.h). Null: correlated subqueries not allowed.
  std::shared_ptr<PlanNode>* relation = nullptr;
};

bool SameExpression(const BoundExpression& a, const BoundExpression& b) {
  if (a.kind != b.kind || !(a.type == b.type) || a.column != b.column || a.function != b.function ||
      a.negated != b.negated || a.try_cast != b.try_cast || a.has_else != b.has_else ||
      a.children.size() != b.children.size()) {
    return false;
  }
  if (a.kind == BoundKind::kConstant && !(a.constant == b.constant)) return false;
  for (size_t i = 0; i < a.children.size(); ++i) {
    if (!SameExpression(*a.children[i], *b.children[i])) return false;
  }
  return true;
}

bool ReferencesColumns(const BoundExpression& e) {
  if (e.kind == BoundKind::kColumn) return true;
  for (const auto& child : e.children) {
    if (ReferencesColumns(*child)) return true;
  }
  return false;
}

// The first aggregate call in `e` (not inside subqueries), or nullptr.
// A window function's aggregate (sum(x) OVER ...) is not one, but its
// arguments, partition and order keys may hold aggregates.
const sql::Expression* FindAggregate(const sql::Expression& e) {
  if (e.kind == ExpressionKind::kFunctionCall && e.name.parts.size() == 1 && !e.window &&
      IsAggregateFunction(Lower(e.name.parts[0].value))) {
    return &e;
  }
  for (const auto& child : e.children) {
    if (const sql::Expression* found = FindAggregate(*child)) return found;
  }
  if (e.window) {
    for (const auto& key : e.window->partition_by) {
      if (const sql::Expression* found = FindAggregate(*key)) return found;
    }
    for (const auto& item : e.window->order_by) {
      if (const sql::Expression* found = FindAggregate(*item.key)) return found;
    }
  }
  return nullptr;
}

bool ContainsAggregate(const sql::Expression& e) { return FindAggregate(e) != nullptr; }

Result<SqlType> AggregateResultType(AggregateFunction function, const SqlType& argument, NodeLocation location,
                                    const std::string& name) {
  auto unexpected = [&]() {
    return sql::SqlError(codes::kFunctionNotFound, location, "Unexpected parameters ({}) for function {}",
                         TypeSignature(argument), name);
  };
  switch (function) {
    case AggregateFunction::kCount:
    case AggregateFunction::kCountAll:
    case AggregateFunction::kApproxDistinct:
    case AggregateFunction::kCountIf: return SqlType::Of(SqlTypeKind::kBigint);
    case AggregateFunction::kBoolAnd:
    case AggregateFunction::kBoolOr:
      if (argument.kind != SqlTypeKind::kBoolean && argument.kind != SqlTypeKind::kUnknown) return unexpected();
      return SqlType::Of(SqlTypeKind::kBoolean);
    case AggregateFunction::kSum:
      if (argument.is_integral() || argument.kind == SqlTypeKind::kUnknown) return SqlType::Of(SqlTypeKind::kBigint);
      if (argument.kind == SqlTypeKind::kDecimal) return SqlType::Decimal(38, argument.scale);
      if (argument.kind == SqlTypeKind::kReal || argument.kind == SqlTypeKind::kDouble) return argument;
      return unexpected();
    case AggregateFunction::kAvg:
      if (argument.is_integral() || argument.kind == SqlTypeKind::kDouble || argument.kind == SqlTypeKind::kUnknown) {
        return SqlType::Of(SqlTypeKind::kDouble);
      }
      if (argument.kind == SqlTypeKind::kReal || argument.kind == SqlTypeKind::kDecimal) return argument;
      return unexpected();
    case AggregateFunction::kMin:
    case AggregateFunction::kMax:
      if (!argument.is_orderable()) return unexpected();
      return argument;
    case AggregateFunction::kArbitrary: return argument;
  }
  return unexpected();
}

int32_t DecimalDigits(std::string_view digits) {
  size_t start = 0;
  while (start + 1 < digits.size() && digits[start] == '0') ++start;
  return static_cast<int32_t>(digits.size() - start);
}

// The type Trino gives a decimal literal: precision = significant digits, scale = fraction digits.
Result<std::pair<SqlType, Int128>> DecimalLiteral(std::string_view text, NodeLocation location) {
  std::string_view body = text;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  size_t dot = body.find('.');
  std::string integral(dot == std::string_view::npos ? body : body.substr(0, dot));
  std::string fraction(dot == std::string_view::npos ? "" : body.substr(dot + 1));
  if (integral.empty() && fraction.empty()) return sql::SqlError(codes::kInvalidLiteral, location, "'{}' is not a valid decimal literal", text);
  for (char c : integral + fraction) {
    if (c < '0' || c > '9') return sql::SqlError(codes::kInvalidLiteral, location, "'{}' is not a valid decimal literal", text);
  }
  int32_t scale = static_cast<int32_t>(fraction.size());
  int32_t precision = std::max(1, DecimalDigits(integral.empty() ? "0" : integral) + scale);
  if (integral.empty() || integral == "0") precision = std::max(1, scale);
  if (precision > 38) {
    return sql::SqlError(codes::kInvalidLiteral, location, "Decimal literal {} exceeds the maximum precision 38", text);
  }
  bool overflow = false;
  auto value = ParseDecimal(text, 38, scale, &overflow);
  if (!value.ok()) return sql::SqlError(codes::kInvalidLiteral, location, "'{}' is not a valid decimal literal", text);
  (void)negative;
  return std::make_pair(SqlType::Decimal(precision, scale), *value);
}

int32_t CountCodePoints(std::string_view text) {
  int32_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

}  // namespace

struct Analyzer::Impl {
  Analyzer& analyzer;

  // A plan under construction plus the scope its outputs are visible in.
  struct RelationPlan {
    std::shared_ptr<PlanNode> node;
    Scope scope;
  };

  // A subquery under analysis whose names may resolve in the enclosing
  // query's scope: such outer columns are bound as kOuterColumnBase + index.
  // The correlated equalities of its WHERE clause (inner = outer) become
  // its join keys; any other use of an outer column is NOT_SUPPORTED.
  static constexpr int32_t kOuterColumnBase = 1 << 29;
  struct CorrelationFrame {
    const Scope* outer = nullptr;
    const sql::QuerySpecification* spec = nullptr;  // the subquery's SELECT, when it is one
    bool referenced = false;
    std::vector<BoundExpressionPtr> inner_keys;  // over the subquery's FROM
    std::vector<BoundExpressionPtr> outer_keys;  // over the outer scope
    bool global_aggregate = false;               // SELECT <aggregates> without GROUP BY
    BoundExpressionPtr empty_value;              // its value over no rows
  };
  std::vector<CorrelationFrame*> correlation_frames;

  // Named queries (WITH) visible here, innermost last.
  std::vector<std::pair<std::string, const sql::WithQuery*>> named_queries;
  // The WHERE clause of the query whose FROM is the table being analyzed
  // (information_schema and system.jdbc push name constraints from it).
  const sql::Expression* system_table_where = nullptr;

  Status NotSupported(NodeLocation location, std::string what) {
    return sql::MakeError(codes::kNotSupported, location, what + " is not supported yet");
  }

  // --- Relations ---

  Result<RelationPlan> AnalyzeRelation(const sql::Relation& relation) {
    switch (relation.kind) {
      case sql::RelationKind::kTable: return AnalyzeTable(relation);
      case sql::RelationKind::kSubquery:
      case sql::RelationKind::kValues: {
        FLOE_ASSIGN_OR_RETURN(RelationPlan inner, AnalyzeQueryPlan(*relation.query));
        std::string alias = relation.alias ? Lower(relation.alias->value) : "";
        FLOE_RETURN_IF_ERROR(ApplyColumnAliases(relation, &inner.scope));
        for (auto& field : inner.scope.fields) field.relation = alias;
        return inner;
      }
      case sql::RelationKind::kJoin: return AnalyzeJoin(relation);
      case sql::RelationKind::kUnnest: {
        // Standalone: over one row without columns.
        RelationPlan one_row;
        auto values = std::make_shared<PlanNode>();
        values->kind = PlanKind::kValues;
        values->rows.emplace_back();
        one_row.node = values;
        return AnalyzeUnnest(relation, std::move(one_row));
      }
    }
    return NotSupported(relation.location, "this relation");
  }

  // A copy of `e` with column indexes shifted by `delta`.
  static BoundExpressionPtr ShiftColumns(const BoundExpressionPtr& e, int32_t delta) {
    if (!ReferencesColumns(*e)) return e;
    auto copy = std::make_shared<BoundExpression>(*e);
    if (copy->kind == BoundKind::kColumn) copy->column += delta;
    for (auto& child : copy->children) child = ShiftColumns(child, delta);
    return copy;
  }

  static void CollectColumnIndexes(const BoundExpression& e, int32_t* low, int32_t* high) {
    if (e.kind == BoundKind::kColumn) {
      *low = std::min(*low, e.column);
      *high = std::max(*high, e.column);
    }
    for (const auto& child : e.children) CollectColumnIndexes(*child, low, high);
  }

  // UNNEST(a, m, ...) [WITH ORDINALITY] over the rows of `input` (a lateral
  // join: the expressions see `input`'s columns). Arrays give one column
  // (arrays of rows one per field), maps two (key, value).
  Result<RelationPlan> AnalyzeUnnest(const sql::Relation& relation, RelationPlan input) {
    auto node = std::make_shared<PlanNode>();
    node->kind = PlanKind::kUnnest;
    node->with_ordinality = relation.with_ordinality;
    node->children.push_back(input.node);
    node->outputs = input.node->outputs;
    std::vector<std::pair<std::string, SqlType>> columns;
    BindContext context{&input.scope, nullptr, "UNNEST"};
    for (const auto& expression : relation.unnest_expressions) {
      if (ContainsAggregate(*expression)) {
        return sql::SqlError(codes::kGenericUserError, expression->location, "UNNEST cannot contain aggregations");
      }
      FLOE_ASSIGN_OR_RETURN(auto bound, Bind(*expression, context));
      const SqlType& type = bound->type;
      if (type.kind == SqlTypeKind::kMap) {
        columns.emplace_back("", type.children[0]);
        columns.emplace_back("", type.children[1]);
      } else if (type.kind == SqlTypeKind::kArray && type.children[0].kind == SqlTypeKind::kRow) {
        const SqlType& row = type.children[0];
        for (size_t f = 0; f < row.children.size(); ++f) {
          columns.emplace_back(f < row.field_names.size() ? row.field_names[f] : "", row.children[f]);
        }
      } else if (type.kind == SqlTypeKind::kArray) {
        columns.emplace_back("", type.children[0]);
      } else {
        return sql::SqlError(codes::kTypeMismatch, expression->location, "Cannot unnest type: {}", TypeSignature(type));
      }
      node->expressions.push_back(std::move(bound));
    }
    if (relation.with_ordinality) columns.emplace_back("ordinality", SqlType::Of(SqlTypeKind::kBigint));
    if (!relation.column_aliases.empty() && relation.column_aliases.size() != columns.size()) {
      return sql::SqlError(codes::kGenericUserError, relation.location,
                           "Column alias list has {} entries but '{}' has {} columns available", relation.column_aliases.size(),
                           relation.alias ? relation.alias->value : "unnest", columns.size());
    }
    RelationPlan plan;
    plan.scope = input.scope;
    std::string relation_name = relation.alias ? Lower(relation.alias->value) : "";
    for (size_t c = 0; c < columns.size(); ++c) {
      std::string name = relation.column_aliases.empty() ? Lower(columns[c].first) : Lower(relation.column_aliases[c].value);
      if (name.empty()) name = fmt::format("_col{}", node->outputs.size());
      node->outputs.push_back(OutputColumn{name, columns[c].second});
      plan.scope.fields.push_back(
          ScopeField{name, relation_name, columns[c].second, static_cast<int32_t>(node->outputs.size() - 1), nullptr});
    }
    plan.node = node;
    return plan;
  }

  Result<RelationPlan> AnalyzeJoin(const sql::Relation& relation) {
    if (relation.natural || !relation.using_columns.empty()) return AnalyzeUsingJoin(relation);
    if (relation.right && relation.right->kind == sql::RelationKind::kUnnest) {
      bool on_true = relation.on && relation.on->kind == sql::ExpressionKind::kBooleanLiteral && relation.on->boolean_value;
      bool left_join = relation.join_type == sql::JoinType::kLeft && on_true;
      if (relation.join_type != sql::JoinType::kCross && relation.join_type != sql::JoinType::kImplicit &&
          !(relation.join_type == sql::JoinType::kInner && on_true) && !left_join) {
        return NotSupported(relation.location, "This join with UNNEST");
      }
      FLOE_ASSIGN_OR_RETURN(RelationPlan left, AnalyzeRelation(*relation.left));
      FLOE_ASSIGN_OR_RETURN(RelationPlan unnest, AnalyzeUnnest(*relation.right, std::move(left)));
      if (left_join) {
        auto node = std::make_shared<PlanNode>(*unnest.node);
        node->join_kind = JoinKind::kLeft;
        unnest.node = node;
      }
      return unnest;
    }
    FLOE_ASSIGN_OR_RETURN(RelationPlan left, AnalyzeRelation(*relation.left));
    FLOE_ASSIGN_OR_RETURN(RelationPlan right, AnalyzeRelation(*relation.right));
    auto node = std::make_shared<PlanNode>();
    node->kind = PlanKind::kJoin;
    int32_t left_width = static_cast<int32_t>(left.node->outputs.size());
    RelationPlan plan;
    plan.scope = left.scope;
    for (ScopeField field : right.scope.fields) {
      field.index += left_width;
      plan.scope.fields.push_back(field);
    }
    node->outputs = left.node->outputs;
    node->outputs.insert(node->outputs.end(), right.node->outputs.begin(), right.node->outputs.end());
    switch (relation.join_type) {
      case sql::JoinType::kInner: node->join_kind = JoinKind::kInner; break;
      case sql::JoinType::kLeft: node->join_kind = JoinKind::kLeft; break;
      case sql::JoinType::kRight: node->join_kind = JoinKind::kRight; break;
      case sql::JoinType::kFull: node->join_kind = JoinKind::kFull; break;
      case sql::JoinType::kCross:
      case sql::JoinType::kImplicit: node->join_kind = JoinKind::kCross; break;
    }
    if (relation.on) {
      if (ContainsAggregate(*relation.on)) {
        return sql::SqlError(codes::kGenericUserError, relation.on->location, "JOIN clause cannot contain aggregations, window functions or grouping operations");
      }
      BindContext context{&plan.scope, nullptr, "JOIN"};
      FLOE_ASSIGN_OR_RETURN(auto condition, Bind(*relation.on, context));
      if (condition->type.kind != SqlTypeKind::kBoolean && condition->type.kind != SqlTypeKind::kUnknown) {
        return sql::SqlError(codes::kTypeMismatch, relation.on->location, "JOIN ON clause must evaluate to a boolean: actual type {}",
                             TypeSignature(condition->type));
      }
      FLOE_ASSIGN_OR_RETURN(condition, MakeCast(condition, SqlType::Of(SqlTypeKind::kBoolean), false, relation.on->location));
      std::vector<BoundExpressionPtr> conjuncts;
      if (condition->kind == BoundKind::kAnd) {
        conjuncts = condition->children;
      } else {
        conjuncts.push_back(condition);
      }
      std::vector<BoundExpressionPtr> residual;
      for (const auto& conjunct : conjuncts) {
        bool used = false;
        if (conjunct->kind == BoundKind::kCall && conjunct->function == "equal") {
          int32_t a_low = INT32_MAX, a_high = -1, b_low = INT32_MAX, b_high = -1;
          CollectColumnIndexes(*conjunct->children[0], &a_low, &a_high);
          CollectColumnIndexes(*conjunct->children[1], &b_low, &b_high);
          bool a_left = a_high >= 0 && a_high < left_width, a_right = a_high >= 0 && a_low >= left_width;
          bool b_left = b_high >= 0 && b_high < left_width, b_right = b_high >= 0 && b_low >= left_width;
          if (a_left && b_right) {
            node->left_keys.push_back(conjunct->children[0]);
            node->right_keys.push_back(ShiftColumns(conjunct->children[1], -left_width));
            used = true;
          } else if (a_right && b_left) {
            node->left_keys.push_back(conjunct->children[1]);
            node->right_keys.push_back(ShiftColumns(conjunct->children[0], -left_width));
            used = true;
          }
        }
        if (!used) residual.push_back(conjunct);
      }
      if (residual.size() == 1) {
        node->join_filter = residual[0];
      } else if (residual.size() > 1) {
        auto all = std::make_shared<BoundExpression>();
        all->kind = BoundKind::kAnd;
        all->type = SqlType::Of(SqlTypeKind::kBoolean);
        all->location = relation.on->location;
        all->children = std::move(residual);
        node->join_filter = all;
      }
    }
    node->children = {left.node, right.node};
    plan.node = node;
    return plan;
  }

  // JOIN ... USING (columns) and NATURAL JOIN (USING the names both sides
  // have): rows match when the columns are equal; the output has each USING
  // column once (COALESCE of both sides, which is the matched side's value
  // for every join type), then the other left columns, then the other right
  // columns. t.column still names a side's own column.
  Result<RelationPlan> AnalyzeUsingJoin(const sql::Relation& relation) {
    FLOE_ASSIGN_OR_RETURN(RelationPlan left, AnalyzeRelation(*relation.left));
    FLOE_ASSIGN_OR_RETURN(RelationPlan right, AnalyzeRelation(*relation.right));
    auto find = [](const Scope& scope, const std::string& name) -> const ScopeField* {
      const ScopeField* found = nullptr;
      for (const ScopeField& field : scope.fields) {
        if (field.name == name && !field.qualified_only) {
          if (found) return nullptr;
          found = &field;
        }
      }
      return found;
    };
    std::vector<std::pair<std::string, NodeLocation>> columns;
    if (relation.natural) {
      for (const ScopeField& field : left.scope.fields) {
        if (field.qualified_only || field.hidden || !find(right.scope, field.name)) continue;
        bool seen = false;
        for (const auto& column : columns) seen = seen || column.first == field.name;
        if (!seen) columns.emplace_back(field.name, relation.location);
      }
    } else {
      for (const sql::Identifier& identifier : relation.using_columns) {
        std::string name = Lower(identifier.value);
        for (const auto& column : columns) {
          if (column.first == name) {
            return sql::SqlError(codes::kDuplicateColumnName, identifier.location, "Column '{}' appears multiple times in USING clause",
                                 identifier.value);
          }
        }
        columns.emplace_back(name, identifier.location);
      }
    }
    auto node = std::make_shared<PlanNode>();
    node->kind = PlanKind::kJoin;
    switch (relation.join_type) {
      case sql::JoinType::kLeft: node->join_kind = JoinKind::kLeft; break;
      case sql::JoinType::kRight: node->join_kind = JoinKind::kRight; break;
      case sql::JoinType::kFull: node->join_kind = JoinKind::kFull; break;
      default: node->join_kind = columns.empty() ? JoinKind::kCross : JoinKind::kInner; break;
    }
    if (columns.empty() && node->join_kind != JoinKind::kCross) {
      // NATURAL LEFT / RIGHT / FULL JOIN without common columns: every pair matches.
      node->join_filter = MakeConstant(Value::Boolean(true), SqlType::Of(SqlTypeKind::kBoolean));
    }
    int32_t left_width = static_cast<int32_t>(left.node->outputs.size());
    node->outputs = left.node->outputs;
    node->outputs.insert(node->outputs.end(), right.node->outputs.begin(), right.node->outputs.end());
    for (const auto& output : node->outputs) {
      if (output.type.kind == SqlTypeKind::kArray || output.type.kind == SqlTypeKind::kMap || output.type.kind == SqlTypeKind::kRow) {
        return NotSupported(relation.location, "Joining relations with array, map or row columns");
      }
    }
    node->children = {left.node, right.node};
    auto project = std::make_shared<PlanNode>();
    project->kind = PlanKind::kProject;
    RelationPlan plan;
    std::set<std::string> using_names;
    for (const auto& [name, location] : columns) {
      const ScopeField* left_field = find(left.scope, name);
      const ScopeField* right_field = find(right.scope, name);
      if (!left_field) {
        return sql::SqlError(codes::kColumnNotFound, location, "Column '{}' is missing from left side of join", name);
      }
      if (!right_field) {
        return sql::SqlError(codes::kColumnNotFound, location, "Column '{}' is missing from right side of join", name);
      }
      auto common = CommonSuperType(left_field->type, right_field->type);
      if (!common || !common->is_orderable()) {
        return sql::SqlError(codes::kTypeMismatch, location, "Column '{}' has incompatible types in USING: {}, {}", name,
                             TypeSignature(left_field->type), TypeSignature(right_field->type));
      }
      FLOE_ASSIGN_OR_RETURN(auto left_key, MakeCast(MakeColumn(left_field->index, left_field->type), *common, false, location));
      FLOE_ASSIGN_OR_RETURN(auto right_key, MakeCast(MakeColumn(right_field->index, right_field->type), *common, false, location));
      node->left_keys.push_back(left_key);
      node->right_keys.push_back(right_key);
      auto coalesce = std::make_shared<BoundExpression>();
      coalesce->kind = BoundKind::kCoalesce;
      coalesce->type = *common;
      coalesce->location = location;
      coalesce->children = {left_key, ShiftColumns(right_key, left_width)};
      project->expressions.push_back(coalesce);
      project->outputs.push_back(OutputColumn{name, *common});
      plan.scope.fields.push_back(ScopeField{name, "", *common, static_cast<int32_t>(project->outputs.size() - 1), nullptr});
      using_names.insert(name);
    }
    auto add_side = [&](const RelationPlan& side, int32_t offset) {
      for (const ScopeField& field : side.scope.fields) {
        project->expressions.push_back(MakeColumn(field.index + offset, field.type));
        project->outputs.push_back(OutputColumn{field.name, field.type});
        ScopeField copy = field;
        copy.index = static_cast<int32_t>(project->outputs.size() - 1);
        copy.qualified_only = field.qualified_only || using_names.count(field.name) > 0;
        plan.scope.fields.push_back(copy);
      }
    };
    add_side(left, 0);
    add_side(right, left_width);
    project->children.push_back(node);
    plan.node = project;
    return plan;
  }

  Status ApplyColumnAliases(const sql::Relation& relation, Scope* scope) {
    if (relation.column_aliases.empty()) return Status::OK();
    size_t visible = 0;
    for (const ScopeField& field : scope->fields) visible += field.hidden ? 0 : 1;
    if (relation.column_aliases.size() != visible) {
      return sql::SqlError(codes::kGenericUserError, relation.location,
                           "Column alias list has {} entries but '{}' has {} columns available",
                           relation.column_aliases.size(), relation.alias ? relation.alias->value : "relation", visible);
    }
    size_t next = 0;
    for (ScopeField& field : scope->fields) {
      if (!field.hidden) field.name = Lower(relation.column_aliases[next++].value);
    }
    return Status::OK();
  }

  Result<RelationPlan> AnalyzeTable(const sql::Relation& relation) {
    const sql::Expression* where = std::exchange(system_table_where, nullptr);
    if (relation.name.parts.size() == 1) {
      std::string name = Lower(relation.name.parts[0].value);
      for (size_t i = named_queries.size(); i-- > 0;) {
        if (named_queries[i].first != name) continue;
        if (relation.time_travel) return NotSupported(relation.location, "Time travel on a WITH query");
        // A named query sees only the ones defined before it.
        const sql::WithQuery& with = *named_queries[i].second;
        auto saved = named_queries;
        named_queries.resize(i);
        auto inner = AnalyzeQueryPlan(*with.query);
        named_queries = std::move(saved);
        if (!inner.ok()) return inner.status();
        RelationPlan plan = std::move(*inner);
        if (!with.column_names.empty()) {
          if (with.column_names.size() != plan.scope.fields.size()) {
            return sql::SqlError(codes::kGenericUserError, with.name.location,
                                 "WITH column alias list has {} entries but WITH query({}) has {} columns",
                                 with.column_names.size(), with.name.value, plan.scope.fields.size());
          }
          for (size_t c = 0; c < plan.scope.fields.size(); ++c) plan.scope.fields[c].name = Lower(with.column_names[c].value);
        }
        std::string alias = relation.alias ? Lower(relation.alias->value) : name;
        for (auto& field : plan.scope.fields) field.relation = alias;
        FLOE_RETURN_IF_ERROR(ApplyColumnAliases(relation, &plan.scope));
        return plan;
      }
    }
    if (auto system = ResolveSystemTableName(relation.name, analyzer.session_)) return AnalyzeSystemTable(relation, *system, where);
    FLOE_ASSIGN_OR_RETURN(catalog::TableIdentifier identifier, analyzer.ResolveTableName(relation.name));
    size_t dollar = identifier.name.find('$');
    if (dollar != std::string::npos) return AnalyzeMetadataTable(relation, identifier, dollar);
    FLOE_ASSIGN_OR_RETURN(catalog::LoadTableResult table, analyzer.LoadTable(identifier, relation.location));
    auto node = std::make_shared<PlanNode>();
    node->kind = PlanKind::kTableScan;
    node->table = identifier;
    node->metadata = table.metadata;
    iceberg::SchemaPtr schema = table.metadata->CurrentSchema();
    if (relation.time_travel) {
      FLOE_ASSIGN_OR_RETURN(BoundExpressionPtr bound, BindConstantExpression(*relation.time_travel->value));
      FLOE_ASSIGN_OR_RETURN(Value value, EvaluateConstant(*bound, analyzer.context_));
      NodeLocation location = relation.time_travel->value->location;
      iceberg::SnapshotPtr snapshot;
      if (relation.time_travel->kind == sql::TimeTravel::Kind::kVersion) {
        if (bound->type.is_integral() && !value.is_null()) {
          node->snapshot.snapshot_id = value.integer();
          snapshot = table.metadata->SnapshotById(value.integer());
          if (!snapshot) {
            return sql::SqlError(codes::kInvalidArguments, location, "Iceberg snapshot ID does not exists: {}", value.integer());
          }
        } else if (bound->type.is_string() && !value.is_null()) {
          node->snapshot.ref = value.string();
          snapshot = table.metadata->SnapshotForRef(value.string());
          if (!snapshot) {
            return sql::SqlError(codes::kInvalidArguments, location, "Cannot find snapshot with reference name: {}", value.string());
          }
        } else {
          return sql::SqlError(codes::kTypeMismatch, location, "Unsupported type for table version: {}", TypeSignature(bound->type));
        }
      } else {
        if (bound->type.kind != SqlTypeKind::kTimestamp && bound->type.kind != SqlTypeKind::kTimestampTz &&
            bound->type.kind != SqlTypeKind::kDate) {
          return sql::SqlError(codes::kTypeMismatch, location, "Type of expression for table timestamp must be timestamp or timestamp with time zone, not {}",
                               TypeSignature(bound->type));
        }
        if (value.is_null()) return sql::SqlError(codes::kInvalidArguments, location, "Pointer value cannot be NULL");
        int64_t micros = bound->type.kind == SqlTypeKind::kDate ? value.integer() * 86400000000LL : value.integer();
        int64_t millis = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000);
        node->snapshot.as_of_timestamp_ms = millis;
        auto as_of = table.metadata->SnapshotAsOf(millis);
        if (!as_of.ok() || !*as_of) {
          return sql::SqlError(codes::kInvalidArguments, location, "No version history table {} at or before {}",
                               identifier.ToString(), FormatValue(value, bound->type));
        }
        snapshot = *as_of;
      }
      if (snapshot) schema = table.metadata->SchemaForSnapshot(*snapshot);
    }
    RelationPlan plan;
    std::string relation_name = relation.alias ? Lower(relation.alias->value) : Lower(identifier.name);
    for (const auto& field : schema->fields()) {
      FLOE_ASSIGN_OR_RETURN(SqlType type, SqlTypeOfIceberg(*field.type, field.name));
      ScanColumn column{field.id, field.name, type};
      node->scan_columns.push_back(column);
      node->outputs.push_back(OutputColumn{field.name, type});
      plan.scope.fields.push_back(ScopeField{Lower(field.name), relation_name, type,
                                             static_cast<int32_t>(node->outputs.size() - 1), node.get()});
    }
    // Trino's hidden column "$path": the data file of the row.
    node->scan_columns.push_back(ScanColumn{kFilePathFieldId, "$path", SqlType::Varchar()});
    node->outputs.push_back(OutputColumn{"$path", SqlType::Varchar()});
    ScopeField path{"$path", relation_name, SqlType::Varchar(), static_cast<int32_t>(node->outputs.size() - 1), node.get()};
    path.hidden = true;
    plan.scope.fields.push_back(path);
    plan.node = node;
    FLOE_RETURN_IF_ERROR(ApplyColumnAliases(relation, &plan.scope));
    return plan;
  }

  // information_schema, system.jdbc and system.runtime tables (system_tables.h) as rows.
  Result<RelationPlan> AnalyzeSystemTable(const sql::Relation& relation, const SystemTableName& name,
                                          const sql::Expression* where) {
    if (relation.time_travel) return NotSupported(relation.location, "Time travel on system tables");
    FLOE_ASSIGN_OR_RETURN(auto contents, ReadSystemTable(analyzer.catalog_, name, ExtractSystemTableFilter(name, where),
                                                         relation.location));
    auto node = std::make_shared<PlanNode>();
    node->kind = PlanKind::kValues;
    RelationPlan plan;
    std::string relation_name = relation.alias ? Lower(relation.alias->value) : name.table;
    for (size_t c = 0; c < contents.columns.size(); ++c) {
      node->outputs.push_back(OutputColumn{contents.columns[c].first, contents.columns[c].second});
      plan.scope.fields.push_back(
          ScopeField{contents.columns[c].first, relation_name, contents.columns[c].second, static_cast<int32_t>(c), nullptr});
    }
    for (const auto& row : contents.rows) {
      std::vector<BoundExpressionPtr> cells;
      for (size_t c = 0; c < contents.columns.size(); ++c) cells.push_back(MakeConstant(row[c], contents.columns[c].second));
      node->rows.push_back(std::move(cells));
    }
    plan.node = node;
    FLOE_RETURN_IF_ERROR(ApplyColumnAliases(relation, &plan.scope));
    return plan;
  }

  // "t$snapshots", "t$history", "t$refs", "t$properties": the table's
  // metadata as rows (a Values node), with Trino's columns.
  Result<RelationPlan> AnalyzeMetadataTable(const sql::Relation& relation, catalog::TableIdentifier identifier,
                                            size_t dollar) {
    std::string kind = identifier.name.substr(dollar + 1);
    identifier.name = identifier.name.substr(0, dollar);
    if (relation.time_travel) return NotSupported(relation.location, "Time travel on metadata tables");
    FLOE_ASSIGN_OR_RETURN(catalog::LoadTableResult table, analyzer.LoadTable(identifier, relation.location));
    const iceberg::TableMetadata& metadata = *table.metadata;
    SqlType millis_tz = SqlType::Timestamp(true);
    millis_tz.precision = 3;
    const SqlType varchar = SqlType::Varchar(), bigint = SqlType::Of(SqlTypeKind::kBigint);
    auto node = std::make_shared<PlanNode>();
    node->kind = PlanKind::kValues;
    auto optional_long = [](const std::optional<int64_t>& v) { return v ? Value::Integer(*v) : Value::Null(); };
    std::vector<std::vector<Value>> rows;
    std::vector<std::pair<std::string, SqlType>> columns;
    if (kind == "snapshots") {
      SqlType summary_type = SqlType::Of(SqlTypeKind::kMap);
      summary_type.children = {varchar, varchar};
      columns = {{"committed_at", millis_tz}, {"snapshot_id", bigint}, {"parent_id", bigint}, {"operation", varchar},
                 {"manifest_list", varchar}, {"summary", summary_type}};
      for (const auto& snapshot : metadata.snapshots) {
        Elements summary;  // the summary without "operation", as Iceberg's Snapshot.summary()
        for (const auto& [key, value] : snapshot->summary) {
          if (key == "operation") continue;
          summary.push_back(Value::String(key));
          summary.push_back(Value::String(value));
        }
        rows.push_back({Value::Integer(snapshot->timestamp_ms * 1000), Value::Integer(snapshot->snapshot_id),
                        optional_long(snapshot->parent_snapshot_id),
                        snapshot->operation().empty() ? Value::Null() : Value::String(snapshot->operation()),
                        Value::String(snapshot->manifest_list), Value::Nested(std::move(summary))});
      }
    } else if (kind == "history") {
      columns = {{"made_current_at", millis_tz}, {"snapshot_id", bigint}, {"parent_id", bigint},
                 {"is_current_ancestor", SqlType::Of(SqlTypeKind::kBoolean)}};
      std::set<int64_t> ancestors;
      for (auto snapshot = metadata.CurrentSnapshot(); snapshot;) {
        ancestors.insert(snapshot->snapshot_id);
        snapshot = snapshot->parent_snapshot_id ? metadata.SnapshotById(*snapshot->parent_snapshot_id) : nullptr;
        if (snapshot && ancestors.count(snapshot->snapshot_id)) break;
      }
      for (const auto& entry : metadata.snapshot_log) {
        auto snapshot = metadata.SnapshotById(entry.snapshot_id);
        rows.push_back({Value::Integer(entry.timestamp_ms * 1000), Value::Integer(entry.snapshot_id),
                        snapshot ? optional_long(snapshot->parent_snapshot_id) : Value::Null(),
                        Value::Boolean(ancestors.count(entry.snapshot_id) > 0)});
      }
    } else if (kind == "refs") {
      columns = {{"name", varchar}, {"type", varchar}, {"snapshot_id", bigint}, {"max_reference_age_in_ms", bigint},
                 {"min_snapshots_to_keep", SqlType::Of(SqlTypeKind::kInteger)}, {"max_snapshot_age_in_ms", bigint}};
      for (const auto& [name, ref] : metadata.refs) {
        rows.push_back({Value::String(name), Value::String(ref.type == iceberg::SnapshotRefType::kBranch ? "BRANCH" : "TAG"),
                        Value::Integer(ref.snapshot_id), optional_long(ref.max_ref_age_ms),
                        ref.min_snapshots_to_keep ? Value::Integer(*ref.min_snapshots_to_keep) : Value::Null(),
                        optional_long(ref.max_snapshot_age_ms)});
      }
    } else if (kind == "properties") {
      columns = {{"key", varchar}, {"value", varchar}};
      for (const auto& [key, value] : metadata.properties) rows.push_back({Value::String(key), Value::String(value)});
    } else if (kind == "metadata_log_entries") {
      auto contents = MetadataLogEntriesTable(metadata, table.metadata_location);
      columns = std::move(contents.columns);
      rows = std::move(contents.rows);
    } else if (IsManifestMetadataTable(kind)) {
      FLOE_ASSIGN_OR_RETURN(auto contents, ReadManifestMetadataTable(*analyzer.catalog_.file_io(), metadata, kind));
      columns = std::move(contents.columns);
      rows = std::move(contents.rows);
    } else {
      return sql::SqlError(codes::kNotSupported, relation.location, "Metadata table '{}${}' is not supported yet", identifier.name, kind);
    }
    RelationPlan plan;
    std::string relation_name = relation.alias ? Lower(relation.alias->value) : Lower(identifier.name + "$" + kind);
    for (size_t c = 0; c < columns.size(); ++c) {
      node->outputs.push_back(OutputColumn{columns[c].first, columns[c].second});
      plan.scope.fields.push_back(ScopeField{columns[c].first, relation_name, columns[c].second, static_cast<int32_t>(c), nullptr});
    }
    for (const auto& row : rows) {
      std::vector<BoundExpressionPtr> cells;
      for (size_t c = 0; c < columns.size(); ++c) cells.push_back(MakeConstant(row[c], columns[c].second));
      node->rows.push_back(std::move(cells));
    }
    plan.node = node;
    FLOE_RETURN_IF_ERROR(ApplyColumnAliases(relation, &plan.scope));
    return plan;
  }

  // --- Queries ---

  Result<RelationPlan> AnalyzeQueryPlan(const sql::Query& query) {
    if (query.with.empty()) return AnalyzeQueryBody(query);
    if (query.recursive) return NotSupported(query.location, "WITH RECURSIVE");
    size_t depth = named_queries.size();
    std::set<std::string> names;
    for (const sql::WithQuery& with : query.with) {
      std::string name = Lower(with.name.value);
      if (!names.insert(name).second) {
        return sql::SqlError(codes::kDuplicateNamedQuery, with.name.location, "WITH query name '{}' specified more than once", name);
      }
      named_queries.emplace_back(name, &with);
    }
    auto result = AnalyzeQueryBody(query);
    named_queries.resize(depth);
    return result;
  }

  Result<RelationPlan> AnalyzeQueryBody(const sql::Query& query) {
    const sql::QueryBody& body = *query.body;
    switch (body.kind) {
      case sql::QueryBodyKind::kSpecification: return AnalyzeSpecification(query, body.specification);
      case sql::QueryBodyKind::kValues: {
        FLOE_ASSIGN_OR_RETURN(RelationPlan plan, AnalyzeValues(body));
        return ApplyOrderAndLimit(query, std::move(plan));
      }
      case sql::QueryBodyKind::kTable: {
        sql::Relation relation;
        relation.kind = sql::RelationKind::kTable;
        relation.location = body.location;
        relation.name = body.table;
        FLOE_ASSIGN_OR_RETURN(RelationPlan plan, AnalyzeTable(relation));
        FLOE_ASSIGN_OR_RETURN(plan, ProjectAll(std::move(plan)));
        return ApplyOrderAndLimit(query, std::move(plan));
      }
      case sql::QueryBodyKind::kQuery: {
        if (!query.order_by.empty() || query.limit || query.offset) {
          FLOE_ASSIGN_OR_RETURN(RelationPlan plan, AnalyzeQueryPlan(*body.query));
          return ApplyOrderAndLimit(query, std::move(plan));
        }
        return AnalyzeQueryPlan(*body.query);
      }
      case sql::QueryBodyKind::kSetOperation: {
        FLOE_ASSIGN_OR_RETURN(RelationPlan plan, AnalyzeSetOperation(body));
        return ApplyOrderAndLimit(query, std::move(plan));
      }
    }
    return NotSupported(query.location, "this query");
  }

  // One side of a set operation.
  Result<RelationPlan> AnalyzeBody(const sql::QueryBody& body) {
    switch (body.kind) {
      case sql::QueryBodyKind::kSpecification: {
        sql::Query bare;
        bare.location = body.location;
        return AnalyzeSpecification(bare, body.specification);
      }
      case sql::QueryBodyKind::kValues: return AnalyzeValues(body);
      case sql::QueryBodyKind::kTable: {
        sql::Relation relation;
        relation.kind = sql::RelationKind::kTable;
        relation.location = body.location;
        relation.name = body.table;
        FLOE_ASSIGN_OR_RETURN(RelationPlan plan, AnalyzeTable(relation));
        return ProjectAll(std::move(plan));
      }
      case sql::QueryBodyKind::kQuery: return AnalyzeQueryPlan(*body.query);
      case sql::QueryBodyKind::kSetOperation: return AnalyzeSetOperation(body);
    }
    return NotSupported(body.location, "this query");
  }

  // A projection of `plan` casting its columns to `types`.
  Result<std::shared_ptr<PlanNode>> CastColumns(const RelationPlan& plan, const std::vector<SqlType>& types,
                                                NodeLocation location) {
    bool same = true;
    for (size_t i = 0; i < types.size(); ++i) same = same && plan.node->outputs[i].type == types[i];
    if (same) return plan.node;
    auto project = std::make_shared<PlanNode>();
    project->kind = PlanKind::kProject;
    for (size_t i = 0; i < types.size(); ++i) {
      FLOE_ASSIGN_OR_RETURN(auto cast, MakeCast(MakeColumn(static_cast<int32_t>(i), plan.node->outputs[i].type), types[i], false, location));
      project->expressions.push_back(std::move(cast));
      project->outputs.push_back(OutputColumn{plan.node->outputs[i].name, types[i]});
    }
    project->children.push_back(plan.node);
    return project;
  }

  Result<RelationPlan> AnalyzeSetOperation(const sql::QueryBody& body) {
    std::string_view op = body.set_operator == sql::SetOperator::kUnion       ? "UNION"
                          : body.set_operator == sql::SetOperator::kIntersect ? "INTERSECT"
                                                                              : "EXCEPT";
    FLOE_ASSIGN_OR_RETURN(RelationPlan left, AnalyzeBody(*body.left));
    FLOE_ASSIGN_OR_RETURN(RelationPlan right, AnalyzeBody(*body.right));
    size_t width = left.node->outputs.size();
    if (right.node->outputs.size() != width) {
      return sql::SqlError(codes::kTypeMismatch, body.location, "{} query has different number of fields: {}, {}", op, width,
                           right.node->outputs.size());
    }
    std::vector<SqlType> types;
    for (size_t i = 0; i < width; ++i) {
      auto common = CommonSuperType(left.node->outputs[i].type, right.node->outputs[i].type);
      if (!common || !common->is_orderable()) {
        return sql::SqlError(codes::kTypeMismatch, body.location, "column {} in {} query has incompatible types: {}, {}", i + 1, op,
                             TypeSignature(left.node->outputs[i].type), TypeSignature(right.node->outputs[i].type));
      }
      types.push_back(*common);
    }
    auto node = std::make_shared<PlanNode>();
    node->kind = PlanKind::kSetOperation;
    node->set_operation = body.set_operator == sql::SetOperator::kUnion       ? SetOperationKind::kUnionAll
                          : body.set_operator == sql::SetOperator::kIntersect ? SetOperationKind::kIntersect
                                                                              : SetOperationKind::kExcept;
    node->set_all = body.all;
    FLOE_ASSIGN_OR_RETURN(auto left_node, CastColumns(left, types, body.location));
    FLOE_ASSIGN_OR_RETURN(auto right_node, CastColumns(right, types, body.location));
    node->children = {left_node, right_node};
    RelationPlan plan;
    for (size_t i = 0; i < width; ++i) {
      node->outputs.push_back(OutputColumn{left.node->outputs[i].name, types[i]});
      plan.scope.fields.push_back(ScopeField{left.scope.fields.size() > i ? left.scope.fields[i].name : left.node->outputs[i].name, "", types[i],
                                             static_cast<int32_t>(i), nullptr});
    }
    std::shared_ptr<PlanNode> current = node;
    if (body.set_operator == sql::SetOperator::kUnion && !body.all) {
      auto distinct = std::make_shared<PlanNode>();
      distinct->kind = PlanKind::kAggregate;
      for (size_t i = 0; i < width; ++i) distinct->group_keys.push_back(MakeColumn(static_cast<int32_t>(i), types[i]));
      distinct->outputs = node->outputs;
      distinct->children.push_back(node);
      current = distinct;
    }
    plan.node = current;
    return plan;
  }

  // A projection of every column of `plan` (marks scan columns read).
  Result<RelationPlan> ProjectAll(RelationPlan plan) {
    auto project = std::make_shared<PlanNode>();
    project->kind = PlanKind::kProject;
    Scope scope;
    for (const ScopeField& field : plan.scope.fields) {
      if (field.scan) MarkRead(field);
      project->expressions.push_back(MakeColumn(field.index, field.type));
      project->outputs.push_back(OutputColumn{field.name, field.type});
      scope.fields.push_back(ScopeField{field.name, field.relation, field.type,
                                        static_cast<int32_t>(project->outputs.size() - 1), nullptr});
    }
    project->children.push_back(plan.node);
    return RelationPlan{project, std::move(scope)};
  }

  Result<RelationPlan> AnalyzeValues(const sql::QueryBody& body) {
    std::vector<std::vector<BoundExpressionPtr>> rows;
    size_t width = 0;
    for (const auto& row : body.values) {
      std::vector<BoundExpressionPtr> cells;
      if (row->kind == ExpressionKind::kRow) {
        for (const auto& cell : row->children) {
          FLOE_ASSIGN_OR_RETURN(auto bound, BindConstantExpression(*cell));
          cells.push_back(std::move(bound));
        }
      } else {
        FLOE_ASSIGN_OR_RETURN(auto bound, BindConstantExpression(*row));
        cells.push_back(std::move(bound));
      }
      if (!rows.empty() && cells.size() != width) {
        return sql::SqlError(codes::kTypeMismatch, row->location, "Values rows have mismatched sizes: {} vs {}", width,
                             cells.size());
      }
      width = cells.size();
      rows.push_back(std::move(cells));
    }
    std::vector<SqlType> types(width, SqlType::Of(SqlTypeKind::kUnknown));
    for (size_t c = 0; c < width; ++c) {
      for (size_t r = 0; r < rows.size(); ++r) {
        auto common = CommonSuperType(types[c], rows[r][c]->type);
        if (!common) {
          return sql::SqlError(codes::kTypeMismatch, rows[r][c]->location, "Values rows have mismatched types: {} vs {}",
                               TypeSignature(types[c]), TypeSignature(rows[r][c]->type));
        }
        types[c] = *common;
      }
    }
    auto node = std::make_shared<PlanNode>();
    node->kind = PlanKind::kValues;
    RelationPlan plan;
    for (size_t c = 0; c < width; ++c) {
      std::string name = fmt::format("_col{}", c);
      node->outputs.push_back(OutputColumn{name, types[c]});
      plan.scope.fields.push_back(ScopeField{name, "", types[c], static_cast<int32_t>(c), nullptr});
    }
    for (auto& row : rows) {
      for (size_t c = 0; c < width; ++c) {
        FLOE_ASSIGN_OR_RETURN(row[c], MakeCast(row[c], types[c], false, row[c]->location));
      }
    }
    node->rows = std::move(rows);
    plan.node = node;
    return plan;
  }

  Result<RelationPlan> AnalyzeSpecification(const sql::Query& query, const sql::QuerySpecification& spec) {
    RelationPlan source;
    if (spec.from) {
      system_table_where = spec.from->kind == sql::RelationKind::kTable ? spec.where.get() : nullptr;
      FLOE_ASSIGN_OR_RETURN(source, AnalyzeRelation(*spec.from));
    } else {
      auto node = std::make_shared<PlanNode>();
      node->kind = PlanKind::kValues;
      node->rows.emplace_back();
      source.node = node;
    }
    if (spec.where) {
      if (const sql::Expression* aggregate = FindAggregate(*spec.where)) {
        return sql::SqlError(codes::kGenericUserError, aggregate->location,
                             "WHERE clause cannot contain aggregations, window functions or grouping operations: [{}]",
                             sql::FormatExpression(*aggregate));
      }
      BindContext context{&source.scope, nullptr, "WHERE"};
      context.relation = &source.node;
      FLOE_ASSIGN_OR_RETURN(auto predicate, Bind(*spec.where, context));
      if (predicate->type.kind != SqlTypeKind::kBoolean && predicate->type.kind != SqlTypeKind::kUnknown) {
        return sql::SqlError(codes::kTypeMismatch, spec.where->location,
                             "WHERE clause must evaluate to a boolean: actual type {}", TypeSignature(predicate->type));
      }
      FLOE_ASSIGN_OR_RETURN(predicate, MakeCast(predicate, SqlType::Of(SqlTypeKind::kBoolean), false, spec.where->location));
      if (!correlation_frames.empty() && correlation_frames.back()->spec == &spec) {
        FLOE_ASSIGN_OR_RETURN(predicate, ExtractCorrelation(predicate, correlation_frames.back()));
      }
      if (predicate) {
        auto filter = std::make_shared<PlanNode>();
        filter->kind = PlanKind::kFilter;
        filter->predicate = std::move(predicate);
        filter->outputs = source.node->outputs;
        filter->children.push_back(source.node);
        source.node = filter;
      }
    }

    bool aggregating = !spec.group_by.empty() || (spec.having != nullptr);
    for (const auto& item : spec.select) {
      if (item.expression && ContainsAggregate(*item.expression)) aggregating = true;
    }
    for (const auto& item : query.order_by) {
      if (ContainsAggregate(*item.key)) aggregating = true;
    }

    Aggregation aggregation;
    aggregation.input = &source.scope;
    if (aggregating) {
      BindContext key_context{&source.scope, nullptr, "GROUP BY"};
      for (const auto& key : spec.group_by) {
        const sql::Expression* key_expression = key.get();
        if (key->kind == ExpressionKind::kIntegerLiteral) {
          int64_t ordinal = std::stoll(key->text);
          if (ordinal < 1 || ordinal > static_cast<int64_t>(spec.select.size()) ||
              spec.select[ordinal - 1].all_columns) {
            return sql::SqlError(codes::kInvalidColumnReference, key->location, "GROUP BY position {} is not in select list",
                                 ordinal);
          }
          key_expression = spec.select[ordinal - 1].expression.get();
        }
        if (ContainsAggregate(*key_expression)) {
          return sql::SqlError(codes::kGenericUserError, key->location,
                               "GROUP BY clause cannot contain aggregations, window functions or grouping operations: {}",
                               sql::FormatExpression(*key_expression));
        }
        FLOE_ASSIGN_OR_RETURN(auto bound, Bind(*key_expression, key_context));
        if (!bound->type.is_orderable() && bound->type.kind != SqlTypeKind::kUnknown) {
          return sql::SqlError(codes::kTypeMismatch, key->location, "{} is not comparable, and therefore cannot be used in GROUP BY",
                               TypeSignature(bound->type));
        }
        bool duplicate = false;
        for (const auto& existing : aggregation.keys) duplicate = duplicate || SameExpression(*existing, *bound);
        if (!duplicate) aggregation.keys.push_back(std::move(bound));
      }
    }

    // Window functions: the WINDOW clause's named specifications.
    Windowing windowing;
    for (const sql::WindowDefinition& definition : spec.windows) {
      std::string name = Lower(definition.name.value);
      for (const auto& existing : windowing.definitions) {
        if (existing.first == name) {
          return sql::SqlError(codes::kGenericUserError, definition.name.location, "WINDOW '{}' is already defined", name);
        }
      }
      windowing.definitions.emplace_back(name, definition.window.get());
    }

    // The select list.
    BindContext select_context{&source.scope, aggregating ? &aggregation : nullptr, "SELECT", &windowing};
    if (!aggregating) select_context.relation = &source.node;
    std::vector<BoundExpressionPtr> outputs;
    std::vector<std::string> names;
    // A correlated subquery outputs its correlation keys first (subquery_planner.h).
    CorrelationFrame* correlation = nullptr;
    if (!correlation_frames.empty() && correlation_frames.back()->spec == &spec &&
        !correlation_frames.back()->inner_keys.empty()) {
      correlation = correlation_frames.back();
      if (spec.having || query.limit || query.offset) {
        return sql::SqlError(codes::kNotSupported, query.location, "Given correlated subquery is not supported");
      }
      correlation->global_aggregate = aggregating && spec.group_by.empty();
      for (const auto& key : correlation->inner_keys) {
        if (aggregating) {
          int32_t index = -1;
          for (size_t k = 0; k < aggregation.keys.size(); ++k) {
            if (SameExpression(*aggregation.keys[k], *key)) index = static_cast<int32_t>(k);
          }
          if (index < 0) {
            aggregation.keys.push_back(key);
            index = static_cast<int32_t>(aggregation.keys.size() - 1);
          }
          outputs.push_back(MakeColumn(index, key->type));
        } else {
          outputs.push_back(key);
        }
        names.push_back(fmt::format("$key{}", outputs.size() - 1));
      }
    }
    for (const auto& item : spec.select) {
      if (item.all_columns) {
        if (aggregating) {
          // SELECT * with GROUP BY: every column must be a key.
          for (const ScopeField& field : source.scope.fields) {
            if (!item.prefix.parts.empty() && field.relation != Lower(item.prefix.parts.back().value)) continue;
            if ((item.prefix.parts.empty() && field.qualified_only) || field.hidden) continue;
            auto column = MakeColumn(field.index, field.type);
            if (field.scan) MarkRead(field);
            int32_t found = -1;
            for (size_t k = 0; k < aggregation.keys.size(); ++k) {
              if (SameExpression(*aggregation.keys[k], *column)) found = static_cast<int32_t>(k);
            }
            if (found < 0) {
              return sql::SqlError(codes::kExpressionNotAggregate, item.location,
                                   "'{}' must be an aggregate expression or appear in GROUP BY clause", field.name);
            }
            outputs.push_back(MakeColumn(found, field.type));
            names.push_back(field.name);
          }
          continue;
        }
        bool any = false;
        for (const ScopeField& field : source.scope.fields) {
          if (!item.prefix.parts.empty() && field.relation != Lower(item.prefix.parts.back().value)) continue;
          if ((item.prefix.parts.empty() && field.qualified_only) || field.hidden) continue;
          any = true;
          if (field.scan) MarkRead(field);
          outputs.push_back(MakeColumn(field.index, field.type));
          names.push_back(field.name);
        }
        if (!item.prefix.parts.empty() && !any) {
          return sql::SqlError(codes::kTableNotFound, item.location, "Table '{}' not found",
                               sql::FormatName(item.prefix));
        }
        if (item.prefix.parts.empty() && source.scope.fields.empty() && !spec.from) {
          return sql::SqlError(codes::kGenericUserError, item.location, "SELECT * not allowed in queries without FROM clause");
        }
        continue;
      }
      FLOE_ASSIGN_OR_RETURN(auto bound, Bind(*item.expression, select_context));
      outputs.push_back(std::move(bound));
      if (item.alias) {
        names.push_back(Lower(item.alias->value));
      } else if (item.expression->kind == ExpressionKind::kIdentifier) {
        names.push_back(Lower(item.expression->name.parts.back().value));
      } else {
        names.push_back(fmt::format("_col{}", outputs.size() - 1));
      }
    }

    if (correlation && correlation->global_aggregate && outputs.size() == correlation->inner_keys.size() + 1) {
      // The value over no correlated rows: count(*) is 0, other aggregates NULL.
      auto empty = EmptyAggregation(outputs.back(), aggregation);
      FLOE_ASSIGN_OR_RETURN(Value value, EvaluateConstant(*empty, analyzer.context_));
      correlation->empty_value = MakeConstant(value, outputs.back()->type);
    }

    BoundExpressionPtr having;
    if (spec.having) {
      BindContext having_context{&source.scope, &aggregation, "HAVING"};
      FLOE_ASSIGN_OR_RETURN(having, Bind(*spec.having, having_context));
      if (having->type.kind != SqlTypeKind::kBoolean && having->type.kind != SqlTypeKind::kUnknown) {
        return sql::SqlError(codes::kTypeMismatch, spec.having->location,
                             "HAVING clause must evaluate to a boolean: actual type {}", TypeSignature(having->type));
      }
      FLOE_ASSIGN_OR_RETURN(having, MakeCast(having, SqlType::Of(SqlTypeKind::kBoolean), false, spec.having->location));
    }

    // ORDER BY: output names and ordinals first, then expressions over the source.
    std::vector<SortKey> sort_keys;
    size_t visible = outputs.size();
    for (const auto& item : query.order_by) {
      SortKey key;
      key.descending = item.descending;
      key.nulls_first = item.nulls_first.value_or(false);
      int32_t output_index = -1;
      if (item.key->kind == ExpressionKind::kIntegerLiteral) {
        int64_t ordinal = std::stoll(item.key->text);
        if (ordinal < 1 || ordinal > static_cast<int64_t>(visible)) {
          return sql::SqlError(codes::kInvalidColumnReference, item.key->location, "ORDER BY position {} is not in select list",
                               ordinal);
        }
        output_index = static_cast<int32_t>(ordinal - 1);
      } else if (item.key->kind == ExpressionKind::kIdentifier && item.key->name.parts.size() == 1) {
        std::string name = Lower(item.key->name.parts[0].value);
        int matches = 0;
        for (size_t i = 0; i < visible; ++i) {
          if (names[i] == name) {
            if (matches == 0) output_index = static_cast<int32_t>(i);
            ++matches;
          }
        }
        if (matches > 1) {
          // Several outputs of the same name are ambiguous unless they are the same expression.
          bool same = true;
          for (size_t i = 0; i < visible; ++i) {
            if (names[i] == name && !SameExpression(*outputs[i], *outputs[output_index])) same = false;
          }
          if (!same) return sql::SqlError(codes::kAmbiguousName, item.key->location, "'{}' in ORDER BY is ambiguous", name);
        }
      }
      if (output_index < 0) {
        FLOE_ASSIGN_OR_RETURN(auto bound, Bind(*item.key, select_context));
        for (size_t i = 0; i < outputs.size(); ++i) {
          if (SameExpression(*outputs[i], *bound)) output_index = static_cast<int32_t>(i);
        }
        if (output_index < 0) {
          if (spec.distinct) {
            return sql::SqlError(codes::kExpressionNotAggregate, item.key->location,
                                 "For SELECT DISTINCT, ORDER BY expressions must appear in select list");
          }
          outputs.push_back(std::move(bound));
          names.push_back(fmt::format("_sort{}", outputs.size()));
          output_index = static_cast<int32_t>(outputs.size() - 1);
        }
      }
      if (!outputs[output_index]->type.is_orderable() && outputs[output_index]->type.kind != SqlTypeKind::kUnknown) {
        return sql::SqlError(codes::kTypeMismatch, item.key->location, "Type {} is not orderable, and therefore cannot be used in ORDER BY",
                             TypeSignature(outputs[output_index]->type));
      }
      key.expression = MakeColumn(output_index, outputs[output_index]->type);
      sort_keys.push_back(std::move(key));
    }

    std::shared_ptr<PlanNode> current = source.node;
    if (aggregating) {
      auto aggregate = std::make_shared<PlanNode>();
      aggregate->kind = PlanKind::kAggregate;
      aggregate->group_keys = aggregation.keys;
      aggregate->aggregates = aggregation.calls;
      for (size_t i = 0; i < aggregation.keys.size(); ++i) {
        aggregate->outputs.push_back(OutputColumn{fmt::format("_key{}", i), aggregation.keys[i]->type});
      }
      for (size_t i = 0; i < aggregation.calls.size(); ++i) {
        aggregate->outputs.push_back(OutputColumn{fmt::format("_agg{}", i), aggregation.calls[i].type});
      }
      aggregate->children.push_back(current);
      current = aggregate;
      if (having) {
        auto filter = std::make_shared<PlanNode>();
        filter->kind = PlanKind::kFilter;
        filter->predicate = having;
        filter->outputs = current->outputs;
        filter->children.push_back(current);
        current = filter;
      }
    }
    if (!windowing.calls.empty()) {
      auto window = std::make_shared<PlanNode>();
      window->kind = PlanKind::kWindow;
      window->outputs = current->outputs;
      int32_t input_width = static_cast<int32_t>(current->outputs.size());
      for (size_t i = 0; i < windowing.calls.size(); ++i) {
        window->outputs.push_back(OutputColumn{fmt::format("_window{}", i), windowing.calls[i].type});
      }
      window->window_calls = std::move(windowing.calls);
      window->children.push_back(current);
      current = window;
      for (auto& output : outputs) output = PlaceWindowColumns(output, input_width);
    }
    auto project = std::make_shared<PlanNode>();
    project->kind = PlanKind::kProject;
    project->expressions = outputs;
    for (size_t i = 0; i < outputs.size(); ++i) project->outputs.push_back(OutputColumn{names[i], outputs[i]->type});
    project->children.push_back(current);
    current = project;

    if (spec.distinct) {
      auto distinct = std::make_shared<PlanNode>();
      distinct->kind = PlanKind::kAggregate;
      for (size_t i = 0; i < visible; ++i) {
        if (!outputs[i]->type.is_orderable() && outputs[i]->type.kind != SqlTypeKind::kUnknown) {
          return sql::SqlError(codes::kTypeMismatch, spec.select[std::min(i, spec.select.size() - 1)].location,
                               "DISTINCT can only be applied to comparable types (actual: {})", TypeSignature(outputs[i]->type));
        }
        distinct->group_keys.push_back(MakeColumn(static_cast<int32_t>(i), outputs[i]->type));
        distinct->outputs.push_back(current->outputs[i]);
      }
      distinct->children.push_back(current);
      current = distinct;
    }
    if (!sort_keys.empty()) {
      auto sort = std::make_shared<PlanNode>();
      sort->kind = PlanKind::kSort;
      sort->sort_keys = std::move(sort_keys);
      sort->outputs = current->outputs;
      sort->children.push_back(current);
      current = sort;
    }
    FLOE_RETURN_IF_ERROR(ApplyLimit(query, &current));
    if (current->outputs.size() != visible) {
      auto trim = std::make_shared<PlanNode>();
      trim->kind = PlanKind::kProject;
      for (size_t i = 0; i < visible; ++i) {
        trim->expressions.push_back(MakeColumn(static_cast<int32_t>(i), current->outputs[i].type));
        trim->outputs.push_back(current->outputs[i]);
      }
      trim->children.push_back(current);
      current = trim;
    }
    RelationPlan result;
    result.node = current;
    for (size_t i = 0; i < visible; ++i) {
      result.scope.fields.push_back(ScopeField{names[i], "", current->outputs[i].type, static_cast<int32_t>(i), nullptr});
    }
    return result;
  }

  Status ApplyLimit(const sql::Query& query, std::shared_ptr<PlanNode>* current) {
    if (!query.limit && !query.offset) return Status::OK();
    auto limit = std::make_shared<PlanNode>();
    limit->kind = PlanKind::kLimit;
    auto count = [](const sql::Expression& e) -> Result<int64_t> {
      try {
        return std::stoll(e.text);
      } catch (...) {
        return sql::SqlError(codes::kNumericValueOutOfRange, e.location, "Invalid numeric literal: {}", e.text);
      }
    };
    if (query.offset) {
      FLOE_ASSIGN_OR_RETURN(limit->offset, count(*query.offset));
    }
    if (query.limit) {
      FLOE_ASSIGN_OR_RETURN(int64_t value, count(*query.limit));
      limit->limit = value;
    }
    limit->outputs = (*current)->outputs;
    limit->children.push_back(*current);
    *current = limit;
    return Status::OK();
  }

  // ORDER BY / LIMIT over a plan whose outputs are already the result (VALUES, TABLE, (query)).
  Result<RelationPlan> ApplyOrderAndLimit(const sql::Query& query, RelationPlan plan) {
    std::shared_ptr<PlanNode> current = plan.node;
    if (!query.order_by.empty()) {
      auto sort = std::make_shared<PlanNode>();
      sort->kind = PlanKind::kSort;
      BindContext context{&plan.scope, nullptr, "ORDER BY"};
      for (const auto& item : query.order_by) {
        SortKey key;
        key.descending = item.descending;
        key.nulls_first = item.nulls_first.value_or(false);
        if (item.key->kind == ExpressionKind::kIntegerLiteral) {
          int64_t ordinal = std::stoll(item.key->text);
          if (ordinal < 1 || ordinal > static_cast<int64_t>(plan.scope.fields.size())) {
            return sql::SqlError(codes::kInvalidColumnReference, item.key->location, "ORDER BY position {} is not in select list", ordinal);
          }
          key.expression = MakeColumn(static_cast<int32_t>(ordinal - 1), plan.scope.fields[ordinal - 1].type);
        } else {
          FLOE_ASSIGN_OR_RETURN(key.expression, Bind(*item.key, context));
          if (ReferencesColumns(*key.expression) && key.expression->kind != BoundKind::kColumn) {
            return NotSupported(item.key->location, "ORDER BY expressions over VALUES or TABLE");
          }
        }
        sort->sort_keys.push_back(std::move(key));
      }
      sort->outputs = current->outputs;
      sort->children.push_back(current);
      current = sort;
    }
    FLOE_RETURN_IF_ERROR(ApplyLimit(query, &current));
    plan.node = current;
    return plan;
  }

  // Every scan column stays in the plan; the optimizer (optimizer.h)
  // drops the ones nothing reads.
  void MarkRead(const ScopeField&) {}

  // --- Expressions ---

  Result<BoundExpressionPtr> BindConstantExpression(const sql::Expression& expression) {
    Scope empty;
    BindContext context{&empty, nullptr, "constant"};
    return Bind(expression, context);
  }

  Result<BoundExpressionPtr> ResolveColumn(const sql::Expression& e, const BindContext& context) {
    const auto& parts = e.name.parts;
    std::string column = Lower(parts.back().value);
    std::string relation = parts.size() >= 2 ? Lower(parts[parts.size() - 2].value) : "";
    const ScopeField* found = nullptr;
    int matches = 0;
    for (const ScopeField& field : context.scope->fields) {
      if (field.name != column) continue;
      if (!relation.empty() && field.relation != relation) continue;
      if (relation.empty() && field.qualified_only) continue;
      if (matches == 0) found = &field;
      ++matches;
    }
    if (matches > 1) {
      return sql::SqlError(codes::kAmbiguousName, e.location, "Column '{}' is ambiguous", sql::FormatName(e.name));
    }
    if (!found && !correlation_frames.empty() && correlation_frames.back()->outer) {
      // An outer query's column: the subquery is correlated.
      CorrelationFrame* frame = correlation_frames.back();
      for (const ScopeField& field : frame->outer->fields) {
        if (field.name != column) continue;
        if (!relation.empty() && field.relation != relation) continue;
        if (relation.empty() && field.qualified_only) continue;
        if (found) return sql::SqlError(codes::kAmbiguousName, e.location, "Column '{}' is ambiguous", sql::FormatName(e.name));
        found = &field;
      }
      if (found) {
        frame->referenced = true;
        return MakeColumn(kOuterColumnBase + found->index, found->type, e.location);
      }
      // A column of a query further out: correlation across several levels.
      for (size_t level = correlation_frames.size() - 1; level-- > 0;) {
        if (!correlation_frames[level]->outer) continue;
        for (const ScopeField& field : correlation_frames[level]->outer->fields) {
          if (field.name == column && (relation.empty() ? !field.qualified_only : field.relation == relation)) {
            return sql::SqlError(codes::kNotSupported, e.location, "Given correlated subquery is not supported");
          }
        }
      }
    }
    if (!found) {
      if (parts.size() >= 2) {
        // `a.b...` may be fields of row column `a`, `t.a.b...` of column `a` of relation `t`.
        for (size_t prefix = 1; prefix <= 2 && prefix < parts.size(); ++prefix) {
          const ScopeField* row = nullptr;
          for (const ScopeField& field : context.scope->fields) {
            if (field.name != Lower(parts[prefix - 1].value)) continue;
            if (prefix == 2 && field.relation != Lower(parts[0].value)) continue;
            if (field.type.kind == SqlTypeKind::kRow && !row) row = &field;
          }
          if (!row) continue;
          BoundExpressionPtr value = MakeColumn(row->index, row->type, e.location);
          for (size_t i = prefix; i < parts.size(); ++i) {
            auto field = ResolveFieldAccess(value, parts[i].value, e.location);
            if (!field.ok()) {
              return sql::SqlError(codes::kColumnNotFound, e.location, "Column '{}' cannot be resolved", sql::FormatName(e.name));
            }
            value = *field;
          }
          return value;
        }
      }
      return sql::SqlError(codes::kColumnNotFound, e.location, "Column '{}' cannot be resolved", sql::FormatName(e.name));
    }
    return MakeColumn(found->index, found->type, e.location);
  }

  Result<BoundExpressionPtr> RequireBoolean(BoundExpressionPtr operand, NodeLocation location, std::string_view side) {
    if (operand->type.kind != SqlTypeKind::kBoolean && operand->type.kind != SqlTypeKind::kUnknown) {
      return sql::SqlError(codes::kTypeMismatch, location, "{} of logical expression must evaluate to a boolean (actual: {})",
                           side, TypeSignature(operand->type));
    }
    return MakeCast(std::move(operand), SqlType::Of(SqlTypeKind::kBoolean), false, location);
  }

  Result<BoundExpressionPtr> BindAggregate(const sql::Expression& e, const BindContext& context) {
    std::string name = Lower(e.name.parts[0].value);
    if (!context.aggregation) {
      return sql::SqlError(codes::kGenericUserError, e.location,
                           "{} clause cannot contain aggregations, window functions or grouping operations: {}",
                           context.clause, sql::FormatExpression(e));
    }
    AggregateCall call;
    call.distinct = e.distinct;
    BindContext input_context{context.aggregation->input, nullptr, "aggregate argument"};
    for (const auto& argument : e.children) {
      if (ContainsAggregate(*argument)) {
        return sql::SqlError(codes::kNestedAggregation, argument->location,
                             "Cannot nest aggregations inside aggregation '{}': [{}]", name, sql::FormatExpression(*argument));
      }
    }
    if (name == "count" && (e.star || e.children.empty())) {
      call.function = AggregateFunction::kCountAll;
    } else {
      if (e.children.size() != 1) {
        return sql::SqlError(codes::kFunctionNotFound, e.location, "Unexpected parameters for function {}: {} arguments",
                             name, e.children.size());
      }
      FLOE_ASSIGN_OR_RETURN(call.argument, Bind(*e.children[0], input_context));
      call.function = name == "count"             ? AggregateFunction::kCount
                      : name == "sum"             ? AggregateFunction::kSum
                      : name == "avg"             ? AggregateFunction::kAvg
                      : name == "min"             ? AggregateFunction::kMin
                      : name == "max"             ? AggregateFunction::kMax
                      : name == "approx_distinct" ? AggregateFunction::kApproxDistinct
                      : name == "count_if"        ? AggregateFunction::kCountIf
                      : name == "bool_and" || name == "every" ? AggregateFunction::kBoolAnd
                      : name == "bool_or"         ? AggregateFunction::kBoolOr
                                                  : AggregateFunction::kArbitrary;
      if (call.function == AggregateFunction::kCountIf && call.argument->type.kind != SqlTypeKind::kBoolean) {
        return sql::SqlError(codes::kFunctionNotFound, e.location, "Unexpected parameters ({}) for function count_if. Expected: count_if(boolean)",
                             TypeSignature(call.argument->type));
      }
    }
    FLOE_ASSIGN_OR_RETURN(call.type, AggregateResultType(call.function,
                                                         call.argument ? call.argument->type : SqlType::Of(SqlTypeKind::kBigint),
                                                         e.location, name));
    if (call.function == AggregateFunction::kSum && call.argument && call.argument->type.kind == SqlTypeKind::kUnknown) {
      FLOE_ASSIGN_OR_RETURN(call.argument, MakeCast(call.argument, SqlType::Of(SqlTypeKind::kBigint), false, e.location));
    }
    Aggregation& aggregation = *context.aggregation;
    for (size_t i = 0; i < aggregation.calls.size(); ++i) {
      const AggregateCall& existing = aggregation.calls[i];
      bool same_argument = (!existing.argument && !call.argument) ||
                           (existing.argument && call.argument && SameExpression(*existing.argument, *call.argument));
      if (existing.function == call.function && existing.distinct == call.distinct && same_argument) {
        return MakeColumn(static_cast<int32_t>(aggregation.keys.size() + i), existing.type, e.location);
      }
    }
    aggregation.calls.push_back(call);
    return MakeColumn(static_cast<int32_t>(aggregation.keys.size() + aggregation.calls.size() - 1), call.type, e.location);
  }

  Result<BoundExpressionPtr> Bind(const sql::Expression& e, const BindContext& context) {
    if (e.kind == ExpressionKind::kFunctionCall && e.window) return BindWindowFunction(e, context);
    if (context.aggregation && !ContainsAggregate(e) && !FindWindowFunction(e) && e.kind != ExpressionKind::kScalarSubquery &&
        e.kind != ExpressionKind::kExists && e.kind != ExpressionKind::kInSubquery) {
      BindContext input_context{context.aggregation->input, nullptr, context.clause};
      FLOE_ASSIGN_OR_RETURN(auto pre, Bind(e, input_context));
      for (size_t i = 0; i < context.aggregation->keys.size(); ++i) {
        if (SameExpression(*context.aggregation->keys[i], *pre)) {
          return MakeColumn(static_cast<int32_t>(i), pre->type, e.location);
        }
      }
      if (!ReferencesColumns(*pre)) return pre;
      if (e.kind == ExpressionKind::kIdentifier) {
        return sql::SqlError(codes::kExpressionNotAggregate, e.location,
                             "'{}' must be an aggregate expression or appear in GROUP BY clause", sql::FormatExpression(e));
      }
      // Otherwise bind structurally: its parts may be keys.
    }
    switch (e.kind) {
      case ExpressionKind::kIdentifier: return ResolveColumn(e, context);
      case ExpressionKind::kNullLiteral: return MakeConstant(Value::Null(), SqlType::Of(SqlTypeKind::kUnknown), e.location);
      case ExpressionKind::kBooleanLiteral:
        return MakeConstant(Value::Boolean(e.boolean_value), SqlType::Of(SqlTypeKind::kBoolean), e.location);
      case ExpressionKind::kIntegerLiteral: {
        int64_t value = 0;
        auto [ptr, error] = std::from_chars(e.text.data(), e.text.data() + e.text.size(), value);
        if (error != std::errc() || ptr != e.text.data() + e.text.size()) {
          return sql::SqlError(codes::kGenericUserError, e.location, "Invalid numeric literal: {}", e.text);
        }
        bool fits_integer = value >= INT32_MIN && value <= INT32_MAX;
        return MakeConstant(Value::Integer(value), SqlType::Of(fits_integer ? SqlTypeKind::kInteger : SqlTypeKind::kBigint),
                            e.location);
      }
      case ExpressionKind::kDecimalLiteral: {
        FLOE_ASSIGN_OR_RETURN(auto literal, DecimalLiteral(e.text, e.location));
        return MakeConstant(Value::Decimal(literal.second), literal.first, e.location);
      }
      case ExpressionKind::kDoubleLiteral: {
        double value = 0;
        auto [ptr, error] = std::from_chars(e.text.data(), e.text.data() + e.text.size(), value);
        if (error != std::errc()) return sql::SqlError(codes::kGenericUserError, e.location, "Invalid numeric literal: {}", e.text);
        return MakeConstant(Value::Double(value), SqlType::Of(SqlTypeKind::kDouble), e.location);
      }
      case ExpressionKind::kStringLiteral: {
        SqlType type = SqlType::Varchar();
        type.length = CountCodePoints(e.text);
        return MakeConstant(Value::String(e.text), type, e.location);
      }
      case ExpressionKind::kBinaryLiteral: {
        std::string bytes;
        for (size_t i = 0; i + 1 < e.text.size(); i += 2) bytes.push_back(static_cast<char>(std::stoi(e.text.substr(i, 2), nullptr, 16)));
        return MakeConstant(Value::String(bytes), SqlType::Of(SqlTypeKind::kVarbinary), e.location);
      }
      case ExpressionKind::kTypedLiteral: return BindTypedLiteral(e);
      case ExpressionKind::kIntervalLiteral: return BindIntervalLiteral(e);
      case ExpressionKind::kCurrentTime: {
        const std::string& name = e.text;
        int64_t now = analyzer.context_.query_start_micros;
        if (name == "CURRENT_DATE") {
          // The date in the session's zone.
          int64_t local = now;
          if (auto shifted = LocalMicrosOf(now, SessionZone()); shifted.ok()) local = *shifted;
          int64_t days = local >= 0 ? local / 86400000000LL : -((-local + 86400000000LL - 1) / 86400000000LL);
          return MakeConstant(Value::Integer(days), SqlType::Of(SqlTypeKind::kDate), e.location);
        }
        if (name == "CURRENT_TIMESTAMP" || name == "LOCALTIMESTAMP") {
          SqlType type = SqlType::Timestamp(name == "CURRENT_TIMESTAMP");
          type.precision = e.type.parameters.empty() ? 3 : static_cast<int32_t>(std::min<int64_t>(6, e.type.parameters[0]));
          SqlType instant = SqlType::Timestamp(true);
          instant.time_zone = SessionZone();
          if (type.kind == SqlTypeKind::kTimestampTz) type.time_zone = SessionZone();
          auto constant = MakeConstant(Value::Integer(now), instant, e.location);
          return MakeCast(constant, type, false, e.location);
        }
        if (name == "CURRENT_USER") return MakeConstant(Value::String(analyzer.session_.user), SqlType::Varchar(), e.location);
        if (name == "CURRENT_CATALOG") return MakeConstant(Value::String(analyzer.session_.catalog), SqlType::Varchar(), e.location);
        if (name == "CURRENT_SCHEMA") {
          return analyzer.session_.schema ? MakeConstant(Value::String(*analyzer.session_.schema), SqlType::Varchar(), e.location)
                                          : MakeConstant(Value::Null(), SqlType::Varchar(), e.location);
        }
        return NotSupported(e.location, name);
      }
      case ExpressionKind::kUnary: {
        FLOE_ASSIGN_OR_RETURN(auto operand, Bind(*e.children[0], context));
        // -2147483648 and -9223372036854775808 are literals, not overflows.
        if (e.op == "-" && operand->is_constant() && e.children[0]->kind == ExpressionKind::kIntegerLiteral) {
          return MakeConstant(Value::Integer(-operand->constant.integer()),
                              -operand->constant.integer() >= INT32_MIN ? operand->type : SqlType::Of(SqlTypeKind::kBigint),
                              e.location);
        }
        return ResolveOperator(e.op, {operand}, e.location);
      }
      case ExpressionKind::kBinary:
      case ExpressionKind::kComparison: {
        FLOE_ASSIGN_OR_RETURN(auto left, Bind(*e.children[0], context));
        FLOE_ASSIGN_OR_RETURN(auto right, Bind(*e.children[1], context));
        return ResolveOperator(e.op, {left, right}, e.location);
      }
      case ExpressionKind::kDistinctFrom: {
        FLOE_ASSIGN_OR_RETURN(auto left, Bind(*e.children[0], context));
        FLOE_ASSIGN_OR_RETURN(auto right, Bind(*e.children[1], context));
        auto common = CommonSuperType(left->type, right->type);
        if (!common) {
          return sql::SqlError(codes::kTypeMismatch, e.location, "Cannot apply operator: {} IS DISTINCT FROM {}",
                               TypeSignature(left->type), TypeSignature(right->type));
        }
        FLOE_ASSIGN_OR_RETURN(left, MakeCast(left, *common, false, e.location));
        FLOE_ASSIGN_OR_RETURN(right, MakeCast(right, *common, false, e.location));
        auto call = std::make_shared<BoundExpression>();
        call->kind = BoundKind::kCall;
        call->function = "is_distinct_from";
        call->negated = e.negated;
        call->type = SqlType::Of(SqlTypeKind::kBoolean);
        call->location = e.location;
        call->children = {left, right};
        return BoundExpressionPtr(call);
      }
      case ExpressionKind::kAnd:
      case ExpressionKind::kOr: {
        auto node = std::make_shared<BoundExpression>();
        node->kind = e.kind == ExpressionKind::kAnd ? BoundKind::kAnd : BoundKind::kOr;
        node->type = SqlType::Of(SqlTypeKind::kBoolean);
        node->location = e.location;
        for (size_t i = 0; i < e.children.size(); ++i) {
          FLOE_ASSIGN_OR_RETURN(auto operand, Bind(*e.children[i], context));
          FLOE_ASSIGN_OR_RETURN(operand, RequireBoolean(operand, e.children[i]->location, i == 0 ? "Left side" : "Right side"));
          node->children.push_back(std::move(operand));
        }
        return BoundExpressionPtr(node);
      }
      case ExpressionKind::kNot: {
        FLOE_ASSIGN_OR_RETURN(auto operand, Bind(*e.children[0], context));
        if (operand->type.kind != SqlTypeKind::kBoolean && operand->type.kind != SqlTypeKind::kUnknown) {
          return sql::SqlError(codes::kTypeMismatch, e.location, "Value of logical NOT expression must evaluate to a boolean (actual: {})",
                               TypeSignature(operand->type));
        }
        FLOE_ASSIGN_OR_RETURN(operand, MakeCast(operand, SqlType::Of(SqlTypeKind::kBoolean), false, e.location));
        auto node = std::make_shared<BoundExpression>();
        node->kind = BoundKind::kNot;
        node->type = SqlType::Of(SqlTypeKind::kBoolean);
        node->location = e.location;
        node->children.push_back(std::move(operand));
        return BoundExpressionPtr(node);
      }
      case ExpressionKind::kIsNull: {
        FLOE_ASSIGN_OR_RETURN(auto operand, Bind(*e.children[0], context));
        auto node = std::make_shared<BoundExpression>();
        node->kind = BoundKind::kIsNull;
        node->negated = e.negated;
        node->type = SqlType::Of(SqlTypeKind::kBoolean);
        node->location = e.location;
        node->children.push_back(std::move(operand));
        return BoundExpressionPtr(node);
      }
      case ExpressionKind::kBetween: {
        FLOE_ASSIGN_OR_RETURN(auto value, Bind(*e.children[0], context));
        FLOE_ASSIGN_OR_RETURN(auto low, Bind(*e.children[1], context));
        FLOE_ASSIGN_OR_RETURN(auto high, Bind(*e.children[2], context));
        FLOE_ASSIGN_OR_RETURN(auto lower_bound, ResolveOperator(">=", {value, low}, e.location));
        FLOE_ASSIGN_OR_RETURN(auto upper_bound, ResolveOperator("<=", {value, high}, e.location));
        auto node = std::make_shared<BoundExpression>();
        node->kind = BoundKind::kAnd;
        node->type = SqlType::Of(SqlTypeKind::kBoolean);
        node->location = e.location;
        node->children = {lower_bound, upper_bound};
        if (!e.negated) return BoundExpressionPtr(node);
        auto negation = std::make_shared<BoundExpression>();
        negation->kind = BoundKind::kNot;
        negation->type = node->type;
        negation->location = e.location;
        negation->children.push_back(node);
        return BoundExpressionPtr(negation);
      }
      case ExpressionKind::kInList: {
        std::vector<BoundExpressionPtr> items;
        for (const auto& child : e.children) {
          FLOE_ASSIGN_OR_RETURN(auto item, Bind(*child, context));
          items.push_back(std::move(item));
        }
        SqlType common = items[0]->type;
        for (size_t i = 1; i < items.size(); ++i) {
          auto next = CommonSuperType(common, items[i]->type);
          if (!next) {
            return sql::SqlError(codes::kTypeMismatch, e.children[i]->location, "IN value and list items must be the same type: {}",
                                 TypeSignature(items[i]->type));
          }
          common = *next;
        }
        for (auto& item : items) {
          FLOE_ASSIGN_OR_RETURN(item, MakeCast(item, common, false, e.location));
        }
        auto node = std::make_shared<BoundExpression>();
        node->kind = BoundKind::kInList;
        node->negated = e.negated;
        node->type = SqlType::Of(SqlTypeKind::kBoolean);
        node->location = e.location;
        node->children = std::move(items);
        PrepareInList(node.get());
        return BoundExpressionPtr(node);
      }
      case ExpressionKind::kLike: {
        std::vector<BoundExpressionPtr> arguments;
        for (const auto& child : e.children) {
          FLOE_ASSIGN_OR_RETURN(auto argument, Bind(*child, context));
          if (!argument->type.is_string() && argument->type.kind != SqlTypeKind::kUnknown) {
            return sql::SqlError(codes::kTypeMismatch, child->location, "Left side of LIKE expression must evaluate to a varchar (actual: {})",
                                 TypeSignature(argument->type));
          }
          FLOE_ASSIGN_OR_RETURN(argument, MakeCast(argument, SqlType::Varchar(), false, child->location));
          arguments.push_back(std::move(argument));
        }
        auto call = std::make_shared<BoundExpression>();
        call->kind = BoundKind::kCall;
        call->function = "like";
        call->negated = e.negated;
        call->type = SqlType::Of(SqlTypeKind::kBoolean);
        call->location = e.location;
        call->children = std::move(arguments);
        return BoundExpressionPtr(call);
      }
      case ExpressionKind::kCase: return BindCase(e, context);
      case ExpressionKind::kCast: {
        FLOE_ASSIGN_OR_RETURN(auto operand, Bind(*e.children[0], context));
        FLOE_ASSIGN_OR_RETURN(SqlType type, ResolveType(e.type));
        if (type.kind == SqlTypeKind::kTimestampTz) {
          // A timestamp with time zone keeps its zone; other values are read in the session's.
          type.time_zone = operand->type.kind == SqlTypeKind::kTimestampTz ? operand->type.time_zone : SessionZone();
        }
        return MakeCast(operand, type, e.try_cast, e.location);
      }
      case ExpressionKind::kFunctionCall: {
        if (e.name.parts.size() != 1) return sql::SqlError(codes::kFunctionNotFound, e.location, "Function '{}' not registered", sql::FormatName(e.name));
        std::string name = Lower(e.name.parts[0].value);
        if (IsAggregateFunction(name)) return BindAggregate(e, context);
        if (IsWindowOnlyFunction(name)) {
          return sql::SqlError(codes::kMissingOver, e.location, "Window function {} requires an OVER clause", name);
        }
        if (e.distinct) {
          return sql::SqlError(codes::kFunctionNotFound, e.location, "DISTINCT is not supported for non-aggregation functions");
        }
        if (e.star) return sql::SqlError(codes::kFunctionNotFound, e.location, "Function '{}' not registered", name);
        if (name == "version" && e.children.empty()) {
          return MakeConstant(Value::String(std::string(kEngineVersion)), SqlType::Varchar(), e.location);
        }
        std::vector<BoundExpressionPtr> arguments;
        for (const auto& child : e.children) {
          FLOE_ASSIGN_OR_RETURN(auto argument, Bind(*child, context));
          arguments.push_back(std::move(argument));
        }
        if (name == "at_timezone" || name == "with_timezone" || name == "current_timezone") {
          return BindTimeZoneFunction(name, std::move(arguments), e.location);
        }
        if (name == "date_trunc" && arguments.size() == 2 && arguments[1]->type.kind == SqlTypeKind::kTimestampTz &&
            !IsUtcZone(arguments[1]->type.time_zone)) {
          // Truncated in local time, then read back in the value's zone.
          SqlType zoned = arguments[1]->type;
          SqlType local = SqlType::Timestamp(false);
          local.precision = zoned.precision;
          FLOE_ASSIGN_OR_RETURN(arguments[1], MakeCast(arguments[1], local, false, e.location));
          FLOE_ASSIGN_OR_RETURN(auto truncated, ResolveScalarFunction(name, std::move(arguments), e.location));
          return MakeCast(truncated, zoned, false, e.location);
        }
        FLOE_RETURN_IF_ERROR(LocalizeZonedArguments(name, &arguments, e.location));
        return ResolveScalarFunction(name, std::move(arguments), e.location);
      }
      case ExpressionKind::kExtract: {
        std::string field = Lower(e.text);
        if (field == "dow") field = "day_of_week";
        if (field == "doy") field = "day_of_year";
        FLOE_ASSIGN_OR_RETURN(auto operand, Bind(*e.children[0], context));
        std::vector<BoundExpressionPtr> arguments = {operand};
        FLOE_RETURN_IF_ERROR(LocalizeZonedArguments(field, &arguments, e.location));
        return ResolveScalarFunction(field, std::move(arguments), e.location);
      }
      case ExpressionKind::kInSubquery:
      case ExpressionKind::kExists:
      case ExpressionKind::kScalarSubquery: return BindSubquery(e, context);
      case ExpressionKind::kSubscript:
      case ExpressionKind::kArray:
      case ExpressionKind::kRow: {
        std::vector<BoundExpressionPtr> arguments;
        for (const auto& child : e.children) {
          FLOE_ASSIGN_OR_RETURN(auto argument, Bind(*child, context));
          arguments.push_back(std::move(argument));
        }
        std::string name = e.kind == ExpressionKind::kSubscript ? "$subscript" : e.kind == ExpressionKind::kArray ? "$array" : "$row";
        return ResolveScalarFunction(name, std::move(arguments), e.location);
      }
      case ExpressionKind::kDereference: {
        FLOE_ASSIGN_OR_RETURN(auto base, Bind(*e.children[0], context));
        return ResolveFieldAccess(std::move(base), e.name.parts.empty() ? "" : e.name.parts[0].value, e.location);
      }
      case ExpressionKind::kAtTimeZone: {
        FLOE_ASSIGN_OR_RETURN(auto value, Bind(*e.children[0], context));
        FLOE_ASSIGN_OR_RETURN(auto zone, Bind(*e.children[1], context));
        return BindTimeZoneFunction("at_timezone", {value, zone}, e.location);
      }
    }
    return NotSupported(e.location, "This expression");
  }

  // A window function call, bound over the window node's input (the
  // aggregate's outputs when grouping) and collected in context.windowing;
  // it reads as a column of the window node.
  Result<BoundExpressionPtr> BindWindowFunction(const sql::Expression& e, const BindContext& context) {
    if (!context.windowing) {
      if (context.clause == "window function argument") {
        return sql::SqlError(codes::kNestedWindow, e.location,
                             "Cannot nest window functions or row pattern measures inside window function arguments");
      }
      return sql::SqlError(codes::kGenericUserError, e.location,
                           "{} clause cannot contain aggregations, window functions or grouping operations: [{}]",
                           context.clause, sql::FormatExpression(e));
    }
    if (e.name.parts.size() != 1) {
      return sql::SqlError(codes::kFunctionNotFound, e.location, "Function '{}' not registered", sql::FormatName(e.name));
    }
    Windowing& windowing = *context.windowing;
    std::string name = Lower(e.name.parts[0].value);
    // The specification, completed by the named window it refers to.
    const sql::WindowSpecification& spec = *e.window;
    const sql::WindowSpecification* named = nullptr;
    if (spec.existing_name) {
      std::string wanted = Lower(spec.existing_name->value);
      for (const auto& [definition_name, definition] : windowing.definitions) {
        if (definition_name == wanted) named = definition;
      }
      if (!named) {
        return sql::SqlError(codes::kGenericUserError, spec.existing_name->location, "Cannot resolve WINDOW name {}",
                             spec.existing_name->value);
      }
      if (!spec.partition_by.empty()) {
        return sql::SqlError(codes::kGenericUserError, spec.partition_by[0]->location,
                             "WINDOW specification with named WINDOW reference cannot specify PARTITION BY");
      }
      if (!named->order_by.empty() && !spec.order_by.empty()) {
        return sql::SqlError(codes::kGenericUserError, spec.order_by[0].location,
                             "Cannot specify ORDER BY if referenced named WINDOW specifies ORDER BY");
      }
      if (named->frame) {
        return sql::SqlError(codes::kGenericUserError, spec.existing_name->location,
                             "Cannot reference named WINDOW containing frame specification");
      }
    }
    const auto& partition_by = named ? named->partition_by : spec.partition_by;
    const auto& order_by = named && spec.order_by.empty() ? named->order_by : spec.order_by;
    BindContext inner{context.scope, context.aggregation, "window function argument", nullptr};
    WindowCall call;
    call.name = name;
    for (const auto& key : partition_by) {
      FLOE_ASSIGN_OR_RETURN(auto bound, Bind(*key, inner));
      if (!bound->type.is_orderable()) {
        return sql::SqlError(codes::kTypeMismatch, key->location,
                             "{} is not comparable, and therefore cannot be used in window function PARTITION BY",
                             TypeSignature(bound->type));
      }
      call.partition_keys.push_back(std::move(bound));
    }
    for (const auto& item : order_by) {
      SortKey key;
      FLOE_ASSIGN_OR_RETURN(key.expression, Bind(*item.key, inner));
      if (!key.expression->type.is_orderable()) {
        return sql::SqlError(codes::kTypeMismatch, item.key->location,
                             "Type {} is not orderable, and therefore cannot be used in window function ORDER BY",
                             TypeSignature(key.expression->type));
      }
      key.descending = item.descending;
      key.nulls_first = item.nulls_first.value_or(false);
      call.order_keys.push_back(std::move(key));
    }
    if (IsAggregateFunction(name)) {
      if (e.distinct) return NotSupported(e.location, "DISTINCT in window function parameters");
      if (name == "approx_distinct") return NotSupported(e.location, "approx_distinct as a window function");
      call.function = WindowFunction::kAggregate;
      if (name == "count" && (e.star || e.children.empty())) {
        call.aggregate = AggregateFunction::kCountAll;
        call.type = SqlType::Of(SqlTypeKind::kBigint);
      } else {
        if (e.children.size() != 1) {
          return sql::SqlError(codes::kFunctionNotFound, e.location, "Unexpected parameters for function {}: {} arguments",
                               name, e.children.size());
        }
        FLOE_ASSIGN_OR_RETURN(auto argument, Bind(*e.children[0], inner));
        call.aggregate = name == "count"                   ? AggregateFunction::kCount
                         : name == "sum"                   ? AggregateFunction::kSum
                         : name == "avg"                   ? AggregateFunction::kAvg
                         : name == "min"                   ? AggregateFunction::kMin
                         : name == "max"                   ? AggregateFunction::kMax
                         : name == "count_if"              ? AggregateFunction::kCountIf
                         : name == "bool_and" || name == "every" ? AggregateFunction::kBoolAnd
                         : name == "bool_or"               ? AggregateFunction::kBoolOr
                                                           : AggregateFunction::kArbitrary;
        if (call.aggregate == AggregateFunction::kCountIf && argument->type.kind != SqlTypeKind::kBoolean) {
          return sql::SqlError(codes::kFunctionNotFound, e.location,
                               "Unexpected parameters ({}) for function count_if. Expected: count_if(boolean)",
                               TypeSignature(argument->type));
        }
        FLOE_ASSIGN_OR_RETURN(call.type, AggregateResultType(call.aggregate, argument->type, e.location, name));
        if (argument->type.kind == SqlTypeKind::kUnknown &&
            (call.aggregate == AggregateFunction::kSum || call.aggregate == AggregateFunction::kAvg)) {
          FLOE_ASSIGN_OR_RETURN(argument, MakeCast(argument, SqlType::Of(SqlTypeKind::kBigint), false, e.location));
        }
        call.arguments.push_back(std::move(argument));
      }
    } else {
      if (e.distinct || e.star) {
        return sql::SqlError(codes::kFunctionNotFound, e.location, "DISTINCT is not supported for non-aggregation functions");
      }
      std::vector<BoundExpressionPtr> arguments;
      for (const auto& child : e.children) {
        FLOE_ASSIGN_OR_RETURN(auto argument, Bind(*child, inner));
        arguments.push_back(std::move(argument));
      }
      FLOE_RETURN_IF_ERROR(ResolveWindowOnlyFunction(name, std::move(arguments), e.location, &call));
    }
    if (e.ignore_nulls) {
      bool value_function = call.function == WindowFunction::kLag || call.function == WindowFunction::kLead ||
                            call.function == WindowFunction::kFirstValue || call.function == WindowFunction::kLastValue ||
                            call.function == WindowFunction::kNthValue;
      if (!value_function) {
        return sql::SqlError(codes::kNullTreatmentNotAllowed, e.location, "Cannot specify null treatment clause for {} function", name);
      }
      call.ignore_nulls = *e.ignore_nulls;
    }
    auto bind_offset = [this](const sql::Expression& offset) { return BindConstantExpression(offset); };
    FLOE_ASSIGN_OR_RETURN(call.frame, ResolveWindowFrame(spec.frame, call.order_keys, bind_offset, analyzer.context_));
    windowing.calls.push_back(std::move(call));
    return MakeColumn(Windowing::kWindowColumnBase + static_cast<int32_t>(windowing.calls.size() - 1),
                      windowing.calls.back().type, e.location);
  }

  // `e` with the window columns (numbered from kWindowColumnBase) moved after
  // the window node's `input_width` input columns.
  static BoundExpressionPtr PlaceWindowColumns(const BoundExpressionPtr& e, int32_t input_width) {
    int32_t low = INT32_MAX, high = -1;
    CollectColumnIndexes(*e, &low, &high);
    if (high < Windowing::kWindowColumnBase) return e;
    auto copy = std::make_shared<BoundExpression>(*e);
    if (copy->kind == BoundKind::kColumn && copy->column >= Windowing::kWindowColumnBase) {
      copy->column = input_width + (copy->column - Windowing::kWindowColumnBase);
    }
    for (auto& child : copy->children) child = PlaceWindowColumns(child, input_width);
    return copy;
  }

  // `predicate` without its correlated equalities (inner = outer), which
  // go to `frame`; nullptr when nothing else is left.
  Result<BoundExpressionPtr> ExtractCorrelation(const BoundExpressionPtr& predicate, CorrelationFrame* frame) {
    std::vector<BoundExpressionPtr> conjuncts;
    if (predicate->kind == BoundKind::kAnd) {
      conjuncts = predicate->children;
    } else {
      conjuncts.push_back(predicate);
    }
    std::vector<BoundExpressionPtr> local;
    for (const auto& conjunct : conjuncts) {
      int32_t low = INT32_MAX, high = -1;
      CollectColumnIndexes(*conjunct, &low, &high);
      if (high < kOuterColumnBase) {
        local.push_back(conjunct);
        continue;
      }
      bool extracted = false;
      if (conjunct->kind == BoundKind::kCall && conjunct->function == "equal") {
        for (int side = 0; side < 2 && !extracted; ++side) {
          const BoundExpressionPtr& inner = conjunct->children[side];
          const BoundExpressionPtr& outer = conjunct->children[1 - side];
          int32_t inner_low = INT32_MAX, inner_high = -1, outer_low = INT32_MAX, outer_high = -1;
          CollectColumnIndexes(*inner, &inner_low, &inner_high);
          CollectColumnIndexes(*outer, &outer_low, &outer_high);
          if (inner_high >= 0 && inner_high < kOuterColumnBase && outer_low >= kOuterColumnBase) {
            frame->inner_keys.push_back(inner);
            frame->outer_keys.push_back(ShiftColumns(outer, -kOuterColumnBase));
            extracted = true;
          }
        }
      }
      if (!extracted) return sql::SqlError(codes::kNotSupported, conjunct->location, "Given correlated subquery is not supported");
    }
    if (local.empty()) return BoundExpressionPtr();
    if (local.size() == 1) return local[0];
    auto all = std::make_shared<BoundExpression>(*predicate);
    all->children = std::move(local);
    return BoundExpressionPtr(all);
  }

  // `e` over an aggregation's outputs, evaluated over no rows: keys NULL,
  // count-like aggregates 0, the others NULL.
  static BoundExpressionPtr EmptyAggregation(const BoundExpressionPtr& e, const Aggregation& aggregation) {
    if (e->kind == BoundKind::kColumn) {
      size_t index = static_cast<size_t>(e->column);
      Value value;
      if (index >= aggregation.keys.size() && index - aggregation.keys.size() < aggregation.calls.size()) {
        AggregateFunction function = aggregation.calls[index - aggregation.keys.size()].function;
        if (function == AggregateFunction::kCount || function == AggregateFunction::kCountAll ||
            function == AggregateFunction::kCountIf || function == AggregateFunction::kApproxDistinct) {
          value = Value::Integer(0);
        }
      }
      return MakeConstant(value, e->type, e->location);
    }
    if (!ReferencesColumns(*e)) return e;
    auto copy = std::make_shared<BoundExpression>(*e);
    for (auto& child : copy->children) child = EmptyAggregation(child, aggregation);
    return copy;
  }

  // True when an outer column is left anywhere in `plan` (a correlation
  // other than the WHERE clause's equalities).
  static bool ReferencesOuterColumns(const PlanNode& plan) {
    auto outer = [](const BoundExpressionPtr& e) {
      if (!e) return false;
      int32_t low = INT32_MAX, high = -1;
      CollectColumnIndexes(*e, &low, &high);
      return high >= kOuterColumnBase;
    };
    bool found = outer(plan.predicate) || outer(plan.join_filter);
    for (const auto& e : plan.expressions) found = found || outer(e);
    for (const auto& e : plan.group_keys) found = found || outer(e);
    for (const auto& call : plan.aggregates) found = found || outer(call.argument);
    for (const auto& key : plan.sort_keys) found = found || outer(key.expression);
    for (const auto& e : plan.left_keys) found = found || outer(e);
    for (const auto& e : plan.right_keys) found = found || outer(e);
    for (const auto& row : plan.rows) {
      for (const auto& e : row) found = found || outer(e);
    }
    for (const auto& call : plan.window_calls) {
      for (const auto& e : call.arguments) found = found || outer(e);
      for (const auto& e : call.partition_keys) found = found || outer(e);
      for (const auto& key : call.order_keys) found = found || outer(key.expression);
    }
    for (const auto& child : plan.children) found = found || ReferencesOuterColumns(*child);
    return found;
  }

  // A correlated subquery: joined onto the relation the expression is bound over.
  Result<BoundExpressionPtr> BindCorrelatedSubquery(const sql::Expression& e, const BindContext& context,
                                                    const CorrelationFrame& frame, const PlanPtr& plan) {
    if (frame.outer_keys.empty() || ReferencesOuterColumns(*plan) || !context.relation || context.aggregation) {
      return sql::SqlError(codes::kNotSupported, e.location, "Given correlated subquery is not supported");
    }
    size_t keys = frame.outer_keys.size();
    if (e.kind != ExpressionKind::kExists && plan->outputs.size() != keys + 1) {
      return sql::SqlError(codes::kNotSupported, e.location, "Multiple columns returned by subquery are not yet supported. Found {}",
                           plan->outputs.size() - keys);
    }
    PlanPtr outer = *context.relation;
    DecorrelatedSubquery result;
    if (e.kind == ExpressionKind::kExists) {
      if (frame.global_aggregate) return MakeConstant(Value::Boolean(true), SqlType::Of(SqlTypeKind::kBoolean), e.location);
      FLOE_ASSIGN_OR_RETURN(result, PlanCorrelatedExists(outer, plan, frame.outer_keys, false, e.location));
    } else if (e.kind == ExpressionKind::kScalarSubquery) {
      FLOE_ASSIGN_OR_RETURN(result, PlanCorrelatedScalar(outer, plan, frame.outer_keys, frame.empty_value, e.location));
    } else {
      FLOE_ASSIGN_OR_RETURN(auto value, Bind(*e.children[0], context));
      if (frame.global_aggregate) {
        // One row per outer row: IN is an equality with it.
        FLOE_ASSIGN_OR_RETURN(result, PlanCorrelatedScalar(outer, plan, frame.outer_keys, frame.empty_value, e.location));
        auto compared = ResolveOperator("=", {value, result.value}, e.location);
        if (!compared.ok()) {
          return sql::SqlError(codes::kTypeMismatch, e.location, "Value expression and result of subquery must be of the same type: {} vs {}",
                               TypeSignature(value->type), TypeSignature(result.value->type));
        }
        result.value = *compared;
        if (e.negated) {
          auto negation = std::make_shared<BoundExpression>();
          negation->kind = BoundKind::kNot;
          negation->type = SqlType::Of(SqlTypeKind::kBoolean);
          negation->location = e.location;
          negation->children.push_back(result.value);
          result.value = negation;
        }
      } else {
        FLOE_ASSIGN_OR_RETURN(result, PlanCorrelatedIn(outer, plan, frame.outer_keys, value, e.negated, e.location));
      }
    }
    *context.relation = std::const_pointer_cast<PlanNode>(result.relation);
    return result.value;
  }

  // --- Time zones (time_zone.h): a timestamp with time zone is a UTC instant
  // whose type names the zone it is shown in. ---

  std::string SessionZone() const {
    return IsUtcZone(analyzer.session_.time_zone) ? "" : analyzer.session_.time_zone;
  }

  // A constant zone name argument, resolved to its canonical spelling ("" for UTC).
  Result<std::string> ConstantZone(const BoundExpressionPtr& zone, sql::NodeLocation location) {
    if (zone->type.kind != SqlTypeKind::kVarchar && zone->type.kind != SqlTypeKind::kUnknown) {
      return sql::SqlError(codes::kNotSupported, location, "Time zones given as {} are not supported yet", TypeSignature(zone->type));
    }
    if (!zone->is_constant()) return sql::SqlError(codes::kNotSupported, location, "Time zones that are not constant are not supported yet");
    if (zone->constant.is_null()) return sql::SqlError(codes::kInvalidFunctionArgument, location, "Time zone must not be null");
    auto loaded = LoadTimeZone(zone->constant.string());
    if (!loaded.ok()) return sql::MakeError(codes::kInvalidFunctionArgument, location, loaded.status().message());
    return IsUtcZone((*loaded)->name()) ? std::string() : (*loaded)->name();
  }

  // at_timezone(tstz, zone) / value AT TIME ZONE zone: the same instant shown
  // in `zone`; with_timezone(timestamp, zone): the local time read in `zone`;
  // current_timezone(): the session's zone.
  Result<BoundExpressionPtr> BindTimeZoneFunction(const std::string& name, std::vector<BoundExpressionPtr> arguments,
                                                  sql::NodeLocation location) {
    auto unexpected = [&](std::string_view expected) {
      std::string actual;
      for (const auto& argument : arguments) actual += (actual.empty() ? "" : ", ") + TypeSignature(argument->type);
      return sql::SqlError(codes::kFunctionNotFound, location, "Unexpected parameters ({}) for function {}. Expected: {}", actual, name,
                           expected);
    };
    if (name == "current_timezone") {
      if (!arguments.empty()) return unexpected("current_timezone()");
      std::string zone = analyzer.session_.time_zone.empty() ? "UTC" : analyzer.session_.time_zone;
      return MakeConstant(Value::String(zone), SqlType::Varchar(), location);
    }
    if (arguments.size() != 2) return unexpected(name + "(timestamp(p) with time zone, varchar)");
    FLOE_ASSIGN_OR_RETURN(std::string zone, ConstantZone(arguments[1], location));
    BoundExpressionPtr value = arguments[0];
    SqlTypeKind kind = value->type.kind;
    if (name == "with_timezone") {
      if (kind != SqlTypeKind::kTimestamp && kind != SqlTypeKind::kUnknown) return unexpected("with_timezone(timestamp(p), varchar)");
      SqlType type = SqlType::Timestamp(true);
      type.precision = kind == SqlTypeKind::kTimestamp ? value->type.precision : 3;
      type.time_zone = zone;
      return MakeCast(value, type, false, location);
    }
    if (kind == SqlTypeKind::kDate || kind == SqlTypeKind::kTimestamp) {
      // AT TIME ZONE over a timestamp: first read in the session's zone.
      SqlType type = SqlType::Timestamp(true);
      type.precision = kind == SqlTypeKind::kTimestamp ? value->type.precision : 0;
      type.time_zone = SessionZone();
      FLOE_ASSIGN_OR_RETURN(value, MakeCast(value, type, false, location));
    } else if (kind != SqlTypeKind::kTimestampTz && kind != SqlTypeKind::kUnknown) {
      return unexpected("at_timezone(timestamp(p) with time zone, varchar)");
    }
    // The same values under a relabeled type: a copy of the node (its
    // evaluation does not depend on its own type's zone) or a cast node.
    SqlType type = kind == SqlTypeKind::kUnknown ? SqlType::Timestamp(true) : value->type;
    type.time_zone = zone;
    if (value->kind == BoundKind::kColumn || value->is_constant()) {
      auto relabeled = std::make_shared<BoundExpression>(*value);
      relabeled->type = type;
      return BoundExpressionPtr(relabeled);
    }
    auto cast = std::make_shared<BoundExpression>();
    cast->kind = BoundKind::kCast;
    cast->type = type;
    cast->location = location;
    cast->children.push_back(value);
    return BoundExpressionPtr(cast);
  }

  // Functions of the local time (hour, day, year, date...) read a timestamp
  // with time zone in its own zone: such arguments become that local time.
  // Other functions that depend on the zone are refused for zones other
  // than UTC rather than answered in UTC.
  Status LocalizeZonedArguments(const std::string& name, std::vector<BoundExpressionPtr>* arguments, sql::NodeLocation location) {
    static const std::set<std::string> kLocalFields = {
        "year", "quarter", "month", "week", "week_of_year", "day", "day_of_month", "day_of_week", "dow", "day_of_year",
        "doy", "hour", "minute", "second", "millisecond", "year_of_week", "yow", "date", "last_day_of_month"};
    static const std::set<std::string> kInstantFunctions = {"to_unixtime", "coalesce", "nullif", "if", "greatest", "least"};
    for (auto& argument : *arguments) {
      if (argument->type.kind != SqlTypeKind::kTimestampTz || IsUtcZone(argument->type.time_zone)) continue;
      if (kLocalFields.count(name)) {
        SqlType local = SqlType::Timestamp(false);
        local.precision = argument->type.precision;
        FLOE_ASSIGN_OR_RETURN(argument, MakeCast(argument, local, false, location));
      } else if (!kInstantFunctions.count(name)) {
        return sql::SqlError(codes::kNotSupported, location,
                             "{} over timestamp with time zone values in zone {} is not supported yet (use AT TIME ZONE 'UTC')", name,
                             argument->type.time_zone);
      }
    }
    return Status::OK();
  }

  // Subqueries: uncorrelated ones run now and become constants; correlated
  // ones are decorrelated into joins (subquery_planner.h).
  Result<BoundExpressionPtr> BindSubquery(const sql::Expression& e, const BindContext& context) {
    if (!analyzer.run_subquery_) return NotSupported(e.location, "Subqueries");
    CorrelationFrame frame;
    frame.outer = context.scope;
    const sql::Query& subquery = *e.subquery;
    if (subquery.with.empty() && subquery.body->kind == sql::QueryBodyKind::kSpecification) {
      frame.spec = &subquery.body->specification;
    }
    correlation_frames.push_back(&frame);
    auto saved = named_queries;
    auto analyzed = AnalyzeQueryPlan(subquery);
    named_queries = std::move(saved);
    correlation_frames.pop_back();
    if (!analyzed.ok()) return analyzed.status();
    if (frame.referenced) return BindCorrelatedSubquery(e, context, frame, analyzed->node);
    PlanPtr plan = Optimize(analyzed->node);
    if (e.kind != ExpressionKind::kExists && plan->outputs.size() != 1) {
      return sql::SqlError(codes::kNotSupported, e.location, "Multiple columns returned by subquery are not yet supported. Found {}",
                           plan->outputs.size());
    }
    FLOE_ASSIGN_OR_RETURN(auto rows, analyzer.run_subquery_(plan));
    if (e.kind == ExpressionKind::kExists) {
      return MakeConstant(Value::Boolean(!rows.empty()), SqlType::Of(SqlTypeKind::kBoolean), e.location);
    }
    const SqlType& type = plan->outputs[0].type;
    if (e.kind == ExpressionKind::kScalarSubquery) {
      if (rows.size() > 1) {
        return sql::SqlError(codes::kSubqueryMultipleRows, e.location, "Scalar sub-query has returned multiple rows");
      }
      return MakeConstant(rows.empty() ? Value::Null() : rows[0][0], type, e.location);
    }
    // value IN (subquery): IN over the subquery's values.
    FLOE_ASSIGN_OR_RETURN(auto value, Bind(*e.children[0], context));
    auto common = CommonSuperType(value->type, type);
    if (!common) {
      return sql::SqlError(codes::kTypeMismatch, e.location, "Value expression and result of subquery must be of the same type: {} vs {}",
                           TypeSignature(value->type), TypeSignature(type));
    }
    auto node = std::make_shared<BoundExpression>();
    node->kind = BoundKind::kInList;
    node->negated = e.negated;
    node->type = SqlType::Of(SqlTypeKind::kBoolean);
    node->location = e.location;
    FLOE_ASSIGN_OR_RETURN(value, MakeCast(value, *common, false, e.location));
    node->children.push_back(value);
    if (rows.empty()) {
      // x IN (empty) is false, even for a NULL x.
      return MakeConstant(Value::Boolean(e.negated), SqlType::Of(SqlTypeKind::kBoolean), e.location);
    }
    for (const auto& row : rows) {
      FLOE_ASSIGN_OR_RETURN(auto item, MakeCast(MakeConstant(row[0], type, e.location), *common, false, e.location));
      node->children.push_back(std::move(item));
    }
    PrepareInList(node.get());
    return BoundExpressionPtr(node);
  }

  Result<BoundExpressionPtr> BindTypedLiteral(const sql::Expression& e) {
    const std::string& type_name = e.type.name;
    auto invalid = [&](std::string_view what) {
      return sql::SqlError(codes::kInvalidLiteral, e.location, "'{}' is not a valid {} literal", e.text, what);
    };
    if (type_name == "date") {
      auto days = ParseDate(e.text);
      if (!days.ok()) return invalid("DATE");
      return MakeConstant(Value::Integer(*days), SqlType::Of(SqlTypeKind::kDate), e.location);
    }
    if (type_name == "timestamp") {
      bool had_zone = false;
      auto micros = ParseTimestampMicros(e.text, true, &had_zone);
      if (!micros.ok()) {
        if (micros.status().code() == codes::kNotSupported.name) return sql::MakeError(codes::kNotSupported, e.location, micros.status().message());
        return invalid("TIMESTAMP");
      }
      // Precision: the literal's fraction digits (at most 6 kept).
      int32_t precision = 0;
      size_t dot = e.text.find('.');
      if (dot != std::string::npos) {
        size_t end = dot + 1;
        while (end < e.text.size() && std::isdigit(static_cast<unsigned char>(e.text[end]))) ++end;
        precision = static_cast<int32_t>(std::min<size_t>(6, end - dot - 1));
      }
      SqlType type = SqlType::Timestamp(had_zone);
      type.precision = precision;
      if (had_zone) {
        // Shown in the zone it was written in.
        if (auto zone = TrailingZoneName(e.text)) {
          if (auto loaded = LoadTimeZone(*zone); loaded.ok() && !IsUtcZone((*loaded)->name())) type.time_zone = (*loaded)->name();
        }
      }
      return MakeConstant(Value::Integer(*micros), type, e.location);
    }
    if (type_name == "time") {
      auto micros = ParseTimeMicros(e.text);
      if (!micros.ok()) return invalid("TIME");
      int32_t precision = 0;
      size_t dot = e.text.find('.');
      if (dot != std::string::npos) precision = static_cast<int32_t>(std::min<size_t>(6, e.text.size() - dot - 1));
      return MakeConstant(Value::Integer(*micros), SqlType{SqlTypeKind::kTime, precision}, e.location);
    }
    if (type_name == "decimal") {
      FLOE_ASSIGN_OR_RETURN(auto literal, DecimalLiteral(e.text, e.location));
      return MakeConstant(Value::Decimal(literal.second), literal.first, e.location);
    }
    sql::TypeSpec spec = e.type;
    auto type = ResolveType(spec);
    if (!type.ok()) return type.status();
    auto text = MakeConstant(Value::String(e.text), SqlType::Varchar(), e.location);
    auto cast = MakeCast(text, *type, false, e.location);
    if (!cast.ok()) return cast.status();
    if (!(*cast)->is_constant()) return invalid(TypeSignature(*type));
    return cast;
  }

  Result<BoundExpressionPtr> BindCase(const sql::Expression& e, const BindContext& context) {
    size_t i = 0;
    BoundExpressionPtr operand;
    if (e.has_operand) {
      FLOE_ASSIGN_OR_RETURN(operand, Bind(*e.children[0], context));
      i = 1;
    }
    size_t end = e.children.size() - (e.has_else ? 1 : 0);
    std::vector<BoundExpressionPtr> conditions, results;
    for (; i < end; i += 2) {
      FLOE_ASSIGN_OR_RETURN(auto when, Bind(*e.children[i], context));
      if (operand) {
        FLOE_ASSIGN_OR_RETURN(when, ResolveOperator("=", {operand, when}, e.children[i]->location));
      } else if (when->type.kind != SqlTypeKind::kBoolean && when->type.kind != SqlTypeKind::kUnknown) {
        return sql::SqlError(codes::kTypeMismatch, e.children[i]->location, "CASE WHEN clause must evaluate to a boolean (actual: {})",
                             TypeSignature(when->type));
      }
      FLOE_ASSIGN_OR_RETURN(when, MakeCast(when, SqlType::Of(SqlTypeKind::kBoolean), false, e.children[i]->location));
      FLOE_ASSIGN_OR_RETURN(auto then, Bind(*e.children[i + 1], context));
      conditions.push_back(std::move(when));
      results.push_back(std::move(then));
    }
    if (e.has_else) {
      FLOE_ASSIGN_OR_RETURN(auto otherwise, Bind(*e.children.back(), context));
      results.push_back(std::move(otherwise));
    }
    SqlType common = results[0]->type;
    for (size_t r = 1; r < results.size(); ++r) {
      auto next = CommonSuperType(common, results[r]->type);
      if (!next) {
        return sql::SqlError(codes::kTypeMismatch, results[r]->location, "All CASE results must be the same type or coercible to a common type. Cannot find common type between {} and {}",
                             TypeSignature(common), TypeSignature(results[r]->type));
      }
      common = *next;
    }
    auto node = std::make_shared<BoundExpression>();
    node->kind = BoundKind::kCase;
    node->type = common;
    node->location = e.location;
    node->has_else = e.has_else;
    for (size_t c = 0; c < conditions.size(); ++c) {
      node->children.push_back(conditions[c]);
      FLOE_ASSIGN_OR_RETURN(auto result, MakeCast(results[c], common, false, results[c]->location));
      node->children.push_back(std::move(result));
    }
    if (e.has_else) {
      FLOE_ASSIGN_OR_RETURN(auto result, MakeCast(results.back(), common, false, results.back()->location));
      node->children.push_back(std::move(result));
    }
    return BoundExpressionPtr(node);
  }
};

Result<PlanPtr> Analyzer::AnalyzeQuery(const sql::Query& query) {
  Impl impl{*this};
  FLOE_ASSIGN_OR_RETURN(auto plan, impl.AnalyzeQueryPlan(query));
  PlanPtr node = plan.node;
  // The result columns are named by the scope (aliases), not by internal names.
  if (node->outputs.size() == plan.scope.fields.size()) {
    bool renamed = false;
    for (size_t i = 0; i < node->outputs.size(); ++i) renamed = renamed || node->outputs[i].name != plan.scope.fields[i].name;
    if (renamed) {
      auto copy = std::make_shared<PlanNode>(*node);
      for (size_t i = 0; i < copy->outputs.size(); ++i) copy->outputs[i].name = plan.scope.fields[i].name;
      node = copy;
    }
  }
  return node;
}

Result<BoundExpressionPtr> Analyzer::BindConstant(const sql::Expression& expression) {
  Impl impl{*this};
  return impl.BindConstantExpression(expression);
}

Result<catalog::Namespace> Analyzer::ResolveSchemaName(const sql::QualifiedName& name) const {
  if (name.parts.size() > 2) {
    return sql::SqlError(codes::kGenericUserError, name.location(), "Too many parts in schema name: {}", sql::FormatName(name));
  }
  if (name.parts.size() == 2 && Lower(name.parts[0].value) != kIcebergCatalog) {
    return sql::SqlError(codes::kCatalogNotFound, name.location(), "Catalog '{}' not found", Lower(name.parts[0].value));
  }
  return catalog::Namespace{{Lower(name.parts.back().value)}};
}

Result<catalog::TableIdentifier> Analyzer::ResolveTableName(const sql::QualifiedName& name) const {
  const auto& parts = name.parts;
  if (parts.size() > 3) {
    return sql::SqlError(codes::kGenericUserError, name.location(), "Too many dots in table name: {}", sql::FormatName(name));
  }
  std::string catalog_name = parts.size() == 3 ? Lower(parts[0].value) : session_.catalog;
  if (catalog_name != kIcebergCatalog) {
    return sql::SqlError(codes::kCatalogNotFound, name.location(), "Catalog '{}' not found", catalog_name);
  }
  std::string schema;
  if (parts.size() >= 2) {
    schema = Lower(parts[parts.size() - 2].value);
  } else if (session_.schema) {
    schema = *session_.schema;
  } else {
    return sql::SqlError(codes::kMissingSchemaName, name.location(), "Schema must be specified when session schema is not set");
  }
  std::string table = Lower(parts.back().value);
  return catalog::TableIdentifier{catalog::Namespace{{schema}}, table};
}

Result<catalog::LoadTableResult> Analyzer::LoadTable(const catalog::TableIdentifier& identifier,
                                                     NodeLocation location) const {
  auto table = catalog_.LoadTable(identifier);
  if (table.ok()) return table;
  std::string full = fmt::format("{}.{}.{}", kIcebergCatalog, identifier.ns.ToString(), identifier.name);
  if (table.status().kind() == ErrorKind::kNoSuchTable) {
    if (catalog_.NamespaceExists(identifier.ns).kind() == ErrorKind::kNoSuchNamespace) {
      return sql::SqlError(codes::kSchemaNotFound, location, "Schema '{}' does not exist", identifier.ns.ToString());
    }
    return sql::SqlError(codes::kTableNotFound, location, "Table '{}' does not exist", full);
  }
  if (table.status().kind() == ErrorKind::kNoSuchNamespace) {
    return sql::SqlError(codes::kSchemaNotFound, location, "Schema '{}' does not exist", identifier.ns.ToString());
  }
  return table.status();
}

}  // namespace floe::engine
