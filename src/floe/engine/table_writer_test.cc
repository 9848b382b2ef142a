// Writes that do not finish: a cancel from another thread, an error in the
// middle of the query, storage that fails. Each must leave the table as it
// was: no new snapshot, no data file, manifest or manifest list left behind.
// And sorted tables (sorted_by): sorted files that record their sort order.
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "floe/engine/engine.h"
#include "floe/engine/test_support.h"
#include "floe/iceberg/table_scan.h"
#include "floe/sql/error.h"

namespace floe::engine {
namespace {

// A FileIO over another that can stop a writer at its first data file (until
// released) and fail the creation or the writes of chosen files.
class ControlledFileIO final : public io::FileIO {
 public:
  explicit ControlledFileIO(std::shared_ptr<io::FileIO> base) : base_(std::move(base)) {}

  // The next CreateOutput of a data file blocks until Release().
  void PauseAtFirstDataFile() {
    std::lock_guard lock(mutex_);
    pause_ = true;
  }
  void WaitUntilPaused() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return paused_; });
  }
  void Release() {
    std::lock_guard lock(mutex_);
    pause_ = false;
    changed_.notify_all();
  }
  // Creating a file whose location contains `fragment` fails.
  void FailCreate(std::string fragment) { fail_create_ = std::move(fragment); }
  // Writes into files whose location contains `fragment` fail (a full disk).
  void FailWrites(std::string fragment) { fail_writes_ = std::move(fragment); }

  Result<std::unique_ptr<io::InputFile>> OpenInput(std::string_view location) override {
    return base_->OpenInput(location);
  }
  Result<std::unique_ptr<io::OutputFile>> CreateOutput(std::string_view location, io::WriteMode mode) override {
    if (location.ends_with(".parquet")) {
      std::unique_lock lock(mutex_);
      if (pause_) {
        paused_ = true;
        changed_.notify_all();
        changed_.wait(lock, [&] { return !pause_; });
      }
    }
    if (!fail_create_.empty() && location.find(fail_create_) != std::string_view::npos) {
      return IOError("simulated failure creating {}", location);
    }
    FLOE_ASSIGN_OR_RETURN(auto output, base_->CreateOutput(location, mode));
    if (!fail_writes_.empty() && location.find(fail_writes_) != std::string_view::npos) {
      return std::unique_ptr<io::OutputFile>(new FailingOutput(std::move(output)));
    }
    return output;
  }
  Status Delete(std::string_view location) override { return base_->Delete(location); }
  Result<bool> Exists(std::string_view location) override { return base_->Exists(location); }
  Result<std::vector<io::FileInfo>> List(std::string_view prefix) override { return base_->List(prefix); }

 private:
  class FailingOutput final : public io::OutputFile {
   public:
    explicit FailingOutput(std::unique_ptr<io::OutputFile> base) : base_(std::move(base)) {}
    const std::string& location() const override { return base_->location(); }
    Status Write(const void*, size_t) override { return IOError("No space left on device (simulated)"); }
    int64_t Position() const override { return base_->Position(); }
    Status Close() override { return IOError("No space left on device (simulated)"); }
    void Abort() override { base_->Abort(); }

   private:
    std::unique_ptr<io::OutputFile> base_;
  };

  std::shared_ptr<io::FileIO> base_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool pause_ = false;
  bool paused_ = false;
  std::string fail_create_;
  std::string fail_writes_;
};

class TableWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("floe-writer-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_ / "warehouse");
    auto store = catalog::OpenCatalogStore((directory_ / "catalog.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto base = io::FileIOForLocation((directory_ / "warehouse").string());
    ASSERT_TRUE(base.ok());
    file_io_ = std::make_shared<ControlledFileIO>(*base);
    catalog::CatalogOptions options;
    options.warehouse = (directory_ / "warehouse").string();
    catalog_ = std::make_shared<catalog::Catalog>(*store, file_io_, options);
    engine_ = std::make_unique<Engine>(catalog_, file_io_);
    Run("CREATE SCHEMA s");
    session_.schema = "s";
    // 10^6 rows from a cross join: many batches.
    Run("CREATE TABLE digits (d integer)");
    Run("INSERT INTO digits VALUES 0, 1, 2, 3, 4, 5, 6, 7, 8, 9");
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  static constexpr const char* kMillionRows =
      "SELECT a.d * 100000 + b.d * 10000 + c.d * 1000 + e.d * 100 + f.d * 10 + g.d AS n "
      "FROM digits a, digits b, digits c, digits e, digits f, digits g";

  std::vector<std::string> Run(const std::string& sql) {
    auto result = engine_->Execute(session_, sql);
    EXPECT_TRUE(result.ok()) << sql << " -> " << result.status().ToString();
    if (!result.ok()) return {};
    auto read = ResultRows(**result);
    EXPECT_TRUE(read.ok()) << sql << " -> " << read.status().ToString();
    std::vector<std::string> rows = read.ok() ? std::move(*read) : std::vector<std::string>{};
    (*result)->session_update().ApplyTo(&session_);
    return rows;
  }

  sql::QueryError Fail(const std::string& sql, std::shared_ptr<CancellationToken> token = nullptr) {
    auto result = engine_->Execute(session_, sql, std::move(token));
    EXPECT_FALSE(result.ok()) << sql;
    return sql::DescribeError(result.status());
  }

  iceberg::TableMetadataPtr Metadata(const std::string& table) {
    auto loaded = catalog_->LoadTable(catalog::TableIdentifier{catalog::Namespace{{"s"}}, table});
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    return loaded.ok() ? loaded->metadata : nullptr;
  }

  // Every file under the table's directory (data and metadata), sorted.
  std::vector<std::string> Files(const std::string& table) {
    std::vector<std::string> files;
    std::filesystem::path root = directory_ / "warehouse" / "s" / table;
    if (!std::filesystem::exists(root)) return files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      if (entry.is_regular_file()) files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    return files;
  }

  std::filesystem::path directory_;
  std::shared_ptr<ControlledFileIO> file_io_;
  std::shared_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<Engine> engine_;
  Session session_;
};

TEST_F(TableWriterTest, CancelledInsertSelectCommitsNothingAndDeletesItsFiles) {
  Run("CREATE TABLE t (n integer) WITH (partitioning = ARRAY['bucket(n, 8)'])");
  Run("INSERT INTO t VALUES 1, 2, 3");
  auto before = Metadata("t");
  std::vector<std::string> files_before = Files("t");

  auto token = std::make_shared<CancellationToken>();
  file_io_->PauseAtFirstDataFile();
  std::thread insert([&] {
    sql::QueryError error = Fail(std::string("INSERT INTO t ") + kMillionRows, token);
    EXPECT_EQ(error.error_name, "USER_CANCELED") << error.message;
  });
  // The INSERT is writing its first data file: cancel it from this thread.
  file_io_->WaitUntilPaused();
  token->Cancel();
  file_io_->Release();
  insert.join();

  auto after = Metadata("t");
  EXPECT_EQ(after->snapshots.size(), before->snapshots.size());
  EXPECT_EQ(after->current_snapshot_id, before->current_snapshot_id);
  EXPECT_EQ(Files("t"), files_before);  // no data file, manifest or manifest list left
  EXPECT_EQ(Run("SELECT count(*), sum(n) FROM t"), std::vector<std::string>{"3|6"});
}

TEST_F(TableWriterTest, CancelledCreateTableAsLeavesNoTable) {
  auto token = std::make_shared<CancellationToken>();
  file_io_->PauseAtFirstDataFile();
  std::thread create([&] {
    sql::QueryError error = Fail(std::string("CREATE TABLE copy AS ") + kMillionRows, token);
    EXPECT_EQ(error.error_name, "USER_CANCELED") << error.message;
  });
  file_io_->WaitUntilPaused();
  token->Cancel();
  file_io_->Release();
  create.join();
  EXPECT_EQ(Run("SHOW TABLES"), std::vector<std::string>{"digits"});
}

TEST_F(TableWriterTest, CancelBeforeTheStatementRunsStopsDdl) {
  auto token = std::make_shared<CancellationToken>();
  token->Cancel();
  EXPECT_EQ(Fail("CREATE TABLE never (a integer)", token).error_name, "USER_CANCELED");
  EXPECT_EQ(Run("SHOW TABLES"), std::vector<std::string>{"digits"});
}

TEST_F(TableWriterTest, QueryErrorMidwayLeavesNoSnapshotAndNoFiles) {
  Run("CREATE TABLE t (n integer) WITH (partitioning = ARRAY['bucket(n, 8)'])");
  auto before = Metadata("t");
  // Division by zero at n = 500000, after many batches were written.
  sql::QueryError error = Fail(std::string("INSERT INTO t SELECT 1000000 / (n - 500000) FROM (") + kMillionRows + ")");
  EXPECT_EQ(error.error_name, "DIVISION_BY_ZERO") << error.message;
  EXPECT_EQ(Metadata("t")->snapshots.size(), before->snapshots.size());
  EXPECT_TRUE(Files("t").size() == 1) << "only the table's first metadata file may remain";
}

TEST_F(TableWriterTest, FullDiskWhileWritingDataLeavesNothing) {
  Run("CREATE TABLE t (n integer)");
  std::vector<std::string> files_before = Files("t");
  file_io_->FailWrites(".parquet");
  sql::QueryError error = Fail("INSERT INTO t VALUES 1, 2, 3");
  EXPECT_NE(error.message.find("No space left on device"), std::string::npos) << error.message;
  EXPECT_EQ(Metadata("t")->snapshots.size(), 0u);
  EXPECT_EQ(Files("t"), files_before);
}

TEST_F(TableWriterTest, FailureAtTheCommitDeletesTheClosedDataFilesAndTheManifest) {
  Run("CREATE TABLE t (n integer) WITH (partitioning = ARRAY['n'])");
  std::vector<std::string> files_before = Files("t");
  file_io_->FailCreate("/snap-");  // the manifest list: data files and the manifest are already written
  sql::QueryError error = Fail("INSERT INTO t VALUES 1, 2, 3");
  EXPECT_NE(error.message.find("simulated failure"), std::string::npos) << error.message;
  EXPECT_EQ(Metadata("t")->snapshots.size(), 0u);
  EXPECT_EQ(Files("t"), files_before);
  file_io_->FailCreate("");
  Run("INSERT INTO t VALUES 1, 2, 3");
  EXPECT_EQ(Run("SELECT count(*) FROM t"), std::vector<std::string>{"3"});
}

TEST_F(TableWriterTest, SortedTableWritesSortedFilesWithTheirOrderId) {
  Run("CREATE TABLE t (id bigint, name varchar) WITH (partitioning = ARRAY['bucket(id, 2)'], "
      "sorted_by = ARRAY['name DESC NULLS FIRST', 'id'])");
  auto created = Metadata("t");
  auto order = created->DefaultSortOrder();
  ASSERT_TRUE(order && !order->is_unsorted());
  ASSERT_EQ(order->fields().size(), 2u);
  EXPECT_EQ(order->fields()[0].source_id, 2);
  EXPECT_EQ(order->fields()[0].direction, iceberg::SortDirection::kDescending);
  EXPECT_EQ(order->fields()[0].null_order, iceberg::NullOrder::kNullsFirst);
  EXPECT_EQ(order->fields()[1].source_id, 1);
  EXPECT_EQ(order->fields()[1].null_order, iceberg::NullOrder::kNullsFirst);

  std::vector<std::string> create = Run("SHOW CREATE TABLE t");
  ASSERT_EQ(create.size(), 1u);
  EXPECT_NE(create[0].find("sorted_by = ARRAY['name DESC NULLS FIRST', 'id']"), std::string::npos) << create[0];

  Run("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, NULL), (4, 'b'), (5, 'c'), (6, 'a'), (7, NULL), (8, 'z')");
  auto metadata = Metadata("t");
  iceberg::TableScan scan(file_io_, metadata);
  auto plan = scan.Plan();
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  ASSERT_EQ(plan->tasks.size(), 2u);  // one file per bucket
  for (const auto& task : plan->tasks) {
    ASSERT_TRUE(task.data_file->sort_order_id.has_value());
    EXPECT_EQ(*task.data_file->sort_order_id, order->order_id());
  }
  // Within each file (bucket), rows follow the order.
  std::vector<std::string> rows = Run("SELECT name, id FROM t");
  ASSERT_EQ(rows.size(), 8u);
  auto before = [](const std::string& a, const std::string& b) {
    auto split = [](const std::string& row) {
      size_t bar = row.find('|');
      return std::make_pair(row.substr(0, bar), std::stoll(row.substr(bar + 1)));
    };
    auto [name_a, id_a] = split(a);
    auto [name_b, id_b] = split(b);
    if (name_a != name_b) {
      if (name_a == "NULL") return true;
      if (name_b == "NULL") return false;
      return name_a > name_b;
    }
    return id_a < id_b;
  };
  size_t runs = 1;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (!before(rows[i - 1], rows[i])) ++runs;
  }
  EXPECT_LE(runs, 2u) << "two files, each sorted";

  // ALTER TABLE SET PROPERTIES sorted_by: a new order, used by later writes.
  Run("ALTER TABLE t SET PROPERTIES sorted_by = ARRAY['id DESC']");
  auto altered = Metadata("t");
  ASSERT_NE(altered->default_sort_order_id, order->order_id());
  EXPECT_EQ(altered->DefaultSortOrder()->fields()[0].direction, iceberg::SortDirection::kDescending);
  create = Run("SHOW CREATE TABLE t");
  EXPECT_NE(create[0].find("sorted_by = ARRAY['id DESC']"), std::string::npos) << create[0];

  // Unsorted writing for the session: no sort_order_id.
  Run("SET SESSION iceberg.sorted_writing_enabled = false");
  Run("CREATE TABLE u (id bigint) WITH (sorted_by = ARRAY['id'])");
  Run("INSERT INTO u VALUES 2, 1");
  auto unsorted = iceberg::TableScan(file_io_, Metadata("u")).Plan();
  ASSERT_TRUE(unsorted.ok());
  ASSERT_EQ(unsorted->tasks.size(), 1u);
  EXPECT_FALSE(unsorted->tasks[0].data_file->sort_order_id.has_value());
}

TEST_F(TableWriterTest, SortedWriteOverTheMemoryLimitFailsCleanly) {
  Run("CREATE TABLE t (n integer) WITH (sorted_by = ARRAY['n DESC'])");
  std::vector<std::string> files_before = Files("t");
  Run("SET SESSION query_max_memory = '64kB'");
  sql::QueryError error = Fail(std::string("INSERT INTO t ") + kMillionRows);
  EXPECT_EQ(error.error_name, "EXCEEDED_LOCAL_MEMORY_LIMIT") << error.message;
  EXPECT_EQ(Metadata("t")->snapshots.size(), 0u);
  EXPECT_EQ(Files("t"), files_before);
}

TEST_F(TableWriterTest, ShowStatsReadsTheIcebergMetrics) {
  Run("CREATE TABLE t (id bigint, name varchar)");
  Run("INSERT INTO t VALUES (1, 'a'), (2, NULL), (7, 'ccc')");
  std::vector<std::string> stats = Run("SHOW STATS FOR t");
  ASSERT_EQ(stats.size(), 3u);
  EXPECT_EQ(stats[0], "id|NULL|NULL|0.0|NULL|1|7");
  EXPECT_TRUE(stats[1].starts_with("name|")) << stats[1];
  EXPECT_FALSE(stats[1].starts_with("name|NULL|")) << "varchar columns report their data size: " << stats[1];
  EXPECT_TRUE(stats[1].ends_with("|NULL|0.3333333333333333|NULL|NULL|NULL")) << stats[1];
  EXPECT_EQ(stats[2], "NULL|NULL|NULL|NULL|3.0|NULL|NULL");
}

}  // namespace
}  // namespace floe::engine
