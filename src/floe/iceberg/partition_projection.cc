#include "floe/iceberg/partition_projection.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace floe::iceberg {

namespace {

// The transform of one partition field bound to its source column type.
class BoundTransform {
 public:
  BoundTransform(const PartitionField& field, TypePtr source_type, TypePtr result_type)
      : field_(field), source_type_(std::move(source_type)), result_type_(std::move(result_type)) {}

  const Transform& transform() const { return field_.transform; }
  TypeId source_id() const { return source_type_->id(); }

  std::optional<Literal> Apply(const Literal& value) const {
    auto applied = field_.transform.Apply(*source_type_, value);
    if (!applied.ok()) return std::nullopt;
    return std::move(applied).value();
  }

  // An unbound predicate on the partition field.
  ExpressionPtr Make(Operation op, std::vector<Literal> values = {}) const {
    return Predicate(op, field_.name, std::move(values), IsUnaryOperation(op) ? nullptr : result_type_);
  }
  ExpressionPtr MakeSourceTyped(Operation op, std::vector<Literal> values) const {
    return Predicate(op, field_.name, std::move(values), source_type_);
  }

  // op(name, t(value)), or nullptr when the transform fails.
  ExpressionPtr MakeApplied(Operation op, const Literal& value) const {
    auto applied = Apply(value);
    if (!applied) return nullptr;
    return Make(op, {std::move(*applied)});
  }

  // op(name, {t(v) for v in values}); duplicates are kept, as in Java.
  ExpressionPtr MakeAppliedSet(Operation op, const std::vector<Literal>& values) const {
    std::vector<Literal> applied;
    applied.reserve(values.size());
    for (const Literal& value : values) {
      auto transformed = Apply(value);
      if (!transformed) return nullptr;
      applied.push_back(std::move(*transformed));
    }
    return Make(op, std::move(applied));
  }

 private:
  const PartitionField& field_;
  TypePtr source_type_;
  TypePtr result_type_;
};

// value + delta for ints, longs (dates, timestamps) and decimals (in
// unscaled units); nullopt on overflow.
std::optional<Literal> Adjacent(const Literal& value, int delta) {
  if (const int32_t* i = value.get_if<int32_t>()) {
    int32_t result = 0;
    if (__builtin_add_overflow(*i, delta, &result)) return std::nullopt;
    return Literal(result);
  }
  if (const int64_t* l = value.get_if<int64_t>()) {
    int64_t result = 0;
    if (__builtin_add_overflow(*l, static_cast<int64_t>(delta), &result)) return std::nullopt;
    return Literal(result);
  }
  if (const Decimal* d = value.get_if<Decimal>()) {
    __int128 result = 0;
    if (__builtin_add_overflow(d->unscaled, static_cast<__int128>(delta), &result)) return std::nullopt;
    return Literal(Decimal{result});
  }
  return std::nullopt;
}

// ProjectionUtil.truncateInteger / truncateLong / truncateDecimal.
ExpressionPtr ProjectOrderedNumber(const BoundTransform& transform, const Expression& predicate) {
  const Literal& boundary = predicate.literal();
  switch (predicate.op()) {
    case Operation::kLessThan: {
      // Adjust to a closed bound, then transform: x < v  <=>  x <= v - 1.
      auto closed = Adjacent(boundary, -1);
      if (!closed) return AlwaysFalse();  // nothing is below the minimum
      return transform.MakeApplied(Operation::kLessThanOrEqual, *closed);
    }
    case Operation::kLessThanOrEqual:
      return transform.MakeApplied(Operation::kLessThanOrEqual, boundary);
    case Operation::kGreaterThan: {
      auto closed = Adjacent(boundary, 1);
      if (!closed) return AlwaysFalse();  // nothing is above the maximum
      return transform.MakeApplied(Operation::kGreaterThanOrEqual, *closed);
    }
    case Operation::kGreaterThanOrEqual:
      return transform.MakeApplied(Operation::kGreaterThanOrEqual, boundary);
    case Operation::kEqual:
      return transform.MakeApplied(Operation::kEqual, boundary);
    default:
      return nullptr;
  }
}

// ProjectionUtil.truncateArray (strings, binary).
ExpressionPtr ProjectOrderedBytes(const BoundTransform& transform, const Expression& predicate) {
  const Literal& boundary = predicate.literal();
  switch (predicate.op()) {
    case Operation::kLessThan:
    case Operation::kLessThanOrEqual:
      return transform.MakeApplied(Operation::kLessThanOrEqual, boundary);
    case Operation::kGreaterThan:
    case Operation::kGreaterThanOrEqual:
      return transform.MakeApplied(Operation::kGreaterThanOrEqual, boundary);
    case Operation::kEqual:
      return transform.MakeApplied(Operation::kEqual, boundary);
    case Operation::kStartsWith:
      return transform.MakeApplied(Operation::kStartsWith, boundary);
    default:
      return nullptr;
  }
}

size_t CodePointCount(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

ExpressionPtr ProjectTruncatedString(const BoundTransform& transform, const Expression& predicate) {
  const std::string* prefix = predicate.literal().get_if<std::string>();
  if (prefix == nullptr) return nullptr;
  size_t length = CodePointCount(*prefix);
  size_t width = static_cast<size_t>(std::max(transform.transform().parameter(), 0));
  switch (predicate.op()) {
    case Operation::kStartsWith:
      if (length < width) return transform.Make(Operation::kStartsWith, {*prefix});
      if (length == width) return transform.Make(Operation::kEqual, {*prefix});
      return ProjectOrderedBytes(transform, predicate);
    case Operation::kNotStartsWith:
      if (length < width) return transform.Make(Operation::kNotStartsWith, {*prefix});
      if (length == width) return transform.Make(Operation::kNotEqual, {*prefix});
      return nullptr;
    default:
      return ProjectOrderedBytes(transform, predicate);
  }
}

// ProjectionUtil.fixInclusiveTimeProjection: Iceberg <= 0.10 wrote pre-epoch
// time partition values one too large, so also accept value + 1.
ExpressionPtr FixInclusiveTimeProjection(const ExpressionPtr& projected) {
  if (!projected || !projected->is_predicate()) return projected;
  auto value_of = [](const Literal& literal) -> std::optional<int32_t> {
    if (const int32_t* v = literal.get_if<int32_t>()) return *v;
    return std::nullopt;
  };
  const std::string& name = projected->column();
  const TypePtr& type = projected->literal_type();
  switch (projected->op()) {
    case Operation::kLessThan:
    case Operation::kLessThanOrEqual: {
      auto value = value_of(projected->literal());
      if (value && *value < 0) return Predicate(projected->op(), name, {Literal(*value + 1)}, type);
      return projected;
    }
    case Operation::kEqual: {
      auto value = value_of(projected->literal());
      if (value && *value < 0) return Predicate(Operation::kIn, name, {Literal(*value), Literal(*value + 1)}, type);
      return projected;
    }
    case Operation::kIn: {
      std::vector<Literal> fixed;
      bool has_negative = false;
      auto add = [&fixed](int32_t v) {
        Literal literal(v);
        if (std::find(fixed.begin(), fixed.end(), literal) == fixed.end()) fixed.push_back(literal);
      };
      for (const Literal& literal : projected->literals()) {
        auto value = value_of(literal);
        if (!value) return projected;
        add(*value);
        if (*value < 0) {
          has_negative = true;
          add(*value + 1);
        }
      }
      if (!has_negative) return projected;
      return Predicate(Operation::kIn, name, std::move(fixed), type);
    }
    case Operation::kNotEqual:
    case Operation::kNotIn:
      return nullptr;  // no inclusive projection
    default:
      return projected;
  }
}

ExpressionPtr ProjectTime(const BoundTransform& transform, const Expression& predicate) {
  ExpressionPtr projected;
  if (IsUnaryOperation(predicate.op())) return transform.Make(predicate.op());
  if (predicate.op() == Operation::kIn) {
    projected = transform.MakeAppliedSet(Operation::kIn, predicate.literals());
  } else if (!IsSetOperation(predicate.op())) {
    projected = ProjectOrderedNumber(transform, predicate);
  }
  bool exact_transform = transform.source_id() == TypeId::kDate && transform.transform().kind() == TransformKind::kDay;
  if (exact_transform || !projected || projected->is_constant()) return projected;
  return FixInclusiveTimeProjection(projected);
}

ExpressionPtr ProjectTruncate(const BoundTransform& transform, const Expression& predicate) {
  if (IsUnaryOperation(predicate.op())) return transform.Make(predicate.op());
  if (predicate.op() == Operation::kIn) return transform.MakeAppliedSet(Operation::kIn, predicate.literals());
  if (IsSetOperation(predicate.op())) return nullptr;
  switch (transform.source_id()) {
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kDecimal:
      return ProjectOrderedNumber(transform, predicate);
    case TypeId::kString:
      return ProjectTruncatedString(transform, predicate);
    case TypeId::kBinary:
    case TypeId::kFixed:
      return ProjectOrderedBytes(transform, predicate);
    default:
      return nullptr;
  }
}

ExpressionPtr ProjectBucket(const BoundTransform& transform, const Expression& predicate) {
  if (IsUnaryOperation(predicate.op())) return transform.Make(predicate.op());
  if (predicate.op() == Operation::kEqual) return transform.MakeApplied(Operation::kEqual, predicate.literal());
  if (predicate.op() == Operation::kIn) return transform.MakeAppliedSet(Operation::kIn, predicate.literals());
  // Ranges, != and NOT IN cannot be projected through a hash.
  return nullptr;
}

ExpressionPtr ProjectTree(const ExpressionPtr& expression, const PartitionSpec& spec) {
  switch (expression->op()) {
    case Operation::kTrue:
    case Operation::kFalse:
      return expression;
    case Operation::kAnd:
      return And(ProjectTree(expression->left(), spec), ProjectTree(expression->right(), spec));
    case Operation::kOr:
      return Or(ProjectTree(expression->left(), spec), ProjectTree(expression->right(), spec));
    case Operation::kNot:
      return nullptr;  // RewriteNot removed every Not
    default: {
      // Consider `d = x` with bucket[7](d) and bucket[5](d): a partition can
      // only match if both projections hold, so the result is their AND.
      ExpressionPtr result = AlwaysTrue();
      for (const PartitionField& field : spec.fields()) {
        if (field.source_id != expression->reference().field_id || !field.source_ids.empty()) continue;
        if (ExpressionPtr projected = ProjectPredicateInclusive(*expression, field)) {
          result = And(result, projected);
        }
      }
      return result;
    }
  }
}

}  // namespace

ExpressionPtr ProjectPredicateInclusive(const Expression& bound_predicate, const PartitionField& field) {
  if (!bound_predicate.is_bound() || !bound_predicate.reference().type) return nullptr;
  const TypePtr& source_type = bound_predicate.reference().type;
  const Transform& transform = field.transform;
  if (transform.kind() == TransformKind::kVoid || transform.kind() == TransformKind::kUnknown) return nullptr;
  auto result_type = transform.ResultType(source_type);
  if (!result_type.ok()) return nullptr;
  BoundTransform bound(field, source_type, *result_type);
  switch (transform.kind()) {
    case TransformKind::kIdentity:
      if (IsUnaryOperation(bound_predicate.op())) return bound.Make(bound_predicate.op());
      return bound.MakeSourceTyped(bound_predicate.op(), bound_predicate.literals());
    case TransformKind::kBucket:
      return ProjectBucket(bound, bound_predicate);
    case TransformKind::kTruncate:
      return ProjectTruncate(bound, bound_predicate);
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kDay:
    case TransformKind::kHour:
      return ProjectTime(bound, bound_predicate);
    default:
      return nullptr;
  }
}

Result<ExpressionPtr> ProjectInclusive(const ExpressionPtr& row_filter, const PartitionSpec& spec,
                                       const Schema& schema, bool case_sensitive) {
  // Projections assume no Not nodes: the default "true" for a predicate that
  // cannot be projected is only correct when negations sit on the leaves.
  FLOE_ASSIGN_OR_RETURN(ExpressionPtr bound, Bind(RewriteNot(row_filter), schema, case_sensitive));
  ExpressionPtr projected = ProjectTree(bound, spec);
  if (!projected) return Internal("Inclusive projection found a NOT after rewriting: {}", bound->ToString());
  return projected;
}

}  // namespace floe::iceberg
