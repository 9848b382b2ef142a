#include "floe/avro/datum.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace floe::avro {
namespace {

constexpr std::string_view kEveryTypeSchema = R"({"type":"record","name":"Every","namespace":"t","fields":[
  {"name":"n","type":"null","field-id":1},
  {"name":"b","type":"boolean","field-id":2},
  {"name":"i","type":"int","field-id":3},
  {"name":"l","type":"long","field-id":4},
  {"name":"f","type":"float","field-id":5},
  {"name":"d","type":"double","field-id":6},
  {"name":"by","type":"bytes","field-id":7},
  {"name":"s","type":"string","field-id":8},
  {"name":"e","type":{"type":"enum","name":"Suit","symbols":["HEARTS","SPADES"]},"field-id":9},
  {"name":"a","type":{"type":"array","items":"int","element-id":100},"field-id":10},
  {"name":"m","type":{"type":"map","values":["null","long"],"key-id":101,"value-id":102},"field-id":11},
  {"name":"u","type":["null","string",{"type":"record","name":"Inner","fields":[{"name":"x","type":"int","field-id":104}]}],"field-id":12},
  {"name":"fx","type":{"type":"fixed","name":"Four","size":4},"field-id":13},
  {"name":"dt","type":{"type":"int","logicalType":"date"},"field-id":14}
]})";

Datum EveryTypeRecord(int seed) {
  return Datum::Record({
      Datum::Null(),
      Datum::Boolean(seed % 2 == 0),
      Datum::Int(seed * -1000),
      Datum::Long(int64_t{seed} * 10000000000LL),
      Datum::Float(1.25f * static_cast<float>(seed)),
      Datum::Double(-0.5 * seed - 0.25),
      Datum::Bytes(std::string("\x00\x01\xfe", 3)),
      Datum::String(fmt::format("str-{}-é", seed)),
      Datum::Enum(static_cast<size_t>(seed % 2)),
      Datum::Array({Datum::Int(1), Datum::Int(seed)}),
      Datum::Map({"a", "b"}, {Datum::Union(1, Datum::Long(seed)), Datum::Union(0, Datum::Null())}),
      seed % 3 == 0   ? Datum::Union(0, Datum::Null())
      : seed % 3 == 1 ? Datum::Union(1, Datum::String("u"))
                      : Datum::Union(2, Datum::Record({Datum::Int(seed)})),
      Datum::Fixed("abcd"),
      Datum::Int(19000 + seed),
  });
}

TEST(DatumTest, EncodeDecodeRoundTripEveryType) {
  auto schema = Schema::Parse(kEveryTypeSchema);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  for (int seed = 0; seed < 6; ++seed) {
    Datum record = EveryTypeRecord(seed);
    Encoder encoder;
    ASSERT_TRUE(EncodeDatum((*schema)->root(), record, encoder).ok());
    Decoder decoder(encoder.bytes());
    Datum decoded;
    ASSERT_TRUE(DecodeDatum(decoder, (*schema)->root(), &decoded).ok());
    EXPECT_TRUE(decoder.at_end());
    EXPECT_EQ(decoded, record) << DatumToJson((*schema)->root(), decoded);
  }
}

TEST(DatumTest, JsonRendering) {
  auto schema = Schema::Parse(kEveryTypeSchema);
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(DatumToJson((*schema)->root(), EveryTypeRecord(2)),
            R"({"n":null,"b":true,"i":-2000,"l":20000000000,"f":2.5,"d":-1.25,"by":"\u0000\u0001þ",)"
            R"("s":"str-2-é","e":"HEARTS","a":[1,2],"m":{"a":2,"b":null},"u":{"x":2},"fx":"abcd","dt":19002})");
}

TEST(DatumTest, JsonRoundTripThroughDatumFromJson) {
  auto schema = Schema::Parse(kEveryTypeSchema);
  ASSERT_TRUE(schema.ok());
  for (int seed = 0; seed < 6; ++seed) {
    Datum record = EveryTypeRecord(seed);
    std::string json = DatumToJson((*schema)->root(), record);
    auto parsed = DatumFromJson((*schema)->root(), std::string_view(json));
    ASSERT_TRUE(parsed.ok()) << parsed.status().ToString() << " " << json;
    EXPECT_EQ(*parsed, record) << json;
  }
}

TEST(DatumTest, SpecialFloatsRenderAsStrings) {
  auto schema = Schema::Parse(R"(["float","double"])");
  ASSERT_TRUE(schema.ok());
  const Node& root = (*schema)->root();
  EXPECT_EQ(DatumToJson(root, Datum::Union(0, Datum::Float(std::numeric_limits<float>::quiet_NaN()))), "\"NaN\"");
  EXPECT_EQ(DatumToJson(root, Datum::Union(1, Datum::Double(-HUGE_VAL))), "\"-Infinity\"");
  EXPECT_EQ(DatumToJson(root, Datum::Union(0, Datum::Float(0.1f))), "0.1");
}

TEST(DatumTest, InvalidUtf8StringRendersAsCodePoints) {
  auto schema = Schema::Parse("\"string\"");
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ(DatumToJson((*schema)->root(), Datum::String("a\xff")), "\"aÿ\"");
}

TEST(DatumTest, EncodeRejectsMismatchedDatums) {
  auto schema = Schema::Parse(kEveryTypeSchema);
  ASSERT_TRUE(schema.ok());
  Datum record = EveryTypeRecord(1);
  record.fields()[2] = Datum::String("not an int");
  Encoder encoder;
  Status status = EncodeDatum((*schema)->root(), record, encoder);
  EXPECT_EQ(status.kind(), ErrorKind::kInvalidData);
  EXPECT_EQ(status.message(), "at .i: expected int, got a string datum");

  record = EveryTypeRecord(1);
  record.fields()[12] = Datum::Fixed("abc");
  EXPECT_NE(EncodeDatum((*schema)->root(), record, encoder).message().find("needs 4 bytes"), std::string::npos);
  record = EveryTypeRecord(1);
  record.fields()[8] = Datum::Enum(7);
  EXPECT_NE(EncodeDatum((*schema)->root(), record, encoder).message().find("enum index 7"), std::string::npos);
}

TEST(DatumTest, FromJsonUsesDefaultsAndUnionWrappers) {
  auto schema = Schema::Parse(R"({"type":"record","name":"R","fields":[
      {"name":"a","type":"int","default":5},
      {"name":"b","type":["null","long"],"default":null},
      {"name":"c","type":["null","long"]}]})");
  ASSERT_TRUE(schema.ok());
  auto datum = DatumFromJson((*schema)->root(), std::string_view(R"({"c":{"long":9}})"));
  ASSERT_TRUE(datum.ok()) << datum.status().ToString();
  EXPECT_EQ(*datum, Datum::Record({Datum::Int(5), Datum::Union(0, Datum::Null()), Datum::Union(1, Datum::Long(9))}));
  auto missing = DatumFromJson((*schema)->root(), std::string_view("{}"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "at .c: missing field without a default");
  auto wrong = DatumFromJson((*schema)->root(), std::string_view(R"({"a":"x","c":null})"));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().message(), "at .a: expected int, got \"x\"");
}

TEST(DatumTest, DecodeErrorsPropagate) {
  auto schema = Schema::Parse(R"(["null","int"])");
  ASSERT_TRUE(schema.ok());
  Decoder decoder(std::string_view("\x04", 1));
  Datum datum;
  Status status = DecodeDatum(decoder, (*schema)->root(), &datum);
  EXPECT_EQ(status.message(), "Avro decode error at byte 0: union branch index 2 is out of range (the union has 2 branches)");
}

}  // namespace
}  // namespace floe::avro
