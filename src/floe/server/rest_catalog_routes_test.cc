// The REST catalog end to end: a real server on an ephemeral port, a SQLite
// store and a local warehouse in a temporary directory, and HTTP requests.
#include "floe/server/rest_catalog_routes.h"

#include <cstdlib>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "floe/catalog/sql_database.h"
#include "floe/common/json.h"
#include "floe/io/local_file_io.h"
#include "floe/server/health.h"
#include "floe/server/http_server.h"
#include "floe/server/test_http_client.h"

namespace floe::server {
namespace {

constexpr std::string_view kSchema =
    R"({"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"},)"
    R"({"id":2,"name":"data","required":false,"type":"string"}]})";

class RestCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    root_ = std::filesystem::temp_directory_path() /
            ("floe-rest-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "warehouse");
    // FLOE_TEST_POSTGRES_URI (test/catalog/with_postgres.sh) runs the suite on PostgreSQL.
    const char* postgres = std::getenv("FLOE_TEST_POSTGRES_URI");
    if (postgres != nullptr && *postgres != '\0') {
      store_uri_ = postgres;
      auto connection = catalog::ConnectPostgres(store_uri_);
      ASSERT_TRUE(connection.ok()) << connection.status().ToString();
      // Every table of every migration goes: a fresh schema.
      for (const char* statement : {"DROP SCHEMA public CASCADE", "CREATE SCHEMA public"}) {
        ASSERT_TRUE((*connection)->Execute(statement, {}).ok());
      }
    } else {
      store_uri_ = (root_ / "catalog.db").string();
    }
    server_ = StartServer(&catalog_);
    ASSERT_NE(server_, nullptr);
    client_ = std::make_unique<TestHttpClient>(BaseUrl());
  }

  // A server with its own store connection and Catalog over the shared database.
  std::unique_ptr<HttpServer> StartServer(std::shared_ptr<catalog::Catalog>* catalog_out) {
    auto store = catalog::OpenCatalogStore(store_uri_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return nullptr;
    catalog::CatalogOptions options;
    options.warehouse = (root_ / "warehouse").string();
    auto catalog = std::make_shared<catalog::Catalog>(*store, std::make_shared<io::LocalFileIO>(), options);
    auto router = std::make_shared<Router>();
    auto metrics = std::make_shared<MetricsRegistry>();
    AddRestCatalogRoutes(*router, catalog, RestCatalogOptions{{{"clients", "4"}}, {}});
    AddCatalogMetrics(*metrics, catalog);
    AddOperationalRoutes(*router, std::make_shared<HealthChecks>(), metrics);
    HttpServerOptions server_options;
    server_options.address = "127.0.0.1";
    server_options.port = 0;
    server_options.threads = 4;
    server_options.log_requests = false;
    auto server = std::make_unique<HttpServer>(server_options, router, metrics);
    EXPECT_TRUE(server->Start().ok());
    *catalog_out = catalog;
    return server;
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    std::filesystem::remove_all(root_);
  }

  std::string BaseUrl() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }

  // The string member `key` of a JSON body ("" when absent).
  static std::string Field(const std::string& body, std::string_view pointer) {
    auto document = json::JsonDocument::Parse(body);
    if (!document.ok()) return "";
    simdjson::dom::element value;
    if (document->root().at_pointer(pointer).get(value) != simdjson::SUCCESS) return "";
    if (value.is_string()) return std::string(std::string_view(value.get_string().value()));
    return json::ToJson(value);
  }

  TestHttpResponse CreateTable(const std::string& ns, const std::string& name) {
    return client_->Post("/v1/namespaces/" + ns + "/tables",
                         R"({"name":")" + name + R"(","schema":)" + std::string(kSchema) + "}");
  }

  std::filesystem::path root_;
  std::string store_uri_;
  std::shared_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<TestHttpClient> client_;
};

TEST_F(RestCatalogTest, Config) {
  TestHttpResponse config = client_->Get("/v1/config?warehouse=anything");
  ASSERT_EQ(config.status, 200);
  EXPECT_EQ(Field(config.body, "/defaults/clients"), "4");
  EXPECT_EQ(Field(config.body, "/idempotency-key-lifetime"), "PT30M");
  EXPECT_NE(config.body.find("\"POST /v1/{prefix}/namespaces/{namespace}/tables/{table}\""), std::string::npos);
  EXPECT_NE(config.body.find("\"POST /v1/{prefix}/transactions/commit\""), std::string::npos);
}

TEST_F(RestCatalogTest, Namespaces) {
  TestHttpResponse created = client_->Post("/v1/namespaces", R"({"namespace":["db"],"properties":{"owner":"me"}})");
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(created.body, R"({"namespace":["db"],"properties":{"owner":"me"}})");
  TestHttpResponse again = client_->Post("/v1/namespaces", R"({"namespace":["db"]})");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(Field(again.body, "/error/type"), "AlreadyExistsException");
  EXPECT_EQ(Field(again.body, "/error/code"), "409");

  TestHttpResponse malformed = client_->Post("/v1/namespaces", R"({"namespace":)");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(Field(malformed.body, "/error/type"), "BadRequestException");
  TestHttpResponse missing = client_->Post("/v1/namespaces", R"({"properties":{}})");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(Field(missing.body, "/error/message").find("namespace"), std::string::npos);
  TestHttpResponse wrong_type = client_->Post("/v1/namespaces", R"({"namespace":["x"],"properties":{"a":1}})");
  EXPECT_EQ(wrong_type.status, 400);
  EXPECT_NE(Field(wrong_type.body, "/error/message").find("properties.a"), std::string::npos);

  ASSERT_EQ(client_->Post("/v1/namespaces", R"({"namespace":["db","inner"]})").status, 200);
  EXPECT_EQ(client_->Get("/v1/namespaces").body, R"({"namespaces":[["db"]]})");
  EXPECT_EQ(client_->Get("/v1/namespaces?parent=db").body, R"({"namespaces":[["db","inner"]]})");
  EXPECT_EQ(client_->Get("/v1/namespaces?parent=nope").status, 404);
  EXPECT_EQ(client_->Get("/v1/namespaces/db%1Finner").body, R"({"namespace":["db","inner"],"properties":{}})");
  EXPECT_EQ(client_->Get("/v1/warehouse/namespaces/db").status, 200);  // with a prefix
  EXPECT_EQ(client_->Send("HEAD", "/v1/namespaces/db").status, 204);
  EXPECT_EQ(client_->Send("HEAD", "/v1/namespaces/nope").status, 404);
  TestHttpResponse absent = client_->Get("/v1/namespaces/nope");
  EXPECT_EQ(Field(absent.body, "/error/type"), "NoSuchNamespaceException");

  TestHttpResponse updated =
      client_->Post("/v1/namespaces/db/properties", R"({"removals":["owner","gone"],"updates":{"team":"x"}})");
  EXPECT_EQ(updated.body, R"({"updated":["team"],"removed":["owner"],"missing":["gone"]})");
  TestHttpResponse conflict = client_->Post("/v1/namespaces/db/properties", R"({"removals":["a"],"updates":{"a":"b"}})");
  EXPECT_EQ(conflict.status, 422);

  TestHttpResponse not_empty = client_->Send("DELETE", "/v1/namespaces/db");
  EXPECT_EQ(not_empty.status, 409);
  EXPECT_EQ(Field(not_empty.body, "/error/type"), "NamespaceNotEmptyException");
  EXPECT_EQ(client_->Send("DELETE", "/v1/namespaces/db%1Finner").status, 204);
  EXPECT_EQ(client_->Send("DELETE", "/v1/namespaces/db").status, 204);
  EXPECT_EQ(client_->Send("DELETE", "/v1/namespaces/db").status, 404);
}

TEST_F(RestCatalogTest, NamespacePaging) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(client_->Post("/v1/namespaces", R"({"namespace":["n)" + std::to_string(i) + R"("]})").status, 200);
  }
  TestHttpResponse first = client_->Get("/v1/namespaces?pageToken=&pageSize=2");
  EXPECT_EQ(first.body, R"({"namespaces":[["n0"],["n1"]],"next-page-token":"n1"})");
  TestHttpResponse last = client_->Get("/v1/namespaces?pageToken=n3&pageSize=2");
  EXPECT_EQ(last.body, R"({"namespaces":[["n4"]],"next-page-token":null})");
  EXPECT_EQ(client_->Get("/v1/namespaces?pageToken=&pageSize=0").status, 400);
}

TEST_F(RestCatalogTest, IdempotencyKeysReplayTheFirstResponse) {
  std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "017F22E2-79B0-7CC3-98C4-DC0C0C07398F"}};
  TestHttpResponse first = client_->Send("POST", "/v1/namespaces", R"({"namespace":["idem"]})", key);
  EXPECT_EQ(first.status, 200);
  TestHttpResponse retry = client_->Send("POST", "/v1/namespaces", R"({"namespace":["idem"]})", key);
  EXPECT_EQ(retry.status, 200);
  EXPECT_EQ(retry.body, first.body);
  EXPECT_EQ(retry.headers["idempotent-replayed"], "true");
  EXPECT_EQ(client_->Post("/v1/namespaces", R"({"namespace":["idem"]})").status, 409);  // without the key
}

TEST_F(RestCatalogTest, TablesCreateLoadCommitRenameDrop) {
  ASSERT_EQ(client_->Post("/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  EXPECT_EQ(CreateTable("nope", "t").status, 404);
  TestHttpResponse created = CreateTable("db", "t1");
  ASSERT_EQ(created.status, 200) << created.body;
  std::string location = Field(created.body, "/metadata-location");
  EXPECT_EQ(location.rfind((root_ / "warehouse/db/t1/metadata/00000-").string(), 0), 0u) << location;
  EXPECT_TRUE(std::filesystem::exists(location));
  EXPECT_EQ(Field(created.body, "/metadata/format-version"), "2");
  std::string uuid = Field(created.body, "/metadata/table-uuid");
  EXPECT_EQ(CreateTable("db", "t1").status, 409);
  TestHttpResponse bad_schema = client_->Post("/v1/namespaces/db/tables", R"({"name":"x","schema":{"type":"struct"}})");
  EXPECT_EQ(bad_schema.status, 400) << bad_schema.body;

  TestHttpResponse loaded = client_->Get("/v1/namespaces/db/tables/t1");
  ASSERT_EQ(loaded.status, 200);
  EXPECT_EQ(Field(loaded.body, "/metadata-location"), location);
  EXPECT_EQ(client_->Send("HEAD", "/v1/namespaces/db/tables/t1").status, 204);
  EXPECT_EQ(client_->Get("/v1/namespaces/db/tables").body,
            R"({"identifiers":[{"namespace":["db"],"name":"t1"}]})");

  TestHttpResponse committed = client_->Post(
      "/v1/namespaces/db/tables/t1",
      R"({"requirements":[{"type":"assert-table-uuid","uuid":")" + uuid +
          R"("}],"updates":[{"action":"set-properties","updates":{"k":"v"}}]})");
  ASSERT_EQ(committed.status, 200) << committed.body;
  std::string second = Field(committed.body, "/metadata-location");
  EXPECT_NE(second.find("/metadata/00001-"), std::string::npos) << second;
  EXPECT_EQ(Field(committed.body, "/metadata/properties/k"), "v");
  EXPECT_EQ(Field(committed.body, "/metadata/metadata-log/0/metadata-file"), location);

  TestHttpResponse stale = client_->Post(
      "/v1/namespaces/db/tables/t1",
      R"({"requirements":[{"type":"assert-current-schema-id","current-schema-id":7}],"updates":[]})");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(Field(stale.body, "/error/type"), "CommitFailedException");
  TestHttpResponse unknown = client_->Post("/v1/namespaces/db/tables/t1",
                                           R"({"requirements":[],"updates":[{"action":"drop-everything"}]})");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(client_->Post("/v1/namespaces/db/tables/t1", R"({"updates":[]})").status, 400);

  TestHttpResponse renamed = client_->Post(
      "/v1/tables/rename",
      R"({"source":{"namespace":["db"],"name":"t1"},"destination":{"namespace":["db"],"name":"t9"}})");
  EXPECT_EQ(renamed.status, 204) << renamed.body;
  TestHttpResponse gone = client_->Get("/v1/namespaces/db/tables/t1");
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(Field(gone.body, "/error/type"), "NoSuchTableException");
  EXPECT_EQ(Field(client_->Get("/v1/namespaces/db/tables/t9").body, "/metadata-location"), second);

  TestHttpResponse registered =
      client_->Post("/v1/namespaces/db/register", R"({"name":"copy","metadata-location":")" + location + R"("})");
  EXPECT_EQ(registered.status, 200) << registered.body;
  EXPECT_EQ(Field(registered.body, "/metadata-location"), location);
  EXPECT_EQ(client_->Post("/v1/namespaces/db/register", R"({"name":"x","metadata-location":"/nope.json"})").status,
            400);

  EXPECT_EQ(client_->Send("DELETE", "/v1/namespaces/db/tables/t9?purgeRequested=true").status, 204);
  catalog_->WaitForPurges();  // the purge runs in the background
  EXPECT_FALSE(std::filesystem::exists(second));
  EXPECT_EQ(client_->Send("DELETE", "/v1/namespaces/db/tables/t9").status, 404);
  EXPECT_EQ(client_->Post("/v1/namespaces/db/tables/copy/metrics", "{}").status, 400);  // no report-type
  EXPECT_EQ(client_->Post("/v1/namespaces/db/tables/copy/metrics",
                          R"({"report-type":"commit-report","table-name":"db.copy","snapshot-id":1,)"
                          R"("sequence-number":1,"operation":"append","metrics":{}})")
                .status,
            204);
}

TEST_F(RestCatalogTest, StagedCreateCommitsThroughUpdateTable) {
  ASSERT_EQ(client_->Post("/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  TestHttpResponse staged = client_->Post("/v1/namespaces/db/tables", R"({"name":"s","stage-create":true,"schema":)" +
                                                                          std::string(kSchema) + "}");
  ASSERT_EQ(staged.status, 200) << staged.body;
  EXPECT_EQ(Field(staged.body, "/metadata-location"), "");
  EXPECT_EQ(client_->Get("/v1/namespaces/db/tables/s").status, 404);
  std::string table_location = Field(staged.body, "/metadata/location");
  TestHttpResponse committed = client_->Post(
      "/v1/namespaces/db/tables/s",
      R"({"requirements":[{"type":"assert-create"}],"updates":[{"action":"assign-uuid","uuid":"2cc52516-5e73-41f2-b139-545d41a4e151"},)"
      R"({"action":"upgrade-format-version","format-version":2},{"action":"add-schema","schema":)" +
          std::string(kSchema) +
          R"(},{"action":"set-current-schema","schema-id":-1},{"action":"add-spec","spec":{"spec-id":0,"fields":[]}},)"
          R"({"action":"set-default-spec","spec-id":-1},{"action":"add-sort-order","sort-order":{"order-id":0,"fields":[]}},)"
          R"({"action":"set-default-sort-order","sort-order-id":-1},{"action":"set-location","location":")" +
          table_location + R"("}]})");
  ASSERT_EQ(committed.status, 200) << committed.body;
  EXPECT_EQ(Field(client_->Get("/v1/namespaces/db/tables/s").body, "/metadata/table-uuid"),
            "2cc52516-5e73-41f2-b139-545d41a4e151");
  TestHttpResponse twice = client_->Post("/v1/namespaces/db/tables/s",
                                         R"({"requirements":[{"type":"assert-create"}],"updates":[]})");
  EXPECT_EQ(twice.status, 409);
}

// Concurrent writers to one table through one server: every commit lands
// (one server serializes commits per table; races with other servers are
// re-applied on the winner, see TwoServersOnOneDatabase).
TEST_F(RestCatalogTest, ConcurrentCommitsAreReappliedOnTheWinner) {
  ASSERT_EQ(client_->Post("/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  TestHttpResponse created = CreateTable("db", "hot");
  std::string uuid = Field(created.body, "/metadata/table-uuid");
  constexpr int kThreads = 4, kCommits = 6;
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      TestHttpClient client(BaseUrl());
      for (int i = 0; i < kCommits; ++i) {
        std::string key = "k" + std::to_string(t) + "_" + std::to_string(i);
        TestHttpResponse response = client.Post(
            "/v1/namespaces/db/tables/hot",
            R"({"requirements":[{"type":"assert-table-uuid","uuid":")" + uuid +
                R"("}],"updates":[{"action":"set-properties","updates":{")" + key + R"(":"v"}}]})");
        if (response.status == 200) ++ok;
        else ADD_FAILURE() << response.status << " " << response.body;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok.load(), kThreads * kCommits);
  TestHttpResponse loaded = client_->Get("/v1/namespaces/db/tables/hot");
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kCommits; ++i) {
      EXPECT_EQ(Field(loaded.body, "/metadata/properties/k" + std::to_string(t) + "_" + std::to_string(i)), "v");
    }
  }
  EXPECT_NE(Field(loaded.body, "/metadata-location").find("/metadata/00024-"), std::string::npos);
  TestHttpResponse metrics = client_->Get("/metrics");
  EXPECT_NE(metrics.body.find("floe_catalog_commits_total 25"), std::string::npos) << metrics.body;
}

// Two server instances on one catalog database (as several floe processes
// behind a load balancer): commits through both interleave, none is lost.
TEST_F(RestCatalogTest, TwoServersOnOneDatabase) {
  std::shared_ptr<catalog::Catalog> second_catalog;
  auto second = StartServer(&second_catalog);
  ASSERT_NE(second, nullptr);
  std::string second_url = "http://127.0.0.1:" + std::to_string(second->port());
  ASSERT_EQ(client_->Post("/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  std::string uuid = Field(CreateTable("db", "shared").body, "/metadata/table-uuid");
  constexpr int kThreads = 4, kCommits = 5;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      TestHttpClient client(t % 2 == 0 ? BaseUrl() : second_url);
      for (int i = 0; i < kCommits; ++i) {
        std::string key = "s" + std::to_string(t) + "_" + std::to_string(i);
        TestHttpResponse response = client.Post(
            "/v1/namespaces/db/tables/shared",
            R"({"requirements":[{"type":"assert-table-uuid","uuid":")" + uuid +
                R"("}],"updates":[{"action":"set-properties","updates":{")" + key + R"(":"v"}}]})");
        if (response.status != 200) ADD_FAILURE() << response.status << " " << response.body;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  TestHttpClient other(second_url);
  TestHttpResponse loaded = other.Get("/v1/namespaces/db/tables/shared");
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kCommits; ++i) {
      EXPECT_EQ(Field(loaded.body, "/metadata/properties/s" + std::to_string(t) + "_" + std::to_string(i)), "v");
    }
  }
  EXPECT_NE(Field(loaded.body, "/metadata-location").find("/metadata/00020-"), std::string::npos);
  EXPECT_GT(catalog_->counters().commit_conflicts.load() + second_catalog->counters().commit_conflicts.load(), 0u);
}

TEST_F(RestCatalogTest, MultiTableTransactions) {
  ASSERT_EQ(client_->Post("/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  std::string a_uuid = Field(CreateTable("db", "a").body, "/metadata/table-uuid");
  std::string b_uuid = Field(CreateTable("db", "b").body, "/metadata/table-uuid");
  auto change = [](const std::string& name, const std::string& uuid) {
    return R"({"identifier":{"namespace":["db"],"name":")" + name +
           R"("},"requirements":[{"type":"assert-table-uuid","uuid":")" + uuid +
           R"("}],"updates":[{"action":"set-properties","updates":{"tx":"1"}}]})";
  };
  TestHttpResponse committed =
      client_->Post("/v1/transactions/commit", R"({"table-changes":[)" + change("a", a_uuid) + "," + change("b", b_uuid) + "]}");
  ASSERT_EQ(committed.status, 204) << committed.body;
  EXPECT_EQ(Field(client_->Get("/v1/namespaces/db/tables/a").body, "/metadata/properties/tx"), "1");
  EXPECT_EQ(Field(client_->Get("/v1/namespaces/db/tables/b").body, "/metadata/properties/tx"), "1");
  std::string before = Field(client_->Get("/v1/namespaces/db/tables/a").body, "/metadata-location");
  TestHttpResponse failed = client_->Post("/v1/transactions/commit", R"({"table-changes":[)" + change("a", a_uuid) +
                                                                         "," + change("b", a_uuid) + "]}");
  EXPECT_EQ(failed.status, 409) << failed.body;
  EXPECT_EQ(Field(client_->Get("/v1/namespaces/db/tables/a").body, "/metadata-location"), before);
}

TEST_F(RestCatalogTest, Views) {
  ASSERT_EQ(client_->Post("/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  std::string version =
      R"({"version-id":1,"timestamp-ms":1700000000000,"schema-id":0,"summary":{"engine-name":"test"},)"
      R"("representations":[{"type":"sql","sql":"select 1 as id","dialect":"spark"}],"default-namespace":["db"]})";
  TestHttpResponse created = client_->Post(
      "/v1/namespaces/db/views",
      R"({"name":"v","schema":)" + std::string(kSchema) + R"(,"view-version":)" + version + "}");
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_NE(Field(created.body, "/metadata-location").find("/metadata/00000-"), std::string::npos);
  EXPECT_EQ(client_->Get("/v1/namespaces/db/views").body, R"({"identifiers":[{"namespace":["db"],"name":"v"}]})");
  EXPECT_EQ(client_->Get("/v1/namespaces/db/views/v").status, 200);
  EXPECT_EQ(client_->Send("HEAD", "/v1/namespaces/db/views/v").status, 204);
  EXPECT_EQ(CreateTable("db", "v").status, 409);
  TestHttpResponse replaced = client_->Post("/v1/namespaces/db/views/v",
                                            R"({"updates":[{"action":"set-properties","updates":{"p":"1"}}]})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  EXPECT_NE(Field(replaced.body, "/metadata-location").find("/metadata/00001-"), std::string::npos);
  EXPECT_EQ(client_->Post("/v1/views/rename",
                          R"({"source":{"namespace":["db"],"name":"v"},"destination":{"namespace":["db"],"name":"w"}})")
                .status,
            204);
  EXPECT_EQ(client_->Send("DELETE", "/v1/namespaces/db/views/w").status, 204);
  EXPECT_EQ(Field(client_->Get("/v1/namespaces/db/views/w").body, "/error/type"), "NoSuchViewException");
}

TEST_F(RestCatalogTest, CreateTableWithoutReadOnlyIds) {
  // spec-id, order-id, field-id and schema-id are read-only in the OpenAPI
  // schemas; a client may omit them and the catalog assigns them.
  ASSERT_EQ(client_->Post("/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  TestHttpResponse created = client_->Post(
      "/v1/namespaces/db/tables",
      R"({"name":"events","schema":{"type":"struct","fields":[{"id":1,"name":"id","required":true,"type":"long"},)"
      R"({"id":2,"name":"ts","required":false,"type":"timestamptz"}]},)"
      R"("partition-spec":{"fields":[{"source-id":2,"name":"ts_day","transform":"day"}]},)"
      R"("write-order":{"fields":[{"source-id":1,"transform":"identity","direction":"asc","null-order":"nulls-first"}]}})");
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(Field(created.body, "/metadata/partition-specs/0/fields/0/name"), "ts_day");
  EXPECT_EQ(Field(created.body, "/metadata/partition-specs/0/fields/0/transform"), "day");
  EXPECT_EQ(Field(created.body, "/metadata/default-sort-order-id"), "1");
  EXPECT_EQ(Field(created.body, "/metadata/sort-orders/0/fields/0/transform"), "identity");
  // An explicit spec-id is still accepted.
  TestHttpResponse explicit_ids = client_->Post(
      "/v1/namespaces/db/tables",
      R"({"name":"t2","schema":)" + std::string(kSchema) +
          R"(,"partition-spec":{"spec-id":0,"fields":[{"source-id":1,"field-id":1000,"name":"id_b","transform":"bucket[4]"}]}})");
  EXPECT_EQ(explicit_ids.status, 200) << explicit_ids.body;
}

}  // namespace
}  // namespace floe::server

namespace floe::server {
namespace {

// Credential vending: X-Iceberg-Access-Delegation on createTable/loadTable and
// the loadCredentials route, on a server configured with S3 settings to vend.
TEST_F(RestCatalogTest, VendedCredentialsOnRequestAndLoadCredentials) {
  auto store = catalog::OpenCatalogStore(store_uri_);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  catalog::CatalogOptions options;
  options.warehouse = (root_ / "warehouse").string();
  auto catalog = std::make_shared<catalog::Catalog>(*store, std::make_shared<io::LocalFileIO>(), options);
  auto router = std::make_shared<Router>();
  RestCatalogOptions rest_options;
  rest_options.vended_credentials = {{"s3.endpoint", "http://minio:9000"},
                                     {"s3.access-key-id", "floe"},
                                     {"s3.secret-access-key", "secret"}};
  rest_options.vended_credentials_prefix = "s3://iceberg-warehouse/warehouse";
  AddRestCatalogRoutes(*router, catalog, rest_options);
  HttpServerOptions server_options;
  server_options.address = "127.0.0.1";
  server_options.port = 0;
  server_options.log_requests = false;
  HttpServer server(server_options, router, std::make_shared<MetricsRegistry>());
  ASSERT_TRUE(server.Start().ok());
  TestHttpClient client("http://127.0.0.1:" + std::to_string(server.port()));
  const std::vector<std::pair<std::string, std::string>> vend = {
      {"X-Iceberg-Access-Delegation", "remote-signing, vended-credentials"}};

  ASSERT_EQ(client.Post("/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  TestHttpResponse created = client.Send(
      "POST", "/v1/namespaces/db/tables", R"({"name":"t","schema":)" + std::string(kSchema) + "}", vend);
  ASSERT_EQ(created.status, 200) << created.body;
  EXPECT_EQ(Field(created.body, "/config/s3.access-key-id"), "floe");
  EXPECT_EQ(Field(created.body, "/config/s3.endpoint"), "http://minio:9000");
  EXPECT_EQ(Field(created.body, "/storage-credentials/0/prefix"), "s3://iceberg-warehouse/warehouse");
  EXPECT_EQ(Field(created.body, "/storage-credentials/0/config/s3.secret-access-key"), "secret");

  TestHttpResponse loaded = client.Send("GET", "/v1/namespaces/db/tables/t", "", vend);
  ASSERT_EQ(loaded.status, 200);
  EXPECT_EQ(Field(loaded.body, "/config/s3.secret-access-key"), "secret");
  // Without the header nothing is vended.
  TestHttpResponse plain = client.Get("/v1/namespaces/db/tables/t");
  EXPECT_EQ(Field(plain.body, "/config/s3.secret-access-key"), "");
  EXPECT_EQ(Field(plain.body, "/storage-credentials"), "");

  TestHttpResponse credentials = client.Get("/v1/prefix/namespaces/db/tables/t/credentials");
  ASSERT_EQ(credentials.status, 200) << credentials.body;
  EXPECT_EQ(Field(credentials.body, "/storage-credentials/0/config/s3.access-key-id"), "floe");
  EXPECT_EQ(client.Get("/v1/namespaces/db/tables/missing/credentials").status, 404);
  EXPECT_NE(client.Get("/v1/config").body.find("GET /v1/{prefix}/namespaces/{namespace}/tables/{table}/credentials"),
            std::string::npos);

  // The default server (same database) vends nothing: loadCredentials is an empty list.
  EXPECT_EQ(client_->Get("/v1/namespaces/db/tables/t/credentials").body, R"({"storage-credentials":[]})");
  TestHttpResponse not_vended = client_->Send("GET", "/v1/namespaces/db/tables/t", "", vend);
  EXPECT_EQ(Field(not_vended.body, "/config/s3.secret-access-key"), "");
}

}  // namespace
}  // namespace floe::server
