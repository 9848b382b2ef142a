// The Iceberg table scan (see operators.h for its contract).
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
      if (const iceberg::NestedField* nested = NestedFieldOf(i)) {
        batch->columns[i] = AlignNestedFields(batch->columns[i], *nested->type);
      }
    }
    return Status::OK();
  }

  // The table's field of a nested scan column (its struct fields give the
  // order of the column's children), or null for primitive columns.
  // The newest schema whose field has the scan column's SQL type wins (time
  // travel scans read with an older schema).
  const iceberg::NestedField* NestedFieldOf(size_t column) const {
    const ScanColumn& scan_column = plan_->scan_columns[column];
    if (scan_column.type.kind != SqlTypeKind::kArray && scan_column.type.kind != SqlTypeKind::kMap &&
        scan_column.type.kind != SqlTypeKind::kRow) {
      return nullptr;
    }
    const iceberg::NestedField* fallback = nullptr;
    const auto& schemas = plan_->metadata->schemas;
    for (auto schema = schemas.rbegin(); schema != schemas.rend(); ++schema) {
      const iceberg::NestedField* field = (*schema)->FindField(scan_column.field_id);
      if (!field || !field->type->is_nested()) continue;
      if (!fallback) fallback = field;
      auto type = SqlTypeOfIceberg(*field->type, field->name);
      if (type.ok() && *type == scan_column.type) return field;
    }
    return fallback;
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

}  // namespace

std::unique_ptr<Operator> MakeTableScanOperator(PlanPtr plan, ExecutionContext& context) {
  return std::make_unique<TableScanOperator>(std::move(plan), context);
}

}  // namespace floe::engine::detail
