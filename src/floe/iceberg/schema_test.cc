// Schemas: indexes by id and dotted name (nested structs, list elements, map
// keys/values), case-insensitive lookup, parents, identifier fields, equality;
// name mappings.
#include "floe/iceberg/schema.h"

#include <gtest/gtest.h>

namespace floe::iceberg {
namespace {

NestedField Field(int32_t id, std::string name, TypePtr type, bool required = false) {
  NestedField field;
  field.id = id;
  field.name = std::move(name);
  field.type = std::move(type);
  field.required = required;
  return field;
}

TypePtr Primitive(TypeId id) { return PrimitiveType::Get(id); }

TypePtr Struct(std::vector<NestedField> fields) { return std::make_shared<StructType>(std::move(fields)); }

// 1: id long (required)
// 2: location struct<3: lat double, 4: long double>
// 5: points list<6: element struct<7: x int, 8: y int>>
// 9: props map<10: key string, 11: value string>
// 12: tags list<13: element string>
// 14: Mixed_Case string
// 15: measures map<16: key string, 17: value struct<18: min double>>
SchemaPtr SampleSchema(std::vector<int32_t> identifier_field_ids = {}) {
  auto schema = Schema::Make(
      7,
      {Field(1, "id", Primitive(TypeId::kLong), true),
       Field(2, "location", Struct({Field(3, "lat", Primitive(TypeId::kDouble)),
                                    Field(4, "long", Primitive(TypeId::kDouble))})),
       Field(5, "points",
             std::make_shared<ListType>(Field(6, "element",
                                              Struct({Field(7, "x", Primitive(TypeId::kInt), true),
                                                      Field(8, "y", Primitive(TypeId::kInt))}),
                                              true))),
       Field(9, "props",
             std::make_shared<MapType>(Field(10, "key", Primitive(TypeId::kString), true),
                                       Field(11, "value", Primitive(TypeId::kString)))),
       Field(12, "tags", std::make_shared<ListType>(Field(13, "element", Primitive(TypeId::kString)))),
       Field(14, "Mixed_Case", Primitive(TypeId::kString)),
       Field(15, "measures",
             std::make_shared<MapType>(Field(16, "key", Primitive(TypeId::kString), true),
                                       Field(17, "value", Struct({Field(18, "min", Primitive(TypeId::kDouble))}))))},
      std::move(identifier_field_ids));
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return *schema;
}

TEST(SchemaTest, IndexesEveryFieldById) {
  SchemaPtr schema = SampleSchema();
  EXPECT_EQ(schema->schema_id(), 7);
  EXPECT_EQ(schema->fields().size(), 7u);
  EXPECT_EQ(schema->HighestFieldId(), 18);
  for (int32_t id = 1; id <= 18; ++id) {
    const NestedField* field = schema->FindField(id);
    ASSERT_NE(field, nullptr) << id;
    EXPECT_EQ(field->id, id);
  }
  EXPECT_EQ(schema->FindField(19), nullptr);
  EXPECT_EQ(schema->FindField(3)->name, "lat");
}

TEST(SchemaTest, DottedNames) {
  SchemaPtr schema = SampleSchema();
  const std::vector<std::pair<std::string, int32_t>> names = {
      {"id", 1},           {"location", 2},        {"location.lat", 3},    {"location.long", 4},
      {"points", 5},       {"points.element", 6},  {"points.element.x", 7}, {"points.element.y", 8},
      {"props", 9},        {"props.key", 10},      {"props.value", 11},    {"tags", 12},
      {"tags.element", 13}, {"Mixed_Case", 14},    {"measures.key", 16},   {"measures.value", 17},
      {"measures.value.min", 18}};
  for (const auto& [name, id] : names) {
    const NestedField* field = schema->FindField(name);
    ASSERT_NE(field, nullptr) << name;
    EXPECT_EQ(field->id, id) << name;
    EXPECT_EQ(schema->FindColumnName(id), name);
  }
  // Short names for fields of struct list elements and struct map values, as the reference implementation.
  EXPECT_EQ(schema->FindField("points.x")->id, 7);
  EXPECT_EQ(schema->FindField("measures.min")->id, 18);
  EXPECT_EQ(schema->FindField("location.missing"), nullptr);
  EXPECT_EQ(schema->FindField("lat"), nullptr);
  EXPECT_EQ(schema->FindColumnName(99), "");
}

TEST(SchemaTest, CaseInsensitiveLookup) {
  SchemaPtr schema = SampleSchema();
  EXPECT_EQ(schema->FindField("mixed_case"), nullptr);
  EXPECT_EQ(schema->FindField("mixed_case", /*case_sensitive=*/false)->id, 14);
  EXPECT_EQ(schema->FindField("LOCATION.LAT", false)->id, 3);
  EXPECT_EQ(schema->FindField("Points.Element.X", false)->id, 7);
  EXPECT_EQ(schema->FindField("nope", false), nullptr);
}

TEST(SchemaTest, Parents) {
  SchemaPtr schema = SampleSchema();
  EXPECT_EQ(schema->ParentOf(1), std::nullopt);
  EXPECT_EQ(schema->ParentOf(3), 2);
  EXPECT_EQ(schema->ParentOf(6), 5);
  EXPECT_EQ(schema->ParentOf(7), 6);
  EXPECT_EQ(schema->ParentOf(10), 9);
  EXPECT_EQ(schema->ParentOf(11), 9);
  EXPECT_EQ(schema->ParentOf(18), 17);
  EXPECT_EQ(schema->ParentOf(99), std::nullopt);
}

TEST(SchemaTest, RejectsDuplicates) {
  auto duplicate_id = Schema::Make(0, {Field(1, "a", Primitive(TypeId::kInt)),
                                       Field(2, "b", Struct({Field(1, "c", Primitive(TypeId::kInt))}))});
  ASSERT_FALSE(duplicate_id.ok());
  EXPECT_EQ(duplicate_id.status().kind(), ErrorKind::kInvalidData);
  EXPECT_NE(duplicate_id.status().message().find("multiple fields for id 1"), std::string::npos);

  auto duplicate_name = Schema::Make(0, {Field(1, "a", Primitive(TypeId::kInt)), Field(2, "a", Primitive(TypeId::kLong))});
  ASSERT_FALSE(duplicate_name.ok());
  EXPECT_EQ(duplicate_name.status().message(), "Invalid schema: multiple fields for name a: 1 and 2");

  // Same name in different structs is fine; names differing only by case are too.
  EXPECT_TRUE(Schema::Make(0, {Field(1, "a", Struct({Field(2, "a", Primitive(TypeId::kInt))})),
                               Field(3, "A", Primitive(TypeId::kInt))})
                  .ok());
}

TEST(SchemaTest, EmptySchema) {
  auto schema = Schema::Make(0, {});
  ASSERT_TRUE(schema.ok());
  EXPECT_EQ((*schema)->HighestFieldId(), 0);
  EXPECT_EQ((*schema)->FindField(1), nullptr);
}

TEST(SchemaTest, IdentifierFields) {
  SchemaPtr schema = SampleSchema({1});
  EXPECT_EQ(schema->identifier_field_ids(), std::vector<int32_t>{1});

  auto error = [](std::vector<NestedField> fields, int32_t id) {
    auto schema = Schema::Make(0, std::move(fields), {id});
    EXPECT_FALSE(schema.ok());
    return schema.ok() ? std::string() : schema.status().message();
  };
  EXPECT_EQ(error({Field(1, "a", Primitive(TypeId::kInt), true)}, 2),
            "Cannot add fieldId 2 as an identifier field: field does not exist");
  EXPECT_EQ(error({Field(1, "a", Primitive(TypeId::kInt))}, 1),
            "Cannot add field a as an identifier field: not a required field");
  EXPECT_EQ(error({Field(1, "a", Primitive(TypeId::kDouble), true)}, 1),
            "Cannot add field a as an identifier field: must not be float or double field");
  EXPECT_EQ(error({Field(1, "s", Struct({Field(2, "a", Primitive(TypeId::kInt), true)}), true)}, 1),
            "Cannot add field s as an identifier field: not a primitive type field");
  EXPECT_EQ(error({Field(1, "s", Struct({Field(2, "a", Primitive(TypeId::kInt), true)}), false)}, 2),
            "Cannot add field a as an identifier field: must not be nested in an optional field s");
  EXPECT_EQ(error({Field(1, "l", std::make_shared<ListType>(Field(2, "element", Primitive(TypeId::kInt), true)), true)},
                  2),
            "Cannot add field element as an identifier field: must not be nested in 1: l: required list<int>");
  // Nested in required structs is allowed.
  EXPECT_TRUE(Schema::Make(0, {Field(1, "s", Struct({Field(2, "a", Primitive(TypeId::kInt), true)}), true)}, {2}).ok());
}

TEST(SchemaTest, SameSchemaIgnoresTheSchemaId) {
  SchemaPtr a = SampleSchema({1});
  auto b = Schema::Make(99, a->fields(), {1});
  ASSERT_TRUE(b.ok());
  EXPECT_TRUE(a->SameSchema(**b));
  EXPECT_FALSE(a->SameSchema(*SampleSchema()));  // identifier fields differ
  auto fewer = Schema::Make(7, {a->fields()[0]}, {1});
  EXPECT_FALSE(a->SameSchema(**fewer));
}

TEST(NameMappingTest, FindsIdsByNamePath) {
  NameMapping mapping;
  mapping.fields = {
      MappedField{1, {"id", "record_id"}, {}},
      MappedField{2, {"data"}, {}},
      MappedField{3, {"location"}, {MappedField{4, {"latitude", "lat"}, {}}, MappedField{5, {"longitude", "long"}, {}}}},
      MappedField{std::nullopt, {"extra"}, {}},
      MappedField{6, {"a.b"}, {}},
  };
  EXPECT_EQ(mapping.Find({"id"}), 1);
  EXPECT_EQ(mapping.Find({"record_id"}), 1);
  EXPECT_EQ(mapping.Find({"location", "lat"}), 4);
  EXPECT_EQ(mapping.Find({"location", "longitude"}), 5);
  EXPECT_EQ(mapping.Find({"location", "missing"}), std::nullopt);
  EXPECT_EQ(mapping.Find({"extra"}), std::nullopt);
  EXPECT_EQ(mapping.Find({"a.b"}), 6);  // a dot is part of the name
  EXPECT_EQ(mapping.Find({"a", "b"}), std::nullopt);
  EXPECT_EQ(mapping.Find({}), std::nullopt);
}

}  // namespace
}  // namespace floe::iceberg
