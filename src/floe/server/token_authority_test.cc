#include "floe/server/token_authority.h"

#include <gtest/gtest.h>

namespace floe::server {
namespace {

TEST(Base64, RoundTripsAndAcceptsBothAlphabets) {
  for (std::string bytes : {std::string(""), std::string("f"), std::string("fo"), std::string("foo"),
                            std::string("\xfb\xff\xfe", 3), std::string("any carnal pleasure.")}) {
    auto decoded = Base64Decode(Base64UrlEncode(bytes));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, bytes);
  }
  EXPECT_EQ(Base64UrlEncode(std::string("\xfb\xff", 2)), "-_8");
  EXPECT_EQ(*Base64Decode("+/8="), std::string("\xfb\xff", 2));  // standard alphabet with padding
  EXPECT_EQ(*Base64Decode("c3Bhcms6czNjcmV0"), "spark:s3cret");
  EXPECT_FALSE(Base64Decode("a").ok());
  EXPECT_FALSE(Base64Decode("ab!c").ok());
}

TEST(ClientSecretHash, VerifiesOnlyTheRightSecret) {
  std::string hash = HashClientSecret("s3cret", 1000);
  EXPECT_EQ(hash.rfind("pbkdf2-sha256$1000$", 0), 0u);
  EXPECT_NE(hash, HashClientSecret("s3cret", 1000));  // salted
  EXPECT_TRUE(*VerifyClientSecret("s3cret", hash));
  EXPECT_FALSE(*VerifyClientSecret("s3cret!", hash));
  EXPECT_FALSE(*VerifyClientSecret("", hash));
  EXPECT_EQ(VerifyClientSecret("x", "sha1$abc").status().kind(), ErrorKind::kBadRequest);
  EXPECT_EQ(VerifyClientSecret("x", "pbkdf2-sha256$0$AAAA$AAAA").status().kind(), ErrorKind::kBadRequest);
  EXPECT_EQ(VerifyClientSecret("x", "pbkdf2-sha256$10$AAAA$AAAA").status().kind(), ErrorKind::kBadRequest);
}

TEST(TokenAuthority, RejectsMisconfiguration) {
  TokenAuthorityOptions options;
  options.clients.push_back({"a", "plain-secret"});
  EXPECT_EQ(TokenAuthority::Create(options).status().kind(), ErrorKind::kBadRequest);
  options.clients = {{"a", HashClientSecret("x", 10)}, {"a", HashClientSecret("y", 10)}};
  EXPECT_NE(TokenAuthority::Create(options).status().message().find("twice"), std::string::npos);
  options.clients = {{"a", HashClientSecret("x", 10)}};
  options.signing_key = "short";
  EXPECT_NE(TokenAuthority::Create(options).status().message().find("32"), std::string::npos);
  options.signing_key.clear();
  auto generated = TokenAuthority::Create(options);
  ASSERT_TRUE(generated.ok());
  EXPECT_TRUE((*generated)->generated_key());
}

TEST(TokenAuthority, IssuesVerifiableExpiringTokens) {
  TokenAuthorityOptions options;
  options.clients = {{"spark", HashClientSecret("s3cret", 10)}};
  options.signing_key = std::string(32, 'k');
  options.token_lifetime = std::chrono::seconds(600);
  auto authority = *TokenAuthority::Create(options);
  EXPECT_EQ(authority->IssueForClient("spark", "wrong", "").status().kind(), ErrorKind::kNotAuthorized);
  EXPECT_EQ(authority->IssueForClient("nobody", "s3cret", "").status().kind(), ErrorKind::kNotAuthorized);
  auto token = authority->IssueForClient("spark", "s3cret", "catalog");
  ASSERT_TRUE(token.ok());
  EXPECT_EQ(token->expires_in, 600);
  auto claims = authority->Verify(token->access_token);
  ASSERT_TRUE(claims.ok()) << claims.status().ToString();
  EXPECT_EQ(claims->subject, "spark");
  EXPECT_EQ(claims->scope, "catalog");
  EXPECT_EQ(claims->expires_at - claims->issued_at, 600);

  std::string tampered = token->access_token;
  tampered[tampered.find('.') + 3] ^= 1;  // a claim byte
  EXPECT_NE(authority->Verify(tampered).status().message().find("signature"), std::string::npos);
  EXPECT_NE(authority->Verify(authority->Sign("spark", 1, 2, "")).status().message().find("expired"),
            std::string::npos);
  EXPECT_NE(authority->Verify(authority->Sign("ghost", 1, 4000000000, "")).status().message().find("unknown"),
            std::string::npos);
  EXPECT_FALSE(authority->Verify("").ok());
  EXPECT_FALSE(authority->Verify("a.b").ok());
  EXPECT_FALSE(authority->Verify("a.b.c.d").ok());
  auto refreshed = authority->Refresh(token->access_token, "");
  ASSERT_TRUE(refreshed.ok());
  EXPECT_EQ(authority->Verify(refreshed->access_token)->scope, "catalog");
}

}  // namespace
}  // namespace floe::server
