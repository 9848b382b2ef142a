#include "floe/engine/thread_pool.h"

#include <atomic>
#include <memory>

namespace floe::engine {

ThreadPoolExecutor::ThreadPoolExecutor(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  workers_.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) workers_.emplace_back([this] { Work(); });
}

ThreadPoolExecutor::~ThreadPoolExecutor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& worker : workers_) worker.join();
}

void ThreadPoolExecutor::Schedule(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(task));
  }
  wake_.notify_one();
}

void ThreadPoolExecutor::Work() {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every queued task ran
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

Status ThreadPoolExecutor::Run(std::vector<std::function<Status()>> tasks) {
  struct Shared {
    std::mutex mutex;
    std::condition_variable done;
    size_t remaining = 0;
    Status first_error = Status::OK();
    std::atomic<bool> failed{false};
  };
  auto shared = std::make_shared<Shared>();
  shared->remaining = tasks.size();
  for (auto& task : tasks) {
    Schedule([shared, task = std::move(task)] {
      Status status = Status::OK();
      if (!shared->failed.load()) status = task();
      std::lock_guard lock(shared->mutex);
      if (!status.ok() && shared->first_error.ok()) {
        shared->first_error = status;
        shared->failed.store(true);
      }
      if (--shared->remaining == 0) shared->done.notify_all();
    });
  }
  std::unique_lock lock(shared->mutex);
  shared->done.wait(lock, [&] { return shared->remaining == 0; });
  return shared->first_error;
}

}  // namespace floe::engine
