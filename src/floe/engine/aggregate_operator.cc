// Hash aggregation, vectorized: per input batch the group keys are hashed
// column at a time into a GroupTable (group_table.h), which gives a group id
// per live row; each aggregate then updates typed accumulator arrays indexed
// by group id in one loop over the batch (no per-row Value on the hot path
// for counts, sums, averages and numeric min/max). DISTINCT aggregates keep a
// GroupTable of (group, value) pairs and accumulate only the rows that add a
// new pair.
#include "floe/engine/operator_internal.h"

#include <algorithm>
#include <cmath>

#include "floe/engine/group_table.h"
#include "floe/sql/error.h"

namespace floe::engine::detail {

namespace codes = sql::error_codes;
using columnar::Batch;
using columnar::TypeId;
using columnar::Vector;
using VectorPtr = std::shared_ptr<Vector>;

namespace {

// NaN orders after every other double, as CompareValues does.
inline bool DoubleLess(double a, double b) {
  if (std::isnan(a)) return false;
  if (std::isnan(b)) return true;
  return a < b;
}

// Calls `f(values)` with the typed value array of an integral vector.
template <typename F>
void VisitIntegral(const Vector& vector, F&& f) {
  switch (vector.type.id) {
    case TypeId::kInt8: f(vector.Values<int8_t>()); break;
    case TypeId::kInt16: f(vector.Values<int16_t>()); break;
    case TypeId::kInt32:
    case TypeId::kDate: f(vector.Values<int32_t>()); break;
    default: f(vector.Values<int64_t>()); break;
  }
}

// The accumulators of one aggregate call, one slot per group.
class AggregateState {
 public:
  enum class Kind { kCount, kCountIf, kSumIntegral, kSumDecimal, kSumDouble, kMinMaxIntegral, kMinMaxDouble,
                    kMinMaxDecimal, kMinMaxValue, kBoolean };

  static Result<AggregateState> Make(const AggregateCall& call) {
    AggregateState state;
    state.call_ = &call;
    const SqlType* type = call.argument ? &call.argument->type : nullptr;
    switch (call.function) {
      case AggregateFunction::kCount:
      case AggregateFunction::kCountAll:
      case AggregateFunction::kApproxDistinct: state.kind_ = Kind::kCount; break;
      case AggregateFunction::kCountIf: state.kind_ = Kind::kCountIf; break;
      case AggregateFunction::kSum:
      case AggregateFunction::kAvg:
        state.kind_ = type->is_integral() ? Kind::kSumIntegral
                      : type->kind == SqlTypeKind::kDecimal ? Kind::kSumDecimal
                                                            : Kind::kSumDouble;
        break;
      case AggregateFunction::kMin:
      case AggregateFunction::kMax:
      case AggregateFunction::kArbitrary: {
        columnar::DataType physical = ColumnarTypeOf(*type);
        bool integral = type->is_integral() || physical.id == TypeId::kDate || physical.id == TypeId::kTime ||
                        physical.id == TypeId::kTimestamp;
        state.kind_ = integral ? Kind::kMinMaxIntegral
                      : (physical.id == TypeId::kDouble || physical.id == TypeId::kFloat) ? Kind::kMinMaxDouble
                      : physical.id == TypeId::kDecimal                                    ? Kind::kMinMaxDecimal
                                                                                           : Kind::kMinMaxValue;
        break;
      }
      case AggregateFunction::kBoolAnd:
      case AggregateFunction::kBoolOr: state.kind_ = Kind::kBoolean; break;
    }
    if (call.argument && (call.distinct || call.function == AggregateFunction::kApproxDistinct)) {
      FLOE_ASSIGN_OR_RETURN(state.distinct_, GroupTable::Make({SqlType::Of(SqlTypeKind::kBigint), *type}));
    }
    return state;
  }

  // Slots for groups up to `groups`.
  void Resize(size_t groups) {
    counts_.resize(groups, 0);
    switch (kind_) {
      case Kind::kSumIntegral:
      case Kind::kSumDecimal:
      case Kind::kMinMaxDecimal: integers_.resize(groups, 0); break;
      case Kind::kSumDouble:
      case Kind::kMinMaxDouble: doubles_.resize(groups, 0); break;
      case Kind::kMinMaxIntegral: longs_.resize(groups, 0); break;
      case Kind::kMinMaxValue: values_.resize(groups); break;
      case Kind::kBoolean: booleans_.resize(groups, 0); break;
      default: break;
    }
  }

  int64_t bytes_per_group() const { return 32; }
  int64_t distinct_bytes() const { return distinct_ ? distinct_->memory_bytes() : 0; }

  // Adds the live `rows` of a batch whose groups are `groups` (aligned with
  // rows); `argument` is the evaluated argument (null for count(*)).
  Status Update(const Vector* argument, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups,
                int64_t batch_rows) {
    if (!argument) {
      for (uint32_t group : groups) ++counts_[group];
      return Status::OK();
    }
    if (!distinct_ && !argument->has_nulls() && !argument->dictionary) return Add(*argument, rows, groups);
    VectorPtr decoded;
    if (argument->dictionary) {
      decoded = columnar::DecodeDictionary(*argument);
      argument = decoded.get();
    }
    // Non-null rows only (and for DISTINCT only rows adding a new (group, value) pair).
    std::vector<uint32_t> kept_rows, kept_groups;
    kept_rows.reserve(rows.size());
    kept_groups.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
      if (argument->IsValid(rows[i])) {
        kept_rows.push_back(rows[i]);
        kept_groups.push_back(groups[i]);
      }
    }
    if (distinct_) {
      auto group_vector = Vector::Make(columnar::DataType(TypeId::kInt64));
      group_vector->length = batch_rows;
      group_vector->values.ResizeZeroed(static_cast<size_t>(batch_rows) * sizeof(int64_t));
      int64_t* group_values = group_vector->MutableValues<int64_t>();
      for (size_t i = 0; i < kept_rows.size(); ++i) group_values[kept_rows[i]] = kept_groups[i];
      size_t before = distinct_->size();
      distinct_->FindOrInsert({group_vector.get(), argument}, kept_rows, true, &pair_ids_);
      // New pairs get ids before, before + 1, ... at their first occurrence.
      size_t next_new = before;
      size_t out = 0;
      for (size_t i = 0; i < kept_rows.size(); ++i) {
        if (pair_ids_[i] == next_new) {
          ++next_new;
          kept_rows[out] = kept_rows[i];
          kept_groups[out] = kept_groups[i];
          ++out;
        }
      }
      kept_rows.resize(out);
      kept_groups.resize(out);
    }
    return Add(*argument, kept_rows, kept_groups);
  }

  // Adds the accumulators of `partial`'s groups [begin, begin + targets.size())
  // to this state's groups `targets`.
  Status Merge(const AggregateState& partial, size_t begin, const std::vector<uint32_t>& targets) {
    AggregateFunction function = call_->function;
    for (size_t i = 0; i < targets.size(); ++i) {
      size_t from = begin + i;
      uint32_t to = targets[i];
      int64_t count = partial.counts_[from];
      if (count == 0) continue;
      bool first = counts_[to] == 0;
      switch (kind_) {
        case Kind::kCount:
        case Kind::kCountIf: break;
        case Kind::kSumIntegral: {
          Int128 sum = integers_[to] + partial.integers_[from];
          if (function == AggregateFunction::kSum && (sum > INT64_MAX || sum < INT64_MIN)) {
            return sql::SqlErrorNoLocation(codes::kNumericValueOutOfRange, "bigint addition overflow: {} + {}",
                                           static_cast<int64_t>(integers_[to]), static_cast<int64_t>(partial.integers_[from]));
          }
          integers_[to] = sum;
          break;
        }
        case Kind::kSumDecimal: {
          static const Int128 kLimit = PowerOfTen(38);
          Int128 sum;
          if (__builtin_add_overflow(integers_[to], partial.integers_[from], &sum) || sum >= kLimit || sum <= -kLimit) {
            return sql::SqlErrorNoLocation(codes::kNumericValueOutOfRange, "Decimal overflow");
          }
          integers_[to] = sum;
          break;
        }
        case Kind::kSumDouble: doubles_[to] += partial.doubles_[from]; break;
        case Kind::kMinMaxIntegral: {
          int64_t value = partial.longs_[from];
          if (first || (function == AggregateFunction::kMin && value < longs_[to]) ||
              (function == AggregateFunction::kMax && value > longs_[to])) {
            longs_[to] = value;
          }
          break;
        }
        case Kind::kMinMaxDouble: {
          double value = partial.doubles_[from];
          if (first || (function == AggregateFunction::kMin && DoubleLess(value, doubles_[to])) ||
              (function == AggregateFunction::kMax && DoubleLess(doubles_[to], value))) {
            doubles_[to] = value;
          }
          break;
        }
        case Kind::kMinMaxDecimal: {
          Int128 value = partial.integers_[from];
          if (first || (function == AggregateFunction::kMin && value < integers_[to]) ||
              (function == AggregateFunction::kMax && value > integers_[to])) {
            integers_[to] = value;
          }
          break;
        }
        case Kind::kMinMaxValue: {
          const Value& value = partial.values_[from];
          if (first || (function == AggregateFunction::kMin && CompareValues(value, values_[to]) < 0) ||
              (function == AggregateFunction::kMax && CompareValues(value, values_[to]) > 0)) {
            values_[to] = value;
          }
          break;
        }
        case Kind::kBoolean: {
          bool value = partial.booleans_[from] != 0;
          if (first) {
            booleans_[to] = value;
          } else {
            booleans_[to] = function == AggregateFunction::kBoolAnd ? (booleans_[to] && value) : (booleans_[to] || value);
          }
          break;
        }
      }
      counts_[to] += count;
    }
    return Status::OK();
  }

  Result<Value> Finish(uint32_t group) const {
    int64_t count = counts_[group];
    switch (call_->function) {
      case AggregateFunction::kCount:
      case AggregateFunction::kCountAll:
      case AggregateFunction::kCountIf:
      case AggregateFunction::kApproxDistinct: return Value::Integer(count);
      case AggregateFunction::kSum:
        if (count == 0) return Value::Null();
        if (kind_ == Kind::kSumIntegral) return Value::Integer(static_cast<int64_t>(integers_[group]));
        if (kind_ == Kind::kSumDecimal) return Value::Decimal(integers_[group]);
        return Value::Double(doubles_[group]);
      case AggregateFunction::kAvg: {
        if (count == 0) return Value::Null();
        if (kind_ == Kind::kSumIntegral) {
          return Value::Double(static_cast<double>(integers_[group]) / static_cast<double>(count));
        }
        if (kind_ == Kind::kSumDecimal) {
          Int128 sum = integers_[group], divisor = count;
          Int128 quotient = sum / divisor, remainder = sum % divisor;
          if ((remainder < 0 ? -remainder : remainder) * 2 >= divisor) quotient += sum < 0 ? -1 : 1;
          return Value::Decimal(quotient);
        }
        double average = doubles_[group] / static_cast<double>(count);
        if (call_->argument->type.kind == SqlTypeKind::kReal) average = static_cast<float>(average);
        return Value::Double(average);
      }
      case AggregateFunction::kMin:
      case AggregateFunction::kMax:
      case AggregateFunction::kArbitrary:
        if (count == 0) return Value::Null();
        if (kind_ == Kind::kMinMaxIntegral) {
          if (call_->argument->type.kind == SqlTypeKind::kBoolean) return Value::Boolean(longs_[group] != 0);
          return Value::Integer(longs_[group]);
        }
        if (kind_ == Kind::kMinMaxDouble) return Value::Double(doubles_[group]);
        if (kind_ == Kind::kMinMaxDecimal) return Value::Decimal(integers_[group]);
        return values_[group];
      case AggregateFunction::kBoolAnd:
      case AggregateFunction::kBoolOr:
        if (count == 0) return Value::Null();
        return Value::Boolean(booleans_[group] != 0);
    }
    return Value::Null();
  }

 private:
  // Adds the non-null `rows` of `argument` (flat) to their groups.
  Status Add(const Vector& argument, const std::vector<uint32_t>& rows, const std::vector<uint32_t>& groups) {
    size_t n = rows.size();
    AggregateFunction function = call_->function;
    switch (kind_) {
      case Kind::kCount:
        for (size_t i = 0; i < n; ++i) ++counts_[groups[i]];
        return Status::OK();
      case Kind::kCountIf: {
        const uint8_t* values = argument.Values<uint8_t>();
        for (size_t i = 0; i < n; ++i) counts_[groups[i]] += values[rows[i]] != 0;
        return Status::OK();
      }
      case Kind::kSumIntegral: {
        Status status = Status::OK();
        VisitIntegral(argument, [&](const auto* values) {
          for (size_t i = 0; i < n; ++i) {
            uint32_t group = groups[i];
            int64_t value = static_cast<int64_t>(values[rows[i]]);
            Int128 sum = integers_[group] + value;
            if (function == AggregateFunction::kSum && (sum > INT64_MAX || sum < INT64_MIN)) {
              status = sql::SqlErrorNoLocation(codes::kNumericValueOutOfRange, "bigint addition overflow: {} + {}",
                                               static_cast<int64_t>(integers_[group]), value);
              return;
            }
            integers_[group] = sum;
            ++counts_[group];
          }
        });
        return status;
      }
      case Kind::kSumDecimal: {
        const Int128* values = argument.Values<Int128>();
        static const Int128 kLimit = PowerOfTen(38);
        for (size_t i = 0; i < n; ++i) {
          uint32_t group = groups[i];
          Int128 sum;
          if (__builtin_add_overflow(integers_[group], values[rows[i]], &sum) || sum >= kLimit || sum <= -kLimit) {
            return sql::SqlErrorNoLocation(codes::kNumericValueOutOfRange, "Decimal overflow");
          }
          integers_[group] = sum;
          ++counts_[group];
        }
        return Status::OK();
      }
      case Kind::kSumDouble:
        if (argument.type.id == TypeId::kFloat) {
          const float* values = argument.Values<float>();
          for (size_t i = 0; i < n; ++i) {
            doubles_[groups[i]] += values[rows[i]];
            ++counts_[groups[i]];
          }
        } else {
          const double* values = argument.Values<double>();
          for (size_t i = 0; i < n; ++i) {
            doubles_[groups[i]] += values[rows[i]];
            ++counts_[groups[i]];
          }
        }
        return Status::OK();
      case Kind::kMinMaxIntegral: {
        auto update = [&](const auto* values) {
          for (size_t i = 0; i < n; ++i) {
            uint32_t group = groups[i];
            int64_t value = static_cast<int64_t>(values[rows[i]]);
            int64_t& best = longs_[group];
            if (counts_[group]++ == 0 || (function == AggregateFunction::kMin && value < best) ||
                (function == AggregateFunction::kMax && value > best)) {
              best = value;
            }
          }
        };
        if (argument.type.id == TypeId::kBool) {
          update(argument.Values<uint8_t>());
        } else if (argument.type.id == TypeId::kTime || argument.type.id == TypeId::kTimestamp) {
          update(argument.Values<int64_t>());
        } else {
          VisitIntegral(argument, update);
        }
        return Status::OK();
      }
      case Kind::kMinMaxDouble: {
        auto update = [&](const auto* values) {
          for (size_t i = 0; i < n; ++i) {
            uint32_t group = groups[i];
            double value = values[rows[i]];
            double& best = doubles_[group];
            if (counts_[group]++ == 0 || (function == AggregateFunction::kMin && DoubleLess(value, best)) ||
                (function == AggregateFunction::kMax && DoubleLess(best, value))) {
              best = value;
            }
          }
        };
        if (argument.type.id == TypeId::kFloat) {
          update(argument.Values<float>());
        } else {
          update(argument.Values<double>());
        }
        return Status::OK();
      }
      case Kind::kMinMaxDecimal: {
        const Int128* values = argument.Values<Int128>();
        for (size_t i = 0; i < n; ++i) {
          uint32_t group = groups[i];
          Int128 value = values[rows[i]];
          Int128& best = integers_[group];
          if (counts_[group]++ == 0 || (function == AggregateFunction::kMin && value < best) ||
              (function == AggregateFunction::kMax && value > best)) {
            best = value;
          }
        }
        return Status::OK();
      }
      case Kind::kMinMaxValue: {
        const SqlType& type = call_->argument->type;
        for (size_t i = 0; i < n; ++i) {
          uint32_t group = groups[i];
          if (counts_[group] > 0 && function == AggregateFunction::kArbitrary) continue;
          Value value = ReadValue(argument, rows[i], type);
          Value& best = values_[group];
          if (counts_[group]++ == 0 || (function == AggregateFunction::kMin && CompareValues(value, best) < 0) ||
              (function == AggregateFunction::kMax && CompareValues(value, best) > 0)) {
            best = std::move(value);
          }
        }
        return Status::OK();
      }
      case Kind::kBoolean: {
        const uint8_t* values = argument.Values<uint8_t>();
        bool is_and = function == AggregateFunction::kBoolAnd;
        for (size_t i = 0; i < n; ++i) {
          uint32_t group = groups[i];
          bool value = values[rows[i]] != 0;
          if (counts_[group]++ == 0) {
            booleans_[group] = value;
          } else {
            booleans_[group] = is_and ? (booleans_[group] && value) : (booleans_[group] || value);
          }
        }
        return Status::OK();
      }
    }
    return Status::OK();
  }

  const AggregateCall* call_ = nullptr;
  Kind kind_ = Kind::kCount;
  std::vector<int64_t> counts_;  // rows accumulated (non-null arguments)
  std::vector<Int128> integers_;
  std::vector<double> doubles_;
  std::vector<int64_t> longs_;
  std::vector<Value> values_;
  std::vector<uint8_t> booleans_;
  std::unique_ptr<GroupTable> distinct_;  // (group, value) pairs seen
  std::vector<uint32_t> pair_ids_;
};

// The groups and accumulators of one aggregation: the whole of a
// sequential one, or a morsel's partial aggregation merged into the final
// one afterwards (only when no aggregate is DISTINCT).
class Aggregation {
 public:
  Aggregation(const PlanNode& plan, ExecutionContext& context) : plan_(plan), context_(context) {}
  ~Aggregation() {
    if (context_.memory) context_.memory->Release(reserved_);
  }

  Status Init() {
    std::vector<SqlType> key_types;
    for (const auto& expression : plan_.group_keys) key_types.push_back(expression->type);
    FLOE_ASSIGN_OR_RETURN(table_, GroupTable::Make(std::move(key_types)));
    for (const auto& call : plan_.aggregates) {
      FLOE_ASSIGN_OR_RETURN(AggregateState state, AggregateState::Make(call));
      states_.push_back(std::move(state));
    }
    if (plan_.group_keys.empty()) {
      // A global aggregation has its one group even over no rows.
      table_->FindOrInsert({}, {0}, true, &groups_);
      for (auto& state : states_) state.Resize(1);
    }
    return Status::OK();
  }

  Status Consume(const Batch& input) {
    std::vector<uint32_t> rows = LiveRows(input);
    if (rows.empty()) return Status::OK();
    std::vector<VectorPtr> keys;
    std::vector<const Vector*> key_pointers;
    for (const auto& expression : plan_.group_keys) {
      FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*expression, input, rows, context_.evaluation));
      key_pointers.push_back(vector.get());
      keys.push_back(std::move(vector));
    }
    if (keys.empty()) {
      groups_.assign(rows.size(), 0);
    } else {
      table_->FindOrInsert(key_pointers, rows, true, &groups_);
    }
    size_t group_count = table_->size();
    for (size_t a = 0; a < states_.size(); ++a) {
      const AggregateCall& call = plan_.aggregates[a];
      states_[a].Resize(group_count);
      VectorPtr argument;
      if (call.argument) {
        FLOE_ASSIGN_OR_RETURN(argument, Evaluate(*call.argument, input, rows, context_.evaluation));
      }
      FLOE_RETURN_IF_ERROR(states_[a].Update(argument.get(), rows, groups_, input.num_rows));
    }
    return Account();
  }

  // Adds the groups and accumulators of `partial` (same plan), a chunk of
  // groups at a time.
  Status Merge(const Aggregation& partial) {
    size_t count = partial.table_->size();
    std::vector<uint32_t> rows;
    for (size_t begin = 0; begin < count; begin += static_cast<size_t>(columnar::kDefaultBatchRows)) {
      size_t end = std::min(count, begin + static_cast<size_t>(columnar::kDefaultBatchRows));
      if (plan_.group_keys.empty()) {
        groups_.assign(end - begin, 0);
      } else {
        auto keys = partial.table_->KeyColumns(begin, end);
        std::vector<const Vector*> key_pointers;
        for (const auto& key : keys) key_pointers.push_back(key.get());
        rows.resize(end - begin);
        for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<uint32_t>(i);
        table_->FindOrInsert(key_pointers, rows, true, &groups_);
      }
      for (size_t a = 0; a < states_.size(); ++a) {
        states_[a].Resize(table_->size());
        FLOE_RETURN_IF_ERROR(states_[a].Merge(partial.states_[a], begin, groups_));
      }
      FLOE_RETURN_IF_ERROR(Account());
    }
    return Status::OK();
  }

  size_t size() const { return table_->size(); }

  // Groups [begin, end) as output columns: keys, then aggregates.
  Result<std::vector<VectorPtr>> Output(size_t begin, size_t end) const {
    std::vector<VectorPtr> columns;
    int64_t rows = static_cast<int64_t>(end - begin);
    if (!plan_.group_keys.empty()) columns = table_->KeyColumns(begin, end);
    for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
      VectorBuilder builder(plan_.aggregates[a].type, rows);
      for (size_t g = begin; g < end; ++g) {
        FLOE_ASSIGN_OR_RETURN(Value value, states_[a].Finish(static_cast<uint32_t>(g)));
        builder.SetValue(static_cast<int64_t>(g - begin), value);
      }
      columns.push_back(builder.Finish());
    }
    return columns;
  }

 private:
  // Reserves the growth of the table and accumulators since the last call.
  Status Account() {
    int64_t bytes = table_->memory_bytes();
    for (const auto& state : states_) {
      bytes += state.bytes_per_group() * static_cast<int64_t>(table_->size()) + state.distinct_bytes();
    }
    if (bytes > reserved_) {
      if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes - reserved_));
      reserved_ = bytes;
    }
    return Status::OK();
  }

  const PlanNode& plan_;
  ExecutionContext& context_;
  std::unique_ptr<GroupTable> table_;
  std::vector<AggregateState> states_;
  std::vector<uint32_t> groups_;
  int64_t reserved_ = 0;
};

// A morsel's partial aggregation (parallel mode). When the keys barely
// repeat (more than one group per two rows after 20,000 rows), aggregating
// twice only costs: the rest of the morsel's batches are kept as they are
// for the final aggregation.
class PartialAggregation final : public MorselSink {
 public:
  PartialAggregation(const PlanNode& plan, ExecutionContext& context) : aggregation_(plan, context), context_(context) {
    init_ = aggregation_.Init();
  }
  ~PartialAggregation() override {
    if (context_.memory) context_.memory->Release(reserved_);
  }
  Status Consume(const Batch& batch) override {
    FLOE_RETURN_IF_ERROR(init_);
    rows_ += batch.live_rows();
    if (!pass_through_ && rows_ >= 20000 && static_cast<int64_t>(aggregation_.size()) * 2 > rows_) pass_through_ = true;
    if (!pass_through_) return aggregation_.Consume(batch);
    int64_t bytes = BatchBytes(batch);
    if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
    reserved_ += bytes;
    batches_.push_back(batch);
    return Status::OK();
  }
  const Aggregation& aggregation() const { return aggregation_; }
  // The batches not aggregated (after the partial aggregation's rows).
  const std::vector<Batch>& batches() const { return batches_; }

 private:
  Aggregation aggregation_;
  ExecutionContext& context_;
  Status init_ = Status::OK();
  int64_t rows_ = 0;
  bool pass_through_ = false;
  std::vector<Batch> batches_;
  int64_t reserved_ = 0;
};

// Hash aggregation over its input operator or, in parallel mode, over the
// partial aggregations of a parallel scan's morsels (merged in morsel order,
// so groups come out in the order of a sequential run).
class AggregateOperator final : public Operator {
 public:
  AggregateOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context)
      : plan_(std::move(plan)), input_(std::move(input)), context_(context), aggregation_(*plan_, context) {}
  AggregateOperator(PlanPtr plan, ExecutionContext& context)
      : plan_(std::move(plan)), context_(context), aggregation_(*plan_, context) {
    PlanPtr plan_for_sinks = plan_;
    ExecutionContext* context_for_sinks = &context;
    partials_ = MakeParallelSinkScan(plan_->children[0], context, [plan_for_sinks, context_for_sinks] {
      return std::unique_ptr<MorselSink>(new PartialAggregation(*plan_for_sinks, *context_for_sinks));
    });
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!consumed_) FLOE_RETURN_IF_ERROR(Consume());
    size_t groups = aggregation_.size();
    if (emitted_ >= groups) return false;
    size_t end = std::min(groups, emitted_ + static_cast<size_t>(columnar::kDefaultBatchRows));
    *batch = Batch();
    batch->num_rows = static_cast<int64_t>(end - emitted_);
    FLOE_ASSIGN_OR_RETURN(batch->columns, aggregation_.Output(emitted_, end));
    emitted_ = end;
    return true;
  }

 private:
  Status Consume() {
    consumed_ = true;
    FLOE_RETURN_IF_ERROR(aggregation_.Init());
    if (partials_) {
      while (true) {
        FLOE_ASSIGN_OR_RETURN(std::unique_ptr<MorselSink> sink, partials_->NextSink());
        if (!sink) break;
        FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
        const auto& partial = static_cast<PartialAggregation&>(*sink);
        FLOE_RETURN_IF_ERROR(aggregation_.Merge(partial.aggregation()));
        for (const Batch& batch : partial.batches()) FLOE_RETURN_IF_ERROR(aggregation_.Consume(batch));
      }
      return Status::OK();
    }
    Batch input;
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, input_->Next(&input));
      if (!more) break;
      FLOE_RETURN_IF_ERROR(aggregation_.Consume(input));
    }
    return Status::OK();
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> input_;
  ExecutionContext& context_;
  Aggregation aggregation_;
  // Declared after aggregation_: destroyed first, so running morsels stop
  // before the final aggregation goes.
  std::unique_ptr<MorselSinkScan> partials_;
  bool consumed_ = false;
  size_t emitted_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeAggregateOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context) {
  return std::make_unique<AggregateOperator>(std::move(plan), std::move(input), context);
}

bool CanAggregateInParallel(const PlanNode& plan, const ExecutionContext& context) {
  if (context.parallelism <= 1 || !context.executor || plan.children.empty() || !IsScanPipeline(*plan.children[0])) {
    return false;
  }
  for (const AggregateCall& call : plan.aggregates) {
    if (call.distinct || call.function == AggregateFunction::kApproxDistinct) return false;
  }
  return true;
}

std::unique_ptr<Operator> MakeParallelAggregateOperator(PlanPtr plan, ExecutionContext& context) {
  return std::make_unique<AggregateOperator>(std::move(plan), context);
}

}  // namespace floe::engine::detail
