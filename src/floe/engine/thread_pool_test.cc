#include "floe/engine/thread_pool.h"

#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

namespace floe::engine {
namespace {

TEST(ThreadPoolExecutorTest, RunsEveryTask) {
  ThreadPoolExecutor executor(3);
  EXPECT_EQ(executor.parallelism(), 3);
  std::atomic<int> sum{0};
  std::vector<std::function<Status()>> tasks;
  for (int i = 1; i <= 100; ++i) {
    tasks.push_back([&sum, i] {
      sum += i;
      return Status::OK();
    });
  }
  ASSERT_TRUE(executor.Run(std::move(tasks)).ok());
  EXPECT_EQ(sum.load(), 5050);
  EXPECT_TRUE(executor.Run({}).ok());
}

TEST(ThreadPoolExecutorTest, DefaultsToTheMachinesThreads) {
  ThreadPoolExecutor executor;
  EXPECT_EQ(executor.parallelism(), static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

TEST(ThreadPoolExecutorTest, FirstErrorEndsTheRunAndSkipsTasksNotStarted) {
  ThreadPoolExecutor executor(1);  // one worker: tasks run in order
  std::atomic<int> ran{0};
  std::vector<std::function<Status()>> tasks;
  for (int i = 0; i < 10; ++i) {
    tasks.push_back([&ran, i]() -> Status {
      ++ran;
      if (i == 3) return Status(ErrorKind::kInternal, "morsel 3 is corrupt");
      return Status::OK();
    });
  }
  Status status = executor.Run(std::move(tasks));
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.ToString().find("morsel 3 is corrupt"), std::string::npos);
  EXPECT_EQ(ran.load(), 4);
  // The pool still works after an error.
  std::atomic<bool> later{false};
  EXPECT_TRUE(executor.Run({[&] {
                later = true;
                return Status::OK();
              }}).ok());
  EXPECT_TRUE(later.load());
}

TEST(ThreadPoolExecutorTest, RunsFromSeveralThreadsAtOnce) {
  ThreadPoolExecutor executor(2);
  std::atomic<int> count{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < 4; ++c) {
    callers.emplace_back([&] {
      std::vector<std::function<Status()>> tasks;
      for (int i = 0; i < 50; ++i) {
        tasks.push_back([&] {
          ++count;
          return Status::OK();
        });
      }
      EXPECT_TRUE(executor.Run(std::move(tasks)).ok());
    });
  }
  for (auto& caller : callers) caller.join();
  EXPECT_EQ(count.load(), 200);
}

TEST(ThreadPoolExecutorTest, DestructorFinishesQueuedTasksAndJoins) {
  std::atomic<int> ran{0};
  {
    ThreadPoolExecutor executor(2);
    for (int i = 0; i < 20; ++i) {
      executor.Schedule([&ran] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ++ran;
      });
    }
  }
  EXPECT_EQ(ran.load(), 20);
}

TEST(SequentialExecutorTest, ScheduleRunsRightAway) {
  SequentialExecutor executor;
  bool ran = false;
  executor.Schedule([&] { ran = true; });
  EXPECT_TRUE(ran);
  EXPECT_EQ(executor.parallelism(), 1);
}

}  // namespace
}  // namespace floe::engine
