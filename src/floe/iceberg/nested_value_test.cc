// NestedValue JSON single-value serialization: spec vectors §6 for struct,
// list and map, round trips of nested combinations, and malformed input.
#include "floe/iceberg/nested_value.h"

#include <gtest/gtest.h>

#include "floe/iceberg/types.h"

namespace floe::iceberg {
namespace {

TypePtr Primitive(TypeId id) { return PrimitiveType::Get(id); }

NestedField Field(int32_t id, std::string name, TypePtr type, bool required = false) {
  NestedField field;
  field.id = id;
  field.name = std::move(name);
  field.type = std::move(type);
  field.required = required;
  return field;
}

TypePtr Struct(std::vector<NestedField> fields) { return std::make_shared<StructType>(std::move(fields)); }
TypePtr List(TypePtr element, bool required = false) {
  return std::make_shared<ListType>(Field(100, "element", std::move(element), required));
}
TypePtr Map(TypePtr key, TypePtr value, bool value_required = false) {
  return std::make_shared<MapType>(Field(200, "key", std::move(key), true),
                                   Field(201, "value", std::move(value), value_required));
}

NestedValue Int(int32_t value) { return Literal(value); }
NestedValue String(std::string value) { return Literal(std::move(value)); }

std::string Write(const Type& type, const NestedValue& value) {
  auto text = NestedValueToJsonText(type, value);
  return text.ok() ? *text : "error: " + text.status().ToString();
}

NestedValue Read(const Type& type, std::string_view text) {
  auto value = NestedValueFromJsonText(type, text);
  EXPECT_TRUE(value.ok()) << text << ": " << value.status().ToString();
  return value.ok() ? *value : NestedValue();
}

// --- §6 vectors -----------------------------------------------------------------

TEST(NestedValue, SpecVectorStruct) {
  TypePtr type = Struct({Field(1, "id", Primitive(TypeId::kInt)), Field(2, "data", Primitive(TypeId::kString))});
  NestedValue expected = NestedValue::Struct({Int(1), String("bar")});
  EXPECT_EQ(Read(*type, R"({"1": 1, "2": "bar"})"), expected);
  EXPECT_EQ(Write(*type, expected), R"({"1":1,"2":"bar"})");
}

TEST(NestedValue, SpecVectorList) {
  TypePtr type = List(Primitive(TypeId::kInt));
  NestedValue expected = NestedValue::List({Int(1), Int(2), Int(3)});
  EXPECT_EQ(Read(*type, "[1, 2, 3]"), expected);
  EXPECT_EQ(Write(*type, expected), "[1,2,3]");
}

TEST(NestedValue, SpecVectorMap) {
  TypePtr type = Map(Primitive(TypeId::kString), Primitive(TypeId::kInt));
  NestedValue expected = NestedValue::Map({String("a"), String("b")}, {Int(1), Int(2)});
  EXPECT_EQ(Read(*type, R"({ "keys": ["a", "b"], "values": [1, 2] })"), expected);
  EXPECT_EQ(Write(*type, expected), R"({"keys":["a","b"],"values":[1,2]})");
}

// --- Nulls and absent fields ------------------------------------------------------

TEST(NestedValue, NullsAndAbsentFields) {
  TypePtr type = Struct({Field(1, "a", Primitive(TypeId::kInt)), Field(2, "b", Primitive(TypeId::kString))});
  EXPECT_EQ(Read(*type, R"({"2": "x"})"), NestedValue::Struct({NestedValue(), String("x")}));
  EXPECT_EQ(Read(*type, R"({"1": null, "2": "x"})"), NestedValue::Struct({NestedValue(), String("x")}));
  EXPECT_EQ(Read(*type, "{}"), NestedValue::Struct({NestedValue(), NestedValue()}));
  EXPECT_EQ(Write(*type, NestedValue::Struct({NestedValue(), String("x")})), R"({"2":"x"})");
  EXPECT_TRUE(Read(*type, "null").is_null());
  EXPECT_EQ(Write(*type, NestedValue()), "null");

  TypePtr list = List(Primitive(TypeId::kLong));
  EXPECT_EQ(Read(*list, "[1, null]"), NestedValue::List({Literal(int64_t{1}), NestedValue()}));
  EXPECT_EQ(Write(*list, NestedValue::List({})), "[]");
}

// --- Round trips of nested combinations --------------------------------------------

TEST(NestedValue, RoundTripsNestedCombinations) {
  TypePtr point = Struct({Field(10, "x", Primitive(TypeId::kDouble), true), Field(11, "y", Primitive(TypeId::kDouble))});
  TypePtr type = Struct({
      Field(1, "id", Primitive(TypeId::kLong), true),
      Field(2, "points", List(point)),
      Field(3, "tags", Map(Primitive(TypeId::kString), List(Primitive(TypeId::kDate)))),
      Field(4, "nested", Map(Struct({Field(20, "k", Primitive(TypeId::kInt))}), Map(Primitive(TypeId::kInt), point))),
      Field(5, "amount", PrimitiveType::Decimal(9, 2)),
      Field(6, "shape", Primitive(TypeId::kGeometry)),
      Field(7, "matrix", List(List(Primitive(TypeId::kFloat), true), true)),
  });
  const char* text =
      R"json({"1":7,"2":[{"10":1.5,"11":-2.0},{"10":0.0},null],)json"
      R"json("3":{"keys":["a","b"],"values":[["2017-11-16"],[]]},)json"
      R"json("4":{"keys":[{"20":1},{}],"values":[{"keys":[5],"values":[{"10":3.0,"11":4.0}]},{"keys":[],"values":[]}]},)json"
      R"json("5":"14.20","6":"POINT (30 10)","7":[[1.0,2.5],[]]})json";
  NestedValue value = Read(*type, text);
  EXPECT_EQ(Write(*type, value), text);
  EXPECT_EQ(Read(*type, Write(*type, value)), value);

  const StructValue* top = value.struct_value();
  ASSERT_NE(top, nullptr);
  ASSERT_EQ(top->fields.size(), 7u);
  EXPECT_EQ(top->fields[0], NestedValue(Literal(int64_t{7})));
  ASSERT_NE(top->fields[1].list_value(), nullptr);
  EXPECT_EQ(top->fields[1].list_value()->elements.size(), 3u);
  EXPECT_TRUE(top->fields[1].list_value()->elements[2].is_null());
  EXPECT_EQ(top->fields[4], NestedValue(Literal(Decimal{1420})));
}

// --- Errors ------------------------------------------------------------------------

TEST(NestedValue, RejectsMalformedJson) {
  TypePtr record = Struct({Field(1, "a", Primitive(TypeId::kInt), true), Field(2, "b", Primitive(TypeId::kString))});
  TypePtr list = List(Primitive(TypeId::kInt), true);
  TypePtr map = Map(Primitive(TypeId::kString), Primitive(TypeId::kInt));
  struct Case {
    TypePtr type;
    const char* text;
  };
  const Case cases[] = {
      {record, R"({"1": 1, "3": "x"})"},       // unknown field id
      {record, R"({"1": 1, "a": "x"})"},       // not a field id
      {record, R"({"1": 1, "1": 2})"},         // duplicate
      {record, R"({"2": "x"})"},               // required field absent
      {record, R"({"1": "one"})"},             // wrong primitive
      {record, "[1, 2]"},                      // not an object
      {record, R"({"1": 1)"},                  // malformed JSON
      {list, R"({"1": 1})"},                   // not an array
      {list, "[1, null]"},                     // required element null
      {list, "[1, 2.5]"},                      // wrong element
      {map, R"({"keys": ["a"], "values": [1, 2]})"},   // unequal lengths
      {map, R"({"keys": ["a"]})"},                     // values missing
      {map, R"({"keys": "a", "values": 1})"},          // not arrays
      {map, R"({"keys": [null], "values": [1]})"},     // null key
      {map, R"({"keys": [], "values": [], "x": 1})"},  // unknown member
      {map, "[]"},                                     // not an object
  };
  for (const Case& c : cases) {
    auto value = NestedValueFromJsonText(*c.type, c.text);
    ASSERT_FALSE(value.ok()) << c.text;
    EXPECT_EQ(value.status().kind(), ErrorKind::kInvalidData) << c.text;
    EXPECT_EQ(value.status().message().find('\n'), std::string::npos) << value.status().message();
  }
}

TEST(NestedValue, RejectsValuesThatDoNotMatchTheType) {
  TypePtr record = Struct({Field(1, "a", Primitive(TypeId::kInt), true)});
  TypePtr map = Map(Primitive(TypeId::kString), Primitive(TypeId::kInt));
  EXPECT_FALSE(NestedValueToJsonText(*record, Int(1)).ok());                              // not a struct
  EXPECT_FALSE(NestedValueToJsonText(*record, NestedValue::Struct({})).ok());             // field count
  EXPECT_FALSE(NestedValueToJsonText(*record, NestedValue::Struct({NestedValue()})).ok());  // required null
  EXPECT_FALSE(NestedValueToJsonText(*record, NestedValue::Struct({String("x")})).ok());  // wrong literal
  EXPECT_FALSE(NestedValueToJsonText(*map, NestedValue::Map({String("a")}, {})).ok());    // unequal lengths
  EXPECT_FALSE(NestedValueToJsonText(*map, NestedValue::Map({NestedValue()}, {Int(1)})).ok());  // null key
  EXPECT_FALSE(NestedValueToJsonText(*Primitive(TypeId::kInt), NestedValue::List({})).ok());
  auto error = NestedValueToJsonText(*map, NestedValue::List({}));
  ASSERT_FALSE(error.ok());
  EXPECT_EQ(error.status().kind(), ErrorKind::kInvalidData);
}

}  // namespace
}  // namespace floe::iceberg
