#include "floe/iceberg/inclusive_metrics_evaluator.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string_view>

namespace floe::iceberg {

namespace {

constexpr bool kRowsMightMatch = true;
constexpr bool kRowsCannotMatch = false;

bool IsNaNValue(const Literal& value) {
  if (const float* f = value.get_if<float>()) return std::isnan(*f);
  if (const double* d = value.get_if<double>()) return std::isnan(*d);
  return false;
}

// Byte-wise comparison of `bound` cut to at most prefix.size() bytes with
// `prefix` (Java: BinaryUtil.truncateBinary + unsigned bytes comparator).
int ComparePrefix(std::string_view bound, std::string_view prefix) {
  std::string_view cut = bound.substr(0, std::min(bound.size(), prefix.size()));
  int result = cut.compare(prefix);  // char_traits<char>::compare compares as unsigned char
  return result < 0 ? -1 : result > 0 ? 1 : 0;
}

class MetricsVisitor {
 public:
  explicit MetricsVisitor(const FileMetrics& metrics) : metrics_(metrics) {}

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
  static std::optional<int64_t> Lookup(const std::map<int32_t, int64_t>* counts, int32_t id) {
    if (counts == nullptr) return std::nullopt;
    auto it = counts->find(id);
    if (it == counts->end()) return std::nullopt;
    return it->second;
  }

  static const std::string* LookupBound(const std::map<int32_t, std::string>* bounds, int32_t id) {
    if (bounds == nullptr) return nullptr;
    auto it = bounds->find(id);
    return it == bounds->end() ? nullptr : &it->second;
  }

  bool MayContainNull(int32_t id) const {
    auto nulls = Lookup(metrics_.null_value_counts, id);
    return !nulls || *nulls != 0;
  }

  bool ContainsNullsOnly(int32_t id) const {
    auto values = Lookup(metrics_.value_counts, id);
    auto nulls = Lookup(metrics_.null_value_counts, id);
    return values && nulls && *values - *nulls == 0;
  }

  bool ContainsNoNaNs(int32_t id) const {
    auto nans = Lookup(metrics_.nan_value_counts, id);
    return nans && *nans == 0;
  }

  bool ContainsNaNsOnly(int32_t id) const {
    auto nans = Lookup(metrics_.nan_value_counts, id);
    auto values = Lookup(metrics_.value_counts, id);
    return nans && values && *nans == *values;
  }

  // The decoded bound, or nullopt when absent (or undecodable: error_ is set).
  std::optional<Literal> DecodeBound(const Expression& predicate, const std::map<int32_t, std::string>* bounds) {
    const std::string* bytes = LookupBound(bounds, predicate.reference().field_id);
    if (bytes == nullptr) return std::nullopt;
    auto decoded = FromBinary(*predicate.reference().type, *bytes);
    if (!decoded.ok()) {
      Fail(decoded.status().WithContext(fmt::format("Bound of column '{}'", predicate.reference().name)));
      return std::nullopt;
    }
    if (decoded->is_null() || decoded->value().index() != predicate.literal().value().index()) {
      Fail(InvalidData("Bound of column '{}' does not decode to a {} value", predicate.reference().name,
                       predicate.reference().type->ToString()));
      return std::nullopt;
    }
    return std::move(decoded).value();
  }

  void Fail(Status status) {
    if (error_.ok()) error_ = std::move(status);
  }

  static int Compare(const Literal& a, const Literal& b) {
    std::strong_ordering order = CompareLiterals(a, b);
    return order == std::strong_ordering::less ? -1 : order == std::strong_ordering::greater ? 1 : 0;
  }

  bool EvaluatePredicate(const Expression& predicate) {
    if (!predicate.is_bound()) {
      Fail(Internal("Cannot evaluate unbound predicate: {}", predicate.ToString()));
      return kRowsMightMatch;
    }
    int32_t id = predicate.reference().field_id;
    switch (predicate.op()) {
      case Operation::kIsNull:
        // Binding folded IS NULL on required fields; no nulls means no match.
        return MayContainNull(id) ? kRowsMightMatch : kRowsCannotMatch;
      case Operation::kNotNull:
        return ContainsNullsOnly(id) ? kRowsCannotMatch : kRowsMightMatch;
      case Operation::kIsNan:
        // Without NaN counts, a column of nulls still holds no NaN.
        if (ContainsNullsOnly(id) || ContainsNoNaNs(id)) return kRowsCannotMatch;
        return kRowsMightMatch;
      case Operation::kNotNan:
        return ContainsNaNsOnly(id) ? kRowsCannotMatch : kRowsMightMatch;
      case Operation::kNotEqual:
      case Operation::kNotIn:
        // Bounds need not be values of the column: != X with bounds (X, Y)
        // does not mean X is in the file.
        return kRowsMightMatch;
      case Operation::kStartsWith:
        return StartsWith(predicate);
      case Operation::kNotStartsWith:
        return NotStartsWith(predicate);
      default:
        break;
    }
    if (ContainsNullsOnly(id) || ContainsNaNsOnly(id)) return kRowsCannotMatch;
    const Literal& literal = predicate.literal();
    switch (predicate.op()) {
      case Operation::kLessThan:
      case Operation::kLessThanOrEqual: {
        auto lower = DecodeBound(predicate, metrics_.lower_bounds);
        // A NaN lower bound is unreliable (ORC writes NaN when a NaN came first).
        if (!lower || IsNaNValue(*lower)) return kRowsMightMatch;
        int order = Compare(*lower, literal);
        bool cannot = predicate.op() == Operation::kLessThan ? order >= 0 : order > 0;
        return cannot ? kRowsCannotMatch : kRowsMightMatch;
      }
      case Operation::kGreaterThan:
      case Operation::kGreaterThanOrEqual: {
        auto upper = DecodeBound(predicate, metrics_.upper_bounds);
        if (!upper) return kRowsMightMatch;
        int order = Compare(*upper, literal);
        bool cannot = predicate.op() == Operation::kGreaterThan ? order <= 0 : order < 0;
        return cannot ? kRowsCannotMatch : kRowsMightMatch;
      }
      case Operation::kEqual: {
        auto lower = DecodeBound(predicate, metrics_.lower_bounds);
        if (lower && !IsNaNValue(*lower) && Compare(*lower, literal) > 0) return kRowsCannotMatch;
        auto upper = DecodeBound(predicate, metrics_.upper_bounds);
        if (upper && Compare(*upper, literal) < 0) return kRowsCannotMatch;
        return kRowsMightMatch;
      }
      case Operation::kIn:
        return In(predicate);
      default:
        return kRowsMightMatch;
    }
  }

  bool In(const Expression& predicate) {
    const std::vector<Literal>& values = predicate.literals();  // sorted ascending
    if (values.size() > InclusiveMetricsEvaluator::kInPredicateLimit) return kRowsMightMatch;
    auto lower = DecodeBound(predicate, metrics_.lower_bounds);
    if (!lower || IsNaNValue(*lower)) return kRowsMightMatch;
    // Values >= lower: since the set is sorted, the largest value decides.
    if (Compare(*lower, values.back()) > 0) return kRowsCannotMatch;
    auto upper = DecodeBound(predicate, metrics_.upper_bounds);
    if (!upper) return kRowsMightMatch;
    // Some value within [lower, upper]?
    for (const Literal& value : values) {
      if (Compare(*lower, value) <= 0 && Compare(*upper, value) >= 0) return kRowsMightMatch;
    }
    return kRowsCannotMatch;
  }

  bool StartsWith(const Expression& predicate) {
    int32_t id = predicate.reference().field_id;
    if (ContainsNullsOnly(id)) return kRowsCannotMatch;
    const std::string& prefix = predicate.literal().get<std::string>();
    const std::string* lower = LookupBound(metrics_.lower_bounds, id);
    if (lower == nullptr) return kRowsMightMatch;
    // The lower bound cut to the prefix length must not be above the prefix.
    if (ComparePrefix(*lower, prefix) > 0) return kRowsCannotMatch;
    const std::string* upper = LookupBound(metrics_.upper_bounds, id);
    if (upper == nullptr) return kRowsMightMatch;
    if (ComparePrefix(*upper, prefix) < 0) return kRowsCannotMatch;
    return kRowsMightMatch;
  }

  bool NotStartsWith(const Expression& predicate) {
    int32_t id = predicate.reference().field_id;
    if (MayContainNull(id)) return kRowsMightMatch;
    const std::string& prefix = predicate.literal().get<std::string>();
    const std::string* lower = LookupBound(metrics_.lower_bounds, id);
    const std::string* upper = LookupBound(metrics_.upper_bounds, id);
    if (lower == nullptr || upper == nullptr) return kRowsMightMatch;
    // Only when both bounds start with the prefix must every value start with it.
    if (lower->size() < prefix.size() || upper->size() < prefix.size()) return kRowsMightMatch;
    if (ComparePrefix(*lower, prefix) == 0 && ComparePrefix(*upper, prefix) == 0) return kRowsCannotMatch;
    return kRowsMightMatch;
  }

  const FileMetrics& metrics_;
  Status error_;
};

}  // namespace

Result<InclusiveMetricsEvaluator> InclusiveMetricsEvaluator::Make(const ExpressionPtr& row_filter,
                                                                  const Schema& schema, bool case_sensitive) {
  FLOE_ASSIGN_OR_RETURN(ExpressionPtr bound, Bind(RewriteNot(row_filter), schema, case_sensitive));
  return InclusiveMetricsEvaluator(std::move(bound));
}

Result<bool> InclusiveMetricsEvaluator::Evaluate(const FileMetrics& metrics) const {
  if (metrics.record_count == 0) return kRowsCannotMatch;
  // Negative counts come from imported Avro files whose count is unknown.
  if (metrics.record_count < 0) return kRowsMightMatch;
  MetricsVisitor visitor(metrics);
  bool result = visitor.Evaluate(*filter_);
  if (!visitor.error().ok()) return visitor.error();
  return result;
}

}  // namespace floe::iceberg
