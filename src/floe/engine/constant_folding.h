// Constant folding: every expression of a plan whose operands are all
// constants becomes the constant it evaluates to (TPC-H Q6's
// `BETWEEN 0.06 - 0.01 AND 0.06 + 0.01` then compares l_discount with two
// decimal(12,2) constants, which predicate pushdown can use, instead of
// evaluating the arithmetic for every row).
//
// An expression whose evaluation fails (1 / 0, an invalid cast) is left as
// it is, so its error surfaces only if a row reaches it, as before: a CASE
// branch never taken still never raises. Nested ANDs flatten into one
// conjunction (so pushdown sees BETWEEN's two comparisons). Every function is deterministic
// (the session's current time is bound as a constant at analysis).
// Pure function; thread-safe.
#pragma once

#include "floe/engine/plan.h"

namespace floe::engine {

PlanPtr FoldConstants(const PlanPtr& plan);

// `expression` with its constant subexpressions folded.
BoundExpressionPtr FoldConstantExpression(const BoundExpressionPtr& expression);

}  // namespace floe::engine
