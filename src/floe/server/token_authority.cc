#include "floe/server/token_authority.h"

#include <charconv>
#include <set>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "floe/common/json.h"
#include "floe/common/uuid.h"

namespace floe::server {

namespace {

constexpr std::string_view kHashScheme = "pbkdf2-sha256";
constexpr int kDefaultIterations = 100000;
constexpr int kMaxIterations = 10000000;
constexpr size_t kDerivedKeyBytes = 32;
constexpr size_t kMinimumSigningKeyBytes = 32;
constexpr std::string_view kIssuer = "floe";
// The only header floe issues and accepts: {"alg":"HS256","typ":"JWT"}.
constexpr std::string_view kJwtHeader = R"({"alg":"HS256","typ":"JWT"})";

std::string RandomBytes(size_t count) {
  std::string bytes(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(count)) != 1) {
    // RAND_bytes fails only without an entropy source; nothing safe can be done.
    std::abort();
  }
  return bytes;
}

std::string Pbkdf2(std::string_view secret, std::string_view salt, int iterations) {
  std::string key(kDerivedKeyBytes, '\0');
  PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), iterations, EVP_sha256(), static_cast<int>(key.size()),
                    reinterpret_cast<unsigned char*>(key.data()));
  return key;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct ParsedHash {
  int iterations = 0;
  std::string salt;
  std::string derived;
};

Result<ParsedHash> ParseHash(std::string_view hash) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t dollar = hash.find('$', start);
    parts.push_back(hash.substr(start, dollar == std::string_view::npos ? std::string_view::npos : dollar - start));
    if (dollar == std::string_view::npos) break;
    start = dollar + 1;
  }
  if (parts.size() != 4 || parts[0] != kHashScheme) {
    return BadRequest("Invalid client secret hash: expected {}$<iterations>$<salt>$<key> (floe hash-secret)",
                      kHashScheme);
  }
  ParsedHash parsed;
  auto [end, error] = std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), parsed.iterations);
  if (error != std::errc() || end != parts[1].data() + parts[1].size() || parsed.iterations < 1 ||
      parsed.iterations > kMaxIterations) {
    return BadRequest("Invalid client secret hash: bad iteration count '{}'", parts[1]);
  }
  auto salt = Base64Decode(parts[2]);
  auto derived = Base64Decode(parts[3]);
  if (!salt.ok() || !derived.ok() || salt->empty() || derived->size() != kDerivedKeyBytes) {
    return BadRequest("Invalid client secret hash: the salt or key is not valid base64url of the right length");
  }
  parsed.salt = std::move(salt).value();
  parsed.derived = std::move(derived).value();
  return parsed;
}

Result<int64_t> ClaimNumber(const json::JsonObject& claims, std::string_view key) {
  auto value = json::GetLong(claims, key);
  if (!value.ok()) return NotAuthorized("Invalid bearer token: claim '{}' is missing or not a number", key);
  return value;
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8) |
                 static_cast<uint8_t>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  size_t rest = bytes.size() - i;
  if (rest == 1) {
    uint32_t n = static_cast<uint8_t>(bytes[i]) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
  } else if (rest == 2) {
    uint32_t n = (static_cast<uint8_t>(bytes[i]) << 16) | (static_cast<uint8_t>(bytes[i + 1]) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
  }
  return out;
}

Result<std::string> Base64Decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return BadRequest("Invalid base64: impossible length {}", text.size());
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z') {
      value = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      value = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      value = c - '0' + 52;
    } else if (c == '-' || c == '+') {
      value = 62;
    } else if (c == '_' || c == '/') {
      value = 63;
    } else {
      return BadRequest("Invalid base64: unexpected character");
    }
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

std::string HashClientSecret(std::string_view secret, int iterations) {
  if (iterations <= 0) iterations = kDefaultIterations;
  std::string salt = RandomBytes(16);
  return fmt::format("{}${}${}${}", kHashScheme, iterations, Base64UrlEncode(salt),
                     Base64UrlEncode(Pbkdf2(secret, salt, iterations)));
}

Result<bool> VerifyClientSecret(std::string_view secret, std::string_view hash) {
  FLOE_ASSIGN_OR_RETURN(ParsedHash parsed, ParseHash(hash));
  return ConstantTimeEquals(Pbkdf2(secret, parsed.salt, parsed.iterations), parsed.derived);
}

Result<std::shared_ptr<const TokenAuthority>> TokenAuthority::Create(TokenAuthorityOptions options) {
  std::shared_ptr<TokenAuthority> authority(new TokenAuthority());
  std::set<std::string> ids;
  for (const auto& client : options.clients) {
    if (client.id.empty()) return BadRequest("Invalid OAuth client: empty client id");
    if (!ids.insert(client.id).second) return BadRequest("Invalid OAuth clients: client '{}' appears twice", client.id);
    auto parsed = ParseHash(client.secret_hash);
    if (!parsed.ok()) return BadRequest("OAuth client '{}': {}", client.id, parsed.status().message());
  }
  if (options.token_lifetime.count() <= 0) return BadRequest("Invalid token lifetime: it must be positive");
  if (options.signing_key.empty()) {
    authority->signing_key_ = RandomBytes(kMinimumSigningKeyBytes);
    authority->generated_key_ = true;
  } else if (options.signing_key.size() < kMinimumSigningKeyBytes) {
    return BadRequest("Invalid token signing key: it has {} bytes, at least {} are required",
                      options.signing_key.size(), kMinimumSigningKeyBytes);
  } else {
    authority->signing_key_ = std::move(options.signing_key);
  }
  authority->clients_ = std::move(options.clients);
  authority->token_lifetime_ = options.token_lifetime;
  return std::shared_ptr<const TokenAuthority>(std::move(authority));
}

std::string TokenAuthority::Sign(std::string_view subject, int64_t issued_at, int64_t expires_at,
                                 std::string_view scope) const {
  json::JsonWriter claims;
  claims->StartObject();
  claims.Key("iss");
  claims.String(kIssuer);
  claims.Key("sub");
  claims.String(subject);
  claims.Key("iat");
  claims->Int64(issued_at);
  claims.Key("exp");
  claims->Int64(expires_at);
  claims.Key("jti");
  claims.String(RandomUuid());
  if (!scope.empty()) {
    claims.Key("scope");
    claims.String(scope);
  }
  claims->EndObject();
  std::string signing_input = Base64UrlEncode(kJwtHeader) + "." + Base64UrlEncode(claims.Take());
  return signing_input + "." + Base64UrlEncode(HmacSha256(signing_key_, signing_input));
}

IssuedToken TokenAuthority::Issue(std::string_view subject, std::string_view scope) const {
  int64_t now = NowSeconds();
  IssuedToken token;
  token.expires_in = token_lifetime_.count();
  token.access_token = Sign(subject, now, now + token.expires_in, scope);
  token.scope = std::string(scope);
  return token;
}

Result<IssuedToken> TokenAuthority::IssueForClient(std::string_view client_id, std::string_view client_secret,
                                                   std::string_view scope) const {
  for (const auto& client : clients_) {
    if (client.id != client_id) continue;
    auto matches = VerifyClientSecret(client_secret, client.secret_hash);
    if (matches.ok() && *matches) return Issue(client.id, scope);
    break;
  }
  return NotAuthorized("Invalid client credentials");
}

Result<IssuedToken> TokenAuthority::Refresh(std::string_view token, std::string_view scope) const {
  FLOE_ASSIGN_OR_RETURN(TokenClaims claims, Verify(token));
  return Issue(claims.subject, scope.empty() ? std::string_view(claims.scope) : scope);
}

Result<TokenClaims> TokenAuthority::Verify(std::string_view token) const {
  size_t first = token.find('.');
  size_t second = first == std::string_view::npos ? first : token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return NotAuthorized("Invalid bearer token: not a JWT");
  }
  std::string_view signing_input = token.substr(0, second);
  auto signature = Base64Decode(token.substr(second + 1));
  if (!signature.ok() || !ConstantTimeEquals(*signature, HmacSha256(signing_key_, signing_input))) {
    return NotAuthorized("Invalid bearer token: bad signature");
  }
  // Signed by us: the header and claims are ours, but check them anyway.
  auto header = Base64Decode(token.substr(0, first));
  if (!header.ok() || *header != kJwtHeader) return NotAuthorized("Invalid bearer token: unsupported header");
  auto payload = Base64Decode(token.substr(first + 1, second - first - 1));
  if (!payload.ok()) return NotAuthorized("Invalid bearer token: malformed claims");
  auto document = json::JsonDocument::Parse(*payload);
  if (!document.ok() || !document->root().is_object()) return NotAuthorized("Invalid bearer token: malformed claims");
  auto claims_object = document->root().get_object().value();
  TokenClaims claims;
  auto issuer = json::GetString(claims_object, "iss");
  if (!issuer.ok() || *issuer != kIssuer) return NotAuthorized("Invalid bearer token: wrong issuer");
  auto subject = json::GetString(claims_object, "sub");
  if (!subject.ok()) return NotAuthorized("Invalid bearer token: no subject");
  claims.subject = std::string(*subject);
  FLOE_ASSIGN_OR_RETURN(claims.issued_at, ClaimNumber(claims_object, "iat"));
  FLOE_ASSIGN_OR_RETURN(claims.expires_at, ClaimNumber(claims_object, "exp"));
  if (auto scope = json::GetOptionalString(claims_object, "scope"); scope.ok() && *scope) {
    claims.scope = std::string(**scope);
  }
  if (claims.expires_at <= NowSeconds()) return NotAuthorized("Invalid bearer token: expired");
  bool known = false;
  for (const auto& client : clients_) known = known || client.id == claims.subject;
  if (!known) return NotAuthorized("Invalid bearer token: unknown client");
  return claims;
}

}  // namespace floe::server
