// WKT <-> WKB (spec vectors §6: geometry/geography JSON is WKT), every
// geometry kind in XY/Z/M/ZM and EMPTY, and malformed input.
#include "floe/iceberg/well_known_text.h"

#include <gtest/gtest.h>

#include "floe/iceberg/literal.h"
#include "floe/iceberg/types.h"

namespace floe::iceberg {
namespace {

std::string Bytes(std::initializer_list<int> values) {
  std::string bytes;
  for (int value : values) bytes.push_back(static_cast<char>(value));
  return bytes;
}

const std::string kPoint3010 = Bytes({0x01, 0x01, 0x00, 0x00, 0x00,                     //
                                      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3E, 0x40,   // x = 30
                                      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0x40});  // y = 10

TEST(WellKnownText, SpecVectorPoint) {
  auto binary = WellKnownTextToBinary("POINT (30 10)");
  ASSERT_TRUE(binary.ok()) << binary.status().ToString();
  EXPECT_EQ(*binary, kPoint3010);
  auto text = WellKnownBinaryToText(kPoint3010);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "POINT (30 10)");
}

TEST(WellKnownText, LiteralJsonIsWktString) {
  for (TypeId id : {TypeId::kGeometry, TypeId::kGeography}) {
    TypePtr type = PrimitiveType::Get(id);
    auto json = ToJsonText(*type, Literal(kPoint3010));
    ASSERT_TRUE(json.ok()) << json.status().ToString();
    EXPECT_EQ(*json, "\"POINT (30 10)\"");
    auto parsed = FromJsonText(*type, "\"POINT (30 10)\"");
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
    EXPECT_EQ(parsed->get<std::string>(), kPoint3010);
    EXPECT_FALSE(FromJsonText(*type, "30").ok());
    EXPECT_FALSE(FromJsonText(*type, "\"POINT (30\"").ok());
    auto null_value = FromJsonText(*type, "null");
    ASSERT_TRUE(null_value.ok());
    EXPECT_TRUE(null_value->is_null());
  }
}

// Each text is already canonical, so WKT -> WKB -> WKT gives it back.
TEST(WellKnownText, RoundTripsEveryKindAndDimension) {
  const char* texts[] = {
      "POINT (30 10)",
      "POINT Z (1 2 3)",
      "POINT M (1 2 4)",
      "POINT ZM (1 2 3 4)",
      "POINT (-0.5 1e+20)",
      "POINT (0.1 -123.456)",
      "POINT EMPTY",
      "POINT Z EMPTY",
      "LINESTRING (30 10, 10 30, 40 40)",
      "LINESTRING Z (1 2 3, 4 5 6)",
      "LINESTRING EMPTY",
      "POLYGON ((30 10, 40 40, 20 40, 10 20, 30 10))",
      "POLYGON ((35 10, 45 45, 15 40, 10 20, 35 10), (20 30, 35 35, 30 20, 20 30))",
      "POLYGON M ((0 0 1, 1 0 2, 1 1 3, 0 0 1))",
      "POLYGON EMPTY",
      "MULTIPOINT ((10 40), (40 30), (20 20), (30 10))",
      "MULTIPOINT ZM ((1 2 3 4), EMPTY)",
      "MULTIPOINT EMPTY",
      "MULTILINESTRING ((10 10, 20 20, 10 40), (40 40, 30 30, 40 20, 30 10))",
      "MULTILINESTRING Z ((1 2 3, 4 5 6), EMPTY)",
      "MULTIPOLYGON (((30 20, 45 40, 10 40, 30 20)), ((15 5, 40 10, 10 20, 5 10, 15 5)))",
      "MULTIPOLYGON (((40 40, 20 45, 45 30, 40 40)), ((20 35, 10 30, 10 10, 30 5, 45 20, 20 35), "
      "(30 20, 20 15, 20 25, 30 20)))",
      "MULTIPOLYGON EMPTY",
      "GEOMETRYCOLLECTION (POINT (40 10), LINESTRING (10 10, 20 20, 10 40), POLYGON ((40 40, 20 45, 45 30, 40 40)))",
      "GEOMETRYCOLLECTION Z (POINT Z (1 2 3), GEOMETRYCOLLECTION Z (MULTIPOINT Z ((4 5 6))))",
      "GEOMETRYCOLLECTION (POINT EMPTY, MULTIPOLYGON EMPTY)",
      "GEOMETRYCOLLECTION EMPTY",
  };
  for (const char* text : texts) {
    auto binary = WellKnownTextToBinary(text);
    ASSERT_TRUE(binary.ok()) << text << ": " << binary.status().ToString();
    auto back = WellKnownBinaryToText(*binary);
    ASSERT_TRUE(back.ok()) << text << ": " << back.status().ToString();
    EXPECT_EQ(*back, text);
  }
}

TEST(WellKnownText, IsoTypeCodes) {
  auto code_of = [](std::string_view text) {
    auto binary = WellKnownTextToBinary(text);
    EXPECT_TRUE(binary.ok()) << text;
    uint32_t code = 0;
    for (int i = 4; i >= 1; --i) code = (code << 8) | static_cast<uint8_t>((*binary)[i]);
    return code;
  };
  EXPECT_EQ(code_of("LINESTRING (1 2, 3 4)"), 2u);
  EXPECT_EQ(code_of("POLYGON Z ((1 2 3, 4 5 6, 7 8 9, 1 2 3))"), 1003u);
  EXPECT_EQ(code_of("MULTIPOINT M ((1 2 3))"), 2004u);
  EXPECT_EQ(code_of("GEOMETRYCOLLECTION ZM EMPTY"), 3007u);
  // POINT EMPTY is NaN coordinates.
  auto empty = WellKnownTextToBinary("POINT EMPTY");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, Bytes({0x01, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F, 0, 0, 0, 0, 0, 0, 0xF8, 0x7F}));
}

TEST(WellKnownText, LenientReading) {
  auto canonical = [](std::string_view text) -> std::string {
    auto binary = WellKnownTextToBinary(text);
    if (!binary.ok()) return binary.status().ToString();
    auto back = WellKnownBinaryToText(*binary);
    return back.ok() ? *back : back.status().ToString();
  };
  EXPECT_EQ(canonical("  point(30 10)  "), "POINT (30 10)");
  EXPECT_EQ(canonical("POINT (1 2 3)"), "POINT Z (1 2 3)");
  EXPECT_EQ(canonical("LINESTRING (1 2 3 4, 5 6 7 8)"), "LINESTRING ZM (1 2 3 4, 5 6 7 8)");
  EXPECT_EQ(canonical("MULTIPOINT (10 40, 40 30)"), "MULTIPOINT ((10 40), (40 30))");
  EXPECT_EQ(canonical("GEOMETRYCOLLECTION Z (POINT (1 2 3))"), "GEOMETRYCOLLECTION Z (POINT Z (1 2 3))");
  EXPECT_EQ(canonical("POINT (+1.50 -2e2)"), "POINT (1.5 -200)");

  // Big-endian WKB of POINT (30 10).
  std::string big_endian = Bytes({0x00, 0x00, 0x00, 0x00, 0x01, 0x40, 0x3E, 0, 0, 0, 0, 0, 0, 0x40, 0x24, 0, 0, 0, 0, 0, 0});
  auto text = WellKnownBinaryToText(big_endian);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "POINT (30 10)");
  // EWKB Z flag.
  std::string extended = Bytes({0x01, 0x01, 0x00, 0x00, 0x80});
  for (int i = 0; i < 3; ++i) extended += kPoint3010.substr(5, 8);
  text = WellKnownBinaryToText(extended);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  EXPECT_EQ(*text, "POINT Z (30 30 30)");
}

TEST(WellKnownText, RejectsMalformedText) {
  const char* texts[] = {
      "",
      "POINT",
      "CIRCLE (1 2)",
      "POINT (30)",
      "POINT (1 2 3 4 5)",
      "POINT (30 10",
      "POINT (30 abc)",
      "POINT (30 10) extra",
      "POINT Z (1 2)",
      "LINESTRING (1 2, 3 4 5)",
      "LINESTRING (1 2,)",
      "POLYGON (1 2, 3 4)",
      "MULTIPOLYGON ((1 2, 3 4))",
      "GEOMETRYCOLLECTION (POINT Z (1 2 3), POINT (1 2))",
      "GEOMETRYCOLLECTION Z (POINT M (1 2 3))",
  };
  for (const char* text : texts) {
    auto binary = WellKnownTextToBinary(text);
    ASSERT_FALSE(binary.ok()) << text;
    EXPECT_EQ(binary.status().kind(), ErrorKind::kInvalidData) << text;
    EXPECT_EQ(binary.status().message().find('\n'), std::string::npos) << text;
    EXPECT_NE(binary.status().message().find("Invalid WKT"), std::string::npos) << binary.status().message();
  }
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "GEOMETRYCOLLECTION (";
  EXPECT_FALSE(WellKnownTextToBinary(deep).ok());
}

TEST(WellKnownText, RejectsMalformedBinary) {
  std::string wrong_member = *WellKnownTextToBinary("MULTIPOINT ((1 2))");
  wrong_member[5 + 4 + 1] = 0x02;  // the member claims to be a linestring
  std::string huge_count = Bytes({0x01, 0x02, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0x7F});
  const std::string inputs[] = {
      "",
      Bytes({0x01, 0x01, 0x00}),
      Bytes({0x02, 0x01, 0x00, 0x00, 0x00}),
      Bytes({0x01, 0x08, 0x00, 0x00, 0x00}),
      Bytes({0x01, 0x01, 0x00, 0x00, 0x20}),
      kPoint3010.substr(0, 12),
      kPoint3010 + "x",
      wrong_member,
      huge_count,
  };
  for (const std::string& bytes : inputs) {
    auto text = WellKnownBinaryToText(bytes);
    ASSERT_FALSE(text.ok()) << bytes.size();
    EXPECT_EQ(text.status().kind(), ErrorKind::kInvalidData);
    EXPECT_NE(text.status().message().find("Invalid WKB"), std::string::npos) << text.status().message();
  }
}

}  // namespace
}  // namespace floe::iceberg
