#include "floe/engine/group_table.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "floe/engine/value.h"

namespace floe::engine {
namespace {

using columnar::Vector;
using VectorPtr = std::shared_ptr<Vector>;

VectorPtr Build(const SqlType& type, const std::vector<Value>& values) {
  VectorBuilder builder(type, static_cast<int64_t>(values.size()));
  for (size_t i = 0; i < values.size(); ++i) {
    if (!values[i].is_null()) builder.SetValue(static_cast<int64_t>(i), values[i]);
  }
  return builder.Finish();
}

std::vector<uint32_t> AllRows(size_t n) {
  std::vector<uint32_t> rows(n);
  for (size_t i = 0; i < n; ++i) rows[i] = static_cast<uint32_t>(i);
  return rows;
}

const SqlType kBigint = SqlType::Of(SqlTypeKind::kBigint);
const SqlType kInteger = SqlType::Of(SqlTypeKind::kInteger);
const SqlType kDouble = SqlType::Of(SqlTypeKind::kDouble);
const SqlType kVarchar = SqlType::Of(SqlTypeKind::kVarchar);

TEST(GroupTableTest, NullKeysGroupTogetherOrNeverMatch) {
  auto table = GroupTable::Make({kBigint});
  ASSERT_TRUE(table.ok());
  auto keys = Build(kBigint, {Value::Integer(1), Value::Null(), Value::Integer(1), Value::Null()});
  std::vector<uint32_t> groups;
  (*table)->FindOrInsert({keys.get()}, AllRows(4), true, &groups);
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, 1, 0, 1}));
  EXPECT_EQ((*table)->size(), 2u);

  // Join semantics: NULL keys get no group and add none.
  auto join = GroupTable::Make({kBigint});
  ASSERT_TRUE(join.ok());
  (*join)->FindOrInsert({keys.get()}, AllRows(4), false, &groups);
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, GroupTable::kNoGroup, 0, GroupTable::kNoGroup}));
  EXPECT_EQ((*join)->size(), 1u);
  (*join)->Find({keys.get()}, AllRows(4), false, &groups);
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, GroupTable::kNoGroup, 0, GroupTable::kNoGroup}));
}

TEST(GroupTableTest, ManyGroupsKeepDenseIdsAcrossGrowth) {
  auto table = GroupTable::Make({kBigint});
  ASSERT_TRUE(table.ok());
  constexpr int kGroups = 200000;
  std::vector<Value> values;
  for (int i = 0; i < kGroups; ++i) values.push_back(Value::Integer(static_cast<int64_t>(i) * 7919 - 100000));
  auto keys = Build(kBigint, values);
  std::vector<uint32_t> groups;
  (*table)->FindOrInsert({keys.get()}, AllRows(kGroups), true, &groups);
  ASSERT_EQ((*table)->size(), static_cast<size_t>(kGroups));
  for (int i = 0; i < kGroups; ++i) ASSERT_EQ(groups[i], static_cast<uint32_t>(i));
  // Looked up again (reversed rows), every key finds its group.
  std::vector<uint32_t> rows = AllRows(kGroups);
  std::reverse(rows.begin(), rows.end());
  (*table)->Find({keys.get()}, rows, true, &groups);
  for (int i = 0; i < kGroups; ++i) ASSERT_EQ(groups[i], static_cast<uint32_t>(kGroups - 1 - i));
  EXPECT_GT((*table)->memory_bytes(), int64_t{kGroups} * 16);
  // The key columns come back as they went in.
  auto columns = (*table)->KeyColumns(kGroups - 3, kGroups);
  ASSERT_EQ(columns.size(), 1u);
  EXPECT_EQ(ReadValue(*columns[0], 2, kBigint), values[kGroups - 1]);
}

TEST(GroupTableTest, CollidingHashesStillSeparateKeys) {
  auto collide = [](const uint8_t*, size_t) -> uint64_t { return 42; };
  auto table = GroupTable::Make({kVarchar, kBigint}, collide);
  ASSERT_TRUE(table.ok());
  std::vector<Value> names, numbers;
  for (int i = 0; i < 300; ++i) {
    names.push_back(Value::String(i % 2 ? "odd" : "even"));
    numbers.push_back(Value::Integer(i % 30));
  }
  auto name_keys = Build(kVarchar, names);
  auto number_keys = Build(kBigint, numbers);
  std::vector<uint32_t> groups;
  (*table)->FindOrInsert({name_keys.get(), number_keys.get()}, AllRows(300), true, &groups);
  // (i % 2, i % 30): i % 30 determines i % 2, so 30 groups.
  EXPECT_EQ((*table)->size(), 30u);
  for (int i = 0; i < 300; ++i) EXPECT_EQ(groups[i], groups[i % 30]);
  auto columns = (*table)->KeyColumns(0, 30);
  EXPECT_EQ(ReadValue(*columns[0], 3, kVarchar), Value::String("odd"));
  EXPECT_EQ(ReadValue(*columns[1], 3, kBigint), Value::Integer(3));
}

TEST(GroupTableTest, EqualValuesOfDifferentWidthsAndFloatingPointEdgeCases) {
  // An integer key probes a bigint table (a join's sides).
  auto table = GroupTable::Make({kBigint});
  ASSERT_TRUE(table.ok());
  auto build = Build(kBigint, {Value::Integer(5), Value::Integer(-1)});
  std::vector<uint32_t> groups;
  (*table)->FindOrInsert({build.get()}, AllRows(2), false, &groups);
  auto probe = Build(kInteger, {Value::Integer(-1), Value::Integer(7), Value::Integer(5)});
  (*table)->Find({probe.get()}, AllRows(3), false, &groups);
  EXPECT_EQ(groups, (std::vector<uint32_t>{1, GroupTable::kNoGroup, 0}));

  // -0.0 groups with 0.0; every NaN is one value.
  auto doubles = GroupTable::Make({kDouble});
  ASSERT_TRUE(doubles.ok());
  double nan = std::numeric_limits<double>::quiet_NaN();
  auto keys = Build(kDouble, {Value::Double(0.0), Value::Double(-0.0), Value::Double(nan), Value::Double(-nan)});
  (*doubles)->FindOrInsert({keys.get()}, AllRows(4), true, &groups);
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, 0, 1, 1}));
}

TEST(GroupTableTest, EmptyStringsAndNullsAreDifferentKeys) {
  auto table = GroupTable::Make({kVarchar});
  ASSERT_TRUE(table.ok());
  auto keys = Build(kVarchar, {Value::String(""), Value::Null(), Value::String(""), Value::String("a")});
  std::vector<uint32_t> groups;
  (*table)->FindOrInsert({keys.get()}, AllRows(4), true, &groups);
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, 1, 0, 2}));
  auto columns = (*table)->KeyColumns(0, 3);
  EXPECT_EQ(ReadValue(*columns[0], 0, kVarchar), Value::String(""));
  EXPECT_TRUE(ReadValue(*columns[0], 1, kVarchar).is_null());
}

TEST(GroupTableTest, NoKeyColumnsIsOneGroup) {
  auto table = GroupTable::Make({});
  ASSERT_TRUE(table.ok());
  std::vector<uint32_t> groups;
  (*table)->FindOrInsert({}, AllRows(5), false, &groups);
  EXPECT_EQ(groups, (std::vector<uint32_t>(5, 0)));
  EXPECT_EQ((*table)->size(), 1u);
}

TEST(GroupTableTest, ArrayKeysGroupByValueAndDecodeBack) {
  SqlType array = SqlType::Of(SqlTypeKind::kArray);
  array.children.push_back(kBigint);
  auto table = GroupTable::Make({array, kVarchar});
  ASSERT_TRUE(table.ok());
  Value one_two = Value::Nested({Value::Integer(1), Value::Integer(2)});
  Value empty = Value::Nested({});
  Value with_null = Value::Nested({Value::Integer(1), Value::Null()});
  auto arrays = Build(array, {one_two, empty, one_two, with_null, Value::Null(), empty});
  auto names = Build(kVarchar, {Value::String("a"), Value::String("a"), Value::String("a"), Value::String("a"),
                                Value::String("a"), Value::String("b")});
  std::vector<uint32_t> groups;
  (*table)->FindOrInsert({arrays.get(), names.get()}, AllRows(6), true, &groups);
  EXPECT_EQ(groups, (std::vector<uint32_t>{0, 1, 0, 2, 3, 4}));
  auto keys = (*table)->KeyColumns(0, (*table)->size());
  ASSERT_EQ(keys.size(), 2u);
  ASSERT_EQ(keys[0]->length, 5);
  EXPECT_TRUE(ReadValue(*keys[0], 0, array) == one_two);
  EXPECT_TRUE(ReadValue(*keys[0], 1, array) == empty);
  EXPECT_TRUE(ReadValue(*keys[0], 2, array) == with_null);
  EXPECT_TRUE(ReadValue(*keys[0], 3, array).is_null());
  EXPECT_TRUE(ReadValue(*keys[1], 4, kVarchar) == Value::String("b"));
}

}  // namespace
}  // namespace floe::engine
