// The OAuth2 token endpoint of the Iceberg REST catalog and the bearer-token
// check that guards the catalog routes when authentication is on.
//
// POST /v1/oauth/tokens (application/x-www-form-urlencoded, RFC 6749):
// - grant_type=client_credentials with client_id and client_secret in the
//   body, or in an `Authorization: Basic` header (RFC 6749 §2.3.1);
// - grant_type=urn:ietf:params:oauth:grant-type:token-exchange with a
//   still-valid floe token as subject_token: a fresh token for the same
//   client (how Iceberg clients refresh).
// Success is 200 with an OAuthTokenResponse (access_token, token_type
// "bearer", expires_in, issued_token_type). Failures are OAuthError bodies
// {"error","error_description"}: invalid_request (400, a missing
// parameter), unsupported_grant_type (400), invalid_client (401, unknown
// client or wrong secret; the two are not told apart), invalid_grant (400,
// a subject token that is not a valid floe token).
//
// RequireBearerToken: the wrapped handler runs only for requests carrying
// `Authorization: Bearer <token>` that TokenAuthority::Verify accepts; any
// other request gets 401 with an IcebergErrorResponse of type
// NotAuthorizedException and `WWW-Authenticate: Bearer`.
//
// Thread-safety: the handlers are thread-safe (TokenAuthority is immutable).
#pragma once

#include <memory>

#include "floe/server/router.h"
#include "floe/server/token_authority.h"

namespace floe::server {

void AddOAuthTokenRoute(Router& router, std::shared_ptr<const TokenAuthority> authority);

RouteHandler RequireBearerToken(std::shared_ptr<const TokenAuthority> authority, RouteHandler handler);

}  // namespace floe::server
