#include "floe/server/oauth_routes.h"

#include <strings.h>

#include <fmt/format.h>

#include "floe/common/json.h"

namespace floe::server {

namespace {

constexpr std::string_view kTokenExchange = "urn:ietf:params:oauth:grant-type:token-exchange";
constexpr std::string_view kAccessTokenType = "urn:ietf:params:oauth:token-type:access_token";

HttpResponse OAuthError(int status, std::string_view error, std::string_view description) {
  json::JsonWriter writer;
  writer->StartObject();
  writer.Key("error");
  writer.String(error);
  writer.Key("error_description");
  writer.String(description);
  writer->EndObject();
  HttpResponse response = HttpResponse::Json(status, writer.Take());
  response.headers.emplace_back("Cache-Control", "no-store");
  if (status == 401) response.headers.emplace_back("WWW-Authenticate", "Basic realm=\"floe\"");
  return response;
}

HttpResponse TokenResponse(const IssuedToken& token) {
  json::JsonWriter writer;
  writer->StartObject();
  writer.Key("access_token");
  writer.String(token.access_token);
  writer.Key("token_type");
  writer.String("bearer");
  writer.Key("expires_in");
  writer->Int64(token.expires_in);
  writer.Key("issued_token_type");
  writer.String(kAccessTokenType);
  if (!token.scope.empty()) {
    writer.Key("scope");
    writer.String(token.scope);
  }
  writer->EndObject();
  HttpResponse response = HttpResponse::Json(200, writer.Take());
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Pragma", "no-cache");
  return response;
}

// The value after `scheme ` in the Authorization header (scheme matched in any case).
std::optional<std::string_view> AuthorizationOf(const HttpRequest& request, std::string_view scheme) {
  auto header = request.Header("Authorization");
  if (!header) return std::nullopt;
  std::string_view value = *header;
  if (value.size() <= scheme.size() || strncasecmp(value.data(), scheme.data(), scheme.size()) != 0 ||
      value[scheme.size()] != ' ') {
    return std::nullopt;
  }
  value.remove_prefix(scheme.size() + 1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value;
}

std::string_view Parameter(const NameValuePairs& form, std::string_view name) {
  for (const auto& [key, value] : form) {
    if (key == name) return value;
  }
  return {};
}

HttpResponse GetToken(const TokenAuthority& authority, const HttpRequest& request) {
  auto content_type = request.Header("Content-Type");
  if (content_type && content_type->find("application/x-www-form-urlencoded") == std::string_view::npos) {
    return OAuthError(400, "invalid_request", "The token request must be application/x-www-form-urlencoded");
  }
  auto form = ParseQueryString(request.body);
  if (!form.ok()) return OAuthError(400, "invalid_request", form.status().message());
  std::string_view grant_type = Parameter(*form, "grant_type");
  std::string_view scope = Parameter(*form, "scope");
  if (grant_type.empty()) return OAuthError(400, "invalid_request", "Missing parameter: grant_type");
  if (grant_type == "client_credentials") {
    std::string client_id(Parameter(*form, "client_id"));
    std::string client_secret(Parameter(*form, "client_secret"));
    if (auto basic = AuthorizationOf(request, "Basic")) {
      auto decoded = Base64Decode(*basic);
      size_t colon = decoded.ok() ? decoded->find(':') : std::string::npos;
      if (colon == std::string::npos) {
        return OAuthError(401, "invalid_client", "Malformed Basic authorization header");
      }
      // RFC 6749 §2.3.1: both parts are form-encoded before base64.
      auto id = ParseQueryString("id=" + decoded->substr(0, colon));
      auto secret = ParseQueryString("secret=" + decoded->substr(colon + 1));
      if (!id.ok() || !secret.ok()) return OAuthError(401, "invalid_client", "Malformed Basic authorization header");
      client_id = std::string(Parameter(*id, "id"));
      client_secret = std::string(Parameter(*secret, "secret"));
    }
    if (client_id.empty()) return OAuthError(400, "invalid_request", "Missing parameter: client_id");
    if (client_secret.empty()) return OAuthError(400, "invalid_request", "Missing parameter: client_secret");
    auto token = authority.IssueForClient(client_id, client_secret, scope);
    if (!token.ok()) return OAuthError(401, "invalid_client", "Unknown client or wrong client secret");
    return TokenResponse(*token);
  }
  if (grant_type == kTokenExchange) {
    std::string_view subject_token = Parameter(*form, "subject_token");
    if (subject_token.empty()) return OAuthError(400, "invalid_request", "Missing parameter: subject_token");
    auto token = authority.Refresh(subject_token, scope);
    if (!token.ok()) return OAuthError(400, "invalid_grant", token.status().message());
    return TokenResponse(*token);
  }
  return OAuthError(400, "unsupported_grant_type",
                    fmt::format("Unsupported grant_type '{}': use client_credentials or {}", grant_type,
                                kTokenExchange));
}

}  // namespace

void AddOAuthTokenRoute(Router& router, std::shared_ptr<const TokenAuthority> authority) {
  router.Add("POST", "/v1/oauth/tokens",
             [authority](const HttpRequest& request) { return GetToken(*authority, request); });
}

RouteHandler RequireBearerToken(std::shared_ptr<const TokenAuthority> authority, RouteHandler handler) {
  return [authority, handler = std::move(handler)](const HttpRequest& request) -> HttpResponse {
    auto token = AuthorizationOf(request, "Bearer");
    Status status = !token || token->empty()
                        ? NotAuthorized("Authentication required: send Authorization: Bearer <token> "
                                        "(tokens from POST /v1/oauth/tokens)")
                        : authority->Verify(*token).status();
    if (status.ok()) return handler(request);
    HttpResponse response = HttpResponse::Error(status);
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"floe\"");
    return response;
  };
}

}  // namespace floe::server
