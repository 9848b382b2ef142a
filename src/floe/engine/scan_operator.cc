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

bool ColumnRead(const PlanNode& plan, size_t i) { return plan.column_read.empty() || plan.column_read[i]; }

}  // namespace

Result<std::vector<iceberg::FileScanTask>> PlanScanFiles(const PlanNode& plan, ExecutionContext& context) {
  iceberg::TableScan scan(context.file_io, plan.metadata);
  if (plan.snapshot.snapshot_id) scan.UseSnapshot(*plan.snapshot.snapshot_id);
  if (plan.snapshot.ref) scan.UseRef(*plan.snapshot.ref);
  if (plan.snapshot.as_of_timestamp_ms) scan.AsOfTime(*plan.snapshot.as_of_timestamp_ms);
  iceberg::ExpressionPtr filter = IcebergFilterOf(plan);
  if (filter) scan.Filter(filter);
  auto planned = scan.Plan();
  if (!planned.ok()) {
    // A filter the Iceberg binder rejects (type edge cases) only loses pruning.
    if (filter && planned.status().kind() == ErrorKind::kBadRequest) {
      iceberg::TableScan unfiltered(context.file_io, plan.metadata);
      if (plan.snapshot.snapshot_id) unfiltered.UseSnapshot(*plan.snapshot.snapshot_id);
      if (plan.snapshot.ref) unfiltered.UseRef(*plan.snapshot.ref);
      if (plan.snapshot.as_of_timestamp_ms) unfiltered.AsOfTime(*plan.snapshot.as_of_timestamp_ms);
      planned = unfiltered.Plan();
    }
    if (!planned.ok()) return planned.status();
  }
  std::vector<iceberg::FileScanTask> tasks = std::move(planned->tasks);
  if (context.scan_statistics) {
    context.scan_statistics->files_planned += static_cast<int64_t>(tasks.size());
    context.scan_statistics->files_pruned +=
        planned->metrics.data_files_pruned_by_partition + planned->metrics.data_files_pruned_by_metrics;
  }
  for (const auto& task : tasks) {
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
  return tasks;
}

Result<ScanFile> OpenScanFile(const PlanNode& plan, ExecutionContext& context, const iceberg::FileScanTask& task,
                              const parquet::ParquetReader& reader) {
  ScanFile file;
  file.task = task;
  const auto& schema = reader.schema();
  bool any_field_id = false;
  for (const auto& column : schema.columns()) any_field_id = any_field_id || column.field_id.has_value();
  file.file_field.assign(plan.scan_columns.size(), -1);
  std::vector<int> fields;
  bool any_read = false;
  for (size_t i = 0; i < plan.scan_columns.size(); ++i) {
    if (!ColumnRead(plan, i)) continue;
    any_read = true;
    auto index = reader.FieldIndexById(plan.scan_columns[i].field_id);
    if (index) {
      file.file_field[i] = *index;
      fields.push_back(*index);
    }
  }
  if (any_read && !any_field_id && reader.num_rows() > 0) {
    return sql::SqlErrorNoLocation(codes::kNotSupported,
                                   "Data files without Iceberg field ids are not supported yet ({})",
                                   task.data_file->file_path);
  }
  std::sort(fields.begin(), fields.end());
  fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
  // Row groups whose statistics cannot match the pushed predicates are skipped.
  std::vector<parquet::ColumnPredicate> predicates;
  for (const ScanPredicate& predicate : plan.scan_predicates) {
    int field = file.file_field[predicate.column];
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
    const SqlType& type = plan.scan_columns[predicate.column].type;
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
  file.row_groups = reader.SelectRowGroups(predicates);
  if (context.scan_statistics) {
    context.scan_statistics->row_groups_read += static_cast<int64_t>(file.row_groups.size());
    context.scan_statistics->row_groups_skipped += reader.num_row_groups() - static_cast<int64_t>(file.row_groups.size());
  }
  for (int group : file.row_groups) {
    int64_t rows = reader.metadata().row_groups[group].num_rows;
    file.row_group_rows.push_back(rows);
    // Nothing to read from this file (count(*), or only columns it lacks): row counts only.
    if (fields.empty()) file.rows_only += rows;
  }
  file.fields = std::move(fields);
  return file;
}

Batch RowsOnlyBatch(const PlanNode& plan, int64_t rows) {
  Batch batch;
  batch.num_rows = rows;
  batch.columns.assign(plan.scan_columns.size(), nullptr);
  // Columns the file lacks read as NULL.
  for (size_t i = 0; i < plan.scan_columns.size(); ++i) {
    if (ColumnRead(plan, i)) batch.columns[i] = ConstantVector(plan.scan_columns[i].type, Value::Null(), rows);
  }
  return batch;
}

Status MapScanColumns(const PlanNode& plan, const ScanFile& file, const Batch& raw, Batch* batch) {
  *batch = Batch();
  batch->num_rows = raw.num_rows;
  batch->columns.assign(plan.scan_columns.size(), nullptr);
  for (size_t i = 0; i < plan.scan_columns.size(); ++i) {
    if (!ColumnRead(plan, i)) continue;
    const SqlType& type = plan.scan_columns[i].type;
    int field = file.file_field[i];
    if (field < 0) {
      batch->columns[i] = ConstantVector(type, Value::Null(), raw.num_rows);
      continue;
    }
    size_t position = static_cast<size_t>(std::find(file.fields.begin(), file.fields.end(), field) - file.fields.begin());
    if (position >= raw.columns.size()) {
      return sql::SqlErrorNoLocation(codes::kGenericInternalError, "projected field {} missing from the batch", field);
    }
    batch->columns[i] = Conform(raw.columns[position], type);
  }
  return Status::OK();
}

namespace {

class TableScanOperator final : public Operator {
 public:
  TableScanOperator(PlanPtr plan, ExecutionContext& context) : plan_(std::move(plan)), context_(context) {}

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!planned_) {
      planned_ = true;
      FLOE_ASSIGN_OR_RETURN(tasks_, PlanScanFiles(*plan_, context_));
    }
    while (true) {
      if (rows_only_left_ > 0) {
        int64_t rows = std::min<int64_t>(rows_only_left_, columnar::kDefaultBatchRows);
        rows_only_left_ -= rows;
        *batch = RowsOnlyBatch(*plan_, rows);
        return true;
      }
      if (batches_) {
        Batch raw;
        FLOE_ASSIGN_OR_RETURN(bool more, batches_->Next(&raw));
        if (more) {
          FLOE_RETURN_IF_ERROR(MapScanColumns(*plan_, file_, raw, batch));
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
  Status OpenFile(const iceberg::FileScanTask& task) {
    FLOE_ASSIGN_OR_RETURN(reader_, parquet::ParquetReader::Open(*context_.file_io, task.data_file->file_path));
    FLOE_ASSIGN_OR_RETURN(file_, OpenScanFile(*plan_, context_, task, *reader_));
    if (file_.row_groups.empty()) return Status::OK();
    if (file_.fields.empty()) {
      rows_only_left_ = file_.rows_only;
      if (context_.scan_statistics) context_.scan_statistics->rows_read += file_.rows_only;
      return Status::OK();
    }
    FLOE_ASSIGN_OR_RETURN(batches_, reader_->ReadRowGroups(file_.row_groups, file_.fields));
    return Status::OK();
  }

  PlanPtr plan_;
  ExecutionContext& context_;
  bool planned_ = false;
  std::vector<iceberg::FileScanTask> tasks_;
  size_t next_task_ = 0;
  std::unique_ptr<parquet::ParquetReader> reader_;
  std::unique_ptr<parquet::BatchReader> batches_;
  ScanFile file_;
  int64_t rows_only_left_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeTableScanOperator(PlanPtr plan, ExecutionContext& context) {
  return std::make_unique<TableScanOperator>(std::move(plan), context);
}

}  // namespace floe::engine::detail
