// Array, map and row expressions: constructors (ARRAY[...], ROW(...),
// MAP(keys, values)), subscript, row field access, and the functions
// element_at, cardinality, contains, map_keys and map_values, with Trino's
// types, NULL handling and errors:
//   ARRAY[1, 2][3]         INVALID_FUNCTION_ARGUMENT "Array subscript must be
//                          less than or equal to array length: 3 > 2"
//   ARRAY[1][0]            "SQL array indices start at 1"
//   ARRAY[1][-1]           "Array subscript is negative: -1"
//   MAP(...)['x']          "Key not present in map: x"
//   element_at(a, 5)       NULL when out of range; negative counts from the end
//   MAP(ARRAY[1], ARRAY[]) "Key and value arrays must be the same length"
// Values are computed row by row over engine::Value (value.h).
// Thread-compatible, like expression.h.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/engine/expression.h"
#include "floe/engine/value.h"

namespace floe::engine {

// Names handled here (internal names: "$array", "$row", "$subscript",
// "$field"; SQL names: map, element_at, cardinality, contains, map_keys,
// map_values).
bool IsNestedFunction(const std::string& name);

// Binds a call of a nested function (see IsNestedFunction): argument
// coercions and the result type. Type errors are FUNCTION_NOT_FOUND
// "Unexpected parameters ..." or TYPE_MISMATCH, at `location`.
Result<BoundExpressionPtr> ResolveNestedFunction(const std::string& name, std::vector<BoundExpressionPtr> arguments,
                                                 sql::NodeLocation location);

// `row.field` (case-insensitive). Errors: TYPE_MISMATCH when `row` is not a
// row; COLUMN_NOT_FOUND "Column 'field' cannot be resolved" when it has no
// such field.
Result<BoundExpressionPtr> ResolveFieldAccess(BoundExpressionPtr row, const std::string& field,
                                              sql::NodeLocation location);

// Whether `e` compares array, map or row values (=, <>, <, <=, >, >=);
// those are evaluated by EvaluateNestedFunction too.
bool IsNestedComparison(const BoundExpression& e);

// Evaluates a bound nested call `e` over its evaluated `inputs` at `rows`.
Status EvaluateNestedFunction(const BoundExpression& e, const std::vector<std::shared_ptr<columnar::Vector>>& inputs,
                              const std::vector<uint32_t>& rows, VectorBuilder* out);

}  // namespace floe::engine
