#include "floe/iceberg/manifest_evaluator.h"

#include <algorithm>
#include <string_view>

#include "floe/iceberg/partition_projection.h"

namespace floe::iceberg {

namespace {

constexpr bool kRowsMightMatch = true;
constexpr bool kRowsCannotMatch = false;

int ComparePrefix(std::string_view bound, std::string_view prefix) {
  std::string_view cut = bound.substr(0, std::min(bound.size(), prefix.size()));
  int result = cut.compare(prefix);
  return result < 0 ? -1 : result > 0 ? 1 : 0;
}

class SummaryVisitor {
 public:
  explicit SummaryVisitor(const std::vector<PartitionFieldSummary>& summaries) : summaries_(summaries) {}

  const Status& error() const { return error_; }

  bool Evaluate(const Expression& expression) {
    switch (expression.op()) {
      case Operation::kTrue: return kRowsMightMatch;
      case Operation::kFalse: return kRowsCannotMatch;
      case Operation::kAnd: return Evaluate(*expression.left()) && Evaluate(*expression.right());
      case Operation::kOr: return Evaluate(*expression.left()) || Evaluate(*expression.right());
      case Operation::kNot: return !Evaluate(*expression.child());
      default: return EvaluatePredicate(expression);
    }
  }

 private:
  void Fail(Status status) {
    if (error_.ok()) error_ = std::move(status);
  }

  // The decoded bound, or nullopt when absent or undecodable (error_ set).
  std::optional<Literal> Decode(const Expression& predicate, const std::optional<std::string>& bytes) {
    if (!bytes) return std::nullopt;
    auto decoded = FromBinary(*predicate.reference().type, *bytes);
    if (!decoded.ok()) {
      Fail(decoded.status().WithContext(fmt::format("Partition summary bound of '{}'", predicate.reference().name)));
      return std::nullopt;
    }
    if (decoded->is_null() || decoded->value().index() != predicate.literal().value().index()) {
      Fail(InvalidData("Partition summary bound of '{}' does not decode to a {} value", predicate.reference().name,
                       predicate.reference().type->ToString()));
      return std::nullopt;
    }
    return std::move(decoded).value();
  }

  static int Compare(const Literal& a, const Literal& b) {
    std::strong_ordering order = CompareLiterals(a, b);
    return order == std::strong_ordering::less ? -1 : order == std::strong_ordering::greater ? 1 : 0;
  }

  static bool AllValuesAreNull(const PartitionFieldSummary& summary, TypeId type) {
    // contains_null says at least one value is null; no lower bound means no
    // value is non-null (bounds skip NaN, so floats also need contains_nan).
    bool all_null = summary.contains_null && !summary.lower_bound;
    if (all_null && (type == TypeId::kFloat || type == TypeId::kDouble)) {
      all_null = summary.contains_nan.has_value() && !*summary.contains_nan;
    }
    return all_null;
  }

  bool EvaluatePredicate(const Expression& predicate) {
    if (!predicate.is_bound()) {
      Fail(Internal("Cannot evaluate unbound predicate: {}", predicate.ToString()));
      return kRowsMightMatch;
    }
    int32_t position = predicate.reference().position;
    if (position < 0 || static_cast<size_t>(position) >= summaries_.size()) {
      Fail(InvalidData("Manifest has {} partition summaries; field '{}' is at position {}", summaries_.size(),
                       predicate.reference().name, position));
      return kRowsMightMatch;
    }
    const PartitionFieldSummary& summary = summaries_[static_cast<size_t>(position)];
    TypeId type = predicate.reference().type->id();
    switch (predicate.op()) {
      case Operation::kIsNull:
        return summary.contains_null ? kRowsMightMatch : kRowsCannotMatch;
      case Operation::kNotNull:
        return AllValuesAreNull(summary, type) ? kRowsCannotMatch : kRowsMightMatch;
      case Operation::kIsNan:
        if (summary.contains_nan.has_value() && !*summary.contains_nan) return kRowsCannotMatch;
        return AllValuesAreNull(summary, type) ? kRowsCannotMatch : kRowsMightMatch;
      case Operation::kNotNan:
        // NaN present, no null and no bound: every value is NaN.
        if (summary.contains_nan.value_or(false) && !summary.contains_null && !summary.lower_bound) {
          return kRowsCannotMatch;
        }
        return kRowsMightMatch;
      case Operation::kNotEqual:
      case Operation::kNotIn:
        return kRowsMightMatch;
      case Operation::kNotStartsWith:
        return NotStartsWith(predicate, summary);
      default:
        break;
    }
    // Every remaining predicate needs a non-null value: no lower bound means all null.
    if (!summary.lower_bound) return kRowsCannotMatch;
    if (predicate.op() == Operation::kStartsWith) {
      const std::string& prefix = predicate.literal().get<std::string>();
      if (ComparePrefix(*summary.lower_bound, prefix) > 0) return kRowsCannotMatch;
      if (summary.upper_bound && ComparePrefix(*summary.upper_bound, prefix) < 0) return kRowsCannotMatch;
      return kRowsMightMatch;
    }
    if (predicate.op() == Operation::kIn && predicate.literals().size() > ManifestEvaluator::kInPredicateLimit) {
      return kRowsMightMatch;
    }
    const Literal& literal = predicate.literal();
    switch (predicate.op()) {
      case Operation::kLessThan:
      case Operation::kLessThanOrEqual: {
        auto lower = Decode(predicate, summary.lower_bound);
        if (!lower) return kRowsMightMatch;
        int order = Compare(*lower, literal);
        bool cannot = predicate.op() == Operation::kLessThan ? order >= 0 : order > 0;
        return cannot ? kRowsCannotMatch : kRowsMightMatch;
      }
      case Operation::kGreaterThan:
      case Operation::kGreaterThanOrEqual: {
        auto upper = Decode(predicate, summary.upper_bound);
        if (!upper) return kRowsMightMatch;
        int order = Compare(*upper, literal);
        bool cannot = predicate.op() == Operation::kGreaterThan ? order <= 0 : order < 0;
        return cannot ? kRowsCannotMatch : kRowsMightMatch;
      }
      case Operation::kEqual: {
        auto lower = Decode(predicate, summary.lower_bound);
        if (lower && Compare(*lower, literal) > 0) return kRowsCannotMatch;
        auto upper = Decode(predicate, summary.upper_bound);
        if (upper && Compare(*upper, literal) < 0) return kRowsCannotMatch;
        return kRowsMightMatch;
      }
      case Operation::kIn: {
        const std::vector<Literal>& values = predicate.literals();  // sorted ascending
        auto lower = Decode(predicate, summary.lower_bound);
        if (!lower) return kRowsMightMatch;
        if (Compare(*lower, values.back()) > 0) return kRowsCannotMatch;
        auto upper = Decode(predicate, summary.upper_bound);
        if (!upper) return kRowsMightMatch;
        for (const Literal& value : values) {
          if (Compare(*lower, value) <= 0 && Compare(*upper, value) >= 0) return kRowsMightMatch;
        }
        return kRowsCannotMatch;
      }
      default:
        return kRowsMightMatch;
    }
  }

  bool NotStartsWith(const Expression& predicate, const PartitionFieldSummary& summary) {
    if (summary.contains_null) return kRowsMightMatch;
    if (!summary.lower_bound || !summary.upper_bound) return kRowsMightMatch;
    const std::string& prefix = predicate.literal().get<std::string>();
    const std::string& lower = *summary.lower_bound;
    const std::string& upper = *summary.upper_bound;
    // Only when both bounds start with the prefix must every value start with it.
    if (lower.size() < prefix.size() || upper.size() < prefix.size()) return kRowsMightMatch;
    if (ComparePrefix(lower, prefix) == 0 && ComparePrefix(upper, prefix) == 0) return kRowsCannotMatch;
    return kRowsMightMatch;
  }

  const std::vector<PartitionFieldSummary>& summaries_;
  Status error_;
};

}  // namespace

Result<ManifestEvaluator> ManifestEvaluator::ForRowFilter(const ExpressionPtr& row_filter, const PartitionSpec& spec,
                                                          const Schema& schema, bool case_sensitive) {
  FLOE_ASSIGN_OR_RETURN(ExpressionPtr projected, ProjectInclusive(row_filter, spec, schema, case_sensitive));
  return ForPartitionFilter(projected, spec, schema, case_sensitive);
}

Result<ManifestEvaluator> ManifestEvaluator::ForPartitionFilter(const ExpressionPtr& partition_filter,
                                                                const PartitionSpec& spec, const Schema& schema,
                                                                bool case_sensitive) {
  FLOE_ASSIGN_OR_RETURN(auto partition_type, spec.PartitionType(schema));
  FLOE_ASSIGN_OR_RETURN(ExpressionPtr bound, Bind(RewriteNot(partition_filter), *partition_type, case_sensitive));
  return ManifestEvaluator(std::move(bound));
}

Result<bool> ManifestEvaluator::Evaluate(const std::vector<PartitionFieldSummary>& partitions) const {
  SummaryVisitor visitor(partitions);
  bool result = visitor.Evaluate(*filter_);
  if (!visitor.error().ok()) return visitor.error();
  return result;
}

Result<bool> ManifestEvaluator::Evaluate(const std::optional<std::vector<PartitionFieldSummary>>& partitions) const {
  if (!partitions) return kRowsMightMatch;
  return Evaluate(*partitions);
}

}  // namespace floe::iceberg
