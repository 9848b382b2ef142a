// Physical operators: the executable form of a logical plan, pulling
// columnar batches (floe::columnar) from their inputs.
//
// Contract:
// - Operator::Next fills `batch` with the next rows and returns true, or
//   returns false at the end. Batches may carry a selection vector (Filter
//   sets one); every operator reads its input through LiveRows().
// - Every Next checks the query's cancellation token first and returns
//   USER_CANCELED ("Query was canceled") once it is set.
// - Buffering operators (hash aggregation, sort, hash join builds, the
//   parallel scan's buffered morsel output) account their memory with
//   the query's MemoryTracker and fail with EXCEEDED_LOCAL_MEMORY_LIMIT
//   beyond the limit, never by crashing.
// - The table scan plans its files with iceberg::TableScan (partition and
//   metrics pruning), skips Parquet row groups whose statistics cannot
//   match, reads only the needed columns by field id (columns missing from
//   a file, added later, read as NULL), and refuses files with deletes
//   (NOT_SUPPORTED) rather than returning deleted rows.
// - Morsel parallelism: with ExecutionContext::parallelism > 1, a table scan
//   and the filters and projections right above it run as a pipeline per
//   morsel (100,000 rows of a row group of a data file) on the TaskExecutor's workers
//   (parallel_scan_operator.cc); at most 2 x parallelism morsels are in
//   flight, and their batches come out in morsel order (the order of the
//   sequential scan). An error in a morsel ends the query with that error;
//   cancellation and an early stop (LIMIT, a dropped result) stop the
//   workers between batches, and the operator waits for its running
//   morsels before it is destroyed. A hash aggregation over such a pipeline
//   (no DISTINCT) runs a partial aggregation per morsel on the workers and
//   merges them in morsel order.
// Operators are single-threaded objects (the morsel pipelines are built
// per morsel, on the worker running it); one tree per query.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>

#include "floe/columnar/vector.h"
#include "floe/common/result.h"
#include "floe/engine/plan.h"
#include "floe/io/file_io.h"

namespace floe::engine {

// Set from any thread to stop a query between batches.
class CancellationToken {
 public:
  void Cancel() { canceled_.store(true, std::memory_order_relaxed); }
  bool canceled() const { return canceled_.load(std::memory_order_relaxed); }

 private:
  std::atomic<bool> canceled_{false};
};

// Bytes held by a query's buffering operators, against its limit (0: none).
// Thread-safe.
class MemoryTracker {
 public:
  explicit MemoryTracker(int64_t limit_bytes) : limit_(limit_bytes) {}
  // Errors: EXCEEDED_LOCAL_MEMORY_LIMIT when the reservation would pass the limit.
  Status Reserve(int64_t bytes);
  void Release(int64_t bytes);
  int64_t used() const { return used_.load(); }
  int64_t peak() const { return peak_.load(); }

 private:
  int64_t limit_;
  std::atomic<int64_t> used_{0};
  std::atomic<int64_t> peak_{0};
};

// Runs independent units of work (morsels). Implementations may run them on
// several threads; Run returns when all are done, with the first error.
// Schedule queues one task to run later (or now) on some thread.
// ThreadPoolExecutor (thread_pool.h) is the engine's.
class TaskExecutor {
 public:
  virtual ~TaskExecutor() = default;
  virtual Status Run(std::vector<std::function<Status()>> tasks) = 0;
  virtual void Schedule(std::function<void()> task) = 0;
  // How many tasks can run at once.
  virtual int parallelism() const { return 1; }
};

// Runs tasks one after another on the calling thread (Schedule runs the task
// before returning).
class SequentialExecutor final : public TaskExecutor {
 public:
  Status Run(std::vector<std::function<Status()>> tasks) override;
  void Schedule(std::function<void()> task) override { task(); }
};

struct ScanStatistics {
  std::atomic<int64_t> files_planned{0};
  std::atomic<int64_t> files_pruned{0};  // by partition and metrics
  std::atomic<int64_t> row_groups_read{0};
  std::atomic<int64_t> row_groups_skipped{0};
  std::atomic<int64_t> rows_read{0};
};

struct ExecutionContext {
  std::shared_ptr<io::FileIO> file_io;
  EvaluationContext evaluation;
  std::shared_ptr<CancellationToken> cancellation;
  std::shared_ptr<MemoryTracker> memory;
  TaskExecutor* executor = nullptr;
  // Morsels of this query run at once (1: the sequential operators).
  int parallelism = 1;
  ScanStatistics* scan_statistics = nullptr;  // may be null
};

class Operator {
 public:
  virtual ~Operator() = default;
  virtual Result<bool> Next(columnar::Batch* batch) = 0;
};

// Builds the operator tree of an (optimized) plan.
Result<std::unique_ptr<Operator>> BuildOperator(const PlanPtr& plan, ExecutionContext& context);

// A batch with no selection: live rows gathered (as is when already compact).
Result<columnar::Batch> CompactBatch(const columnar::Batch& batch, const std::vector<OutputColumn>& columns);

}  // namespace floe::engine
