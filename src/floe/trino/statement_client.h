// StatementClient: the client side of the Trino client protocol (libcurl),
// for `floe sql --server`. It talks to `floe serve` or to any Trino
// coordinator: POST /v1/statement, then nextUri until the last page; results
// come back as engine::QueryResult batches, so the shell prints them exactly
// as in embedded mode.
//
// Behaviour:
// - Session: X-Trino-User, X-Trino-Catalog, X-Trino-Schema from the
//   engine::Session; X-Trino-Source is `source`. The result's set_catalog /
//   set_schema carry X-Trino-Set-Catalog / X-Trino-Set-Schema (USE).
// - Execute returns once the server knows the columns (or the statement
//   failed, or finished); Next follows nextUri for more rows.
// - Values are decoded from Trino's JSON encoding into their SQL types;
//   array, map, row and types floe does not know are shown as their JSON text
//   (type varchar).
// - Session properties, prepared statements and the transaction go out in
//   the headers of session_headers.h; the changes a statement reports come
//   back in the result's session_update().
// - Authentication: with an access token set, every request carries
//   `Authorization: Bearer <token>` (floe serve with OAuth2 on, or a Trino
//   coordinator with JWT authentication). RequestClientCredentialsToken gets
//   one from an OAuth2 token endpoint (floe's REST catalog:
//   /v1/oauth/tokens). A 401 answer is kNotAuthorized with what to send.
// - Cancellation (QueryResult::Cancel, or the token given to Execute) sends
//   DELETE to nextUri, also while the statement has not produced columns
//   yet (a running INSERT), and fails with USER_CANCELED.
// Errors: a failed statement gives a Status with Trino's error name, code and
// "line L:C: " message (sql/error.h); an unreachable server or a non-200
// answer gives kIOError naming the URL and the HTTP status.
// Thread-safety: one statement at a time per client (Cancel excepted).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "floe/common/json.h"
#include "floe/engine/engine.h"

namespace floe::trino {

class StatementClient : public std::enable_shared_from_this<StatementClient> {
 public:
  // `server`: "http://host:8080" (no trailing path).
  static Result<std::shared_ptr<StatementClient>> Create(std::string server, std::string source = "floe-sql");
  ~StatementClient();
  StatementClient(const StatementClient&) = delete;
  StatementClient& operator=(const StatementClient&) = delete;

  Result<std::unique_ptr<engine::QueryResult>> Execute(const engine::Session& session, std::string_view sql,
                                                       std::shared_ptr<engine::CancellationToken> cancellation = nullptr);

  // Sent as `Authorization: Bearer <token>` from now on (empty: none).
  void set_access_token(std::string token) { access_token_ = std::move(token); }

  struct Response {
    long status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // lower-cased names
  };
  // One HTTP exchange (GET, POST with `body`, DELETE).
  Result<Response> Send(const std::string& method, const std::string& url, std::string_view body,
                        const engine::Session& session);

  const std::string& server() const { return server_; }

 private:
  StatementClient(std::string server, std::string source, void* curl);
  std::string server_;
  std::string source_;
  std::string access_token_;
  void* curl_;
};

// The OAuth2 client-credentials grant (RFC 6749 4.4) at `token_url`
// (form-encoded grant_type, client_id, client_secret, scope): the
// access_token of the answer. Errors: kNotAuthorized for a 401 (wrong
// client or secret, with the server's OAuth error), kIOError when the
// endpoint cannot be reached or answers otherwise.
Result<std::string> RequestClientCredentialsToken(const std::string& token_url, const std::string& client_id,
                                                  const std::string& client_secret, const std::string& scope = "catalog");

// The SQL type a Trino typeSignature describes; nullopt for types shown as
// text (array, map, row, and types floe does not know).
std::optional<engine::SqlType> SqlTypeOfSignature(const json::JsonObject& signature);

}  // namespace floe::trino
