// Hash aggregation.
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

namespace floe::engine::detail {

namespace codes = sql::error_codes;
using columnar::Batch;
using columnar::Vector;
using VectorPtr = std::shared_ptr<Vector>;

namespace {

// --- Hash aggregation ---

struct Accumulator {
  int64_t count = 0;
  Int128 integer_sum = 0;
  double double_sum = 0;
  Value best;  // min / max / arbitrary
  bool boolean = false;
  std::unordered_set<std::string> distinct_keys;
  std::vector<Value> distinct_values;
};

class AggregateOperator final : public Operator {
 public:
  AggregateOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context)
      : plan_(std::move(plan)), input_(std::move(input)), context_(context) {}

  ~AggregateOperator() override {
    if (context_.memory) context_.memory->Release(reserved_);
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!consumed_) FLOE_RETURN_IF_ERROR(Consume());
    if (emitted_ >= groups_.size()) {
      if (plan_->group_keys.empty() && !global_emitted_ && groups_.empty()) {
        global_emitted_ = true;
        groups_.emplace_back();
        groups_.back().accumulators.resize(plan_->aggregates.size());
      } else {
        return false;
      }
    }
    size_t end = std::min(groups_.size(), emitted_ + static_cast<size_t>(columnar::kDefaultBatchRows));
    int64_t rows = static_cast<int64_t>(end - emitted_);
    *batch = Batch();
    batch->num_rows = rows;
    for (size_t k = 0; k < plan_->group_keys.size(); ++k) {
      VectorBuilder builder(plan_->outputs[k].type, rows);
      for (size_t g = emitted_; g < end; ++g) builder.SetValue(static_cast<int64_t>(g - emitted_), groups_[g].keys[k]);
      batch->columns.push_back(builder.Finish());
    }
    for (size_t a = 0; a < plan_->aggregates.size(); ++a) {
      const AggregateCall& call = plan_->aggregates[a];
      VectorBuilder builder(call.type, rows);
      for (size_t g = emitted_; g < end; ++g) {
        FLOE_ASSIGN_OR_RETURN(Value value, Finish(call, groups_[g].accumulators[a]));
        builder.SetValue(static_cast<int64_t>(g - emitted_), value);
      }
      batch->columns.push_back(builder.Finish());
    }
    emitted_ = end;
    return true;
  }

 private:
  struct Group {
    std::vector<Value> keys;
    std::vector<Accumulator> accumulators;
  };

  Status Consume() {
    consumed_ = true;
    Batch input;
    std::string key;
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, input_->Next(&input));
      if (!more) break;
      std::vector<uint32_t> rows = LiveRows(input);
      if (rows.empty()) continue;
      std::vector<VectorPtr> keys, arguments;
      for (const auto& expression : plan_->group_keys) {
        FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*expression, input, rows, context_.evaluation));
        keys.push_back(std::move(vector));
      }
      for (const auto& call : plan_->aggregates) {
        if (call.argument) {
          FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*call.argument, input, rows, context_.evaluation));
          arguments.push_back(std::move(vector));
        } else {
          arguments.push_back(nullptr);
        }
      }
      std::vector<Value> key_values(keys.size());
      for (uint32_t row : rows) {
        key.clear();
        for (size_t k = 0; k < keys.size(); ++k) {
          key_values[k] = ReadValue(*keys[k], row, plan_->group_keys[k]->type);
          AppendValueKey(&key, key_values[k]);
        }
        auto [it, inserted] = index_.try_emplace(key, groups_.size());
        if (inserted) {
          int64_t bytes = static_cast<int64_t>(key.size()) + 96 + 64 * static_cast<int64_t>(plan_->aggregates.size());
          if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
          reserved_ += bytes;
          groups_.push_back(Group{key_values, std::vector<Accumulator>(plan_->aggregates.size())});
        }
        Group& group = groups_[it->second];
        for (size_t a = 0; a < plan_->aggregates.size(); ++a) {
          const AggregateCall& call = plan_->aggregates[a];
          Accumulator& accumulator = group.accumulators[a];
          if (!call.argument) {
            ++accumulator.count;
            continue;
          }
          Value value = ReadValue(*arguments[a], row, call.argument->type);
          if (value.is_null()) continue;
          if (call.distinct || call.function == AggregateFunction::kApproxDistinct) {
            std::string value_key;
            AppendValueKey(&value_key, value);
            if (accumulator.distinct_keys.insert(value_key).second) {
              int64_t bytes = static_cast<int64_t>(value_key.size()) + 48;
              if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
              reserved_ += bytes;
              accumulator.distinct_values.push_back(value);
            }
            continue;
          }
          FLOE_RETURN_IF_ERROR(Accumulate(call, value, &accumulator));
        }
      }
    }
    return Status::OK();
  }

  Status Accumulate(const AggregateCall& call, const Value& value, Accumulator* accumulator) {
    const SqlType& type = call.argument->type;
    switch (call.function) {
      case AggregateFunction::kCount:
      case AggregateFunction::kCountAll: ++accumulator->count; break;
      case AggregateFunction::kCountIf:
        if (value.boolean()) ++accumulator->count;
        break;
      case AggregateFunction::kSum:
      case AggregateFunction::kAvg:
        ++accumulator->count;
        if (type.is_integral()) {
          Int128 sum = accumulator->integer_sum + value.integer();
          if (call.function == AggregateFunction::kSum && (sum > INT64_MAX || sum < INT64_MIN)) {
            return sql::SqlErrorNoLocation(codes::kNumericValueOutOfRange, "bigint addition overflow: {} + {}",
                                           static_cast<int64_t>(accumulator->integer_sum), value.integer());
          }
          accumulator->integer_sum = sum;
        } else if (type.kind == SqlTypeKind::kDecimal) {
          Int128 sum;
          if (__builtin_add_overflow(accumulator->integer_sum, value.decimal(), &sum) || sum >= PowerOfTen(38) ||
              sum <= -PowerOfTen(38)) {
            return sql::SqlErrorNoLocation(codes::kNumericValueOutOfRange, "Decimal overflow");
          }
          accumulator->integer_sum = sum;
        } else {
          accumulator->double_sum += value.real();
        }
        break;
      case AggregateFunction::kMin:
        if (accumulator->best.is_null() || CompareValues(value, accumulator->best) < 0) accumulator->best = value;
        break;
      case AggregateFunction::kMax:
        if (accumulator->best.is_null() || CompareValues(value, accumulator->best) > 0) accumulator->best = value;
        break;
      case AggregateFunction::kArbitrary:
        if (accumulator->best.is_null()) accumulator->best = value;
        break;
      case AggregateFunction::kBoolAnd:
        accumulator->boolean = accumulator->count == 0 ? value.boolean() : (accumulator->boolean && value.boolean());
        ++accumulator->count;
        break;
      case AggregateFunction::kBoolOr:
        accumulator->boolean = accumulator->count == 0 ? value.boolean() : (accumulator->boolean || value.boolean());
        ++accumulator->count;
        break;
      case AggregateFunction::kApproxDistinct: break;
    }
    return Status::OK();
  }

  Result<Value> Finish(const AggregateCall& call, Accumulator& accumulator) {
    if (call.distinct || call.function == AggregateFunction::kApproxDistinct) {
      if (call.function == AggregateFunction::kCount || call.function == AggregateFunction::kApproxDistinct) {
        return Value::Integer(static_cast<int64_t>(accumulator.distinct_values.size()));
      }
      Accumulator folded;
      for (const Value& value : accumulator.distinct_values) FLOE_RETURN_IF_ERROR(Accumulate(call, value, &folded));
      AggregateCall plain = call;
      plain.distinct = false;
      return Finish(plain, folded);
    }
    switch (call.function) {
      case AggregateFunction::kCount:
      case AggregateFunction::kCountAll:
      case AggregateFunction::kCountIf: return Value::Integer(accumulator.count);
      case AggregateFunction::kSum: {
        if (accumulator.count == 0) return Value::Null();
        const SqlType& type = call.argument->type;
        if (type.is_integral()) return Value::Integer(static_cast<int64_t>(accumulator.integer_sum));
        if (type.kind == SqlTypeKind::kDecimal) return Value::Decimal(accumulator.integer_sum);
        return Value::Double(accumulator.double_sum);
      }
      case AggregateFunction::kAvg: {
        if (accumulator.count == 0) return Value::Null();
        const SqlType& type = call.argument->type;
        if (type.is_integral()) {
          return Value::Double(static_cast<double>(accumulator.integer_sum) / static_cast<double>(accumulator.count));
        }
        if (type.kind == SqlTypeKind::kDecimal) {
          Int128 sum = accumulator.integer_sum, count = accumulator.count;
          Int128 quotient = sum / count, remainder = sum % count;
          if ((remainder < 0 ? -remainder : remainder) * 2 >= count) quotient += sum < 0 ? -1 : 1;
          return Value::Decimal(quotient);
        }
        double average = accumulator.double_sum / static_cast<double>(accumulator.count);
        if (type.kind == SqlTypeKind::kReal) average = static_cast<float>(average);
        return Value::Double(average);
      }
      case AggregateFunction::kMin:
      case AggregateFunction::kMax:
      case AggregateFunction::kArbitrary: return accumulator.best;
      case AggregateFunction::kBoolAnd:
      case AggregateFunction::kBoolOr:
        if (accumulator.count == 0) return Value::Null();
        return Value::Boolean(accumulator.boolean);
      case AggregateFunction::kApproxDistinct: break;
    }
    return Value::Null();
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> input_;
  ExecutionContext& context_;
  bool consumed_ = false;
  bool global_emitted_ = false;
  std::unordered_map<std::string, size_t> index_;
  std::vector<Group> groups_;
  size_t emitted_ = 0;
  int64_t reserved_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeAggregateOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context) {
  return std::make_unique<AggregateOperator>(std::move(plan), std::move(input), context);
}

}  // namespace floe::engine::detail
