#include "floe/engine/constant_folding.h"

namespace floe::engine {

BoundExpressionPtr FoldConstantExpression(const BoundExpressionPtr& expression) {
  if (!expression || expression->kind == BoundKind::kConstant || expression->kind == BoundKind::kColumn) {
    return expression;
  }
  bool changed = false, all_constant = true;
  std::vector<BoundExpressionPtr> children;
  children.reserve(expression->children.size());
  for (const auto& child : expression->children) {
    BoundExpressionPtr folded = FoldConstantExpression(child);
    changed = changed || folded != child;
    all_constant = all_constant && folded->is_constant();
    children.push_back(std::move(folded));
  }
  if (expression->kind == BoundKind::kAnd) {
    // Nested conjunctions (BETWEEN binds to one) flatten into one list, so
    // predicate pushdown sees each conjunct.
    std::vector<BoundExpressionPtr> flat;
    for (auto& child : children) {
      if (child->kind == BoundKind::kAnd) {
        flat.insert(flat.end(), child->children.begin(), child->children.end());
        changed = true;
      } else {
        flat.push_back(std::move(child));
      }
    }
    children = std::move(flat);
  }
  BoundExpressionPtr current = expression;
  if (changed) {
    auto copy = std::make_shared<BoundExpression>(*expression);
    copy->children = std::move(children);
    if (copy->kind == BoundKind::kInList) PrepareInList(copy.get());
    current = copy;
  }
  if (!all_constant || current->children.empty()) return current;
  Result<Value> value = EvaluateConstant(*current, EvaluationContext{});
  if (!value.ok()) return current;  // the error stays where a row would raise it
  return MakeConstant(std::move(*value), current->type, current->location);
}

PlanPtr FoldConstants(const PlanPtr& plan) {
  auto copy = std::make_shared<PlanNode>(*plan);
  for (auto& child : copy->children) child = FoldConstants(child);
  if (copy->predicate) copy->predicate = FoldConstantExpression(copy->predicate);
  for (auto& e : copy->expressions) e = FoldConstantExpression(e);
  for (auto& key : copy->group_keys) key = FoldConstantExpression(key);
  for (auto& call : copy->aggregates) {
    if (call.argument) call.argument = FoldConstantExpression(call.argument);
  }
  for (auto& key : copy->sort_keys) key.expression = FoldConstantExpression(key.expression);
  for (auto& key : copy->left_keys) key = FoldConstantExpression(key);
  for (auto& key : copy->right_keys) key = FoldConstantExpression(key);
  if (copy->join_filter) copy->join_filter = FoldConstantExpression(copy->join_filter);
  return copy;
}

}  // namespace floe::engine
