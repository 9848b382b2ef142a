#include "floe/tpch/generator.h"

#include <filesystem>
#include <unistd.h>

#include <gtest/gtest.h>

#include "floe/engine/engine.h"

namespace floe::tpch {
namespace {

class GeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("floe-tpch-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_ / "warehouse");
    auto store = catalog::OpenCatalogStore((directory_ / "catalog.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto file_io = io::FileIOForLocation((directory_ / "warehouse").string());
    ASSERT_TRUE(file_io.ok());
    file_io_ = *file_io;
    catalog::CatalogOptions options;
    options.warehouse = (directory_ / "warehouse").string();
    catalog_ = std::make_shared<catalog::Catalog>(*store, file_io_, options);
    engine_ = std::make_unique<engine::Engine>(catalog_, file_io_);
    session_.schema = "tpch";
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  // The single value of a one-row, one-column query.
  std::string Scalar(const std::string& sql) {
    auto result = engine_->Execute(session_, sql);
    EXPECT_TRUE(result.ok()) << sql << " -> " << result.status().ToString();
    if (!result.ok()) return "";
    columnar::Batch batch;
    std::string out;
    while (true) {
      auto more = (*result)->Next(&batch);
      EXPECT_TRUE(more.ok()) << more.status().ToString();
      if (!more.ok() || !*more) break;
      if (batch.num_rows > 0) out = engine::FormatCell(*batch.columns[0], 0, (*result)->columns()[0].type);
    }
    return out;
  }

  std::filesystem::path directory_;
  std::shared_ptr<io::FileIO> file_io_;
  std::shared_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<engine::Engine> engine_;
  engine::Session session_;
};

TEST_F(GeneratorTest, ScaleHundredthFollowsTheSpecification) {
  GeneratorOptions options;
  options.scale = 0.01;
  options.batch_rows = 4096;  // several chunks per table
  auto generated = Generate(*catalog_, file_io_, options);
  ASSERT_TRUE(generated.ok()) << generated.status().ToString();
  ASSERT_EQ(generated->size(), 8u);
  EXPECT_EQ(Scalar("SELECT count(*) FROM region"), "5");
  EXPECT_EQ(Scalar("SELECT count(*) FROM nation"), "25");
  EXPECT_EQ(Scalar("SELECT count(*) FROM supplier"), "100");
  EXPECT_EQ(Scalar("SELECT count(*) FROM customer"), "1500");
  EXPECT_EQ(Scalar("SELECT count(*) FROM part"), "2000");
  EXPECT_EQ(Scalar("SELECT count(*) FROM partsupp"), "8000");
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders"), "15000");
  int64_t lines = std::stoll(Scalar("SELECT count(*) FROM lineitem"));
  EXPECT_GT(lines, 15000 * 3);
  EXPECT_LT(lines, 15000 * 5);
  for (const auto& table : *generated) {
    if (table.name == "lineitem") {
      EXPECT_EQ(table.rows, lines);
    }
  }
  // Keys and foreign keys.
  EXPECT_EQ(Scalar("SELECT max(o_orderkey) FROM orders"), "59976");  // 8 of every 32 keys
  EXPECT_EQ(Scalar("SELECT count(*) FROM lineitem l LEFT JOIN orders o ON l.l_orderkey = o.o_orderkey WHERE o.o_orderkey IS NULL"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM lineitem l LEFT JOIN partsupp ps ON l.l_partkey = ps.ps_partkey AND l.l_suppkey = ps.ps_suppkey WHERE ps.ps_partkey IS NULL"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM orders WHERE o_custkey % 3 = 0"), "0");
  // Dates and the flags that derive from them.
  EXPECT_EQ(Scalar("SELECT min(o_orderdate) >= DATE '1992-01-01' AND max(o_orderdate) <= DATE '1998-08-02' FROM orders"), "true");
  EXPECT_EQ(Scalar("SELECT count(*) FROM lineitem l JOIN orders o ON l.l_orderkey = o.o_orderkey "
                   "WHERE date_diff('day', o.o_orderdate, l.l_shipdate) NOT BETWEEN 1 AND 121"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM lineitem WHERE (l_receiptdate <= DATE '1995-06-17') <> (l_returnflag IN ('R', 'A'))"), "0");
  EXPECT_EQ(Scalar("SELECT count(*) FROM lineitem WHERE (l_shipdate > DATE '1995-06-17') <> (l_linestatus = 'O')"), "0");
  EXPECT_EQ(Scalar("SELECT count(DISTINCT o_orderstatus) FROM orders"), "3");
  EXPECT_EQ(Scalar("SELECT count(DISTINCT c_mktsegment) FROM customer"), "5");
  EXPECT_EQ(Scalar("SELECT count(DISTINCT l_shipmode) FROM lineitem"), "7");
  EXPECT_EQ(Scalar("SELECT min(l_discount) = 0.00 AND max(l_discount) = 0.10 AND max(l_tax) = 0.08 FROM lineitem"), "true");
  // o_totalprice is the sum of its lines.
  EXPECT_EQ(Scalar("SELECT count(*) FROM (SELECT o.o_orderkey, o.o_totalprice, "
                   "sum(l.l_extendedprice * (1 + l.l_tax) * (1 - l.l_discount)) AS total "
                   "FROM orders o JOIN lineitem l ON l.l_orderkey = o.o_orderkey GROUP BY o.o_orderkey, o.o_totalprice) "
                   "WHERE abs(total - o_totalprice) > 0.01"), "0");
}

TEST_F(GeneratorTest, DeterministicAcrossRuns) {
  GeneratorOptions options;
  options.scale = 0.002;
  ASSERT_TRUE(Generate(*catalog_, file_io_, options).ok());
  std::string first = Scalar("SELECT CAST(sum(l_extendedprice) AS varchar) || ' ' || CAST(count(*) AS varchar) FROM lineitem");
  std::string comments = Scalar("SELECT max(c_comment) FROM customer");
  options.batch_rows = 1000;  // chunking does not change the data
  ASSERT_TRUE(Generate(*catalog_, file_io_, options).ok());
  EXPECT_EQ(Scalar("SELECT CAST(sum(l_extendedprice) AS varchar) || ' ' || CAST(count(*) AS varchar) FROM lineitem"), first);
  EXPECT_EQ(Scalar("SELECT max(c_comment) FROM customer"), comments);
}

TEST_F(GeneratorTest, RejectsBadScale) {
  GeneratorOptions options;
  options.scale = 0;
  EXPECT_EQ(Generate(*catalog_, file_io_, options).status().kind(), ErrorKind::kBadRequest);
  options.scale = -1;
  EXPECT_FALSE(Generate(*catalog_, file_io_, options).ok());
  options.scale = 1e9;
  EXPECT_FALSE(Generate(*catalog_, file_io_, options).ok());
}

}  // namespace
}  // namespace floe::tpch
