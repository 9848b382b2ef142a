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

bool ColumnRead(const PlanNode& plan, size_t i) { return plan.column_read.empty() || plan.column_read[i]; }

}  // namespace

Result<PlannedScan> PlanScanFiles(const PlanNode& plan, ExecutionContext& context) {
  iceberg::TableScan scan(context.file_io, plan.metadata);
  if (plan.snapshot.snapshot_id) scan.UseSnapshot(*plan.snapshot.snapshot_id);
  if (plan.snapshot.ref) scan.UseRef(*plan.snapshot.ref);
  if (plan.snapshot.as_of_timestamp_ms) scan.AsOfTime(*plan.snapshot.as_of_timestamp_ms);
  iceberg::ExpressionPtr filter = IcebergFilterOf(plan);
  if (!MetricsPruningAllowed(*plan.metadata)) filter = nullptr;
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
  PlannedScan out;
  out.tasks = std::move(planned->tasks);
  out.schema = planned->schema ? planned->schema : plan.metadata->CurrentSchema();
  FLOE_ASSIGN_OR_RETURN(out.name_mapping, TableNameMapping(*plan.metadata));
  if (context.scan_statistics) {
    context.scan_statistics->files_planned += static_cast<int64_t>(out.tasks.size());
    context.scan_statistics->files_pruned +=
        planned->metrics.data_files_pruned_by_partition + planned->metrics.data_files_pruned_by_metrics;
  }
  std::vector<std::string> files_with_deletes;
  for (const auto& task : out.tasks) {
    if (task.data_file->file_format != iceberg::FileFormat::kParquet) {
      return sql::SqlErrorNoLocation(codes::kNotSupported, "Data file format {} is not supported ({})",
                                     iceberg::FileFormatName(task.data_file->file_format), task.data_file->file_path);
    }
    if (!task.delete_files.empty()) files_with_deletes.push_back(task.data_file->file_path);
  }
  if (!files_with_deletes.empty()) {
    out.delete_loader = std::make_shared<DeleteFileLoader>(context.file_io, out.schema, context.memory);
    out.delete_loader->RestrictToDataFiles(files_with_deletes);
  }
  return out;
}

namespace {

// The table's field of a nested scan column (its struct fields give the
// order of the column's children), or null for primitive columns.
// The newest schema whose field has the scan column's SQL type wins (time
// travel scans read with an older schema).
const iceberg::NestedField* NestedFieldOf(const PlanNode& plan, size_t column) {
  const ScanColumn& scan_column = plan.scan_columns[column];
  if (scan_column.type.kind != SqlTypeKind::kArray && scan_column.type.kind != SqlTypeKind::kMap &&
      scan_column.type.kind != SqlTypeKind::kRow) {
    return nullptr;
  }
  const iceberg::NestedField* fallback = nullptr;
  const auto& schemas = plan.metadata->schemas;
  for (auto schema = schemas.rbegin(); schema != schemas.rend(); ++schema) {
    const iceberg::NestedField* field = (*schema)->FindField(scan_column.field_id);
    if (!field || !field->type->is_nested()) continue;
    if (!fallback) fallback = field;
    auto type = SqlTypeOfIceberg(*field->type, field->name);
    if (type.ok() && *type == scan_column.type) return field;
  }
  return fallback;
}

}  // namespace

Result<ScanFile> OpenScanFile(const PlanNode& plan, ExecutionContext& context, const PlannedScan& scan,
                              const iceberg::FileScanTask& task, const parquet::ParquetReader& reader) {
  ScanFile file;
  file.task = task;
  file.table_schema = scan.schema;
  const auto& schema = reader.schema();
  if (!task.delete_files.empty() && scan.delete_loader) {
    FLOE_ASSIGN_OR_RETURN(file.delete_filter, scan.delete_loader->FilterFor(task));
    if (file.delete_filter && file.delete_filter->empty()) file.delete_filter.reset();
  }
  // Top-level fields by table field id: the file's ids, else the table's name mapping.
  file.file_field_ids = FileFieldIds(schema, scan.name_mapping.get());
  file.file_field.assign(plan.scan_columns.size(), -1);
  file.constants.assign(plan.scan_columns.size(), Value::Null());
  std::vector<int> fields;
  for (size_t i = 0; i < plan.scan_columns.size(); ++i) {
    if (!ColumnRead(plan, i)) continue;
    int index = FileFieldOf(file.file_field_ids, plan.scan_columns[i].field_id);
    if (index >= 0) {
      file.file_field[i] = index;
      fields.push_back(index);
    } else {
      // Absent from the file: an identity partition value, else the initial default, else NULL.
      file.constants[i] = MissingColumnValue(*plan.metadata, *scan.schema, task, plan.scan_columns[i].field_id,
                                             plan.scan_columns[i].type);
    }
  }
  if (file.delete_filter) {
    for (int32_t id : file.delete_filter->equality_field_ids()) {
      int index = FileFieldOf(file.file_field_ids, id);
      if (index >= 0) fields.push_back(index);
    }
    // Deleted positions need row positions: read the cheapest column.
    if (fields.empty() && !schema.fields().empty()) fields.push_back(CheapestFileField(reader));
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

Batch RowsOnlyBatch(const PlanNode& plan, const ScanFile& file, int64_t rows) {
  Batch batch;
  batch.num_rows = rows;
  batch.columns.assign(plan.scan_columns.size(), nullptr);
  // Columns the file lacks read as their constant (identity partition value, initial-default or NULL).
  for (size_t i = 0; i < plan.scan_columns.size(); ++i) {
    if (ColumnRead(plan, i)) batch.columns[i] = ConstantVector(plan.scan_columns[i].type, file.constants[i], rows);
  }
  return batch;
}

namespace {

// The batch's vector of table field `field_id` in `type` (a constant when the file lacks it).
Result<VectorPtr> ColumnOfField(const PlanNode& plan, const ScanFile& file, const Batch& raw, int32_t field_id,
                                const SqlType& type) {
  int field = FileFieldOf(file.file_field_ids, field_id);
  if (field < 0) {
    return ConstantVector(type, MissingColumnValue(*plan.metadata, *file.table_schema, file.task, field_id, type),
                          raw.num_rows);
  }
  size_t position = static_cast<size_t>(std::find(file.fields.begin(), file.fields.end(), field) - file.fields.begin());
  if (position >= raw.columns.size()) {
    return sql::SqlErrorNoLocation(codes::kGenericInternalError, "projected field {} missing from the batch", field);
  }
  return Conform(raw.columns[position], type);
}

// Sets the batch's selection to the rows the file's delete files leave (an
// empty selection when none is left).
Status ApplyDeletes(const PlanNode& plan, const ScanFile& file, const Batch& raw, int64_t file_row_position,
                    Batch* batch) {
  auto column_of = [&](int32_t field_id) -> Result<VectorPtr> {
    const iceberg::NestedField* field = file.table_schema->FindField(field_id);
    if (field == nullptr) return VectorPtr();
    FLOE_ASSIGN_OR_RETURN(SqlType type, SqlTypeOfIceberg(*field->type, field->name));
    return ColumnOfField(plan, file, raw, field_id, type);
  };
  FLOE_ASSIGN_OR_RETURN(std::vector<uint32_t> live,
                        file.delete_filter->LiveRows(file_row_position, raw.num_rows, column_of));
  if (static_cast<int64_t>(live.size()) < raw.num_rows) {
    auto selection = std::make_shared<columnar::SelectionVector>();
    selection->rows = std::move(live);
    batch->selection = std::move(selection);
  }
  return Status::OK();
}

}  // namespace

Status MapScanColumns(const PlanNode& plan, const ScanFile& file, const Batch& raw, int64_t file_row_position,
                      Batch* batch) {
  *batch = Batch();
  batch->num_rows = raw.num_rows;
  batch->columns.assign(plan.scan_columns.size(), nullptr);
  for (size_t i = 0; i < plan.scan_columns.size(); ++i) {
    if (!ColumnRead(plan, i)) continue;
    const SqlType& type = plan.scan_columns[i].type;
    int field = file.file_field[i];
    if (field < 0) {
      batch->columns[i] = ConstantVector(type, file.constants[i], raw.num_rows);
      continue;
    }
    size_t position = static_cast<size_t>(std::find(file.fields.begin(), file.fields.end(), field) - file.fields.begin());
    if (position >= raw.columns.size()) {
      return sql::SqlErrorNoLocation(codes::kGenericInternalError, "projected field {} missing from the batch", field);
    }
    batch->columns[i] = Conform(raw.columns[position], type);
    if (const iceberg::NestedField* nested = NestedFieldOf(plan, i)) {
      batch->columns[i] = AlignNestedFields(batch->columns[i], *nested->type);
    }
  }
  if (file.delete_filter) FLOE_RETURN_IF_ERROR(ApplyDeletes(plan, file, raw, file_row_position, batch));
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
      FLOE_ASSIGN_OR_RETURN(scan_, PlanScanFiles(*plan_, context_));
    }
    while (true) {
      if (rows_only_left_ > 0) {
        int64_t rows = std::min<int64_t>(rows_only_left_, columnar::kDefaultBatchRows);
        rows_only_left_ -= rows;
        *batch = RowsOnlyBatch(*plan_, file_, rows);
        return true;
      }
      if (batches_) {
        Batch raw;
        FLOE_ASSIGN_OR_RETURN(bool more, batches_->Next(&raw));
        if (more) {
          FLOE_RETURN_IF_ERROR(MapScanColumns(*plan_, file_, raw, batches_->file_row_position(), batch));
          if (context_.scan_statistics) context_.scan_statistics->rows_read += batch->num_rows;
          if (batch->live_rows() == 0) continue;  // every row deleted
          return true;
        }
        batches_.reset();
        reader_.reset();
      }
      if (next_task_ >= scan_.tasks.size()) return false;
      FLOE_RETURN_IF_ERROR(OpenFile(scan_.tasks[next_task_++]));
    }
  }

 private:
  Status OpenFile(const iceberg::FileScanTask& task) {
    FLOE_ASSIGN_OR_RETURN(reader_, parquet::ParquetReader::Open(*context_.file_io, task.data_file->file_path));
    FLOE_ASSIGN_OR_RETURN(file_, OpenScanFile(*plan_, context_, scan_, task, *reader_));
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
  PlannedScan scan_;
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
