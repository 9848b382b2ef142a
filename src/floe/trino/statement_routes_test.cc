#include "floe/trino/statement_routes.h"

#include <unistd.h>

#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "floe/common/json.h"
#include "floe/server/http_server.h"
#include "floe/server/test_http_client.h"
#include "floe/server/token_authority.h"
#include "floe/sql/error.h"
#include "floe/trino/statement_client.h"

namespace floe::trino {
namespace {

using server::TestHttpClient;
using server::TestHttpResponse;

class TrinoProtocolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("floe-trino-test-" + std::to_string(::getpid()) + "-" +
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
    TrinoProtocolOptions protocol_options;
    protocol_options.page_max_rows = 10;
    if (std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()).find("Bearer") !=
        std::string::npos) {
      server::TokenAuthorityOptions authority;
      authority.clients.push_back({"bi", server::HashClientSecret("s3cret", 1000)});
      authority.signing_key = std::string(32, 'k');
      auto created = server::TokenAuthority::Create(std::move(authority));
      ASSERT_TRUE(created.ok()) << created.status().ToString();
      authority_ = *created;
      protocol_options.token_authority = authority_;
    }
    metrics_ = std::make_shared<server::MetricsRegistry>();
    protocol_options.metrics = metrics_;
    engine_ = std::make_shared<engine::Engine>(catalog, *file_io);
    protocol_ = std::make_unique<TrinoProtocol>(engine_, protocol_options);
    auto router = std::make_shared<server::Router>();
    protocol_->AddRoutes(*router);
    server::HttpServerOptions server_options;
    server_options.address = "127.0.0.1";
    server_options.port = 0;
    server_options.threads = 2;
    server_options.log_requests = false;
    server_ = std::make_unique<server::HttpServer>(server_options, router, std::make_shared<server::MetricsRegistry>());
    ASSERT_TRUE(server_->Start().ok());
    base_ = "http://127.0.0.1:" + std::to_string(server_->port());
    client_ = std::make_unique<TestHttpClient>(base_);
  }
  void TearDown() override {
    client_.reset();
    server_.reset();
    protocol_.reset();
    std::filesystem::remove_all(directory_);
  }

  TestHttpResponse Post(const std::string& sql, std::vector<std::pair<std::string, std::string>> headers = {}) {
    headers.emplace_back("X-Trino-User", "alice");
    return client_->Send("POST", "/v1/statement", sql, headers);
  }

  // Follows nextUri to the end; returns every response body.
  std::vector<std::string> RunToEnd(const std::string& sql,
                                    std::vector<std::pair<std::string, std::string>> headers = {}) {
    std::vector<std::string> pages;
    TestHttpResponse response = Post(sql, headers);
    while (true) {
      EXPECT_EQ(response.status, 200) << response.body;
      if (response.status != 200) break;
      pages.push_back(response.body);
      auto document = json::JsonDocument::Parse(response.body);
      EXPECT_TRUE(document.ok());
      auto next = json::GetOptionalString(*json::AsObject(document->root(), "page"), "nextUri");
      if (!next.ok() || !*next) break;
      response = client_->Get(Path(std::string(**next)));
    }
    return pages;
  }

  std::string Path(const std::string& uri) { return uri.substr(base_.size()); }

  std::filesystem::path directory_;
  std::shared_ptr<engine::Engine> engine_;
  std::shared_ptr<const server::TokenAuthority> authority_;  // set for tests named *Bearer*
  std::shared_ptr<server::MetricsRegistry> metrics_;
  std::unique_ptr<TrinoProtocol> protocol_;
  std::unique_ptr<server::HttpServer> server_;
  std::unique_ptr<TestHttpClient> client_;
  std::string base_;
};

std::string Member(const std::string& body, std::string_view key) {
  auto document = json::JsonDocument::Parse(body);
  if (!document.ok()) return "<invalid json>";
  auto object = json::AsObject(document->root(), "page");
  auto value = json::Find(*object, key);
  return value ? json::ToJson(*value) : "<absent>";
}

TEST_F(TrinoProtocolTest, UserIsRequired) {
  TestHttpResponse response = client_->Send("POST", "/v1/statement", "SELECT 1");
  EXPECT_EQ(response.status, 401);
  EXPECT_NE(response.body.find("X-Trino-User"), std::string::npos);
  EXPECT_EQ(Post("  ").status, 400);
}

// With OAuth2 configured (floe serve --oauth-client), statements need a
// bearer token from the REST catalog's token endpoint; /v1/info stays open.
TEST_F(TrinoProtocolTest, StatementsNeedABearerTokenWhenAuthenticationIsOn) {
  TestHttpResponse anonymous = Post("SELECT 1");
  EXPECT_EQ(anonymous.status, 401) << anonymous.body;
  EXPECT_EQ(Post("SELECT 1", {{"Authorization", "Bearer not-a-token"}}).status, 401);
  EXPECT_EQ(client_->Get("/v1/info").status, 200);

  auto token = authority_->IssueForClient("bi", "s3cret", "");
  ASSERT_TRUE(token.ok()) << token.status().ToString();
  std::vector<std::pair<std::string, std::string>> bearer{{"Authorization", "Bearer " + token->access_token}};
  TestHttpResponse submitted = Post("SELECT 41 + 1", bearer);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  auto document = json::JsonDocument::Parse(submitted.body);
  ASSERT_TRUE(document.ok());
  auto next = json::GetOptionalString(*json::AsObject(document->root(), "page"), "nextUri");
  ASSERT_TRUE(next.ok() && *next);
  // Following nextUri needs the token too.
  EXPECT_EQ(client_->Get(Path(std::string(**next))).status, 401);
  std::string data;
  std::string uri(**next);
  for (int i = 0; i < 20 && !uri.empty(); ++i) {
    TestHttpResponse page = client_->Send("GET", Path(uri), "", bearer);
    ASSERT_EQ(page.status, 200) << page.body;
    if (Member(page.body, "data") != "<absent>") data = Member(page.body, "data");
    auto parsed = json::JsonDocument::Parse(page.body);
    ASSERT_TRUE(parsed.ok());
    auto following = json::GetOptionalString(*json::AsObject(parsed->root(), "page"), "nextUri");
    uri = following.ok() && *following ? std::string(**following) : "";
  }
  EXPECT_EQ(data, "[[42]]");
}

TEST_F(TrinoProtocolTest, SelectPagesThroughNextUri) {
  std::vector<std::string> setup = RunToEnd("CREATE SCHEMA s");
  ASSERT_FALSE(setup.empty());
  EXPECT_EQ(Member(setup.back(), "updateType"), "\"CREATE SCHEMA\"");
  RunToEnd("CREATE TABLE s.t (id bigint, name varchar, price decimal(10,2))", {{"X-Trino-Catalog", "iceberg"}});
  std::string values;
  for (int i = 0; i < 25; ++i) values += (i ? "," : "") + fmt::format("({}, 'n{}', {}.25)", i, i, i);
  std::vector<std::string> insert = RunToEnd("INSERT INTO t VALUES " + values, {{"X-Trino-Schema", "s"}});
  ASSERT_FALSE(insert.empty());
  EXPECT_EQ(Member(insert.back(), "updateType"), "\"INSERT\"");
  EXPECT_EQ(Member(insert.back(), "updateCount"), "25");

  std::vector<std::string> pages = RunToEnd("SELECT id, name, price FROM s.t ORDER BY id");
  ASSERT_GE(pages.size(), 3u);  // 25 rows, 10 per page
  std::string data;
  int64_t rows = 0;
  for (const auto& page : pages) {
    std::string page_data = Member(page, "data");
    if (page_data == "<absent>") continue;
    auto document = json::JsonDocument::Parse(page_data);
    rows += static_cast<int64_t>(json::AsArray(document->root(), "data")->size());
    if (data.empty()) data = page_data;
  }
  EXPECT_EQ(rows, 25);
  EXPECT_EQ(data.substr(0, 30), R"j([[0,"n0","0.25"],[1,"n1","1.25)j");
  EXPECT_EQ(Member(pages.back(), "nextUri"), "<absent>");
  EXPECT_NE(Member(pages.back(), "stats").find(R"j("state":"FINISHED")j"), std::string::npos);
  EXPECT_NE(Member(pages.back(), "columns").find(R"j({"name":"price","type":"decimal(10,2)")j"), std::string::npos);
}

TEST_F(TrinoProtocolTest, RetryOfAPageReturnsTheSamePage) {
  TestHttpResponse first = Post("SELECT * FROM (VALUES 1, 2, 3) AS t(x)");
  ASSERT_EQ(first.status, 200);
  std::string next = Member(first.body, "nextUri");
  ASSERT_NE(next, "<absent>");
  std::string path = Path(next.substr(1, next.size() - 2));
  TestHttpResponse page = client_->Get(path);
  TestHttpResponse again = client_->Get(path);
  EXPECT_EQ(page.body, again.body);
}

TEST_F(TrinoProtocolTest, ErrorsHaveTrinoShape) {
  std::vector<std::string> pages = RunToEnd("SELECT *\nFROM missing_table", {{"X-Trino-Schema", "nope"}});
  ASSERT_FALSE(pages.empty());
  std::string error = Member(pages.back(), "error");
  EXPECT_NE(error.find(R"j("errorType":"USER_ERROR")j"), std::string::npos) << error;
  EXPECT_NE(error.find(R"j("errorLocation":{"lineNumber":2,"columnNumber":6})j"), std::string::npos) << error;
  EXPECT_NE(Member(pages.back(), "stats").find(R"j("state":"FAILED")j"), std::string::npos);

  std::string metrics = metrics_->RenderPrometheus();
  EXPECT_NE(metrics.find("floe_trino_queries_total{state=\"FAILED\"} 1"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("floe_trino_active_queries"), std::string::npos) << metrics;

  pages = RunToEnd("SELEC 1");
  std::string syntax = Member(pages.back(), "error");
  EXPECT_NE(syntax.find(R"j("errorName":"SYNTAX_ERROR")j"), std::string::npos) << syntax;
  EXPECT_NE(syntax.find(R"j("errorCode":1)j"), std::string::npos) << syntax;
}

TEST_F(TrinoProtocolTest, UseSetsSchemaHeaders) {
  RunToEnd("CREATE SCHEMA analytics");
  TestHttpResponse response = Post("USE iceberg.analytics");
  ASSERT_EQ(response.status, 200);
  while (Member(response.body, "nextUri") != "<absent>") {
    std::string next = Member(response.body, "nextUri");
    response = client_->Get(Path(next.substr(1, next.size() - 2)));
  }
  EXPECT_EQ(response.headers["x-trino-set-schema"], "analytics");
  EXPECT_EQ(response.headers["x-trino-set-catalog"], "iceberg");
}

TEST_F(TrinoProtocolTest, DeleteCancelsAndForgetsTheQuery) {
  // The answer to POST never ends the query, so there is always a nextUri to DELETE.
  TestHttpResponse response = Post("SELECT * FROM (VALUES 1, 2, 3) AS t(x)");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(Member(response.body, "data"), "<absent>");
  std::string next = Member(response.body, "nextUri");
  ASSERT_NE(next, "<absent>");
  std::string path = Path(next.substr(1, next.size() - 2));
  EXPECT_EQ(client_->Send("DELETE", path).status, 204);
  TestHttpResponse after = client_->Get(path);
  EXPECT_TRUE(after.status == 410 || after.status == 404) << after.status;
  EXPECT_EQ(client_->Send("DELETE", "/v1/query/20200101_000000_00000_nosuch").status, 404);
}

TEST_F(TrinoProtocolTest, AbandonedQueriesAreCancelledAndForgotten) {
  TrinoProtocolOptions options;
  options.abandon_timeout = std::chrono::milliseconds(50);
  TrinoProtocol protocol(engine_, options);
  auto router = std::make_shared<server::Router>();
  protocol.AddRoutes(*router);
  server::HttpServerOptions server_options;
  server_options.address = "127.0.0.1";
  server_options.port = 0;
  server_options.log_requests = false;
  server::HttpServer server(server_options, router, std::make_shared<server::MetricsRegistry>());
  ASSERT_TRUE(server.Start().ok());
  std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  TestHttpClient client(base);
  TestHttpResponse response =
      client.Send("POST", "/v1/statement", "SELECT * FROM (VALUES 1, 2, 3) AS t(x)", {{"X-Trino-User", "bob"}});
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(protocol.active_queries(), 1u);
  // The client never fetches: the sweeper drops the query (bounded wait).
  for (int i = 0; i < 200 && protocol.active_queries() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(protocol.active_queries(), 0u);
  std::string next = Member(response.body, "nextUri");
  EXPECT_EQ(client.Get(next.substr(1 + base.size(), next.size() - 2 - base.size())).status, 404);
  server.BeginShutdown();
  server.Wait();
}

TEST_F(TrinoProtocolTest, UnknownQueryIs404) {
  EXPECT_EQ(client_->Get("/v1/statement/executing/20200101_000000_00000_abcde/yslug/1").status, 404);
}

TEST_F(TrinoProtocolTest, Info) {
  TestHttpResponse response = client_->Get("/v1/info");
  ASSERT_EQ(response.status, 200);
  EXPECT_EQ(Member(response.body, "coordinator"), "true");
  EXPECT_EQ(Member(response.body, "starting"), "false");
  EXPECT_NE(Member(response.body, "nodeVersion").find("version"), std::string::npos);
}

// Every result, read back by StatementClient, prints as the engine's own
// result does (the guarantee `floe sql --server` relies on).
TEST_F(TrinoProtocolTest, StatementClientDecodesWhatTheServerEncodes) {
  auto client = StatementClient::Create(base_);
  ASSERT_TRUE(client.ok()) << client.status().ToString();
  engine::Session session;
  auto run = [&](const std::string& sql) -> std::vector<std::string> {
    auto result = (*client)->Execute(session, sql);
    EXPECT_TRUE(result.ok()) << sql << ": " << result.status().ToString();
    if (!result.ok()) return {};
    if ((*result)->set_schema()) session.schema = *(*result)->set_schema();
    std::vector<std::string> rows;
    columnar::Batch batch;
    while (true) {
      auto more = (*result)->Next(&batch);
      EXPECT_TRUE(more.ok()) << more.status().ToString();
      if (!more.ok() || !*more) break;
      for (int64_t r = 0; r < batch.num_rows; ++r) {
        std::string row;
        for (size_t c = 0; c < batch.columns.size(); ++c) {
          row += (c ? "|" : "") + (batch.columns[c]->IsNull(r)
                                       ? std::string("NULL")
                                       : engine::FormatCell(*batch.columns[c], r, (*result)->columns()[c].type));
        }
        rows.push_back(row);
      }
    }
    return rows;
  };
  run("CREATE SCHEMA s");
  run("USE iceberg.s");
  EXPECT_EQ(session.schema, "s");
  run("CREATE TABLE t (b boolean, i integer, l bigint, r real, d double, m decimal(20,3), v varchar, "
      "x varbinary, day date, ts timestamp(6), tz timestamp(6) with time zone)");
  run("INSERT INTO t VALUES (true, -5, 9000000000, REAL '2.5', -0.125, DECIMAL '-12345678901234567.891', 'ü,x', "
      "X'00ff', DATE '1999-12-31', TIMESTAMP '2024-02-29 23:59:59.999999', TIMESTAMP '2024-01-01 00:00:00 UTC'), "
      "(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)");
  std::vector<std::string> expected = {
      "true|-5|9000000000|2.5|-0.125|-12345678901234567.891|ü,x|00 ff|1999-12-31|2024-02-29 23:59:59.999999|"
      "2024-01-01 00:00:00.000000 UTC",
      "NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL"};
  EXPECT_EQ(run("SELECT * FROM t ORDER BY i NULLS LAST"), expected);

  auto failed = (*client)->Execute(session, "SELECT nope FROM t");
  ASSERT_FALSE(failed.ok());
  sql::QueryError error = sql::DescribeError(failed.status());
  EXPECT_EQ(error.error_name, "COLUMN_NOT_FOUND");
  ASSERT_TRUE(error.location.has_value());
  EXPECT_EQ(error.location->column, 8);

  auto unreachable = StatementClient::Create("http://127.0.0.1:1");
  ASSERT_TRUE(unreachable.ok());
  auto refused = (*unreachable)->Execute(session, "SELECT 1");
  EXPECT_FALSE(refused.ok());
  EXPECT_FALSE(StatementClient::Create("localhost:8080").ok());
}

TEST(TrinoTypeSignature, ReadBack) {
  auto document = json::JsonDocument::Parse(
      R"j({"rawType":"decimal","arguments":[{"kind":"LONG","value":12},{"kind":"LONG","value":4}]})j");
  ASSERT_TRUE(document.ok());
  auto type = SqlTypeOfSignature(document->root().get_object().value());
  ASSERT_TRUE(type.has_value());
  EXPECT_EQ(*type, engine::SqlType::Decimal(12, 4));
  auto array = json::JsonDocument::Parse(
      R"j({"rawType":"array","arguments":[{"kind":"TYPE","value":{"rawType":"bigint","arguments":[]}}]})j");
  auto array_type = SqlTypeOfSignature(array->root().get_object().value());
  ASSERT_TRUE(array_type.has_value());
  EXPECT_EQ(array_type->kind, engine::SqlTypeKind::kArray);
  ASSERT_EQ(array_type->children.size(), 1u);
  EXPECT_EQ(array_type->children[0], engine::SqlType::Of(engine::SqlTypeKind::kBigint));
  auto millis = json::JsonDocument::Parse(R"j({"rawType":"timestamp","arguments":[{"kind":"LONG","value":3}]})j");
  EXPECT_FALSE(SqlTypeOfSignature(millis->root().get_object().value()).has_value());
}

}  // namespace
}  // namespace floe::trino
