// Shared by the operator implementations (operators.cc and the
// *_operator.cc files); not part of the engine's interface.
//
// Each Make*Operator builds one physical operator for a plan node of its
// kind; BuildOperator (operators.cc) is the only caller.
#pragma once

#include <memory>

#include "floe/engine/operators.h"

namespace floe::engine::detail {

// USER_CANCELED once the query's token is set.
Status CheckCanceled(const ExecutionContext& context);

// Bytes held by a batch's buffers, for memory accounting.
int64_t BatchBytes(const columnar::Batch& batch);

// A vector converted to the representation of `type` (schema evolution:
// int -> long, float -> double, decimal widening; dictionaries decoded).
std::shared_ptr<columnar::Vector> Conform(std::shared_ptr<columnar::Vector> vector, const SqlType& type);

std::unique_ptr<Operator> MakeTableScanOperator(PlanPtr plan, ExecutionContext& context);
std::unique_ptr<Operator> MakeAggregateOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context);
// top_n > 0: keep only the first top_n rows in order (ORDER BY ... LIMIT).
std::unique_ptr<Operator> MakeSortOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context,
                                           int64_t top_n);
std::unique_ptr<Operator> MakeHashJoinOperator(PlanPtr plan, std::unique_ptr<Operator> probe,
                                               std::unique_ptr<Operator> build, ExecutionContext& context);
std::unique_ptr<Operator> MakeWindowOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context);
std::unique_ptr<Operator> MakeSetOperationOperator(PlanPtr plan, std::unique_ptr<Operator> left,
                                                   std::unique_ptr<Operator> right, ExecutionContext& context);

}  // namespace floe::engine::detail
