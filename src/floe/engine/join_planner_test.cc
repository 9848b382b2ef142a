// Join planning seen through EXPLAIN: comma joins become hash joins on their
// equality conjuncts, single-table conjuncts go below the joins, and the
// larger relation is the probe side.
#include "floe/engine/join_planner.h"

#include <filesystem>
#include <unistd.h>

#include <gtest/gtest.h>

#include "floe/engine/engine.h"
#include "floe/engine/test_support.h"

namespace floe::engine {
namespace {

class JoinPlannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("floe-join-planner-test-" + std::to_string(::getpid()) + "-" +
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
    Run("CREATE SCHEMA s");
    session_.schema = "s";
    // A star: facts (8 rows) referencing dims (3 rows) and kinds (2 rows).
    Run("CREATE TABLE facts (id bigint, dim_id bigint, kind_id bigint, amount integer)");
    Run("INSERT INTO facts VALUES (1, 1, 1, 10), (2, 1, 2, 20), (3, 2, 1, 30), (4, 2, 2, 40), (5, 3, 1, 50), "
        "(6, 3, 2, 60), (7, 4, 1, 70), (8, NULL, 1, 80)");
    Run("CREATE TABLE dims (dim_id bigint, name varchar, region varchar)");
    Run("INSERT INTO dims VALUES (1, 'one', 'north'), (2, 'two', 'south'), (3, 'three', 'north')");
    Run("CREATE TABLE kinds (kind_id bigint, label varchar)");
    Run("INSERT INTO kinds VALUES (1, 'a'), (2, 'b')");
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::vector<std::string> Run(const std::string& sql) {
    auto result = engine_->Execute(session_, sql);
    EXPECT_TRUE(result.ok()) << sql << " -> " << result.status().ToString();
    if (!result.ok()) return {};
    auto read = ResultRows(**result);
    EXPECT_TRUE(read.ok()) << sql << " -> " << read.status().ToString();
    std::vector<std::string> rows = read.ok() ? std::move(*read) : std::vector<std::string>{};
    return rows;
  }

  std::string Explain(const std::string& sql) {
    auto rows = Run("EXPLAIN " + sql);
    return rows.empty() ? "" : rows[0];
  }

  std::filesystem::path directory_;
  std::unique_ptr<Engine> engine_;
  Session session_;
};

TEST_F(JoinPlannerTest, CommaJoinsBecomeHashJoinsOnTheirEqualities) {
  std::string sql =
      "SELECT f.id, d.name, k.label FROM kinds k, facts f, dims d "
      "WHERE f.dim_id = d.dim_id AND k.kind_id = f.kind_id AND d.region = 'north' AND k.label <> 'x' ORDER BY f.id";
  std::string plan = Explain(sql);
  EXPECT_EQ(plan.find("CrossJoin"), std::string::npos) << plan;
  EXPECT_NE(plan.find("InnerJoin[dim_id = dim_id]"), std::string::npos) << plan;
  EXPECT_NE(plan.find("InnerJoin[kind_id = kind_id]"), std::string::npos) << plan;
  // Single-table conjuncts sit on their scans (and are pushed into them).
  EXPECT_NE(plan.find("pushed filter: region = 'north'"), std::string::npos) << plan;
  EXPECT_NE(plan.find("pushed filter: label <> 'x'"), std::string::npos) << plan;
  // The largest relation (facts) is the probe side: the first scan under the joins.
  size_t facts = plan.find("TableScan[iceberg:s.facts]");
  EXPECT_LT(facts, plan.find("TableScan[iceberg:s.dims]")) << plan;
  EXPECT_LT(facts, plan.find("TableScan[iceberg:s.kinds]")) << plan;
  // The SELECT list keeps its order whatever the join order.
  EXPECT_EQ(Run(sql), (std::vector<std::string>{"1|one|a", "2|one|b", "5|three|a", "6|three|b"}));
}

TEST_F(JoinPlannerTest, BuildSideJoinsItsOwnFilteredDimensionFirst) {
  Run("CREATE TABLE regions (region varchar, manager varchar)");
  Run("INSERT INTO regions VALUES ('north', 'ann'), ('south', 'bob')");
  std::string sql = "SELECT f.id FROM facts f, dims d, regions r "
                    "WHERE f.dim_id = d.dim_id AND d.region = r.region AND r.manager = 'ann' ORDER BY f.id";
  std::string plan = Explain(sql);
  // facts probes (dims JOIN regions): regions reaches facts only through dims.
  size_t outer = plan.find("InnerJoin[dim_id = dim_id]");
  size_t inner = plan.find("InnerJoin[region = region]");
  ASSERT_NE(outer, std::string::npos) << plan;
  ASSERT_NE(inner, std::string::npos) << plan;
  EXPECT_LT(outer, inner) << plan;
  EXPECT_LT(plan.find("TableScan[iceberg:s.facts]"), inner) << plan;
  EXPECT_EQ(Run(sql), (std::vector<std::string>{"1", "2", "5", "6"}));
}

TEST_F(JoinPlannerTest, EqualitiesImplyEqualitiesBetweenTheirColumns) {
  // f.dim_id = d.dim_id AND d.dim_id = k.kind_id: f and k join on f.dim_id = k.kind_id too.
  std::string sql = "SELECT f.id, d.name, k.label FROM facts f, dims d, kinds k "
                    "WHERE f.dim_id = d.dim_id AND d.dim_id = k.kind_id ORDER BY f.id";
  std::string plan = Explain(sql);
  EXPECT_EQ(plan.find("CrossJoin"), std::string::npos) << plan;
  EXPECT_NE(plan.find("dim_id = kind_id"), std::string::npos) << plan;
  EXPECT_EQ(Run(sql), (std::vector<std::string>{"1|one|a", "2|one|a", "3|two|b", "4|two|b"}));
}

TEST_F(JoinPlannerTest, ExplicitInnerJoinsAreReorderedToo) {
  std::string sql = "SELECT count(*), sum(f.amount) FROM dims d JOIN facts f ON f.dim_id = d.dim_id "
                    "JOIN kinds k ON k.kind_id = f.kind_id WHERE k.label = 'a'";
  std::string plan = Explain(sql);
  EXPECT_EQ(plan.find("CrossJoin"), std::string::npos) << plan;
  EXPECT_LT(plan.find("TableScan[iceberg:s.facts]"), plan.find("TableScan[iceberg:s.dims]")) << plan;
  EXPECT_EQ(Run(sql), (std::vector<std::string>{"3|90"}));
}

TEST_F(JoinPlannerTest, ConditionsSpanningTablesStayAsJoinFilters) {
  std::string sql = "SELECT f.id FROM facts f, dims d WHERE f.dim_id = d.dim_id AND (f.amount > 30 OR d.name = 'one') "
                    "ORDER BY f.id";
  std::string plan = Explain(sql);
  EXPECT_NE(plan.find("InnerJoin[dim_id = dim_id, filter: or("), std::string::npos) << plan;
  EXPECT_EQ(Run(sql), (std::vector<std::string>{"1", "2", "4", "5", "6"}));
}

TEST_F(JoinPlannerTest, CrossJoinOnlyWhenNothingConnects) {
  std::string sql = "SELECT count(*) FROM facts f, dims d, kinds k WHERE f.kind_id = k.kind_id";
  std::string plan = Explain(sql);
  EXPECT_NE(plan.find("InnerJoin[kind_id = kind_id]"), std::string::npos) << plan;
  // dims is cross joined last, above the equi-join.
  EXPECT_LT(plan.find("CrossJoin"), plan.find("InnerJoin[kind_id = kind_id]")) << plan;
  EXPECT_EQ(Run(sql), (std::vector<std::string>{"24"}));
  EXPECT_EQ(Run("SELECT count(*) FROM facts, dims WHERE 1 = 0"), (std::vector<std::string>{"0"}));
}

TEST_F(JoinPlannerTest, OuterJoinsKeepTheirSides) {
  std::string sql = "SELECT f.id, d.name FROM facts f LEFT JOIN dims d ON f.dim_id = d.dim_id, kinds k "
                    "WHERE k.kind_id = f.kind_id AND k.label = 'a' ORDER BY f.id";
  std::string plan = Explain(sql);
  EXPECT_NE(plan.find("LeftJoin[dim_id = dim_id]"), std::string::npos) << plan;
  EXPECT_EQ(Run(sql), (std::vector<std::string>{"1|one", "3|two", "5|three", "7|NULL", "8|NULL"}));
}

}  // namespace
}  // namespace floe::engine
