#include "floe/engine/optimizer.h"

#include <set>

#include <fmt/format.h>

#include "floe/engine/constant_folding.h"
#include "floe/engine/join_planner.h"

namespace floe::engine {

namespace {

void CollectColumns(const BoundExpression& e, std::set<int32_t>* columns) {
  if (e.kind == BoundKind::kColumn) columns->insert(e.column);
  for (const auto& child : e.children) CollectColumns(*child, columns);
}

// A column reference, possibly under a widening integral cast (int -> bigint)
// whose constant side can be narrowed back.
const BoundExpression* ColumnOf(const BoundExpression& e) {
  if (e.kind == BoundKind::kColumn) return &e;
  if (e.kind == BoundKind::kCast && e.children[0]->kind == BoundKind::kColumn && e.type.is_integral() &&
      e.children[0]->type.is_integral()) {
    return e.children[0].get();
  }
  return nullptr;
}

bool Pushable(const SqlType& type) {
  switch (type.kind) {
    case SqlTypeKind::kBoolean:
    case SqlTypeKind::kInteger:
    case SqlTypeKind::kBigint:
    case SqlTypeKind::kReal:
    case SqlTypeKind::kDouble:
    case SqlTypeKind::kDecimal:
    case SqlTypeKind::kVarchar:
    case SqlTypeKind::kDate:
    case SqlTypeKind::kTimestamp:
    case SqlTypeKind::kTimestampTz: return true;
    default: return false;
  }
}

// Adds the predicates `conjunct` implies on scan columns.
void ExtractPredicates(const BoundExpression& conjunct, const PlanNode& scan, std::vector<ScanPredicate>* out) {
  using Op = ScanPredicate::Op;
  if (conjunct.kind == BoundKind::kIsNull) {
    const BoundExpression* column = ColumnOf(*conjunct.children[0]);
    if (column) out->push_back(ScanPredicate{column->column, conjunct.negated ? Op::kIsNotNull : Op::kIsNull, {}});
    return;
  }
  if (conjunct.kind == BoundKind::kCall && conjunct.children.size() == 2) {
    static const std::pair<std::string_view, Op> kOps[] = {
        {"equal", Op::kEqual}, {"not_equal", Op::kNotEqual}, {"less_than", Op::kLess},
        {"less_than_or_equal", Op::kLessOrEqual}, {"greater_than", Op::kGreater},
        {"greater_than_or_equal", Op::kGreaterOrEqual}};
    for (const auto& [name, op] : kOps) {
      if (conjunct.function != name) continue;
      const BoundExpression* left = ColumnOf(*conjunct.children[0]);
      const BoundExpression* right = ColumnOf(*conjunct.children[1]);
      Op effective = op;
      const BoundExpression* column = nullptr;
      const BoundExpression* constant = nullptr;
      if (left && conjunct.children[1]->is_constant()) {
        column = left;
        constant = conjunct.children[1].get();
      } else if (right && conjunct.children[0]->is_constant()) {
        column = right;
        constant = conjunct.children[0].get();
        switch (op) {  // constant op column -> column op' constant
          case Op::kLess: effective = Op::kGreater; break;
          case Op::kLessOrEqual: effective = Op::kGreaterOrEqual; break;
          case Op::kGreater: effective = Op::kLess; break;
          case Op::kGreaterOrEqual: effective = Op::kLessOrEqual; break;
          default: break;
        }
      }
      if (!column || constant->constant.is_null()) return;
      const SqlType& column_type = scan.scan_columns[column->column].type;
      if (!Pushable(column_type)) return;
      if (scan.scan_columns[column->column].field_id == kFilePathFieldId) return;  // no metrics: filtered after the scan
      if (column_type.is_integral()) {
        // The constant was typed for the (possibly widened) comparison: keep it if in range.
        if (!constant->type.is_integral()) return;
        int64_t v = constant->constant.integer();
        if (column_type.kind == SqlTypeKind::kInteger && (v < INT32_MIN || v > INT32_MAX)) return;
      } else if (!(constant->type == column_type)) {
        return;  // compared after a cast of the column: not a plain column predicate
      }
      out->push_back(ScanPredicate{column->column, effective, constant->constant});
      return;
    }
  }
}

PlanPtr PushDown(const PlanPtr& plan) {
  std::vector<PlanPtr> children;
  for (const auto& child : plan->children) children.push_back(PushDown(child));
  auto copy = std::make_shared<PlanNode>(*plan);
  copy->children = std::move(children);
  if (copy->kind == PlanKind::kFilter && copy->children[0]->kind == PlanKind::kTableScan) {
    auto scan = std::make_shared<PlanNode>(*copy->children[0]);
    std::vector<const BoundExpression*> conjuncts;
    if (copy->predicate->kind == BoundKind::kAnd) {
      for (const auto& child : copy->predicate->children) conjuncts.push_back(child.get());
    } else {
      conjuncts.push_back(copy->predicate.get());
    }
    for (const BoundExpression* conjunct : conjuncts) ExtractPredicates(*conjunct, *scan, &scan->scan_predicates);
    copy->children[0] = scan;
  }
  return copy;
}

// Marks the scan columns read; `required` are the needed outputs of `plan`.
PlanPtr Prune(const PlanPtr& plan, const std::set<int32_t>& required) {
  auto copy = std::make_shared<PlanNode>(*plan);
  std::set<int32_t> child_required;
  switch (plan->kind) {
    case PlanKind::kTableScan: {
      copy->column_read.assign(plan->scan_columns.size(), false);
      for (int32_t column : required) copy->column_read[column] = true;
      return copy;
    }
    case PlanKind::kValues: return copy;
    case PlanKind::kFilter:
      child_required = required;
      CollectColumns(*plan->predicate, &child_required);
      break;
    case PlanKind::kProject:
      for (const auto& expression : plan->expressions) CollectColumns(*expression, &child_required);
      break;
    case PlanKind::kAggregate:
      for (const auto& key : plan->group_keys) CollectColumns(*key, &child_required);
      for (const auto& call : plan->aggregates) {
        if (call.argument) CollectColumns(*call.argument, &child_required);
      }
      break;
    case PlanKind::kSort:
      child_required = required;
      for (const auto& key : plan->sort_keys) CollectColumns(*key.expression, &child_required);
      break;
    case PlanKind::kLimit: child_required = required; break;
    case PlanKind::kUnnest: {
      int32_t width = static_cast<int32_t>(plan->children[0]->outputs.size());
      for (int32_t column : required) {
        if (column < width) child_required.insert(column);
      }
      for (const auto& expression : plan->expressions) CollectColumns(*expression, &child_required);
      break;
    }
    case PlanKind::kWindow: {
      int32_t input_width = static_cast<int32_t>(plan->children[0]->outputs.size());
      for (int32_t column : required) {
        if (column < input_width) child_required.insert(column);
      }
      for (const auto& call : plan->window_calls) {
        for (const auto& argument : call.arguments) CollectColumns(*argument, &child_required);
        for (const auto& key : call.partition_keys) CollectColumns(*key, &child_required);
        for (const auto& key : call.order_keys) CollectColumns(*key.expression, &child_required);
      }
      break;
    }
    case PlanKind::kSetOperation:
      // Rows compare on every column: both sides keep all of them.
      for (size_t i = 0; i < plan->outputs.size(); ++i) child_required.insert(static_cast<int32_t>(i));
      break;
    case PlanKind::kJoin: {
      int32_t left_width = static_cast<int32_t>(plan->children[0]->outputs.size());
      std::set<int32_t> combined = required, left, right;
      if (plan->join_filter) CollectColumns(*plan->join_filter, &combined);
      for (int32_t column : combined) (column < left_width ? left : right).insert(column < left_width ? column : column - left_width);
      for (const auto& key : plan->left_keys) CollectColumns(*key, &left);
      for (const auto& key : plan->right_keys) CollectColumns(*key, &right);
      copy->children[0] = Prune(plan->children[0], left);
      copy->children[1] = Prune(plan->children[1], right);
      return copy;
    }
  }
  for (auto& child : copy->children) child = Prune(child, child_required);
  return copy;
}

std::string_view OpText(ScanPredicate::Op op) {
  switch (op) {
    case ScanPredicate::Op::kLess: return "<";
    case ScanPredicate::Op::kLessOrEqual: return "<=";
    case ScanPredicate::Op::kEqual: return "=";
    case ScanPredicate::Op::kNotEqual: return "<>";
    case ScanPredicate::Op::kGreaterOrEqual: return ">=";
    case ScanPredicate::Op::kGreater: return ">";
    case ScanPredicate::Op::kIsNull: return "IS NULL";
    case ScanPredicate::Op::kIsNotNull: return "IS NOT NULL";
  }
  return "?";
}

std::string FormatBound(const BoundExpression& e, const std::vector<OutputColumn>& inputs) {
  switch (e.kind) {
    case BoundKind::kColumn:
      return e.column >= 0 && static_cast<size_t>(e.column) < inputs.size() ? inputs[e.column].name
                                                                            : fmt::format("#{}", e.column);
    case BoundKind::kConstant:
      return e.type.is_string() && !e.constant.is_null() ? "'" + FormatValue(e.constant, e.type) + "'"
                                                          : FormatValue(e.constant, e.type);
    case BoundKind::kCast: return fmt::format("CAST({} AS {})", FormatBound(*e.children[0], inputs), TypeSignature(e.type));
    default: {
      std::string name = e.kind == BoundKind::kCall ? e.function
                         : e.kind == BoundKind::kAnd ? "and"
                         : e.kind == BoundKind::kOr ? "or"
                         : e.kind == BoundKind::kNot ? "not"
                         : e.kind == BoundKind::kIsNull ? (e.negated ? "is_not_null" : "is_null")
                         : e.kind == BoundKind::kCase ? "case"
                         : e.kind == BoundKind::kInList ? (e.negated ? "not_in" : "in")
                                                        : "coalesce";
      std::string out = name + "(";
      for (size_t i = 0; i < e.children.size(); ++i) {
        if (i > 0) out += ", ";
        out += FormatBound(*e.children[i], inputs);
      }
      return out + ")";
    }
  }
}

}  // namespace

PlanPtr Optimize(const PlanPtr& plan) {
  PlanPtr pushed = PushDown(PlanJoins(FoldConstants(plan)));
  std::set<int32_t> all;
  for (size_t i = 0; i < plan->outputs.size(); ++i) all.insert(static_cast<int32_t>(i));
  return Prune(pushed, all);
}

iceberg::ExpressionPtr IcebergFilterOf(const PlanNode& scan) {
  std::vector<iceberg::ExpressionPtr> parts;
  for (const ScanPredicate& predicate : scan.scan_predicates) {
    const ScanColumn& column = scan.scan_columns[predicate.column];
    iceberg::Literal literal;
    const Value& v = predicate.value;
    if (!v.is_null()) {
      switch (column.type.kind) {
        case SqlTypeKind::kBoolean: literal = v.boolean(); break;
        case SqlTypeKind::kInteger:
        case SqlTypeKind::kDate: literal = static_cast<int32_t>(v.integer()); break;
        case SqlTypeKind::kBigint:
        case SqlTypeKind::kTimestamp:
        case SqlTypeKind::kTimestampTz: literal = v.integer(); break;
        case SqlTypeKind::kReal: literal = static_cast<float>(v.real()); break;
        case SqlTypeKind::kDouble: literal = v.real(); break;
        case SqlTypeKind::kDecimal: literal = iceberg::Decimal{v.decimal()}; break;
        case SqlTypeKind::kVarchar: literal = v.string(); break;
        default: continue;
      }
    }
    const std::string& name = column.name;
    switch (predicate.op) {
      case ScanPredicate::Op::kLess: parts.push_back(iceberg::LessThan(name, literal)); break;
      case ScanPredicate::Op::kLessOrEqual: parts.push_back(iceberg::LessThanOrEqual(name, literal)); break;
      case ScanPredicate::Op::kEqual: parts.push_back(iceberg::Equal(name, literal)); break;
      case ScanPredicate::Op::kNotEqual: parts.push_back(iceberg::NotEqual(name, literal)); break;
      case ScanPredicate::Op::kGreaterOrEqual: parts.push_back(iceberg::GreaterThanOrEqual(name, literal)); break;
      case ScanPredicate::Op::kGreater: parts.push_back(iceberg::GreaterThan(name, literal)); break;
      case ScanPredicate::Op::kIsNull: parts.push_back(iceberg::IsNull(name)); break;
      case ScanPredicate::Op::kIsNotNull: parts.push_back(iceberg::NotNull(name)); break;
    }
  }
  if (parts.empty()) return nullptr;
  return iceberg::And(parts);
}

std::string FormatPlan(const PlanNode& plan, int indent) {
  std::string pad(static_cast<size_t>(indent) * 4, ' ');
  std::string columns;
  for (size_t i = 0; i < plan.outputs.size(); ++i) {
    if (i > 0) columns += ", ";
    columns += plan.outputs[i].name + ":" + TypeSignature(plan.outputs[i].type);
  }
  const std::vector<OutputColumn> empty;
  const std::vector<OutputColumn>& inputs = plan.children.empty() ? empty : plan.children[0]->outputs;
  std::string line;
  switch (plan.kind) {
    case PlanKind::kTableScan: {
      std::string read;
      for (size_t i = 0; i < plan.scan_columns.size(); ++i) {
        if (!plan.column_read.empty() && !plan.column_read[i]) continue;
        if (!read.empty()) read += ", ";
        read += plan.scan_columns[i].name;
      }
      line = fmt::format("TableScan[iceberg:{}] columns: [{}]", plan.table.ToString(), read);
      if (!plan.scan_predicates.empty()) {
        std::string predicates;
        for (const auto& predicate : plan.scan_predicates) {
          if (!predicates.empty()) predicates += " AND ";
          predicates += plan.scan_columns[predicate.column].name + " " + std::string(OpText(predicate.op));
          if (!predicate.value.is_null()) {
            const SqlType& type = plan.scan_columns[predicate.column].type;
            predicates += " " + (type.is_string() ? "'" + FormatValue(predicate.value, type) + "'" : FormatValue(predicate.value, type));
          }
        }
        line += "\n" + pad + "    pushed filter: " + predicates;
      }
      break;
    }
    case PlanKind::kValues: line = fmt::format("Values[{} rows]", plan.rows.size()); break;
    case PlanKind::kFilter: line = "Filter[" + FormatBound(*plan.predicate, inputs) + "]"; break;
    case PlanKind::kProject: {
      std::string items;
      for (size_t i = 0; i < plan.expressions.size(); ++i) {
        if (i > 0) items += ", ";
        items += plan.outputs[i].name + " := " + FormatBound(*plan.expressions[i], inputs);
      }
      line = "Project[" + items + "]";
      break;
    }
    case PlanKind::kAggregate: {
      std::string keys, calls;
      for (size_t i = 0; i < plan.group_keys.size(); ++i) {
        if (i > 0) keys += ", ";
        keys += FormatBound(*plan.group_keys[i], inputs);
      }
      static const char* kNames[] = {"count", "count", "sum", "avg", "min", "max", "approx_distinct", "count_if", "bool_and", "bool_or", "arbitrary"};
      for (size_t i = 0; i < plan.aggregates.size(); ++i) {
        const AggregateCall& call = plan.aggregates[i];
        if (i > 0) calls += ", ";
        calls += fmt::format("{}({}{})", kNames[static_cast<int>(call.function)], call.distinct ? "DISTINCT " : "",
                             call.argument ? FormatBound(*call.argument, inputs) : "*");
      }
      line = fmt::format("Aggregate[keys: [{}], aggregates: [{}]]", keys, calls);
      break;
    }
    case PlanKind::kSort: {
      std::string keys;
      for (size_t i = 0; i < plan.sort_keys.size(); ++i) {
        if (i > 0) keys += ", ";
        keys += FormatBound(*plan.sort_keys[i].expression, inputs) + (plan.sort_keys[i].descending ? " DESC" : " ASC") +
                (plan.sort_keys[i].nulls_first ? " NULLS FIRST" : " NULLS LAST");
      }
      line = "Sort[" + keys + "]";
      break;
    }
    case PlanKind::kLimit:
      line = plan.limit ? fmt::format("Limit[offset: {}, count: {}]", plan.offset, *plan.limit)
                        : fmt::format("Limit[offset: {}]", plan.offset);
      break;
    case PlanKind::kUnnest: {
      std::string items;
      for (size_t i = 0; i < plan.expressions.size(); ++i) items += (i > 0 ? ", " : "") + FormatBound(*plan.expressions[i], inputs);
      line = "Unnest[" + items + "]" + (plan.with_ordinality ? " WITH ORDINALITY" : "");
      break;
    }
    case PlanKind::kWindow: {
      std::string calls;
      for (const WindowCall& call : plan.window_calls) {
        if (!calls.empty()) calls += ", ";
        std::string arguments, partition, order;
        for (const auto& argument : call.arguments) arguments += (arguments.empty() ? "" : ", ") + FormatBound(*argument, inputs);
        for (const auto& key : call.partition_keys) partition += (partition.empty() ? "" : ", ") + FormatBound(*key, inputs);
        for (const auto& key : call.order_keys) {
          order += (order.empty() ? "" : ", ") + FormatBound(*key.expression, inputs) + (key.descending ? " DESC" : " ASC") +
                   (key.nulls_first ? " NULLS FIRST" : " NULLS LAST");
        }
        calls += fmt::format("{}({}) [partition by: [{}], order by: [{}]]", call.name, arguments, partition, order);
      }
      line = "Window[" + calls + "]";
      break;
    }
    case PlanKind::kSetOperation: {
      static const char* kKinds[] = {"UnionAll", "Intersect", "Except"};
      line = std::string(kKinds[static_cast<int>(plan.set_operation)]) +
             (plan.set_operation != SetOperationKind::kUnionAll ? (plan.set_all ? "[ALL]" : "[DISTINCT]") : "");
      break;
    }
    case PlanKind::kJoin: {
      static const char* kKinds[] = {"InnerJoin", "LeftJoin", "RightJoin", "FullJoin", "CrossJoin"};
      std::string criteria;
      for (size_t i = 0; i < plan.left_keys.size(); ++i) {
        if (i > 0) criteria += " AND ";
        criteria += FormatBound(*plan.left_keys[i], plan.children[0]->outputs) + " = " +
                    FormatBound(*plan.right_keys[i], plan.children[1]->outputs);
      }
      std::vector<OutputColumn> combined = plan.children[0]->outputs;
      combined.insert(combined.end(), plan.children[1]->outputs.begin(), plan.children[1]->outputs.end());
      if (plan.join_filter) criteria += (criteria.empty() ? "" : ", filter: ") + FormatBound(*plan.join_filter, combined);
      line = std::string(kKinds[static_cast<int>(plan.join_kind)]) + "[" + criteria + "] (hash join, build: right)";
      break;
    }
  }
  std::string out = pad + "- " + line + "\n" + pad + "    Layout: [" + columns + "]\n";
  for (const auto& child : plan.children) out += FormatPlan(*child, indent + 1);
  return out;
}

}  // namespace floe::engine
