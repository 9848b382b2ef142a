// Queries on the engine's thread pool: morsel-parallel scans under
// aggregation, joins, sorts and limits give the answers of a sequential run;
// errors, cancellation, early stops and the memory limit work with workers.
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "floe/engine/engine.h"
#include "floe/engine/test_support.h"
#include "floe/sql/error.h"

namespace floe::engine {
namespace {

constexpr int kFiles = 12;
constexpr int kRowsPerFile = 500;

class ParallelExecutionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("floe-parallel-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_ / "warehouse");
    auto store = catalog::OpenCatalogStore((directory_ / "catalog.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto file_io = io::FileIOForLocation((directory_ / "warehouse").string());
    ASSERT_TRUE(file_io.ok());
    catalog::CatalogOptions options;
    options.warehouse = (directory_ / "warehouse").string();
    auto catalog = std::make_shared<catalog::Catalog>(*store, *file_io, options);
    EngineOptions engine_options;
    engine_options.worker_threads = 4;  // parallel whatever the machine
    engine_ = std::make_unique<Engine>(catalog, *file_io, engine_options);
    Run("CREATE SCHEMA s");
    session_.schema = "s";
    // One file per insert: kFiles morsels.
    Run("CREATE TABLE t (id bigint, k integer, name varchar, price decimal(12, 2))");
    for (int f = 0; f < kFiles; ++f) {
      std::string values;
      for (int r = 0; r < kRowsPerFile; ++r) {
        int id = f * kRowsPerFile + r;
        std::string name = id % 7 == 0 ? "NULL" : fmt::format("'n{}'", id % 13);
        values += fmt::format("{}({}, {}, {}, {}.{:02d})", r ? ", " : "", id, id % 10, name, id % 100, id % 37);
      }
      Run("INSERT INTO t VALUES " + values);
    }
  }
  void TearDown() override {
    engine_.reset();
    std::filesystem::remove_all(directory_);
  }

  // Rows as "a|b|c" strings.
  std::vector<std::string> Run(const std::string& sql) {
    auto result = engine_->Execute(session_, sql);
    EXPECT_TRUE(result.ok()) << sql << " -> " << result.status().ToString();
    if (!result.ok()) return {};
    auto read = ResultRows(**result);
    EXPECT_TRUE(read.ok()) << sql << " -> " << read.status().ToString();
    std::vector<std::string> rows = read.ok() ? std::move(*read) : std::vector<std::string>{};
    return rows;
  }

  sql::QueryError Fail(const std::string& sql) {
    auto result = engine_->Execute(session_, sql);
    Status status = result.status();
    if (result.ok()) {
      columnar::Batch batch;
      while (true) {
        auto more = (*result)->Next(&batch);
        if (!more.ok()) {
          status = more.status();
          break;
        }
        if (!*more) break;
      }
    }
    EXPECT_FALSE(status.ok()) << sql;
    sql::QueryError error = sql::DescribeError(status);
    EXPECT_NE(error.error_name, "GENERIC_INTERNAL_ERROR") << sql << " -> " << status.ToString();
    return error;
  }

  // The answer with all workers and with one thread.
  void ExpectSameAsSequential(const std::string& sql) {
    session_.query_max_parallelism = 0;
    auto parallel = Run(sql);
    session_.query_max_parallelism = 1;
    auto sequential = Run(sql);
    session_.query_max_parallelism = 0;
    EXPECT_EQ(parallel, sequential) << sql;
    EXPECT_FALSE(parallel.empty()) << sql;
  }

  std::filesystem::path directory_;
  std::unique_ptr<Engine> engine_;
  Session session_;
};

TEST_F(ParallelExecutionTest, AnswersMatchTheSequentialRun) {
  // Scan order is kept, so even unordered answers are identical.
  ExpectSameAsSequential("SELECT id, k, name, price FROM t");
  ExpectSameAsSequential("SELECT id * 2, upper(name) FROM t WHERE k IN (1, 3) AND price > 10");
  ExpectSameAsSequential("SELECT k, count(*), count(name), sum(price), avg(price), min(name), max(id) FROM t GROUP BY k ORDER BY k");
  ExpectSameAsSequential("SELECT name, count(DISTINCT k), sum(id) FROM t GROUP BY name ORDER BY name NULLS FIRST");
  ExpectSameAsSequential("SELECT a.id, b.id FROM t a JOIN t b ON a.id = b.id + 1 AND a.k = 0 ORDER BY a.id");
  ExpectSameAsSequential("SELECT id, price FROM t ORDER BY price DESC, id LIMIT 7");
  ExpectSameAsSequential("SELECT count(*) FROM t");
  // Partial aggregations per morsel, merged: every accumulator kind, and groups in first-seen order.
  ExpectSameAsSequential(
      "SELECT name, bool_and(k < 5), bool_or(k = 9), count_if(k = 1), min(price), max(price), min(k * 1.5e0), "
      "max(id * 1.5e0), sum(k), avg(k) FROM t GROUP BY name");
  EXPECT_EQ(Run("SELECT count(*), sum(id), max(name), bool_and(k = 1) FROM t WHERE k > 100"),
            std::vector<std::string>{"0|NULL|NULL|NULL"});
  EXPECT_EQ(Run("SELECT count(*), sum(id) FROM t"),
            std::vector<std::string>{fmt::format("{}|{}", kFiles * kRowsPerFile,
                                                 int64_t{kFiles * kRowsPerFile} * (kFiles * kRowsPerFile - 1) / 2)});
}

TEST_F(ParallelExecutionTest, HighCardinalityGroupsPassThroughThePartialAggregation) {
  // 50,000 rows in one file: after 20,000 rows of a morsel with nearly one
  // group per row, the partial aggregation keeps the rest as batches.
  std::string a, c;
  for (int i = 0; i < 200; ++i) a += fmt::format("{}({})", i ? ", " : "", i);
  for (int i = 0; i < 250; ++i) c += fmt::format("{}({})", i ? ", " : "", i);
  Run(fmt::format("CREATE TABLE u AS SELECT a.x * 250 + c.y AS id FROM (VALUES {}) a (x) CROSS JOIN (VALUES {}) c (y)", a, c));
  ExpectSameAsSequential("SELECT id % 30000, count(*), sum(id), min(id) FROM u GROUP BY id % 30000");
  EXPECT_EQ(Run("SELECT count(*), sum(n) FROM (SELECT id % 30000 AS g, count(*) AS n FROM u GROUP BY id % 30000)"),
            std::vector<std::string>{"30000|50000"});
}

TEST_F(ParallelExecutionTest, JoinsKeepOuterSemantics) {
  ExpectSameAsSequential(
      "SELECT a.id, b.name FROM t a LEFT JOIN (SELECT * FROM t WHERE k = 1) b ON a.id = b.id ORDER BY a.id LIMIT 20");
  EXPECT_EQ(Run("SELECT count(*), count(b.id) FROM t a FULL JOIN (VALUES 1, 2, -5) b (id) ON a.id = b.id"),
            std::vector<std::string>{fmt::format("{}|3", kFiles * kRowsPerFile + 1)});
  // NULL keys never match.
  EXPECT_EQ(Run("SELECT count(*) FROM t a JOIN t b ON a.name = b.name AND a.id = b.id"),
            std::vector<std::string>{fmt::format("{}", kFiles * kRowsPerFile - (kFiles * kRowsPerFile + 6) / 7)});
}

TEST_F(ParallelExecutionTest, LimitStopsEarlyAndTheEngineStaysUsable) {
  ExpectSameAsSequential("SELECT id FROM t LIMIT 3");
  EXPECT_EQ(Run("SELECT id FROM t LIMIT 3").size(), 3u);
  for (int i = 0; i < 20; ++i) {
    // Results dropped after their first batch, with morsels still in flight.
    auto result = engine_->Execute(session_, "SELECT id, name FROM t WHERE k < 9");
    ASSERT_TRUE(result.ok());
    columnar::Batch batch;
    auto more = (*result)->Next(&batch);
    ASSERT_TRUE(more.ok());
    EXPECT_TRUE(*more);
  }
  EXPECT_EQ(Run("SELECT count(*) FROM t WHERE k = 3"), std::vector<std::string>{fmt::format("{}", kFiles * kRowsPerFile / 10)});
}

TEST_F(ParallelExecutionTest, AnErrorInOneMorselEndsTheQuery) {
  // Only the last file has id 5999: division by zero in its morsel.
  auto error = Fail(fmt::format("SELECT 10 / (id - {}) FROM t", kFiles * kRowsPerFile - 1));
  EXPECT_EQ(error.error_name, "DIVISION_BY_ZERO");
  error = Fail(fmt::format("SELECT k, sum(10 / (id - {})) FROM t GROUP BY k", kFiles * kRowsPerFile / 2));
  EXPECT_EQ(error.error_name, "DIVISION_BY_ZERO");
  EXPECT_EQ(Run("SELECT count(*) FROM t"), std::vector<std::string>{fmt::format("{}", kFiles * kRowsPerFile)});
}

TEST_F(ParallelExecutionTest, CancelStopsTheWorkers) {
  auto result = engine_->Execute(session_, "SELECT id FROM t WHERE k <> 11");
  ASSERT_TRUE(result.ok());
  columnar::Batch batch;
  auto more = (*result)->Next(&batch);
  ASSERT_TRUE(more.ok());
  (*result)->Cancel();
  while (more.ok() && *more) more = (*result)->Next(&batch);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(sql::DescribeError(more.status()).error_name, "USER_CANCELED");
}

TEST_F(ParallelExecutionTest, MemoryLimitDuringAggregationAndJoinBuild) {
  session_.query_max_memory_bytes = 256 * 1024;
  auto error = Fail("SELECT id, name, count(*) FROM t GROUP BY id, name");
  EXPECT_EQ(error.error_name, "EXCEEDED_LOCAL_MEMORY_LIMIT");
  error = Fail("SELECT a.id, b.name, b.price FROM t a JOIN t b ON a.id = b.id");  // both sides are all of t
  EXPECT_EQ(error.error_name, "EXCEEDED_LOCAL_MEMORY_LIMIT");
  error = Fail("SELECT count(DISTINCT id) FROM t");
  EXPECT_EQ(error.error_name, "EXCEEDED_LOCAL_MEMORY_LIMIT");
  EXPECT_EQ(Run("SELECT count(*) FROM t a JOIN t b ON a.k = b.k"), std::vector<std::string>{"3600000"});
  error = Fail("SELECT count(DISTINCT id) FROM t");
  EXPECT_EQ(error.error_name, "EXCEEDED_LOCAL_MEMORY_LIMIT");
  // Within the limit, the same engine answers.
  EXPECT_EQ(Run("SELECT count(*) FROM t WHERE k = 0"), std::vector<std::string>{fmt::format("{}", kFiles * kRowsPerFile / 10)});
  session_.query_max_memory_bytes = 0;
  EXPECT_EQ(Run("SELECT count(DISTINCT id) FROM t"), std::vector<std::string>{fmt::format("{}", kFiles * kRowsPerFile)});
}

TEST_F(ParallelExecutionTest, ConcurrentQueriesShareThePool) {
  std::vector<std::thread> clients;
  std::atomic<int> wrong{0};
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      Session session = session_;
      for (int i = 0; i < 5; ++i) {
        auto result = engine_->Execute(session, fmt::format("SELECT count(*), sum(id) FROM t WHERE k = {}", c));
        if (!result.ok()) {
          ++wrong;
          continue;
        }
        columnar::Batch batch;
        auto more = (*result)->Next(&batch);
        if (!more.ok() || !*more || batch.num_rows != 1) ++wrong;
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace floe::engine
