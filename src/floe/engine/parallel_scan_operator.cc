// The morsel-parallel table scan (see operators.h for the contract).
//
// The consumer (the query's thread, in Next) plans the files, opens each
// file's footer when it needs more morsels (OpenScanFile: field mapping and
// row-group pruning) and keeps up to 2 x parallelism morsels in flight. A
// morsel is a range of kMorselRows rows of a selected row group of one file
// (the reader jumps to its first page through the offset index; rows before
// it inside that page are decoded and dropped, none for floe's files, whose
// pages hold 20,000 rows); its task runs on the
// executor's workers: it opens its own reader, reads the row group batch by
// batch (MapScanColumns, the scan's per-batch step), and runs the filters
// and projections of the plan above the scan on each batch. Results go to
// the morsel's slot; the consumer takes slots in morsel order, so the output
// order is the sequential scan's.
//
// Bounded buffering without blocking a worker: a task that has
// kSlotBatches batches waiting in its slot parks (returns, keeping its
// reader), and the consumer schedules it again once it drains the slot. So
// workers never wait for the consumer, and a shared pool cannot deadlock
// whatever the consumers do. Buffered batches are reserved with the query's
// MemoryTracker.
//
// Stopping: cancellation and errors are seen by the tasks between batches;
// the first error is the query's. The destructor (LIMIT done, result
// dropped) tells the tasks to stop and waits until every task it scheduled
// has returned, so no task touches the context after the operator is gone.
#include "floe/engine/operator_internal.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

#include "floe/sql/error.h"

namespace floe::engine::detail {

namespace codes = sql::error_codes;
using columnar::Batch;

namespace {

constexpr size_t kSlotBatches = 8;
// Rows of a row group per morsel: a multiple of the 20,000-row pages floe
// writes (parquet::WriterOptions::page_row_limit), so morsels of floe's files
// start on page boundaries and skip the pages before them unread.
constexpr int64_t kMorselRows = 100000;

// State shared by the consumer and the morsel tasks.
struct ScanShared {
  std::mutex mutex;
  std::condition_variable changed;
  int outstanding = 0;  // tasks scheduled and not returned
  bool stop = false;
  Status error = Status::OK();  // the first error of any morsel
};

// One morsel's pipeline and results.
class MorselTask {
 public:
  MorselTask(std::shared_ptr<const ScanFile> file, size_t group_index, parquet::RowRange rows,
             std::vector<PlanPtr> pipeline, ExecutionContext& context, std::shared_ptr<ScanShared> shared,
             std::function<std::unique_ptr<MorselSink>()> make_sink)
      : file_(std::move(file)),
        group_index_(group_index),
        rows_(rows),
        pipeline_(std::move(pipeline)),
        context_(context),
        shared_(std::move(shared)),
        make_sink_(std::move(make_sink)) {}

  // Runs until the morsel is done, its slot is full, or the scan stops.
  // Called on a worker with `outstanding` counting this call.
  void Run() {
    Status status = Step();
    std::lock_guard lock(shared_->mutex);
    if (!status.ok()) {
      if (shared_->error.ok()) shared_->error = status;
      done_ = true;
    }
    running_ = false;
    --shared_->outstanding;
    shared_->changed.notify_all();
  }

  // Under shared->mutex.
  bool done() const { return done_; }
  bool running() const { return running_; }
  std::deque<Batch>& batches() { return batches_; }
  std::unique_ptr<MorselSink>& sink() { return sink_; }
  void set_running() { running_ = true; }

 private:
  Status Step() {
    if (!root_) FLOE_RETURN_IF_ERROR(Open());
    if (make_sink_) return Drain();
    while (true) {
      {
        std::lock_guard lock(shared_->mutex);
        if (shared_->stop || !shared_->error.ok()) {
          done_ = true;
          return Status::OK();
        }
        if (batches_.size() >= kSlotBatches) return Status::OK();  // parked until the consumer drains the slot
      }
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      Batch batch;
      FLOE_ASSIGN_OR_RETURN(bool more, root_->Next(&batch));
      if (more && batch.live_rows() == 0) continue;
      int64_t bytes = more ? BatchBytes(batch) : 0;
      if (bytes > 0 && context_.memory) FLOE_RETURN_IF_ERROR(context_.memory->Reserve(bytes));
      std::lock_guard lock(shared_->mutex);
      if (!more) {
        done_ = true;
        return Status::OK();
      }
      reserved_.push_back(bytes);
      batches_.push_back(std::move(batch));
      shared_->changed.notify_all();
    }
  }

  // Sink mode: every batch of the morsel into the sink, then done.
  Status Drain() {
    std::unique_ptr<MorselSink> sink = make_sink_();
    while (true) {
      {
        std::lock_guard lock(shared_->mutex);
        if (shared_->stop || !shared_->error.ok()) {
          done_ = true;
          return Status::OK();
        }
      }
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
      Batch batch;
      FLOE_ASSIGN_OR_RETURN(bool more, root_->Next(&batch));
      if (!more) break;
      if (batch.live_rows() > 0) FLOE_RETURN_IF_ERROR(sink->Consume(batch));
    }
    std::lock_guard lock(shared_->mutex);
    sink_ = std::move(sink);
    done_ = true;
    return Status::OK();
  }

  // The morsel's source: the batches of one row group (or its row count).
  class Source final : public Operator {
   public:
    Source(MorselTask& task) : task_(task) {}
    Result<bool> Next(Batch* batch) override {
      const ScanFile& file = *task_.file_;
      ExecutionContext& context = task_.context_;
      const PlanNode& scan = *task_.pipeline_.back();
      if (file.fields.empty()) {
        if (rows_left_ <= 0) return false;
        int64_t rows = std::min<int64_t>(rows_left_, columnar::kDefaultBatchRows);
        rows_left_ -= rows;
        *batch = RowsOnlyBatch(scan, file, rows);
        return true;
      }
      Batch raw;
      FLOE_ASSIGN_OR_RETURN(bool more, task_.batches_reader_->Next(&raw));
      if (!more) return false;
      FLOE_RETURN_IF_ERROR(MapScanColumns(scan, file, raw, task_.batches_reader_->file_row_position(), batch));
      if (context.scan_statistics) context.scan_statistics->rows_read += batch->num_rows;
      return true;
    }
    int64_t rows_left_ = 0;

   private:
    MorselTask& task_;
  };

  Status Open() {
    auto source = std::make_unique<Source>(*this);
    if (file_->fields.empty()) {
      source->rows_left_ = rows_.end - rows_.begin;
      if (context_.scan_statistics) context_.scan_statistics->rows_read += source->rows_left_;
    } else {
      FLOE_ASSIGN_OR_RETURN(reader_, parquet::ParquetReader::Open(*context_.file_io, file_->task.data_file->file_path));
      FLOE_ASSIGN_OR_RETURN(batches_reader_, reader_->ReadRows(file_->row_groups[group_index_], {rows_}, file_->fields));
    }
    std::unique_ptr<Operator> root = std::move(source);
    // pipeline_ runs from the top node down to the scan.
    for (size_t i = pipeline_.size() - 1; i-- > 0;) {
      const PlanPtr& node = pipeline_[i];
      root = node->kind == PlanKind::kFilter ? MakeFilterOperator(node, std::move(root), context_)
                                             : MakeProjectOperator(node, std::move(root), context_);
    }
    root_ = std::move(root);
    return Status::OK();
  }

 public:
  // Bytes reserved per buffered batch (front first); under shared->mutex.
  std::deque<int64_t> reserved_;

 private:
  std::shared_ptr<const ScanFile> file_;
  size_t group_index_;
  parquet::RowRange rows_;  // of the row group
  std::vector<PlanPtr> pipeline_;
  ExecutionContext& context_;
  std::shared_ptr<ScanShared> shared_;
  std::unique_ptr<parquet::ParquetReader> reader_;
  std::unique_ptr<parquet::BatchReader> batches_reader_;
  std::unique_ptr<Operator> root_;
  std::function<std::unique_ptr<MorselSink>()> make_sink_;  // set: sink mode
  std::unique_ptr<MorselSink> sink_;                          // sink mode: the done morsel's sink
  std::deque<Batch> batches_;
  bool done_ = false;
  bool running_ = false;
};

class ParallelScanOperator final : public Operator, public MorselSinkScan {
 public:
  ParallelScanOperator(PlanPtr plan, ExecutionContext& context,
                       std::function<std::unique_ptr<MorselSink>()> make_sink = nullptr)
      : context_(context), shared_(std::make_shared<ScanShared>()), make_sink_(std::move(make_sink)) {
    for (PlanPtr node = plan; node; node = node->children.empty() ? nullptr : node->children[0]) {
      pipeline_.push_back(node);
    }
    window_ = static_cast<size_t>(2 * std::max(1, context_.parallelism));
  }

  ~ParallelScanOperator() override {
    std::unique_lock lock(shared_->mutex);
    shared_->stop = true;
    shared_->changed.wait(lock, [&] { return shared_->outstanding == 0; });
    int64_t reserved = 0;
    for (auto& task : in_flight_) {
      for (int64_t bytes : task->reserved_) reserved += bytes;
    }
    if (context_.memory) context_.memory->Release(reserved);
  }

  Result<std::unique_ptr<MorselSink>> NextSink() override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!planned_) {
      planned_ = true;
      FLOE_ASSIGN_OR_RETURN(scan_, PlanScanFiles(*pipeline_.back(), context_));
    }
    FLOE_RETURN_IF_ERROR(StartMorsels());
    if (in_flight_.empty()) return std::unique_ptr<MorselSink>();
    std::shared_ptr<MorselTask> front = in_flight_.front();
    {
      std::unique_lock lock(shared_->mutex);
      while (shared_->error.ok() && !front->done() && !(context_.cancellation && context_.cancellation->canceled())) {
        shared_->changed.wait_for(lock, std::chrono::milliseconds(20));
      }
      if (!shared_->error.ok()) return shared_->error;
    }
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    in_flight_.pop_front();
    std::unique_lock lock(shared_->mutex);
    return std::move(front->sink());
  }

  Result<bool> Next(Batch* batch) override {
    FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    if (!planned_) {
      planned_ = true;
      FLOE_ASSIGN_OR_RETURN(scan_, PlanScanFiles(*pipeline_.back(), context_));
    }
    while (true) {
      FLOE_RETURN_IF_ERROR(StartMorsels());
      if (in_flight_.empty()) return false;
      std::shared_ptr<MorselTask> front = in_flight_.front();
      std::unique_lock lock(shared_->mutex);
      // Cancellation sets no condition: poll it while waiting.
      while (shared_->error.ok() && front->batches().empty() && !front->done() &&
             !(context_.cancellation && context_.cancellation->canceled())) {
        shared_->changed.wait_for(lock, std::chrono::milliseconds(20));
      }
      if (!shared_->error.ok()) return shared_->error;
      if (!front->batches().empty()) {
        *batch = std::move(front->batches().front());
        front->batches().pop_front();
        int64_t bytes = front->reserved_.front();
        front->reserved_.pop_front();
        if (context_.memory) context_.memory->Release(bytes);
        bool resume = !front->done() && !front->running() && front->batches().size() <= kSlotBatches / 2;
        if (resume) MarkRunning(*front);
        lock.unlock();
        if (resume) Launch(front);
        return true;
      }
      if (front->done()) {
        in_flight_.pop_front();
        continue;
      }
      lock.unlock();
      FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
    }
  }

 private:
  // Counts `task` as scheduled; under shared->mutex, before Launch.
  void MarkRunning(MorselTask& task) {
    task.set_running();
    ++shared_->outstanding;
  }
  // Schedules `task` on the executor (not under the mutex: a sequential
  // executor runs it right away).
  void Launch(const std::shared_ptr<MorselTask>& task) {
    context_.executor->Schedule([task] { task->Run(); });
  }

  // Fills the window with morsels of the next files.
  Status StartMorsels() {
    while (in_flight_.size() < window_) {
      while (pending_.empty() && next_file_ < scan_.tasks.size()) {
        const iceberg::FileScanTask& task = scan_.tasks[next_file_++];
        FLOE_RETURN_IF_ERROR(CheckCanceled(context_));
        FLOE_ASSIGN_OR_RETURN(auto reader, parquet::ParquetReader::Open(*context_.file_io, task.data_file->file_path));
        FLOE_ASSIGN_OR_RETURN(ScanFile file, OpenScanFile(*pipeline_.back(), context_, scan_, task, *reader));
        auto shared_file = std::make_shared<const ScanFile>(std::move(file));
        for (size_t group = 0; group < shared_file->row_groups.size(); ++group) {
          int64_t rows = shared_file->row_group_rows[group];
          for (int64_t begin = 0; begin < rows; begin += kMorselRows) {
            parquet::RowRange range{begin, std::min(rows, begin + kMorselRows)};
            pending_.push_back(
                std::make_shared<MorselTask>(shared_file, group, range, pipeline_, context_, shared_, make_sink_));
          }
        }
      }
      if (pending_.empty()) break;
      std::shared_ptr<MorselTask> task = std::move(pending_.front());
      pending_.pop_front();
      in_flight_.push_back(task);
      {
        std::lock_guard lock(shared_->mutex);
        MarkRunning(*task);
      }
      Launch(task);
    }
    return Status::OK();
  }

  ExecutionContext& context_;
  std::shared_ptr<ScanShared> shared_;
  std::function<std::unique_ptr<MorselSink>()> make_sink_;
  std::vector<PlanPtr> pipeline_;  // the top node first, the scan last
  size_t window_ = 2;
  bool planned_ = false;
  PlannedScan scan_;
  size_t next_file_ = 0;
  std::deque<std::shared_ptr<MorselTask>> pending_;    // created, not started
  std::deque<std::shared_ptr<MorselTask>> in_flight_;  // started, in morsel order
};

}  // namespace

std::unique_ptr<Operator> MakeParallelScanOperator(PlanPtr plan, ExecutionContext& context) {
  return std::make_unique<ParallelScanOperator>(std::move(plan), context);
}

std::unique_ptr<MorselSinkScan> MakeParallelSinkScan(PlanPtr plan, ExecutionContext& context,
                                                     std::function<std::unique_ptr<MorselSink>()> make_sink) {
  return std::make_unique<ParallelScanOperator>(std::move(plan), context, std::move(make_sink));
}

}  // namespace floe::engine::detail
