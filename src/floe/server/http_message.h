// HttpRequest / HttpResponse: the plain request and response values that
// route handlers see. They carry no Boost.Beast types, so handlers and their
// tests compile without Beast; http_server.cc converts at the socket.
//
// Contract: plain values, not thread-safe to mutate concurrently. Header names
// are stored lower-cased; Header() lookups are case-insensitive. Query and
// path parameters are percent-decoded once by the server and the router.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "floe/common/result.h"

namespace floe::server {

using NameValuePairs = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;   // "GET", "HEAD", "POST", ... (upper case)
  std::string target;   // the raw request target: path and query
  std::string path;     // the raw (still percent-encoded) path
  NameValuePairs query;  // decoded query parameters, in order
  NameValuePairs headers;  // lower-cased names
  std::string body;
  NameValuePairs path_parameters;  // decoded {name} captures of the matched route
  std::string request_id;

  // The first header named `name` (any case), or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
  // The first query parameter named `name`, or nullopt.
  std::optional<std::string_view> QueryParameter(std::string_view name) const;
  // The decoded capture `name` of the matched route ("" when absent).
  std::string_view PathParameter(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  NameValuePairs headers;  // extra headers (Content-Type and Content-Length are set by the server)

  static HttpResponse Json(int status, std::string body);
  static HttpResponse Text(int status, std::string body);
  static HttpResponse NoContent();
  // An IcebergErrorResponse body: {"error":{"message","type","code"}}.
  static HttpResponse Error(const Status& status);
  static HttpResponse Error(int http_status, std::string_view type, std::string_view message);
};

// Percent-decodes `text`. With `plus_is_space` (query strings), '+' becomes a
// space. A malformed escape ("%G1", a trailing "%") is kBadRequest.
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);
// Percent-encodes everything except RFC 3986 unreserved characters.
std::string PercentEncode(std::string_view text);
// Splits "a=1&b=x%20y" into decoded pairs.
Result<NameValuePairs> ParseQueryString(std::string_view query);

}  // namespace floe::server
