// Bound (typed) expressions and their column-at-a-time evaluation.
//
// The analyzer turns syntax-tree expressions into BoundExpressions: every
// node has its SQL type, column references are input column indexes, implicit
// coercions are explicit casts, and functions are resolved.
//
// Evaluation (Evaluate) works on a batch and a list of active rows (ascending
// row indexes): it returns a vector as long as the batch whose values are
// defined at the active rows only. Conditional forms narrow the active rows
// before evaluating their branches (CASE, AND, OR, COALESCE, IF), so an
// error in a branch not taken is never raised, as in Trino:
//   CASE WHEN x <> 0 THEN 10 / x END   -- no division by zero
// Semantics are Trino's: NULL propagates through operators and functions;
// integer overflow is NUMERIC_VALUE_OUT_OF_RANGE ("integer addition overflow:
// 2147483647 + 1"); integer division truncates; division by zero is
// DIVISION_BY_ZERO; decimal arithmetic follows Trino's precision/scale rules
// and rounds half up; invalid casts are INVALID_CAST_ARGUMENT (TRY_CAST gives
// NULL instead). Runtime errors carry the position of the failing operator.
// Thread-compatible: a BoundExpression is immutable once built and may be
// evaluated from several threads at once.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/engine/sql_type.h"
#include "floe/engine/value.h"
#include "floe/sql/ast.h"

namespace floe::engine {

enum class BoundKind : uint8_t {
  kColumn,    // column
  kConstant,  // constant
  kCall,      // function(children...)
  kCast,      // children[0] to type (try_cast)
  kAnd,       // children
  kOr,        // children
  kNot,       // children[0]
  kIsNull,    // children[0] (negated: IS NOT NULL)
  kCase,      // children: (when, then)* [else]; has_else
  kInList,    // children[0] IN children[1..] (negated)
  kCoalesce,  // children
};

struct BoundExpression;
using BoundExpressionPtr = std::shared_ptr<const BoundExpression>;

struct BoundExpression {
  BoundKind kind = BoundKind::kConstant;
  SqlType type;
  sql::NodeLocation location;
  int32_t column = -1;
  Value constant;
  std::string function;  // kCall: the resolved name ("add", "equal", "lower", ...)
  bool negated = false;
  bool try_cast = false;
  bool has_else = false;
  std::vector<BoundExpressionPtr> children;
  // kInList whose items are all constants: their keys (AppendValueKey), so
  // membership is one hash lookup per row; `in_set_has_null` when an item is NULL.
  std::shared_ptr<const std::unordered_set<std::string>> in_set;
  bool in_set_has_null = false;

  bool is_constant() const { return kind == BoundKind::kConstant; }
};

// Fills `in_list`'s in_set when its items are all constants.
void PrepareInList(BoundExpression* in_list);

BoundExpressionPtr MakeColumn(int32_t column, SqlType type, sql::NodeLocation location = {});
BoundExpressionPtr MakeConstant(Value value, SqlType type, sql::NodeLocation location = {});
// A cast, or `expression` itself when it already has `type`. Constant
// operands are folded (errors then surface at analysis, with the position).
Result<BoundExpressionPtr> MakeCast(BoundExpressionPtr expression, const SqlType& type, bool try_cast,
                                    sql::NodeLocation location);

// Scalar functions callable by name from SQL: the argument types accepted,
// the result type. `arguments` are already bound; the resolver may insert
// casts. Unknown names give FUNCTION_NOT_FOUND; bad argument types give
// FUNCTION_NOT_FOUND with Trino's "Unexpected parameters (varchar) for
// function abs. Expected: abs(bigint), ..." style message.
Result<BoundExpressionPtr> ResolveScalarFunction(const std::string& name, std::vector<BoundExpressionPtr> arguments,
                                                 sql::NodeLocation location);

// Operators: arithmetic (+ - * / %), comparison (= <> < <= > >=), || and
// unary minus, with Trino's type rules. Type errors: TYPE_MISMATCH
// "Cannot apply operator: varchar + integer".
Result<BoundExpressionPtr> ResolveOperator(const std::string& op, std::vector<BoundExpressionPtr> arguments,
                                           sql::NodeLocation location);

// True for names of aggregate functions (count, sum, avg, min, max,
// approx_distinct, count_if, bool_and, bool_or, arbitrary).
bool IsAggregateFunction(const std::string& name);

// Context of one evaluation (per query): the session's current time, for
// current_date / current_timestamp.
struct EvaluationContext {
  int64_t query_start_micros = 0;
};

// Evaluates `expression` over the active `rows` of `batch`.
Result<std::shared_ptr<columnar::Vector>> Evaluate(const BoundExpression& expression, const columnar::Batch& batch,
                                                   const std::vector<uint32_t>& rows,
                                                   const EvaluationContext& context);

// Evaluates a constant expression (no column references) to one value.
Result<Value> EvaluateConstant(const BoundExpression& expression, const EvaluationContext& context);

// Evaluates a boolean predicate and returns the active rows where it is true.
Result<std::vector<uint32_t>> EvaluateFilter(const BoundExpression& predicate, const columnar::Batch& batch,
                                             const std::vector<uint32_t>& rows, const EvaluationContext& context);

}  // namespace floe::engine
