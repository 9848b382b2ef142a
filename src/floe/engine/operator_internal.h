// Shared by the operator implementations (operators.cc and the
// *_operator.cc files); not part of the engine's interface.
//
// Each Make*Operator builds one physical operator for a plan node of its
// kind; BuildOperator (operators.cc) is the only caller.
#pragma once

#include <functional>
#include <memory>

#include "floe/engine/delete_filter.h"
#include "floe/engine/operators.h"
#include "floe/iceberg/table_scan.h"
#include "floe/parquet/file_reader.h"

namespace floe::engine::detail {

// USER_CANCELED once the query's token is set.
Status CheckCanceled(const ExecutionContext& context);

// Bytes held by a batch's buffers, for memory accounting.
int64_t BatchBytes(const columnar::Batch& batch);

// A vector converted to the representation of `type` (schema evolution:
// int -> long, float -> double, decimal widening; dictionaries decoded).
std::shared_ptr<columnar::Vector> Conform(std::shared_ptr<columnar::Vector> vector, const SqlType& type);

// A nested column read from a data file with its struct fields matched to
// `type` by Iceberg field id (fields the file lacks read as NULL, fields the
// table dropped are left out), recursively through lists and maps; the
// vector itself when it already matches.
std::shared_ptr<columnar::Vector> AlignNestedFields(std::shared_ptr<columnar::Vector> vector, const iceberg::Type& type);
// --- The table scan's steps (scan_operator.cc), shared by the sequential
// scan and the morsel-parallel scan (parallel_scan_operator.cc) ---

// The data files of one scan, planned (partition and metrics pruning), with
// what every file of it shares: the schema the scan reads, the table's name
// mapping (files without field ids) and the loader of its delete files.
struct PlannedScan {
  std::vector<iceberg::FileScanTask> tasks;
  iceberg::SchemaPtr schema;
  std::shared_ptr<const iceberg::NameMapping> name_mapping;  // null: the table has none
  std::shared_ptr<DeleteFileLoader> delete_loader;           // set when some task has delete files
};

// One data file of a scan, opened: which of its fields feed which scan
// columns, which row groups may match the pushed predicates, and the delete
// files that apply to it.
struct ScanFile {
  iceberg::FileScanTask task;
  iceberg::SchemaPtr table_schema;      // the schema the scan reads
  std::vector<int32_t> file_field_ids;  // per top-level file field: its table field id, -1 if unknown
  std::vector<int> file_field;          // per scan column: the file's top-level field, -1 if absent
  std::vector<Value> constants;         // per scan column the file lacks: its value (partition, initial-default, NULL)
  std::vector<int> fields;              // fields read, ascending (the raw batches' column order)
  std::vector<int> row_groups;          // selected row groups
  std::vector<int64_t> row_group_rows;  // their row counts
  int64_t rows_only = 0;                // `fields` empty: rows of the selected groups (no column to read)
  std::shared_ptr<const DeleteFilter> delete_filter;  // null: no delete applies
};

// The data files of the scan, checked to be readable (Parquet; other formats
// NOT_SUPPORTED). Metrics pruning is off for tables with a name mapping.
Result<PlannedScan> PlanScanFiles(const PlanNode& plan, ExecutionContext& context);
// The per-file step: field mapping (field ids, else the name mapping),
// row-group pruning and the file's delete filter. Thread-compatible: called
// by the scan's consumer thread.
Result<ScanFile> OpenScanFile(const PlanNode& plan, ExecutionContext& context, const PlannedScan& scan,
                              const iceberg::FileScanTask& task, const parquet::ParquetReader& reader);
// The per-batch step: a batch of the file's raw columns as the scan's
// columns, with the rows its delete files remove deselected (an empty
// selection when every row is deleted). `file_row_position`: the file
// position of the raw batch's first row (BatchReader::file_row_position).
Status MapScanColumns(const PlanNode& plan, const ScanFile& file, const columnar::Batch& raw,
                      int64_t file_row_position, columnar::Batch* batch);
// `rows` rows with no column read (the file's constants for read columns it lacks).
columnar::Batch RowsOnlyBatch(const PlanNode& plan, const ScanFile& file, int64_t rows);

// Gathers `count` rows: row i is rows[i] of sources[source[i]], NULL when
// source[i] is kNullSource or that source is null (gather.cc). Errors:
// NOT_SUPPORTED for nested types.
inline constexpr uint32_t kNullSource = UINT32_MAX;
Result<std::shared_ptr<columnar::Vector>> GatherFromVectors(const std::vector<const columnar::Vector*>& sources,
                                                            const SqlType& type, const uint32_t* source,
                                                            const uint32_t* rows, size_t count);

std::unique_ptr<Operator> MakeTableScanOperator(PlanPtr plan, ExecutionContext& context);
// The scan at the bottom of `plan`, with the filters and projections between
// it and `plan`, run per morsel on the executor's workers.
std::unique_ptr<Operator> MakeParallelScanOperator(PlanPtr plan, ExecutionContext& context);
// Takes the batches of one morsel on the worker running it (a partial
// aggregation); not thread-safe, one per morsel.
class MorselSink {
 public:
  virtual ~MorselSink() = default;
  virtual Status Consume(const columnar::Batch& batch) = 0;
};
// A parallel scan whose morsels end in sinks instead of buffered batches.
class MorselSinkScan {
 public:
  virtual ~MorselSinkScan() = default;
  // The sink of the next morsel, in morsel order, once the morsel is done;
  // null after the last. Errors: the first error of any morsel.
  virtual Result<std::unique_ptr<MorselSink>> NextSink() = 0;
};
std::unique_ptr<MorselSinkScan> MakeParallelSinkScan(PlanPtr plan, ExecutionContext& context,
                                                     std::function<std::unique_ptr<MorselSink>()> make_sink);
// True when `plan` is a table scan under only filters and projections.
bool IsScanPipeline(const PlanNode& plan);
std::unique_ptr<Operator> MakeFilterOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context);
std::unique_ptr<Operator> MakeProjectOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context);
std::unique_ptr<Operator> MakeAggregateOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context);
// Parallel hash aggregation: partial aggregations per morsel of the scan
// pipeline below, merged by the operator. Only when CanAggregateInParallel.
bool CanAggregateInParallel(const PlanNode& plan, const ExecutionContext& context);
std::unique_ptr<Operator> MakeParallelAggregateOperator(PlanPtr plan, ExecutionContext& context);
// top_n > 0: keep only the first top_n rows in order (ORDER BY ... LIMIT).
std::unique_ptr<Operator> MakeSortOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context,
                                           int64_t top_n);
std::unique_ptr<Operator> MakeHashJoinOperator(PlanPtr plan, std::unique_ptr<Operator> probe,
                                               std::unique_ptr<Operator> build, ExecutionContext& context);
std::unique_ptr<Operator> MakeWindowOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context);
std::unique_ptr<Operator> MakeSetOperationOperator(PlanPtr plan, std::unique_ptr<Operator> left,
                                                   std::unique_ptr<Operator> right, ExecutionContext& context);
std::unique_ptr<Operator> MakeUnnestOperator(PlanPtr plan, std::unique_ptr<Operator> input, ExecutionContext& context);

}  // namespace floe::engine::detail
