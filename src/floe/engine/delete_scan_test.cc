// SQL over a table whose snapshots carry position and equality delete files
// (committed here as a Spark or Flink row-delta would), end to end through
// the engine: the scan reads Parquet files of several row groups, applies the
// deletes by file position and by value, and follows the sequence-number rules.
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "floe/engine/delete_filter.h"
#include "floe/engine/engine.h"
#include "floe/engine/test_support.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/parquet/file_writer.h"
#include "floe/sql/error.h"

namespace floe::engine {
namespace {

using columnar::DataType;
using columnar::TypeId;
using columnar::Vector;

class DeleteScanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("floe-delete-scan-test-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_ / "warehouse");
    auto store = catalog::OpenCatalogStore((directory_ / "catalog.db").string());
    ASSERT_TRUE(store.ok());
    auto file_io = io::FileIOForLocation((directory_ / "warehouse").string());
    ASSERT_TRUE(file_io.ok());
    file_io_ = *file_io;
    catalog::CatalogOptions options;
    options.warehouse = (directory_ / "warehouse").string();
    catalog_ = std::make_shared<catalog::Catalog>(*store, file_io_, options);
    engine_ = std::make_unique<Engine>(catalog_, file_io_);
    Run("CREATE SCHEMA s");
    Run("CREATE TABLE s.t (id bigint, name varchar) WITH (format_version = 2)");
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  Result<std::vector<std::string>> Query(const std::string& sql) {
    FLOE_ASSIGN_OR_RETURN(auto result, engine_->Execute(session_, sql));
    return ResultRows(*result);
  }
  std::vector<std::string> Run(const std::string& sql) {
    auto rows = Query(sql);
    EXPECT_TRUE(rows.ok()) << sql << " -> " << rows.status().ToString();
    return rows.ok() ? *rows : std::vector<std::string>{};
  }
  std::string One(const std::string& sql) {
    auto rows = Run(sql);
    return rows.size() == 1 ? rows[0] : "<" + std::to_string(rows.size()) + " rows>";
  }

  std::string Location(const std::string& name) {
    auto loaded = catalog_->LoadTable(identifier_);
    EXPECT_TRUE(loaded.ok());
    return loaded->metadata->location + "/data/" + name;
  }

  // A data file of rows (id, name); small row groups so a file has several.
  iceberg::DataFile WriteDataFile(const std::string& name, const std::vector<std::pair<int64_t, std::string>>& rows) {
    std::string location = Location(name);
    auto ids = Vector::Make(DataType::Primitive(TypeId::kInt64));
    auto names = Vector::Make(DataType::Primitive(TypeId::kString));
    for (const auto& [id, text] : rows) {
      ids->Append(id);
      names->AppendBytes(text);
    }
    parquet::WriterOptions options;
    options.codec = parquet::Codec::kUncompressed;
    options.dictionary = false;
    options.row_group_bytes = 8 * 1024;
    options.page_bytes = 1024;
    auto metrics = Write(location,
                         {parquet::WriteField{1, "id", false, parquet::WriteField::Type::kLong},
                          parquet::WriteField{2, "name", false, parquet::WriteField::Type::kString}},
                         {ids, names}, options);
    iceberg::DataFile file;
    file.file_path = location;
    file.record_count = static_cast<int64_t>(rows.size());
    file.file_size_in_bytes = metrics.file_size;
    row_groups_[name] = static_cast<int>(metrics.split_offsets.size());
    return file;
  }

  parquet::FileMetrics Write(const std::string& location, std::vector<parquet::WriteField> schema,
                             std::vector<std::shared_ptr<Vector>> columns, parquet::WriterOptions options = {}) {
    auto output = file_io_->CreateOutput(location, io::WriteMode::kFailIfExists);
    EXPECT_TRUE(output.ok());
    auto writer = parquet::ParquetWriter::Make(std::move(*output), std::move(schema), options);
    EXPECT_TRUE(writer.ok());
    // Batches of 1500 rows: row groups end on batch boundaries, off the reader's 4096-row batches.
    int64_t rows = columns[0]->length;
    for (int64_t begin = 0; begin < rows; begin += 1500) {
      int64_t end = std::min<int64_t>(rows, begin + 1500);
      columnar::Batch batch;
      batch.num_rows = end - begin;
      for (const auto& column : columns) {
        auto slice = Vector::Make(column->type);
        for (int64_t r = begin; r < end; ++r) {
          if (column->type.id == TypeId::kString) {
            slice->AppendBytes(column->BytesAt(r));
          } else {
            slice->Append(column->Values<int64_t>()[r]);
          }
        }
        batch.columns.push_back(slice);
      }
      EXPECT_TRUE((*writer)->Write(batch).ok());
    }
    EXPECT_TRUE((*writer)->Close().ok());
    return (*writer)->metrics();
  }

  iceberg::DataFile WritePositionDeletes(const std::string& name,
                                         const std::vector<std::pair<std::string, int64_t>>& rows) {
    std::string location = Location(name);
    auto paths = Vector::Make(DataType::Primitive(TypeId::kString));
    auto positions = Vector::Make(DataType::Primitive(TypeId::kInt64));
    for (const auto& [path, position] : rows) {
      paths->AppendBytes(path);
      positions->Append(position);
    }
    auto metrics = Write(location,
                         {parquet::WriteField{kDeleteFilePathFieldId, "file_path", true, parquet::WriteField::Type::kString},
                          parquet::WriteField{kDeleteFilePositionFieldId, "pos", true, parquet::WriteField::Type::kLong}},
                         {paths, positions});
    iceberg::DataFile file;
    file.content = iceberg::DataFileContent::kPositionDeletes;
    file.file_path = location;
    file.record_count = static_cast<int64_t>(rows.size());
    file.file_size_in_bytes = metrics.file_size;
    return file;
  }

  iceberg::DataFile WriteNameDeletes(const std::string& name, const std::vector<std::string>& values) {
    std::string location = Location(name);
    auto names = Vector::Make(DataType::Primitive(TypeId::kString));
    for (const auto& value : values) names->AppendBytes(value);
    auto metrics = Write(location, {parquet::WriteField{2, "name", false, parquet::WriteField::Type::kString}}, {names});
    iceberg::DataFile file;
    file.content = iceberg::DataFileContent::kEqualityDeletes;
    file.file_path = location;
    file.record_count = static_cast<int64_t>(values.size());
    file.file_size_in_bytes = metrics.file_size;
    file.equality_ids = {2};
    return file;
  }

  // Commits one snapshot adding `data` and `deletes` on top of main (a row delta).
  int64_t Commit(const std::vector<iceberg::DataFile>& data, const std::vector<iceberg::DataFile>& deletes) {
    auto loaded = catalog_->LoadTable(identifier_);
    EXPECT_TRUE(loaded.ok());
    const iceberg::TableMetadata& metadata = *loaded->metadata;
    int64_t snapshot_id = ++last_snapshot_id_;
    iceberg::SnapshotPtr parent = metadata.SnapshotForRef(iceberg::SnapshotRef::kMainBranch);
    int64_t sequence_number = metadata.last_sequence_number + 1;
    std::vector<iceberg::ManifestFile> manifests;
    auto write_manifest = [&](const std::vector<iceberg::DataFile>& files, iceberg::ManifestContent content) {
      if (files.empty()) return;
      iceberg::ManifestWriterOptions options;
      options.format_version = 2;
      options.content = content;
      options.snapshot_id = snapshot_id;
      std::string location = metadata.location + "/metadata/m-" + std::to_string(snapshot_id) +
                             (content == iceberg::ManifestContent::kData ? "-data" : "-deletes") + ".avro";
      auto writer = iceberg::ManifestWriter::Open(*file_io_, location, metadata.DefaultSpec(),
                                                  metadata.CurrentSchema(), options);
      ASSERT_TRUE(writer.ok()) << writer.status().ToString();
      for (const auto& file : files) ASSERT_TRUE((*writer)->Add(file).ok());
      auto manifest = (*writer)->Close();
      ASSERT_TRUE(manifest.ok());
      manifest->added_snapshot_id = snapshot_id;
      manifests.push_back(*manifest);
    };
    write_manifest(data, iceberg::ManifestContent::kData);
    write_manifest(deletes, iceberg::ManifestContent::kDeletes);
    if (parent) {
      auto existing = iceberg::ReadSnapshotManifests(*file_io_, metadata, *parent);
      EXPECT_TRUE(existing.ok());
      manifests.insert(manifests.end(), existing->begin(), existing->end());
    }
    iceberg::ManifestListWriterOptions list_options;
    list_options.format_version = 2;
    list_options.snapshot_id = snapshot_id;
    if (parent) list_options.parent_snapshot_id = parent->snapshot_id;
    list_options.sequence_number = sequence_number;
    std::string list_location = metadata.location + "/metadata/snap-" + std::to_string(snapshot_id) + ".avro";
    auto list = iceberg::ManifestListWriter::Open(*file_io_, list_location, list_options);
    EXPECT_TRUE(list.ok());
    EXPECT_TRUE((*list)->AddAll(manifests).ok());
    EXPECT_TRUE((*list)->Close().ok());
    auto snapshot = std::make_shared<iceberg::Snapshot>();
    snapshot->snapshot_id = snapshot_id;
    if (parent) snapshot->parent_snapshot_id = parent->snapshot_id;
    snapshot->sequence_number = sequence_number;
    snapshot->timestamp_ms = metadata.last_updated_ms + 1;
    snapshot->manifest_list = list_location;
    snapshot->schema_id = metadata.current_schema_id;
    snapshot->summary["operation"] = deletes.empty() ? "append" : "overwrite";
    catalog::TableCommit commit;
    commit.identifier = identifier_;
    commit.updates.push_back(iceberg::AddSnapshotUpdate{snapshot});
    iceberg::SnapshotRef ref;
    ref.snapshot_id = snapshot_id;
    ref.type = iceberg::SnapshotRefType::kBranch;
    commit.updates.push_back(iceberg::SetSnapshotRefUpdate{std::string(iceberg::SnapshotRef::kMainBranch), ref});
    auto committed = catalog_->UpdateTable(commit);
    EXPECT_TRUE(committed.ok()) << committed.status().ToString();
    return snapshot_id;
  }

  std::filesystem::path directory_;
  std::shared_ptr<io::FileIO> file_io_;
  std::shared_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<Engine> engine_;
  Session session_;
  catalog::TableIdentifier identifier_{catalog::Namespace{{"s"}}, "t"};
  std::map<std::string, int> row_groups_;
  int64_t last_snapshot_id_ = 1000;
};

std::vector<std::pair<int64_t, std::string>> Rows(int64_t first, int64_t count) {
  std::vector<std::pair<int64_t, std::string>> rows;
  for (int64_t id = first; id < first + count; ++id) rows.emplace_back(id, "n" + std::to_string(id % 10));
  return rows;
}

TEST_F(DeleteScanTest, PositionAndEqualityDeletesFollowSequenceNumbers) {
  // Snapshot 1 (sequence 1): 10000 rows in a file of several row groups.
  iceberg::DataFile a = WriteDataFile("a.parquet", Rows(0, 10000));
  ASSERT_GT(row_groups_["a.parquet"], 2);
  int64_t first = Commit({a}, {});
  EXPECT_EQ(One("SELECT count(*) FROM s.t"), "10000");

  // Snapshot 2 (sequence 2): position deletes for a (batch and row-group
  // edges, the last row, and a path that is not a's), equality deletes of
  // name 'n3', and a new data file b whose 'n3' rows the equality deletes
  // must not touch (same sequence number).
  std::vector<std::pair<std::string, int64_t>> positions = {
      {a.file_path, 0}, {a.file_path, 4095}, {a.file_path, 4096}, {a.file_path, 9999}, {a.file_path, 4096}};
  for (int64_t p = 500; p < 10000; p += 1000) positions.emplace_back(a.file_path, p);
  positions.emplace_back(Location("other.parquet"), 1);
  iceberg::DataFile b = WriteDataFile("b.parquet", Rows(20000, 20));
  int64_t second = Commit({b}, {WritePositionDeletes("pos.parquet", positions), WriteNameDeletes("eq.parquet", {"n3"})});

  // a: 10000 - 1000 'n3' - 14 positions (none of them ends in 3) ; b: 20.
  EXPECT_EQ(One("SELECT count(*) FROM s.t"), std::to_string(10000 - 1000 - 14 + 20));
  EXPECT_EQ(One("SELECT count(*) FROM s.t WHERE name = 'n3'"), "2");  // b's 20003, 20013
  EXPECT_EQ(One("SELECT count(*) FROM s.t WHERE id IN (0, 4095, 4096, 9999, 500, 1500, 9500, 3, 4093)"), "0");
  EXPECT_EQ(One("SELECT min(id), max(id) FROM s.t WHERE id < 10000"), "1|9998");
  EXPECT_EQ(Run("SELECT id FROM s.t WHERE id BETWEEN 4094 AND 4098 ORDER BY id"),
            (std::vector<std::string>{"4094", "4097", "4098"}));
  EXPECT_EQ(One("SELECT count(DISTINCT name) FROM s.t WHERE id < 10000"), "9");
  std::string plan;
  for (const auto& line : Run("EXPLAIN SELECT count(*) FROM s.t")) plan += line;
  EXPECT_NE(plan.find("delete files applied: 2"), std::string::npos) << plan;
  // Time travel to before the deletes sees every row.
  EXPECT_EQ(One("SELECT count(*) FROM s.t FOR VERSION AS OF " + std::to_string(first)), "10000");

  // Snapshot 3 (sequence 3): a later file with 'n3' rows keeps them.
  iceberg::DataFile c = WriteDataFile("c.parquet", Rows(30000, 10));
  Commit({c}, {});
  EXPECT_EQ(One("SELECT count(*) FROM s.t WHERE name = 'n3'"), "3");
  EXPECT_EQ(One("SELECT count(*) FROM s.t FOR VERSION AS OF " + std::to_string(second)),
            std::to_string(10000 - 1000 - 14 + 20));
}

TEST_F(DeleteScanTest, MissingDeleteFileFailsTheQuery) {
  iceberg::DataFile a = WriteDataFile("a.parquet", Rows(0, 100));
  Commit({a}, {});
  iceberg::DataFile missing;
  missing.content = iceberg::DataFileContent::kPositionDeletes;
  missing.file_path = Location("gone.parquet");
  missing.record_count = 1;
  missing.file_size_in_bytes = 100;
  Commit({}, {missing});
  for (const char* sql : {"SELECT * FROM s.t", "SELECT count(*) FROM s.t"}) {
    auto rows = Query(sql);
    ASSERT_FALSE(rows.ok()) << sql;
    EXPECT_NE(rows.status().message().find("gone.parquet"), std::string::npos) << rows.status().message();
  }
}

}  // namespace
}  // namespace floe::engine
