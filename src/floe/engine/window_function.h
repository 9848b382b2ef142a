// Window functions for the analyzer: which names are window functions,
// their argument and result types, and frames checked with Trino's rules
// and messages. The analyzer binds the expressions; the operator
// (window_operator.cc) computes them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "floe/common/result.h"
#include "floe/engine/plan.h"
#include "floe/sql/ast.h"

namespace floe::engine {

// True for the ranking and value functions (row_number, rank, dense_rank,
// percent_rank, cume_dist, ntile, lag, lead, first_value, last_value,
// nth_value). Aggregates (IsAggregateFunction) are window functions too.
bool IsWindowOnlyFunction(const std::string& name);

// The first window function call (a call with OVER) in `e`, outside
// subqueries, or nullptr.
const sql::Expression* FindWindowFunction(const sql::Expression& e);

// Sets call->function, call->arguments (with implicit casts) and call->type
// for a ranking or value function. Errors: FUNCTION_NOT_FOUND with Trino's
// "Unexpected parameters (varchar) for function ntile. Expected:
// ntile(bigint)" for bad arguments.
Status ResolveWindowOnlyFunction(const std::string& name, std::vector<BoundExpressionPtr> arguments,
                                 sql::NodeLocation location, WindowCall* call);

// The frame of `window` (Trino's default RANGE UNBOUNDED PRECEDING AND
// CURRENT ROW when absent), over `order_keys` already bound. Offsets must be
// constants; `bind` binds them. Errors: INVALID_WINDOW_FRAME for impossible
// bounds ("Window frame start cannot be UNBOUNDED FOLLOWING", ...) and
// negative or NULL offsets, MISSING_ORDER_BY for RANGE / GROUPS offsets
// without a (single) sort key, TYPE_MISMATCH for offsets of the wrong type.
Result<WindowFrameSpec> ResolveWindowFrame(const std::optional<sql::WindowFrame>& frame,
                                           const std::vector<SortKey>& order_keys,
                                           const std::function<Result<BoundExpressionPtr>(const sql::Expression&)>& bind,
                                           const EvaluationContext& context);

}  // namespace floe::engine
