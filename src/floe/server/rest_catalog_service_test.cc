// The REST catalog's service features end to end, over real HTTP: OAuth2
// tokens and bearer authentication, ETag / If-None-Match, snapshots=refs,
// metrics reports, concurrent Idempotency-Key requests, purge, previous
// metadata files and request validation. SQLite by default; PostgreSQL when
// FLOE_TEST_POSTGRES_URI is set (test/catalog/with_postgres.sh).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "floe/catalog/sql_database.h"
#include "floe/common/json.h"
#include "floe/iceberg/manifest.h"
#include "floe/iceberg/manifest_list.h"
#include "floe/iceberg/metadata_json.h"
#include "floe/io/local_file_io.h"
#include "floe/server/health.h"
#include "floe/server/http_server.h"
#include "floe/server/rest_catalog_routes.h"
#include "floe/server/test_http_client.h"
#include "floe/server/token_authority.h"

namespace floe::server {
namespace {

constexpr std::string_view kSchema =
    R"({"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","required":true,"type":"long"},)"
    R"({"id":2,"name":"data","required":false,"type":"string"}]})";
constexpr std::string_view kSigningKey = "a-test-signing-key-of-32-bytes-at-least";

using Headers = std::vector<std::pair<std::string, std::string>>;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The tables every migration creates, dropped before each PostgreSQL test.
void ResetPostgres(const std::string& uri) {
  auto connection = catalog::ConnectPostgres(uri);
  ASSERT_TRUE(connection.ok()) << connection.status().ToString();
  ASSERT_TRUE((*connection)->Execute("DROP SCHEMA public CASCADE", {}).ok());
  ASSERT_TRUE((*connection)->Execute("CREATE SCHEMA public", {}).ok());
}

class RestCatalogServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    root_ = std::filesystem::temp_directory_path() /
            ("floe-rest-service-test-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "warehouse");
    const char* postgres = std::getenv("FLOE_TEST_POSTGRES_URI");
    if (postgres != nullptr && *postgres != '\0') {
      store_uri_ = postgres;
      ResetPostgres(store_uri_);
    } else {
      store_uri_ = (root_ / "catalog.db").string();
    }
  }

  // Starts the server (call once per test, after adjusting the options).
  void Start() {
    server_ = StartServer(&catalog_);
    ASSERT_NE(server_, nullptr);
    client_ = std::make_unique<TestHttpClient>(BaseUrl(*server_));
  }

  std::unique_ptr<HttpServer> StartServer(std::shared_ptr<catalog::Catalog>* catalog_out) {
    auto store = catalog::OpenCatalogStore(store_uri_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return nullptr;
    catalog::CatalogOptions options = catalog_options_;
    options.warehouse = (root_ / "warehouse").string();
    auto catalog = std::make_shared<catalog::Catalog>(*store, std::make_shared<io::LocalFileIO>(), options);
    auto router = std::make_shared<Router>();
    auto metrics = std::make_shared<MetricsRegistry>();
    RestCatalogOptions rest_options = rest_options_;
    rest_options.metrics = metrics;
    AddRestCatalogRoutes(*router, catalog, rest_options);
    AddCatalogMetrics(*metrics, catalog);
    AddOperationalRoutes(*router, std::make_shared<HealthChecks>(), metrics);
    HttpServerOptions server_options;
    server_options.address = "127.0.0.1";
    server_options.port = 0;
    server_options.threads = 2;
    server_options.handler_threads = 4;  // catalog handlers off the I/O threads, as in production
    server_options.log_requests = false;
    server_options.max_body_bytes = 1024 * 1024;
    auto server = std::make_unique<HttpServer>(server_options, router, metrics);
    EXPECT_TRUE(server->Start().ok());
    *catalog_out = catalog;
    return server;
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    catalog_.reset();
    std::filesystem::remove_all(root_);
  }

  static std::string BaseUrl(const HttpServer& server) { return "http://127.0.0.1:" + std::to_string(server.port()); }

  static std::string Field(const std::string& body, std::string_view pointer) {
    auto document = json::JsonDocument::Parse(body);
    if (!document.ok()) return "";
    simdjson::dom::element value;
    if (document->root().at_pointer(pointer).get(value) != simdjson::SUCCESS) return "";
    if (value.is_string()) return std::string(std::string_view(value.get_string().value()));
    return json::ToJson(value);
  }

  void EnableAuthentication() {
    TokenAuthorityOptions options;
    options.clients.push_back({"spark", HashClientSecret("s3cret", 1000)});
    options.clients.push_back({"trino", HashClientSecret("other", 1000)});
    options.signing_key = std::string(kSigningKey);
    auto authority = TokenAuthority::Create(options);
    ASSERT_TRUE(authority.ok()) << authority.status().ToString();
    authority_ = *authority;
    rest_options_.token_authority = authority_;
  }

  TestHttpResponse Send(const std::string& method, const std::string& path, const std::string& body = "",
                        Headers headers = {}) {
    if (!token_.empty()) headers.emplace_back("Authorization", "Bearer " + token_);
    return client_->Send(method, path, body, headers);
  }

  TestHttpResponse CreateTable(const std::string& ns, const std::string& name, const std::string& properties = "{}") {
    return Send("POST", "/v1/namespaces/" + ns + "/tables",
                R"({"name":")" + name + R"(","schema":)" + std::string(kSchema) + R"(,"properties":)" + properties +
                    "}");
  }

  // Commits a snapshot (with a manifest list that need not exist) and points `ref` at it.
  TestHttpResponse AddSnapshot(const std::string& path, int64_t id, std::optional<int64_t> parent, int64_t sequence,
                               const std::string& ref, const std::string& ref_type = "branch") {
    std::string parent_json = parent ? R"("parent-snapshot-id":)" + std::to_string(*parent) + "," : "";
    return Send("POST", path,
                R"({"requirements":[],"updates":[{"action":"add-snapshot","snapshot":{"snapshot-id":)" +
                    std::to_string(id) + "," + parent_json + R"("sequence-number":)" + std::to_string(sequence) +
                    R"(,"timestamp-ms":)" + std::to_string(NowMs() + id) +
                    R"(,"manifest-list":"/nowhere/snap-)" + std::to_string(id) +
                    R"(.avro","summary":{"operation":"append"},"schema-id":0}},)"
                    R"({"action":"set-snapshot-ref","ref-name":")" +
                    ref + R"(","type":")" + ref_type + R"(","snapshot-id":)" + std::to_string(id) + "}]}");
  }

  std::filesystem::path root_;
  std::string store_uri_;
  catalog::CatalogOptions catalog_options_;
  RestCatalogOptions rest_options_;
  std::shared_ptr<const TokenAuthority> authority_;
  std::string token_;
  std::shared_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<TestHttpClient> client_;
};

// ---- OAuth2 ----

TEST_F(RestCatalogServiceTest, AuthenticationIsOffByDefault) {
  Start();
  EXPECT_EQ(Send("GET", "/v1/config").status, 200);
  EXPECT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["open"]})").status, 200);
  // No token endpoint without configured clients.
  EXPECT_EQ(Send("POST", "/v1/oauth/tokens", "grant_type=client_credentials").status, 404);
}

TEST_F(RestCatalogServiceTest, ClientCredentialsTokensGuardEveryCatalogRoute) {
  EnableAuthentication();
  Start();
  // Without a token: 401 with an IcebergErrorResponse, on config and on catalog routes alike.
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/v1/config"}, {"GET", "/v1/namespaces"}, {"POST", "/v1/namespaces"},
           {"GET", "/v1/prefix/namespaces/x/tables/y"}, {"POST", "/v1/transactions/commit"}}) {
    TestHttpResponse refused = Send(method, path, "{}");
    EXPECT_EQ(refused.status, 401) << method << " " << path;
    EXPECT_EQ(Field(refused.body, "/error/type"), "NotAuthorizedException") << refused.body;
    EXPECT_EQ(Field(refused.body, "/error/code"), "401");
    EXPECT_EQ(refused.headers["www-authenticate"].rfind("Bearer", 0), 0u);
  }
  // Health and metrics stay open.
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
  EXPECT_EQ(Send("GET", "/metrics").status, 200);

  Headers form = {{"Content-Type", "application/x-www-form-urlencoded"}};
  TestHttpResponse issued =
      Send("POST", "/v1/oauth/tokens", "grant_type=client_credentials&client_id=spark&client_secret=s3cret&scope=catalog",
           form);
  ASSERT_EQ(issued.status, 200) << issued.body;
  EXPECT_EQ(Field(issued.body, "/token_type"), "bearer");
  EXPECT_EQ(Field(issued.body, "/expires_in"), "3600");
  EXPECT_EQ(Field(issued.body, "/issued_token_type"), "urn:ietf:params:oauth:token-type:access_token");
  EXPECT_EQ(Field(issued.body, "/scope"), "catalog");
  EXPECT_EQ(issued.headers["cache-control"], "no-store");
  token_ = Field(issued.body, "/access_token");
  ASSERT_FALSE(token_.empty());
  auto claims = authority_->Verify(token_);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(claims->subject, "spark");

  EXPECT_EQ(Send("GET", "/v1/config").status, 200);
  EXPECT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["secure"]})").status, 200);
  EXPECT_EQ(Send("GET", "/v1/namespaces/secure").status, 200);

  // HTTP Basic client authentication (RFC 6749 §2.3.1): trino:other.
  std::string saved = token_;
  token_.clear();
  Headers basic = form;
  basic.emplace_back("Authorization", "Basic " + Base64UrlEncode("trino:other"));
  TestHttpResponse by_basic = Send("POST", "/v1/oauth/tokens", "grant_type=client_credentials", basic);
  ASSERT_EQ(by_basic.status, 200) << by_basic.body;
  EXPECT_EQ(authority_->Verify(Field(by_basic.body, "/access_token"))->subject, "trino");

  // Refresh by token exchange: a new token for the same client.
  TestHttpResponse refreshed =
      Send("POST", "/v1/oauth/tokens",
           "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=" + saved +
               "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token",
           form);
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  EXPECT_EQ(authority_->Verify(Field(refreshed.body, "/access_token"))->subject, "spark");

  // OAuth errors.
  TestHttpResponse wrong_secret =
      Send("POST", "/v1/oauth/tokens", "grant_type=client_credentials&client_id=spark&client_secret=nope", form);
  EXPECT_EQ(wrong_secret.status, 401);
  EXPECT_EQ(Field(wrong_secret.body, "/error"), "invalid_client");
  TestHttpResponse unknown_client =
      Send("POST", "/v1/oauth/tokens", "grant_type=client_credentials&client_id=who&client_secret=s3cret", form);
  EXPECT_EQ(unknown_client.status, 401);
  EXPECT_EQ(Field(unknown_client.body, "/error"), "invalid_client");
  EXPECT_EQ(Field(unknown_client.body, "/error_description"), Field(wrong_secret.body, "/error_description"));
  TestHttpResponse unsupported = Send("POST", "/v1/oauth/tokens", "grant_type=password&username=a&password=b", form);
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(Field(unsupported.body, "/error"), "unsupported_grant_type");
  TestHttpResponse missing = Send("POST", "/v1/oauth/tokens", "client_id=spark", form);
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(Field(missing.body, "/error"), "invalid_request");
  TestHttpResponse bad_exchange = Send(
      "POST", "/v1/oauth/tokens",
      "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange&subject_token=forged.token.here", form);
  EXPECT_EQ(bad_exchange.status, 400);
  EXPECT_EQ(Field(bad_exchange.body, "/error"), "invalid_grant");

  // Invalid, tampered, expired and foreign-key tokens are all 401.
  for (const std::string& bad :
       {std::string("not-a-jwt"), saved.substr(0, saved.size() - 2) + (saved.back() == 'A' ? "BB" : "AA"),
        authority_->Sign("spark", 1000, 2000, ""),  // expired in 1970
        authority_->Sign("mallory", 1000, 4000000000, "")}) {
    token_ = bad;
    TestHttpResponse refused = Send("GET", "/v1/namespaces");
    EXPECT_EQ(refused.status, 401) << bad;
    EXPECT_EQ(Field(refused.body, "/error/type"), "NotAuthorizedException");
  }
  TokenAuthorityOptions other_options;
  other_options.clients.push_back({"spark", HashClientSecret("s3cret", 1000)});
  other_options.signing_key = "another-key-another-key-another-key!";
  auto other = TokenAuthority::Create(other_options);
  ASSERT_TRUE(other.ok());
  token_ = (*other)->Sign("spark", 1000, 4000000000, "");
  EXPECT_EQ(Send("GET", "/v1/namespaces").status, 401);
}

TEST_F(RestCatalogServiceTest, TokensWorkAcrossInstancesSharingTheSigningKey) {
  EnableAuthentication();
  Start();
  std::shared_ptr<catalog::Catalog> second_catalog;
  auto second = StartServer(&second_catalog);
  TestHttpClient second_client(BaseUrl(*second));
  TestHttpResponse issued = second_client.Send(
      "POST", "/v1/oauth/tokens", "grant_type=client_credentials&client_id=spark&client_secret=s3cret",
      {{"Content-Type", "application/x-www-form-urlencoded"}});
  ASSERT_EQ(issued.status, 200);
  token_ = Field(issued.body, "/access_token");
  EXPECT_EQ(Send("GET", "/v1/namespaces").status, 200);  // issued by the second, accepted by the first
}

// ---- ETag, If-None-Match, snapshots=refs ----

TEST_F(RestCatalogServiceTest, LoadTableETagAndNotModified) {
  Start();
  ASSERT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  TestHttpResponse created = CreateTable("db", "t");
  ASSERT_EQ(created.status, 200);
  std::string created_etag = created.headers["etag"];
  ASSERT_FALSE(created_etag.empty());
  EXPECT_EQ(created_etag.front(), '"');

  TestHttpResponse loaded = Send("GET", "/v1/namespaces/db/tables/t");
  ASSERT_EQ(loaded.status, 200);
  EXPECT_EQ(loaded.headers["etag"], created_etag);
  TestHttpResponse again = Send("GET", "/v1/namespaces/db/tables/t", "", {{"If-None-Match", created_etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.headers["etag"], created_etag);
  EXPECT_EQ(Send("GET", "/v1/namespaces/db/tables/t", "", {{"If-None-Match", "\"other\", W/" + created_etag}}).status,
            304);
  EXPECT_EQ(Send("GET", "/v1/namespaces/db/tables/t", "", {{"If-None-Match", "\"other\""}}).status, 200);

  // The refs view is another representation: another tag.
  TestHttpResponse refs = Send("GET", "/v1/namespaces/db/tables/t?snapshots=refs");
  EXPECT_NE(refs.headers["etag"], created_etag);
  EXPECT_EQ(Send("GET", "/v1/namespaces/db/tables/t?snapshots=refs", "", {{"If-None-Match", created_etag}}).status,
            200);
  EXPECT_EQ(Send("GET", "/v1/namespaces/db/tables/t?snapshots=bogus").status, 400);

  // A commit changes the tag; its response carries the new one.
  TestHttpResponse committed = Send(
      "POST", "/v1/namespaces/db/tables/t",
      R"({"requirements":[],"updates":[{"action":"set-properties","updates":{"k":"v"}}]})");
  ASSERT_EQ(committed.status, 200) << committed.body;
  std::string new_etag = committed.headers["etag"];
  EXPECT_FALSE(new_etag.empty());
  EXPECT_NE(new_etag, created_etag);
  TestHttpResponse stale = Send("GET", "/v1/namespaces/db/tables/t", "", {{"If-None-Match", created_etag}});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.headers["etag"], new_etag);
  EXPECT_EQ(Field(stale.body, "/metadata/properties/k"), "v");
  // The tag depends only on the metadata location: another instance gives the same.
  std::shared_ptr<catalog::Catalog> second_catalog;
  auto second = StartServer(&second_catalog);
  TestHttpClient second_client(BaseUrl(*second));
  EXPECT_EQ(second_client.Send("GET", "/v1/namespaces/db/tables/t", "", {{"If-None-Match", new_etag}}).status, 304);
}

TEST_F(RestCatalogServiceTest, SnapshotsRefsReturnsOnlyReferencedSnapshots) {
  Start();
  ASSERT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  ASSERT_EQ(CreateTable("db", "t").status, 200);
  const std::string path = "/v1/namespaces/db/tables/t";
  TestHttpResponse first = AddSnapshot(path, 1, std::nullopt, 1, "main");
  ASSERT_EQ(first.status, 200) << first.body;
  ASSERT_EQ(AddSnapshot(path, 2, 1, 2, "main").status, 200);
  ASSERT_EQ(AddSnapshot(path, 3, 2, 3, "main").status, 200);
  ASSERT_EQ(AddSnapshot(path, 4, 3, 4, "audit").status, 200);  // a branch off 3
  TestHttpResponse tag = Send("POST", path,
                              R"({"requirements":[],"updates":[{"action":"set-snapshot-ref","ref-name":"v1",)"
                              R"("type":"tag","snapshot-id":1}]})");
  ASSERT_EQ(tag.status, 200) << tag.body;

  TestHttpResponse all = Send("GET", path);
  ASSERT_EQ(all.status, 200);
  auto all_document = json::JsonDocument::Parse(all.body);
  ASSERT_TRUE(all_document.ok());
  EXPECT_EQ(all_document->root()["metadata"]["snapshots"].get_array().size(), 4u);
  EXPECT_EQ(Send("GET", path + "?snapshots=all").body, all.body);

  TestHttpResponse refs = Send("GET", path + "?snapshots=refs");
  ASSERT_EQ(refs.status, 200);
  auto document = json::JsonDocument::Parse(refs.body);
  ASSERT_TRUE(document.ok());
  std::set<int64_t> ids;
  for (auto snapshot : document->root()["metadata"]["snapshots"].get_array()) {
    ids.insert(snapshot["snapshot-id"].get_int64().value());
  }
  EXPECT_EQ(ids, (std::set<int64_t>{1, 3, 4}));  // main -> 3, audit -> 4, tag v1 -> 1; 2 is history only
  EXPECT_EQ(Field(refs.body, "/metadata/current-snapshot-id"), "3");
  EXPECT_EQ(Field(refs.body, "/metadata/refs/audit/snapshot-id"), "4");
  // The log keeps the entries after the last one naming a left-out snapshot (2).
  auto log = document->root()["metadata"]["snapshot-log"].get_array();
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log.at(0)["snapshot-id"].get_int64().value(), 3);
  EXPECT_EQ(all_document->root()["metadata"]["snapshot-log"].get_array().size(), 3u);
}

// ---- Metrics reports ----

constexpr std::string_view kScanReport = R"({"report-type":"scan-report","table-name":"db.t","snapshot-id":7,)"
    R"("filter":true,"schema-id":0,"projected-field-ids":[1],"projected-field-names":["id"],"metrics":{)"
    R"("total-planning-duration":{"count":1,"time-unit":"nanoseconds","total-duration":250000000},)"
    R"("result-data-files":{"unit":"count","value":3},"skipped-data-files":{"unit":"count","value":5},)"
    R"("total-file-size-in-bytes":{"unit":"bytes","value":4096}},"metadata":{"engine":"spark"}})";
constexpr std::string_view kCommitReport = R"({"report-type":"commit-report","table-name":"db.t","snapshot-id":8,)"
    R"("sequence-number":2,"operation":"append","metrics":{)"
    R"("total-duration":{"count":1,"time-unit":"milliseconds","total-duration":40},)"
    R"("attempts":{"unit":"count","value":1},"added-data-files":{"unit":"count","value":2},)"
    R"("added-records":{"unit":"count","value":1000}}})";

TEST_F(RestCatalogServiceTest, MetricsReportsAreStoredAndExported) {
  Start();
  ASSERT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  ASSERT_EQ(CreateTable("db", "t").status, 200);
  const std::string path = "/v1/namespaces/db/tables/t/metrics";
  EXPECT_EQ(Send("POST", path, std::string(kScanReport)).status, 204);
  EXPECT_EQ(Send("POST", path, std::string(kScanReport)).status, 204);
  EXPECT_EQ(Send("POST", path, std::string(kCommitReport)).status, 204);

  auto stored = catalog_->store().ListMetricsReports({catalog::Namespace{{"db"}}, "t"}, 10);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  ASSERT_EQ(stored->size(), 3u);
  std::multiset<std::string> types;
  for (const auto& record : *stored) types.insert(record.report_type);
  EXPECT_EQ(types, (std::multiset<std::string>{"commit-report", "scan-report", "scan-report"}));
  for (const auto& record : *stored) {
    EXPECT_EQ(record.report, record.report_type == "scan-report" ? kScanReport : kCommitReport);
    EXPECT_EQ(record.snapshot_id, record.report_type == "scan-report" ? 7 : 8);
    EXPECT_GT(record.received_ms, 0);
  }

  std::string metrics = Send("GET", "/metrics").body;
  for (const std::string& line : {
           std::string(R"(floe_table_metrics_reports_total{namespace="db",table="t",type="scan-report"} 2)"),
           std::string(R"(floe_table_metrics_reports_total{namespace="db",table="t",type="commit-report"} 1)"),
           std::string(R"(floe_table_scan_result_data_files_total{namespace="db",table="t"} 6)"),
           std::string(R"(floe_table_scan_skipped_data_files_total{namespace="db",table="t"} 10)"),
           std::string(R"(floe_table_scan_total_file_size_in_bytes_total{namespace="db",table="t"} 8192)"),
           std::string(R"(floe_table_scan_planning_seconds_count{namespace="db",table="t"} 2)"),
           std::string(R"(floe_table_scan_planning_seconds_sum{namespace="db",table="t"} 0.5)"),
           std::string(R"(floe_table_commit_added_records_total{namespace="db",table="t"} 1000)"),
           std::string(R"(floe_table_commit_added_data_files_total{namespace="db",table="t"} 2)"),
           std::string(R"(floe_table_commit_duration_seconds_sum{namespace="db",table="t"} 0.04)")}) {
    EXPECT_NE(metrics.find(line), std::string::npos) << line << "\n" << metrics;
  }

  // Errors: a missing table, and malformed reports naming the problem.
  TestHttpResponse missing = Send("POST", "/v1/namespaces/db/tables/nope/metrics", std::string(kScanReport));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(Field(missing.body, "/error/type"), "NoSuchTableException");
  for (const auto& [body, needle] : std::vector<std::pair<std::string, std::string>>{
           {R"({"table-name":"t"})", "report-type"},
           {R"({"report-type":"other-report"})", "other-report"},
           {R"({"report-type":"commit-report","table-name":"t","snapshot-id":1,"sequence-number":1,"operation":"append"})",
            "metrics"},
           {R"({"report-type":"commit-report","table-name":"t","snapshot-id":1,"sequence-number":1,)"
            R"("operation":"append","metrics":{"attempts":{"unit":"count","value":"x"}}})",
            "attempts"},
           {"[1]", "object"},
           {"{", "Malformed"}}) {
    TestHttpResponse bad = Send("POST", path, body);
    EXPECT_EQ(bad.status, 400) << body;
    EXPECT_EQ(Field(bad.body, "/error/type"), "BadRequestException");
    EXPECT_NE(Field(bad.body, "/error/message").find(needle), std::string::npos) << bad.body;
  }
}

// ---- Idempotency-Key under concurrency ----

TEST_F(RestCatalogServiceTest, ConcurrentRequestsWithOneIdempotencyKeyRunOnce) {
  Start();
  std::shared_ptr<catalog::Catalog> second_catalog;
  auto second = StartServer(&second_catalog);  // a second instance on the same database
  ASSERT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  ASSERT_EQ(CreateTable("db", "t").status, 200);
  constexpr int kRequests = 8;
  const Headers key = {{"Idempotency-Key", "01938f2e-7c1a-7b3e-9d4f-0a1b2c3d4e5f"}};
  // Not idempotent by itself: each execution would write a new metadata version.
  const std::string commit =
      R"({"requirements":[],"updates":[{"action":"set-properties","updates":{"owner":"etl"}}]})";
  std::vector<TestHttpResponse> responses(kRequests);
  std::vector<std::thread> threads;
  for (int i = 0; i < kRequests; ++i) {
    threads.emplace_back([&, i] {
      TestHttpClient client(BaseUrl(i % 2 == 0 ? *server_ : *second));
      responses[i] = client.Send("POST", "/v1/namespaces/db/tables/t", commit, key);
    });
  }
  for (auto& thread : threads) thread.join();
  int replayed = 0;
  for (const auto& response : responses) {
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.body, responses[0].body);
    if (response.headers.count("idempotent-replayed")) ++replayed;
  }
  EXPECT_EQ(replayed, kRequests - 1);
  TestHttpResponse loaded = Send("GET", "/v1/namespaces/db/tables/t");
  EXPECT_NE(Field(loaded.body, "/metadata-location").find("/metadata/00001-"), std::string::npos)
      << "the commit ran more than once: " << Field(loaded.body, "/metadata-location");
  EXPECT_EQ(Field(loaded.body, "/metadata/metadata-log").find("00002"), std::string::npos);
  EXPECT_EQ(catalog_->counters().commits.load() + second_catalog->counters().commits.load(), 2u);  // create + one

  // The same key for another operation is refused.
  TestHttpResponse reused = Send("POST", "/v1/namespaces", R"({"namespace":["other"]})", key);
  EXPECT_EQ(reused.status, 422);
  EXPECT_NE(Field(reused.body, "/error/message").find("updateTable"), std::string::npos);
}

TEST_F(RestCatalogServiceTest, DuplicateWaitsForTheRequestInProgress) {
  rest_options_.idempotency_wait = std::chrono::milliseconds(200);
  Start();
  const std::string key = "01938f2e-7c1a-7b3e-9d4f-000000000001";
  // Another instance holds the key (its request runs): a duplicate waits, then gets 503.
  ASSERT_EQ(catalog_->store().ClaimIdempotencyKey(key, "createNamespace", 60000)->state,
            catalog::IdempotencyClaim::State::kClaimed);
  TestHttpResponse busy = Send("POST", "/v1/namespaces", R"({"namespace":["n"]})", {{"Idempotency-Key", key}});
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(Field(busy.body, "/error/type"), "ServiceUnavailableException");
  EXPECT_EQ(Send("GET", "/v1/namespaces/n").status, 404);  // it did not run
  // Once the first finishes, the retry replays its response.
  ASSERT_TRUE(catalog_->store()
                  .RecordIdempotentResponse(key, "createNamespace", {200, R"({"namespace":["n"],"properties":{}})"},
                                            3600000)
                  .ok());
  TestHttpResponse replay = Send("POST", "/v1/namespaces", R"({"namespace":["n"]})", {{"Idempotency-Key", key}});
  EXPECT_EQ(replay.status, 200);
  EXPECT_EQ(replay.headers["idempotent-replayed"], "true");
  // A 5xx is not final: the key is released and a retry runs.
  const std::string other = "01938f2e-7c1a-7b3e-9d4f-000000000002";
  ASSERT_EQ(catalog_->store().ClaimIdempotencyKey(other, "createNamespace", 60000)->state,
            catalog::IdempotencyClaim::State::kClaimed);
  ASSERT_TRUE(catalog_->store().ReleaseIdempotencyKey(other).ok());
  TestHttpResponse ran = Send("POST", "/v1/namespaces", R"({"namespace":["m"]})", {{"Idempotency-Key", other}});
  EXPECT_EQ(ran.status, 200);
  EXPECT_EQ(ran.headers.count("idempotent-replayed"), 0u);
}

// ---- Request validation ----

// Regular files under `directory`, recursively.
std::vector<std::string> FilesUnder(const std::filesystem::path& directory) {
  std::vector<std::string> files;
  if (!std::filesystem::exists(directory)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(directory)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  return files;
}



TEST_F(RestCatalogServiceTest, NamesThatCouldEscapeTheWarehouseAreRejected) {
  Start();
  ASSERT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  // JSON text of each name: a backslash, an escaped tab and NUL, ...
  for (const std::string& level : {std::string(".."), std::string("."), std::string("a/b"), std::string(R"(a\\b)"),
                                   std::string(R"(tab\there)"), std::string(R"(nul\u0000)"), std::string(R"(\u007f)"),
                                   std::string(""), std::string(300, 'x')}) {
    TestHttpResponse ns = Send("POST", "/v1/namespaces", R"({"namespace":[")" + level + R"("]})");
    EXPECT_EQ(ns.status, 400) << level << " " << ns.body;
    EXPECT_EQ(Field(ns.body, "/error/type"), "BadRequestException");
    TestHttpResponse table = CreateTable("db", level);
    EXPECT_EQ(table.status, 400) << level << " " << table.body;
    TestHttpResponse renamed = Send(
        "POST", "/v1/tables/rename",
        R"({"source":{"namespace":["db"],"name":"x"},"destination":{"namespace":["db"],"name":")" + level + R"("}})");
    EXPECT_EQ(renamed.status, 400) << level << " " << renamed.body;
  }
  EXPECT_EQ(CreateTable("db", "ok.name with spaces").status, 200);
  // Nothing was written outside the warehouse.
  std::vector<std::string> outside;
  for (const auto& entry : std::filesystem::directory_iterator(root_)) outside.push_back(entry.path().filename());
  std::sort(outside.begin(), outside.end());
  EXPECT_TRUE(outside == std::vector<std::string>{"warehouse"} ||
              outside == (std::vector<std::string>{"catalog.db", "catalog.db-shm", "catalog.db-wal", "warehouse"}))
      << outside.size();
}

TEST_F(RestCatalogServiceTest, NestedNamespaceNeedsItsParent) {
  Start();
  TestHttpResponse orphan = Send("POST", "/v1/namespaces", R"({"namespace":["a","b"]})");
  EXPECT_EQ(orphan.status, 404);
  EXPECT_EQ(Field(orphan.body, "/error/type"), "NoSuchNamespaceException");
  EXPECT_NE(Field(orphan.body, "/error/message").find("parent"), std::string::npos);
  ASSERT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["a"]})").status, 200);
  EXPECT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["a","b"]})").status, 200);
  EXPECT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["a","b","c"]})").status, 200);
  EXPECT_EQ(Send("DELETE", "/v1/namespaces/a").status, 409);  // not empty
}

TEST_F(RestCatalogServiceTest, OversizedBodiesGet413WithAnIcebergError) {
  Start();
  std::string huge = R"({"namespace":["big"],"properties":{"k":")" + std::string(2 * 1024 * 1024, 'x') + R"("}})";
  TestHttpResponse refused = Send("POST", "/v1/namespaces", huge);
  EXPECT_EQ(refused.status, 413);
  EXPECT_EQ(Field(refused.body, "/error/code"), "413");
  EXPECT_FALSE(Field(refused.body, "/error/type").empty());
  EXPECT_FALSE(Field(refused.body, "/error/message").empty());
}

// ---- Previous metadata files ----

std::vector<std::string> MetadataFilesIn(const std::filesystem::path& directory) {
  std::vector<std::string> files;
  for (const auto& file : FilesUnder(directory)) {
    if (file.size() > 14 && file.substr(file.size() - 14) == ".metadata.json") files.push_back(file);
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_F(RestCatalogServiceTest, PreviousMetadataFilesAreDeletedWhenTheTableSaysSo) {
  Start();
  ASSERT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  ASSERT_EQ(CreateTable("db", "trim",
                        R"({"write.metadata.delete-after-commit.enabled":"true",)"
                        R"("write.metadata.previous-versions-max":"2"})")
                .status,
            200);
  ASSERT_EQ(CreateTable("db", "keep").status, 200);
  for (int i = 0; i < 5; ++i) {
    for (const std::string table : {"trim", "keep"}) {
      TestHttpResponse committed =
          Send("POST", "/v1/namespaces/db/tables/" + table,
               R"({"requirements":[],"updates":[{"action":"set-properties","updates":{"round":")" +
                   std::to_string(i) + R"("}}]})");
      ASSERT_EQ(committed.status, 200) << committed.body;
    }
  }
  // trim: the current file and the two the log keeps; the log names exactly those.
  TestHttpResponse loaded = Send("GET", "/v1/namespaces/db/tables/trim");
  auto document = json::JsonDocument::Parse(loaded.body);
  ASSERT_TRUE(document.ok());
  std::vector<std::string> expected;
  for (auto entry : document->root()["metadata"]["metadata-log"].get_array()) {
    expected.emplace_back(std::string_view(entry["metadata-file"].get_string().value()));
  }
  ASSERT_EQ(expected.size(), 2u);
  expected.push_back(Field(loaded.body, "/metadata-location"));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(MetadataFilesIn(root_ / "warehouse" / "db" / "trim" / "metadata"), expected);
  EXPECT_NE(expected.back().find("/00005-"), std::string::npos);
  // keep: the property is off by default, every version stays.
  EXPECT_EQ(MetadataFilesIn(root_ / "warehouse" / "db" / "keep" / "metadata").size(), 6u);
}

// ---- Purge ----

class PurgeTest : public RestCatalogServiceTest {
 protected:
  // A table with `snapshots` real snapshots: per snapshot a data file, a
  // manifest and a manifest list (each list carries the earlier manifests),
  // plus a position-delete file in its own manifest for the second snapshot
  // and a statistics file for the last.
  void CreateTableWithFiles(const std::string& name, int snapshots) {
    ASSERT_EQ(CreateTable("db", name).status, 200);
    std::string location = (root_ / "warehouse" / "db" / name).string();
    const std::string path = "/v1/namespaces/db/tables/" + name;
    io::LocalFileIO io;
    auto schema = iceberg::ParseSchema(kSchema);
    ASSERT_TRUE(schema.ok());
    std::vector<iceberg::ManifestFile> manifests;
    for (int i = 1; i <= snapshots; ++i) {
      int64_t id = 1000 + i;
      auto add_manifest = [&](iceberg::DataFileContent content, const std::string& file) {
        ASSERT_TRUE(io.WriteFile(file, "not really parquet", io::WriteMode::kFailIfExists).ok());
        iceberg::ManifestWriterOptions options;
        options.snapshot_id = id;
        options.content = content == iceberg::DataFileContent::kData ? iceberg::ManifestContent::kData
                                                                      : iceberg::ManifestContent::kDeletes;
        std::string manifest_path = location + "/metadata/m" + std::to_string(i) +
                                    (content == iceberg::DataFileContent::kData ? "-data" : "-deletes") + ".avro";
        auto writer =
            iceberg::ManifestWriter::Open(io, manifest_path, iceberg::PartitionSpec::Unpartitioned(), *schema, options);
        ASSERT_TRUE(writer.ok()) << writer.status().ToString();
        iceberg::DataFile data_file;
        data_file.content = content;
        data_file.file_path = file;
        data_file.record_count = 10;
        data_file.file_size_in_bytes = 18;
        ASSERT_TRUE((*writer)->Add(data_file).ok());
        auto manifest = (*writer)->Close();
        ASSERT_TRUE(manifest.ok()) << manifest.status().ToString();
        manifests.push_back(*manifest);
      };
      add_manifest(iceberg::DataFileContent::kData, location + "/data/f" + std::to_string(i) + ".parquet");
      if (i == 2) {
        add_manifest(iceberg::DataFileContent::kPositionDeletes, location + "/data/d" + std::to_string(i) + ".parquet");
      }
      iceberg::ManifestListWriterOptions list_options;
      list_options.snapshot_id = id;
      if (i > 1) list_options.parent_snapshot_id = id - 1;
      list_options.sequence_number = i;
      std::string list_path = location + "/metadata/snap-" + std::to_string(id) + ".avro";
      auto list = iceberg::ManifestListWriter::Open(io, list_path, list_options);
      ASSERT_TRUE(list.ok()) << list.status().ToString();
      ASSERT_TRUE((*list)->AddAll(manifests).ok());
      ASSERT_TRUE((*list)->Close().ok());
      manifests = (*list)->written();
      std::string parent = i > 1 ? R"("parent-snapshot-id":)" + std::to_string(id - 1) + "," : "";
      TestHttpResponse committed = Send(
          "POST", path,
          R"({"requirements":[],"updates":[{"action":"add-snapshot","snapshot":{"snapshot-id":)" + std::to_string(id) +
              "," + parent + R"("sequence-number":)" + std::to_string(i) + R"(,"timestamp-ms":)" +
              std::to_string(NowMs()) + R"(,"manifest-list":")" + list_path +
              R"(","summary":{"operation":"append"},"schema-id":0}},)"
              R"({"action":"set-snapshot-ref","ref-name":"main","type":"branch","snapshot-id":)" +
              std::to_string(id) + "}]}");
      ASSERT_EQ(committed.status, 200) << committed.body;
    }
    std::string statistics = location + "/metadata/stats-" + std::to_string(1000 + snapshots) + ".puffin";
    ASSERT_TRUE(io.WriteFile(statistics, "PFA1", io::WriteMode::kFailIfExists).ok());
    TestHttpResponse with_statistics = Send(
        "POST", path,
        R"({"requirements":[],"updates":[{"action":"set-statistics","statistics":{"snapshot-id":)" +
            std::to_string(1000 + snapshots) + R"(,"statistics-path":")" + statistics +
            R"(","file-size-in-bytes":4,"file-footer-size-in-bytes":4,"blob-metadata":[]}}]})");
    ASSERT_EQ(with_statistics.status, 200) << with_statistics.body;
  }
};

TEST_F(PurgeTest, DropWithPurgeDeletesEveryFileInTheBackground) {
  Start();
  ASSERT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  ASSERT_NO_FATAL_FAILURE(CreateTableWithFiles("doomed", 3));
  ASSERT_NO_FATAL_FAILURE(CreateTableWithFiles("kept", 2));
  auto doomed = root_ / "warehouse" / "db" / "doomed";
  auto kept = root_ / "warehouse" / "db" / "kept";
  // 3 data + 1 delete file, 4 manifests, 3 lists, 1 statistics file, 5 metadata files.
  ASSERT_EQ(FilesUnder(doomed).size(), 17u);
  size_t kept_files = FilesUnder(kept).size();

  EXPECT_EQ(Send("DELETE", "/v1/namespaces/db/tables/doomed?purgeRequested=true").status, 204);
  EXPECT_EQ(Send("GET", "/v1/namespaces/db/tables/doomed").status, 404);  // gone at once
  catalog_->WaitForPurges();
  EXPECT_EQ(FilesUnder(doomed), std::vector<std::string>{});
  auto pending = catalog_->store().ListPendingPurges(10);
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
  // The neighbour is untouched; a drop without purge keeps the files.
  EXPECT_EQ(FilesUnder(kept).size(), kept_files);
  EXPECT_EQ(Send("GET", "/v1/namespaces/db/tables/kept").status, 200);
  EXPECT_EQ(Send("DELETE", "/v1/namespaces/db/tables/kept").status, 204);
  catalog_->WaitForPurges();
  EXPECT_EQ(FilesUnder(kept).size(), kept_files);
  EXPECT_EQ(Send("DELETE", "/v1/namespaces/db/tables/kept?purgeRequested=true").status, 404);
}

TEST_F(PurgeTest, AnInterruptedPurgeResumesAtTheNextStart) {
  catalog_options_.purge_in_background = false;  // the server "crashes" before purging
  Start();
  ASSERT_EQ(Send("POST", "/v1/namespaces", R"({"namespace":["db"]})").status, 200);
  ASSERT_NO_FATAL_FAILURE(CreateTableWithFiles("doomed", 3));
  auto doomed = root_ / "warehouse" / "db" / "doomed";
  EXPECT_EQ(Send("DELETE", "/v1/namespaces/db/tables/doomed?purgeRequested=true").status, 204);
  EXPECT_EQ(Send("GET", "/v1/namespaces/db/tables/doomed").status, 404);
  auto pending = catalog_->store().ListPendingPurges(10);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ(pending->front().table.name, "doomed");
  EXPECT_EQ(FilesUnder(doomed).size(), 17u);
  // Part of the work was done before the crash: the data and delete files
  // (the first layer) and one manifest (part of the second).
  for (const auto& file : FilesUnder(doomed / "data")) std::filesystem::remove(file);
  std::filesystem::remove(doomed / "metadata" / "m1-data.avro");

  // Restart: a new server and catalog over the same store resume the purge.
  client_.reset();
  server_.reset();
  catalog_.reset();
  catalog_options_.purge_in_background = true;
  Start();
  catalog_->WaitForPurges();
  EXPECT_EQ(FilesUnder(doomed), std::vector<std::string>{});
  EXPECT_TRUE(catalog_->store().ListPendingPurges(10)->empty());
}

}  // namespace
}  // namespace floe::server
