// ThreadPoolExecutor: the engine's TaskExecutor (operators.h) over a fixed
// pool of worker threads, shared by every query of an Engine.
//
// Contract:
// - Schedule() queues a task; tasks run in FIFO order on the workers. Tasks
//   must not block waiting for other tasks of the pool (morsel tasks only
//   compute and publish their results), so a full pool never deadlocks.
// - Run() runs a list of tasks on the workers and returns when every task
//   has finished or been skipped, with the first error: after an error the
//   tasks not started yet are skipped. Run may be called from any thread
//   that is not one of the pool's workers.
// - The destructor finishes the tasks already queued, then joins the
//   workers; no thread outlives the executor.
// Thread-safe.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "floe/engine/operators.h"

namespace floe::engine {

class ThreadPoolExecutor final : public TaskExecutor {
 public:
  // `threads` <= 0: one per hardware thread of the machine.
  explicit ThreadPoolExecutor(int threads = 0);
  ~ThreadPoolExecutor() override;
  ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;

  Status Run(std::vector<std::function<Status()>> tasks) override;
  void Schedule(std::function<void()> task) override;
  int parallelism() const override { return static_cast<int>(workers_.size()); }

 private:
  void Work();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace floe::engine
