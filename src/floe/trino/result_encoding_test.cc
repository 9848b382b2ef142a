#include "floe/trino/result_encoding.h"

#include <gtest/gtest.h>

#include "floe/engine/value.h"
#include "floe/sql/error.h"

namespace floe::trino {
namespace {

using engine::SqlType;
using engine::SqlTypeKind;
using engine::Value;

std::string Encode(const SqlType& type, const Value& value) {
  engine::VectorBuilder builder(type, 1);
  if (!value.is_null()) builder.SetValue(0, value);
  auto vector = builder.Finish();
  json::JsonWriter writer;
  WriteValue(writer, *vector, 0, type);
  return writer.Take();
}

std::string Signature(const SqlType& type) {
  json::JsonWriter writer;
  WriteColumn(writer, "c", type);
  return writer.Take();
}

TEST(TrinoValueEncoding, Scalars) {
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kBoolean), Value::Boolean(true)), "true");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kTinyint), Value::Integer(-7)), "-7");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kSmallint), Value::Integer(300)), "300");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kInteger), Value::Integer(-2147483648LL)), "-2147483648");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kBigint), Value::Integer(9223372036854775807LL)), "9223372036854775807");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kDouble), Value::Double(1.5)), "1.5");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kDouble), Value::Double(1e300)), "1e+300");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kDouble), Value::Double(0.1)), "0.1");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kReal), Value::Double(static_cast<float>(1.1))), "1.1");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kDouble), Value::Double(std::nan(""))), "\"NaN\"");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kDouble), Value::Double(-INFINITY)), "\"-Infinity\"");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kReal), Value::Double(INFINITY)), "\"Infinity\"");
  EXPECT_EQ(Encode(SqlType::Decimal(10, 2), Value::Decimal(-1234)), "\"-12.34\"");
  EXPECT_EQ(Encode(SqlType::Decimal(38, 0), Value::Decimal(engine::PowerOfTen(37))),
            "\"10000000000000000000000000000000000000\"");
  EXPECT_EQ(Encode(SqlType::Varchar(), Value::String("héllo \"q\"\n")), "\"héllo \\\"q\\\"\\n\"");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kVarbinary), Value::String(std::string("\x00\xff\x10", 3))), "\"AP8Q\"");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kDate), Value::Integer(19753)), "\"2024-01-31\"");
  SqlType time{SqlTypeKind::kTime, 6};
  EXPECT_EQ(Encode(time, Value::Integer(36000123456LL)), "\"10:00:00.123456\"");
  EXPECT_EQ(Encode(SqlType::Timestamp(false), Value::Integer(1706695200000000LL)), "\"2024-01-31 10:00:00.000000\"");
  EXPECT_EQ(Encode(SqlType::Timestamp(true), Value::Integer(1706695200000001LL)),
            "\"2024-01-31 10:00:00.000001 UTC\"");
  std::string uuid_bytes("\x12\x34\x56\x78\x9a\xbc\xde\xf0\x12\x34\x56\x78\x9a\xbc\xde\xf0", 16);
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kUuid), Value::String(uuid_bytes)),
            "\"12345678-9abc-def0-1234-56789abcdef0\"");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kBigint), Value::Null()), "null");
  EXPECT_EQ(Encode(SqlType::Of(SqlTypeKind::kUnknown), Value::Null()), "null");
}

TEST(TrinoValueEncoding, Base64) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
}

TEST(TrinoValueEncoding, NestedValues) {
  SqlType integer = SqlType::Of(SqlTypeKind::kInteger);
  SqlType array{SqlTypeKind::kArray};
  array.children = {integer};
  auto list = columnar::Vector::Make(engine::ColumnarTypeOf(array));
  list->children[0]->Append<int32_t>(1);
  list->children[0]->AppendNull();
  list->children[0]->Append<int32_t>(3);
  list->FinishRow();
  list->AppendNull();
  list->FinishRow();  // an empty array
  json::JsonWriter writer;
  writer->StartArray();
  for (int64_t r = 0; r < 3; ++r) WriteValue(writer, *list, r, array);
  writer->EndArray();
  EXPECT_EQ(writer.Take(), "[[1,null,3],null,[]]");

  SqlType map{SqlTypeKind::kMap};
  map.children = {SqlType::Varchar(), SqlType::Of(SqlTypeKind::kDouble)};
  auto map_vector = columnar::Vector::Make(engine::ColumnarTypeOf(map));
  map_vector->children[0]->AppendBytes("a");
  map_vector->children[1]->Append<double>(1.5);
  map_vector->children[0]->AppendBytes("b");
  map_vector->children[1]->AppendNull();
  map_vector->FinishRow();
  json::JsonWriter map_writer;
  WriteValue(map_writer, *map_vector, 0, map);
  EXPECT_EQ(map_writer.Take(), "{\"a\":1.5,\"b\":null}");

  SqlType row{SqlTypeKind::kRow};
  row.children = {integer, SqlType::Decimal(5, 1)};
  row.field_names = {"x", "y"};
  auto struct_vector = columnar::Vector::Make(engine::ColumnarTypeOf(row));
  struct_vector->children[0]->Append<int32_t>(7);
  struct_vector->children[1]->Append<engine::Int128>(125);
  struct_vector->FinishRow();
  json::JsonWriter row_writer;
  WriteValue(row_writer, *struct_vector, 0, row);
  EXPECT_EQ(row_writer.Take(), "[7,\"12.5\"]");
}

TEST(TrinoValueEncoding, DictionaryVectors) {
  auto dictionary = columnar::Vector::Make(columnar::DataType{columnar::TypeId::kString});
  dictionary->AppendBytes("red");
  dictionary->AppendBytes("blue");
  auto vector = columnar::Vector::Make(columnar::DataType{columnar::TypeId::kString});
  vector->values.Resize(0);
  vector->dictionary = dictionary;
  vector->Append<int32_t>(1);
  vector->Append<int32_t>(0);
  json::JsonWriter writer;
  writer->StartArray();
  WriteValue(writer, *vector, 0, SqlType::Varchar());
  WriteValue(writer, *vector, 1, SqlType::Varchar());
  writer->EndArray();
  EXPECT_EQ(writer.Take(), "[\"blue\",\"red\"]");
}

TEST(TrinoTypeSignature, Columns) {
  EXPECT_EQ(Signature(SqlType::Of(SqlTypeKind::kBigint)),
            R"j({"name":"c","type":"bigint","typeSignature":{"rawType":"bigint","arguments":[]}})j");
  EXPECT_EQ(Signature(SqlType::Varchar()),
            R"j({"name":"c","type":"varchar","typeSignature":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}})j");
  SqlType bounded = SqlType::Varchar();
  bounded.length = 3;
  EXPECT_EQ(Signature(bounded),
            R"j({"name":"c","type":"varchar(3)","typeSignature":{"rawType":"varchar","arguments":[{"kind":"LONG","value":3}]}})j");
  EXPECT_EQ(Signature(SqlType::Decimal(10, 2)),
            R"j({"name":"c","type":"decimal(10,2)","typeSignature":{"rawType":"decimal","arguments":[{"kind":"LONG","value":10},{"kind":"LONG","value":2}]}})j");
  EXPECT_EQ(Signature(SqlType::Timestamp(true)),
            R"j({"name":"c","type":"timestamp(6) with time zone","typeSignature":{"rawType":"timestamp with time zone","arguments":[{"kind":"LONG","value":6}]}})j");
  SqlType map{SqlTypeKind::kMap};
  map.children = {SqlType::Varchar(), SqlType::Of(SqlTypeKind::kBigint)};
  SqlType array{SqlTypeKind::kArray};
  array.children = {map};
  EXPECT_EQ(Signature(array),
            R"j({"name":"c","type":"array(map(varchar,bigint))","typeSignature":{"rawType":"array","arguments":[{"kind":"TYPE","value":{"rawType":"map","arguments":[{"kind":"TYPE","value":{"rawType":"varchar","arguments":[{"kind":"LONG","value":2147483647}]}},{"kind":"TYPE","value":{"rawType":"bigint","arguments":[]}}]}}]}})j");
  SqlType row{SqlTypeKind::kRow};
  row.children = {SqlType::Of(SqlTypeKind::kInteger)};
  row.field_names = {"a"};
  EXPECT_EQ(Signature(row),
            R"j({"name":"c","type":"row(a integer)","typeSignature":{"rawType":"row","arguments":[{"kind":"NAMED_TYPE","value":{"fieldName":{"name":"a"},"typeSignature":{"rawType":"integer","arguments":[]}}}]}})j");
}

TEST(TrinoErrorEncoding, ErrorWithLocation) {
  Status status = sql::MakeError(sql::error_codes::kTableNotFound, sql::NodeLocation{2, 15},
                                 "Table 'iceberg.s.missing' does not exist");
  json::JsonWriter writer;
  WriteError(writer, status);
  EXPECT_EQ(writer.Take(),
            R"j({"message":"line 2:15: Table 'iceberg.s.missing' does not exist","errorCode":46,"errorName":"TABLE_NOT_FOUND","errorType":"USER_ERROR","errorLocation":{"lineNumber":2,"columnNumber":15},"failureInfo":{"type":"io.trino.spi.TrinoException","message":"line 2:15: Table 'iceberg.s.missing' does not exist","suppressed":[],"stack":[],"errorLocation":{"lineNumber":2,"columnNumber":15}}})j");
}

TEST(TrinoErrorEncoding, ErrorsOfOtherLayers) {
  json::JsonWriter writer;
  WriteError(writer, IOError("disk on fire"));
  std::string text = writer.Take();
  EXPECT_NE(text.find(R"j("errorName":"GENERIC_INTERNAL_ERROR")j"), std::string::npos) << text;
  EXPECT_NE(text.find(R"j("errorType":"INTERNAL_ERROR")j"), std::string::npos) << text;
  EXPECT_EQ(text.find("errorLocation"), std::string::npos) << text;
}

}  // namespace
}  // namespace floe::trino
