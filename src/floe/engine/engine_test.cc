#include "floe/engine/engine.h"
#include "floe/engine/test_support.h"

#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "floe/sql/error.h"

namespace floe::engine {
namespace {

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("floe-engine-test-" + std::to_string(::getpid()) + "-" +
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
    engine_ = std::make_unique<Engine>(catalog, *file_io);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  // Rows as "a|b|c" strings.
  std::vector<std::string> Run(const std::string& sql) {
    auto result = engine_->Execute(session_, sql);
    EXPECT_TRUE(result.ok()) << sql << " -> " << result.status().ToString();
    if (!result.ok()) return {};
    auto read = ResultRows(**result);
    EXPECT_TRUE(read.ok()) << sql << " -> " << read.status().ToString();
    std::vector<std::string> rows = read.ok() ? std::move(*read) : std::vector<std::string>{};
    if ((*result)->set_schema()) session_.schema = *(*result)->set_schema();
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
    return sql::DescribeError(status);
  }

  std::filesystem::path directory_;
  std::unique_ptr<Engine> engine_;
  Session session_;
};

TEST_F(EngineTest, CreateInsertSelect) {
  Run("CREATE SCHEMA s");
  Run("USE s");
  Run("CREATE TABLE t (id bigint, name varchar, price decimal(10, 2))");
  EXPECT_EQ(Run("INSERT INTO t VALUES (1, 'a', 1.50), (2, 'b', 2.25), (3, NULL, NULL)"), std::vector<std::string>{"3"});
  EXPECT_EQ(Run("SELECT id, name, price FROM t WHERE id >= 2 ORDER BY id"),
            (std::vector<std::string>{"2|b|2.25", "3|NULL|NULL"}));
  EXPECT_EQ(Run("SELECT count(*), sum(price), avg(id), min(name), max(name) FROM t"),
            (std::vector<std::string>{"3|3.75|2.0|a|b"}));
  EXPECT_EQ(Run("SELECT count(*) FROM t"), std::vector<std::string>{"3"});
}

TEST_F(EngineTest, GroupByHavingOrderLimit) {
  Run("CREATE SCHEMA s");
  session_.schema = "s";
  Run("CREATE TABLE t (k varchar, v integer) WITH (partitioning = ARRAY['k'])");
  Run("INSERT INTO t VALUES ('x', 1), ('y', 2), ('x', 3), ('z', 4), ('y', NULL)");
  EXPECT_EQ(Run("SELECT k, count(v), sum(v) FROM t GROUP BY k HAVING count(*) > 1 ORDER BY k"),
            (std::vector<std::string>{"x|2|4", "y|1|2"}));
  EXPECT_EQ(Run("SELECT k FROM t GROUP BY 1 ORDER BY 1 DESC LIMIT 2"), (std::vector<std::string>{"z", "y"}));
  EXPECT_EQ(Run("SELECT DISTINCT k FROM t ORDER BY k OFFSET 1 LIMIT 1"), (std::vector<std::string>{"y"}));
  EXPECT_EQ(Run("SELECT v FROM t WHERE k = 'x' ORDER BY v NULLS FIRST"), (std::vector<std::string>{"1", "3"}));
}

TEST_F(EngineTest, Errors) {
  Run("CREATE SCHEMA s");
  session_.schema = "s";
  Run("CREATE TABLE t (a integer)");
  auto error = Fail("SELECT b FROM t");
  EXPECT_EQ(error.error_name, "COLUMN_NOT_FOUND");
  EXPECT_EQ(error.message, "line 1:8: Column 'b' cannot be resolved");
  error = Fail("SELECT * FROM nope");
  EXPECT_EQ(error.error_name, "TABLE_NOT_FOUND");
  EXPECT_EQ(error.message, "line 1:15: Table 'iceberg.s.nope' does not exist");
  error = Fail("SELECT 2147483647 + a FROM (VALUES 1) v (a)");
  EXPECT_EQ(error.error_name, "NUMERIC_VALUE_OUT_OF_RANGE");
  EXPECT_EQ(error.message, "integer addition overflow: 2147483647 + 1");  // runtime errors: no position, as in Trino
  error = Fail("SELECT 'a' + 1");
  EXPECT_EQ(error.message, "line 1:12: Cannot apply operator: varchar(1) + integer");
  error = Fail("SELECT 'a' = 1");
  EXPECT_EQ(error.error_name, "TYPE_MISMATCH");
  error = Fail("SELECT x FROM (VALUES 1) v (y) LEFT JOIN UNNEST(ARRAY[1]) u (x) ON x = y");
  EXPECT_EQ(error.error_name, "NOT_SUPPORTED");
}

// Inserts racing on one table all commit: a writer that loses the race
// appends on top of the winner's snapshot.
TEST_F(EngineTest, ConcurrentInsertsAllSucceed) {
  Run("CREATE SCHEMA s");
  Run("CREATE TABLE s.t (writer integer, n integer)");
  constexpr int kWriters = 4, kInserts = 5;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w]() {
      for (int i = 0; i < kInserts; ++i) {
        auto result = engine_->Execute(session_, fmt::format("INSERT INTO s.t VALUES ({}, {})", w, i));
        if (!result.ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Run("SELECT count(*), count(DISTINCT writer), sum(n) FROM s.t"),
            std::vector<std::string>{fmt::format("{}|{}|{}", kWriters * kInserts, kWriters, kWriters * 10)});
}

TEST_F(EngineTest, MemoryLimitEndsTheQuery) {
  Run("CREATE SCHEMA s");
  Run("CREATE TABLE s.t (k bigint)");
  std::string values;
  for (int i = 0; i < 2000; ++i) values += fmt::format("{}({})", i ? ", " : "", i);
  Run("INSERT INTO s.t VALUES " + values);
  session_.query_max_memory_bytes = 16 * 1024;
  auto error = Fail("SELECT k, count(*) FROM s.t GROUP BY k");
  EXPECT_EQ(error.error_name, "EXCEEDED_LOCAL_MEMORY_LIMIT");
  EXPECT_EQ(error.error_type, "INSUFFICIENT_RESOURCES");
  error = Fail("SELECT k FROM s.t ORDER BY k DESC");
  EXPECT_EQ(error.error_name, "EXCEEDED_LOCAL_MEMORY_LIMIT");
  error = Fail("SELECT k, row_number() OVER (ORDER BY k DESC) FROM s.t");
  EXPECT_EQ(error.error_name, "EXCEEDED_LOCAL_MEMORY_LIMIT");
  session_.query_max_memory_bytes = 0;
  EXPECT_EQ(Run("SELECT max(r) FROM (SELECT row_number() OVER (ORDER BY k DESC) AS r FROM s.t)"), std::vector<std::string>{"2000"});
  EXPECT_EQ(Run("SELECT count(DISTINCT k) FROM s.t"), std::vector<std::string>{"2000"});
}

TEST_F(EngineTest, CancelStopsTheQuery) {
  Run("CREATE SCHEMA s");
  Run("CREATE TABLE s.t (k bigint)");
  Run("INSERT INTO s.t VALUES (1), (2)");
  auto result = engine_->Execute(session_, "SELECT k FROM s.t");
  ASSERT_TRUE(result.ok());
  (*result)->Cancel();
  columnar::Batch batch;
  auto more = (*result)->Next(&batch);
  ASSERT_FALSE(more.ok());
  EXPECT_EQ(sql::DescribeError(more.status()).error_name, "USER_CANCELED");
}

TEST_F(EngineTest, TimeTravelAndSchemaEvolution) {
  Run("CREATE SCHEMA s");
  session_.schema = "s";
  Run("CREATE TABLE t (id integer, name varchar)");
  Run("INSERT INTO t VALUES (1, 'a')");
  Run("ALTER TABLE t ADD COLUMN score double");
  Run("INSERT INTO t VALUES (2, 'b', 0.5)");
  // Old files lack the new column: it reads as NULL.
  EXPECT_EQ(Run("SELECT id, name, score FROM t ORDER BY id"), (std::vector<std::string>{"1|a|NULL", "2|b|0.5"}));
  Run("ALTER TABLE t RENAME COLUMN name TO label");
  Run("ALTER TABLE t DROP COLUMN score");
  // Renames and drops are by field id: old files still read correctly.
  EXPECT_EQ(Run("SELECT id, label FROM t ORDER BY id"), (std::vector<std::string>{"1|a", "2|b"}));
  EXPECT_EQ(Run("SELECT count(*) FROM t FOR TIMESTAMP AS OF current_timestamp"), std::vector<std::string>{"2"});
  auto error = Fail("SELECT * FROM t FOR TIMESTAMP AS OF TIMESTAMP '2000-01-01 00:00:00 UTC'");
  EXPECT_EQ(error.error_name, "INVALID_ARGUMENTS");
  error = Fail("SELECT * FROM t FOR VERSION AS OF 42");
  EXPECT_EQ(error.message, "line 1:35: Iceberg snapshot ID does not exists: 42");
  EXPECT_EQ(Run("SELECT count(*) FROM t FOR VERSION AS OF 'main'"), std::vector<std::string>{"2"});
}

TEST_F(EngineTest, ExplainShowsPruning) {
  Run("CREATE SCHEMA s");
  session_.schema = "s";
  Run("CREATE TABLE t (id integer, day date) WITH (partitioning = ARRAY['day'])");
  Run("INSERT INTO t VALUES (1, DATE '2024-01-01'), (2, DATE '2024-01-02'), (3, DATE '2024-01-03')");
  auto plan = Run("EXPLAIN SELECT id FROM t WHERE day = DATE '2024-01-02'");
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_NE(plan[0].find("pushed filter: day = 2024-01-02"), std::string::npos) << plan[0];
  EXPECT_NE(plan[0].find("files: 1 read, 2 skipped (2 by partition, 0 by metrics)"), std::string::npos) << plan[0];
  auto analyzed = Run("EXPLAIN ANALYZE SELECT id FROM t WHERE id = 3");
  ASSERT_EQ(analyzed.size(), 1u);
  EXPECT_NE(analyzed[0].find("Executed: 1 output rows"), std::string::npos) << analyzed[0];
  EXPECT_NE(analyzed[0].find("scanned 1 rows from 1 files (2 pruned)"), std::string::npos) << analyzed[0];
}

TEST_F(EngineTest, ShowCreateTable) {
  Run("CREATE SCHEMA s");
  Run("CREATE TABLE s.t (id bigint NOT NULL, name varchar COMMENT 'who', ts timestamp(6) with time zone) "
      "WITH (partitioning = ARRAY['day(ts)', 'bucket(id, 8)'], format_version = 2)");
  auto text = Run("SHOW CREATE TABLE s.t");
  ASSERT_EQ(text.size(), 1u);
  std::string expected_start =
      "CREATE TABLE iceberg.s.t (\n"
      "   id bigint NOT NULL,\n"
      "   name varchar COMMENT 'who',\n"
      "   ts timestamp(6) with time zone\n"
      ")\n"
      "WITH (\n"
      "   format = 'PARQUET',\n"
      "   format_version = 2,\n"
      "   location = '";
  EXPECT_EQ(text[0].substr(0, expected_start.size()), expected_start) << text[0];
  EXPECT_NE(text[0].find("   partitioning = ARRAY['day(ts)', 'bucket(id, 8)']\n)"), std::string::npos) << text[0];
  // What SHOW CREATE TABLE prints creates the same table.
  std::string again = text[0];
  again.replace(again.find("iceberg.s.t"), 11, "iceberg.s.u");
  again.erase(again.find("   location ="), again.find("   partitioning") - again.find("   location ="));
  Run(again);
  EXPECT_EQ(Run("DESCRIBE s.u"), Run("DESCRIBE s.t"));
}

}  // namespace
}  // namespace floe::engine
