#include "floe/iceberg/expression.h"

#include <algorithm>
#include <cassert>
#include <set>
#include <utility>

#include "floe/iceberg/expression_text.h"

namespace floe::iceberg {

class ExpressionFactory {
 public:
  static std::shared_ptr<Expression> Make(Operation op) {
    return std::shared_ptr<Expression>(new Expression(op));
  }
  static std::shared_ptr<Expression> Copy(const Expression& other) {
    return std::shared_ptr<Expression>(new Expression(other));
  }
  static void SetChildren(Expression& e, ExpressionPtr left, ExpressionPtr right) {
    e.left_ = std::move(left);
    e.right_ = std::move(right);
  }
  static void SetOp(Expression& e, Operation op) { e.op_ = op; }
  static void SetUnbound(Expression& e, std::string column, std::vector<Literal> values, TypePtr type) {
    e.column_ = std::move(column);
    e.literals_ = std::move(values);
    e.literal_type_ = std::move(type);
  }
  static void SetBound(Expression& e, BoundReference reference, std::vector<Literal> values) {
    e.bound_ = true;
    e.literal_type_ = reference.type;
    e.reference_ = std::move(reference);
    e.literals_ = std::move(values);
  }
};

std::string_view OperationName(Operation op) {
  switch (op) {
    case Operation::kTrue: return "true";
    case Operation::kFalse: return "false";
    case Operation::kIsNull: return "is_null";
    case Operation::kNotNull: return "not_null";
    case Operation::kIsNan: return "is_nan";
    case Operation::kNotNan: return "not_nan";
    case Operation::kLessThan: return "lt";
    case Operation::kLessThanOrEqual: return "lt_eq";
    case Operation::kGreaterThan: return "gt";
    case Operation::kGreaterThanOrEqual: return "gt_eq";
    case Operation::kEqual: return "eq";
    case Operation::kNotEqual: return "not_eq";
    case Operation::kIn: return "in";
    case Operation::kNotIn: return "not_in";
    case Operation::kStartsWith: return "starts_with";
    case Operation::kNotStartsWith: return "not_starts_with";
    case Operation::kNot: return "not";
    case Operation::kAnd: return "and";
    case Operation::kOr: return "or";
  }
  return "unknown";
}

Operation Negate(Operation op) {
  switch (op) {
    case Operation::kTrue: return Operation::kFalse;
    case Operation::kFalse: return Operation::kTrue;
    case Operation::kIsNull: return Operation::kNotNull;
    case Operation::kNotNull: return Operation::kIsNull;
    case Operation::kIsNan: return Operation::kNotNan;
    case Operation::kNotNan: return Operation::kIsNan;
    case Operation::kLessThan: return Operation::kGreaterThanOrEqual;
    case Operation::kLessThanOrEqual: return Operation::kGreaterThan;
    case Operation::kGreaterThan: return Operation::kLessThanOrEqual;
    case Operation::kGreaterThanOrEqual: return Operation::kLessThan;
    case Operation::kEqual: return Operation::kNotEqual;
    case Operation::kNotEqual: return Operation::kEqual;
    case Operation::kIn: return Operation::kNotIn;
    case Operation::kNotIn: return Operation::kIn;
    case Operation::kStartsWith: return Operation::kNotStartsWith;
    case Operation::kNotStartsWith: return Operation::kStartsWith;
    case Operation::kAnd: return Operation::kOr;
    case Operation::kOr: return Operation::kAnd;
    case Operation::kNot: return Operation::kNot;
  }
  return op;
}

bool IsUnaryOperation(Operation op) {
  return op == Operation::kIsNull || op == Operation::kNotNull || op == Operation::kIsNan ||
         op == Operation::kNotNan;
}

bool IsSetOperation(Operation op) { return op == Operation::kIn || op == Operation::kNotIn; }

bool IsPredicateOperation(Operation op) {
  return op != Operation::kTrue && op != Operation::kFalse && op != Operation::kNot &&
         op != Operation::kAnd && op != Operation::kOr;
}

// --- Builders ----------------------------------------------------------------

ExpressionPtr AlwaysTrue() {
  static const ExpressionPtr instance = ExpressionFactory::Make(Operation::kTrue);
  return instance;
}

ExpressionPtr AlwaysFalse() {
  static const ExpressionPtr instance = ExpressionFactory::Make(Operation::kFalse);
  return instance;
}

ExpressionPtr And(ExpressionPtr left, ExpressionPtr right) {
  assert(left && right);
  if (left->op() == Operation::kFalse || right->op() == Operation::kFalse) return AlwaysFalse();
  if (left->op() == Operation::kTrue) return right;
  if (right->op() == Operation::kTrue) return left;
  auto node = ExpressionFactory::Make(Operation::kAnd);
  ExpressionFactory::SetChildren(*node, std::move(left), std::move(right));
  return node;
}

ExpressionPtr Or(ExpressionPtr left, ExpressionPtr right) {
  assert(left && right);
  if (left->op() == Operation::kTrue || right->op() == Operation::kTrue) return AlwaysTrue();
  if (left->op() == Operation::kFalse) return right;
  if (right->op() == Operation::kFalse) return left;
  auto node = ExpressionFactory::Make(Operation::kOr);
  ExpressionFactory::SetChildren(*node, std::move(left), std::move(right));
  return node;
}

ExpressionPtr And(const std::vector<ExpressionPtr>& operands) {
  ExpressionPtr result = AlwaysTrue();
  for (const auto& operand : operands) result = And(result, operand);
  return result;
}

ExpressionPtr Or(const std::vector<ExpressionPtr>& operands) {
  ExpressionPtr result = AlwaysFalse();
  for (const auto& operand : operands) result = Or(result, operand);
  return result;
}

ExpressionPtr Not(ExpressionPtr child) {
  assert(child);
  if (child->op() == Operation::kTrue) return AlwaysFalse();
  if (child->op() == Operation::kFalse) return AlwaysTrue();
  if (child->op() == Operation::kNot) return child->child();
  auto node = ExpressionFactory::Make(Operation::kNot);
  ExpressionFactory::SetChildren(*node, std::move(child), nullptr);
  return node;
}

ExpressionPtr Predicate(Operation op, std::string column, std::vector<Literal> values, TypePtr literal_type) {
  assert(IsPredicateOperation(op));
  assert(IsUnaryOperation(op) ? values.empty() : IsSetOperation(op) || values.size() == 1);
  auto node = ExpressionFactory::Make(op);
  ExpressionFactory::SetUnbound(*node, std::move(column), std::move(values), std::move(literal_type));
  return node;
}

ExpressionPtr IsNull(std::string column) { return Predicate(Operation::kIsNull, std::move(column)); }
ExpressionPtr NotNull(std::string column) { return Predicate(Operation::kNotNull, std::move(column)); }
ExpressionPtr IsNaN(std::string column) { return Predicate(Operation::kIsNan, std::move(column)); }
ExpressionPtr NotNaN(std::string column) { return Predicate(Operation::kNotNan, std::move(column)); }
ExpressionPtr LessThan(std::string column, Literal value) {
  return Predicate(Operation::kLessThan, std::move(column), {std::move(value)});
}
ExpressionPtr LessThanOrEqual(std::string column, Literal value) {
  return Predicate(Operation::kLessThanOrEqual, std::move(column), {std::move(value)});
}
ExpressionPtr GreaterThan(std::string column, Literal value) {
  return Predicate(Operation::kGreaterThan, std::move(column), {std::move(value)});
}
ExpressionPtr GreaterThanOrEqual(std::string column, Literal value) {
  return Predicate(Operation::kGreaterThanOrEqual, std::move(column), {std::move(value)});
}
ExpressionPtr Equal(std::string column, Literal value) {
  return Predicate(Operation::kEqual, std::move(column), {std::move(value)});
}
ExpressionPtr NotEqual(std::string column, Literal value) {
  return Predicate(Operation::kNotEqual, std::move(column), {std::move(value)});
}
ExpressionPtr StartsWith(std::string column, std::string prefix) {
  return Predicate(Operation::kStartsWith, std::move(column), {Literal(std::move(prefix))});
}
ExpressionPtr NotStartsWith(std::string column, std::string prefix) {
  return Predicate(Operation::kNotStartsWith, std::move(column), {Literal(std::move(prefix))});
}
ExpressionPtr In(std::string column, std::vector<Literal> values) {
  return Predicate(Operation::kIn, std::move(column), std::move(values));
}
ExpressionPtr NotIn(std::string column, std::vector<Literal> values) {
  return Predicate(Operation::kNotIn, std::move(column), std::move(values));
}

ExpressionPtr BoundPredicate(Operation op, BoundReference reference, std::vector<Literal> values) {
  assert(IsPredicateOperation(op));
  if (IsSetOperation(op)) {
    std::sort(values.begin(), values.end(), [](const Literal& a, const Literal& b) {
      return CompareLiterals(a, b) == std::strong_ordering::less;
    });
    values.erase(std::unique(values.begin(), values.end(),
                             [](const Literal& a, const Literal& b) {
                               return CompareLiterals(a, b) == std::strong_ordering::equal;
                             }),
                 values.end());
    if (values.empty()) return op == Operation::kIn ? AlwaysFalse() : AlwaysTrue();
    if (values.size() == 1) op = op == Operation::kIn ? Operation::kEqual : Operation::kNotEqual;
  }
  auto node = ExpressionFactory::Make(op);
  ExpressionFactory::SetBound(*node, std::move(reference), std::move(values));
  return node;
}

// --- Rewriting ---------------------------------------------------------------

namespace {

ExpressionPtr NegatePredicate(const Expression& predicate) {
  auto node = ExpressionFactory::Copy(predicate);
  ExpressionFactory::SetOp(*node, Negate(predicate.op()));
  return node;
}

ExpressionPtr NegateTree(const ExpressionPtr& expression);

ExpressionPtr RewriteTree(const ExpressionPtr& expression) {
  switch (expression->op()) {
    case Operation::kAnd:
      return And(RewriteTree(expression->left()), RewriteTree(expression->right()));
    case Operation::kOr:
      return Or(RewriteTree(expression->left()), RewriteTree(expression->right()));
    case Operation::kNot:
      return NegateTree(expression->child());
    default:
      return expression;
  }
}

// The rewritten form of Not(expression).
ExpressionPtr NegateTree(const ExpressionPtr& expression) {
  switch (expression->op()) {
    case Operation::kTrue: return AlwaysFalse();
    case Operation::kFalse: return AlwaysTrue();
    case Operation::kAnd:
      return Or(NegateTree(expression->left()), NegateTree(expression->right()));
    case Operation::kOr:
      return And(NegateTree(expression->left()), NegateTree(expression->right()));
    case Operation::kNot:
      return RewriteTree(expression->child());
    default:
      return NegatePredicate(*expression);
  }
}

void CollectFieldIds(const Expression& expression, std::set<int32_t>& ids) {
  if (expression.is_bound()) {
    ids.insert(expression.reference().field_id);
    return;
  }
  if (expression.left()) CollectFieldIds(*expression.left(), ids);
  if (expression.right()) CollectFieldIds(*expression.right(), ids);
}

bool SameType(const TypePtr& a, const TypePtr& b) {
  if (!a || !b) return a == b;
  return a == b || a->Equals(*b);
}

bool SameLiteral(const Literal& a, const Literal& b) {
  if (a.value().index() != b.value().index()) return false;
  if (a.is_null()) return true;
  return CompareLiterals(a, b) == std::strong_ordering::equal;
}

// --- Text form -----------------------------------------------------------------

const char* KeywordFor(Operation op) {
  switch (op) {
    case Operation::kLessThan: return "<";
    case Operation::kLessThanOrEqual: return "<=";
    case Operation::kGreaterThan: return ">";
    case Operation::kGreaterThanOrEqual: return ">=";
    case Operation::kEqual: return "=";
    case Operation::kNotEqual: return "!=";
    default: return "?";
  }
}

std::string PredicateToString(const Expression& predicate) {
  std::string column = FormatColumnName(predicate.column());
  const Type* type = predicate.literal_type().get();
  switch (predicate.op()) {
    case Operation::kIsNull: return column + " IS NULL";
    case Operation::kNotNull: return column + " IS NOT NULL";
    case Operation::kIsNan: return column + " IS NAN";
    case Operation::kNotNan: return column + " IS NOT NAN";
    case Operation::kIn:
    case Operation::kNotIn: {
      std::string text = column + (predicate.op() == Operation::kIn ? " IN (" : " NOT IN (");
      for (size_t i = 0; i < predicate.literals().size(); ++i) {
        if (i > 0) text += ", ";
        text += FormatLiteral(predicate.literals()[i], type);
      }
      return text + ")";
    }
    case Operation::kStartsWith:
    case Operation::kNotStartsWith: {
      const std::string* prefix = predicate.literal().get_if<std::string>();
      std::string pattern = FormatLikePrefix(prefix ? *prefix : std::string());
      return column + (predicate.op() == Operation::kStartsWith ? " LIKE " : " NOT LIKE ") + pattern;
    }
    default:
      return column + " " + KeywordFor(predicate.op()) + " " + FormatLiteral(predicate.literal(), type);
  }
}

std::string ToStringWithin(const Expression& expression, Operation parent) {
  std::string text = expression.ToString();
  bool needs_parentheses = (parent == Operation::kAnd && expression.op() == Operation::kOr) ||
                           (parent == Operation::kOr && expression.op() == Operation::kAnd);
  return needs_parentheses ? "(" + text + ")" : text;
}

}  // namespace

ExpressionPtr RewriteNot(const ExpressionPtr& expression) { return RewriteTree(expression); }

bool IsBound(const Expression& expression) {
  if (expression.is_predicate()) return expression.is_bound();
  if (expression.left() && !IsBound(*expression.left())) return false;
  if (expression.right() && !IsBound(*expression.right())) return false;
  return true;
}

std::vector<int32_t> ReferencedFieldIds(const Expression& expression) {
  std::set<int32_t> ids;
  CollectFieldIds(expression, ids);
  return {ids.begin(), ids.end()};
}

std::string Expression::ToString() const {
  switch (op_) {
    case Operation::kTrue: return "true";
    case Operation::kFalse: return "false";
    case Operation::kNot: return "NOT (" + left_->ToString() + ")";
    case Operation::kAnd: return ToStringWithin(*left_, op_) + " AND " + ToStringWithin(*right_, op_);
    case Operation::kOr: return ToStringWithin(*left_, op_) + " OR " + ToStringWithin(*right_, op_);
    default: return PredicateToString(*this);
  }
}

bool Expression::Equals(const Expression& other) const {
  if (op_ != other.op_ || bound_ != other.bound_) return false;
  if (is_predicate()) {
    if (bound_ ? reference_.field_id != other.reference_.field_id : column_ != other.column_) return false;
    if (!SameType(literal_type_, other.literal_type_)) return false;
    if (literals_.size() != other.literals_.size()) return false;
    for (size_t i = 0; i < literals_.size(); ++i) {
      if (!SameLiteral(literals_[i], other.literals_[i])) return false;
    }
    return true;
  }
  if ((left_ == nullptr) != (other.left_ == nullptr) || (right_ == nullptr) != (other.right_ == nullptr)) {
    return false;
  }
  if (left_ && !left_->Equals(*other.left_)) return false;
  if (right_ && !right_->Equals(*other.right_)) return false;
  return true;
}

}  // namespace floe::iceberg
