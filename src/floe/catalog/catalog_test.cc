// Catalog service tests over SQLite and an in-memory FileIO. The HTTP-level
// behaviour (commits, conflicts, transactions, views) is covered end to end
// in src/floe/server/rest_catalog_routes_test.cc.
#include "floe/catalog/catalog.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "floe/iceberg/metadata_json.h"
#include "floe/iceberg/table_update.h"
#include "floe/io/memory_file_io.h"

namespace floe::catalog {
namespace {

TEST(MetadataCacheTest, EvictsLeastRecentlyUsed) {
  MetadataCache cache(2);
  auto metadata = std::make_shared<iceberg::TableMetadata>();
  cache.Insert("a", metadata);
  cache.Insert("b", metadata);
  EXPECT_NE(cache.Find("a"), nullptr);  // a is now the most recent
  cache.Insert("c", metadata);
  EXPECT_EQ(cache.Find("b"), nullptr);
  EXPECT_NE(cache.Find("a"), nullptr);
  EXPECT_NE(cache.Find("c"), nullptr);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.hits(), 3u);
  EXPECT_EQ(cache.misses(), 1u);
}

class CatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() / ("floe-catalog-test-" + std::to_string(::getpid()) + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
    auto store = OpenCatalogStore(path_.string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    file_io_ = std::make_shared<io::MemoryFileIO>();
    catalog_ = std::make_unique<Catalog>(*store, file_io_, CatalogOptions{"/warehouse"});
    ASSERT_TRUE(catalog_->CreateNamespace(*Namespace::FromLevels({"db"}), {}).ok());
  }
  void TearDown() override {
    catalog_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix);
  }

  std::filesystem::path path_;
  std::shared_ptr<io::MemoryFileIO> file_io_;
  std::unique_ptr<Catalog> catalog_;
};

TEST_F(CatalogTest, CreateTableWritesMetadataUnderTheWarehouse) {
  auto schema = iceberg::ParseSchema(
      R"({"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]})");
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  CreateTableRequest request;
  request.name = "t";
  request.schema = *schema;
  auto created = catalog_->CreateTable(*Namespace::FromLevels({"db"}), request);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_EQ(created->metadata_location.rfind("/warehouse/db/t/metadata/00000-", 0), 0u) << created->metadata_location;
  EXPECT_TRUE(*file_io_->Exists(created->metadata_location));
  EXPECT_EQ(created->metadata->location, "/warehouse/db/t");
  auto loaded = catalog_->LoadTable(TableIdentifier{*Namespace::FromLevels({"db"}), "t"});
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->metadata, created->metadata);  // served from the cache
  EXPECT_EQ(catalog_->CreateTable(*Namespace::FromLevels({"db"}), request).status().kind(),
            ErrorKind::kAlreadyExists);
  EXPECT_EQ(catalog_->CreateTable(*Namespace::FromLevels({"nope"}), request).status().kind(),
            ErrorKind::kNoSuchNamespace);
}

TEST_F(CatalogTest, DeleteAfterCommitKeepsOnlyTheLoggedMetadataFiles) {
  auto schema = iceberg::ParseSchema(
      R"({"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]})");
  ASSERT_TRUE(schema.ok());
  CreateTableRequest request;
  request.name = "pruned";
  request.schema = *schema;
  request.properties = {{"write.metadata.delete-after-commit.enabled", "true"},
                        {"write.metadata.previous-versions-max", "2"}};
  auto created = catalog_->CreateTable(*Namespace::FromLevels({"db"}), request);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  std::vector<std::string> written = {created->metadata_location};
  for (int i = 0; i < 5; ++i) {
    TableCommit commit;
    commit.identifier = TableIdentifier{*Namespace::FromLevels({"db"}), "pruned"};
    auto update = iceberg::ParseTableUpdate(
        fmt::format(R"({{"action":"set-properties","updates":{{"round":"{}"}}}})", i));
    ASSERT_TRUE(update.ok()) << update.status().ToString();
    commit.updates.push_back(*update);
    auto committed = catalog_->UpdateTable(commit);
    ASSERT_TRUE(committed.ok()) << committed.status().ToString();
    written.push_back(committed->metadata_location);
  }
  // The current file and the two the log keeps remain; the three older ones are gone.
  for (size_t i = 0; i < written.size(); ++i) {
    EXPECT_EQ(*file_io_->Exists(written[i]), i >= written.size() - 3) << i << " " << written[i];
  }
}

TEST_F(CatalogTest, NamesThatCouldLeaveTheWarehouseAreRejected) {
  for (std::string_view name : {"..", ".", "a/b", "..\\x", "a\x01b", "tab\tname", "x\x7f", ""}) {
    EXPECT_EQ(ValidateNewName(name, "table").kind(), ErrorKind::kBadRequest) << name;
    EXPECT_FALSE(Namespace::FromLevels({"db", std::string(name)}).ok()) << name;
  }
  EXPECT_TRUE(ValidateNewName("events_2024.v2-final", "table").ok());
  EXPECT_TRUE(ValidateNewName("ünïcode ok", "table").ok());
  auto schema = iceberg::ParseSchema(
      R"({"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"}]})");
  ASSERT_TRUE(schema.ok());
  CreateTableRequest request;
  request.name = "../escape";
  request.schema = *schema;
  auto created = catalog_->CreateTable(*Namespace::FromLevels({"db"}), request);
  EXPECT_EQ(created.status().kind(), ErrorKind::kBadRequest);
  EXPECT_NE(created.status().message().find("'../escape'"), std::string::npos) << created.status().message();
  EXPECT_EQ(catalog_->RenameTable(TableIdentifier{*Namespace::FromLevels({"db"}), "t"},
                                  TableIdentifier{*Namespace::FromLevels({"db"}), ".."})
                .kind(),
            ErrorKind::kBadRequest);
}

}  // namespace
}  // namespace floe::catalog
