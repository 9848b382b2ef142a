// Evaluating bound expressions against values: one row (RowEvaluator) or one
// partition tuple (PartitionEvaluator). Java's Evaluator.
//
// Null semantics are SQL's WHERE: a comparison, IN, NOT IN, STARTS WITH or
// NOT STARTS WITH on a null value is not true. Expressions are rewritten
// with RewriteNot first, so negations sit on the predicates and this is
// exactly three-valued logic (NOT (x = 1) is x != 1: false for null).
// IS NAN is false and NOT NAN true for null (Java, Spark). (Java's
// Evaluator instead orders null first: `x < 5` is true for null there.)
// NaN compares above every number, as in Java.
//
// Values must have their type's representation (literal.h); a value of
// another representation gives kInvalidData.
// Thread-safe: evaluators are immutable; Evaluate may run concurrently.
#pragma once

#include <functional>
#include <unordered_map>
#include <vector>

#include "floe/common/result.h"
#include "floe/iceberg/expression.h"
#include "floe/iceberg/partition_spec.h"
#include "floe/iceberg/schema.h"

namespace floe::iceberg {

class RowEvaluator {
 public:
  // The value of a field in the row being evaluated; nullptr (or a null
  // Literal) for null or absent values.
  using FieldLookup = std::function<const Literal*(int32_t field_id)>;

  // Binds `filter` to `schema` (Bind() errors are returned).
  static Result<RowEvaluator> Make(const ExpressionPtr& filter, const Schema& schema, bool case_sensitive = true);
  // Wraps an already bound expression.
  explicit RowEvaluator(const ExpressionPtr& bound_filter);

  // Whether the row matches.
  Result<bool> Evaluate(const FieldLookup& row) const;
  // A row as values by field id (absent ids are null).
  Result<bool> Evaluate(const std::unordered_map<int32_t, Literal>& row) const;

  const ExpressionPtr& filter() const { return filter_; }

 private:
  ExpressionPtr filter_;
};

class PartitionEvaluator {
 public:
  // Projects a row filter onto `spec` inclusively (partition_projection.h)
  // and binds it to spec.PartitionType(schema): Evaluate then answers "may
  // this partition hold matching rows", as Java's ManifestGroup does with
  // each manifest entry's partition.
  static Result<PartitionEvaluator> ForRowFilter(const ExpressionPtr& row_filter, const PartitionSpec& spec,
                                                 const Schema& schema, bool case_sensitive = true);
  // A filter written on partition field names, bound to `partition_type`.
  static Result<PartitionEvaluator> ForPartitionFilter(const ExpressionPtr& partition_filter,
                                                       const StructType& partition_type,
                                                       bool case_sensitive = true);

  // `partition` holds one value per partition field in spec order (the
  // DataFile::partition form); a tuple shorter than the spec is kInvalidData.
  Result<bool> Evaluate(const std::vector<Literal>& partition) const;

  const ExpressionPtr& filter() const { return filter_; }

 private:
  explicit PartitionEvaluator(ExpressionPtr bound_filter) : filter_(std::move(bound_filter)) {}
  ExpressionPtr filter_;
};

}  // namespace floe::iceberg
