// Shared by the operator implementations (operators.cc and the
// *_operator.cc files); not part of the engine's interface.
//
// Each Make*Operator builds one physical operator for a plan node of its
// kind; BuildOperator (operators.cc) is the only caller.
#pragma once

#include <functional>
#include <memory>

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

// --- The table scan's steps (scan_operator.cc), shared by the sequential
// scan and the morsel-parallel scan (parallel_scan_operator.cc) ---

// One data file of a scan, opened: which of its fields feed which scan
// columns, and which row groups may match the pushed predicates.
struct ScanFile {
  iceberg::FileScanTask task;
  std::vector<int> file_field;          // per scan column: the file's top-level field, -1 if absent
  std::vector<int> fields;              // fields read, ascending (the raw batches' column order)
  std::vector<int> row_groups;          // selected row groups
  std::vector<int64_t> row_group_rows;  // their row counts
  int64_t rows_only = 0;                // `fields` empty: rows of the selected groups (no column to read)
};

// The data files of the scan (partition and metrics pruning), checked to be
// readable (Parquet, no delete files: NOT_SUPPORTED otherwise).
Result<std::vector<iceberg::FileScanTask>> PlanScanFiles(const PlanNode& plan, ExecutionContext& context);
// The per-file step: field mapping and row-group pruning of one opened file.
Result<ScanFile> OpenScanFile(const PlanNode& plan, ExecutionContext& context, const iceberg::FileScanTask& task,
                              const parquet::ParquetReader& reader);
// The per-batch step: a batch of the file's raw columns as the scan's columns.
Status MapScanColumns(const PlanNode& plan, const ScanFile& file, const columnar::Batch& raw, columnar::Batch* batch);
// `rows` rows with no column read (NULL for read columns the file lacks).
columnar::Batch RowsOnlyBatch(const PlanNode& plan, int64_t rows);

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
std::unique_ptr<Operator> MakeSetOperationOperator(PlanPtr plan, std::unique_ptr<Operator> left,
                                                   std::unique_ptr<Operator> right, ExecutionContext& context);

}  // namespace floe::engine::detail
