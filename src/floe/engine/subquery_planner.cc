#include "floe/engine/subquery_planner.h"

#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;

namespace {

const SqlType kBoolean = SqlType::Of(SqlTypeKind::kBoolean);

BoundExpressionPtr MakeIsNull(BoundExpressionPtr operand, bool negated) {
  auto node = std::make_shared<BoundExpression>();
  node->kind = BoundKind::kIsNull;
  node->type = kBoolean;
  node->negated = negated;
  node->location = operand->location;
  node->children.push_back(std::move(operand));
  return node;
}

BoundExpressionPtr MakeNode(BoundKind kind, SqlType type, std::vector<BoundExpressionPtr> children, sql::NodeLocation location) {
  auto node = std::make_shared<BoundExpression>();
  node->kind = kind;
  node->type = std::move(type);
  node->location = location;
  node->children = std::move(children);
  return node;
}

// An aggregation of `input` by its first `key_count` outputs (all of them when key_count < 0).
std::shared_ptr<PlanNode> AggregateByKeys(const PlanPtr& input, size_t key_count, std::vector<AggregateCall> calls) {
  auto node = std::make_shared<PlanNode>();
  node->kind = PlanKind::kAggregate;
  for (size_t i = 0; i < key_count; ++i) {
    node->group_keys.push_back(MakeColumn(static_cast<int32_t>(i), input->outputs[i].type));
    node->outputs.push_back(input->outputs[i]);
  }
  for (size_t i = 0; i < calls.size(); ++i) node->outputs.push_back(OutputColumn{fmt::format("_agg{}", i), calls[i].type});
  node->aggregates = std::move(calls);
  node->children.push_back(input);
  return node;
}

// outer LEFT JOIN right ON outer_keys[i] = right's output i.
std::shared_ptr<PlanNode> LeftJoin(const PlanPtr& outer, const PlanPtr& right, const std::vector<BoundExpressionPtr>& outer_keys) {
  auto join = std::make_shared<PlanNode>();
  join->kind = PlanKind::kJoin;
  join->join_kind = JoinKind::kLeft;
  join->outputs = outer->outputs;
  join->outputs.insert(join->outputs.end(), right->outputs.begin(), right->outputs.end());
  join->left_keys = outer_keys;
  for (size_t i = 0; i < outer_keys.size(); ++i) {
    join->right_keys.push_back(MakeColumn(static_cast<int32_t>(i), right->outputs[i].type));
  }
  join->children = {outer, right};
  return join;
}

Status CheckShape(const PlanPtr& subquery, const std::vector<BoundExpressionPtr>& outer_keys, size_t values) {
  if (outer_keys.empty() || subquery->outputs.size() != outer_keys.size() + values) {
    return sql::SqlErrorNoLocation(codes::kGenericInternalError, "correlated subquery plan has {} outputs for {} keys",
                                   subquery->outputs.size(), outer_keys.size());
  }
  return Status::OK();
}

}  // namespace

Result<DecorrelatedSubquery> PlanCorrelatedExists(const PlanPtr& outer, const PlanPtr& subquery,
                                                  const std::vector<BoundExpressionPtr>& outer_keys, bool negated,
                                                  sql::NodeLocation location) {
  if (outer_keys.empty()) return sql::SqlErrorNoLocation(codes::kGenericInternalError, "correlated EXISTS without keys");
  // The distinct keys: a matched outer row has a non-null key on the right.
  auto keys = AggregateByKeys(subquery, outer_keys.size(), {});
  int32_t outer_width = static_cast<int32_t>(outer->outputs.size());
  DecorrelatedSubquery result;
  result.relation = LeftJoin(outer, keys, outer_keys);
  result.value = MakeIsNull(MakeColumn(outer_width, keys->outputs[0].type, location), !negated);
  return result;
}

Result<DecorrelatedSubquery> PlanCorrelatedScalar(const PlanPtr& outer, const PlanPtr& subquery,
                                                  const std::vector<BoundExpressionPtr>& outer_keys,
                                                  const BoundExpressionPtr& empty_value, sql::NodeLocation location) {
  FLOE_RETURN_IF_ERROR(CheckShape(subquery, outer_keys, 1));
  size_t n = outer_keys.size();
  const SqlType& type = subquery->outputs[n].type;
  AggregateCall rows{AggregateFunction::kCountAll, false, nullptr, SqlType::Of(SqlTypeKind::kBigint)};
  AggregateCall value{AggregateFunction::kArbitrary, false, MakeColumn(static_cast<int32_t>(n), type), type};
  auto grouped = AggregateByKeys(subquery, n, {rows, value});
  int32_t outer_width = static_cast<int32_t>(outer->outputs.size());
  auto count = MakeColumn(outer_width + static_cast<int32_t>(n), SqlType::Of(SqlTypeKind::kBigint), location);
  BoundExpressionPtr scalar = MakeColumn(outer_width + static_cast<int32_t>(n) + 1, type, location);
  if (empty_value) {
    // No correlated rows: the aggregation's value over no rows.
    scalar = MakeNode(BoundKind::kCase, type, {MakeIsNull(count, false), empty_value, scalar}, location);
    std::const_pointer_cast<BoundExpression>(scalar)->has_else = true;
  }
  FLOE_ASSIGN_OR_RETURN(auto several, ResolveOperator(">", {count, MakeConstant(Value::Integer(1), SqlType::Of(SqlTypeKind::kBigint))}, location));
  auto fail = std::make_shared<BoundExpression>();
  fail->kind = BoundKind::kCall;
  fail->function = "$subquery_multiple_rows";
  fail->type = type;
  fail->location = location;
  auto checked = MakeNode(BoundKind::kCase, type, {several, fail, scalar}, location);
  std::const_pointer_cast<BoundExpression>(checked)->has_else = true;
  DecorrelatedSubquery result;
  result.relation = LeftJoin(outer, grouped, outer_keys);
  result.value = checked;
  return result;
}

Result<DecorrelatedSubquery> PlanCorrelatedIn(const PlanPtr& outer, const PlanPtr& subquery,
                                              const std::vector<BoundExpressionPtr>& outer_keys,
                                              const BoundExpressionPtr& value, bool negated, sql::NodeLocation location) {
  FLOE_RETURN_IF_ERROR(CheckShape(subquery, outer_keys, 1));
  size_t n = outer_keys.size();
  const SqlType& item_type = subquery->outputs[n].type;
  auto common = CommonSuperType(value->type, item_type);
  if (!common || !common->is_orderable()) {
    return sql::SqlError(codes::kTypeMismatch, location, "Value expression and result of subquery must be of the same type: {} vs {}",
                         TypeSignature(value->type), TypeSignature(item_type));
  }
  int32_t outer_width = static_cast<int32_t>(outer->outputs.size());
  // Matches: the distinct non-null (keys, item) pairs, joined on keys and value.
  auto non_null = std::make_shared<PlanNode>();
  non_null->kind = PlanKind::kFilter;
  non_null->predicate = MakeIsNull(MakeColumn(static_cast<int32_t>(n), item_type), true);
  non_null->outputs = subquery->outputs;
  non_null->children.push_back(subquery);
  auto pairs = AggregateByKeys(non_null, n + 1, {});
  std::vector<BoundExpressionPtr> match_keys = outer_keys;
  FLOE_ASSIGN_OR_RETURN(auto outer_value, MakeCast(value, *common, false, location));
  match_keys.push_back(outer_value);
  auto matches = LeftJoin(outer, pairs, match_keys);
  if (!(item_type == *common)) {
    auto& right_key = matches->right_keys.back();
    FLOE_ASSIGN_OR_RETURN(right_key, MakeCast(right_key, *common, false, location));
  }
  // Per key: how many rows, how many non-null items.
  AggregateCall rows{AggregateFunction::kCountAll, false, nullptr, SqlType::Of(SqlTypeKind::kBigint)};
  AggregateCall items{AggregateFunction::kCount, false, MakeColumn(static_cast<int32_t>(n), item_type), SqlType::Of(SqlTypeKind::kBigint)};
  auto counts = AggregateByKeys(subquery, n, {rows, items});
  int32_t counts_at = static_cast<int32_t>(matches->outputs.size());
  auto joined = LeftJoin(matches, counts, outer_keys);

  auto matched = MakeIsNull(MakeColumn(outer_width, pairs->outputs[0].type, location), true);
  auto row_count = MakeColumn(counts_at + static_cast<int32_t>(n), SqlType::Of(SqlTypeKind::kBigint), location);
  auto item_count = MakeColumn(counts_at + static_cast<int32_t>(n) + 1, SqlType::Of(SqlTypeKind::kBigint), location);
  FLOE_ASSIGN_OR_RETURN(auto has_null, ResolveOperator(">", {row_count, item_count}, location));
  auto value_null = MakeIsNull(value, false);
  auto unknown = MakeNode(BoundKind::kAnd, kBoolean,
                          {MakeIsNull(row_count, true), MakeNode(BoundKind::kOr, kBoolean, {value_null, has_null}, location)},
                          location);
  auto null_boolean = MakeConstant(Value::Null(), kBoolean, location);
  auto answer = MakeNode(BoundKind::kCase, kBoolean,
                         {matched, MakeConstant(Value::Boolean(true), kBoolean, location), unknown, null_boolean,
                          MakeConstant(Value::Boolean(false), kBoolean, location)},
                         location);
  std::const_pointer_cast<BoundExpression>(answer)->has_else = true;
  DecorrelatedSubquery result;
  result.relation = joined;
  result.value = negated ? MakeNode(BoundKind::kNot, kBoolean, {answer}, location) : answer;
  return result;
}

}  // namespace floe::engine
