#include "floe/server/router.h"

#include <gtest/gtest.h>

namespace floe::server {
namespace {

HttpRequest Request(std::string method, std::string path) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

TEST(RouterTest, MatchesTemplatesAndDecodesCaptures) {
  Router router;
  router.Add("GET", "/v1/{prefix}/namespaces/{namespace}/tables/{table}",
             [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); });
  HttpRequest request = Request("GET", "/v1/cat/namespaces/accounting%1Ftax/tables/paid%20info");
  Router::Resolution resolution = router.Route(&request);
  ASSERT_NE(resolution.handler, nullptr);
  EXPECT_EQ(resolution.route_name, "GET /v1/{prefix}/namespaces/{namespace}/tables/{table}");
  EXPECT_EQ(request.PathParameter("prefix"), "cat");
  EXPECT_EQ(request.PathParameter("namespace"), "accounting\x1Ftax");
  EXPECT_EQ(request.PathParameter("table"), "paid info");
}

TEST(RouterTest, LiteralRoutesAddedFirstWin) {
  Router router;
  int which = 0;
  router.Add("GET", "/v1/namespaces/{namespace}", [&](const HttpRequest&) {
    which = 1;
    return HttpResponse::Json(200, "{}");
  });
  router.Add("GET", "/v1/{prefix}/namespaces", [&](const HttpRequest&) {
    which = 2;
    return HttpResponse::Json(200, "{}");
  });
  HttpRequest first = Request("GET", "/v1/namespaces/db");
  (*router.Route(&first).handler)(first);
  EXPECT_EQ(which, 1);
  HttpRequest second = Request("GET", "/v1/warehouse/namespaces");
  (*router.Route(&second).handler)(second);
  EXPECT_EQ(which, 2);
}

TEST(RouterTest, NotFoundAndMethodNotAllowed) {
  Router router;
  router.Add("GET", "/v1/config", [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); });
  router.Add("POST", "/v1/config", [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); });
  HttpRequest missing = Request("GET", "/v2/config");
  Router::Resolution none = router.Route(&missing);
  EXPECT_EQ(none.handler, nullptr);
  EXPECT_EQ(none.error.status, 404);
  HttpRequest wrong = Request("DELETE", "/v1/config");
  Router::Resolution not_allowed = router.Route(&wrong);
  EXPECT_EQ(not_allowed.error.status, 405);
  ASSERT_EQ(not_allowed.error.headers.size(), 1u);
  EXPECT_EQ(not_allowed.error.headers[0].second, "GET, POST");
  EXPECT_NE(not_allowed.error.body.find("\"code\":405"), std::string::npos);
}

TEST(RouterTest, HeadFallsBackToGet) {
  Router router;
  router.Add("GET", "/v1/config", [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); });
  HttpRequest head = Request("HEAD", "/v1/config");
  EXPECT_NE(router.Route(&head).handler, nullptr);
}

TEST(RouterTest, EmptySegmentsAndBadEscapesDoNotMatch) {
  Router router;
  router.Add("GET", "/v1/namespaces/{namespace}", [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); });
  HttpRequest empty = Request("GET", "/v1/namespaces/");
  EXPECT_EQ(router.Route(&empty).error.status, 404);
  HttpRequest bad = Request("GET", "/v1/namespaces/a%G1");
  Router::Resolution resolution = router.Route(&bad);
  EXPECT_EQ(resolution.handler, nullptr);
  EXPECT_EQ(resolution.error.status, 400);
}

TEST(HttpMessageTest, PercentCodingAndQueryStrings) {
  EXPECT_EQ(*PercentDecode("a%1Fb%2fc", false), "a\x1F" "b/c");
  EXPECT_EQ(*PercentDecode("a+b", true), "a b");
  EXPECT_EQ(*PercentDecode("a+b", false), "a+b");
  EXPECT_FALSE(PercentDecode("abc%", false).ok());
  EXPECT_FALSE(PercentDecode("abc%4", false).ok());
  EXPECT_EQ(PercentEncode("a\x1F" "b c/"), "a%1Fb%20c%2F");
  auto query = ParseQueryString("parent=accounting%1Ftax&pageSize=10&flag&x=");
  ASSERT_TRUE(query.ok());
  ASSERT_EQ(query->size(), 4u);
  EXPECT_EQ((*query)[0].second, "accounting\x1Ftax");
  EXPECT_EQ((*query)[1].second, "10");
  EXPECT_EQ((*query)[2].first, "flag");
  EXPECT_EQ((*query)[3].second, "");
}

TEST(HttpMessageTest, ErrorBodyFollowsIcebergErrorResponse) {
  HttpResponse response = HttpResponse::Error(NoSuchNamespace("Namespace does not exist: a"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.body,
            R"({"error":{"message":"Namespace does not exist: a","type":"NoSuchNamespaceException","code":404}})");
}

}  // namespace
}  // namespace floe::server
