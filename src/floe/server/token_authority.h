// TokenAuthority: OAuth2 client-credentials tokens for the REST catalog.
//
// Clients are configured as `client_id` plus a hash of their secret (never the
// secret itself). The hash format is
//   pbkdf2-sha256$<iterations>$<salt, base64url>$<derived key, base64url>
// (PBKDF2-HMAC-SHA256, RFC 8018), produced by HashClientSecret (and by
// `floe hash-secret`).
//
// Tokens are JWTs (RFC 7519) signed with HMAC-SHA256 ("alg":"HS256") under
// the configured signing key, so every server sharing the key accepts the
// tokens of the others. Claims: iss "floe", sub (the client id), iat, exp,
// jti, and scope when one was requested. Verification checks the header,
// the signature (constant-time), the issuer and the expiry; nothing else is
// trusted from the token.
//
// Thread-safety: a TokenAuthority is immutable after Create; every method is
// thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "floe/common/result.h"

namespace floe::server {

struct OAuthClient {
  std::string id;
  std::string secret_hash;  // pbkdf2-sha256$... (HashClientSecret)
};

struct TokenAuthorityOptions {
  std::vector<OAuthClient> clients;
  // The HMAC key (at least 32 bytes). Empty: a random key is generated, so
  // tokens do not survive a restart nor work across instances.
  std::string signing_key;
  std::chrono::seconds token_lifetime{std::chrono::hours(1)};
};

// What a valid token says.
struct TokenClaims {
  std::string subject;  // the client id
  int64_t issued_at = 0;   // seconds since the epoch
  int64_t expires_at = 0;  // seconds since the epoch
  std::string scope;
};

struct IssuedToken {
  std::string access_token;
  int64_t expires_in = 0;  // seconds
  std::string scope;
};

// Hashes `secret` with a fresh random salt. `iterations` 0: the default (100,000).
std::string HashClientSecret(std::string_view secret, int iterations = 0);
// Whether `secret` matches `hash` (constant-time comparison). A malformed
// hash is kBadRequest, naming what is wrong.
Result<bool> VerifyClientSecret(std::string_view secret, std::string_view hash);

class TokenAuthority {
 public:
  // Errors: kBadRequest for a malformed client hash, a duplicate client id,
  // a signing key shorter than 32 bytes or a non-positive lifetime.
  static Result<std::shared_ptr<const TokenAuthority>> Create(TokenAuthorityOptions options);

  // Whether the signing key was generated (not configured).
  bool generated_key() const { return generated_key_; }
  size_t client_count() const { return clients_.size(); }

  // The client-credentials grant. Errors: kNotAuthorized for an unknown
  // client or a wrong secret (the message does not say which).
  Result<IssuedToken> IssueForClient(std::string_view client_id, std::string_view client_secret,
                                     std::string_view scope) const;
  // A fresh token for the subject of a still-valid token (token exchange,
  // used by clients to refresh). Errors: those of Verify.
  Result<IssuedToken> Refresh(std::string_view token, std::string_view scope) const;
  // Checks a bearer token. Errors: kNotAuthorized naming why (malformed,
  // bad signature, expired, unknown client).
  Result<TokenClaims> Verify(std::string_view token) const;

  // A token for `subject` expiring at `expires_at` (tests use it to forge
  // expired tokens with the right key).
  std::string Sign(std::string_view subject, int64_t issued_at, int64_t expires_at, std::string_view scope) const;

 private:
  TokenAuthority() = default;
  IssuedToken Issue(std::string_view subject, std::string_view scope) const;

  std::vector<OAuthClient> clients_;
  std::string signing_key_;
  bool generated_key_ = false;
  std::chrono::seconds token_lifetime_{0};
};

// Base64url without padding (RFC 4648 §5), as JWTs use.
std::string Base64UrlEncode(std::string_view bytes);
// Decodes base64url or standard base64 (HTTP Basic credentials), with or
// without '=' padding. Errors: kBadRequest for characters outside the
// alphabets or an impossible length.
Result<std::string> Base64Decode(std::string_view text);

}  // namespace floe::server
