#include "floe/common/result.h"

#include <gtest/gtest.h>

namespace floe {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return BadRequest("{} is odd", x);
  return x / 2;
}

Result<int> Quarter(int x) {
  FLOE_ASSIGN_OR_RETURN(int half, Half(x));
  FLOE_ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusTest, OkAndErrorKinds) {
  EXPECT_TRUE(Status::OK().ok());
  Status s = CommitFailed("Requirement failed: {}", "branch main has changed");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::kCommitFailed);
  EXPECT_EQ(HttpStatusOf(s.kind()), 409);
  EXPECT_EQ(RestErrorTypeOf(s.kind()), "CommitFailedException");
  EXPECT_EQ(s.ToString(), "CommitFailed: Requirement failed: branch main has changed");
  EXPECT_EQ(s.WithContext("table t").message(), "table t: Requirement failed: branch main has changed");
  EXPECT_EQ(HttpStatusOf(ErrorKind::kNoSuchTable), 404);
  EXPECT_EQ(HttpStatusOf(ErrorKind::kCommitStateUnknown), 500);
}

TEST(ResultTest, PropagatesErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  auto r = Quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "3 is odd");
  EXPECT_EQ(r.status().kind(), ErrorKind::kBadRequest);
}

}  // namespace
}  // namespace floe
