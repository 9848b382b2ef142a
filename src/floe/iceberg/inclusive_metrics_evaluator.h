// InclusiveMetricsEvaluator: decides from a data file's column metrics
// whether the file may contain rows matching a row filter (Java's
// InclusiveMetricsEvaluator, same answers case by case).
//
// Evaluate returns true ("rows might match") or false ("rows cannot match");
// a file may be skipped only on false. Missing metrics never skip a file.
// The rules, per predicate on column c:
//   - a file with 0 records cannot match; one with a negative (unknown)
//     record count might;
//   - IS NULL cannot match when c's null count is 0; NOT NULL when c holds
//     only nulls (value count == null count);
//   - IS NAN cannot match when c holds only nulls or its NaN count is 0;
//     NOT NAN when c holds only NaNs (NaN count == value count);
//   - <, <=, >, >=, =, IN cannot match when c holds only nulls or only NaNs,
//     or when the bounds exclude the literal(s) (< v: lower >= v; <= v:
//     lower > v; > v: upper <= v; >= v: upper < v; = v: v outside
//     [lower, upper]; IN: every value outside). A NaN lower bound is
//     unreliable (ORC) and is ignored. IN with more than 200 values might match;
//   - STARTS WITH p cannot match when c holds only nulls or when the bounds
//     cut to p's length exclude p (byte-wise; truncated string bounds are
//     safe); NOT STARTS WITH p cannot match when c has no nulls and both
//     bounds start with p;
//   - != and NOT IN always might match (bounds need not be actual values).
// Metrics of fields nested in structs are used like top-level ones (they are
// keyed by field id).
//
// Build one evaluator per scan (binding happens once); Evaluate is cheap
// (map lookups and decoding the bounds it needs) and thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "floe/common/result.h"
#include "floe/iceberg/expression.h"
#include "floe/iceberg/schema.h"

namespace floe::iceberg {

// A view of a data file's metrics (pointers may be null: "no metrics").
// Counts and bounds are keyed by field id; bounds hold the single-value
// binary serialization (spec Appendix D), decoded with FromBinary.
struct FileMetrics {
  int64_t record_count = 0;
  const std::map<int32_t, int64_t>* value_counts = nullptr;
  const std::map<int32_t, int64_t>* null_value_counts = nullptr;
  const std::map<int32_t, int64_t>* nan_value_counts = nullptr;
  const std::map<int32_t, std::string>* lower_bounds = nullptr;
  const std::map<int32_t, std::string>* upper_bounds = nullptr;
};

// The metrics view of anything shaped like DataFile (data_file.h): the view
// borrows `file`'s maps, which must outlive it.
template <typename DataFileLike>
FileMetrics MetricsOf(const DataFileLike& file) {
  return FileMetrics{file.record_count,       &file.value_counts, &file.null_value_counts,
                     &file.nan_value_counts, &file.lower_bounds, &file.upper_bounds};
}

class InclusiveMetricsEvaluator {
 public:
  // More IN values than this are not checked against the bounds (Java's limit).
  static constexpr size_t kInPredicateLimit = 200;

  // Rewrites Nots and binds `row_filter` to `schema` (Bind() errors, e.g.
  // kBadRequest "Cannot find field 'x' ...", are returned).
  static Result<InclusiveMetricsEvaluator> Make(const ExpressionPtr& row_filter, const Schema& schema,
                                                bool case_sensitive = true);

  // true when the file might contain matching rows, false when it cannot.
  // A bound that does not decode for its column type gives kInvalidData.
  Result<bool> Evaluate(const FileMetrics& metrics) const;

  const ExpressionPtr& filter() const { return filter_; }

 private:
  explicit InclusiveMetricsEvaluator(ExpressionPtr bound_filter) : filter_(std::move(bound_filter)) {}
  ExpressionPtr filter_;
};

}  // namespace floe::iceberg
