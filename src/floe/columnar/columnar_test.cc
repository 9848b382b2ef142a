#include <gtest/gtest.h>

#include "floe/columnar/vector.h"

namespace floe::columnar {
namespace {

TEST(BufferTest, GrowsAlignedAndKeepsContents) {
  Buffer buffer;
  for (int32_t i = 0; i < 1000; ++i) buffer.Push(i);
  EXPECT_EQ(buffer.size(), 4000u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer.data()) % Buffer::kAlignment, 0u);
  EXPECT_EQ(buffer.As<int32_t>()[999], 999);
  Buffer copy = buffer;
  EXPECT_EQ(copy.As<int32_t>()[500], 500);
}

TEST(VectorTest, PrimitivesWithNulls) {
  auto vector = Vector::Make(DataType::Primitive(TypeId::kInt64));
  vector->Append<int64_t>(1);
  vector->AppendNull();
  vector->Append<int64_t>(3);
  EXPECT_EQ(vector->length, 3);
  EXPECT_EQ(vector->null_count, 1);
  EXPECT_TRUE(vector->IsValid(0));
  EXPECT_TRUE(vector->IsNull(1));
  EXPECT_EQ(FormatValue(*vector, 2), "3");
  EXPECT_EQ(FormatValue(*vector, 1), "null");
}

TEST(VectorTest, StringsListsStructsMaps) {
  auto strings = Vector::Make(DataType::Primitive(TypeId::kString));
  strings->AppendBytes("a");
  strings->AppendNull();
  strings->AppendBytes("ccc");
  EXPECT_EQ(strings->BytesAt(2), "ccc");
  EXPECT_EQ(strings->BytesAt(1), "");

  auto list = Vector::Make(DataType::List(Field{"element", DataType::Primitive(TypeId::kInt32)}));
  list->children[0]->Append<int32_t>(1);
  list->children[0]->Append<int32_t>(2);
  list->FinishRow();
  list->AppendNull();
  list->FinishRow();
  EXPECT_EQ(FormatValue(*list, 0), "[1, 2]");
  EXPECT_EQ(FormatValue(*list, 1), "null");
  EXPECT_EQ(FormatValue(*list, 2), "[]");

  auto record = Vector::Make(DataType::Struct({Field{"a", DataType::Primitive(TypeId::kInt32)},
                                               Field{"b", DataType::Primitive(TypeId::kString)}}));
  record->children[0]->Append<int32_t>(7);
  record->children[1]->AppendBytes("x");
  record->FinishRow();
  record->AppendNull();
  EXPECT_EQ(FormatValue(*record, 0), "{a: 7, b: x}");
  EXPECT_EQ(FormatValue(*record, 1), "null");
  EXPECT_EQ(record->children[0]->length, 2);

  auto map = Vector::Make(DataType::Map(Field{"key", DataType::Primitive(TypeId::kString), false},
                                        Field{"value", DataType::Primitive(TypeId::kInt32)}));
  map->children[0]->AppendBytes("k");
  map->children[1]->Append<int32_t>(5);
  map->FinishRow();
  EXPECT_EQ(FormatValue(*map, 0), "{k: 5}");
}

TEST(VectorTest, DecimalAndDateFormatting) {
  auto decimals = Vector::Make(DataType::Decimal(10, 2));
  decimals->Append<__int128>(-1234);
  decimals->Append<__int128>(5);
  EXPECT_EQ(FormatValue(*decimals, 0), "-12.34");
  EXPECT_EQ(FormatValue(*decimals, 1), "0.05");
  auto dates = Vector::Make(DataType::Primitive(TypeId::kDate));
  dates->Append<int32_t>(19753);
  EXPECT_EQ(FormatValue(*dates, 0), "2024-01-31");
}

TEST(VectorTest, DictionaryDecodes) {
  auto dictionary = Vector::Make(DataType::Primitive(TypeId::kString));
  dictionary->AppendBytes("red");
  dictionary->AppendBytes("green");
  auto vector = Vector::Make(DataType::Primitive(TypeId::kString));
  vector->values.Clear();
  vector->dictionary = dictionary;
  for (int32_t index : {1, 0, 1}) vector->Append<int32_t>(index);
  EXPECT_EQ(FormatValue(*vector, 0), "green");
  auto plain = DecodeDictionary(*vector);
  EXPECT_EQ(plain->dictionary, nullptr);
  EXPECT_EQ(plain->BytesAt(2), "green");
  EXPECT_EQ(plain->BytesAt(1), "red");
}

TEST(VectorTest, CountSetBits) {
  Buffer bits;
  bits.ResizeZeroed(32);
  for (int i = 0; i < 256; i += 3) SetBit(bits.data(), i);
  EXPECT_EQ(CountSetBits(bits.data(), 0, 256), 86);
  EXPECT_EQ(CountSetBits(bits.data(), 1, 200), 66);
}

}  // namespace
}  // namespace floe::columnar
