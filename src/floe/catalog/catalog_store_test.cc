// CatalogStore tests, run against SQLite and (when FLOE_TEST_POSTGRES_URI is
// set) against a real PostgreSQL.
#include "floe/catalog/catalog_store.h"

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "floe/catalog/sql_database.h"

namespace floe::catalog {
namespace {

Namespace Ns(std::vector<std::string> levels) { return *Namespace::FromLevels(std::move(levels)); }

// Returns the URI of an empty database of the given kind, or "" to skip.
std::string FreshDatabase(const std::string& kind, const std::string& test_name) {
  if (kind == "sqlite") {
    auto dir = std::filesystem::temp_directory_path() / ("floe-store-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::string file = test_name;
    for (char& c : file) c = c == '/' ? '_' : c;
    auto path = dir / (file + ".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path.string();
  }
  const char* uri = std::getenv("FLOE_TEST_POSTGRES_URI");
  if (uri == nullptr || *uri == '\0') return "";
  auto connection = ConnectPostgres(uri);
  EXPECT_TRUE(connection.ok()) << connection.status().ToString();
  if (!connection.ok()) return "";
  // Every table of every migration goes: a fresh schema.
  for (const char* statement : {"DROP SCHEMA public CASCADE", "CREATE SCHEMA public"}) {
    EXPECT_TRUE((*connection)->Execute(statement, {}).ok());
  }
  return uri;
}

class CatalogStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    uri_ = FreshDatabase(GetParam(), ::testing::UnitTest::GetInstance()->current_test_info()->name());
    if (uri_.empty()) GTEST_SKIP() << "FLOE_TEST_POSTGRES_URI is not set (run test/catalog/with_postgres.sh)";
    auto store = OpenCatalogStore(uri_, 4);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = *store;
  }

  CatalogObject Table(const Namespace& ns, std::string name, std::string location) {
    return CatalogObject{TableIdentifier{ns, std::move(name)}, CatalogObjectKind::kTable, std::move(location), ""};
  }

  std::string uri_;
  std::shared_ptr<CatalogStore> store_;
};

TEST_P(CatalogStoreTest, Namespaces) {
  EXPECT_TRUE(store_->Ping().ok());
  ASSERT_TRUE(store_->CreateNamespace(Ns({"accounting"}), {{"owner", "hank"}}).ok());
  EXPECT_EQ(store_->CreateNamespace(Ns({"accounting"}), {}).kind(), ErrorKind::kAlreadyExists);
  ASSERT_TRUE(store_->CreateNamespace(Ns({"accounting", "tax"}), {}).ok());
  ASSERT_TRUE(store_->CreateNamespace(Ns({"accounting", "tax", "paid"}), {}).ok());
  ASSERT_TRUE(store_->CreateNamespace(Ns({"zeta"}), {}).ok());

  auto top = store_->ListNamespaces(Namespace{}, {});
  ASSERT_TRUE(top.ok()) << top.status().ToString();
  ASSERT_EQ(top->items.size(), 2u);
  EXPECT_EQ(top->items[0], Ns({"accounting"}));
  EXPECT_FALSE(top->next_page_token);
  auto children = store_->ListNamespaces(Ns({"accounting", "tax"}), {});
  ASSERT_TRUE(children.ok());
  ASSERT_EQ(children->items.size(), 1u);
  EXPECT_EQ(children->items[0], Ns({"accounting", "tax", "paid"}));
  EXPECT_EQ(store_->ListNamespaces(Ns({"nope"}), {}).status().kind(), ErrorKind::kNoSuchNamespace);

  auto properties = store_->LoadNamespaceProperties(Ns({"accounting"}));
  ASSERT_TRUE(properties.ok());
  EXPECT_EQ(properties->at("owner"), "hank");
  EXPECT_EQ(store_->LoadNamespaceProperties(Ns({"nope"})).status().kind(), ErrorKind::kNoSuchNamespace);

  auto change = store_->UpdateNamespaceProperties(Ns({"accounting"}), {"owner", "absent"}, {{"team", "finance"}});
  ASSERT_TRUE(change.ok()) << change.status().ToString();
  EXPECT_EQ(change->removed, std::vector<std::string>{"owner"});
  EXPECT_EQ(change->missing, std::vector<std::string>{"absent"});
  EXPECT_EQ(change->updated, std::vector<std::string>{"team"});
  EXPECT_EQ(*store_->LoadNamespaceProperties(Ns({"accounting"})), (Properties{{"team", "finance"}}));
  EXPECT_EQ(store_->UpdateNamespaceProperties(Ns({"accounting"}), {"a"}, {{"a", "1"}}).status().kind(),
            ErrorKind::kUnprocessableEntity);
  EXPECT_EQ(store_->UpdateNamespaceProperties(Ns({"nope"}), {}, {}).status().kind(), ErrorKind::kNoSuchNamespace);

  EXPECT_EQ(store_->DropNamespace(Ns({"accounting", "tax"})).kind(), ErrorKind::kNamespaceNotEmpty);
  EXPECT_TRUE(store_->DropNamespace(Ns({"accounting", "tax", "paid"})).ok());
  EXPECT_TRUE(store_->DropNamespace(Ns({"accounting", "tax"})).ok());
  EXPECT_EQ(store_->DropNamespace(Ns({"accounting", "tax"})).kind(), ErrorKind::kNoSuchNamespace);
}

TEST_P(CatalogStoreTest, NamespacePagination) {
  for (int i = 0; i < 7; ++i) ASSERT_TRUE(store_->CreateNamespace(Ns({"ns" + std::to_string(i)}), {}).ok());
  std::vector<std::string> seen;
  PageRequest page{"", 3};
  int pages = 0;
  while (true) {
    auto listed = store_->ListNamespaces(Namespace{}, page);
    ASSERT_TRUE(listed.ok()) << listed.status().ToString();
    ++pages;
    for (const auto& ns : listed->items) seen.push_back(ns.ToString());
    if (!listed->next_page_token) break;
    page.token = *listed->next_page_token;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"ns0", "ns1", "ns2", "ns3", "ns4", "ns5", "ns6"}));
}

TEST_P(CatalogStoreTest, TablesAndViews) {
  Namespace db = Ns({"db"});
  EXPECT_EQ(store_->CreateObject(Table(db, "t", "/w/t/m0.json")).kind(), ErrorKind::kNoSuchNamespace);
  ASSERT_TRUE(store_->CreateNamespace(db, {}).ok());
  ASSERT_TRUE(store_->CreateObject(Table(db, "t", "/w/t/m0.json")).ok());
  Status duplicate = store_->CreateObject(Table(db, "t", "/w/t/other.json"));
  EXPECT_EQ(duplicate.kind(), ErrorKind::kAlreadyExists);
  EXPECT_EQ(duplicate.message(), "Table already exists: db.t");
  CatalogObject view{TableIdentifier{db, "t"}, CatalogObjectKind::kView, "/w/v.json", ""};
  EXPECT_EQ(store_->CreateObject(view).message(), "Table with same name already exists: db.t");
  view.identifier.name = "v";
  ASSERT_TRUE(store_->CreateObject(view).ok());

  auto loaded = store_->LoadObject(TableIdentifier{db, "t"}, CatalogObjectKind::kTable);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->metadata_location, "/w/t/m0.json");
  EXPECT_EQ(store_->LoadObject(TableIdentifier{db, "v"}, CatalogObjectKind::kTable).status().kind(),
            ErrorKind::kNoSuchTable);
  EXPECT_EQ(store_->LoadObject(TableIdentifier{db, "t"}, CatalogObjectKind::kView).status().kind(),
            ErrorKind::kNoSuchView);

  auto tables = store_->ListObjects(db, CatalogObjectKind::kTable, {});
  ASSERT_TRUE(tables.ok());
  ASSERT_EQ(tables->items.size(), 1u);
  EXPECT_EQ(tables->items[0].name, "t");
  EXPECT_EQ(store_->ListObjects(Ns({"nope"}), CatalogObjectKind::kTable, {}).status().kind(),
            ErrorKind::kNoSuchNamespace);
  EXPECT_EQ(store_->DropNamespace(db).kind(), ErrorKind::kNamespaceNotEmpty);

  // Compare-and-swap of the pointer.
  TableIdentifier t{db, "t"};
  EXPECT_TRUE(store_->SwapMetadataLocations({{t, CatalogObjectKind::kTable, "/w/t/m0.json", "/w/t/m1.json"}}).ok());
  Status stale = store_->SwapMetadataLocations({{t, CatalogObjectKind::kTable, "/w/t/m0.json", "/w/t/m2.json"}});
  EXPECT_EQ(stale.kind(), ErrorKind::kCommitFailed) << stale.ToString();
  loaded = store_->LoadObject(t, CatalogObjectKind::kTable);
  EXPECT_EQ(loaded->metadata_location, "/w/t/m1.json");
  EXPECT_EQ(loaded->previous_metadata_location, "/w/t/m0.json");

  // Rename, across namespaces.
  ASSERT_TRUE(store_->CreateNamespace(Ns({"other"}), {}).ok());
  TableIdentifier moved{Ns({"other"}), "t2"};
  EXPECT_EQ(store_->RenameObject(t, TableIdentifier{db, "v"}, CatalogObjectKind::kTable).kind(),
            ErrorKind::kAlreadyExists);
  EXPECT_EQ(store_->RenameObject(t, TableIdentifier{Ns({"nope"}), "x"}, CatalogObjectKind::kTable).kind(),
            ErrorKind::kNoSuchNamespace);
  ASSERT_TRUE(store_->RenameObject(t, moved, CatalogObjectKind::kTable).ok());
  EXPECT_EQ(store_->RenameObject(t, moved, CatalogObjectKind::kTable).kind(), ErrorKind::kNoSuchTable);
  EXPECT_EQ(store_->LoadObject(moved, CatalogObjectKind::kTable)->metadata_location, "/w/t/m1.json");

  EXPECT_TRUE(store_->DropObject(moved, CatalogObjectKind::kTable).ok());
  EXPECT_EQ(store_->DropObject(moved, CatalogObjectKind::kTable).kind(), ErrorKind::kNoSuchTable);
  EXPECT_EQ(store_->SwapMetadataLocations({{moved, CatalogObjectKind::kTable, "/w/t/m1.json", "/x"}}).kind(),
            ErrorKind::kNoSuchTable);
}

TEST_P(CatalogStoreTest, MultiTableSwapIsAllOrNothing) {
  Namespace db = Ns({"db"});
  ASSERT_TRUE(store_->CreateNamespace(db, {}).ok());
  ASSERT_TRUE(store_->CreateObject(Table(db, "a", "a0")).ok());
  ASSERT_TRUE(store_->CreateObject(Table(db, "b", "b0")).ok());
  TableIdentifier a{db, "a"}, b{db, "b"};
  Status failed = store_->SwapMetadataLocations(
      {{a, CatalogObjectKind::kTable, "a0", "a1"}, {b, CatalogObjectKind::kTable, "stale", "b1"}});
  EXPECT_EQ(failed.kind(), ErrorKind::kCommitFailed);
  EXPECT_EQ(store_->LoadObject(a, CatalogObjectKind::kTable)->metadata_location, "a0");
  EXPECT_TRUE(store_->SwapMetadataLocations({{b, CatalogObjectKind::kTable, "b0", "b1"},
                                             {a, CatalogObjectKind::kTable, "a0", "a1"}})
                  .ok());
  EXPECT_EQ(store_->LoadObject(a, CatalogObjectKind::kTable)->metadata_location, "a1");
  EXPECT_EQ(store_->LoadObject(b, CatalogObjectKind::kTable)->metadata_location, "b1");
}

// Many threads over two store instances (two "servers" on one database) race
// to advance one pointer: every successful swap must be based on the value it
// replaced, so the number of successes equals the length of the chain.
TEST_P(CatalogStoreTest, ConcurrentCompareAndSwapFromTwoInstances) {
  Namespace db = Ns({"db"});
  ASSERT_TRUE(store_->CreateNamespace(db, {}).ok());
  ASSERT_TRUE(store_->CreateObject(Table(db, "t", "v0")).ok());
  auto second = OpenCatalogStore(uri_, 4);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  std::shared_ptr<CatalogStore> stores[2] = {store_, *second};
  TableIdentifier t{db, "t"};
  std::atomic<int> successes{0}, conflicts{0}, other{0};
  std::vector<std::thread> threads;
  for (int thread = 0; thread < 8; ++thread) {
    threads.emplace_back([&, thread] {
      CatalogStore& store = *stores[thread % 2];
      for (int attempt = 0; attempt < 25; ++attempt) {
        auto current = store.LoadObject(t, CatalogObjectKind::kTable);
        if (!current.ok()) {
          ++other;
          continue;
        }
        std::string next = "v" + std::to_string(std::stoi(current->metadata_location.substr(1)) + 1);
        Status swapped = store.SwapMetadataLocations({{t, CatalogObjectKind::kTable, current->metadata_location, next}});
        if (swapped.ok()) {
          ++successes;
        } else if (swapped.kind() == ErrorKind::kCommitFailed) {
          ++conflicts;
        } else {
          ++other;
          ADD_FAILURE() << swapped.ToString();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(successes + conflicts, 200);
  auto final_location = store_->LoadObject(t, CatalogObjectKind::kTable);
  ASSERT_TRUE(final_location.ok());
  EXPECT_EQ(final_location->metadata_location, "v" + std::to_string(successes.load()));
}

TEST_P(CatalogStoreTest, IdempotencyKeys) {
  auto missing = store_->FindIdempotentResponse("k1");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(store_->RecordIdempotentResponse("k1", "createNamespace", {200, "{\"a\":1}"}, 3600000).ok());
  ASSERT_TRUE(store_->RecordIdempotentResponse("k1", "createNamespace", {409, "later"}, 3600000).ok());
  auto found = store_->FindIdempotentResponse("k1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->http_status, 200);
  EXPECT_EQ((*found)->body, "{\"a\":1}");
}

TEST_P(CatalogStoreTest, IdempotencyClaimsAdmitOneRequestAtATime) {
  using State = IdempotencyClaim::State;
  auto first = store_->ClaimIdempotencyKey("k2", "updateTable", 60000);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->state, State::kClaimed);
  EXPECT_EQ(store_->ClaimIdempotencyKey("k2", "updateTable", 60000)->state, State::kInProgress);
  EXPECT_FALSE(store_->FindIdempotentResponse("k2")->has_value());  // nothing final yet
  ASSERT_TRUE(store_->RecordIdempotentResponse("k2", "updateTable", {200, "done"}, 3600000).ok());
  auto replay = store_->ClaimIdempotencyKey("k2", "updateTable", 60000);
  EXPECT_EQ(replay->state, State::kFinished);
  EXPECT_EQ(replay->response.http_status, 200);
  EXPECT_EQ(replay->response.body, "done");
  EXPECT_EQ(replay->operation, "updateTable");
  ASSERT_TRUE(store_->ReleaseIdempotencyKey("k2").ok());  // a finished key stays
  EXPECT_EQ(store_->ClaimIdempotencyKey("k2", "updateTable", 60000)->state, State::kFinished);

  // A released claim (a 5xx) lets the retry run.
  EXPECT_EQ(store_->ClaimIdempotencyKey("k3", "createTable", 60000)->state, State::kClaimed);
  ASSERT_TRUE(store_->ReleaseIdempotencyKey("k3").ok());
  EXPECT_EQ(store_->ClaimIdempotencyKey("k3", "createTable", 60000)->state, State::kClaimed);
  // A claim past its lease (its server died) is taken over, by one claimer only.
  EXPECT_EQ(store_->ClaimIdempotencyKey("k3", "createTable", -1000)->state, State::kClaimed);
  EXPECT_EQ(store_->ClaimIdempotencyKey("k3", "createTable", 60000)->state, State::kInProgress);

  // Many concurrent claimers of one key: exactly one wins.
  std::atomic<int> claimed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto claim = store_->ClaimIdempotencyKey("k4", "commitTransaction", 60000);
      if (claim.ok() && claim->state == State::kClaimed) ++claimed;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(claimed.load(), 1);
}

TEST_P(CatalogStoreTest, DropForPurgeRecordsAPendingPurgeAtomically) {
  Namespace db = Ns({"db"});
  ASSERT_TRUE(store_->CreateNamespace(db, {}).ok());
  ASSERT_TRUE(store_->CreateObject(Table(db, "t", "/w/t/metadata/00003-a.metadata.json")).ok());
  auto dropped = store_->DropTableForPurge(TableIdentifier{db, "t"});
  ASSERT_TRUE(dropped.ok()) << dropped.status().ToString();
  EXPECT_EQ(*dropped, "/w/t/metadata/00003-a.metadata.json");
  EXPECT_EQ(store_->LoadObject(TableIdentifier{db, "t"}, CatalogObjectKind::kTable).status().kind(),
            ErrorKind::kNoSuchTable);
  EXPECT_EQ(store_->DropTableForPurge(TableIdentifier{db, "t"}).status().kind(), ErrorKind::kNoSuchTable);
  auto pending = store_->ListPendingPurges(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().metadata_location, *dropped);
  EXPECT_EQ(pending->front().table.ToString(), "db.t");
  EXPECT_GT(pending->front().requested_ms, 0);
  // One claimer at a time; an expired claim can be taken over.
  EXPECT_TRUE(*store_->ClaimPendingPurge(*dropped, 60000));
  EXPECT_FALSE(*store_->ClaimPendingPurge(*dropped, 60000));
  EXPECT_TRUE(*store_->ClaimPendingPurge(*dropped, -1000));
  ASSERT_TRUE(store_->CompletePendingPurge(*dropped).ok());
  EXPECT_TRUE(store_->ListPendingPurges(10)->empty());
  EXPECT_FALSE(*store_->ClaimPendingPurge(*dropped, 60000));  // gone
  // The namespace is empty again.
  EXPECT_TRUE(store_->DropNamespace(db).ok());
}

TEST_P(CatalogStoreTest, MetricsReportsNewestFirst) {
  TableIdentifier table{Ns({"db"}), "t"};
  for (int i = 0; i < 3; ++i) {
    MetricsReportRecord record;
    record.table = table;
    record.report_type = i == 2 ? "commit-report" : "scan-report";
    record.snapshot_id = i;
    record.report = "{\"n\":" + std::to_string(i) + "}";
    ASSERT_TRUE(store_->RecordMetricsReport(record, 3600000).ok());
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // distinct received_ms for the order
  }
  auto reports = store_->ListMetricsReports(table, 2);
  ASSERT_TRUE(reports.ok()) << reports.status().ToString();
  ASSERT_EQ(reports->size(), 2u);
  EXPECT_EQ((*reports)[0].report, "{\"n\":2}");
  EXPECT_EQ((*reports)[0].report_type, "commit-report");
  EXPECT_EQ((*reports)[1].snapshot_id, 1);
  EXPECT_TRUE(store_->ListMetricsReports(TableIdentifier{Ns({"db"}), "other"}, 5)->empty());
}

TEST_P(CatalogStoreTest, ReopeningKeepsStateAndSkipsAppliedMigrations) {
  ASSERT_TRUE(store_->CreateNamespace(Ns({"kept"}), {{"k", "v"}}).ok());
  store_.reset();
  auto reopened = OpenCatalogStore(uri_, 2);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ((*reopened)->LoadNamespaceProperties(Ns({"kept"}))->at("k"), "v");
}

INSTANTIATE_TEST_SUITE_P(Stores, CatalogStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(CatalogIdentifierTest, KeysAndValidation) {
  Namespace ns = Ns({"a", "b"});
  EXPECT_EQ(ns.Key(), "a\x1F" "b");
  EXPECT_EQ(ns.ToString(), "a.b");
  EXPECT_EQ(*Namespace::FromKey("a\x1F" "b"), ns);
  EXPECT_EQ(ns.Parent(), Ns({"a"}));
  EXPECT_FALSE(Namespace::FromKey("").ok());
  EXPECT_FALSE(Namespace::FromKey("a\x1F").ok());
  EXPECT_FALSE(Namespace::FromLevels({}).ok());
  EXPECT_EQ((TableIdentifier{ns, "t"}).ToString(), "a.b.t");
}

TEST(OpenCatalogStoreTest, RejectsUnknownSchemes) {
  EXPECT_EQ(OpenCatalogStore("mysql://x/y").status().kind(), ErrorKind::kBadRequest);
  EXPECT_EQ(OpenCatalogStore("postgresql://127.0.0.1:1/none?connect_timeout=2").status().kind(),
            ErrorKind::kServiceUnavailable);
}

}  // namespace
}  // namespace floe::catalog
