// ManifestEvaluator: decides from a manifest-list entry's partition field
// summaries whether the manifest may hold files matching a filter (Java's
// ManifestEvaluator).
//
// The filter is a partition filter: either given on partition field names
// or projected from a row filter (partition_projection.h). Per predicate on
// partition field p with summary s (bounds exclude nulls and NaNs):
//   - IS NULL cannot match when !s.contains_null; NOT NULL when all values
//     are null (contains_null and no lower bound; for float/double also
//     contains_nan == false);
//   - IS NAN cannot match when contains_nan == false or all values are null;
//     NOT NAN when contains_nan and !contains_null and no lower bound;
//   - <, <=, >, >=, =, IN, STARTS WITH cannot match without a lower bound
//     (all null) or when the bounds exclude the literal(s) (IN with more than
//     200 values might match); NOT STARTS WITH p cannot match when there are
//     no nulls and both bounds start with p;
//   - != and NOT IN always might match.
// Thread-safe: immutable; build one per partition spec and scan.
#pragma once

#include <optional>
#include <vector>

#include "floe/common/result.h"
#include "floe/iceberg/expression.h"
#include "floe/iceberg/partition_field_summary.h"
#include "floe/iceberg/partition_spec.h"
#include "floe/iceberg/schema.h"

namespace floe::iceberg {

class ManifestEvaluator {
 public:
  static constexpr size_t kInPredicateLimit = 200;

  // Projects `row_filter` (on table columns) inclusively onto `spec` and
  // binds it to spec.PartitionType(schema).
  static Result<ManifestEvaluator> ForRowFilter(const ExpressionPtr& row_filter, const PartitionSpec& spec,
                                                const Schema& schema, bool case_sensitive = true);
  // Binds a filter on partition field names to spec.PartitionType(schema).
  static Result<ManifestEvaluator> ForPartitionFilter(const ExpressionPtr& partition_filter,
                                                      const PartitionSpec& spec, const Schema& schema,
                                                      bool case_sensitive = true);

  // true when the manifest might hold matching files. `partitions` is the
  // manifest's summaries (ManifestFile::partitions): one per spec field in
  // spec order. nullopt (no summaries) might match; fewer summaries than
  // the filter needs, or undecodable bounds, give kInvalidData.
  Result<bool> Evaluate(const std::vector<PartitionFieldSummary>& partitions) const;
  Result<bool> Evaluate(const std::optional<std::vector<PartitionFieldSummary>>& partitions) const;

  const ExpressionPtr& filter() const { return filter_; }

 private:
  explicit ManifestEvaluator(ExpressionPtr bound_filter) : filter_(std::move(bound_filter)) {}
  ExpressionPtr filter_;
};

}  // namespace floe::iceberg
