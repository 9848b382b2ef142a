// Decorrelation of correlated subqueries into joins, for the analyzer.
//
// The analyzer analyzes a correlated subquery with its correlated equality
// conditions (inner_key = outer_key) pulled out of its WHERE clause: the
// subquery's plan then outputs its inner keys first, then its select list.
// These functions join that plan to the outer relation on the keys, so that
// each outer row meets at most one row (the subquery side is aggregated by
// its keys first), and give the subquery's value as an expression over the
// join's outputs. The outer relation's columns keep their indexes.
//
// Semantics are Trino's: EXISTS is true when the correlated rows are not
// empty; `x IN (subquery)` is true on a match, NULL when there is no match
// but x is NULL or the subquery has a NULL (over a non-empty set of rows),
// false otherwise (NOT IN negates it); a scalar subquery is NULL over no
// rows, its value over one, and fails with SUBQUERY_MULTIPLE_ROWS ("Scalar
// sub-query has returned multiple rows") for an outer row that meets several.
#pragma once

#include <vector>

#include "floe/common/result.h"
#include "floe/engine/plan.h"

namespace floe::engine {

struct DecorrelatedSubquery {
  PlanPtr relation;             // the outer relation joined with the subquery
  BoundExpressionPtr value;     // the subquery's value, over relation's outputs
};

// `outer_keys` (over outer's outputs) equal the subquery's first
// outer_keys.size() outputs. `negated`: NOT EXISTS.
Result<DecorrelatedSubquery> PlanCorrelatedExists(const PlanPtr& outer, const PlanPtr& subquery,
                                                  const std::vector<BoundExpressionPtr>& outer_keys, bool negated,
                                                  sql::NodeLocation location);

// The subquery's outputs are its keys then one value. `empty_value`: its
// value over no rows (a global aggregation: count(*) is 0), or nullptr.
Result<DecorrelatedSubquery> PlanCorrelatedScalar(const PlanPtr& outer, const PlanPtr& subquery,
                                                  const std::vector<BoundExpressionPtr>& outer_keys,
                                                  const BoundExpressionPtr& empty_value, sql::NodeLocation location);

// `value IN (subquery)` (NOT IN when negated); `value` is over outer's
// outputs, the subquery's outputs are its keys then one value.
Result<DecorrelatedSubquery> PlanCorrelatedIn(const PlanPtr& outer, const PlanPtr& subquery,
                                              const std::vector<BoundExpressionPtr>& outer_keys,
                                              const BoundExpressionPtr& value, bool negated, sql::NodeLocation location);

}  // namespace floe::engine
