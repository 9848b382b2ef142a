// Nested values (value.h) and nested expressions (nested_functions.h) below
// the SQL layer: vector layout round trips, gathers, ordering and hashing,
// rendering, and the functions' NULL and error semantics.
#include "floe/engine/nested_functions.h"

#include <gtest/gtest.h>

#include "floe/engine/operator_internal.h"

#include "floe/sql/error.h"

namespace floe::engine {
namespace {

SqlType Integer() { return SqlType::Of(SqlTypeKind::kInteger); }

SqlType ArrayOf(SqlType element) {
  SqlType type = SqlType::Of(SqlTypeKind::kArray);
  type.children.push_back(std::move(element));
  return type;
}

SqlType MapOf(SqlType key, SqlType value) {
  SqlType type = SqlType::Of(SqlTypeKind::kMap);
  type.children = {std::move(key), std::move(value)};
  return type;
}

SqlType RowOf(std::vector<std::pair<std::string, SqlType>> fields) {
  SqlType type = SqlType::Of(SqlTypeKind::kRow);
  for (auto& [name, child] : fields) {
    type.field_names.push_back(name);
    type.children.push_back(child);
  }
  return type;
}

Value Ints(std::vector<int64_t> values) {
  Elements elements;
  for (int64_t v : values) elements.push_back(Value::Integer(v));
  return Value::Nested(std::move(elements));
}

TEST(NestedValueTest, VectorRoundTripKeepsNullsAndEmptyValues) {
  SqlType type = ArrayOf(RowOf({{"k", SqlType::Varchar()}, {"v", MapOf(Integer(), ArrayOf(Integer()))}}));
  std::vector<Value> values = {
      Value::Nested({Value::Nested({Value::String("a"), Value::Nested({Value::Integer(1), Ints({1, 2})})}),
                     Value::Null(), Value::Nested({Value::Null(), Value::Nested({})})}),
      Value::Null(),
      Value::Nested({}),
  };
  auto vector = VectorOfValues(type, values);
  ASSERT_EQ(vector->length, 3);
  EXPECT_EQ(vector->null_count, 1);
  for (size_t i = 0; i < values.size(); ++i) EXPECT_EQ(ReadValue(*vector, static_cast<int64_t>(i), type), values[i]) << i;
  EXPECT_EQ(FormatValue(values[0], type), "[{k=a, v={1=[1, 2]}}, NULL, {k=NULL, v={}}]");
}

TEST(NestedValueTest, BuilderAndGatherOfNestedRows) {
  SqlType type = ArrayOf(Integer());
  VectorBuilder builder(type, 4);
  builder.SetValue(0, Ints({1}));
  builder.SetValue(2, Ints({2, 3}));
  builder.SetValue(3, Ints({}));
  auto vector = builder.Finish();
  EXPECT_TRUE(vector->IsNull(1));
  auto gathered = GatherRows(*vector, type, {3, 2, 2});
  ASSERT_TRUE(gathered.ok()) << gathered.status().ToString();
  EXPECT_EQ(ReadValue(**gathered, 0, type), Ints({}));
  EXPECT_EQ(ReadValue(**gathered, 1, type), Ints({2, 3}));
  EXPECT_EQ(ReadValue(**gathered, 2, type), Ints({2, 3}));
}

TEST(NestedValueTest, OrderingAndKeys) {
  EXPECT_TRUE(CompareValues(Ints({1, 2}), Ints({1, 3})) < 0);
  EXPECT_TRUE(CompareValues(Ints({1}), Ints({1, 0})) < 0);
  EXPECT_TRUE(CompareValues(Ints({4, 5}), Ints({4, 5})) == 0);
  std::string a, b, c;
  AppendValueKey(&a, Ints({1, 23}));
  AppendValueKey(&b, Ints({12, 3}));
  AppendValueKey(&c, Ints({1, 23}));
  EXPECT_NE(a, b);
  EXPECT_EQ(a, c);
}

// Evaluates `name(arguments)` over one row of constants.
Result<Value> Call(const std::string& name, std::vector<BoundExpressionPtr> arguments) {
  FLOE_ASSIGN_OR_RETURN(auto call, ResolveScalarFunction(name, std::move(arguments), sql::NodeLocation{1, 8}));
  return EvaluateConstant(*call, EvaluationContext{});
}

TEST(NestedFunctionTest, SubscriptAndElementAt) {
  auto array = MakeConstant(Ints({10, 20, 30}), ArrayOf(Integer()));
  auto index = [](int64_t i) { return MakeConstant(Value::Integer(i), SqlType::Of(SqlTypeKind::kBigint)); };
  EXPECT_EQ(*Call("$subscript", {array, index(2)}), Value::Integer(20));
  EXPECT_EQ(*Call("element_at", {array, index(-1)}), Value::Integer(30));
  EXPECT_TRUE(Call("element_at", {array, index(4)})->is_null());
  auto beyond = Call("$subscript", {array, index(4)});
  ASSERT_FALSE(beyond.ok());
  EXPECT_EQ(beyond.status().code(), sql::error_codes::kInvalidFunctionArgument.name);
  EXPECT_NE(beyond.status().message().find("Array subscript must be less than or equal to array length: 4 > 3"), std::string::npos);
  EXPECT_FALSE(Call("element_at", {array, index(0)}).ok());
}

TEST(NestedFunctionTest, MapConstructionAndLookup) {
  auto keys = MakeConstant(Value::Nested({Value::String("a"), Value::String("b")}), ArrayOf(SqlType::Varchar()));
  auto values = MakeConstant(Ints({1, 2}), ArrayOf(Integer()));
  auto map = Call("map", {keys, values});
  ASSERT_TRUE(map.ok()) << map.status().ToString();
  SqlType map_type = MapOf(SqlType::Varchar(), Integer());
  EXPECT_EQ(FormatValue(*map, map_type), "{a=1, b=2}");
  auto bound = MakeConstant(*map, map_type);
  EXPECT_EQ(*Call("cardinality", {bound}), Value::Integer(2));
  EXPECT_EQ(*Call("$subscript", {bound, MakeConstant(Value::String("b"), SqlType::Varchar())}), Value::Integer(2));
  EXPECT_TRUE(Call("element_at", {bound, MakeConstant(Value::String("z"), SqlType::Varchar())})->is_null());
  auto duplicate = Call("map", {MakeConstant(Value::Nested({Value::String("a"), Value::String("a")}), ArrayOf(SqlType::Varchar())), values});
  EXPECT_FALSE(duplicate.ok());
  auto lengths = Call("map", {keys, MakeConstant(Ints({1}), ArrayOf(Integer()))});
  EXPECT_FALSE(lengths.ok());
}

TEST(NestedFunctionTest, ContainsFollowsTrinoNulls) {
  auto with_null = MakeConstant(Value::Nested({Value::Integer(1), Value::Null()}), ArrayOf(Integer()));
  EXPECT_EQ(*Call("contains", {with_null, MakeConstant(Value::Integer(1), Integer())}), Value::Boolean(true));
  EXPECT_TRUE(Call("contains", {with_null, MakeConstant(Value::Integer(2), Integer())})->is_null());
}

TEST(NestedFunctionTest, FieldAccessByName) {
  SqlType type = RowOf({{"x", Integer()}, {"Name", SqlType::Varchar()}});
  auto row = MakeConstant(Value::Nested({Value::Integer(3), Value::String("n")}), type);
  auto field = ResolveFieldAccess(row, "name", {});
  ASSERT_TRUE(field.ok());
  EXPECT_EQ(*EvaluateConstant(**field, EvaluationContext{}), Value::String("n"));
  auto missing = ResolveFieldAccess(row, "z", {});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), sql::error_codes::kColumnNotFound.name);
  EXPECT_FALSE(ResolveFieldAccess(MakeConstant(Value::Integer(1), Integer()), "x", {}).ok());
}

// Struct fields of a file's column are matched to the table's by field id:
// the file has fields 2 (a) and 3 (dropped since), the table 4 (added) and 2.
TEST(NestedColumnsTest, StructFieldsAlignByFieldId) {
  SqlType file_type = RowOf({{"a", Integer()}, {"gone", SqlType::Varchar()}});
  auto vector = VectorOfValues(file_type, {Value::Nested({Value::Integer(7), Value::String("x")}), Value::Null()});
  vector->type.children[0].field_id = 2;
  vector->type.children[1].field_id = 3;
  auto table_type = std::make_shared<iceberg::StructType>(std::vector<iceberg::NestedField>{
      {4, "added", iceberg::PrimitiveType::Get(iceberg::TypeId::kLong)},
      {2, "a", iceberg::PrimitiveType::Get(iceberg::TypeId::kInt)}});
  auto aligned = detail::AlignNestedFields(vector, *table_type);
  SqlType expected = RowOf({{"added", SqlType::Of(SqlTypeKind::kBigint)}, {"a", Integer()}});
  EXPECT_EQ(ReadValue(*aligned, 0, expected), Value::Nested({Value::Null(), Value::Integer(7)}));
  EXPECT_TRUE(ReadValue(*aligned, 1, expected).is_null());
  // An aligned column is returned as is.
  auto same = detail::AlignNestedFields(aligned, *table_type);
  EXPECT_EQ(same.get(), aligned.get());
}

}  // namespace
}  // namespace floe::engine
