#include "floe/common/json.h"

#include <gtest/gtest.h>

namespace floe::json {
namespace {

TEST(JsonTest, TypedAccessorsAndJavaStyleMessages) {
  auto doc = JsonDocument::Parse(R"({"name":"t","id":7,"big":9000000000,"flag":true,"none":null})");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  auto obj = *AsObject(doc->root(), "root");
  EXPECT_EQ(*GetString(obj, "name"), "t");
  EXPECT_EQ(*GetInt(obj, "id"), 7);
  EXPECT_EQ(*GetLong(obj, "big"), 9000000000);
  EXPECT_TRUE(*GetBool(obj, "flag"));
  EXPECT_FALSE(GetOptionalString(obj, "none")->has_value());
  EXPECT_EQ(GetString(obj, "location").status().message(), "Cannot parse missing string: location");
  EXPECT_EQ(GetInt(obj, "missing").status().message(), "Cannot parse missing int: missing");
  EXPECT_FALSE(GetInt(obj, "big").ok());  // out of int range
  EXPECT_EQ(GetString(obj, "id").status().message(), "Cannot parse id to a string value: 7");
}

TEST(JsonTest, MalformedInputIsAnError) {
  auto doc = JsonDocument::Parse(R"({"a": )");
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().kind(), ErrorKind::kInvalidData);
}

TEST(JsonTest, WriterProducesCompactJson) {
  JsonWriter w;
  w->StartObject();
  w.Key("a");
  w->Int64(1);
  w.Key("s");
  w.String("x\"y");
  w->EndObject();
  EXPECT_EQ(w.Take(), R"({"a":1,"s":"x\"y"})");
}

}  // namespace
}  // namespace floe::json
