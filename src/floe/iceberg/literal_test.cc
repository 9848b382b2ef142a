// Literals: Appendix D binary (spec vectors §5) and JSON (§6) forms, round
// trips for every primitive type, ordering edge cases, human strings and
// SQL/CLI text parsing.
#include "floe/iceberg/literal.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "floe/iceberg/types.h"

namespace floe::iceberg {
namespace {

TypePtr Primitive(TypeId id) { return PrimitiveType::Get(id); }

std::string Bytes(std::initializer_list<int> values) {
  std::string bytes;
  for (int value : values) bytes.push_back(static_cast<char>(value));
  return bytes;
}

const std::string kUuidBytes =
    Bytes({0xF7, 0x9C, 0x3E, 0x09, 0x67, 0x7C, 0x4B, 0xBD, 0xA4, 0x79, 0x3F, 0x34, 0x9C, 0xB7, 0x85, 0xE7});

// --- §5: binary single-value serialization -----------------------------------------

struct BinaryVector {
  TypePtr type;
  Literal value;
  std::string bytes;
};

std::vector<BinaryVector> BinaryVectors() {
  return {
      {Primitive(TypeId::kBoolean), Literal(false), Bytes({0x00})},
      {Primitive(TypeId::kBoolean), Literal(true), Bytes({0x01})},
      {Primitive(TypeId::kInt), Literal(int32_t{84202}), Bytes({0xEA, 0x48, 0x01, 0x00})},
      {Primitive(TypeId::kLong), Literal(int64_t{200}), Bytes({0xC8, 0, 0, 0, 0, 0, 0, 0})},
      {Primitive(TypeId::kFloat), Literal(-4.5f), Bytes({0x00, 0x00, 0x90, 0xC0})},
      {Primitive(TypeId::kDouble), Literal(6.0), Bytes({0, 0, 0, 0, 0, 0, 0x18, 0x40})},
      {Primitive(TypeId::kDate), Literal(int32_t{1000}), Bytes({0xE8, 0x03, 0x00, 0x00})},
      {Primitive(TypeId::kTime), Literal(int64_t{10000}), Bytes({0x10, 0x27, 0, 0, 0, 0, 0, 0})},
      {Primitive(TypeId::kTimestamp), Literal(int64_t{400000}), Bytes({0x80, 0x1A, 0x06, 0, 0, 0, 0, 0})},
      {Primitive(TypeId::kTimestampTz), Literal(int64_t{400000}), Bytes({0x80, 0x1A, 0x06, 0, 0, 0, 0, 0})},
      {Primitive(TypeId::kTimestampNs), Literal(int64_t{400000000}), Bytes({0x00, 0x84, 0xD7, 0x17, 0, 0, 0, 0})},
      {Primitive(TypeId::kTimestampTzNs), Literal(int64_t{400000000}), Bytes({0x00, 0x84, 0xD7, 0x17, 0, 0, 0, 0})},
      {Primitive(TypeId::kString), Literal("ABC"), Bytes({0x41, 0x42, 0x43})},
      {Primitive(TypeId::kUuid), Literal(kUuidBytes), kUuidBytes},
      {PrimitiveType::Fixed(2), Literal("ab"), Bytes({0x61, 0x62})},
      {Primitive(TypeId::kBinary), Literal("Z"), Bytes({0x5A})},
      {PrimitiveType::Decimal(3, 2), Literal(Decimal{345}), Bytes({0x01, 0x59})},
      {PrimitiveType::Decimal(7, 4), Literal(Decimal{1234567}), Bytes({0x12, 0xD6, 0x87})},
      {PrimitiveType::Decimal(7, 4), Literal(Decimal{-1234567}), Bytes({0xED, 0x29, 0x79})},
      {PrimitiveType::Decimal(10, 3), Literal(Decimal{11}), Bytes({0x0B})},
  };
}

TEST(LiteralBinaryTest, SpecVectorsSection5) {
  for (const auto& vector : BinaryVectors()) {
    SCOPED_TRACE(vector.type->ToString() + " " + ToHumanString(*vector.type, vector.value));
    auto bytes = ToBinary(*vector.type, vector.value);
    ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
    EXPECT_EQ(*bytes, vector.bytes);
    auto back = FromBinary(*vector.type, vector.bytes);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, vector.value);
  }
}

TEST(LiteralBinaryTest, GeospatialBoundsSection5) {
  std::string x = Bytes({0, 0, 0, 0, 0, 0, 0x24, 0x40});   // 10
  std::string y = Bytes({0, 0, 0, 0, 0, 0, 0x2A, 0x40});   // 13
  std::string z = Bytes({0, 0, 0, 0, 0, 0, 0x2E, 0x40});   // 15
  std::string nan = Bytes({0, 0, 0, 0, 0, 0, 0xF8, 0x7F});
  std::string m = Bytes({0, 0, 0, 0, 0, 0, 0x34, 0x40});   // 20
  EXPECT_EQ(GeospatialBoundToBinary({10, 13, std::nullopt, std::nullopt}), x + y);
  EXPECT_EQ(GeospatialBoundToBinary({10, 13, 15.0, std::nullopt}), x + y + z);
  EXPECT_EQ(GeospatialBoundToBinary({10, 13, std::nullopt, 20.0}), x + y + nan + m);
  EXPECT_EQ(GeospatialBoundToBinary({10, 13, 15.0, 20.0}), x + y + z + m);

  auto xym = GeospatialBoundFromBinary(x + y + nan + m);
  ASSERT_TRUE(xym.ok());
  EXPECT_EQ(xym->x, 10);
  EXPECT_EQ(xym->y, 13);
  EXPECT_FALSE(xym->z.has_value());
  EXPECT_EQ(xym->m, 20.0);
  auto xyz = GeospatialBoundFromBinary(x + y + z);
  ASSERT_TRUE(xyz.ok());
  EXPECT_EQ(xyz->z, 15.0);
  EXPECT_FALSE(xyz->m.has_value());
  EXPECT_FALSE(GeospatialBoundFromBinary(x).ok());
}

TEST(LiteralBinaryTest, DecimalMinimalBytes) {
  struct Case {
    __int128 unscaled;
    std::string bytes;
  };
  const std::vector<Case> cases = {
      {0, Bytes({0x00})},           {1, Bytes({0x01})},          {-1, Bytes({0xFF})},
      {127, Bytes({0x7F})},         {128, Bytes({0x00, 0x80})},  {-128, Bytes({0x80})},
      {-129, Bytes({0xFF, 0x7F})},  {255, Bytes({0x00, 0xFF})},  {32767, Bytes({0x7F, 0xFF})},
      {-32768, Bytes({0x80, 0x00})},
  };
  TypePtr type = PrimitiveType::Decimal(38, 0);
  for (const auto& c : cases) {
    EXPECT_EQ(ToBinary(*type, Literal(Decimal{c.unscaled})).value(), c.bytes);
    EXPECT_EQ(FromBinary(*type, c.bytes).value(), Literal(Decimal{c.unscaled}));
  }
  // The 38-digit extremes use 16 bytes and survive the round trip.
  __int128 max38 = 1;
  for (int i = 0; i < 38; ++i) max38 *= 10;
  max38 -= 1;
  for (__int128 value : {max38, -max38}) {
    auto bytes = ToBinary(*type, Literal(Decimal{value})).value();
    EXPECT_EQ(bytes.size(), 16u);
    EXPECT_EQ(FromBinary(*type, bytes).value(), Literal(Decimal{value}));
  }
}

TEST(LiteralBinaryTest, PromotedBoundsAreReadByLength) {
  // Spec "Schema Evolution": bounds written before a promotion keep their old width.
  EXPECT_EQ(FromBinary(*Primitive(TypeId::kLong), Bytes({0xEA, 0x48, 0x01, 0x00})).value(), Literal(int64_t{84202}));
  EXPECT_EQ(FromBinary(*Primitive(TypeId::kDouble), Bytes({0x00, 0x00, 0x90, 0xC0})).value(), Literal(-4.5));
  EXPECT_EQ(FromBinary(*Primitive(TypeId::kTimestamp), Bytes({0x01, 0, 0, 0})).value(),
            Literal(int64_t{86400000000}));
  EXPECT_EQ(FromBinary(*Primitive(TypeId::kTimestampNs), Bytes({0x01, 0, 0, 0})).value(),
            Literal(int64_t{86400000000000}));
}

TEST(LiteralBinaryTest, Rejections) {
  EXPECT_FALSE(ToBinary(*Primitive(TypeId::kInt), Literal()).ok());
  EXPECT_FALSE(ToBinary(*Primitive(TypeId::kInt), Literal(int64_t{1})).ok());
  EXPECT_FALSE(ToBinary(*Primitive(TypeId::kUnknown), Literal(int32_t{1})).ok());
  EXPECT_FALSE(ToBinary(*Primitive(TypeId::kVariant), Literal("x")).ok());
  EXPECT_FALSE(ToBinary(*Primitive(TypeId::kUuid), Literal("short")).ok());
  EXPECT_FALSE(FromBinary(*Primitive(TypeId::kInt), Bytes({1, 2})).ok());
  EXPECT_FALSE(FromBinary(*Primitive(TypeId::kBoolean), "").ok());
  EXPECT_FALSE(FromBinary(*PrimitiveType::Decimal(9, 2), "").ok());
  EXPECT_FALSE(FromBinary(*PrimitiveType::Decimal(38, 2), std::string(17, '\x01')).ok());
  EXPECT_FALSE(FromBinary(*Primitive(TypeId::kUuid), Bytes({1, 2, 3})).ok());
  EXPECT_FALSE(FromBinary(StructType({}), "").ok());
  // Any non-zero byte is true.
  EXPECT_EQ(FromBinary(*Primitive(TypeId::kBoolean), Bytes({0x07})).value(), Literal(true));
}

// --- §6: JSON single-value serialization ----------------------------------------------------

struct JsonVector {
  TypePtr type;
  Literal value;
  std::string json;
};

TEST(LiteralJsonTest, SpecVectorsSection6) {
  const std::vector<JsonVector> vectors = {
      {Primitive(TypeId::kBoolean), Literal(true), "true"},
      {Primitive(TypeId::kInt), Literal(int32_t{34}), "34"},
      {Primitive(TypeId::kLong), Literal(int64_t{34}), "34"},
      {Primitive(TypeId::kFloat), Literal(1.0f), "1.0"},
      {Primitive(TypeId::kDouble), Literal(1.0), "1.0"},
      {PrimitiveType::Decimal(9, 2), Literal(Decimal{1420}), "\"14.20\""},
      {PrimitiveType::Decimal(21, -20), Literal(Decimal{2}), "\"2E+20\""},
      {Primitive(TypeId::kDate), Literal(int32_t{17486}), "\"2017-11-16\""},
      {Primitive(TypeId::kTime), Literal(int64_t{81068123456}), "\"22:31:08.123456\""},
      {Primitive(TypeId::kTimestamp), Literal(int64_t{1510871468123456}), "\"2017-11-16T22:31:08.123456\""},
      {Primitive(TypeId::kTimestampTz), Literal(int64_t{1510871468123456}), "\"2017-11-16T22:31:08.123456+00:00\""},
      {Primitive(TypeId::kTimestampNs), Literal(int64_t{1510871468123456789}), "\"2017-11-16T22:31:08.123456789\""},
      {Primitive(TypeId::kTimestampTzNs), Literal(int64_t{1510871468123456789}),
       "\"2017-11-16T22:31:08.123456789+00:00\""},
      {Primitive(TypeId::kString), Literal("iceberg"), "\"iceberg\""},
      {Primitive(TypeId::kUuid), Literal(kUuidBytes), "\"f79c3e09-677c-4bbd-a479-3f349cb785e7\""},
      {PrimitiveType::Fixed(4), Literal(Bytes({0x00, 0x01, 0x02, 0xFF})), "\"000102ff\""},
      {Primitive(TypeId::kBinary), Literal(Bytes({0x00, 0x01, 0x02, 0xFF})), "\"000102ff\""},
  };
  for (const auto& vector : vectors) {
    SCOPED_TRACE(vector.type->ToString() + " " + vector.json);
    auto json = ToJsonText(*vector.type, vector.value);
    ASSERT_TRUE(json.ok()) << json.status().ToString();
    EXPECT_EQ(*json, vector.json);
    auto back = FromJsonText(*vector.type, vector.json);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, vector.value);
  }
}

TEST(LiteralJsonTest, DecimalStrings) {
  EXPECT_EQ(ToJsonText(*PrimitiveType::Decimal(9, 2), Literal(Decimal{-5})).value(), "\"-0.05\"");
  EXPECT_EQ(ToJsonText(*PrimitiveType::Decimal(9, 2), Literal(Decimal{0})).value(), "\"0.00\"");
  EXPECT_EQ(ToJsonText(*PrimitiveType::Decimal(9, 0), Literal(Decimal{-42})).value(), "\"-42\"");
  EXPECT_EQ(ToJsonText(*PrimitiveType::Decimal(9, -2), Literal(Decimal{-123})).value(), "\"-123E+2\"");
  EXPECT_EQ(ToJsonText(*PrimitiveType::Decimal(38, 10), Literal(Decimal{1})).value(), "\"0.0000000001\"");
  // The text's scale must be the type's scale.
  EXPECT_FALSE(FromJsonText(*PrimitiveType::Decimal(9, 2), "\"14.2\"").ok());
  EXPECT_FALSE(FromJsonText(*PrimitiveType::Decimal(9, 2), "14.20").ok());
  EXPECT_EQ(FromJsonText(*PrimitiveType::Decimal(9, -2), "\"-123E+2\"").value(), Literal(Decimal{-123}));
  EXPECT_EQ(FromJsonText(*PrimitiveType::Decimal(9, 3), "\"1.5e-2\"").value(), Literal(Decimal{15}));
}

TEST(LiteralJsonTest, TimestampZones) {
  TypePtr timestamptz = Primitive(TypeId::kTimestampTz);
  TypePtr timestamp = Primitive(TypeId::kTimestamp);
  Literal expected(int64_t{1510871468000000});
  // Readers accept any offset and normalize to UTC; writers always write +00:00.
  EXPECT_EQ(FromJsonText(*timestamptz, "\"2017-11-16T14:31:08-08:00\"").value(), expected);
  EXPECT_EQ(FromJsonText(*timestamptz, "\"2017-11-16T22:31:08Z\"").value(), expected);
  EXPECT_EQ(ToJsonText(*timestamptz, expected).value(), "\"2017-11-16T22:31:08.000000+00:00\"");
  EXPECT_FALSE(FromJsonText(*timestamptz, "\"2017-11-16T22:31:08\"").ok());
  EXPECT_FALSE(FromJsonText(*timestamp, "\"2017-11-16T22:31:08+00:00\"").ok());
  EXPECT_EQ(FromJsonText(*timestamp, "\"2017-11-16T22:31:08\"").value(), expected);
  // Extra precision in a µs column is truncated; fewer digits are fine.
  EXPECT_EQ(FromJsonText(*timestamp, "\"2017-11-16T22:31:08.1234569\"").value(),
            Literal(int64_t{1510871468123456}));
  EXPECT_EQ(FromJsonText(*Primitive(TypeId::kTime), "\"22:31:08.1\"").value(), Literal(int64_t{81068100000}));
  // Before the epoch.
  EXPECT_EQ(ToJsonText(*timestamp, Literal(int64_t{-1})).value(), "\"1969-12-31T23:59:59.999999\"");
  EXPECT_EQ(FromJsonText(*timestamp, "\"1969-12-31T23:59:59.999999\"").value(), Literal(int64_t{-1}));
  EXPECT_EQ(ToJsonText(*Primitive(TypeId::kTimestampNs), Literal(int64_t{-1})).value(),
            "\"1969-12-31T23:59:59.999999999\"");
}

TEST(LiteralJsonTest, FloatsAndSpecialValues) {
  TypePtr type = Primitive(TypeId::kDouble);
  EXPECT_EQ(ToJsonText(*type, Literal(0.1)).value(), "0.1");
  EXPECT_EQ(ToJsonText(*Primitive(TypeId::kFloat), Literal(0.1f)).value(), "0.1");
  EXPECT_EQ(ToJsonText(*type, Literal(std::numeric_limits<double>::quiet_NaN())).value(), "\"NaN\"");
  EXPECT_EQ(ToJsonText(*type, Literal(-std::numeric_limits<double>::infinity())).value(), "\"-Infinity\"");
  EXPECT_TRUE(std::isnan(FromJsonText(*type, "\"NaN\"").value().get<double>()));
  EXPECT_EQ(FromJsonText(*type, "\"Infinity\"").value(), Literal(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(FromJsonText(*type, "3").value(), Literal(3.0));
  EXPECT_EQ(FromJsonText(*Primitive(TypeId::kFloat), "0.1").value(), Literal(0.1f));
  EXPECT_EQ(FromJsonText(*type, "1e+300").value(), Literal(1e300));
  for (double value : {1e300, -2.5e-300, 123456.789, std::numeric_limits<double>::denorm_min()}) {
    EXPECT_EQ(FromJsonText(*type, ToJsonText(*type, Literal(value)).value()).value(), Literal(value));
  }
}

TEST(LiteralJsonTest, NullsAndRejections) {
  EXPECT_EQ(ToJsonText(*Primitive(TypeId::kInt), Literal()).value(), "null");
  EXPECT_EQ(FromJsonText(*Primitive(TypeId::kInt), "null").value(), Literal());
  EXPECT_EQ(FromJsonText(*Primitive(TypeId::kUnknown), "null").value(), Literal());
  EXPECT_FALSE(FromJsonText(*Primitive(TypeId::kInt), "2147483648").ok());
  EXPECT_FALSE(FromJsonText(*Primitive(TypeId::kInt), "34.0").ok());
  EXPECT_FALSE(FromJsonText(*Primitive(TypeId::kInt), "\"34\"").ok());
  EXPECT_FALSE(FromJsonText(*Primitive(TypeId::kBoolean), "1").ok());
  EXPECT_FALSE(FromJsonText(*Primitive(TypeId::kDate), "\"2017-02-30\"").ok());
  EXPECT_FALSE(FromJsonText(*Primitive(TypeId::kTime), "\"24:00:00\"").ok());
  EXPECT_FALSE(FromJsonText(*Primitive(TypeId::kUuid), "\"f79c3e09677c4bbda4793f349cb785e7\"").ok());
  EXPECT_FALSE(FromJsonText(*PrimitiveType::Fixed(3), "\"000102ff\"").ok());
  EXPECT_FALSE(FromJsonText(*Primitive(TypeId::kBinary), "\"0g\"").ok());
  EXPECT_FALSE(FromJsonText(*Primitive(TypeId::kString), "{").ok());
  auto error = FromJsonText(*Primitive(TypeId::kLong), "\"x\"");
  EXPECT_EQ(error.status().kind(), ErrorKind::kInvalidData);
  EXPECT_EQ(error.status().message(), "Cannot parse long value from JSON: \"x\"");
  EXPECT_EQ(FromJsonText(*Primitive(TypeId::kUuid), "\"F79C3E09-677C-4BBD-A479-3F349CB785E7\"").value(),
            Literal(kUuidBytes));
  EXPECT_EQ(ToJsonText(*Primitive(TypeId::kString), Literal("a\"b\\c\n")).value(), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(FromJsonText(*Primitive(TypeId::kString), "\"a\\\"b\\\\c\\n\"").value(), Literal("a\"b\\c\n"));
}

// --- Round trips for every primitive type ------------------------------------------------------

TEST(LiteralRoundTripTest, BinaryAndJsonForEveryType) {
  const std::vector<std::pair<TypePtr, std::vector<Literal>>> cases = {
      {Primitive(TypeId::kBoolean), {Literal(true), Literal(false)}},
      {Primitive(TypeId::kInt), {Literal(int32_t{0}), Literal(std::numeric_limits<int32_t>::min()),
                                 Literal(std::numeric_limits<int32_t>::max())}},
      {Primitive(TypeId::kLong), {Literal(std::numeric_limits<int64_t>::min()),
                                  Literal(std::numeric_limits<int64_t>::max())}},
      {Primitive(TypeId::kFloat), {Literal(-0.0f), Literal(3.25f), Literal(std::numeric_limits<float>::max())}},
      {Primitive(TypeId::kDouble), {Literal(-0.0), Literal(1e-300), Literal(std::numeric_limits<double>::lowest())}},
      {PrimitiveType::Decimal(38, 9), {Literal(Decimal{0}), Literal(Decimal{-1}), Literal(Decimal{123456789012})}},
      {Primitive(TypeId::kDate), {Literal(int32_t{0}), Literal(int32_t{-719528}), Literal(int32_t{2932896})}},
      {Primitive(TypeId::kTime), {Literal(int64_t{0}), Literal(int64_t{86399999999})}},
      {Primitive(TypeId::kTimestamp), {Literal(int64_t{0}), Literal(int64_t{-62135596800000000}),
                                       Literal(int64_t{253402300799999999})}},
      {Primitive(TypeId::kTimestampTz), {Literal(int64_t{1}), Literal(int64_t{-1})}},
      {Primitive(TypeId::kTimestampNs), {Literal(std::numeric_limits<int64_t>::max()),
                                         Literal(std::numeric_limits<int64_t>::min())}},
      {Primitive(TypeId::kTimestampTzNs), {Literal(int64_t{1510871468123456789})}},
      {Primitive(TypeId::kString), {Literal(""), Literal("\xE2\x98\x83 snow")}},
      {Primitive(TypeId::kUuid), {Literal(kUuidBytes), Literal(std::string(16, '\0'))}},
      {PrimitiveType::Fixed(3), {Literal("foo")}},
      {Primitive(TypeId::kBinary), {Literal(""), Literal(Bytes({0xFF, 0x00}))}},
  };
  for (const auto& [type, values] : cases) {
    for (const Literal& value : values) {
      SCOPED_TRACE(type->ToString() + " " + ToHumanString(*type, value));
      auto bytes = ToBinary(*type, value);
      ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
      EXPECT_EQ(FromBinary(*type, *bytes).value(), value);
      auto json = ToJsonText(*type, value);
      ASSERT_TRUE(json.ok()) << json.status().ToString();
      auto back = FromJsonText(*type, *json);
      ASSERT_TRUE(back.ok()) << *json << ": " << back.status().ToString();
      EXPECT_EQ(*back, value) << *json;
    }
  }
}

// --- Ordering --------------------------------------------------------------------------------------

TEST(CompareLiteralsTest, FloatingPointOrder) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  // -NaN < -inf < -value < -0 < 0 < value < inf < NaN
  const std::vector<double> ascending = {-nan, -inf, -1.5, -0.0, 0.0, 1.5, inf, nan};
  for (size_t i = 0; i + 1 < ascending.size(); ++i) {
    EXPECT_EQ(CompareLiterals(Literal(ascending[i]), Literal(ascending[i + 1])), std::strong_ordering::less) << i;
    EXPECT_EQ(CompareLiterals(Literal(static_cast<float>(ascending[i])), Literal(static_cast<float>(ascending[i + 1]))),
              std::strong_ordering::less)
        << i;
  }
  // All NaNs of one sign are equal, whatever their payload.
  double other_nan = std::bit_cast<double>(uint64_t{0x7ff0000000000001});
  EXPECT_EQ(CompareLiterals(Literal(nan), Literal(other_nan)), std::strong_ordering::equal);
  EXPECT_EQ(CompareLiterals(Literal(-0.0), Literal(-0.0)), std::strong_ordering::equal);
}

TEST(CompareLiteralsTest, BytesAreUnsigned) {
  EXPECT_EQ(CompareLiterals(Literal("\xFF"), Literal("a")), std::strong_ordering::greater);
  EXPECT_EQ(CompareLiterals(Literal(Bytes({0x80})), Literal(Bytes({0x7F}))), std::strong_ordering::greater);
  EXPECT_EQ(CompareLiterals(Literal("ab"), Literal("abc")), std::strong_ordering::less);
  EXPECT_EQ(CompareLiterals(Literal(""), Literal("")), std::strong_ordering::equal);
  // UTF-8 byte order is code point order: U+FFFD > U+00E9 > 'z'.
  EXPECT_EQ(CompareLiterals(Literal("\xEF\xBF\xBD"), Literal("\xC3\xA9")), std::strong_ordering::greater);
  EXPECT_EQ(CompareLiterals(Literal("\xC3\xA9"), Literal("z")), std::strong_ordering::greater);
}

TEST(CompareLiteralsTest, SignedNumbersAndBooleans) {
  EXPECT_EQ(CompareLiterals(Literal(int32_t{-1}), Literal(int32_t{0})), std::strong_ordering::less);
  EXPECT_EQ(CompareLiterals(Literal(int64_t{5}), Literal(int64_t{-5})), std::strong_ordering::greater);
  EXPECT_EQ(CompareLiterals(Literal(Decimal{-100}), Literal(Decimal{1})), std::strong_ordering::less);
  EXPECT_EQ(CompareLiterals(Literal(false), Literal(true)), std::strong_ordering::less);
  EXPECT_EQ(CompareLiterals(Literal(), Literal()), std::strong_ordering::equal);
}

// --- Human strings and SQL/CLI text --------------------------------------------------------------

TEST(LiteralHumanStringTest, Renderings) {
  EXPECT_EQ(ToHumanString(*Primitive(TypeId::kBoolean), Literal(true)), "true");
  EXPECT_EQ(ToHumanString(*Primitive(TypeId::kDouble), Literal(2.0)), "2.0");
  EXPECT_EQ(ToHumanString(*Primitive(TypeId::kTime), Literal(int64_t{36775000000})), "10:12:55");
  EXPECT_EQ(ToHumanString(*Primitive(TypeId::kTimestamp), Literal(int64_t{0})), "1970-01-01T00:00:00");
  EXPECT_EQ(ToHumanString(*Primitive(TypeId::kTimestampTzNs), Literal(int64_t{1})),
            "1970-01-01T00:00:00.000000001+00:00");
  EXPECT_EQ(ToHumanString(*Primitive(TypeId::kUuid), Literal(kUuidBytes)), "f79c3e09-677c-4bbd-a479-3f349cb785e7");
  EXPECT_EQ(ToHumanString(*Primitive(TypeId::kBinary), Literal("fo")), "Zm8=");
  EXPECT_EQ(ToHumanString(*Primitive(TypeId::kBinary), Literal("f")), "Zg==");
  EXPECT_EQ(ToHumanString(*Primitive(TypeId::kDate), Literal()), "null");
}

TEST(ParseLiteralTest, EveryPrimitiveType) {
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kBoolean), "TRUE").value(), Literal(true));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kInt), " -34 ").value(), Literal(int32_t{-34}));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kLong), "9223372036854775807").value(),
            Literal(std::numeric_limits<int64_t>::max()));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kFloat), "1.5").value(), Literal(1.5f));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kDouble), "-2e3").value(), Literal(-2000.0));
  EXPECT_EQ(ParseLiteral(*PrimitiveType::Decimal(9, 2), "12.3").value(), Literal(Decimal{1230}));
  EXPECT_EQ(ParseLiteral(*PrimitiveType::Decimal(9, 2), "-0.05").value(), Literal(Decimal{-5}));
  EXPECT_EQ(ParseLiteral(*PrimitiveType::Decimal(9, 2), "12.300").value(), Literal(Decimal{1230}));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kDate), "2017-11-16").value(), Literal(int32_t{17486}));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kTime), "22:31:08").value(), Literal(int64_t{81068000000}));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kTimestamp), "2017-11-16 22:31:08").value(),
            Literal(int64_t{1510871468000000}));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kTimestamp), "2017-11-16").value(), Literal(int64_t{1510790400000000}));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kTimestampTz), "2017-11-16T22:31:08").value(),
            Literal(int64_t{1510871468000000}));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kString), " abc ").value(), Literal(" abc "));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kUuid), "f79c3e09-677c-4bbd-a479-3f349cb785e7").value(),
            Literal(kUuidBytes));
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kBinary), "00ff").value(), Literal(Bytes({0x00, 0xFF})));
}

TEST(ParseLiteralTest, Rejections) {
  EXPECT_FALSE(ParseLiteral(*Primitive(TypeId::kInt), "2147483648").ok());
  EXPECT_FALSE(ParseLiteral(*Primitive(TypeId::kInt), "1.0").ok());
  EXPECT_FALSE(ParseLiteral(*Primitive(TypeId::kBoolean), "yes").ok());
  EXPECT_FALSE(ParseLiteral(*PrimitiveType::Decimal(9, 2), "12.345").ok());
  EXPECT_FALSE(ParseLiteral(*PrimitiveType::Decimal(3, 2), "12.34").ok());  // precision
  EXPECT_FALSE(ParseLiteral(*Primitive(TypeId::kDate), "2017-13-01").ok());
  EXPECT_FALSE(ParseLiteral(*Primitive(TypeId::kTimestamp), "2017-11-16T22:31:08Z").ok());
  EXPECT_FALSE(ParseLiteral(*PrimitiveType::Fixed(2), "00").ok());
  EXPECT_EQ(ParseLiteral(*Primitive(TypeId::kInt), "x").status().kind(), ErrorKind::kInvalidData);
}

TEST(DecimalTextTest, DecimalToString) {
  EXPECT_EQ(DecimalToString(Decimal{1420}, 2), "14.20");
  EXPECT_EQ(DecimalToString(Decimal{-150}, 2), "-1.50");
  EXPECT_EQ(DecimalToString(Decimal{5}, 3), "0.005");
  EXPECT_EQ(DecimalToString(Decimal{2}, -20), "2E+20");
  EXPECT_EQ(DecimalToString(Decimal{std::numeric_limits<__int128>::min()}, 0),
            "-170141183460469231731687303715884105728");
}

}  // namespace
}  // namespace floe::iceberg
