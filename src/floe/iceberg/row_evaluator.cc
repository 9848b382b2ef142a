#include "floe/iceberg/row_evaluator.h"

#include <algorithm>
#include <cmath>

#include "floe/iceberg/partition_projection.h"

namespace floe::iceberg {

namespace {

bool IsNaNValue(const Literal& value) {
  if (const float* f = value.get_if<float>()) return std::isnan(*f);
  if (const double* d = value.get_if<double>()) return std::isnan(*d);
  return false;
}

Status WrongRepresentation(const Expression& predicate) {
  return InvalidData("A value of field '{}' does not have the representation of type {}",
                     predicate.reference().name, predicate.reference().type->ToString());
}

// Tests one bound predicate against one value (nullptr for null).
Result<bool> TestPredicate(const Expression& predicate, const Literal* value) {
  bool is_null = value == nullptr || value->is_null();
  switch (predicate.op()) {
    case Operation::kIsNull: return is_null;
    case Operation::kNotNull: return !is_null;
    case Operation::kIsNan: return !is_null && IsNaNValue(*value);
    case Operation::kNotNan: return is_null || !IsNaNValue(*value);
    default: break;
  }
  if (is_null) return false;
  const std::vector<Literal>& literals = predicate.literals();
  if (literals.empty() || value->value().index() != literals.front().value().index()) {
    return WrongRepresentation(predicate);
  }
  switch (predicate.op()) {
    case Operation::kStartsWith:
    case Operation::kNotStartsWith: {
      const std::string& text = value->get<std::string>();
      const std::string& prefix = predicate.literal().get<std::string>();
      bool starts = text.compare(0, prefix.size(), prefix) == 0 && text.size() >= prefix.size();
      return predicate.op() == Operation::kStartsWith ? starts : !starts;
    }
    case Operation::kIn:
    case Operation::kNotIn: {
      bool found = std::binary_search(literals.begin(), literals.end(), *value, [](const Literal& a, const Literal& b) {
        return CompareLiterals(a, b) == std::strong_ordering::less;
      });
      return predicate.op() == Operation::kIn ? found : !found;
    }
    default:
      break;
  }
  std::strong_ordering order = CompareLiterals(*value, predicate.literal());
  switch (predicate.op()) {
    case Operation::kLessThan: return order == std::strong_ordering::less;
    case Operation::kLessThanOrEqual: return order != std::strong_ordering::greater;
    case Operation::kGreaterThan: return order == std::strong_ordering::greater;
    case Operation::kGreaterThanOrEqual: return order != std::strong_ordering::less;
    case Operation::kEqual: return order == std::strong_ordering::equal;
    case Operation::kNotEqual: return order != std::strong_ordering::equal;
    default: return Internal("Cannot evaluate operation {}", OperationName(predicate.op()));
  }
}

// `value_of(predicate)` returns Result<const Literal*> for the predicate's field.
template <typename ValueOf>
Result<bool> EvaluateTree(const Expression& expression, const ValueOf& value_of) {
  switch (expression.op()) {
    case Operation::kTrue: return true;
    case Operation::kFalse: return false;
    case Operation::kAnd: {
      FLOE_ASSIGN_OR_RETURN(bool left, EvaluateTree(*expression.left(), value_of));
      if (!left) return false;
      return EvaluateTree(*expression.right(), value_of);
    }
    case Operation::kOr: {
      FLOE_ASSIGN_OR_RETURN(bool left, EvaluateTree(*expression.left(), value_of));
      if (left) return true;
      return EvaluateTree(*expression.right(), value_of);
    }
    case Operation::kNot: {
      FLOE_ASSIGN_OR_RETURN(bool child, EvaluateTree(*expression.child(), value_of));
      return !child;
    }
    default: {
      if (!expression.is_bound()) return Internal("Cannot evaluate unbound predicate: {}", expression.ToString());
      FLOE_ASSIGN_OR_RETURN(const Literal* value, value_of(expression));
      return TestPredicate(expression, value);
    }
  }
}

}  // namespace

Result<RowEvaluator> RowEvaluator::Make(const ExpressionPtr& filter, const Schema& schema, bool case_sensitive) {
  FLOE_ASSIGN_OR_RETURN(ExpressionPtr bound, Bind(RewriteNot(filter), schema, case_sensitive));
  return RowEvaluator(bound);
}

RowEvaluator::RowEvaluator(const ExpressionPtr& bound_filter) : filter_(RewriteNot(bound_filter)) {}

Result<bool> RowEvaluator::Evaluate(const FieldLookup& row) const {
  return EvaluateTree(*filter_, [&row](const Expression& predicate) -> Result<const Literal*> {
    return row(predicate.reference().field_id);
  });
}

Result<bool> RowEvaluator::Evaluate(const std::unordered_map<int32_t, Literal>& row) const {
  return EvaluateTree(*filter_, [&row](const Expression& predicate) -> Result<const Literal*> {
    auto it = row.find(predicate.reference().field_id);
    return it == row.end() ? nullptr : &it->second;
  });
}

Result<PartitionEvaluator> PartitionEvaluator::ForRowFilter(const ExpressionPtr& row_filter,
                                                            const PartitionSpec& spec, const Schema& schema,
                                                            bool case_sensitive) {
  FLOE_ASSIGN_OR_RETURN(ExpressionPtr projected, ProjectInclusive(row_filter, spec, schema, case_sensitive));
  FLOE_ASSIGN_OR_RETURN(auto partition_type, spec.PartitionType(schema));
  return ForPartitionFilter(projected, *partition_type, case_sensitive);
}

Result<PartitionEvaluator> PartitionEvaluator::ForPartitionFilter(const ExpressionPtr& partition_filter,
                                                                  const StructType& partition_type,
                                                                  bool case_sensitive) {
  FLOE_ASSIGN_OR_RETURN(ExpressionPtr bound, Bind(RewriteNot(partition_filter), partition_type, case_sensitive));
  return PartitionEvaluator(std::move(bound));
}

Result<bool> PartitionEvaluator::Evaluate(const std::vector<Literal>& partition) const {
  return EvaluateTree(*filter_, [&partition](const Expression& predicate) -> Result<const Literal*> {
    int32_t position = predicate.reference().position;
    if (position < 0 || static_cast<size_t>(position) >= partition.size()) {
      return InvalidData("Partition tuple has {} values; field '{}' is at position {}", partition.size(),
                         predicate.reference().name, position);
    }
    return &partition[static_cast<size_t>(position)];
  });
}

}  // namespace floe::iceberg
