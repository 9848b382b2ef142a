#include "floe/engine/operators.h"

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

namespace {

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

class TableScanOperator final : public Operator {
 public:
  TableScanOperator(PlanPtr plan, ExecutionContext& context) : plan_(std::move(plan)), context_(context) {}

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!planned_) FLOE_RETURN_IF_ERROR(PlanFiles());
    while (true) {
      if (rows_only_left_ > 0) {
        int64_t rows = std::min<int64_t>(rows_only_left_, columnar::kDefaultBatchRows);
        rows_only_left_ -= rows;
        *batch = Batch();
        batch->num_rows = rows;
        batch->columns.assign(plan_->scan_columns.size(), nullptr);
        // Columns the file lacks read as NULL.
        for (size_t i = 0; i < plan_->scan_columns.size(); ++i) {
          if (ColumnRead(i)) batch->columns[i] = ConstantVector(plan_->scan_columns[i].type, Value::Null(), rows);
        }
        return true;
      }
      if (batches_) {
        Batch raw;
        FLOE_ASSIGN_OR_RETURN(bool more, batches_->Next(&raw));
        if (more) {
          FLOE_RETURN_IF_ERROR(MapColumns(raw, batch));
          if (context_.scan_statistics) context_.scan_statistics->rows_read += batch->num_rows;
          return true;
        }
        batches_.reset();
        reader_.reset();
      }
      if (next_task_ >= tasks_.size()) return false;
      FLOE_RETURN_IF_ERROR(OpenFile(tasks_[next_task_++]));
    }
  }

 private:
  Status PlanFiles() {
    planned_ = true;
    iceberg::TableScan scan(context_.file_io, plan_->metadata);
    if (plan_->snapshot.snapshot_id) scan.UseSnapshot(*plan_->snapshot.snapshot_id);
    if (plan_->snapshot.ref) scan.UseRef(*plan_->snapshot.ref);
    if (plan_->snapshot.as_of_timestamp_ms) scan.AsOfTime(*plan_->snapshot.as_of_timestamp_ms);
    iceberg::ExpressionPtr filter = IcebergFilterOf(*plan_);
    if (filter) scan.Filter(filter);
    auto planned = scan.Plan();
    if (!planned.ok()) {
      // A filter the Iceberg binder rejects (type edge cases) only loses pruning.
      if (filter && planned.status().kind() == ErrorKind::kBadRequest) {
        iceberg::TableScan unfiltered(context_.file_io, plan_->metadata);
        if (plan_->snapshot.snapshot_id) unfiltered.UseSnapshot(*plan_->snapshot.snapshot_id);
        if (plan_->snapshot.ref) unfiltered.UseRef(*plan_->snapshot.ref);
        if (plan_->snapshot.as_of_timestamp_ms) unfiltered.AsOfTime(*plan_->snapshot.as_of_timestamp_ms);
        planned = unfiltered.Plan();
      }
      if (!planned.ok()) return planned.status();
    }
    tasks_ = std::move(planned->tasks);
    if (context_.scan_statistics) {
      context_.scan_statistics->files_planned += static_cast<int64_t>(tasks_.size());
      context_.scan_statistics->files_pruned +=
          planned->metrics.data_files_pruned_by_partition + planned->metrics.data_files_pruned_by_metrics;
    }
    for (const auto& task : tasks_) {
      if (!task.delete_files.empty()) {
        return sql::SqlErrorNoLocation(codes::kNotSupported,
                                       "Reading tables with delete files is not supported yet ({} has {} delete files)",
                                       task.data_file->file_path, task.delete_files.size());
      }
      if (task.data_file->file_format != iceberg::FileFormat::kParquet) {
        return sql::SqlErrorNoLocation(codes::kNotSupported, "Data file format {} is not supported ({})",
                                       iceberg::FileFormatName(task.data_file->file_format), task.data_file->file_path);
      }
    }
    return Status::OK();
  }

  bool ColumnRead(size_t i) const { return plan_->column_read.empty() || plan_->column_read[i]; }

  Status OpenFile(const iceberg::FileScanTask& task) {
    FLOE_ASSIGN_OR_RETURN(reader_, parquet::ParquetReader::Open(*context_.file_io, task.data_file->file_path));
    const auto& schema = reader_->schema();
    bool any_field_id = false;
    for (const auto& column : schema.columns()) any_field_id = any_field_id || column.field_id.has_value();
    file_field_.assign(plan_->scan_columns.size(), -1);
    std::vector<int> fields;
    bool any_read = false;
    for (size_t i = 0; i < plan_->scan_columns.size(); ++i) {
      if (!ColumnRead(i)) continue;
      any_read = true;
      auto index = reader_->FieldIndexById(plan_->scan_columns[i].field_id);
      if (index) {
        file_field_[i] = *index;
        fields.push_back(*index);
      }
    }
    if (any_read && !any_field_id && reader_->num_rows() > 0) {
      return sql::SqlErrorNoLocation(codes::kNotSupported,
                                     "Data files without Iceberg field ids are not supported yet ({})",
                                     task.data_file->file_path);
    }
    std::sort(fields.begin(), fields.end());
    fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
    // Row groups whose statistics cannot match the pushed predicates are skipped.
    std::vector<parquet::ColumnPredicate> predicates;
    for (const ScanPredicate& predicate : plan_->scan_predicates) {
      int field = file_field_[predicate.column];
      if (field < 0) continue;
      const auto& node = schema.fields()[field];
      if (node.kind != parquet::FieldNode::Kind::kLeaf) continue;
      const auto& descriptor = schema.columns()[node.column];
      if (descriptor.conversion != parquet::LeafConversion::kNone) continue;
      parquet::ColumnPredicate out;
      out.column = node.column;
      switch (predicate.op) {
        case ScanPredicate::Op::kLess: out.op = parquet::ColumnPredicate::Op::kLess; break;
        case ScanPredicate::Op::kLessOrEqual: out.op = parquet::ColumnPredicate::Op::kLessOrEqual; break;
        case ScanPredicate::Op::kEqual: out.op = parquet::ColumnPredicate::Op::kEqual; break;
        case ScanPredicate::Op::kGreaterOrEqual: out.op = parquet::ColumnPredicate::Op::kGreaterOrEqual; break;
        case ScanPredicate::Op::kGreater: out.op = parquet::ColumnPredicate::Op::kGreater; break;
        case ScanPredicate::Op::kIsNull: out.op = parquet::ColumnPredicate::Op::kIsNull; break;
        case ScanPredicate::Op::kIsNotNull: out.op = parquet::ColumnPredicate::Op::kIsNotNull; break;
        default: continue;
      }
      const SqlType& type = plan_->scan_columns[predicate.column].type;
      if (!predicate.value.is_null()) {
        switch (type.kind) {
          case SqlTypeKind::kBoolean: out.value = predicate.value.boolean(); break;
          case SqlTypeKind::kInteger:
          case SqlTypeKind::kBigint:
          case SqlTypeKind::kDate:
          case SqlTypeKind::kTimestamp:
          case SqlTypeKind::kTimestampTz: out.value = predicate.value.integer(); break;
          case SqlTypeKind::kReal:
          case SqlTypeKind::kDouble: out.value = predicate.value.real(); break;
          case SqlTypeKind::kVarchar: out.value = predicate.value.string(); break;
          default: continue;
        }
      }
      predicates.push_back(std::move(out));
    }
    std::vector<int> groups = reader_->SelectRowGroups(predicates);
    if (context_.scan_statistics) {
      context_.scan_statistics->row_groups_read += static_cast<int64_t>(groups.size());
      context_.scan_statistics->row_groups_skipped += reader_->num_row_groups() - static_cast<int64_t>(groups.size());
    }
    if (groups.empty()) return Status::OK();
    if (fields.empty()) {
      // Nothing to read from this file (count(*), or only columns it lacks): row counts only.
      int64_t rows = 0;
      for (int group : groups) rows += reader_->metadata().row_groups[group].num_rows;
      rows_only_left_ = rows;
      if (context_.scan_statistics) context_.scan_statistics->rows_read += rows;
      return Status::OK();
    }
    fields_ = fields;
    FLOE_ASSIGN_OR_RETURN(batches_, reader_->ReadRowGroups(groups, fields));
    return Status::OK();
  }

  Status MapColumns(const Batch& raw, Batch* batch) {
    *batch = Batch();
    batch->num_rows = raw.num_rows;
    batch->columns.assign(plan_->scan_columns.size(), nullptr);
    for (size_t i = 0; i < plan_->scan_columns.size(); ++i) {
      if (!ColumnRead(i)) continue;
      const SqlType& type = plan_->scan_columns[i].type;
      int field = file_field_[i];
      if (field < 0) {
        batch->columns[i] = ConstantVector(type, Value::Null(), raw.num_rows);
        continue;
      }
      size_t position = static_cast<size_t>(std::find(fields_.begin(), fields_.end(), field) - fields_.begin());
      if (position >= raw.columns.size()) {
        return sql::SqlErrorNoLocation(codes::kGenericInternalError, "projected field {} missing from the batch", field);
      }
      batch->columns[i] = Conform(raw.columns[position], type);
    }
    return Status::OK();
  }

  PlanPtr plan_;
  ExecutionContext& context_;
  bool planned_ = false;
  std::vector<iceberg::FileScanTask> tasks_;
  size_t next_task_ = 0;
  std::unique_ptr<parquet::ParquetReader> reader_;
  std::unique_ptr<parquet::BatchReader> batches_;
  std::vector<int> file_field_;  // per scan column: the file's top-level field, -1 if absent
  std::vector<int> fields_;      // fields read, in batch order
  int64_t rows_only_left_ = 0;
};

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

// --- Sort ---

class SortOperator final : public Operator {
 public:
  // `top_n` > 0: only the first top_n rows in order are needed (ORDER BY ... LIMIT).
  SortOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context, int64_t top_n = 0)
      : plan_(std::move(plan)), input_(std::move(input)), context_(context), top_n_(top_n) {}

  ~SortOperator() override {
    if (context_.memory) context_.memory->Release(reserved_);
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!sorted_) FLOE_RETURN_IF_ERROR(SortAll());
    if (emitted_ >= order_.size()) return false;
    size_t end = std::min(order_.size(), emitted_ + static_cast<size_t>(columnar::kDefaultBatchRows));
    int64_t rows = static_cast<int64_t>(end - emitted_);
    *batch = Batch();
    batch->num_rows = rows;
    for (size_t c = 0; c < plan_->outputs.size(); ++c) {
      const SqlType& type = plan_->outputs[c].type;
      VectorBuilder builder(type, rows);
      for (size_t i = emitted_; i < end; ++i) {
        const RowReference& ref = order_[i];
        const VectorPtr& column = batches_[ref.batch].columns[c];
        if (!column) continue;
        builder.SetValue(static_cast<int64_t>(i - emitted_), ReadValue(*column, ref.row, type));
      }
      batch->columns.push_back(builder.Finish());
    }
    emitted_ = end;
    return true;
  }

 private:
  struct RowReference {
    uint32_t batch;
    uint32_t row;
  };

  Status SortAll() {
    sorted_ = true;
    Batch input;
    size_t key_count = plan_->sort_keys.size();
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, input_->Next(&input));
      if (!more) break;
      std::vector<uint32_t> rows = LiveRows(input);
      if (rows.empty()) continue;
      std::vector<VectorPtr> key_vectors;
      for (const auto& key : plan_->sort_keys) {
        FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*key.expression, input, rows, context_.evaluation));
        key_vectors.push_back(std::move(vector));
      }
      int64_t bytes = BatchBytes(input) + static_cast<int64_t>(rows.size()) * static_cast<int64_t>(16 + 40 * key_count);
      if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
      reserved_ += bytes;
      uint32_t batch_index = static_cast<uint32_t>(batches_.size());
      for (uint32_t row : rows) {
        order_.push_back(RowReference{batch_index, row});
        for (size_t k = 0; k < key_count; ++k) keys_.push_back(ReadValue(*key_vectors[k], row, plan_->sort_keys[k].expression->type));
      }
      batches_.push_back(input);
      // Top-N: keep only the rows that can still be among the first top_n.
      if (top_n_ > 0 && order_.size() > static_cast<size_t>(4 * top_n_ + columnar::kDefaultBatchRows)) Order(true);
    }
    Order(false);
    return Status::OK();
  }

  // Sorts the buffered rows (stable: ties keep input order); `trim` keeps the first top_n.
  void Order(bool trim) {
    size_t key_count = plan_->sort_keys.size();
    std::vector<size_t> positions(order_.size());
    for (size_t i = 0; i < positions.size(); ++i) positions[i] = i;
    std::stable_sort(positions.begin(), positions.end(), [&](size_t a, size_t b) {
      for (size_t k = 0; k < key_count; ++k) {
        const Value& x = keys_[a * key_count + k];
        const Value& y = keys_[b * key_count + k];
        const SortKey& key = plan_->sort_keys[k];
        if (x.is_null() || y.is_null()) {
          if (x.is_null() && y.is_null()) continue;
          return x.is_null() == key.nulls_first;
        }
        auto c = CompareValues(x, y);
        if (c == 0) continue;
        return key.descending ? c > 0 : c < 0;
      }
      return false;
    });
    size_t keep = positions.size();
    if (top_n_ > 0) keep = std::min(keep, static_cast<size_t>(top_n_));
    std::vector<RowReference> ordered(keep);
    std::vector<Value> kept_keys;
    if (trim) kept_keys.reserve(keep * key_count);
    for (size_t i = 0; i < keep; ++i) {
      ordered[i] = order_[positions[i]];
      if (trim) {
        for (size_t k = 0; k < key_count; ++k) kept_keys.push_back(std::move(keys_[positions[i] * key_count + k]));
      }
    }
    order_ = std::move(ordered);
    keys_ = std::move(kept_keys);
    if (!trim) keys_.shrink_to_fit();
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> input_;
  ExecutionContext& context_;
  int64_t top_n_ = 0;
  bool sorted_ = false;
  std::vector<Batch> batches_;
  std::vector<RowReference> order_;
  std::vector<Value> keys_;
  size_t emitted_ = 0;
  int64_t reserved_ = 0;
};

// --- Hash join ---

class HashJoinOperator final : public Operator {
 public:
  HashJoinOperator(PlanPtr plan, std::unique_ptr<Operator> probe, std::unique_ptr<Operator> build,
                   ExecutionContext& context)
      : plan_(std::move(plan)), probe_(std::move(probe)), build_(std::move(build)), context_(context) {
    left_width_ = plan_->children[0]->outputs.size();
  }

  ~HashJoinOperator() override {
    if (context_.memory) context_.memory->Release(reserved_);
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!built_) FLOE_RETURN_IF_ERROR(Build());
    while (pending_.empty()) {
      if (probe_done_) {
        if (!unmatched_emitted_ && (plan_->join_kind == JoinKind::kRight || plan_->join_kind == JoinKind::kFull)) {
          unmatched_emitted_ = true;
          for (uint32_t b = 0; b < build_batches_.size(); ++b) {
            for (int64_t r = 0; r < build_batches_[b].num_rows; ++r) {
              if (!build_matched_[b][r]) pending_.push_back(Pair{nullptr, 0, b, static_cast<uint32_t>(r)});
            }
          }
          continue;
        }
        return false;
      }
      FLOE_RETURN_IF_ERROR(Probe());
    }
    return Emit(batch);
  }

 private:
  struct Pair {
    std::shared_ptr<Batch> left;  // null: the left side is NULL
    uint32_t left_row;
    uint32_t right_batch;  // UINT32_MAX: the right side is NULL
    uint32_t right_row;
  };

  Status KeyOf(const std::vector<std::shared_ptr<Vector>>& keys, const std::vector<BoundExpressionPtr>& expressions,
               uint32_t row, std::string* key, bool* has_null) {
    key->clear();
    *has_null = false;
    for (size_t k = 0; k < keys.size(); ++k) {
      Value value = ReadValue(*keys[k], row, expressions[k]->type);
      if (value.is_null()) {
        *has_null = true;
        return Status::OK();
      }
      AppendValueKey(key, value);
    }
    return Status::OK();
  }

  Status Build() {
    built_ = true;
    Batch input;
    std::string key;
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, build_->Next(&input));
      if (!more) break;
      FLOE_ASSIGN_OR_RETURN(Batch compact, CompactBatch(input, plan_->children[1]->outputs));
      if (compact.num_rows == 0) continue;
      int64_t bytes = BatchBytes(compact) + compact.num_rows * 48;
      if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
      reserved_ += bytes;
      std::vector<uint32_t> rows = LiveRows(compact);
      std::vector<std::shared_ptr<Vector>> keys;
      for (const auto& expression : plan_->right_keys) {
        FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*expression, compact, rows, context_.evaluation));
        keys.push_back(std::move(vector));
      }
      uint32_t batch_index = static_cast<uint32_t>(build_batches_.size());
      for (uint32_t row : rows) {
        bool has_null = false;
        FLOE_RETURN_IF_ERROR(KeyOf(keys, plan_->right_keys, row, &key, &has_null));
        if (has_null) continue;  // NULL keys never match
        table_[key].push_back({batch_index, row});
      }
      build_matched_.emplace_back(static_cast<size_t>(compact.num_rows), false);
      build_batches_.push_back(std::move(compact));
    }
    return Status::OK();
  }

  Status Probe() {
    Batch input;
    FLOE_ASSIGN_OR_RETURN(bool more, probe_->Next(&input));
    if (!more) {
      probe_done_ = true;
      return Status::OK();
    }
    FLOE_ASSIGN_OR_RETURN(Batch compact, CompactBatch(input, plan_->children[0]->outputs));
    auto left = std::make_shared<Batch>(std::move(compact));
    std::vector<uint32_t> rows = LiveRows(*left);
    std::vector<std::shared_ptr<Vector>> keys;
    for (const auto& expression : plan_->left_keys) {
      FLOE_ASSIGN_OR_RETURN(auto vector, Evaluate(*expression, *left, rows, context_.evaluation));
      keys.push_back(std::move(vector));
    }
    std::vector<Pair> candidates;
    std::string key;
    for (uint32_t row : rows) {
      bool has_null = false;
      FLOE_RETURN_IF_ERROR(KeyOf(keys, plan_->left_keys, row, &key, &has_null));
      if (has_null) continue;
      auto it = table_.find(key);
      if (it == table_.end()) continue;
      for (const auto& [b, r] : it->second) candidates.push_back(Pair{left, row, b, r});
    }
    std::vector<bool> left_matched(static_cast<size_t>(left->num_rows), false);
    if (plan_->join_filter && !candidates.empty()) {
      // The filter decides among the key matches, on the combined rows.
      std::vector<Pair> kept;
      for (size_t start = 0; start < candidates.size(); start += columnar::kDefaultBatchRows) {
        size_t end = std::min(candidates.size(), start + static_cast<size_t>(columnar::kDefaultBatchRows));
        std::vector<Pair> chunk(candidates.begin() + static_cast<std::ptrdiff_t>(start), candidates.begin() + static_cast<std::ptrdiff_t>(end));
        Batch combined = Materialize(chunk);
        std::vector<uint32_t> all = LiveRows(combined);
        FLOE_ASSIGN_OR_RETURN(auto selected, EvaluateFilter(*plan_->join_filter, combined, all, context_.evaluation));
        for (uint32_t i : selected) kept.push_back(chunk[i]);
      }
      candidates = std::move(kept);
    }
    for (const Pair& pair : candidates) {
      left_matched[pair.left_row] = true;
      build_matched_[pair.right_batch][pair.right_row] = true;
      pending_.push_back(pair);
    }
    if (plan_->join_kind == JoinKind::kLeft || plan_->join_kind == JoinKind::kFull) {
      for (uint32_t row : rows) {
        if (!left_matched[row]) pending_.push_back(Pair{left, row, UINT32_MAX, 0});
      }
    }
    return Status::OK();
  }

  Batch Materialize(const std::vector<Pair>& pairs) {
    Batch out;
    out.num_rows = static_cast<int64_t>(pairs.size());
    const auto& outputs = plan_->outputs;
    for (size_t c = 0; c < outputs.size(); ++c) {
      VectorBuilder builder(outputs[c].type, out.num_rows);
      bool from_left = c < left_width_;
      for (size_t i = 0; i < pairs.size(); ++i) {
        const Pair& pair = pairs[i];
        const Vector* column = nullptr;
        uint32_t row = 0;
        if (from_left && pair.left) {
          column = pair.left->columns[c].get();
          row = pair.left_row;
        } else if (!from_left && pair.right_batch != UINT32_MAX) {
          column = build_batches_[pair.right_batch].columns[c - left_width_].get();
          row = pair.right_row;
        }
        if (column) builder.SetValue(static_cast<int64_t>(i), ReadValue(*column, row, outputs[c].type));
      }
      out.columns.push_back(builder.Finish());
    }
    return out;
  }

  Result<bool> Emit(Batch* batch) {
    size_t count = std::min(pending_.size(), static_cast<size_t>(columnar::kDefaultBatchRows));
    std::vector<Pair> chunk(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(count));
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(count));
    *batch = Materialize(chunk);
    return true;
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> probe_;
  std::unique_ptr<Operator> build_;
  ExecutionContext& context_;
  size_t left_width_ = 0;
  bool built_ = false;
  bool probe_done_ = false;
  bool unmatched_emitted_ = false;
  std::vector<Batch> build_batches_;
  std::vector<std::vector<bool>> build_matched_;
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> table_;
  std::deque<Pair> pending_;
  int64_t reserved_ = 0;
};

// --- Set operations ---

class SetOperationOperator final : public Operator {
 public:
  SetOperationOperator(PlanPtr plan, std::unique_ptr<Operator> left, std::unique_ptr<Operator> right,
                       ExecutionContext& context)
      : plan_(std::move(plan)), left_(std::move(left)), right_(std::move(right)), context_(context) {}

  ~SetOperationOperator() override {
    if (context_.memory) context_.memory->Release(reserved_);
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (plan_->set_operation == SetOperationKind::kUnionAll) {
      if (!left_done_) {
        FLOE_ASSIGN_OR_RETURN(bool more, left_->Next(batch));
        if (more) return true;
        left_done_ = true;
      }
      return right_->Next(batch);
    }
    if (!built_) FLOE_RETURN_IF_ERROR(BuildCounts());
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, left_->Next(batch));
      if (!more) return false;
      std::vector<uint32_t> rows = LiveRows(*batch);
      std::vector<uint32_t> kept;
      std::string key;
      for (uint32_t row : rows) {
        KeyOf(*batch, row, &key);
        auto it = counts_.find(key);
        bool on_right = it != counts_.end() && it->second > 0;
        bool keep;
        if (plan_->set_operation == SetOperationKind::kIntersect) {
          keep = on_right;
          if (keep) {
            if (plan_->set_all) {
              --it->second;
            } else {
              it->second = 0;  // once
            }
          }
        } else if (plan_->set_all) {  // EXCEPT ALL: each right row cancels one left row
          keep = !on_right;
          if (on_right) --it->second;
        } else {  // EXCEPT: distinct left rows absent on the right
          keep = it == counts_.end() && emitted_.insert(key).second;
        }
        if (keep) kept.push_back(row);
      }
      if (kept.empty()) continue;
      auto selection = std::make_shared<columnar::SelectionVector>();
      selection->rows = std::move(kept);
      batch->selection = std::move(selection);
      return true;
    }
  }

 private:
  void KeyOf(const Batch& batch, uint32_t row, std::string* key) {
    key->clear();
    for (size_t c = 0; c < plan_->outputs.size(); ++c) AppendValueKey(key, ReadValue(*batch.columns[c], row, plan_->outputs[c].type));
  }

  Status BuildCounts() {
    built_ = true;
    Batch input;
    std::string key;
    while (true) {
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      FLOE_ASSIGN_OR_RETURN(bool more, right_->Next(&input));
      if (!more) break;
      for (uint32_t row : LiveRows(input)) {
        KeyOf(input, row, &key);
        auto [it, inserted] = counts_.try_emplace(key, 0);
        if (inserted) {
          int64_t bytes = static_cast<int64_t>(key.size()) + 64;
          if (context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
          reserved_ += bytes;
        }
        ++it->second;
      }
    }
    return Status::OK();
  }

  PlanPtr plan_;
  std::unique_ptr<Operator> left_;
  std::unique_ptr<Operator> right_;
  ExecutionContext& context_;
  bool left_done_ = false;
  bool built_ = false;
  std::unordered_map<std::string, int64_t> counts_;
  std::unordered_set<std::string> emitted_;
  int64_t reserved_ = 0;
};

}  // namespace

Result<std::unique_ptr<Operator>> BuildOperator(const PlanPtr& plan, ExecutionContext& context) {
  if (plan->kind == PlanKind::kLimit && plan->limit && plan->children[0]->kind == PlanKind::kSort &&
      plan->offset + *plan->limit <= 100000) {
    // ORDER BY ... LIMIT n: a top-N sort under the limit.
    const PlanPtr& sort = plan->children[0];
    FLOE_ASSIGN_OR_RETURN(auto sort_input, BuildOperator(sort->children[0], context));
    std::unique_ptr<Operator> top(new SortOperator(sort, std::move(sort_input), context, plan->offset + *plan->limit));
    return std::unique_ptr<Operator>(new LimitOperator(plan, std::move(top), context));
  }
  std::unique_ptr<Operator> input;
  if (!plan->children.empty()) {
    FLOE_ASSIGN_OR_RETURN(input, BuildOperator(plan->children[0], context));
  }
  if (plan->kind == PlanKind::kJoin) {
    FLOE_ASSIGN_OR_RETURN(auto build, BuildOperator(plan->children[1], context));
    return std::unique_ptr<Operator>(new HashJoinOperator(plan, std::move(input), std::move(build), context));
  }
  if (plan->kind == PlanKind::kSetOperation) {
    FLOE_ASSIGN_OR_RETURN(auto right, BuildOperator(plan->children[1], context));
    return std::unique_ptr<Operator>(new SetOperationOperator(plan, std::move(input), std::move(right), context));
  }
  switch (plan->kind) {
    case PlanKind::kTableScan: return std::unique_ptr<Operator>(new TableScanOperator(plan, context));
    case PlanKind::kValues: return std::unique_ptr<Operator>(new ValuesOperator(plan, context));
    case PlanKind::kFilter: return std::unique_ptr<Operator>(new FilterOperator(plan, std::move(input), context));
    case PlanKind::kProject: return std::unique_ptr<Operator>(new ProjectOperator(plan, std::move(input), context));
    case PlanKind::kAggregate: return std::unique_ptr<Operator>(new AggregateOperator(plan, std::move(input), context));
    case PlanKind::kSort: return std::unique_ptr<Operator>(new SortOperator(plan, std::move(input), context));
    case PlanKind::kLimit: return std::unique_ptr<Operator>(new LimitOperator(plan, std::move(input), context));
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
