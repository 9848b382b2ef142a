// The Iceberg table scan (see operators.h for its contract).
#include "floe/engine/operator_internal.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "floe/engine/delete_filter.h"
#include "floe/engine/optimizer.h"
#include "floe/engine/scan_file_columns.h"
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
        // Columns the file lacks read as their constant (identity partition value, initial-default or NULL).
        for (size_t i = 0; i < plan_->scan_columns.size(); ++i) {
          if (ColumnRead(i)) batch->columns[i] = ConstantVector(plan_->scan_columns[i].type, constants_[i], rows);
        }
        return true;
      }
      if (batches_) {
        Batch raw;
        FLOE_ASSIGN_OR_RETURN(bool more, batches_->Next(&raw));
        if (more) {
          FLOE_RETURN_IF_ERROR(MapColumns(raw, batch));
          if (context_.scan_statistics) context_.scan_statistics->rows_read += batch->num_rows;
          if (delete_filter_ && !delete_filter_->empty()) {
            FLOE_ASSIGN_OR_RETURN(bool any_live, ApplyDeletes(raw, batch));
            if (!any_live) continue;
          }
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
    if (!MetricsPruningAllowed(*plan_->metadata)) filter = nullptr;
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
    schema_ = planned->schema ? planned->schema : plan_->metadata->CurrentSchema();
    FLOE_ASSIGN_OR_RETURN(name_mapping_, TableNameMapping(*plan_->metadata));
    if (context_.scan_statistics) {
      context_.scan_statistics->files_planned += static_cast<int64_t>(tasks_.size());
      context_.scan_statistics->files_pruned +=
          planned->metrics.data_files_pruned_by_partition + planned->metrics.data_files_pruned_by_metrics;
    }
    std::vector<std::string> files_with_deletes;
    for (const auto& task : tasks_) {
      if (!task.delete_files.empty()) files_with_deletes.push_back(task.data_file->file_path);
    }
    if (!files_with_deletes.empty()) {
      delete_loader_ = std::make_unique<DeleteFileLoader>(context_.file_io, schema_, context_.memory);
      delete_loader_->RestrictToDataFiles(files_with_deletes);
    }
    for (const auto& task : tasks_) {
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
    delete_filter_.reset();
    if (!task.delete_files.empty()) {
      FLOE_ASSIGN_OR_RETURN(delete_filter_, delete_loader_->FilterFor(task));
    }
    bool deletes = delete_filter_ && !delete_filter_->empty();
    // Top-level fields by table field id: the file's ids, else the table's name mapping.
    file_field_ids_ = FileFieldIds(schema, name_mapping_.get());
    file_field_.assign(plan_->scan_columns.size(), -1);
    constants_.assign(plan_->scan_columns.size(), Value::Null());
    std::vector<int> fields;
    for (size_t i = 0; i < plan_->scan_columns.size(); ++i) {
      if (!ColumnRead(i)) continue;
      int index = FileFieldOf(file_field_ids_, plan_->scan_columns[i].field_id);
      if (index >= 0) {
        file_field_[i] = index;
        fields.push_back(index);
      } else {
        // Absent from the file: an identity partition value, else the initial default, else NULL.
        constants_[i] = MissingColumnValue(*plan_->metadata, *schema_, task, plan_->scan_columns[i].field_id,
                                           plan_->scan_columns[i].type);
      }
    }
    if (deletes) {
      for (int32_t id : delete_filter_->equality_field_ids()) {
        int index = FileFieldOf(file_field_ids_, id);
        if (index >= 0) fields.push_back(index);
      }
      // Deleted positions need row positions: read the cheapest column.
      if (fields.empty() && !schema.fields().empty()) fields.push_back(CheapestFileField(*reader_));
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
    if (fields.empty() && !deletes) {
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

  // The batch's vector of table field `field_id` in `type` (a constant when the file lacks it).
  Result<VectorPtr> ColumnOfField(const Batch& raw, int32_t field_id, const SqlType& type) {
    int field = FileFieldOf(file_field_ids_, field_id);
    if (field < 0) {
      return ConstantVector(type, MissingColumnValue(*plan_->metadata, *schema_, tasks_[next_task_ - 1], field_id, type),
                            raw.num_rows);
    }
    size_t position = static_cast<size_t>(std::find(fields_.begin(), fields_.end(), field) - fields_.begin());
    if (position >= raw.columns.size()) {
      return sql::SqlErrorNoLocation(codes::kGenericInternalError, "projected field {} missing from the batch", field);
    }
    return Conform(raw.columns[position], type);
  }

  // Sets the batch's selection to the rows the task's delete files leave; false when none is left.
  Result<bool> ApplyDeletes(const Batch& raw, Batch* batch) {
    auto column_of = [&](int32_t field_id) -> Result<VectorPtr> {
      const iceberg::NestedField* field = schema_->FindField(field_id);
      if (field == nullptr) return VectorPtr();
      FLOE_ASSIGN_OR_RETURN(SqlType type, SqlTypeOfIceberg(*field->type, field->name));
      return ColumnOfField(raw, field_id, type);
    };
    FLOE_ASSIGN_OR_RETURN(std::vector<uint32_t> live,
                          delete_filter_->LiveRows(batches_->file_row_position(), raw.num_rows, column_of));
    if (live.empty()) return false;
    if (static_cast<int64_t>(live.size()) < raw.num_rows) {
      auto selection = std::make_shared<columnar::SelectionVector>();
      selection->rows = std::move(live);
      batch->selection = std::move(selection);
    }
    return true;
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
        batch->columns[i] = ConstantVector(type, constants_[i], raw.num_rows);
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
  std::vector<int32_t> file_field_ids_;  // per top-level file field: its table field id, -1 if unknown
  std::vector<Value> constants_;  // per scan column the file lacks: its value
  iceberg::SchemaPtr schema_;     // the schema the scan reads
  std::shared_ptr<const iceberg::NameMapping> name_mapping_;  // null: the table has none
  std::unique_ptr<DeleteFileLoader> delete_loader_;           // set when some task has delete files
  std::shared_ptr<const DeleteFilter> delete_filter_;         // of the open file
  int64_t rows_only_left_ = 0;
};

}  // namespace

std::unique_ptr<Operator> MakeTableScanOperator(PlanPtr plan, ExecutionContext& context) {
  return std::make_unique<TableScanOperator>(std::move(plan), context);
}

}  // namespace floe::engine::detail
