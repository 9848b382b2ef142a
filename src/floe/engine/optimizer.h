// Optimizer: rewrites of the logical plan that keep its results.
//
// - Predicate pushdown: conjuncts of a filter directly above a table scan of
//   the form `column op constant`, `column IS [NOT] NULL` and `column IN
//   (constants)` become the scan's predicates, which drive Iceberg partition
//   and manifest-metrics pruning (iceberg::TableScan) and Parquet row-group
//   pruning. The filter stays in place: pruning only skips data that cannot
//   match, it never decides a row.
// - Projection pushdown: a scan reads only the columns some operator above
//   it references (none for count(*), which then uses row counts).
// - Constant folding (constant_folding.h): constant subexpressions become
//   constants first.
// - Join planning (join_planner.h): inner and comma joins become hash joins
//   on their equality conjuncts, in an order chosen by estimated sizes, with
//   single-table conjuncts pushed below them.
// Pure function; thread-safe.
#pragma once

#include "floe/engine/plan.h"

namespace floe::engine {

PlanPtr Optimize(const PlanPtr& plan);

// The Iceberg filter of a scan's predicates (nullptr when there are none).
iceberg::ExpressionPtr IcebergFilterOf(const PlanNode& scan);

}  // namespace floe::engine
