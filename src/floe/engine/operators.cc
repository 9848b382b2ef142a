#include "floe/engine/operators.h"
#include "floe/engine/operator_internal.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "floe/engine/optimizer.h"
#include "floe/iceberg/table_scan.h"
#include "floe/parquet/file_reader.h"
#include "floe/sql/error.h"

namespace floe::engine {

namespace codes = sql::error_codes;
using columnar::Batch;
using columnar::Vector;
using VectorPtr = std::shared_ptr<Vector>;

Status MemoryTracker::Reserve(int64_t bytes) {
  int64_t now = used_.fetch_add(bytes) + bytes;
  int64_t peak = peak_.load();
  while (now > peak && !peak_.compare_exchange_weak(peak, now)) {
  }
  if (limit_ > 0 && now > limit_) {
    used_.fetch_sub(bytes);
    return sql::SqlErrorNoLocation(codes::kExceededLocalMemoryLimit,
                                   "Query exceeded per-node memory limit of {} [Allocated: {}]",
                                   fmt::format("{:.2f}MB", static_cast<double>(limit_) / (1 << 20)),
                                   fmt::format("{:.2f}MB", static_cast<double>(now) / (1 << 20)));
  }
  return Status::OK();
}

void MemoryTracker::Release(int64_t bytes) { used_.fetch_sub(bytes); }

Status SequentialExecutor::Run(std::vector<std::function<Status()>> tasks) {
  for (auto& task : tasks) FLOE_RETURN_IF_ERROR(task());
  return Status::OK();
}

namespace detail {

Status CheckCanceled(const ExecutionContext& context) {
  if (context.cancellation && context.cancellation->canceled()) {
    return sql::SqlErrorNoLocation(codes::kUserCanceled, "Query was canceled");
  }
  return Status::OK();
}

int64_t BatchBytes(const Batch& batch) {
  int64_t bytes = 0;
  for (const auto& column : batch.columns) {
    if (column) bytes += static_cast<int64_t>(column->values.size() + column->bytes.size() + column->validity.size());
  }
  return bytes;
}

// A vector converted to the representation of `type` (schema evolution:
// int -> long, float -> double, decimal widening; dictionaries decoded).
VectorPtr Conform(VectorPtr vector, const SqlType& type) {
  if (vector->dictionary) vector = columnar::DecodeDictionary(*vector);
  columnar::DataType expected = ColumnarTypeOf(type);
  if (vector->type.id == expected.id && (expected.id != columnar::TypeId::kDecimal || vector->type.scale == expected.scale)) {
    return vector;
  }
  if (type.kind == SqlTypeKind::kVarbinary && vector->type.id == columnar::TypeId::kFixedBinary) return vector;
  VectorBuilder builder(type, vector->length);
  SqlType source = type;
  for (int64_t row = 0; row < vector->length; ++row) {
    Value value = ReadValue(*vector, row, source);
    if (value.is_null()) continue;
    if (type.kind == SqlTypeKind::kDecimal && vector->type.id == columnar::TypeId::kDecimal) {
      value = Value::Decimal(value.decimal() * PowerOfTen(expected.scale - vector->type.scale));
    }
    builder.SetValue(row, value);
  }
  return builder.Finish();
}

}  // namespace detail

namespace {

using detail::BatchBytes;
using detail::CheckCanceled;
using detail::Conform;

class ValuesOperator final : public Operator {
 public:
  ValuesOperator(PlanPtr plan, ExecutionContext& context) : plan_(std::move(plan)), context_(context) {}

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (done_) return false;
    done_ = true;
    *batch = Batch();
    int64_t rows = static_cast<int64_t>(plan_->rows.size());
    batch->num_rows = rows;
    for (size_t c = 0; c < plan_->outputs.size(); ++c) {
      VectorBuilder builder(plan_->outputs[c].type, rows);
      for (int64_t r = 0; r < rows; ++r) {
        FLOE_ASSIGN_OR_RETURN(Value value, EvaluateConstant(*plan_->rows[r][c], context_.evaluation));
        builder.SetValue(r, value);
      }
      batch->columns.push_back(builder.Finish());
    }
    return true;
  }

 private:
  PlanPtr plan_;
  ExecutionContext& context_;
  bool done_ = false;
};

class FilterOperator final : public Operator {
 public:
  FilterOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context)
      : plan_(std::move(plan)), input_(std::move(input)), context_(context) {}

  Result<bool> Next(Batch* batch) override {
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, input_->Next(batch));
      if (!more) return false;
      std::vector<uint32_t> rows = LiveRows(*batch);
      FLOE_ASSIGN_OR_RETURN(std::vector<uint32_t> selected,
                            EvaluateFilter(*plan_->predicate, *batch, rows, context_.evaluation));
      if (selected.empty()) continue;
      if (selected.size() != static_cast<size_t>(batch->num_rows)) {
        auto selection = std::make_shared<columnar::SelectionVector>();
        selection->rows = std::move(selected);
        batch->selection = std::move(selection);
      } else {
        batch->selection.reset();
      }
      return true;
    }
  }

 private:
  PlanPtr plan_;
  std::unique_ptr<Operator> input_;
  ExecutionContext& context_;
};

class ProjectOperator final : public Operator {
 public:
  ProjectOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context)
      : plan_(std::move(plan)), input_(std::move(input)), context_(context) {}

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    Batch input;
    FLOE_ASSIGN_OR_RETURN(bool more, input_->Next(&input));
    if (!more) return false;
    std::vector<uint32_t> rows = LiveRows(input);
    bool compact = !input.selection;
    *batch = Batch();
    batch->num_rows = static_cast<int64_t>(rows.size());
    for (size_t i = 0; i < plan_->expressions.size(); ++i) {
      const BoundExpression& expression = *plan_->expressions[i];
      if (expression.kind == BoundKind::kColumn && !input.columns[expression.column]) {
        return sql::SqlErrorNoLocation(codes::kGenericInternalError, "column {} was not read", expression.column);
      }
      FLOE_ASSIGN_OR_RETURN(VectorPtr vector, Evaluate(expression, input, rows, context_.evaluation));
      if (!compact) {
        FLOE_ASSIGN_OR_RETURN(vector, GatherRows(*vector, plan_->outputs[i].type, rows));
      }
      batch->columns.push_back(std::move(vector));
    }
    return true;
  }

 private:
  PlanPtr plan_;
  std::unique_ptr<Operator> input_;
  ExecutionContext& context_;
};

class LimitOperator final : public Operator {
 public:
  LimitOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context)
      : plan_(std::move(plan)), input_(std::move(input)), context_(context), to_skip_(plan_->offset) {}

  Result<bool> Next(Batch* batch) override {
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      if (plan_->limit && returned_ >= *plan_->limit) return false;
      FLOE_ASSIGN_OR_RETURN(bool more, input_->Next(batch));
      if (!more) return false;
      std::vector<uint32_t> rows = LiveRows(*batch);
      size_t begin = 0;
      if (to_skip_ > 0) {
        begin = static_cast<size_t>(std::min<int64_t>(to_skip_, static_cast<int64_t>(rows.size())));
        to_skip_ -= static_cast<int64_t>(begin);
      }
      size_t end = rows.size();
      if (plan_->limit) end = std::min<size_t>(end, begin + static_cast<size_t>(*plan_->limit - returned_));
      if (begin >= end) continue;
      if (begin > 0 || end < rows.size()) {
        auto selection = std::make_shared<columnar::SelectionVector>();
        selection->rows.assign(rows.begin() + static_cast<std::ptrdiff_t>(begin), rows.begin() + static_cast<std::ptrdiff_t>(end));
        batch->selection = std::move(selection);
      }
      returned_ += static_cast<int64_t>(end - begin);
      return true;
    }
  }

 private:
  PlanPtr plan_;
  std::unique_ptr<Operator> input_;
  ExecutionContext& context_;
  int64_t to_skip_;
  int64_t returned_ = 0;
};

}  // namespace

namespace detail {

std::unique_ptr<Operator> MakeFilterOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context) {
  return std::make_unique<FilterOperator>(std::move(plan), std::move(input), context);
}

std::unique_ptr<Operator> MakeProjectOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context) {
  return std::make_unique<ProjectOperator>(std::move(plan), std::move(input), context);
}

bool IsScanPipeline(const PlanNode& plan) {
  if (plan.kind == PlanKind::kTableScan) return true;
  if (plan.kind != PlanKind::kFilter && plan.kind != PlanKind::kProject) return false;
  return plan.children.size() == 1 && IsScanPipeline(*plan.children[0]);
}

}  // namespace detail

Result<std::unique_ptr<Operator>> BuildOperator(const PlanPtr& plan, ExecutionContext& context) {
  if (context.parallelism > 1 && context.executor && detail::IsScanPipeline(*plan)) {
    return detail::MakeParallelScanOperator(plan, context);
  }
  if (plan->kind == PlanKind::kAggregate && detail::CanAggregateInParallel(*plan, context)) {
    return detail::MakeParallelAggregateOperator(plan, context);
  }
  if (plan->kind == PlanKind::kLimit && plan->limit && plan->children[0]->kind == PlanKind::kSort &&
      plan->offset + *plan->limit <= 100000) {
    // ORDER BY ... LIMIT n: a top-N sort under the limit.
    const PlanPtr& sort = plan->children[0];
    FLOE_ASSIGN_OR_RETURN(auto sort_input, BuildOperator(sort->children[0], context));
    std::unique_ptr<Operator> top(detail::MakeSortOperator(sort, std::move(sort_input), context, plan->offset + *plan->limit));
    return std::unique_ptr<Operator>(new LimitOperator(plan, std::move(top), context));
  }
  std::unique_ptr<Operator> input;
  if (!plan->children.empty()) {
    FLOE_ASSIGN_OR_RETURN(input, BuildOperator(plan->children[0], context));
  }
  if (plan->kind == PlanKind::kJoin) {
    FLOE_ASSIGN_OR_RETURN(auto build, BuildOperator(plan->children[1], context));
    return detail::MakeHashJoinOperator(plan, std::move(input), std::move(build), context);
  }
  if (plan->kind == PlanKind::kSetOperation) {
    FLOE_ASSIGN_OR_RETURN(auto right, BuildOperator(plan->children[1], context));
    return detail::MakeSetOperationOperator(plan, std::move(input), std::move(right), context);
  }
  switch (plan->kind) {
    case PlanKind::kTableScan: return detail::MakeTableScanOperator(plan, context);
    case PlanKind::kValues: return std::unique_ptr<Operator>(new ValuesOperator(plan, context));
    case PlanKind::kFilter: return std::unique_ptr<Operator>(new FilterOperator(plan, std::move(input), context));
    case PlanKind::kProject: return std::unique_ptr<Operator>(new ProjectOperator(plan, std::move(input), context));
    case PlanKind::kAggregate: return detail::MakeAggregateOperator(plan, std::move(input), context);
    case PlanKind::kSort: return detail::MakeSortOperator(plan, std::move(input), context, 0);
    case PlanKind::kLimit: return std::unique_ptr<Operator>(new LimitOperator(plan, std::move(input), context));
    case PlanKind::kUnnest: return detail::MakeUnnestOperator(plan, std::move(input), context);
    case PlanKind::kWindow: return detail::MakeWindowOperator(plan, std::move(input), context);
    case PlanKind::kJoin:
    case PlanKind::kSetOperation: break;
  }
  return sql::SqlErrorNoLocation(codes::kGenericInternalError, "unknown plan node");
}

Result<Batch> CompactBatch(const Batch& batch, const std::vector<OutputColumn>& columns) {
  if (!batch.selection) return batch;
  Batch out;
  out.num_rows = static_cast<int64_t>(batch.selection->rows.size());
  for (size_t i = 0; i < batch.columns.size(); ++i) {
    if (!batch.columns[i]) {
      out.columns.push_back(nullptr);
      continue;
    }
    FLOE_ASSIGN_OR_RETURN(auto vector, GatherRows(*batch.columns[i], columns[i].type, batch.selection->rows));
    out.columns.push_back(std::move(vector));
  }
  return out;
}

}  // namespace floe::engine
