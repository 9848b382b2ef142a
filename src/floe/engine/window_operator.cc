// Window functions (plan kind kWindow).
//
// The operator buffers its whole input (accounted with the query's
// MemoryTracker), then computes each window call in turn: the argument and
// key columns are evaluated batch by batch, the rows are ordered by
// partition keys then order keys (a stable sort, so peers keep input order),
// and every partition is evaluated on its own. The results are one column
// per call, emitted beside the input columns in input order.
#include "floe/engine/operator_internal.h"

#include <algorithm>
#include <numeric>

#include "floe/sql/error.h"

namespace floe::engine::detail {

namespace codes = sql::error_codes;
using columnar::Batch;
using columnar::Vector;
using VectorPtr = std::shared_ptr<Vector>;
using Bound = WindowFrameSpec::Bound;

namespace {

// -1, 0 or 1 in sort order (descending flips; NULLs first or last).
int CompareSortValues(const Value& x, const Value& y, bool descending, bool nulls_first) {
  if (x.is_null() || y.is_null()) {
    if (x.is_null() && y.is_null()) return 0;
    return x.is_null() == nulls_first ? -1 : 1;
  }
  auto c = CompareValues(x, y);
  int result = c < 0 ? -1 : (c > 0 ? 1 : 0);
  return descending ? -result : result;
}

// An aggregate's running state over a frame.
struct FrameAccumulator {
  int64_t count = 0;
  Int128 integer_sum = 0;
  double double_sum = 0;
  Value best;
  bool boolean = false;
};

Status Accumulate(const WindowCall& call, const Value& value, FrameAccumulator* accumulator) {
  if (call.aggregate == AggregateFunction::kCountAll) {
    ++accumulator->count;
    return Status::OK();
  }
  if (value.is_null()) return Status::OK();
  const SqlType& type = call.arguments[0]->type;
  switch (call.aggregate) {
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
        if (call.aggregate == AggregateFunction::kSum && (sum > INT64_MAX || sum < INT64_MIN)) {
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

Value FinishAccumulator(const WindowCall& call, const FrameAccumulator& accumulator) {
  switch (call.aggregate) {
    case AggregateFunction::kCount:
    case AggregateFunction::kCountAll:
    case AggregateFunction::kCountIf:
    case AggregateFunction::kApproxDistinct: return Value::Integer(accumulator.count);
    case AggregateFunction::kSum: {
      if (accumulator.count == 0) return Value::Null();
      const SqlType& type = call.arguments[0]->type;
      if (type.is_integral()) return Value::Integer(static_cast<int64_t>(accumulator.integer_sum));
      if (type.kind == SqlTypeKind::kDecimal) return Value::Decimal(accumulator.integer_sum);
      return Value::Double(accumulator.double_sum);
    }
    case AggregateFunction::kAvg: {
      if (accumulator.count == 0) return Value::Null();
      const SqlType& type = call.arguments[0]->type;
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
  }
  return Value::Null();
}

// key + offset (sign +1) or key - offset (sign -1) for RANGE frames, in the
// key's representation; integers saturate instead of overflowing.
Value ShiftKey(const Value& key, const Value& offset, int sign) {
  if (std::holds_alternative<int64_t>(key.data)) {
    int64_t result;
    bool overflow = sign > 0 ? __builtin_add_overflow(key.integer(), offset.integer(), &result)
                             : __builtin_sub_overflow(key.integer(), offset.integer(), &result);
    if (overflow) result = sign > 0 ? INT64_MAX : INT64_MIN;
    return Value::Integer(result);
  }
  if (std::holds_alternative<double>(key.data)) return Value::Double(key.real() + sign * offset.real());
  if (std::holds_alternative<Int128>(key.data)) return Value::Decimal(key.decimal() + sign * offset.decimal());
  return key;
}

class WindowOperator final : public Operator {
 public:
  WindowOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context)
      : plan_(std::move(plan)), input_(std::move(input)), context_(context) {}

  ~WindowOperator() override {
    if (context_.memory) context_.memory->Release(reserved_);
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!computed_) FLOE_RETURN_IF_ERROR(Compute());
    if (emitted_ >= batches_.size()) return false;
    const Batch& input = batches_[emitted_];
    *batch = Batch();
    batch->num_rows = input.num_rows;
    batch->columns = input.columns;
    size_t first = batch_offsets_[emitted_];
    for (size_t c = 0; c < plan_->window_calls.size(); ++c) {
      const WindowCall& call = plan_->window_calls[c];
      VectorBuilder builder(call.type, input.num_rows);
      for (int64_t row = 0; row < input.num_rows; ++row) {
        const Value& value = results_[c][first + static_cast<size_t>(row)];
        if (!value.is_null()) builder.SetValue(row, value);
      }
      batch->columns.push_back(builder.Finish());
    }
    // The input batch is no longer needed.
    batches_[emitted_] = Batch();
    ++emitted_;
    return true;
  }

 private:
  Status Reserve(int64_t bytes) {
    if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
    reserved_ += bytes;
    return Status::OK();
  }

  Status Compute() {
    computed_ = true;
    const std::vector<OutputColumn>& input_columns = plan_->children[0]->outputs;
    Batch input;
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, input_->Next(&input));
      if (!more) break;
      FLOE_ASSIGN_OR_RETURN(Batch compact, CompactBatch(input, input_columns));
      if (compact.num_rows == 0) continue;
      FLOE_RETURN_IF_ERROR(Reserve(BatchBytes(compact)));
      batch_offsets_.push_back(total_rows_);
      total_rows_ += static_cast<size_t>(compact.num_rows);
      batches_.push_back(std::move(compact));
    }
    results_.resize(plan_->window_calls.size());
    for (size_t c = 0; c < plan_->window_calls.size(); ++c) {
      FLOE_RETURN_IF_ERROR(ComputeCall(plan_->window_calls[c], &results_[c]));
    }
    return Status::OK();
  }

  // The values of `expression` over every buffered row, in input order.
  Result<std::vector<Value>> EvaluateColumn(const BoundExpression& expression) {
    std::vector<Value> values;
    values.reserve(total_rows_);
    for (const Batch& batch : batches_) {
      std::vector<uint32_t> rows(static_cast<size_t>(batch.num_rows));
      std::iota(rows.begin(), rows.end(), 0u);
      FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(expression, batch, rows, context_.evaluation));
      for (uint32_t row : rows) values.push_back(ReadValue(*vector, row, expression.type));
    }
    return values;
  }

  Status ComputeCall(const WindowCall& call, std::vector<Value>* results) {
    size_t n = total_rows_;
    size_t columns = call.partition_keys.size() + call.order_keys.size() + call.arguments.size() + 1;
    FLOE_RETURN_IF_ERROR(Reserve(static_cast<int64_t>(n * (columns * sizeof(Value) + 3 * sizeof(uint32_t)))));
    std::vector<std::vector<Value>> partition_values, order_values, argument_values;
    for (const auto& key : call.partition_keys) {
      FLOE_ASSIGN_OR_RETURN(auto values, EvaluateColumn(*key));
      partition_values.push_back(std::move(values));
    }
    for (const auto& key : call.order_keys) {
      FLOE_ASSIGN_OR_RETURN(auto values, EvaluateColumn(*key.expression));
      order_values.push_back(std::move(values));
    }
    for (const auto& argument : call.arguments) {
      FLOE_ASSIGN_OR_RETURN(auto values, EvaluateColumn(*argument));
      argument_values.push_back(std::move(values));
    }
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));

    auto compare_partition = [&](uint32_t a, uint32_t b) {
      for (const auto& values : partition_values) {
        int c = CompareSortValues(values[a], values[b], false, false);
        if (c != 0) return c;
      }
      return 0;
    };
    auto compare_order = [&](uint32_t a, uint32_t b) {
      for (size_t k = 0; k < order_values.size(); ++k) {
        const SortKey& key = call.order_keys[k];
        int c = CompareSortValues(order_values[k][a], order_values[k][b], key.descending, key.nulls_first);
        if (c != 0) return c;
      }
      return 0;
    };
    std::vector<uint32_t> order(n);
    std::iota(order.begin(), order.end(), 0u);
    if (!partition_values.empty() || !order_values.empty()) {
      std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
        int c = compare_partition(a, b);
        if (c != 0) return c < 0;
        return compare_order(a, b) < 0;
      });
    }
    results->assign(n, Value::Null());
    size_t begin = 0;
    while (begin < n) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      size_t end = begin + 1;
      while (end < n && compare_partition(order[begin], order[end]) == 0) ++end;
      std::vector<uint32_t> rows(order.begin() + static_cast<std::ptrdiff_t>(begin),
                                 order.begin() + static_cast<std::ptrdiff_t>(end));
      FLOE_RETURN_IF_ERROR(ComputePartition(call, rows, order_values, argument_values, compare_order, results));
      begin = end;
    }
    return Status::OK();
  }

  // One partition: `rows` are its input rows in window order.
  template <typename CompareOrder>
  Status ComputePartition(const WindowCall& call, const std::vector<uint32_t>& rows,
                          const std::vector<std::vector<Value>>& order_values,
                          const std::vector<std::vector<Value>>& argument_values, CompareOrder& compare_order,
                          std::vector<Value>* results) {
    const int64_t m = static_cast<int64_t>(rows.size());
    // Peer groups: group_start / group_end (exclusive) and the group number of each position.
    std::vector<int64_t> group_of(static_cast<size_t>(m));
    std::vector<int64_t> group_starts;
    for (int64_t i = 0; i < m; ++i) {
      if (i == 0 || compare_order(rows[i - 1], rows[i]) != 0) group_starts.push_back(i);
      group_of[i] = static_cast<int64_t>(group_starts.size()) - 1;
    }
    const int64_t groups = static_cast<int64_t>(group_starts.size());
    auto group_start = [&](int64_t g) { return group_starts[static_cast<size_t>(g)]; };
    auto group_end = [&](int64_t g) { return g + 1 < groups ? group_starts[static_cast<size_t>(g + 1)] : m; };
    auto argument = [&](size_t index, int64_t position) -> const Value& {
      return argument_values[index][rows[static_cast<size_t>(position)]];
    };
    auto set = [&](int64_t position, Value value) { (*results)[rows[static_cast<size_t>(position)]] = std::move(value); };
    // IGNORE NULLS: the positions whose first argument is not NULL, ascending.
    std::vector<int64_t> non_null;
    if (call.ignore_nulls) {
      for (int64_t i = 0; i < m; ++i) {
        if (!argument(0, i).is_null()) non_null.push_back(i);
      }
    }
    auto non_null_from = [&](int64_t position) {  // index of the first non-null position >= position
      return static_cast<int64_t>(std::lower_bound(non_null.begin(), non_null.end(), position) - non_null.begin());
    };

    switch (call.function) {
      case WindowFunction::kRowNumber:
        for (int64_t i = 0; i < m; ++i) set(i, Value::Integer(i + 1));
        return Status::OK();
      case WindowFunction::kRank:
        for (int64_t i = 0; i < m; ++i) set(i, Value::Integer(group_start(group_of[i]) + 1));
        return Status::OK();
      case WindowFunction::kDenseRank:
        for (int64_t i = 0; i < m; ++i) set(i, Value::Integer(group_of[i] + 1));
        return Status::OK();
      case WindowFunction::kPercentRank:
        for (int64_t i = 0; i < m; ++i) {
          set(i, Value::Double(m == 1 ? 0.0 : static_cast<double>(group_start(group_of[i])) / static_cast<double>(m - 1)));
        }
        return Status::OK();
      case WindowFunction::kCumeDist:
        for (int64_t i = 0; i < m; ++i) set(i, Value::Double(static_cast<double>(group_end(group_of[i])) / static_cast<double>(m)));
        return Status::OK();
      case WindowFunction::kNtile:
        for (int64_t i = 0; i < m; ++i) {
          const Value& buckets_value = argument(0, i);
          if (buckets_value.is_null()) continue;
          int64_t buckets = buckets_value.integer();
          if (buckets <= 0) return sql::SqlErrorNoLocation(codes::kInvalidFunctionArgument, "Buckets must be greater than 0");
          int64_t per_bucket = m / buckets, remainder = m % buckets;
          int64_t bucket = i < (per_bucket + 1) * remainder ? i / (per_bucket + 1) + 1 : (i - remainder) / per_bucket + 1;
          set(i, Value::Integer(bucket));
        }
        return Status::OK();
      case WindowFunction::kLag:
      case WindowFunction::kLead:
        for (int64_t i = 0; i < m; ++i) {
          int64_t offset = 1;
          if (argument_values.size() > 1) {
            const Value& offset_value = argument(1, i);
            if (offset_value.is_null()) continue;
            offset = offset_value.integer();
            if (offset < 0) return sql::SqlErrorNoLocation(codes::kInvalidFunctionArgument, "Offset must be at least 0");
          }
          int64_t target = call.function == WindowFunction::kLag ? (offset > i ? -1 : i - offset)
                                                                 : (offset >= m - i ? m : i + offset);
          if (call.ignore_nulls && offset > 0) {
            // Count only rows whose value is not NULL.
            int64_t before = non_null_from(i);  // non-null positions < i
            int64_t through = before + (argument(0, i).is_null() ? 0 : 1);
            int64_t count = static_cast<int64_t>(non_null.size());
            int64_t k = call.function == WindowFunction::kLag ? (offset > before ? -1 : before - offset)
                                                             : (offset > count - through ? count : through + offset - 1);
            target = k >= 0 && k < count ? non_null[static_cast<size_t>(k)] : -1;
          }
          if (target >= 0 && target < m) {
            set(i, argument(0, target));
          } else if (argument_values.size() > 2) {
            set(i, argument(2, i));
          }
        }
        return Status::OK();
      default: break;
    }

    // Frame functions: first_value, last_value, nth_value, aggregates.
    const WindowFrameSpec& frame = call.frame;
    // RANGE with offsets: the non-null span of the single order key.
    int64_t non_null_begin = 0, non_null_end = m;
    const std::vector<Value>* range_key = nullptr;
    bool range_descending = false;
    if (frame.type == WindowFrameSpec::Type::kRange && !order_values.empty()) {
      range_key = &order_values[0];
      range_descending = call.order_keys[0].descending;
      while (non_null_begin < m && (*range_key)[rows[non_null_begin]].is_null()) ++non_null_begin;
      while (non_null_end > non_null_begin && (*range_key)[rows[non_null_end - 1]].is_null()) --non_null_end;
    }
    auto key_at = [&](int64_t position) -> const Value& { return (*range_key)[rows[static_cast<size_t>(position)]]; };
    // First position in the non-null span not before `target` in window order.
    auto first_not_before = [&](const Value& target) {
      int64_t low = non_null_begin, high = non_null_end;
      while (low < high) {
        int64_t mid = low + (high - low) / 2;
        if (CompareSortValues(key_at(mid), target, range_descending, false) < 0) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    };
    // Last position in the non-null span not after `target` in window order.
    auto last_not_after = [&](const Value& target) {
      int64_t low = non_null_begin, high = non_null_end;
      while (low < high) {
        int64_t mid = low + (high - low) / 2;
        if (CompareSortValues(key_at(mid), target, range_descending, false) <= 0) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low - 1;
    };
    // The frame of position i: [first, last], empty when first > last.
    auto frame_of = [&](int64_t i, int64_t* first, int64_t* last) {
      int64_t g = group_of[i];
      auto bound = [&](Bound kind, const Value& offset, bool is_start) -> int64_t {
        switch (kind) {
          case Bound::kUnboundedPreceding: return 0;
          case Bound::kUnboundedFollowing: return m - 1;
          case Bound::kCurrentRow:
            if (frame.type == WindowFrameSpec::Type::kRows) return i;
            return is_start ? group_start(g) : group_end(g) - 1;
          case Bound::kPreceding:
          case Bound::kFollowing: {
            int sign = kind == Bound::kPreceding ? -1 : 1;
            if (frame.type == WindowFrameSpec::Type::kRows) {
              int64_t d = offset.integer();
              if (sign < 0) return d > i ? -1 : i - d;
              return d >= m - i ? m : i + d;
            }
            if (frame.type == WindowFrameSpec::Type::kGroups) {
              int64_t d = offset.integer();
              int64_t target = sign < 0 ? (d > g ? -1 : g - d) : (d >= groups - g ? groups : g + d);
              if (target < 0) return is_start ? 0 : -1;
              if (target >= groups) return is_start ? m : m - 1;
              return is_start ? group_start(target) : group_end(target) - 1;
            }
            // RANGE: a NULL key's frame is its peers; others span keys within the offset.
            const Value& key = key_at(i);
            if (key.is_null()) return is_start ? group_start(g) : group_end(g) - 1;
            Value target = ShiftKey(key, offset, range_descending ? -sign : sign);
            return is_start ? first_not_before(target) : last_not_after(target);
          }
        }
        return 0;
      };
      *first = std::max<int64_t>(0, bound(frame.start, frame.start_offset, true));
      *last = std::min<int64_t>(m - 1, bound(frame.end, frame.end_offset, false));
    };

    if (call.function != WindowFunction::kAggregate) {
      for (int64_t i = 0; i < m; ++i) {
        int64_t first = 0, last = -1;
        frame_of(i, &first, &last);
        if (first > last) continue;
        if (call.ignore_nulls) {
          // Only the frame's rows whose value is not NULL count.
          int64_t begin = non_null_from(first), end = non_null_from(last + 1);
          if (begin >= end) continue;
          if (call.function == WindowFunction::kFirstValue) {
            set(i, argument(0, non_null[static_cast<size_t>(begin)]));
          } else if (call.function == WindowFunction::kLastValue) {
            set(i, argument(0, non_null[static_cast<size_t>(end - 1)]));
          } else {
            const Value& nth = argument(1, i);
            if (nth.is_null()) continue;
            if (nth.integer() < 1) return sql::SqlErrorNoLocation(codes::kInvalidFunctionArgument, "Offset must be at least 1");
            if (nth.integer() - 1 < end - begin) set(i, argument(0, non_null[static_cast<size_t>(begin + nth.integer() - 1)]));
          }
          continue;
        }
        if (call.function == WindowFunction::kFirstValue) {
          set(i, argument(0, first));
        } else if (call.function == WindowFunction::kLastValue) {
          set(i, argument(0, last));
        } else {
          const Value& nth = argument(1, i);
          if (nth.is_null()) continue;
          if (nth.integer() < 1) return sql::SqlErrorNoLocation(codes::kInvalidFunctionArgument, "Offset must be at least 1");
          if (nth.integer() - 1 <= last - first) set(i, argument(0, first + nth.integer() - 1));
        }
      }
      return Status::OK();
    }

    static const Value kNoArgument;
    auto value_at = [&](int64_t position) -> const Value& {
      return argument_values.empty() ? kNoArgument : argument(0, position);
    };
    if (frame.start == Bound::kUnboundedPreceding) {
      // Frames [0, last] with `last` never decreasing: one running accumulator.
      FrameAccumulator running;
      int64_t added = -1;
      for (int64_t i = 0; i < m; ++i) {
        int64_t first = 0, last = -1;
        frame_of(i, &first, &last);
        while (added < last) FLOE_RETURN_IF_ERROR(Accumulate(call, value_at(++added), &running));
        set(i, last < first ? FinishAccumulator(call, FrameAccumulator{}) : FinishAccumulator(call, running));
      }
      return Status::OK();
    }
    if (frame.end == Bound::kUnboundedFollowing) {
      // Frames [first, m - 1] with `first` never decreasing: accumulate from the end.
      FrameAccumulator running;
      int64_t added = m;
      for (int64_t i = m - 1; i >= 0; --i) {
        int64_t first = 0, last = -1;
        frame_of(i, &first, &last);
        while (added > first) FLOE_RETURN_IF_ERROR(Accumulate(call, value_at(--added), &running));
        set(i, last < first ? FinishAccumulator(call, FrameAccumulator{}) : FinishAccumulator(call, running));
      }
      return Status::OK();
    }
    for (int64_t i = 0; i < m; ++i) {
      if ((i & 4095) == 4095) FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      int64_t first = 0, last = -1;
      frame_of(i, &first, &last);
      FrameAccumulator accumulator;
      for (int64_t j = first; j <= last; ++j) FLOE_RETURN_IF_ERROR(Accumulate(call, value_at(j), &accumulator));
      set(i, FinishAccumulator(call, accumulator));
    }
    return Status::OK();
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> input_;
  ExecutionContext& context_;
  bool computed_ = false;
  std::vector<Batch> batches_;
  std::vector<size_t> batch_offsets_;
  size_t total_rows_ = 0;
  std::vector<std::vector<Value>> results_;  // per call, per buffered row
  size_t emitted_ = 0;
  int64_t reserved_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeWindowOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context) {
  return std::make_unique<WindowOperator>(std::move(plan), std::move(input), context);
}

}  // namespace floe::engine::detail
