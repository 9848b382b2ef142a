#include "floe/avro/decoder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "floe/avro/encoder.h"
#include "floe/avro/skip.h"

namespace floe::avro {
namespace {

TEST(DecoderTest, ZigZagVarintsMatchTheSpec) {
  // Spec examples: 0 -> 00, -1 -> 01, 1 -> 02, -2 -> 03, 2 -> 04, -64 -> 7f, 64 -> 80 01.
  const std::pair<int64_t, std::string> cases[] = {
      {0, std::string("\x00", 1)}, {-1, "\x01"}, {1, "\x02"}, {-2, "\x03"},
      {2, "\x04"}, {-64, "\x7f"}, {64, "\x80\x01"}};
  for (const auto& [value, bytes] : cases) {
    Encoder encoder;
    encoder.WriteLong(value);
    EXPECT_EQ(encoder.bytes(), bytes) << value;
    Decoder decoder(bytes);
    int64_t decoded;
    ASSERT_TRUE(decoder.ReadLong(&decoded));
    EXPECT_EQ(decoded, value);
    EXPECT_TRUE(decoder.at_end());
  }
}

TEST(DecoderTest, RoundTripsExtremes) {
  Encoder encoder;
  const int64_t longs[] = {0, 1, -1, 63, -64, 1 << 20, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN};
  for (int64_t v : longs) encoder.WriteLong(v);
  const int32_t ints[] = {0, -1, 1, INT32_MAX, INT32_MIN, 12345678};
  for (int32_t v : ints) encoder.WriteInt(v);
  encoder.WriteFloat(1.5f);
  encoder.WriteFloat(std::numeric_limits<float>::quiet_NaN());
  encoder.WriteDouble(-2.25);
  encoder.WriteDouble(std::numeric_limits<double>::infinity());
  encoder.WriteBoolean(true);
  encoder.WriteBoolean(false);
  encoder.WriteString("héllo");
  encoder.WriteBytes(std::string("\x00\xff", 2));
  encoder.WriteFixed("abcd");

  Decoder decoder(encoder.bytes());
  for (int64_t v : longs) {
    int64_t decoded;
    ASSERT_TRUE(decoder.ReadLong(&decoded));
    EXPECT_EQ(decoded, v);
  }
  for (int32_t v : ints) {
    int32_t decoded;
    ASSERT_TRUE(decoder.ReadInt(&decoded));
    EXPECT_EQ(decoded, v);
  }
  float f;
  double d;
  bool b;
  std::string_view s;
  ASSERT_TRUE(decoder.ReadFloat(&f));
  EXPECT_EQ(f, 1.5f);
  ASSERT_TRUE(decoder.ReadFloat(&f));
  EXPECT_TRUE(std::isnan(f));
  ASSERT_TRUE(decoder.ReadDouble(&d));
  EXPECT_EQ(d, -2.25);
  ASSERT_TRUE(decoder.ReadDouble(&d));
  EXPECT_TRUE(std::isinf(d));
  ASSERT_TRUE(decoder.ReadBoolean(&b));
  EXPECT_TRUE(b);
  ASSERT_TRUE(decoder.ReadBoolean(&b));
  EXPECT_FALSE(b);
  ASSERT_TRUE(decoder.ReadString(&s));
  EXPECT_EQ(s, "héllo");
  ASSERT_TRUE(decoder.ReadBytes(&s));
  EXPECT_EQ(s, std::string("\x00\xff", 2));
  ASSERT_TRUE(decoder.ReadFixed(4, &s));
  EXPECT_EQ(s, "abcd");
  EXPECT_TRUE(decoder.at_end());
  EXPECT_TRUE(decoder.status().ok());
}

TEST(DecoderTest, MalformedInputFailsWithClearErrors) {
  auto expect_failure = [](std::string_view bytes, auto read, std::string_view expected) {
    Decoder decoder(bytes);
    EXPECT_FALSE(read(decoder)) << expected;
    EXPECT_TRUE(decoder.failed());
    Status status = decoder.status();
    EXPECT_EQ(status.kind(), ErrorKind::kInvalidData);
    EXPECT_NE(status.message().find(expected), std::string::npos) << status.message();
    // Sticky: the cursor is at the end, later reads fail too.
    int64_t ignored;
    EXPECT_FALSE(decoder.ReadLong(&ignored));
  };
  auto read_long = [](Decoder& d) {
    int64_t v;
    return d.ReadLong(&v);
  };
  auto read_int = [](Decoder& d) {
    int32_t v;
    return d.ReadInt(&v);
  };
  auto read_bytes = [](Decoder& d) {
    std::string_view v;
    return d.ReadBytes(&v);
  };
  expect_failure("", read_long, "truncated");
  expect_failure("\x80\x80", read_long, "truncated");
  expect_failure("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", read_long, "too many bytes");
  expect_failure("\xff\xff\xff\xff\x7f", read_int, "does not fit in 32 bits");
  expect_failure("\x01", read_bytes, "negative length -1");
  expect_failure("\x0a" "abc", read_bytes, "length 5 exceeds the 3 remaining bytes");
  // A huge length never allocates or reads: it is compared with what is left.
  expect_failure("\xfe\xff\xff\xff\xff\xff\xff\xff\x7f", read_bytes, "exceeds");
  expect_failure("\x02", [](Decoder& d) { bool b; return d.ReadBoolean(&b); }, "invalid boolean byte 2");
  expect_failure("\x06", [](Decoder& d) { size_t i; return d.ReadUnionBranch(2, &i); },
                 "union branch index 3 is out of range (the union has 2 branches)");
  expect_failure("\x01", [](Decoder& d) { size_t i; return d.ReadUnionBranch(2, &i); }, "index -1");
  expect_failure("\x08", [](Decoder& d) { size_t i; return d.ReadEnumIndex(3, &i); }, "enum index 4");
  expect_failure("abc", [](Decoder& d) { double v; return d.ReadDouble(&v); }, "truncated");
  expect_failure("\x02", [](Decoder& d) { int64_t c; return d.ReadBlockCount(1, &c); }, "item count 1");
  expect_failure("\xfe\xff\xff\xff\x0f", [](Decoder& d) { int64_t c; return d.ReadBlockCount(0, &c); }, "item count");
}

TEST(DecoderTest, ErrorNamesByteOffset) {
  Decoder decoder(std::string_view("\x02\x04\x06", 3));
  int64_t v;
  ASSERT_TRUE(decoder.ReadLong(&v));
  ASSERT_TRUE(decoder.ReadLong(&v));
  size_t branch;
  EXPECT_FALSE(decoder.ReadUnionBranch(2, &branch));
  EXPECT_EQ(decoder.status().message(),
            "Avro decode error at byte 2: union branch index 3 is out of range (the union has 2 branches)");
}

TEST(DecoderTest, SkipValuesOfEverySchema) {
  auto schema = Schema::Parse(R"({"type":"record","name":"R","fields":[
      {"name":"a","type":"int"},{"name":"b","type":["null","string"]},
      {"name":"c","type":{"type":"array","items":"long"}},
      {"name":"d","type":{"type":"map","values":"double"}},
      {"name":"e","type":{"type":"fixed","name":"F","size":3}},
      {"name":"f","type":{"type":"enum","name":"E","symbols":["X","Y"]}},
      {"name":"g","type":"boolean"},{"name":"h","type":"float"},{"name":"i","type":"bytes"}]})");
  ASSERT_TRUE(schema.ok());
  Encoder encoder;
  encoder.WriteInt(7);
  encoder.WriteUnionBranch(1);
  encoder.WriteString("s");
  encoder.WriteBlockCount(2);
  encoder.WriteLong(1);
  encoder.WriteLong(2);
  // A block with a negative count carries its byte size: skipped in one jump.
  encoder.WriteBlockCount(-1);
  encoder.WriteLong(2);    // the block's byte size
  encoder.WriteLong(300);  // two bytes
  encoder.WriteBlockCount(0);
  encoder.WriteBlockCount(1);
  encoder.WriteString("k");
  encoder.WriteDouble(1.0);
  encoder.WriteBlockCount(0);
  encoder.WriteFixed("xyz");
  encoder.WriteEnumIndex(1);
  encoder.WriteBoolean(true);
  encoder.WriteFloat(2.0f);
  encoder.WriteBytes("bb");
  encoder.WriteLong(99);  // a sentinel after the record
  Decoder decoder(encoder.bytes());
  ASSERT_TRUE(SkipValue(decoder, (*schema)->root())) << decoder.status().ToString();
  int64_t sentinel;
  ASSERT_TRUE(decoder.ReadLong(&sentinel));
  EXPECT_EQ(sentinel, 99);

  // Truncations at every position fail cleanly.
  std::string bytes(encoder.bytes().substr(0, encoder.size() - 1));
  for (size_t length = 0; length + 1 < bytes.size(); ++length) {
    Decoder truncated(std::string_view(bytes).substr(0, length));
    EXPECT_FALSE(SkipValue(truncated, (*schema)->root())) << length;
  }
}

TEST(DecoderTest, ZeroSizeItemsAreBounded) {
  auto schema = Schema::Parse(R"({"type":"array","items":{"type":"array","items":"null"}})");
  ASSERT_TRUE(schema.ok());
  // Many inner arrays each claiming a million nulls: the shared budget stops it.
  Encoder encoder;
  encoder.WriteBlockCount(1000);
  for (int i = 0; i < 1000; ++i) {
    encoder.WriteBlockCount(1 << 20);
    encoder.WriteBlockCount(0);
  }
  encoder.WriteBlockCount(0);
  Decoder decoder(encoder.bytes());
  EXPECT_FALSE(SkipValue(decoder, (*schema)->root()));
  EXPECT_EQ(decoder.problem(), DecodeProblem::kCountTooLarge);
}

TEST(DecoderTest, NestingDepthIsBounded) {
  auto schema = Schema::Parse(R"({"type":"record","name":"L","fields":[{"name":"next","type":["null","L"]}]})");
  ASSERT_TRUE(schema.ok());
  std::string bytes(100000, '\x02');  // branch 1 forever
  Decoder decoder(bytes);
  EXPECT_FALSE(SkipValue(decoder, (*schema)->root()));
  EXPECT_EQ(decoder.problem(), DecodeProblem::kNestingTooDeep);
}

}  // namespace
}  // namespace floe::avro
